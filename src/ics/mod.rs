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
mod recur;
mod request;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
mod write;

pub use error::IcsError;
pub use events::events;
pub use names::{description, group_summary, is_group_summary, meeting_id, summary, uid};
pub use prague::{prague_offset_hours, utc_to_prague};
pub use read::{MAX_DEPTH, MAX_FILE_BYTES, read};
pub use request::{Invitee, request};
pub use write::write;

use chrono::{NaiveDate, NaiveTime};

use crate::model::date::format_date;
use crate::model::text::sanitize_line;
use crate::model::{Lang, Meeting, MeetingKind, MeetingState};

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
/// The years a calendar's meetings may fall in, read or written: what kpss and the
/// calendars it trades with (calcurse among them) all accept.
pub const FIRST_YEAR: i32 = crate::model::date::YEAR_MIN;
pub const LAST_YEAR: i32 = crate::model::date::YEAR_MAX;
/// The most occurrences one recurring event becomes: ten years of weekly meetings.
pub const MAX_OCCURRENCES: usize = 520;

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

/// What a calendar file holds: its events (a recurring one as each of its occurrences)
/// and the recurring events that were cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedCalendar {
    pub events: Vec<ImportedEvent>,
    pub cut: Vec<CutSeries>,
}

/// Why a recurring event's series was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// More than [`MAX_OCCURRENCES`] occurrences (or no end at all).
    Count,
    /// Occurrences after [`LAST_YEAR`].
    Year,
}

/// A recurring event of which only the first occurrences were taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutSeries {
    /// The event's number in the file, from 1.
    pub event: usize,
    pub summary: String,
    /// How many occurrences were taken.
    pub kept: usize,
    /// The date of the last one taken.
    pub last: Option<NaiveDate>,
    pub reason: Cut,
}

impl CutSeries {
    pub fn message(&self, lang: Lang) -> String {
        let summary = sanitize_line(&self.summary);
        let last = self.last.map(format_date).unwrap_or_default();
        let kept = self.kept;
        match (self.reason, lang) {
            (Cut::Count, Lang::Cs) => format!(
                "událost č. {} („{summary}“) se opakuje víc než {MAX_OCCURRENCES}krát: \
                 načítá se jen prvních {kept} výskytů (poslední {last})",
                self.event
            ),
            (Cut::Count, Lang::En) => format!(
                "event {} („{summary}“) recurs more than {MAX_OCCURRENCES} times: \
                 only the first {kept} occurrences are imported (the last on {last})",
                self.event
            ),
            (Cut::Year, Lang::Cs) => format!(
                "událost č. {} („{summary}“) se opakuje i po roce {LAST_YEAR}: \
                 načítá se jen do konce roku {LAST_YEAR} (výskytů: {kept}, poslední {last})",
                self.event
            ),
            (Cut::Year, Lang::En) => format!(
                "event {} („{summary}“) recurs after {LAST_YEAR}: \
                 only occurrences up to the end of {LAST_YEAR} are imported \
                 ({kept}, the last on {last})",
                self.event
            ),
        }
    }
}

/// One event read from a calendar, in Prague local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvent {
    /// The event's number in the file, from 1 (the occurrences of a recurring event
    /// share it).
    pub index: usize,
    /// The event's UID; an occurrence of a recurring event adds `/` and its start
    /// (`abc@example.org/20190604T150000`), an event without one gets one made from
    /// its start, summary and place, so that the same file read again gives the same
    /// UIDs.
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
