//! Loading a whole register into an empty database, all or nothing, in bounded memory.
//!
//! The records come one at a time (from a file read as it goes, or from a register in
//! memory) and are checked with compact id sets ([`ImportCheck`]). A database on disk
//! is built in a hidden directory beside the one in use, in batches, and swapped in
//! when complete ([`crate::store::staging`]); the store then reopens its engine on it,
//! so the shared server imports the same way. A register that fails any check leaves
//! the database as it was.

use std::path::Path;

use crate::interchange::{ReadError, Visit};
use crate::model::{MAX_ID, Record, Register, Rule, Versioned};
use crate::store::apply::{self, Outcome};
use crate::store::audit::Operation;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Result, StoreError};
use crate::store::import_check::ImportCheck;
use crate::store::staging::{self, Stage};
use crate::store::write::{self, AuditLog, Write};
use crate::store::{Store, WriteId};

/// Ids run from 1 to [`MAX_ID`].
pub(crate) fn id_rule() -> Rule {
    Rule::NumberRange {
        min: 1,
        max: MAX_ID as i64,
    }
}

/// Why a register file could not be imported.
#[derive(Debug)]
pub enum ImportError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file is not a register kpss can read.
    Read(ReadError),
    /// The register breaks a rule, or the database refused it.
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

impl From<Visit<StoreError>> for ImportError {
    fn from(v: Visit<StoreError>) -> Self {
        match v {
            Visit::Read(e) => ImportError::Read(e),
            Visit::Stopped(e) => ImportError::Store(e),
        }
    }
}

/// Where an import's records come from.
pub enum Source<'a> {
    /// A register file: read twice, once to check it and once to store it, so a
    /// refused file changes nothing at all.
    File(&'a Path),
    /// A stream read once (standard input): checked while it is stored, the stored
    /// part thrown away when it is refused.
    Stream(Box<dyn std::io::Read + 'a>),
}

/// How far an import has come: records so far, and of how many when that is known.
pub type Progress<'a> = &'a mut dyn FnMut(usize, Option<usize>);

/// One pass over the records: hands each to the function given, in order.
type Pass<'a, E> =
    dyn FnMut(&mut dyn FnMut(Record) -> Result<()>) -> std::result::Result<(), E> + 'a;

impl EmbeddedStore {
    /// Imports a register file into this empty database, all or nothing, holding no
    /// more than one record of it in memory at a time.
    pub fn import_file(
        &self,
        source: Source<'_>,
        progress: Progress<'_>,
    ) -> std::result::Result<usize, ImportError> {
        self.ready()?;
        let result = match source {
            Source::File(path) => {
                let mut pass = |each: &mut dyn FnMut(Record) -> Result<()>| {
                    let file = std::fs::File::open(path).map_err(ImportError::Io)?;
                    crate::interchange::visit(file, each)
                        .map(drop)
                        .map_err(ImportError::from)
                };
                import_with(self, None, true, &mut pass, progress)
            }
            Source::Stream(reader) => {
                let mut reader = Some(reader);
                let mut pass = |each: &mut dyn FnMut(Record) -> Result<()>| {
                    let reader = reader
                        .take()
                        .ok_or_else(|| StoreError::Storage("the stream was read".into()))?;
                    crate::interchange::visit(reader, each)
                        .map(drop)
                        .map_err(ImportError::from)
                };
                import_with(self, None, false, &mut pass, progress)
            }
        };
        if let Err(ImportError::Store(e)) = &result {
            self.note(e);
        }
        result
    }
}

/// Imports a register held in memory (the sample, a register sent to the shared server).
pub(crate) fn import(
    store: &EmbeddedStore,
    write: Option<WriteId>,
    register: &Register,
) -> Result<usize> {
    let mut pass = |each: &mut dyn FnMut(Record) -> Result<()>| -> Result<()> {
        register.records().try_for_each(each)
    };
    import_with(store, write, true, &mut pass, &mut |_, _| {})
}

/// Where the records go: a new database beside the one in use, or (for a temporary
/// database, which has no directory) one transaction in the database itself.
enum Sink {
    Stage(Box<Stage>),
    Memory(Vec<Write>),
}

fn import_with<E: From<StoreError>>(
    store: &EmbeddedStore,
    write: Option<WriteId>,
    check_first: bool,
    pass: &mut Pass<'_, E>,
    progress: Progress<'_>,
) -> std::result::Result<usize, E> {
    let count = {
        let _guard = store.lock_writes();
        if let Some(write) = &write
            && let Some(outcome) = apply::remembered(store, write)?
        {
            return match outcome {
                Outcome::Imported(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
                Outcome::Applied(_) => Err(StoreError::Storage(
                    "the write id of this import was used for another change".into(),
                )
                .into()),
            };
        }
        if !store.is_empty()? {
            return Err(StoreError::NotEmpty.into());
        }
        let total = if check_first {
            let mut check = ImportCheck::default();
            pass(&mut |record| check.record(&record))?;
            check.finish()?;
            Some(check.count())
        } else {
            None
        };
        let mut sink = match store.path() {
            Some(dir) => Sink::Stage(Box::new(Stage::create(dir, store.actor())?)),
            None => Sink::Memory(Vec::new()),
        };
        let mut check = ImportCheck::default();
        pass(&mut |record| {
            check.record(&record)?;
            match &mut sink {
                Sink::Stage(stage) => stage.put(record)?,
                Sink::Memory(writes) => {
                    let stored = Versioned { rev: 1, record };
                    writes.extend(write::record_writes(None, Some(&stored))?);
                }
            }
            let n = check.count();
            if n.is_multiple_of(staging::BATCH) {
                progress(n, total);
            }
            Ok(())
        })?;
        check.finish()?;
        let count = check.count();
        progress(count, total);
        let last = |on: &EmbeddedStore| -> Result<Vec<Write>> {
            let mut writes: Vec<Write> = check
                .next_ids()
                .map(|(kind, next)| write::next_id_write(kind, next))
                .collect();
            let mut audit = AuditLog::start(on)?;
            audit.record(
                Operation::Import,
                None,
                None,
                &format!("{count} records imported"),
            )?;
            writes.extend(audit.finish());
            if let Some(write) = &write {
                writes.push(apply::remember(on, write, Outcome::Imported(count as u64))?);
            }
            Ok(writes)
        };
        match sink {
            Sink::Stage(stage) => {
                let last = last(stage.staged_store()?)?;
                swap_in(store, *stage, &last)?;
            }
            Sink::Memory(mut writes) => {
                writes.extend(last(store)?);
                write::commit(store, &writes)?;
            }
        }
        count
    };
    store.flush()?;
    Ok(count)
}

/// Finishes the staged database and puts it in place of the store's own, then reopens
/// the store's engine on it. Runs under the write lock: no change of the old (empty)
/// database can slip in between.
pub(crate) fn swap_in(store: &EmbeddedStore, stage: Stage, last: &[Write]) -> Result<()> {
    let staged = stage.finish(last)?;
    let dir = staged.target().to_path_buf();
    if let Err(e) = staged.swap() {
        staged.discard();
        return Err(e);
    }
    // From here the new database is the one on disk, whatever happens to this process.
    let reopened = store.reopen_after_swap(&dir);
    staged.clear_old();
    reopened
}
