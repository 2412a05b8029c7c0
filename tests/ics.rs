//! iCalendar export and import: what kpss writes is read by an independent parser, a
//! round trip keeps the meetings, and malformed files are refused by the real binary
//! without touching the database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{kpss, text};

use std::io::BufReader;
use std::path::Path;
use std::process::Output;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use kpss::ics::{self, MeetingEvent};
use kpss::model::{Group, Meeting, MeetingKind, MeetingState, Region};
use kpss::store::{EmbeddedStore, Store, StoreExt};

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

const TRICKY_TITLE: &str = "Kulatý stůl: senioři, OZP; rodiny \\ děti";

fn long_description() -> String {
    "Program jednání řídící skupiny komunitního plánování sociálních služeb ORP Soběslav:\n\
     1. Zahájení, kontrola usnesení z minulého jednání; schválení zapisovatele a ověřovatele.\n\
     2. Vyhodnocení akčního plánu na rok 2018 – příspěvky poskytovatelů, pečovatelská služba, \
     odlehčovací služby, sociální poradenství; návrh priorit pro střednědobý plán.\n\
     3. Různé, diskuse, závěr."
        .to_string()
}

/// Meetings with times, places, kinds and states the sample register lacks.
fn rich_meetings(region: u64, group: u64) -> Vec<Meeting> {
    vec![
        Meeting {
            region,
            group: None,
            kind: MeetingKind::RoundTable,
            title: TRICKY_TITLE.into(),
            date: date(2019, 3, 14),
            start: Some(time(9, 30)),
            end: Some(time(12, 0)),
            place: "Sokolovna Soběslav, sál; vchod z ulice Na Pískách".into(),
            agenda: long_description(),
            state: MeetingState::Planned,
            ..Meeting::default()
        },
        Meeting {
            region,
            group: Some(group),
            kind: MeetingKind::Steering,
            date: date(2019, 7, 2),
            start: Some(time(15, 0)),
            end: None,
            place: "MěÚ Soběslav".into(),
            agenda: "1. Zahájení\n2. Akční plán".into(),
            minutes: "Akční plán schválen, 7 pro, 0 proti.".into(),
            state: MeetingState::Held,
            ..Meeting::default()
        },
        Meeting {
            region,
            group: Some(group),
            kind: MeetingKind::Public,
            title: "Veřejné setkání ve Veselí nad Lužnicí".into(),
            date: date(2019, 11, 20),
            state: MeetingState::Cancelled,
            ..Meeting::default()
        },
    ]
}

fn add_meetings(db: &Path, meetings: Vec<Meeting>) {
    let store = EmbeddedStore::open(db, "test").unwrap();
    for m in meetings {
        store.create_as(m).unwrap();
    }
}

