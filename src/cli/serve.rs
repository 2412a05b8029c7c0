//! `kpss serve`: the shared server, until SIGTERM or SIGINT.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};

use crate::daemon::{Daemon, Limits, Peer, Roles, ServeConfig, default_socket};
use crate::model::Lang;

/// `kpss serve`'s own options.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub group: Option<&'a str>,
    pub roles: Option<&'a Path>,
    pub max_clients: u32,
    pub backups: crate::cli::backup::Schedule,
}

pub fn run(
    dir: &Path,
    socket: Option<&Path>,
    options: Options<'_>,
    lang: Lang,
) -> Result<ExitCode, String> {
    let Options {
        group,
        roles,
        max_clients,
        backups,
    } = options;
    // Before anything is created: the database's files are the daemon's user's alone
    // (the socket is given its own mode explicitly).
    crate::daemon::private::set_umask();
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
    let limits = Limits {
        max_clients: usize::try_from(max_clients).unwrap_or(usize::MAX),
        ..Limits::default()
    };
    let daemon = Daemon::start_with(config, limits).map_err(|e| e.message(lang))?;
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
