//! Storage faults: a full disk fails the change with a plain message and the database
//! (and a running store or daemon) comes back by itself once space is freed; a damaged
//! database is a message naming it and the newest backup, never a panic.
//!
//! The full-disk tests mount a small tmpfs, which needs root; without it they say why
//! and do nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use kpss::daemon::{Daemon, Roles, ServeConfig};
use kpss::model::{Kind, Lang, Region};
use kpss::remote::RemoteStore;
use kpss::store::{Damage, EmbeddedStore, Store, StoreError, StoreExt};

/// A tmpfs of a few MiB, unmounted on drop.
struct SmallDisk {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(SmallDisk { _dir: dir, path }),
            Ok(out) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs to fill ({})",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount ({e})");
                None
            }
        }
    }

    /// Fills what is left of the disk with a file of its own.
    fn fill(&self) {
        let mut f = std::fs::File::create(self.filler()).unwrap();
        let block = vec![0xA5u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let small = [0xA5u8; 512];
        while f.write_all(&small).is_ok() {}
        let _ = f.sync_all();
    }

    fn free(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }

    fn filler(&self) -> PathBuf {
        self.path.join("filler")
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

fn region(name: &str) -> Region {
    Region {
        name: name.into(),
        note: "poznámka ".repeat(200),
        ..Region::default()
    }
}

/// Saves regions until the disk is full: how many were saved, and the error of the
/// save that failed.
fn save_until_full(store: &dyn Store) -> (usize, StoreError) {
    for n in 0..100_000 {
        if let Err(e) = store.create_as(region(&format!("ORP {n}"))) {
            return (n, e);
        }
    }
    panic!("the disk never filled up");
}

fn names(store: &dyn Store) -> Vec<String> {
    store
        .list_as::<Region>()
        .unwrap()
        .into_iter()
        .map(|r| r.record.name)
        .collect()
}

#[test]
fn a_full_disk_fails_the_change_plainly_and_the_store_recovers_once_space_is_freed() {
    let Some(disk) = SmallDisk::mount("4m") else {
        return;
    };
    let dir = disk.path.join("kpss");
    let store = EmbeddedStore::open(&dir, "referentka").unwrap();
    store.create_as(region("Soběslav")).unwrap();
    disk.fill();
    let (saved, e) = save_until_full(&store);
    assert_eq!(e, StoreError::DiskFull, "{e:?}");
    assert!(e.message(Lang::Cs).contains("došlo místo"), "{e}");
    assert!(e.message(Lang::En).contains("disk"), "{e:?}");
    // While the disk is full, what sled holds in memory (with the failed change in it)
    // is not shown: reads fail too.
    assert_eq!(store.list(Kind::Region).err(), Some(StoreError::DiskFull));
    let saved_before = saved + 1;

    disk.free();
    // The same store, without a restart: the next change goes through.
    let after = store.create_as(region("Tábor")).unwrap();
    let now = names(&store);
    assert!(now.contains(&"Tábor".to_string()));
    assert_eq!(now.len(), saved_before + 1, "{now:?}");
    drop(store);
    let reopened = EmbeddedStore::open(&dir, "referentka").unwrap();
    assert_eq!(
        reopened
            .get_as::<Region>(after.record.id)
            .unwrap()
            .unwrap()
            .record
            .name,
        "Tábor"
    );
}

#[test]
fn a_database_opened_on_a_full_disk_opens_once_space_is_freed_without_a_manual_step() {
    let Some(disk) = SmallDisk::mount("4m") else {
        return;
    };
    let dir = disk.path.join("kpss");
    // Three sessions: after the second, sled's segment is laid out on the disk, so the
    // third session's changes need no new space and opening again fails only when it
    // writes its snapshot.
    for session in 0..3 {
        let store = EmbeddedStore::open(&dir, "referentka").unwrap();
        for n in 0..5 {
            store
                .create_as(region(&format!("ORP {session}-{n}")))
                .unwrap();
        }
    }
    disk.fill();
    // Opening needs to write (sled writes a snapshot as it opens): a plain refusal.
    let e = EmbeddedStore::open(&dir, "referentka").err().unwrap();
    assert_eq!(e, StoreError::DiskFull, "{e:?}");
    // What sled leaves then: a snapshot it began and could not write.
    assert!(unfinished_snapshot(&dir), "no snap.*.generating was left");
    disk.free();
    let store = EmbeddedStore::open(&dir, "referentka").unwrap();
    assert_eq!(names(&store).len(), 15);
    assert!(!unfinished_snapshot(&dir));
}

fn unfinished_snapshot(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".generating")
    })
}

