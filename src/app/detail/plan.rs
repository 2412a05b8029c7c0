//! The plan's nodes: a plan with its priorities and action plans, a priority with its
//! measures, a measure with its indicators (target against reached per year), money
//! (planned against spent per year) and monitoring history, an activity, an action plan
//! and a monitoring entry with who recorded it and when.

use ratatui::text::Span;

use super::{Result, Sheet};
use crate::model::date::format_date;
use crate::model::plan::action::{
    ACTION_PLAN, ACTIVITY, ACTUAL_COST, COMMENT, EVIDENCE_DOCUMENT, EVIDENCE_LINK, ITEMS, YEAR,
};
use crate::model::plan::measure::{REASON, RESPONSIBLE as REALISER, WORKING_GROUP};
use crate::model::plan::rollup::{Totals, fulfilment_per_priority, rollup};
use crate::model::plan::{DESCRIPTION, DOCUMENT, NOTE, PERIOD, PLAN, REGION, RESPONSIBLE};
use crate::model::plan::{MEASURE, PRIORITY, period_label};
use crate::model::{
    ActionPlan, Activity, Field, Kind, Labelled, Lang, Measure, Monitoring, Plan, Priority,
    RecordRef,
};
use crate::report::money::czk;
use crate::store::plan_order::{load_around, load_plan_data};

const TARGET_GROUP: Field = Field::new("Cílová skupina", "Target group");
const STATE: Field = Field::new("Stav plnění", "State");
const FULFILMENT: Field = Field::new("Plnění", "Fulfilment");

fn percent(totals: &Totals) -> String {
    totals
        .percent()
        .map_or("—".to_owned(), |p| format!("{p} %"))
}

pub(super) fn plan(s: &mut Sheet, p: &Plan) -> Result<()> {
    let data = load_plan_data(s.store)?;
    s.heading(&p.title);
    s.field_link(DOCUMENT, Some(RecordRef::new(Kind::Document, p.document)))?;
    s.field_link(REGION, Some(RecordRef::new(Kind::Region, p.region)))?;
    s.field(PERIOD, &p.period_label());
    let tree = data.tree(p);
    s.section(s.t("Priority", "Priorities"), Some(tree.priorities.len()));
    for node in &tree.priorities {
        let before = vec![s.plain(&format!("{} ", node.priority.number))];
        s.link_line(
            before,
            RecordRef::new(Kind::Priority, node.priority.id),
            Vec::new(),
        )?;
    }
    let mut own: Vec<&ActionPlan> = data
        .action_plans
        .iter()
        .filter(|a| a.plan == p.id)
        .collect();
    own.sort_by_key(|a| a.year);
    // The chart shows the latest year up to today's, else the first one planned.
    let today = chrono::Datelike::year(&s.today);
    let shown = own
        .iter()
        .rev()
        .find(|a| a.year <= today)
        .or(own.first())
        .copied();
    if let Some(a) = shown {
        let year = rollup(&tree, a, &data.monitoring);
        let caption = match s.lang {
            Lang::Cs => format!("Plnění priorit v roce {}", a.year),
            Lang::En => format!("Fulfilment per priority in {}", a.year),
        };
        let values = fulfilment_per_priority(&year, &tree);
        super::chart::fulfilment_per_priority(s, &caption, &values);
    }
    s.section(s.t("Akční plány", "Action plans"), Some(own.len()));
    for a in own {
        let year = rollup(&tree, a, &data.monitoring);
        let after = vec![s.muted(&format!(
            "  {} · {} {}",
            activities(year.totals.activities, s.lang),
            FULFILMENT.label(s.lang).to_lowercase(),
            percent(&year.totals)
        ))];
        s.link_line(Vec::new(), RecordRef::new(Kind::ActionPlan, a.id), after)?;
    }
    s.text(NOTE, &p.note);
    Ok(())
}

fn activities(n: u32, lang: Lang) -> String {
    lang.count(
        n as usize,
        ["aktivita", "aktivity", "aktivit", "activity", "activities"],
    )
}

