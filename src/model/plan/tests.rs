#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;

use super::rollup::{Totals, evaluation, fulfilment_per_priority, rollup};
use super::tree::PlanTree;
use super::*;
use crate::model::Rule;

fn plan() -> Plan {
    Plan {
        id: 1,
        document: 6,
        region: 11,
        title: "SPRSS".into(),
        year_from: 2020,
        year_to: 2022,
        note: String::new(),
    }
}

fn rules(problems: Vec<Invalid>) -> Vec<(&'static str, Rule)> {
    problems.into_iter().map(|p| (p.field.cs, p.rule)).collect()
}

#[test]
fn a_plan_needs_its_document_region_and_an_ordered_period() {
    assert!(plan().problems().is_empty());
    let backwards = Plan {
        year_from: 2022,
        year_to: 2020,
        document: 0,
        ..plan()
    };
    assert_eq!(
        rules(backwards.problems()),
        vec![
            ("Dokument plánu", Rule::Required),
            ("Období", Rule::EndBeforeStart)
        ]
    );
}

#[test]
fn numbers_run_from_one() {
    let p = Priority {
        plan: 1,
        number: 0,
        title: "Senioři".into(),
        ..Priority::default()
    };
    assert_eq!(
        rules(p.problems()),
        vec![("Číslo", Rule::NumberRange { min: 1, max: 999 })]
    );
    assert!(Priority { number: 1, ..p }.problems().is_empty());
}

fn measure() -> Measure {
    Measure {
        id: 7,
        priority: 1,
        number: 2,
        title: "Terénní služby".into(),
        year_from: Some(2020),
        year_to: Some(2022),
        costs: vec![CostRow {
            year: 2020,
            source: Some(FundingSource::Municipality),
            amount: 150_000,
        }],
        indicators: vec![Indicator {
            name: "počet klientů".into(),
            unit: Some(IndicatorUnit::Clients),
            baseline: 40,
            target: 55,
        }],
        ..Measure::default()
    }
}

#[test]
fn costs_are_never_negative_and_lie_in_the_measure_s_period() {
    assert!(measure().problems().is_empty());
    let mut m = measure();
    m.costs[0].amount = -1;
    assert_eq!(
        rules(m.problems()),
        vec![(
            "Předpokládané náklady",
            Rule::NumberRange {
                min: 0,
                max: measure::MAX_AMOUNT
            }
        )]
    );
    let mut m = measure();
    m.costs[0].year = 2023;
    assert_eq!(
        rules(m.problems()),
        vec![(
            "Předpokládané náklady",
            Rule::YearRange {
                min: 2020,
                max: 2022
            }
        )]
    );
    let mut m = measure();
    m.costs.push(m.costs[0].clone());
    assert_eq!(
        rules(m.problems()),
        vec![("Předpokládané náklady", Rule::Duplicate)]
    );
    let mut m = measure();
    m.costs[0].source = None;
    assert_eq!(
        rules(m.problems()),
        vec![("Zdroj financování", Rule::Required)]
    );
}

#[test]
fn an_indicator_needs_a_unit_and_a_percentage_stops_at_a_hundred() {
    let mut m = measure();
    m.indicators[0].unit = None;
    assert_eq!(
        rules(m.problems()),
        vec![("Jednotka ukazatele", Rule::Required)]
    );
    let mut m = measure();
    m.indicators[0].unit = Some(IndicatorUnit::Percent);
    m.indicators[0].target = 120;
    assert_eq!(
        rules(m.problems()),
        vec![("Ukazatele", Rule::NumberRange { min: 0, max: 100 })]
    );
    // The same target in clients is fine.
    m.indicators[0].unit = Some(IndicatorUnit::Clients);
    assert!(m.problems().is_empty());
    let reached = Monitoring {
        action_plan: 1,
        activity: 1,
        reached: vec![IndicatorValue {
            indicator: "počet hodin".into(),
            value: 5,
        }],
        ..Monitoring::default()
    };
    assert_eq!(
        rules(reached.problems_against(&measure())),
        vec![("Dosažené hodnoty ukazatelů", Rule::NotListed)]
    );
}

#[test]
fn an_action_plan_of_a_year_outside_the_plan_is_refused() {
    let p = plan();
    assert_eq!(p.year_problem(action::YEAR, 2021), None);
    let outside = p.year_problem(action::YEAR, 2023).unwrap();
    assert_eq!(
        outside.rule,
        Rule::YearRange {
            min: 2020,
            max: 2022
        }
    );
    assert_eq!(
        outside.message(crate::model::Lang::Cs),
        "Rok: rok musí být mezi 2020 a 2022"
    );
}

