//! The plan's rules that need other records: a plan's document is a plan, an action plan's
//! year lies in its plan's period and its activities are the plan's, a monitoring entry's
//! activity is in its action plan and its values name the measure's indicators. The
//! store runs them with its own reads; the model only says what is wrong.

use crate::model::plan::DOCUMENT;
use crate::model::plan::action::{ACTIVITY, ITEMS, YEAR};
use crate::model::{DocumentKind, Id, Invalid, Kind, Record, RecordRef, Rule};

/// Every rule `record` breaks against the records `load` reads. A record `load` does not
/// find is left to the store's own check of dangling references.
pub fn cross_problems<E>(
    record: &Record,
    load: &mut dyn FnMut(RecordRef) -> Result<Option<Record>, E>,
) -> Result<Vec<Invalid>, E> {
    let mut out = Vec::new();
    match record {
        Record::Plan(p) => {
            if let Some(Record::Document(d)) = load(RecordRef::new(Kind::Document, p.document))? {
                let is_plan = matches!(
                    d.kind,
                    Some(DocumentKind::CommunityPlan | DocumentKind::MediumTermPlan)
                );
                if !is_plan {
                    out.push(Invalid::new(DOCUMENT, Rule::NotListed));
                }
            }
        }
        Record::ActionPlan(a) => {
            if let Some(Record::Plan(plan)) = load(RecordRef::new(Kind::Plan, a.plan))? {
                out.extend(plan.year_problem(YEAR, a.year));
                for item in &a.items {
                    if plan_of_activity(item.activity, load)? != Some(plan.id) {
                        out.push(Invalid::new(ITEMS, Rule::NotListed));
                    }
                }
            }
        }
        Record::Monitoring(m) => {
            if let Some(Record::ActionPlan(a)) =
                load(RecordRef::new(Kind::ActionPlan, m.action_plan))?
                && a.item(m.activity).is_none()
            {
                out.push(Invalid::new(ACTIVITY, Rule::NotListed));
            }
            if let Some(Record::Activity(activity)) =
                load(RecordRef::new(Kind::Activity, m.activity))?
                && let Some(Record::Measure(measure)) =
                    load(RecordRef::new(Kind::Measure, activity.measure))?
            {
                out.extend(m.problems_against(&measure));
            }
        }
        _ => {}
    }
    Ok(out)
}

/// The plan an activity belongs to, through its measure and priority.
fn plan_of_activity<E>(
    activity: Id,
    load: &mut dyn FnMut(RecordRef) -> Result<Option<Record>, E>,
) -> Result<Option<Id>, E> {
    let Some(Record::Activity(a)) = load(RecordRef::new(Kind::Activity, activity))? else {
        return Ok(None);
    };
    let Some(Record::Measure(m)) = load(RecordRef::new(Kind::Measure, a.measure))? else {
        return Ok(None);
    };
    let Some(Record::Priority(p)) = load(RecordRef::new(Kind::Priority, m.priority))? else {
        return Ok(None);
    };
    Ok(Some(p.plan))
}
