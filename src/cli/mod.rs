//! The command line: parses arguments, opens the store, runs one command.

mod agenda;
pub mod args;
pub(crate) mod backup;
mod commands;
mod ics;
mod import;
mod open;
pub mod output;
mod paper;
mod person;
mod remind;
mod report;
mod serve;
mod service_import;
mod services;
mod tui;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::model::Lang;
pub use args::{Cli, Command};

/// Runs kpss with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = language(&cli);
    output::finish(commands::run(&cli, lang))
}

/// `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else Czech.
fn language(cli: &Cli) -> Lang {
    match cli.lang {
        Some(args::LangArg::Cs) => Lang::Cs,
        Some(args::LangArg::En) => Lang::En,
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .map(|value| Lang::from_locale(&value))
            .unwrap_or_default(),
    }
}

/// The database directory: `--db`, `KPSS_DB`, else the platform data directory
/// (`~/.local/share/kpss` on Linux).
pub fn database_dir(cli: &Cli) -> Option<PathBuf> {
    cli.db.clone().or_else(|| {
        directories::ProjectDirs::from("cz", "kpss", "kpss").map(|d| d.data_dir().to_path_buf())
    })
}

/// The operating-system user running kpss, recorded in the audit trail.
pub fn os_user() -> String {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) => user.name,
        _ => std::env::var("USER").unwrap_or_else(|_| format!("uid {uid}")),
    }
}
