//! `kpss import --ics` against a store whose disk fills up part-way.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use super::import;
use crate::cli::output::Failure;
use crate::model::{Group, Kind, Lang, Region};
use crate::store::interpose::{Call, Interposed};
use crate::store::{Change, EmbeddedStore, Store, StoreError, StoreExt};

/// The embedded store on a disk with room for `room` more meetings: a change set that
/// would pass it fails, as sled does when the disk is full.
fn filling_disk(inner: EmbeddedStore, room: usize) -> Interposed<EmbeddedStore> {
    let written = AtomicUsize::new(0);
    Interposed::new(inner, move |call| {
        let Call::Apply(set) = call else {
            return None;
        };
        let creates = set
            .changes
            .iter()
            .filter(|c| matches!(c, Change::Create(_)))
            .count();
        if written.load(Ordering::SeqCst) + creates > room {
            return Some(StoreError::DiskFull);
        }
        written.fetch_add(creates, Ordering::SeqCst);
        None
    })
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

    let full = filling_disk(inner, 1_499);
    let Failure::Message(err) = import(&full, &file, None, Some(region.id), Lang::Cs).unwrap_err()
    else {
        panic!("the import failed without a message");
    };
    assert!(err.contains("Na disku s databází došlo místo"), "{err}");
    assert!(err.contains("nic nebylo uloženo"), "{err}");
    assert_eq!(meetings(&full), 0, "none of the import is kept");

    // Room again: the same file, imported again and again, adds each event once.
    let roomy = filling_disk(full.inner().clone(), usize::MAX);
    import(&roomy, &file, None, Some(region.id), Lang::Cs).unwrap();
    assert_eq!(meetings(&roomy), 2_000);
    import(&roomy, &file, None, Some(region.id), Lang::Cs).unwrap();
    assert_eq!(meetings(&roomy), 2_000);
}
