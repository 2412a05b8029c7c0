//! TUI benchmarks on the generated register of 250,000 meetings, at 120×40:
//! time from start to the first frame, key press to rendered frame (p50/p99) for a move
//! in a list and for a filter character, and the bytes written to the terminal for a
//! one-row move.
//!
//! `cargo bench --bench tui`; figures go into README.md's performance section.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kpss::app::App;
use kpss::model::Lang;
use kpss::store::{EmbeddedStore, Store};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const MEETINGS: usize = 250_000;
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

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
    Terminal::with_options(
        CrosstermBackend::new(counter),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)),
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
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    {
        let store = EmbeddedStore::open(dir.path(), "bench").unwrap();
        let register = kpss::generate::grow(kpss::sample::sample_register().unwrap(), MEETINGS);
        store.import(&register).unwrap();
    }

    // Start to first frame: open the database, build the app, draw.
    let mut starts = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let store = EmbeddedStore::open(dir.path(), "bench").unwrap();
        let app = App::new(
            Arc::new(store),
            Lang::Cs,
            today,
            "bench".into(),
            "db".into(),
        );
        let mut term = terminal(Counter::default());
        term.draw(|f| app.render(f)).unwrap();
        starts.push(started.elapsed());
        drop(app);
    }

    let store = EmbeddedStore::open(dir.path(), "bench").unwrap();
    let mut app = App::new(
        Arc::new(store),
        Lang::Cs,
        today,
        "bench".into(),
        "db".into(),
    );
    // The people tab holds the most rows of the named lists (thousands of people).
    press(&mut app, KeyCode::Char('5'));
    let counter = Counter::default();
    let mut term = terminal(counter.clone());
    term.draw(|f| app.render(f)).unwrap();

    let mut moves = Vec::new();
    let mut move_bytes = Vec::new();
    for i in 0..2_000 {
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
    println!("meetings: {MEETINGS}, terminal {WIDTH}x{HEIGHT}");
    println!(
        "start to first frame: median {:.1} ms, max {:.1} ms",
        ms(percentile(&mut starts, 0.5)),
        ms(percentile(&mut starts, 1.0))
    );
    println!(
        "move in list: p50 {:.3} ms, p99 {:.3} ms",
        ms(percentile(&mut moves, 0.5)),
        ms(percentile(&mut moves, 0.99))
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
}
