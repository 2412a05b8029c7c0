//! The real `kpss` binary: `kpss agenda` and `kpss report attendance` on the sample
//! register.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{kpss, text};

use std::path::PathBuf;
use std::process::Output;

use tempfile::TempDir;

const SOBESLAV_PROJECT: &str = "CZ.03.2.63/0.0/0.0/16_063/0006568";

/// A database with the sample register; the directory lives as long as the result.
fn sample_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let init = kpss(&db, &["init", "--sample"]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    (dir, db)
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const DECEMBER: [&str; 6] = [
    "--from",
    "1.12.2018",
    "--to",
    "31.12.2018",
    "--region",
    "10",
];

#[test]
fn agenda_of_december_2018_in_soběslav() {
    let (_dir, db) = sample_db();
    let mut args = vec!["agenda"];
    args.extend(DECEMBER);
    let out = ok(kpss(&db, &args));
    assert_eq!(out.lines().count(), 5, "{out}");
    assert!(!out.contains('\t'));
    // Five fields in every line, split on two spaces.
    for line in out.lines() {
        assert_eq!(line.split("  ").count(), 5, "{line}");
    }
    insta::assert_snapshot!("agenda_december_2018_soběslav", out);

    let mut args = vec!["--lang", "en", "agenda"];
    args.extend(DECEMBER);
    let en = ok(kpss(&db, &args));
    let first = en.lines().next().unwrap();
    assert!(
        first.starts_with("2018-12-03 Mo -  Soběslav  Meeting 5 – "),
        "{first}"
    );
    assert!(first.ends_with("  @ -  [held]"), "{first}");
}

#[test]
fn agenda_as_json() {
    let (_dir, db) = sample_db();
    let mut args = vec!["agenda", "--format", "json"];
    args.extend(DECEMBER);
    let out = ok(kpss(&db, &args));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(entries.len(), 5);
    let dates: Vec<&str> = entries
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2018-12-03",
            "2018-12-04",
            "2018-12-04",
            "2018-12-10",
            "2018-12-17"
        ]
    );
    let groups: Vec<u64> = entries
        .iter()
        .map(|e| e["group_id"].as_u64().unwrap())
        .collect();
    assert_eq!(groups, [3, 2, 4, 5, 1]);
    for e in &entries {
        assert_eq!(e["number"], 5, "{e}");
        assert_eq!(e["region_id"], 10);
        assert_eq!(e["region"], "Soběslav");
        assert_eq!(e["state"], "held");
        assert!(e["start"].is_null());
        let title = e["title"].as_str().unwrap();
        let group = e["group"].as_str().unwrap();
        assert_eq!(title, format!("5. jednání – {group}"));
    }
    let steering = &entries[4];
    assert_eq!(steering["id"], 5);
    assert_eq!(steering["kind"], "steering");
    assert_eq!(steering["kind_label"], "jednání řídící skupiny");
    assert_eq!(steering["group"], "Řídící skupina KPSS ORP Soběslav");
}

