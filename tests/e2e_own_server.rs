//! Two kpss of one clerk on one machine: the terminal application that opened the
//! database itself serves it on `DIR/kpss.sock`, so the clerk's commands in another
//! terminal work through it instead of being refused as "locked"; changes go both ways;
//! other users are refused; the socket goes when the application ends, and one left by
//! a killed application does not block the next start.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::pty::Session;
use kpss::model::{Kind, Record, Region};
use kpss::protocol::Event;
use kpss::remote::RemoteStore;
use kpss::store::{Store, StoreError};

struct Place {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Place {
    fn new() -> Place {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        std::fs::create_dir(root.join("home")).unwrap();
        std::fs::create_dir(root.join("data")).unwrap();
        // No configuration: no shared server named anywhere.
        std::fs::write(root.join("config.toml"), "").unwrap();
        Place { _tmp: tmp, root }
    }

    fn db(&self) -> PathBuf {
        self.root.join("data").join("db")
    }

    fn socket(&self) -> PathBuf {
        self.db().join("kpss.sock")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kpss"));
        command
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("HOME", self.root.join("home"))
            .env("KPSS_CONFIG", self.root.join("config.toml"))
            .env("LANG", "cs_CZ.UTF-8")
            .env("TERM", "xterm")
            .env_remove("XDG_DATA_HOME")
            .env_remove("KPSS_DB")
            .env_remove("KPSS_SOCKET")
            .env_remove("NO_COLOR")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        command
    }

