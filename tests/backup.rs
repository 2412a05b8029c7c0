//! Backups and restore through the real binary: a backup restores to the same export,
//! `--keep` removes the oldest, a restore is refused while the database is held, backups
//! go through the shared server, and the daemon writes one as it starts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use kpss::daemon::{Daemon, Roles, ServeConfig, default_socket};
use kpss::model::Region;
use kpss::store::{EmbeddedStore, StoreExt};

fn kpss(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["--lang", "cs", "--db"])
        .arg(db)
        .args(args)
        .env_remove("KPSS_SOCKET")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn export(db: &Path) -> String {
    ok(kpss(db, &["export"]))
}

fn backups(dir: &Path) -> Vec<PathBuf> {
    kpss::backup::list(dir).unwrap()
}

fn sample(root: &Path) -> PathBuf {
    let db = root.join("kpss");
    ok(kpss(&db, &["init", "--sample"]));
    db
}

#[test]
fn a_backup_restores_to_the_same_export() {
    let root = tempfile::tempdir().unwrap();
    let db = sample(root.path());
    let before = export(&db);
    let said = ok(kpss(&db, &["backup"]));
    let written = backups(&root.path().join("kpss-backups"));
    assert_eq!(written.len(), 1, "{said}");
    let file = &written[0];
    assert!(said.contains(&file.display().to_string()), "{said}");
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(kpss::backup::taken_at(&name).is_some(), "{name}");

    // Into a directory with no database yet.
    let elsewhere = root.path().join("jinde");
    let said = ok(kpss(&elsewhere, &["restore", file.to_str().unwrap()]));
    assert!(said.contains("Obnoveno ze zálohy"), "{said}");
    assert_eq!(export(&elsewhere), before);

    // Over the database itself, after a change: the change is gone, the old database
    // is kept beside it, and the roles file stays with the database.
    std::fs::write(db.join("roles.toml"), "[users]\n").unwrap();
    {
        let store = EmbeddedStore::open(&db, "referentka").unwrap();
        store
            .create_as(Region {
                name: "Vimperk".into(),
                ..Region::default()
            })
            .unwrap();
    }
    assert_ne!(export(&db), before);
    let said = ok(kpss(&db, &["restore", file.to_str().unwrap()]));
    assert_eq!(export(&db), before);
    assert!(said.contains("Původní databáze je uložena v"), "{said}");
    let previous: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("kpss.before-restore-"))
        .collect();
    assert_eq!(previous.len(), 1, "{previous:?}");
    let old = root.path().join(&previous[0]);
    assert!(export(&old).contains("Vimperk"));
    assert_eq!(
        std::fs::read_to_string(db.join("roles.toml")).unwrap(),
        "[users]\n"
    );
    // Nothing half-built is left behind.
    assert!(std::fs::read_dir(root.path()).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains(".restore-")
    }));
}

#[test]
fn keep_removes_the_oldest_backups() {
    let root = tempfile::tempdir().unwrap();
    let db = sample(root.path());
    let dir = root.path().join("zalohy");
    std::fs::create_dir_all(&dir).unwrap();
    for old in [
        "kpss-2020-01-01T030000Z.json",
        "kpss-2020-01-02T030000Z.json",
        "kpss-2020-01-03T030000Z.json",
    ] {
        std::fs::write(dir.join(old), "{}").unwrap();
    }
    ok(kpss(
        &db,
        &["backup", "--dir", dir.to_str().unwrap(), "--keep", "2"],
    ));
    let left: Vec<String> = backups(&dir)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert_eq!(left[0], "kpss-2020-01-03T030000Z.json");
    assert!(left[1].as_str() > "kpss-2026", "{left:?}");
    assert!(!kpss(&db, &["backup", "--keep", "0"]).status.success());
}

