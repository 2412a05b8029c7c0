//! iCalendar (RFC 5545): meetings written as an `.ics` calendar, and meetings read back
//! from one. Pure: no store, no I/O.
//!
//! The `icalendar` crate builds, escapes, folds and parses the content lines; this module
//! decides what goes where. Times are written as local times in `Europe/Prague` with the
//! zone's definition (`VTIMEZONE`) in the calendar; meetings without a time are all-day
//! events. Reading accepts UTC (`…Z`), `TZID=Europe/Prague` (and zones with the same
//! rules) and floating local times, and gives every time as Prague local time.

mod error;
mod events;
mod names;
mod prague;
mod read;
#[cfg(test)]
mod test_support;
mod write;

pub use error::IcsError;
pub use events::events;
pub use names::{description, group_summary, is_group_summary, meeting_id, summary, uid};
pub use prague::{prague_offset_hours, utc_to_prague};
pub use read::read;
pub use write::write;

use chrono::{NaiveDate, NaiveTime};

use crate::model::{Meeting, MeetingKind, MeetingState};

/// The time zone every written time is in.
pub const TZID: &str = "Europe/Prague";
/// The `PRODID` of every calendar kpss writes.
pub const PRODID: &str = "-//kpss//kpss//CS";
/// The property that carries a meeting's kind by its stable (serde) name.
pub const KIND_PROPERTY: &str = "X-KPSS-KIND";
/// How the description separates the minutes from the agenda.
const MINUTES_HEADING: &str = "Zápis:\n";
const MINUTES_SEPARATOR: &str = "\n\nZápis:\n";
/// How long a meeting with a start and no end is taken to last.
const DEFAULT_LENGTH_HOURS: i64 = 2;

/// One meeting to write, with the names its event shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingEvent {
    pub meeting: Meeting,
    /// The group's label ("ŘS Soběslav"), for a group's meeting.
    pub group: Option<String>,
    /// The region's (ORP's) name.
    pub region: String,
    /// The meeting's number within its group ("3" in "3. jednání").
    pub number: Option<usize>,
}

/// One event read from a calendar, in Prague local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvent {
    /// The event's UID; empty when the event has none.
    pub uid: String,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub summary: String,
    pub location: String,
    /// The description up to the minutes' heading.
    pub agenda: String,
    /// The description after the minutes' heading kpss writes, else empty.
    pub minutes: String,
    pub kind: MeetingKind,
    pub state: MeetingState,
}
