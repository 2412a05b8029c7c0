//! What an action plan achieved, rolled up per measure and priority: fulfilment in per
//! cent, money planned against money spent, indicators reached against their targets.
//! Money is in whole CZK and every sum is exact integer arithmetic.

use std::collections::BTreeMap;

use crate::model::Id;
use crate::model::plan::tree::PlanTree;
use crate::model::plan::{ActionPlan, IndicatorUnit, Monitoring, MonitoringState};

/// Sums over a set of activities of an action plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Activities the action plan picked.
    pub activities: u32,
    /// Activities that count towards fulfilment (not cancelled, not postponed; an
    /// activity not yet monitored counts, as not done).
    pub counted: u32,
    /// The sum of the counted activities' fulfilment in per cent.
    pub fulfilled: u32,
    pub planned: i64,
    pub actual: i64,
}

impl Totals {
    pub fn add_activity(&mut self, state: Option<MonitoringState>, planned: i64, actual: i64) {
        self.activities += 1;
        self.planned += planned;
        self.actual += actual;
        match state {
            None => self.counted += 1,
            Some(state) => {
                if let Some(percent) = state.fulfilment() {
                    self.counted += 1;
                    self.fulfilled += percent;
                }
            }
        }
    }

    pub fn add(&mut self, other: &Totals) {
        self.activities += other.activities;
        self.counted += other.counted;
        self.fulfilled += other.fulfilled;
        self.planned += other.planned;
        self.actual += other.actual;
    }

    /// Fulfilment in whole per cent, rounded half up; `None` when nothing counts.
    pub fn percent(&self) -> Option<u32> {
        (self.counted > 0).then(|| (self.fulfilled + self.counted / 2) / self.counted)
    }
}

/// An indicator of a measure: its target and what the year's monitoring reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorRollup {
    pub name: String,
    pub unit: Option<IndicatorUnit>,
    pub baseline: i64,
    pub target: i64,
    /// The sum of the values the measure's activities reached; `None` when none was recorded.
    pub reached: Option<i64>,
}

/// One picked activity and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRollup {
    pub activity: Id,
    pub number: String,
    pub title: String,
    pub state: Option<MonitoringState>,
    pub planned: i64,
    pub actual: i64,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureRollup {
    pub measure: Id,
    pub number: String,
    pub title: String,
    pub totals: Totals,
    pub indicators: Vec<IndicatorRollup>,
    pub activities: Vec<ActivityRollup>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityRollup {
    pub priority: Id,
    pub number: String,
    pub title: String,
    pub totals: Totals,
    pub measures: Vec<MeasureRollup>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRollup {
    pub year: i32,
    pub totals: Totals,
    pub priorities: Vec<PriorityRollup>,
}

/// The monitoring of each activity of the action plan: the newest entry (highest id)
/// when several were recorded.
pub fn latest_monitoring<'a>(
    action_plan: &ActionPlan,
    monitorings: &'a [Monitoring],
) -> BTreeMap<Id, &'a Monitoring> {
    let mut out: BTreeMap<Id, &Monitoring> = BTreeMap::new();
    for m in monitorings
        .iter()
        .filter(|m| m.action_plan == action_plan.id)
    {
        match out.get(&m.activity) {
            Some(old) if old.id > m.id => {}
            _ => {
                out.insert(m.activity, m);
            }
        }
    }
    out
}

/// The year's rollup of an action plan over the plan's tree. Measures and priorities
/// with no activity in the action plan are left out.
pub fn rollup(tree: &PlanTree, action_plan: &ActionPlan, monitorings: &[Monitoring]) -> YearRollup {
    let latest = latest_monitoring(action_plan, monitorings);
    let mut year = YearRollup {
        year: action_plan.year,
        totals: Totals::default(),
        priorities: Vec::new(),
    };
    for p in &tree.priorities {
        let mut pr = PriorityRollup {
            priority: p.priority.id,
            number: p.priority.number.to_string(),
            title: p.priority.title.clone(),
            totals: Totals::default(),
            measures: Vec::new(),
        };
        for m in &p.measures {
            let mut mr = MeasureRollup {
                measure: m.measure.id,
                number: format!("{}.{}", p.priority.number, m.measure.number),
                title: m.measure.title.clone(),
                totals: Totals::default(),
                indicators: Vec::new(),
                activities: Vec::new(),
            };
            let mut reached: BTreeMap<&str, i64> = BTreeMap::new();
            for a in &m.activities {
                let Some(item) = action_plan.item(a.id) else {
                    continue;
                };
                let monitoring = latest.get(&a.id);
                let state = monitoring.and_then(|m| m.state);
                let actual = monitoring.map_or(0, |m| m.actual_cost);
                mr.totals.add_activity(state, item.planned_cost, actual);
                if let Some(monitoring) = monitoring {
                    for value in &monitoring.reached {
                        *reached.entry(value.indicator.as_str()).or_insert(0) += value.value;
                    }
                }
                mr.activities.push(ActivityRollup {
                    activity: a.id,
                    number: format!("{}.{}.{}", p.priority.number, m.measure.number, a.number),
                    title: a.title.clone(),
                    state,
                    planned: item.planned_cost,
                    actual,
                    comment: monitoring.map(|m| m.comment.clone()).unwrap_or_default(),
                });
            }
            if mr.activities.is_empty() {
                continue;
            }
            mr.indicators = m
                .measure
                .indicators
                .iter()
                .map(|i| IndicatorRollup {
                    name: i.name.clone(),
                    unit: i.unit,
                    baseline: i.baseline,
                    target: i.target,
                    reached: reached.get(i.name.as_str()).copied(),
                })
                .collect();
            pr.totals.add(&mr.totals);
            pr.measures.push(mr);
        }
        if pr.measures.is_empty() {
            continue;
        }
        year.totals.add(&pr.totals);
        year.priorities.push(pr);
    }
    year
}

/// The evaluation of the whole plan: every action plan's year, and per priority the sum
/// over the years (what the previous plan's vyhodnocení reports).
pub fn evaluation(
    tree: &PlanTree,
    action_plans: &[ActionPlan],
    monitorings: &[Monitoring],
) -> (Vec<YearRollup>, BTreeMap<Id, Totals>) {
    let mut own: Vec<&ActionPlan> = action_plans
        .iter()
        .filter(|a| a.plan == tree.plan.id)
        .collect();
    own.sort_by_key(|a| (a.year, a.id));
    let years: Vec<YearRollup> = own
        .into_iter()
        .map(|a| rollup(tree, a, monitorings))
        .collect();
    let mut per_priority: BTreeMap<Id, Totals> = BTreeMap::new();
    for year in &years {
        for p in &year.priorities {
            per_priority.entry(p.priority).or_default().add(&p.totals);
        }
    }
    (years, per_priority)
}

/// Fulfilment per priority of one year, for a bar chart: (number, per cent), every
/// priority of the plan, 0 where nothing counts.
pub fn fulfilment_per_priority(year: &YearRollup, tree: &PlanTree) -> Vec<(String, u32)> {
    tree.priorities
        .iter()
        .map(|p| {
            let percent = year
                .priorities
                .iter()
                .find(|r| r.priority == p.priority.id)
                .and_then(|r| r.totals.percent())
                .unwrap_or(0);
            (p.priority.number.to_string(), percent)
        })
        .collect()
}
