//! Frozen shapes of stored values as schema version 3 wrote them, for the migration to
//! version 4 (which gave [`Person`] a salutation). bincode has no field names: old bytes
//! can only be read with the old shapes, so these never change.
//!
//! Only the person's shape changed at version 4; the meeting is read with its frozen
//! version-4 shape ([`MeetingV4`], the same at version 3), the other kinds with today's
//! types. Whoever changes one of them for a later version freezes its version-3 shape
//! here first, so this migration keeps reading old databases.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    Document, Group, Id, Membership, Person, Project, Record, RecordRef, Region, Salutation,
    Versioned,
};
use crate::store::apply::{Outcome, Remembered};
use crate::store::audit::{AuditEntry, Operation};
use crate::store::changeset::{Applied, Touched};
use crate::store::legacy::v4::{
    EmbeddedServiceV4, EmbeddedServices, MeetingV4, OrganisationV4, service_as_organisation,
};

/// The schema version these shapes were written at.
pub const VERSION: u8 = 3;

/// A person at schema versions 2 and 3: no salutation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonV3 {
    pub id: Id,
    pub title_before: String,
    pub first_name: String,
    pub last_name: String,
    pub title_after: String,
    pub function: String,
    pub organisation: Option<Id>,
    pub phone: String,
    pub email: String,
    pub note: String,
}

/// Any record at schema version 3 (variants in the same order as then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordV3 {
    Region(Region),
    Organisation(OrganisationV4),
    Person(PersonV3),
    Project(Project),
    Document(Document),
    Group(Group),
    Membership(Membership),
    Meeting(MeetingV4),
}

/// An audit entry at schema version 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryV3 {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub who: String,
    pub operation: Operation,
    pub record: Option<RecordRef>,
    pub before: Option<RecordV3>,
    pub after: Option<RecordV3>,
    pub note: String,
    pub rev: u64,
}

/// A record as a change set touched it, at schema version 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TouchedV3 {
    pub before: Option<Versioned<RecordV3>>,
    pub after: Option<Versioned<RecordV3>>,
}

/// What a change set did, at schema version 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedV3 {
    pub touched: Vec<TouchedV3>,
}

/// What a remembered write did, at schema version 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeV3 {
    Applied(AppliedV3),
    Imported(u64),
}

/// A write remembered for answering it again, at schema version 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedV3 {
    pub at: DateTime<Utc>,
    pub outcome: OutcomeV3,
}

impl From<PersonV3> for Person {
    fn from(p: PersonV3) -> Person {
        Person {
            id: p.id,
            // Nobody had one before version 4.
            salutation: Salutation::Unknown,
            title_before: p.title_before,
            first_name: p.first_name,
            last_name: p.last_name,
            title_after: p.title_after,
            function: p.function,
            organisation: p.organisation,
            phone: p.phone,
            email: p.email,
            note: p.note,
        }
    }
}

/// What kpss at schema version 3 wrote for a person: the salutation is lost. Tests write
/// old databases with it.
impl From<Person> for PersonV3 {
    fn from(p: Person) -> PersonV3 {
        PersonV3 {
            id: p.id,
            title_before: p.title_before,
            first_name: p.first_name,
            last_name: p.last_name,
            title_after: p.title_after,
            function: p.function,
            organisation: p.organisation,
            phone: p.phone,
            email: p.email,
            note: p.note,
        }
    }
}

impl From<RecordV3> for Record {
    fn from(r: RecordV3) -> Record {
        match r {
            RecordV3::Region(r) => Record::Region(r),
            RecordV3::Organisation(r) => Record::Organisation(r.into()),
            RecordV3::Person(p) => Record::Person(p.into()),
            RecordV3::Project(r) => Record::Project(r),
            RecordV3::Document(r) => Record::Document(r),
            RecordV3::Group(r) => Record::Group(r),
            RecordV3::Membership(r) => Record::Membership(r),
            RecordV3::Meeting(m) => Record::Meeting(m.into()),
        }
    }
}

/// The version-3 shape of a record (a person loses their salutation).
impl From<Record> for RecordV3 {
    fn from(r: Record) -> RecordV3 {
        match r {
            Record::Region(r) => RecordV3::Region(r),
            Record::Organisation(r) => RecordV3::Organisation(r.into()),
            Record::Service(s) => RecordV3::Organisation(service_as_organisation(s)),
            Record::Person(p) => RecordV3::Person(p.into()),
            Record::Project(r) => RecordV3::Project(r),
            Record::Document(r) => RecordV3::Document(r),
            Record::Group(r) => RecordV3::Group(r),
            Record::Membership(r) => RecordV3::Membership(r),
            Record::Meeting(m) => RecordV3::Meeting(m.into()),
        }
    }
}

/// A stored record at version 3 as it is today.
pub fn versioned(v: Versioned<RecordV3>) -> Versioned<Record> {
    Versioned {
        rev: v.rev,
        record: v.record.into(),
    }
}

impl From<AuditEntryV3> for AuditEntry {
    fn from(e: AuditEntryV3) -> AuditEntry {
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

/// The version-3 shape of an audit entry. Tests write old databases with it.
impl From<AuditEntry> for AuditEntryV3 {
    fn from(e: AuditEntry) -> AuditEntryV3 {
        AuditEntryV3 {
            seq: e.seq,
            at: e.at,
            who: e.who,
            operation: e.operation,
            record: e.record,
            before: e.before.map(RecordV3::from),
            after: e.after.map(RecordV3::from),
            note: e.note,
            rev: e.rev,
        }
    }
}

impl From<AppliedV3> for Applied {
    fn from(a: AppliedV3) -> Applied {
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

impl From<RememberedV3> for Remembered {
    fn from(r: RememberedV3) -> Remembered {
        Remembered {
            at: r.at,
            outcome: match r.outcome {
                OutcomeV3::Applied(applied) => Outcome::Applied(applied.into()),
                OutcomeV3::Imported(count) => Outcome::Imported(count),
            },
        }
    }
}

impl EmbeddedServices for RecordV3 {
    fn embedded_services(&self) -> Option<(&OrganisationV4, &[EmbeddedServiceV4])> {
        match self {
            RecordV3::Organisation(o) if !o.services.is_empty() => Some((o, &o.services)),
            _ => None,
        }
    }
}
