//! Writes: every change is worked out in full under the write lock (record, index
//! entries, audit entry, counters) and then committed as one sled transaction, then
//! flushed before the caller hears it succeeded.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::model::{Field, Id, Invalid, Kind, Lang, Record, RecordRef, Rule, Versioned};
use crate::store::audit::{AuditEntry, Operation};
use crate::store::codec;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Referrer, Result, StoreError};
use crate::store::keys::{self, Index};
use crate::store::schema::{TreeId, meta_next_id};

/// `meta` key of the next audit sequence number.
const META_AUDIT_SEQ: &[u8] = b"audit_seq";

/// One key written (`Some`) or removed (`None`).
pub(crate) struct Write {
    pub tree: TreeId,
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
}

impl Write {
    pub fn put(tree: TreeId, key: impl Into<Vec<u8>>, value: Vec<u8>) -> Write {
        Write {
            tree,
            key: key.into(),
            value: Some(value),
        }
    }

    pub fn remove(tree: TreeId, key: impl Into<Vec<u8>>) -> Write {
        Write {
            tree,
            key: key.into(),
            value: None,
        }
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    codec::encode(value).map_err(|e| StoreError::Storage(e.to_string()))
}

/// Commits every write in one transaction and flushes.
pub(crate) fn commit(store: &EmbeddedStore, writes: &[Write]) -> Result<()> {
    let engine = store.engine()?;
    let trees: &[sled::Tree] = &engine.trees;
    let done = trees
        .transaction(|tx| {
            for w in writes {
                let tree = &tx[w.tree.slot()];
                match &w.value {
                    Some(value) => tree.insert(w.key.as_slice(), value.as_slice())?,
                    None => tree.remove(w.key.as_slice())?,
                };
            }
            Ok::<(), ConflictableTransactionError<StoreError>>(())
        })
        .map_err(|e| match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => StoreError::from(e),
        });
    store.committed();
    done
}

/// The writes that turn `old` into `new` in the record tree and every index.
pub(crate) fn record_writes(
    old: Option<&Versioned<Record>>,
    new: Option<&Versioned<Record>>,
) -> Result<Vec<Write>> {
    let entries = |v: Option<&Versioned<Record>>| -> BTreeSet<(Index, Vec<u8>)> {
        v.map(|v| keys::index_entries(&v.record).into_iter().collect())
            .unwrap_or_default()
    };
    let (before, after) = (entries(old), entries(new));
    let mut writes = Vec::new();
    match (old, new) {
        (_, Some(new)) => writes.push(Write::put(
            TreeId::Records(new.record.kind()),
            keys::id_key(new.record.id()),
            encode(new)?,
        )),
        (Some(old), None) => writes.push(Write::remove(
            TreeId::Records(old.record.kind()),
            keys::id_key(old.record.id()),
        )),
        (None, None) => {}
    }
    for (index, key) in before.difference(&after) {
        writes.push(Write::remove(TreeId::Index(*index), key.clone()));
    }
    for (index, key) in after.difference(&before) {
        writes.push(Write::put(TreeId::Index(*index), key.clone(), Vec::new()));
    }
    Ok(writes)
}

fn read_counter(store: &EmbeddedStore, key: &[u8]) -> Result<u64> {
    match store.tree(TreeId::Meta)?.get(key)? {
        Some(bytes) => keys::read_id(&bytes).ok_or_else(|| StoreError::Corrupt {
            tree: TreeId::Meta.name(),
            key: key.to_vec(),
            error: codec::CodecError::Undecodable("counter".into()),
        }),
        None => Ok(1),
    }
}

/// Hands out audit sequence numbers for one commit.
pub(crate) struct AuditLog {
    next: u64,
    actor: String,
    writes: Vec<Write>,
}

impl AuditLog {
    pub fn start(store: &EmbeddedStore) -> Result<AuditLog> {
        Ok(AuditLog {
            next: read_counter(store, META_AUDIT_SEQ)?,
            actor: store.actor.clone(),
            writes: Vec::new(),
        })
    }

