//! Every list of the plan's kinds together, and the questions asked of them: a plan's
//! tree, the plan a node belongs to.

use crate::model::plan::tree::PlanTree;
use crate::model::plan::{ActionPlan, Activity, Measure, Monitoring, Plan, Priority};
use crate::model::{Id, Kind, RecordRef};

/// Every plan-kind list, read once.
#[derive(Debug, Clone, Default)]
pub struct PlanData {
    pub plans: Vec<Plan>,
    pub priorities: Vec<Priority>,
    pub measures: Vec<Measure>,
    pub activities: Vec<Activity>,
    pub action_plans: Vec<ActionPlan>,
    pub monitoring: Vec<Monitoring>,
}

impl PlanData {
    pub fn tree(&self, plan: &Plan) -> PlanTree {
        PlanTree::build(
            plan.clone(),
            &self.priorities,
            &self.measures,
            &self.activities,
        )
    }

    /// The tree of the plan `record` belongs to.
    pub fn tree_of(&self, record: RecordRef) -> Option<PlanTree> {
        let plan = self.plan_of(record)?;
        let plan = self.plans.iter().find(|p| p.id == plan)?;
        Some(self.tree(plan))
    }

    /// The plan a node of the tree belongs to.
    pub fn plan_of(&self, record: RecordRef) -> Option<Id> {
        let priority_plan = |id: Id| self.priorities.iter().find(|p| p.id == id).map(|p| p.plan);
        let measure_priority = |id: Id| {
            self.measures
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.priority)
        };
        let activity_measure = |id: Id| {
            self.activities
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.measure)
        };
        match record.kind {
            Kind::Plan => Some(record.id),
            Kind::Priority => priority_plan(record.id),
            Kind::Measure => measure_priority(record.id).and_then(priority_plan),
            Kind::Activity => activity_measure(record.id)
                .and_then(measure_priority)
                .and_then(priority_plan),
            Kind::ActionPlan => self
                .action_plans
                .iter()
                .find(|a| a.id == record.id)
                .map(|a| a.plan),
            _ => None,
        }
    }
}