/// A property's value as the `ical` crate gives it (raw), with RFC 5545 text escapes undone.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn property<'a>(properties: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[test]
fn the_export_of_sobeslav_is_read_by_an_independent_parser() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ok(kpss(&db, &["init", "--sample"]));
    let region = {
        let store = EmbeddedStore::open(&db, "test").unwrap();
        store.get_as::<Group>(1).unwrap().unwrap().record.region
    };
    add_meetings(&db, rich_meetings(region, 1));
    let expected = {
        let store = EmbeddedStore::open(&db, "test").unwrap();
        store
            .meetings_between(NaiveDate::MIN, NaiveDate::MAX)
            .unwrap()
            .into_iter()
            .filter(|m| m.record.region == region)
            .count()
    };
    assert!(expected > 3);
    let calendar = ok(kpss(
        &db,
        &["export", "--format", "ics", "--region", &region.to_string()],
    ));

    // Content lines end in CRLF and are at most 75 octets.
    assert!(calendar.ends_with("\r\n"));
    for line in calendar.split_terminator("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(
        calendar.lines().any(|l| l.starts_with(' ')),
        "the long description is folded"
    );

    let mut parser = ical::IcalParser::new(BufReader::new(calendar.as_bytes()));
    let parsed = parser.next().expect("a calendar").expect("parses");
    assert!(parser.next().is_none(), "one calendar");
    assert_eq!(property(&parsed.properties, "VERSION"), Some("2.0"));
    assert_eq!(
        property(&parsed.properties, "PRODID"),
        Some("-//kpss//kpss//CS")
    );
    assert_eq!(parsed.events.len(), expected);
    for event in &parsed.events {
        for name in ["UID", "DTSTAMP", "DTSTART", "SUMMARY", "STATUS"] {
            assert!(
                property(&event.properties, name).is_some(),
                "{name} missing in {:?}",
                event.properties
            );
        }
    }
    let uids: std::collections::HashSet<_> = parsed
        .events
        .iter()
        .map(|e| property(&e.properties, "UID").unwrap())
        .collect();
    assert_eq!(uids.len(), expected, "UIDs are unique");

    assert_eq!(parsed.timezones.len(), 1);
    let zone = &parsed.timezones[0];
    assert_eq!(property(&zone.properties, "TZID"), Some("Europe/Prague"));
    assert_eq!(zone.transitions.len(), 2);
    let offsets: Vec<_> = zone
        .transitions
        .iter()
        .map(|t| property(&t.properties, "TZOFFSETTO").unwrap())
        .collect();
    assert!(offsets.contains(&"+0100") && offsets.contains(&"+0200"));

    // The summary with a comma, a semicolon and a backslash, and the long Czech
    // description, survive escaping and folding.
    let tricky = parsed
        .events
        .iter()
        .find(|e| property(&e.properties, "SUMMARY").map(unescape).as_deref() == Some(TRICKY_TITLE))
        .expect("the round table is exported");
    assert_eq!(
        property(&tricky.properties, "DESCRIPTION").map(unescape),
        Some(long_description())
    );
    assert_eq!(
        property(&tricky.properties, "LOCATION")
            .map(unescape)
            .as_deref(),
        Some("Sokolovna Soběslav, sál; vchod z ulice Na Pískách")
    );
    let start = tricky
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(start.value.as_deref(), Some("20190314T093000"));
    assert_eq!(
        start.params,
        Some(vec![(
            "TZID".to_string(),
            vec!["Europe/Prague".to_string()]
        )])
    );
    // An all-day meeting of the sample register.
    assert!(
        calendar.contains("DTSTART;VALUE=DATE:20171204\r\n"),
        "{calendar}"
    );
    assert!(calendar.contains("SUMMARY:1. jednání – ŘS Soběslav\r\n"));
}

