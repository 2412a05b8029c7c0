//! The plan's documents: the strategic part (Markdown snapshot, DOCX read back from its
//! document.xml) and the evaluation of the 2020 action plan (Markdown snapshot, CSV, XLSX
//! read back with calamine), from the sample register, embedded and through the server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use common::{kpss, sample_store};
use kpss::model::Lang;
use kpss::report::plan::read::{MonitoringFormat, PlanFormat, monitoring_document, plan_document};

fn unzip(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn the_strategic_part_in_markdown() {
    let store = sample_store();
    let md =
        String::from_utf8(plan_document(&store, 1, PlanFormat::Md, Lang::Cs).unwrap()).unwrap();
    insta::assert_snapshot!("strategic_part_strakonice_md", md);
}

#[test]
fn the_evaluation_of_2020_in_markdown() {
    let store = sample_store();
    let md = String::from_utf8(
        monitoring_document(&store, 1, 2020, MonitoringFormat::Md, Lang::Cs).unwrap(),
    )
    .unwrap();
    insta::assert_snapshot!("monitoring_2020_strakonice_md", md);
}

#[test]
fn the_docx_holds_every_priority_and_measure_on_a4_with_page_numbers() {
    let store = sample_store();
    let bytes = plan_document(&store, 1, PlanFormat::Docx, Lang::Cs).unwrap();
    let document = unzip(&bytes, "word/document.xml");
    let register = kpss::sample::sample_register().unwrap();
    for p in &register.priorities {
        assert!(
            document.contains(&format!("Priorita {} {}", p.number, p.title)),
            "{}",
            p.title
        );
    }
    for m in &register.measures {
        assert!(document.contains(&m.title), "{}", m.title);
    }
    for a in &register.activities {
        assert!(document.contains(&a.title), "{}", a.title);
    }
    // Indicator and cost tables, money grouped the Czech way.
    assert!(document.contains("<w:tbl>"));
    assert!(document.contains("počet hodin přímé péče"));
    assert!(document.contains("11 250 000"));
    // A4 with margins.
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "{document}"
    );
    // The footer says "Strana x z y" with fields Word and LibreOffice fill in.
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let footers: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with("word/footer"))
        .collect();
    assert_eq!(footers.len(), 1, "{footers:?}");
    let mut footer = String::new();
    archive
        .by_name(&footers[0])
        .unwrap()
        .read_to_string(&mut footer)
        .unwrap();
    assert!(footer.contains("Strana "), "{footer}");
    assert!(footer.contains("PAGE"), "{footer}");
    assert!(footer.contains("NUMPAGES"), "{footer}");
}

/// The paragraph of `document` that holds `text`, from its `<w:p …>` to its `</w:p>`.
fn paragraph_with<'a>(document: &'a str, text: &str) -> &'a str {
    let at = document.find(text).expect(text);
    let start = document[..at].rfind("<w:p ").expect("<w:p");
    let end = at + document[at..].find("</w:p>").expect("</w:p>");
    &document[start..end]
}

#[test]
fn the_docx_has_its_title_and_czech_language_and_numbers_aligned_right() {
    let store = sample_store();
    let bytes = plan_document(&store, 1, PlanFormat::Docx, Lang::Cs).unwrap();
    let register = kpss::sample::sample_register().unwrap();
    let core = unzip(&bytes, "docProps/core.xml");
    assert!(
        core.contains(&format!("<dc:title>{}</dc:title>", register.plans[0].title)),
        "{core}"
    );
    assert!(core.contains("<dc:language>cs-CZ</dc:language>"), "{core}");
    // Title and language are where Word looks for them, not custom properties.
    let custom = unzip(&bytes, "docProps/custom.xml");
    assert!(!custom.contains("language"), "{custom}");
    // Amounts and indicator values right, names left.
    let document = unzip(&bytes, "word/document.xml");
    let right = r#"<w:jc w:val="right" />"#;
    let amount = paragraph_with(&document, "11 250 000");
    assert!(amount.contains(right), "{amount}");
    let name = paragraph_with(&document, "počet hodin přímé péče");
    assert!(!name.contains(right), "{name}");
    let header = paragraph_with(&document, "Cílová hodnota");
    assert!(header.contains(right), "{header}");
}

