//! The calendar's agenda: a window of meetings that says which days it covers, moved a
//! window at a time into the past or the future without limit; an empty window names
//! the nearest meetings before and after it.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::app::calendar_tools::Filters;
use crate::model::date::{format_date, format_time, weekday_short};
use crate::model::grammar::Counted;
use crate::model::{Lang, Meeting, Versioned};
use crate::store::{Result, Store};

/// How many meetings a window lists at most; a busier window ends earlier (after its
/// last whole day) and says so in its title.
pub const MAX_ROWS: usize = 300;
/// How long a window is when it is not cut short by [`MAX_ROWS`].
const MONTHS: u32 = 3;
/// The agenda reads the store this many days at a time, so that a busy register stops
/// reading as soon as a window is full.
const STEP: u64 = 14;
/// The first stretch searched for the nearest meeting outside an empty window; each
/// further one is twice as long.
const NEAREST_STEP: u64 = 92;

/// The days an agenda shows, as read: `from` and `to` both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// For an empty window: the last meeting day before it and the first after it
    /// (filters applied).
    pub earlier: Option<NaiveDate>,
    pub later: Option<NaiveDate>,
}

/// The window the agenda shows, as its rows were last read. The rows are read from a
/// clone of the calendar (on the loader's thread); the clone shares this with the
/// calendar on screen, so that the title and the paging keys know the days read.
#[derive(Debug, Clone, Default)]
pub struct Shown(std::sync::Arc<std::sync::Mutex<Option<Window>>>);

impl Shown {
    pub fn get(&self) -> Option<Window> {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn set(&self, window: Option<Window>) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = window;
    }
}

impl PartialEq for Shown {
    fn eq(&self, other: &Shown) -> bool {
        self.get() == other.get()
    }
}

impl Eq for Shown {}

/// The days a window starting at `cursor` (or, `past`, ending the day before it) covers
/// before it is cut short by [`MAX_ROWS`].
pub fn span(cursor: NaiveDate, past: bool) -> (NaiveDate, NaiveDate) {
    if past {
        let to = cursor.pred_opt().unwrap_or(cursor);
        let from = cursor
            .checked_sub_months(Months::new(MONTHS))
            .unwrap_or(NaiveDate::MIN);
        (from.min(to), to)
    } else {
        let to = cursor
            .checked_add_months(Months::new(MONTHS))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX);
        (cursor, to)
    }
}

/// The meetings of the window at `cursor` that `filters` admit, in date order, and the
/// window as read.
pub fn read(
    store: &dyn Store,
    filters: &Filters,
    cursor: NaiveDate,
    past: bool,
) -> Result<(Vec<Versioned<Meeting>>, Window)> {
    let (from, to) = span(cursor, past);
    let step = Days::new(STEP - 1);
    // Chunks of whole days from the window's near end; each chunk in date order.
    let mut chunks: Vec<Vec<Versioned<Meeting>>> = Vec::new();
    let mut found = 0;
    let mut reached = if past { to } else { from };
    loop {
        let (start, end) = if past {
            let start = reached.checked_sub_days(step).unwrap_or(from).max(from);
            (start, reached)
        } else {
            let end = reached.checked_add_days(step).unwrap_or(to).min(to);
            (reached, end)
        };
        let mut chunk = store.meetings_between(start, end)?;
        chunk.retain(|v| filters.admits(&v.record));
        found += chunk.len();
        chunks.push(chunk);
        let next = if past {
            start.pred_opt().filter(|d| *d >= from)
        } else {
            end.succ_opt().filter(|d| *d <= to)
        };
        match next {
            Some(day) if found <= MAX_ROWS => reached = day,
            _ => break,
        }
    }
    if past {
        chunks.reverse();
    }
    let mut meetings: Vec<Versioned<Meeting>> = chunks.into_iter().flatten().collect();
    let mut window = Window {
        from,
        to,
        earlier: None,
        later: None,
    };
    if meetings.len() > MAX_ROWS {
        // Cut after the last whole day (before the first, looking back); a single day
        // busier than the limit is shown whole.
        if past {
            let first_kept = meetings.len() - MAX_ROWS;
            let day = meetings[first_kept].record.date;
            let partial = meetings[first_kept - 1].record.date == day;
            let start = match (partial, day.succ_opt()) {
                (true, Some(next)) if meetings.last().is_some_and(|m| m.record.date >= next) => {
                    next
                }
                _ => day,
            };
            meetings.retain(|m| m.record.date >= start);
            window.from = start;
        } else {
            let day = meetings[MAX_ROWS - 1].record.date;
            let partial = meetings[MAX_ROWS].record.date == day;
            let end = match (partial, day.pred_opt()) {
                (true, Some(before))
                    if meetings.first().is_some_and(|m| m.record.date <= before) =>
                {
                    before
                }
                _ => day,
            };
            meetings.retain(|m| m.record.date <= end);
            window.to = end;
        }
    }
    if meetings.is_empty() {
        let (earlier, later) = nearest(store, filters, from, to)?;
        window.earlier = earlier;
        window.later = later;
    }
    Ok((meetings, window))
}

