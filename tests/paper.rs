//! A meeting's paperwork on the sample register: the Soběslav steering group's 5th
//! meeting (17. 12. 2018, seven members) as an attendance sheet in Markdown and DOCX,
//! its invitation as an e-mail read back by a mail parser and an iCalendar parser, the
//! minutes' skeleton from its attendance; and `kpss remind` on a fixed today.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Read;

use chrono::{TimeZone, Utc};
use common::{kpss, sample_store, text};
use kpss::model::{Lang, Meeting, Presence};
use kpss::paper::{self, Format, Paper, PaperSettings, Sender};
use kpss::store::{Store, StoreExt};
use mail_parser::MimeHeaders;

/// The Soběslav steering group's 5th meeting in the sample register.
const FIFTH: u64 = 5;

fn settings() -> PaperSettings {
    PaperSettings {
        funding_line: "Projekt je spolufinancován Evropskou unií z Evropského sociálního fondu \
                       v rámci Operačního programu Zaměstnanost."
            .into(),
        from: "Věra Kubátová <vera.kubatova@example.cz>".into(),
        sender: Sender {
            name: "Věra Kubátová".into(),
            function: "koordinátorka".into(),
            organisation: "Městský úřad Soběslav".into(),
            phone: "700 000 015".into(),
            email: "vera.kubatova@example.cz".into(),
        },
    }
}

fn render(store: &dyn Store, paper: Paper, format: Format) -> Vec<u8> {
    let facts = paper::gather(store, FIFTH).unwrap().unwrap();
    let stamp = Utc.with_ymd_and_hms(2018, 12, 3, 8, 0, 0).unwrap();
    paper::render(paper, format, &facts, &settings(), stamp, Lang::Cs).unwrap()
}

/// The members in the order the sheet must list them (by surname, Czech order: Š after
/// S, after Svoboda).
const MEMBERS_IN_ORDER: [&str; 7] = [
    "Ing. Tomáš Beneš",
    "Ing. Ilona Dušková",
    "Věra Kubátová",
    "Mgr. Josef Marek",
    "Ing. Pavel Svoboda",
    "Karel Šindelář",
    "Mgr. Ondřej Vacek",
];

#[test]
fn the_attendance_sheet_in_markdown() {
    let store = sample_store();
    let md = String::from_utf8(render(&store, Paper::AttendanceSheet, Format::Md)).unwrap();
    insta::assert_snapshot!(md);
}

#[test]
fn the_attendance_sheet_in_docx_lists_every_member_in_order() {
    let store = sample_store();
    let docx = render(&store, Paper::AttendanceSheet, Format::Docx);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut document = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut document)
        .unwrap();
    let mut at = 0;
    for name in MEMBERS_IN_ORDER {
        let found = document[at..]
            .find(name)
            .unwrap_or_else(|| panic!("{name} missing or out of order"));
        at += found + name.len();
    }
    for fact in [
        "CZ.03.2.63/0.0/0.0/16_063/0006568",
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
        "5. jednání – Řídící skupina KPSS ORP Soběslav",
        "17. prosince 2018",
        "Senior – dům Soběslav",
        "TEP, centrum sociálních služeb",
        "Městský úřad Veselí nad Lužnicí",
        "spolufinancován Evropskou unií",
        "Podpis",
    ] {
        assert!(document.contains(fact), "{fact}");
    }
    // A real table whose header row repeats on every page: seven members and five
    // rows for guests under it.
    assert_eq!(document.matches("<w:tbl>").count(), 1);
    assert_eq!(document.matches("<w:tr>").count(), 1 + 7 + 5);
    assert!(document.contains("<w:tblHeader />"));
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#));
    let mut footer = String::new();
    zip.by_name("word/footer1.xml")
        .unwrap()
        .read_to_string(&mut footer)
        .unwrap();
    assert!(footer.contains("NUMPAGES") && footer.contains("Strana"));
}

#[test]
fn the_invitation_as_an_email_with_its_calendar_request() {
    let store = sample_store();
    let eml = render(&store, Paper::Invitation, Format::Eml);
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert_eq!(
        message.subject(),
        Some("Pozvánka: 5. jednání – Řídící skupina KPSS ORP Soběslav, 17. prosince 2018")
    );
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("vera.kubatova@example.cz"));
    let to: Vec<&str> = message
        .to()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    // Every member with an e-mail (Karel Šindelář has none).
    assert_eq!(to.len(), 6, "{to:?}");
    assert!(to.contains(&"josef.marek@example.cz"));
    assert!(!to.iter().any(|a| a.contains("sindelar")));
    let body = message.body_text(0).unwrap();
    assert!(body.contains("Vážené dámy, vážení pánové,"), "{body}");
    assert!(body.contains("Věra Kubátová"), "{body}");
    let calendar = message
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar"))
        })
        .expect("a text/calendar part");
    let ctype = calendar.content_type().unwrap();
    assert_eq!(ctype.attribute("method"), Some("REQUEST"));
    let ics = String::from_utf8(calendar.contents().to_vec()).unwrap();
    let parsed = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let prop = |props: &[ical::property::Property], name: &str| -> Vec<String> {
        props
            .iter()
            .filter(|p| p.name == name)
            .filter_map(|p| p.value.clone())
            .collect()
    };
    assert_eq!(prop(&parsed.properties, "METHOD"), vec!["REQUEST"]);
    let event = &parsed.events[0];
    assert_eq!(prop(&event.properties, "UID"), vec!["meeting-5@kpss"]);
    // The meeting has no time: an all-day event on its day.
    assert_eq!(prop(&event.properties, "DTSTART"), vec!["20181217"]);
    assert_eq!(prop(&event.properties, "ATTENDEE").len(), 6);
    assert_eq!(
        prop(&event.properties, "ORGANIZER"),
        vec!["mailto:vera.kubatova@example.cz"]
    );
}

