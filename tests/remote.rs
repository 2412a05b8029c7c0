//! The shared server's client: every `Store` call through a `RemoteStore` answers as the
//! embedded store does, concurrent edits lose nothing, events reach other clients, and a
//! dropped or garbled connection fails calls at once and comes back by itself. The
//! daemon is played by a small in-process fake serving an `EmbeddedStore`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kpss::model::{Kind, Lang, Record, RecordRef, Region};
use kpss::protocol::{
    Announce, ClientMessage, Event, PROTOCOL_VERSION, Refusal, Role, ServerMessage, dispatch, frame,
};
use kpss::remote::{Connection, RemoteStore, WRITE_RETRY};
use kpss::store::{Change, ChangeSet, EmbeddedStore, Store, StoreError, StoreExt};

// ---- the fake daemon -------------------------------------------------------------------

type Conn = Arc<Mutex<UnixStream>>;

struct Fake {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: EmbeddedStore,
    conns: Arc<Mutex<Vec<Conn>>>,
    /// New connections are closed at once (the daemon is "down").
    paused: Arc<AtomicBool>,
    /// Requests are read and never answered.
    mute: Arc<AtomicBool>,
    /// The next write is committed and then every connection ends before the answer
    /// goes out, as when the daemon dies right after a commit.
    crash_after_commit: Arc<AtomicBool>,
}

fn fake() -> Fake {
    fake_with(None)
}

/// A fake daemon; with `refusal` it refuses every client with it.
fn fake_with(refusal: Option<Refusal>) -> Fake {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kpss.sock");
    let listener = UnixListener::bind(&path).unwrap();
    let fake = Fake {
        _dir: dir,
        path,
        store: EmbeddedStore::temporary("tester").unwrap(),
        conns: Arc::default(),
        paused: Arc::default(),
        mute: Arc::default(),
        crash_after_commit: Arc::default(),
    };
    let (store, conns, paused, mute, crash) = (
        fake.store.clone(),
        fake.conns.clone(),
        fake.paused.clone(),
        fake.mute.clone(),
        fake.crash_after_commit.clone(),
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            if paused.load(Ordering::SeqCst) {
                continue; // dropped: closed at once
            }
            let (store, conns, mute, refusal, crash) = (
                store.clone(),
                conns.clone(),
                mute.clone(),
                refusal.clone(),
                crash.clone(),
            );
            std::thread::spawn(move || {
                let Ok(Some(ClientMessage::Hello { .. })) = frame::read(&mut stream) else {
                    return;
                };
                let answer = match refusal {
                    Some(r) => ServerMessage::Refused(r),
                    None => ServerMessage::Welcome {
                        version: PROTOCOL_VERSION,
                        user: "tester".into(),
                        role: Role::Editor,
                        database: "test".into(),
                    },
                };
                let me: Conn = Arc::new(Mutex::new(stream.try_clone().unwrap()));
                if frame::write(&mut *me.lock().unwrap(), &answer).is_err() {
                    return; // a probe that hung up
                }
                conns.lock().unwrap().push(me.clone());
                while let Ok(Some(ClientMessage::Request { id, request })) =
                    frame::read::<ClientMessage>(&mut stream)
                {
                    if mute.load(Ordering::SeqCst) {
                        continue;
                    }
                    let announce = request.announces();
                    let result = dispatch(&store, *request).map_err(Into::into);
                    if announce != Announce::Nothing && crash.swap(false, Ordering::SeqCst) {
                        for c in conns.lock().unwrap().drain(..) {
                            let _ = c.lock().unwrap().shutdown(std::net::Shutdown::Both);
                        }
                        return;
                    }
                    let events = match &result {
                        Ok(reply) => announce.events(reply, "tester"),
                        Err(_) => Vec::new(),
                    };
                    let response = ServerMessage::Response {
                        id,
                        result: Box::new(result),
                    };
                    if frame::write(&mut *me.lock().unwrap(), &response).is_err() {
                        return;
                    }
                    for event in events {
                        for c in conns.lock().unwrap().iter() {
                            let _ = frame::write(
                                &mut *c.lock().unwrap(),
                                &ServerMessage::Event(event.clone()),
                            );
                        }
                    }
                }
            });
        }
    });
    fake
}

