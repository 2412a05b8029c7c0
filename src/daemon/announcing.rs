//! The database as the terminal application that serves it works on it: every call goes
//! to the database; every write, once durable, is announced through the hub to the
//! clerk's other kpss processes (and to the application itself, as the shared server
//! announces a client's own writes to it).

use std::sync::Arc;

use chrono::NaiveDate;

use crate::daemon::hub::Hub;
use crate::model::{Id, Kind, Meeting, Membership, Record, RecordRef, Register, Versioned};
use crate::protocol::Event;
use crate::store::{
    Applied, AuditEntry, ChangeSet, ErasureReport, PersonData, Referrer, Result, Store, WriteId,
};

/// The hub's database, its writes announced.
pub struct Announcing {
    hub: Arc<Hub>,
}

impl Announcing {
    pub fn new(hub: Arc<Hub>) -> Announcing {
        Announcing { hub }
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    fn changed(&self, records: Vec<(RecordRef, Option<u64>)>) {
        if records.is_empty() {
            return;
        }
        self.hub.announce(vec![Event::Changed {
            records,
            by: self.hub.store.actor().to_string(),
        }]);
    }

    fn applied(&self, applied: Result<Applied>) -> Result<Applied> {
        if let Ok(applied) = &applied {
            self.changed(applied.changes());
        }
        applied
    }

    fn imported(&self, imported: Result<usize>) -> Result<usize> {
        if imported.is_ok() {
            self.hub.announce(vec![Event::Reloaded {
                by: self.hub.store.actor().to_string(),
            }]);
        }
        imported
    }
}

impl Store for Announcing {
    fn get(&self, record: RecordRef) -> Result<Option<Versioned<Record>>> {
        self.hub.store.get(record)
    }
    fn list(&self, kind: Kind) -> Result<Vec<Versioned<Record>>> {
        self.hub.store.list(kind)
    }
    fn apply(&self, set: ChangeSet) -> Result<Applied> {
        self.applied(self.hub.store.apply(set))
    }
    fn apply_once(&self, write: WriteId, set: ChangeSet) -> Result<Applied> {
        self.applied(self.hub.store.apply_once(write, set))
    }
    fn referring(&self, record: RecordRef) -> Result<Vec<RecordRef>> {
        self.hub.store.referring(record)
    }
    fn referrers(&self, record: RecordRef) -> Result<Vec<Referrer>> {
        self.hub.store.referrers(record)
    }
    fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Versioned<Meeting>>> {
        self.hub.store.meetings_between(from, to)
    }
    fn nearest_meeting_date(&self, date: NaiveDate) -> Result<Option<NaiveDate>> {
        self.hub.store.nearest_meeting_date(date)
    }
    fn meetings_of_group(&self, group: Id) -> Result<Vec<Versioned<Meeting>>> {
        self.hub.store.meetings_of_group(group)
    }
    fn meeting_number(&self, group: Id, date: NaiveDate, id: Id) -> Result<usize> {
        self.hub.store.meeting_number(group, date, id)
    }
    fn meeting_numbers(&self, meetings: &[(Id, NaiveDate, Id)]) -> Result<Vec<usize>> {
        self.hub.store.meeting_numbers(meetings)
    }
    fn meetings_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        self.hub.store.meetings_of_region(region, from, limit)
    }
    fn meetings_of_region_before(
        &self,
        region: Id,
        before: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        self.hub
            .store
            .meetings_of_region_before(region, before, limit)
    }
    fn meeting_days(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, Id)>> {
        self.hub.store.meeting_days(from, to)
    }
    fn meeting_dates_of_group(&self, group: Id) -> Result<Vec<(NaiveDate, Id)>> {
        self.hub.store.meeting_dates_of_group(group)
    }
    fn meeting_dates_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        self.hub.store.meeting_dates_of_region(region, from, to)
    }
    fn memberships_of_group(&self, group: Id) -> Result<Vec<Versioned<Membership>>> {
        self.hub.store.memberships_of_group(group)
    }
    fn memberships_of_person(&self, person: Id) -> Result<Vec<Versioned<Membership>>> {
        self.hub.store.memberships_of_person(person)
    }
    fn in_region(&self, kind: Kind, region: Id) -> Result<Vec<Versioned<Record>>> {
        self.hub.store.in_region(kind, region)
    }
    fn search(&self, kind: Kind, query: &str) -> Result<Vec<Versioned<Record>>> {
        self.hub.store.search(kind, query)
    }
    fn history(&self, record: RecordRef) -> Result<Vec<AuditEntry>> {
        self.hub.store.history(record)
    }
    fn is_empty(&self) -> Result<bool> {
        self.hub.store.is_empty()
    }
    fn import(&self, register: &Register) -> Result<usize> {
        self.imported(self.hub.store.import(register))
    }
    fn import_once(&self, write: WriteId, register: &Register) -> Result<usize> {
        self.imported(self.hub.store.import_once(write, register))
    }
    fn export(&self) -> Result<Register> {
        self.hub.store.export()
    }
    fn person_data(&self, person: Id) -> Result<PersonData> {
        self.hub.store.person_data(person)
    }
    fn erase_person(&self, person: Id) -> Result<ErasureReport> {
        let report = self.hub.store.erase_person(person);
        if let Ok(report) = &report {
            self.changed(report.changed.clone());
        }
        report
    }
}
