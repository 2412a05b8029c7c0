//! `kpss` on a terminal: the application on the shared server when a daemon serves the
//! database, else on the database itself.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::app::live::LinkState;
use crate::app::terminal::{self, Pump};
use crate::app::{App, Keymap};
use crate::cli::open::{Opened, open};
use crate::model::Lang;
use crate::remote::{Connection, RemoteStore};
use crate::store::Store;

pub fn run(dir: &Path, socket: Option<&Path>, lang: Lang) -> Result<ExitCode, String> {
    let database = dir.display().to_string();
    let start = || -> Result<(App, Option<Pump>), String> {
        let today = chrono::Local::now().date_naive();
        let (mut app, pump, drafts) = match open(dir, socket, lang)? {
            Opened::Local(store) => {
                let user = store.actor().to_string();
                let app = App::new(Arc::new(store), lang, today, user, database.clone());
                (app, None, dir.join("drafts"))
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
        app.draft_path = Some(drafts.join(format!("{}.json", app.user)));
        // The kept draft stays on disk until the clerk answers the offer.
        if let Some(draft) = app.read_draft() {
            app.offer_draft(draft);
        }
        Ok((app, pump))
    };
    terminal::run(lang, &database, start).map(|_| ExitCode::SUCCESS)
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

/// Other clerks' changes and the state of the link, brought into the application
/// between keys.
fn pump(remote: &RemoteStore) -> Pump {
    let events = remote.events();
    let statuses = remote.status_changes();
    Box::new(move |app: &mut App| {
        let mut changed = false;
        while let Ok(status) = statuses.try_recv() {
            changed = true;
            match status {
                Connection::Connected => app.reconnected(),
                Connection::Reconnecting { .. } => {
                    app.connection = Some(LinkState::Reconnecting);
                }
                Connection::Failed(why) => {
                    app.connection = Some(LinkState::Reconnecting);
                    app.error(why);
                }
            }
        }
        while let Ok(event) = events.try_recv() {
            changed = true;
            app.apply_event(event);
        }
        changed
    })
}
