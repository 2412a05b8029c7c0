//! The detail pane: the selected record's detail, wrapped to the pane's width, scrolled so
//! that the selected related record is always in view and the end (a region's chart, the
//! last meetings) can always be reached. Only a related record in view can be opened.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::action::Action;
use crate::app::detail::Detail;
use crate::app::theme::Theme;
use crate::model::{Lang, RecordRef};

/// The pane's state: what it shows, the selected related record, how far it is scrolled.
#[derive(Debug, Default)]
pub struct DetailPane {
    shown: Option<(RecordRef, Detail)>,
    /// The selected related record, an index into the detail's links.
    link: usize,
    /// The first row shown, of the wrapped rows.
    scroll: Cell<usize>,
    /// The inner width and height of the pane in the last frame.
    width: Cell<u16>,
    height: Cell<u16>,
    /// The first wrapped row of every logical line (and one past the last) at a width:
    /// wrapping is done once per detail and width, not at every question.
    starts: RefCell<Option<(u16, Rc<[usize]>)>>,
}

impl DetailPane {
    pub fn record(&self) -> Option<RecordRef> {
        self.shown.as_ref().map(|(r, _)| *r)
    }

    pub fn detail(&self) -> Option<(RecordRef, &Detail)> {
        self.shown.as_ref().map(|(r, d)| (*r, d))
    }

    /// Shows a record's detail; the selection and the scroll stay where they were when
    /// it is the same record (read again after a change), else start at the top.
    pub fn show(&mut self, record: RecordRef, detail: Detail) {
        if self.record() != Some(record) {
            self.link = 0;
            self.scroll.set(0);
        }
        self.link = self.link.min(detail.links.len().saturating_sub(1));
        self.shown = Some((record, detail));
        self.starts.replace(None);
        self.keep_in_view();
    }

    pub fn clear(&mut self) {
        self.shown = None;
        self.starts.replace(None);
        self.link = 0;
        self.scroll.set(0);
    }

    pub fn has_links(&self) -> bool {
        self.shown
            .as_ref()
            .is_some_and(|(_, d)| !d.links.is_empty())
    }

    /// Whether the pane can take the keys: it has related records, or more rows than
    /// fit (to scroll to the end).
    pub fn can_focus(&self) -> bool {
        self.has_links() || self.total_rows() > usize::from(self.height.get())
    }

    /// The selected related record, when it is in view.
    pub fn selected(&self) -> Option<RecordRef> {
        let (_, detail) = self.shown.as_ref()?;
        let link = detail.links.get(self.link)?;
        self.in_view(link.line).then_some(link.target)
    }

    /// A key while the pane has the keys: moves the selection or scrolls.
    pub fn act(&mut self, action: Action) {
        let page = usize::from(self.height.get().max(2) - 1);
        match action {
            Action::Up => self.step(false),
            Action::Down => self.step(true),
            Action::PageUp => self.scroll_by(-(page as isize)),
            Action::PageDown => self.scroll_by(page as isize),
            Action::First => self.scroll_by(isize::MIN / 2),
            Action::Last => self.scroll_by(isize::MAX / 2),
            _ => {}
        }
    }

    /// The next (or previous) related record when it is within a page; otherwise, or
    /// when there is none, a row of scrolling.
    fn step(&mut self, down: bool) {
        let Some((_, detail)) = &self.shown else {
            return;
        };
        let rows = self.row_starts();
        let height = usize::from(self.height.get().max(1));
        let next = if down {
            self.link.checked_add(1).filter(|&i| i < detail.links.len())
        } else {
            self.link.checked_sub(1)
        };
        let selected_in_view = detail
            .links
            .get(self.link)
            .is_some_and(|l| self.in_view(l.line));
        if let Some(next) = next {
            let row = detail
                .links
                .get(next)
                .and_then(|l| rows.get(l.line))
                .copied()
                .unwrap_or(0);
            let scroll = self.scroll.get();
            let reachable = if down {
                row < scroll + 2 * height
            } else {
                row + height >= scroll
            };
            if reachable || !selected_in_view {
                self.link = next;
                self.keep_in_view();
                return;
            }
        }
        self.scroll_by(if down { 1 } else { -1 });
    }

    fn scroll_by(&mut self, delta: isize) {
        let most = self
            .total_rows()
            .saturating_sub(usize::from(self.height.get().max(1)));
        self.scroll
            .set(self.scroll.get().saturating_add_signed(delta).min(most));
        self.select_in_view();
    }

