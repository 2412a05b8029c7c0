//! The store: the only code that knows sled and bincode. The TUI, the command line and
//! the shared server all work through the [`Store`] trait.

mod apply;
pub mod audit;
mod bulk;
pub mod changeset;
pub mod check;
pub mod clash;
pub mod codec;
mod compact;
mod embedded;
pub mod error;
mod export;
mod import;
mod import_check;
pub mod interpose;
pub mod keys;
pub mod legacy;
mod migrate;
pub mod open;
pub mod packed;
mod plan_links;
pub mod plan_order;
pub mod privacy;
pub mod records;
mod recover;
mod repack;
pub mod schema;
mod staging;
mod write;

use chrono::NaiveDate;

use crate::model::{
    Id, Kind, Meeting, Membership, Record, RecordRef, Recordable, Register, Versioned,
};

pub use apply::REMEMBER_WRITES;
pub use audit::{AuditEntry, Operation};
pub use changeset::{Applied, Change, ChangeSet, Touched, WriteId};
pub use check::CheckReport;
pub use embedded::EmbeddedStore;
pub use error::{Damage, Referrer, Result, StoreError};
pub use export::ExportError;
pub use import::{ImportError, Source};
pub use privacy::{ErasureReport, PersonData, Traces};
pub use staging::HALT_ENV as IMPORT_HALT_ENV;

/// What the register can do, whoever holds it: the embedded database or (later) the
/// shared server. Every write is durable when it returns.
pub trait Store: Send + Sync {
    /// One record, or `None` when there is no such record.
    fn get(&self, record: RecordRef) -> Result<Option<Versioned<Record>>>;
    /// Every record of a kind, in id order.
    fn list(&self, kind: Kind) -> Result<Vec<Versioned<Record>>>;
    /// Applies a change set in one transaction: every change or none, one flush, one
    /// batch of change events. A change that breaks a rule, meets another clerk's change
    /// ([`StoreError::Conflict`]) or points at nothing refuses the whole set.
    fn apply(&self, set: ChangeSet) -> Result<Applied> {
        self.apply_once(WriteId::fresh(), set)
    }
    /// [`Store::apply`] at most once: the same set sent again under the same `write` id
    /// (after a connection broke before the answer came) is answered with its first
    /// outcome instead of being applied twice.
    fn apply_once(&self, write: WriteId, set: ChangeSet) -> Result<Applied>;
    /// Stores a new record under a fresh id; returns it with its id and revision 1.
    fn create(&self, record: Record) -> Result<Versioned<Record>> {
        let kind = record.kind();
        only_stored(self.apply(ChangeSet::one(Change::Create(record)))?, kind)
    }
    /// Puts back a deleted record under its own id (undo of a delete). Refused when a
    /// record with that id exists or a record it points to is gone.
    fn restore(&self, record: Record) -> Result<Versioned<Record>> {
        let kind = record.kind();
        only_stored(self.apply(ChangeSet::one(Change::Restore(record)))?, kind)
    }
    /// Replaces a record. `rev` is the revision the change was based on; if the record
    /// has changed since, nothing is written and the answer is [`StoreError::Conflict`].
    fn update(&self, rev: u64, record: Record) -> Result<Versioned<Record>> {
        let kind = record.kind();
        only_stored(
            self.apply(ChangeSet::one(Change::Update { rev, record }))?,
            kind,
        )
    }
    /// Deletes a record at revision `rev`. When others point to it the delete is refused
    /// with [`StoreError::Referenced`] unless `cascade` is set; a cascade deletes what
    /// cannot exist without it and drops mentions of it from the rest. Returns every
    /// record deleted.
    fn delete(&self, record: RecordRef, rev: u64, cascade: bool) -> Result<Vec<RecordRef>> {
        let change = Change::Delete {
            record,
            rev,
            cascade,
        };
        Ok(self.apply(ChangeSet::one(change))?.deleted())
    }
    /// Which records point to `record`, read from the index alone.
    fn referring(&self, record: RecordRef) -> Result<Vec<RecordRef>>;
    /// The records that point to `record`, each with the title a clerk knows it by.
    fn referrers(&self, record: RecordRef) -> Result<Vec<Referrer>>;
    /// Meetings from `from` to `to`, both included, in date order.
    fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Versioned<Meeting>>>;
    /// The date of the first meeting on or after `date`, or failing that of the last
    /// meeting before it: where a calendar opens. Read from the date index alone.
    fn nearest_meeting_date(&self, date: NaiveDate) -> Result<Option<NaiveDate>>;
    /// A group's meetings in date order: the position is the meeting's number.
    fn meetings_of_group(&self, group: Id) -> Result<Vec<Versioned<Meeting>>>;
    /// A meeting's number within its group: its place in date order (ties by id),
    /// counted in the group index without reading the meetings.
    fn meeting_number(&self, group: Id, date: NaiveDate, id: Id) -> Result<usize>;
    /// The numbers of several meetings (group, date, id) at once: one question to the
    /// shared server instead of one per meeting.
    fn meeting_numbers(&self, meetings: &[(Id, NaiveDate, Id)]) -> Result<Vec<usize>> {
        meetings
            .iter()
            .map(|&(group, date, id)| self.meeting_number(group, date, id))
            .collect()
    }
    /// A region's first `limit` meetings from `from` on, in date order.
    fn meetings_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>>;
    /// A region's last `limit` meetings before `before`, latest first.
    fn meetings_of_region_before(
        &self,
        region: Id,
        before: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>>;
    /// The date and id of each of a group's meetings in date order, read from the index
    /// alone: the position is the meeting's number.
    fn meeting_dates_of_group(&self, group: Id) -> Result<Vec<(NaiveDate, Id)>>;
    /// The date and id of each meeting from `from` to `to` (both included), in date
    /// order (ties by id), read from the date index alone: what a month's grid needs,
    /// without reading the meetings.
    fn meeting_days(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, Id)>>;
    /// The dates of a region's meetings from `from` to `to`, in order, read from the
    /// index alone (one date per meeting).
    fn meeting_dates_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>>;
    fn memberships_of_group(&self, group: Id) -> Result<Vec<Versioned<Membership>>>;
    fn memberships_of_person(&self, person: Id) -> Result<Vec<Versioned<Membership>>>;
    /// A region's projects, documents or groups.
    fn in_region(&self, kind: Kind, region: Id) -> Result<Vec<Versioned<Record>>>;
    /// Named records of a kind whose folded name contains every word of `query`
    /// ("sobeslav" finds Soběslav).
    fn search(&self, kind: Kind, query: &str) -> Result<Vec<Versioned<Record>>>;
    /// The audit trail of one record, oldest first.
    fn history(&self, record: RecordRef) -> Result<Vec<AuditEntry>>;
    /// True when no record of any kind is stored.
    fn is_empty(&self) -> Result<bool>;
    /// Loads a whole register into an empty database, all or nothing.
    fn import(&self, register: &Register) -> Result<usize> {
        self.import_once(WriteId::fresh(), register)
    }
    /// [`Store::import`] at most once under the `write` id, as [`Store::apply_once`].
    fn import_once(&self, write: WriteId, register: &Register) -> Result<usize>;
    /// The whole register.
    fn export(&self) -> Result<Register>;
    /// The whole register written into `out` as the interchange JSON: the bytes
    /// [`crate::interchange::write`] gives for [`Store::export`]'s register. Returns how
    /// many records were written. The embedded store reads and writes one record at a
    /// time; others write the register they fetch whole.
    fn export_into(&self, out: &mut dyn std::io::Write) -> std::result::Result<usize, ExportError> {
        let register = self
            .export()
            .map_err(crate::interchange::WriteError::Source)?;
        crate::interchange::write_into(out, &register)?;
        Ok(register.len())
    }
    /// Everything the register holds about a person (GDPR Art. 15): the record, their
    /// memberships, attendance, regions listing them as a contact, records naming them
    /// and every audit entry about them. The disclosure is recorded in the audit trail.
    fn person_data(&self, person: Id) -> Result<PersonData>;
    /// Anonymises a person everywhere (GDPR Art. 17), in one transaction: the record
    /// keeps its id under the name [`privacy::ERASED_NAME`] with every other field
    /// empty; their memberships end today and stay; regions drop them as a contact;
    /// their name, e-mail and phone are rewritten in other records' text, in every
    /// audit entry and in remembered write outcomes. The erasure is audited (who, when,
    /// which record), without the data. It cannot be undone.
    fn erase_person(&self, person: Id) -> Result<ErasureReport>;
}

/// Typed access on top of [`Store`].
pub trait StoreExt: Store {
    fn get_as<T: Recordable>(&self, id: Id) -> Result<Option<Versioned<T>>> {
        Ok(self
            .get(RecordRef::new(T::KIND, id))?
            .and_then(|v| typed(v)))
    }