impl Fake {
    /// Ends every open connection, as a crashed daemon would.
    fn kill(&self) {
        for c in self.conns.lock().unwrap().drain(..) {
            let _ = c.lock().unwrap().shutdown(std::net::Shutdown::Both);
        }
    }

    /// Sends raw bytes on every open connection.
    fn send_raw(&self, bytes: &[u8]) {
        use std::io::Write;
        for c in self.conns.lock().unwrap().iter() {
            let _ = c.lock().unwrap().write_all(bytes);
        }
    }

    fn connect(&self) -> RemoteStore {
        RemoteStore::connect(&self.path, "test").unwrap()
    }
}

// ---- helpers ---------------------------------------------------------------------------

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Waits up to `within` for `check` to hold.
fn eventually(within: Duration, mut check: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + within;
    while Instant::now() < until {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    check()
}

fn region(name: &str, note: &str) -> Record {
    Record::Region(Region {
        name: name.into(),
        note: note.into(),
        ..Region::default()
    })
}

// ---- every method answers as the embedded store does ----------------------------------

#[test]
fn every_method_answers_as_the_embedded_store() {
    let fake = fake();
    let remote = fake.connect();
    let local: &dyn Store = &fake.store;
    assert_eq!(remote.user(), "tester");
    assert_eq!(remote.role(), Role::Editor);
    assert_eq!(remote.database(), "test");
    assert_eq!(remote.status(), Connection::Connected);

    assert!(remote.is_empty().unwrap());
    let register = kpss::sample::sample_register().unwrap();
    let n = remote.import(&register).unwrap();
    assert_eq!(n, register.len());
    assert!(!remote.is_empty().unwrap());
    assert_eq!(remote.import(&register).unwrap_err(), StoreError::NotEmpty);
    assert_eq!(remote.export().unwrap(), local.export().unwrap());

    let (from, to) = (date(2000, 1, 1), date(2100, 1, 1));
    for kind in Kind::ALL {
        let all = remote.list(kind).unwrap();
        assert_eq!(all, local.list(kind).unwrap(), "{kind:?}");
        for v in &all {
            let r = v.record.reference();
            assert_eq!(remote.get(r).unwrap(), local.get(r).unwrap());
            assert_eq!(remote.referring(r).unwrap(), local.referring(r).unwrap());
            assert_eq!(remote.referrers(r).unwrap(), local.referrers(r).unwrap());
            assert_eq!(remote.history(r).unwrap(), local.history(r).unwrap());
        }
        for q in ["a", "sobeslav", "písek", "nic takového"] {
            assert_eq!(
                remote.search(kind, q).unwrap(),
                local.search(kind, q).unwrap()
            );
        }
    }
    let missing = RecordRef::new(Kind::Person, 999_999);
    assert_eq!(remote.get(missing).unwrap(), None);

    let regions = local.list(Kind::Region).unwrap();
    assert!(!regions.is_empty());
    for r in &regions {
        let id = r.record.id();
        for kind in [Kind::Project, Kind::Document, Kind::Group] {
            assert_eq!(
                remote.in_region(kind, id).unwrap(),
                local.in_region(kind, id).unwrap()
            );
        }
        for (start, limit) in [(from, 3), (date(2025, 1, 1), 100), (to, 0)] {
            assert_eq!(
                remote.meetings_of_region(id, start, limit).unwrap(),
                local.meetings_of_region(id, start, limit).unwrap()
            );
            assert_eq!(
                remote.meetings_of_region_before(id, start, limit).unwrap(),
                local.meetings_of_region_before(id, start, limit).unwrap()
            );
        }
        assert_eq!(
            remote.meeting_dates_of_region(id, from, to).unwrap(),
            local.meeting_dates_of_region(id, from, to).unwrap()
        );
    }
    let meetings = local.meetings_between(from, to).unwrap();
    assert!(!meetings.is_empty(), "the sample has meetings");
    assert_eq!(remote.meetings_between(from, to).unwrap(), meetings);
    assert_eq!(
        remote.meeting_days(from, to).unwrap(),
        local.meeting_days(from, to).unwrap()
    );
    for d in [from, date(2025, 6, 1), to] {
        assert_eq!(
            remote.nearest_meeting_date(d).unwrap(),
            local.nearest_meeting_date(d).unwrap()
        );
    }
    for m in &meetings {
        if let Some(g) = m.record.group {
            let (d, id) = (m.record.date, m.record.id);
            assert_eq!(
                remote.meeting_number(g, d, id).unwrap(),
                local.meeting_number(g, d, id).unwrap()
            );
        }
    }
    for g in local.list(Kind::Group).unwrap() {
        let id = g.record.id();
        assert_eq!(
            remote.meetings_of_group(id).unwrap(),
            local.meetings_of_group(id).unwrap()
        );
        assert_eq!(
            remote.meeting_dates_of_group(id).unwrap(),
            local.meeting_dates_of_group(id).unwrap()
        );
        assert_eq!(
            remote.memberships_of_group(id).unwrap(),
            local.memberships_of_group(id).unwrap()
        );
    }
    for p in local.list(Kind::Person).unwrap() {
        let id = p.record.id();
        assert_eq!(
            remote.memberships_of_person(id).unwrap(),
            local.memberships_of_person(id).unwrap()
        );
    }

    // Writes: create, update, delete (refused, then cascaded), restore.
    let created = remote.create(region("Tábor", "nová")).unwrap();
    assert_eq!(created.rev, 1);
    let r = created.record.reference();
    assert_eq!(local.get(r).unwrap(), Some(created.clone()));
    let updated = remote
        .update(1, region_with_id(&created.record, "změněná"))
        .unwrap();
    assert_eq!(updated.rev, 2);
    assert_eq!(local.get(r).unwrap(), Some(updated.clone()));
    assert_eq!(remote.delete(r, 2, false).unwrap(), vec![r]);
    assert_eq!(local.get(r).unwrap(), None);
    let restored = remote.restore(updated.record.clone()).unwrap();
    assert_eq!(local.get(r).unwrap(), Some(restored));

    let referenced = regions
        .iter()
        .find(|v| !local.referring(v.record.reference()).unwrap().is_empty())
        .expect("a region something points to")
        .clone();
    let e = remote
        .delete(referenced.record.reference(), referenced.rev, false)
        .unwrap_err();
    assert!(matches!(e, StoreError::Referenced { .. }), "{e:?}");
    let e = remote
        .delete(RecordRef::new(Kind::Region, 999_999), 1, false)
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)), "{e:?}");
    let e = remote.create(region("", "")).unwrap_err();
    assert!(
        matches!(e, StoreError::Remote { .. }),
        "an invalid record: {e:?}"
    );
    assert!(!e.message(Lang::Cs).is_empty() && !e.message(Lang::En).is_empty());

    // Typed access works on top, as on any store.
    let typed = remote.get_as::<Region>(r.id).unwrap().unwrap();
    assert_eq!(typed.record.note, "změněná");
}

