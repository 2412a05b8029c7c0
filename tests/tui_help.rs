//! The help: on every screen a key has one meaning, and the form's help explains how its
//! kinds of field are edited.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ctrl, key, sample_app, screen};
use kpss::app::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The keys the help lists, each with the sections and descriptions it is listed under,
/// leaving out the form's explanation of its fields (a choice's ←/→ and a row's ←/→ are
/// the same key on different fields).
fn listed(app: &App) -> Vec<(String, String)> {
    let text = screen(app, 100, 200);
    let mut out = Vec::new();
    let mut explaining = false;
    for line in text.lines() {
        let inner = line.trim_start_matches('│').trim_end_matches('│');
        if !inner.starts_with("  ") {
            explaining = inner.trim() == "Pole formuláře";
            continue;
        }
        if explaining {
            continue;
        }
        let (keys, what) =
            inner.split_at(inner.char_indices().nth(20).map_or(inner.len(), |(i, _)| i));
        for k in keys.split_whitespace() {
            out.push((k.to_string(), what.trim().to_string()));
        }
    }
    out
}

fn assert_one_meaning(app: &App, screen_name: &str) {
    let keys = listed(app);
    assert!(keys.len() > 5, "{screen_name}: {keys:?}");
    for (i, (k, what)) in keys.iter().enumerate() {
        if let Some((_, other)) = keys[i + 1..].iter().find(|(o, _)| o == k) {
            panic!("{screen_name}: {k} means both „{what}“ and „{other}“");
        }
    }
}

#[test]
fn on_every_screen_a_key_has_one_meaning() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('?'));
    assert_one_meaning(&app, "list");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('?'));
    let help = screen(&app, 100, 200);
    assert!(help.contains("Kalendář"), "{help}");
    assert_one_meaning(&app, "calendar");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('?'));
    assert_one_meaning(&app, "detail");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Char('e'));
    app.handle_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    assert_one_meaning(&app, "form");
    let help = screen(&app, 100, 200);
    assert!(help.contains("Pole formuláře"), "{help}");
    assert!(help.contains("nový řádek"), "{help}");
    assert!(help.contains("docházka"), "{help}");
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'c');
}

#[test]
fn the_calendar_s_g_goes_to_a_date_and_is_not_also_listed_as_first_row() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('?'));
    let keys = listed(&app);
    let g: Vec<&String> = keys
        .iter()
        .filter(|(k, _)| k == "g")
        .map(|(_, w)| w)
        .collect();
    assert_eq!(g.len(), 1, "{keys:?}");
    assert!(g[0].contains("datum"), "{g:?}");
}
