//! The main screen at 80×24: a detail that scrolls to its end, lists that tell similar
//! names apart, a hint bar that always has quit, undo and the way to the detail, a filter
//! that Esc clears, and n / N on the people tab.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{key, sample_app, screen, typed};
use kpss::app::LayerName;
use kpss::model::Lang;
use ratatui::crossterm::event::KeyCode;

fn filter(app: &mut kpss::app::App, text: &str) {
    key(app, KeyCode::Char('/'));
    typed(app, text);
    key(app, KeyCode::Enter);
}

#[test]
fn the_detail_scrolls_to_its_end_and_a_region_s_chart_is_reachable() {
    let mut app = sample_app();
    filter(&mut app, "sobeslav");
    let first = screen(&app, 80, 24);
    assert!(first.contains("1–19 z"), "{first}");
    assert!(!first.contains("Jednání po měsících"), "{first}");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::End);
    let end = screen(&app, 80, 24);
    assert!(end.contains("Jednání po měsících"), "{end}");
    insta::assert_snapshot!("region_detail_scrolled_to_its_end", end);
    // Home goes back up; the selection is a related record in view, and Enter opens it.
    key(&mut app, KeyCode::Home);
    let (_, detail) = app.detail().unwrap();
    assert!(!detail.links.is_empty());
    key(&mut app, KeyCode::Enter);
    assert_ne!(app.list().selected_row().unwrap().title, "Soběslav");
}

#[test]
fn moving_through_related_records_keeps_the_selection_in_view() {
    let mut app = sample_app();
    filter(&mut app, "sobeslav");
    key(&mut app, KeyCode::Right);
    let mut seen = Vec::new();
    for _ in 0..60 {
        key(&mut app, KeyCode::Down);
        let text = screen(&app, 80, 24);
        // The selected related record's line is on the screen.
        let selected = app.detail_selection().expect("a related record in view");
        let (_, detail) = app.detail().unwrap();
        let link = detail.links.iter().find(|l| l.target == selected).unwrap();
        let line: String = detail.lines[link.line]
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect();
        let start: String = line.chars().take(20).collect();
        assert!(text.contains(start.trim()), "{start}: {text}");
        if !seen.contains(&selected) {
            seen.push(selected);
        }
    }
    assert!(
        seen.len() > 5,
        "moved through the related records: {seen:?}"
    );
}

#[test]
fn similar_project_names_differ_on_the_screen_at_80_columns() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('2'));
    let text = screen(&app, 80, 24);
    let titles: Vec<&str> = text
        .lines()
        .skip(2)
        .take(7)
        .map(|l| l.split('│').nth(1).unwrap_or("").trim())
        .collect();
    for (i, t) in titles.iter().enumerate() {
        assert!(!titles[i + 1..].contains(t), "{t} twice: {text}");
    }
    assert!(text.contains("ORP Strakonice"), "{text}");
    insta::assert_snapshot!("projects_at_80x24", text);
}

#[test]
fn the_hint_bar_always_has_quit_undo_and_the_detail() {
    for lang in [Lang::Cs, Lang::En] {
        let mut app = sample_app();
        app.set_lang(lang);
        let words = match lang {
            Lang::Cs => ["q konec", "u vrátit", "detail", "? nápověda"],
            Lang::En => ["q quit", "u undo", "detail", "? help"],
        };
        for tab in ['1', '2', '3', '4', '5', '6', '7'] {
            key(&mut app, KeyCode::Char(tab));
            let text = screen(&app, 80, 24);
            let bar = text.lines().nth(22).unwrap();
            for word in words {
                assert!(bar.contains(word), "tab {tab}: {word}: {bar}");
            }
            assert!(text.lines().next().unwrap().contains("7 Do"), "{text}");
        }
        // In the detail, the way back to the list.
        key(&mut app, KeyCode::Char('3'));
        key(&mut app, KeyCode::Right);
        let text = screen(&app, 80, 24);
        let bar = text.lines().nth(22).unwrap();
        let back = match lang {
            Lang::Cs => "← seznam",
            Lang::En => "← list",
        };
        assert!(bar.contains(back), "{bar}");
    }
    let mut app = sample_app();
    app.set_lang(Lang::En);
    let text = screen(&app, 80, 24);
    assert!(text.lines().next().unwrap().contains("7 Docs"), "{text}");
}

#[test]
fn esc_clears_a_filter_after_enter_and_slash_edits_the_text_there_is() {
    let mut app = sample_app();
    filter(&mut app, "pis");
    assert_eq!(app.list().filter, "pis");
    assert_eq!(app.list().len(), 1);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "ek");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.list().filter, "pisek");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list().filter, "");
    assert_eq!(app.list().len(), app.list().total());
}

#[test]
fn n_makes_a_person_and_capital_n_an_organisation_whatever_is_selected() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::End);
    // An organisation is selected (they follow the people).
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.showing(), Some(LayerName::Form));
    let form = screen(&app, 80, 24);
    assert!(form.contains("Příjmení"), "{form}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('N'));
    let form = screen(&app, 80, 24);
    assert!(form.contains("IČO"), "{form}");
}

#[test]
fn a_date_typed_without_its_year_in_the_calendar_is_the_coming_one() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "15.12.");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.showing(), None, "{}", screen(&app, 80, 24));
    assert_eq!(
        app.calendar().cursor,
        chrono::NaiveDate::from_ymd_opt(2018, 12, 15).unwrap()
    );
    // Before today in the year: the next year's.
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "1. 3.");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.calendar().cursor,
        chrono::NaiveDate::from_ymd_opt(2019, 3, 1).unwrap()
    );
}
