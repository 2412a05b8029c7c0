//! The real `kpss` binary: init, export, import, check, and the locked-database message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{kpss, text};

use std::process::Command;

#[test]
fn export_import_export_gives_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let init = kpss(&a, &["init", "--sample"]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    let first = dir.path().join("first.json");
    let out = kpss(
        &a,
        &[
            "export",
            "--format",
            "json",
            "--out",
            first.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let imported = kpss(&b, &["import", first.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let second = kpss(&b, &["export"]);
    assert!(second.status.success());
    let first_text = std::fs::read_to_string(&first).unwrap();
    assert_eq!(first_text, text(&second.stdout));
    assert!(first_text.contains("CZ.03.2.63/0.0/0.0/16_063/0006529"));
    let check = kpss(&b, &["check"]);
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn a_malformed_file_is_refused_with_line_and_column_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": \"kpss-register\",\n  \"version\": 1,\n  \"regions\": [\n    {\"id\": 1, \"name\": \"Tábor\"},\n    {\"id\": 2, \"name\": \"Vimperk\",}\n  ]\n}\n",
    )
    .unwrap();
    let out = kpss(&db, &["import", broken.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("řádek 6, sloupec 33"), "{err}");
    let summary = kpss(&db, &[]);
    assert!(
        text(&summary.stdout).contains("Databáze je prázdná"),
        "{}",
        text(&summary.stdout)
    );
}

#[test]
fn a_register_that_breaks_a_rule_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let file = dir.path().join("bad.json");
    // The first region is fine; the organisation's IČO fails its checksum.
    std::fs::write(
        &file,
        r#"{"format":"kpss-register","version":1,
            "regions":[{"id":1,"name":"Tábor"}],
            "organisations":[{"id":1,"name":"Město Tábor","ico":"00253015"}]}"#,
    )
    .unwrap();
    let out = kpss(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("organizace č. 1: IČO: kontrolní číslice nesouhlasí"),
        "{err}"
    );
    assert!(text(&kpss(&db, &[]).stdout).contains("Databáze je prázdná"));
    // Into a database that already has records, nothing is imported either.
    assert!(kpss(&db, &["init", "--sample"]).status.success());
    let again = kpss(&db, &["init", "--sample"]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("Databáze není prázdná"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn check_finds_a_broken_index_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    assert!(kpss(&db, &["init", "--sample"]).status.success());
    let clean = kpss(&db, &["check"]);
    assert!(clean.status.success(), "{}", text(&clean.stdout));
    assert!(
        text(&clean.stdout).contains("chyb: 0"),
        "{}",
        text(&clean.stdout)
    );
    {
        // Point the date index at a meeting that does not exist, and drop a real entry.
        // The entries of a day are packed in one value: its first is replaced.
        use kpss::store::{keys::Index, packed};
        let raw = sled::open(&db).unwrap();
        let index = raw.open_tree("meeting_by_date").unwrap();
        let (day, value) = index.first().unwrap().unwrap();
        let mut members = packed::decode(Index::MeetingByDate, &day, &value).unwrap();
        members[0] = 999_999u64.to_be_bytes().to_vec();
        members.sort();
        let value = packed::encode(Index::MeetingByDate, &members);
        index.insert(day, value).unwrap();
        raw.flush().unwrap();
    }
    let broken = kpss(&db, &["check"]);
    assert!(!broken.status.success());
    let report = text(&broken.stdout);
    // In Czech throughout: the problems too, not only the word before them.
    assert!(
        report.contains("CHYBA meeting_by_date: položka"),
        "{report}"
    );
    assert!(report.contains("Some(999999)"), "{report}");
    assert!(report.contains("není v indexu"), "{report}");
    assert!(!report.contains("not indexed"), "{report}");
    assert!(report.contains("chyb: 2"), "{report}");
}

#[test]
fn a_locked_database_is_explained_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let _open = kpss::store::EmbeddedStore::open(dir.path(), "alice").unwrap();
    let out = kpss(dir.path(), &["check"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("už má otevřenou jiný proces kpss"), "{err}");
    assert!(err.contains("kpss serve"), "{err}");
    assert!(!err.contains("could not acquire lock"), "{err}");
    let en = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["--lang", "en", "--db"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(text(&en.stderr).contains("already open in another kpss process"));
}

/// Found: `kpss import` took a file whose action plan lay outside its plan's period (the
/// rules between the plan's records were only kept by the editor's change sets).
#[test]
fn an_import_refuses_a_plan_record_that_breaks_a_rule_between_records() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let init = kpss(&a, &["init", "--sample"]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    let out = kpss(&a, &["export"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut register: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(register["action_plans"][0]["year"], 2020);
    register["action_plans"][0]["year"] = 2031.into();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, serde_json::to_string(&register).unwrap()).unwrap();
    let out = kpss(&b, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("2020") && err.contains("2022"), "{err}");
    assert!(!err.contains("outside") && !err.contains("range"), "{err}");
    let summary = kpss(&b, &[]);
    assert!(
        text(&summary.stdout).contains("Databáze je prázdná"),
        "{}",
        text(&summary.stdout)
    );
}
