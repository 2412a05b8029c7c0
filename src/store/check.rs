//! `kpss check`: walks every tree, decodes every value, and compares the indexes with
//! what the records say they should be.

use std::collections::{BTreeMap, HashSet};

use crate::model::{Invalid, Kind, Lang, MAX_ID, RecordRef};
use crate::store::audit::AuditEntry;
use crate::store::bulk::Entries;
use crate::store::codec;
use crate::store::codec::CodecError;
use crate::store::embedded::{EmbeddedStore, decode_record};
use crate::store::error::{Result, StoreError};
use crate::store::keys::{self, Index};
use crate::store::migrate;
use crate::store::packed;
use crate::store::plan_links::PlanLinks;
use crate::store::records;
use crate::store::schema::{SCHEMA_VERSION, TreeId, meta_next_id};

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Records per kind.
    pub records: BTreeMap<Kind, usize>,
    pub index_entries: usize,
    /// The sled keys the index entries are packed in.
    pub index_keys: usize,
    pub audit_entries: usize,
    /// Everything wrong, one each.
    pub problems: Vec<Problem>,
}

/// One thing wrong with the stored database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    SchemaVersion {
        found: Option<u8>,
    },
    /// A value that cannot be read.
    Unreadable(StoreError),
    /// A record under another record's key.
    Misplaced {
        tree: String,
        key: Vec<u8>,
        holds: RecordRef,
    },
    IdOutOfRange(RecordRef),
    /// A record that breaks a rule of the model.
    Invalid {
        record: RecordRef,
        problem: Invalid,
    },
    Dangling {
        source: RecordRef,
        target: RecordRef,
    },
    /// An index entry that no live record explains.
    StrayIndexEntry {
        index: &'static str,
        key: Vec<u8>,
    },
    MissingIndexEntry {
        index: &'static str,
        key: Vec<u8>,
    },
    CounterOutOfRange {
        kind: Kind,
        found: Option<u64>,
    },
    UnreadableAudit {
        key: Vec<u8>,
        error: CodecError,
    },
    /// A packed index value that does not decode, or whose entries are not in order.
    UnreadableIndex {
        index: &'static str,
        key: Vec<u8>,
        error: CodecError,
    },
}

