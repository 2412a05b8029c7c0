//! The plans tab: every plan as a tree (plan → priority → measure → activity) in the
//! list, the selected node's detail beside it, and the keys that add a child, move a node,
//! put an activity into the year's action plan and record its monitoring.

mod filter;
pub mod ops;

use crate::app::tabs::{Names, Row};
use crate::model::plan::Monitoring;
pub use crate::model::plan::data::PlanData;
use crate::model::{Id, Kind, Labelled, Lang};
use crate::store::plan_order::load_plan_data;
use crate::store::{Result, Store};

/// The newest monitoring of an activity, from the action plan of the latest year.
fn latest_state(data: &PlanData, activity: Id, lang: Lang) -> String {
    let mut best: Option<(i32, Id, &Monitoring)> = None;
    for m in data.monitoring.iter().filter(|m| m.activity == activity) {
        let Some(year) = data
            .action_plans
            .iter()
            .find(|a| a.id == m.action_plan)
            .map(|a| a.year)
        else {
            continue;
        };
        if best.is_none_or(|(y, id, _)| (year, m.id) > (y, id)) {
            best = Some((year, m.id, m));
        }
    }
    match best {
        Some((year, _, m)) => format!("{year}: {}", m.state.map(|s| s.label(lang)).unwrap_or("—")),
        None => String::new(),
    }
}

/// The tab's rows: each plan's tree in order, children indented under their parents.
/// Subtitles show the target groups and the working group of a measure, the latest year
/// and state of an activity; the filter also finds an activity by every year and state of
/// its action plans and monitoring and by its measure's groups ([`filter`]).
pub fn rows(store: &dyn Store, names: &Names, lang: Lang) -> Result<Vec<Row>> {
    let data = load_plan_data(store)?;
    let mut plans = data.plans.clone();
    crate::model::text::sort_czech_by(&mut plans, |p| &p.title);
    let mut out = Vec::new();
    for plan in &plans {
        let tree = data.tree(plan);
        for row in tree.rows() {
            let indent = "  ".repeat(row.depth);
            let title = if row.number.is_empty() {
                format!("{indent}{}", row.title)
            } else {
                format!("{indent}{} {}", row.number, row.title)
            };
            let subtitle = match row.record.kind {
                Kind::Plan => format!("{} {}", names.region(plan.region), plan.period_label()),
                Kind::Priority => data
                    .priorities
                    .iter()
                    .find(|p| p.id == row.record.id)
                    .and_then(|p| p.target_group)
                    .map(|g| g.label(lang).to_owned())
                    .unwrap_or_default(),
                Kind::Measure => data
                    .measures
                    .iter()
                    .find(|m| m.id == row.record.id)
                    .map(|m| filter::measure_text(m, names, lang))
                    .unwrap_or_default(),
                Kind::Activity => latest_state(&data, row.record.id, lang),
                _ => String::new(),
            };
            let mut out_row = Row::new(row.record, title, subtitle);
            if row.record.kind == Kind::Activity {
                let hidden = filter::activity_text(&data, row.record.id, names, lang);
                out_row.folded.push(' ');
                out_row.folded.push_str(&crate::model::text::fold(&hidden));
            }
            out.push(out_row);
        }
    }
    Ok(out)
}
