//! Which store a command works on. A socket named by `--socket`, `KPSS_SOCKET` or the
//! configuration file (in that order) must answer: when nothing does, the command fails
//! and says so, and no private database is ever opened or created in its place. With no
//! socket named anywhere, the daemon on `DIR/kpss.sock` if one answers there, else the
//! database itself (created when missing).

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use crate::cli::args::Cli;
use crate::cli::{database_dir, os_user};
use crate::config::Config;
use crate::daemon::default_socket;
use crate::model::Lang;
use crate::model::text::sanitize_line;
use crate::remote::RemoteStore;
use crate::store::{EmbeddedStore, Store, StoreError};

/// The store a command was given.
pub enum Opened {
    /// The database opened by this process alone.
    Local(EmbeddedStore),
    /// The database as the shared server serves it.
    Shared(RemoteStore),
}

impl Opened {
    pub fn store(&self) -> &dyn Store {
        match self {
            Opened::Local(store) => store,
            Opened::Shared(store) => store,
        }
    }

    /// How messages name the register: the directory opened here, or the shared
    /// server's database as the server names it (never the client's own directory).
    pub fn database(&self, dir: &Path, lang: Lang) -> String {
        match self {
            Opened::Local(_) => shown(dir),
            Opened::Shared(remote) => format!(
                "{} ({})",
                sanitize_line(&remote.database()),
                lang.pick("sdílený server", "shared server")
            ),
        }
    }
}

/// Who named the shared server's socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Option,
    Environment,
    File(PathBuf),
    /// `DIR/kpss.sock`, found there.
    Database,
}

impl Source {
    fn describe(&self, lang: Lang) -> String {
        match self {
            Source::Option => lang
                .pick("určuje ho volba --socket", "named by --socket")
                .into(),
            Source::Environment => lang
                .pick("určuje ho proměnná KPSS_SOCKET", "named by KPSS_SOCKET")
                .into(),
            Source::File(file) => format!(
                "{} {}",
                lang.pick("určuje ho soubor", "named by the file"),
                shown(file)
            ),
            Source::Database => lang
                .pick(
                    "soket ve složce databáze",
                    "the database directory's socket",
                )
                .into(),
        }
    }
}

/// Where the shared server is looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Socket {
    /// Named on purpose: the shared server must answer here.
    Configured { path: PathBuf, by: Source },
    /// `DIR/kpss.sock`: used when a daemon answers there.
    Detected(PathBuf),
}

impl Socket {
    pub fn path(&self) -> &Path {
        match self {
            Socket::Configured { path, .. } | Socket::Detected(path) => path,
        }
    }
}

/// The register a kpss process works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The database directory (`--db`/`KPSS_DB`, else the configuration's `database`,
    /// else the platform data directory).
    pub dir: PathBuf,
    pub socket: Socket,
}

impl Target {
    /// The socket by precedence: `--socket` > `KPSS_SOCKET` (clap merges the two) > the
    /// configuration file > `DIR/kpss.sock`.
    pub fn resolve(cli: &Cli, config: &Config, lang: Lang) -> Result<Target, String> {
        let dir = match (&cli.db, &config.database) {
            (None, Some(dir)) => dir.clone(),
            _ => database_dir(cli).ok_or_else(|| {
                lang.pick(
                    "nelze určit složku pro databázi; zadejte ji volbou --db",
                    "cannot find a data directory; give the database with --db",
                )
                .to_string()
            })?,
        };
        let socket = match (&cli.socket, &config.socket) {
            (Some(path), _) => {
                let from_env = std::env::var_os("KPSS_SOCKET")
                    .is_some_and(|value| Path::new(&value) == path.as_path());
                Socket::Configured {
                    path: path.clone(),
                    by: if from_env {
                        Source::Environment
                    } else {
                        Source::Option
                    },
                }
            }
            (None, Some(path)) => Socket::Configured {
                path: path.clone(),
                by: Source::File(config.file.clone().unwrap_or_default()),
            },
            (None, None) => Socket::Detected(default_socket(&dir)),
        };
        Ok(Target { dir, socket })
    }
}

/// Why no store could be opened.
#[derive(Debug)]
pub enum OpenError {
    /// A socket was named and nothing answers on it (no daemon, or one restarting).
    NoServer {
        socket: PathBuf,
        by: Source,
        why: String,
    },
    /// The operating system does not let this user reach the socket.
    NoAccess { socket: PathBuf },
    /// Anything else, as a finished message.
    Failed(String),
}

