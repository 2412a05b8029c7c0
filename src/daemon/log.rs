//! The daemon's log: one line per event on standard error, with the local time.

use std::io::Write;

use crate::model::text::sanitize_line;

/// Writes one log line. It may quote a peer (a user name, a request's text), so it passes
/// the terminal sanitizer; a log that cannot be written is not a reason to stop serving.
pub fn log(line: &str) {
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
    let _ = writeln!(
        std::io::stderr().lock(),
        "{now} kpss serve: {}",
        sanitize_line(line)
    );
}
