//! The plan a community planning process produces: a plan document's strategic part
//! (priorities → measures → activities), the yearly action plans that pick activities,
//! and the monitoring of each picked activity. Numbers are stored on each record and kept
//! in order by the change sets that insert and move them ([`numbering`]); display numbers
//! ("1", "1.2", "1.2.1") are derived from the chain of parents.

pub mod action;
pub mod data;
pub mod due;
pub mod links;
pub mod measure;
pub mod numbering;
pub mod rollup;
pub mod tree;

use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::lists::TargetGroup;
use crate::model::{Field, Id, Invalid, Kind, Rule};

pub use action::{ActionItem, ActionPlan, IndicatorValue, Monitoring, MonitoringState};
pub use measure::{CostRow, FundingSource, Indicator, IndicatorUnit, Measure};

pub const TITLE: Field = Field::new("Název", "Title");
pub const DOCUMENT: Field = Field::new("Dokument plánu", "Plan document");
pub const REGION: Field = Field::new("ORP", "Region (ORP)");
pub const PERIOD: Field = Field::new("Období", "Period");
pub const PLAN: Field = Field::new("Plán", "Plan");
pub const NUMBER: Field = Field::new("Číslo", "Number");
pub const DESCRIPTION: Field = Field::new("Popis", "Description");
pub const NOTE: Field = Field::new("Poznámka", "Note");
pub const MEASURE: Field = Field::new("Opatření", "Measure");
pub const PRIORITY: Field = Field::new("Priorita", "Priority");

/// The highest number a priority, measure or activity may have.
pub const MAX_NUMBER: u32 = 999;

/// A plan: the strategic part of a plan document (komunitní plán, SPRSS) for its period.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Plan {
    pub id: Id,
    /// The plan document (komunitní plán / SPRSS) this is the strategic part of.
    pub document: Id,
    pub region: Id,
    pub title: String,
    pub year_from: i32,
    pub year_to: i32,
    pub note: String,
}

impl Plan {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.required(TITLE, &self.title);
        if self.document == 0 {
            c.push(DOCUMENT, Rule::Required);
        }
        if self.region == 0 {
            c.push(REGION, Rule::Required);
        }
        c.year_span(PERIOD, self.year_from, Some(self.year_to));
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        vec![(Kind::Document, self.document), (Kind::Region, self.region)]
    }

    /// Whether `year` lies in the plan's period.
    pub fn covers(&self, year: i32) -> bool {
        (self.year_from..=self.year_to).contains(&year)
    }

    /// "2020–2022" or "2020".
    pub fn period_label(&self) -> String {
        period_label(self.year_from, self.year_to)
    }

    /// Refuses a year outside the plan's period, naming the period.
    pub fn year_problem(&self, field: Field, year: i32) -> Option<Invalid> {
        (!self.covers(year)).then(|| {
            Invalid::new(
                field,
                Rule::YearRange {
                    min: self.year_from,
                    max: self.year_to,
                },
            )
        })
    }
}

/// "2020–2022" or "2020".
pub fn period_label(from: i32, to: i32) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// A priority of a plan ("1 Senioři").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Priority {
    pub id: Id,
    pub plan: Id,
    /// 1, 2, …: its place among the plan's priorities.
    pub number: u32,
    pub title: String,
    pub description: String,
    pub target_group: Option<TargetGroup>,
}

impl Priority {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        if self.plan == 0 {
            c.push(PLAN, Rule::Required);
        }
        check_number_field(&mut c, self.number);
        c.required(TITLE, &self.title);
        c.multiline(DESCRIPTION, &self.description);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        vec![(Kind::Plan, self.plan)]
    }
}

/// An activity of a measure ("1.2.1"): a concrete step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Activity {
    pub id: Id,
    pub measure: Id,
    pub number: u32,
    pub title: String,
    pub description: String,
    /// The organisation responsible for the step.
    pub responsible: Option<Id>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
}

pub const RESPONSIBLE: Field = Field::new("Odpovědná organizace", "Responsible organisation");

impl Activity {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        if self.measure == 0 {
            c.push(MEASURE, Rule::Required);
        }
        check_number_field(&mut c, self.number);
        c.required(TITLE, &self.title);
        c.multiline(DESCRIPTION, &self.description);
        check_period(&mut c, self.year_from, self.year_to);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Measure, self.measure)];
        out.extend(self.responsible.map(|id| (Kind::Organisation, id)));
        out
    }
}

pub(crate) fn check_number_field(c: &mut Checker, number: u32) {
    if !(1..=MAX_NUMBER).contains(&number) {
        c.push(
            NUMBER,
            Rule::NumberRange {
                min: 1,
                max: i64::from(MAX_NUMBER),
            },
        );
    }
}

/// An optional period of years: a start is needed for an end, and the end may not precede it.
pub(crate) fn check_period(c: &mut Checker, from: Option<i32>, to: Option<i32>) {
    match (from, to) {
        (Some(from), to) => c.year_span(PERIOD, from, to),
        (None, Some(_)) => c.push(PERIOD, Rule::Required),
        (None, None) => {}
    }
}

/// "1.2.1": the numbers of the chain of parents, joined by dots.
pub fn display_number(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests;