/// Every line except the DTSTAMPs (the time of export) and the UIDs (the ids of the
/// database the meetings are in).
fn comparable(calendar: &str) -> String {
    calendar
        .split_terminator("\r\n")
        .filter(|l| !l.starts_with("DTSTAMP:") && !l.starts_with("UID:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn meetings_survive_export_import_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    ok(kpss(&a, &["init", "--sample"]));
    let (region, group) = {
        let store = EmbeddedStore::open(&a, "test").unwrap();
        let group = store.get_as::<Group>(1).unwrap().unwrap().record;
        let region = store
            .get_as::<Region>(group.region)
            .unwrap()
            .unwrap()
            .record;
        (region, group)
    };
    let mut rich = rich_meetings(region.id, group.id);
    rich.remove(0); // the round table is outside the group
    add_meetings(&a, rich);
    let file = dir.path().join("rs.ics");
    ok(kpss(
        &a,
        &[
            "export",
            "--format",
            "ics",
            "--group",
            "1",
            "--out",
            file.to_str().unwrap(),
        ],
    ));
    let first = std::fs::read_to_string(&file).unwrap();

    // A fresh database with only the region and the group.
    {
        let store = EmbeddedStore::open(&b, "test").unwrap();
        let r = store
            .create_as(Region {
                id: 0,
                name: region.name.clone(),
                ..Region::default()
            })
            .unwrap()
            .record;
        store
            .create_as(Group {
                id: 0,
                name: group.name.clone(),
                short_name: group.short_name.clone(),
                region: r.id,
                ..Group::default()
            })
            .unwrap();
    }
    let imported = ok(kpss(
        &b,
        &["import", "--ics", file.to_str().unwrap(), "--group", "1"],
    ));
    let events = ics::read(&first).unwrap().events;
    assert_eq!(
        imported.trim(),
        format!("Načteno {} jednání", events.len()),
        "{imported}"
    );
    let second = ok(kpss(&b, &["export", "--format", "ics", "--group", "1"]));
    assert_eq!(comparable(&first), comparable(&second));

    // The same meetings, field by field, apart from the UIDs.
    let strip = |text: &str| {
        ics::read(text)
            .unwrap()
            .events
            .into_iter()
            .map(|e| ics::ImportedEvent {
                uid: String::new(),
                ..e
            })
            .collect::<Vec<_>>()
    };
    let back = strip(&second);
    assert_eq!(strip(&first), back);
    let held = back
        .iter()
        .find(|e| e.date == date(2019, 7, 2))
        .expect("the held meeting");
    assert_eq!(
        (held.start, held.end),
        (Some(time(15, 0)), Some(time(17, 0)))
    );
    assert_eq!(held.kind, MeetingKind::Steering);
    assert_eq!(held.state, MeetingState::Held);
    assert_eq!(held.minutes, "Akční plán schválen, 7 pro, 0 proti.");
    let cancelled = back.iter().find(|e| e.date == date(2019, 11, 20)).unwrap();
    assert_eq!(cancelled.summary, "Veřejné setkání ve Veselí nad Lužnicí");
    assert_eq!(cancelled.kind, MeetingKind::Public);
    assert_eq!(cancelled.state, MeetingState::Cancelled);

    // The imported group meetings have no made-up titles: their number is derived.
    {
        let store = EmbeddedStore::open(&b, "test").unwrap();
        let meetings = store.meetings_of_group(1).unwrap();
        assert_eq!(meetings.len(), events.len());
        assert!(
            meetings
                .iter()
                .filter(|m| m.record.title.is_empty())
                .count()
                >= 5
        );
    }

    // Importing a file again adds nothing: its meetings are in the register already.
    let again = ok(kpss(
        &a,
        &["import", "--ics", file.to_str().unwrap(), "--group", "1"],
    ));
    assert_eq!(
        again.trim(),
        format!(
            "Načteno 0 jednání, přeskočeno {} (už v rejstříku)",
            events.len()
        )
    );
    let own = dir.path().join("own.ics");
    std::fs::write(&own, &second).unwrap();
    let again = ok(kpss(
        &b,
        &["import", "--ics", own.to_str().unwrap(), "--group", "1"],
    ));
    assert!(
        again.starts_with("Načteno 0 jednání, přeskočeno"),
        "{again}"
    );
    let third = ok(kpss(&b, &["export", "--format", "ics", "--group", "1"]));
    assert_eq!(comparable(&second), comparable(&third));
}

#[test]
fn meetings_can_be_imported_into_a_region_without_a_group() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ok(kpss(&db, &["init", "--sample"]));
    let file = dir.path().join("foreign.ics");
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//Calendar//EN\r\n\
         BEGIN:VEVENT\r\nUID:abc@example.org\r\nDTSTAMP:20190101T000000Z\r\n\
         DTSTART:20190604T130000Z\r\nDTEND:20190604T150000Z\r\n\
         SUMMARY:Setkání s uživateli\\, rodiče\r\nCATEGORIES:setkání s cílovou skupinou\r\n\
         LOCATION:Tábor\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let out = ok(kpss(
        &db,
        &["import", "--ics", file.to_str().unwrap(), "--region", "12"],
    ));
    assert_eq!(out.trim(), "Načteno 1 jednání");
    let store = EmbeddedStore::open(&db, "test").unwrap();
    let m = store
        .meetings_between(date(2019, 6, 4), date(2019, 6, 4))
        .unwrap()
        .pop()
        .unwrap()
        .record;
    assert_eq!(m.region, 12);
    assert_eq!(m.group, None);
    assert_eq!(m.title, "Setkání s uživateli, rodiče");
    assert_eq!(m.kind, MeetingKind::TargetGroup);
    // 13:00 UTC in June is 15:00 in Prague.
    assert_eq!((m.start, m.end), (Some(time(15, 0)), Some(time(17, 0))));
    assert_eq!(m.state, MeetingState::Planned);
}

#[test]
fn an_import_needs_a_known_group_or_region() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ok(kpss(&db, &["init", "--sample"]));
    let file = dir.path().join("one.ics");
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n\
         DTSTART;VALUE=DATE:20190604\r\nSUMMARY:A\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    for (args, reason) in [
        (vec!["import", "--ics", f], "zadejte skupinu"),
        (
            vec!["import", "--ics", f, "--group", "999"],
            "neexistuje skupina s ID 999",
        ),
        (
            vec!["import", "--ics", f, "--region", "999"],
            "neexistuje ORP s ID 999",
        ),
        (
            vec!["import", "--ics", f, "--group", "1", "--region", "12"],
            "nepatří do ORP",
        ),
    ] {
        let out = kpss(&db, &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            text(&out.stderr).contains(reason),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn malformed_files_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ok(kpss(&db, &["init", "--sample"]));
    let before = ok(kpss(&db, &["export", "--format", "json"]));
    let valid = ok(kpss(&db, &["export", "--format", "ics", "--group", "1"]));
    let event = |body: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//CS\r\n\
             BEGIN:VEVENT\r\nUID:ok@test\r\nDTSTAMP:20190101T000000Z\r\n\
             DTSTART;VALUE=DATE:20190110\r\nSUMMARY:Dobrá událost\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:bad@test\r\nDTSTAMP:20190101T000000Z\r\n{body}END:VEVENT\r\n\
             END:VCALENDAR\r\n"
        )
    };
    let cases = [
        (
            "not-a-calendar.ics",
            "Toto není kalendář, jen text.\n".to_string(),
            "soubor není kalendář iCalendar (čekáno BEGIN:VCALENDAR, nalezeno Toto není",
        ),
        (
            "broken-line.ics",
            event("DTSTART:20190201\r\n;;; rozbitý řádek\r\n"),
            "řádek 14 nelze přečíst: „;;; rozbitý řádek“",
        ),
        ("register.ics", before.clone(), "nalezeno {"),
        (
            "vcard.ics",
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jana Nováková\r\nEND:VCARD\r\n".to_string(),
            "soubor není kalendář iCalendar",
        ),
        (
            "no-start.ics",
            event("SUMMARY:Bez začátku\r\n"),
            "událost č. 2 („Bez začátku“): chybí začátek (DTSTART)",
        ),
        (
            "february-31.ics",
            event("DTSTART:20190231\r\nSUMMARY:Únor\r\n"),
            "neplatné datum nebo čas DTSTART: „20190231“",
        ),
        (
            "end-before-start.ics",
            event("DTSTART:20190201T100000\r\nDTEND:20190201T080000\r\n"),
            "konec (DTEND) je před začátkem",
        ),
        (
            "truncated.ics",
            valid[..valid.len() / 2].to_string(),
            "soubor je neúplný (useknutý): chybí END:",
        ),
        (
            "empty.ics",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n".to_string(),
            "neobsahuje žádnou událost",
        ),
    ];
    for (name, content, reason) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, content).unwrap();
        let out = kpss(
            &db,
            &["import", "--ics", file.to_str().unwrap(), "--group", "1"],
        );
        assert!(!out.status.success(), "{name} was accepted");
        let err = text(&out.stderr);
        assert!(
            err.contains(name),
            "{name}: the message names the file: {err}"
        );
        assert!(err.contains(reason), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let after = ok(kpss(&db, &["export", "--format", "json"]));
    assert_eq!(before, after);
    // In English too.
    let file = dir.path().join("no-start.ics");
    let out = kpss(
        &db,
        &[
            "--lang",
            "en",
            "import",
            "--ics",
            file.to_str().unwrap(),
            "--group",
            "1",
        ],
    );
    assert!(
        text(&out.stderr).contains("event 2 (\u{201e}Bez začátku\u{201c}): no start (DTSTART)")
    );
}

