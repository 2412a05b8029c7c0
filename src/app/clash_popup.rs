//! Every clash of the meetings just saved, listed whole: for each saved meeting that
//! clashes, who is expected elsewhere (or that the place is taken), at which other
//! meeting and when. Opened from the status line's `N střetů — K: zobrazit`; scrolled
//! with the arrows and PgUp/PgDn, closed with Esc.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::layer::{Cx, Flow, Layer, LayerName};
use crate::app::tabs::Names;
use crate::app::theme::Theme;
use crate::app::{Action, Keymap, Mode};
use crate::model::date::{format_date, format_time};
use crate::model::grammar::Counted;
use crate::model::overlap::Clash;
use crate::model::text::sanitize_line;
use crate::model::{Lang, Meeting, Person};
use crate::store::{Result, Store, StoreExt, clash};

/// Clashes counted.
const CLASHES: Counted = Counted::new(["střet", "střety", "střetů"], ["clash", "clashes"]);

/// One saved meeting and what it clashes with.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clashing {
    /// `„ŘS Soběslav“ 17. 12. 2018 15:00–17:00`.
    meeting: String,
    /// `Věra Kubátová má ve stejnou dobu i „PS Senioři a OZP“ 17. 12. 2018 16:00–18:00`.
    clashes: Vec<String>,
}

/// What a key did to the popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClashOutcome {
    Continue,
    Close,
}

/// The list of clashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashPopup {
    meetings: Vec<Clashing>,
    scroll: usize,
}

impl ClashPopup {
    /// The clashes of `saved` (each meeting as stored), read now; None when there are
    /// none. A failed read is an error.
    pub fn of(
        store: &dyn Store,
        names: &Names,
        saved: &[Meeting],
        lang: Lang,
    ) -> Result<Option<ClashPopup>> {
        let mut meetings = Vec::new();
        for m in saved {
            let found = clash::clashes(store, m)?;
            if found.is_empty() {
                continue;
            }
            let mut clashes = Vec::with_capacity(found.len());
            for c in &found {
                let other = match store.get_as::<Meeting>(c.other())? {
                    Some(v) => meeting_name(names, &v.record, lang),
                    None => format!("#{}", c.other()),
                };
                let person = match c {
                    Clash::Person { person, .. } => match store.get_as::<Person>(*person)? {
                        Some(v) => v.record.display_name(),
                        None => format!("#{person}"),
                    },
                    Clash::Place { .. } => String::new(),
                };
                clashes.push(sanitize_line(&c.message(&person, &other, lang)));
            }
            meetings.push(Clashing {
                meeting: sanitize_line(&meeting_name(names, m, lang)),
                clashes,
            });
        }
        Ok((!meetings.is_empty()).then_some(ClashPopup {
            meetings,
            scroll: 0,
        }))
    }

    /// How many clashes the popup lists.
    pub fn count(&self) -> usize {
        self.meetings.iter().map(|m| m.clashes.len()).sum()
    }

    pub fn key(&mut self, key: KeyEvent, keymap: &Keymap) -> ClashOutcome {
        let action = keymap.action(Mode::Help, &key);
        let last = self.lines(Lang::Cs).len().saturating_sub(1);
        match (key.code, action) {
            (KeyCode::Esc | KeyCode::Enter, _) | (_, Some(Action::Cancel)) => {
                return ClashOutcome::Close;
            }
            (KeyCode::Up, _) | (_, Some(Action::Up)) => {
                self.scroll = self.scroll.saturating_sub(1);
            }
            (KeyCode::Down, _) | (_, Some(Action::Down)) => {
                self.scroll = (self.scroll + 1).min(last);
            }
            (KeyCode::PageUp, _) => self.scroll = self.scroll.saturating_sub(10),
            (KeyCode::PageDown, _) => self.scroll = (self.scroll + 10).min(last),
            (KeyCode::Home, _) => self.scroll = 0,
            (KeyCode::End, _) => self.scroll = last,
            _ => {}
        }
        ClashOutcome::Continue
    }

    fn lines(&self, lang: Lang) -> Vec<String> {
        let mut lines = Vec::new();
        for m in &self.meetings {
            lines.push(format!(
                "{} – {}:",
                m.meeting,
                CLASHES.count(m.clashes.len(), lang)
            ));
            for c in &m.clashes {
                lines.push(format!("  • {c}"));
            }
        }
        lines
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        frame.render_widget(Clear, area);
        let title = format!(
            " {} ({}) ",
            lang.pick("Střety jednání", "Meeting clashes"),
            self.count()
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused)
            .title(Line::styled(title, theme.title))
            .title_bottom(Line::styled(
                lang.pick(
                    " ↑↓ PgUp PgDn posun · Esc zavřít ",
                    " ↑↓ PgUp PgDn scroll · Esc close ",
                ),
                theme.muted,
            ));
        let lines: Vec<Line> = self
            .lines(lang)
            .into_iter()
            .map(|text| {
                if text.starts_with("  ") {
                    Line::raw(text)
                } else {
                    Line::styled(text, theme.label)
                }
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((u16::try_from(self.scroll).unwrap_or(u16::MAX), 0)),
            area,
        );
    }
}

/// `„ŘS Soběslav“ 17. 12. 2018 15:00–17:00` (or `(celý den)`), or a meeting's title
/// and date.
fn meeting_name(names: &Names, m: &Meeting, lang: Lang) -> String {
    let what = match m.group {
        Some(g) => names.group(g).to_string(),
        None => m.title.clone(),
    };
    let time = match (m.start, m.end) {
        (Some(s), Some(e)) => format!(" {}–{}", format_time(s), format_time(e)),
        (Some(s), None) => format!(" {}", format_time(s)),
        _ => format!(" {}", lang.pick("(celý den)", "(all day)")),
    };
    format!("„{what}“ {}{time}", format_date(m.date))
}

/// `3 střety — K: zobrazit`: what the status line says after a save with clashes.
pub fn status(count: usize, key: &str, lang: Lang) -> String {
    format!(
        "{} — {key}: {}",
        CLASHES.count(count, lang),
        lang.pick("zobrazit", "show")
    )
}

impl Layer for ClashPopup {
    fn name(&self) -> LayerName {
        LayerName::Clashes
    }
    fn mode(&self) -> Mode {
        Mode::Help
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        match ClashPopup::key(self, key, cx.keymap) {
            ClashOutcome::Continue => Flow::Stay,
            ClashOutcome::Close => Flow::Close,
        }
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        ClashPopup::render(self, frame, body, cx.theme, cx.lang);
    }
    fn hint(&self, lang: Lang) -> Option<String> {
        Some(
            lang.pick(
                "↑↓ PgUp PgDn posun · Esc zavřít",
                "↑↓ PgUp PgDn scroll · Esc close",
            )
            .into(),
        )
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}
