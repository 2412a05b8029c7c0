//! "Ke zpracování" on start, the clerk's own ORPs ("moje ORP") and exports that say
//! where they went, driven by keys and read from the screen.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{day, key, sample_app, sample_store, screen, typed};
use kpss::app::App;
use kpss::model::{Kind, Meeting, MeetingState, Record, RecordRef};
use kpss::store::{Store, StoreExt};
use ratatui::crossterm::event::KeyCode;

/// The sample register's app (today 1. 6. 2018) started with the settings in `file`.
fn started(file: &Path) -> App {
    let mut app = sample_app();
    app.start_session(Some(file.to_path_buf()));
    app
}

fn settings_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("kpss").join("settings.toml")
}

/// The list pane's title line (the second row of the screen).
fn title_row(app: &App) -> String {
    screen(app, 120, 30).lines().nth(1).unwrap().to_string()
}

fn status_row(app: &App) -> String {
    screen(app, 120, 30).lines().last().unwrap().to_string()
}

#[test]
fn on_start_the_overview_lists_what_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let app = started(&settings_in(&dir));
    let shown = screen(&app, 80, 24);
    // Six working-group meetings of the last eight weeks were held without anyone's
    // attendance; 5. 6. is next week and its invitation is not marked sent.
    assert!(shown.contains("Ke zpracování (7)"), "{shown}");
    assert!(shown.contains("K uzavření (6)"), "{shown}");
    assert!(shown.contains("Pozvánky k odeslání (1)"), "{shown}");
    assert_eq!(shown.matches("bez docházky").count(), 6, "{shown}");
    // 4. 4. and older are beyond eight weeks; 14. 6. is beyond next week.
    assert!(!shown.contains("4. 4. 2018"), "{shown}");
    assert!(!shown.contains("14. 6. 2018"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_past_meeting_still_planned_is_due_and_a_closed_one_is_not() {
    let store = sample_store();
    // 15. 5.: still planned. 9. 4.: its attendance recorded.
    for (id, state, attended) in [
        (9, MeetingState::Planned, false),
        (13, MeetingState::Held, true),
    ] {
        let v = store.get_as::<Meeting>(id).unwrap().unwrap();
        let mut m = v.record.clone();
        m.state = state;
        if attended {
            m.guests.push("Jan Host".into());
        }
        store.update(v.rev, Record::Meeting(m)).unwrap();
    }
    let mut app = common::app_on(store, kpss::model::Lang::Cs);
    let dir = tempfile::tempdir().unwrap();
    app.start_session(Some(settings_in(&dir)));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("K uzavření (5)"), "{shown}");
    assert!(
        shown.contains("15. 5. 2018  PS Senioři a OZP (Soběslav) – stále plánováno"),
        "{shown}"
    );
    assert!(!shown.contains("po 9. 4. 2018"), "{shown}");
}

#[test]
fn enter_shows_the_meeting_in_the_calendar_and_a_key_reopens_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = started(&settings_in(&dir));
    // The second item: 19. 4. 2018.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let shown = screen(&app, 120, 30);
    assert!(!shown.contains("Ke zpracování"), "{shown}");
    assert!(shown.contains("duben 2018 (4)"), "{shown}");
    assert_eq!(app.current(), Some(RecordRef::new(Kind::Meeting, 18)));
    // Back returns where the clerk was.
    key(&mut app, KeyCode::Backspace);
    assert!(screen(&app, 120, 30).contains("Regiony (17)"));

    // From any tab one key opens it again; Esc closes it.
    key(&mut app, KeyCode::Char('6'));
    key(&mut app, KeyCode::Char('z'));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Ke zpracování (7)"), "{shown}");
    assert!(shown.contains("Enter ukázat v kalendáři"), "{shown}");
    key(&mut app, KeyCode::Esc);
    assert!(!screen(&app, 80, 24).contains("Ke zpracování"));

    // The key is in the help.
    key(&mut app, KeyCode::Char('?'));
    let help = screen(&app, 80, 80);
    assert!(help.contains("ke zpracování"), "{help}");
    assert!(help.contains("vybrat moje ORP"), "{help}");
    assert!(help.contains("moje ORP / vše"), "{help}");
}

#[test]
fn nothing_due_opens_nothing_on_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = settings_in(&dir);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    // Písek (8) has no meetings.
    std::fs::write(&file, "my_regions = [8]\n").unwrap();
    let app = started(&file);
    let shown = screen(&app, 120, 30);
    assert!(!shown.contains("Ke zpracování"), "{shown}");
    assert!(status_row(&app).contains("Nic ke zpracování."), "{shown}");
}

