//! The calendar reads little at a month move: the month's days and ids from the date
//! index, and only the selected day's meetings in view; months and rows read are kept
//! until the next change. Reads are counted through an interposed store.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use common::{day, key, sample_store, screen, typed};
use kpss::app::{App, Theme};
use kpss::model::{Kind, Lang, Record, RecordRef};
use kpss::store::interpose::{Call, Interposed};
use kpss::store::{Change, ChangeSet, EmbeddedStore, Store};
use ratatui::crossterm::event::KeyCode;

type Counted = Arc<Interposed<EmbeddedStore>>;

/// The sample register behind a store that notes the name of every read.
fn counted_store() -> (Counted, Arc<Mutex<Vec<&'static str>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let noted = Arc::clone(&calls);
    let store = Interposed::new(sample_store(), move |call| {
        if let Call::Other(name) = call {
            noted.lock().unwrap().push(name);
        }
        None
    });
    (Arc::new(store), calls)
}

/// The calendar tab with today on 1. 12. 2018.
fn calendar_app(store: Counted) -> App {
    let mut app = App::new(
        store,
        Lang::Cs,
        day(2018, 12, 1),
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    key(&mut app, KeyCode::Char('4'));
    app
}

fn go_to(app: &mut App, date: &str) {
    key(app, KeyCode::Char('g'));
    typed(app, date);
    key(app, KeyCode::Enter);
}

/// How many times each of `names` was called since the last look, which forgets them.
fn taken(calls: &Mutex<Vec<&'static str>>, names: &[&str]) -> Vec<usize> {
    let mut calls = calls.lock().unwrap();
    let counts = names
        .iter()
        .map(|n| calls.iter().filter(|c| *c == n).count())
        .collect();
    calls.clear();
    counts
}

const READS: [&str; 3] = ["meeting_days", "meetings_between", "meeting_dates_of_group"];

#[test]
fn the_store_lists_meeting_days_as_the_meetings_between_them() {
    let store = sample_store();
    let ranges = [
        (NaiveDate::MIN, NaiveDate::MAX),
        (day(2018, 5, 1), day(2018, 5, 31)),
        (day(2018, 5, 21), day(2018, 5, 21)),
        (day(2018, 8, 1), day(2018, 8, 31)),
        (day(2018, 6, 1), day(2018, 5, 1)),
    ];
    for (from, to) in ranges {
        let expected: Vec<_> = store
            .meetings_between(from, to)
            .unwrap()
            .iter()
            .map(|v| (v.record.date, v.record.id))
            .collect();
        assert_eq!(
            store.meeting_days(from, to).unwrap(),
            expected,
            "{from}–{to}"
        );
    }
    assert_eq!(
        store
            .meeting_days(NaiveDate::MIN, NaiveDate::MAX)
            .unwrap()
            .len(),
        29
    );
}

#[test]
fn a_month_move_reads_the_date_index_and_the_selected_day_only() {
    let (store, calls) = counted_store();
    let mut app = calendar_app(Arc::clone(&store));
    taken(&calls, &READS);
    // May 2018: meetings on the 15th, 17th and 21st (two); the 1st has none, so no
    // meeting is read, and none numbered, though all four are counted.
    for _ in 0..7 {
        key(&mut app, KeyCode::Char('<'));
    }
    let text = screen(&app, 80, 24);
    assert!(text.contains("květen 2018 (4)"), "{text}");
    assert!(text.contains("15•"), "{text}");
    assert!(text.contains("21²"), "{text}");
    assert_eq!(taken(&calls, &READS), [7, 0, 0]);
    // j goes to the next meeting, on the 17th: that day's meeting is read and numbered.
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.calendar().cursor, day(2018, 5, 17));
    let text = screen(&app, 80, 24);
    assert!(text.contains("čt 17. 5. 2018"), "{text}");
    assert!(text.contains("2. jednání PS Ostatní ohrožení"), "{text}");
    assert!(!text.contains('…'), "{text}");
    assert_eq!(taken(&calls, &READS), [0, 1, 1]);
    // A month away and back: nothing read again.
    key(&mut app, KeyCode::Char('>'));
    key(&mut app, KeyCode::Char('<'));
    assert_eq!(app.calendar().cursor, day(2018, 5, 17));
    let text = screen(&app, 80, 24);
    assert!(text.contains("2. jednání PS Ostatní ohrožení"), "{text}");
    assert_eq!(taken(&calls, &READS)[1..], [0, 0]);
}