    /// After scrolling: the selection moves to a related record in view, if any.
    fn select_in_view(&mut self) {
        let Some((_, detail)) = &self.shown else {
            return;
        };
        if detail
            .links
            .get(self.link)
            .is_some_and(|l| self.in_view(l.line))
        {
            return;
        }
        if let Some(i) = detail.links.iter().position(|l| self.in_view(l.line)) {
            self.link = i;
        }
    }

    /// Scrolls so that the selected related record is in view (once the pane's size is
    /// known).
    fn keep_in_view(&self) {
        let Some((_, detail)) = &self.shown else {
            return;
        };
        if self.width.get() == 0 {
            return;
        }
        let Some(line) = detail.links.get(self.link).map(|l| l.line) else {
            return;
        };
        let rows = self.row_starts();
        let height = usize::from(self.height.get().max(1));
        let first = rows.get(line).copied().unwrap_or(0);
        let last = rows
            .get(line + 1)
            .copied()
            .unwrap_or(first + 1)
            .max(first + 1)
            - 1;
        let scroll = self.scroll.get();
        if first < scroll {
            self.scroll.set(first);
        } else if last >= scroll + height {
            self.scroll
                .set((last + 1).saturating_sub(height).min(first));
        }
    }

    /// Whether a logical line's first row is in view. Before the first frame the pane's
    /// size is not known and nothing is hidden.
    fn in_view(&self, line: usize) -> bool {
        if self.width.get() == 0 {
            return true;
        }
        let rows = self.row_starts();
        let height = usize::from(self.height.get().max(1));
        let first = rows.get(line).copied().unwrap_or(usize::MAX);
        let scroll = self.scroll.get();
        first >= scroll && first < scroll + height
    }

    /// The first wrapped row of every logical line, and one past the last.
    fn row_starts(&self) -> Rc<[usize]> {
        let width = self.width.get().max(1);
        if let Some((at, starts)) = &*self.starts.borrow()
            && *at == width
        {
            return Rc::clone(starts);
        }
        let mut starts = Vec::new();
        let mut row = 0;
        if let Some((_, detail)) = &self.shown {
            for line in &detail.lines {
                starts.push(row);
                row += wrap(line, width).len();
            }
        }
        starts.push(row);
        let starts: Rc<[usize]> = starts.into();
        self.starts.replace(Some((width, Rc::clone(&starts))));
        starts
    }

    fn total_rows(&self) -> usize {
        self.row_starts().last().copied().unwrap_or(0)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, focused: bool, theme: &Theme, l: Lang) {
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(if focused {
                theme.border_focused
            } else {
                theme.border
            })
            .title(Span::styled(
                format!(" {} ", l.pick("Detail", "Detail")),
                theme.title,
            ));
        let inner = block.inner(area);
        let resized = (self.width.get(), self.height.get()) != (inner.width, inner.height);
        self.width.set(inner.width);
        self.height.set(inner.height);
        if resized && focused {
            self.keep_in_view();
        }
        let Some((_, detail)) = &self.shown else {
            frame.render_widget(block, area);
            return;
        };
        let selected = detail.links.get(self.link).map(|link| link.line);
        let starts = self.row_starts();
        let height = usize::from(inner.height);
        let total = starts.last().copied().unwrap_or(0);
        let scroll = self.scroll.get().min(total.saturating_sub(height));
        self.scroll.set(scroll);
        if total > height {
            block = block.title_bottom(Line::styled(
                format!(
                    " {}–{} {} {total} ",
                    scroll + 1,
                    (scroll + height).min(total),
                    l.pick("z", "of")
                ),
                theme.muted,
            ));
        }
        frame.render_widget(block, area);
        // Only the lines that reach the pane are wrapped and drawn.
        let mut shown: Vec<Line> = Vec::new();
        for (i, line) in detail.lines.iter().enumerate() {
            let (first, next) = (starts[i], starts[i + 1]);
            if next <= scroll {
                continue;
            }
            if first >= scroll + height {
                break;
            }
            let style = (focused && Some(i) == selected).then_some(theme.selected);
            for (r, row) in wrap(line, inner.width.max(1)).into_iter().enumerate() {
                if first + r < scroll || first + r >= scroll + height {
                    continue;
                }
                shown.push(match style {
                    Some(style) => row.patch_style(style),
                    None => row,
                });
            }
        }
        frame.render_widget(Paragraph::new(shown), inner);
    }
}

