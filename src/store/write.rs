//! Writes: every change is worked out in full under the write lock (record, index
//! entries, audit entry, counters) and then committed as one sled transaction, then
//! flushed before the caller hears it succeeded.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::model::{Field, Id, Kind, Lang, Record, RecordRef, Versioned};
use crate::store::audit::{AuditEntry, Operation};
use crate::store::codec;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Referrer, Result, StoreError};
use crate::store::keys::{self, Index};
use crate::store::packed;
use crate::store::records;
use crate::store::schema::{TreeId, meta_next_id};

/// `meta` key of the next audit sequence number.
const META_AUDIT_SEQ: &[u8] = b"audit_seq";

/// One key written, removed, or one member added to or taken from a packed index value
/// ([`packed`]).
pub(crate) struct Write {
    pub tree: TreeId,
    pub key: Vec<u8>,
    pub op: Op,
}

pub(crate) enum Op {
    Put(Vec<u8>),
    Remove,
    /// Adds (`add`) or removes a member of the bucket `key` of an index: read, changed
    /// and written back in the same transaction.
    Pack {
        index: Index,
        member: Vec<u8>,
        add: bool,
    },
    /// Sets (`Some`) or removes record `id` in the record bucket `key`
    /// ([`records`]): read, changed and written back in the same transaction.
    Record {
        kind: Kind,
        id: Id,
        value: Option<Vec<u8>>,
    },
}

impl Write {
    pub fn put(tree: TreeId, key: impl Into<Vec<u8>>, value: Vec<u8>) -> Write {
        Write {
            tree,
            key: key.into(),
            op: Op::Put(value),
        }
    }

    pub fn remove(tree: TreeId, key: impl Into<Vec<u8>>) -> Write {
        Write {
            tree,
            key: key.into(),
            op: Op::Remove,
        }
    }

    /// `record` set to its stored bytes, or removed (`None`), in the bucket it belongs
    /// in ([`records::place`]).
    pub fn record(record: &Record, value: Option<Vec<u8>>) -> Write {
        let kind = record.kind();
        Write {
            tree: TreeId::Records(kind),
            key: records::place(record),
            op: Op::Record {
                kind,
                id: record.id(),
                value,
            },
        }
    }

    /// A logical index entry added (`add`) or removed.
    pub fn index_entry(index: Index, key: &[u8], add: bool) -> Result<Write> {
        let (bucket, member) = packed::split(index, key).ok_or_else(|| {
            StoreError::Storage(format!("{}: index key too short", index.tree_name()))
        })?;
        Ok(Write {
            tree: TreeId::Index(index),
            key: bucket,
            op: Op::Pack { index, member, add },
        })
    }
}

