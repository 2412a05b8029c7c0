//! A plan with its priorities, measures and activities in order, built from the flat
//! lists the store keeps.

use crate::model::plan::{Activity, Measure, Plan, Priority, display_number};
use crate::model::{Id, Kind, RecordRef};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTree {
    pub plan: Plan,
    pub priorities: Vec<PriorityNode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityNode {
    pub priority: Priority,
    pub measures: Vec<MeasureNode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureNode {
    pub measure: Measure,
    pub activities: Vec<Activity>,
}

/// One line of the tree as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    /// 0 the plan, 1 a priority, 2 a measure, 3 an activity.
    pub depth: usize,
    pub record: RecordRef,
    /// "1.2.1"; empty for the plan.
    pub number: String,
    pub title: String,
}

impl PlanTree {
    /// The plan's parts out of lists that may hold other plans' parts too; siblings are
    /// ordered by number, then id.
    pub fn build(
        plan: Plan,
        priorities: &[Priority],
        measures: &[Measure],
        activities: &[Activity],
    ) -> PlanTree {
        let mut own: Vec<&Priority> = priorities.iter().filter(|p| p.plan == plan.id).collect();
        own.sort_by_key(|p| (p.number, p.id));
        let priorities = own
            .into_iter()
            .map(|priority| {
                let mut ms: Vec<&Measure> = measures
                    .iter()
                    .filter(|m| m.priority == priority.id)
                    .collect();
                ms.sort_by_key(|m| (m.number, m.id));
                let measures = ms
                    .into_iter()
                    .map(|measure| {
                        let mut acts: Vec<Activity> = activities
                            .iter()
                            .filter(|a| a.measure == measure.id)
                            .cloned()
                            .collect();
                        acts.sort_by_key(|a| (a.number, a.id));
                        MeasureNode {
                            measure: measure.clone(),
                            activities: acts,
                        }
                    })
                    .collect();
                PriorityNode {
                    priority: priority.clone(),
                    measures,
                }
            })
            .collect();
        PlanTree { plan, priorities }
    }

    /// Every node in order, the plan first.
    pub fn rows(&self) -> Vec<TreeRow> {
        let mut out = vec![TreeRow {
            depth: 0,
            record: RecordRef::new(Kind::Plan, self.plan.id),
            number: String::new(),
            title: self.plan.title.clone(),
        }];
        for p in &self.priorities {
            let pn = p.priority.number;
            out.push(TreeRow {
                depth: 1,
                record: RecordRef::new(Kind::Priority, p.priority.id),
                number: display_number(&[pn]),
                title: p.priority.title.clone(),
            });
            for m in &p.measures {
                let mn = m.measure.number;
                out.push(TreeRow {
                    depth: 2,
                    record: RecordRef::new(Kind::Measure, m.measure.id),
                    number: display_number(&[pn, mn]),
                    title: m.measure.title.clone(),
                });
                for a in &m.activities {
                    out.push(TreeRow {
                        depth: 3,
                        record: RecordRef::new(Kind::Activity, a.id),
                        number: display_number(&[pn, mn, a.number]),
                        title: a.title.clone(),
                    });
                }
            }
        }
        out
    }

    /// The priority and measure an activity sits under.
    pub fn find_activity(&self, activity: Id) -> Option<(&PriorityNode, &MeasureNode, &Activity)> {
        self.priorities.iter().find_map(|p| {
            p.measures.iter().find_map(|m| {
                m.activities
                    .iter()
                    .find(|a| a.id == activity)
                    .map(|a| (p, m, a))
            })
        })
    }

    /// "1.2.1" of an activity of this plan.
    pub fn activity_number(&self, activity: Id) -> Option<String> {
        self.find_activity(activity)
            .map(|(p, m, a)| display_number(&[p.priority.number, m.measure.number, a.number]))
    }

    /// Every activity of the plan, in order.
    pub fn activities(&self) -> impl Iterator<Item = &Activity> {
        self.priorities
            .iter()
            .flat_map(|p| p.measures.iter().flat_map(|m| m.activities.iter()))
    }
}
