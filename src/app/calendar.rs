//! The calendar tab: a month grid with the selected day's meetings, a week with times and
//! an agenda of upcoming (or past) meetings, moved by day, week and month.

use chrono::{Datelike, Days, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::Action;
use crate::app::agenda;
use crate::app::calendar_rows::DAY_WIDTH;
use crate::app::calendar_tools::{Filters, PromptFor};
use crate::app::list::Select;
use crate::app::popups::PromptLayer;
use crate::app::state::{App, Focus, first_of_month};
use crate::app::tabs::{Row, Tab};
use crate::model::date::{format_date, month_name, weekday_short};
use crate::model::{Field, Id, Kind, RecordRef};

pub use crate::app::calendar_rows::rows;

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
/// The date field of the go-to-date prompt.
pub const GO_TO: Field = Field::new("Datum", "Date");

/// What the calendar tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Month,
    Week,
    Agenda,
}

impl View {
    fn next(self) -> View {
        match self {
            View::Month => View::Week,
            View::Week => View::Agenda,
            View::Agenda => View::Month,
        }
    }
}

/// Where the calendar stands: the view, the selected day and, for the agenda, whether
/// its window ends before the selected day (instead of starting on it) and the days it
/// covers as last read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub view: View,
    pub cursor: NaiveDate,
    pub past: bool,
    pub filters: Filters,
    pub agenda: agenda::Shown,
    /// The clashes of the meetings saved last, for the key that lists them.
    pub clashes: Option<crate::app::clash_popup::ClashPopup>,
    /// Whether the month view builds every day's rows (a typed filter searches them),
    /// not only the selected day's.
    pub whole_month: bool,
    /// The selected day's meetings in view whose rows the month view is to build;
    /// none: those from the day's first on.
    pub(crate) wanted: Vec<crate::model::Id>,
    /// How many lines the day pane had when last drawn.
    pub(crate) day_lines: std::cell::Cell<u16>,
}

impl Calendar {
    pub fn new(cursor: NaiveDate) -> Calendar {
        Calendar {
            view: View::Month,
            cursor,
            past: false,
            filters: Filters::default(),
            agenda: agenda::Shown::default(),
            clashes: None,
            whole_month: false,
            wanted: Vec::new(),
            day_lines: std::cell::Cell::new(0),
        }
    }

    /// The days whose meetings the list holds (month and week views).
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        match self.view {
            View::Month => {
                let first = first_of_month(self.cursor);
                let last = first
                    .checked_add_months(Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(first);
                (first, last)
            }
            View::Week => {
                let back = u64::from(self.cursor.weekday().num_days_from_monday());
                let monday = self
                    .cursor
                    .checked_sub_days(Days::new(back))
                    .unwrap_or(self.cursor);
                let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
                (monday, sunday)
            }
            View::Agenda => agenda::span(self.cursor, self.past),
        }
    }

    /// The agenda's next window (`forward`) or the one before: it starts the day after
    /// the shown one ends, or ends the day before it starts.
    fn page(&mut self, forward: bool) {
        let (from, to) = match self.agenda.get() {
            Some(window) => (window.from, window.to),
            None => self.range(),
        };
        if forward {
            if let Some(next) = to.succ_opt() {
                self.cursor = next;
                self.past = false;
            }
        } else {
            self.cursor = from;
            self.past = true;
        }
    }
}

impl App {
    /// The calendar's keys; false when the action is not one of them.
    pub(crate) fn calendar_act(&mut self, action: Action) -> bool {
        let cursor = self.calendar.cursor;
        if self.calendar.view == View::Agenda {
            let forward = match action {
                Action::PrevWeek | Action::PrevMonth => Some(false),
                Action::NextWeek | Action::NextMonth => Some(true),
                _ => None,
            };
            if let Some(forward) = forward {
                self.calendar.page(forward);
                self.reload_calendar();
                return true;
            }
        }
        let moved = match action {
            Action::PrevDay => cursor.pred_opt(),
            Action::NextDay => cursor.succ_opt(),
            Action::PrevWeek => cursor.checked_sub_days(Days::new(7)),
            Action::NextWeek => cursor.checked_add_days(Days::new(7)),
            Action::PrevMonth => cursor.checked_sub_months(Months::new(1)),
            Action::NextMonth => cursor.checked_add_months(Months::new(1)),
            Action::Today => {
                self.calendar.past = false;
                Some(self.today)
            }
            Action::GoToDate => {
                self.layers.push(Box::new(PromptLayer::new(
                    PromptFor::GoToDate,
                    String::new(),
                )));
                return true;
            }
            Action::CalendarView => {
                self.calendar.view = self.calendar.view.next();
                self.reload_calendar();
                return true;
            }
            Action::TogglePast if self.calendar.view == View::Agenda => {
                self.calendar.past = !self.calendar.past;
                self.reload_calendar();
                return true;
            }
            Action::Filter => {
                self.read_whole_month();
                // The filter itself opens as in every list.
                return false;
            }
            _ => return self.calendar_tool_act(action),
        };
        if let Some(date) = moved {
            self.go_to_date(date);
        }
        true
    }

