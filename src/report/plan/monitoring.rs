//! The evaluation of a year's action plan: per priority its activities (state, money
//! planned and spent), its measures' indicators (target against reached) and its totals
//! with the share fulfilled; then the totals of all priorities.

use crate::model::plan::Plan;
use crate::model::plan::rollup::{Totals, YearRollup};
use crate::model::text::sanitize_line;
use crate::model::{Labelled, Lang};
use crate::report::BOM;
use crate::report::money::grouped;
use crate::report::{cell, md_header as header, md_row as row};

/// What the evaluation is written from.
pub struct MonitoringInput<'a> {
    pub plan: &'a Plan,
    pub year: &'a YearRollup,
}

/// "75 %" or "—" when nothing counts.
pub fn percent_text(totals: &Totals) -> String {
    totals
        .percent()
        .map_or("—".to_owned(), |p| format!("{p} %"))
}

/// The title: "Monitoring plnění akčního plánu na rok 2020".
pub fn title(input: &MonitoringInput, lang: Lang) -> String {
    match lang {
        Lang::Cs => format!("Monitoring plnění akčního plánu na rok {}", input.year.year),
        Lang::En => format!("Monitoring of the action plan for {}", input.year.year),
    }
}

pub fn markdown(input: &MonitoringInput, lang: Lang) -> String {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let mut out = format!("# {}\n\n", title(input, lang));
    out.push_str(&format!(
        "{}: {}\n\n",
        t("Plán", "Plan"),
        sanitize_line(&input.plan.title)
    ));
    out.push_str(&format!("## {}\n\n", t("Souhrn", "Summary")));
    header(
        &mut out,
        &[
            t("Priorita", "Priority"),
            t("Aktivit", "Activities"),
            t("Plnění", "Fulfilment"),
            t("Plánováno (Kč)", "Planned (CZK)"),
            t("Skutečnost (Kč)", "Actual (CZK)"),
        ],
    );
    let total_row = |name: String, s: &Totals| {
        vec![
            name,
            s.activities.to_string(),
            percent_text(s),
            grouped(s.planned),
            grouped(s.actual),
        ]
    };
    for p in &input.year.priorities {
        row(
            &mut out,
            &total_row(
                format!("{} {}", p.number, cell(&sanitize_line(&p.title))),
                &p.totals,
            ),
        );
    }
    row(
        &mut out,
        &total_row(t("Celkem", "Total").to_string(), &input.year.totals),
    );
    out.push('\n');
    for p in &input.year.priorities {
        out.push_str(&format!(
            "## {} {} {}\n\n",
            t("Priorita", "Priority"),
            p.number,
            sanitize_line(&p.title)
        ));
        header(
            &mut out,
            &[
                t("Číslo", "Number"),
                t("Aktivita", "Activity"),
                t("Stav plnění", "State"),
                t("Plánováno (Kč)", "Planned (CZK)"),
                t("Skutečnost (Kč)", "Actual (CZK)"),
                t("Komentář", "Comment"),
            ],
        );
        for m in &p.measures {
            for a in &m.activities {
                row(
                    &mut out,
                    &[
                        a.number.clone(),
                        cell(&sanitize_line(&a.title)),
                        a.state
                            .map_or(t("nemonitorováno", "not monitored"), |s| s.label(lang))
                            .to_string(),
                        grouped(a.planned),
                        grouped(a.actual),
                        cell(&sanitize_line(&a.comment)),
                    ],
                );
            }
        }
        out.push('\n');
        let indicators: Vec<_> = p
            .measures
            .iter()
            .flat_map(|m| m.indicators.iter().map(move |i| (m, i)))
            .collect();
        if !indicators.is_empty() {
            header(
                &mut out,
                &[
                    t("Opatření", "Measure"),
                    t("Ukazatel", "Indicator"),
                    t("Cílová hodnota", "Target"),
                    t("Dosaženo", "Reached"),
                ],
            );
            for (m, i) in indicators {
                row(
                    &mut out,
                    &[
                        m.number.clone(),
                        format!(
                            "{} ({})",
                            cell(&sanitize_line(&i.name)),
                            i.unit.map_or("?", |u| u.label(lang))
                        ),
                        grouped(i.target),
                        i.reached.map_or("—".to_owned(), grouped),
                    ],
                );
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "{}: {}, {}: {} Kč, {}: {} Kč\n\n",
            t("Plnění priority", "Fulfilment of the priority"),
            percent_text(&p.totals),
            t("plánováno", "planned"),
            grouped(p.totals.planned),
            t("skutečnost", "actual"),
            grouped(p.totals.actual),
        ));
    }
    out
}

/// The evaluation as CSV for a Czech spreadsheet: UTF-8 with a byte order mark, `;`,
/// CRLF; a row per activity, then a total row per priority and one over all. Money is
/// written as plain whole numbers so that the spreadsheet reads them as numbers.
pub fn csv(input: &MonitoringInput, lang: Lang) -> Result<Vec<u8>, String> {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let e = |e: csv::Error| e.to_string();
    writer
        .write_record([
            t("Priorita", "Priority"),
            t("Opatření", "Measure"),
            t("Číslo", "Number"),
            t("Aktivita", "Activity"),
            t("Stav plnění", "State"),
            t("Plnění %", "Fulfilment %"),
            t("Plánováno (Kč)", "Planned (CZK)"),
            t("Skutečnost (Kč)", "Actual (CZK)"),
            t("Komentář", "Comment"),
        ])
        .map_err(e)?;
    let percent = |s: &Totals| s.percent().map(|p| p.to_string()).unwrap_or_default();
    for p in &input.year.priorities {
        for m in &p.measures {
            for a in &m.activities {
                writer
                    .write_record([
                        p.number.clone(),
                        m.number.clone(),
                        a.number.clone(),
                        sanitize_line(&a.title),
                        a.state.map(|s| s.label(lang)).unwrap_or("").to_string(),
                        a.state
                            .and_then(|s| s.fulfilment())
                            .map(|f| f.to_string())
                            .unwrap_or_default(),
                        a.planned.to_string(),
                        a.actual.to_string(),
                        sanitize_line(&a.comment),
                    ])
                    .map_err(e)?;
            }
        }
        writer
            .write_record([
                p.number.clone(),
                String::new(),
                String::new(),
                format!("{} {}", t("celkem", "total"), sanitize_line(&p.title)),
                String::new(),
                percent(&p.totals),
                p.totals.planned.to_string(),
                p.totals.actual.to_string(),
                String::new(),
            ])
            .map_err(e)?;
    }
    let all = &input.year.totals;
    writer
        .write_record([
            String::new(),
            String::new(),
            String::new(),
            t("celkem", "total").to_string(),
            String::new(),
            percent(all),
            all.planned.to_string(),
            all.actual.to_string(),
            String::new(),
        ])
        .map_err(e)?;
    writer.into_inner().map_err(|e| e.to_string())
}