pub(super) fn priority(s: &mut Sheet, p: &Priority) -> Result<()> {
    let data = load_around(s.store, RecordRef::new(Kind::Priority, p.id))?;
    s.heading(&format!("{} {}", p.number, p.title));
    s.field_link(PLAN, Some(RecordRef::new(Kind::Plan, p.plan)))?;
    if let Some(group) = p.target_group {
        s.field(TARGET_GROUP, group.label(s.lang));
    }
    s.text(DESCRIPTION, &p.description);
    let mut measures: Vec<&Measure> = data
        .measures
        .iter()
        .filter(|m| m.priority == p.id)
        .collect();
    measures.sort_by_key(|m| (m.number, m.id));
    s.section(s.t("Opatření", "Measures"), Some(measures.len()));
    for m in measures {
        let before = vec![s.plain(&format!("{}.{} ", p.number, m.number))];
        s.link_line(before, RecordRef::new(Kind::Measure, m.id), Vec::new())?;
    }
    Ok(())
}

pub(super) fn measure(s: &mut Sheet, m: &Measure) -> Result<()> {
    let data = load_around(s.store, RecordRef::new(Kind::Measure, m.id))?;
    let tree = data.tree_of(RecordRef::new(Kind::Measure, m.id));
    let number = tree
        .as_ref()
        .and_then(|t| {
            t.priorities
                .iter()
                .find(|p| p.measures.iter().any(|n| n.measure.id == m.id))
                .map(|p| format!("{}.{}", p.priority.number, m.number))
        })
        .unwrap_or_else(|| m.number.to_string());
    s.heading(&format!("{number} {}", m.title));
    s.field_link(PRIORITY, Some(RecordRef::new(Kind::Priority, m.priority)))?;
    s.field_link(
        WORKING_GROUP,
        m.group.map(|id| RecordRef::new(Kind::Group, id)),
    )?;
    s.field_link(
        REALISER,
        m.responsible
            .map(|id| RecordRef::new(Kind::Organisation, id)),
    )?;
    let groups: Vec<&str> = m.target_groups.iter().map(|g| g.label(s.lang)).collect();
    s.field(TARGET_GROUP, &groups.join(", "));
    if let (Some(from), to) = (m.year_from, m.year_to) {
        s.field(PERIOD, &period_label(from, to.unwrap_or(from)));
    }
    s.text(DESCRIPTION, &m.description);
    s.text(REASON, &m.reason);
    for &partner in &m.partners {
        let label = vec![s.label_span(s.t("Partner", "Partner"))];
        s.link_line(
            label,
            RecordRef::new(Kind::Organisation, partner),
            Vec::new(),
        )?;
    }
    // Per year: what each action plan's monitoring reached.
    let mut years: Vec<(i32, crate::model::plan::rollup::MeasureRollup)> = Vec::new();
    if let Some(tree) = &tree {
        let mut own: Vec<&ActionPlan> = data
            .action_plans
            .iter()
            .filter(|a| a.plan == tree.plan.id)
            .collect();
        own.sort_by_key(|a| a.year);
        for a in own {
            let year = rollup(tree, a, &data.monitoring);
            if let Some(r) = year
                .priorities
                .into_iter()
                .flat_map(|p| p.measures)
                .find(|r| r.measure == m.id)
            {
                years.push((a.year, r));
            }
        }
    }
    s.section(s.t("Ukazatele", "Indicators"), Some(m.indicators.len()));
    for i in &m.indicators {
        let unit = i.unit.map(|u| u.label(s.lang)).unwrap_or("?");
        let mut text = format!("{} ({unit}): {} → {}", i.name, i.baseline, i.target);
        for (year, r) in &years {
            if let Some(reached) = r
                .indicators
                .iter()
                .find(|x| x.name == i.name)
                .and_then(|x| x.reached)
            {
                text.push_str(&format!("; {year}: {reached}"));
            }
        }
        s.item(&text);
    }
    s.section(s.t("Peníze (Kč)", "Money (CZK)"), None);
    let mut cost_years: Vec<i32> = m.costs.iter().map(|c| c.year).collect();
    cost_years.extend(years.iter().map(|(y, _)| *y));
    cost_years.sort_unstable();
    cost_years.dedup();
    if cost_years.is_empty() {
        s.none();
    }
    for year in cost_years {
        let expected = m.costs_of_year(year);
        let (planned, actual) = years
            .iter()
            .find(|(y, _)| *y == year)
            .map_or((0, 0), |(_, r)| (r.totals.planned, r.totals.actual));
        let text = match s.lang {
            Lang::Cs => format!(
                "{year}: předpoklad {}, v akčním plánu {}, skutečnost {}",
                czk(expected),
                czk(planned),
                czk(actual)
            ),
            Lang::En => format!(
                "{year}: expected {}, in the action plan {}, actual {}",
                czk(expected),
                czk(planned),
                czk(actual)
            ),
        };
        s.item(&text);
    }
    if let Some(tree) = &tree
        && let Some(node) = tree
            .priorities
            .iter()
            .flat_map(|p| p.measures.iter())
            .find(|n| n.measure.id == m.id)
    {
        s.section(s.t("Aktivity", "Activities"), Some(node.activities.len()));
        for a in &node.activities {
            let before = vec![s.plain(&format!("{number}.{} ", a.number))];
            s.link_line(before, RecordRef::new(Kind::Activity, a.id), Vec::new())?;
        }
    }
    s.section(s.t("Historie monitoringu", "Monitoring history"), None);
    let mut any = false;
    for (year, r) in &years {
        for a in &r.activities {
            let state = a.state.map_or("—", |st| st.label(s.lang));
            s.item(&format!(
                "{year} {} {}: {state}, {} / {}",
                a.number,
                a.title,
                czk(a.planned),
                czk(a.actual)
            ));
            any = true;
        }
    }
    if !any {
        s.none();
    }
    for &id in &m.projects {
        let label = vec![s.label_span(s.t("Projekt", "Project"))];
        s.link_line(label, RecordRef::new(Kind::Project, id), Vec::new())?;
    }
    for &id in &m.services {
        let label = vec![s.label_span(s.t("Služba", "Service"))];
        s.link_line(label, RecordRef::new(Kind::Service, id), Vec::new())?;
    }
    for &id in &m.documents {
        let label = vec![s.label_span(s.t("Dokument", "Document"))];
        s.link_line(label, RecordRef::new(Kind::Document, id), Vec::new())?;
    }
    Ok(())
}

