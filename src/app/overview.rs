//! "Ke zpracování": on start, what is due for the clerk — the list `kpss remind` prints
//! (`crate::reminders`) up to the Sunday of next week: past meetings still to close,
//! invitations to send, project outputs due, memberships ending — each one key away
//! from its record. The same list opens again from any tab.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::action::{Action, Mode};
use crate::app::keymap::Keymap;
use crate::app::layer::{Command, Cx, Flow, Layer, LayerName};
use crate::app::prefs::Prefs;
use crate::app::state::App;
use crate::app::tabs::Names;
use crate::app::theme::Theme;
use crate::model::date::{format_date, format_time, weekday_short};
use crate::model::due::Window;
use crate::model::remind::{Reminder, ReminderKind};
use crate::model::text::sanitize_line;
use crate::model::{Id, Lang, RecordRef};
use crate::store::{Result, Store};

/// What is due at `today` for the clerk of `regions` (all when empty): the list `kpss
/// remind` prints ([`crate::reminders::gather`]), with the horizon at the Sunday of next
/// week, and the names its lines show.
pub fn load(store: &dyn Store, today: NaiveDate, regions: &[Id]) -> Result<Loaded> {
    let until = Window::around(today).to;
    let days = u32::try_from((until - today).num_days()).unwrap_or(0);
    let items = crate::reminders::gather(store, today, days, regions)?;
    let names = crate::reminders::Names::read(store, &items)?;
    Ok(Loaded { items, names })
}

/// What the list shows, read.
pub struct Loaded {
    pub items: Vec<Reminder>,
    pub names: crate::reminders::Names,
}

/// One line of the list: an item, or a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Heading(String),
    Item { target: RecordRef, text: String },
}

/// What a key in the overview did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewOutcome {
    Continue,
    Close,
    /// Enter: the item's record (a meeting in the calendar).
    Show(RecordRef),
}

/// The "Ke zpracování" popup.
#[derive(Debug, Clone)]
pub struct Overview {
    entries: Vec<Entry>,
    /// Index of the selected meeting among `entries`.
    selected: usize,
    count: usize,
    /// Whether the list is the clerk's ORPs' alone.
    mine: bool,
}