impl OpenError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            OpenError::NoServer { socket, by, why } => format!(
                "{} {} ({}; {}). {}",
                lang.pick(
                    "Sdílený server kpss neodpovídá na soketu",
                    "The shared kpss server does not answer on the socket"
                ),
                shown(socket),
                by.describe(lang),
                sanitize_line(why),
                lang.pick(
                    "Server se možná právě spouští: zkuste to za chvíli znovu. Trvá-li to, \
                     požádejte správce, ať ho spustí (systemctl start kpss).",
                    "It may be starting: try again in a moment. If this persists, ask the \
                     administrator to start it (systemctl start kpss).",
                ),
            ),
            OpenError::NoAccess { socket } => format!(
                "{} {} {}",
                lang.pick(
                    "Nemáte přístup ke sdílenému rejstříku kpss: soket",
                    "You have no access to the shared kpss register: the socket"
                ),
                shown(socket),
                lang.pick(
                    "vám systém nedovolí otevřít (přístup odepřen). Požádejte správce, ať vás \
                     přidá do skupiny kpss; změna platí od příštího přihlášení.",
                    "may not be opened by you (permission denied). Ask the administrator to \
                     add you to the group kpss; it takes effect at your next login.",
                ),
            ),
            OpenError::Failed(message) => message.clone(),
        }
    }

    /// The lines of the screen the terminal application shows while it waits for the
    /// shared server to answer, at the `attempt`-th try.
    pub fn waiting_lines(&self, lang: Lang, attempt: u32) -> Vec<String> {
        let mut lines = vec![
            lang.pick(
                "Připojuji se ke sdílenému serveru…",
                "Connecting to the shared server…",
            )
            .to_string(),
            String::new(),
        ];
        if let OpenError::NoServer { socket, by, why } = self {
            lines.push(shown(socket));
            lines.push(format!("({})", by.describe(lang)));
            lines.push(format!(
                "{} {}",
                lang.pick(
                    "Server zatím neodpovídá:",
                    "The server does not answer yet:"
                ),
                sanitize_line(why),
            ));
            lines.push(format!(
                "{} {attempt}).",
                lang.pick("Zkouším to znovu (pokus", "Trying again (attempt"),
            ));
            lines.push(
                lang.pick(
                    "Trvá-li to dlouho, požádejte správce, ať server spustí.",
                    "If this takes long, ask the administrator to start the server.",
                )
                .to_string(),
            );
        }
        lines.push(String::new());
        lines.push(
            lang.pick("q nebo Ctrl-C ukončí kpss", "q or Ctrl-C quits kpss")
                .to_string(),
        );
        lines
    }
}

fn shown(path: &Path) -> String {
    sanitize_line(&path.display().to_string())
}

/// The shared server if one answers, else (with no socket named) the database directly,
/// created when missing.
pub fn open(target: &Target, lang: Lang) -> Result<Opened, OpenError> {
    match &target.socket {
        Socket::Configured { path, by } => connect(path, by, lang),
        Socket::Detected(path) => {
            if RemoteStore::is_alive(path) {
                return connect(path, &Source::Database, lang);
            }
            if denied(path) {
                return Err(OpenError::NoAccess {
                    socket: path.clone(),
                });
            }
            std::fs::create_dir_all(&target.dir).map_err(|e| {
                OpenError::Failed(crate::cli::output::file_error(&target.dir, &e, lang))
            })?;
            open_local(&target.dir, lang)
        }
    }
}

/// The database itself, for `kpss check`, which reads every stored byte: refused while a
/// shared server answers on the socket, and never creates a database that is not there.
pub fn open_directly(target: &Target, lang: Lang) -> Result<Opened, OpenError> {
    if RemoteStore::is_alive(target.socket.path()) {
        return connect(target.socket.path(), &Source::Database, lang);
    }
    if !target.dir.is_dir() {
        return Err(OpenError::Failed(format!(
            "{} {}",
            lang.pick("Databáze neexistuje:", "There is no database at"),
            shown(&target.dir)
        )));
    }
    open_local(&target.dir, lang)
}

fn open_local(dir: &Path, lang: Lang) -> Result<Opened, OpenError> {
    EmbeddedStore::open(dir, &os_user())
        .map(Opened::Local)
        .map_err(|e| OpenError::Failed(e.message(lang)))
}

fn connect(socket: &Path, by: &Source, lang: Lang) -> Result<Opened, OpenError> {
    match RemoteStore::connect(socket, "kpss") {
        Ok(remote) => Ok(Opened::Shared(remote)),
        Err(StoreError::Disconnected(why)) => {
            if denied(socket) {
                return Err(OpenError::NoAccess {
                    socket: socket.to_path_buf(),
                });
            }
            // The remote names the socket first; the message names it once.
            let prefix = format!("{}: ", socket.display());
            let why = why.strip_prefix(&prefix).unwrap_or(&why).to_string();
            Err(OpenError::NoServer {
                socket: socket.to_path_buf(),
                by: by.clone(),
                why,
            })
        }
        Err(e) => Err(OpenError::Failed(format!(
            "{}: {}",
            shown(socket),
            e.message(lang)
        ))),
    }
}

/// Whether the operating system refuses this user the socket (its mode or group, or a
/// directory on the way): trying again will not help, an administrator must.
fn denied(socket: &Path) -> bool {
    matches!(
        UnixStream::connect(socket),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied
    )
}
