//! The plan's rules between records ([`cross_problems`]) over a whole register read one
//! record at a time, as an import and `kpss check` read it. Plans are small, so their
//! records are kept whole; of the documents only each one's kind is kept, which is all
//! the rules ask of them.

use std::collections::HashMap;

use crate::model::plan::links::cross_problems;
use crate::model::{Document, DocumentKind, Id, Invalid, Kind, Record, RecordRef};

#[derive(Default)]
pub(crate) struct PlanLinks {
    /// The plan's records, in the order they were read.
    records: Vec<Record>,
    at: HashMap<RecordRef, usize>,
    documents: HashMap<Id, Option<DocumentKind>>,
}

impl PlanLinks {
    /// Keeps what the rules will need of `record`.
    pub fn note(&mut self, record: &Record) {
        match record {
            Record::Document(d) => {
                self.documents.insert(d.id, d.kind);
            }
            r if Kind::PLAN.contains(&r.kind()) => {
                self.at.insert(r.reference(), self.records.len());
                self.records.push(r.clone());
            }
            _ => {}
        }
    }

    /// Every rule broken, by record in reading order.
    pub fn problems(&self) -> Vec<(RecordRef, Invalid)> {
        let mut load = |r: RecordRef| -> Result<Option<Record>, std::convert::Infallible> {
            Ok(match r.kind {
                Kind::Document => self.documents.get(&r.id).map(|kind| {
                    Record::Document(Document {
                        id: r.id,
                        kind: *kind,
                        ..Document::default()
                    })
                }),
                _ => self
                    .at
                    .get(&r)
                    .and_then(|&at| self.records.get(at))
                    .cloned(),
            })
        };
        let mut out = Vec::new();
        for record in &self.records {
            let Ok(problems) = cross_problems(record, &mut load);
            out.extend(problems.into_iter().map(|p| (record.reference(), p)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::{ActionPlan, Plan, Recordable, Rule};

    fn plan_on(document: Id) -> Record {
        Plan {
            id: 1,
            document,
            region: 1,
            title: "KP".into(),
            year_from: 2020,
            year_to: 2022,
            ..Plan::default()
        }
        .into_record()
    }

    /// A file may list an action plan before its plan, and the plan before its document.
    #[test]
    fn records_are_checked_whatever_order_they_come_in() {
        let mut links = PlanLinks::default();
        for year in [2021, 2024] {
            links.note(
                &ActionPlan {
                    id: Id::try_from(year).unwrap(),
                    plan: 1,
                    year,
                    ..ActionPlan::default()
                }
                .into_record(),
            );
        }
        links.note(&plan_on(5));
        links.note(&Record::Document(Document {
            id: 5,
            kind: Some(DocumentKind::ActionPlan),
            ..Document::default()
        }));
        let problems = links.problems();
        let found: Vec<(RecordRef, Rule)> =
            problems.into_iter().map(|(r, p)| (r, p.rule)).collect();
        assert_eq!(
            found,
            vec![
                (
                    RecordRef::new(Kind::ActionPlan, 2024),
                    Rule::YearRange {
                        min: 2020,
                        max: 2022
                    }
                ),
                (RecordRef::new(Kind::Plan, 1), Rule::NotListed),
            ]
        );
    }
}
