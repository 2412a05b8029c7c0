//! Shared by the TUI tests: the sample register in a temporary store, a fixed today, and
//! the screen as text.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod layout;
pub mod pty;

use std::sync::Arc;

use chrono::NaiveDate;
use kpss::app::{App, Theme};
use kpss::model::Lang;
use kpss::store::{EmbeddedStore, Store};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 6, 1).unwrap()
}

pub fn sample_store() -> EmbeddedStore {
    let store = EmbeddedStore::temporary("referentka").unwrap();
    store
        .import(&kpss::sample::sample_register().unwrap())
        .unwrap();
    store
}

pub fn app_on(store: EmbeddedStore, lang: Lang) -> App {
    let mut app = App::new(
        Arc::new(store),
        lang,
        today(),
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    app
}

pub fn sample_app() -> App {
    app_on(sample_store(), Lang::Cs)
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The sample register in the calendar tab with today on 1. 12. 2018 (Soběslav's
/// December 2018 has five meetings).
pub fn december_app() -> App {
    let mut app = App::new(
        Arc::new(sample_store()),
        Lang::Cs,
        day(2018, 12, 1),
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    key(&mut app, KeyCode::Char('4'));
    app
}

/// The real binary on database `db`, in Czech, whatever the environment says.
pub fn kpss(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        // A machine's own shared-server configuration does not reach the tests.
        .env("KPSS_CONFIG", "/dev/null")
        .env("LANG", "cs_CZ.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The screen as lines of text.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.render(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}