#[test]
fn a_small_calendar_as_written() {
    let stamp = Utc.with_ymd_and_hms(2019, 1, 2, 8, 0, 0).unwrap();
    let events = vec![
        MeetingEvent {
            meeting: Meeting {
                id: 12,
                region: 10,
                group: Some(1),
                kind: MeetingKind::Steering,
                date: date(2018, 6, 4),
                start: Some(time(15, 0)),
                end: Some(time(17, 30)),
                place: "MěÚ Soběslav, zasedací místnost".into(),
                agenda: "1. Zahájení\n2. Akční plán 2019; priority, rozpočet a evaluace dosavadního plnění".into(),
                minutes: "Schváleno.".into(),
                state: MeetingState::Held,
                ..Meeting::default()
            },
            group: Some("ŘS Soběslav".into()),
            region: "Soběslav".into(),
            number: Some(3),
        },
        MeetingEvent {
            meeting: Meeting {
                id: 40,
                region: 10,
                kind: MeetingKind::Public,
                title: "Veřejné setkání ve Veselí nad Lužnicí".into(),
                date: date(2018, 3, 1),
                state: MeetingState::Cancelled,
                ..Meeting::default()
            },
            group: None,
            region: "Soběslav".into(),
            number: None,
        },
    ];
    let calendar = ics::write("KPSS – ORP Soběslav", &events, stamp).unwrap();
    assert!(calendar.split_inclusive('\n').all(|l| l.ends_with("\r\n")));
    insta::assert_snapshot!(calendar.replace("\r\n", "\n"));
}

