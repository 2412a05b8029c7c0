//! Key sequences on the real `App` over the sample register: what a clerk does all day.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ctrl, key, sample_app, screen, typed};
use kpss::model::{Document, Kind, Organisation, Project, Region};
use kpss::store::StoreExt;
use ratatui::crossterm::event::KeyCode;

fn filter(app: &mut kpss::app::App, text: &str) {
    key(app, KeyCode::Char('/'));
    typed(app, text);
    key(app, KeyCode::Enter);
}

#[test]
fn filter_sobeslav_finds_soběslav() {
    let mut app = sample_app();
    filter(&mut app, "sobeslav");
    assert_eq!(app.list().len(), 1);
    let selected = app.list().selected_row().unwrap();
    assert_eq!(selected.title, "Soběslav");
    // Esc in the filter clears it again.
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list().len(), 17);
}

#[test]
fn create_a_project_with_two_goals_and_save() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('2'));
    let before = app.store().list_as::<Project>().unwrap().len();
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "Plánování sociálních služeb ORP Tábor");
    // name → region → registration number → programme → detail → recipient → partner →
    // start → end → goals
    for _ in 0..9 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "Udržet partnerství");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Zpracovat akční plán");
    ctrl(&mut app, 's');
    let projects = app.store().list_as::<Project>().unwrap();
    assert_eq!(projects.len(), before + 1, "{}", screen(&app, 80, 24));
    let created = projects
        .iter()
        .find(|p| p.record.name == "Plánování sociálních služeb ORP Tábor")
        .unwrap();
    assert_eq!(
        created.record.goals,
        vec![
            "Udržet partnerství".to_string(),
            "Zpracovat akční plán".to_string()
        ]
    );
    // The new project is selected in the list, and the status line says it was saved.
    assert_eq!(
        app.list().selected_row().unwrap().title,
        "Plánování sociálních služeb ORP Tábor"
    );
    assert!(screen(&app, 80, 24).contains("Uloženo"));
}

#[test]
fn edit_a_region_and_see_the_change_in_the_list() {
    let mut app = sample_app();
    filter(&mut app, "pisek");
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::End);
    typed(&mut app, " (ORP)");
    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(text.contains("Písek (ORP)"), "{text}");
    let regions = app.store().list_as::<Region>().unwrap();
    let pisek = regions
        .iter()
        .find(|r| r.record.name == "Písek (ORP)")
        .unwrap();
    assert_eq!(pisek.rev, 2);
}

#[test]
fn an_invalid_ico_is_refused_with_its_message_and_nothing_is_saved() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('5'));
    let before = app.store().list_as::<Organisation>().unwrap().len();
    key(&mut app, KeyCode::Char('N'));
    typed(&mut app, "Charita Tábor");
    key(&mut app, KeyCode::Tab); // kind
    key(&mut app, KeyCode::Tab); // IČO
    typed(&mut app, "12345678");
    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(text.contains("IČO: kontrolní číslice nesouhlasí"), "{text}");
    assert_eq!(app.store().list_as::<Organisation>().unwrap().len(), before);
    // Esc asks before throwing the typing away; n goes back to the form.
    key(&mut app, KeyCode::Esc);
    assert!(screen(&app, 80, 24).contains("Zahodit neuložené změny?"));
    key(&mut app, KeyCode::Char('n'));
    assert!(screen(&app, 80, 24).contains("Charita Tábor"));
}

#[test]
fn delete_with_confirmation_and_undo() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('7'));
    filter(&mut app, "statut");
    let title = app.list().selected_row().unwrap().title.clone();
    let before = app.store().list_as::<Document>().unwrap().len();
    key(&mut app, KeyCode::Char('d'));
    let question = screen(&app, 80, 24);
    assert!(title.starts_with("Statut (základní listina)"), "{title}");
    assert!(
        question.contains("Smazat dokument „Statut (základní listina)"),
        "{question}"
    );
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(app.store().list_as::<Document>().unwrap().len(), before - 1);
    assert!(screen(&app, 80, 24).contains("Smazáno"));
    key(&mut app, KeyCode::Char('u'));
    let documents = app.store().list_as::<Document>().unwrap();
    assert_eq!(documents.len(), before);
    assert!(documents.iter().any(|d| d.record.title == title));
}

#[test]
fn a_refused_delete_shows_what_points_to_the_record() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('3'));
    filter(&mut app, "ridici skupina sobeslav");
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('a'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Nelze smazat"), "{text}");
    assert!(text.contains("nelze smazat. Odkazuje"), "{text}");
    assert!(text.contains("a 9 dalších"), "{text}");
    assert!(app.store().list(Kind::Group).unwrap().len() >= 5);
}

#[test]
fn jump_to_a_related_record_and_back() {
    let mut app = sample_app();
    filter(&mut app, "sobeslav");
    key(&mut app, KeyCode::Right);
    let target = app.detail().unwrap().1.links[0].target;
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.list().selected_record(), Some(target));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.list().selected_row().unwrap().title, "Soběslav");
}
