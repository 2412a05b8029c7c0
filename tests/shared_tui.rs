//! The terminal application on the real shared server (an in-process daemon): another
//! clerk's change reaches an open list, and a form open while the daemon restarts
//! survives and saves once the link is back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{ctrl, key, screen, typed};
use kpss::app::LayerName;
use kpss::app::live::LinkState;
use kpss::app::{App, Theme};
use kpss::daemon::{Daemon, Peer, Roles, ServeConfig};
use kpss::model::{Kind, Lang, Record, Region};
use kpss::protocol::Role;
use kpss::remote::RemoteStore;
use kpss::store::Store;
use ratatui::crossterm::event::KeyCode;

fn config(dir: &std::path::Path) -> ServeConfig {
    ServeConfig {
        dir: dir.join("db"),
        socket: dir.join("kpss.sock"),
        group: None,
        roles: Roles::without_file(&Peer::me().user),
    }
}

fn app_on(remote: Arc<RemoteStore>) -> App {
    let mut app = App::new(
        remote.clone(),
        Lang::Cs,
        common::day(2018, 12, 1),
        remote.user(),
        "sdílený server".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    app.set_role(Some(remote.role()));
    app.set_connection(Some(LinkState::Connected));
    app
}

fn eventually(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn another_clerks_change_reaches_an_open_list() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let daemon = Daemon::start(config.clone()).unwrap();
    let first = Arc::new(RemoteStore::connect(&config.socket, "test").unwrap());
    first
        .import(&kpss::sample::sample_register().unwrap())
        .unwrap();
    let second = Arc::new(RemoteStore::connect(&config.socket, "test").unwrap());
    assert_eq!(second.role(), Role::Admin);
    let events = second.events();
    let mut watcher = app_on(second.clone());
    key(&mut watcher, KeyCode::Down);
    let selected = watcher.list().selected_record();
    assert!(screen(&watcher, 80, 24).contains("Regiony (17)"));

    let mut clerk = app_on(first.clone());
    key(&mut clerk, KeyCode::Char('n'));
    typed(&mut clerk, "Bechyně");
    ctrl(&mut clerk, 's');
    assert!(clerk.showing().is_none(), "{:?}", clerk.message());

    let mut heard = 0;
    assert!(eventually(Duration::from_secs(1), || {
        while let Ok(event) = events.try_recv() {
            watcher.apply_event(event);
            heard += 1;
        }
        heard > 0
    }));
    let text = screen(&watcher, 80, 24);
    assert!(text.contains("Regiony (18)"), "{text}");
    assert!(text.contains("Bechyně"), "{text}");
    assert_eq!(
        watcher.list().selected_record(),
        selected,
        "the selection stays"
    );
    drop((clerk, watcher, first, second));
    daemon.shutdown().unwrap();
}

#[test]
fn a_form_open_while_the_daemon_restarts_saves_once_the_link_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let daemon = Daemon::start(config.clone()).unwrap();
    let remote = Arc::new(RemoteStore::connect(&config.socket, "test").unwrap());
    let mut app = app_on(remote.clone());
    key(&mut app, KeyCode::Char('p')); // the welcome screen: start empty
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "Vodňany");
    daemon.shutdown().unwrap();
    ctrl(&mut app, 's');
    // The save fails, the form stays with everything typed and says why.
    assert!(app.showing() == Some(LayerName::Form));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Vodňany"), "{text}");
    assert!(text.contains("přerušené"), "{text}");

    let daemon = Daemon::start(config.clone()).unwrap();
    assert!(eventually(Duration::from_secs(5), || remote
        .status()
        .is_connected()));
    ctrl(&mut app, 's');
    assert!(app.showing().is_none(), "{:?}", app.message());
    let stored = remote.list(Kind::Region).unwrap();
    assert_eq!(stored.len(), 1);
    assert!(matches!(&stored[0].record, Record::Region(Region { name, .. }) if name == "Vodňany"));
    drop((app, remote));
    daemon.shutdown().unwrap();
}
