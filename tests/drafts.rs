//! Drafts per session: every session keeps its open form in its own file; a draft is
//! offered only once the session that wrote it is gone, several are offered one by one,
//! and nothing a running session holds is overwritten, offered or removed.
//!
//! The sessions are real processes (`sleep`), so that "alive" and "gone" are what
//! `/proc` says, not what the test pretends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use common::{ctrl, key, screen, typed};
use kpss::app::App;
use kpss::app::LayerName;
use kpss::app::drafts::{Drafts, SessionId};
use kpss::app::terminal::{Ending, end_session, event_loop};
use kpss::model::{Lang, Region};
use kpss::store::{EmbeddedStore, StoreExt};
use ratatui::crossterm::event::KeyCode;
use ratatui::{Terminal, backend::TestBackend};

/// A process standing for a running kpss session; killing it ends the session.
struct Process(Child);

impl Process {
    fn start() -> Process {
        Process(Command::new("sleep").arg("600").spawn().unwrap())
    }

    fn session(&self) -> SessionId {
        SessionId::of_process(self.0.id()).unwrap()
    }

    fn end(&mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn drafts_dir(dir: &Path) -> PathBuf {
    dir.join("drafts")
}

/// A session of the application on `store` as `process`, started as kpss starts one:
/// the drafts of gone sessions are offered.
fn session(store: &EmbeddedStore, dir: &Path, process: &Process) -> App {
    let mut app = common::app_on(store.clone(), Lang::Cs);
    app.start_drafts(Drafts::new(
        drafts_dir(dir),
        process.session(),
        "referentka".into(),
    ));
    app
}

/// A session that keeps its drafts but was started before the others' were there.
fn quiet_session(store: &EmbeddedStore, dir: &Path, process: &Process) -> App {
    let mut app = common::app_on(store.clone(), Lang::Cs);
    app.set_drafts(Some(Drafts::new(
        drafts_dir(dir),
        process.session(),
        "referentka".into(),
    )));
    app
}

/// Opens a new region's form and types `name`, keeping the draft as the loop does.
fn type_region(app: &mut App, name: &str) {
    key(app, KeyCode::Char('n'));
    app.keep_draft();
    for c in name.chars() {
        key(app, KeyCode::Char(c));
        app.keep_draft();
    }
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(drafts_dir(dir))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .map(|p| {
                    let text = std::fs::read_to_string(&p).unwrap();
                    (p.file_name().unwrap().to_string_lossy().into_owned(), text)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn offers(app: &App) -> usize {
    app.layer_names()
        .iter()
        .filter(|p| **p == LayerName::Confirm)
        .count()
}

#[test]
fn two_sessions_of_one_clerk_keep_two_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store();
    let (first_process, second_process) = (Process::start(), Process::start());
    let mut first = session(&store, dir.path(), &first_process);
    let mut second = session(&store, dir.path(), &second_process);
    type_region(&mut first, "Kaplice");
    type_region(&mut second, "Trhové Sviny");
    // Both hang up: each keeps its own form, neither overwrites the other's.
    assert!(first.save_draft().unwrap());
    assert!(second.save_draft().unwrap());
    let kept = files(dir.path());
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().any(|(_, text)| text.contains("Kaplice")));
    assert!(kept.iter().any(|(_, text)| text.contains("Trhové Sviny")));
    // Each file names its session: pid and start time.
    let first_id = first_process.session();
    let name = format!("{}-{}-{}.json", first_id.pid, first_id.start, first_id.boot);
    let (_, text) = kept.iter().find(|(n, _)| *n == name).unwrap();
    assert!(text.contains("Kaplice"), "{text}");
    assert!(
        text.contains(&format!("\"pid\": {}", first_id.pid)),
        "{text}"
    );
}

#[test]
fn a_running_sessions_draft_is_not_offered_and_a_gone_ones_is() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store();
    let (mut gone, running, third) = (Process::start(), Process::start(), Process::start());
    let mut a = session(&store, dir.path(), &gone);
    let mut b = session(&store, dir.path(), &running);
    type_region(&mut a, "Kaplice");
    type_region(&mut b, "Trhové Sviny");
    gone.end();
    drop(a);

    let mut c = session(&store, dir.path(), &third);
    assert_eq!(offers(&c), 1);
    let shown = screen(&c, 80, 24);
    assert!(shown.contains("Obnovit"), "{shown}");
    // Declining the gone session's form removes it; the running one's stays untouched.
    key(&mut c, KeyCode::Char('n'));
    let kept = files(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].1.contains("Trhové Sviny"));
    // The running session goes on typing into its own file.
    for ch in " 2".chars() {
        key(&mut b, KeyCode::Char(ch));
        b.keep_draft();
    }
    let kept = files(dir.path());
    assert!(kept[0].1.contains("Trhové Sviny 2"), "{kept:?}");
}

#[test]
fn a_form_open_at_a_hang_up_is_offered_back_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store();
    let mut first_process = Process::start();
    let mut app = session(&store, dir.path(), &first_process);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "Kaplice – nový záznam");
    // The terminal goes away: the loop ends with HangUp and the session keeps the form.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let (_events, received) = std::sync::mpsc::channel();
    let ending = event_loop(&mut terminal, &mut app, &received, &|| Some(Ending::HangUp)).unwrap();
    assert_eq!(ending, Ending::HangUp);
    end_session(&app, ending);
    drop(app);
    first_process.end();

    let next = Process::start();
    let mut app = session(&store, dir.path(), &next);
    assert!(screen(&app, 80, 24).contains("Obnovit"));
    key(&mut app, KeyCode::Char('a'));
    assert!(screen(&app, 80, 24).contains("Kaplice – nový záznam"));
    // Taken back, the form is this session's draft (and only that).
    let kept = files(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    let id = next.session();
    assert!(kept[0].0.starts_with(&format!("{}-{}-", id.pid, id.start)));
    ctrl(&mut app, 's');
    assert!(
        app.store()
            .list_as::<Region>()
            .unwrap()
            .iter()
            .any(|r| r.record.name == "Kaplice – nový záznam")
    );
    assert!(files(dir.path()).is_empty(), "saved: nothing left to keep");
}

