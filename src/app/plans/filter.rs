//! What the plans tab's filter (`/`) finds a row by beyond its title and subtitle: an
//! activity by every year it was planned for or monitored in, its state in each, and its
//! measure's target groups and working group.

use crate::app::tabs::Names;
use crate::model::plan::{Activity, Measure};
use crate::model::{Id, Labelled, Lang};

use super::PlanData;

/// A measure's target groups and working group, as the row shows them.
pub(super) fn measure_text(m: &Measure, names: &Names, lang: Lang) -> String {
    let mut parts: Vec<String> = m
        .target_groups
        .iter()
        .map(|g| g.label(lang).to_owned())
        .collect();
    if let Some(group) = m.group {
        parts.push(names.group(group).to_owned());
    }
    parts.join(" · ")
}

/// The hidden words of an activity's row: its period's years, the year of every action
/// plan it is in, each monitoring entry's year and state, and its measure's words.
pub(super) fn activity_text(data: &PlanData, activity: Id, names: &Names, lang: Lang) -> String {
    let mut words: Vec<String> = Vec::new();
    let found = data.activities.iter().find(|a| a.id == activity);
    if let Some(Activity {
        year_from: Some(from),
        year_to,
        ..
    }) = found
    {
        let to = year_to.unwrap_or(*from).min(from.saturating_add(50));
        words.extend((*from..=to).map(|y| y.to_string()));
    }
    for a in &data.action_plans {
        if a.items.iter().any(|i| i.activity == activity) {
            words.push(a.year.to_string());
        }
    }
    for m in data.monitoring.iter().filter(|m| m.activity == activity) {
        let year = data
            .action_plans
            .iter()
            .find(|a| a.id == m.action_plan)
            .map(|a| a.year.to_string())
            .unwrap_or_default();
        let state = m.state.map(|s| s.label(lang)).unwrap_or_default();
        words.push(format!("{year} {state}"));
    }
    let measure = found.and_then(|a| data.measures.iter().find(|m| m.id == a.measure));
    if let Some(m) = measure {
        words.push(measure_text(m, names, lang));
    }
    words.join(" ")
}
