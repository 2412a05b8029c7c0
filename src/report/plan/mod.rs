//! The plan's documents a clerk hands on: the strategic part of a plan (Markdown, DOCX)
//! for the council to approve, and the evaluation of a year's action plan (Markdown,
//! CSV, XLSX). Pure: the command line reads the records and the names of what they point
//! to, and hands them here.

pub mod docx;
pub mod monitoring;
pub mod read;
pub mod strategic;
pub mod xlsx;

use std::collections::BTreeMap;

use crate::model::plan::tree::PlanTree;
use crate::model::text::sanitize_line;
use crate::model::{Id, Kind, RecordRef};

/// The names of the records the plan points to (organisations, groups, projects,
/// documents, the region), as the clerk knows them.
#[derive(Debug, Clone, Default)]
pub struct Names(pub BTreeMap<RecordRef, String>);

impl Names {
    /// The record's name made safe for a document; "č. 12" when it is not known.
    pub fn of(&self, kind: Kind, id: Id) -> String {
        match self.0.get(&RecordRef::new(kind, id)) {
            Some(name) => sanitize_line(name),
            None => format!("č. {id}"),
        }
    }

    pub fn list(&self, kind: Kind, ids: &[Id]) -> String {
        ids.iter()
            .map(|&id| self.of(kind, id))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What the strategic part is written from.
pub struct StrategicInput<'a> {
    pub tree: &'a PlanTree,
    pub names: &'a Names,
}
