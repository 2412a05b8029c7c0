//! Reading: the events of an iCalendar text, in Prague local time; a recurring event as
//! each of its occurrences.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use icalendar::parser::{read_components, unfold};
use icalendar::{
    CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike,
};

use super::error::{shorten, syntax_error};
use super::names::{serde_name, split_description, state_of};
use super::prague::{Zone, utc_to_prague, zone};
use super::recur::{self, Context};
use super::{
    CutSeries, FIRST_YEAR, IcsError, ImportedCalendar, ImportedEvent, KIND_PROPERTY, LAST_YEAR,
};
use crate::model::{Labelled, MeetingKind, MeetingState};

/// The largest calendar kpss reads: some 30,000 events.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// How deep components may nest (a calendar, an event, an alarm is 3). The parser
/// descends into each nested component on the stack: a file of thousands of nested
/// components would overflow it, so such a file is refused before it is parsed.
pub const MAX_DEPTH: usize = 8;

/// The events of an iCalendar text, in file order, a recurring event as its occurrences.
/// Refuses text that is not a calendar, is too large or nested too deep, a calendar
/// without events, and an event without a start, with a date that does not exist or
/// lies outside the years kpss keeps, in an unknown time zone, ending before it starts
/// or recurring by a rule that cannot be expanded.
pub fn read(text: &str) -> Result<ImportedCalendar, IcsError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(IcsError::TooLarge {
            bytes: text.len() as u64,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(IcsError::NotACalendar {
            found: String::new(),
        });
    }
    let unfolded = unfold(text);
    let first_line = unfolded
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if !first_line.eq_ignore_ascii_case("BEGIN:VCALENDAR") {
        return Err(IcsError::NotACalendar {
            found: shorten(first_line),
        });
    }
    check_depth(&unfolded)?;
    // The parser is a third party's: whatever it does with a hostile file, kpss answers
    // with a refusal, not a crash.
    let parsed = match std::panic::catch_unwind(|| read_components(&unfolded)) {
        Ok(Ok(parsed)) => parsed,
        Ok(Err(error)) => return Err(syntax_error(&unfolded, &error)),
        Err(_) => return Err(syntax_error(&unfolded, "")),
    };
    let Some(first) = parsed.first() else {
        return Err(IcsError::NotACalendar {
            found: String::new(),
        });
    };
    if !first.name.as_str().eq_ignore_ascii_case("VCALENDAR") {
        return Err(IcsError::NotACalendar {
            found: format!("BEGIN:{}", first.name.as_str()),
        });
    }
    let mut read = Reading::default();
    for calendar in parsed
        .into_iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VCALENDAR"))
    {
        for component in calendar.components {
            if !component.name.as_str().eq_ignore_ascii_case("VEVENT") {
                continue;
            }
            if let CalendarComponent::Event(ev) = CalendarComponent::from(component) {
                read.index += 1;
                read.event(&ev)?;
            }
        }
    }
    // An occurrence moved or changed in the other calendar (an event with the series'
    // UID and a RECURRENCE-ID) replaces the one the rule gives.
    let events: Vec<ImportedEvent> = read
        .events
        .into_iter()
        .filter(|(event, is_override)| *is_override || !read.overrides.contains(&event.uid))
        .map(|(event, _)| event)
        .collect();
    if events.is_empty() {
        return Err(IcsError::NoEvents);
    }
    Ok(ImportedCalendar {
        events,
        cut: read.cut,
    })
}

