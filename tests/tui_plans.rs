//! The plans tab: the tree at 80×24, a measure's detail, and the whole flow by keys —
//! a priority with two measures and an activity, the activity put into the 2020 action
//! plan, its monitoring recorded, and the chart of fulfilment per priority changing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{app_on, ctrl, key, sample_app, sample_store, screen, typed};
use kpss::model::{
    ActionItem, ActionPlan, Lang, Measure, Monitoring, MonitoringState, Priority, Record,
};
use kpss::store::{Store, StoreExt};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_plans_tab_at_80x24() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('8'));
    insta::assert_snapshot!("plans_tab_80x24", screen(&app, 80, 24));
    // Down to measure 1.1: its detail with indicators, money and monitoring.
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    insta::assert_snapshot!("plans_tab_measure_80x24", screen(&app, 80, 24));
}

/// The plan's chart line of priority `number` as the detail pane shows it: "5 100 %███".
fn chart_line(text: &str, number: u32) -> Option<String> {
    let start = text.find("Plnění priorit v roce 2020")?;
    text[start..]
        .lines()
        .skip(1)
        .take(6)
        .find(|l| {
            l.rsplit("││")
                .next()
                .is_some_and(|pane| pane.trim_start().starts_with(&format!("{number} ")))
        })
        .and_then(|l| l.rsplit("││").next())
        .map(|pane| pane.trim().to_string())
}

#[test]
fn a_priority_with_two_measures_and_an_activity_monitored_moves_the_chart() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('8'));
    // The plan is the first row; `a` adds a priority under it, numbered last.
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Bydlení");
    ctrl(&mut app, 's');
    let store = std::sync::Arc::clone(app.store());
    let priority = store
        .list_as::<Priority>()
        .unwrap()
        .into_iter()
        .find(|p| p.record.title == "Bydlení")
        .unwrap()
        .record;
    assert_eq!(priority.number, 5);
    // Under it a measure, and under the measure an activity.
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Sociální byty");
    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Smlouva s poskytovatelem");
    ctrl(&mut app, 's');
    // Back up to the priority for its second measure.
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "Krizové bydlení");
    ctrl(&mut app, 's');
    let measures: Vec<(u32, String)> = store
        .list_as::<Measure>()
        .unwrap()
        .into_iter()
        .filter(|m| m.record.priority == priority.id)
        .map(|m| (m.record.number, m.record.title))
        .collect();
    assert_eq!(
        measures,
        vec![
            (1, "Sociální byty".to_string()),
            (2, "Krizové bydlení".to_string())
        ]
    );
    let tree = screen(&app, 120, 40);
    assert!(tree.contains("5 Bydlení"), "{tree}");
    assert!(tree.contains("5.1 Sociální byty"), "{tree}");
    assert!(tree.contains("5.1.1 Smlouva s poskytovatelem"), "{tree}");
    assert!(tree.contains("5.2 Krizové bydlení"), "{tree}");

    // Today is 2018, before the plan: the year goes to 2020, the plan's first.
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char(']'));
    // The activity 5.1.1 is the row above 5.2.
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Char('p'));
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Zařazeno do akčního plánu na rok 2020."),
        "{shown}"
    );
    // The plan's chart: priority 5 counts as not done until it is monitored.
    key(&mut app, KeyCode::Char('g'));
    let before = screen(&app, 120, 60);
    let line = chart_line(&before, 5).unwrap_or_else(|| panic!("{before}"));
    assert!(line.starts_with("5 0 %"), "{line}");

    // Record the monitoring: the state is the form's first field.
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('k'));
    let on = screen(&app, 120, 40);
    key(&mut app, KeyCode::Char('o'));
    let form = screen(&app, 120, 40);
    assert!(form.contains("Nový záznam monitoringu"), "{on}\n{form}");
    ctrl(&mut app, 'p');
    ctrl(&mut app, 's');
    let monitored = store
        .list_as::<Monitoring>()
        .unwrap()
        .into_iter()
        .find(|m| m.record.comment.is_empty() && m.record.state == Some(MonitoringState::Done))
        .map(|m| m.record);
    assert!(monitored.is_some(), "{}", screen(&app, 120, 40));
    key(&mut app, KeyCode::Char('g'));
    let after = screen(&app, 120, 60);
    let line = chart_line(&after, 5).unwrap_or_else(|| panic!("{after}"));
    assert!(line.starts_with("5 100 %█"), "{line}");
}

