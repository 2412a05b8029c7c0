//! Applying a [`ChangeSet`] to the embedded database: every change is worked out under
//! the write lock against the database as the earlier changes of the set left it (a
//! staged overlay), then everything is committed in one sled transaction and flushed
//! once. A write with a [`WriteId`] is recorded in the same transaction, so that the same
//! write sent again is answered with its first outcome instead of being applied twice.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Id, Invalid, Kind, MAX_ID, Record, RecordRef, Rule, Versioned};
use crate::store::audit::Operation;
use crate::store::changeset::{Applied, Change, ChangeSet, Touched, WriteId, is_placeholder};
use crate::store::codec;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Result, StoreError};
use crate::store::keys;
use crate::store::schema::{TreeId, meta_next_id};
use crate::store::write::{
    AuditLog, Write, commit, last_author, read_counter, record_writes, reference_field, referring,
};

/// A write remembered for answering it again: its outcome and when it was made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Remembered {
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
}

/// What a remembered write did.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Outcome {
    Applied(Applied),
    Imported(u64),
}

/// The key a remembered write is kept under: the id, then the user who sent it (so one
/// user cannot read another's outcome by guessing an id).
fn write_key(write: &WriteId, user: &str) -> Vec<u8> {
    [write.0.as_slice(), user.as_bytes()].concat()
}

/// The outcome of a write made before under `write` by the store's user, if any.
pub(crate) fn remembered(store: &EmbeddedStore, write: &WriteId) -> Result<Option<Outcome>> {
    let key = write_key(write, &store.actor);
    let Some(bytes) = store.tree(TreeId::Writes)?.get(&key)? else {
        return Ok(None);
    };
    let remembered: Remembered = codec::decode(&bytes).map_err(|error| StoreError::Corrupt {
        tree: TreeId::Writes.name(),
        key,
        error,
    })?;
    Ok(Some(remembered.outcome))
}

/// The write that remembers `outcome` under `write`, for the same transaction.
pub(crate) fn remember(store: &EmbeddedStore, write: &WriteId, outcome: Outcome) -> Result<Write> {
    let remembered = Remembered {
        at: Utc::now(),
        outcome,
    };
    let bytes = codec::encode(&remembered).map_err(|e| StoreError::Storage(e.to_string()))?;
    Ok(Write::put(
        TreeId::Writes,
        write_key(write, &store.actor),
        bytes,
    ))
}

/// A write id used before for another kind of write.
fn reused(write: &WriteId) -> StoreError {
    StoreError::Storage(format!(
        "write id {:02x?} was used for another change",
        write.0
    ))
}

/// Applies `set`, all or nothing; with `write`, at most once.
pub(crate) fn apply(
    store: &EmbeddedStore,
    write: Option<WriteId>,
    set: ChangeSet,
) -> Result<Applied> {
    let applied = {
        let _guard = store.lock_writes();
        if let Some(write) = &write {
            match remembered(store, write)? {
                Some(Outcome::Applied(applied)) => return Ok(applied),
                Some(Outcome::Imported(_)) => return Err(reused(write)),
                None => {}
            }
        }
        let mut stage = Stage::new(store)?;
        for change in set.changes {
            stage.change(change)?;
        }
        let (mut writes, applied) = stage.finish()?;
        if let Some(write) = &write {
            writes.push(remember(store, write, Outcome::Applied(applied.clone()))?);
        }
        if !applied.touched.is_empty() {
            commit(store, &writes)?;
        }
        applied
    };
    store.flush()?;
    if write.is_some() {
        forget_now_and_then(store);
    }
    Ok(applied)
}

/// How long the outcome of a write is kept for a client that sends it again.
pub const REMEMBER_WRITES: chrono::Duration = chrono::Duration::days(1);

/// Every 10,000th remembered write, forgets those older than [`REMEMBER_WRITES`], so a
/// shared server that runs for months keeps a day's worth.
fn forget_now_and_then(store: &EmbeddedStore) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static REMEMBERED: AtomicU64 = AtomicU64::new(0);
    if REMEMBERED.fetch_add(1, Ordering::Relaxed) % 10_000 == 9_999 {
        // Only housekeeping: a failure here changes nothing the write did; the next
        // round tries again.
        let _ = forget_writes(store, REMEMBER_WRITES);
    }
}

/// Forgets remembered writes older than `age`: a client asks again within seconds or
/// minutes, never days later. Returns how many were forgotten.
pub(crate) fn forget_writes(store: &EmbeddedStore, age: chrono::Duration) -> Result<usize> {
    let cutoff = Utc::now() - age;
    let tree = store.tree(TreeId::Writes)?;
    let mut old = Vec::new();
    for entry in tree.iter() {
        let (key, bytes) = entry?;
        // An entry that cannot be read is no use for answering a write either.
        match codec::decode::<Remembered>(&bytes) {
            Ok(Remembered { at, .. }) if at >= cutoff => {}
            _ => old.push(key),
        }
    }
    let _guard = store.lock_writes();
    for key in &old {
        tree.remove(key)?;
    }
    Ok(old.len())
}

