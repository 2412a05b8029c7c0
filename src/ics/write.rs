//! Writing: meetings as an iCalendar text with the Europe/Prague `VTIMEZONE`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use icalendar::parser::Component as ParsedComponent;
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike,
    Property,
};

use super::names::{description, normalise_newlines, serde_name, status_of, summary, uid};
use super::{
    DEFAULT_LENGTH_HOURS, FIRST_YEAR, IcsError, KIND_PROPERTY, LAST_YEAR, MeetingEvent, PRODID,
    TZID,
};
use crate::model::Labelled;

/// The calendar as iCalendar text (CRLF line ends, lines folded at 75 octets): a
/// `VTIMEZONE` for Europe/Prague, then one `VEVENT` per meeting in date order. `name` is
/// the calendar's name (`X-WR-CALNAME`); `stamp` the `DTSTAMP` of every event. A meeting
/// dated outside the years [`read`](super::read) accepts is refused, so that kpss never
/// writes a calendar it (or another calendar) would not read back.
pub fn write(
    name: &str,
    events: &[MeetingEvent],
    stamp: DateTime<Utc>,
) -> Result<String, IcsError> {
    for e in events {
        within_years(e)?;
    }
    // Writing into a String cannot fail; the library's signatures say it might.
    Ok(render(name, events, stamp).unwrap_or_default())
}

fn render(
    name: &str,
    events: &[MeetingEvent],
    stamp: DateTime<Utc>,
) -> Result<String, std::fmt::Error> {
    let mut out = calendar_head(
        "PUBLISH",
        [
            Property::new("X-WR-CALNAME", name)
                .add_parameter("VALUE", "TEXT")
                .done(),
            Property::new("X-WR-TIMEZONE", TZID),
        ],
    )?;
    let mut sorted: Vec<&MeetingEvent> = events.iter().collect();
    sorted.sort_by_key(|e| (e.meeting.date, e.meeting.start, e.meeting.id));
    for e in sorted {
        out.push_str(&event(e, stamp).try_into_string()?);
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok(out)
}

/// A meeting dated outside the years [`read`](super::read) accepts is refused.
pub(super) fn within_years(e: &MeetingEvent) -> Result<(), IcsError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&e.meeting.date.year()) {
        return Ok(());
    }
    Err(IcsError::MeetingOutOfRange {
        id: e.meeting.id,
        title: summary(e),
        date: e.meeting.date,
    })
}

