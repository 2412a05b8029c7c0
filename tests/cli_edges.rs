//! The real `kpss` binary at the edges of a Unix pipeline and of a language: a reader
//! that goes away (`kpss export | head -1`) ends a command quietly with success, and a
//! Czech run says its errors in Czech only, an English run in English only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn kpss(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kpss"));
    command
        .arg("--db")
        .arg(db)
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "cs_CZ.UTF-8");
    command
}

fn sample_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    let out = kpss(&db).args(["init", "--sample"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// Runs the command with standard output on a pipe whose reading end is already closed,
/// as when `head` has read its line and gone: every write fails with EPIPE.
fn into_closed_pipe(mut command: Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    command
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_reader_that_goes_away_ends_a_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let commands: [&[&str]; 6] = [
        &["export"],
        &["export", "--format", "ics"],
        &["agenda", "--from", "1.1.2017", "--to", "31.12.2019"],
        &[
            "agenda",
            "--from",
            "1.1.2017",
            "--to",
            "31.12.2019",
            "--format",
            "json",
        ],
        &[
            "report",
            "attendance",
            "--from",
            "1.1.2017",
            "--to",
            "31.12.2019",
        ],
        &[],
    ];
    for args in commands {
        let mut command = kpss(&db);
        command.args(args);
        let out = into_closed_pipe(command);
        assert!(
            out.status.success(),
            "{args:?}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Letters only Czech has.
fn has_czech_letters(s: &str) -> bool {
    s.chars()
        .any(|c| "áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ".contains(c))
}

/// Words of the English texts the standard library, serde and the parsers produce.
fn has_english_words(s: &str) -> bool {
    let lower = s.to_lowercase();
    [
        "no such",
        "not found",
        "denied",
        "unknown",
        "expected",
        "invalid",
        "missing",
        "error",
        "stream",
        "field",
        "file",
        "the ",
        "is a directory",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn stderr_of(db: &Path, lang: &str, args: &[&str]) -> String {
    let out = kpss(db).args(["--lang", lang]).args(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} was accepted");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn each_error_is_said_in_one_language() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let empty = root.join("empty");
    let sample = sample_db(root);
    let write = |name: &str, text: &str| {
        let path = root.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let typo = write(
        "preklep.json",
        r#"{"format":"kpss-register","version":1,"regions":[{"id":1,"nmae":"Tábor"}]}"#,
    );
    let kind = write(
        "druh.json",
        r#"{"format":"kpss-register","version":1,"regions":[{"id":1,"name":"Tábor"}],
            "meetings":[{"id":1,"region":1,"date":"2019-03-05","kind":"party"}]}"#,
    );
    let broken = write("rozbity.json", r#"{"format": "kpss-register", "#);
    // ISO 8859-2, not UTF-8.
    let latin2 = root.join("latin2.json");
    std::fs::write(&latin2, b"{\"name\": \"T\xe1bor\"}").unwrap();
    let latin2 = latin2.to_str().unwrap().to_string();
    let not_ics = write("poznamky.ics", "hello, world\n");
    let missing = root.join("chybi.json").to_str().unwrap().to_string();
    let a_dir = root.to_str().unwrap().to_string();
    let cases: Vec<(&Path, Vec<&str>)> = vec![
        (&empty, vec!["import", &missing]),
        (&empty, vec!["import", &a_dir]),
        (&empty, vec!["import", &typo]),
        (&empty, vec!["import", &kind]),
        (&empty, vec!["import", &broken]),
        (&empty, vec!["import", &latin2]),
        (&sample, vec!["import", "--ics", &not_ics, "--region", "1"]),
        (&sample, vec!["import", "--ics", &missing, "--region", "1"]),
        (&sample, vec!["agenda", "--from", "31.2.2019"]),
        (&sample, vec!["agenda", "--group", "999"]),
        (
            &sample,
            vec!["export", "--out", "/neexistuje-kpss/vystup.json"],
        ),
    ];
    for (db, args) in cases {
        // Paths are the clerk's own words; only what kpss says counts.
        let strip = |s: String| s.replace(root.to_str().unwrap(), "DIR");
        let cs = strip(stderr_of(db, "cs", &args));
        assert!(has_czech_letters(&cs), "{args:?}: {cs}");
        assert!(
            !has_english_words(&cs),
            "{args:?}: English in a Czech run: {cs}"
        );
        let en = strip(stderr_of(db, "en", &args));
        assert!(
            !has_czech_letters(&en),
            "{args:?}: Czech in an English run: {en}"
        );
    }
}