fn region_with_id(record: &Record, note: &str) -> Record {
    let Record::Region(r) = record else { panic!() };
    Record::Region(Region {
        note: note.into(),
        ..r.clone()
    })
}

#[test]
fn a_stale_revision_is_a_conflict_naming_who_changed_it() {
    let fake = fake();
    let remote = fake.connect();
    let v = remote.create(region("Písek", "0")).unwrap();
    remote.update(1, region_with_id(&v.record, "1")).unwrap();
    let e = remote
        .update(1, region_with_id(&v.record, "2"))
        .unwrap_err();
    match e {
        StoreError::Conflict {
            record,
            expected,
            found,
            by,
        } => {
            assert_eq!(record, v.record.reference());
            assert_eq!((expected, found), (1, 2));
            assert_eq!(by, "tester");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        remote.get(v.record.reference()).unwrap().unwrap().record,
        region_with_id(&v.record, "1")
    );
}

// ---- concurrency: no lost update ----------------------------------------------------

const THREADS: usize = 8;
/// Edits per thread.
const EDITS: usize = 500;

/// Increments the counter in the region's note `edits` times, retrying on conflicts;
/// returns how many conflicts it met.
fn increment(store: &dyn Store, r: RecordRef, edits: usize) -> usize {
    let mut conflicts = 0;
    for _ in 0..edits {
        loop {
            let v = store.get(r).unwrap().unwrap();
            let Record::Region(mut region) = v.record else {
                panic!()
            };
            region.note = (region.note.parse::<u64>().unwrap() + 1).to_string();
            match store.update(v.rev, Record::Region(region)) {
                Ok(_) => break,
                Err(StoreError::Conflict { .. }) => conflicts += 1,
                Err(e) => panic!("{e:?}"),
            }
        }
    }
    conflicts
}

/// `THREADS` threads each make `edits` increments of one counter, on one shared
/// connection or each on its own; every stale write must be refused, so the counter ends
/// at exactly `THREADS × edits`, one revision per accepted edit.
fn no_lost_update(separate_connections: bool, edits: usize) {
    let fake = fake();
    let shared = Arc::new(fake.connect());
    let r = shared
        .create(region("Milevsko", "0"))
        .unwrap()
        .record
        .reference();
    let started = Instant::now();
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let store = if separate_connections {
                Arc::new(fake.connect())
            } else {
                shared.clone()
            };
            std::thread::spawn(move || increment(&*store, r, edits))
        })
        .collect();
    let conflicts: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    let v = fake.store.get(r).unwrap().unwrap();
    let Record::Region(region) = v.record else {
        panic!()
    };
    let total = (THREADS * edits) as u64;
    assert_eq!(region.note.parse::<u64>().unwrap(), total);
    assert_eq!(v.rev, 1 + total, "one revision per accepted edit");
    assert_eq!(fake.store.history(r).unwrap().len() as u64, 1 + total);
    eprintln!(
        "{THREADS} threads × {edits} edits, separate connections {separate_connections}: \
         {conflicts} conflicts refused, {:?}",
        started.elapsed()
    );
}

