//! The national register as the national server would meet it, at 0.1× and 1×:
//! - the JSON written to a file, `kpss import` of it into an empty database (time and
//!   peak RSS), the database's size on disk and `kpss check` (time and peak RSS);
//! - on the same database, as whole processes, 21 runs after a warm-up each: `kpss
//!   --help` (the start without a database), `kpss agenda` of a day without meetings
//!   (what opening the database costs), June 2015's agenda opening the database, the same
//!   through a running `kpss serve`, and `calcurse -Q` of the same month on the same
//!   meetings written into calcurse's own file (when calcurse is installed);
//! - `kpss serve`'s resident memory after opening, after the month, 2015 and 2014–2016
//!   of agenda, and the same with its backup at start.
//!
//! `cargo bench --bench national` (factors from `KPSS_BENCH_FACTORS`, default "0.1,1").
//! Progress goes to standard error, the markdown tables for README.md to standard
//! output at the end. Takes minutes at 1× and needs about twice the JSON's size free in
//! the temporary directory; everything written is removed at the end, unless
//! `KPSS_BENCH_KEEP=DIR` keeps the JSON, calcurse's file and the database in `DIR`
//! between runs (a rerun then skips the import and shows it as kept).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod calcurse;
mod process;
mod serve;
mod table;
mod workspace;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use process::{Spread, kpss_command, peak, spread};
use serve::{Backup, Memory, Served, serve_agenda};
use workspace::Workspace;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--measure") {
        process::measure(&args[2..]);
        return;
    }
    if args.get(1).map(String::as_str) == Some("--write") {
        // `--write FACTOR FILE`: only the JSON, for measuring by hand.
        let register = kpss::generate::national(args[2].parse().unwrap());
        workspace::write_register(&register, Path::new(&args[3]));
        return;
    }
    let factors = std::env::var("KPSS_BENCH_FACTORS").unwrap_or_else(|_| "0.1,1".into());
    let load_before = load_average();
    let figures: Vec<Figures> = factors
        .split(',')
        .map(|factor| measure_factor(factor.trim().parse().unwrap()))
        .collect();
    table::print(&figures);
    println!();
    println!(
        "Load average (1, 5, 15 min) at the start: {load_before}; at the end: {}.",
        load_average()
    );
}

/// The machine's load average over 1, 5 and 15 minutes (`/proc/loadavg`).
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Everything measured at one factor.
pub struct Figures {
    pub factor: f64,
    pub records: usize,
    pub meetings: usize,
    pub json: u64,
    /// `None`: the database was kept from an earlier run.
    pub import: Option<(Duration, u64)>,
    pub database: u64,
    pub check: (Duration, u64),
    pub help: Spread,
    pub open: Spread,
    pub month: Spread,
    pub served_month: Spread,
    /// `None`: calcurse is not installed.
    pub calcurse: Option<Spread>,
    pub memory: Memory,
    /// Lines of 2015's and 2014–2016's agenda.
    pub longer_lines: [usize; 2],
    /// From the start of `kpss serve` to its backup's being written.
    pub backup_took: Duration,
    pub memory_with_backup: Memory,
}

fn measure_factor(factor: f64) -> Figures {
    let space = Workspace::new(factor);
    eprintln!("{factor}×: generating the register");
    let register = kpss::generate::national(factor);
    let (records, meetings) = (register.len(), register.meetings.len());
    space.write_json(&register);
    let with_calcurse = calcurse::installed();
    if with_calcurse {
        space.write_apts(&register);
    } else {
        eprintln!("calcurse is not installed: its comparison is skipped");
    }
    drop(register);
    let json = std::fs::metadata(space.json()).unwrap().len();
    let db = space.db();
    eprintln!("{factor}×: kpss import");
    let (import, database) = space.import();
    eprintln!("{factor}×: kpss check");
    let check = peak(&db, &["check"]);

    eprintln!("{factor}×: kpss --help, the open, the month");
    let help = spread(|| {
        let mut c = kpss_command();
        c.arg("--help");
        c
    });
    let open = spread(|| agenda(&db, "1.6.1990", "1.6.1990"));
    let month = spread(|| agenda(&db, "1.6.2015", "30.6.2015"));
    let calcurse = with_calcurse.then(|| {
        eprintln!("{factor}×: calcurse -Q");
        calcurse::june(&space.calcurse())
    });

    // The socket's path must be short (108 bytes): a directory of its own in /tmp.
    let scratch = tempfile::tempdir().unwrap();
    eprintln!("{factor}×: kpss serve --backup-every 0");
    let served = Served::start(&db, scratch.path(), &Backup::Off);
    let (served_month, memory, longer_lines) = serve_agenda(&served);
    drop(served);
    assert_eq!(
        served_month.stdout, month.stdout,
        "kpss serve's month differs"
    );

    eprintln!("{factor}×: kpss serve with its backup at start");
    let backups = scratch.path().join("backups");
    let started = Instant::now();
    let served = Served::start(&db, scratch.path(), &Backup::AtStart(&backups));
    served.wait_backup(&backups);
    let backup_took = started.elapsed();
    let (_, memory_with_backup, _) = serve_agenda(&served);
    drop(served);

    Figures {
        factor,
        records,
        meetings,
        json,
        import,
        database,
        check,
        help,
        open,
        month,
        served_month,
        calcurse,
        memory,
        longer_lines,
        backup_took,
        memory_with_backup,
    }
}

/// `kpss agenda` of a period, opening the database itself.
fn agenda(db: &Path, from: &str, to: &str) -> Command {
    let mut c = kpss_command();
    c.arg("--db")
        .arg(db)
        .args(["agenda", "--from", from, "--to", to]);
    c
}
