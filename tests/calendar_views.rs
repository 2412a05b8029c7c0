//! The calendar tab's month, week and agenda views on the sample register, with today
//! fixed at 1. 12. 2018 (Soběslav's December 2018 has five meetings), and moving about
//! by day, week, month, today and a typed date.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{day, december_app, key, screen, typed};
use kpss::app::calendar::View;
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_month_grid_marks_the_five_december_meetings() {
    let mut app = december_app();
    assert_eq!(app.calendar().cursor, day(2018, 12, 1));
    let text = screen(&app, 80, 24);
    assert!(text.contains("prosinec 2018 (5)"), "{text}");
    assert!(text.contains("po  út  st  čt  pá  so  ne"), "{text}");
    // 3., 10. and 17. one meeting each, 4. two.
    assert!(text.contains("3•  4²"), "{text}");
    insta::assert_snapshot!("month_december_2018", text);
    // The 1st has no meeting: nothing to edit there.
    assert_eq!(app.current(), None);
    key(&mut app, KeyCode::Char('e'));
    assert!(app.showing().is_none());
    // Three days on, the 4th: its two meetings.
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    assert_eq!(app.calendar().cursor, day(2018, 12, 4));
    let text = screen(&app, 80, 24);
    assert!(text.contains("út 4. 12. 2018"), "{text}");
    assert!(app.current().is_some());
    insta::assert_snapshot!("month_december_4th", text);
}

#[test]
fn moving_by_day_week_month_and_back_to_today() {
    let mut app = december_app();
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.calendar().cursor, day(2018, 12, 8));
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.calendar().cursor, day(2018, 12, 7));
    key(&mut app, KeyCode::Char('>'));
    assert_eq!(app.calendar().cursor, day(2019, 1, 7));
    assert!(screen(&app, 80, 24).contains("leden 2019"));
    key(&mut app, KeyCode::Char('<'));
    key(&mut app, KeyCode::Char('<'));
    assert_eq!(app.calendar().cursor, day(2018, 11, 7));
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(app.calendar().cursor, day(2018, 12, 1));
    // j goes to the next meeting, and the day follows it.
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.calendar().cursor, day(2018, 12, 4));
}

#[test]
fn a_typed_date_is_gone_to_and_an_impossible_one_is_refused() {
    let mut app = december_app();
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "31.2.2019");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Přejít na datum"), "{text}");
    assert!(text.contains("Datum"), "{text}");
    assert_eq!(app.calendar().cursor, day(2018, 12, 1), "nothing moved");
    for _ in 0..9 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "17. 12. 2018");
    key(&mut app, KeyCode::Enter);
    assert!(app.showing().is_none());
    assert_eq!(app.calendar().cursor, day(2018, 12, 17));
    let text = screen(&app, 80, 24);
    assert!(text.contains("ŘS Soběslav"), "{text}");
}

#[test]
fn week_and_agenda_views() {
    let mut app = december_app();
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.calendar().view, View::Week);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Týden 49, 3.–9. 12. 2018 (3)"), "{text}");
    insta::assert_snapshot!("week_49_2018", text);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.calendar().view, View::Agenda);
    let text = screen(&app, 80, 24);
    assert!(text.contains("3. 12. 2018 – 2. 3. 2019 (6"), "{text}");
    insta::assert_snapshot!("agenda_from_3_december_2018", text);
    key(&mut app, KeyCode::Char('p'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("3. 9. 2018 – 2. 12. 2018"), "{text}");
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.calendar().view, View::Month);
}

#[test]
fn a_new_meeting_in_the_calendar_starts_on_the_selected_day() {
    let mut app = december_app();
    for _ in 0..9 {
        key(&mut app, KeyCode::Right);
    }
    key(&mut app, KeyCode::Char('n'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("10. 12. 2018"), "{text}");
}
