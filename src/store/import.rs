//! Loading a whole register into an empty database as one transaction.

use std::collections::{HashMap, HashSet};

use crate::model::{Field, Id, Invalid, Kind, Lang, MAX_ID, Register, Rule, Versioned};
use crate::store::apply::{self, Outcome};
use crate::store::audit::Operation;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Result, StoreError};
use crate::store::write::{self, AuditLog};
use crate::store::{Store, WriteId};

const ID: Field = Field::new("Id", "Id");

/// Ids run from 1 to [`MAX_ID`].
pub(crate) fn id_rule() -> Rule {
    Rule::NumberRange {
        min: 1,
        max: MAX_ID as i64,
    }
}

/// Checks the whole register first (ids, rules, references), then writes it all in one
/// transaction: a register that fails any check leaves the database as it was.
pub(crate) fn import(
    store: &EmbeddedStore,
    write: Option<WriteId>,
    register: &Register,
) -> Result<usize> {
    let count = {
        let _guard = store.lock_writes();
        if let Some(write) = &write
            && let Some(outcome) = apply::remembered(store, write)?
        {
            return match outcome {
                Outcome::Imported(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
                Outcome::Applied(_) => Err(StoreError::Storage(
                    "the write id of this import was used for another change".into(),
                )),
            };
        }
        if !store.is_empty()? {
            return Err(StoreError::NotEmpty);
        }
        let mut ids: HashMap<Kind, HashSet<Id>> = HashMap::new();
        for record in register.records() {
            if record.id() == 0 || record.id() > MAX_ID {
                return Err(StoreError::invalid(
                    record.kind(),
                    record.id(),
                    Invalid::new(ID, id_rule()),
                ));
            }
            if !ids.entry(record.kind()).or_default().insert(record.id()) {
                return Err(StoreError::DuplicateId(record.reference()));
            }
        }
        for record in register.records() {
            if let Err(problem) = record.validate() {
                return Err(StoreError::invalid(record.kind(), record.id(), problem));
            }
            for target in record.references() {
                let known = ids
                    .get(&target.kind)
                    .is_some_and(|s| s.contains(&target.id));
                if !known {
                    let field =
                        Field::new(target.kind.label(Lang::Cs), target.kind.label(Lang::En));
                    return Err(StoreError::invalid(
                        record.kind(),
                        record.id(),
                        Invalid::new(field, Rule::Dangling { id: target.id }),
                    ));
                }
            }
        }
        let mut writes = Vec::new();
        for record in register.records() {
            let stored = Versioned { rev: 1, record };
            writes.extend(write::record_writes(None, Some(&stored))?);
        }
        for (kind, set) in &ids {
            let next = set.iter().max().copied().unwrap_or(0) + 1;
            writes.push(write::next_id_write(*kind, next));
        }
        let count = register.len();
        let mut audit = AuditLog::start(store)?;
        audit.record(
            Operation::Import,
            None,
            None,
            &format!("{count} records imported"),
        )?;
        writes.extend(audit.finish());
        if let Some(write) = &write {
            writes.push(apply::remember(
                store,
                write,
                Outcome::Imported(count as u64),
            )?);
        }
        write::commit(store, &writes)?;
        count
    };
    store.flush()?;
    Ok(count)
}
