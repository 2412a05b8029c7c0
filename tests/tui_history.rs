//! A record's history reads like Czech: field labels as the form has them, official
//! lists' values by their labels, references by name, attendance as names with presence,
//! lists item by item.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use chrono::NaiveTime;
use common::{day, key, sample_store, screen};
use kpss::app::history::local_time;
use kpss::app::{App, Theme};
use kpss::model::{Attendance, Kind, Lang, Meeting, MeetingState, Presence, RecordRef};
use kpss::store::{EmbeddedStore, Store, StoreExt};
use ratatui::crossterm::event::KeyCode;

/// The meeting of 3. 12. 2018 in the sample register.
const MEETING: u64 = 17;

/// Another clerk first cancels the meeting and names its place, then records it held
/// with its attendance, its time and its agenda.
fn edited_register() -> EmbeddedStore {
    let store = sample_store();
    let other = store.with_actor("novakova");
    let stored = other.get_as::<Meeting>(MEETING).unwrap().unwrap();
    let mut meeting = stored.record;
    meeting.state = MeetingState::Cancelled;
    meeting.place = "MěÚ Soběslav".into();
    let rev = other.update_as(stored.rev, meeting.clone()).unwrap().rev;
    meeting.state = MeetingState::Held;
    meeting.start = NaiveTime::from_hms_opt(16, 0, 0);
    meeting.group = Some(2);
    meeting.attendance = vec![
        Attendance {
            person: 5,
            presence: Presence::Present,
        },
        Attendance {
            person: 6,
            presence: Presence::Excused,
        },
    ];
    meeting.agenda = "1. Zahájení\n2. Akční plán na rok 2019".into();
    other.update_as(rev, meeting).unwrap();
    store
}

fn app_in(store: EmbeddedStore, lang: Lang) -> App {
    let mut app = App::new(
        Arc::new(store),
        lang,
        day(2018, 12, 1),
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    // The calendar, on the 3rd: the edited meeting's history.
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('H'));
    app
}

/// The screen with the trail's times (which are "now") as a fixed text, each line kept
/// as wide as it was so that the box stays square.
fn redacted(text: &str, store: &dyn Store) -> String {
    let placeholder = "D. M. RRRR hh:mm";
    let times: Vec<String> = store
        .history(RecordRef::new(Kind::Meeting, MEETING))
        .unwrap()
        .iter()
        .map(|e| local_time(e.at))
        .collect();
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.to_owned();
        for time in &times {
            if !line.contains(time.as_str()) {
                continue;
            }
            let width = line.chars().count();
            line = line.replace(time.as_str(), placeholder);
            // Give back or take the difference in the spaces before the right border.
            let inner: String = line.trim_end_matches('│').trim_end().to_owned();
            let pad = (width - 1).saturating_sub(inner.chars().count());
            line = format!("{inner}{}│", " ".repeat(pad));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn the_history_of_a_meeting_reads_like_czech() {
    let store = edited_register();
    let check = store.with_actor("kontrola");
    let app = app_in(store, Lang::Cs);
    let text = redacted(&screen(&app, 80, 24), &check);
    assert!(text.contains("Stav: zrušeno → proběhlo"), "{text}");
    assert!(text.contains("Stav: proběhlo → zrušeno"), "{text}");
    assert!(text.contains("Začátek: — → 16:00"), "{text}");
    assert!(
        text.contains("Skupina: Pracovní skupina Podpora rodin"),
        "{text}"
    );
    assert!(text.contains("přidáno Věra Kubátová: přítomna"), "{text}");
    assert!(text.contains("přidáno 2. Akční plán na rok 2019"), "{text}");
    assert!(text.contains("Místo: — → MěÚ Soběslav"), "{text}");
    for json in ["{", "[", "\"", "held", "null"] {
        assert!(!text.contains(json), "{json}: {text}");
    }
    insta::assert_snapshot!("history_of_a_meeting_in_czech", text);
}

#[test]
fn the_history_in_english_uses_english_labels() {
    let store = edited_register();
    let check = store.with_actor("kontrola");
    let app = app_in(store, Lang::En);
    let text = redacted(&screen(&app, 80, 24), &check);
    assert!(text.contains("State: cancelled → held"), "{text}");
    assert!(text.contains("Start: — → 16:00"), "{text}");
    assert!(text.contains("added Věra Kubátová: present"), "{text}");
    assert!(text.contains("Place: — → MěÚ Soběslav"), "{text}");
}
