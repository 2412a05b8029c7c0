//! A meeting's attendance sheet for a group of 40 members as a whole process (`kpss paper
//! attendance-sheet --format docx --out FILE`: start, connect, read, build the DOCX,
//! write, exit) through a running shared server, and the same opening the database
//! itself. `cargo bench --bench paper`; figures go into README.md's performance section.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kpss::model::{Group, GroupKind, Meeting, MeetingKind, Membership, Person, Record};
use kpss::store::{Change, ChangeSet, EmbeddedStore, Store};

const MEMBERS: usize = 40;
const RUNS: usize = 30;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The sample register with a steering group of 40 members and one meeting of it;
/// the meeting's id.
fn register(db: &std::path::Path) -> u64 {
    let store = EmbeddedStore::open(db, "bench").unwrap();
    store
        .import(&kpss::sample::sample_register().unwrap())
        .unwrap();
    let people: ChangeSet = (0..MEMBERS)
        .map(|i| {
            Change::Create(Record::Person(Person {
                first_name: format!("Člen{i}"),
                last_name: format!("Příjmení{:02}", MEMBERS - i),
                organisation: Some(9),
                email: format!("clen{i}@example.cz"),
                ..Person::default()
            }))
        })
        .collect();
    let applied = store.apply(people).unwrap();
    let ids: Vec<u64> = applied
        .touched
        .iter()
        .filter_map(|t| t.after.as_ref().map(|v| v.record.id()))
        .collect();
    let group = Group {
        name: "Řídící skupina pro měření".into(),
        short_name: "ŘS měření".into(),
        region: 10,
        project: Some(5),
        kind: Some(GroupKind::Steering),
        ..Group::default()
    };
    let members = ids.iter().map(|&person| Membership {
        person,
        ..Membership::default()
    });
    let applied = store.apply(ChangeSet::new_group(group, members)).unwrap();
    let group = applied
        .touched
        .iter()
        .find_map(|t| match t.after.as_ref().map(|v| &v.record) {
            Some(Record::Group(g)) => Some(g.id),
            _ => None,
        })
        .unwrap();
    let meeting = store
        .create(Record::Meeting(Meeting {
            region: 10,
            group: Some(group),
            kind: MeetingKind::Steering,
            date: NaiveDate::from_ymd_opt(2019, 3, 4).unwrap(),
            place: "MěÚ Soběslav".into(),
            agenda: "1. Zahájení\n2. Akční plán".into(),
            ..Meeting::default()
        }))
        .unwrap();
    meeting.record.id()
}

fn time(runs: usize, make: impl Fn() -> Command) -> Vec<Duration> {
    let warm = make().stdout(Stdio::null()).output().unwrap();
    assert!(
        warm.status.success(),
        "{}",
        String::from_utf8_lossy(&warm.stderr)
    );
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let out = make().stdout(Stdio::null()).output().unwrap();
            assert!(out.status.success());
            started.elapsed()
        })
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let meeting = register(&db);
    let out = dir.path().join("listina.docx");
    let settings = dir.path().join("settings.toml");
    std::fs::write(
        &settings,
        "[paper]\nfunding_line = \"Spolufinancováno z ESF.\"\n",
    )
    .unwrap();
    let sheet = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kpss"));
        c.arg("--db").arg(&db);
        c.env("KPSS_CONFIG", "/dev/null")
            .env("KPSS_SETTINGS", &settings);
        c.args([
            "paper",
            "attendance-sheet",
            "--meeting",
            &meeting.to_string(),
        ]);
        c.args(["--format", "docx", "--out"]).arg(&out);
        c
    };
    let mut direct = time(RUNS, sheet);
    std::fs::set_permissions(&db, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let config = kpss::daemon::ServeConfig {
        dir: db.clone(),
        socket: db.join("kpss.sock"),
        group: None,
        roles: kpss::daemon::Roles::without_file(&kpss::daemon::Peer::me().user),
    };
    let daemon = kpss::daemon::Daemon::start(config).unwrap();
    let mut served = time(RUNS, sheet);
    daemon.shutdown().unwrap();
    let bytes = std::fs::metadata(&out).unwrap().len();
    println!(
        "attendance sheet, {MEMBERS} members, DOCX ({bytes} bytes), whole process through kpss serve: \
         median {:.1} ms, max {:.1} ms",
        ms(percentile(&mut served, 0.5)),
        ms(percentile(&mut served, 1.0))
    );
    println!(
        "the same opening the database itself: median {:.1} ms, max {:.1} ms",
        ms(percentile(&mut direct, 0.5)),
        ms(percentile(&mut direct, 1.0))
    );
}
