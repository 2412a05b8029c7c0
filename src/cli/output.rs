//! What a command sends to standard output and standard error, and how it ends.
//!
//! Like a Unix tool: when the reader of standard output goes away (`kpss export | head`),
//! the command ends quietly with success; every message on standard error passes the
//! terminal sanitizer, whatever it quotes.

use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::model::Lang;
use crate::model::system::io_error;
use crate::model::text::sanitize;

/// Why a command ended without finishing its work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A message for the clerk; the command fails.
    Message(String),
    /// The reader of standard output went away: nothing more is wanted, and that is
    /// not an error.
    OutputClosed,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Message(message)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Message(message) => f.write_str(&sanitize(message)),
            Failure::OutputClosed => Ok(()),
        }
    }
}

/// How the process ends after a command: a message on standard error (sanitized, each
/// line after the first indented as it was), or quietly.
pub fn finish(result: Result<ExitCode, Failure>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(failure) => {
            // Standard error may be gone too; there is no one left to tell then.
            let _ = writeln!(io::stderr().lock(), "kpss: {failure}");
            ExitCode::FAILURE
        }
    }
}

/// A failed write to standard output: a closed pipe ends the command quietly, anything
/// else (a full disk behind a redirection) is an error.
pub fn stdout_failure(e: &io::Error, lang: Lang) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::OutputClosed
    } else {
        Failure::Message(format!(
            "{}: {}",
            lang.pick("standardní výstup", "standard output"),
            io_error(e, lang)
        ))
    }
}

/// Writes bytes to standard output and flushes them.
pub fn stdout_bytes(bytes: &[u8], lang: Lang) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| stdout_failure(&e, lang))
}

/// Writes a line of text to standard output, sanitized (it may quote the register or a
/// file).
pub fn line(text: &str, lang: Lang) -> Result<(), Failure> {
    let mut text = sanitize(text);
    text.push('\n');
    stdout_bytes(text.as_bytes(), lang)
}

/// Progress notes go to standard error, and only when a person is watching.
pub fn progress(text: &str) {
    let mut stderr = io::stderr();
    if stderr.is_terminal() {
        let _ = writeln!(stderr, "{}", sanitize(text));
    }
}

/// Writes a command's output (as [`write_output`]) and, for a file, says where it went.
pub fn deliver(bytes: &[u8], out: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    write_output(bytes, out, lang)?;
    if let Some(path) = out {
        progress(&written_to(path, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// "Zapsáno do SOUBOR", the path sanitized.
fn written_to(path: &Path, lang: Lang) -> String {
    format!(
        "{} {}",
        lang.pick("Zapsáno do", "Written to"),
        crate::model::text::sanitize_line(&path.display().to_string())
    )
}

/// Writes a command's output to a file, or to standard output without a file. A file is
/// written beside its target and renamed, so a failed write never leaves half a file.
pub fn write_output(bytes: &[u8], out: Option<&Path>, lang: Lang) -> Result<(), Failure> {
    match out {
        Some(path) => crate::fsutil::write_atomically(path, bytes)
            .map_err(|e| Failure::Message(file_error(path, &e, lang))),
        None => stdout_bytes(bytes, lang),
    }
}

/// A file that could not be read or written, with the reason in `lang`.
pub fn file_error(path: &Path, e: &io::Error, lang: Lang) -> String {
    format!("{}: {}", path.display(), io_error(e, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_not_an_error_but_a_full_disk_is() {
        let closed = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(stdout_failure(&closed, Lang::Cs), Failure::OutputClosed);
        assert_eq!(finish(Err(Failure::OutputClosed)), ExitCode::SUCCESS);
        let full = io::Error::from_raw_os_error(28);
        assert_eq!(
            stdout_failure(&full, Lang::Cs),
            Failure::Message("standardní výstup: na disku není místo (chyba systému 28)".into())
        );
    }

    #[test]
    fn a_failure_shows_no_escape_sequence() {
        let failure = Failure::Message("soubor \u{1b}]0;x\u{7}: \u{9b}2J\u{202e}".into());
        let shown = failure.to_string();
        assert!(crate::model::text::is_terminal_safe(&shown), "{shown:?}");
    }

    /// The path a report was written to is quoted sanitized.
    #[test]
    fn the_written_path_is_sanitized() {
        let message = written_to(Path::new("katalog\u{1b}[2J.md"), Lang::Cs);
        assert!(message.starts_with("Zapsáno do katalog"), "{message:?}");
        assert!(!message.contains('\u{1b}'), "{message:?}");
    }
}
