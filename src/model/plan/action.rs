//! Yearly action plans (akční plán) and the monitoring of what they picked.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::labelled_enum;
use crate::model::check::Checker;
use crate::model::plan::measure::{check_amount, check_indicator_value};
use crate::model::plan::{Measure, NOTE, PLAN};
use crate::model::{Field, Id, Invalid, Kind, Rule};

pub const YEAR: Field = Field::new("Rok", "Year");
pub const ITEMS: Field = Field::new("Aktivity akčního plánu", "Activities of the action plan");
pub const PLANNED_COST: Field = Field::new("Plánované náklady", "Planned costs");
pub const DEADLINE: Field = Field::new("Termín", "Deadline");
pub const ACTION_PLAN: Field = Field::new("Akční plán", "Action plan");
pub const ACTIVITY: Field = Field::new("Aktivita", "Activity");
pub const REACHED: Field = Field::new("Dosažené hodnoty ukazatelů", "Indicator values reached");
pub const ACTUAL_COST: Field = Field::new("Skutečné náklady", "Actual costs");
pub const COMMENT: Field = Field::new("Komentář", "Comment");
pub const EVIDENCE_DOCUMENT: Field = Field::new("Doklad (dokument)", "Evidence (document)");
pub const EVIDENCE_LINK: Field = Field::new("Doklad (odkaz)", "Evidence (link)");

labelled_enum! {
    /// How far an activity of an action plan got (stav plnění).
    pub enum MonitoringState {
        Done => ("splněno", "done"),
        Ongoing => ("plněno průběžně", "ongoing"),
        Partial => ("částečně splněno", "partly done"),
        NotDone => ("nesplněno", "not done"),
        Cancelled => ("zrušeno", "cancelled"),
        Postponed => ("přesunuto", "postponed"),
    }
}

impl MonitoringState {
    /// How much of the activity counts as fulfilled, in per cent. A cancelled or
    /// postponed activity is left out of the fulfilment altogether (`None`).
    pub fn fulfilment(self) -> Option<u32> {
        match self {
            MonitoringState::Done | MonitoringState::Ongoing => Some(100),
            MonitoringState::Partial => Some(50),
            MonitoringState::NotDone => Some(0),
            MonitoringState::Cancelled | MonitoringState::Postponed => None,
        }
    }
}

/// One activity an action plan picks for its year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    pub activity: Id,
    /// Planned costs in whole CZK.
    pub planned_cost: i64,
    pub responsible: Option<Id>,
    pub deadline: Option<NaiveDate>,
}

/// A yearly action plan of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ActionPlan {
    pub id: Id,
    pub plan: Id,
    pub year: i32,
    /// The action plan as a document of the region.
    pub document: Option<Id>,
    pub items: Vec<ActionItem>,
    pub note: String,
}

impl ActionPlan {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        if self.plan == 0 {
            c.push(PLAN, Rule::Required);
        }
        c.year_span(YEAR, self.year, None);
        for item in &self.items {
            if item.activity == 0 {
                c.push(ACTIVITY, Rule::Required);
            }
            check_amount(&mut c, PLANNED_COST, item.planned_cost);
            c.date(DEADLINE, item.deadline);
        }
        let activities: Vec<Id> = self.items.iter().map(|i| i.activity).collect();
        c.unique(ITEMS, &activities);
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Plan, self.plan)];
        out.extend(self.document.map(|id| (Kind::Document, id)));
        for item in &self.items {
            out.push((Kind::Activity, item.activity));
            out.extend(item.responsible.map(|id| (Kind::Organisation, id)));
        }
        out
    }

    pub fn item(&self, activity: Id) -> Option<&ActionItem> {
        self.items.iter().find(|i| i.activity == activity)
    }
}

/// An indicator value reached, by the indicator's name in its measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorValue {
    pub indicator: String,
    pub value: i64,
}

/// The monitoring of one activity of an action plan. Each entry is a record of its own,
/// so its revisions are the audit trail: who recorded what and when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Monitoring {
    pub id: Id,
    pub action_plan: Id,
    pub activity: Id,
    pub state: Option<MonitoringState>,
    pub reached: Vec<IndicatorValue>,
    /// Actual costs in whole CZK.
    pub actual_cost: i64,
    pub comment: String,
    /// A document that proves it (a report, minutes).
    pub evidence_document: Option<Id>,
    /// Or where the evidence is, in words or as a web address.
    pub evidence_link: String,
}

impl Monitoring {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        if self.action_plan == 0 {
            c.push(ACTION_PLAN, Rule::Required);
        }
        if self.activity == 0 {
            c.push(ACTIVITY, Rule::Required);
        }
        check_amount(&mut c, ACTUAL_COST, self.actual_cost);
        for value in &self.reached {
            c.required(REACHED, &value.indicator);
            if value.value < 0 {
                c.push(
                    REACHED,
                    Rule::NumberRange {
                        min: 0,
                        max: i64::MAX,
                    },
                );
            }
        }
        let names: Vec<&str> = self.reached.iter().map(|v| v.indicator.as_str()).collect();
        c.unique(REACHED, &names);
        c.multiline(COMMENT, &self.comment);
        c.line(EVIDENCE_LINK, &self.evidence_link);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![
            (Kind::ActionPlan, self.action_plan),
            (Kind::Activity, self.activity),
        ];
        out.extend(self.evidence_document.map(|id| (Kind::Document, id)));
        out
    }

    /// The rules that need the activity's measure: every value reached names one of the
    /// measure's indicators and fits its unit.
    pub fn problems_against(&self, measure: &Measure) -> Vec<Invalid> {
        let mut c = Checker::default();
        for value in &self.reached {
            match measure.indicator(&value.indicator) {
                Some(indicator) => check_indicator_value(&mut c, indicator.unit, value.value),
                None => c.push(REACHED, Rule::NotListed),
            }
        }
        c.finish()
    }

    pub fn value_of(&self, indicator: &str) -> Option<i64> {
        self.reached
            .iter()
            .find(|v| v.indicator == indicator)
            .map(|v| v.value)
    }
}