    pub fn record(
        &mut self,
        operation: Operation,
        before: Option<&Versioned<Record>>,
        after: Option<&Versioned<Record>>,
        note: &str,
    ) -> Result<()> {
        let seq = self.next;
        self.next += 1;
        let record = after.or(before).map(|v| v.record.reference());
        let entry = AuditEntry {
            seq,
            at: Utc::now(),
            who: self.actor.clone(),
            operation,
            record,
            before: before.map(|v| v.record.clone()),
            after: after.map(|v| v.record.clone()),
            note: note.to_string(),
            rev: after.map(|v| v.rev).unwrap_or(0),
        };
        self.writes.push(Write::put(
            TreeId::Audit,
            keys::id_key(seq),
            encode(&entry)?,
        ));
        if let Some(r) = record {
            let key = [keys::refs_prefix(r), keys::id_key(seq).to_vec()].concat();
            self.writes
                .push(Write::put(TreeId::AuditByRecord, key, Vec::new()));
        }
        Ok(())
    }

    pub fn finish(mut self) -> Vec<Write> {
        self.writes.push(Write::put(
            TreeId::Meta,
            META_AUDIT_SEQ.to_vec(),
            keys::id_key(self.next).to_vec(),
        ));
        self.writes
    }
}

fn reference_field(kind: Kind) -> Field {
    Field::new(kind.label(Lang::Cs), kind.label(Lang::En))
}

/// Refuses a record that breaks a rule or points at a record that does not exist.
fn check_record(store: &EmbeddedStore, record: &Record) -> Result<()> {
    if let Err(problem) = record.validate() {
        return Err(StoreError::invalid(record.kind(), record.id(), problem));
    }
    for target in record.references() {
        if store.load(target)?.is_none() {
            return Err(StoreError::invalid(
                record.kind(),
                record.id(),
                Invalid::new(
                    reference_field(target.kind),
                    Rule::Dangling { id: target.id },
                ),
            ));
        }
    }
    Ok(())
}

pub(crate) fn create(store: &EmbeddedStore, record: Record) -> Result<Versioned<Record>> {
    insert(store, record, false)
}

pub(crate) fn restore(store: &EmbeddedStore, record: Record) -> Result<Versioned<Record>> {
    insert(store, record, true)
}

/// Writes a new record: under a fresh id, or (`keep_id`) under its own id if that is free.
fn insert(store: &EmbeddedStore, mut record: Record, keep_id: bool) -> Result<Versioned<Record>> {
    let stored = {
        let _guard = store.lock_writes();
        let kind = record.kind();
        // Ids are never reused: past both the counter and the highest id stored.
        let after_last = match store.tree(TreeId::Records(kind))?.last()? {
            Some((key, _)) => keys::read_id(&key).unwrap_or(0) + 1,
            None => 1,
        };
        let next = read_counter(store, &meta_next_id(kind))?.max(after_last);
        let id = if keep_id {
            if record.id() == 0 || store.load(record.reference())?.is_some() {
                return Err(StoreError::DuplicateId(record.reference()));
            }
            record.id()
        } else {
            record.set_id(next);
            next
        };
        check_record(store, &record)?;
        let stored = Versioned { rev: 1, record };
        let mut writes = record_writes(None, Some(&stored))?;
        writes.push(Write::put(
            TreeId::Meta,
            meta_next_id(kind),
            keys::id_key(next.max(id + 1)).to_vec(),
        ));
        let mut audit = AuditLog::start(store)?;
        audit.record(Operation::Create, None, Some(&stored), "")?;
        writes.extend(audit.finish());
        commit(store, &writes)?;
        stored
    };
    store.flush()?;
    Ok(stored)
}

/// The user who last changed a record, for a conflict message.
fn last_author(store: &EmbeddedStore, r: RecordRef) -> String {
    store
        .last_change(r)
        .ok()
        .flatten()
        .map(|e| e.who)
        .unwrap_or_default()
}

fn current(store: &EmbeddedStore, r: RecordRef, rev: u64) -> Result<Versioned<Record>> {
    let old = store.load(r)?.ok_or(StoreError::NotFound(r))?;
    if old.rev != rev {
        return Err(StoreError::Conflict {
            record: r,
            expected: rev,
            found: old.rev,
            by: last_author(store, r),
        });
    }
    Ok(old)
}

pub(crate) fn update(store: &EmbeddedStore, rev: u64, record: Record) -> Result<Versioned<Record>> {
    let stored = {
        let _guard = store.lock_writes();
        let old = current(store, record.reference(), rev)?;
        check_record(store, &record)?;
        let stored = Versioned {
            rev: old.rev + 1,
            record,
        };
        let mut writes = record_writes(Some(&old), Some(&stored))?;
        let mut audit = AuditLog::start(store)?;
        audit.record(Operation::Update, Some(&old), Some(&stored), "")?;
        writes.extend(audit.finish());
        commit(store, &writes)?;
        stored
    };
    store.flush()?;
    Ok(stored)
}

