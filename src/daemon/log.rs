//! The daemon's log: one line per event on standard error, with the local time.

/// Writes one log line.
pub fn log(line: &str) {
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
    eprintln!("{now} kpss serve: {line}");
}
