//! The provider list import: encodings, separators, errors by row and column, matching.

use super::*;
use crate::model::{Kind, Versioned};
use crate::store::{EmbeddedStore, Store, StoreExt};

const HEADER: &str = "IČO;Poskytovatel;Služba;Druh;Identifikátor;Forma;Kapacita;Jednotka;Cílové skupiny;Adresa;Obce;Telefon;E-mail;Web";

fn file(rows: &[&str]) -> String {
    let mut text = HEADER.to_string();
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    text
}

const HOME_CARE: &str = "00000019;Charita Veselí;Pečovatelská služba Veselí;§ 40;1234567;terénní;12;klienti okamžitá;senioři, osoby se zdravotním postižením;Nám. T. G. Masaryka 1, 391 81 Veselí nad Lužnicí;Veselí nad Lužnicí;;;";
const DAY_CARE: &str = "00000027;Stacionář Soběslav;Denní stacionář;denní stacionáře;7654321;ambulantní;10;klientů okamžitá kapacita;senioři;;Soběslav;+420 700 000 001;info@example.cz;https://example.cz";
const SELF_HELP: &str = "00000027;Stacionář Soběslav;Svépomocná skupina;;;;;;senioři;;Soběslav;;;";

/// A store with the sample register (ORP Soběslav lists Veselí among its towns? no:
/// found by name) and the register as the planner sees it.
fn store() -> EmbeddedStore {
    let store = EmbeddedStore::temporary("referentka").unwrap();
    store
        .import(&crate::sample::sample_register().unwrap())
        .unwrap();
    store
}

fn plan_on(store: &EmbeddedStore, bytes: &[u8]) -> Result<Plan, Vec<RowError>> {
    let organisations = store.list_as::<Organisation>().unwrap();
    let services = store.list_as::<Service>().unwrap();
    let regions: Vec<Region> = store
        .list_as::<Region>()
        .unwrap()
        .into_iter()
        .map(|v| v.record)
        .collect();
    plan(
        bytes,
        &Existing {
            organisations: &organisations,
            services: &services,
            regions: &regions,
        },
        Lang::Cs,
    )
}

fn imported(store: &EmbeddedStore, name: &str) -> Versioned<Service> {
    store
        .list_as::<Service>()
        .unwrap()
        .into_iter()
        .find(|v| v.record.name == name)
        .unwrap()
}

#[test]
fn a_utf8_file_with_semicolons_creates_providers_and_services() {
    let store = store();
    let before = store.list(Kind::Service).unwrap().len();
    let text = file(&[HOME_CARE, DAY_CARE, SELF_HELP]);
    let p = plan_on(&store, text.as_bytes()).unwrap();
    assert_eq!(
        (p.new_providers, p.new_services, p.updated_services),
        (2, 3, 0)
    );
    assert_eq!(p.lines[0], "+ poskytovatel „Charita Veselí“ (IČO 00000019)");
    store.apply(p.set).unwrap();
    assert_eq!(store.list(Kind::Service).unwrap().len(), before + 3);
    let s = imported(&store, "Pečovatelská služba Veselí").record;
    assert_eq!(s.service_type, Some(ServiceType::HomeCare));
    assert_eq!(s.forms, vec![ServiceForm::Outreach]);
    assert_eq!(
        s.capacities,
        vec![Capacity {
            form: ServiceForm::Outreach,
            amount: 12,
            unit: CapacityUnit::Clients,
            immediate: true
        }]
    );
    assert_eq!(s.places[0].psc, "391 81");
    let provider = store.get_as::<Organisation>(s.provider).unwrap().unwrap();
    assert_eq!(provider.record.ico, "00000019");
    assert_eq!(provider.record.kind, Some(OrgKind::Provider));
    // ORPs found by the municipalities' names: Soběslav is an ORP of the sample.
    let day = imported(&store, "Denní stacionář").record;
    assert_eq!(day.regions, vec![10]);
    assert_eq!(day.service_type, Some(ServiceType::DayCareCentres));
    let related = imported(&store, "Svépomocná skupina").record;
    assert!(!related.registered);
    assert_eq!(related.provider, day.provider, "one provider for one IČO");
}