#[test]
fn money_in_an_action_plan_is_not_negative_and_an_activity_is_picked_once() {
    let item = ActionItem {
        activity: 3,
        planned_cost: -5,
        responsible: None,
        deadline: None,
    };
    let ap = ActionPlan {
        plan: 1,
        year: 2020,
        items: vec![
            item.clone(),
            ActionItem {
                planned_cost: 5,
                ..item
            },
        ],
        ..ActionPlan::default()
    };
    assert_eq!(
        rules(ap.problems()),
        vec![
            (
                "Plánované náklady",
                Rule::NumberRange {
                    min: 0,
                    max: measure::MAX_AMOUNT
                }
            ),
            ("Aktivity akčního plánu", Rule::Duplicate)
        ]
    );
}

#[test]
fn display_numbers_join_the_chain() {
    assert_eq!(display_number(&[1]), "1");
    assert_eq!(display_number(&[1, 2, 1]), "1.2.1");
}

/// Two priorities; the first with two measures (two activities, one activity), the second
/// with one measure of one activity.
fn tree() -> PlanTree {
    let priorities = vec![
        Priority {
            id: 20,
            plan: 1,
            number: 2,
            title: "Rodiny".into(),
            ..Priority::default()
        },
        Priority {
            id: 10,
            plan: 1,
            number: 1,
            title: "Senioři".into(),
            ..Priority::default()
        },
    ];
    let m = |id, priority, number| Measure {
        id,
        priority,
        number,
        title: format!("M{id}"),
        indicators: vec![Indicator {
            name: "klienti".into(),
            unit: Some(IndicatorUnit::Clients),
            baseline: 0,
            target: 10,
        }],
        ..Measure::default()
    };
    let measures = vec![m(101, 10, 1), m(102, 10, 2), m(201, 20, 1)];
    let a = |id, measure, number| Activity {
        id,
        measure,
        number,
        title: format!("A{id}"),
        ..Activity::default()
    };
    let activities = vec![a(2, 101, 2), a(1, 101, 1), a(3, 102, 1), a(4, 201, 1)];
    PlanTree::build(plan(), &priorities, &measures, &activities)
}

fn item(activity: Id, planned_cost: i64) -> ActionItem {
    ActionItem {
        activity,
        planned_cost,
        responsible: None,
        deadline: NaiveDate::from_ymd_opt(2020, 6, 30),
    }
}

fn monitored(
    id: Id,
    action_plan: Id,
    activity: Id,
    state: MonitoringState,
    cost: i64,
    clients: i64,
) -> Monitoring {
    Monitoring {
        id,
        action_plan,
        activity,
        state: Some(state),
        reached: vec![IndicatorValue {
            indicator: "klienti".into(),
            value: clients,
        }],
        actual_cost: cost,
        ..Monitoring::default()
    }
}

#[test]
fn the_tree_orders_siblings_by_number_and_numbers_them_by_their_chain() {
    let rows = tree().rows();
    let shown: Vec<(usize, &str)> = rows.iter().map(|r| (r.depth, r.number.as_str())).collect();
    assert_eq!(
        shown,
        vec![
            (0, ""),
            (1, "1"),
            (2, "1.1"),
            (3, "1.1.1"),
            (3, "1.1.2"),
            (2, "1.2"),
            (3, "1.2.1"),
            (1, "2"),
            (2, "2.1"),
            (3, "2.1.1"),
        ]
    );
    assert_eq!(tree().activity_number(3).as_deref(), Some("1.2.1"));
}

#[test]
fn fulfilment_counts_states_and_leaves_out_cancelled_and_postponed() {
    let mut t = Totals::default();
    t.add_activity(Some(MonitoringState::Done), 100, 90);
    t.add_activity(Some(MonitoringState::Partial), 50, 20);
    t.add_activity(Some(MonitoringState::NotDone), 10, 0);
    t.add_activity(Some(MonitoringState::Cancelled), 1_000, 0);
    t.add_activity(Some(MonitoringState::Postponed), 7, 0);
    // (100 + 50 + 0) / 3 = 50
    assert_eq!(t.percent(), Some(50));
    assert_eq!(
        (t.planned, t.actual, t.activities, t.counted),
        (1_167, 110, 5, 3)
    );
    let mut open = Totals::default();
    open.add_activity(None, 5, 0);
    open.add_activity(Some(MonitoringState::Ongoing), 5, 5);
    // Not yet monitored counts as not done: (0 + 100) / 2.
    assert_eq!(open.percent(), Some(50));
    let mut thirds = Totals::default();
    thirds.add_activity(Some(MonitoringState::Done), 0, 0);
    thirds.add_activity(Some(MonitoringState::Partial), 0, 0);
    thirds.add_activity(Some(MonitoringState::Partial), 0, 0);
    // 200 / 3 = 66.67, rounded half up to 67.
    assert_eq!(thirds.percent(), Some(67));
    assert_eq!(Totals::default().percent(), None);
}

