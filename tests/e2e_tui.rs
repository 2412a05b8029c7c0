//! The real `kpss` binary in a pseudo-terminal: a clerk creates a record by keys and quits,
//! and `kpss export` finds it; a dropped connection (SIGHUP) with a form open ends the
//! program within a second and keeps the form as a draft.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::pty::Session;

fn export(db: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(db)
        .arg("export")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_clerk_creates_a_region_by_keys_and_export_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let mut s = Session::start(&db);
    s.wait_for("Databáze je zatím prázdná");
    s.send(b"p"); // start empty
    s.wait_for("Regiony (0)");
    // An idle session sends nothing over the wire.
    std::thread::sleep(Duration::from_millis(300));
    s.clear();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        s.bytes().is_empty(),
        "{:?}",
        String::from_utf8_lossy(&s.bytes())
    );
    s.send(b"n");
    s.wait_for("Nov");
    s.send("Týn nad Vltavou".as_bytes());
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("Uloženo");
    s.send(b"q");
    let status = s
        .wait_exit(Duration::from_secs(5))
        .expect("kpss did not quit");
    assert!(status.success());
    // The terminal was given back: the alternate screen was left.
    let bytes = String::from_utf8_lossy(&s.bytes()).into_owned();
    assert!(bytes.contains("\x1b[?1049l"));
    let register = export(&db);
    assert!(
        register.contains("\"name\": \"Týn nad Vltavou\""),
        "{register}"
    );
}

#[test]
fn a_dropped_connection_ends_kpss_quickly_and_keeps_the_form_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let mut s = Session::start(&db);
    s.wait_for("Databáze je zatím prázdná");
    s.send(b"p");
    s.wait_for("Regiony (0)");
    s.send(b"n");
    s.wait_for("Nov");
    s.send("Vodňany".as_bytes());
    s.clear();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(s.child.id() as i32),
        nix::sys::signal::Signal::SIGHUP,
    )
    .unwrap();
    let status = s.wait_exit(Duration::from_secs(1));
    assert!(status.is_some(), "kpss still runs a second after SIGHUP");
    let drafts: Vec<_> = std::fs::read_dir(db.join("drafts")).unwrap().collect();
    assert_eq!(drafts.len(), 1);
    let draft = std::fs::read_to_string(drafts[0].as_ref().unwrap().path()).unwrap();
    assert!(draft.contains("Vodňany"), "{draft}");
    // The next start offers the draft back, and saving it creates the region.
    let mut s = Session::start(&db);
    s.wait_for("Obnovit");
    s.send(b"a");
    s.wait_for("Vodňany");
    s.send(b"\x13");
    s.wait_for("Uloženo");
    s.send(b"q");
    s.wait_exit(Duration::from_secs(5))
        .expect("kpss did not quit");
    assert!(export(&db).contains("\"name\": \"Vodňany\""));
}

fn kpss_ok(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LANG", "cs_CZ.UTF-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_clerk_plans_a_series_in_the_calendar_and_the_agenda_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kpss_ok(&db, &["init", "--sample"]);
    let december = ["agenda", "--from", "1.12.2018", "--to", "31.12.2018"];
    assert_eq!(kpss_ok(&db, &december).lines().count(), 5);
    let mut s = Session::start(&db);
    s.wait_for("Regiony (17)");
    s.send(b"4");
    s.send(b"g");
    s.wait_for("Přejít na datum");
    s.send(b"3.12.2018\r");
    s.wait_for("po 3. 12. 2018");
    s.send(b"S");
    s.wait_for("Řada jednání");
    s.send(b"31.12.2018");
    s.wait_for("Vznikne: 2 jednání");
    s.send(b"\r");
    s.wait_for("Vytvořeno 2 jednání");
    s.send(b"q");
    let status = s
        .wait_exit(Duration::from_secs(5))
        .expect("kpss did not quit");
    assert!(status.success());
    let agenda = kpss_ok(&db, &december);
    let lines: Vec<&str> = agenda.lines().collect();
    assert_eq!(lines.len(), 7, "{agenda}");
    assert!(
        lines.iter().any(|l| l.starts_with("2018-12-31")),
        "{agenda}"
    );
}