/// Eight clerks, each with their own connection to the real daemon (durable writes,
/// flushed before each acknowledgement), 500 edits each of one record.
#[test]
fn eight_clients_of_the_real_daemon_lose_no_update() {
    use kpss::daemon::{Daemon, Peer, Roles, ServeConfig};
    let dir = tempfile::tempdir().unwrap();
    let config = ServeConfig {
        dir: dir.path().join("db"),
        socket: dir.path().join("kpss.sock"),
        group: None,
        roles: Roles::without_file(&Peer::me().user),
    };
    let daemon = Daemon::start(config.clone()).unwrap();
    let first = RemoteStore::connect(&config.socket, "test").unwrap();
    let r = first
        .create(region("Milevsko", "0"))
        .unwrap()
        .record
        .reference();
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let store = RemoteStore::connect(&config.socket, "test").unwrap();
            std::thread::spawn(move || increment(&store, r, EDITS))
        })
        .collect();
    let conflicts: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    let v = first.get(r).unwrap().unwrap();
    let Record::Region(region) = v.record else {
        panic!()
    };
    let total = (THREADS * EDITS) as u64;
    assert_eq!(
        region.note.parse::<u64>().unwrap(),
        total,
        "{conflicts} conflicts"
    );
    assert_eq!(v.rev, 1 + total, "one revision per accepted edit");
    drop(first);
    daemon.shutdown().unwrap();
}

#[test]
fn many_threads_on_one_connection_lose_no_update() {
    no_lost_update(false, EDITS);
}

#[test]
fn many_connections_lose_no_update() {
    no_lost_update(true, EDITS);
}

// ---- events ----------------------------------------------------------------------------

#[test]
fn another_client_hears_of_a_change() {
    let fake = fake();
    let a = fake.connect();
    let b = fake.connect();
    let first = b.events();
    let second = b.events();
    let v = a.create(region("Tábor", "")).unwrap();
    let expected = Event::Changed {
        records: vec![(v.record.reference(), Some(1))],
        by: "tester".into(),
    };
    for rx in [&first, &second] {
        assert_eq!(rx.recv_timeout(Duration::from_secs(2)).unwrap(), expected);
    }
    // A dropped subscriber does not disturb the rest.
    drop(first);
    a.update(1, region_with_id(&v.record, "x")).unwrap();
    let Event::Changed { records, .. } = second.recv_timeout(Duration::from_secs(2)).unwrap()
    else {
        panic!()
    };
    assert_eq!(records[0].1, Some(2));
}

// ---- refusals --------------------------------------------------------------------------