    fn list_as<T: Recordable>(&self) -> Result<Vec<Versioned<T>>> {
        Ok(self.list(T::KIND)?.into_iter().filter_map(typed).collect())
    }

    fn create_as<T: Recordable>(&self, record: T) -> Result<Versioned<T>> {
        let stored = self.create(record.into_record())?;
        typed(stored).ok_or_else(|| StoreError::Storage("record of another kind".into()))
    }

    fn update_as<T: Recordable>(&self, rev: u64, record: T) -> Result<Versioned<T>> {
        let stored = self.update(rev, record.into_record())?;
        typed(stored).ok_or_else(|| StoreError::Storage("record of another kind".into()))
    }
}

impl<S: Store + ?Sized> StoreExt for S {}

/// The record a one-change set stored.
fn only_stored(applied: Applied, kind: Kind) -> Result<Versioned<Record>> {
    applied
        .touched
        .into_iter()
        .find_map(|t| t.after.filter(|v| v.record.kind() == kind))
        .ok_or_else(|| StoreError::Storage("the change stored no record".into()))
}

/// Narrows a stored record to its type; `None` when it is of another kind.
pub fn typed<T: Recordable>(v: Versioned<Record>) -> Option<Versioned<T>> {
    Some(Versioned {
        rev: v.rev,
        record: T::from_record(v.record)?,
    })
}