    /// Puts the calendar on a day: reloads the list when the day leaves the month or week
    /// shown, and selects the day's first meeting (or the next one).
    pub fn go_to_date(&mut self, date: NaiveDate) {
        let before = self.calendar.range();
        self.calendar.cursor = date;
        if self.calendar.view == View::Agenda || self.calendar.range() != before {
            self.reload_calendar();
        } else {
            self.select_then(Select::Cursor);
        }
    }

    fn reload_calendar(&mut self) {
        let list = &mut self.lists[Tab::Calendar.index()];
        // A typed filter searches every day's rows: they are all built while it stands.
        self.calendar.whole_month = list.filtering || !list.filter.is_empty();
        list.invalidate();
        // The selection goes to the day's first meeting.
        self.calendar.wanted.clear();
        if self.tab == Tab::Calendar {
            self.load_tab();
            self.select_then(Select::Cursor);
        }
    }

    /// In the month view, builds the rows of the selected day's meetings in view when
    /// they are placeholders (the day or the selection moved where nothing was read
    /// yet), keeping the selection. Called after every key and every list read.
    pub(crate) fn read_selected_day(&mut self) {
        if self.tab != Tab::Calendar || self.calendar.view != View::Month {
            return;
        }
        let list = &self.lists[Tab::Calendar.index()];
        if !list.loaded || list.pending.is_some() {
            return;
        }
        let (day, from) = self.day_in_view();
        let wanted: Vec<_> = day
            .iter()
            .skip(from)
            .take(self.day_lines())
            .filter(|r| r.is_placeholder())
            .map(|r| r.record.id)
            .collect();
        if !wanted.is_empty() {
            self.calendar.wanted = wanted;
            self.lists[Tab::Calendar.index()].invalidate();
            self.load_tab();
        }
    }

    /// The lines of the day pane, as last drawn.
    fn day_lines(&self) -> usize {
        usize::from(self.calendar.day_lines.get()).max(1)
    }

    /// The selected day's rows, and the first of them in view: the selected meeting
    /// stays in view on a day of more meetings than lines.
    fn day_in_view(&self) -> (Vec<&Row>, usize) {
        let cursor = self.calendar.cursor;
        let selected = self.current();
        let day: Vec<&Row> = self
            .list()
            .visible_rows()
            .filter(|r| r.date == Some(cursor))
            .collect();
        let at = day
            .iter()
            .position(|r| Some(r.record) == selected)
            .unwrap_or(0);
        let from = (at + 1).saturating_sub(self.day_lines());
        (day, from)
    }

    /// Before a typed filter: the month view builds every day's rows, for the filter
    /// to search.
    fn read_whole_month(&mut self) {
        let list = &self.lists[Tab::Calendar.index()];
        if self.calendar.view == View::Month && list.visible_rows().any(|r| r.is_placeholder()) {
            self.calendar.whole_month = true;
            self.lists[Tab::Calendar.index()].invalidate();
            self.load_tab();
        }
    }

    /// Selects the first meeting on or after the selected day (month and week views).
    pub(crate) fn select_from_cursor(&mut self) {
        if self.calendar.view == View::Agenda {
            return;
        }
        let cursor = self.calendar.cursor;
        let list = &mut self.lists[Tab::Calendar.index()];
        let position = list
            .visible_rows()
            .position(|r| r.date.is_some_and(|d| d >= cursor))
            .unwrap_or(list.len().saturating_sub(1));
        list.select_index(position);
    }

    /// After a move in the list, the selected day follows the selected meeting.
    pub(crate) fn follow_selection(&mut self) {
        if self.tab == Tab::Calendar
            && self.calendar.view != View::Agenda
            && let Some(date) = self.list().selected_row().and_then(|r| r.date)
        {
            self.calendar.cursor = date;
        }
    }

    /// The selected record's id if it is of `kind` (the keys that act on one kind of
    /// record are offered only then).
    pub(crate) fn current_of(&self, kind: Kind) -> Option<Id> {
        self.current().filter(|r| r.kind == kind).map(|r| r.id)
    }

    /// The selected record, except in the month view when the selected day has no
    /// meeting: then nothing is selected (edit and delete never act on another day).
    pub fn current(&self) -> Option<RecordRef> {
        let row = self.list().selected_row()?;
        if self.tab == Tab::Calendar
            && self.calendar.view == View::Month
            && row.date != Some(self.calendar.cursor)
        {
            return None;
        }
        Some(row.record)
    }

