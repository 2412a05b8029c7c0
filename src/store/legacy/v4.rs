//! Frozen shapes of stored values as schema version 4 wrote them, for the migration to
//! version 5 (which gave [`Meeting`] the day its invitation was sent). bincode has no
//! field names: old bytes can only be read with the old shapes, so these never change.
//!
//! Only the meeting's shape changed at version 5; the other kinds are read with today's
//! types. Whoever changes one of them for a later version freezes its version-4 shape
//! here first, so this migration keeps reading old databases.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    Attendance, Document, Group, Id, Meeting, MeetingKind, MeetingState, Membership, Organisation,
    Person, Project, Record, RecordRef, Region, Versioned,
};
use crate::store::apply::{Outcome, Remembered};
use crate::store::audit::{AuditEntry, Operation};
use crate::store::changeset::{Applied, Touched};

/// The schema version these shapes were written at.
pub const VERSION: u8 = 4;

/// A meeting at schema versions 3 and 4: no day the invitation was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingV4 {
    pub id: Id,
    pub region: Id,
    pub group: Option<Id>,
    pub kind: MeetingKind,
    pub title: String,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub place: String,
    pub agenda: String,
    pub minutes: String,
    pub state: MeetingState,
    pub attendance: Vec<Attendance>,
    pub guests: Vec<String>,
    pub note: String,
    pub uid: String,
}

/// Any record at schema version 4 (variants in the same order as then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordV4 {
    Region(Region),
    Organisation(Organisation),
    Person(Person),
    Project(Project),
    Document(Document),
    Group(Group),
    Membership(Membership),
    Meeting(MeetingV4),
}

/// An audit entry at schema version 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryV4 {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub who: String,
    pub operation: Operation,
    pub record: Option<RecordRef>,
    pub before: Option<RecordV4>,
    pub after: Option<RecordV4>,
    pub note: String,
    pub rev: u64,
}

/// A record as a change set touched it, at schema version 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TouchedV4 {
    pub before: Option<Versioned<RecordV4>>,
    pub after: Option<Versioned<RecordV4>>,
}

/// What a change set did, at schema version 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedV4 {
    pub touched: Vec<TouchedV4>,
}

/// What a remembered write did, at schema version 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeV4 {
    Applied(AppliedV4),
    Imported(u64),
}

/// A write remembered for answering it again, at schema version 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedV4 {
    pub at: DateTime<Utc>,
    pub outcome: OutcomeV4,
}

impl From<MeetingV4> for Meeting {
    fn from(m: MeetingV4) -> Meeting {
        Meeting {
            id: m.id,
            region: m.region,
            group: m.group,
            kind: m.kind,
            title: m.title,
            date: m.date,
            start: m.start,
            end: m.end,
            place: m.place,
            agenda: m.agenda,
            minutes: m.minutes,
            state: m.state,
            attendance: m.attendance,
            guests: m.guests,
            note: m.note,
            uid: m.uid,
            // Nobody marked an invitation sent before version 5.
            invitation_sent: None,
        }
    }
}

/// What kpss at schema versions 3 and 4 wrote for a meeting: the day its invitation
/// was sent is lost. Tests write old databases with it.
impl From<Meeting> for MeetingV4 {
    fn from(m: Meeting) -> MeetingV4 {
        MeetingV4 {
            id: m.id,
            region: m.region,
            group: m.group,
            kind: m.kind,
            title: m.title,
            date: m.date,
            start: m.start,
            end: m.end,
            place: m.place,
            agenda: m.agenda,
            minutes: m.minutes,
            state: m.state,
            attendance: m.attendance,
            guests: m.guests,
            note: m.note,
            uid: m.uid,
        }
    }
}

impl From<RecordV4> for Record {
    fn from(r: RecordV4) -> Record {
        match r {
            RecordV4::Region(r) => Record::Region(r),
            RecordV4::Organisation(r) => Record::Organisation(r),
            RecordV4::Person(r) => Record::Person(r),
            RecordV4::Project(r) => Record::Project(r),
            RecordV4::Document(r) => Record::Document(r),
            RecordV4::Group(r) => Record::Group(r),
            RecordV4::Membership(r) => Record::Membership(r),
            RecordV4::Meeting(m) => Record::Meeting(m.into()),
        }
    }
}

/// The version-4 shape of a record (a meeting loses the day its invitation was sent).
impl From<Record> for RecordV4 {
    fn from(r: Record) -> RecordV4 {
        match r {
            Record::Region(r) => RecordV4::Region(r),
            Record::Organisation(r) => RecordV4::Organisation(r),
            Record::Person(r) => RecordV4::Person(r),
            Record::Project(r) => RecordV4::Project(r),
            Record::Document(r) => RecordV4::Document(r),
            Record::Group(r) => RecordV4::Group(r),
            Record::Membership(r) => RecordV4::Membership(r),
            Record::Meeting(m) => RecordV4::Meeting(m.into()),
        }
    }
}

/// A stored record at version 4 as it is today.
pub fn versioned(v: Versioned<RecordV4>) -> Versioned<Record> {
    Versioned {
        rev: v.rev,
        record: v.record.into(),
    }
}

impl From<AuditEntryV4> for AuditEntry {
    fn from(e: AuditEntryV4) -> AuditEntry {
        AuditEntry {
            seq: e.seq,
            at: e.at,
            who: e.who,
            operation: e.operation,
            record: e.record,
            before: e.before.map(Record::from),
            after: e.after.map(Record::from),
            note: e.note,
            rev: e.rev,
        }
    }
}

/// The version-4 shape of an audit entry. Tests write old databases with it.
impl From<AuditEntry> for AuditEntryV4 {
    fn from(e: AuditEntry) -> AuditEntryV4 {
        AuditEntryV4 {
            seq: e.seq,
            at: e.at,
            who: e.who,
            operation: e.operation,
            record: e.record,
            before: e.before.map(RecordV4::from),
            after: e.after.map(RecordV4::from),
            note: e.note,
            rev: e.rev,
        }
    }
}

impl From<AppliedV4> for Applied {
    fn from(a: AppliedV4) -> Applied {
        Applied {
            touched: a
                .touched
                .into_iter()
                .map(|t| Touched {
                    before: t.before.map(versioned),
                    after: t.after.map(versioned),
                })
                .collect(),
        }
    }
}

impl From<RememberedV4> for Remembered {
    fn from(r: RememberedV4) -> Remembered {
        Remembered {
            at: r.at,
            outcome: match r.outcome {
                OutcomeV4::Applied(applied) => Outcome::Applied(applied.into()),
                OutcomeV4::Imported(count) => Outcome::Imported(count),
            },
        }
    }
}
