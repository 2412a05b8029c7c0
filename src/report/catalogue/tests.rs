//! The catalogue built from a small register: grouping, Czech order, indexes.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::*;
use crate::model::{Address, Capacity, CapacityUnit, ServiceForm};

pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Three providers, five services (one for two target groups, one related, one ended).
pub(crate) fn sample() -> Catalogue {
    let org = |id: Id, name: &str| Organisation {
        id,
        name: name.into(),
        ..Organisation::default()
    };
    let providers: HashMap<Id, Organisation> = [
        org(1, "Senior – dům Soběslav"),
        org(2, "TEP, centrum sociálních služeb"),
        org(3, "Charita <Tábor>"),
    ]
    .into_iter()
    .map(|o| (o.id, o))
    .collect();
    let people: HashMap<Id, String> = [(7, "Mgr. Jana Nováková".to_string())].into();
    let regions: HashMap<Id, String> = [(10, "Soběslav".to_string())].into();
    let services = vec![
        Service {
            id: 1,
            name: "Pečovatelská služba Soběslav".into(),
            provider: 1,
            service_type: Some(ServiceType::HomeCare),
            identifier: "1234567".into(),
            forms: vec![ServiceForm::Outreach],
            target_groups: vec![TargetGroup::Seniors, TargetGroup::Disabled],
            regions: vec![10],
            municipalities: vec!["Soběslav".into(), "Chlebov".into()],
            capacities: vec![Capacity {
                form: ServiceForm::Outreach,
                amount: 15,
                unit: CapacityUnit::Clients,
                immediate: true,
            }],
            hours: "Po–Pá 7:00–15:30".into(),
            contact_person: Some(7),
            phone: "+420 700 000 001".into(),
            in_network: true,
            ..Service::default()
        },
        Service {
            id: 2,
            name: "Domov pro seniory Soběslav".into(),
            provider: 1,
            service_type: Some(ServiceType::HomesForSeniors),
            forms: vec![ServiceForm::Residential],
            target_groups: vec![TargetGroup::Seniors],
            regions: vec![10],
            municipalities: vec!["Soběslav".into()],
            places: vec![Address {
                street: "Na Pražské 1".into(),
                psc: "392 01".into(),
                city: "Soběslav".into(),
            }],
            capacities: vec![Capacity {
                form: ServiceForm::Residential,
                amount: 60,
                unit: CapacityUnit::Beds,
                immediate: false,
            }],
            ..Service::default()
        },
        Service {
            id: 3,
            name: "Čajovna <pro> seniory & přátele".into(),
            provider: 3,
            registered: false,
            target_groups: vec![TargetGroup::Seniors],
            municipalities: vec!["Čekanice".into()],
            ..Service::default()
        },
        Service {
            id: 4,
            name: "Denní stacionář TEP".into(),
            provider: 2,
            service_type: Some(ServiceType::DayCareCentres),
            forms: vec![ServiceForm::Outpatient],
            target_groups: vec![TargetGroup::Disabled],
            municipalities: vec!["Veselí nad Lužnicí".into(), "Hlavatce".into()],
            ..Service::default()
        },
        Service {
            id: 5,
            name: "Ukončená služba".into(),
            provider: 2,
            service_type: Some(ServiceType::HomeCare),
            valid_until: Some(day(2018, 12, 31)),
            ..Service::default()
        },
    ];
    let lookup = Lookup {
        providers: &providers,
        people: &people,
        regions: &regions,
    };
    catalogue("ORP Soběslav", day(2019, 6, 1), services, &lookup)
}

#[test]
fn cards_are_grouped_by_first_target_group_then_type() {
    let c = sample();
    let names = |idx: &[usize]| -> Vec<String> {
        idx.iter()
            .map(|&i| c.cards[i].service.name.clone())
            .collect()
    };
    assert_eq!(c.cards.len(), 4, "the ended service is left out");
    assert_eq!(c.groups.len(), 2);
    let seniors = &c.groups[0];
    assert_eq!(seniors.target_group, Some(TargetGroup::Seniors));
    let types: Vec<Option<ServiceType>> = seniors.types.iter().map(|t| t.service_type).collect();
    assert_eq!(
        types,
        vec![
            Some(ServiceType::HomeCare),
            Some(ServiceType::HomesForSeniors),
            None
        ]
    );
    assert_eq!(
        names(&seniors.types[0].cards),
        ["Pečovatelská služba Soběslav"]
    );
    assert!(seniors.see_also.is_empty());
    let disabled = &c.groups[1];
    assert_eq!(names(&disabled.types[0].cards), ["Denní stacionář TEP"]);
    assert_eq!(names(&disabled.see_also), ["Pečovatelská služba Soběslav"]);
}

#[test]
fn indexes_follow_czech_collation() {
    let c = sample();
    let providers: Vec<&str> = c.providers.iter().map(|(n, _)| n.as_str()).collect();
    // "Ch" is a letter of its own, after "H" and before "I".
    assert_eq!(
        providers,
        [
            "Charita <Tábor>",
            "Senior – dům Soběslav",
            "TEP, centrum sociálních služeb"
        ]
    );
    let towns: Vec<&str> = c.municipalities.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        towns,
        [
            "Čekanice",
            "Hlavatce",
            "Chlebov",
            "Soběslav",
            "Veselí nad Lužnicí"
        ]
    );
    let soběslav: Vec<&str> = c.municipalities[3]
        .1
        .iter()
        .map(|&i| c.cards[i].service.name.as_str())
        .collect();
    assert_eq!(
        soběslav,
        ["Domov pro seniory Soběslav", "Pečovatelská služba Soběslav"]
    );
}

