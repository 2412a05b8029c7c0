//! The plan's strategic part as a DOCX document for the council, written with the
//! shared [`Document`](crate::report::docx::Document): A4, the footer "Strana x z y",
//! the title and language in the document's properties, numbers aligned right.

use crate::model::text::sanitize_line;
use crate::model::{Kind, Labelled, Lang};
use crate::report::docx::Document;
use crate::report::money::grouped;

use super::StrategicInput;
use super::strategic::{cost_table, measure_fields};

/// The strategic part as DOCX bytes.
pub fn plan_docx(input: &StrategicInput, lang: Lang) -> Result<Vec<u8>, String> {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let plan = &input.tree.plan;
    let title = sanitize_line(&plan.title);
    let mut doc = Document::a4(&title, lang);
    doc.heading(1, &title);
    doc.labelled(
        t("ORP", "Region"),
        &input.names.of(Kind::Region, plan.region),
    );
    doc.labelled(t("Období", "Period"), &sanitize_line(&plan.period_label()));
    doc.labelled(
        t("Dokument", "Document"),
        &input.names.of(Kind::Document, plan.document),
    );
    if !plan.note.trim().is_empty() {
        doc.paragraph(&sanitize_line(&plan.note));
    }
    for p in &input.tree.priorities {
        let pr = &p.priority;
        doc.heading(
            2,
            &sanitize_line(&format!(
                "{} {} {}",
                t("Priorita", "Priority"),
                pr.number,
                pr.title
            )),
        );
        if let Some(g) = pr.target_group {
            doc.labelled(t("Cílová skupina", "Target group"), g.label(lang));
        }
        if !pr.description.trim().is_empty() {
            doc.paragraph(&sanitize_line(&pr.description));
        }
        for node in &p.measures {
            let m = &node.measure;
            let number = format!("{}.{}", pr.number, m.number);
            doc.heading(3, &sanitize_line(&format!("{number} {}", m.title)));
            for (label, value) in measure_fields(m, input.names, lang) {
                doc.labelled(label, &sanitize_line(&value));
            }
            if !m.indicators.is_empty() {
                doc.labelled(t("Ukazatele", "Indicators"), "");
                let rows: Vec<Vec<String>> = m
                    .indicators
                    .iter()
                    .map(|i| {
                        vec![
                            sanitize_line(&i.name),
                            i.unit.map_or("?", |u| u.label(lang)).to_string(),
                            grouped(i.baseline),
                            grouped(i.target),
                        ]
                    })
                    .collect();
                doc.numeric_table(
                    &[
                        t("Ukazatel", "Indicator"),
                        t("Jednotka", "Unit"),
                        t("Výchozí hodnota", "Baseline"),
                        t("Cílová hodnota", "Target"),
                    ],
                    &rows,
                    &[4, 2, 2, 2],
                    &[false, false, true, true],
                );
            }
            if let Some((head, rows)) = cost_table(m, lang) {
                doc.labelled(t("Předpokládané náklady (Kč)", "Expected costs (CZK)"), "");
                let head: Vec<&str> = head.iter().map(String::as_str).collect();
                // Years and amounts only; the first column names the year or says "Celkem".
                let numeric: Vec<bool> = (0..head.len()).map(|i| i > 0).collect();
                doc.numeric_table(&head, &rows, &vec![1; head.len()], &numeric);
            }
            if !node.activities.is_empty() {
                doc.labelled(t("Aktivity", "Activities"), "");
                for a in &node.activities {
                    let mut line = format!("{number}.{} {}", a.number, a.title);
                    if let Some(org) = a.responsible {
                        line.push_str(&format!(" ({})", input.names.of(Kind::Organisation, org)));
                    }
                    doc.paragraph(&sanitize_line(&line));
                }
            }
        }
    }
    doc.finish().map_err(|e| e.to_string())
}