#[test]
fn a_timed_meeting_starts_in_prague_time() {
    let store = sample_store();
    let stored = store.get_as::<Meeting>(FIFTH).unwrap().unwrap();
    let mut m = stored.record;
    m.start = chrono::NaiveTime::from_hms_opt(15, 0, 0);
    store.update_as(stored.rev, m).unwrap();
    let eml = render(&store, Paper::Invitation, Format::Eml);
    let message = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let calendar = message
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|c| c.subtype() == Some("calendar"))
        })
        .unwrap();
    let ics = String::from_utf8(calendar.contents().to_vec()).unwrap();
    let parsed = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let start = parsed.events[0]
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(start.value.as_deref(), Some("20181217T150000"));
    let params = start.params.clone().unwrap_or_default();
    assert!(
        params
            .iter()
            .any(|(k, v)| k == "TZID" && v == &vec!["Europe/Prague".to_string()]),
        "{params:?}"
    );
}

#[test]
fn the_invitation_greets_each_member_in_their_gender() {
    let store = sample_store();
    let md = String::from_utf8(render(&store, Paper::Invitation, Format::Md)).unwrap();
    assert!(md.contains("Vážená paní Věra Kubátová,"), "{md}");
    assert!(md.contains("Vážený pane Josef Marek,"), "{md}");
    assert_eq!(md.matches("# Pozvánka").count(), 7);
    assert!(md.contains("S pozdravem"));
    assert!(md.contains("tel.: 700 000 015"));
}

#[test]
fn the_minutes_skeleton_follows_the_attendance() {
    let store = sample_store();
    let stored = store.get_as::<Meeting>(FIFTH).unwrap().unwrap();
    let mut m = stored.record;
    // Josef Marek (person 6) excused, Karel Šindelář (11) absent, one guest.
    for a in &mut m.attendance {
        a.presence = match a.person {
            6 => Presence::Excused,
            11 => Presence::Absent,
            _ => Presence::Present,
        };
    }
    m.guests = vec!["Jana Hostová".into()];
    m.agenda = "1. Zahájení\n2. Akční plán na rok 2019\n3. Různé".into();
    store.update_as(stored.rev, m).unwrap();
    let md = String::from_utf8(render(&store, Paper::Minutes, Format::Md)).unwrap();
    insta::assert_snapshot!(md);
}

/// `kpss paper` and `kpss remind` as a clerk runs them.
#[test]
fn the_commands_write_the_papers_and_remind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    assert!(kpss(&db, &["init", "--sample"]).status.success());
    let settings = dir.path().join("settings.toml");
    std::fs::write(
        &settings,
        "[paper]\nfunding_line = \"Spolufinancováno z ESF.\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("KPSS_CONFIG", "/dev/null")
            .env("KPSS_SETTINGS", &settings)
            .env("LANG", "cs_CZ.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("KPSS_SOCKET")
            .output()
            .unwrap()
    };
    let out = dir.path().join("listina.docx");
    let done = run(&[
        "paper",
        "attendance-sheet",
        "--meeting",
        "5",
        "--format",
        "docx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    // An eml of the attendance sheet is refused; so is a settings file that is not TOML.
    let refused = run(&["paper", "minutes", "--meeting", "5", "--format", "eml"]);
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("jen pozvánku"));
    std::fs::write(&settings, "[paper]\nfunding_line = \n").unwrap();
    let refused = run(&["paper", "attendance-sheet", "--meeting", "5"]);
    assert!(!refused.status.success());
    let message = text(&refused.stderr);
    assert!(
        message.contains("settings.toml") && message.contains("řádek 2"),
        "{message}"
    );
    std::fs::write(&settings, "").unwrap();

    // The clerk's minutes go back into the meeting.
    let minutes = dir.path().join("zapis.md");
    std::fs::write(&minutes, "Schválen akční plán na rok 2019.\n").unwrap();
    let stored = run(&[
        "meeting",
        "minutes",
        "5",
        "--from",
        minutes.to_str().unwrap(),
    ]);
    assert!(stored.status.success(), "{}", text(&stored.stderr));
    let export = text(&run(&["export"]).stdout);
    assert!(export.contains("Schválen akční plán na rok 2019."));

    // Remind on a fixed today: each kind of due item.
    let remind = |today: &str| text(&run(&["remind", "--today", today, "--region", "10"]).stdout);
    let december = remind("10.12.2018");
    assert!(
        december.contains("17. 12. 2018 po  pozvánka neodeslána  5. jednání – ŘS Soběslav"),
        "{december}"
    );
    assert!(december.contains("bez docházky"), "{december}");
    assert!(
        december.starts_with("Ke zpracování (5 položek):"),
        "{december}"
    );
    // Marking the invitation sent takes it off the list.
    assert!(run(&["meeting", "invitation-sent", "5"]).status.success());
    let december = remind("10.12.2018");
    assert!(!december.contains("ŘS Soběslav"), "{december}");
    assert!(
        december.starts_with("Ke zpracování (4 položky):"),
        "{december}"
    );
    // A past meeting still planned.
    let planned = remind("1.12.2018");
    assert!(
        planned.contains("stále plánováno") || planned.contains("pozvánka"),
        "{planned}"
    );
    // Silence when nothing is due: no output, exit 0.
    let quiet = run(&["remind", "--today", "1.1.2030"]);
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty(), "{}", text(&quiet.stdout));
}
