//! How the agenda is drawn: a title that names its days (shortened to the days and the
//! count when the pane is narrow), its rows, and, for an empty window, where the
//! nearest meetings are.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::Action;
use crate::app::agenda;
use crate::app::state::{App, Focus};
use crate::model::date::format_date;
use crate::model::text::sanitize_line;

impl App {
    /// The agenda's pane (the calendar's list in the agenda view).
    pub(crate) fn render_agenda(&self, frame: &mut Frame, area: Rect) {
        let focused = self.focus == Focus::List;
        let list = self.list();
        let room = usize::from(area.width.saturating_sub(4));
        let mut title = self.calendar_title();
        if title.chars().count() > room
            && let Some(window) = self.calendar.agenda.get()
        {
            // The days and the count without the word `Přehled`, then without the noun.
            let days = format!("{} – {}", format_date(window.from), format_date(window.to));
            let counted = agenda::meetings(list.total(), self.lang);
            title = format!("{days} ({counted})");
            if title.chars().count() > room {
                title = format!("{days} ({})", list.total());
            }
        }
        if list.filtering || !list.filter.is_empty() {
            title = format!(
                "{title} /{}{}",
                sanitize_line(&list.filter),
                if list.filtering { "▏" } else { "" }
            );
        }
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                self.theme.border_focused
            } else {
                self.theme.border
            })
            .title(Span::styled(format!(" {title} "), self.theme.title));
        if let Some(filters) = self.filter_title() {
            block = block.title_bottom(filters);
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if list.is_empty() {
            let text = match self.calendar.agenda.get() {
                Some(window) if list.total() == 0 => {
                    let key = |action| {
                        self.keymap
                            .keys_of(crate::app::Mode::Calendar, action)
                            .unwrap_or_default()
                    };
                    let keys = [
                        key(Action::PrevWeek),
                        key(Action::NextWeek),
                        key(Action::GoToDate),
                    ];
                    agenda::empty_text(&window, [&keys[0], &keys[1], &keys[2]], self.lang)
                }
                _ => self
                    .lang
                    .pick("Filtru nic neodpovídá.", "Nothing matches the filter.")
                    .to_string(),
            };
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: false })
                    .style(self.theme.muted),
                inner,
            );
            return;
        }
        let height = usize::from(inner.height);
        let width = usize::from(inner.width);
        let offset = list.selected().saturating_sub(height.saturating_sub(1));
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
                let used = title.chars().count();
                let mut spans = vec![Span::styled(title, base)];
                let room = width.saturating_sub(used + 2);
                if room > 3 && !row.subtitle.is_empty() {
                    let style = if selected { base } else { self.theme.muted };
                    spans.push(Span::styled(
                        format!("  {}", clip(&row.subtitle, room)),
                        style,
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
}

/// `text` cut to `width` characters, with `…` where it was cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
