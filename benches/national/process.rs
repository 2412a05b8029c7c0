//! Running kpss (and calcurse) as whole processes: once under the peak-RSS runner, or
//! many times for the spread of their wall times.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

/// Runs after the warm-up run.
pub const RUNS: usize = 21;

/// The kpss binary under test.
pub fn kpss_binary() -> &'static str {
    env!("CARGO_BIN_EXE_kpss")
}

/// kpss as every measured run starts it: no configuration file, no database or socket
/// from the environment.
pub fn kpss_command() -> Command {
    let mut command = Command::new(kpss_binary());
    isolate(&mut command);
    command
}

fn isolate(command: &mut Command) {
    command
        .env("KPSS_CONFIG", "/dev/null")
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET");
}

/// Runner (this binary with `--measure`): runs the command, then prints whether it
/// succeeded, its wall time (ms) and its peak RSS (KiB). The command is the runner's
/// only child, so `ru_maxrss` of the children is that command's own peak.
pub fn measure(command: &[String]) {
    let mut child = Command::new(&command[0]);
    child.args(&command[1..]).stdout(Stdio::null());
    isolate(&mut child);
    let started = Instant::now();
    let status = child.status().unwrap();
    let elapsed = started.elapsed();
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap();
    println!(
        "{} {} {}",
        status.success(),
        elapsed.as_millis(),
        usage.max_rss()
    );
}

/// Wall time and peak RSS (bytes) of one kpss command on `db`, through the runner.
pub fn peak(db: &Path, args: &[&str]) -> (Duration, u64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--measure")
        .arg(kpss_binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let fields: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(
        fields.first(),
        Some(&"true"),
        "kpss {args:?} failed: {text}"
    );
    let millis: u64 = fields[1].parse().unwrap();
    let kib: u64 = fields[2].parse().unwrap();
    (Duration::from_millis(millis), kib * 1024)
}

/// What a command printed on one run, and how long the run took.
pub struct Run {
    pub took: Duration,
    pub stdout: Vec<u8>,
}

/// Runs a command to its end, standard output captured; it must succeed.
pub fn run(mut command: Command) -> Run {
    let started = Instant::now();
    let out = command.stderr(Stdio::piped()).output().unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Run {
        took,
        stdout: out.stdout,
    }
}

/// Wall times of [`RUNS`] runs after a warm-up, with what the last run printed.
pub struct Spread {
    /// Sorted, shortest first.
    times: Vec<Duration>,
    pub stdout: Vec<u8>,
}

impl Spread {
    pub fn median(&self) -> Duration {
        self.times[self.times.len() / 2]
    }

    pub fn min(&self) -> Duration {
        self.times[0]
    }

    pub fn max(&self) -> Duration {
        self.times[self.times.len() - 1]
    }

    /// Lines the last run printed.
    pub fn lines(&self) -> usize {
        lines(&self.stdout)
    }
}

pub fn lines(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count()
}

/// One warm-up run, then [`RUNS`] timed ones; `make` gives a fresh command each time.
pub fn spread(make: impl Fn() -> Command) -> Spread {
    run(make());
    let mut times = Vec::with_capacity(RUNS);
    let mut stdout = Vec::new();
    for _ in 0..RUNS {
        let last = run(make());
        times.push(last.took);
        stdout = last.stdout;
    }
    times.sort();
    Spread { times, stdout }
}
