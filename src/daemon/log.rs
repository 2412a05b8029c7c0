//! The daemon's log: one line per event on standard error, with the local time; in the
//! terminal application, whose screen standard error would spoil, in a file instead
//! ([`to_file`]).

use std::fs::File;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

use crate::model::text::sanitize_line;

/// Where log lines go when not to standard error.
static FILE: OnceLock<Mutex<File>> = OnceLock::new();

/// From now on this process logs to `file` (once set, for good).
pub fn to_file(file: File) {
    let _ = FILE.set(Mutex::new(file));
}

/// Writes one log line. It may quote a peer (a user name, a request's text), so it passes
/// the terminal sanitizer; a log that cannot be written is not a reason to stop serving.
pub fn log(line: &str) {
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
    let line = format!("{now} kpss serve: {}", sanitize_line(line));
    match FILE.get() {
        Some(file) => {
            let mut file = file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let _ = writeln!(file, "{line}");
        }
        None => {
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        }
    }
}
