//! The plan in the store: numbers kept in order by change sets undone as one, the rules
//! that need other records, and the register file's version 2 with version 1 still read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::sample_store;
use kpss::model::plan::{Activity, Measure, Priority};
use kpss::model::{
    ActionItem, ActionPlan, Kind, Monitoring, MonitoringState, Record, RecordRef, Rule,
};
use kpss::store::{Change, ChangeSet, Store, StoreError, StoreExt, plan_order};

/// The plan's priorities as (number, title), in number order.
fn priorities(store: &dyn Store, plan: u64) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = store
        .list_as::<Priority>()
        .unwrap()
        .into_iter()
        .map(|v| v.record)
        .filter(|p| p.plan == plan)
        .map(|p| (p.number, p.title))
        .collect();
    out.sort();
    out
}

fn titles(list: &[(u32, String)]) -> Vec<&str> {
    list.iter().map(|(_, t)| t.as_str()).collect()
}

#[test]
fn inserting_a_priority_at_2_renumbers_the_later_ones_in_one_undoable_set() {
    let store = sample_store();
    let before = priorities(&store, 1);
    assert_eq!(
        before.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    let new = Priority {
        plan: 1,
        number: 2,
        title: "Bydlení".into(),
        ..Priority::default()
    };
    let set = plan_order::insert(&store, Record::Priority(new)).unwrap();
    // Three siblings move up and the new one is created: one set.
    assert_eq!(set.len(), 4);
    let applied = store.apply(set).unwrap();
    let after = priorities(&store, 1);
    assert_eq!(
        after,
        vec![
            (1, "Senioři".to_string()),
            (2, "Bydlení".to_string()),
            (3, "Osoby se zdravotním postižením".to_string()),
            (4, "Rodiny s dětmi, děti a mládež".to_string()),
            (5, "Informovanost a spolupráce".to_string()),
        ]
    );
    store.apply(applied.inverse()).unwrap();
    assert_eq!(priorities(&store, 1), before);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn moving_a_priority_renumbers_what_lies_between_and_undoes_as_one() {
    let store = sample_store();
    let before = priorities(&store, 1);
    let last = store
        .list_as::<Priority>()
        .unwrap()
        .into_iter()
        .find(|v| v.record.number == 4)
        .unwrap();
    let set =
        plan_order::move_node(&store, RecordRef::new(Kind::Priority, last.record.id), 1).unwrap();
    let applied = store.apply(set).unwrap();
    assert_eq!(
        titles(&priorities(&store, 1)),
        vec![
            "Informovanost a spolupráce",
            "Senioři",
            "Osoby se zdravotním postižením",
            "Rodiny s dětmi, děti a mládež"
        ]
    );
    assert_eq!(
        priorities(&store, 1)
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    store.apply(applied.inverse()).unwrap();
    assert_eq!(priorities(&store, 1), before);
}

#[test]
fn deleting_a_measure_closes_the_gap_and_takes_its_activities() {
    let store = sample_store();
    // Priority 1 has measures 1.1 and 1.2; delete 1.1.
    let rev = store
        .get(RecordRef::new(Kind::Measure, 1))
        .unwrap()
        .unwrap()
        .rev;
    let set = plan_order::delete(&store, RecordRef::new(Kind::Measure, 1), rev, true).unwrap();
    let applied = store.apply(set).unwrap();
    let left: Vec<Measure> = store
        .list_as::<Measure>()
        .unwrap()
        .into_iter()
        .map(|v| v.record)
        .filter(|m| m.priority == 1)
        .collect();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].number, 1);
    assert!(
        store
            .list_as::<Activity>()
            .unwrap()
            .iter()
            .all(|a| a.record.measure != 1)
    );
    store.apply(applied.inverse()).unwrap();
    assert_eq!(store.list_as::<Activity>().unwrap().len(), 7);
    assert!(store.check().unwrap().is_ok());
}

fn refused(result: Result<kpss::store::Applied, StoreError>) -> Rule {
    match result {
        Err(StoreError::Invalid { problem, .. }) => problem.rule,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn an_action_plan_of_a_year_outside_the_plan_is_refused_by_the_store() {
    let store = sample_store();
    let ap = ActionPlan {
        plan: 1,
        year: 2023,
        ..ActionPlan::default()
    };
    assert_eq!(
        refused(
            store.apply(ChangeSet::one(Change::Create(Record::ActionPlan(
                ap.clone()
            ))))
        ),
        Rule::YearRange {
            min: 2020,
            max: 2022
        }
    );
    // The same in the plan's last year is stored.
    let ap = ActionPlan { year: 2022, ..ap };
    store.create(Record::ActionPlan(ap)).unwrap();
}

#[test]
fn an_action_plan_may_only_pick_its_own_plan_s_activities() {
    let store = sample_store();
    // A second plan with one activity.
    let plan = store
        .create(Record::Plan(kpss::model::Plan {
            document: 7,
            region: 11,
            title: "KP 2012–2014".into(),
            year_from: 2012,
            year_to: 2014,
            ..Default::default()
        }))
        .unwrap();
    let ap = ActionPlan {
        plan: plan.record.id(),
        year: 2013,
        items: vec![ActionItem {
            activity: 1,
            planned_cost: 0,
            responsible: None,
            deadline: None,
        }],
        ..ActionPlan::default()
    };
    assert_eq!(
        refused(store.apply(ChangeSet::one(Change::Create(Record::ActionPlan(ap))))),
        Rule::NotListed
    );
}

#[test]
fn a_plan_must_belong_to_a_plan_document() {
    let store = sample_store();
    // Document 8 is an action plan, not a community or medium-term plan.
    let plan = kpss::model::Plan {
        document: 8,
        region: 11,
        title: "Omyl".into(),
        year_from: 2018,
        year_to: 2018,
        ..Default::default()
    };
    assert_eq!(
        refused(store.apply(ChangeSet::one(Change::Create(Record::Plan(plan))))),
        Rule::NotListed
    );
}

#[test]
fn monitoring_needs_an_activity_of_its_action_plan_and_the_measure_s_indicators() {
    let store = sample_store();
    // Activity 3 is not in the 2020 action plan.
    let m = Monitoring {
        action_plan: 1,
        activity: 3,
        state: Some(MonitoringState::Done),
        ..Monitoring::default()
    };
    assert_eq!(
        refused(store.apply(ChangeSet::one(Change::Create(Record::Monitoring(m))))),
        Rule::NotListed
    );
    let m = Monitoring {
        action_plan: 1,
        activity: 1,
        reached: vec![kpss::model::IndicatorValue {
            indicator: "počet lůžek".into(),
            value: 3,
        }],
        ..Monitoring::default()
    };
    assert_eq!(
        refused(store.apply(ChangeSet::one(Change::Create(Record::Monitoring(m))))),
        Rule::NotListed
    );
}

#[test]
fn each_monitoring_entry_keeps_who_recorded_it_and_when() {
    let store = sample_store();
    let stored = store.get_as::<Monitoring>(2).unwrap().unwrap();
    let mut m = stored.record.clone();
    m.state = Some(MonitoringState::Done);
    store.update_as(stored.rev, m).unwrap();
    let history = store.history(RecordRef::new(Kind::Monitoring, 2)).unwrap();
    assert!(!history.is_empty(), "{history:?}");
    let last = history.last().unwrap();
    assert_eq!(last.who, "referentka");
    match &last.after {
        Some(Record::Monitoring(m)) => assert_eq!(m.state, Some(MonitoringState::Done)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_version_1_file_still_imports_and_an_export_is_version_2_with_the_plan() {
    let v1 = r#"{"format": "kpss-register", "version": 1,
        "regions": [{"id": 1, "name": "Blatná", "kraj": "jihocesky"}]}"#;
    let register = kpss::interchange::read(v1).unwrap();
    assert_eq!(register.version, 1);
    assert!(register.plans.is_empty());
    let store = kpss::store::EmbeddedStore::temporary("referentka").unwrap();
    store.import(&register).unwrap();
    assert_eq!(store.list(Kind::Region).unwrap().len(), 1);

    let sample = sample_store();
    let export = sample.export().unwrap();
    assert_eq!(export.version, 2);
    let json = serde_json::to_string(&export).unwrap();
    let back = kpss::interchange::read(&json).unwrap();
    assert_eq!(back.plans.len(), 1);
    assert_eq!(back.priorities.len(), 4);
    assert_eq!(back.measures.len(), 5);
    assert_eq!(back.activities.len(), 7);
    assert_eq!(back.action_plans.len(), 1);
    assert_eq!(back.monitoring.len(), 6);
    // A version-3 file is refused, not half read.
    let v3 = r#"{"format": "kpss-register", "version": 3}"#;
    assert!(kpss::interchange::read(v3).is_err());
}

#[test]
fn the_sample_plan_is_marked_as_an_example() {
    let register = kpss::sample::sample_register().unwrap();
    let plan = &register.plans[0];
    assert!(plan.title.contains("ukázka"), "{}", plan.title);
    assert!(plan.note.contains("nikoli skutečný plán"), "{}", plan.note);
}

/// The neighbourhood a detail reads through the index holds what the full lists give for
/// that node: its parents, a measure's activities, their action plans and monitoring.
#[test]
fn a_node_s_neighbourhood_agrees_with_the_full_lists() {
    use kpss::model::plan::rollup::rollup;
    use kpss::store::plan_order::{load_around, load_plan_data};
    let store = sample_store();
    let full = load_plan_data(&store).unwrap();
    let plan = &full.plans[0];
    let whole = full.tree(plan);
    for m in &full.measures {
        let around = load_around(&store, RecordRef::new(Kind::Measure, m.id)).unwrap();
        let tree = around.tree_of(RecordRef::new(Kind::Measure, m.id)).unwrap();
        for ap in &full.action_plans {
            let wanted = rollup(&whole, ap, &full.monitoring)
                .priorities
                .into_iter()
                .flat_map(|p| p.measures)
                .find(|r| r.measure == m.id);
            let near = around.action_plans.iter().find(|a| a.id == ap.id);
            let got = near.and_then(|near| {
                rollup(&tree, near, &around.monitoring)
                    .priorities
                    .into_iter()
                    .flat_map(|p| p.measures)
                    .find(|r| r.measure == m.id)
            });
            assert_eq!(got, wanted, "measure {}", m.id);
        }
    }
    for a in &full.activities {
        let around = load_around(&store, RecordRef::new(Kind::Activity, a.id)).unwrap();
        assert_eq!(
            around
                .tree_of(RecordRef::new(Kind::Activity, a.id))
                .and_then(|t| t.activity_number(a.id)),
            whole.activity_number(a.id)
        );
        let mut near: Vec<u64> = around.monitoring.iter().map(|m| m.id).collect();
        let mut all: Vec<u64> = full
            .monitoring
            .iter()
            .filter(|m| m.activity == a.id)
            .map(|m| m.id)
            .collect();
        near.sort();
        all.sort();
        assert_eq!(near, all);
    }
}

/// Action-plan deadlines join what is due: activities not monitored as done, from the
/// weeks back that past meetings are listed for to the horizon, only of the regions asked
/// for; years later they are no longer a reminder.
#[test]
fn action_plan_deadlines_not_yet_done_are_due() {
    use kpss::model::remind::ReminderKind;
    let store = sample_store();
    let today = chrono::NaiveDate::from_ymd_opt(2020, 10, 15).unwrap();
    let items = kpss::reminders::gather(&store, today, 90, &[]).unwrap();
    let deadlines: Vec<(String, String)> = items
        .iter()
        .filter(|r| r.kind == ReminderKind::Deadline)
        .map(|r| (r.date.to_string(), r.title.clone()))
        .collect();
    assert_eq!(
        deadlines,
        vec![
            (
                "2020-09-30".to_string(),
                "AP 2020: 1.1.2 Rozšíření služby do večerních hodin".to_string()
            ),
            (
                "2020-11-30".to_string(),
                "AP 2020: 4.1.2 Veřejné setkání o sociálních službách".to_string()
            ),
            (
                "2020-12-31".to_string(),
                "AP 2020: 3.1.1 Spolufinancování sociálně aktivizační služby".to_string()
            ),
        ]
    );
    // Soběslav has no plan.
    let sobeslav = kpss::reminders::gather(&store, today, 90, &[10]).unwrap();
    assert!(sobeslav.iter().all(|r| r.kind != ReminderKind::Deadline));
    // Once the activity is monitored as done, it is no longer due.
    let stored = store.get_as::<Monitoring>(2).unwrap().unwrap();
    let mut done = stored.record.clone();
    done.state = Some(MonitoringState::Done);
    store.update_as(stored.rev, done).unwrap();
    let after = kpss::reminders::gather(&store, today, 90, &[]).unwrap();
    assert_eq!(
        after
            .iter()
            .filter(|r| r.kind == ReminderKind::Deadline)
            .count(),
        2
    );
    let years_later = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    assert!(
        kpss::reminders::gather(&store, years_later, 30, &[])
            .unwrap()
            .iter()
            .all(|r| r.kind != ReminderKind::Deadline)
    );
}

/// A measure links the services it is about; a service deleted leaves the measure without
/// the link, and the plan's document names the service.
#[test]
fn a_measure_links_services_and_loses_a_deleted_one() {
    use kpss::model::{Record, Service};
    let store = sample_store();
    let service = store.list_as::<Service>().unwrap().remove(0);
    let stored = store.get_as::<Measure>(1).unwrap().unwrap();
    let mut linked = stored.record.clone();
    linked.services = vec![service.record.id];
    store.update_as(stored.rev, linked).unwrap();
    let md = String::from_utf8(
        kpss::report::plan::read::plan_document(
            &store,
            1,
            kpss::report::plan::read::PlanFormat::Md,
            kpss::model::Lang::Cs,
        )
        .unwrap(),
    )
    .unwrap();
    assert!(
        md.contains(&format!("- **Služby:** {}", service.record.name)),
        "{md}"
    );
    let target = Record::Service(service.record.clone()).reference();
    store
        .apply(ChangeSet::one(Change::Delete {
            record: target,
            rev: service.rev,
            cascade: true,
        }))
        .unwrap();
    assert!(
        store
            .get_as::<Measure>(1)
            .unwrap()
            .unwrap()
            .record
            .services
            .is_empty()
    );
}

/// Found: a plan's period could be narrowed past its action plans, and a measure could
/// lose an indicator its monitoring still names; only the changed record was checked.
#[test]
fn changing_a_plan_or_measure_rechecks_what_depends_on_it() {
    let store = sample_store();
    let plan = store.get(RecordRef::new(Kind::Plan, 1)).unwrap().unwrap();
    let Record::Plan(mut p) = plan.record.clone() else {
        panic!("{plan:?}")
    };
    assert_eq!((p.year_from, p.year_to), (2020, 2022));
    p.year_from = 2021;
    let result = store.apply(ChangeSet::one(Change::Update {
        rev: plan.rev,
        record: Record::Plan(p.clone()),
    }));
    match result {
        Err(StoreError::Invalid { record, problem }) => {
            assert_eq!(record.kind, Kind::ActionPlan);
            assert_eq!(
                problem.rule,
                Rule::YearRange {
                    min: 2021,
                    max: 2022
                }
            );
        }
        other => panic!("not refused: {other:?}"),
    }
    // Widening the period is fine.
    p.year_from = 2019;
    store
        .apply(ChangeSet::one(Change::Update {
            rev: plan.rev,
            record: Record::Plan(p),
        }))
        .unwrap();
}

#[test]
fn a_measure_may_not_drop_an_indicator_its_monitoring_names() {
    let store = sample_store();
    let measure = store
        .get(RecordRef::new(Kind::Measure, 1))
        .unwrap()
        .unwrap();
    let Record::Measure(mut m) = measure.record.clone() else {
        panic!("{measure:?}")
    };
    m.indicators.retain(|i| i.name != "počet hodin přímé péče");
    match store.apply(ChangeSet::one(Change::Update {
        rev: measure.rev,
        record: Record::Measure(m),
    })) {
        Err(StoreError::Invalid { record, problem }) => {
            assert_eq!(record, RecordRef::new(Kind::Monitoring, 1));
            assert_eq!(problem.rule, Rule::NotListed);
        }
        other => panic!("not refused: {other:?}"),
    }
}
