//! The calendar, second edition: an agenda that says which days it covers and moves into
//! the past and the future without limit; a new meeting that takes its kind, time and
//! place from its group; clash warnings that can be read whole.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use chrono::NaiveDate;
use common::{day, key, sample_store, screen};
use kpss::app::calendar::View;
use kpss::app::{App, Theme};
use kpss::model::Lang;
use ratatui::crossterm::event::KeyCode;

/// The sample register (29 meetings, 4. 12. 2017 – 1. 4. 2019) in the calendar tab,
/// with today on `today`.
fn calendar_on(today: NaiveDate) -> App {
    let mut app = App::new(
        Arc::new(sample_store()),
        Lang::Cs,
        today,
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    key(&mut app, KeyCode::Char('4'));
    app
}

/// The calendar on a typed day.
fn go_to(app: &mut App, date: &str) {
    key(app, KeyCode::Char('g'));
    common::typed(app, date);
    key(app, KeyCode::Enter);
}

/// The agenda view, from the calendar's month view.
fn agenda(app: &mut App) {
    key(app, KeyCode::Char('v'));
    key(app, KeyCode::Char('v'));
    assert_eq!(app.calendar().view, View::Agenda);
}

/// The agenda's title on a wide screen, e.g. `Přehled 1. 12. 2018 – 28. 2. 2019
/// (6 schůzek)`.
fn agenda_title(app: &App) -> String {
    let text = screen(app, 200, 50);
    let line = text.lines().nth(1).unwrap();
    let start = line.find("Přehled").unwrap_or_else(|| panic!("{text}"));
    let end = line[start..].find(')').unwrap() + start + 1;
    line[start..end].to_string()
}

/// The meeting count in an agenda title.
fn count(title: &str) -> usize {
    let open = title.rfind('(').unwrap();
    title[open + 1..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_agenda_says_which_days_it_covers() {
    let mut app = calendar_on(day(2018, 12, 1));
    agenda(&mut app);
    assert_eq!(
        agenda_title(&app),
        "Přehled 1. 12. 2018 – 28. 2. 2019 (6 schůzek)"
    );
    // At 80 columns the days and the count, and each row keeps its group's name.
    let text = screen(&app, 80, 24);
    assert!(text.contains("1. 12. 2018 – 28. 2. 2019 (6)"), "{text}");
    assert!(text.contains("po 17. 12. ŘS Soběslav"), "{text}");
    assert!(text.contains("út  4. 12. PS Senioři a OZP"), "{text}");
    insta::assert_snapshot!("agenda_december_2018_80x24", text);
    // Numeral agreement: one, a few, many.
    go_to(&mut app, "1. 3. 2019");
    assert_eq!(
        agenda_title(&app),
        "Přehled 1. 3. 2019 – 31. 5. 2019 (1 schůzka)"
    );
}

#[test]
fn the_agenda_goes_back_beyond_a_year_to_every_past_meeting() {
    // Today long after the sample register's last meeting (1. 4. 2019).
    let mut app = calendar_on(day(2026, 12, 1));
    go_to(&mut app, "1. 12. 2026");
    agenda(&mut app);
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(
        agenda_title(&app),
        "Přehled 1. 9. 2026 – 30. 11. 2026 (0 schůzek)"
    );
    let text = screen(&app, 80, 24);
    assert!(text.contains("V tomto období nejsou"), "{text}");
    assert!(text.contains("Předchozí jednání: 1. 4. 2019"), "{text}");
    assert!(text.contains("PgUp dříve"), "{text}");
    assert!(text.contains("Další jednání: žádné"), "{text}");
    insta::assert_snapshot!("agenda_empty_window_80x24", text);
    // PgUp window by window into the past: every one of the 29 meetings, once.
    let mut seen = 0;
    let mut windows = Vec::new();
    for _ in 0..60 {
        key(&mut app, KeyCode::PageUp);
        let title = agenda_title(&app);
        seen += count(&title);
        windows.push(title);
    }
    assert_eq!(seen, 29, "{windows:#?}");
    // Windows of three months, each ending the day before the previous one started.
    assert_eq!(windows[0], "Přehled 1. 6. 2026 – 31. 8. 2026 (0 schůzek)");
    assert!(windows.contains(&"Přehled 1. 3. 2019 – 31. 5. 2019 (1 schůzka)".to_string()));
    // Far before the first meeting, the window says where the nearest one is.
    let text = screen(&app, 80, 24);
    assert!(text.contains("Předchozí jednání: žádné"), "{text}");
    assert!(text.contains("Další jednání: 4. 12. 2017"), "{text}");
}

#[test]
fn the_agenda_goes_forward_beyond_a_year_to_every_meeting() {
    let mut app = calendar_on(day(2017, 11, 1));
    go_to(&mut app, "1. 11. 2017");
    agenda(&mut app);
    let mut seen = count(&agenda_title(&app));
    let mut windows = vec![agenda_title(&app)];
    for _ in 0..12 {
        key(&mut app, KeyCode::PageDown);
        let title = agenda_title(&app);
        seen += count(&title);
        windows.push(title);
    }
    assert_eq!(seen, 29, "{windows:#?}");
    // The windows follow each other without a gap: the next starts the day after.
    assert_eq!(windows[0], "Přehled 1. 11. 2017 – 31. 1. 2018 (4 schůzky)");
    assert!(
        windows[1].starts_with("Přehled 1. 2. 2018 – 30. 4. 2018"),
        "{windows:#?}"
    );
    // `>` moves a window too, `<` back.
    go_to(&mut app, "1. 11. 2017");
    key(&mut app, KeyCode::Char('>'));
    assert!(agenda_title(&app).starts_with("Přehled 1. 2. 2018 –"));
    key(&mut app, KeyCode::Char('<'));
    assert!(
        agenda_title(&app).starts_with("Přehled 1. 11. 2017 –"),
        "{}",
        agenda_title(&app)
    );
}

/// The sample store with the steering group's meeting of 17. 12. 2018 held 15:00–17:00
/// in the council room.
fn store_with_timed_meeting() -> kpss::store::EmbeddedStore {
    use kpss::model::{Kind, Record, RecordRef};
    use kpss::store::{Change, ChangeSet, Store};
    let store = sample_store();
    let stored = store
        .get(RecordRef::new(Kind::Meeting, 5))
        .unwrap()
        .unwrap();
    let Record::Meeting(mut m) = stored.record else {
        panic!("meeting 5 is a meeting")
    };
    assert_eq!(m.date, day(2018, 12, 17));
    m.start = chrono::NaiveTime::from_hms_opt(15, 0, 0);
    m.end = chrono::NaiveTime::from_hms_opt(17, 0, 0);
    m.place = "MěÚ Soběslav, zasedací místnost".into();
    store
        .apply(ChangeSet::one(Change::Update {
            rev: stored.rev,
            record: Record::Meeting(m),
        }))
        .unwrap();
    store
}

fn app_with(store: kpss::store::EmbeddedStore, today: NaiveDate) -> App {
    let mut app = App::new(
        Arc::new(store),
        Lang::Cs,
        today,
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    key(&mut app, KeyCode::Char('4'));
    app
}

#[test]
fn a_steering_group_s_new_meeting_is_a_steering_meeting_at_the_last_time_and_place() {
    let mut app = app_with(store_with_timed_meeting(), day(2018, 12, 1));
    // The 17th: the steering group's meeting is selected; a new one on that day.
    go_to(&mut app, "17. 12. 2018");
    key(&mut app, KeyCode::Char('n'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Řídící skupina KPSS ORP Soběslav"), "{text}");
    assert!(text.contains("jednání řídící skupiny"), "{text}");
    assert!(text.contains("15:00"), "{text}");
    assert!(text.contains("17:00"), "{text}");
    assert!(text.contains("MěÚ Soběslav, zasedací místnost"), "{text}");
    assert!(text.contains("17. 12. 2018"), "{text}");
    assert!(text.contains("plánováno"), "{text}");
    insta::assert_snapshot!("new_steering_meeting_80x24", text);
}

#[test]
fn choosing_the_steering_group_in_a_new_meeting_makes_it_a_steering_meeting() {
    let mut app = app_with(store_with_timed_meeting(), day(2018, 12, 1));
    // The 20th has no meeting: the new meeting has no group yet.
    go_to(&mut app, "20. 12. 2018");
    key(&mut app, KeyCode::Char('n'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("jiné setkání"), "{text}");
    assert!(!text.contains("15:00"), "{text}");
    // The group field (the second), then the picker filtered to the steering group.
    key(&mut app, KeyCode::Tab);
    common::typed(&mut app, "ŘS Sob");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Řídící skupina KPSS ORP Soběslav"), "{text}");
    assert!(text.contains("jednání řídící skupiny"), "{text}");
    assert!(!text.contains("jiné setkání"), "{text}");
    assert!(text.contains("15:00"), "{text}");
    assert!(text.contains("MěÚ Soběslav, zasedací místnost"), "{text}");
}

#[test]
fn every_clash_of_a_copied_meeting_can_be_read_in_a_list() {
    let mut app = calendar_on(day(2018, 12, 1));
    // The steering group's meeting of the 17th copied to the 4th, a day of two working
    // groups' meetings.
    go_to(&mut app, "17. 12. 2018");
    key(&mut app, KeyCode::Char('c'));
    for _ in 0..12 {
        key(&mut app, KeyCode::Backspace);
    }
    common::typed(&mut app, "4. 12. 2018");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    // The status line counts them (numeral agreement) and names the key.
    assert!(
        text.contains("Jednání zkopírováno na 4. 12. 2018. 5 střetů — K: zobrazit"),
        "{text}"
    );
    key(&mut app, KeyCode::Char('K'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Střety jednání (5)"), "{text}");
    assert!(
        text.contains("„ŘS Soběslav“ 4. 12. 2018 (celý den) – 5 střetů:"),
        "{text}"
    );
    for who in [
        "Věra Kubátová má ve stejnou dobu i „PS Senioři a OZP“",
        "Ing. Ilona Dušková má ve stejnou dobu i „PS Senioři a OZP“",
        "Karel Šindelář má ve stejnou dobu i „PS Senioři a OZP“",
        "Věra Kubátová má ve stejnou dobu i „PS Ostatní ohrožení“",
        "Mgr. Ondřej Vacek má ve stejnou dobu i „PS Ostatní ohrožení“",
    ] {
        assert!(text.contains(who), "{who}\n{text}");
    }
    insta::assert_snapshot!("clash_list_80x24", text);
    // It scrolls, and Esc closes it.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    let text = screen(&app, 80, 24);
    assert!(!text.contains("– 5 střetů:"), "{text}");
    assert!(text.contains("Karel Šindelář"), "{text}");
    key(&mut app, KeyCode::Esc);
    let text = screen(&app, 80, 24);
    assert!(!text.contains("Střety jednání"), "{text}");
    // K opens it again until the next save.
    key(&mut app, KeyCode::Char('K'));
    assert!(screen(&app, 80, 24).contains("Střety jednání (5)"));
}

#[test]
fn a_series_with_clashes_says_how_many_and_lists_them() {
    let mut app = calendar_on(day(2018, 12, 1));
    // The steering group's meeting of the 17th copied to 27. 11., then a weekly series
    // after the copy until 5. 12.: only its meeting of 4. 12. clashes (five times).
    go_to(&mut app, "17. 12. 2018");
    key(&mut app, KeyCode::Char('c'));
    for _ in 0..12 {
        key(&mut app, KeyCode::Backspace);
    }
    common::typed(&mut app, "27. 11. 2018");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Backspace);
    common::typed(&mut app, "1");
    key(&mut app, KeyCode::Down);
    common::typed(&mut app, "5. 12. 2018");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Vytvořeno 1 jednání (–4. 12. 2018). 5 střetů — K: zobrazit"),
        "{text}"
    );
    key(&mut app, KeyCode::Char('K'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Střety jednání (5)"), "{text}");
}