#[test]
fn a_windows_1250_file_with_commas_reads_the_same() {
    let store = store();
    let utf8 = file(&[HOME_CARE, DAY_CARE]);
    let with_commas: String = utf8
        .lines()
        .map(|l| {
            l.split(';')
                .map(|c| match c.contains(',') {
                    true => format!("\"{c}\""),
                    false => c.to_string(),
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1250.encode(&with_commas);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    assert_eq!(separator(&decode(&bytes)), b',');
    let a = plan_on(&store, utf8.as_bytes()).unwrap();
    let b = plan_on(&store, &bytes).unwrap();
    assert_eq!(a.set, b.set);
    assert_eq!(a.lines, b.lines);
    assert_eq!(decode("Soběslav".as_bytes()), "Soběslav");
    assert_eq!(decode(b"\xEF\xBB\xBFIC"), "IC");
}

#[test]
fn errors_name_the_row_and_the_column_and_nothing_is_planned() {
    let store = store();
    let text = file(&[
        HOME_CARE,
        "12345678;X;Služba A;§ 38;123;vzdušná;5;kusy;důchodci;;;;;",
        "00000035;Y;;§ 49;;terénní;3;lůžka;senioři;;;;;",
        "00000035;Y;Domov;§ 49;7777777;pobytová;60;lůžek;senioři;;;;;",
        "00000035;Y;Domov 2;§ 49;7777777;pobytová;60;lůžek;senioři;;;;;",
    ]);
    let errors = plan_on(&store, text.as_bytes()).unwrap_err();
    let said: Vec<String> = errors.iter().map(|e| e.message(Lang::Cs)).collect();
    let at: Vec<(usize, Option<&str>)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_deref()))
        .collect();
    assert_eq!(
        at,
        vec![
            (3, Some("IČO")),
            (3, Some("Druh")),
            (3, Some("Forma")),
            (3, Some("Cílové skupiny")),
            (3, Some("Jednotka")),
            (4, Some("Služba")),
            (4, Some("Forma")),
            (4, Some("Kapacita")),
            (6, Some("Identifikátor")),
        ],
        "{said:#?}"
    );
    assert_eq!(
        said[1],
        "řádek 3, sloupec „Druh“: „§ 38“ není druh sociální služby (např. § 40 nebo pečovatelská služba)"
    );
    assert!(
        said[8].contains("identifikátor 7777777 už je na řádku 5"),
        "{}",
        said[8]
    );
    // A header without the required columns is refused at row 1.
    let errors = plan_on(&store, b"Nazev;Obec\nA;B\n").unwrap_err();
    assert_eq!(errors.len(), 2);
    assert!(errors.iter().all(|e| e.row == 1));
}

#[test]
fn a_bad_identifier_is_named_by_its_column() {
    let store = store();
    let row = HOME_CARE.replace(";1234567;", ";123456;");
    let errors = plan_on(&store, file(&[&row]).as_bytes()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message(Lang::Cs),
        "řádek 2, sloupec „Identifikátor“: Identifikátor služby: identifikátor z registru poskytovatelů má přesně 7 číslic"
    );
}

#[test]
fn a_second_import_updates_and_does_not_duplicate() {
    let store = store();
    let first = plan_on(&store, file(&[HOME_CARE, SELF_HELP]).as_bytes()).unwrap();
    store.apply(first.set).unwrap();
    let count = store.list(Kind::Service).unwrap().len();
    let providers = store.list(Kind::Organisation).unwrap().len();
    // The clerk adds the hours in kpss; the file does not speak of them.
    let stored = imported(&store, "Pečovatelská služba Veselí");
    let mut edited = stored.record.clone();
    edited.hours = "Po–Pá 7–15".into();
    store.update_as(stored.rev, edited).unwrap();
    let again = plan_on(&store, file(&[HOME_CARE, SELF_HELP]).as_bytes()).unwrap();
    assert!(again.set.is_empty(), "{:?}", again.lines);
    assert_eq!(again.unchanged_services, 2);
    let changed = HOME_CARE.replace(";12;", ";14;");
    let update = plan_on(&store, file(&[&changed, SELF_HELP]).as_bytes()).unwrap();
    assert_eq!((update.new_services, update.updated_services), (0, 1));
    assert_eq!(
        update.lines,
        [
            "~ služba „Pečovatelská služba Veselí“: Kapacita: terénní: 12 klientů, okamžitá kapacita → terénní: 14 klientů, okamžitá kapacita"
        ]
    );
    store.apply(update.set).unwrap();
    assert_eq!(store.list(Kind::Service).unwrap().len(), count);
    assert_eq!(store.list(Kind::Organisation).unwrap().len(), providers);
    let now = imported(&store, "Pečovatelská služba Veselí").record;
    assert_eq!(now.capacities[0].amount, 14);
    assert_eq!(now.hours, "Po–Pá 7–15");
}

#[test]
fn the_separator_is_sniffed_from_the_header() {
    assert_eq!(separator("IČO;Služba;Obce"), b';');
    assert_eq!(separator("IČO,Služba,Obce"), b',');
    assert_eq!(separator("\"IČO;x\",Služba,Obce"), b',');
    assert_eq!(separator("IČO"), b';');
}
