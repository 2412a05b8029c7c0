//! `kpss import --ics` against a store whose disk fills up part-way.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use super::import;
use crate::cli::output::Failure;
use crate::model::{
    Group, Id, Kind, Lang, Meeting, Membership, Record, RecordRef, Region, Register, Versioned,
};
use crate::store::{
    Applied, AuditEntry, Change, ChangeSet, EmbeddedStore, Referrer, Result, Store, StoreError,
    StoreExt, WriteId,
};

/// The embedded store on a disk with room for `room` more meetings: a write that would
/// pass it fails, as sled does when the disk is full.
struct FillingDisk {
    inner: EmbeddedStore,
    room: usize,
    written: AtomicUsize,
}

impl Store for FillingDisk {
    fn apply_once(&self, write: WriteId, set: ChangeSet) -> Result<Applied> {
        let creates = set
            .changes
            .iter()
            .filter(|c| matches!(c, Change::Create(_)))
            .count();
        if self.written.load(Ordering::SeqCst) + creates > self.room {
            return Err(StoreError::DiskFull);
        }
        let applied = self.inner.apply_once(write, set)?;
        self.written.fetch_add(creates, Ordering::SeqCst);
        Ok(applied)
    }
    fn get(&self, record: RecordRef) -> Result<Option<Versioned<Record>>> {
        self.inner.get(record)
    }
    fn list(&self, kind: Kind) -> Result<Vec<Versioned<Record>>> {
        self.inner.list(kind)
    }
    fn referring(&self, record: RecordRef) -> Result<Vec<RecordRef>> {
        self.inner.referring(record)
    }
    fn referrers(&self, record: RecordRef) -> Result<Vec<Referrer>> {
        self.inner.referrers(record)
    }
    fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Versioned<Meeting>>> {
        self.inner.meetings_between(from, to)
    }
    fn nearest_meeting_date(&self, date: NaiveDate) -> Result<Option<NaiveDate>> {
        self.inner.nearest_meeting_date(date)
    }
    fn meetings_of_group(&self, group: Id) -> Result<Vec<Versioned<Meeting>>> {
        self.inner.meetings_of_group(group)
    }
    fn meeting_number(&self, group: Id, date: NaiveDate, id: Id) -> Result<usize> {
        self.inner.meeting_number(group, date, id)
    }
    fn meetings_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        self.inner.meetings_of_region(region, from, limit)
    }
    fn meetings_of_region_before(
        &self,
        region: Id,
        before: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        self.inner.meetings_of_region_before(region, before, limit)
    }
    fn meeting_dates_of_group(&self, group: Id) -> Result<Vec<(NaiveDate, Id)>> {
        self.inner.meeting_dates_of_group(group)
    }
    fn meeting_dates_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        self.inner.meeting_dates_of_region(region, from, to)
    }
    fn memberships_of_group(&self, group: Id) -> Result<Vec<Versioned<Membership>>> {
        self.inner.memberships_of_group(group)
    }
    fn memberships_of_person(&self, person: Id) -> Result<Vec<Versioned<Membership>>> {
        self.inner.memberships_of_person(person)
    }
    fn in_region(&self, kind: Kind, region: Id) -> Result<Vec<Versioned<Record>>> {
        self.inner.in_region(kind, region)
    }
    fn search(&self, kind: Kind, query: &str) -> Result<Vec<Versioned<Record>>> {
        self.inner.search(kind, query)
    }
    fn history(&self, record: RecordRef) -> Result<Vec<AuditEntry>> {
        self.inner.history(record)
    }
    fn is_empty(&self) -> Result<bool> {
        self.inner.is_empty()
    }
    fn import_once(&self, write: WriteId, register: &Register) -> Result<usize> {
        self.inner.import_once(write, register)
    }
    fn export(&self) -> Result<Register> {
        self.inner.export()
    }
    fn person_data(&self, person: Id) -> Result<crate::store::PersonData> {
        self.inner.person_data(person)
    }
    fn erase_person(&self, person: Id) -> Result<crate::store::ErasureReport> {
        self.inner.erase_person(person)
    }
}

fn calendar(events: usize) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//CS\r\n");
    let first = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
    for i in 0..events {
        let day = first + chrono::Duration::days(i as i64);
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{i}@example.org\r\nSUMMARY:Setkání {i}\r\n\
             DTSTART;VALUE=DATE:{}\r\nEND:VEVENT\r\n",
            day.format("%Y%m%d")
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

fn meetings(store: &dyn Store) -> usize {
    store.list(Kind::Meeting).unwrap().len()
}

#[test]
fn a_disk_that_fills_part_way_keeps_none_of_the_import_and_a_retry_adds_each_once() {
    let inner = EmbeddedStore::temporary("referentka").unwrap();
    let region = inner
        .create_as(Region {
            name: "Soběslav".into(),
            ..Region::default()
        })
        .unwrap()
        .record;
    inner
        .create_as(Group {
            name: "Řídící skupina".into(),
            region: region.id,
            ..Group::default()
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("velky.ics");
    std::fs::write(&file, calendar(2_000)).unwrap();

    let full = FillingDisk {
        inner,
        room: 1_499,
        written: AtomicUsize::new(0),
    };
    let Failure::Message(err) = import(&full, &file, None, Some(region.id), Lang::Cs).unwrap_err()
    else {
        panic!("the import failed without a message");
    };
    assert!(err.contains("Na disku s databází došlo místo"), "{err}");
    assert!(err.contains("nic nebylo uloženo"), "{err}");
    assert_eq!(meetings(&full), 0, "none of the import is kept");

    // Room again: the same file, imported again and again, adds each event once.
    let roomy = FillingDisk {
        room: usize::MAX,
        ..full
    };
    import(&roomy, &file, None, Some(region.id), Lang::Cs).unwrap();
    assert_eq!(meetings(&roomy), 2_000);
    import(&roomy, &file, None, Some(region.id), Lang::Cs).unwrap();
    assert_eq!(meetings(&roomy), 2_000);
}