/// A calendar of `events` events from another program, one a day from 1. 1. 2019, with
/// `body(i)` added to the `i`th (from 1).
fn foreign_calendar(events: usize, body: impl Fn(usize) -> String) -> String {
    let mut text =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//Calendar//EN\r\n");
    for i in 1..=events {
        let day = date(2019, 1, 1) + chrono::Duration::days(i as i64 - 1);
        let extra = body(i);
        let start = if extra.contains("DTSTART") {
            String::new()
        } else {
            format!("DTSTART;VALUE=DATE:{}\r\n", day.format("%Y%m%d"))
        };
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{i}-a81f@calendar.example.org\r\nSUMMARY:Setkání {i}\r\n\
             {start}{extra}END:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

fn meeting_count(db: &Path) -> usize {
    EmbeddedStore::open(db, "test")
        .unwrap()
        .list_as::<Meeting>()
        .unwrap()
        .len()
}

fn import_into_region(db: &Path, file: &Path) -> Output {
    kpss(
        db,
        &["import", "--ics", file.to_str().unwrap(), "--region", "12"],
    )
}

#[test]
fn a_foreign_calendar_imported_twice_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ok(kpss(&db, &["init", "--sample"]));
    let before = meeting_count(&db);
    let file = dir.path().join("google.ics");
    std::fs::write(&file, foreign_calendar(30, |_| String::new())).unwrap();
    assert_eq!(
        ok(import_into_region(&db, &file)).trim(),
        "Načteno 30 jednání"
    );
    assert_eq!(
        ok(import_into_region(&db, &file)).trim(),
        "Načteno 0 jednání, přeskočeno 30 (už v rejstříku)"
    );
    assert_eq!(meeting_count(&db), before + 30);
    // The export gives each meeting back its UID: a round trip through the other
    // calendar keeps identity, and importing the export adds nothing either.
    let exported = ok(kpss(&db, &["export", "--format", "ics", "--region", "12"]));
    assert!(exported.contains("UID:7-a81f@calendar.example.org\r\n"));
    let back = dir.path().join("back.ics");
    std::fs::write(&back, &exported).unwrap();
    assert!(ok(import_into_region(&db, &back)).starts_with("Načteno 0 jednání, přeskočeno"));
    assert_eq!(meeting_count(&db), before + 30);
}

#[test]
fn recurring_events_become_series_and_an_endless_one_is_cut_aloud() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ok(kpss(&db, &["init", "--sample"]));
    let before = meeting_count(&db);
    let file = dir.path().join("series.ics");
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n\
         BEGIN:VEVENT\r\nUID:weekly@x\r\nSUMMARY:Porada\r\n\
         DTSTART;TZID=Europe/Prague:20190604T150000\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:except@x\r\nSUMMARY:Kulatý stůl\r\n\
         DTSTART;TZID=Europe/Prague:20190605T090000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n\
         EXDATE;TZID=Europe/Prague:20190612T090000\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .unwrap();
    assert_eq!(
        ok(import_into_region(&db, &file)).trim(),
        "Načteno 8 jednání"
    );
    let store = EmbeddedStore::open(&db, "test").unwrap();
    let porady = store
        .list_as::<Meeting>()
        .unwrap()
        .into_iter()
        .filter(|m| m.record.uid.starts_with("weekly@x/"))
        .count();
    assert_eq!(porady, 5);
    assert!(
        store
            .meetings_between(date(2019, 6, 12), date(2019, 6, 12))
            .unwrap()
            .is_empty(),
        "the excluded date"
    );
    drop(store);
    assert_eq!(
        ok(import_into_region(&db, &file)).trim(),
        "Načteno 0 jednání, přeskočeno 8 (už v rejstříku)"
    );

    let endless = dir.path().join("endless.ics");
    std::fs::write(
        &endless,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:forever@x\r\n\
         SUMMARY:Pravidelná schůzka\r\nDTSTART;VALUE=DATE:20200106\r\nRRULE:FREQ=WEEKLY\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let out = import_into_region(&db, &endless);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "Načteno 520 jednání");
    let warning = text(&out.stderr);
    assert!(
        warning.contains(
            "upozornění: událost č. 1 („Pravidelná schůzka“) se opakuje víc než 520krát: \
             načítá se jen prvních 520 výskytů (poslední 17. 12. 2029)"
        ),
        "{warning}"
    );
    assert_eq!(meeting_count(&db), before + 8 + 520);
}

