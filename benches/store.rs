//! Store benchmarks: open, insert one meeting with its indexes and flush, save a group with
//! 20 members as one change set, read one month of meetings through the date index; at the sample size and at 250,000 generated meetings.
//!
//! `cargo bench --bench store`; figures go into README.md's performance section.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use kpss::model::{Group, Meeting, MeetingKind, Membership, Register};
use kpss::store::{ChangeSet, EmbeddedStore, Store, StoreExt};

const BIG: usize = 250_000;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn build(dir: &Path, register: &Register) {
    let store = EmbeddedStore::open(dir, "bench").unwrap();
    store.import(register).unwrap();
}

fn bench_size(c: &mut Criterion, name: &str, register: Register, month: NaiveDate) {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &register);
    let region = register.regions.first().map(|r| r.id).unwrap_or(1);
    drop(register);

    let mut group = c.benchmark_group(name);
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("open", |b| {
        b.iter(|| {
            let store = EmbeddedStore::open(dir.path(), "bench").unwrap();
            black_box(store.is_empty().ok());
        })
    });

    let store = EmbeddedStore::open(dir.path(), "bench").unwrap();
    group.bench_function("insert_meeting_and_flush", |b| {
        b.iter(|| {
            let meeting = Meeting {
                region,
                kind: MeetingKind::RoundTable,
                title: "Kulatý stůl".into(),
                date: date(2019, 3, 5),
                ..Meeting::default()
            };
            black_box(store.create_as(meeting).unwrap());
        })
    });
    // A group and its 20 members saved as one change set (one transaction, one flush),
    // as the group form saves them.
    let people: Vec<u64> = store
        .list(kpss::model::Kind::Person)
        .unwrap()
        .iter()
        .map(|p| p.record.id())
        .take(20)
        .collect();
    group.bench_function(
        format!("group_with_{}_members_as_one_change_set", people.len()),
        |b| {
            b.iter(|| {
                let group = Group {
                    name: "Pracovní skupina Senioři".into(),
                    region,
                    ..Group::default()
                };
                let members = people.iter().map(|&person| Membership {
                    person,
                    ..Membership::default()
                });
                let set = ChangeSet::new_group(group, members);
                black_box(store.apply(set).unwrap());
            })
        },
    );
    let end = month
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month);
    let found = store
        .meetings_between(month, end)
        .map(|m| m.len())
        .unwrap_or(0);
    group.bench_function(format!("read_month_{found}_meetings"), |b| {
        b.iter(|| black_box(store.meetings_between(month, end).unwrap_or_default()))
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let sample = kpss::sample::sample_register().unwrap();
    bench_size(c, "sample", sample.clone(), date(2018, 12, 1));
    let big = kpss::generate::grow(sample, BIG);
    bench_size(c, "generated_250k", big, date(2015, 6, 1));
}

criterion_group!(store, benches);
criterion_main!(store);
