//! The plan's strategic part as Markdown: each priority, each measure with every field,
//! its indicators and its costs per year and source, and its activities.

use std::collections::BTreeMap;

use crate::model::plan::measure::FundingSource;
use crate::model::plan::tree::MeasureNode;
use crate::model::plan::{Measure, period_label};
use crate::model::text::sanitize_line;
use crate::model::{Kind, Labelled, Lang};
use crate::report::money::grouped;
use crate::report::{cell, md_header as header, md_row as row};

use super::{Names, StrategicInput};

/// The fields of a measure as (label, value), empty values left out; shared with the DOCX.
pub fn measure_fields(m: &Measure, names: &Names, lang: Lang) -> Vec<(&'static str, String)> {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let mut out = vec![
        (t("Popis", "Description"), m.description.clone()),
        (t("Zdůvodnění", "Reason"), m.reason.clone()),
        (
            t("Cílové skupiny", "Target groups"),
            m.target_groups
                .iter()
                .map(|g| g.label(lang))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            t("Pracovní skupina", "Working group"),
            m.group
                .map(|g| names.of(Kind::Group, g))
                .unwrap_or_default(),
        ),
        (
            t("Realizátor", "Responsible organisation"),
            m.responsible
                .map(|o| names.of(Kind::Organisation, o))
                .unwrap_or_default(),
        ),
        (
            t("Partneři", "Partners"),
            names.list(Kind::Organisation, &m.partners),
        ),
        (
            t("Období", "Period"),
            m.year_from
                .map(|from| period_label(from, m.year_to.unwrap_or(from)))
                .unwrap_or_default(),
        ),
        (
            t("Projekty", "Projects"),
            names.list(Kind::Project, &m.projects),
        ),
        (
            t("Dokumenty", "Documents"),
            names.list(Kind::Document, &m.documents),
        ),
        (
            t("Služby", "Services"),
            names.list(Kind::Service, &m.services),
        ),
    ];
    out.retain(|(_, v)| !v.trim().is_empty());
    out
}

/// The costs as a table: a row per year, a column per source used, and a total column;
/// the last row sums the years. Shared with the DOCX.
pub fn cost_table(m: &Measure, lang: Lang) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    if m.costs.is_empty() {
        return None;
    }
    let mut sources: Vec<Option<FundingSource>> = m.costs.iter().map(|c| c.source).collect();
    sources.sort();
    sources.dedup();
    let mut years: BTreeMap<i32, BTreeMap<Option<FundingSource>, i64>> = BTreeMap::new();
    for c in &m.costs {
        *years
            .entry(c.year)
            .or_default()
            .entry(c.source)
            .or_insert(0) += c.amount;
    }
    let mut head = vec![lang.pick("Rok", "Year").to_string()];
    head.extend(
        sources
            .iter()
            .map(|s| s.map_or("?", |s| s.label(lang)).to_string()),
    );
    head.push(lang.pick("Celkem (Kč)", "Total (CZK)").to_string());
    let mut rows = Vec::new();
    let mut column_totals = vec![0i64; sources.len()];
    for (year, amounts) in &years {
        let mut r = vec![year.to_string()];
        let mut total = 0;
        for (i, s) in sources.iter().enumerate() {
            let a = amounts.get(s).copied().unwrap_or(0);
            column_totals[i] += a;
            total += a;
            r.push(grouped(a));
        }
        r.push(grouped(total));
        rows.push(r);
    }
    let mut last = vec![lang.pick("Celkem", "Total").to_string()];
    last.extend(column_totals.iter().map(|&a| grouped(a)));
    last.push(grouped(column_totals.iter().sum()));
    rows.push(last);
    Some((head, rows))
}

fn measure(out: &mut String, number: &str, node: &MeasureNode, names: &Names, lang: Lang) {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let m = &node.measure;
    out.push_str(&format!("### {number} {}\n\n", sanitize_line(&m.title)));
    for (label, value) in measure_fields(m, names, lang) {
        out.push_str(&format!(
            "- **{label}:** {}\n",
            cell(&sanitize_line(&value))
        ));
    }
    out.push('\n');
    if !m.indicators.is_empty() {
        out.push_str(&format!("**{}**\n\n", t("Ukazatele", "Indicators")));
        header(
            out,
            &[
                t("Ukazatel", "Indicator"),
                t("Jednotka", "Unit"),
                t("Výchozí hodnota", "Baseline"),
                t("Cílová hodnota", "Target"),
            ],
        );
        for i in &m.indicators {
            row(
                out,
                &[
                    cell(&sanitize_line(&i.name)),
                    i.unit.map_or("?", |u| u.label(lang)).to_string(),
                    grouped(i.baseline),
                    grouped(i.target),
                ],
            );
        }
        out.push('\n');
    }
    if let Some((head, rows)) = cost_table(m, lang) {
        out.push_str(&format!(
            "**{}**\n\n",
            t("Předpokládané náklady (Kč)", "Expected costs (CZK)")
        ));
        header(out, &head.iter().map(String::as_str).collect::<Vec<_>>());
        for r in rows {
            row(out, &r);
        }
        out.push('\n');
    }
    if !node.activities.is_empty() {
        out.push_str(&format!("**{}**\n\n", t("Aktivity", "Activities")));
        for a in &node.activities {
            let mut line = format!("- {number}.{} {}", a.number, sanitize_line(&a.title));
            if let Some(org) = a.responsible {
                line.push_str(&format!(" ({})", names.of(Kind::Organisation, org)));
            }
            if let Some(from) = a.year_from {
                line.push_str(&format!(
                    ", {}",
                    period_label(from, a.year_to.unwrap_or(from))
                ));
            }
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
}

/// The strategic part as Markdown.
pub fn markdown(input: &StrategicInput, lang: Lang) -> String {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let plan = &input.tree.plan;
    let mut out = format!("# {}\n\n", sanitize_line(&plan.title));
    out.push_str(&format!(
        "{}: {} · {}: {} · {}: {}\n\n",
        t("ORP", "Region"),
        input.names.of(Kind::Region, plan.region),
        t("Období", "Period"),
        plan.period_label(),
        t("Dokument", "Document"),
        input.names.of(Kind::Document, plan.document),
    ));
    if !plan.note.trim().is_empty() {
        out.push_str(&format!("{}\n\n", sanitize_line(&plan.note)));
    }
    for p in &input.tree.priorities {
        let pr = &p.priority;
        out.push_str(&format!(
            "## {} {} {}\n\n",
            t("Priorita", "Priority"),
            pr.number,
            sanitize_line(&pr.title)
        ));
        if let Some(g) = pr.target_group {
            out.push_str(&format!(
                "{}: {}\n\n",
                t("Cílová skupina", "Target group"),
                g.label(lang)
            ));
        }
        if !pr.description.trim().is_empty() {
            out.push_str(&format!("{}\n\n", sanitize_line(&pr.description)));
        }
        for m in &p.measures {
            let number = format!("{}.{}", pr.number, m.measure.number);
            measure(&mut out, &number, m, input.names, lang);
        }
    }
    out
}
