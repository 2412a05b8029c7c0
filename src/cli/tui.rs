//! `kpss` on a terminal: the application on the shared server when a daemon serves the
//! database, else on the database itself. When a socket is named and nothing answers
//! there yet, the terminal says so and kpss tries again until the server answers or the
//! clerk quits; it never opens another database in its place.
//!
//! On the database itself, the application also serves it to the clerk's other kpss
//! processes while it runs ([`OwnServer`]), and removes the socket when it ends.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use std::sync::mpsc::{Receiver, Sender};

use crate::app::drafts::{Drafts, SessionId};
use crate::app::events::{AppEvent, Link};
use crate::app::live::LinkState;
use crate::app::terminal::{self, Pump, Start, Waiting};
use crate::app::{App, Keymap};
use crate::cli::open::{OpenError, Opened, Socket, Target, open};
use crate::daemon::own::OwnServer;
use crate::model::Lang;
use crate::model::text::sanitize_line;
use crate::protocol::Event;
use crate::remote::{Connection, RemoteStore, backoff};
use crate::store::{EmbeddedStore, Store};

pub fn run(target: &Target, lang: Lang) -> Result<ExitCode, String> {
    let dir = target.dir.as_path();
    let database = dir.display().to_string();
    let configured = matches!(target.socket, Socket::Configured { .. });
    let mut own: Option<OwnServer> = None;
    let start = |waiting: &mut Waiting| -> Result<Start, String> {
        let mut attempt = 0;
        let opened = loop {
            match open(target, lang) {
                Ok(opened) => break opened,
                Err(e @ OpenError::NoServer { .. }) => {
                    attempt += 1;
                    let lines = e.waiting_lines(lang, attempt);
                    let shown = waiting
                        .show(&lines, backoff(attempt))
                        .map_err(|e| e.to_string())?;
                    if let Some(ending) = shown {
                        return Ok(Start::Ended(ending));
                    }
                }
                Err(e) => return Err(e.message(lang)),
            }
        };
        let today = chrono::Local::now().date_naive();
        let (mut app, pump, drafts) = match opened {
            Opened::Local(store) => {
                let user = store.actor().to_string();
                let (served, problem) = serve_own(dir, store, lang);
                let mut app = App::new(served.store, lang, today, user, database.clone());
                if let Some(problem) = problem {
                    app.error(problem);
                }
                own = served.server;
                (app, served.pump, dir.join("drafts"))
            }
            Opened::Shared(remote) => {
                let pump = pump(&remote);
                let (user, role) = (remote.user(), remote.role());
                let shown = format!(
                    "{} ({})",
                    remote.database(),
                    lang.pick("sdílený server", "shared server")
                );
                let store: Arc<dyn Store> = Arc::new(remote);
                let mut app = App::new(store, lang, today, user, shown);
                app.role = Some(role);
                app.connection = Some(LinkState::Connected);
                (app, Some(pump), own_drafts(dir))
            }
        };
        let (keymap, problem) = Keymap::load();
        app.keymap = keymap;
        if let Some(problem) = problem {
            app.error(format!(
                "{} {problem}",
                lang.pick("Vlastní klávesy nelze použít:", "Custom keymap ignored:")
            ));
        }
        // What is due comes first; a kept form's offer, if any, sits over it.
        app.start_session(crate::app::prefs::Prefs::user_file());
        start_drafts(&mut app, drafts);
        Ok(Start::Ready(Box::new(app), pump))
    };
    let first = |frame: &mut ratatui::Frame| {
        if configured {
            let connecting = lang.pick(
                "Připojuji se ke sdílenému serveru…",
                "Connecting to the shared server…",
            );
            let socket = sanitize_line(&target.socket.path().display().to_string());
            terminal::waiting_screen(frame, &[connecting.to_string(), socket]);
        } else {
            terminal::opening(frame, lang, &database);
        }
    };
    let ran = terminal::run(lang, &first, start);
    if let Some(server) = own
        && let Err(e) = server.shutdown()
    {
        eprintln!("kpss: {}", e.message(lang));
    }
    ran.map(|_| ExitCode::SUCCESS)
}

