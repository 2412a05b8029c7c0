//! Personal data on request and its erasure (GDPR Art. 15 and 17): everything the
//! register holds about a person, and the anonymisation of a person everywhere — the
//! record, the text of other records, the audit trail and the outcomes of remembered
//! writes — in one transaction.

mod erase;
mod export;
pub mod traces;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Id, Kind, Membership, Person, Presence, Record, RecordRef, Versioned};
use crate::store::audit::AuditEntry;
use crate::store::codec;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Result, StoreError};
use crate::store::schema::TreeId;

pub(crate) use erase::erase_person;
pub(crate) use export::person_data;
pub use traces::{ERASED_NAME, Traces, anonymised};

/// What [`PersonData::format`] says.
pub const PERSON_DATA_FORMAT: &str = "kpss-person";
/// What [`PersonData::version`] says.
pub const PERSON_DATA_VERSION: u32 = 1;

/// Everything the register holds about one person, for a request under GDPR Art. 15.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonData {
    /// Always [`PERSON_DATA_FORMAT`].
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    /// The user who asked for it.
    pub exported_by: String,
    pub person_id: Id,
    /// The record now; none when it has been deleted (the trail may still hold it).
    pub person: Option<Versioned<Person>>,
    /// The organisation the record names.
    pub organisation: Option<Named>,
    pub memberships: Vec<MembershipOf>,
    pub attendance: Vec<AttendanceAt>,
    /// Regions that list the person as a contact.
    pub contact_for: Vec<Named>,
    /// Other records whose text names the person (minutes, guests, notes).
    pub named_in: Vec<Named>,
    /// Every audit entry about the person's record or whose values point at the person
    /// or name them, oldest first.
    pub audit: Vec<AuditEntry>,
}

/// A record and the name a clerk knows it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub record: RecordRef,
    pub title: String,
}

/// A membership with its group's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipOf {
    pub membership: Versioned<Membership>,
    pub group: String,
}

/// One meeting on whose attendance list the person stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceAt {
    pub meeting: Id,
    pub date: NaiveDate,
    /// The group (or the meeting's own title) and the date.
    pub title: String,
    pub presence: Presence,
}

/// What an erasure did. It holds none of the erased data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureReport {
    pub person: Id,
    /// Every record changed and its revision now, for change events.
    pub changed: Vec<(RecordRef, Option<u64>)>,
    /// Memberships ended today (kept, so the groups' history stays right).
    pub memberships_ended: usize,
    /// Regions that no longer list the person as a contact.
    pub contacts_dropped: usize,
    /// Other records whose text named the person.
    pub texts_scrubbed: usize,
    /// Audit entries rewritten in place.
    pub audit_rewritten: usize,
    /// Remembered outcomes of writes (kept for a client's resend) rewritten or dropped.
    pub writes_rewritten: usize,
}

/// Every version of the person's record the database holds: the record now and each
/// one in its audit trail.
fn versions(store: &EmbeddedStore, person: Id) -> Result<(Option<Versioned<Record>>, Vec<Person>)> {
    let me = RecordRef::new(Kind::Person, person);
    let current = store.load(me)?;
    let mut versions: Vec<Person> = Vec::new();
    let mut add = |record: &Record| {
        if let Record::Person(p) = record
            && p.id == person
            && !versions.contains(p)
        {
            versions.push(p.clone());
        }
    };
    if let Some(v) = &current {
        add(&v.record);
    }
    for entry in store.trail(me)? {
        for record in entry.before.iter().chain(entry.after.iter()) {
            add(record);
        }
    }
    if current.is_none() && versions.is_empty() {
        return Err(StoreError::NotFound(me));
    }
    Ok((current, versions))
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    codec::encode(value).map_err(|e| StoreError::Storage(e.to_string()))
}

fn decode_audit(key: &[u8], bytes: &[u8]) -> Result<AuditEntry> {
    codec::decode(bytes).map_err(|error| StoreError::Corrupt {
        tree: TreeId::Audit.name(),
        key: key.to_vec(),
        error,
    })
}

/// Whether a stored value may name the person: a cheap test on its bytes.
fn may_name(traces: &Traces, bytes: &[u8]) -> bool {
    traces.texts().any(|text| codec::may_hold_text(bytes, text))
}
