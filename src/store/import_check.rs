//! The checks of an import, one record at a time: ids in range and unique per kind,
//! each record's own rules, and references to records that exist somewhere in the
//! register. Holds only compact id sets, never the records, so a national register is
//! checked in a few megabytes.

use std::collections::{HashMap, HashSet};

use crate::model::{Field, Id, Invalid, Kind, Lang, MAX_ID, Record, RecordRef, Rule};
use crate::store::error::{Result, StoreError};
use crate::store::import::id_rule;
use crate::store::plan_links::PlanLinks;

const ID: Field = Field::new("Id", "Id");

/// An id outside 1..=[`MAX_ID`], refused wherever a record brings its own id.
pub(crate) fn id_out_of_range(kind: Kind, id: Id) -> StoreError {
    StoreError::invalid(kind, id, Invalid::new(ID, id_rule()))
}

#[derive(Default)]
pub(crate) struct ImportCheck {
    ids: HashMap<Kind, HashSet<Id>>,
    /// References to records not seen yet, each with the first record that made it
    /// (by its place in the file): a file may name a record before it lists it.
    wanted: HashMap<RecordRef, (usize, RecordRef)>,
    count: usize,
    /// The plan's records, for its rules between records.
    links: PlanLinks,
}

impl ImportCheck {
    /// Checks one record; the first problem refuses the whole register.
    pub fn record(&mut self, record: &Record) -> Result<()> {
        let (kind, id) = (record.kind(), record.id());
        if id == 0 || id > MAX_ID {
            return Err(id_out_of_range(kind, id));
        }
        if !self.ids.entry(kind).or_default().insert(id) {
            return Err(StoreError::DuplicateId(record.reference()));
        }
        if let Err(problem) = record.validate() {
            return Err(StoreError::invalid(kind, id, problem));
        }
        for target in record.references() {
            let known = self
                .ids
                .get(&target.kind)
                .is_some_and(|s| s.contains(&target.id));
            if !known {
                self.wanted
                    .entry(target)
                    .or_insert((self.count, record.reference()));
            }
        }
        self.links.note(record);
        self.count += 1;
        Ok(())
    }

    /// After the last record: every reference must have found its record, and the plan's
    /// records keep its rules between records. The refusal names the first record in the
    /// file that points at nothing, else the first plan record that breaks a rule.
    pub fn finish(&self) -> Result<()> {
        let dangling = self
            .wanted
            .iter()
            .filter(|(target, _)| {
                !self
                    .ids
                    .get(&target.kind)
                    .is_some_and(|s| s.contains(&target.id))
            })
            .min_by_key(|(target, (at, _))| (*at, **target));
        match dangling {
            None => match self.links.problems().into_iter().next() {
                None => Ok(()),
                Some((record, problem)) => {
                    Err(StoreError::invalid(record.kind, record.id, problem))
                }
            },
            Some((target, (_, source))) => {
                let field = Field::new(target.kind.label(Lang::Cs), target.kind.label(Lang::En));
                Err(StoreError::invalid(
                    source.kind,
                    source.id,
                    Invalid::new(field, Rule::Dangling { id: target.id }),
                ))
            }
        }
    }

    /// How many records were checked.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The next id each kind hands out: one past the highest imported.
    pub fn next_ids(&self) -> impl Iterator<Item = (Kind, Id)> + '_ {
        self.ids
            .iter()
            .map(|(kind, set)| (*kind, set.iter().max().copied().unwrap_or(0) + 1))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;
    use crate::model::{Meeting, Recordable, Region};

    fn region(id: Id) -> Record {
        Region {
            id,
            name: "Tábor".into(),
            ..Region::default()
        }
        .into_record()
    }

    fn meeting(id: Id, region: Id) -> Record {
        Meeting {
            id,
            region,
            title: "Kulatý stůl".into(),
            ..Meeting::default()
        }
        .into_record()
    }

    #[test]
    fn a_record_may_be_named_before_it_is_listed() {
        let mut check = ImportCheck::default();
        check.record(&meeting(1, 7)).unwrap();
        check.record(&region(7)).unwrap();
        check.finish().unwrap();
        assert_eq!(check.count(), 2);
        let mut next: Vec<_> = check.next_ids().collect();
        next.sort();
        assert_eq!(next, vec![(Kind::Region, 8), (Kind::Meeting, 2)]);
    }

    #[test]
    fn the_first_dangling_reference_is_named() {
        let mut check = ImportCheck::default();
        check.record(&region(1)).unwrap();
        check.record(&meeting(5, 9)).unwrap();
        check.record(&meeting(3, 8)).unwrap();
        match check.finish() {
            Err(StoreError::Invalid { record, problem }) => {
                assert_eq!(record, RecordRef::new(Kind::Meeting, 5));
                assert_eq!(problem.rule, Rule::Dangling { id: 9 });
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ids_out_of_range_and_twice_are_refused() {
        let mut check = ImportCheck::default();
        assert!(matches!(
            check.record(&region(0)),
            Err(StoreError::Invalid { .. })
        ));
        assert!(matches!(
            check.record(&region(MAX_ID + 1)),
            Err(StoreError::Invalid { .. })
        ));
        check.record(&region(2)).unwrap();
        assert!(matches!(
            check.record(&region(2)),
            Err(StoreError::DuplicateId(_))
        ));
    }
}
