//! Drawing the application: tab bar, list, detail, hint bar, status line and popups.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::action::{Action, Mode};
use crate::app::calendar::View;
use crate::app::state::{App, Focus, Tone};
use crate::app::tabs::Tab;
use crate::app::widgets::clip;
use crate::model::date::format_date;
use crate::model::text::sanitize_line;

/// Below this the application shows only a notice.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 12;

impl App {
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let notice = self.lang.pick(
                "Okno je příliš malé pro kpss (nejméně 50×12).",
                "The window is too small for kpss (at least 50×12).",
            );
            frame.render_widget(
                Paragraph::new(notice)
                    .wrap(Wrap { trim: true })
                    .style(self.theme.warning),
                area,
            );
            return;
        }
        let [tabs, body, hints, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_tabs(frame, tabs);
        if self.welcome {
            self.render_welcome(frame, body);
        } else {
            let [list, detail] = Layout::horizontal([
                Constraint::Length(self.list_width(body.width)),
                Constraint::Min(1),
            ])
            .areas(body);
            if self.tab == Tab::Calendar && self.calendar.view == View::Month {
                self.render_month(frame, list);
            } else if self.tab == Tab::Calendar && self.calendar.view == View::Agenda {
                self.render_agenda(frame, list);
            } else {
                self.render_list(frame, list);
            }
            self.render_detail(frame, detail);
        }
        self.render_hints(frame, hints);
        self.render_status(frame, status);
        let cx = self.cx();
        for layer in self.layers.iter() {
            layer.render(frame, body, &cx);
        }
    }

    /// The tab bar; where the full names do not fit, the short ones.
    fn render_tabs(&self, frame: &mut Frame, area: Rect) {
        let labels = |short: bool| -> Vec<String> {
            Tab::ALL
                .iter()
                .enumerate()
                .map(|(i, tab)| {
                    let label = if short {
                        tab.short_label(self.lang)
                    } else {
                        tab.label(self.lang)
                    };
                    format!(" {} {label} ", i + 1)
                })
                .collect()
        };
        let full = labels(false);
        let fits = full.iter().map(|l| l.chars().count()).sum::<usize>() <= usize::from(area.width);
        let labels = if fits { full } else { labels(true) };
        let spans: Vec<Span> = Tab::ALL
            .iter()
            .zip(labels)
            .map(|(tab, label)| {
                let style = if *tab == self.tab {
                    self.theme.tab_active
                } else {
                    self.theme.tab_inactive
                };
                Span::styled(label, style)
            })
            .collect();
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    /// The list's width: as wide as its longest title needs, between 40 % and half of
    /// the screen; the month grid keeps 40 %.
    fn list_width(&self, width: u16) -> u16 {
        let least = width * 2 / 5;
        if self.tab == Tab::Calendar && self.calendar.view == View::Month {
            return least;
        }
        let wanted = u16::try_from(self.list().widest() + 2).unwrap_or(u16::MAX);
        wanted.clamp(least, width / 2)
    }

    pub(crate) fn list_title(&self) -> String {
        let list = self.list();
        let mut title = match self.tab {
            Tab::Calendar => self.calendar_title(),
            tab => format!("{} ({})", tab.label(self.lang), list.total()),
        } + &self.mine_title();
        if list.filtering || !list.filter.is_empty() {
            title = format!(
                "{title} /{}{}",
                sanitize_line(&list.filter),
                if list.filtering { "▏" } else { "" }
            );
        }
        title
    }

    fn render_list(&self, frame: &mut Frame, area: Rect) {
        let focused = self.focus == Focus::List;
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                self.theme.border_focused
            } else {
                self.theme.border
            })
            .title(Span::styled(
                format!(" {} ", self.list_title()),
                self.theme.title,
            ));
        if let Some(filters) = self.filter_title() {
            block = block.title_bottom(filters);
        }
        self.list()
            .render(frame, area, block, focused, &self.theme, self.lang);
    }

    fn render_detail(&self, frame: &mut Frame, area: Rect) {
        self.pane.render(
            frame,
            area,
            self.focus == Focus::Detail,
            &self.theme,
            self.lang,
        );
    }

    fn render_welcome(&self, frame: &mut Frame, area: Rect) {
        let key = |a: Action| self.keymap.keys_of(Mode::Welcome, a).unwrap_or_default();
        let l = self.lang;
        let lines = vec![
            Line::styled(
                l.pick(
                    "Vítejte v kpss – rejstříku komunitního plánování sociálních služeb.",
                    "Welcome to kpss – the register of community planning of social services.",
                ),
                self.theme.title,
            ),
            Line::raw(""),
            Line::raw(l.pick("Databáze je zatím prázdná.", "The database is empty.")),
            Line::raw(""),
            Line::from(vec![
                Span::styled(format!(" {} ", key(Action::LoadSample)), self.theme.key),
                Span::raw(format!(
                    "  {}",
                    l.pick(
                        "nahrát ukázkový rejstřík (17 ORP Jihočeského kraje)",
                        "load the sample register (17 ORPs of Jihočeský kraj)"
                    )
                )),
            ]),
            Line::from(vec![
                Span::styled(format!(" {} ", key(Action::StartEmpty)), self.theme.key),
                Span::raw(format!(
                    "  {}",
                    l.pick("začít s prázdným rejstříkem", "start empty")
                )),
            ]),
            Line::from(vec![
                Span::styled(format!(" {} ", key(Action::Quit)), self.theme.key),
                Span::raw(format!("  {}", Action::Quit.describe(l))),
            ]),
        ];
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border);
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            area,
        );
    }

    /// The hint bar: the keys of the screen, each with its first key only. Quit, undo,
    /// the way to the detail (and back) and the help are always there; the others
    /// follow as far as the width allows, and the rest is in the help.
    fn render_hints(&self, frame: &mut Frame, area: Rect) {
        use Action::*;
        let mode = self.mode();
        let own_hint = self.layers.top().and_then(|l| l.hint(self.lang));
        let filtering = mode == Mode::List && self.list().filtering;
        let shown: &[Action] = match mode {
            _ if own_hint.is_some() || filtering => &[],
            Mode::List | Mode::Global => &[
                New,
                Edit,
                Delete,
                Filter,
                ExportPerson,
                ErasePerson,
                Overview,
                SwitchPane,
                Undo,
                Help,
                Quit,
            ],
            Mode::Calendar => &[
                New,
                Edit,
                AttendanceSheet,
                Invitation,
                CalendarView,
                GoToDate,
                Today,
                Overview,
                SwitchPane,
                Undo,
                Help,
                Quit,
            ],
            Mode::Detail => &[
                Open,
                ExportPerson,
                ErasePerson,
                AttendanceSheet,
                Invitation,
                MinutesPaper,
                InvitationSent,
                Back,
                SwitchPane,
                Undo,
                Help,
                Quit,
            ],
            // The form shows its own keys in its last row.
            Mode::Form => &[Help],
            Mode::Confirm => &[Yes, No],
            Mode::Help => &[Up, Down, Cancel],
            Mode::Welcome => &[LoadSample, StartEmpty, Quit],
        };
        let pinned = [Quit, Undo, SwitchPane, Open, Help];
        let mut spans = Vec::new();
        if filtering {
            spans.push(Span::raw(self.lang.pick(
                "Pište hledaný text · Enter hotovo · Esc zrušit filtr",
                "Type to filter · Enter done · Esc clear the filter",
            )));
        }
        if let Some(hint) = own_hint {
            spans.push(Span::raw(hint));
        }
        let global = matches!(mode, Mode::List | Mode::Detail | Mode::Calendar);
        // Each hint with its first key, if the user has one for it here.
        let hints: Vec<(Action, String, String)> = shown
            .iter()
            .filter(|a| self.offers(**a))
            .filter_map(|&action| {
                let key = self
                    .keymap
                    .first_key(mode, action)
                    .or_else(|| {
                        (mode == Mode::Calendar)
                            .then(|| self.keymap.first_key(Mode::List, action))
                            .flatten()
                    })
                    .or_else(|| {
                        global
                            .then(|| self.keymap.first_key(Mode::Global, action))
                            .flatten()
                    })?;
                Some((action, key, self.hint_label(mode, action)))
            })
            .collect();
        let cost = |(_, key, label): &(Action, String, String)| {
            key.chars().count() + 1 + label.chars().count() + 2
        };
        let width = usize::from(area.width) + 2;
        let mut room = width.saturating_sub(
            spans
                .iter()
                .map(|s| s.content.chars().count() + 2)
                .sum::<usize>(),
        );
        let mut keep = vec![false; hints.len()];
        for first_pinned in [true, false] {
            for (i, hint) in hints.iter().enumerate() {
                if keep[i] || pinned.contains(&hint.0) != first_pinned {
                    continue;
                }
                if cost(hint) <= room {
                    room -= cost(hint);
                    keep[i] = true;
                }
            }
        }
        for (i, (_, key, label)) in hints.into_iter().enumerate() {
            if !keep[i] {
                continue;
            }
            if !spans.is_empty() {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(key, self.theme.key));
            spans.push(Span::raw(format!(" {label}")));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    /// A hint's words: short, and saying where a key goes from here.
    fn hint_label(&self, mode: Mode, action: Action) -> String {
        let l = self.lang;
        match (action, mode) {
            (Action::SwitchPane, Mode::Detail) => l.pick("seznam", "list").into(),
            (Action::SwitchPane, _) => l.pick("detail", "detail").into(),
            (Action::Undo, _) => l.pick("vrátit", "undo").into(),
            (Action::CalendarView, _) => l.pick("zobrazení", "view").into(),
            (Action::GoToDate, _) => l.pick("datum", "date").into(),
            (action, _) => action.describe(l).into(),
        }
    }

    fn render_status(&self, frame: &mut Frame, area: Rect) {
        let width = area.width as usize;
        let (tail, style) = match &self.message {
            Some((message, tone)) => (
                format!("│ {}", sanitize_line(message)),
                match tone {
                    Tone::Error => self.theme.error,
                    Tone::Warning => self.theme.warning,
                    Tone::Info => self.theme.status,
                },
            ),
            None => (
                format!("│ {}", format_date(self.today)),
                self.link_style().unwrap_or(self.theme.status),
            ),
        };
        let text = format!("{}{tail}", self.status_head(&tail, width));
        let shown = clip(&text, width);
        let pad = width.saturating_sub(shown.chars().count());
        frame.render_widget(
            Paragraph::new(Line::styled(format!("{shown}{}", " ".repeat(pad)), style)),
            area,
        );
    }
}