#[test]
fn the_year_rolls_up_per_measure_and_priority() {
    let tree = tree();
    let ap = ActionPlan {
        id: 5,
        plan: 1,
        year: 2020,
        items: vec![item(1, 1_000_000), item(2, 250_000), item(4, 80_000)],
        ..ActionPlan::default()
    };
    let monitoring = vec![
        monitored(1, 5, 1, MonitoringState::NotDone, 0, 1),
        // A later entry for the same activity wins.
        monitored(9, 5, 1, MonitoringState::Done, 990_000, 6),
        monitored(2, 5, 2, MonitoringState::Partial, 100_000, 3),
        monitored(3, 5, 4, MonitoringState::Cancelled, 0, 0),
        // Another action plan's monitoring is not this year's.
        monitored(4, 6, 2, MonitoringState::Done, 5, 100),
    ];
    let year = rollup(&tree, &ap, &monitoring);
    assert_eq!(year.priorities.len(), 2);
    let seniors = &year.priorities[0];
    // Measure 1.2 has no activity in the action plan: left out.
    assert_eq!(seniors.measures.len(), 1);
    let m = &seniors.measures[0];
    assert_eq!(m.number, "1.1");
    assert_eq!((m.totals.planned, m.totals.actual), (1_250_000, 1_090_000));
    assert_eq!(m.totals.percent(), Some(75));
    assert_eq!(m.indicators[0].reached, Some(9));
    assert_eq!(m.indicators[0].target, 10);
    assert_eq!(m.activities[1].number, "1.1.2");
    let families = &year.priorities[1];
    assert_eq!(families.totals.percent(), None);
    assert_eq!(families.totals.planned, 80_000);
    assert_eq!(year.totals.planned, 1_330_000);
    assert_eq!(year.totals.actual, 1_090_000);
    assert_eq!(year.totals.percent(), Some(75));
    assert_eq!(
        fulfilment_per_priority(&year, &tree),
        vec![("1".to_string(), 75), ("2".to_string(), 0)]
    );
}

#[test]
fn the_evaluation_sums_the_years_per_priority() {
    let tree = tree();
    let year = |id, year, cost| ActionPlan {
        id,
        plan: 1,
        year,
        items: vec![item(3, cost)],
        ..ActionPlan::default()
    };
    let plans = vec![year(8, 2021, 200), year(7, 2020, 100)];
    let monitoring = vec![
        monitored(1, 7, 3, MonitoringState::Done, 90, 1),
        monitored(2, 8, 3, MonitoringState::NotDone, 10, 0),
    ];
    let (years, per_priority) = evaluation(&tree, &plans, &monitoring);
    assert_eq!(
        years.iter().map(|y| y.year).collect::<Vec<_>>(),
        vec![2020, 2021]
    );
    let seniors = per_priority[&10];
    assert_eq!((seniors.planned, seniors.actual), (300, 100));
    assert_eq!(seniors.percent(), Some(50));
}

#[test]
fn pending_deadlines_skip_what_is_done_or_outside_the_window() {
    let d = |m, day| NaiveDate::from_ymd_opt(2020, m, day).unwrap();
    let ap = ActionPlan {
        id: 5,
        plan: 1,
        year: 2020,
        items: vec![
            ActionItem {
                deadline: Some(d(6, 30)),
                ..item(1, 0)
            },
            ActionItem {
                deadline: Some(d(5, 31)),
                ..item(2, 0)
            },
            ActionItem {
                deadline: Some(d(9, 30)),
                ..item(3, 0)
            },
            ActionItem {
                deadline: None,
                ..item(4, 0)
            },
        ],
        ..ActionPlan::default()
    };
    let monitoring = vec![
        monitored(1, 5, 1, MonitoringState::Done, 0, 0),
        monitored(2, 5, 2, MonitoringState::Partial, 0, 0),
    ];
    let pending = due::pending_activities(&[ap], &monitoring, d(5, 1), d(7, 1));
    assert_eq!(
        pending,
        vec![due::PendingActivity {
            action_plan: 5,
            activity: 2,
            deadline: d(5, 31)
        }]
    );
}
