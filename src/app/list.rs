//! A tab's list: rows, the live filter, the selection and the scroll position.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::theme::Theme;
use crate::app::widgets::{clip, clip_middle};
use crate::model::text::fold;
use crate::model::{Lang, RecordRef};

use crate::app::tabs::Row;

#[derive(Debug, Clone, Default)]
pub struct ListPane {
    rows: Vec<Row>,
    /// What the clerk typed after `/`.
    pub filter: String,
    /// True while keys go into the filter.
    pub filtering: bool,
    /// Indexes into `rows` of the rows the filter lets through.
    visible: Vec<usize>,
    /// Position in `visible`.
    selected: usize,
    /// First visible row on screen; kept by the renderer.
    pub offset: usize,
    pub loaded: bool,
    /// The read of the rows under way.
    pub(crate) pending: Option<u64>,
    /// What to select once the rows are there.
    pub(crate) then: Option<Select>,
    /// The longest title, in characters.
    widest: usize,
}

/// A selection waiting for the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select {
    Record(RecordRef),
    /// The calendar's first meeting on or after its selected day.
    Cursor,
}

impl ListPane {
    /// The rows are out of date: they are read again when next shown, and a read
    /// under way is not waited for.
    pub fn invalidate(&mut self) {
        self.loaded = false;
        self.pending = None;
    }

    /// Replaces the rows, keeping the selected record selected if it is still there.
    pub fn set_rows(&mut self, rows: Vec<Row>) {
        let keep = self.selected_record();
        self.widest = rows
            .iter()
            .map(|r| r.title.chars().count())
            .max()
            .unwrap_or(0);
        self.rows = rows;
        self.loaded = true;
        self.refilter();
        if let Some(r) = keep {
            self.select_record(r);
        }
    }

    fn refilter(&mut self) {
        let words = filter_words(&self.filter);
        self.visible = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| words.iter().all(|w| row.folded.contains(w.as_str())))
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    pub fn set_filter(&mut self, filter: String) {
        let narrower = filter.starts_with(self.filter.as_str());
        self.filter = filter;
        self.selected = 0;
        self.offset = 0;
        if narrower {
            // Typed on: each word of the old filter is in a word of the new one, so
            // only rows the old filter let through can match.
            let words = filter_words(&self.filter);
            let rows = &self.rows;
            self.visible.retain(|&i| {
                rows.get(i)
                    .is_some_and(|row| words.iter().all(|w| row.folded.contains(w.as_str())))
            });
        } else {
            self.refilter();
        }
    }

    /// The longest title of the rows, in characters.
    pub fn widest(&self) -> usize {
        self.widest
    }

    pub fn visible_rows(&self) -> impl Iterator<Item = &Row> {
        self.visible.iter().filter_map(|&i| self.rows.get(i))
    }

    /// The visible rows from the `start`-th on, with their positions: a screenful is
    /// found without walking the rows above it.
    pub fn visible_rows_from(&self, start: usize) -> impl Iterator<Item = (usize, &Row)> {
        self.visible
            .get(start..)
            .unwrap_or_default()
            .iter()
            .zip(start..)
            .filter_map(|(&i, position)| self.rows.get(i).map(|row| (position, row)))
    }

    pub fn len(&self) -> usize {
        self.visible.len()
    }

    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Selects the `index`-th visible row (the last when there are fewer).
    pub fn select_index(&mut self, index: usize) {
        self.selected = index.min(self.visible.len().saturating_sub(1));
    }

    pub fn selected_record(&self) -> Option<RecordRef> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
            .map(|row| row.record)
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
    }

    /// Selects a record; clears the filter if it hides the record. False if absent.
    pub fn select_record(&mut self, record: RecordRef) -> bool {
        if let Some(pos) = self.position(record) {
            self.selected = pos;
            return true;
        }
        if self.rows.iter().any(|r| r.record == record) && !self.filter.is_empty() {
            self.set_filter(String::new());
            if let Some(pos) = self.position(record) {
                self.selected = pos;
                return true;
            }
        }
        false
    }

    fn position(&self, record: RecordRef) -> Option<usize> {
        self.visible
            .iter()
            .position(|&i| self.rows.get(i).is_some_and(|r| r.record == record))
    }

    /// Moves the selection by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn first(&mut self) {
        self.selected = 0;
    }

    pub fn last(&mut self) {
        self.selected = self.visible.len().saturating_sub(1);
    }
}

