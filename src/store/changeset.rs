//! A change set: several creates, updates and deletes that belong together (a group and
//! its members, a series of meetings, an imported calendar, an undo), written in one
//! transaction, flushed once and announced as one batch. Either every change is stored or
//! none is.

use serde::{Deserialize, Serialize};

use crate::model::{Group, Id, Kind, MAX_ID, Membership, Record, RecordRef, Versioned};

/// One change of a set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// A new record under a fresh id. When the record's id is a [`placeholder`], later
    /// changes of the set may point at it by that placeholder: they are given the fresh
    /// id (a new group and its members).
    Create(Record),
    /// A deleted record put back under its own id (undo of a delete).
    Restore(Record),
    /// A record replaced; `rev` is the revision the change was based on.
    Update { rev: u64, record: Record },
    /// A record deleted at revision `rev`; with `cascade`, what cannot exist without it
    /// goes too and the rest only loses its mention of it.
    Delete {
        record: RecordRef,
        rev: u64,
        cascade: bool,
    },
}

/// Changes applied in order, all or nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub changes: Vec<Change>,
}

impl ChangeSet {
    pub fn new() -> ChangeSet {
        ChangeSet::default()
    }

    pub fn one(change: Change) -> ChangeSet {
        ChangeSet {
            changes: vec![change],
        }
    }

    /// A new group and its members, the members pointing at the group through a
    /// [`placeholder`] until the set gives it its id.
    pub fn new_group(mut group: Group, members: impl IntoIterator<Item = Membership>) -> ChangeSet {
        group.id = placeholder(0);
        let mut set = ChangeSet::one(Change::Create(Record::Group(group)));
        for mut member in members {
            member.id = 0;
            member.group = placeholder(0);
            set.push(Change::Create(Record::Membership(member)));
        }
        set
    }

    pub fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn len(&self) -> usize {
        self.changes.len()
    }
}

impl FromIterator<Change> for ChangeSet {
    fn from_iter<I: IntoIterator<Item = Change>>(iter: I) -> ChangeSet {
        ChangeSet {
            changes: iter.into_iter().collect(),
        }
    }
}

/// A stand-in id for a record created earlier in the same set: the `n`th placeholder.
/// Placeholders lie above [`MAX_ID`], so they can never be mistaken for a stored record.
pub const fn placeholder(n: u64) -> Id {
    MAX_ID.saturating_add(1).saturating_add(n)
}

/// Whether `id` is a [`placeholder`].
pub const fn is_placeholder(id: Id) -> bool {
    id > MAX_ID
}

/// One record as a change set left it: before and after (none when it did not exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touched {
    pub before: Option<Versioned<Record>>,
    pub after: Option<Versioned<Record>>,
}

impl Touched {
    pub fn reference(&self) -> Option<RecordRef> {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .map(|v| v.record.reference())
    }

    /// The revision the record has now; none when the set deleted it.
    pub fn rev(&self) -> Option<u64> {
        self.after.as_ref().map(|v| v.rev)
    }
}

/// What a change set did: every record it touched, in the order it touched them (a
/// cascade lists the records that only lost a mention first, then the deleted ones
/// from the leaves to the record asked for), so that [`Applied::inverse`] can put them
/// back in the reverse order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub touched: Vec<Touched>,
}

impl Applied {
    /// The records the set created, restored or changed, as stored now.
    pub fn stored(&self) -> impl Iterator<Item = &Versioned<Record>> {
        self.touched.iter().filter_map(|t| t.after.as_ref())
    }

    /// The records the set deleted.
    pub fn deleted(&self) -> Vec<RecordRef> {
        self.touched
            .iter()
            .filter(|t| t.after.is_none())
            .filter_map(Touched::reference)
            .collect()
    }

    /// Every record touched and its revision now (none: deleted), for change events.
    pub fn changes(&self) -> Vec<(RecordRef, Option<u64>)> {
        self.touched
            .iter()
            .filter_map(|t| Some((t.reference()?, t.rev())))
            .collect()
    }

    /// The first stored record of a kind: the one a single create or update made.
    pub fn first_of(&self, kind: Kind) -> Option<&Versioned<Record>> {
        self.stored().find(|v| v.record.kind() == kind)
    }

