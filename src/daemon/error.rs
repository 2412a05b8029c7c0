//! Why the daemon would not start (or stop cleanly), said so that whoever runs it knows
//! what to do.

use std::path::PathBuf;

use crate::model::Lang;
use crate::model::data_error::data_error;
use crate::model::system::system_text;
use crate::model::text::sanitize;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DaemonError {
    /// Another process (a daemon, or a kpss of a clerk) has the database open.
    #[error("{}", self.message(Lang::Cs))]
    Locked { dir: PathBuf },
    /// The database could not be opened or flushed.
    #[error("{}", self.message(Lang::Cs))]
    Store(StoreError),
    /// A daemon already answers on the socket.
    #[error("{}", self.message(Lang::Cs))]
    Running { socket: PathBuf },
    /// Something that is not a socket is in the socket's place; it is left alone.
    #[error("{}", self.message(Lang::Cs))]
    NotASocket { socket: PathBuf },
    /// The socket could not be checked, bound or given its owner and mode.
    #[error("{}", self.message(Lang::Cs))]
    Socket { socket: PathBuf, problem: String },
    /// `--group` names a group the system does not know.
    #[error("{}", self.message(Lang::Cs))]
    NoSuchGroup { name: String },
    /// The roles file cannot be read or says something the daemon does not understand.
    #[error("{}", self.message(Lang::Cs))]
    Roles {
        file: PathBuf,
        line: Option<usize>,
        problem: String,
    },
    /// A thread could not be started.
    #[error("{}", self.message(Lang::Cs))]
    Thread(String),
    /// Others than the daemon's user may enter the database directory (`mode` its mode).
    #[error("{}", self.message(Lang::Cs))]
    OpenDirectory { dir: PathBuf, mode: u32 },
    /// The database directory or something in it could not be checked, made or kept
    /// private.
    #[error("{}", self.message(Lang::Cs))]
    Private { path: PathBuf, problem: String },
    /// The log file of a clerk's own server cannot be opened.
    #[error("{}", self.message(Lang::Cs))]
    Log { file: PathBuf, problem: String },
}

impl DaemonError {
    /// The error in `lang` alone (system and parser texts included), safe for a terminal.
    pub fn message(&self, lang: Lang) -> String {
        sanitize(&self.text(lang))
    }

    fn text(&self, lang: Lang) -> String {
        let cs = lang == Lang::Cs;
        match self {
            DaemonError::Locked { dir } if cs => format!(
                "Databázi {} už obsluhuje jiný server kpss (nebo ji má otevřenou jiný kpss). \
                 Druhý server nad stejnou databází spustit nelze.",
                dir.display()
            ),
            DaemonError::Locked { dir } => format!(
                "A kpss daemon (or another kpss) already serves {}: a second daemon cannot \
                 open the same database.",
                dir.display()
            ),
            DaemonError::Store(e) => e.message(lang),
            DaemonError::Running { socket } if cs => format!(
                "Na soketu {} už odpovídá běžící server kpss; ukončete ho, nebo zvolte jiný \
                 soket (--socket).",
                socket.display()
            ),
            DaemonError::Running { socket } => format!(
                "A running kpss daemon already answers on {}; stop it, or choose another \
                 socket (--socket).",
                socket.display()
            ),
            DaemonError::NotASocket { socket } if cs => format!(
                "{} existuje a není to soket; nechávám ho být. Odstraňte ho, nebo zvolte jiný \
                 soket (--socket).",
                socket.display()
            ),
            DaemonError::NotASocket { socket } => format!(
                "{} exists and is not a socket; it is left alone. Remove it, or choose another \
                 socket (--socket).",
                socket.display()
            ),
            DaemonError::Socket { socket, problem } if cs => {
                format!("Soket {}: {}", socket.display(), system_text(problem, lang))
            }
            DaemonError::Socket { socket, problem } => {
                format!(
                    "Socket {}: {}",
                    socket.display(),
                    system_text(problem, lang)
                )
            }
            DaemonError::NoSuchGroup { name } if cs => {
                format!("Skupina {name} v systému neexistuje (--group).")
            }
            DaemonError::NoSuchGroup { name } => {
                format!("The system has no group {name} (--group).")
            }
            DaemonError::Roles {
                file,
                line: Some(line),
                problem,
            } if cs => format!(
                "Soubor rolí {}, řádek {line}: {}",
                file.display(),
                data_error(problem, lang)
            ),
            DaemonError::Roles {
                file,
                line: Some(line),
                problem,
            } => format!(
                "Roles file {}, line {line}: {}",
                file.display(),
                data_error(problem, lang)
            ),
            DaemonError::Roles {
                file,
                line: None,
                problem,
            } if cs => format!(
                "Soubor rolí {}: {}",
                file.display(),
                system_text(problem, lang)
            ),
            DaemonError::Roles {
                file,
                line: None,
                problem,
            } => format!(
                "Roles file {}: {}",
                file.display(),
                system_text(problem, lang)
            ),
            DaemonError::Thread(e) if cs => {
                format!("Nelze spustit vlákno: {}", system_text(e, lang))
            }
            DaemonError::Thread(e) => format!("Cannot start a thread: {}", system_text(e, lang)),
            DaemonError::OpenDirectory { dir, mode } if cs => format!(
                "Do složky databáze {dir} smějí i jiní uživatelé než server (práva {mode:04o}); \
                 kdo přečte její soubory, přečte celý registr bez ohledu na role. Server ji \
                 neobslouží, dokud ji neuzavřete: chmod 700 {dir}",
                dir = dir.display()
            ),
            DaemonError::OpenDirectory { dir, mode } => format!(
                "Others than the daemon's user may enter the database directory {dir} (mode \
                 {mode:04o}); whoever reads its files reads the whole register, whatever the \
                 roles say. The daemon will not serve it until it is closed: chmod 700 {dir}",
                dir = dir.display()
            ),
            DaemonError::Private { path, problem } if cs => format!(
                "{}: nelze ověřit ani zajistit, že k databázi má přístup jen server: {}",
                path.display(),
                system_text(problem, lang)
            ),
            DaemonError::Private { path, problem } => format!(
                "{}: cannot check or make sure that only the daemon may read the database: {}",
                path.display(),
                system_text(problem, lang)
            ),
            DaemonError::Log { file, problem } if cs => format!(
                "Záznam serveru {} nelze otevřít: {}",
                file.display(),
                system_text(problem, lang)
            ),
            DaemonError::Log { file, problem } => format!(
                "The server's log {} cannot be opened: {}",
                file.display(),
                system_text(problem, lang)
            ),
        }
    }
}

impl From<StoreError> for DaemonError {
    fn from(e: StoreError) -> DaemonError {
        match e {
            StoreError::Locked { path } => DaemonError::Locked { dir: path },
            other => DaemonError::Store(other),
        }
    }
}
