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
            let [list, detail] =
                Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                    .areas(body);
            if self.tab == Tab::Calendar && self.calendar.view == View::Month {
                self.render_month(frame, list);
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

    fn render_tabs(&self, frame: &mut Frame, area: Rect) {
        let mut spans = Vec::new();
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let style = if *tab == self.tab {
                self.theme.tab_active
            } else {
                self.theme.tab_inactive
            };
            spans.push(Span::styled(
                format!(" {} {} ", i + 1, tab.label(self.lang)),
                style,
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    pub(crate) fn list_title(&self) -> String {
        let list = self.list();
        let mut title = match self.tab {
            Tab::Calendar => self.calendar_title(),
            tab => format!("{} ({})", tab.label(self.lang), list.total()),
        };
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
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let list = self.list();
        if list.is_empty() {
            let empty = if list.total() == 0 {
                self.lang
                    .pick("Žádné záznamy. n = nový", "No records. n = new")
            } else {
                self.lang
                    .pick("Filtru nic neodpovídá.", "Nothing matches the filter.")
            };
            frame.render_widget(Paragraph::new(empty).style(self.theme.muted), inner);
            return;
        }
        let height = inner.height as usize;
        let offset = list.selected().saturating_sub(height.saturating_sub(1));
        let width = inner.width as usize;
        let lines: Vec<Line> = list
            .visible_rows()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(i, row)| {
                let selected = i == list.selected();
                let base = match (selected, focused) {
                    (true, true) => self.theme.selected,
                    (true, false) => self.theme.selected_unfocused,
                    _ => self.theme.base,
                };
                let title = clip(&row.title, width);
                let room = width.saturating_sub(title.chars().count() + 2);
                let mut spans = vec![Span::styled(title, base)];
                if room > 3 && !row.subtitle.is_empty() {
                    let sub_style = if selected { base } else { self.theme.muted };
                    spans.push(Span::styled(
                        format!("  {}", clip(&row.subtitle, room)),
                        sub_style,
                    ));
                }
                let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
                if selected && used < width {
                    spans.push(Span::styled(" ".repeat(width - used), base));
                }
                Line::from(spans)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_detail(&self, frame: &mut Frame, area: Rect) {
        let focused = self.focus == Focus::Detail;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                self.theme.border_focused
            } else {
                self.theme.border
            })
            .title(Span::styled(
                format!(" {} ", self.lang.pick("Detail", "Detail")),
                self.theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some((_, detail)) = &self.detail else {
            return;
        };
        let mut lines = detail.lines.clone();
        let selected_line = detail.links.get(self.detail_link).map(|l| l.line);
        if let (true, Some(line)) = (focused, selected_line)
            && let Some(l) = lines.get_mut(line)
        {
            *l = l.clone().patch_style(self.theme.selected);
        }
        let height = inner.height as usize;
        let scroll = match selected_line {
            Some(line) if focused && line >= height => line + 1 - height,
            _ => 0,
        };
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
            inner,
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

    fn render_hints(&self, frame: &mut Frame, area: Rect) {
        let mode = self.mode();
        let own_hint = self.layers.top().and_then(|l| l.hint(self.lang));
        let main: &[Action] = match mode {
            Mode::List if self.list().filtering => &[],
            Mode::List | Mode::Global => &[
                Action::New,
                Action::Edit,
                Action::Delete,
                Action::Filter,
                Action::Help,
                Action::Quit,
                Action::Undo,
                Action::SwitchPane,
                Action::ExportPerson,
                Action::ErasePerson,
            ],
            Mode::Calendar => &[
                Action::New,
                Action::Edit,
                Action::CalendarView,
                Action::GoToDate,
                Action::Today,
                Action::Filter,
                Action::Help,
                Action::Quit,
            ],
            // The privacy keys (offered only on a person) before Back and Help, so that
            // they fit at 80 columns.
            Mode::Detail => &[
                Action::Open,
                Action::SwitchPane,
                Action::ExportPerson,
                Action::ErasePerson,
                Action::Back,
                Action::Help,
            ],
            // Layers that say their keys themselves.
            _ if own_hint.is_some() => &[],
            // The form shows its own keys in its last row.
            Mode::Form => &[Action::Help],
            Mode::Confirm => &[Action::Yes, Action::No],
            Mode::Help => &[Action::Up, Action::Down, Action::Cancel],
            Mode::Welcome => &[Action::LoadSample, Action::StartEmpty, Action::Quit],
        };
        let mut spans = Vec::new();
        if mode == Mode::List && self.list().filtering {
            spans.push(Span::raw(self.lang.pick(
                "Pište hledaný text · Enter hotovo · Esc zrušit filtr",
                "Type to filter · Enter done · Esc clear the filter",
            )));
            spans.push(Span::raw("  "));
        }
        let global = matches!(mode, Mode::List | Mode::Detail | Mode::Calendar);
        if let Some(hint) = own_hint {
            spans.push(Span::raw(format!("{hint}  ")));
        }
        let mut used = spans
            .iter()
            .map(|s| s.content.chars().count())
            .sum::<usize>();
        for action in main {
            if !self.offers(*action) {
                continue;
            }
            let keys = self
                .keymap
                .keys_of(mode, *action)
                .or_else(|| {
                    (mode == Mode::Calendar)
                        .then(|| self.keymap.keys_of(Mode::List, *action))
                        .flatten()
                })
                .or_else(|| {
                    global
                        .then(|| self.keymap.keys_of(Mode::Global, *action))
                        .flatten()
                });
            if let Some(keys) = keys {
                // Whole hints only: one that does not fit is left to the help.
                let text = format!(" {}  ", action.describe(self.lang));
                let after = used + keys.chars().count() + text.trim_end().chars().count();
                if after > usize::from(area.width) {
                    break;
                }
                used += keys.chars().count() + text.chars().count();
                spans.push(Span::styled(keys, self.theme.key));
                spans.push(Span::raw(text));
            }
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
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