#[test]
fn several_gone_sessions_forms_are_offered_one_by_one_and_none_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store();
    for name in ["Rejstřík A", "Rejstřík B", "Rejstřík C"] {
        let mut process = Process::start();
        let mut app = quiet_session(&store, dir.path(), &process);
        type_region(&mut app, name);
        drop(app);
        process.end();
    }
    let next = Process::start();
    let mut app = session(&store, dir.path(), &next);
    assert_eq!(offers(&app), 3);
    // The first offered is taken back and saved; the others wait underneath.
    key(&mut app, KeyCode::Char('a'));
    ctrl(&mut app, 's');
    app.keep_draft();
    assert_eq!(offers(&app), 2);
    // The second is declined and goes; the third stays on disk until answered.
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(offers(&app), 1);
    assert_eq!(files(dir.path()).len(), 1);
    key(&mut app, KeyCode::Char('a'));
    ctrl(&mut app, 's');
    let names: Vec<String> = app
        .store()
        .list_as::<Region>()
        .unwrap()
        .into_iter()
        .map(|r| r.record.name)
        .collect();
    let saved = ["Rejstřík A", "Rejstřík B", "Rejstřík C"]
        .iter()
        .filter(|n| names.iter().any(|name| name == *n))
        .count();
    assert_eq!(saved, 2, "{names:?}");
}

#[test]
fn a_draft_offered_by_one_running_session_is_not_offered_by_another() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store();
    let mut gone = Process::start();
    let mut app = session(&store, dir.path(), &gone);
    type_region(&mut app, "Kaplice");
    drop(app);
    gone.end();
    let (b_process, c_process) = (Process::start(), Process::start());
    let b = session(&store, dir.path(), &b_process);
    assert_eq!(offers(&b), 1);
    let c = session(&store, dir.path(), &c_process);
    assert_eq!(offers(&c), 0, "b holds it while its clerk decides");
    assert_eq!(files(dir.path()).len(), 1);
}

