//! Frozen shapes of stored values as schema version 2 wrote them, for the migration to
//! version 3 (which gave [`Meeting`] its event `uid`). bincode has no field names: old
//! bytes can only be read with the old shapes, so these never change.
//!
//! The meeting's shape changed at version 3, the person's at version 4 (a person at
//! version 2 has the shape of version 3, [`PersonV3`]); the other kinds are read with
//! today's types.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    Attendance, Document, Group, Id, Meeting, MeetingKind, MeetingState, Membership, Project,
    Record, RecordRef, Region, Versioned,
};
use crate::store::apply::{Outcome, Remembered};
use crate::store::audit::{AuditEntry, Operation};
use crate::store::changeset::{Applied, Touched};
use crate::store::legacy::v3::PersonV3;
use crate::store::legacy::v4::{
    EmbeddedServiceV4, EmbeddedServices, OrganisationV4, service_as_organisation,
};

/// The schema version these shapes were written at.
pub const VERSION: u8 = 2;

/// A meeting at schema version 2: no `uid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingV2 {
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
}

/// Any record at schema version 2 (variants in the same order as then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordV2 {
    Region(Region),
    Organisation(OrganisationV4),
    Person(PersonV3),
    Project(Project),
    Document(Document),
    Group(Group),
    Membership(Membership),
    Meeting(MeetingV2),
}

/// An audit entry at schema version 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryV2 {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub who: String,
    pub operation: Operation,
    pub record: Option<RecordRef>,
    pub before: Option<RecordV2>,
    pub after: Option<RecordV2>,
    pub note: String,
    pub rev: u64,
}

/// A record as a change set touched it, at schema version 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TouchedV2 {
    pub before: Option<Versioned<RecordV2>>,
    pub after: Option<Versioned<RecordV2>>,
}

/// What a change set did, at schema version 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedV2 {
    pub touched: Vec<TouchedV2>,
}

/// What a remembered write did, at schema version 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeV2 {
    Applied(AppliedV2),
    Imported(u64),
}

/// A write remembered for answering it again, at schema version 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedV2 {
    pub at: DateTime<Utc>,
    pub outcome: OutcomeV2,
}

impl From<MeetingV2> for Meeting {
    fn from(m: MeetingV2) -> Meeting {
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
            // Version 2 kept no event UIDs.
            uid: String::new(),
            invitation_sent: None,
        }
    }
}

impl From<RecordV2> for Record {
    fn from(r: RecordV2) -> Record {
        match r {
            RecordV2::Region(r) => Record::Region(r),
            RecordV2::Organisation(r) => Record::Organisation(r.into()),
            RecordV2::Person(r) => Record::Person(r.into()),
            RecordV2::Project(r) => Record::Project(r),
            RecordV2::Document(r) => Record::Document(r),
            RecordV2::Group(r) => Record::Group(r),
            RecordV2::Membership(r) => Record::Membership(r),
            RecordV2::Meeting(m) => Record::Meeting(m.into()),
        }
    }
}

/// The version-2 shape of a record: what kpss at schema version 2 wrote for it (a
/// meeting loses its `uid` and a person their salutation, which version 2 could not
/// hold). Tests write old databases
/// with it.
impl From<Record> for RecordV2 {
    fn from(r: Record) -> RecordV2 {
        match r {
            Record::Region(r) => RecordV2::Region(r),
            Record::Organisation(r) => RecordV2::Organisation(r.into()),
            Record::Service(s) => RecordV2::Organisation(service_as_organisation(s)),
            Record::Person(r) => RecordV2::Person(r.into()),
            Record::Project(r) => RecordV2::Project(r),
            Record::Document(r) => RecordV2::Document(r),
            Record::Group(r) => RecordV2::Group(r),
            Record::Membership(r) => RecordV2::Membership(r),
            Record::Meeting(m) => RecordV2::Meeting(MeetingV2 {
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
            }),
        }
    }
}

/// A stored record at version 2 as it is today.
pub fn versioned(v: Versioned<RecordV2>) -> Versioned<Record> {
    Versioned {
        rev: v.rev,
        record: v.record.into(),
    }
}

impl From<AuditEntryV2> for AuditEntry {
    fn from(e: AuditEntryV2) -> AuditEntry {
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

impl From<AppliedV2> for Applied {
    fn from(a: AppliedV2) -> Applied {
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

impl From<RememberedV2> for Remembered {
    fn from(r: RememberedV2) -> Remembered {
        Remembered {
            at: r.at,
            outcome: match r.outcome {
                OutcomeV2::Applied(applied) => Outcome::Applied(applied.into()),
                OutcomeV2::Imported(count) => Outcome::Imported(count),
            },
        }
    }
}

impl EmbeddedServices for RecordV2 {
    fn embedded_services(&self) -> Option<(&OrganisationV4, &[EmbeddedServiceV4])> {
        match self {
            RecordV2::Organisation(o) if !o.services.is_empty() => Some((o, &o.services)),
            _ => None,
        }
    }
}