#[test]
fn a_working_group_s_detail_lists_the_measures_it_owns() {
    use kpss::model::{Group, Kind, RecordRef};
    let mut app = sample_app();
    let store = std::sync::Arc::clone(app.store());
    let group = store.list_as::<Group>().unwrap().remove(0).record;
    let measure = store.get_as::<Measure>(2).unwrap().unwrap();
    let mut owned = measure.record.clone();
    owned.group = Some(group.id);
    store.update_as(measure.rev, owned).unwrap();
    app.show(RecordRef::new(Kind::Group, group.id));
    let detail = kpss::app::detail::build(
        store.as_ref(),
        &store
            .get(RecordRef::new(Kind::Group, group.id))
            .unwrap()
            .unwrap(),
        kpss::model::Lang::Cs,
        common::today(),
        &kpss::app::Theme::from_env(),
    )
    .unwrap();
    let text: Vec<String> = detail.lines.iter().map(|l| l.to_string()).collect();
    let at = text
        .iter()
        .position(|l| l == "Opatření plánu (1)")
        .unwrap_or_else(|| panic!("{text:?}"));
    assert_eq!(text[at + 1], "Rozvoj odlehčovacích služeb");
    assert!(
        detail
            .links
            .iter()
            .any(|l| l.target == RecordRef::new(Kind::Measure, 2))
    );
}

#[test]
fn w_and_shift_w_write_the_plan_and_the_year_s_monitoring_and_say_the_whole_path() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = sample_app();
    app.set_files_dir(Some(tmp.path().to_path_buf()));
    key(&mut app, KeyCode::Char('8'));
    key(&mut app, KeyCode::Char('w'));
    let docx = tmp.path().join("plan-1.docx");
    assert!(docx.is_file());
    let shown = screen(&app, 200, 24);
    assert!(
        shown.contains(&format!("Zapsáno do {}", docx.display())),
        "{shown}"
    );
    // Today is 2018: the year goes to 2020, the sample's action plan.
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char('W'));
    let xlsx = tmp.path().join("monitoring-plan-1-2020.xlsx");
    let shown = screen(&app, 200, 24);
    assert!(
        shown.contains(&format!("Zapsáno do {}", xlsx.display())),
        "{shown}"
    );
    let book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(calamine::Reader::sheet_names(&book).len(), 5);
    // A year without an action plan is said, and nothing is written.
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char('W'));
    let shown = screen(&app, 200, 24);
    assert!(
        shown.contains("plán č. 1 nemá akční plán na rok 2021"),
        "{shown}"
    );
    assert!(!tmp.path().join("monitoring-plan-1-2021.xlsx").exists());
}

/// Found: the filter saw only an activity's latest monitoring year (the subtitle), so an
/// older year or its state did not find it, nor did its measure's target group.
#[test]
fn the_filter_finds_an_activity_by_any_year_state_and_its_measure_s_target_group() {
    let store = sample_store();
    // Activity 1 (measure 1.1, senioři) is done in 2020 and goes on in 2021.
    let ap = store
        .create(Record::ActionPlan(ActionPlan {
            plan: 1,
            year: 2021,
            items: vec![ActionItem {
                activity: 1,
                planned_cost: 1_250_000,
                responsible: None,
                deadline: None,
            }],
            ..ActionPlan::default()
        }))
        .unwrap();
    store
        .create(Record::Monitoring(Monitoring {
            action_plan: ap.record.id(),
            activity: 1,
            state: Some(MonitoringState::Ongoing),
            ..Monitoring::default()
        }))
        .unwrap();
    let mut app = app_on(store, Lang::Cs);
    key(&mut app, KeyCode::Char('8'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "2020 splneno");
    let text = screen(&app, 80, 24);
    assert!(text.contains("1.1.1 Financ"), "{text}");
    assert!(!text.contains("1.2.1 Studie"), "{text}");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "senior");
    let text = screen(&app, 80, 24);
    assert!(text.contains("1.1.2 Rozšíř"), "{text}");
    assert!(!text.contains("2.1.1 Podání"), "{text}");
}

#[test]
fn the_plans_tab_s_help_says_what_the_filter_finds() {
    let mut app = sample_app();
    key(&mut app, KeyCode::Char('8'));
    key(&mut app, KeyCode::Char('?'));
    let text = screen(&app, 100, 60);
    assert!(text.contains("Hledání v plánech"), "{text}");
    assert!(text.contains("cílové skupiny"), "{text}");
}
