//! The plan at scale: 10 priorities × 10 measures × 10 activities, and ten yearly action
//! plans that each pick all 1,000 activities with their monitoring (10,000 entries).
//! Measured: in the plans tab at 80×24, key press to rendered frame (p50/p99) for a
//! one-row move through the priorities, measures and activities (the detail of each node
//! built as it is selected), and apart from those the plan's own row;
//! then the evaluation of one year as XLSX, `kpss report monitoring` run as a whole
//! process through a running `kpss serve` (p50/max of 10 runs).
//!
//! `cargo bench --bench plan`; figures go into README.md's performance section.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kpss::app::App;
use kpss::model::{
    ActionItem, ActionPlan, Activity, CostRow, Document, DocumentKind, FundingSource, Indicator,
    IndicatorUnit, IndicatorValue, Kraj, Lang, Measure, Monitoring, MonitoringState, Plan,
    Priority, Region, Register,
};
use kpss::store::{EmbeddedStore, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SIDE: u64 = 10;
const FIRST_YEAR: i32 = 2020;
const YEARS: i32 = 10;

fn register() -> Register {
    let mut r = Register::default();
    r.regions.push(Region {
        id: 1,
        name: "Strakonice".into(),
        kraj: Some(Kraj::Jihocesky),
        ..Region::default()
    });
    r.documents.push(Document {
        id: 1,
        title: "SPRSS 2020–2029".into(),
        region: 1,
        kind: Some(DocumentKind::MediumTermPlan),
        year_from: Some(FIRST_YEAR),
        year_to: Some(FIRST_YEAR + YEARS - 1),
        ..Document::default()
    });
    r.plans.push(Plan {
        id: 1,
        document: 1,
        region: 1,
        title: "Strategická část 2020–2029".into(),
        year_from: FIRST_YEAR,
        year_to: FIRST_YEAR + YEARS - 1,
        note: String::new(),
    });
    let states = [
        MonitoringState::Done,
        MonitoringState::Ongoing,
        MonitoringState::Partial,
        MonitoringState::NotDone,
        MonitoringState::Postponed,
    ];
    for p in 1..=SIDE {
        r.priorities.push(Priority {
            id: p,
            plan: 1,
            number: p as u32,
            title: format!("Priorita {p}"),
            ..Priority::default()
        });
        for m in 1..=SIDE {
            let mid = (p - 1) * SIDE + m;
            r.measures.push(Measure {
                id: mid,
                priority: p,
                number: m as u32,
                title: format!("Opatření {p}.{m}"),
                description: "Popis opatření na jeden odstavec textu.".into(),
                year_from: Some(FIRST_YEAR),
                year_to: Some(FIRST_YEAR + YEARS - 1),
                costs: (0..YEARS)
                    .map(|y| CostRow {
                        year: FIRST_YEAR + y,
                        source: Some(FundingSource::Municipality),
                        amount: 100_000,
                    })
                    .collect(),
                indicators: vec![Indicator {
                    name: "počet klientů".into(),
                    unit: Some(IndicatorUnit::Clients),
                    baseline: 10,
                    target: 20,
                }],
                ..Measure::default()
            });
            for a in 1..=SIDE {
                let aid = (mid - 1) * SIDE + a;
                r.activities.push(Activity {
                    id: aid,
                    measure: mid,
                    number: a as u32,
                    title: format!("Aktivita {p}.{m}.{a}"),
                    ..Activity::default()
                });
            }
        }
    }
    let activities = SIDE * SIDE * SIDE;
    let mut monitoring_id = 0;
    for y in 0..YEARS {
        let ap = y as u64 + 1;
        r.action_plans.push(ActionPlan {
            id: ap,
            plan: 1,
            year: FIRST_YEAR + y,
            items: (1..=activities)
                .map(|activity| ActionItem {
                    activity,
                    planned_cost: 10_000,
                    responsible: None,
                    deadline: NaiveDate::from_ymd_opt(FIRST_YEAR + y, 12, 31),
                })
                .collect(),
            ..ActionPlan::default()
        });
        for activity in 1..=activities {
            monitoring_id += 1;
            r.monitoring.push(Monitoring {
                id: monitoring_id,
                action_plan: ap,
                activity,
                state: Some(states[(activity as usize + y as usize) % states.len()]),
                reached: vec![IndicatorValue {
                    indicator: "počet klientů".into(),
                    value: 2,
                }],
                actual_cost: 9_000,
                comment: "Plněno podle plánu.".into(),
                ..Monitoring::default()
            });
        }
    }
    r
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn tree_navigation(dir: &Path) {
    let store = EmbeddedStore::open(dir, "bench").unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
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
    press(&mut app, KeyCode::Char('8'));
    term.draw(|f| app.render(f)).unwrap();
    // The plan's own row: its detail rolls up every action plan (10,000 entries).
    let mut plan_row = Vec::new();
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
        term.draw(|f| app.render(f)).unwrap();
        let started = Instant::now();
        press(&mut app, KeyCode::Up);
        term.draw(|f| app.render(f)).unwrap();
        plan_row.push(started.elapsed());
    }
    println!(
        "plans tab: selecting the plan's row (detail over all 10 years) median {:.1} ms",
        ms(percentile(&mut plan_row, 0.5))
    );
    // The moves go through priorities, measures and activities below the plan's row.
    press(&mut app, KeyCode::Down);
    term.draw(|f| app.render(f)).unwrap();
    let mut samples = Vec::new();
    for i in 0..400 {
        let code = if (i / 100) % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        let started = Instant::now();
        press(&mut app, code);
        term.draw(|f| app.render(f)).unwrap();
        samples.push(started.elapsed());
    }
    let p50 = percentile(&mut samples, 0.5);
    let p99 = percentile(&mut samples, 0.99);
    println!(
        "plans tab, 1,111 nodes, 10,000 monitoring entries, 80×24: one-row move key → frame \
         p50 {:.2} ms, p99 {:.2} ms",
        ms(p50),
        ms(p99)
    );
}

fn monitoring_report(dir: &Path, out: &Path) {
    // The server serves only a database no one else may read.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let socket = dir.join("kpss.sock");
    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(dir)
        .arg("--socket")
        .arg(&socket)
        .arg("serve")
        .env("KPSS_CONFIG", "/dev/null")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    while !kpss::remote::RemoteStore::is_alive(&socket) {
        assert!(daemon.try_wait().unwrap().is_none(), "kpss serve ended");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut samples = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
            .arg("--db")
            .arg(dir)
            .arg("--socket")
            .arg(&socket)
            .args(["report", "monitoring", "--plan", "1", "--year", "2025"])
            .args(["--format", "xlsx", "--out"])
            .arg(out)
            .env("KPSS_CONFIG", "/dev/null")
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        samples.push(started.elapsed());
        assert!(status.success());
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(daemon.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    daemon.wait().unwrap();
    let p50 = percentile(&mut samples, 0.5);
    let max = percentile(&mut samples, 1.0);
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "kpss report monitoring --year 2025 --format xlsx through kpss serve (whole process, \
         1,000 activities, {} KiB): p50 {:.0} ms, max {:.0} ms",
        size / 1024,
        ms(p50),
        ms(max)
    );
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let dir = tmp.path().join("plan");
    let started = Instant::now();
    {
        let store = EmbeddedStore::open(&dir, "bench").unwrap();
        let register = register();
        store.import(&register).unwrap();
    }
    println!(
        "import of the plan ({} records): {:.1} s",
        register().len(),
        started.elapsed().as_secs_f64()
    );
    tree_navigation(&dir);
    monitoring_report(&dir, &tmp.path().join("monitoring.xlsx"));
}
