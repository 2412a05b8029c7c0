//! The calendar on the generated register of 250,000 meetings:
//! - `kpss agenda` for one month as a whole process (start, open, read, print, exit),
//!   beside calcurse (`calcurse -Q`) on the same meetings exported by `kpss export
//!   --format ics` and imported into calcurse (`calcurse -i`), when calcurse is installed;
//! - moving one month in the TUI's calendar tab (key press to rendered frame, 120×40).
//!
//! `cargo bench --bench agenda` (with `KPSS_BENCH_CALCURSE=1` for the comparison, which
//! takes about half an hour); figures go into README.md's performance section.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kpss::app::App;
use kpss::model::Lang;
use kpss::store::{EmbeddedStore, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const MEETINGS: usize = 250_000;
const RUNS: usize = 20;
/// calcurse reads its whole file on every start and keeps appointments in a sorted list,
/// so one query at this size takes tens of seconds: fewer runs.
const CALCURSE_RUNS: usize = 3;

fn kpss() -> &'static str {
    env!("CARGO_BIN_EXE_kpss")
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs a command `runs` times (after one warm-up run), output discarded; the wall
/// times, and the lines the last run printed.
fn time_command(runs: usize, make: impl Fn() -> Command) -> (Vec<Duration>, usize) {
    let mut lines = 0;
    let warm = make()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .output()
        .unwrap();
    assert!(warm.status.success(), "{:?}", make());
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let out = make()
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .output()
            .unwrap();
        times.push(started.elapsed());
        lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
    }
    (times, lines)
}

fn calcurse(db: &Path, ics: &Path) -> Option<(Duration, Vec<Duration>, usize)> {
    // calcurse's import of 250,000 events takes about half an hour: only on request.
    std::env::var_os("KPSS_BENCH_CALCURSE")?;
    if Command::new("calcurse").arg("--version").output().is_err() {
        return None;
    }
    let data = db.join("calcurse");
    std::fs::create_dir_all(&data).unwrap();
    let started = Instant::now();
    let import = Command::new("calcurse")
        .args([
            "-D",
            data.to_str().unwrap(),
            "-C",
            data.to_str().unwrap(),
            "-q",
            "-i",
        ])
        .arg(ics)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let imported = started.elapsed();
    if !import.success() {
        eprintln!("calcurse -i failed: {import}");
        return None;
    }
    let (times, lines) = time_command(CALCURSE_RUNS, || {
        let mut c = Command::new("calcurse");
        c.args([
            "-D",
            data.to_str().unwrap(),
            "-C",
            data.to_str().unwrap(),
            "-Q",
            "--from",
            "06/01/2015",
            "--to",
            "06/30/2015",
        ]);
        c
    });
    Some((imported, times, lines))
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // KPSS_BENCH_DB keeps the generated database between runs (it takes a minute to make).
    let db = std::env::var_os("KPSS_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("db"));
    if !db.join("conf").exists() {
        let store = EmbeddedStore::open(&db, "bench").unwrap();
        let register = kpss::generate::grow(kpss::sample::sample_register().unwrap(), MEETINGS);
        store.import(&register).unwrap();
    }

    // kpss agenda for June 2015, as a whole process.
    let june = || {
        let mut c = Command::new(kpss());
        c.arg("--db").arg(&db);
        c.args(["agenda", "--from", "1.6.2015", "--to", "30.6.2015"]);
        c
    };
    let (mut agenda, agenda_lines) = time_command(RUNS, june);

    // The same, with the shared server holding the database open: the command connects
    // to its socket instead of opening sled.
    let (mut served, served_lines) = {
        // The daemon serves only a directory that is its user's alone.
        std::fs::set_permissions(&db, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let config = kpss::daemon::ServeConfig {
            dir: db.clone(),
            socket: db.join("kpss.sock"),
            group: None,
            roles: kpss::daemon::Roles::without_file(&kpss::daemon::Peer::me().user),
        };
        let daemon = kpss::daemon::Daemon::start(config).unwrap();
        let timed = time_command(RUNS, june);
        daemon.shutdown().unwrap();
        timed
    };

    // The same meetings as iCalendar, into calcurse.
    let ics = dir.path().join("all.ics");
    let started = Instant::now();
    let status = Command::new(kpss())
        .args([
            "--db",
            db.to_str().unwrap(),
            "export",
            "--format",
            "ics",
            "--out",
        ])
        .arg(&ics)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let exported = started.elapsed();
    let calcurse = calcurse(dir.path(), &ics);

    // Moving a month in the TUI.
    let store = EmbeddedStore::open(&db, "bench").unwrap();
    let mut app = App::new(
        Arc::new(store),
        Lang::Cs,
        NaiveDate::from_ymd_opt(2015, 6, 1).unwrap(),
        "bench".into(),
        "db".into(),
    );
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let press = |app: &mut App, c: char| {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    };
    press(&mut app, '4');
    term.draw(|f| app.render(f)).unwrap();
    let mut months = Vec::new();
    for i in 0..200 {
        let key = if (i / 25) % 2 == 0 { '>' } else { '<' };
        let started = Instant::now();
        press(&mut app, key);
        term.draw(|f| app.render(f)).unwrap();
        months.push(started.elapsed());
    }

    println!("meetings: {MEETINGS}");
    println!(
        "kpss agenda, one month ({agenda_lines} meetings), whole process: median {:.1} ms, max {:.1} ms",
        ms(percentile(&mut agenda, 0.5)),
        ms(percentile(&mut agenda, 1.0))
    );
    println!(
        "kpss agenda, one month ({served_lines} meetings), through a running kpss serve: median {:.1} ms, max {:.1} ms",
        ms(percentile(&mut served, 0.5)),
        ms(percentile(&mut served, 1.0))
    );
    println!(
        "kpss export --format ics of all meetings: {:.1} s",
        exported.as_secs_f64()
    );
    match calcurse {
        Some((imported, mut times, lines)) => {
            let median = percentile(&mut times, 0.5);
            println!(
                "calcurse -i of the same file: {:.1} s",
                imported.as_secs_f64()
            );
            println!(
                "calcurse -Q, one month ({lines} lines), whole process: median {:.1} ms, max {:.1} ms",
                ms(median),
                ms(percentile(&mut times, 1.0))
            );
            println!(
                "ratio calcurse / kpss (medians): {:.1}× opening the database, {:.1}× through kpss serve",
                ms(median) / ms(percentile(&mut agenda, 0.5)),
                ms(median) / ms(percentile(&mut served, 0.5))
            );
        }
        None => println!("calcurse: not run (set KPSS_BENCH_CALCURSE=1 with calcurse installed)"),
    }
    println!(
        "move one month in the calendar tab (120×40): p50 {:.2} ms, p99 {:.2} ms",
        ms(percentile(&mut months, 0.5)),
        ms(percentile(&mut months, 0.99))
    );
}