#[test]
fn the_workbook_has_a_sheet_per_priority_with_real_numbers() {
    let store = sample_store();
    let bytes = monitoring_document(&store, 1, 2020, MonitoringFormat::Xlsx, Lang::Cs).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "Souhrn",
            "1 Senioři",
            // A sheet's name holds at most 31 characters.
            "2 Osoby se zdravotním postižení",
            "3 Rodiny s dětmi, děti a mládež",
            "4 Informovanost a spolupráce"
        ]
    );
    let summary = book.worksheet_range("Souhrn").unwrap();
    assert_eq!(
        summary.get_value((2, 0)),
        Some(&Data::String("Priorita".into()))
    );
    // The total row: 6 activities, 90 % as a fraction, money as numbers.
    let total = summary
        .rows()
        .find(|r| r.first() == Some(&Data::String("Celkem".into())))
        .unwrap();
    assert_eq!(total[1], Data::Float(6.0));
    assert_eq!(total[2], Data::Float(0.9));
    assert_eq!(total[3], Data::Float(2_320_000.0));
    assert_eq!(total[4], Data::Float(2_089_000.0));
    let seniors = book.worksheet_range("1 Senioři").unwrap();
    let header: Vec<&Data> = seniors.rows().next().unwrap().iter().collect();
    assert_eq!(header[1], &Data::String("Aktivita".into()));
    let first = seniors.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::String("1.1.1".into()));
    assert_eq!(first[2], Data::String("splněno".into()));
    assert_eq!(first[3], Data::Float(1.0));
    assert_eq!(first[4], Data::Float(1_200_000.0));
    assert_eq!(first[5], Data::Float(1_185_000.0));
    // The indicators: target and reached as numbers.
    let reached = seniors
        .rows()
        .find(|r| r.get(1) == Some(&Data::String("počet klientů".into())))
        .unwrap();
    assert_eq!(reached[4], Data::Float(200.0));
    assert_eq!(reached[5], Data::Float(186.0));
    // Formats: thousands and per cent, header bold, in the styles part.
    let bytes = monitoring_document(&store, 1, 2020, MonitoringFormat::Xlsx, Lang::Cs).unwrap();
    let styles = unzip(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0 %""#), "{styles}");
    assert!(styles.contains("<b/>"), "{styles}");
    assert!(
        styles.contains(r#"numFmtId="3""#) || styles.contains("#,##0"),
        "{styles}"
    );
}

#[test]
fn the_csv_has_a_row_per_activity_and_totals() {
    let store = sample_store();
    let bytes = monitoring_document(&store, 1, 2020, MonitoringFormat::Csv, Lang::Cs).unwrap();
    assert!(bytes.starts_with(kpss::report::BOM));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    // Header, 6 activities, 4 priority totals, 1 total.
    assert_eq!(lines.len(), 12, "{text}");
    assert!(lines[1].starts_with("1;1.1;1.1.1;Financování pečovatelské služby z rozpočtu města;splněno;100;1200000;1185000;"), "{}", lines[1]);
    assert_eq!(lines[11], ";;;celkem;;90;2320000;2089000;");
}

#[test]
fn a_year_without_an_action_plan_and_an_unknown_plan_are_said_plainly() {
    let store = sample_store();
    assert_eq!(
        monitoring_document(&store, 1, 2021, MonitoringFormat::Md, Lang::Cs).unwrap_err(),
        "plán č. 1 nemá akční plán na rok 2021"
    );
    assert_eq!(
        plan_document(&store, 9, PlanFormat::Md, Lang::Cs).unwrap_err(),
        "plán č. 9 v rejstříku není"
    );
}

#[test]
fn the_commands_write_the_same_embedded_and_through_the_shared_server() {
    use kpss::daemon::{Daemon, Roles, ServeConfig, default_socket};
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let db = root.path().join("kpss");
    assert!(kpss(&db, &["init", "--sample"]).status.success());
    let embedded = kpss(
        &db,
        &["report", "monitoring", "--plan", "1", "--year", "2020"],
    );
    assert!(embedded.status.success(), "{embedded:?}");
    let plan_md = kpss(&db, &["report", "plan", "--plan", "1"]);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o700)).unwrap();
    let me = nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name;
    let daemon = Daemon::start(ServeConfig {
        dir: db.clone(),
        socket: default_socket(&db),
        group: None,
        roles: Roles::without_file(&me),
    })
    .unwrap();
    let shared = kpss(
        &db,
        &["report", "monitoring", "--plan", "1", "--year", "2020"],
    );
    assert!(shared.status.success(), "{shared:?}");
    assert_eq!(shared.stdout, embedded.stdout);
    assert_eq!(
        kpss(&db, &["report", "plan", "--plan", "1"]).stdout,
        plan_md.stdout
    );
    let xlsx = root.path().join("monitoring.xlsx");
    let out = kpss(
        &db,
        &[
            "report",
            "monitoring",
            "--plan",
            "1",
            "--year",
            "2020",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names().len(), 5);
    daemon.shutdown().unwrap();
}
