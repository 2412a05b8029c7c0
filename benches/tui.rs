//! TUI benchmarks on the national register (`kpss::generate::national(1.0)`: 250,000
//! meetings, 60,000 people, 3,000 groups), at 120×40:
//! time from start to the first frame, key press to rendered frame (p50/p99) for a move
//! in a list and for a filter character, and the bytes written to the terminal for a
//! one-row move; then, at 80×24 and 120×40, the first visit of the calendar tab and a
//! month move in it (months not seen before, then the same months again); then, at
//! both sizes, every other tab's first visit and its one-row moves (key to frame
//! p50/p99, bytes per move median/max).
//!
//! `cargo bench --bench tui`; figures go into README.md's performance section.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kpss::app::App;
use kpss::app::events::AppEvent;
use kpss::model::Lang;
use kpss::store::{EmbeddedStore, Store};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// The sizes the first visits and month moves are measured at.
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// A terminal output that counts what is written to it.
#[derive(Clone, Default)]
struct Counter(Arc<Mutex<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        *self.0.lock().unwrap() += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn terminal(counter: Counter) -> Terminal<CrosstermBackend<Counter>> {
    sized_terminal(counter, WIDTH, HEIGHT)
}

fn sized_terminal(
    counter: Counter,
    width: u16,
    height: u16,
) -> Terminal<CrosstermBackend<Counter>> {
    Terminal::with_options(
        CrosstermBackend::new(counter),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .unwrap()
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn main() {
    let temporary = tempfile::tempdir().unwrap();
    // KPSS_BENCH_DB keeps the generated database between runs (it takes a minute to make).
    let kept = std::env::var_os("KPSS_BENCH_DB").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temporary.path());
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let started = Instant::now();
    if !dir.join("conf").exists() {
        let store = EmbeddedStore::open(dir, "bench").unwrap();
        let register = kpss::generate::national(1.0);
        store.import(&register).unwrap();
    }
    let import = started.elapsed();
    let started = Instant::now();
    drop(EmbeddedStore::open(dir, "bench").unwrap());
    let first_open = started.elapsed();

    // Start: the terminal shows a frame at once, then the database opens (sled's
    // recovery) and the register is drawn.
    let mut firsts = Vec::new();
    let mut fulls = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let mut term = terminal(Counter::default());
        term.draw(|f| kpss::app::terminal::opening(f, Lang::Cs, "db"))
            .unwrap();
        firsts.push(started.elapsed());
        let store = EmbeddedStore::open(dir, "bench").unwrap();
        let app = App::new(
            Arc::new(store),
            Lang::Cs,
            today,
            "bench".into(),
            "db".into(),
        );
        term.draw(|f| app.render(f)).unwrap();
        fulls.push(started.elapsed());
        drop(app);
    }

    let store = EmbeddedStore::open(dir, "bench").unwrap();
    let mut app = App::new(
        Arc::new(store),
        Lang::Cs,
        today,
        "bench".into(),
        "db".into(),
    );
    let counter = Counter::default();
    let mut term = terminal(counter.clone());

    // Moves in every tab: 50 rows down, 50 up, four times over.
    let mut per_tab = Vec::new();
    let mut all_moves = Vec::new();
    let mut move_bytes = Vec::new();
    for tab in '1'..='6' {
        press(&mut app, KeyCode::Char(tab));
        term.draw(|f| app.render(f)).unwrap();
        let mut moves = Vec::new();
        for i in 0..400 {
            let code = if (i / 50) % 2 == 0 {
                KeyCode::Down
            } else {
                KeyCode::Up
            };
            let before = *counter.0.lock().unwrap();
            let started = Instant::now();
            press(&mut app, code);
            term.draw(|f| app.render(f)).unwrap();
            moves.push(started.elapsed());
            move_bytes.push(*counter.0.lock().unwrap() - before);
        }
        all_moves.extend_from_slice(&moves);
        per_tab.push((tab, moves));
    }

    // Filter characters in the people tab (the longest named list).
    press(&mut app, KeyCode::Char('5'));
    let mut filters = Vec::new();
    for i in 0..500 {
        let started = Instant::now();
        if i % 4 == 3 {
            press(&mut app, KeyCode::Esc);
        } else {
            if i % 4 == 0 {
                press(&mut app, KeyCode::Char('/'));
            }
            press(&mut app, KeyCode::Char(['n', 'o', 'v'][i % 3]));
        }
        term.draw(|f| app.render(f)).unwrap();
        filters.push(started.elapsed());
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    move_bytes.sort();
    println!("national register 1x, terminal {WIDTH}x{HEIGHT}");
    println!(
        "import {:.1} s, first open after the import {:.0} ms",
        import.as_secs_f64(),
        ms(first_open)
    );
    println!(
        "start to first frame: median {:.2} ms, max {:.2} ms",
        ms(percentile(&mut firsts, 0.5)),
        ms(percentile(&mut firsts, 1.0))
    );
    println!(
        "start to the register drawn: median {:.0} ms, max {:.0} ms",
        ms(percentile(&mut fulls, 0.5)),
        ms(percentile(&mut fulls, 1.0))
    );
    for (tab, mut moves) in per_tab {
        println!(
            "move in list, tab {tab}: p50 {:.3} ms, p99 {:.3} ms",
            ms(percentile(&mut moves, 0.5)),
            ms(percentile(&mut moves, 0.99))
        );
    }
    println!(
        "move in list, all tabs: p50 {:.3} ms, p99 {:.3} ms",
        ms(percentile(&mut all_moves, 0.5)),
        ms(percentile(&mut all_moves, 0.99))
    );
    println!(
        "filter character: p50 {:.3} ms, p99 {:.3} ms",
        ms(percentile(&mut filters, 0.5)),
        ms(percentile(&mut filters, 0.99))
    );
    println!(
        "bytes written for a one-row move: median {}, max {}",
        move_bytes[move_bytes.len() / 2],
        move_bytes[move_bytes.len() - 1]
    );

    drop(app);
    for line in calendar_figures(dir, today) {
        println!("{line}");
    }
    for (width, height) in SIZES {
        tab_figures(dir, today, width, height);
    }
}

/// The calendar tab at each of [`SIZES`]: its first visit in a session that has just
/// opened the database (five sessions a size), and month moves (24 months back, never
/// seen in the session, then 24 forward over the same months).
fn calendar_figures(dir: &std::path::Path, today: NaiveDate) -> Vec<String> {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut out = Vec::new();
    for (width, height) in SIZES {
        let mut visits = Vec::new();
        let mut new_months = Vec::new();
        let mut seen_months = Vec::new();
        for _ in 0..5 {
            let store = EmbeddedStore::open(dir, "bench").unwrap();
            let mut app = App::new(
                Arc::new(store),
                Lang::Cs,
                today,
                "bench".into(),
                "db".into(),
            );
            let mut term = sized_terminal(Counter::default(), width, height);
            term.draw(|f| app.render(f)).unwrap();
            let started = Instant::now();
            press(&mut app, KeyCode::Char('4'));
            term.draw(|f| app.render(f)).unwrap();
            visits.push(started.elapsed());
            for _ in 0..24 {
                let started = Instant::now();
                press(&mut app, KeyCode::Char('<'));
                term.draw(|f| app.render(f)).unwrap();
                new_months.push(started.elapsed());
            }
            for _ in 0..24 {
                let started = Instant::now();
                press(&mut app, KeyCode::Char('>'));
                term.draw(|f| app.render(f)).unwrap();
                seen_months.push(started.elapsed());
            }
        }
        let mut all: Vec<Duration> = new_months.iter().chain(&seen_months).copied().collect();
        out.push(format!(
            "calendar {width}x{height}: first visit median {:.1} ms, max {:.1} ms",
            ms(percentile(&mut visits, 0.5)),
            ms(percentile(&mut visits, 1.0))
        ));
        out.push(format!(
            "calendar {width}x{height}: month move p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms \
             (months not seen before: p50 {:.2} ms, p99 {:.2} ms; seen: p50 {:.2} ms, p99 {:.2} ms)",
            ms(percentile(&mut all, 0.5)),
            ms(percentile(&mut all, 0.99)),
            ms(percentile(&mut all, 1.0)),
            ms(percentile(&mut new_months, 0.5)),
            ms(percentile(&mut new_months, 0.99)),
            ms(percentile(&mut seen_months, 0.5)),
            ms(percentile(&mut seen_months, 0.99)),
        ));
    }
    out
}

fn open_app(dir: &std::path::Path, today: NaiveDate) -> App {
    let store = EmbeddedStore::open(dir, "bench").unwrap();
    App::new(
        Arc::new(store),
        Lang::Cs,
        today,
        "bench".into(),
        "db".into(),
    )
}

/// The tabs measured at every size (the calendar's month moves and first visit are
/// measured on their own).
const SIZED_TABS: [char; 6] = ['1', '2', '3', '5', '6', '7'];

/// At one terminal size: each tab's first visit (a fresh application per tab, its
/// database already open) and, in one application, each tab's one-row moves — key to
/// frame p50/p99 and the bytes each move writes to the terminal.
fn tab_figures(dir: &std::path::Path, today: NaiveDate, width: u16, height: u16) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("— at {width}x{height}");
    for tab in SIZED_TABS {
        let mut visits = Vec::new();
        for _ in 0..5 {
            let store = Arc::new(EmbeddedStore::open(dir, "bench").unwrap());
            let mut term = sized_terminal(Counter::default(), width, height);
            let started = Instant::now();
            let mut app = App::new(store, Lang::Cs, today, "bench".into(), "db".into());
            if tab != '1' {
                term.draw(|f| app.render(f)).unwrap();
                // The first tab is drawn at start; the others are measured from their key.
                visits.push(Duration::ZERO);
                let started = Instant::now();
                press(&mut app, KeyCode::Char(tab));
                term.draw(|f| app.render(f)).unwrap();
                *visits.last_mut().unwrap() = started.elapsed();
            } else {
                term.draw(|f| app.render(f)).unwrap();
                visits.push(started.elapsed());
            }
        }
        println!(
            "first visit, tab {tab}: median {:.1} ms, max {:.1} ms",
            ms(percentile(&mut visits, 0.5)),
            ms(percentile(&mut visits, 1.0))
        );
    }
    // As in the terminal: reads on the loader thread, which reads the other tabs while
    // the clerk looks at the first; a tab is visited a second after the start.
    for tab in SIZED_TABS {
        let mut visits = Vec::new();
        for _ in 0..5 {
            let store = Arc::new(EmbeddedStore::open(dir, "bench").unwrap());
            let mut term = sized_terminal(Counter::default(), width, height);
            let mut app = App::new(store, Lang::Cs, today, "bench".into(), "db".into());
            let (sender, events) = std::sync::mpsc::channel();
            app.read_in_background(sender).unwrap();
            term.draw(|f| app.render(f)).unwrap();
            std::thread::sleep(Duration::from_secs(1));
            while let Ok(event) = events.try_recv() {
                app.handle_events(vec![event]);
            }
            let started = Instant::now();
            app.handle_events(vec![AppEvent::Key(KeyEvent::new(
                KeyCode::Char(tab),
                KeyModifiers::NONE,
            ))]);
            while app.loading() {
                let event = events.recv_timeout(Duration::from_secs(30)).unwrap();
                app.handle_events(vec![event]);
            }
            term.draw(|f| app.render(f)).unwrap();
            visits.push(started.elapsed());
        }
        println!(
            "first visit a second after start (loader thread), tab {tab}: median {:.1} ms, max {:.1} ms",
            ms(percentile(&mut visits, 0.5)),
            ms(percentile(&mut visits, 1.0))
        );
    }
    let mut app = open_app(dir, today);
    let counter = Counter::default();
    let mut term = sized_terminal(counter.clone(), width, height);
    let mut all_bytes = Vec::new();
    for tab in SIZED_TABS {
        press(&mut app, KeyCode::Char(tab));
        term.draw(|f| app.render(f)).unwrap();
        let mut moves = Vec::new();
        let mut bytes = Vec::new();
        for i in 0..400 {
            let code = if (i / 50) % 2 == 0 {
                KeyCode::Down
            } else {
                KeyCode::Up
            };
            let before = *counter.0.lock().unwrap();
            let started = Instant::now();
            press(&mut app, code);
            term.draw(|f| app.render(f)).unwrap();
            moves.push(started.elapsed());
            bytes.push(*counter.0.lock().unwrap() - before);
        }
        if std::env::var_os("KPSS_BENCH_SLOWEST").is_some() {
            let mut slowest: Vec<(Duration, usize)> = moves.iter().copied().zip(0..).collect();
            slowest.sort();
            println!(
                "slowest moves (time, index): {:?}",
                &slowest[slowest.len() - 6..]
            );
        }
        bytes.sort();
        println!(
            "move, tab {tab}: p50 {:.3} ms, p99 {:.3} ms; bytes median {}, max {}",
            ms(percentile(&mut moves, 0.5)),
            ms(percentile(&mut moves, 0.99)),
            bytes[bytes.len() / 2],
            bytes[bytes.len() - 1]
        );
        all_bytes.extend(bytes);
    }
    all_bytes.sort();
    println!(
        "bytes per one-row move, all these tabs: median {}, max {}",
        all_bytes[all_bytes.len() / 2],
        all_bytes[all_bytes.len() - 1]
    );
}