#[test]
fn a_daemon_of_another_version_is_refused_with_a_clear_message() {
    let fake = fake_with(Some(Refusal::Version {
        client: PROTOCOL_VERSION,
        server: PROTOCOL_VERSION + 1,
    }));
    let e = RemoteStore::connect(&fake.path, "test").unwrap_err();
    let StoreError::Remote { cs, en } = &e else {
        panic!("{e:?}")
    };
    assert!(
        cs.contains(&format!("verze {}", PROTOCOL_VERSION + 1)),
        "{cs}"
    );
    assert!(
        en.contains(&format!("version {}", PROTOCOL_VERSION + 1)),
        "{en}"
    );
    assert_eq!(e.message(Lang::Cs), *cs);
    // A refusing daemon still is a daemon.
    assert!(RemoteStore::is_alive(&fake.path));
}

#[test]
fn is_alive_answers_within_200_ms() {
    let fake = fake();
    assert!(RemoteStore::is_alive(&fake.path));
    let dir = tempfile::tempdir().unwrap();
    assert!(!RemoteStore::is_alive(&dir.path().join("nothing.sock")));
    // A socket that takes connections but does not answer yet: a daemon still opening
    // its database. It is there (a client waits for it rather than opening the database
    // itself), and the probe says so within its wait.
    let starting = dir.path().join("starting.sock");
    let _listener = UnixListener::bind(&starting).unwrap();
    let started = Instant::now();
    assert!(RemoteStore::is_alive(&starting));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    // A socket file left behind by a dead daemon.
    let stale = dir.path().join("stale.sock");
    drop(UnixListener::bind(&stale).unwrap());
    assert!(!RemoteStore::is_alive(&stale));
}

// ---- drops and garbage -----------------------------------------------------------------

fn wait_for(remote: &RemoteStore, want: impl Fn(&Connection) -> bool, within: Duration) {
    assert!(
        eventually(within, || want(&remote.status())),
        "status {:?}",
        remote.status()
    );
}

fn is_reconnecting(c: &Connection) -> bool {
    matches!(c, Connection::Reconnecting { .. })
}