/// Refuses components nested deeper than [`MAX_DEPTH`], before the parser descends.
fn check_depth(unfolded: &str) -> Result<(), IcsError> {
    let mut depth = 0usize;
    for (i, line) in unfolded.lines().enumerate() {
        let line = line.trim_start().as_bytes();
        let starts = |prefix: &str| {
            line.len() >= prefix.len()
                && line[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        };
        if starts("BEGIN:") {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(IcsError::TooDeep { line: i + 1 });
            }
        } else if starts("END:") {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(())
}

/// The events read so far.
#[derive(Default)]
struct Reading {
    /// The number of the event being read, from 1.
    index: usize,
    /// Each event or occurrence, and whether it replaces an occurrence of a series.
    events: Vec<(ImportedEvent, bool)>,
    /// The UIDs of the occurrences replaced.
    overrides: HashSet<String>,
    cut: Vec<CutSeries>,
}

/// A moment as the file gives it: a date, or a Prague local date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Moment {
    Date(NaiveDate),
    Local(NaiveDateTime),
}

impl Moment {
    pub(super) fn date(self) -> NaiveDate {
        match self {
            Moment::Date(d) => d,
            Moment::Local(t) => t.date(),
        }
    }

    /// How the moment names an occurrence in its UID.
    fn stamp(self) -> String {
        match self {
            Moment::Date(d) => d.format("%Y%m%d").to_string(),
            Moment::Local(t) => t.format("%Y%m%dT%H%M%S").to_string(),
        }
    }

    /// The same moment `by` later: whole days for a date.
    fn shifted(self, by: Duration) -> Option<Moment> {
        Some(match self {
            Moment::Date(d) => Moment::Date(d.checked_add_signed(Duration::days(by.num_days()))?),
            Moment::Local(t) => Moment::Local(t.checked_add_signed(by)?),
        })
    }

    /// How far `later` is from this moment.
    fn until(self, later: Moment) -> Duration {
        match (self, later) {
            (Moment::Local(a), Moment::Local(b)) => b - a,
            _ => later.date() - self.date(),
        }
    }
}

impl Reading {
    fn event(&mut self, ev: &Event) -> Result<(), IcsError> {
        let index = self.index;
        let summary = ev.get_summary().unwrap_or("").trim().to_string();
        let start =
            moment(index, &summary, ev, "DTSTART")?.ok_or_else(|| IcsError::MissingStart {
                event: index,
                summary: summary.clone(),
            })?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&start.date().year()) {
            return Err(IcsError::DateOutOfRange {
                event: index,
                summary,
                property: "DTSTART".into(),
                value: ev
                    .properties()
                    .get("DTSTART")
                    .map(|p| p.value().to_string())
                    .unwrap_or_default(),
            });
        }
        let end = match moment(index, &summary, ev, "DTEND")? {
            Some(end) => Some(end),
            None => ev
                .property_value("DURATION")
                .and_then(parse_duration)
                .and_then(|d| start.shifted(d)),
        };
        let (agenda, minutes) = split_description(ev.get_description().unwrap_or(""));
        let uid = match ev.get_uid().map(str::trim) {
            Some(uid) if !uid.is_empty() => uid.to_string(),
            _ => made_up_uid(ev),
        };
        let base = ImportedEvent {
            index,
            uid,
            date: start.date(),
            start: None,
            end: None,
            summary,
            location: ev.get_location().unwrap_or("").trim().to_string(),
            agenda,
            minutes,
            kind: kind_of(ev),
            state: ev
                .property_value("STATUS")
                .map_or(MeetingState::Planned, state_of),
        };
        let occurrence = |at: Moment, uid: String| -> Result<ImportedEvent, IcsError> {
            let end =
                match end {
                    Some(end) => Some(end.shifted(start.until(at)).ok_or_else(|| {
                        IcsError::EndBeforeStart {
                            event: index,
                            summary: base.summary.clone(),
                        }
                    })?),
                    None => None,
                };
            let (date, start, end) = timing(at, end).ok_or_else(|| IcsError::EndBeforeStart {
                event: index,
                summary: base.summary.clone(),
            })?;
            Ok(ImportedEvent {
                uid,
                date,
                start: start.map(whole_minutes),
                end: end.map(whole_minutes),
                ..base.clone()
            })
        };
        if let Some(replaces) = moment(index, &base.summary, ev, "RECURRENCE-ID")? {
            let uid = format!("{}/{}", base.uid, replaces.stamp());
            self.overrides.insert(uid.clone());
            self.events.push((occurrence(start, uid)?, true));
            return Ok(());
        }
        if !recur::recurs(ev) {
            let single = occurrence(start, base.uid.clone())?;
            self.events.push((single, false));
            return Ok(());
        }
        let (raw, value) = start_value(ev).ok_or_else(|| IcsError::MissingStart {
            event: index,
            summary: base.summary.clone(),
        })?;
        let cx = Context {
            index,
            summary: &base.summary,
        };
        let series = recur::expand(&cx, ev, &raw, value)?;
        for at in &series.moments {
            let uid = format!("{}/{}", base.uid, at.stamp());
            self.events.push((occurrence(*at, uid)?, false));
        }
        if let Some(reason) = series.cut {
            self.cut.push(CutSeries {
                event: index,
                summary: base.summary.clone(),
                kept: series.moments.len(),
                last: series.moments.last().map(|m| m.date()),
                reason,
            });
        }
        Ok(())
    }
}

