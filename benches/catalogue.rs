//! The provider catalogue's benchmarks on the sample register grown by 2,000 providers
//! with 6,000 services (`kpss::generate::providers`): `kpss report catalogue` for one
//! ORP and for the whole kraj as whole processes (start, open, read, write the file),
//! the network map of the kraj read and computed in the process, and the Služby tab's
//! filter, key to frame at 80×24.
//!
//! `cargo bench --bench catalogue`; figures go into README.md's performance section.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kpss::app::App;
use kpss::model::{Kind, Lang, Service};
use kpss::store::{EmbeddedStore, Store, typed};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let temporary = tempfile::tempdir().unwrap();
    let dir = temporary.path().join("db");
    let register =
        kpss::generate::providers(kpss::sample::sample_register().unwrap(), 2_000, 6_000);
    {
        let store = EmbeddedStore::open(&dir, "bench").unwrap();
        store.import(&register).unwrap();
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let kpss = env!("CARGO_BIN_EXE_kpss");
    let soběslav = register
        .regions
        .iter()
        .find(|r| r.name == "Soběslav")
        .unwrap()
        .id
        .to_string();
    println!(
        "{} providers, {} services",
        register.organisations.len(),
        register.services.len()
    );
    for (what, territory) in [
        ("ORP Soběslav", vec!["--region", soběslav.as_str()]),
        ("Jihočeský kraj", vec!["--kraj", "jihocesky"]),
    ] {
        for format in ["html", "docx", "md"] {
            let out = temporary.path().join(format!("katalog.{format}"));
            let mut times = Vec::new();
            for _ in 0..5 {
                let started = Instant::now();
                let status = Command::new(kpss)
                    .arg("--db")
                    .arg(&dir)
                    .args(["report", "catalogue"])
                    .args(&territory)
                    .args(["--format", format, "--out"])
                    .arg(&out)
                    .status()
                    .unwrap();
                times.push(started.elapsed());
                assert!(status.success());
            }
            let size = std::fs::metadata(&out).unwrap().len();
            println!(
                "catalogue {what} {format}: median {:.0} ms, max {:.0} ms ({} kB)",
                ms(percentile(&mut times, 0.5)),
                ms(percentile(&mut times, 1.0)),
                size / 1024
            );
        }
    }

    // The network map of the kraj: read through the region index and computed.
    let store = EmbeddedStore::open(&dir, "bench").unwrap();
    let regions: Vec<u64> = register.regions.iter().map(|r| r.id).collect();
    let mut times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let mut services = Vec::new();
        for &r in &regions {
            services.extend(
                store
                    .in_region(Kind::Service, r)
                    .unwrap()
                    .into_iter()
                    .filter_map(typed::<Service>)
                    .map(|v| v.record),
            );
        }
        let map = kpss::report::capacity::capacity("Jihočeský kraj", today, &services);
        assert!(!map.rows.is_empty());
        times.push(started.elapsed());
    }
    println!(
        "capacity report, kraj (read + compute): median {:.1} ms, max {:.1} ms",
        ms(percentile(&mut times, 0.5)),
        ms(percentile(&mut times, 1.0))
    );
    drop(store);
    let started = Instant::now();
    let status = Command::new(kpss)
        .arg("--db")
        .arg(&dir)
        .args([
            "report",
            "capacity",
            "--kraj",
            "jihocesky",
            "--format",
            "md",
        ])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    println!(
        "capacity report, kraj, whole process: {:.0} ms",
        ms(started.elapsed())
    );

    // The Služby tab's filter: each typed character to a drawn frame.
    let store = EmbeddedStore::open(&dir, "bench").unwrap();
    let mut app = App::new(
        Arc::new(store),
        Lang::Cs,
        today,
        "bench".into(),
        "db".into(),
    );
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let press = |app: &mut App, code: KeyCode| {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    };
    press(&mut app, KeyCode::Char('6'));
    term.draw(|f| app.render(f)).unwrap();
    let mut times = Vec::new();
    for round in 0..20 {
        press(&mut app, KeyCode::Char('/'));
        let query = if round % 2 == 0 { "senio" } else { "pecovatel" };
        for c in query.chars() {
            let started = Instant::now();
            press(&mut app, KeyCode::Char(c));
            term.draw(|f| app.render(f)).unwrap();
            times.push(started.elapsed());
        }
        press(&mut app, KeyCode::Esc);
        term.draw(|f| app.render(f)).unwrap();
    }
    println!(
        "Služby filter key → frame (80x24, {} keys): p50 {:.2} ms, p99 {:.2} ms",
        times.len(),
        ms(percentile(&mut times, 0.5)),
        ms(percentile(&mut times, 0.99))
    );
}