#[test]
fn a_dropped_connection_fails_reads_at_once_and_comes_back() {
    let fake = fake();
    let remote = Arc::new(fake.connect());
    let changes = remote.status_changes();
    let v = remote.create(region("Vodňany", "")).unwrap();
    let r = v.record.reference();

    // A read sent but not answered when the connection drops fails at once.
    fake.mute.store(true, Ordering::SeqCst);
    let waiting = {
        let remote = remote.clone();
        std::thread::spawn(move || (remote.get(r), Instant::now()))
    };
    std::thread::sleep(Duration::from_millis(200));
    assert!(!waiting.is_finished(), "the muted server answered?");
    fake.paused.store(true, Ordering::SeqCst);
    let killed = Instant::now();
    fake.kill();
    let (result, returned) = waiting.join().unwrap();
    assert!(
        matches!(result, Err(StoreError::Disconnected(_))),
        "{result:?}"
    );
    let took = returned.duration_since(killed);
    assert!(took < Duration::from_secs(1), "{took:?}");
    fake.mute.store(false, Ordering::SeqCst);

    // While the daemon is down, reads fail at once, and the status says so.
    wait_for(&remote, is_reconnecting, Duration::from_secs(1));
    let started = Instant::now();
    let e = remote.get(r).unwrap_err();
    assert!(matches!(e, StoreError::Disconnected(_)), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(is_reconnecting(&remote.status()), "{:?}", remote.status());
    assert_eq!(remote.reconnects(), 0);

    // The daemon is back: the client reconnects by itself.
    fake.paused.store(false, Ordering::SeqCst);
    wait_for(&remote, Connection::is_connected, Duration::from_secs(3));
    assert_eq!(remote.reconnects(), 1);
    assert_eq!(remote.get(r).unwrap().unwrap().rev, 1);

    let seen: Vec<Connection> = changes.try_iter().collect();
    assert!(seen.first().is_some_and(is_reconnecting), "{seen:?}");
    assert!(
        seen.iter().filter(|c| is_reconnecting(c)).count() >= 2,
        "attempts counted: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&Connection::Connected));
}

/// The daemon died after committing a write and before answering: the client sends the
/// write again with its id once the daemon is back, and hears that it was stored, with
/// the record changed once.
#[test]
fn a_write_committed_before_the_connection_broke_is_reported_saved_and_applied_once() {
    let fake = fake();
    let remote = fake.connect();
    let v = remote.create(region("Vodňany", "")).unwrap();
    let r = v.record.reference();
    fake.crash_after_commit.store(true, Ordering::SeqCst);
    let saved = remote
        .update(1, region_with_id(&v.record, "po pádu"))
        .unwrap();
    assert_eq!(saved.rev, 2);
    assert_eq!(remote.reconnects(), 1);
    let stored = fake.store.get(r).unwrap().unwrap();
    assert_eq!(stored.rev, 2);
    let trail = fake.store.history(r).unwrap();
    assert_eq!(trail.len(), 2, "created once, changed once: {trail:?}");

    // The same for a change set of several records: nothing twice.
    fake.crash_after_commit.store(true, Ordering::SeqCst);
    let set: ChangeSet = ["Písek", "Tábor", "Strakonice"]
        .into_iter()
        .map(|name| Change::Create(region(name, "")))
        .collect();
    let applied = remote.apply(set).unwrap();
    assert_eq!(applied.stored().count(), 3);
    assert_eq!(fake.store.list(Kind::Region).unwrap().len(), 4);
}

/// A write cut off before the daemon applied it is sent again when the daemon is back,
/// and stored once.
#[test]
fn a_write_cut_off_before_it_was_applied_is_stored_once_the_daemon_is_back() {
    let fake = fake();
    let remote = Arc::new(fake.connect());
    let v = remote.create(region("Vodňany", "")).unwrap();
    let r = v.record.reference();
    fake.mute.store(true, Ordering::SeqCst);
    let waiting = {
        let remote = remote.clone();
        let record = v.record.clone();
        std::thread::spawn(move || remote.update(1, region_with_id(&record, "později")))
    };
    std::thread::sleep(Duration::from_millis(200));
    fake.paused.store(true, Ordering::SeqCst);
    fake.kill();
    fake.mute.store(false, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !waiting.is_finished(),
        "the write gave up while the daemon was down"
    );
    assert_eq!(fake.store.get(r).unwrap().unwrap().rev, 1);
    fake.paused.store(false, Ordering::SeqCst);
    let saved = waiting.join().unwrap().unwrap();
    assert_eq!(saved.rev, 2);
    assert_eq!(fake.store.get(r).unwrap().unwrap().rev, 2);
    assert_eq!(fake.store.history(r).unwrap().len(), 2);
}

/// A daemon that does not come back: the clerk is told the outcome is not known, not
/// that nothing was stored.
#[test]
fn a_write_whose_daemon_stays_away_is_of_unknown_outcome() {
    let fake = fake();
    let remote = fake.connect();
    let v = remote.create(region("Vodňany", "")).unwrap();
    fake.paused.store(true, Ordering::SeqCst);
    fake.crash_after_commit.store(true, Ordering::SeqCst);
    let started = Instant::now();
    let e = remote
        .update(1, region_with_id(&v.record, "ztracená"))
        .unwrap_err();
    assert!(matches!(e, StoreError::Uncertain(_)), "{e:?}");
    assert!(started.elapsed() >= WRITE_RETRY);
    assert!(e.message(Lang::Cs).contains("Nevíme, zda se změna uložila"));
    assert!(e.message(Lang::En).contains("not known"));
    // It was in fact stored.
    assert_eq!(
        fake.store.get(v.record.reference()).unwrap().unwrap().rev,
        2
    );
}

#[test]
fn calls_from_many_threads_all_fail_on_a_drop() {
    let fake = fake();
    let remote = Arc::new(fake.connect());
    fake.mute.store(true, Ordering::SeqCst);
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let remote = remote.clone();
            std::thread::spawn(move || remote.is_empty())
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    fake.kill();
    for c in calls {
        assert!(matches!(
            c.join().unwrap(),
            Err(StoreError::Disconnected(_))
        ));
    }
}

#[test]
fn garbage_from_the_server_is_a_drop_not_a_panic() {
    let fake = fake();
    let remote = fake.connect();
    let events = remote.events();
    assert!(remote.is_empty().unwrap());
    let garbage: [&[u8]; 3] = [
        // A frame of random bytes.
        &[
            0, 0, 0, 9, 0xff, 0xfe, 0x13, 0x99, 0x42, 0x00, 0xab, 0xcd, 0x7f,
        ],
        // A frame announcing more than any frame may hold.
        &[0xff, 0xff, 0xff, 0xff, 1, 2, 3],
        // A frame cut short by the end of the connection is covered by `kill`; here, a
        // valid length with a body that is not a server message.
        &[0, 0, 0, 1, 0x03],
    ];
    for bytes in garbage {
        let before = remote.reconnects();
        fake.send_raw(bytes);
        assert!(
            eventually(Duration::from_secs(3), || remote.reconnects() > before),
            "no reconnect after {bytes:02x?}: {:?}",
            remote.status()
        );
        wait_for(&remote, Connection::is_connected, Duration::from_secs(3));
        assert!(remote.is_empty().unwrap());
    }
    // Events still arrive after the reconnects.
    let other = fake.connect();
    other.create(region("Tábor", "")).unwrap();
    assert!(matches!(
        events.recv_timeout(Duration::from_secs(2)).unwrap(),
        Event::Changed { .. }
    ));
}

#[test]
fn a_dropped_store_ends_its_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kpss.sock");
    let listener = UnixListener::bind(&path).unwrap();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let _: Option<ClientMessage> = frame::read(&mut s).unwrap();
        let welcome = ServerMessage::Welcome {
            version: PROTOCOL_VERSION,
            user: "tester".into(),
            role: Role::Viewer,
            database: "test".into(),
        };
        frame::write(&mut s, &welcome).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        // The client's drop ends the connection: a clean end, not a timeout.
        frame::read::<ClientMessage>(&mut s).map(|m| m.is_none())
    });
    let remote = RemoteStore::connect(&path, "test").unwrap();
    assert_eq!(remote.role(), Role::Viewer);
    std::thread::sleep(Duration::from_millis(50));
    drop(remote);
    assert!(matches!(server.join().unwrap(), Ok(true)));
}