#[test]
fn the_daemon_recovers_by_itself_once_space_is_freed() {
    let Some(disk) = SmallDisk::mount("4m") else {
        return;
    };
    let dir = disk.path.join("kpss");
    let sockets = tempfile::tempdir().unwrap();
    let socket = sockets.path().join("kpss.sock");
    let me = nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name;
    let daemon = Daemon::start(ServeConfig {
        dir: dir.clone(),
        socket: socket.clone(),
        group: None,
        roles: Roles::without_file(&me),
    })
    .unwrap();
    let client = RemoteStore::connect(&socket, "test").unwrap();
    client.create_as(region("Soběslav")).unwrap();
    disk.fill();
    let (_, e) = save_until_full(&client);
    assert!(e.message(Lang::Cs).contains("došlo místo"), "{e:?}");
    assert!(
        e.message(Lang::En)
            .contains("disk holding the database is full"),
        "{e:?}"
    );
    disk.free();
    let saved = client.create_as(region("Tábor")).unwrap();
    assert_eq!(
        client
            .get_as::<Region>(saved.record.id)
            .unwrap()
            .unwrap()
            .record
            .name,
        "Tábor"
    );
    drop(client);
    daemon.shutdown().unwrap();
    let store = EmbeddedStore::open(&dir, "referentka").unwrap();
    assert!(names(&store).contains(&"Tábor".to_string()));
}

/// A database of several sled segments (512 KiB each), closed.
fn several_segments(dir: &Path) -> usize {
    let store = EmbeddedStore::open(dir, "referentka").unwrap();
    for n in 0..300 {
        store.create_as(region(&format!("ORP {n}"))).unwrap();
    }
    300
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn backup_beside(dir: &Path) -> PathBuf {
    let backups = kpss::backup::default_dir(dir);
    std::fs::create_dir_all(&backups).unwrap();
    let file = backups.join("kpss-2026-11-30T030000Z.json");
    std::fs::write(&file, "{}").unwrap();
    file
}

#[test]
fn a_cut_short_database_is_a_message_naming_the_newest_backup_not_a_panic() {
    let root = tempfile::tempdir().unwrap();
    let base = root.path().join("base");
    let records = several_segments(&base);
    let len = std::fs::metadata(base.join("db")).unwrap().len();
    let segment = 512 * 1024;
    assert!(len >= 4 * segment, "only {len} bytes");
    let mut damaged = 0;
    for cut in [
        0,
        100,
        segment,
        segment + 1000,
        2 * segment,
        3 * segment - 1,
    ] {
        let dir = root.path().join(format!("kpss-{cut}"));
        copy_dir(&base, &dir);
        let newest = backup_beside(&dir);
        std::fs::OpenOptions::new()
            .write(true)
            .open(dir.join("db"))
            .unwrap()
            .set_len(cut)
            .unwrap();
        let opened = std::panic::catch_unwind(|| EmbeddedStore::open(&dir, "referentka"));
        match opened.unwrap_or_else(|_| panic!("opening a database cut at {cut} panicked")) {
            Ok(store) => assert_eq!(names(&store).len(), records, "cut at {cut}"),
            Err(e) => {
                let StoreError::Damaged {
                    path, newest: n, ..
                } = &e
                else {
                    panic!("cut at {cut}: {e:?}");
                };
                assert_eq!(path, &dir);
                assert_eq!(n.as_deref(), Some(newest.as_path()));
                let text = e.message(Lang::Cs);
                assert!(text.contains("je poškozená"), "{text}");
                assert!(text.contains(&dir.display().to_string()), "{text}");
                assert!(
                    text.contains(&format!("kpss restore {}", newest.display())),
                    "{text}"
                );
                damaged += 1;
            }
        }
    }
    assert!(damaged >= 5, "only {damaged} cuts were found damaged");
}

#[test]
fn a_missing_data_file_is_damage_not_an_empty_database() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("kpss");
    several_segments(&dir);
    std::fs::remove_file(dir.join("db")).unwrap();
    let e = EmbeddedStore::open(&dir, "referentka").err().unwrap();
    assert!(
        matches!(
            &e,
            StoreError::Damaged {
                detail: Damage::MissingDataFile,
                newest: None,
                ..
            }
        ),
        "{e:?}"
    );
    let text = e.message(Lang::En);
    assert!(
        text.contains("is damaged (its file db is missing)"),
        "{text}"
    );
    assert!(text.contains("holds no backup"), "{text}");
    // Nothing was created in its place.
    assert!(!dir.join("db").exists());
}

#[test]
fn the_binary_reports_a_damaged_database_without_a_panic() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("kpss");
    several_segments(&dir);
    let newest = backup_beside(&dir);
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("db"))
        .unwrap();
    f.set_len(2 * 512 * 1024).unwrap();
    drop(f);
    let out = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["--lang", "cs", "--db"])
        .arg(&dir)
        .arg("agenda")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("je poškozená"), "{stderr}");
    assert!(stderr.contains(&newest.display().to_string()), "{stderr}");
}