#[test]
fn a_draft_of_an_earlier_kpss_is_offered_and_other_files_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store();
    let mut writer = Process::start();
    let mut app = session(&store, dir.path(), &writer);
    type_region(&mut app, "Kaplice");
    let form = app.open_form_draft().unwrap();
    drop(app);
    writer.end();
    let drafts = drafts_dir(dir.path());
    for entry in std::fs::read_dir(&drafts).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    // One file per user, the bare form: what kpss wrote before.
    std::fs::write(
        drafts.join("referentka.json"),
        serde_json::to_string(&form).unwrap(),
    )
    .unwrap();
    std::fs::write(
        drafts.join("jina-referentka.json"),
        serde_json::to_string(&form).unwrap(),
    )
    .unwrap();
    std::fs::write(drafts.join("4294967-2-0a1b2c3d.json"), "{ nedopsáno").unwrap();
    let next = Process::start();
    let app = session(&store, dir.path(), &next);
    assert_eq!(offers(&app), 1);
    let (text, _) = app.message().map(|(m, t)| (m.to_string(), t)).unwrap();
    assert!(text.contains("nelze přečíst"), "{text}");
    assert!(text.contains("4294967-2-0a1b2c3d.json"), "{text}");
    let names: Vec<String> = files(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.contains(&"jina-referentka.json".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"4294967-2-0a1b2c3d.json".to_string()),
        "{names:?}"
    );
}

#[test]
fn an_open_form_is_kept_on_disk_while_typing_and_let_go_when_closed() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::sample_store();
    let process = Process::start();
    let mut app = session(&store, dir.path(), &process);
    let path = app.drafts().unwrap().path();
    key(&mut app, KeyCode::Char('n'));
    app.keep_draft();
    assert!(!path.exists(), "an untouched form is not kept");
    for c in "Kaplice".chars() {
        key(&mut app, KeyCode::Char(c));
        app.keep_draft();
    }
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(kept.contains("Kaplice"), "{kept}");
    key(&mut app, KeyCode::Esc); // asks
    app.keep_draft();
    key(&mut app, KeyCode::Char('a')); // discard
    app.keep_draft();
    assert!(!path.exists(), "a discarded form is let go");
}

/// The real binary: two sessions of one clerk on the shared server type two forms; the
/// first hangs up; a third session is offered the first's form only, and the second's
/// draft stays as it was.
#[test]
fn two_real_sessions_on_the_shared_server_keep_their_own_drafts() {
    use common::pty::Session;
    use kpss::daemon::{Daemon, Peer, Roles, ServeConfig};
    use std::time::Duration;

    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let socket = dir.path().join("kpss.sock");
    let _daemon = Daemon::start(ServeConfig {
        dir: dir.path().join("server-db"),
        socket: socket.clone(),
        group: None,
        roles: Roles::without_file(&Peer::me().user),
    })
    .unwrap();
    let command = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kpss"));
        command
            .arg("--socket")
            .arg(&socket)
            .env("HOME", &home)
            .env("KPSS_CONFIG", "/dev/null")
            .env("TERM", "xterm")
            .env("LANG", "cs_CZ.UTF-8")
            .env_remove("XDG_DATA_HOME")
            .env_remove("KPSS_DB")
            .env_remove("KPSS_SOCKET");
        command
    };
    let start = || {
        let mut s = Session::spawn(command());
        s.wait_for("Databáze je zatím prázdná");
        s.send(b"p");
        s.wait_for("Regiony (0)");
        s
    };
    let drafts = || -> Vec<String> {
        let mut texts = Vec::new();
        let root = home.join(".local/share/kpss/drafts");
        for folder in std::fs::read_dir(&root).into_iter().flatten() {
            for file in std::fs::read_dir(folder.unwrap().path()).unwrap() {
                texts.push(std::fs::read_to_string(file.unwrap().path()).unwrap());
            }
        }
        texts
    };
    let mut first = start();
    let mut second = start();
    first.send(b"n");
    first.wait_for("Nov");
    first.send("Alfa".as_bytes());
    first.wait_for("Alfa");
    second.send(b"n");
    second.wait_for("Nov");
    second.send("Beta".as_bytes());
    // A form is kept before the frame that shows what was typed.
    second.wait_for("Beta");
    let kept = drafts();
    assert_eq!(kept.len(), 2, "{kept:?}");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(first.child.id() as i32),
        nix::sys::signal::Signal::SIGHUP,
    )
    .unwrap();
    first
        .wait_exit(Duration::from_secs(2))
        .expect("kpss still runs after SIGHUP");

    let mut third = Session::spawn(command());
    third.wait_for("Obnovit");
    third.send(b"a");
    third.wait_for("Alfa");
    assert!(!third.screen_text().contains("Beta"));
    // Still two drafts: the second session's, untouched, and the first's, now the
    // third session's own.
    let kept = drafts();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().any(|t| t.contains("Beta")), "{kept:?}");
    assert!(kept.iter().any(|t| t.contains("Alfa")), "{kept:?}");
    second.send(b"\x1b");
    third.send(b"\x1b");
}