pub(super) fn activity(s: &mut Sheet, a: &Activity) -> Result<()> {
    let data = load_around(s.store, RecordRef::new(Kind::Activity, a.id))?;
    let number = data
        .tree_of(RecordRef::new(Kind::Activity, a.id))
        .and_then(|t| t.activity_number(a.id))
        .unwrap_or_else(|| a.number.to_string());
    s.heading(&format!("{number} {}", a.title));
    s.field_link(MEASURE, Some(RecordRef::new(Kind::Measure, a.measure)))?;
    s.field_link(
        RESPONSIBLE,
        a.responsible
            .map(|id| RecordRef::new(Kind::Organisation, id)),
    )?;
    if let Some(from) = a.year_from {
        s.field(PERIOD, &period_label(from, a.year_to.unwrap_or(from)));
    }
    s.text(DESCRIPTION, &a.description);
    let mut entries: Vec<(&ActionPlan, Option<&Monitoring>)> = data
        .action_plans
        .iter()
        .filter(|ap| ap.item(a.id).is_some())
        .map(|ap| {
            let latest = crate::model::plan::rollup::latest_monitoring(ap, &data.monitoring);
            (ap, latest.get(&a.id).copied())
        })
        .collect();
    entries.sort_by_key(|(ap, _)| ap.year);
    s.section(
        s.t("V akčních plánech", "In action plans"),
        Some(entries.len()),
    );
    for (ap, monitoring) in entries {
        let planned = ap.item(a.id).map_or(0, |i| i.planned_cost);
        let state = monitoring
            .and_then(|m| m.state)
            .map_or(s.t("nemonitorováno", "not monitored"), |st| {
                st.label(s.lang)
            });
        let after = vec![s.muted(&format!("  {} · {state}", czk(planned)))];
        match monitoring {
            Some(m) => s.link_line(Vec::new(), RecordRef::new(Kind::Monitoring, m.id), after)?,
            None => s.link_line(Vec::new(), RecordRef::new(Kind::ActionPlan, ap.id), after)?,
        }
    }
    Ok(())
}

