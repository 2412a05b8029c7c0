//! Projects: EU- or state-funded planning projects with goals, activities and outputs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::kinds::{OutputState, Programme};
use crate::model::{Field, Id, Invalid, Kind};

pub const NAME: Field = Field::new("Název projektu", "Project name");
pub const REGION: Field = Field::new("ORP", "Region (ORP)");
pub const REGISTRATION_NUMBER: Field = Field::new("Registrační číslo", "Registration number");
pub const PROGRAMME_DETAIL: Field = Field::new("Financování (podrobně)", "Funding (details)");
pub const RECIPIENT: Field = Field::new("Příjemce", "Recipient");
pub const PARTNER: Field = Field::new("Partner", "Partner");
pub const PERIOD: Field = Field::new("Doba realizace", "Project period");
pub const GOALS: Field = Field::new("Cíle", "Goals");
pub const ACTIVITIES: Field = Field::new("Hlavní aktivity", "Main activities");
pub const OUTPUT_TITLE: Field = Field::new("Výstup", "Output");
pub const DESCRIPTION: Field = Field::new("Popis", "Description");
pub const WEB: Field = Field::new("Web", "Web");

/// An output of a project: usually a plan document with a due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    pub title: String,
    /// The document that is this output, once it is in the register.
    #[serde(default)]
    pub document: Option<Id>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    pub state: OutputState,
}

/// A planning project.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Project {
    pub id: Id,
    pub name: String,
    pub region: Id,
    /// `CZ.03.2.63/0.0/0.0/16_063/0006529` (OPZ) or `CZ.1.04/3.1.03/65.00031` (OP LZZ).
    pub registration_number: String,
    pub programme: Option<Programme>,
    /// The call or priority axis, as the funding decision words it.
    pub programme_detail: String,
    /// The recipient (příjemce) of the funding.
    pub recipient: Option<Id>,
    pub partner: Option<Id>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub goals: Vec<String>,
    pub activities: Vec<String>,
    pub outputs: Vec<Output>,
    pub description: String,
    pub web: String,
}

impl Project {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.required(NAME, &self.name);
        if self.region == 0 {
            c.push(REGION, crate::model::Rule::Required);
        }
        c.registration_number(REGISTRATION_NUMBER, &self.registration_number);
        c.line(PROGRAMME_DETAIL, &self.programme_detail);
        c.period(PERIOD, self.start, self.end);
        for goal in &self.goals {
            c.required(GOALS, goal);
        }
        for activity in &self.activities {
            c.required(ACTIVITIES, activity);
        }
        for output in &self.outputs {
            c.required(OUTPUT_TITLE, &output.title);
            c.date(OUTPUT_TITLE, output.due);
        }
        c.multiline(DESCRIPTION, &self.description);
        c.url(WEB, &self.web);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Region, self.region)];
        out.extend(self.recipient.map(|id| (Kind::Organisation, id)));
        out.extend(self.partner.map(|id| (Kind::Organisation, id)));
        out.extend(
            self.outputs
                .iter()
                .filter_map(|o| o.document.map(|id| (Kind::Document, id))),
        );
        out
    }

    /// How far the project has run on `today`, from 0.0 to 1.0, when its period is known.
    pub fn progress(&self, today: NaiveDate) -> Option<f64> {
        let (start, end) = (self.start?, self.end?);
        let total = (end - start).num_days();
        if total <= 0 {
            return Some(if today >= end { 1.0 } else { 0.0 });
        }
        let done = (today - start).num_days().clamp(0, total);
        Some(done as f64 / total as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn progress_runs_from_start_to_end() {
        let p = Project {
            start: Some(date(2017, 11, 1)),
            end: Some(date(2019, 10, 31)),
            ..Project::default()
        };
        assert_eq!(p.progress(date(2017, 1, 1)), Some(0.0));
        assert_eq!(p.progress(date(2020, 1, 1)), Some(1.0));
        let mid = p.progress(date(2018, 11, 1)).unwrap();
        assert!((0.49..0.51).contains(&mid), "{mid}");
        assert_eq!(Project::default().progress(date(2018, 1, 1)), None);
    }

    #[test]
    fn period_end_before_start_is_refused() {
        let p = Project {
            name: "Projekt".into(),
            region: 1,
            start: Some(date(2019, 1, 1)),
            end: Some(date(2018, 1, 1)),
            ..Project::default()
        };
        let problems = p.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, PERIOD);
        assert_eq!(problems[0].rule, crate::model::Rule::EndBeforeStart);
    }
}
