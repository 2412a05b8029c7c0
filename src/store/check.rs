//! `kpss check`: walks every tree, decodes every value, and compares the indexes with
//! what the records say they should be.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::model::{Kind, MAX_ID, RecordRef};
use crate::store::audit::AuditEntry;
use crate::store::codec;
use crate::store::embedded::{EmbeddedStore, decode_record};
use crate::store::error::Result;
use crate::store::keys::{self, Index};
use crate::store::migrate;
use crate::store::schema::{SCHEMA_VERSION, TreeId, meta_next_id};

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Records per kind.
    pub records: BTreeMap<Kind, usize>,
    pub index_entries: usize,
    pub audit_entries: usize,
    /// Everything wrong, one line each.
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl EmbeddedStore {
    /// Reads the whole database and reports every inconsistency.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        match migrate::schema_version(self)? {
            Some(SCHEMA_VERSION) => {}
            other => report.problems.push(format!(
                "meta: schema version {other:?}, expected {SCHEMA_VERSION}"
            )),
        }
        let mut expected: BTreeSet<(Index, Vec<u8>)> = BTreeSet::new();
        let mut live: HashSet<RecordRef> = HashSet::new();
        let mut references = Vec::new();
        for kind in Kind::ALL {
            let tree = TreeId::Records(kind);
            let mut count = 0;
            for entry in self.tree(tree)?.iter() {
                let (key, bytes) = entry?;
                let stored = match decode_record(tree, &key, &bytes) {
                    Ok(stored) => stored,
                    Err(e) => {
                        report.problems.push(e.to_string());
                        continue;
                    }
                };
                let record = &stored.record;
                if record.kind() != kind || keys::id_key(record.id()).as_slice() != &key[..] {
                    report.problems.push(format!(
                        "{}: key {key:02x?} holds {} {}",
                        tree.name(),
                        record.kind().name(),
                        record.id()
                    ));
                    continue;
                }
                if record.id() == 0 || record.id() > MAX_ID {
                    report.problems.push(format!(
                        "{} {}: id out of range 1..={MAX_ID}",
                        kind.name(),
                        record.id()
                    ));
                }
                if let Err(problem) = record.validate() {
                    report.problems.push(format!(
                        "{} {}: {}",
                        kind.name(),
                        record.id(),
                        problem.message(crate::model::Lang::En)
                    ));
                }
                count += 1;
                live.insert(record.reference());
                references.extend(
                    record
                        .references()
                        .into_iter()
                        .map(|t| (record.reference(), t)),
                );
                expected.extend(keys::index_entries(record));
            }
            report.records.insert(kind, count);
        }
        for (source, target) in references {
            if !live.contains(&target) {
                report.problems.push(format!(
                    "{} {} points at {} {}, which does not exist",
                    source.kind.name(),
                    source.id,
                    target.kind.name(),
                    target.id
                ));
            }
        }
        let mut found: BTreeSet<(Index, Vec<u8>)> = BTreeSet::new();
        for index in Index::ALL {
            for entry in self.tree(TreeId::Index(index))?.iter() {
                let (key, value) = entry?;
                report.index_entries += 1;
                let entry = (index, key.to_vec());
                if !value.is_empty() || !expected.contains(&entry) {
                    report.problems.push(format!(
                        "{}: entry {:02x?} points at no live record (id {:?})",
                        index.tree_name(),
                        &key[..],
                        keys::trailing_id(&key)
                    ));
                }
                found.insert(entry);
            }
        }
        for (index, key) in expected.difference(&found) {
            report.problems.push(format!(
                "{}: record {:?} is not indexed (missing entry {key:02x?})",
                index.tree_name(),
                keys::trailing_id(key)
            ));
        }
        for kind in Kind::ALL {
            let key = meta_next_id(kind);
            if let Some(bytes) = self.tree(TreeId::Meta)?.get(&key)? {
                match keys::read_id(&bytes) {
                    Some(next) if (1..=MAX_ID.saturating_add(1)).contains(&next) => {}
                    other => report.problems.push(format!(
                        "meta: next id of {} is {other:?}, out of range 1..={}",
                        kind.name(),
                        MAX_ID.saturating_add(1)
                    )),
                }
            }
        }
        for entry in self.tree(TreeId::Audit)?.iter() {
            let (key, bytes) = entry?;
            report.audit_entries += 1;
            if let Err(e) = codec::decode::<AuditEntry>(&bytes) {
                report
                    .problems
                    .push(format!("audit: entry {key:02x?}: {e}"));
            }
        }
        Ok(report)
    }
}