impl Problem {
    /// The problem in one line, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let cs = lang == Lang::Cs;
        let name = |r: &RecordRef| format!("{} {}", r.kind.name(), r.id);
        match self {
            Problem::SchemaVersion { found } if cs => format!(
                "meta: verze schématu {}, očekávána {SCHEMA_VERSION}",
                found.map_or("chybí".to_string(), |v| v.to_string())
            ),
            Problem::SchemaVersion { found } => format!(
                "meta: schema version {}, expected {SCHEMA_VERSION}",
                found.map_or("missing".to_string(), |v| v.to_string())
            ),
            Problem::Unreadable(e) => e.message(lang),
            Problem::Misplaced { tree, key, holds } if cs => {
                format!("{tree}: klíč {key:02x?} nese {}", name(holds))
            }
            Problem::Misplaced { tree, key, holds } => {
                format!("{tree}: key {key:02x?} holds {}", name(holds))
            }
            Problem::IdOutOfRange(r) if cs => {
                format!("{}: id mimo rozsah 1..={MAX_ID}", name(r))
            }
            Problem::IdOutOfRange(r) => format!("{}: id out of range 1..={MAX_ID}", name(r)),
            Problem::Invalid { record, problem } => {
                format!("{}: {}", name(record), problem.message(lang))
            }
            Problem::Dangling { source, target } if cs => format!(
                "{} odkazuje na {}, který neexistuje",
                name(source),
                name(target)
            ),
            Problem::Dangling { source, target } => format!(
                "{} points at {}, which does not exist",
                name(source),
                name(target)
            ),
            Problem::StrayIndexEntry { index, key } if cs => format!(
                "{index}: položka {key:02x?} neukazuje na žádný živý záznam (id {:?})",
                keys::trailing_id(key)
            ),
            Problem::StrayIndexEntry { index, key } => format!(
                "{index}: entry {key:02x?} points at no live record (id {:?})",
                keys::trailing_id(key)
            ),
            Problem::MissingIndexEntry { index, key } if cs => format!(
                "{index}: záznam {:?} není v indexu (chybí položka {key:02x?})",
                keys::trailing_id(key)
            ),
            Problem::MissingIndexEntry { index, key } => format!(
                "{index}: record {:?} is not indexed (missing entry {key:02x?})",
                keys::trailing_id(key)
            ),
            Problem::CounterOutOfRange { kind, found } if cs => format!(
                "meta: příští id druhu {} je {found:?}, mimo rozsah 1..={}",
                kind.name(),
                MAX_ID.saturating_add(1)
            ),
            Problem::CounterOutOfRange { kind, found } => format!(
                "meta: next id of {} is {found:?}, out of range 1..={}",
                kind.name(),
                MAX_ID.saturating_add(1)
            ),
            Problem::UnreadableAudit { key, error } => StoreError::Corrupt {
                tree: TreeId::Audit.name(),
                key: key.clone(),
                error: error.clone(),
            }
            .message(lang),
            Problem::UnreadableIndex { index, key, error } => StoreError::Corrupt {
                tree: (*index).to_string(),
                key: key.clone(),
                error: error.clone(),
            }
            .message(lang),
        }
    }
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl EmbeddedStore {
    /// Compares every packed index value with the entries the records imply: each value
    /// must decode, hold its members in ascending order, and hold exactly those.
    fn check_indexes(&self, expected: &mut Entries, report: &mut CheckReport) -> Result<()> {
        let buckets: Vec<_> = expected.buckets().collect();
        let mut known: Vec<(Index, &[u8], usize)> = Vec::with_capacity(buckets.len());
        for (at, bucket) in buckets.iter().enumerate() {
            known.push((bucket.index, bucket.key, at));
            let tree = self.tree(TreeId::Index(bucket.index))?;
            let stored = match tree.get(bucket.key)? {
                // An unreadable value is reported with the stored buckets below.
                Some(value) => packed::decode(bucket.index, bucket.key, &value).unwrap_or_default(),
                None => Vec::new(),
            };
            for member in &bucket.members {
                if stored
                    .binary_search_by(|m| m.as_slice().cmp(member))
                    .is_err()
                {
                    report.problems.push(Problem::MissingIndexEntry {
                        index: bucket.index.tree_name(),
                        key: packed::join(bucket.index, bucket.key, member),
                    });
                }
            }
        }
        known.sort_unstable();
        for index in Index::ALL {
            for entry in self.tree(TreeId::Index(index))?.iter() {
                let (key, value) = entry?;
                let members = match packed::decode(index, &key, &value) {
                    Ok(members) => members,
                    Err(error) => {
                        report.problems.push(Problem::UnreadableIndex {
                            index: index.tree_name(),
                            key: key.to_vec(),
                            error,
                        });
                        continue;
                    }
                };
                report.index_entries += members.len();
                report.index_keys += 1;
                let wanted = known
                    .binary_search_by(|&(i, k, _)| (i, k).cmp(&(index, &key[..])))
                    .ok()
                    .and_then(|at| buckets.get(known[at].2));
                for member in members {
                    let explained = wanted.is_some_and(|b| {
                        b.members
                            .binary_search_by(|m| (*m).cmp(member.as_slice()))
                            .is_ok()
                    });
                    if !explained {
                        report.problems.push(Problem::StrayIndexEntry {
                            index: index.tree_name(),
                            key: packed::join(index, &key, &member),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads the whole database and reports every inconsistency.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        match migrate::schema_version(self)? {
            Some(SCHEMA_VERSION) => {}
            found => report.problems.push(Problem::SchemaVersion { found }),
        }
        let mut expected = Entries::default();
        let mut live: HashSet<RecordRef> = HashSet::new();
        let mut references = Vec::new();
        let mut links = PlanLinks::default();
        for kind in Kind::ALL {
            let tree = TreeId::Records(kind);
            let mut count = 0;
            for entry in records::iter_placed(&self.tree(tree)?, kind) {
                let (bucket, key, bytes) = match entry {
                    Ok(entry) => entry,
                    Err(e @ StoreError::Corrupt { .. }) => {
                        report.problems.push(Problem::Unreadable(e));
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                let stored = match decode_record(tree, &key, &bytes) {
                    Ok(stored) => stored,
                    Err(e) => {
                        report.problems.push(Problem::Unreadable(e));
                        continue;
                    }
                };
                let record = &stored.record;
                if record.kind() != kind
                    || keys::id_key(record.id()).as_slice() != &key[..]
                    || records::place(record) != bucket.as_ref()
                {
                    report.problems.push(Problem::Misplaced {
                        tree: tree.name(),
                        key: key.to_vec(),
                        holds: record.reference(),
                    });
                    continue;
                }
                if record.id() == 0 || record.id() > MAX_ID {
                    report
                        .problems
                        .push(Problem::IdOutOfRange(record.reference()));
                }
                if let Err(problem) = record.validate() {
                    report.problems.push(Problem::Invalid {
                        record: record.reference(),
                        problem,
                    });
                }
                count += 1;
                live.insert(record.reference());
                references.extend(
                    record
                        .references()
                        .into_iter()
                        .map(|t| (record.reference(), t)),
                );
                links.note(record);
                expected.add_record(record)?;
            }
            report.records.insert(kind, count);
        }
        for (source, target) in references {
            if !live.contains(&target) {
                report.problems.push(Problem::Dangling { source, target });
            }
        }
        for (record, problem) in links.problems() {
            report.problems.push(Problem::Invalid { record, problem });
        }
        self.check_indexes(&mut expected, &mut report)?;
        for kind in Kind::ALL {
            let key = meta_next_id(kind);
            if let Some(bytes) = self.tree(TreeId::Meta)?.get(&key)? {
                match keys::read_id(&bytes) {
                    Some(next) if (1..=MAX_ID.saturating_add(1)).contains(&next) => {}
                    found => report
                        .problems
                        .push(Problem::CounterOutOfRange { kind, found }),
                }
            }
        }
        for entry in self.tree(TreeId::Audit)?.iter() {
            let (key, bytes) = entry?;
            report.audit_entries += 1;
            if let Err(error) = codec::decode::<AuditEntry>(&bytes) {
                report.problems.push(Problem::UnreadableAudit {
                    key: key.to_vec(),
                    error,
                });
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::{Record, Region};
    use crate::store::Store;
    use crate::store::keys::Index;

    /// Found: `kpss check` printed its problems in English after a Czech "CHYBA".
    #[test]
    fn problems_are_said_in_one_language() {
        let store = EmbeddedStore::temporary("t").unwrap();
        store
            .create(Record::Region(Region {
                name: "Tábor".into(),
                ..Region::default()
            }))
            .unwrap();
        let stray = [
            keys::refs_prefix(RecordRef::new(Kind::Region, 9)),
            vec![0; 9],
        ]
        .concat();
        let (bucket, member) = packed::split(Index::Refs, &stray).unwrap();
        store
            .tree(TreeId::Index(Index::Refs))
            .unwrap()
            .insert(bucket, packed::encode(Index::Refs, &[member]))
            .unwrap();
        let report = store.check().unwrap();
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        let cs = report.problems[0].message(Lang::Cs);
        let en = report.problems[0].message(Lang::En);
        assert!(cs.contains("neukazuje na žádný živý záznam"), "{cs}");
        assert!(!cs.contains("points at"), "{cs}");
        assert!(en.contains("points at no live record"), "{en}");
        let dangling = Problem::Dangling {
            source: RecordRef::new(Kind::Meeting, 3),
            target: RecordRef::new(Kind::Person, 4),
        };
        assert!(dangling.message(Lang::Cs).contains("neexistuje"));
        assert!(dangling.message(Lang::En).contains("does not exist"));
    }

    /// Found: `kpss check` did not look at the plan's rules between records, so an action
    /// plan outside its plan's period, written past the editor, went unreported.
    #[test]
    fn a_plan_record_that_breaks_a_rule_between_records_is_reported() {
        let store = EmbeddedStore::temporary("t").unwrap();
        store
            .import(&crate::sample::sample_register().unwrap())
            .unwrap();
        assert!(store.check().unwrap().is_ok());
        let old = store
            .get(RecordRef::new(Kind::ActionPlan, 1))
            .unwrap()
            .unwrap();
        let mut new = old.clone();
        if let Record::ActionPlan(a) = &mut new.record {
            a.year = 2031;
        }
        let writes = crate::store::write::record_writes(Some(&old), Some(&new)).unwrap();
        crate::store::write::commit(&store, &writes).unwrap();
        let report = store.check().unwrap();
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        let cs = report.problems[0].message(Lang::Cs);
        assert!(cs.contains("2020") && cs.contains("2022"), "{cs}");
        assert!(matches!(
            &report.problems[0],
            Problem::Invalid { record, .. } if *record == RecordRef::new(Kind::ActionPlan, 1)
        ));
    }
}
