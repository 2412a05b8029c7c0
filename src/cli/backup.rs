//! `kpss backup`, `kpss restore`, and the shared server's backup schedule.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::cli::output::progress;
use crate::model::Lang;
use crate::model::text::sanitize_line;
use crate::remote::RemoteStore;
use crate::store::Store;

fn show(path: &Path) -> String {
    sanitize_line(&path.display().to_string())
}

/// `kpss backup`: a backup of the register (through the shared server when one serves
/// the database).
pub fn backup(
    store: &dyn Store,
    dir: &Path,
    keep: Option<usize>,
    lang: Lang,
) -> Result<ExitCode, String> {
    let written =
        crate::backup::write(store, dir, keep, Utc::now()).map_err(|e| e.message(lang))?;
    println!(
        "{} {} → {}",
        lang.pick("Záloha:", "Backup:"),
        lang.count(
            written.records,
            ["záznam", "záznamy", "záznamů", "record", "records"]
        ),
        show(&written.file)
    );
    for old in &written.pruned {
        progress(&format!(
            "{} {}",
            lang.pick("Smazána starší záloha", "Removed the older backup"),
            show(old)
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `kpss restore FILE`: refused while the shared server serves the database.
pub fn restore(dir: &Path, socket: &Path, file: &Path, lang: Lang) -> Result<ExitCode, String> {
    if RemoteStore::is_alive(socket) {
        return Err(crate::backup::BackupError::InUse {
            dir: dir.to_path_buf(),
        }
        .message(lang));
    }
    progress(&format!(
        "{} {}…",
        lang.pick("Obnovuji ze zálohy", "Restoring from"),
        show(file)
    ));
    let restored = crate::backup::restore(dir, file, &crate::cli::os_user(), Utc::now())
        .map_err(|e| e.message(lang))?;
    println!(
        "{} {}: {}",
        lang.pick("Obnoveno ze zálohy", "Restored from"),
        show(file),
        lang.count(
            restored.records,
            ["záznam", "záznamy", "záznamů", "record", "records"]
        )
    );
    if let Some(previous) = &restored.previous {
        println!(
            "{} {}",
            lang.pick(
                "Původní databáze je uložena v",
                "The previous database is kept in"
            ),
            show(previous)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// When and where the shared server writes backups.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Zero: no backups.
    pub every: Duration,
    pub dir: PathBuf,
    pub keep: usize,
}

/// Parses `--backup-every`: a number with `s`, `m`, `h` or `d` (`30m`, `12h`, `1d`); `0`
/// turns backups off.
pub fn parse_every(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text == "0" {
        return Ok(Duration::ZERO);
    }
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{}: 30m, 12h, 1d, 0", sanitize_line(text)))?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("{}: 30m, 12h, 1d, 0", sanitize_line(text))),
    };
    Ok(Duration::from_secs(n.saturating_mul(seconds)))
}

/// Writes a backup at once and then every `schedule.every`, until `stop`; each one is
/// logged. A failed backup is logged and tried again at the next time.
pub fn run_schedule(store: &dyn Store, schedule: &Schedule, stop: &AtomicBool) {
    if schedule.every.is_zero() {
        return;
    }
    let mut next = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        if Instant::now() >= next {
            let line =
                match crate::backup::write(store, &schedule.dir, Some(schedule.keep), Utc::now()) {
                    Ok(written) => format!(
                        "backup: {} records → {}{}",
                        written.records,
                        show(&written.file),
                        if written.pruned.is_empty() {
                            String::new()
                        } else {
                            format!(", {} older removed", written.pruned.len())
                        }
                    ),
                    Err(e) => format!("backup failed: {}", e.message(Lang::En)),
                };
            crate::daemon::log::log(&line);
            next = Instant::now() + schedule.every;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts [`run_schedule`] on a thread of its own.
pub fn spawn_schedule(
    store: Arc<dyn Store>,
    schedule: Schedule,
    stop: Arc<AtomicBool>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("kpss-backup".into())
        .spawn(move || run_schedule(store.as_ref(), &schedule, &stop))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn intervals_take_a_unit() {
        assert_eq!(parse_every("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse_every("1d").unwrap(), Duration::from_secs(86_400));
        assert_eq!(parse_every("0").unwrap(), Duration::ZERO);
        assert!(parse_every("12").is_err());
        assert!(parse_every("h").is_err());
        assert!(parse_every("1w").is_err());
    }
}
