//! Snapshots of every tab, the welcome, the help and a too-small terminal, at 80×24 with
//! the sample register and today fixed at 1. 6. 2018.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{app_on, key, sample_app, screen};
use kpss::model::Lang;
use kpss::store::EmbeddedStore;
use ratatui::crossterm::event::KeyCode;

#[test]
fn every_tab_at_80x24() {
    let mut app = sample_app();
    for (n, name) in [
        "regions",
        "projects",
        "groups",
        "calendar",
        "people",
        "services",
        "documents",
    ]
    .into_iter()
    .enumerate()
    {
        key(&mut app, KeyCode::Char(char::from(b'1' + n as u8)));
        insta::assert_snapshot!(format!("tab_{name}"), screen(&app, 80, 24));
    }
}

#[test]
fn soběslav_region_with_its_detail() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('/'));
    for c in "sobeslav".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn help_lists_the_bindings_of_the_screen() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('?'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Nápověda – klávesy"), "{text}");
    assert!(text.contains("nový"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn welcome_on_an_empty_database() {
    let app = app_on(EmbeddedStore::temporary("t").unwrap(), Lang::Cs);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn english_interface() {
    let app = app_on(common::sample_store(), Lang::En);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Regions"), "{text}");
    assert!(text.contains("Projects"), "{text}");
}

#[test]
fn any_size_renders_and_a_tiny_one_gets_a_notice() {
    let mut app = sample_app();
    for (w, h) in [(1, 1), (10, 3), (49, 24), (80, 11), (50, 12), (200, 60)] {
        for tab in '1'..='7' {
            key(&mut app, KeyCode::Char(tab));
            let text = screen(&app, w, h);
            if w >= 50 && h >= 12 {
                assert!(!text.contains("příliš malé"), "{w}x{h}");
            }
        }
    }
    assert!(screen(&app, 40, 10).contains("příliš"));
}

#[test]
fn a_form_takes_the_whole_body_and_f1_explains_its_keys() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('e'));
    let text = screen(&app, 80, 24);
    // Nothing of the list shows beside the form.
    assert!(!text.contains("┌┌"), "{text}");
    insta::assert_snapshot!("project_form_in_the_app", text);
    key(&mut app, KeyCode::F(1));
    let help = screen(&app, 80, 24);
    assert!(help.contains("Formulář") || help.contains("Form"), "{help}");
    assert!(help.contains("Ctrl-S"), "{help}");
    key(&mut app, KeyCode::Esc);
    assert!(screen(&app, 80, 24).contains("Registrační číslo"));
}
