//! Importing a register in bounded memory, still all or nothing: an import killed at
//! any point leaves the old database (and a clean check), a refused file leaves
//! nothing, the sample round-trips, and the shared server imports the same way.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{kpss, text};
use kpss::daemon::{Daemon, Roles, ServeConfig, default_socket};
use kpss::model::{Attendance, Kind, Presence, Recordable, Region, Register};
use kpss::remote::RemoteStore;
use kpss::store::{EmbeddedStore, IMPORT_HALT_ENV, Store, WriteId};

/// A register a little over two batches long, so an import has a middle.
fn register() -> Register {
    kpss::generate::national(0.01)
}

fn write_file(dir: &Path, name: &str, register: &Register) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, kpss::interchange::write(register).unwrap()).unwrap();
    path
}

fn ok(out: std::process::Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// An empty database with a file of the clerk's beside it (as drafts or roles are).
fn empty_database(root: &Path) -> PathBuf {
    let db = root.join("db");
    ok(kpss(&db, &["init"]));
    std::fs::write(db.join("poznamka.txt"), "zůstane").unwrap();
    db
}

/// What an import left beside the database under a hidden name.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".import-"))
        .collect()
}

fn assert_empty_and_clean(db: &Path) {
    let summary = ok(kpss(db, &[]));
    assert!(summary.contains("prázdná"), "{summary}");
    let check = ok(kpss(db, &["check"]));
    assert!(check.contains("chyb: 0"), "{check}");
    assert_eq!(
        std::fs::read_to_string(db.join("poznamka.txt")).unwrap(),
        "zůstane"
    );
}

/// Runs `kpss import` until it reports `phase`, then kills it with SIGKILL.
fn import_killed_at(db: &Path, file: &Path, phase: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        .env("KPSS_CONFIG", "/dev/null")
        .env(IMPORT_HALT_ENV, phase)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let wanted = format!("kpss-import-phase: {phase}");
    let mut seen = Vec::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        let reached = line == wanted;
        seen.push(line);
        if reached {
            break;
        }
    }
    assert_eq!(seen.last(), Some(&wanted), "{seen:?}");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
}

#[test]
fn an_import_killed_at_any_point_leaves_the_old_database() {
    let root = tempfile::tempdir().unwrap();
    let register = register();
    let file = write_file(root.path(), "narodni.json", &register);
    let db = empty_database(root.path());
    for phase in ["staged", "batch", "indexes", "swap"] {
        import_killed_at(&db, &file, phase);
        assert_empty_and_clean(&db);
    }
    // The next import clears what the killed ones left and succeeds.
    let out = ok(kpss(&db, &["import", file.to_str().unwrap()]));
    assert!(
        out.contains(&format!("Načteno {} záznamů", register.len())),
        "{out}"
    );
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
    let exported = ok(kpss(&db, &["export"]));
    assert_eq!(exported, std::fs::read_to_string(&file).unwrap());
    assert!(ok(kpss(&db, &["check"])).contains("chyb: 0"));
    assert_eq!(
        std::fs::read_to_string(db.join("poznamka.txt")).unwrap(),
        "zůstane"
    );
}

#[test]
fn an_import_killed_into_a_new_directory_leaves_an_empty_database() {
    let root = tempfile::tempdir().unwrap();
    let file = write_file(root.path(), "narodni.json", &register());
    let db = root.path().join("nova");
    import_killed_at(&db, &file, "batch");
    let summary = ok(kpss(&db, &[]));
    assert!(summary.contains("prázdná"), "{summary}");
    assert!(ok(kpss(&db, &["check"])).contains("chyb: 0"));
}

/// The national register with its last meeting naming a person who does not exist.
fn dangling_at_the_end() -> Register {
    let mut register = register();
    let last = register.meetings.last_mut().unwrap();
    last.attendance.push(Attendance {
        person: 999_999,
        presence: Presence::Present,
    });
    register
}

#[test]
fn a_file_refused_for_its_last_record_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let register = dangling_at_the_end();
    let last = register.meetings.last().unwrap().id;
    let file = write_file(root.path(), "chybny.json", &register);
    let db = empty_database(root.path());
    let out = kpss(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let message = text(&out.stderr);
    assert!(message.contains("999999"), "{message}");
    assert!(message.contains(&last.to_string()), "{message}");
    assert_empty_and_clean(&db);
    assert_eq!(leftovers(root.path()), Vec::<String>::new());

    // Read once from standard input, it is stored as it goes and thrown away.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(&db)
        .args(["import", "-"])
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        .env("KPSS_CONFIG", "/dev/null")
        .env("LANG", "cs_CZ.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("999999"),
        "{}",
        text(&out.stderr)
    );
    assert_empty_and_clean(&db);
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
}

