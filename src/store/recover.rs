//! The open sled database, and its reopening after the engine failed.
//!
//! When a write fails with a full disk or an I/O error, sled keeps the error and answers
//! every later call with it, even once space is freed, and what it holds in memory may
//! include the change that never reached the disk. So the store marks itself failed, and
//! before the next call closes the database and opens it again from the disk: a
//! long-running process (the shared server, a clerk's open application) recovers by
//! itself as soon as the disk has room again.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Result, StoreError};
use crate::store::open;
use crate::store::schema::TreeId;

/// The sled database and every tree of the register, in the order of [`TreeId::all`].
pub(crate) struct Engine {
    pub db: sled::Db,
    pub trees: Vec<sled::Tree>,
}

impl Engine {
    pub fn new(db: sled::Db) -> Result<Engine> {
        let trees = TreeId::all()
            .into_iter()
            .map(|t| db.open_tree(t.name()))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Engine { db, trees })
    }
}

/// The engine in use, or why there is none (it failed and could not be reopened yet).
pub(crate) struct Slot {
    engine: RwLock<std::result::Result<Arc<Engine>, StoreError>>,
    failed: AtomicBool,
    /// One reopening at a time.
    reopening: Mutex<()>,
}

impl Slot {
    pub fn new(engine: Engine) -> Slot {
        Slot {
            engine: RwLock::new(Ok(Arc::new(engine))),
            failed: AtomicBool::new(false),
            reopening: Mutex::new(()),
        }
    }
}

/// How long reopening waits for the old engine's last users (reads in flight on other
/// threads) to let go of the database's lock.
const RELEASE_WAIT: Duration = Duration::from_secs(5);

impl EmbeddedStore {
    /// The engine in use.
    pub(crate) fn engine(&self) -> Result<Arc<Engine>> {
        self.inner
            .slot
            .engine
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn tree(&self, id: TreeId) -> Result<sled::Tree> {
        let engine = self.engine()?;
        engine
            .trees
            .get(id.slot())
            .cloned()
            .ok_or_else(|| StoreError::Storage(format!("no tree {}", id.name())))
    }

    /// Runs one call of the store: reopens a failed database first, and marks the
    /// database failed when the call meets an engine failure.
    pub(crate) fn guarded<T>(&self, call: impl FnOnce() -> Result<T>) -> Result<T> {
        self.ready()?;
        let result = call();
        if let Err(e) = &result {
            self.note(e);
        }
        result
    }

    /// Marks the database failed when `e` is an engine failure.
    pub(crate) fn note(&self, e: &StoreError) {
        if e.is_engine_failure() {
            self.inner.slot.failed.store(true, Ordering::SeqCst);
        }
    }

    /// Whether the database failed and waits to be reopened.
    pub fn has_failed(&self) -> bool {
        self.inner.slot.failed.load(Ordering::SeqCst)
    }

    /// Reopens the database when it has failed; an error when it cannot be reopened yet
    /// (the disk is still full).
    pub(crate) fn ready(&self) -> Result<()> {
        if !self.has_failed() {
            return Ok(());
        }
        let slot = &self.inner.slot;
        let _one = slot
            .reopening
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !self.has_failed() {
            return Ok(());
        }
        let Some(dir) = self.path().map(std::path::Path::to_path_buf) else {
            return Err(StoreError::Io(
                "a temporary database cannot be reopened".into(),
            ));
        };
        // No write may be half-way while the engine changes under it.
        let _writes = self.lock_writes();
        {
            let mut engine = slot.engine.write().unwrap_or_else(PoisonError::into_inner);
            // Calls already under way end with this (not an engine failure of its own).
            *engine = Err(StoreError::Storage(
                "the database is being reopened / databáze se znovu otevírá".into(),
            ));
        }
        let started = Instant::now();
        let reopened = loop {
            match open::open_db(&dir).and_then(Engine::new) {
                // Reads that began before the failure still hold the old database.
                Err(StoreError::Locked { .. }) if started.elapsed() < RELEASE_WAIT => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                other => break other,
            }
        };
        let mut engine = slot.engine.write().unwrap_or_else(PoisonError::into_inner);
        match reopened {
            Ok(fresh) => {
                *engine = Ok(Arc::new(fresh));
                slot.failed.store(false, Ordering::SeqCst);
                drop(engine);
                self.committed();
                Ok(())
            }
            Err(e) => {
                *engine = Err(e.clone());
                Err(e)
            }
        }
    }
}
