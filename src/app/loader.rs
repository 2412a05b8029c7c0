//! Reads for lists, details and history, off the thread that takes keys: a slow shared
//! server never freezes typing. The application hands the loader a job; the job's result
//! comes back through the application's one event channel as [`Loaded`]. Without a
//! channel (tests, benchmarks) the loader runs each job at once on the caller's thread,
//! through the same code.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::detail::Detail;
use crate::app::events::AppEvent;
use crate::app::history::HistoryPopup;
use crate::app::tabs::{Names, Row, Tab};
use crate::model::RecordRef;
use crate::store::{Result, Store};

/// What a job brings back.
pub enum Loaded {
    /// The names of regions and groups read anew, with the rows of the tab shown.
    Refresh {
        names: Result<Names>,
        tab: Tab,
        request: u64,
        rows: Result<Vec<Row>>,
    },
    /// A tab's rows.
    Rows {
        tab: Tab,
        request: u64,
        rows: Result<Vec<Row>>,
    },
    /// The detail of a record; `None` when the record is gone.
    Detail {
        record: RecordRef,
        request: u64,
        detail: Result<Option<Detail>>,
    },
    /// A record's history, to open (or to refresh, when `refresh`).
    History {
        record: RecordRef,
        refresh: bool,
        popup: Result<HistoryPopup>,
    },
}

/// A read to do with the store.
pub type Job = Box<dyn FnOnce(&dyn Store) -> Loaded + Send>;

/// Where jobs run.
pub struct Loader {
    store: Arc<dyn Store>,
    jobs: Option<Sender<Job>>,
}

impl Loader {
    /// Runs every job at once on the caller's thread.
    pub fn inline(store: Arc<dyn Store>) -> Loader {
        Loader { store, jobs: None }
    }

    /// Runs jobs in order on a thread of their own; results go to `events`. The thread
    /// ends when the loader is dropped.
    pub fn spawn(store: Arc<dyn Store>, events: Sender<AppEvent>) -> std::io::Result<Loader> {
        let (jobs, queue): (Sender<Job>, Receiver<Job>) = channel();
        let worker = Arc::clone(&store);
        std::thread::Builder::new()
            .name("kpss-loader".into())
            .spawn(move || {
                for job in queue {
                    if events
                        .send(AppEvent::Loaded(Box::new(job(worker.as_ref()))))
                        .is_err()
                    {
                        break;
                    }
                }
            })?;
        Ok(Loader {
            store,
            jobs: Some(jobs),
        })
    }

    /// Whether results come later, through the event channel.
    pub fn is_threaded(&self) -> bool {
        self.jobs.is_some()
    }

    /// Runs a job: at once (the result is returned), or on the loader's thread (`None`;
    /// the result comes as an event). A loader thread that is gone runs the job here.
    pub fn run(&self, job: Job) -> Option<Loaded> {
        match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => None,
                Err(returned) => Some((returned.0)(self.store.as_ref())),
            },
            None => Some(job(self.store.as_ref())),
        }
    }
}
