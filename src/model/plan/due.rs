//! Deadlines of action plans that still need doing, for the list of what is due.

use chrono::NaiveDate;

use crate::model::Id;
use crate::model::plan::{ActionPlan, Monitoring, MonitoringState};

/// An activity of an action plan whose deadline falls in the window and that is not yet
/// monitored as done (nor cancelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingActivity {
    pub action_plan: Id,
    pub activity: Id,
    pub deadline: NaiveDate,
}

/// The activities of action plans with a deadline in `[from, to]` not yet monitored as
/// done, by deadline.
pub fn pending_activities(
    action_plans: &[ActionPlan],
    monitorings: &[Monitoring],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<PendingActivity> {
    let mut out: Vec<PendingActivity> = Vec::new();
    for plan in action_plans {
        let latest = crate::model::plan::rollup::latest_monitoring(plan, monitorings);
        for item in &plan.items {
            let Some(deadline) = item.deadline else {
                continue;
            };
            if deadline < from || deadline > to {
                continue;
            }
            let closed = latest
                .get(&item.activity)
                .and_then(|m| m.state)
                .is_some_and(|s| matches!(s, MonitoringState::Done | MonitoringState::Cancelled));
            if !closed {
                out.push(PendingActivity {
                    action_plan: plan.id,
                    activity: item.activity,
                    deadline,
                });
            }
        }
    }
    out.sort_by_key(|p| (p.deadline, p.action_plan, p.activity));
    out
}

/// The pending activities with a deadline in `[from, until]` as items of the list of
/// what is due: "AP 2020: 1.1.2 Rozšíření služby…", opening the activity. Only plans of
/// `regions` when any are given. Older unfinished activities are the next action plan's
/// and the evaluation's business, not a reminder's.
pub fn deadline_reminders(
    data: &crate::model::plan::data::PlanData,
    regions: &[Id],
    from: NaiveDate,
    until: NaiveDate,
) -> Vec<crate::model::remind::Reminder> {
    use crate::model::remind::{Reminder, ReminderKind};
    use crate::model::{Kind, RecordRef};
    let mut out = Vec::new();
    for plan in &data.plans {
        if !regions.is_empty() && !regions.contains(&plan.region) {
            continue;
        }
        let tree = data.tree(plan);
        let own: Vec<ActionPlan> = data
            .action_plans
            .iter()
            .filter(|a| a.plan == plan.id)
            .cloned()
            .collect();
        for pending in pending_activities(&own, &data.monitoring, from, until) {
            let year = own
                .iter()
                .find(|a| a.id == pending.action_plan)
                .map_or(0, |a| a.year);
            let title = match tree.find_activity(pending.activity) {
                Some((p, m, a)) => format!(
                    "AP {year}: {}.{}.{} {}",
                    p.priority.number, m.measure.number, a.number, a.title
                ),
                None => format!("AP {year}"),
            };
            out.push(Reminder {
                kind: ReminderKind::Deadline,
                date: pending.deadline,
                start: None,
                region: plan.region,
                record: RecordRef::new(Kind::Activity, pending.activity),
                title,
            });
        }
    }
    out
}