    fn kpss(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn kpss_ok(&self, args: &[&str]) -> String {
        let out = self.kpss(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The terminal application on the sample register, its main screen up.
    fn tui(&self) -> Session {
        let s = Session::spawn(self.command(&[]));
        s.wait_for("Regiony (17)");
        s
    }
}

const DECEMBER: [&str; 5] = ["agenda", "--from", "1.12.2018", "--to", "31.12.2018"];

fn is_socket(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket())
}

fn region(name: &str) -> Record {
    Record::Region(Region {
        name: name.into(),
        ..Region::default()
    })
}

/// Waits (up to a generous bound, not measured) for an event naming a region.
fn region_event(events: &std::sync::mpsc::Receiver<Event>) -> Event {
    loop {
        let event = events
            .recv_timeout(Duration::from_secs(20))
            .expect("no event came");
        if let Event::Changed { records, .. } = &event
            && records.iter().any(|(r, _)| r.kind == Kind::Region)
        {
            return event;
        }
    }
}

#[test]
fn the_clerks_commands_work_while_the_terminal_application_has_the_database_open() {
    let place = Place::new();
    place.kpss_ok(&["init", "--sample"]);
    let alone = place.kpss_ok(&DECEMBER);
    assert_eq!(alone.lines().count(), 5, "{alone}");
    let alone_export = place.kpss_ok(&["export"]);

    let mut s = place.tui();
    // The socket is there, the clerk's alone.
    let socket = place.socket();
    assert!(is_socket(&socket));
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");

    // Reads in another process: the same answers as without the application.
    assert_eq!(place.kpss_ok(&DECEMBER), alone);
    assert_eq!(place.kpss_ok(&["export"]), alone_export);
    let summary = place.kpss_ok(&[]);
    assert!(summary.contains("ORP: 17"), "{summary}");
    // The check reads the database's files, which only the application may open now:
    // it says who has them.
    let check = place.kpss(&["check"]);
    assert!(!check.status.success());
    let said = String::from_utf8_lossy(&check.stderr);
    assert!(said.contains("kpss otevřený v jiném terminálu"), "{said}");

    // A change made by another process shows on the application's screen.
    let other = RemoteStore::connect(&socket, "test").unwrap();
    let events = other.events();
    other.create(region("Zlatá Koruna")).unwrap();
    s.wait_for("Regiony (18)");
    s.wait_for("Zlatá Koruna");
    region_event(&events);

    // A change made in the application is announced to the other processes.
    s.send(b"n");
    s.wait_for("Nov");
    s.send("Týn nad Vltavou".as_bytes());
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("Uloženo");
    match region_event(&events) {
        Event::Changed { records, .. } => {
            let got = other.get(records[0].0).unwrap().unwrap();
            assert_eq!(got.record.title(), "Týn nad Vltavou");
        }
        other => panic!("{other:?}"),
    }
    let export = place.kpss_ok(&["export"]);
    assert!(export.contains("\"name\": \"Týn nad Vltavou\""), "{export}");
    assert!(export.contains("\"name\": \"Zlatá Koruna\""), "{export}");
    drop(events);
    drop(other);

    // Quitting removes the socket; the database is the next command's again.
    s.send(b"q");
    let status = s
        .wait_exit(Duration::from_secs(10))
        .expect("kpss did not quit");
    assert!(status.success());
    assert!(!socket.exists());
    let summary = place.kpss_ok(&[]);
    assert!(summary.contains("ORP: 19"), "{summary}");
    assert!(!summary.contains("sdílený server"), "{summary}");
}

#[test]
fn a_second_terminal_application_of_the_clerk_works_through_the_first() {
    let place = Place::new();
    place.kpss_ok(&["init", "--sample"]);
    let mut first = place.tui();
    let mut second = place.tui();
    // The second is a client of the first, as of a shared server.
    second.wait_for("sdílený server");
    second.send(b"n");
    second.wait_for("Nov");
    second.send("Zlatá Koruna".as_bytes());
    second.send(b"\x13");
    second.wait_for("Uloženo");
    first.wait_for("Regiony (18)");
    first.wait_for("Zlatá Koruna");
    second.send(b"q");
    assert!(second.wait_exit(Duration::from_secs(10)).is_some());
    // The second leaving does not take the first's socket.
    assert!(is_socket(&place.socket()));
    first.send(b"q");
    assert!(first.wait_exit(Duration::from_secs(10)).is_some());
    assert!(!place.socket().exists());
}

#[test]
fn the_socket_goes_on_signals_and_one_left_by_a_killed_application_does_not_block() {
    let place = Place::new();
    place.kpss_ok(&["init", "--sample"]);

    use nix::sys::signal::Signal;
    for signal in [Signal::SIGTERM, Signal::SIGHUP, Signal::SIGINT] {
        let mut s = place.tui();
        assert!(is_socket(&place.socket()));
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(s.child.id() as i32), signal).unwrap();
        assert!(s.wait_exit(Duration::from_secs(10)).is_some(), "{signal}");
        assert!(!place.socket().exists(), "{signal}");
    }

    let mut s = place.tui();
    s.child.kill().unwrap();
    s.child.wait().unwrap();
    // Killed: nothing could remove the socket.
    assert!(is_socket(&place.socket()));
    assert!(!RemoteStore::is_alive(&place.socket()));

    let mut s = place.tui();
    assert_eq!(place.kpss_ok(&DECEMBER).lines().count(), 5);
    let summary = place.kpss_ok(&[]);
    assert!(summary.contains("sdílený server"), "{summary}");
    s.send(b"q");
    assert!(s.wait_exit(Duration::from_secs(10)).is_some());
    assert!(!place.socket().exists());
}

#[test]
fn another_user_is_refused_even_root() {
    if !nix::unistd::geteuid().is_root() {
        // The refusal by uid is tested without root in the daemon's own tests
        // (`a_peer_of_another_uid_is_refused_by_an_own_server`).
        println!("skipped: switching users needs root");
        return;
    }
    let Ok(Some(nobody)) = nix::unistd::User::from_name("nobody") else {
        println!("skipped: running as root and there is no user nobody to run as");
        return;
    };
    let place = Place::new();
    std::fs::set_permissions(&place.root, std::fs::Permissions::from_mode(0o755)).unwrap();
    for dir in [place.root.join("data"), place.root.join("home")] {
        nix::unistd::chown(&dir, Some(nobody.uid), Some(nobody.gid)).unwrap();
    }
    let as_nobody = |args: &[&str]| {
        use std::os::unix::process::CommandExt;
        let mut command = place.command(args);
        command.uid(nobody.uid.as_raw()).gid(nobody.gid.as_raw());
        command
    };
    let out = as_nobody(&["init", "--sample"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The application runs as nobody; root may open any socket file, and is still
    // refused: the database is nobody's.
    let mut s = Session::spawn(as_nobody(&[]));
    s.wait_for("Regiony (17)");
    match RemoteStore::connect(&place.socket(), "test") {
        Err(StoreError::Remote { .. }) => {}
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("root was let in to nobody's database"),
    }
    let out = place.kpss(&DECEMBER);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nemá"), "{err}");
    // The clerk's own commands still work.
    let out = as_nobody(&DECEMBER).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);
    let log = std::fs::read_to_string(place.db().join("kpss.log")).unwrap();
    assert!(log.contains("root (uid 0, kpss) is not the clerk"), "{log}");
    s.send(b"q");
    assert!(s.wait_exit(Duration::from_secs(10)).is_some());
    assert!(!place.socket().exists());
}
