//! Names shared by writing and reading: UIDs, summaries, descriptions, states.

use icalendar::EventStatus;

use super::{MINUTES_HEADING, MINUTES_SEPARATOR, MeetingEvent};
use crate::model::{Id, Labelled, MeetingState};

/// The UID of a meeting's event: stable across exports.
pub fn uid(id: Id) -> String {
    format!("meeting-{id}@kpss")
}

/// The meeting id in a UID kpss wrote, else `None`.
pub fn meeting_id(uid: &str) -> Option<Id> {
    uid.strip_prefix("meeting-")?
        .strip_suffix("@kpss")?
        .parse()
        .ok()
}

/// The summary kpss writes for a group's meeting without a title: "3. jednání – ŘS Soběslav".
pub fn group_summary(number: usize, group: &str) -> String {
    format!("{number}. jednání – {group}")
}

/// True when `summary` is a numbered group summary of `group`, whatever the number: such a
/// meeting needs no title of its own.
pub fn is_group_summary(summary: &str, group: &str) -> bool {
    summary
        .strip_suffix(group)
        .and_then(|s| s.strip_suffix(". jednání – "))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The event's summary: the meeting's title, else "<n>. jednání – <group>", else the kind.
pub fn summary(event: &MeetingEvent) -> String {
    let m = &event.meeting;
    if !m.title.trim().is_empty() {
        return m.title.clone();
    }
    match (event.number, &event.group) {
        (Some(n), Some(group)) => group_summary(n, group),
        (None, Some(group)) => format!("{} – {group}", m.kind.label_cs()),
        _ => m.kind.label_cs().to_string(),
    }
}

/// The description: the agenda, then the minutes under their heading.
pub fn description(agenda: &str, minutes: &str) -> String {
    let agenda = normalise_newlines(agenda);
    let minutes = normalise_newlines(minutes);
    match (agenda.is_empty(), minutes.is_empty()) {
        (_, true) => agenda,
        (true, false) => format!("{MINUTES_HEADING}{minutes}"),
        (false, false) => format!("{agenda}{MINUTES_SEPARATOR}{minutes}"),
    }
}

/// The agenda and the minutes of a description [`description`] wrote.
pub(super) fn split_description(text: &str) -> (String, String) {
    if let Some(minutes) = text.strip_prefix(MINUTES_HEADING) {
        (String::new(), minutes.to_string())
    } else if let Some((agenda, minutes)) = text.split_once(MINUTES_SEPARATOR) {
        (agenda.to_string(), minutes.to_string())
    } else {
        (text.to_string(), String::new())
    }
}

/// iCalendar text escapes a line break as `\n`; a carriage return has no escape.
pub(super) fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A value's stable serde name (`steering`, `round_table`).
pub(super) fn serde_name<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub(super) fn status_of(state: MeetingState) -> EventStatus {
    match state {
        MeetingState::Planned => EventStatus::Tentative,
        MeetingState::Held => EventStatus::Confirmed,
        MeetingState::Cancelled => EventStatus::Cancelled,
    }
}

pub(super) fn state_of(status: &str) -> MeetingState {
    match status.trim().to_ascii_uppercase().as_str() {
        "CONFIRMED" => MeetingState::Held,
        "CANCELLED" => MeetingState::Cancelled,
        _ => MeetingState::Planned,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn uids_carry_the_meeting_id() {
        assert_eq!(uid(17), "meeting-17@kpss");
        assert_eq!(meeting_id("meeting-17@kpss"), Some(17));
        assert_eq!(meeting_id("meeting-x@kpss"), None);
        assert_eq!(meeting_id("17@google.com"), None);
    }

    #[test]
    fn group_summaries_are_recognised() {
        assert!(is_group_summary("3. jednání – ŘS Soběslav", "ŘS Soběslav"));
        assert!(is_group_summary(&group_summary(12, "PS X"), "PS X"));
        assert!(!is_group_summary(
            "Kulatý stůl – ŘS Soběslav",
            "ŘS Soběslav"
        ));
        assert!(!is_group_summary(". jednání – ŘS Soběslav", "ŘS Soběslav"));
        assert!(!is_group_summary("3. jednání – PS Senioři", "ŘS Soběslav"));
    }
}