/// A line broken into rows of at most `width` columns at spaces (a word longer than a
/// row is cut), keeping each piece's style.
pub fn wrap(line: &Line<'static>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    // Characters with their styles, the line's own style under each span's.
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|span| {
            let style = line.style.patch(span.style);
            span.content.chars().map(move |c| (c, style))
        })
        .collect();
    if cells.len() <= width {
        return vec![line.clone()];
    }
    let mut rows = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let rest = cells.len() - start;
        // Break at the last space that fits (the space itself goes); a word longer
        // than the row is cut.
        let (end, next) = if rest <= width {
            (cells.len(), cells.len())
        } else {
            match cells[start..=start + width]
                .iter()
                .rposition(|(c, _)| *c == ' ')
            {
                Some(space) if space > 0 => (start + space, start + space + 1),
                _ => (start + width, start + width),
            }
        };
        rows.push(styled_row(&cells[start..end]));
        start = next;
    }
    rows
}

/// Styled characters as a line, a span per run of one style.
fn styled_row(cells: &[(char, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut current: Option<Style> = None;
    for (c, style) in cells {
        if current.is_some_and(|s| s != *style) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                current.unwrap_or_default(),
            ));
        }
        current = Some(*style);
        text.push(*c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, current.unwrap_or_default()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::detail::Link;
    use crate::model::Kind;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn lines_wrap_at_spaces_and_long_words_are_cut() {
        let rows = wrap(&Line::raw("jedna dva tři čtyři"), 9);
        let rows: Vec<String> = rows.iter().map(text).collect();
        assert_eq!(rows, ["jedna dva", "tři čtyři"]);
        let rows = wrap(&Line::raw("jedna dva tři čtyři"), 8);
        let rows: Vec<String> = rows.iter().map(text).collect();
        assert_eq!(rows, ["jedna", "dva tři", "čtyři"]);
        let rows = wrap(&Line::raw("abcdefghij"), 4);
        let rows: Vec<String> = rows.iter().map(text).collect();
        assert_eq!(rows, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn styles_survive_wrapping() {
        let style = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![
            Span::styled("Kraj:", style),
            Span::raw(" Jihočeský kraj"),
        ]);
        let rows = wrap(&line, 10);
        assert_eq!(rows[0].spans[0].style, style);
        assert_eq!(text(&rows[0]), "Kraj:");
    }

    fn pane(lines: usize, links: &[usize], height: u16) -> DetailPane {
        let detail = Detail {
            lines: (0..lines)
                .map(|i| Line::raw(format!("řádek {i}")))
                .collect(),
            links: links
                .iter()
                .map(|&line| Link {
                    line,
                    target: RecordRef::new(Kind::Person, line as u64 + 1),
                })
                .collect(),
        };
        let mut pane = DetailPane::default();
        pane.width.set(40);
        pane.height.set(height);
        pane.show(RecordRef::new(Kind::Region, 1), detail);
        pane
    }

    #[test]
    fn the_selection_stays_in_view_and_the_end_can_be_reached() {
        let mut pane = pane(30, &[2, 20], 10);
        assert_eq!(pane.selected(), Some(RecordRef::new(Kind::Person, 3)));
        // The next related record is out of reach of a step: the pane scrolls first.
        pane.act(Action::Down);
        assert_eq!(pane.scroll.get(), 1);
        for _ in 0..20 {
            pane.act(Action::Down);
        }
        assert_eq!(pane.selected(), Some(RecordRef::new(Kind::Person, 21)));
        pane.act(Action::Last);
        assert_eq!(pane.scroll.get(), 20, "the last row is reachable");
        // Only what is in view can be opened.
        pane.act(Action::First);
        assert_eq!(pane.selected(), Some(RecordRef::new(Kind::Person, 3)));
    }

    #[test]
    fn a_detail_without_related_records_scrolls_when_it_overflows() {
        let mut pane = pane(30, &[], 10);
        assert!(pane.can_focus());
        pane.act(Action::PageDown);
        assert_eq!(pane.scroll.get(), 9);
        assert_eq!(pane.selected(), None);
        let short = self::pane(5, &[], 10);
        assert!(!short.can_focus());
    }
}
