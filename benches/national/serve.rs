//! `kpss serve` as a process of its own on the imported database: the month's agenda
//! through it, and its resident memory after opening, after a backup and after serving
//! a month, a year and three years of agenda.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::process::{Spread, kpss_command, lines, run, spread};

/// How long the daemon may take to open the database or to write its backup.
const PATIENCE: Duration = Duration::from_secs(600);

/// A running `kpss serve`, stopped with SIGTERM on drop.
pub struct Served {
    child: Child,
    socket: PathBuf,
    log: PathBuf,
}

/// Where the daemon writes its backup at start; `None`: `--backup-every 0`.
pub enum Backup<'a> {
    Off,
    AtStart(&'a Path),
}

impl Served {
    /// Starts `kpss serve` on `db` with its socket, log (its standard error) and backups
    /// in `scratch`, and waits until it has opened the database.
    pub fn start(db: &Path, scratch: &Path, backup: &Backup<'_>) -> Served {
        // The daemon serves only a directory that is its user's alone.
        std::fs::set_permissions(db, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let socket = scratch.join("kpss.sock");
        let log = scratch.join("serve.log");
        let mut command = kpss_command();
        command
            .arg("--db")
            .arg(db)
            .arg("--socket")
            .arg(&socket)
            .arg("serve");
        match backup {
            Backup::Off => command.args(["--backup-every", "0"]),
            Backup::AtStart(dir) => command.arg("--backup-dir").arg(dir),
        };
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let served = Served { child, socket, log };
        served.wait_open();
        served
    }

    /// Until a client is welcomed: the daemon binds its socket before it opens the
    /// database and welcomes clients once it has.
    fn wait_open(&self) {
        let started = Instant::now();
        loop {
            if kpss::remote::RemoteStore::connect(&self.socket, "kpss bench").is_ok() {
                return;
            }
            assert!(started.elapsed() < PATIENCE, "kpss serve did not open");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Until the backup at start is in `dir` and the log says it was written.
    pub fn wait_backup(&self, dir: &Path) {
        let started = Instant::now();
        loop {
            let logged = std::fs::read_to_string(&self.log)
                .unwrap()
                .lines()
                .any(|l| l.contains("kpss serve: backup: "));
            if logged && backup_file(dir).is_some() {
                return;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "no backup from kpss serve; its log: {}",
                std::fs::read_to_string(&self.log).unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The daemon's resident memory now, in bytes (VmRSS).
    pub fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap();
        kib * 1024
    }

    /// `kpss agenda` of a period through the daemon, as a whole process.
    pub fn agenda(&self, from: &str, to: &str) -> Command {
        let mut c = kpss_command();
        c.arg("--socket")
            .arg(&self.socket)
            .args(["agenda", "--from", from, "--to", to]);
        c
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let pid = Pid::from_raw(i32::try_from(self.child.id()).unwrap());
        let _ = kill(pid, Signal::SIGTERM);
        let _ = self.child.wait();
    }
}

/// The newest finished backup in `dir` (`kpss-….json`, not one still being written).
fn backup_file(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
}

/// What one daemon was measured at.
pub struct Memory {
    /// After opening (`--backup-every 0`) or after the backup at start.
    pub start: u64,
    pub month: u64,
    pub year: u64,
    pub three_years: u64,
}

/// The month through the daemon ([`RUNS`](crate::process::RUNS) runs after a warm-up),
/// then 2015 and 2014–2016 once each, reading its memory after each; returns the month's
/// spread, the memory and the lines of the year and the three years.
pub fn serve_agenda(served: &Served) -> (Spread, Memory, [usize; 2]) {
    let start = served.rss();
    let month = spread(|| served.agenda("1.6.2015", "30.6.2015"));
    let after_month = served.rss();
    let year = run(served.agenda("1.1.2015", "31.12.2015"));
    let after_year = served.rss();
    let three = run(served.agenda("1.1.2014", "31.12.2016"));
    let memory = Memory {
        start,
        month: after_month,
        year: after_year,
        three_years: served.rss(),
    };
    (month, memory, [lines(&year.stdout), lines(&three.stdout)])
}