/// The records that point at `target`, from the refs index.
pub(crate) fn referring(store: &EmbeddedStore, target: RecordRef) -> Result<Vec<RecordRef>> {
    let mut out = Vec::new();
    for entry in store
        .tree(TreeId::Index(Index::Refs))?
        .scan_prefix(keys::refs_prefix(target))
    {
        let (key, _) = entry?;
        if let Some(source) = keys::refs_source(&key) {
            out.push(source);
        }
    }
    Ok(out)
}

pub(crate) fn referrers(store: &EmbeddedStore, target: RecordRef) -> Result<Vec<Referrer>> {
    let mut out = Vec::new();
    for source in referring(store, target)? {
        if let Some(v) = store.load(source)? {
            out.push(Referrer {
                record: source,
                title: describe(store, &v.record)?,
            });
        }
    }
    Ok(out)
}

/// The name a clerk knows a record by, with the names of the records it joins
/// ("Jana Nováková – ŘS Soběslav" for a membership).
fn describe(store: &EmbeddedStore, record: &Record) -> Result<String> {
    let title_of = |r: RecordRef| -> Result<String> {
        Ok(match store.load(r)? {
            Some(Versioned {
                record: Record::Group(g),
                ..
            }) => g.label().to_string(),
            Some(v) => v.record.title(),
            None => String::new(),
        })
    };
    Ok(match record {
        Record::Membership(m) => format!(
            "{} – {}",
            title_of(RecordRef::new(Kind::Person, m.person))?,
            title_of(RecordRef::new(Kind::Group, m.group))?
        ),
        Record::Meeting(m) if m.title.is_empty() => match m.group {
            Some(group) => format!(
                "{} {}",
                crate::model::date::format_date(m.date),
                title_of(RecordRef::new(Kind::Group, group))?
            ),
            None => record.title(),
        },
        _ => record.title(),
    })
}

pub(crate) fn delete(
    store: &EmbeddedStore,
    target: RecordRef,
    rev: u64,
    cascade: bool,
) -> Result<Vec<RecordRef>> {
    let deleted = {
        let _guard = store.lock_writes();
        let root = current(store, target, rev)?;
        if !cascade {
            let by = referrers(store, target)?;
            if !by.is_empty() {
                return Err(StoreError::Referenced {
                    record: target,
                    title: root.record.title(),
                    by,
                });
            }
        }
        // Work out the cascade: what must go with the record, and what only loses a mention.
        let mut doomed: BTreeMap<RecordRef, Versioned<Record>> = BTreeMap::new();
        let mut changed: BTreeMap<RecordRef, (Versioned<Record>, Record)> = BTreeMap::new();
        let mut queue = vec![target];
        doomed.insert(target, root);
        while let Some(gone) = queue.pop() {
            for source in referring(store, gone)? {
                if doomed.contains_key(&source) {
                    continue;
                }
                let (old, mut edited) = match changed.remove(&source) {
                    Some(pair) => pair,
                    None => match store.load(source)? {
                        Some(v) => {
                            let record = v.record.clone();
                            (v, record)
                        }
                        None => continue,
                    },
                };
                if edited.detach(gone) {
                    changed.insert(source, (old, edited));
                } else {
                    doomed.insert(source, old);
                    queue.push(source);
                }
            }
        }
        let mut writes = Vec::new();
        let mut audit = AuditLog::start(store)?;
        for old in doomed.values() {
            writes.extend(record_writes(Some(old), None)?);
            audit.record(Operation::Delete, Some(old), None, "")?;
        }
        for (old, edited) in changed.into_values() {
            let new = Versioned {
                rev: old.rev + 1,
                record: edited,
            };
            writes.extend(record_writes(Some(&old), Some(&new))?);
            audit.record(Operation::Update, Some(&old), Some(&new), "")?;
        }
        writes.extend(audit.finish());
        commit(store, &writes)?;
        doomed.into_keys().collect::<Vec<_>>()
    };
    store.flush()?;
    Ok(deleted)
}

/// The next id a kind would get; the import sets it past the highest imported id.
pub(crate) fn next_id_write(kind: Kind, next: Id) -> Write {
    Write::put(
        TreeId::Meta,
        meta_next_id(kind),
        keys::id_key(next).to_vec(),
    )
}