/// A calendar's beginning: `PRODID`, `VERSION`, `CALSCALE`, `METHOD:method`, the `extra`
/// properties and the Europe/Prague `VTIMEZONE`; the events and `END:VCALENDAR` follow.
pub(super) fn calendar_head(
    method: &str,
    extra: impl IntoIterator<Item = Property>,
) -> Result<String, std::fmt::Error> {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("PRODID", PRODID))
        .append_property(("VERSION", "2.0"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", method));
    for property in extra {
        calendar.append_property(property);
    }
    let header = calendar.to_string();
    // The library writes components with a made-up DTSTAMP and a random UID when they
    // lack them, which a VTIMEZONE must not have: the header is written without
    // components, and the zone and the events after it.
    let mut out = header
        .strip_suffix("END:VCALENDAR\r\n")
        .unwrap_or(&header)
        .to_string();
    if let Some(CalendarComponent::Other(zone)) = prague_timezone() {
        write_plain(&zone, &mut out)?;
    }
    Ok(out)
}

/// Europe/Prague: CET (+0100) and CEST (+0200) with the EU switches, last Sunday of March
/// at 02:00 and last Sunday of October at 03:00 local time. Built as the library's generic
/// component (`VTIMEZONE` with `DAYLIGHT` and `STANDARD` inside).
pub(super) fn prague_timezone() -> Option<CalendarComponent> {
    let empty = |kind: &str| match CalendarComponent::from(ParsedComponent {
        name: kind.into(),
        properties: Vec::new(),
        components: Vec::new(),
    }) {
        CalendarComponent::Other(other) => Some(other),
        _ => None,
    };
    let mut daylight = empty("DAYLIGHT")?;
    daylight
        .add_property("TZOFFSETFROM", "+0100")
        .add_property("TZOFFSETTO", "+0200")
        .add_property("TZNAME", "CEST")
        .add_property("DTSTART", "19700329T020000")
        .add_property("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
    let mut standard = empty("STANDARD")?;
    standard
        .add_property("TZOFFSETFROM", "+0200")
        .add_property("TZOFFSETTO", "+0100")
        .add_property("TZNAME", "CET")
        .add_property("DTSTART", "19701025T030000")
        .add_property("RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    let mut zone = empty("VTIMEZONE")?;
    zone.add_property("TZID", TZID)
        .add_property("X-LIC-LOCATION", TZID)
        .append_component(daylight)
        .append_component(standard);
    Some(CalendarComponent::Other(zone))
}

/// Writes a component as it is, each content line by the library (escaped and folded),
/// without the DTSTAMP and UID the library adds to components that lack them.
pub(super) fn write_plain(
    component: &impl Component,
    out: &mut String,
) -> Result<(), std::fmt::Error> {
    let kind = component.component_kind();
    out.push_str(&format!("BEGIN:{kind}\r\n"));
    for property in component.properties().values() {
        let line: String = property.clone().try_into()?;
        out.push_str(&line);
    }
    for property in component.multi_properties().values().flatten() {
        let line: String = property.clone().try_into()?;
        out.push_str(&line);
    }
    for child in component.components() {
        write_plain(child, out)?;
    }
    out.push_str(&format!("END:{kind}\r\n"));
    Ok(())
}

fn prague(date: NaiveDate, time: NaiveTime) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: date.and_time(time),
        tzid: TZID.to_string(),
    }
}

pub(super) fn event(e: &MeetingEvent, stamp: DateTime<Utc>) -> Event {
    let m = &e.meeting;
    let mut ev = Event::new();
    // An imported meeting keeps the identity its event has in the calendar it came from.
    let id = if m.uid.is_empty() {
        uid(m.id)
    } else {
        m.uid.clone()
    };
    ev.uid(&id)
        .timestamp(stamp)
        .summary(&summary(e))
        .status(status_of(m.state));
    match m.start {
        Some(start) => {
            let end = match m.end {
                Some(end) if end >= start => m.date.and_time(end),
                _ => m
                    .date
                    .and_time(start)
                    .checked_add_signed(Duration::hours(DEFAULT_LENGTH_HOURS))
                    .unwrap_or(m.date.and_time(start)),
            };
            ev.starts(prague(m.date, start))
                .ends(prague(end.date(), end.time()));
        }
        None => {
            let next = m.date.succ_opt().unwrap_or(m.date);
            ev.starts(DatePerhapsTime::Date(m.date))
                .ends(DatePerhapsTime::Date(next));
        }
    }
    if !m.place.trim().is_empty() {
        ev.location(&normalise_newlines(&m.place));
    }
    let text = description(&m.agenda, &m.minutes);
    if !text.is_empty() {
        ev.description(&text);
    }
    ev.append_multi_property(("CATEGORIES", m.kind.label_cs()));
    if !e.region.is_empty() {
        ev.append_multi_property(Property::new("CATEGORIES", format!("ORP {}", e.region)));
    }
    if let Some(group) = &e.group {
        ev.append_multi_property(("CATEGORIES", group.as_str()));
    }
    ev.add_property(KIND_PROPERTY, serde_name(m.kind));
    ev.done()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::ics::ImportedEvent;
    use crate::ics::read;
    use crate::ics::test_support::{date, sample_event, stamp, time};
    use crate::model::{MeetingKind, MeetingState};

    #[test]
    fn writes_the_calendar_and_reads_it_back() {
        let text = write("KPSS – Soběslav", &[sample_event()], stamp()).unwrap();
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("PRODID:-//kpss//kpss//CS\r\n"));
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Prague\r\n"));
        assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"));
        assert!(text.contains("DTSTART;TZID=Europe/Prague:20180604T150000\r\n"));
        assert!(text.contains("DTEND;TZID=Europe/Prague:20180604T173000\r\n"));
        assert!(text.contains("DTSTAMP:20190102T030405Z\r\n"));
        assert!(text.contains("UID:meeting-7@kpss\r\n"));
        assert!(text.contains("SUMMARY:3. jednání – ŘS Soběslav\r\n"));
        assert!(text.contains("STATUS:CONFIRMED\r\n"));
        assert!(text.contains("X-KPSS-KIND:steering\r\n"));
        // Only the events carry a DTSTAMP and a UID.
        assert_eq!(text.matches("DTSTAMP").count(), 1);
        assert_eq!(text.matches("UID:").count(), 1);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let events = read(&text).unwrap().events;
        assert_eq!(
            events,
            vec![ImportedEvent {
                index: 1,
                uid: "meeting-7@kpss".into(),
                date: date(2018, 6, 4),
                start: Some(time(15, 0)),
                end: Some(time(17, 30)),
                summary: "3. jednání – ŘS Soběslav".into(),
                location: "MěÚ Soběslav, zasedací místnost; 2. patro".into(),
                agenda: "1. Zahájení\n2. Akční plán, priority; rozpočet".into(),
                minutes: "Schváleno.".into(),
                kind: MeetingKind::Steering,
                state: MeetingState::Held,
            }]
        );
    }

    #[test]
    fn a_meeting_without_a_time_is_an_all_day_event() {
        let mut e = sample_event();
        e.meeting.start = None;
        e.meeting.end = None;
        e.meeting.state = MeetingState::Planned;
        let text = write("x", &[e], stamp()).unwrap();
        assert!(text.contains("DTSTART;VALUE=DATE:20180604\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20180605\r\n"), "{text}");
        assert!(text.contains("STATUS:TENTATIVE\r\n"));
        let back = read(&text).unwrap().events;
        assert_eq!(back[0].date, date(2018, 6, 4));
        assert_eq!((back[0].start, back[0].end), (None, None));
        assert_eq!(back[0].state, MeetingState::Planned);
    }

    #[test]
    fn a_start_without_an_end_lasts_two_hours() {
        let mut e = sample_event();
        e.meeting.end = None;
        let text = write("x", &[e], stamp()).unwrap();
        assert!(text.contains("DTEND;TZID=Europe/Prague:20180604T170000\r\n"));
    }

    #[test]
    fn events_are_written_in_date_order() {
        let mut a = sample_event();
        a.meeting.id = 1;
        a.meeting.date = date(2019, 1, 1);
        let b = sample_event();
        let text = write("x", &[a, b], stamp()).unwrap();
        let first = text.find("UID:meeting-7@kpss").unwrap();
        let second = text.find("UID:meeting-1@kpss").unwrap();
        assert!(first < second);
    }
}