/// `record` points at `target`, which does not exist.
fn dangling(record: &Record, target: RecordRef) -> StoreError {
    StoreError::invalid(
        record.kind(),
        record.id(),
        Invalid::new(
            reference_field(target.kind),
            Rule::Dangling { id: target.id },
        ),
    )
}

/// The database as the changes so far have left it, and what they will write.
struct Stage<'a> {
    store: &'a EmbeddedStore,
    /// Records the set has touched, as it left them (none: deleted).
    records: BTreeMap<RecordRef, Option<Versioned<Record>>>,
    /// The next id to hand out per kind.
    next_ids: BTreeMap<Kind, Id>,
    /// Placeholder → the id its record was given.
    placeholders: BTreeMap<RecordRef, Id>,
    writes: Vec<Write>,
    audit: AuditLog,
    touched: Vec<Touched>,
}

impl<'a> Stage<'a> {
    fn new(store: &'a EmbeddedStore) -> Result<Stage<'a>> {
        Ok(Stage {
            store,
            records: BTreeMap::new(),
            next_ids: BTreeMap::new(),
            placeholders: BTreeMap::new(),
            writes: Vec::new(),
            audit: AuditLog::start(store)?,
            touched: Vec::new(),
        })
    }

    fn load(&self, r: RecordRef) -> Result<Option<Versioned<Record>>> {
        match self.records.get(&r) {
            Some(staged) => Ok(staged.clone()),
            None => self.store.load(r),
        }
    }

    /// The records pointing at `target`: the index, corrected by what the set changed.
    fn referring(&self, target: RecordRef) -> Result<Vec<RecordRef>> {
        let mut out: BTreeSet<RecordRef> = referring(self.store, target)?
            .into_iter()
            .filter(|source| !self.records.contains_key(source))
            .collect();
        for (source, staged) in &self.records {
            if let Some(v) = staged
                && v.record.references().contains(&target)
            {
                out.insert(*source);
            }
        }
        Ok(out.into_iter().collect())
    }

    fn current(&self, r: RecordRef, rev: u64) -> Result<Versioned<Record>> {
        let old = self.load(r)?.ok_or(StoreError::NotFound(r))?;
        if old.rev != rev {
            return Err(StoreError::Conflict {
                record: r,
                expected: rev,
                found: old.rev,
                by: last_author(self.store, r),
            });
        }
        Ok(old)
    }

    /// Refuses a record that breaks a rule or points at a record that does not exist.
    fn check(&self, record: &Record) -> Result<()> {
        if let Err(problem) = record.validate() {
            return Err(StoreError::invalid(record.kind(), record.id(), problem));
        }
        for target in record.references() {
            if self.load(target)?.is_none() {
                return Err(dangling(record, target));
            }
        }
        Ok(())
    }

    /// The rules between records (an action plan's year in its plan's period, …) hold
    /// once the whole set is applied: an undo may restore a record before the one it
    /// needs.
    /// A changed record also re-checks the plan's records that depend on it: a plan's
    /// new period its action plans, a measure's indicators its monitoring, a document's
    /// kind its plans.
    fn check_links(&self) -> Result<()> {
        for r in self.linked()? {
            let Some(staged) = self.load(r)? else {
                continue;
            };
            let record = &staged.record;
            let mut load = |r: RecordRef| self.load(r).map(|v| v.map(|v| v.record));
            let problems = crate::model::plan::links::cross_problems(record, &mut load)?;
            if let Some(problem) = problems.into_iter().next() {
                return Err(StoreError::invalid(record.kind(), record.id(), problem));
            }
        }
        Ok(())
    }

    /// The records whose links [`Stage::check_links`] checks: the ones the set left alive
    /// and, through the references index, every plan record that leans on one of them.
    fn linked(&self) -> Result<BTreeSet<RecordRef>> {
        let mut seen: BTreeSet<RecordRef> = BTreeSet::new();
        let mut todo: Vec<RecordRef> = self
            .records
            .iter()
            .filter(|(_, staged)| staged.is_some())
            .map(|(r, _)| *r)
            .collect();
        while let Some(r) = todo.pop() {
            if !seen.insert(r) {
                continue;
            }
            let leaned_on = r.kind == Kind::Document || Kind::PLAN.contains(&r.kind);
            if leaned_on && r.kind != Kind::Monitoring {
                todo.extend(
                    self.referring(r)?
                        .into_iter()
                        .filter(|s| Kind::PLAN.contains(&s.kind) && !seen.contains(s)),
                );
            }
        }
        Ok(seen)
    }

    /// The next free id of a kind: past both the counter and the highest id stored.
    fn next_id(&mut self, kind: Kind) -> Result<Id> {
        if let Some(&next) = self.next_ids.get(&kind) {
            return Ok(next);
        }
        let after_last = match self.store.last_id(kind)? {
            Some(id) => id.saturating_add(1),
            None => 1,
        };
        let next = read_counter(self.store, &meta_next_id(kind))?.max(after_last);
        self.next_ids.insert(kind, next);
        Ok(next)
    }

    /// Writes the record's move from `old` to `new` and remembers it.
    fn put(
        &mut self,
        operation: Operation,
        old: Option<Versioned<Record>>,
        new: Option<Versioned<Record>>,
    ) -> Result<()> {
        self.writes
            .extend(record_writes(old.as_ref(), new.as_ref())?);
        self.audit
            .record(operation, old.as_ref(), new.as_ref(), "")?;
        let Some(r) = new.as_ref().or(old.as_ref()).map(|v| v.record.reference()) else {
            return Ok(());
        };
        self.records.insert(r, new.clone());
        self.touched.push(Touched {
            before: old,
            after: new,
        });
        Ok(())
    }

    /// Points the record's references to placeholders at the ids their records got.
    fn resolve(&self, record: &mut Record) -> Result<()> {
        for target in record.references() {
            if !is_placeholder(target.id) {
                continue;
            }
            match self.placeholders.get(&target) {
                Some(&id) => {
                    record.remap(target, id);
                }
                None => {
                    return Err(dangling(record, target));
                }
            }
        }
        Ok(())
    }

    fn change(&mut self, change: Change) -> Result<()> {
        match change {
            Change::Create(record) => self.insert(record, false),
            Change::Restore(record) => self.insert(record, true),
            Change::Update { rev, mut record } => {
                self.resolve(&mut record)?;
                let old = self.current(record.reference(), rev)?;
                self.check(&record)?;
                let new = Versioned {
                    rev: old.rev + 1,
                    record,
                };
                self.put(Operation::Update, Some(old), Some(new))
            }
            Change::Delete {
                record,
                rev,
                cascade,
            } => self.delete(record, rev, cascade),
        }
    }

    /// A new record: under a fresh id, or (`keep_id`) under its own id if that is free.
    fn insert(&mut self, mut record: Record, keep_id: bool) -> Result<()> {
        let kind = record.kind();
        self.resolve(&mut record)?;
        let next = self.next_id(kind)?;
        let wanted = record.reference();
        let id = if keep_id {
            if record.id() == 0 || record.id() > MAX_ID {
                return Err(crate::store::import_check::id_out_of_range(
                    kind,
                    record.id(),
                ));
            }
            if self.load(wanted)?.is_some() {
                return Err(StoreError::DuplicateId(wanted));
            }
            record.id()
        } else {
            if next > MAX_ID {
                return Err(StoreError::IdsExhausted(kind));
            }
            if is_placeholder(record.id()) {
                self.placeholders.insert(wanted, next);
            }
            record.set_id(next);
            next
        };
        self.check(&record)?;
        self.next_ids.insert(kind, next.max(id + 1));
        self.put(Operation::Create, None, Some(Versioned { rev: 1, record }))
    }

    fn delete(&mut self, target: RecordRef, rev: u64, cascade: bool) -> Result<()> {
        let root = self.current(target, rev)?;
        if !cascade {
            let by = self.referring(target)?;
            if !by.is_empty() {
                let mut referrers = Vec::new();
                for source in by {
                    if let Some(v) = self.load(source)? {
                        referrers.push(crate::store::Referrer {
                            record: source,
                            title: crate::store::write::describe_with(&v.record, |r| self.load(r))?,
                        });
                    }
                }
                return Err(StoreError::Referenced {
                    record: target,
                    title: root.record.title(),
                    by: referrers,
                });
            }
        }
        // Work out the cascade: what must go with the record (in the order found), and
        // what only loses a mention.
        let mut doomed: Vec<Versioned<Record>> = vec![root];
        let mut gone: BTreeSet<RecordRef> = BTreeSet::from([target]);
        let mut changed: BTreeMap<RecordRef, (Versioned<Record>, Record)> = BTreeMap::new();
        let mut queue = vec![target];
        while let Some(lost) = queue.pop() {
            for source in self.referring(lost)? {
                if gone.contains(&source) {
                    continue;
                }
                let (old, mut edited) = match changed.remove(&source) {
                    Some(pair) => pair,
                    None => match self.load(source)? {
                        Some(v) => {
                            let record = v.record.clone();
                            (v, record)
                        }
                        None => continue,
                    },
                };
                if edited.detach(lost) {
                    changed.insert(source, (old, edited));
                } else {
                    gone.insert(source);
                    doomed.push(old);
                    queue.push(source);
                }
            }
        }
        // Mentions first, then the deleted records from the last found to the first,
        // so that undoing in reverse order restores each before what points at it.
        for (old, edited) in changed.into_values() {
            let new = Versioned {
                rev: old.rev + 1,
                record: edited,
            };
            self.put(Operation::Update, Some(old), Some(new))?;
        }
        for old in doomed.into_iter().rev() {
            self.put(Operation::Delete, Some(old), None)?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(Vec<Write>, Applied)> {
        self.check_links()?;
        for (kind, next) in &self.next_ids {
            self.writes.push(Write::put(
                TreeId::Meta,
                meta_next_id(*kind),
                keys::id_key(*next).to_vec(),
            ));
        }
        self.writes.extend(self.audit.finish());
        Ok((
            self.writes,
            Applied {
                touched: self.touched,
            },
        ))
    }
}