#[test]
fn a_restore_is_refused_while_the_database_is_open() {
    let root = tempfile::tempdir().unwrap();
    let db = sample(root.path());
    ok(kpss(&db, &["backup"]));
    let file = backups(&root.path().join("kpss-backups")).pop().unwrap();
    let before = export(&db);
    let held = EmbeddedStore::open(&db, "referentka").unwrap();
    let out = kpss(&db, &["restore", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("má otevřenou jiný proces"), "{err}");
    assert!(err.contains("Databáze zůstala beze změny"), "{err}");
    drop(held);
    assert_eq!(export(&db), before);
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 2);
}

/// The daemon serves only a database directory that is its user's alone.
fn serveable(db: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(db, std::fs::Permissions::from_mode(0o700)).unwrap();
}

fn me() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name
}

#[test]
fn a_backup_goes_through_the_shared_server_and_restore_is_refused_meanwhile() {
    let root = tempfile::tempdir().unwrap();
    let db = sample(root.path());
    let before = export(&db);
    serveable(&db);
    let daemon = Daemon::start(ServeConfig {
        dir: db.clone(),
        socket: default_socket(&db),
        group: None,
        roles: Roles::without_file(&me()),
    })
    .unwrap();
    ok(kpss(&db, &["backup"]));
    let file = backups(&root.path().join("kpss-backups")).pop().unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    let out = kpss(&db, &["restore", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kpss serve"));
    daemon.shutdown().unwrap();
}

#[test]
fn the_daemon_writes_a_backup_as_it_starts() {
    let root = tempfile::tempdir().unwrap();
    let db = sample(root.path());
    let before = export(&db);
    serveable(&db);
    let dir = root.path().join("zalohy");
    let mut daemon = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--backup-every", "1d", "--backup-dir"])
        .arg(&dir)
        .env_remove("KPSS_SOCKET")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while backups(&dir).is_empty() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(daemon.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert!(daemon.wait().unwrap().success());
    let written = backups(&dir);
    assert_eq!(written.len(), 1);
    assert_eq!(std::fs::read_to_string(&written[0]).unwrap(), before);
}

#[test]
fn a_restored_database_keeps_the_mode_and_owner_of_the_one_it_replaces() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let root = tempfile::tempdir().unwrap();
    let db = sample(root.path());
    ok(kpss(&db, &["backup"]));
    let backups_dir = root.path().join("kpss-backups");
    let file = backups(&backups_dir).pop().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&backups_dir), 0o700);
    assert_eq!(mode(&file), 0o600);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o700)).unwrap();
    // As root, a service's database (here owned by nobody) stays the service's.
    let service = nix::unistd::getuid().is_root().then_some(65534);
    if let Some(uid) = service {
        std::os::unix::fs::chown(&db, Some(uid), Some(uid)).unwrap();
    }
    ok(kpss(&db, &["restore", file.to_str().unwrap()]));
    assert_eq!(mode(&db), 0o700);
    if let Some(uid) = service {
        for name in ["", "db", "conf", "kpss-database"] {
            let meta = std::fs::metadata(db.join(name)).unwrap();
            assert_eq!((meta.uid(), meta.gid()), (uid, uid), "{name}");
        }
    }
}

/// A record that does not decode fails the backup and the export with the store's
/// words, and neither leaves a file behind (the register is written as it is read, so
/// the failure comes after part of it was written).
#[test]
fn a_damaged_record_fails_the_backup_and_the_export_and_leaves_no_file() {
    let root = tempfile::tempdir().unwrap();
    let db = sample(root.path());
    {
        let raw = sled::open(&db).unwrap();
        let meetings = raw.open_tree("meeting").unwrap();
        let (key, value) = meetings.first().unwrap().unwrap();
        meetings.insert(key, &value[..value.len() / 2]).unwrap();
        raw.flush().unwrap();
    }
    let damaged = |out: &Output| {
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(err.contains("Poškozená data ve stromu meeting"), "{err}");
    };
    damaged(&kpss(&db, &["backup"]));
    let dir = root.path().join("kpss-backups");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");

    let file = root.path().join("rejstrik.json");
    damaged(&kpss(&db, &["export", "--out", file.to_str().unwrap()]));
    let names: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("rejstrik")), "{names:?}");
    damaged(&kpss(&db, &["export"]));
}
