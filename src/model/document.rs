//! Planning documents: community plans, medium-term and action plans, catalogues, statutes,
//! analyses and surveys.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::kinds::{DocumentKind, DocumentState};
use crate::model::{Field, Id, Invalid, Kind, Rule};

pub const TITLE: Field = Field::new("Název dokumentu", "Document title");
pub const REGION: Field = Field::new("ORP", "Region (ORP)");
pub const PERIOD: Field = Field::new("Období", "Period");
pub const APPROVED_ON: Field = Field::new("Schváleno dne", "Approved on");
pub const APPROVED_BY: Field = Field::new("Schválil", "Approved by");
pub const LINK: Field = Field::new("Odkaz", "Link");
pub const NOTE: Field = Field::new("Poznámka", "Note");

/// A planning document of a region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Document {
    pub id: Id,
    pub title: String,
    pub region: Id,
    pub kind: Option<DocumentKind>,
    /// The project whose output this is.
    pub project: Option<Id>,
    /// The first year the document covers.
    pub year_from: Option<i32>,
    /// The last year, for a plan over several years (2020–2022).
    pub year_to: Option<i32>,
    pub state: Option<DocumentState>,
    pub approved_on: Option<NaiveDate>,
    /// Who approved it ("Zastupitelstvo města Soběslav").
    pub approved_by: String,
    pub link: String,
    pub note: String,
}

impl Document {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.required(TITLE, &self.title);
        if self.region == 0 {
            c.push(REGION, Rule::Required);
        }
        match (self.year_from, self.year_to) {
            (Some(from), to) => c.year_span(PERIOD, from, to),
            (None, Some(_)) => c.push(PERIOD, Rule::Required),
            (None, None) => {}
        }
        c.date(APPROVED_ON, self.approved_on);
        c.line(APPROVED_BY, &self.approved_by);
        c.url(LINK, &self.link);
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Region, self.region)];
        out.extend(self.project.map(|id| (Kind::Project, id)));
        out
    }

    /// "2020–2022", "2019" or "".
    pub fn period_label(&self) -> String {
        match (self.year_from, self.year_to) {
            (Some(from), Some(to)) if to != from => format!("{from}–{to}"),
            (Some(from), _) => from.to_string(),
            _ => String::new(),
        }
    }
}