#[test]
fn an_import_whose_1500th_event_is_refused_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ok(kpss(&db, &["init", "--sample"]));
    let before = ok(kpss(&db, &["export", "--format", "json"]));
    let file = dir.path().join("big.ics");
    std::fs::write(
        &file,
        foreign_calendar(2_000, |i| {
            if i == 1_500 {
                "DTSTART;VALUE=DATE:00000101\r\n".into()
            } else {
                String::new()
            }
        }),
    )
    .unwrap();
    let out = import_into_region(&db, &file);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "událost č. 1500 („Setkání 1500“): datum DTSTART „00000101“ je mimo rozsah let 1900–2100"
        ),
        "{err}"
    );
    assert_eq!(ok(kpss(&db, &["export", "--format", "json"])), before);
    // What an older kpss exported for the year 99999 is refused the same way.
    std::fs::write(
        &file,
        foreign_calendar(3, |i| {
            if i == 2 {
                "DTSTART;VALUE=DATE:+999990101\r\n".into()
            } else {
                String::new()
            }
        }),
    )
    .unwrap();
    let out = import_into_region(&db, &file);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("událost č. 2 („Setkání 2“): "),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(ok(kpss(&db, &["export", "--format", "json"])), before);
}

#[test]
fn ten_thousand_nested_alarms_are_refused_without_a_crash() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    ok(kpss(&db, &["init", "--sample"]));
    let mut body = String::from("DTSTART;VALUE=DATE:20190101\r\n");
    body.push_str(&"BEGIN:VALARM\r\n".repeat(10_000));
    body.push_str(&"END:VALARM\r\n".repeat(10_000));
    let file = dir.path().join("nested.ics");
    std::fs::write(&file, foreign_calendar(1, |_| body.clone())).unwrap();
    assert!(std::fs::metadata(&file).unwrap().len() > 250_000);
    let out = import_into_region(&db, &file);
    assert_eq!(out.status.signal(), None, "killed by a signal");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "komponenty (BEGIN…END) jsou vnořeny příliš hluboko: řádek 14 otevírá 9. úroveň"
        ),
        "{err}"
    );
}
