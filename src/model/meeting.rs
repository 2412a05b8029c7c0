//! Meetings: the calendar of group meetings, public meetings and round tables, with
//! attendance.

use chrono::{NaiveDate, NaiveTime};
use serde::ser::{SerializeStruct, Serializer};
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
pub const UID: Field = Field::new("UID události", "Event UID");
pub const INVITATION_SENT: Field = Field::new("Pozvánka odeslána", "Invitation sent");

/// One person's attendance at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    pub person: Id,
    pub presence: Presence,
}

/// A meeting in the calendar. A meeting belongs to at most one group; a group's meetings
/// are numbered in date order, so the number is derived, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
    /// The UID of the calendar event the meeting was imported from, kept so that the
    /// same event imported again is recognised and an export gives it back its identity;
    /// empty for a meeting made in kpss (its events are `meeting-<id>@kpss`).
    pub uid: String,
    /// The day the invitation was sent (marked by the clerk), `None`: not yet.
    pub invitation_sent: Option<NaiveDate>,
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
            uid: String::new(),
            invitation_sent: None,
        }
    }
}

/// Stored values and wire messages (bincode, not human-readable) carry every field in
/// order: a binary format has no names to tell a missing field by. The JSON interchange
/// leaves an empty `uid` out, so registers written before the field existed, and the
/// meetings made in kpss, read and write exactly as before; so does an invitation not
/// marked sent.
impl Serialize for Meeting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Destructured, so that a new field cannot be forgotten here.
        let Meeting {
            id,
            region,
            group,
            kind,
            title,
            date,
            start,
            end,
            place,
            agenda,
            minutes,
            state,
            attendance,
            guests,
            note,
            uid,
            invitation_sent,
        } = self;
        let skip_uid = serializer.is_human_readable() && uid.is_empty();
        let skip_sent = serializer.is_human_readable() && invitation_sent.is_none();
        let len = 17 - usize::from(skip_uid) - usize::from(skip_sent);
        let mut s = serializer.serialize_struct("Meeting", len)?;
        s.serialize_field("id", id)?;
        s.serialize_field("region", region)?;
        s.serialize_field("group", group)?;
        s.serialize_field("kind", kind)?;
        s.serialize_field("title", title)?;
        s.serialize_field("date", date)?;
        s.serialize_field("start", start)?;
        s.serialize_field("end", end)?;
        s.serialize_field("place", place)?;
        s.serialize_field("agenda", agenda)?;
        s.serialize_field("minutes", minutes)?;
        s.serialize_field("state", state)?;
        s.serialize_field("attendance", attendance)?;
        s.serialize_field("guests", guests)?;
        s.serialize_field("note", note)?;
        if skip_uid {
            s.skip_field("uid")?;
        } else {
            s.serialize_field("uid", uid)?;
        }
        if skip_sent {
            s.skip_field("invitation_sent")?;
        } else {
            s.serialize_field("invitation_sent", invitation_sent)?;
        }
        s.end()
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
        c.line(UID, &self.uid);
        c.date(INVITATION_SENT, self.invitation_sent);
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

    #[test]
    fn json_leaves_an_empty_uid_out_and_keeps_a_foreign_one() {
        let made_here = Meeting {
            id: 3,
            region: 1,
            title: "Kulatý stůl".into(),
            ..Meeting::default()
        };
        let json = serde_json::to_string(&made_here).unwrap();
        assert!(!json.contains("uid"), "{json}");
        assert_eq!(serde_json::from_str::<Meeting>(&json).unwrap(), made_here);
        let imported = Meeting {
            uid: "040000008200E001@example.org".into(),
            ..made_here
        };
        let json = serde_json::to_string(&imported).unwrap();
        assert!(
            json.ends_with(r#","uid":"040000008200E001@example.org"}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Meeting>(&json).unwrap(), imported);
    }

    #[test]
    fn a_uid_is_one_line_without_control_characters() {
        let m = Meeting {
            region: 1,
            title: "Porada".into(),
            uid: "a\u{1b}[2Jb".into(),
            ..Meeting::default()
        };
        assert_eq!(m.problems()[0].field, UID);
    }
}