/// Chooses ORPs in the picker by typing each name and ticking the first match.
fn choose(app: &mut App, names: &[&str]) {
    key(app, KeyCode::Char('M'));
    for name in names {
        typed(app, name);
        key(app, KeyCode::Char(' '));
        for _ in 0..name.chars().count() {
            key(app, KeyCode::Backspace);
        }
    }
    key(app, KeyCode::Enter);
}

#[test]
fn my_orps_round_trip_through_their_file_and_filter_lists_and_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let file = settings_in(&dir);
    let mut app = started(&file);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('M'));
    typed(&mut app, "pis");
    let picker = screen(&app, 80, 24);
    assert!(picker.contains("▶[ ] Písek"), "{picker}");
    assert!(!picker.contains("[ ] Soběslav"), "{picker}");
    insta::assert_snapshot!("my_orps_picker", picker);
    key(&mut app, KeyCode::Esc);
    choose(&mut app, &["písek", "strakonice"]);
    assert!(status_row(&app).contains("Moje ORP uložena: 2 ORP."));
    let kept = std::fs::read_to_string(&file).unwrap();
    assert!(
        kept.contains("my_regions = [\n    8,\n    11,\n]") || kept.contains("[8, 11]"),
        "{kept}"
    );

    // A new session reads them back: projects of Písek and Strakonice only.
    let mut app = started(&file);
    key(&mut app, KeyCode::Char('2'));
    assert!(
        title_row(&app).contains("Projekty (4) · moje ORP"),
        "{}",
        title_row(&app)
    );
    key(&mut app, KeyCode::Char('3'));
    assert!(
        title_row(&app).contains("Skupiny (1) · moje ORP"),
        "{}",
        title_row(&app)
    );
    key(&mut app, KeyCode::Char('7'));
    assert!(
        title_row(&app).contains("Dokumenty (9) · moje ORP"),
        "{}",
        title_row(&app)
    );
    // People and regions are everyone's.
    key(&mut app, KeyCode::Char('1'));
    assert!(
        title_row(&app).contains("Regiony (17)"),
        "{}",
        title_row(&app)
    );
    assert!(!title_row(&app).contains("moje ORP"));
    // The calendar: no meetings of theirs in Soběslav's busy month.
    key(&mut app, KeyCode::Char('4'));
    let calendar = screen(&app, 120, 30);
    assert!(calendar.contains("červen 2018 (0)"), "{calendar}");
    assert!(calendar.contains("Filtr: moje ORP"), "{calendar}");

    // One key shows everything, everywhere; again, only theirs.
    key(&mut app, KeyCode::Char('m'));
    let calendar = screen(&app, 120, 30);
    assert!(calendar.contains("červen 2018 (4)"), "{calendar}");
    assert!(!calendar.contains("moje ORP"), "{calendar}");
    key(&mut app, KeyCode::Char('2'));
    assert!(
        title_row(&app).contains("Projekty (7)"),
        "{}",
        title_row(&app)
    );
    assert!(!title_row(&app).contains("moje ORP"));
    key(&mut app, KeyCode::Char('m'));
    assert!(title_row(&app).contains("Projekty (4) · moje ORP"));
    key(&mut app, KeyCode::Char('4'));
    assert!(screen(&app, 120, 30).contains("červen 2018 (0)"));
}

#[test]
fn a_jump_to_a_record_the_filter_hides_shows_everything() {
    let dir = tempfile::tempdir().unwrap();
    let file = settings_in(&dir);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "my_regions = [8]\n").unwrap();
    let mut app = started(&file);
    // Soběslav's project (5), from its region's detail.
    let target = RecordRef::new(Kind::Project, 5);
    app.show(target);
    assert_eq!(app.current(), Some(target));
    assert!(
        title_row(&app).contains("Projekty (7)"),
        "{}",
        title_row(&app)
    );
}

#[test]
fn a_damaged_settings_file_is_an_error_shown_to_the_clerk() {
    let dir = tempfile::tempdir().unwrap();
    let file = settings_in(&dir);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let damaged = "my_regions = [8,\n";
    std::fs::write(&file, damaged).unwrap();
    let app = started(&file);
    let status = status_row(&app);
    assert!(status.contains("Chyba ve vašem nastavení"), "{status}");
    assert!(status.contains("settings.toml"), "{status}");
    // Not taken for "no ORPs chosen" and not written over.
    key_free_check(&app);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), damaged);
}

/// The filter is off (nothing was read) and the lists say nothing of it.
fn key_free_check(app: &App) {
    assert!(!screen(app, 120, 30).contains("moje ORP"));
}