#[test]
fn a_card_says_who_what_for_whom_where_how_much_and_when() {
    let c = sample();
    let card = c.cards.iter().find(|card| card.service.id == 1).unwrap();
    let fields: Vec<(&str, String)> = card_fields(card, Lang::Cs);
    let labels: Vec<&str> = fields.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        labels,
        [
            "Poskytovatel",
            "Druh služby",
            "Identifikátor",
            "Forma",
            "Pro koho",
            "Kde působí",
            "Kapacita",
            "Provozní doba",
            "Kontakt",
            "Síť"
        ]
    );
    assert_eq!(fields[5].1, "ORP Soběslav, Soběslav, Chlebov");
    assert_eq!(fields[6].1, "terénní: 15 klientů (okamžitá kapacita)");
    assert_eq!(fields[8].1, "Mgr. Jana Nováková, +420 700 000 001");
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("catalogue_cs", markdown(&sample(), Lang::Cs));
}

#[test]
fn markdown_escapes_what_it_quotes() {
    let md = markdown(&sample(), Lang::Cs);
    assert!(md.contains("Čajovna \\<pro\\> seniory & přátele"), "{md}");
    assert!(!md.contains("<pro>"));
}

/// Reads the HTML with an HTML parser: one `<article>` per service with its id, every id
/// once, every internal link pointing at an id that exists, the text escaped.
#[test]
fn html_has_every_card_unique_ids_and_links_that_resolve() {
    use scraper::{Html, Selector};
    let c = sample();
    let text = html(&c, Lang::Cs);
    let doc = Html::parse_document(&text);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let articles: Vec<String> = doc
        .select(&sel("main article.card"))
        .map(|a| a.value().id().unwrap().to_string())
        .collect();
    let mut expected: Vec<String> = c.cards.iter().map(Card::anchor).collect();
    let mut sorted = articles.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    let ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().id())
        .collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    let links: Vec<&str> = doc
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(links.len() > 10);
    for href in links {
        let target = href.strip_prefix('#').unwrap_or_else(|| panic!("{href}"));
        assert!(unique.contains(target), "{href}");
    }
    // A table of contents, a title page and print rules; nothing from outside.
    assert_eq!(
        doc.select(&sel("nav a[href]")).count(),
        c.cards.len() + 2 + 2
    );
    assert!(text.contains("@media print"));
    assert!(doc.select(&sel("script, link, img")).next().is_none());
    let names: Vec<String> = doc
        .select(&sel("article h4"))
        .map(|h| h.text().collect())
        .collect();
    assert!(names.contains(&"Čajovna <pro> seniory & přátele".to_string()));
    let lang = doc.select(&sel("html")).next().unwrap();
    assert_eq!(lang.value().attr("lang"), Some("cs"));
}

/// Unzips the .docx and reads `word/document.xml`: a heading per card, bookmarks for
/// the links, the page footer with PAGE and NUMPAGES fields, an A4 page.
#[test]
fn docx_opens_as_a_zip_with_every_card() {
    use std::io::Read;
    let c = sample();
    let bytes = docx(&c, Lang::Cs).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let document = read("word/document.xml");
    for card in &c.cards {
        let name = card
            .service
            .name
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(document.contains(&name), "{name}");
        assert!(
            document.contains(&format!("w:name=\"{}\"", card.anchor())),
            "{}",
            card.anchor()
        );
    }
    // The table of contents and the cross-references are links to bookmarks.
    for g in &c.groups {
        assert!(document.contains(&format!("w:anchor=\"{}\"", g.anchor())));
    }
    assert!(document.contains("w:anchor=\"sluzba-1\""));
    assert!(document.contains("w:anchor=\"rejstrik-obci\""));
    assert!(document.contains("w:w=\"11906\"") && document.contains("w:h=\"16838\""));
    assert!(document.contains("Katalog poskytovatelů sociálních a návazných služeb"));
    let footer = read("word/footer1.xml");
    assert!(
        footer.contains("PAGE") && footer.contains("NUMPAGES"),
        "{footer}"
    );
    assert!(footer.contains("Strana "));
    let styles = read("word/styles.xml");
    assert!(styles.contains("Heading4"));
}

/// The catalogue is written by the shared DOCX module: its core properties carry the
/// title and the language, its parts are compressed, and a card's table has no header
/// row (only the indexes' tables do).
#[test]
fn docx_has_title_language_and_compressed_parts() {
    let c = sample();
    let bytes = docx(&c, Lang::Cs).unwrap();
    let core = crate::report::docx::part(&bytes, "docProps/core.xml");
    let title = format!(
        "<dc:title>Katalog poskytovatelů sociálních a návazných služeb – {}</dc:title>",
        c.title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    );
    assert!(core.contains(&title), "{core}");
    assert!(core.contains("<dc:language>cs-CZ</dc:language>"), "{core}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let document = zip.by_name("word/document.xml").unwrap();
    assert_eq!(document.compression(), zip::CompressionMethod::Deflated);
    drop(document);
    let document = crate::report::docx::part(&bytes, "word/document.xml");
    // Two indexes, each with a header row; the cards' tables have none.
    assert!(c.cards.len() > 2);
    assert_eq!(document.matches("<w:tblHeader />").count(), 2);
}
