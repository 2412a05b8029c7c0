//! Reading what the plan's documents need from any store (embedded or the shared server)
//! and writing their bytes: what `kpss report plan|monitoring` and the plans tab share.

use std::collections::BTreeMap;

use crate::model::plan::rollup::rollup;
use crate::model::{Kind, Lang, RecordRef};
use crate::store::plan_order::load_plan_data;
use crate::store::{Store, StoreError};

use super::monitoring::MonitoringInput;
use super::{Names, StrategicInput};

/// The plan's document formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Md,
    Docx,
}

/// The evaluation's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonitoringFormat {
    Md,
    Csv,
    Xlsx,
}

impl PlanFormat {
    pub fn extension(self) -> &'static str {
        match self {
            PlanFormat::Md => "md",
            PlanFormat::Docx => "docx",
        }
    }
}

impl MonitoringFormat {
    pub fn extension(self) -> &'static str {
        match self {
            MonitoringFormat::Md => "md",
            MonitoringFormat::Csv => "csv",
            MonitoringFormat::Xlsx => "xlsx",
        }
    }
}

fn store_error(lang: Lang) -> impl Fn(StoreError) -> String {
    move |e| e.message(lang)
}

/// The names of every region, organisation, group, project and document, by reference.
fn names(store: &dyn Store, lang: Lang) -> Result<Names, String> {
    let mut out = BTreeMap::new();
    for kind in [
        Kind::Region,
        Kind::Organisation,
        Kind::Group,
        Kind::Project,
        Kind::Document,
        Kind::Service,
    ] {
        for v in store.list(kind).map_err(store_error(lang))? {
            let name = match &v.record {
                crate::model::Record::Group(g) => g.label().to_string(),
                other => other.title(),
            };
            out.insert(RecordRef::new(kind, v.record.id()), name);
        }
    }
    Ok(Names(out))
}

fn no_plan(plan: u64, lang: Lang) -> String {
    match lang {
        Lang::Cs => format!("plán č. {plan} v rejstříku není"),
        Lang::En => format!("there is no plan no. {plan} in the register"),
    }
}

/// The strategic part of plan `plan`.
pub fn plan_document(
    store: &dyn Store,
    plan: u64,
    format: PlanFormat,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let data = load_plan_data(store).map_err(store_error(lang))?;
    let found = data
        .plans
        .iter()
        .find(|p| p.id == plan)
        .ok_or_else(|| no_plan(plan, lang))?;
    let tree = data.tree(found);
    let names = names(store, lang)?;
    let input = StrategicInput {
        tree: &tree,
        names: &names,
    };
    match format {
        PlanFormat::Md => Ok(super::strategic::markdown(&input, lang).into_bytes()),
        PlanFormat::Docx => super::docx::plan_docx(&input, lang),
    }
}

/// The evaluation of plan `plan`'s action plan for `year`.
pub fn monitoring_document(
    store: &dyn Store,
    plan: u64,
    year: i32,
    format: MonitoringFormat,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let data = load_plan_data(store).map_err(store_error(lang))?;
    let found = data
        .plans
        .iter()
        .find(|p| p.id == plan)
        .ok_or_else(|| no_plan(plan, lang))?;
    let action_plan = data
        .action_plans
        .iter()
        .filter(|a| a.plan == plan && a.year == year)
        .min_by_key(|a| a.id)
        .ok_or_else(|| match lang {
            Lang::Cs => format!("plán č. {plan} nemá akční plán na rok {year}"),
            Lang::En => format!("plan no. {plan} has no action plan for {year}"),
        })?;
    let tree = data.tree(found);
    let year = rollup(&tree, action_plan, &data.monitoring);
    let input = MonitoringInput {
        plan: found,
        year: &year,
    };
    match format {
        MonitoringFormat::Md => Ok(super::monitoring::markdown(&input, lang).into_bytes()),
        MonitoringFormat::Csv => super::monitoring::csv(&input, lang),
        MonitoringFormat::Xlsx => super::xlsx::workbook(&input, lang),
    }
}