/// The folded words of a filter.
fn filter_words(filter: &str) -> Vec<String> {
    fold(filter)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl ListPane {
    /// Draws the rows in `block` (the caller's title and frame): the selection in view,
    /// long titles cut in the middle, subtitles where there is room.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        block: Block,
        focused: bool,
        theme: &Theme,
        lang: Lang,
    ) {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.is_empty() {
            let empty = if self.pending.is_some() && !self.loaded {
                lang.pick("Načítám…", "Loading…")
            } else if self.total() == 0 {
                lang.pick("Žádné záznamy. n = nový", "No records. n = new")
            } else {
                lang.pick("Filtru nic neodpovídá.", "Nothing matches the filter.")
            };
            frame.render_widget(Paragraph::new(empty).style(theme.muted), inner);
            return;
        }
        let height = inner.height as usize;
        let offset = self.selected().saturating_sub(height.saturating_sub(1));
        let width = inner.width as usize;
        let lines: Vec<Line> = self
            .visible_rows_from(offset)
            .take(height)
            .map(|(i, row)| {
                let selected = i == self.selected();
                let base = match (selected, focused) {
                    (true, true) => theme.selected,
                    (true, false) => theme.selected_unfocused,
                    _ => theme.base,
                };
                let title = clip_middle(&row.title, width);
                let room = width.saturating_sub(title.chars().count() + 2);
                let mut spans = vec![Span::styled(title, base)];
                if room > 3 && !row.subtitle.is_empty() {
                    let sub_style = if selected { base } else { theme.muted };
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn row(id: u64, title: &str) -> Row {
        Row {
            record: RecordRef::new(Kind::Region, id),
            title: title.into(),
            subtitle: String::new(),
            folded: fold(title),
            date: None,
        }
    }

    #[test]
    fn filter_ignores_case_and_diacritics_and_keeps_selection_in_range() {
        let mut list = ListPane::default();
        list.set_rows(vec![
            row(1, "Písek"),
            row(2, "Soběslav"),
            row(3, "Strakonice"),
        ]);
        list.last();
        list.set_filter("SOBESLAV".into());
        assert_eq!(list.len(), 1);
        assert_eq!(
            list.selected_record(),
            Some(RecordRef::new(Kind::Region, 2))
        );
        list.set_filter("xyz".into());
        assert!(list.is_empty());
        assert_eq!(list.selected_record(), None);
        list.move_by(1);
        assert!(list.select_record(RecordRef::new(Kind::Region, 3)));
        assert_eq!(list.filter, "");
    }

    fn filtered(list: &ListPane) -> Vec<u64> {
        list.visible_rows().map(|r| r.record.id).collect()
    }

    #[test]
    fn typing_on_narrows_to_what_the_whole_filter_finds() {
        let titles = [
            "Novák Jan",
            "Nováková Věra",
            "Novotný Petr",
            "Kovář Jan",
            "Černá Alena",
            "Nová Alena",
        ];
        let mut typed = ListPane::default();
        typed.set_rows(titles.iter().zip(1..).map(|(t, id)| row(id, t)).collect());
        let mut fresh = typed.clone();
        // Typing "nova a", then Backspace three times: each step as a filter typed anew
        // would find.
        let mut filter = String::new();
        let steps = "nova a\u{8}\u{8}\u{8}";
        for c in steps.chars() {
            if c == '\u{8}' {
                filter.pop();
            } else {
                filter.push(c);
            }
            typed.set_filter(filter.clone());
            fresh.set_filter(String::new());
            fresh.set_filter(filter.clone());
            assert_eq!(filtered(&typed), filtered(&fresh), "{filter:?}");
        }
        assert_eq!(filtered(&typed), vec![1, 2, 3, 6]);
        typed.set_filter("nova a".into());
        assert_eq!(filtered(&typed), vec![1, 2, 6]);
        typed.set_filter("nová alena".into());
        assert_eq!(filtered(&typed), vec![6]);
    }

    #[test]
    fn rows_from_a_position_are_the_visible_rows_after_it() {
        let mut list = ListPane::default();
        list.set_rows((1..=30).map(|id| row(id, &format!("Obec {id}"))).collect());
        list.set_filter("1".into());
        let all: Vec<(usize, u64)> = list
            .visible_rows()
            .enumerate()
            .map(|(i, r)| (i, r.record.id))
            .collect();
        for start in 0..=all.len() + 1 {
            let from: Vec<(usize, u64)> = list
                .visible_rows_from(start)
                .map(|(i, r)| (i, r.record.id))
                .collect();
            assert_eq!(from, all.iter().copied().skip(start).collect::<Vec<_>>());
        }
    }

    #[test]
    fn selection_follows_the_record_when_rows_change() {
        let mut list = ListPane::default();
        list.set_rows(vec![row(1, "Písek"), row(2, "Soběslav")]);
        list.move_by(1);
        list.set_rows(vec![row(3, "Blatná"), row(1, "Písek"), row(2, "Soběslav")]);
        assert_eq!(
            list.selected_record(),
            Some(RecordRef::new(Kind::Region, 2))
        );
        list.move_by(-10);
        assert_eq!(list.selected(), 0);
    }
}
