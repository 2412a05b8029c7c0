//! The Služby tab at 80×24 over the sample register: the list, a service's detail, the
//! provider's detail listing its services, creating a service by keys, and filtering by
//! target group.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ctrl, key, sample_app, screen, typed};
use kpss::model::{Kind, Service, ServiceForm, ServiceType, TargetGroup};
use kpss::store::StoreExt;
use ratatui::crossterm::event::KeyCode;

fn filter(app: &mut kpss::app::App, text: &str) {
    key(app, KeyCode::Char('/'));
    typed(app, text);
    key(app, KeyCode::Enter);
}

#[test]
fn the_services_tab_lists_every_service() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('6'));
    let shown = screen(&app, 80, 24);
    insta::assert_snapshot!("tab_services", shown);
    assert_eq!(app.list().len(), 5);
    // The tab bar still fits 80 columns with every tab named (and room for one more).
    let bar = shown.lines().next().unwrap();
    assert!(bar.trim_end().chars().count() <= 80 - 9, "{bar}");
    for name in ["ORP", "Kalendář", "6 Služby", "7 Dok."] {
        assert!(bar.contains(name), "{bar}");
    }
}

#[test]
fn a_service_s_detail_shows_what_it_offers() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('6'));
    filter(&mut app, "domov pro seniory");
    assert_eq!(app.list().len(), 1);
    let shown = screen(&app, 80, 24);
    insta::assert_snapshot!("service_detail", shown);
    assert!(shown.contains("§ 49 domovy pro seniory"), "{shown}");
    assert!(shown.contains("pobytová: 60 lůžek"), "{shown}");
}

#[test]
fn filtering_by_target_group_keeps_the_services_for_it() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('6'));
    filter(&mut app, "zdravotnim postizenim");
    let titles: Vec<String> = (0..app.list().len())
        .map(|_| {
            let t = app.list().selected_row().unwrap().title.clone();
            key(&mut app, KeyCode::Down);
            t
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Denní stacionář TEP",
            "Pečovatelská služba Soběslav",
            "Pečovatelská služba TEP"
        ]
    );
    // Every service the filter keeps is for that target group.
    let services = app.store().list_as::<Service>().unwrap();
    for title in &titles {
        let s = services.iter().find(|s| &s.record.name == title).unwrap();
        assert!(s.record.target_groups.contains(&TargetGroup::Disabled));
    }
    // "v síti" finds the services in the kraj's network: the related one is not.
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Esc);
    filter(&mut app, "v siti");
    assert_eq!(app.list().len(), 4);
}

#[test]
fn create_a_service_by_keys() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('6'));
    let before = app.store().list(Kind::Service).unwrap().len();
    key(&mut app, KeyCode::Char('n'));
    assert!(screen(&app, 80, 24).contains("Nová služba"));
    typed(&mut app, "Osobní asistence TEP");
    // name → provider, picked by typing part of its name
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "TEP");
    key(&mut app, KeyCode::Enter);
    // → registration (registered) → § type: § 37, § 39
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    // → identifier → forms
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "1234567");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "terénní");
    // → target groups
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "osoby se zdravotním postižením");
    // → municipalities → places → capacity
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "Veselí nad Lužnicí");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "terénní: 4 klienti okamžitě");
    ctrl(&mut app, 's');
    let services = app.store().list_as::<Service>().unwrap();
    assert_eq!(services.len(), before + 1, "{}", screen(&app, 80, 24));
    let s = services
        .iter()
        .find(|s| s.record.name == "Osobní asistence TEP")
        .unwrap()
        .record
        .clone();
    assert_eq!(s.service_type, Some(ServiceType::PersonalAssistance));
    assert_eq!(s.provider, 15);
    assert_eq!(s.identifier, "1234567");
    assert_eq!(s.forms, vec![ServiceForm::Outreach]);
    assert_eq!(s.target_groups, vec![TargetGroup::Disabled]);
    assert_eq!(s.capacities[0].amount, 4);
    assert!(s.capacities[0].immediate);
    assert!(screen(&app, 80, 24).contains("Uloženo"));
    // The provider's detail lists it among its services.
    key(&mut app, KeyCode::Char('5'));
    filter(&mut app, "TEP, centrum");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Služby"), "{shown}");
    assert!(shown.contains("Osobní asistence TEP"), "{shown}");
}

#[test]
fn a_form_refuses_beds_for_outreach() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('6'));
    let before = app.store().list(Kind::Service).unwrap().len();
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "Chybná služba");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "TEP");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "terénní");
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "terénní: 4 lůžka");
    ctrl(&mut app, 's');
    assert_eq!(app.store().list(Kind::Service).unwrap().len(), before);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("lůžk"), "{shown}");
}

/// The region's detail carries the network map: a bar per target group, scaled to the
/// group with most services, and the same figures as `kpss report capacity`.
#[test]
fn the_region_detail_shows_the_network_map_with_bars() {
    use kpss::app::Theme;
    use kpss::app::detail;
    use kpss::model::{Record, RecordRef};
    use kpss::store::Store;
    let store = common::sample_store();
    let region = store
        .get(RecordRef::new(Kind::Region, 10))
        .unwrap()
        .unwrap();
    assert!(matches!(&region.record, Record::Region(r) if r.name == "Soběslav"));
    let shown = detail::build(
        &store,
        &region,
        kpss::model::Lang::Cs,
        common::today(),
        &Theme::plain(),
    )
    .unwrap()
    .lines
    .iter()
    .map(|l| {
        l.spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect::<String>()
    })
    .collect::<Vec<_>>();
    let start = shown
        .iter()
        .position(|l| l.starts_with("Mapa sítě služeb k 1. 6. 2018"))
        .unwrap_or_else(|| panic!("{shown:#?}"));
    let map: Vec<&str> = shown[start + 1..start + 12]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        map,
        [
            "senioři",
            "████████████████ 4 služby  60 lůžek · 39 klientů (okamžitá kapacita)",
            "  § 40 pečovatelská služba, ambulantní: 1 · 2 klienti (okamžitá kapacita)",
            "  § 40 pečovatelská služba, terénní: 2 · 27 klientů (okamžitá kapacita)",
            "  § 46 denní stacionáře, ambulantní: 1 · 10 klientů (okamžitá kapacita)",
            "  § 49 domovy pro seniory, pobytová: 1 · 60 lůžek",
            "osoby se zdravotním postižením",
            "████████████ 3 služby  39 klientů (okamžitá kapacita)",
            "  § 40 pečovatelská služba, ambulantní: 1 · 2 klienti (okamžitá kapacita)",
            "  § 40 pečovatelská služba, terénní: 2 · 27 klientů (okamžitá kapacita)",
            "  § 46 denní stacionáře, ambulantní: 1 · 10 klientů (okamžitá kapacita)",
        ]
    );
}