    /// The change set that undoes this one: deletes what it created, restores what it
    /// deleted and puts back what it changed, in reverse order, each at the revision
    /// this set left it at (so that a change made by someone else since is a conflict,
    /// not overwritten).
    pub fn inverse(&self) -> ChangeSet {
        self.touched
            .iter()
            .rev()
            .filter_map(|t| match (&t.before, &t.after) {
                (None, Some(after)) => Some(Change::Delete {
                    record: after.record.reference(),
                    rev: after.rev,
                    cascade: false,
                }),
                (Some(before), None) => Some(Change::Restore(before.record.clone())),
                (Some(before), Some(after)) => Some(Change::Update {
                    rev: after.rev,
                    record: before.record.clone(),
                }),
                (None, None) => None,
            })
            .collect()
    }
}

/// A write's id, chosen by the client so that a write sent again after a broken
/// connection is recognised and answered with its first outcome instead of being
/// applied twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WriteId(pub [u8; 16]);

impl WriteId {
    /// A fresh id: from the process's randomly keyed hasher, the clock and a counter, so
    /// that two clients (or two writes of one) never pick the same one.
    pub fn fresh() -> WriteId {
        use std::hash::{BuildHasher, Hasher};
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicU64, Ordering};
        static KEYS: OnceLock<(std::collections::hash_map::RandomState, u64)> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let (state, started) = KEYS.get_or_init(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0);
            (std::collections::hash_map::RandomState::new(), nanos)
        });
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let half = |salt: u64| {
            let mut h = state.build_hasher();
            h.write_u64(salt);
            h.write_u64(*started);
            h.write_u32(std::process::id());
            h.write_u64(n);
            h.finish()
        };
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&half(1).to_be_bytes());
        bytes[8..].copy_from_slice(&half(2).to_be_bytes());
        WriteId(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, Membership};

    fn versioned(rev: u64, record: Record) -> Versioned<Record> {
        Versioned { rev, record }
    }

    #[test]
    fn placeholders_lie_beyond_every_real_id() {
        assert!(!is_placeholder(1));
        assert!(!is_placeholder(MAX_ID));
        assert!(is_placeholder(placeholder(0)));
        assert!(is_placeholder(placeholder(7)));
        assert_ne!(placeholder(0), placeholder(1));
    }

    #[test]
    fn fresh_write_ids_differ() {
        let ids: std::collections::BTreeSet<WriteId> =
            (0..1000).map(|_| WriteId::fresh()).collect();
        assert_eq!(ids.len(), 1000);
    }

    #[test]
    fn the_inverse_undoes_in_reverse_order_at_the_revisions_left() {
        let group = Record::Group(Group {
            id: 3,
            name: "ŘS".into(),
            ..Group::default()
        });
        let member = |id, person| {
            Record::Membership(Membership {
                id,
                group: 3,
                person,
                ..Membership::default()
            })
        };
        let applied = Applied {
            touched: vec![
                Touched {
                    before: Some(versioned(2, group.clone())),
                    after: Some(versioned(3, group.clone())),
                },
                Touched {
                    before: None,
                    after: Some(versioned(1, member(10, 1))),
                },
                Touched {
                    before: Some(versioned(4, member(11, 2))),
                    after: None,
                },
            ],
        };
        let inverse = applied.inverse();
        assert_eq!(
            inverse.changes,
            vec![
                Change::Restore(member(11, 2)),
                Change::Delete {
                    record: RecordRef::new(Kind::Membership, 10),
                    rev: 1,
                    cascade: false
                },
                Change::Update {
                    rev: 3,
                    record: group
                },
            ]
        );
        assert_eq!(
            applied.deleted(),
            vec![RecordRef::new(Kind::Membership, 11)]
        );
        assert_eq!(
            applied.changes(),
            vec![
                (RecordRef::new(Kind::Group, 3), Some(3)),
                (RecordRef::new(Kind::Membership, 10), Some(1)),
                (RecordRef::new(Kind::Membership, 11), None),
            ]
        );
    }
}
