//! The application's one event channel: reads run off the thread that takes keys (a slow
//! store never holds typing), and a burst of other clerks' changes is one refresh.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use common::{sample_store, screen, today};
use kpss::app::App;
use kpss::app::events::AppEvent;
use kpss::app::terminal::{Ending, event_loop};
use kpss::model::{Kind, Lang, RecordRef};
use kpss::protocol::Event;
use kpss::store::interpose::{Call, Interposed};
use kpss::store::{EmbeddedStore, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(code: KeyCode) -> AppEvent {
    AppEvent::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A gate the store's reads wait at until the test opens it.
#[derive(Default)]
struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    fn wait(&self) {
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.opened.wait(open).unwrap();
        }
    }

    fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }
}

fn app_on(store: impl Store + 'static) -> App {
    App::new(
        Arc::new(store),
        Lang::Cs,
        today(),
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    )
}

#[test]
fn typing_goes_on_while_a_slow_store_reads_and_the_rows_come_when_read() {
    let gate = Arc::new(Gate::default());
    let held = Arc::clone(&gate);
    let store = Interposed::new(sample_store(), move |call| {
        if matches!(call, Call::Other("list")) {
            held.wait();
        }
        None
    });
    // The first screen is read before the gate matters: the gate starts open.
    gate.open();
    let mut app = app_on(store);
    assert!(screen(&app, 80, 24).contains("Strakonice"));
    *gate.open.lock().unwrap() = false;

    let (sender, events) = channel();
    app.read_in_background(sender).unwrap();
    // Another tab: its rows are read on the loader's thread, which waits at the gate.
    app.handle_events(vec![press(KeyCode::Char('2'))]);
    assert!(app.loading());
    let loading = screen(&app, 80, 24);
    assert!(loading.contains("Načítám…"), "{loading}");
    // Meanwhile the clerk filters: every key is taken at once.
    app.handle_events(vec![press(KeyCode::Char('/'))]);
    app.handle_events("milevsko".chars().map(KeyCode::Char).map(press).collect());
    let waiting = screen(&app, 80, 24);
    assert!(waiting.contains("/milevsko"), "{waiting}");
    assert!(app.loading());
    // The store answers: the rows come through the channel, filtered as typed.
    gate.open();
    while app.loading() {
        let event = events.recv_timeout(Duration::from_secs(20)).unwrap();
        app.handle_events(vec![event]);
    }
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Pokračování komunitního"), "{shown}");
    assert!(!shown.contains("ORP Písek"), "{shown}");
}

/// How many records the store listed while `act` ran.
fn lists_during(act: impl FnOnce(&mut App)) -> usize {
    let lists = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&lists);
    let store = Interposed::new(sample_store(), move |call| {
        if matches!(call, Call::Other("list")) {
            counted.fetch_add(1, Ordering::SeqCst);
        }
        None
    });
    let mut app = app_on(store);
    let before = lists.load(Ordering::SeqCst);
    act(&mut app);
    lists.load(Ordering::SeqCst) - before
}

fn changed(n: u64) -> Event {
    Event::Changed {
        records: vec![(RecordRef::new(Kind::Meeting, n), Some(1))],
        by: "novakova".into(),
    }
}

#[test]
fn a_burst_of_fifty_changes_is_one_refresh() {
    let one = lists_during(|app| {
        app.handle_events(vec![AppEvent::Remote(changed(1))]);
    });
    assert!(one > 0, "a change is read");
    let fifty = lists_during(|app| {
        app.handle_events((1..=50).map(|n| AppEvent::Remote(changed(n))).collect());
    });
    assert_eq!(fifty, one);
}

#[test]
fn the_event_loop_takes_a_queued_burst_as_one_refresh() {
    let through_the_loop = lists_during(|app| {
        let (sender, events) = channel();
        for n in 1..=50 {
            sender.send(AppEvent::Remote(changed(n))).unwrap();
        }
        sender.send(press(KeyCode::Char('q'))).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let ending = event_loop(&mut terminal, app, &events, &|| None).unwrap();
        assert_eq!(ending, Ending::Quit);
    });
    let one = lists_during(|app| {
        app.handle_events(vec![AppEvent::Remote(changed(1))]);
    });
    assert_eq!(through_the_loop, one);
}

#[test]
fn a_terminal_that_hangs_up_ends_the_loop() {
    let mut app = app_on(EmbeddedStore::temporary("referentka").unwrap());
    let (sender, events) = channel();
    sender.send(AppEvent::Gone).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let ending = event_loop(&mut terminal, &mut app, &events, &|| None).unwrap();
    assert_eq!(ending, Ending::HangUp);
}
