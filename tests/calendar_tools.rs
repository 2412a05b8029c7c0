//! The calendar's tools by keys on the sample register, today fixed at 1. 12. 2018:
//! filters by group, region and kind; a meeting copied to another day; a series; clash
//! warnings; the shown meetings saved as iCalendar.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use common::{ctrl, day, december_app, key, screen, typed};
use kpss::app::App;
use kpss::app::LayerName;
use kpss::app::state::Tone;
use kpss::model::{Meeting, MeetingKind, MeetingState};
use kpss::store::StoreExt;
use ratatui::crossterm::event::KeyCode;

fn meetings_on(app: &App, date: NaiveDate) -> Vec<Meeting> {
    app.store()
        .meetings_between(date, date)
        .unwrap()
        .into_iter()
        .map(|v| v.record)
        .collect()
}

fn message(app: &App) -> (String, Tone) {
    app.message()
        .map(|(m, t)| (m.to_string(), t))
        .expect("a message")
}

#[test]
fn a_group_filter_shows_in_the_title_and_is_cleared() {
    let mut app = december_app();
    key(&mut app, KeyCode::Char('s'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Vybrat: skupina"), "{text}");
    typed(&mut app, "ridici");
    key(&mut app, KeyCode::Enter);
    assert!(app.showing().is_none());
    let text = screen(&app, 80, 24);
    // The steering group met once in December 2018, on the 17th.
    assert!(text.contains("prosinec 2018 (1)"), "{text}");
    assert!(text.contains("└ Filtr: ŘS Soběslav ─"), "{text}");
    insta::assert_snapshot!("month_filtered_by_steering_group", text);
    key(&mut app, KeyCode::Char('x'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("prosinec 2018 (5) "), "{text}");
    assert!(!text.contains("Filtr:"), "{text}");
}

#[test]
fn a_region_filter_and_the_kinds_in_turn() {
    let mut app = december_app();
    key(&mut app, KeyCode::Char('r'));
    typed(&mut app, "pisek");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(text.contains("prosinec 2018 (0)"), "{text}");
    assert!(text.contains("Filtr: ORP Písek"), "{text}");
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(app.calendar().filters.kind, Some(MeetingKind::Steering));
    let text = screen(&app, 80, 24);
    assert!(text.contains("(1)"), "{text}");
    assert!(text.contains("Filtr: jednání řídící"), "{text}");
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(app.calendar().filters.kind, Some(MeetingKind::Working));
    let text = screen(&app, 80, 24);
    assert!(text.contains("prosinec 2018 (4)"), "{text}");
    assert!(text.contains("Filtr: jednání pracovní"), "{text}");
    // Esc in the picker sets nothing.
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Esc);
    assert!(app.calendar().filters.is_empty());
}

#[test]
fn a_meeting_is_copied_to_another_day_and_the_copy_undone() {
    let mut app = december_app();
    for _ in 0..2 {
        key(&mut app, KeyCode::Right);
    }
    assert_eq!(app.calendar().cursor, day(2018, 12, 3));
    let original = meetings_on(&app, day(2018, 12, 3)).remove(0);
    key(&mut app, KeyCode::Char('c'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Kopie jednání"), "{text}");
    // A week later is offered; the clerk wants the 12th.
    assert!(text.contains("10. 12. 2018"), "{text}");
    for _ in 0.."10. 12. 2018".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "31. 2. 2019");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Kopírovat na den"), "{text}");
    assert!(
        text.contains("neexistuje") || text.contains("31. 2."),
        "{text}"
    );
    assert!(meetings_on(&app, day(2018, 12, 12)).is_empty());
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "12.12.2018");
    key(&mut app, KeyCode::Enter);
    assert!(app.showing().is_none());
    let copies = meetings_on(&app, day(2018, 12, 12));
    assert_eq!(copies.len(), 1);
    let copy = &copies[0];
    assert_ne!(copy.id, original.id);
    assert_eq!(copy.group, original.group);
    assert_eq!(copy.place, original.place);
    assert_eq!(copy.state, MeetingState::Planned);
    assert!(copy.attendance.is_empty() && copy.minutes.is_empty());
    assert_eq!(app.calendar().cursor, day(2018, 12, 12));
    assert!(message(&app).0.contains("zkopírováno na 12. 12. 2018"));
    key(&mut app, KeyCode::Char('u'));
    assert!(meetings_on(&app, day(2018, 12, 12)).is_empty());
}

#[test]
fn a_series_every_two_weeks_until_a_date_and_its_undo() {
    let mut app = december_app();
    for _ in 0..2 {
        key(&mut app, KeyCode::Right);
    }
    let before = app
        .store()
        .meetings_between(day(2018, 12, 4), day(2019, 3, 1))
        .unwrap()
        .len();
    key(&mut app, KeyCode::Char('S'));
    typed(&mut app, "31.1.2019");
    let text = screen(&app, 80, 24);
    assert!(text.contains("Řada jednání"), "{text}");
    // 3. 12. 2018 + 2, 4, 6, 8 weeks: 17. 12., 31. 12., 14. 1., 28. 1.
    assert!(
        text.contains("Vznikne: 4 jednání (17. 12. 2018 – 28. 1. 2019)"),
        "{text}"
    );
    insta::assert_snapshot!("series_popup_every_two_weeks", text);
    // The monthly repeat: the 1st Monday of each month.
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Right);
    let text = screen(&app, 80, 24);
    assert!(text.contains("1. pondělí v měsíci"), "{text}");
    assert!(
        text.contains("Vznikne: 1 jednání (7. 1. 2019 – 7. 1. 2019)"),
        "{text}"
    );
    key(&mut app, KeyCode::Left);
    ctrl(&mut app, 's');
    assert!(app.showing().is_none());
    let created: Vec<NaiveDate> = [
        day(2018, 12, 17),
        day(2018, 12, 31),
        day(2019, 1, 14),
        day(2019, 1, 28),
    ]
    .into_iter()
    .filter(|&d| {
        meetings_on(&app, d)
            .iter()
            .any(|m| m.state == MeetingState::Planned)
    })
    .collect();
    assert_eq!(created.len(), 4, "{created:?}");
    let after = app
        .store()
        .meetings_between(day(2018, 12, 4), day(2019, 3, 1))
        .unwrap()
        .len();
    assert_eq!(after, before + 4);
    assert!(
        message(&app).0.contains("Vytvořeno 4 jednání"),
        "{:?}",
        app.message()
    );
    key(&mut app, KeyCode::Char('u'));
    let undone = app
        .store()
        .meetings_between(day(2018, 12, 4), day(2019, 3, 1))
        .unwrap()
        .len();
    assert_eq!(undone, before);
}

#[test]
fn a_series_with_a_bad_end_is_refused_with_the_field() {
    let mut app = december_app();
    for _ in 0..2 {
        key(&mut app, KeyCode::Right);
    }
    key(&mut app, KeyCode::Char('S'));
    typed(&mut app, "1.1.2018");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Do data"), "{text}");
    assert!(app.showing() == Some(LayerName::Series));
    key(&mut app, KeyCode::Esc);
    assert!(app.showing().is_none());
}

#[test]
fn a_copy_onto_a_busy_day_warns_of_the_clash() {
    let mut app = december_app();
    for _ in 0..2 {
        key(&mut app, KeyCode::Right);
    }
    let original = meetings_on(&app, day(2018, 12, 3)).remove(0);
    // The same group, place and time a day later, when the 4th has two meetings.
    let mut busy = app.store().get_as::<Meeting>(original.id).unwrap().unwrap();
    busy.record.place = "Zasedací místnost MěÚ Soběslav".into();
    app.store()
        .update_as(busy.rev, busy.record.clone())
        .unwrap();
    key(&mut app, KeyCode::Char('c'));
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "3.12.2018");
    key(&mut app, KeyCode::Enter);
    let (text, tone) = message(&app);
    assert_eq!(tone, Tone::Warning, "{text}");
    assert!(text.contains("— K: zobrazit"), "{text}");
    assert_eq!(
        meetings_on(&app, day(2018, 12, 3)).len(),
        2,
        "a warning, not a refusal"
    );
}

#[test]
fn the_shown_month_is_saved_as_icalendar() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prosinec.ics");
    let mut app = december_app();
    key(&mut app, KeyCode::Char('i'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("kpss-2018-12.ics"), "{text}");
    for _ in 0.."kpss-2018-12.ics".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, path.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert!(app.showing().is_none(), "{:?}", app.message());
    let ics = std::fs::read_to_string(&path).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5, "{ics}");
    assert!(message(&app).0.contains("5 jednání"));
    // With a filter only the steering group's meeting goes; the prompt offers the
    // folder of the last export.
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('i'));
    for _ in 0.."kpss-2018-12.ics".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "prosinec.ics");
    key(&mut app, KeyCode::Enter);
    let ics = std::fs::read_to_string(&path).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
}
