//! A meeting as an invitation's calendar (`METHOD:REQUEST`): the same event as the
//! export writes (UID `meeting-ID@kpss`, times in Europe/Prague with its `VTIMEZONE`),
//! with the organizer and every invited member as attendees, so that a mail client
//! offers to put it in the recipient's calendar.

use chrono::{DateTime, Utc};
use icalendar::{Component, Property};

use super::write::{calendar_head, event, within_years};
use super::{IcsError, MeetingEvent};

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
    within_years(e)?;
    // Writing into a String cannot fail; the library's signatures say it might.
    Ok(render(e, organizer, attendees, stamp).unwrap_or_default())
}

fn render(
    e: &MeetingEvent,
    organizer: &Invitee,
    attendees: &[Invitee],
    stamp: DateTime<Utc>,
) -> Result<String, std::fmt::Error> {
    let mut out = calendar_head("REQUEST", [])?;
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::super::test_support::{date, sample_event, stamp};
    use super::*;

    fn invitee(name: &str) -> Invitee {
        Invitee {
            name: name.into(),
            email: "referentka@example.cz".into(),
        }
    }

    /// The same calendar head as the export's, with `METHOD:REQUEST` and no name: the
    /// Prague zone before the one event, one end.
    #[test]
    fn a_request_has_the_head_the_zone_and_one_event() {
        let text = request(
            &sample_event(),
            &invitee("Věra"),
            &[invitee("Jan")],
            stamp(),
        )
        .unwrap();
        assert!(
            text.starts_with(
                "BEGIN:VCALENDAR\r\nPRODID:-//kpss//kpss//CS\r\nVERSION:2.0\r\n\
                 CALSCALE:GREGORIAN\r\nMETHOD:REQUEST\r\n"
            ),
            "{text}"
        );
        assert!(!text.contains("X-WR-CALNAME"), "{text}");
        let zone = text
            .find("BEGIN:VTIMEZONE\r\nTZID:Europe/Prague\r\n")
            .unwrap();
        let event = text.find("BEGIN:VEVENT").unwrap();
        assert!(zone < event, "{text}");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1, "{text}");
        assert_eq!(text.matches("END:VCALENDAR").count(), 1, "{text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
    }

    #[test]
    fn a_meeting_outside_the_years_is_refused() {
        let mut e = sample_event();
        e.meeting.date = date(1899, 1, 1);
        let refused = request(&e, &invitee("Věra"), &[], stamp());
        assert!(matches!(
            refused,
            Err(IcsError::MeetingOutOfRange { id: 7, .. })
        ));
    }
}
