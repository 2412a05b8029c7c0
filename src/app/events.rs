//! The application's one event channel: keys and resizes from the terminal, other clerks'
//! changes and the state of the link from the shared server, results from the loader.
//! A burst of other clerks' changes is one refresh.

use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::KeyEvent;

use crate::app::loader::Loaded;
use crate::app::state::App;
use crate::protocol::Event;

/// Something that happened.
pub enum AppEvent {
    Key(KeyEvent),
    /// The terminal changed size: the next frame fits it.
    Resize,
    /// Another clerk's change set, or a register loaded anew.
    Remote(Event),
    /// The link to the shared server.
    Link(Link),
    /// A loader job's result.
    Loaded(Box<Loaded>),
    /// The terminal hung up: the clerk is gone.
    Gone,
    /// Reading the terminal failed.
    Failed(String),
}

/// How the link to the shared server changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Connected,
    Reconnecting,
    /// The server refused the client for good; why, in Czech and in English.
    Failed {
        cs: String,
        en: String,
    },
}

/// How long a burst of other clerks' changes may take to arrive whole before the screen
/// shows it.
pub const BURST: Duration = Duration::from_millis(30);

/// How long a frame waits for the reads a key asked for, so that a fast store gives one
/// frame per key and a slow one never holds the keys.
pub const SETTLE: Duration = Duration::from_millis(25);

/// What handling a batch of events came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Handled {
    /// Something changed on the screen.
    pub redraw: bool,
    /// The terminal is gone.
    pub gone: bool,
    /// Reading the terminal failed.
    pub failed: bool,
}

impl App {
    /// Handles events in order; other clerks' changes among them are applied once, at
    /// the end, as one refresh.
    pub fn handle_events(&mut self, batch: Vec<AppEvent>) -> Handled {
        let mut handled = Handled::default();
        let mut remote = Vec::new();
        for event in batch {
            handled.redraw = true;
            match event {
                AppEvent::Key(key) => {
                    if self.quitting() {
                        continue;
                    }
                    self.handle_key(key);
                    self.keep_draft();
                }
                AppEvent::Resize => {}
                AppEvent::Remote(event) => remote.push(event),
                AppEvent::Link(link) => self.link_changed(link),
                AppEvent::Loaded(loaded) => self.loaded(*loaded),
                AppEvent::Gone => handled.gone = true,
                AppEvent::Failed(e) => {
                    handled.failed = true;
                    self.error(e);
                }
            }
        }
        if !remote.is_empty() {
            self.apply_events(remote);
        }
        handled
    }
}

/// Every sender of the event channel is gone: nothing can come any more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed;

/// The next batch: the first event (waiting up to `wait`), everything already queued
/// behind it and, when other clerks' changes are among them, what else of the burst comes
/// within [`BURST`]. `None` when nothing came; `Err` when every sender is gone.
pub fn next_batch(
    events: &Receiver<AppEvent>,
    wait: Duration,
) -> Result<Option<Vec<AppEvent>>, Closed> {
    use std::sync::mpsc::RecvTimeoutError;
    let first = match events.recv_timeout(wait) {
        Ok(event) => event,
        Err(RecvTimeoutError::Timeout) => return Ok(None),
        Err(RecvTimeoutError::Disconnected) => return Err(Closed),
    };
    let mut batch = vec![first];
    batch.extend(events.try_iter());
    if batch.iter().any(|e| matches!(e, AppEvent::Remote(_))) {
        let until = Instant::now() + BURST;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match events.recv_timeout(left) {
                Ok(event) => batch.push(event),
                Err(_) => break,
            }
        }
    }
    Ok(Some(batch))
}

/// Waits up to [`SETTLE`] for the reads the application is waiting for, handling their
/// results; anything else that comes meanwhile is kept for the next batch.
pub fn settle(app: &mut App, events: &Receiver<AppEvent>, kept: &mut Vec<AppEvent>) {
    let until = Instant::now() + SETTLE;
    while app.loading() {
        let Some(left) = until.checked_duration_since(Instant::now()) else {
            return;
        };
        match events.recv_timeout(left) {
            Ok(AppEvent::Loaded(loaded)) => app.loaded(*loaded),
            Ok(other) => kept.push(other),
            Err(_) => return,
        }
    }
}
