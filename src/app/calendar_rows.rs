//! The calendar's rows. A month on a national register holds about a thousand meetings,
//! too many to read at every month move; the month view therefore reads the month's
//! days and ids from the date index alone (enough for the grid, the count and moving
//! through the list) and builds rows only for the selected day's meetings in view. The
//! others' rows are placeholders ([`Row::is_placeholder`]) until the clerk goes there;
//! a filter typed with `/` builds them all. Rows built are kept until the next change.

use chrono::{Datelike, NaiveDate};

use crate::app::agenda;
use crate::app::calendar::{Calendar, View};
use crate::app::tabs::{Names, Row};
use crate::model::date::{format_time, weekday_short};
use crate::model::{Id, Kind, Labelled, Lang, Meeting, RecordRef, Versioned};
use crate::store::{Result, Store};

/// Width of `5. 12.` in a row of the month or week.
pub(crate) const DAY_WIDTH: usize = 7;

/// How many of the selected day's rows are built when the day pane has not been drawn.
const DAY_LINES: usize = 20;

/// The calendar's rows: the meetings of the month or week in date order, or the
/// agenda's window (whose days it notes in `cal.agenda`, shared with the calendar it
/// was cloned from when the rows are read on the loader's thread).
pub fn rows(store: &dyn Store, names: &Names, cal: &Calendar, lang: Lang) -> Result<Vec<Row>> {
    let (from, to) = cal.range();
    if cal.view != View::Agenda {
        cal.agenda.set(None);
    }
    match cal.view {
        View::Month if cal.filters.is_empty() && !cal.whole_month => {
            month_rows(store, names, cal, (from, to), lang)
        }
        View::Month | View::Week if cal.filters.is_empty() => {
            whole_rows(store, names, (from, to), lang)
        }
        View::Month | View::Week => {
            let mut meetings = store.meetings_between(from, to)?;
            meetings.retain(|v| cal.filters.admits(&v.record));
            build(store, names, &meetings, false, lang)
        }
        View::Agenda => {
            let (mut meetings, window) = agenda::read(store, &cal.filters, cal.cursor, cal.past)?;
            cal.agenda.set(Some(window));
            meetings.retain(|v| cal.filters.admits(&v.record));
            build(store, names, &meetings, true, lang)
        }
    }
}

/// Every meeting's row from `from` to `to`: the kept ones, the others built.
fn whole_rows(
    store: &dyn Store,
    names: &Names,
    (from, to): (NaiveDate, NaiveDate),
    lang: Lang,
) -> Result<Vec<Row>> {
    let cache = names.calendar();
    let index = cache.month(store, from, to)?;
    if cache.has_rows(index.iter().map(|&(_, id)| id), lang) {
        return Ok(cache.rows(&index, lang, |_, _| None));
    }
    let meetings = store.meetings_between(from, to)?;
    let mut rows = Vec::with_capacity(meetings.len());
    let mut built = Vec::new();
    for v in &meetings {
        match cache.row(v.record.id, lang) {
            Some(row) => rows.push(row),
            None => {
                let row = row(store, names, &v.record, false, lang)?;
                built.push(row.clone());
                rows.push(row);
            }
        }
    }
    cache.keep(lang, built);
    Ok(rows)
}

/// The month's rows from the date index: built for the selected day's meetings the day
/// pane shows (those `cal.wanted`, or the first ones) and for those kept from before,
/// placeholders for the others.
fn month_rows(
    store: &dyn Store,
    names: &Names,
    cal: &Calendar,
    (from, to): (NaiveDate, NaiveDate),
    lang: Lang,
) -> Result<Vec<Row>> {
    let cache = names.calendar();
    let index = cache.month(store, from, to)?;
    let lines = match cal.day_lines.get() {
        0 => DAY_LINES,
        n => usize::from(n),
    };
    let shown: Vec<Id> = if cal.wanted.is_empty() {
        index
            .iter()
            .filter(|&&(date, _)| date == cal.cursor)
            .take(lines)
            .map(|&(_, id)| id)
            .collect()
    } else {
        cal.wanted.clone()
    };
    // Meetings of the day the index listed but the day's read no longer finds (a
    // change came in between; a refresh follows it): left out.
    let mut gone = Vec::new();
    if !cache.has_rows(shown.iter().copied(), lang) {
        let day = store.meetings_between(cal.cursor, cal.cursor)?;
        let mut built = Vec::new();
        for &id in &shown {
            match day.iter().find(|v| v.record.id == id) {
                Some(v) => built.push(row(store, names, &v.record, false, lang)?),
                None => gone.push(id),
            }
        }
        cache.keep(lang, built);
    }
    Ok(cache.rows(&index, lang, |date, id| {
        (!gone.contains(&id)).then(|| Row::placeholder(date, id))
    }))
}

fn build(
    store: &dyn Store,
    names: &Names,
    meetings: &[Versioned<Meeting>],
    in_agenda: bool,
    lang: Lang,
) -> Result<Vec<Row>> {
    meetings
        .iter()
        .map(|v| row(store, names, &v.record, in_agenda, lang))
        .collect()
}

impl Row {
    /// A meeting's row not built yet: its day and id only.
    fn placeholder(date: NaiveDate, id: Id) -> Row {
        Row {
            record: RecordRef::new(Kind::Meeting, id),
            title: String::new(),
            subtitle: String::new(),
            folded: String::new(),
            date: Some(date),
        }
    }

    /// Whether this is a meeting's row not built yet (a built row always has a title).
    pub(crate) fn is_placeholder(&self) -> bool {
        self.title.is_empty()
    }
}

/// `st 5. 12. 16:00–18:00  3. jednání ŘS Soběslav` (in the agenda
/// `st 5. 12. 16:00  ŘS Soběslav, 3. jednání`), with the region, kind and state after it
/// (so the `/` filter finds meetings by any of them).
fn row(store: &dyn Store, names: &Names, m: &Meeting, in_agenda: bool, lang: Lang) -> Result<Row> {
    let number = match m.group {
        Some(group) => Some((group, names.meeting_number(store, group, m.date, m.id)?)),
        None => None,
    };
    let meeting = lang.pick("jednání", "meeting");
    let title = if in_agenda {
        let what = match number {
            Some((group, n)) => format!("{}, {n}. {meeting}", names.group(group)),
            None => m.title.clone(),
        };
        agenda::row_title(m, &what, lang)
    } else {
        let day = format!("{}. {}.", m.date.day(), m.date.month());
        let time = match (m.start, m.end) {
            (Some(s), Some(e)) => format!("{}–{}  ", format_time(s), format_time(e)),
            (Some(s), None) => format!("{}  ", format_time(s)),
            _ => String::new(),
        };
        let what = match number {
            Some((group, n)) => format!("{n}. {meeting} {}", names.group(group)),
            None => m.title.clone(),
        };
        format!(
            "{} {day:>DAY_WIDTH$}  {time}{what}",
            weekday_short(m.date.weekday(), lang),
        )
    };
    let subtitle = format!(
        "{} · {} · {}",
        names.region(m.region),
        m.kind.label(lang),
        m.state.label(lang)
    );
    let mut row = Row::new(RecordRef::new(Kind::Meeting, m.id), title, subtitle);
    row.date = Some(m.date);
    Ok(row)
}