// ---- the real daemon -------------------------------------------------------------------

/// The same client against `kpss serve`'s daemon: the handshake names this user as admin,
/// calls and events go through, and a restarted daemon is reconnected to.
#[test]
fn works_against_the_real_daemon_and_its_restart() {
    use kpss::daemon::{Daemon, Peer, Roles, ServeConfig};
    let dir = tempfile::tempdir().unwrap();
    let me = Peer::me().user;
    let config = ServeConfig {
        dir: dir.path().join("db"),
        socket: dir.path().join("kpss.sock"),
        group: None,
        roles: Roles::without_file(&me),
    };
    let daemon = Daemon::start(config.clone()).unwrap();
    assert!(RemoteStore::is_alive(&config.socket));
    let a = RemoteStore::connect(&config.socket, "test").unwrap();
    let b = RemoteStore::connect(&config.socket, "test").unwrap();
    assert_eq!(a.user(), me);
    assert_eq!(a.role(), Role::Admin);
    let events = b.events();
    let register = kpss::sample::sample_register().unwrap();
    assert_eq!(a.import(&register).unwrap(), register.len());
    assert_eq!(b.export().unwrap(), a.export().unwrap());
    let v = a.create(region("Tábor", "0")).unwrap();
    let r = v.record.reference();
    let heard: Vec<Event> = std::iter::from_fn(|| events.recv_timeout(Duration::from_secs(2)).ok())
        .take_while(|e| !matches!(e, Event::Changed { records, .. } if records.iter().any(|(x, _)| *x == r)))
        .collect();
    assert!(
        heard.len() <= 1,
        "only the import's reload before: {heard:?}"
    );
    a.update(1, region_with_id(&v.record, "1")).unwrap();
    let e = b.update(1, region_with_id(&v.record, "2")).unwrap_err();
    assert!(
        matches!(e, StoreError::Conflict { ref by, .. } if *by == me),
        "{e:?}"
    );

    daemon.shutdown().unwrap();
    wait_for(&a, is_reconnecting, Duration::from_secs(2));
    assert!(matches!(a.get(r), Err(StoreError::Disconnected(_))));
    let daemon = Daemon::start(config.clone()).unwrap();
    wait_for(&a, Connection::is_connected, Duration::from_secs(3));
    assert_eq!(a.get(r).unwrap().unwrap().rev, 2);
    drop((a, b));
    daemon.shutdown().unwrap();
}
