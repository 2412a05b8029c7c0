//! Meetings: the calendar of group meetings, public meetings and round tables, with
//! attendance.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::kinds::{MeetingKind, MeetingState, Presence};
use crate::model::{Field, Id, Invalid, Kind, Rule};

pub const TITLE: Field = Field::new("Název", "Title");
pub const REGION: Field = Field::new("ORP", "Region (ORP)");
pub const DATE: Field = Field::new("Datum", "Date");
pub const TIME: Field = Field::new("Čas od–do", "Time from–to");
pub const PLACE: Field = Field::new("Místo", "Place");
pub const AGENDA: Field = Field::new("Program", "Agenda");
pub const MINUTES: Field = Field::new("Zápis", "Minutes");
pub const ATTENDANCE: Field = Field::new("Docházka", "Attendance");
pub const GUESTS: Field = Field::new("Hosté", "Guests");
pub const NOTE: Field = Field::new("Poznámka", "Note");

/// One person's attendance at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    pub person: Id,
    pub presence: Presence,
}

/// A meeting in the calendar. A meeting belongs to at most one group; a group's meetings
/// are numbered in date order, so the number is derived, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Meeting {
    pub id: Id,
    pub region: Id,
    pub group: Option<Id>,
    pub kind: MeetingKind,
    /// A title for meetings outside a group ("Veřejné setkání ve Veselí nad Lužnicí").
    pub title: String,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub place: String,
    pub agenda: String,
    pub minutes: String,
    pub state: MeetingState,
    pub attendance: Vec<Attendance>,
    /// People who came without being in the register, by name.
    pub guests: Vec<String>,
    pub note: String,
}

impl Default for Meeting {
    fn default() -> Self {
        Meeting {
            id: 0,
            region: 0,
            group: None,
            kind: MeetingKind::Other,
            title: String::new(),
            date: NaiveDate::default(),
            start: None,
            end: None,
            place: String::new(),
            agenda: String::new(),
            minutes: String::new(),
            state: MeetingState::Planned,
            attendance: Vec::new(),
            guests: Vec::new(),
            note: String::new(),
        }
    }
}

/// How many came, were excused and were absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub present: usize,
    pub excused: usize,
    pub absent: usize,
    pub guests: usize,
}

impl Meeting {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.line(TITLE, &self.title);
        c.date(DATE, Some(self.date));
        if self.group.is_none() && self.title.trim().is_empty() {
            c.push(TITLE, Rule::Required);
        }
        if self.region == 0 {
            c.push(REGION, Rule::Required);
        }
        if let (Some(start), Some(end)) = (self.start, self.end)
            && end < start
        {
            c.push(TIME, Rule::EndBeforeStart);
        }
        if self.start.is_none() && self.end.is_some() {
            c.push(TIME, Rule::Required);
        }
        c.line(PLACE, &self.place);
        c.multiline(AGENDA, &self.agenda);
        c.multiline(MINUTES, &self.minutes);
        let people: Vec<Id> = self.attendance.iter().map(|a| a.person).collect();
        c.unique(ATTENDANCE, &people);
        for guest in &self.guests {
            c.required(GUESTS, guest);
        }
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Region, self.region)];
        out.extend(self.group.map(|id| (Kind::Group, id)));
        out.extend(self.attendance.iter().map(|a| (Kind::Person, a.person)));
        out
    }

    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            guests: self.guests.len(),
            ..Counts::default()
        };
        for a in &self.attendance {
            match a.presence {
                Presence::Present => counts.present += 1,
                Presence::Excused => counts.excused += 1,
                Presence::Absent => counts.absent += 1,
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_attendance_by_presence() {
        let m = Meeting {
            attendance: vec![
                Attendance {
                    person: 1,
                    presence: Presence::Present,
                },
                Attendance {
                    person: 2,
                    presence: Presence::Present,
                },
                Attendance {
                    person: 3,
                    presence: Presence::Excused,
                },
                Attendance {
                    person: 4,
                    presence: Presence::Absent,
                },
            ],
            guests: vec!["Host".into()],
            ..Meeting::default()
        };
        assert_eq!(
            m.counts(),
            Counts {
                present: 2,
                excused: 1,
                absent: 1,
                guests: 1
            }
        );
    }

    #[test]
    fn a_person_is_listed_once_and_times_are_ordered() {
        let m = Meeting {
            region: 1,
            title: "Kulatý stůl".into(),
            start: NaiveTime::from_hms_opt(16, 0, 0),
            end: NaiveTime::from_hms_opt(15, 0, 0),
            attendance: vec![
                Attendance {
                    person: 1,
                    presence: Presence::Present,
                },
                Attendance {
                    person: 1,
                    presence: Presence::Excused,
                },
            ],
            ..Meeting::default()
        };
        let rules: Vec<_> = m
            .problems()
            .into_iter()
            .map(|p| (p.field, p.rule))
            .collect();
        assert_eq!(
            rules,
            vec![(TIME, Rule::EndBeforeStart), (ATTENDANCE, Rule::Duplicate)]
        );
    }

    #[test]
    fn a_meeting_outside_a_group_needs_a_title() {
        let m = Meeting {
            region: 1,
            ..Meeting::default()
        };
        assert_eq!(m.problems()[0].rule, Rule::Required);
        assert_eq!(m.problems()[0].field, TITLE);
    }
}