/// The date, start time and end time of a meeting from `start` to `end`; `None` when
/// it ends before it starts. An end on another day cannot be a meeting's end time.
fn timing(
    start: Moment,
    end: Option<Moment>,
) -> Option<(NaiveDate, Option<NaiveTime>, Option<NaiveTime>)> {
    Some(match (start, end) {
        (Moment::Local(s), Some(Moment::Local(e))) => {
            if e < s {
                return None;
            }
            (
                s.date(),
                Some(s.time()),
                (e.date() == s.date()).then_some(e.time()),
            )
        }
        (Moment::Local(s), Some(Moment::Date(e))) => {
            if e < s.date() {
                return None;
            }
            (s.date(), Some(s.time()), None)
        }
        (Moment::Local(s), None) => (s.date(), Some(s.time()), None),
        (Moment::Date(s), Some(e)) => {
            if e.date() < s {
                return None;
            }
            (s, None, None)
        }
        (Moment::Date(s), None) => (s, None, None),
    })
}

/// DTSTART's text and value, for expanding a recurrence in the start's own zone.
fn start_value(ev: &Event) -> Option<(String, DatePerhapsTime)> {
    let property = ev.properties().get("DTSTART")?;
    Some((property.value().to_string(), ev.get_start()?))
}

/// A UID for an event that has none, made from what identifies it in the file, so that
/// reading the same file again gives the same UID: FNV-1a (stable across builds, unlike
/// the standard library's hasher) of its start, summary and place.
fn made_up_uid(ev: &Event) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in ["DTSTART", "SUMMARY", "LOCATION"] {
        let value = ev.properties().get(part).map_or("", |p| p.value());
        for byte in value.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("bez-uid-{hash:016x}@kpss-import")
}

fn whole_minutes(t: NaiveTime) -> NaiveTime {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

/// DTSTART or DTEND as a moment in Prague; `None` when the event does not have it.
fn moment(index: usize, summary: &str, ev: &Event, key: &str) -> Result<Option<Moment>, IcsError> {
    let Some(property) = ev.properties().get(key) else {
        return Ok(None);
    };
    let bad = || IcsError::BadDate {
        event: index,
        summary: summary.to_string(),
        property: key.to_string(),
        value: property.value().to_string(),
    };
    let value = match key {
        "DTSTART" => ev.get_start(),
        "DTEND" => ev.get_end(),
        _ => DatePerhapsTime::from_property(property),
    }
    .ok_or_else(bad)?;
    Ok(Some(match value {
        DatePerhapsTime::Date(d) => Moment::Date(d),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => Moment::Local(t),
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => {
            Moment::Local(utc_to_prague(t.naive_utc()))
        }
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            match zone(&tzid) {
                Some(Zone::Prague) => Moment::Local(date_time),
                Some(Zone::Utc) => Moment::Local(utc_to_prague(date_time)),
                None => {
                    return Err(IcsError::UnknownTimezone {
                        event: index,
                        summary: summary.to_string(),
                        tzid,
                    });
                }
            }
        }
    }))
}

/// An RFC 5545 duration (`PT2H`, `PT1H30M`, `P1D`, `P1W`); `None` when it is not one or
/// is negative.
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    let rest = text.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() && !in_time => in_time = true,
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                any = true;
                let part = match (c, in_time) {
                    ('W', false) => Duration::try_weeks(n)?,
                    ('D', false) => Duration::try_days(n)?,
                    ('H', true) => Duration::try_hours(n)?,
                    ('M', true) => Duration::try_minutes(n)?,
                    ('S', true) => Duration::try_seconds(n)?,
                    _ => return None,
                };
                total = total.checked_add(&part)?;
            }
            _ => return None,
        }
    }
    (any && number.is_empty()).then_some(total)
}

