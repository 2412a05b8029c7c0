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