#[test]
fn the_sample_round_trips_from_a_file_and_from_standard_input() {
    let root = tempfile::tempdir().unwrap();
    let a = root.path().join("a");
    ok(kpss(&a, &["init", "--sample"]));
    let exported = ok(kpss(&a, &["export"]));
    let file = root.path().join("vzor.json");
    std::fs::write(&file, &exported).unwrap();

    let b = root.path().join("b");
    ok(kpss(&b, &["import", file.to_str().unwrap()]));
    assert_eq!(ok(kpss(&b, &["export"])), exported);

    let c = root.path().join("c");
    let out = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(&c)
        .args(["import", "-"])
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        .env("KPSS_CONFIG", "/dev/null")
        .stdin(std::fs::File::open(&file).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(ok(kpss(&c, &["export"])), exported);
    assert!(ok(kpss(&c, &["check"])).contains("chyb: 0"));
}

fn me() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name
}

#[test]
fn an_import_through_the_shared_server_swaps_the_database_under_it() {
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        root.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let register = register();
    let file = write_file(root.path(), "narodni.json", &register);
    let db = empty_database(root.path());
    // As the shared server wants its directory: closed to everyone else.
    std::fs::set_permissions(&db, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let socket = default_socket(&db);
    let daemon = Daemon::start(ServeConfig {
        dir: db.clone(),
        socket: socket.clone(),
        group: None,
        roles: Roles::without_file(&me()),
    })
    .unwrap();
    // A clerk connected before the import goes on working after it.
    let clerk = RemoteStore::connect(&socket, "test").unwrap();
    assert!(clerk.is_empty().unwrap());

    // A refused file changes nothing, also here.
    let bad = write_file(root.path(), "chybny.json", &dangling_at_the_end());
    let out = kpss(&db, &["import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("999999"),
        "{}",
        text(&out.stderr)
    );
    assert!(ok(kpss(&db, &[])).contains("prázdná"));

    let out = ok(kpss(&db, &["import", file.to_str().unwrap()]));
    assert!(
        out.contains(&format!("Načteno {} záznamů", register.len())),
        "{out}"
    );
    // The socket answers under the same path, on the new database.
    assert!(socket.exists());
    let exported = ok(kpss(&db, &["export"]));
    assert_eq!(exported, std::fs::read_to_string(&file).unwrap());
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
    assert_eq!(
        clerk.list(Kind::Meeting).unwrap().len(),
        register.meetings.len()
    );
    let added = clerk
        .create(
            Region {
                name: "Veselí nad Lužnicí".into(),
                ..Region::default()
            }
            .into_record(),
        )
        .unwrap();
    assert_eq!(added.record.id(), register.regions.len() as u64 + 1);
    drop(clerk);
    daemon.shutdown().unwrap();

    // The new directory took the old one's mode: the server can serve it again.
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&db).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o700);
    assert!(ok(kpss(&db, &["check"])).contains("chyb: 0"));
    assert_eq!(
        std::fs::read_to_string(db.join("poznamka.txt")).unwrap(),
        "zůstane"
    );
}

#[test]
fn an_import_sent_again_under_its_write_id_is_answered_from_the_new_database() {
    let root = tempfile::tempdir().unwrap();
    let db = root.path().join("db");
    let store = EmbeddedStore::open(&db, "test").unwrap();
    let register = kpss::sample::sample_register().unwrap();
    let write = WriteId::fresh();
    let n = store.import_once(write, &register).unwrap();
    assert_eq!(n, register.len());
    // The store works on the swapped-in database: the second send is remembered there.
    assert_eq!(store.import_once(write, &register).unwrap(), n);
    assert_eq!(store.export().unwrap(), register);
    drop(store);
    let reopened = EmbeddedStore::open(&db, "test").unwrap();
    assert_eq!(reopened.export().unwrap(), register);
    assert_eq!(reopened.import_once(write, &register).unwrap(), n);
}

#[test]
fn an_import_into_the_current_directory_swaps_it_by_its_full_name() {
    let root = tempfile::tempdir().unwrap();
    let a = root.path().join("a");
    ok(kpss(&a, &["init", "--sample"]));
    let exported = ok(kpss(&a, &["export"]));
    let file = root.path().join("vzor.json");
    std::fs::write(&file, &exported).unwrap();
    let db = root.path().join("b");
    std::fs::create_dir(&db).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .current_dir(&db)
        .args(["--db", ".", "import"])
        .arg(&file)
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        .env("KPSS_CONFIG", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(ok(kpss(&db, &["export"])), exported);
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
}
