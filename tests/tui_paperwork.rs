//! A meeting's paperwork by keys in the calendar (today fixed at 1. 12. 2018): the
//! Soběslav steering group's 5th meeting (17. 12. 2018) gets its invitation marked sent
//! and unmarked, its attendance sheet and invitation written into a folder with the
//! whole paths said.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{day, december_app, key, screen, typed};
use kpss::app::App;
use kpss::model::Meeting;
use kpss::store::StoreExt;
use ratatui::crossterm::event::KeyCode;

const FIFTH: u64 = 5;

fn on_the_fifth_meeting() -> App {
    let mut app = december_app();
    key(&mut app, KeyCode::Char('g'));
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "17.12.2018");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.calendar().cursor, day(2018, 12, 17));
    assert_eq!(app.current().map(|r| r.id), Some(FIFTH));
    app
}

fn sent(app: &App) -> Option<chrono::NaiveDate> {
    app.store()
        .get_as::<Meeting>(FIFTH)
        .unwrap()
        .unwrap()
        .record
        .invitation_sent
}

#[test]
fn one_key_marks_the_invitation_sent_and_undo_takes_it_back() {
    let mut app = on_the_fifth_meeting();
    assert_eq!(sent(&app), None);
    // A meeting held says nothing of an invitation not marked (a planned one says
    // "ne").
    let text = screen(&app, 120, 40);
    assert!(!text.contains("Pozvánka"), "{text}");
    key(&mut app, KeyCode::Char('O'));
    assert_eq!(sent(&app), Some(day(2018, 12, 1)));
    let text = screen(&app, 120, 40);
    assert!(text.contains("Pozvánka odeslána: 1. 12. 2018"), "{text}");
    assert!(
        app.message()
            .unwrap()
            .0
            .contains("Pozvánka označena jako odeslaná 1. 12. 2018")
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(sent(&app), None);
    // The same key takes a mark off.
    key(&mut app, KeyCode::Char('O'));
    key(&mut app, KeyCode::Char('O'));
    assert_eq!(sent(&app), None);
}

#[test]
fn the_attendance_sheet_and_the_invitation_go_into_the_folder_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_the_fifth_meeting();
    key(&mut app, KeyCode::Char('P'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Prezenční listina do složky"), "{text}");
    for _ in 0..200 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, dir.path().to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    let sheet = dir.path().join("prezencni-listina-5-2018-12-17.docx");
    assert!(sheet.is_file());
    let text = screen(&app, 120, 40);
    assert!(text.contains(sheet.to_str().unwrap()), "{text}");
    key(&mut app, KeyCode::Esc);
    // The invitation: the letters as DOCX; the e-mail needs a sender in the settings,
    // and the message says so.
    key(&mut app, KeyCode::Char('I'));
    key(&mut app, KeyCode::Enter);
    assert!(dir.path().join("pozvanka-5-2018-12-17.docx").is_file());
    assert!(!dir.path().join("pozvanka-5-2018-12-17.eml").exists());
    let text = screen(&app, 120, 40);
    assert!(text.contains("odesílatele"), "{text}");
}