    /// The list title of the calendar tab.
    pub(crate) fn calendar_title(&self) -> String {
        let (from, to) = self.calendar.range();
        let n = self.list().total();
        let l = self.lang;
        match self.calendar.view {
            View::Month => format!("{} {} ({n})", month_name(from.month(), l), from.year()),
            View::Week => {
                let start = if from.month() == to.month() {
                    format!("{}.", from.day())
                } else {
                    format!("{}. {}.", from.day(), from.month())
                };
                format!(
                    "{} {}, {start}–{} ({n})",
                    l.pick("Týden", "Week"),
                    from.iso_week().week(),
                    format_date(to)
                )
            }
            View::Agenda => {
                let window = self.calendar.agenda.get().unwrap_or(agenda::Window {
                    from,
                    to,
                    earlier: None,
                    later: None,
                });
                agenda::title(&window, n, l)
            }
        }
    }

    /// The calendar's active filters, for the bottom edge of its list:
    /// ` Filtr: ŘS Soběslav · kulatý stůl `.
    pub(crate) fn filter_title(&self) -> Option<Span<'static>> {
        if self.tab != Tab::Calendar || self.calendar.filters.is_empty() {
            return None;
        }
        let text = format!(
            " {} {} ",
            self.lang.pick("Filtr:", "Filter:"),
            crate::model::text::sanitize_line(
                &self.calendar.filters.describe(&self.names, self.lang)
            )
        );
        Some(Span::styled(text, self.theme.warning))
    }

    /// The month view's left pane: the grid, and under it the selected day's meetings.
    pub(crate) fn render_month(&self, frame: &mut Frame, area: Rect) {
        let (first, last) = self.calendar.range();
        let lead = first.weekday().num_days_from_monday();
        let weeks = (lead + last.day()).div_ceil(7);
        let grid_height = u16::try_from(weeks).unwrap_or(6) + 3;
        let [grid, day] =
            Layout::vertical([Constraint::Length(grid_height), Constraint::Min(0)]).areas(area);
        let focused = self.focus == Focus::List;
        let border = if focused {
            self.theme.border_focused
        } else {
            self.theme.border
        };
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(Span::styled(
                format!(" {} ", self.list_title()),
                self.theme.title,
            ));
        if let Some(filters) = self.filter_title() {
            block = block.title_bottom(filters);
        }
        let mut counts = [0usize; 32];
        for row in self.list().visible_rows() {
            if let Some(d) = row.date {
                counts[d.day() as usize] += 1;
            }
        }
        let mut header = Vec::new();
        let mut wd = chrono::Weekday::Mon;
        for _ in 0..7 {
            let name = format!("  {}", weekday_short(wd, self.lang));
            header.push(Span::styled(name, self.theme.label));
            wd = wd.succ();
        }
        let mut lines = vec![Line::from(header)];
        let mut spans = vec![Span::raw("    ".repeat(lead as usize))];
        for d in 1..=last.day() {
            let n = counts[d as usize];
            // One meeting a dot, more a superscript count.
            let mark = match n {
                0 => ' ',
                1 => '•',
                2..=9 => SUPERSCRIPTS[n],
                _ => '+',
            };
            let date = first.with_day(d).unwrap_or(first);
            let mut style = if n > 0 {
                self.theme.link
            } else {
                Style::default()
            };
            if date == self.today {
                style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
            }
            if date == self.calendar.cursor {
                style = if focused {
                    self.theme.selected
                } else {
                    self.theme.selected_unfocused
                };
            }
            spans.push(Span::styled(format!("{d:>3}{mark}"), style));
            if (lead + d) % 7 == 0 {
                lines.push(Line::from(std::mem::take(&mut spans)));
            }
        }
        if !spans.is_empty() {
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines).block(block), grid);
        self.render_day(frame, day);
    }

    fn render_day(&self, frame: &mut Frame, area: Rect) {
        let cursor = self.calendar.cursor;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border)
            .title(Span::styled(
                format!(
                    " {} {} ",
                    weekday_short(cursor.weekday(), self.lang),
                    format_date(cursor)
                ),
                self.theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        self.calendar.day_lines.set(inner.height);
        let selected = self.current();
        let width = usize::from(inner.width);
        let (day, from) = self.day_in_view();
        let lines: Vec<Line> = day
            .iter()
            .skip(from)
            .take(self.day_lines())
            .map(|r| {
                if r.is_placeholder() {
                    // Its row is being read.
                    return Line::styled("…", self.theme.muted);
                }
                // The day is in the box's title; the row starts at its time.
                let text: String = r
                    .title
                    .chars()
                    .skip(3 + DAY_WIDTH + 2)
                    .take(width)
                    .collect();
                let style = if Some(r.record) == selected && self.focus == Focus::List {
                    self.theme.selected
                } else {
                    Style::default()
                };
                Line::styled(text, style)
            })
            .collect();
        if lines.is_empty() {
            let none = self.lang.pick("Žádné jednání.", "No meetings.");
            frame.render_widget(Paragraph::new(none).style(self.theme.muted), inner);
        } else {
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}
