//! The national register as a whole process would meet it: the JSON written to a
//! temporary file, `kpss import` of it into an empty database (time and peak RSS), the
//! database's size on disk and `kpss check` (time and peak RSS), at 0.1× and 1×.
//!
//! `cargo bench --bench national` (factors from `KPSS_BENCH_FACTORS`, default
//! "0.1,1"). Each measured command runs under a small runner (this binary again, with
//! `--measure`) whose only child it is, so `ru_maxrss` of the runner's children is that
//! command's own peak. Takes minutes at 1× and needs about twice the JSON's size free
//! in the temporary directory; everything written is removed at the end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--measure") {
        measure(&args[2..]);
        return;
    }
    if args.get(1).map(String::as_str) == Some("--write") {
        // `--write FACTOR FILE`: only the JSON, for measuring by hand.
        write_register(args[2].parse().unwrap(), Path::new(&args[3]));
        return;
    }
    let factors = std::env::var("KPSS_BENCH_FACTORS").unwrap_or_else(|_| "0.1,1".into());
    println!(
        "| factor | records | JSON | import | import peak RSS | database on disk | check | check peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for factor in factors.split(',') {
        let factor: f64 = factor.trim().parse().unwrap();
        run(factor);
    }
}

/// Runner: runs the command, then prints its wall time and peak RSS (KiB).
fn measure(command: &[String]) {
    let started = Instant::now();
    let status = Command::new(&command[0])
        .args(&command[1..])
        .env("KPSS_CONFIG", "/dev/null")
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    let elapsed = started.elapsed();
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap();
    println!(
        "{} {} {}",
        status.success(),
        elapsed.as_millis(),
        usage.max_rss()
    );
}

/// Wall time and peak RSS (bytes) of one kpss command.
fn kpss(db: &Path, args: &[&str]) -> (Duration, u64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--measure")
        .arg(env!("CARGO_BIN_EXE_kpss"))
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

fn run(factor: f64) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("narodni.json");
    let records = write_register(factor, &file);
    let json = std::fs::metadata(&file).unwrap().len();
    let db = dir.path().join("db");
    let (import, import_rss) = kpss(&db, &["import", file.to_str().unwrap()]);
    let size = disk_usage(&db);
    let (check, check_rss) = kpss(&db, &["check"]);
    println!(
        "| {factor}× | {records} | {} | {:.1} s | {} | {} | {:.1} s | {} |",
        mb(json),
        import.as_secs_f64(),
        mb(import_rss),
        mb(size),
        check.as_secs_f64(),
        mb(check_rss),
    );
    drop(dir);
}

/// Writes the national register at `factor` as `kpss export` would; returns its length.
fn write_register(factor: f64, file: &Path) -> usize {
    let register = kpss::generate::national(factor);
    let mut out = BufWriter::new(std::fs::File::create(file).unwrap());
    serde_json::to_writer_pretty(&mut out, &register).unwrap();
    out.write_all(b"\n").unwrap();
    out.flush().unwrap();
    register.len()
}

/// Bytes the directory's files take on disk.
fn disk_usage(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path).unwrap();
    let mut total = meta.blocks() * 512;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            total += disk_usage(&entry.unwrap().path());
        }
    }
    total
}

fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1_000_000.0)
}
