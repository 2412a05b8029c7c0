//! A store that hands every call to another after asking a hook whether the call should
//! fail instead: how tests make a read time out or a disk fill up part-way (the shared
//! server dropping mid-form, a full disk mid-import) without a real fault, and check
//! that kpss says so and writes nothing it should not.

use chrono::NaiveDate;

use crate::model::{Id, Kind, Meeting, Membership, Record, RecordRef, Register, Versioned};
use crate::store::{
    Applied, AuditEntry, ChangeSet, ErasureReport, PersonData, Referrer, Result, Store, StoreError,
    WriteId,
};

/// The call about to be made.
#[derive(Debug, Clone, Copy)]
pub enum Call<'a> {
    /// A change set about to be applied.
    Apply(&'a ChangeSet),
    /// A register about to be imported.
    Import(&'a Register),
    /// A read (or a person's erasure), by the name of the [`Store`] method.
    Other(&'static str),
}

type Hook = dyn Fn(Call<'_>) -> Option<StoreError> + Send + Sync;

/// `inner`, except where `hook` answers a call with an error.
pub struct Interposed<S> {
    inner: S,
    hook: Box<Hook>,
}

impl<S: Store> Interposed<S> {
    pub fn new(
        inner: S,
        hook: impl Fn(Call<'_>) -> Option<StoreError> + Send + Sync + 'static,
    ) -> Interposed<S> {
        Interposed {
            inner,
            hook: Box::new(hook),
        }
    }

    /// The store behind.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    fn check(&self, call: Call<'_>) -> Result<()> {
        match (self.hook)(call) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn read(&self, name: &'static str) -> Result<()> {
        self.check(Call::Other(name))
    }
}

impl<S: Store> Store for Interposed<S> {
    fn get(&self, record: RecordRef) -> Result<Option<Versioned<Record>>> {
        self.read("get")?;
        self.inner.get(record)
    }
    fn list(&self, kind: Kind) -> Result<Vec<Versioned<Record>>> {
        self.read("list")?;
        self.inner.list(kind)
    }
    fn apply(&self, set: ChangeSet) -> Result<Applied> {
        self.check(Call::Apply(&set))?;
        self.inner.apply(set)
    }
    fn apply_once(&self, write: WriteId, set: ChangeSet) -> Result<Applied> {
        self.check(Call::Apply(&set))?;
        self.inner.apply_once(write, set)
    }
    fn referring(&self, record: RecordRef) -> Result<Vec<RecordRef>> {
        self.read("referring")?;
        self.inner.referring(record)
    }
    fn referrers(&self, record: RecordRef) -> Result<Vec<Referrer>> {
        self.read("referrers")?;
        self.inner.referrers(record)
    }
    fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Versioned<Meeting>>> {
        self.read("meetings_between")?;
        self.inner.meetings_between(from, to)
    }
    fn nearest_meeting_date(&self, date: NaiveDate) -> Result<Option<NaiveDate>> {
        self.read("nearest_meeting_date")?;
        self.inner.nearest_meeting_date(date)
    }
    fn meetings_of_group(&self, group: Id) -> Result<Vec<Versioned<Meeting>>> {
        self.read("meetings_of_group")?;
        self.inner.meetings_of_group(group)
    }
    fn meeting_number(&self, group: Id, date: NaiveDate, id: Id) -> Result<usize> {
        self.read("meeting_number")?;
        self.inner.meeting_number(group, date, id)
    }
    fn meeting_numbers(&self, meetings: &[(Id, NaiveDate, Id)]) -> Result<Vec<usize>> {
        self.read("meeting_numbers")?;
        self.inner.meeting_numbers(meetings)
    }
    fn meetings_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        self.read("meetings_of_region")?;
        self.inner.meetings_of_region(region, from, limit)
    }
    fn meetings_of_region_before(
        &self,
        region: Id,
        before: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        self.read("meetings_of_region_before")?;
        self.inner.meetings_of_region_before(region, before, limit)
    }
    fn meeting_days(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, Id)>> {
        self.read("meeting_days")?;
        self.inner.meeting_days(from, to)
    }
    fn meeting_dates_of_group(&self, group: Id) -> Result<Vec<(NaiveDate, Id)>> {
        self.read("meeting_dates_of_group")?;
        self.inner.meeting_dates_of_group(group)
    }
    fn meeting_dates_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        self.read("meeting_dates_of_region")?;
        self.inner.meeting_dates_of_region(region, from, to)
    }
    fn memberships_of_group(&self, group: Id) -> Result<Vec<Versioned<Membership>>> {
        self.read("memberships_of_group")?;
        self.inner.memberships_of_group(group)
    }
    fn memberships_of_person(&self, person: Id) -> Result<Vec<Versioned<Membership>>> {
        self.read("memberships_of_person")?;
        self.inner.memberships_of_person(person)
    }
    fn in_region(&self, kind: Kind, region: Id) -> Result<Vec<Versioned<Record>>> {
        self.read("in_region")?;
        self.inner.in_region(kind, region)
    }
    fn search(&self, kind: Kind, query: &str) -> Result<Vec<Versioned<Record>>> {
        self.read("search")?;
        self.inner.search(kind, query)
    }
    fn history(&self, record: RecordRef) -> Result<Vec<AuditEntry>> {
        self.read("history")?;
        self.inner.history(record)
    }
    fn is_empty(&self) -> Result<bool> {
        self.read("is_empty")?;
        self.inner.is_empty()
    }
    fn import(&self, register: &Register) -> Result<usize> {
        self.check(Call::Import(register))?;
        self.inner.import(register)
    }
    fn import_once(&self, write: WriteId, register: &Register) -> Result<usize> {
        self.check(Call::Import(register))?;
        self.inner.import_once(write, register)
    }
    fn export(&self) -> Result<Register> {
        self.read("export")?;
        self.inner.export()
    }
    fn person_data(&self, person: Id) -> Result<PersonData> {
        self.read("person_data")?;
        self.inner.person_data(person)
    }
    fn erase_person(&self, person: Id) -> Result<ErasureReport> {
        self.read("erase_person")?;
        self.inner.erase_person(person)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::Region;
    use crate::store::{Change, EmbeddedStore};

    #[test]
    fn a_hooked_call_fails_and_reaches_nothing_the_rest_pass() {
        let store = Interposed::new(EmbeddedStore::temporary("t").unwrap(), |call| match call {
            Call::Other("list") => Some(StoreError::Disconnected("timeout".into())),
            Call::Apply(set) if set.len() > 1 => Some(StoreError::DiskFull),
            _ => None,
        });
        let region = |name: &str| {
            Record::Region(Region {
                name: name.into(),
                ..Region::default()
            })
        };
        assert!(matches!(
            store.list(Kind::Region),
            Err(StoreError::Disconnected(_))
        ));
        let two: ChangeSet = ["A", "B"]
            .into_iter()
            .map(|n| Change::Create(region(n)))
            .collect();
        assert!(matches!(store.apply(two), Err(StoreError::DiskFull)));
        assert!(store.inner().is_empty().unwrap());
        store.create(region("Tábor")).unwrap();
        assert_eq!(store.inner().list(Kind::Region).unwrap().len(), 1);
    }
}