pub(super) fn action_plan(s: &mut Sheet, ap: &ActionPlan) -> Result<()> {
    let data = load_plan_data(s.store)?;
    let heading = match s.lang {
        Lang::Cs => format!("Akční plán na rok {}", ap.year),
        Lang::En => format!("Action plan for {}", ap.year),
    };
    s.heading(&heading);
    s.field_link(PLAN, Some(RecordRef::new(Kind::Plan, ap.plan)))?;
    s.field(YEAR, &ap.year.to_string());
    s.field_link(
        DOCUMENT,
        ap.document.map(|id| RecordRef::new(Kind::Document, id)),
    )?;
    let tree = data.tree_of(RecordRef::new(Kind::Plan, ap.plan));
    if let Some(tree) = &tree {
        let year = rollup(tree, ap, &data.monitoring);
        let totals = match s.lang {
            Lang::Cs => format!(
                "{}, plánováno {}, skutečnost {}",
                percent(&year.totals),
                czk(year.totals.planned),
                czk(year.totals.actual)
            ),
            Lang::En => format!(
                "{}, planned {}, actual {}",
                percent(&year.totals),
                czk(year.totals.planned),
                czk(year.totals.actual)
            ),
        };
        s.field(FULFILMENT, &totals);
    }
    s.section(ITEMS.label(s.lang), Some(ap.items.len()));
    for item in &ap.items {
        let number = tree
            .as_ref()
            .and_then(|t| t.activity_number(item.activity))
            .unwrap_or_default();
        let before = vec![s.plain(&format!("{number} "))];
        let mut tail = format!("  {}", czk(item.planned_cost));
        if let Some(deadline) = item.deadline {
            tail.push_str(&format!(" · {}", format_date(deadline)));
        }
        let after = vec![s.muted(&tail)];
        s.link_line(before, RecordRef::new(Kind::Activity, item.activity), after)?;
    }
    s.text(NOTE, &ap.note);
    Ok(())
}

pub(super) fn monitoring(s: &mut Sheet, m: &Monitoring) -> Result<()> {
    s.heading(s.t("Monitoring plnění", "Monitoring"));
    s.field_link(
        ACTION_PLAN,
        Some(RecordRef::new(Kind::ActionPlan, m.action_plan)),
    )?;
    s.field_link(ACTIVITY, Some(RecordRef::new(Kind::Activity, m.activity)))?;
    if let Some(state) = m.state {
        let span = Span::styled(state.label(s.lang), s.theme.label);
        s.field_span(STATE, span);
    }
    s.field(ACTUAL_COST, &czk(m.actual_cost));
    for value in &m.reached {
        s.item(&format!("{}: {}", value.indicator, value.value));
    }
    s.text(COMMENT, &m.comment);
    s.field_link(
        EVIDENCE_DOCUMENT,
        m.evidence_document
            .map(|id| RecordRef::new(Kind::Document, id)),
    )?;
    s.field(EVIDENCE_LINK, &m.evidence_link);
    // The audit trail: who recorded what and when.
    s.section(s.t("Zaznamenali", "Recorded by"), None);
    let history = s.store.history(RecordRef::new(Kind::Monitoring, m.id))?;
    if history.is_empty() {
        s.none();
    }
    for entry in history {
        let at = entry.at.with_timezone(&chrono::Local);
        let state = entry
            .after
            .as_ref()
            .and_then(|r| match r {
                crate::model::Record::Monitoring(m) => m.state,
                _ => None,
            })
            .map_or("—", |st| st.label(s.lang));
        s.item(&format!(
            "{} {} – {} ({state})",
            format_date(at.date_naive()),
            at.format("%H:%M"),
            entry.who
        ));
    }
    Ok(())
}
