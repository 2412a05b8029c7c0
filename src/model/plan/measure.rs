//! A measure (opatření) of a priority: what it is for, who carries it out, what it costs
//! per year and from which sources, and how its fulfilment is measured.

use serde::{Deserialize, Serialize};

use crate::labelled_enum;
use crate::model::check::Checker;
use crate::model::lists::TargetGroup;
use crate::model::plan::{DESCRIPTION, PRIORITY, TITLE, check_number_field, check_period};
use crate::model::{Field, Id, Invalid, Kind, Rule};

pub const REASON: Field = Field::new("Zdůvodnění", "Reason");
pub const TARGET_GROUPS: Field = Field::new("Cílové skupiny", "Target groups");
pub const WORKING_GROUP: Field = Field::new("Pracovní skupina", "Working group");
pub const RESPONSIBLE: Field = Field::new("Realizátor", "Responsible organisation");
pub const PARTNERS: Field = Field::new("Partneři", "Partners");
pub const COSTS: Field = Field::new("Předpokládané náklady", "Expected costs");
pub const INDICATORS: Field = Field::new("Ukazatele", "Indicators");
pub const INDICATOR_NAME: Field = Field::new("Název ukazatele", "Indicator name");
pub const INDICATOR_UNIT: Field = Field::new("Jednotka ukazatele", "Indicator unit");
pub const FUNDING_SOURCE: Field = Field::new("Zdroj financování", "Funding source");
pub const PROJECTS: Field = Field::new("Projekty", "Projects");
pub const SERVICES: Field = Field::new("Služby", "Services");
pub const DOCUMENTS: Field = Field::new("Dokumenty", "Documents");

/// The largest amount of money one row may hold, in whole CZK (ten billion).
pub const MAX_AMOUNT: i64 = 10_000_000_000;

labelled_enum! {
    /// Where the money for a measure comes from.
    pub enum FundingSource {
        Municipality => ("obec", "municipality"),
        Kraj => ("kraj", "region (kraj)"),
        Mpsv => ("státní rozpočet / MPSV", "state budget / MPSV"),
        Opz => ("ESF / OPZ", "ESF / OPZ"),
        Own => ("vlastní zdroje", "own resources"),
        Other => ("jiné", "other"),
    }
}

labelled_enum! {
    /// What an indicator counts.
    pub enum IndicatorUnit {
        Clients => ("klienti", "clients"),
        Persons => ("osoby", "persons"),
        Hours => ("hodiny", "hours"),
        Beds => ("lůžka", "beds"),
        Services => ("služby", "services"),
        Events => ("akce", "events"),
        Documents => ("dokumenty", "documents"),
        Percent => ("%", "%"),
    }
}

/// Expected costs of one year from one source, in whole CZK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostRow {
    pub year: i32,
    /// `None` only while a form holds a source it could not read; the rules refuse it.
    pub source: Option<FundingSource>,
    pub amount: i64,
}

/// How a measure's fulfilment is measured: "počet klientů", from 40 to 55.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub name: String,
    /// `None` only while a form holds a unit it could not read; the rules refuse it.
    pub unit: Option<IndicatorUnit>,
    pub baseline: i64,
    pub target: i64,
}

/// A measure of a priority ("1.2 Zachování kapacity terénních služeb").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Measure {
    pub id: Id,
    pub priority: Id,
    pub number: u32,
    pub title: String,
    pub description: String,
    /// Zdůvodnění: why the measure is needed.
    pub reason: String,
    pub target_groups: Vec<TargetGroup>,
    /// The working group that owns the measure.
    pub group: Option<Id>,
    /// The organisation that carries it out (realizátor).
    pub responsible: Option<Id>,
    pub partners: Vec<Id>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub costs: Vec<CostRow>,
    pub indicators: Vec<Indicator>,
    pub projects: Vec<Id>,
    pub documents: Vec<Id>,
    /// The services the measure is about (keeps, widens, starts).
    pub services: Vec<Id>,
}

impl Measure {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        if self.priority == 0 {
            c.push(PRIORITY, Rule::Required);
        }
        check_number_field(&mut c, self.number);
        c.required(TITLE, &self.title);
        c.multiline(DESCRIPTION, &self.description);
        c.multiline(REASON, &self.reason);
        c.unique(TARGET_GROUPS, &self.target_groups);
        c.unique(PARTNERS, &self.partners);
        check_period(&mut c, self.year_from, self.year_to);
        for row in &self.costs {
            c.year_span(COSTS, row.year, None);
            check_amount(&mut c, COSTS, row.amount);
            if row.source.is_none() {
                c.push(FUNDING_SOURCE, Rule::Required);
            }
            if let (Some(from), Some(to)) = (self.year_from, self.year_to)
                && !(from..=to).contains(&row.year)
            {
                c.push(COSTS, Rule::YearRange { min: from, max: to });
            }
        }
        let keys: Vec<(i32, Option<FundingSource>)> =
            self.costs.iter().map(|r| (r.year, r.source)).collect();
        c.unique(COSTS, &keys);
        for indicator in &self.indicators {
            c.required(INDICATOR_NAME, &indicator.name);
            if indicator.unit.is_none() {
                c.push(INDICATOR_UNIT, Rule::Required);
            }
            check_indicator_value(&mut c, indicator.unit, indicator.baseline);
            check_indicator_value(&mut c, indicator.unit, indicator.target);
        }
        let names: Vec<&str> = self.indicators.iter().map(|i| i.name.as_str()).collect();
        c.unique(INDICATORS, &names);
        c.unique(PROJECTS, &self.projects);
        c.unique(DOCUMENTS, &self.documents);
        c.unique(SERVICES, &self.services);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Priority, self.priority)];
        out.extend(self.group.map(|id| (Kind::Group, id)));
        out.extend(self.responsible.map(|id| (Kind::Organisation, id)));
        out.extend(self.partners.iter().map(|&id| (Kind::Organisation, id)));
        out.extend(self.projects.iter().map(|&id| (Kind::Project, id)));
        out.extend(self.documents.iter().map(|&id| (Kind::Document, id)));
        out.extend(self.services.iter().map(|&id| (Kind::Service, id)));
        out
    }

    /// The expected costs of a year, all sources together.
    pub fn costs_of_year(&self, year: i32) -> i64 {
        self.costs
            .iter()
            .filter(|r| r.year == year)
            .map(|r| r.amount)
            .sum()
    }

    /// The indicator of that name.
    pub fn indicator(&self, name: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.name == name)
    }
}

/// Money is never negative and never beyond [`MAX_AMOUNT`].
pub(crate) fn check_amount(c: &mut Checker, field: Field, amount: i64) {
    if !(0..=MAX_AMOUNT).contains(&amount) {
        c.push(
            field,
            Rule::NumberRange {
                min: 0,
                max: MAX_AMOUNT,
            },
        );
    }
}

/// An indicator's value: never negative, a percentage at most 100.
pub(crate) fn check_indicator_value(c: &mut Checker, unit: Option<IndicatorUnit>, value: i64) {
    let max = match unit {
        Some(IndicatorUnit::Percent) => 100,
        _ => MAX_AMOUNT,
    };
    if !(0..=max).contains(&value) {
        c.push(INDICATORS, Rule::NumberRange { min: 0, max });
    }
}