/// The members a transaction adds to and removes from each packed bucket, in order.
type PackedChanges<'a> = BTreeMap<(usize, &'a [u8]), (Index, Vec<(bool, &'a [u8])>)>;

/// The records a transaction sets or removes in each record bucket, in order.
type RecordChanges<'a> = BTreeMap<(usize, &'a [u8]), (Kind, Vec<(Id, Option<&'a [u8]>)>)>;

fn abort(e: StoreError) -> ConflictableTransactionError<StoreError> {
    ConflictableTransactionError::Abort(e)
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    codec::encode(value).map_err(|e| StoreError::Storage(e.to_string()))
}

/// Commits every write in one transaction and flushes.
pub(crate) fn commit(store: &EmbeddedStore, writes: &[Write]) -> Result<()> {
    let engine = store.engine()?;
    let trees: &[sled::Tree] = &engine.trees;
    let mut packs: PackedChanges = BTreeMap::new();
    let mut buckets: RecordChanges = BTreeMap::new();
    for w in writes {
        match &w.op {
            Op::Pack { index, member, add } => packs
                .entry((w.tree.slot(), w.key.as_slice()))
                .or_insert_with(|| (*index, Vec::new()))
                .1
                .push((*add, member.as_slice())),
            Op::Record { kind, id, value } => buckets
                .entry((w.tree.slot(), w.key.as_slice()))
                .or_insert_with(|| (*kind, Vec::new()))
                .1
                .push((*id, value.as_deref())),
            Op::Put(_) | Op::Remove => {}
        }
    }
    let done = trees
        .transaction(|tx| {
            for w in writes {
                let tree = &tx[w.tree.slot()];
                match &w.op {
                    Op::Put(value) => {
                        tree.insert(w.key.as_slice(), value.as_slice())?;
                    }
                    Op::Remove => {
                        tree.remove(w.key.as_slice())?;
                    }
                    Op::Pack { .. } | Op::Record { .. } => {}
                }
            }
            for (&(slot, bucket), (kind, changes)) in &buckets {
                let tree = &tx[slot];
                let stored = tree.get(bucket)?;
                let mut value = stored.as_deref().map(<[u8]>::to_vec);
                for &(id, bytes) in changes {
                    value =
                        records::with_in(*kind, value.as_deref(), id, bytes).map_err(|error| {
                            abort(StoreError::Corrupt {
                                tree: TreeId::Records(*kind).name(),
                                key: bucket.to_vec(),
                                error,
                            })
                        })?;
                }
                match value {
                    Some(value) => tree.insert(bucket, value)?,
                    None => tree.remove(bucket)?,
                };
            }
            for (&(slot, bucket), (index, changes)) in &packs {
                let tree = &tx[slot];
                let mut members = match tree.get(bucket)? {
                    Some(value) => packed::decode(*index, bucket, &value).map_err(|error| {
                        abort(StoreError::Corrupt {
                            tree: index.tree_name().into(),
                            key: bucket.to_vec(),
                            error,
                        })
                    })?,
                    None => Vec::new(),
                };
                for &(add, member) in changes {
                    match (members.binary_search_by(|m| m.as_slice().cmp(member)), add) {
                        (Err(at), true) => members.insert(at, member.to_vec()),
                        (Ok(at), false) => {
                            members.remove(at);
                        }
                        _ => {}
                    }
                }
                if members.is_empty() {
                    tree.remove(bucket)?;
                } else {
                    tree.insert(bucket, packed::encode(*index, &members))?;
                }
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
        (_, Some(new)) => {
            writes.push(Write::record(&new.record, Some(encode(new)?)));
            // A meeting moved to another day leaves its old day's bucket.
            if let Some(old) = old
                && records::place(&old.record) != records::place(&new.record)
            {
                writes.push(Write::record(&old.record, None));
            }
        }
        (Some(old), None) => writes.push(Write::record(&old.record, None)),
        (None, None) => {}
    }
    for (index, key) in before.difference(&after) {
        writes.push(Write::index_entry(*index, key, false)?);
    }
    for (index, key) in after.difference(&before) {
        writes.push(Write::index_entry(*index, key, true)?);
    }
    Ok(writes)
}

/// A new record's writes as the layouts before schema 7 kept it, one key per record (the
/// migration steps from those versions write what the later steps read).
pub(crate) fn record_writes_by_id(new: &Versioned<Record>) -> Result<Vec<Write>> {
    Ok(record_writes(None, Some(new))?
        .into_iter()
        .map(|w| match w.op {
            Op::Record {
                id,
                value: Some(value),
                ..
            } => Write::put(w.tree, keys::id_key(id), value),
            _ => w,
        })
        .collect())
}

pub(crate) fn read_counter(store: &EmbeddedStore, key: &[u8]) -> Result<u64> {
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

    /// An entry that names a record but holds none of its values (an erasure, a
    /// disclosure of personal data).
    pub fn record_about(
        &mut self,
        operation: Operation,
        record: RecordRef,
        rev: u64,
        note: &str,
    ) -> Result<()> {
        let seq = self.next;
        self.next += 1;
        let entry = AuditEntry {
            seq,
            at: Utc::now(),
            who: self.actor.clone(),
            operation,
            record: Some(record),
            before: None,
            after: None,
            note: note.to_string(),
            rev,
        };
        self.writes.push(Write::put(
            TreeId::Audit,
            keys::id_key(seq),
            encode(&entry)?,
        ));
        let key = [keys::refs_prefix(record), keys::id_key(seq).to_vec()].concat();
        self.writes
            .push(Write::put(TreeId::AuditByRecord, key, Vec::new()));
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

pub(crate) fn reference_field(kind: Kind) -> Field {
    Field::new(kind.label(Lang::Cs), kind.label(Lang::En))
}

/// The user who last changed a record, for a conflict message.
pub(crate) fn last_author(store: &EmbeddedStore, r: RecordRef) -> String {
    store
        .last_change(r)
        .ok()
        .flatten()
        .map(|e| e.who)
        .unwrap_or_default()
}

/// The records that point at `target`, from the refs index.
pub(crate) fn referring(store: &EmbeddedStore, target: RecordRef) -> Result<Vec<RecordRef>> {
    let tree = store.tree(TreeId::Index(Index::Refs))?;
    let mut out = Vec::new();
    for key in packed::scan_prefix(&tree, Index::Refs, &keys::refs_prefix(target))? {
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
                title: describe_with(&v.record, |r| store.load(r))?,
            });
        }
    }
    Ok(out)
}

/// The name a clerk knows a record by, with the names of the records it joins
/// ("Jana Nováková – ŘS Soběslav" for a membership); `load` reads the records joined.
pub(crate) fn describe_with(
    record: &Record,
    load: impl Fn(RecordRef) -> Result<Option<Versioned<Record>>>,
) -> Result<String> {
    let title_of = |r: RecordRef| -> Result<String> {
        Ok(match load(r)? {
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

/// The next id a kind would get; the import sets it past the highest imported id.
pub(crate) fn next_id_write(kind: Kind, next: Id) -> Write {
    Write::put(
        TreeId::Meta,
        meta_next_id(kind),
        keys::id_key(next).to_vec(),
    )
}