impl Overview {
    pub fn new(loaded: &Loaded, names: &Names, mine: bool, lang: Lang) -> Overview {
        use ReminderKind as R;
        let parts: [(&str, &[ReminderKind], bool); 5] = [
            (
                lang.pick("K uzavření", "To close"),
                &[R::StillPlanned, R::NoAttendance],
                true,
            ),
            (
                lang.pick("Pozvánky k odeslání", "Invitations to send"),
                &[R::InvitationNotSent],
                false,
            ),
            (
                lang.pick("Výstupy projektů", "Project outputs"),
                &[R::OutputDue],
                false,
            ),
            (lang.pick("Termíny", "Deadlines"), &[R::Deadline], false),
            (
                lang.pick("Končící členství", "Memberships ending"),
                &[R::MembershipEnding],
                false,
            ),
        ];
        let mut entries = Vec::new();
        for (heading, kinds, with_reason) in parts {
            let items: Vec<&Reminder> = loaded
                .items
                .iter()
                .filter(|r| kinds.contains(&r.kind))
                .collect();
            if items.is_empty() {
                continue;
            }
            entries.push(Entry::Heading(format!("{heading} ({})", items.len())));
            entries.extend(items.iter().map(|r| Entry::Item {
                target: loaded.names.target(r),
                text: line(r, &loaded.names, names, with_reason, lang),
            }));
        }
        let selected = entries
            .iter()
            .position(|e| matches!(e, Entry::Item { .. }))
            .unwrap_or(0);
        Overview {
            entries,
            selected,
            count: loaded.items.len(),
            mine,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn step(&mut self, forward: bool, times: usize) {
        for _ in 0..times {
            let next = if forward {
                (self.selected + 1..self.entries.len())
                    .find(|&i| matches!(self.entries[i], Entry::Item { .. }))
            } else {
                (0..self.selected)
                    .rev()
                    .find(|&i| matches!(self.entries[i], Entry::Item { .. }))
            };
            match next {
                Some(i) => self.selected = i,
                None => break,
            }
        }
    }

    pub fn key(&mut self, key: KeyEvent, keymap: &Keymap) -> OverviewOutcome {
        let global = keymap.action(Mode::Global, &key);
        if key.code == KeyCode::Esc
            || keymap.action(Mode::Help, &key) == Some(Action::Cancel)
            || global == Some(Action::Overview)
        {
            return OverviewOutcome::Close;
        }
        match key.code {
            KeyCode::Enter => {
                if let Some(Entry::Item { target, .. }) = self.entries.get(self.selected) {
                    return OverviewOutcome::Show(*target);
                }
            }
            KeyCode::Up | KeyCode::Char('k') => self.step(false, 1),
            KeyCode::Down | KeyCode::Char('j') => self.step(true, 1),
            KeyCode::PageUp => self.step(false, 10),
            KeyCode::PageDown => self.step(true, 10),
            KeyCode::Home => self.step(false, usize::MAX),
            KeyCode::End => self.step(true, usize::MAX),
            _ => {}
        }
        OverviewOutcome::Continue
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let wanted = u16::try_from(self.entries.len()).unwrap_or(u16::MAX);
        let height = wanted.saturating_add(2).max(3).min(area.height);
        let width = area.width.min(78);
        let area = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        frame.render_widget(Clear, area);
        let mut title = format!(" {} ({})", lang.pick("Ke zpracování", "To do"), self.count);
        if self.mine {
            title.push_str(&format!(" · {}", crate::app::mine::label(lang)));
        }
        title.push(' ');
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused)
            .title(Span::styled(title, theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let rows = usize::from(inner.height);
        let offset = self.selected.saturating_sub(rows.saturating_sub(1));
        let width = usize::from(inner.width);
        let mut lines: Vec<Line> = self
            .entries
            .iter()
            .enumerate()
            .skip(offset)
            .take(rows)
            .map(|(i, entry)| match entry {
                Entry::Heading(text) => Line::styled(clip(text, width), theme.label),
                Entry::Item { text, .. } => {
                    // The marker shows the selection without colours too.
                    let mark = if i == self.selected { "▶ " } else { "  " };
                    let text = clip(&format!("{mark}{text}"), width);
                    if i == self.selected {
                        let pad = width.saturating_sub(text.chars().count());
                        Line::styled(format!("{text}{}", " ".repeat(pad)), theme.selected)
                    } else {
                        Line::styled(text, theme.base)
                    }
                }
            })
            .collect();
        if self.entries.is_empty() {
            lines.push(Line::styled(
                lang.pick("Nic ke zpracování.", "Nothing to do."),
                theme.muted,
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

pub(crate) fn hint_text(lang: Lang) -> &'static str {
    lang.pick(
        "↑↓ výběr · Enter ukázat v kalendáři · Esc zavřít",
        "↑↓ choose · Enter show in the calendar · Esc close",
    )
}

/// `po 9. 4. 2018 14:00  ŘS Soběslav (Soběslav) – bez docházky`
fn line(
    item: &Reminder,
    what: &crate::reminders::Names,
    names: &Names,
    with_reason: bool,
    lang: Lang,
) -> String {
    let when = format!(
        "{} {}",
        weekday_short(item.date.weekday(), lang),
        format_date(item.date)
    );
    let time = item
        .start
        .map(|t| format!(" {}", format_time(t)))
        .unwrap_or_default();
    let mut text = format!(
        "{when}{time}  {} ({})",
        what.short(item, lang),
        names.region(item.region)
    );
    if with_reason {
        text.push_str(&format!(" – {}", item.kind.label(lang)));
    }
    sanitize_line(&text)
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

impl App {
    /// The start of a session: the clerk's settings from `settings` (none kept when
    /// `None`), then what is due, when anything is.
    pub fn start_session(&mut self, settings: Option<PathBuf>) {
        if let Some(file) = settings {
            let (prefs, problem) = Prefs::load(file);
            self.prefs = prefs;
            if let Some(dir) = self.prefs.export_dir() {
                self.files_dir = Some(dir.to_path_buf());
            }
            let mine = self.prefs.filtering();
            self.show_mine(mine);
            if let Some(problem) = problem {
                return self.error(problem.message(self.lang));
            }
        }
        if !self.welcome {
            self.open_overview(true);
        }
    }

    /// Opens "Ke zpracování"; `quiet` (on start): only when something is due.
    pub(crate) fn open_overview(&mut self, quiet: bool) {
        let regions = self.prefs.my_regions().to_vec();
        match load(self.store.as_ref(), self.today, &regions) {
            Ok(loaded) => {
                let overview = Overview::new(&loaded, &self.names, !regions.is_empty(), self.lang);
                if quiet && overview.is_empty() {
                    return self.info(self.lang.pick("Nic ke zpracování.", "Nothing to do."));
                }
                self.layers.push(Box::new(overview));
            }
            Err(e) => self.error(e.message(self.lang)),
        }
    }
}

impl Layer for Overview {
    fn name(&self) -> LayerName {
        LayerName::Overview
    }
    fn mode(&self) -> Mode {
        Mode::Form
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        match Overview::key(self, key, cx.keymap) {
            OverviewOutcome::Continue => Flow::Stay,
            OverviewOutcome::Close => Flow::Close,
            OverviewOutcome::Show(target) => Flow::CloseThen(Command::Jump(target)),
        }
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        Overview::render(self, frame, body, cx.theme, cx.lang);
    }
    fn hint(&self, lang: Lang) -> Option<String> {
        Some(hint_text(lang).to_string())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}
