//! A meeting as an invitation's calendar (`METHOD:REQUEST`): the same event as the
//! export writes (UID `meeting-ID@kpss`, times in Europe/Prague with its `VTIMEZONE`),
//! with the organizer and every invited member as attendees, so that a mail client
//! offers to put it in the recipient's calendar.

use chrono::{DateTime, Datelike, Utc};
use icalendar::{Calendar, CalendarComponent, Component, Property};

use super::names::summary;
use super::write::{event, prague_timezone, write_plain};
use super::{FIRST_YEAR, IcsError, LAST_YEAR, MeetingEvent, PRODID};

/// A person in an invitation's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    pub name: String,
    pub email: String,
}

/// The calendar of one invitation: `METHOD:REQUEST`, the Prague zone, one event with
/// `ORGANIZER` and an `ATTENDEE` per invitee (who is asked to answer).
pub fn request(
    e: &MeetingEvent,
    organizer: &Invitee,
    attendees: &[Invitee],
    stamp: DateTime<Utc>,
) -> Result<String, IcsError> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&e.meeting.date.year()) {
        return Err(IcsError::MeetingOutOfRange {
            id: e.meeting.id,
            title: summary(e),
            date: e.meeting.date,
        });
    }
    Ok(render(e, organizer, attendees, stamp).unwrap_or_default())
}

fn render(
    e: &MeetingEvent,
    organizer: &Invitee,
    attendees: &[Invitee],
    stamp: DateTime<Utc>,
) -> Result<String, std::fmt::Error> {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("PRODID", PRODID))
        .append_property(("VERSION", "2.0"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "REQUEST"));
    let header = calendar.to_string();
    let mut out = header
        .strip_suffix("END:VCALENDAR\r\n")
        .unwrap_or(&header)
        .to_string();
    if let Some(CalendarComponent::Other(zone)) = prague_timezone() {
        write_plain(&zone, &mut out)?;
    }
    let mut ev = event(e, stamp);
    ev.add_property("SEQUENCE", "0");
    ev.append_multi_property(person("ORGANIZER", organizer).done());
    for a in attendees {
        ev.append_multi_property(
            person("ATTENDEE", a)
                .add_parameter("ROLE", "REQ-PARTICIPANT")
                .add_parameter("PARTSTAT", "NEEDS-ACTION")
                .add_parameter("RSVP", "TRUE")
                .done(),
        );
    }
    out.push_str(&ev.done().try_into_string()?);
    out.push_str("END:VCALENDAR\r\n");
    Ok(out)
}

/// `NAME;CN="…":mailto:…`; a name is quoted when it holds a comma or a semicolon, and
/// loses the characters a parameter cannot hold.
fn person(name: &str, who: &Invitee) -> Property {
    let mut cn: String = who
        .name
        .chars()
        .filter(|c| !matches!(c, '"' | ':') && !c.is_control())
        .collect();
    if cn.contains([',', ';']) {
        cn = format!("\"{cn}\"");
    }
    let mut p = Property::new(name, format!("mailto:{}", who.email.trim()));
    if !cn.trim().is_empty() {
        p.add_parameter("CN", &cn);
    }
    p
}