/// The last meeting day before `from` and the first after `to` among the meetings
/// `filters` admit: searched outwards in stretches that double, and never past the
/// register's first or last meeting.
fn nearest(
    store: &dyn Store,
    filters: &Filters,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let Some(first) = store.nearest_meeting_date(NaiveDate::MIN)? else {
        return Ok((None, None));
    };
    let last = store.nearest_meeting_date(NaiveDate::MAX)?.unwrap_or(first);
    let mut earlier = None;
    let mut end = from.pred_opt().map(|d| d.min(last));
    let mut length = NEAREST_STEP;
    while let Some(stretch_end) = end.filter(|d| *d >= first) {
        let start = stretch_end
            .checked_sub_days(Days::new(length))
            .unwrap_or(first)
            .max(first);
        let found = store.meetings_between(start, stretch_end)?;
        if let Some(m) = found.iter().rev().find(|v| filters.admits(&v.record)) {
            earlier = Some(m.record.date);
            break;
        }
        end = start.pred_opt();
        length = length.saturating_mul(2);
    }
    let mut later = None;
    let mut start = to.succ_opt().map(|d| d.max(first));
    let mut length = NEAREST_STEP;
    while let Some(stretch_start) = start.filter(|d| *d <= last) {
        let end = stretch_start
            .checked_add_days(Days::new(length))
            .unwrap_or(last)
            .min(last);
        let found = store.meetings_between(stretch_start, end)?;
        if let Some(m) = found.iter().find(|v| filters.admits(&v.record)) {
            later = Some(m.record.date);
            break;
        }
        start = end.succ_opt();
        length = length.saturating_mul(2);
    }
    Ok((earlier, later))
}

/// `Přehled 1. 12. 2026 – 28. 2. 2027 (14 schůzek)`.
pub fn title(window: &Window, count: usize, lang: Lang) -> String {
    format!(
        "{} {} – {} ({})",
        lang.pick("Přehled", "Agenda"),
        format_date(window.from),
        format_date(window.to),
        meetings(count, lang)
    )
}

/// Meetings counted in the agenda's title.
const MEETINGS: Counted = Counted::new(["schůzka", "schůzky", "schůzek"], ["meeting", "meetings"]);

/// `1 schůzka`, `3 schůzky`, `14 schůzek`.
pub fn meetings(n: usize, lang: Lang) -> String {
    MEETINGS.count(n, lang)
}

/// What an empty window shows instead of rows: that it is empty, and where the nearest
/// meetings are and which keys reach them.
pub fn empty_text(window: &Window, keys: [&str; 3], lang: Lang) -> String {
    let [earlier_key, later_key, go_key] = keys;
    let mut lines = vec![
        lang.pick(
            "V tomto období nejsou žádná jednání.",
            "No meetings in this period.",
        )
        .to_string(),
    ];
    match (window.earlier, window.later) {
        (None, None) => lines.push(
            lang.pick(
                "Žádná jiná jednání nejsou zapsána.",
                "No other meetings are recorded.",
            )
            .into(),
        ),
        (earlier, later) => {
            let near = |date: Option<NaiveDate>| match date {
                Some(d) => format_date(d),
                None => lang.pick("žádné", "none").to_string(),
            };
            lines.push(String::new());
            lines.push(format!(
                "{} {}",
                lang.pick("Předchozí jednání:", "Previous meeting:"),
                near(earlier)
            ));
            lines.push(format!(
                "{} {}",
                lang.pick("Další jednání:", "Next meeting:"),
                near(later)
            ));
            lines.push(String::new());
            lines.push(format!(
                "{earlier_key} {} · {later_key} {}",
                lang.pick("dříve", "earlier"),
                lang.pick("později", "later"),
            ));
            lines.push(format!(
                "{go_key} {}",
                lang.pick("přejít na datum", "go to a date")
            ));
        }
    }
    lines.join("\n")
}

/// An agenda row's title: `st 5. 12. 16:00 ŘS Soběslav, 3. jednání`. The year is in
/// the list's title; the group's (short) name comes right after the time so that it is
/// seen at 80 columns.
pub fn row_title(m: &Meeting, what: &str, lang: Lang) -> String {
    let day = format!("{}. {}.", m.date.day(), m.date.month());
    let time = m
        .start
        .map(|t| format!("{} ", format_time(t)))
        .unwrap_or_default();
    format!(
        "{} {day:>7} {time}{what}",
        weekday_short(m.date.weekday(), lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_window_is_three_months_forward_or_back() {
        assert_eq!(
            span(day(2026, 12, 1), false),
            (day(2026, 12, 1), day(2027, 2, 28))
        );
        assert_eq!(
            span(day(2026, 12, 1), true),
            (day(2026, 9, 1), day(2026, 11, 30))
        );
    }

    #[test]
    fn the_count_agrees_with_its_noun() {
        assert_eq!(meetings(1, Lang::Cs), "1 schůzka");
        assert_eq!(meetings(3, Lang::Cs), "3 schůzky");
        assert_eq!(meetings(14, Lang::Cs), "14 schůzek");
        assert_eq!(meetings(0, Lang::Cs), "0 schůzek");
        assert_eq!(meetings(1, Lang::En), "1 meeting");
    }
}
