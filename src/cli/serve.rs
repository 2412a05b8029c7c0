//! `kpss serve`: the shared server, until SIGTERM or SIGINT.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};

use crate::daemon::{Daemon, Peer, Roles, ServeConfig, default_socket};
use crate::model::Lang;

pub fn run(
    dir: &Path,
    socket: Option<&Path>,
    group: Option<&str>,
    roles: Option<&Path>,
    backups: crate::cli::backup::Schedule,
    lang: Lang,
) -> Result<ExitCode, String> {
    let default_roles = dir.join("roles.toml");
    let roles = match roles {
        Some(file) => Roles::load(file),
        None if default_roles.exists() => Roles::load(&default_roles),
        None => Ok(Roles::without_file(&Peer::me().user)),
    }
    .map_err(|e| e.message(lang))?;
    let config = ServeConfig {
        dir: dir.to_path_buf(),
        socket: socket.map_or_else(|| default_socket(dir), Path::to_path_buf),
        group: group.map(str::to_string),
        roles,
    };
    // The handlers go in before the socket appears, so that a signal sent as soon as
    // the socket is there is a clean stop rather than a kill.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| crate::model::system::io_error(&e, lang))?;
    }
    let started = format!(
        "{} {}, {} {}, {} {}; {}",
        lang.pick("databáze", "database"),
        config.dir.display(),
        lang.pick("soket", "socket"),
        config.socket.display(),
        lang.pick("skupina", "group"),
        config.group.as_deref().unwrap_or("-"),
        config.roles.describe(lang),
    );
    let daemon = Daemon::start(config).map_err(|e| e.message(lang))?;
    crate::daemon::log::log(&started);
    // Backups: one now, then on schedule, from the daemon's own store.
    let schedule = match daemon.store() {
        Some(store) => {
            crate::cli::backup::spawn_schedule(Arc::new(store), backups, Arc::clone(&stop))
                .map(Some)
                .map_err(|e| e.to_string())?
        }
        None => None,
    };
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
    }
    crate::daemon::log::log(lang.pick("končím", "stopping"));
    if let Some(schedule) = schedule {
        let _ = schedule.join();
    }
    daemon.shutdown().map_err(|e| e.message(lang))?;
    Ok(ExitCode::SUCCESS)
}