/// The database opened here, as the application gets it.
struct Served {
    store: Arc<dyn Store>,
    pump: Option<Pump>,
    server: Option<OwnServer>,
}

/// Serves the database opened here to the clerk's other kpss processes; when it cannot
/// be served, the application works on it alone and says why (the message).
fn serve_own(dir: &Path, store: EmbeddedStore, lang: Lang) -> (Served, Option<String>) {
    match OwnServer::start(dir, &store) {
        Ok(server) => {
            let served = Served {
                store: server.store(),
                pump: Some(own_pump(server.events())),
                server: Some(server),
            };
            (served, None)
        }
        Err(e) => {
            let problem = format!(
                "{} {}",
                lang.pick(
                    "Další příkazy kpss se k databázi nepřipojí, dokud je otevřená zde:",
                    "Other kpss commands cannot reach the database while it is open here:"
                ),
                e.message(lang)
            );
            let served = Served {
                store: Arc::new(store),
                pump: None,
                server: None,
            };
            (served, Some(problem))
        }
    }
}

/// Changes made through the own server (by the clerk's other kpss processes, and this
/// one's own) forwarded into the application's event channel by a thread that ends
/// with either.
fn own_pump(changes: Receiver<Event>) -> Pump {
    Box::new(move |events: Sender<AppEvent>| {
        std::thread::Builder::new()
            .name("kpss-own-changes".into())
            .spawn(move || {
                for change in changes {
                    if events.send(AppEvent::Remote(change)).is_err() {
                        return;
                    }
                }
            })?;
        Ok(())
    })
}

/// This session's drafts in `dir`; the drafts of sessions that are gone are offered
/// back.
fn start_drafts(app: &mut App, dir: PathBuf) {
    match SessionId::current() {
        Ok(session) => {
            let user = app.user.clone();
            app.start_drafts(Drafts::new(dir, session, user));
        }
        Err(e) => app.error(format!(
            "{} {}",
            app.lang.pick(
                "Rozepsané formuláře nelze ukládat (nelze zjistit, které spuštění kpss je toto):",
                "Open forms cannot be kept (this run of kpss cannot tell itself apart):"
            ),
            sanitize_line(&e.to_string())
        )),
    }
}

/// A clerk of the shared server may not write in the server's directory: drafts go to
/// the clerk's own data directory, one folder per database.
fn own_drafts(dir: &Path) -> PathBuf {
    let name: String = dir
        .display()
        .to_string()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    directories::ProjectDirs::from("cz", "kpss", "kpss")
        .map(|d| d.data_dir().join("drafts").join(name))
        .unwrap_or_else(|| dir.join("drafts"))
}

/// Other clerks' changes and the state of the link, forwarded into the application's
/// event channel by two threads that end with the channel.
fn pump(remote: &RemoteStore) -> Pump {
    let changes = remote.events();
    let statuses = remote.status_changes();
    Box::new(move |events: Sender<AppEvent>| {
        let to_app = events.clone();
        std::thread::Builder::new()
            .name("kpss-changes".into())
            .spawn(move || {
                for change in changes {
                    if to_app.send(AppEvent::Remote(change)).is_err() {
                        return;
                    }
                }
            })?;
        std::thread::Builder::new()
            .name("kpss-link".into())
            .spawn(move || {
                for status in statuses {
                    let link = match status {
                        Connection::Connected => Link::Connected,
                        Connection::Reconnecting { .. } => Link::Reconnecting,
                        Connection::Failed { cs, en } => Link::Failed { cs, en },
                    };
                    if events.send(AppEvent::Link(link)).is_err() {
                        return;
                    }
                }
            })?;
        Ok(())
    })
}
