//! Frozen shapes of stored values as schema version 4 wrote them, for the migration to
//! version 5, which gave [`Meeting`] the day its invitation was sent and took the
//! embedded `services` list out of [`Organisation`] (each service a record of its own,
//! [`crate::model::Service`]). bincode has no field names: old bytes can only be read
//! with the old shapes, so these never change.
//!
//! Versions 2 and 3 stored organisations in this shape too, and version 3 meetings.
//! Only the meeting's and the organisation's shapes changed at version 5; the other
//! kinds are read with today's types.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{
    Address, Attendance, Document, Group, Id, Meeting, MeetingKind, MeetingState, Membership,
    OrgKind, Organisation, Person, Project, Record, RecordRef, Region, ServiceForm, ServiceType,
    Versioned,
};
use crate::store::apply::{Outcome, Remembered};
use crate::store::audit::{AuditEntry, Operation};
use crate::store::changeset::{Applied, Touched};

/// The schema version these shapes were written at.
pub const VERSION: u8 = 4;

/// A service as an organisation listed it up to version 4: a type and a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedServiceV4 {
    pub kind: ServiceType,
    pub form: ServiceForm,
}

/// An organisation at schema versions 1 to 4: with its services inside.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrganisationV4 {
    pub id: Id,
    pub name: String,
    pub kind: Option<OrgKind>,
    pub ico: String,
    pub address: Address,
    pub web: String,
    pub email: String,
    pub phone: String,
    pub region: Option<Id>,
    pub services: Vec<EmbeddedServiceV4>,
    pub note: String,
}

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
    Organisation(OrganisationV4),
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

/// Today's organisation: its embedded services become records of their own (the
/// migration reads them with [`EmbeddedServices`] before this drops them).
impl From<OrganisationV4> for Organisation {
    fn from(o: OrganisationV4) -> Organisation {
        Organisation {
            id: o.id,
            name: o.name,
            kind: o.kind,
            ico: o.ico,
            address: o.address,
            web: o.web,
            email: o.email,
            phone: o.phone,
            region: o.region,
            note: o.note,
        }
    }
}

/// What kpss at schema version 4 wrote for an organisation: no services (they are
/// records of their own now). Tests write old databases with it.
impl From<Organisation> for OrganisationV4 {
    fn from(o: Organisation) -> OrganisationV4 {
        OrganisationV4 {
            id: o.id,
            name: o.name,
            kind: o.kind,
            ico: o.ico,
            address: o.address,
            web: o.web,
            email: o.email,
            phone: o.phone,
            region: o.region,
            services: Vec::new(),
            note: o.note,
        }
    }
}

/// An old record that may hold an organisation's embedded services.
pub trait EmbeddedServices {
    /// The organisation and its embedded services, when the record is one that has some.
    fn embedded_services(&self) -> Option<(&OrganisationV4, &[EmbeddedServiceV4])>;
}

impl EmbeddedServices for RecordV4 {
    fn embedded_services(&self) -> Option<(&OrganisationV4, &[EmbeddedServiceV4])> {
        match self {
            RecordV4::Organisation(o) if !o.services.is_empty() => Some((o, &o.services)),
            _ => None,
        }
    }
}

/// A service of version 4's shape, for tests that write old databases: an organisation
/// named after the service, listing it. A later kind has no version-4 form of its own.
pub(crate) fn service_as_organisation(s: crate::model::Service) -> OrganisationV4 {
    OrganisationV4 {
        id: s.provider,
        name: s.name,
        services: s
            .service_type
            .into_iter()
            .flat_map(|kind| {
                s.forms
                    .iter()
                    .map(move |&form| EmbeddedServiceV4 { kind, form })
            })
            .collect(),
        ..OrganisationV4::default()
    }
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
            RecordV4::Organisation(o) => Record::Organisation(o.into()),
            RecordV4::Person(r) => Record::Person(r),
            RecordV4::Project(r) => Record::Project(r),
            RecordV4::Document(r) => Record::Document(r),
            RecordV4::Group(r) => Record::Group(r),
            RecordV4::Membership(r) => Record::Membership(r),
            RecordV4::Meeting(m) => Record::Meeting(m.into()),
        }
    }
}

/// The version-4 shape of a record. Tests write old databases with it.
impl From<Record> for RecordV4 {
    fn from(r: Record) -> RecordV4 {
        match r {
            Record::Region(r) => RecordV4::Region(r),
            Record::Organisation(o) => RecordV4::Organisation(o.into()),
            Record::Person(r) => RecordV4::Person(r),
            Record::Project(r) => RecordV4::Project(r),
            Record::Document(r) => RecordV4::Document(r),
            Record::Group(r) => RecordV4::Group(r),
            Record::Membership(r) => RecordV4::Membership(r),
            Record::Meeting(m) => RecordV4::Meeting(m.into()),
            Record::Service(s) => RecordV4::Organisation(service_as_organisation(s)),
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