/// The kind: X-KPSS-KIND, else a CATEGORIES value that is a kind's label, else Other.
fn kind_of(ev: &Event) -> MeetingKind {
    if let Some(name) = ev.property_value(KIND_PROPERTY)
        && let Some(kind) = MeetingKind::ALL
            .iter()
            .find(|k| serde_name(**k) == name.trim())
    {
        return *kind;
    }
    let categories = ev
        .multi_properties()
        .get("CATEGORIES")
        .into_iter()
        .flatten()
        .chain(ev.properties().get("CATEGORIES"))
        .flat_map(|p| p.value().split(','))
        .map(str::trim);
    for category in categories {
        if let Some(kind) = MeetingKind::ALL.iter().find(|k| {
            k.label_cs().eq_ignore_ascii_case(category)
                || k.label_en().eq_ignore_ascii_case(category)
                || k.label_cs().to_lowercase() == category.to_lowercase()
        }) {
            return *kind;
        }
    }
    MeetingKind::Other
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::ics::test_support::{sample_event, stamp, time, wrap};
    use crate::ics::write;
    use crate::model::Lang;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT2H"), Some(Duration::hours(2)));
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1D"), Some(Duration::days(1)));
        assert_eq!(parse_duration("P1W"), Some(Duration::weeks(1)));
        assert_eq!(parse_duration("-PT1H"), None);
        assert_eq!(parse_duration("PT"), None);
        assert_eq!(parse_duration("P1H"), None);
    }
    #[test]
    fn utc_and_floating_times_are_read_as_prague_time() {
        let text = wrap(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20180604T130000Z\r\nDTEND:20180604T150000Z\r\nSUMMARY:A\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20180110T090000\r\nDURATION:PT1H30M\r\nSUMMARY:B\r\nCATEGORIES:kulatý stůl\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:c\r\nDTSTART;TZID=\"/example.org/Europe/Prague\":20180110T090000\r\nSUMMARY:C\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
        );
        let events = read(&text).unwrap().events;
        assert_eq!(events[0].start, Some(time(15, 0)));
        assert_eq!(events[0].end, Some(time(17, 0)));
        assert_eq!(events[0].kind, MeetingKind::Other);
        assert_eq!(events[1].start, Some(time(9, 0)));
        assert_eq!(events[1].end, Some(time(10, 30)));
        assert_eq!(events[1].kind, MeetingKind::RoundTable);
        assert_eq!(events[2].start, Some(time(9, 0)));
        assert_eq!(events[2].state, MeetingState::Cancelled);
    }

    #[test]
    fn refuses_text_that_is_not_a_calendar() {
        assert_eq!(
            read("hello, world"),
            Err(IcsError::NotACalendar {
                found: "hello, world".into()
            })
        );
        assert!(matches!(read(""), Err(IcsError::NotACalendar { .. })));
        assert!(matches!(
            read("BEGIN:VEVENT\r\nDTSTART:20180101\r\nEND:VEVENT\r\n"),
            Err(IcsError::NotACalendar { .. })
        ));
        assert!(matches!(
            read("{\"format\": \"kpss-register\"}"),
            Err(IcsError::NotACalendar { .. })
        ));
        let err = read("\r\n\r\nBEGIN:VCARD\r\nFN:Jana\r\nEND:VCARD\r\n").unwrap_err();
        assert!(
            err.message(Lang::Cs).contains("nalezeno BEGIN:VCARD"),
            "{err}"
        );
    }

    #[test]
    fn refuses_a_calendar_without_events() {
        assert_eq!(read(&wrap("")), Err(IcsError::NoEvents));
    }

    #[test]
    fn refuses_an_event_without_a_start() {
        let text = wrap("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Bez začátku\r\nEND:VEVENT\r\n");
        let err = read(&text).unwrap_err();
        assert_eq!(
            err,
            IcsError::MissingStart {
                event: 1,
                summary: "Bez začátku".into()
            }
        );
        assert!(err.message(Lang::Cs).contains("DTSTART"));
        assert!(err.message(Lang::En).contains("no start"));
    }

    #[test]
    fn refuses_a_date_that_does_not_exist() {
        for value in [
            "DTSTART:20190231",
            "DTSTART;VALUE=DATE:20190231",
            "DTSTART:2019-02-01",
        ] {
            let text = wrap(&format!(
                "BEGIN:VEVENT\r\nUID:x\r\n{value}\r\nEND:VEVENT\r\n"
            ));
            let err = read(&text).unwrap_err();
            assert!(matches!(err, IcsError::BadDate { .. }), "{value}: {err:?}");
            assert!(err.message(Lang::Cs).contains("neplatné datum"), "{err}");
        }
    }

    #[test]
    fn refuses_an_end_before_the_start() {
        let text = wrap(
            "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20190201T100000\r\nDTEND:20190201T090000\r\nEND:VEVENT\r\n",
        );
        assert!(matches!(read(&text), Err(IcsError::EndBeforeStart { .. })));
        let text = wrap(
            "BEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20190201\r\nDTEND;VALUE=DATE:20190131\r\nEND:VEVENT\r\n",
        );
        assert!(matches!(read(&text), Err(IcsError::EndBeforeStart { .. })));
    }

    #[test]
    fn refuses_an_unknown_time_zone() {
        let text = wrap(
            "BEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=America/New_York:20190201T100000\r\nEND:VEVENT\r\n",
        );
        let err = read(&text).unwrap_err();
        assert!(matches!(err, IcsError::UnknownTimezone { .. }));
        assert!(err.message(Lang::Cs).contains("America/New_York"));
    }
    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(text in "\\PC{0,200}") {
            let _ = read(&text);
        }

        #[test]
        fn never_panics_on_a_damaged_calendar(cut in 0usize..2000, junk in "[A-Z:;=\r\n ]{0,20}") {
            let full = write("x", &[sample_event()], stamp()).unwrap();
            let mut end = cut.min(full.len());
            while !full.is_char_boundary(end) {
                end -= 1;
            }
            let _ = read(&format!("{}{junk}", &full[..end]));
        }
    }
}