#[test]
fn another_clerk_s_change_is_read_into_a_month_already_read() {
    let (store, _) = counted_store();
    let mut app = calendar_app(Arc::clone(&store));
    go_to(&mut app, "17.5.2018");
    assert!(screen(&app, 80, 24).contains("květen 2018 (4)"));
    let mut copy = match store.get(RecordRef::new(Kind::Meeting, 19)).unwrap() {
        Some(stored) => stored.record,
        None => panic!("meeting 19 of the sample"),
    };
    if let Record::Meeting(m) = &mut copy {
        m.id = 0;
        m.uid.clear();
        m.attendance.clear();
    }
    let set: ChangeSet = [Change::Create(copy)].into_iter().collect();
    store.apply(set).unwrap();
    app.refresh();
    let text = screen(&app, 80, 24);
    assert!(text.contains("květen 2018 (5)"), "{text}");
    assert!(text.contains("17²"), "{text}");
    assert!(text.contains("3. jednání PS Ostatní ohrožení"), "{text}");
}

#[test]
fn a_typed_filter_searches_the_days_not_visited() {
    let (store, _) = counted_store();
    let mut app = calendar_app(store);
    go_to(&mut app, "1.5.2018");
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "veseli");
    let text = screen(&app, 80, 24);
    // Only the Veselí group's meeting on the 21st is left in the grid.
    assert!(text.contains("21•"), "{text}");
    assert!(!text.contains("15•"), "{text}");
    assert!(!text.contains("17•"), "{text}");
    // Cleared, the whole month is back.
    key(&mut app, KeyCode::Esc);
    let text = screen(&app, 80, 24);
    assert!(text.contains("15•") && text.contains("21²"), "{text}");
}

#[test]
fn on_a_day_of_more_meetings_than_lines_the_selected_one_stays_in_view() {
    let (store, _) = counted_store();
    let base = match store.get(RecordRef::new(Kind::Meeting, 19)).unwrap() {
        Some(stored) => stored.record,
        None => panic!("meeting 19 of the sample"),
    };
    let set: ChangeSet = (0..30)
        .map(|_| {
            let mut copy = base.clone();
            if let Record::Meeting(m) = &mut copy {
                m.id = 0;
                m.uid.clear();
                m.attendance.clear();
            }
            Change::Create(copy)
        })
        .collect();
    store.apply(set).unwrap();
    let mut app = calendar_app(store);
    go_to(&mut app, "17.5.2018");
    let text = screen(&app, 80, 24);
    assert!(text.contains("květen 2018 (34)"), "{text}");
    assert!(text.contains("2. jednání PS Ostatní ohrožení"), "{text}");
    // The 26th meeting of the day is the group's 27th.
    for _ in 0..25 {
        key(&mut app, KeyCode::Char('j'));
        screen(&app, 80, 24);
    }
    assert_eq!(app.calendar().cursor, day(2018, 5, 17));
    let text = screen(&app, 80, 24);
    // In the day pane (the detail names it too), the day's first no longer.
    assert!(text.contains("│27. jednání PS Ostatní ohrožen"), "{text}");
    assert!(!text.contains("│2. jednání PS Ostatní ohrožen"), "{text}");
    assert!(!text.contains('…'), "{text}");
    insta::assert_snapshot!("day_of_many_meetings_scrolled", text);
}