#[test]
fn agenda_numbers_a_groups_meetings_over_its_whole_history() {
    let (_dir, db) = sample_db();
    let out = ok(kpss(
        &db,
        &[
            "agenda",
            "--format",
            "json",
            "--from",
            "2019-01-01",
            "--to",
            "2019-12-31",
        ],
    ));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let numbers: Vec<(u64, u64)> = entries
        .iter()
        .map(|e| {
            (
                e["group_id"].as_u64().unwrap(),
                e["number"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(numbers, [(1, 6), (1, 7)]);

    // Filtered to one group among the others' meetings: its numbers still count from its
    // first meeting in 2017.
    let out = ok(kpss(
        &db,
        &[
            "agenda",
            "--group",
            "1",
            "--from",
            "1.9.2018",
            "--to",
            "31.12.2018",
        ],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].contains("  4. jednání – Řídící skupina"), "{out}");
    assert!(lines[1].contains("  5. jednání – Řídící skupina"), "{out}");

    // The public meetings are outside any group: their own title, no number.
    let out = ok(kpss(
        &db,
        &[
            "agenda",
            "--format",
            "json",
            "--from",
            "1.12.2017",
            "--to",
            "31.1.2018",
        ],
    ));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let public: Vec<&serde_json::Value> =
        entries.iter().filter(|e| e["kind"] == "public").collect();
    assert_eq!(public.len(), 2);
    assert!(public[0]["number"].is_null());
    assert_eq!(public[0]["title"], "Veřejné setkání ve Veselí nad Lužnicí");
}

#[test]
fn an_empty_agenda_prints_nothing() {
    let (_dir, db) = sample_db();
    let out = kpss(&db, &["agenda", "--from", "1.1.2030", "--to", "31.1.2030"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    // Standard error is a pipe here, not a terminal: no note either.
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let json = ok(kpss(
        &db,
        &["agenda", "--format", "json", "--from", "1.1.2030"],
    ));
    assert_eq!(json.trim(), "[]");
}

#[test]
fn agenda_refuses_bad_periods() {
    let (_dir, db) = sample_db();
    let out = kpss(
        &db,
        &["agenda", "--from", "31.12.2018", "--to", "1.12.2018"],
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("--to") && err.contains("--from"), "{err}");
    assert!(
        err.contains("1. 12. 2018") && err.contains("31. 12. 2018"),
        "{err}"
    );

    let out = kpss(&db, &["agenda", "--from", "31.2.2019"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("--from 31.2.2019"), "{err}");
    assert!(err.contains("v kalendáři není"), "{err}");

    let out = kpss(&db, &["--lang", "en", "agenda", "--to", "2019-02-31"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("--to 2019-02-31"), "{err}");

    let out = kpss(&db, &["agenda", "--group", "999"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--group"));
}

fn report_args(format: &str) -> Vec<&str> {
    vec![
        "report",
        "attendance",
        "--project",
        SOBESLAV_PROJECT,
        "--from",
        "1.11.2017",
        "--to",
        "30.6.2019",
        "--format",
        format,
    ]
}

/// A meeting's row: group, date as `4. 12. 2017`, number, present, excused, absent, guests.
type MeetingRow = (String, String, String, String, String, String, String);

/// The meeting rows of the Markdown report, under their group headings.
fn markdown_meetings(md: &str) -> Vec<MeetingRow> {
    let mut group = String::new();
    let mut rows = Vec::new();
    for line in md.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            group = name.to_string();
        } else if line.starts_with("| ") && group != "Souhrn" {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            if let Some(number) = cells[0].strip_suffix('.') {
                rows.push((
                    group.clone(),
                    cells[1].to_string(),
                    number.to_string(),
                    cells[2].to_string(),
                    cells[3].to_string(),
                    cells[4].to_string(),
                    cells[5].to_string(),
                ));
            }
        }
    }
    rows
}

#[test]
fn attendance_report_of_the_soběslav_project() {
    let (_dir, db) = sample_db();
    let md = ok(kpss(&db, &report_args("md")));
    insta::assert_snapshot!("attendance_soběslav_project", md);
    assert!(md.contains("| **Všechny skupiny** | **27** | **7** | **44** | **6,3** | **7** |"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dochazka.csv");
    let mut args = report_args("csv");
    args.extend(["--out", file.to_str().unwrap()]);
    let out = kpss(&db, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let body = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(body.ends_with("\r\n"));
    assert!(!body.replace("\r\n", "").contains('\n'), "a bare LF");

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Skupina",
            "Datum",
            "Jednání",
            "Přítomno",
            "Omluveno",
            "Nepřítomno",
            "Hosté",
            "Jednání s docházkou",
            "Průměr přítomných",
            "Různých osob"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(records.iter().all(|r| r.len() == 10));

    // Every meeting row matches the Markdown; `4.12.2017` there is `4. 12. 2017` here.
    let csv_meetings: Vec<MeetingRow> = records
        .iter()
        .filter(|r| &r[1] != "celkem")
        .map(|r| {
            let unknown = |s: &str| if s.is_empty() { "–" } else { s }.to_string();
            (
                r[0].to_string(),
                r[1].replace('.', ". "),
                r[2].to_string(),
                unknown(&r[3]),
                unknown(&r[4]),
                unknown(&r[5]),
                unknown(&r[6]),
            )
        })
        .collect();
    let md_meetings = markdown_meetings(&md);
    assert_eq!(md_meetings.len(), 27);
    assert_eq!(csv_meetings, md_meetings);

    // The steering group's total row, and the one over all groups.
    let total = |name: &str| {
        records
            .iter()
            .find(|r| &r[0] == name && &r[1] == "celkem")
            .unwrap()
            .iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        total("Řídící skupina KPSS ORP Soběslav"),
        [
            "Řídící skupina KPSS ORP Soběslav",
            "celkem",
            "7",
            "44",
            "5",
            "0",
            "0",
            "7",
            "6,3",
            "7"
        ]
    );
    assert!(md.contains("| Řídící skupina KPSS ORP Soběslav | 7 | 7 | 44 | 6,3 | 7 |"));
    assert_eq!(
        total("Všechny skupiny"),
        [
            "Všechny skupiny",
            "celkem",
            "27",
            "44",
            "5",
            "0",
            "0",
            "7",
            "6,3",
            "7"
        ]
    );
    let idle = total("Realizační tým projektu ORP Soběslav");
    assert_eq!(idle[2], "0");
    assert_eq!(idle[8], "");
}

#[test]
fn attendance_report_scopes() {
    let (_dir, db) = sample_db();
    let out = kpss(
        &db,
        &[
            "report",
            "attendance",
            "--project",
            "CZ.03.2.63/0.0/0.0/16_063/9999999",
            "--from",
            "1.1.2018",
            "--to",
            "31.12.2018",
        ],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("CZ.03.2.63/0.0/0.0/16_063/9999999"), "{err}");

    let region = ok(kpss(
        &db,
        &[
            "report",
            "attendance",
            "--region",
            "10",
            "--from",
            "1.1.2018",
            "--to",
            "31.12.2018",
        ],
    ));
    assert!(region.starts_with("# Docházka na jednání skupin: ORP Soběslav\n"));
    assert!(
        region.contains("| **Všechny skupiny** | **24** |"),
        "{region}"
    );

    let all = ok(kpss(
        &db,
        &[
            "report",
            "attendance",
            "--from",
            "1.1.2018",
            "--to",
            "31.12.2018",
        ],
    ));
    assert!(all.contains("## Realizační tým SOS Šumavsko – ORP Písek"));

    let out = kpss(
        &db,
        &[
            "report",
            "attendance",
            "--from",
            "31.12.2018",
            "--to",
            "1.1.2018",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--to"));
}
