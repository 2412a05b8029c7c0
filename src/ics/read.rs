//! Reading: the events of an iCalendar text, in Prague local time.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use icalendar::parser::{read_components, unfold};
use icalendar::{
    CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike,
};

use super::error::{shorten, syntax_error};
use super::names::{serde_name, split_description, state_of};
use super::prague::{Zone, utc_to_prague, zone};
use super::{IcsError, ImportedEvent, KIND_PROPERTY};
use crate::model::{Labelled, MeetingKind, MeetingState};

/// The events of an iCalendar text, in file order. Refuses text that is not a calendar, a
/// calendar without events, and an event without a start, with a date that does not
/// exist, in an unknown time zone or ending before it starts.
pub fn read(text: &str) -> Result<Vec<ImportedEvent>, IcsError> {
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
    let mut out = Vec::new();
    for calendar in parsed
        .into_iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VCALENDAR"))
    {
        for component in calendar.components {
            if !component.name.as_str().eq_ignore_ascii_case("VEVENT") {
                continue;
            }
            if let CalendarComponent::Event(ev) = CalendarComponent::from(component) {
                out.push(imported(out.len() + 1, &ev)?);
            }
        }
    }
    if out.is_empty() {
        return Err(IcsError::NoEvents);
    }
    Ok(out)
}

/// A moment as the file gives it: a date, or a Prague local date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Moment {
    Date(NaiveDate),
    Local(NaiveDateTime),
}

impl Moment {
    fn date(self) -> NaiveDate {
        match self {
            Moment::Date(d) => d,
            Moment::Local(t) => t.date(),
        }
    }
}

fn imported(index: usize, ev: &Event) -> Result<ImportedEvent, IcsError> {
    let summary = ev.get_summary().unwrap_or("").trim().to_string();
    let start = moment(index, &summary, ev, "DTSTART")?.ok_or_else(|| IcsError::MissingStart {
        event: index,
        summary: summary.clone(),
    })?;
    let end = match moment(index, &summary, ev, "DTEND")? {
        Some(end) => Some(end),
        None => ev
            .property_value("DURATION")
            .and_then(parse_duration)
            .and_then(|d| match start {
                Moment::Local(t) => t.checked_add_signed(d).map(Moment::Local),
                Moment::Date(day) => day.checked_add_signed(d).map(Moment::Date),
            }),
    };
    let end_before_start = || IcsError::EndBeforeStart {
        event: index,
        summary: summary.clone(),
    };
    let (date, start_time, end_time) = match (start, end) {
        (Moment::Local(s), Some(Moment::Local(e))) => {
            if e < s {
                return Err(end_before_start());
            }
            // An end on another day cannot be a meeting's end time.
            let end = (e.date() == s.date()).then_some(e.time());
            (s.date(), Some(s.time()), end)
        }
        (Moment::Local(s), Some(Moment::Date(e))) => {
            if e < s.date() {
                return Err(end_before_start());
            }
            (s.date(), Some(s.time()), None)
        }
        (Moment::Local(s), None) => (s.date(), Some(s.time()), None),
        (Moment::Date(s), Some(e)) => {
            if e.date() < s {
                return Err(end_before_start());
            }
            (s, None, None)
        }
        (Moment::Date(s), None) => (s, None, None),
    };
    let (agenda, minutes) = split_description(ev.get_description().unwrap_or(""));
    Ok(ImportedEvent {
        uid: ev.get_uid().unwrap_or("").trim().to_string(),
        date,
        start: start_time.map(whole_minutes),
        end: end_time.map(whole_minutes),
        summary,
        location: ev.get_location().unwrap_or("").trim().to_string(),
        agenda,
        minutes,
        kind: kind_of(ev),
        state: ev
            .property_value("STATUS")
            .map_or(MeetingState::Planned, state_of),
    })
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
        _ => ev.get_end(),
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
        let events = read(&text).unwrap();
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
            let full = write("x", &[sample_event()], stamp());
            let mut end = cut.min(full.len());
            while !full.is_char_boundary(end) {
                end -= 1;
            }
            let _ = read(&format!("{}{junk}", &full[..end]));
        }
    }
}
