//! The real `kpss` in a pseudo-terminal draws with the colours the terminal has: on an
//! `xterm` (16 colours) no 256-colour or true-colour code, with `NO_COLOR` no colour
//! code at all, on an `xterm-256color` the same 16 colours the theme is made of.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::pty::Session;

/// The parameters of every SGR sequence (`ESC [ … m`) in the output.
fn sgr_parameters(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    for piece in text.split("\x1b[").skip(1) {
        let params: String = piece
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';' || *c == ':')
            .collect();
        if piece[params.len()..].starts_with('m') {
            out.push(params);
        }
    }
    out
}

/// Whether an SGR parameter list sets a colour (of any depth).
fn sets_colour(params: &str) -> bool {
    params.split(';').any(|p| {
        p.parse::<u16>()
            .is_ok_and(|n| matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107))
    })
}

fn sample_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    let out = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(&db)
        .args(["init", "--sample"])
        .output()
        .unwrap();
    assert!(out.status.success());
    db
}

/// The application's first screens (a list, a detail, the help) in a terminal of this
/// kind, and every byte it wrote.
fn session_bytes(db: &Path, term: &str, no_color: Option<&str>) -> Vec<u8> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kpss"));
    command
        .arg("--db")
        .arg(db)
        .env("TERM", term)
        .env("LANG", "cs_CZ.UTF-8")
        .env_remove("COLORTERM")
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        command.env("NO_COLOR", value);
    }
    let mut s = Session::spawn(command);
    s.wait_for("Regiony");
    s.send(b"3");
    s.wait_for("Skupiny");
    s.send(b"?");
    std::thread::sleep(Duration::from_millis(300));
    s.send(b"\x1b");
    s.send(b"q");
    s.wait_exit(Duration::from_secs(5))
        .expect("kpss did not quit");
    s.bytes()
}

#[test]
fn a_16_colour_terminal_gets_only_the_16_colours() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    for term in ["xterm", "screen", "linux"] {
        let bytes = session_bytes(&db, term, None);
        let text = String::from_utf8_lossy(&bytes);
        for deep in ["38;5;", "48;5;", "38;2;", "48;2;"] {
            assert!(!text.contains(deep), "{term}: {deep} in {text:?}");
        }
        // The theme's colours are there, as the classic codes.
        let params = sgr_parameters(&bytes);
        assert!(params.iter().any(|p| sets_colour(p)), "{term}: {params:?}");
    }
}

#[test]
fn no_color_means_no_colour_code_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let bytes = session_bytes(&db, "xterm-256color", Some("1"));
    let coloured: Vec<String> = sgr_parameters(&bytes)
        .into_iter()
        .filter(|p| sets_colour(p))
        .collect();
    assert!(coloured.is_empty(), "{coloured:?}");
    // Attributes still mark the selection.
    assert!(
        sgr_parameters(&bytes)
            .iter()
            .any(|p| p.split(';').any(|n| n == "7"))
    );
}