#[test]
fn the_calendar_export_names_its_whole_path_and_remembers_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = settings_in(&dir);
    let out = tempfile::tempdir().unwrap();
    let mut app = started(&file);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('i'));
    for _ in 0.."kpss-2018-06.ics".len() {
        key(&mut app, KeyCode::Backspace);
    }
    let path = out.path().join("cerven.ics");
    typed(&mut app, path.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    let status = status_row(&app);
    assert!(
        status.contains(&format!("Uloženo 4 jednání → {}", path.display())),
        "{status}"
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR")
    );

    // The next session offers the same folder.
    let mut app = started(&file);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('i'));
    let prompt = screen(&app, 120, 30);
    let offered = out.path().join("kpss-2018-06.ics");
    assert!(prompt.contains(&offered.display().to_string()), "{prompt}");
    key(&mut app, KeyCode::Enter);
    assert!(offered.exists());
    assert!(status_row(&app).contains(&offered.display().to_string()));

    // A person's data goes to the same folder, offered in its prompt.
    key(&mut app, KeyCode::Char('5'));
    app.show(RecordRef::new(Kind::Person, 1));
    key(&mut app, KeyCode::Char('X'));
    let prompt = screen(&app, 120, 30);
    assert!(prompt.contains("Osobní údaje do složky"), "{prompt}");
    assert!(
        prompt.contains(&out.path().display().to_string()),
        "{prompt}"
    );
    key(&mut app, KeyCode::Enter);
    let written = out
        .path()
        .join(kpss::disclosure::file_name(1, common::today()));
    assert!(written.exists());
    assert!(screen(&app, 120, 30).contains(&written.display().to_string()));
}

#[test]
fn a_missing_folder_is_refused_in_the_prompt() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('5'));
    app.show(RecordRef::new(Kind::Person, 1));
    key(&mut app, KeyCode::Char('X'));
    for _ in 0..200 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "/nonexistent/kpss-folder");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&app, 120, 30);
    assert!(
        shown.contains("Složka neexistuje: /nonexistent/kpss-folder"),
        "{shown}"
    );
}

#[test]
fn the_overview_reads_only_the_window_of_the_store() {
    // The rules see what the window holds: a meeting beyond next week or eight weeks
    // back is never due, whatever its state.
    let store = sample_store();
    let items = kpss::app::overview::load(&store, day(2018, 6, 1), &[])
        .unwrap()
        .items;
    let ids: Vec<u64> = items.iter().map(|i| i.record.id).collect();
    assert_eq!(ids, vec![13, 18, 9, 19, 14, 24, 10]);
    // Per region (the clerk's ORPs) the same.
    let mine = kpss::app::overview::load(&store, day(2018, 6, 1), &[10])
        .unwrap()
        .items;
    assert_eq!(mine, items);
    assert!(
        kpss::app::overview::load(&store, day(2018, 6, 1), &[8])
            .unwrap()
            .items
            .is_empty()
    );
}

#[test]
fn the_real_binary_reads_the_clerks_settings_and_says_when_they_are_damaged() {
    use common::pty::Session;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-register.json");
    let out = common::kpss(&db, &["import", sample]);
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    let settings = dir.path().join("settings.toml");
    let session = |settings: &Path| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"));
        command
            .arg("--db")
            .arg(&db)
            .env("TERM", "xterm")
            .env("LANG", "cs_CZ.UTF-8")
            .env("KPSS_CONFIG", "/dev/null")
            .env("KPSS_SETTINGS", settings)
            .env_remove("KPSS_DB")
            .env_remove("KPSS_SOCKET");
        Session::spawn(command)
    };
    std::fs::write(&settings, "my_regions = [8,\n").unwrap();
    let mut s = session(&settings);
    s.wait_for("Chyba ve vašem nastavení");
    s.send(b"q");
    assert!(s.wait_exit(std::time::Duration::from_secs(5)).is_some());

    std::fs::write(&settings, "my_regions = [8]\n").unwrap();
    let mut s = session(&settings);
    s.send(b"2");
    s.wait_for("Projekty (3) · moje ORP");
    s.send(b"q");
    assert!(s.wait_exit(std::time::Duration::from_secs(5)).is_some());
}

#[test]
fn the_hint_bar_offers_the_overview_where_there_is_room() {
    let mut app = sample_app();
    for tab in ['1', '4'] {
        key(&mut app, KeyCode::Char(tab));
        let hints = screen(&app, 200, 30).lines().nth(28).unwrap().to_string();
        assert!(hints.contains("z ke zpracování"), "{hints}");
    }
}
