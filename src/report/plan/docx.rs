//! The plan's strategic part as a DOCX document for the council. The first half holds
//! small general helpers (an A4 page with margins, headings, paragraphs, a table with a
//! bold header row and column widths, a footer "Strana x z y" with PAGE/NUMPAGES fields,
//! the document's properties) so that they can join the other documents' helpers in one
//! shared module; the second half writes the plan with them.

use docx_rs::{
    AlignmentType, Docx, Footer, NumPages, PageMargin, PageNum, Paragraph, Run, RunFonts, Style,
    StyleType, Table, TableCell, TableRow,
};

use crate::model::text::sanitize_line;
use crate::model::{Kind, Labelled, Lang};
use crate::report::money::grouped;

use super::StrategicInput;
use super::strategic::{cost_table, measure_fields};

/// A4 in twentieths of a point, and 2.5 cm margins.
const A4_WIDTH: u32 = 11_906;
const A4_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_418;
/// The width between the margins, for tables.
pub const TEXT_WIDTH: usize = (A4_WIDTH as usize) - 2 * (MARGIN as usize);

/// An empty A4 document with margins, heading styles, a Czech font and a footer
/// "Strana x z y" (in English "Page x of y") whose numbers Word and LibreOffice fill in.
pub fn a4_document(title: &str, lang: Lang) -> Docx {
    let (page, of) = match lang {
        Lang::Cs => ("Strana ", " z "),
        Lang::En => ("Page ", " of "),
    };
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(page))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(of))
            .add_num_pages(NumPages::new()),
    );
    Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        .add_style(heading_style(1, 32))
        .add_style(heading_style(2, 28))
        .add_style(heading_style(3, 24))
        .footer(footer)
        .custom_property("title", sanitize_line(title))
        .custom_property("language", lang.pick("cs-CZ", "en-GB"))
}

fn heading_style(level: usize, size: usize) -> Style {
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .size(size)
        .bold()
        .outline_lvl(level - 1)
}

/// A heading of level 1–3.
pub fn heading(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{}", level.clamp(1, 3)))
        .add_run(Run::new().add_text(sanitize_line(text)))
}

/// A paragraph of plain text.
pub fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(sanitize_line(text)))
}

/// "Label: value" with the label bold.
pub fn labelled(label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{label}: ")).bold())
        .add_run(Run::new().add_text(sanitize_line(value)))
}

fn cell(text: &str, bold: bool, right: bool) -> TableCell {
    let mut run = Run::new().add_text(sanitize_line(text));
    if bold {
        run = run.bold();
    }
    let mut p = Paragraph::new().add_run(run);
    if right {
        p = p.align(AlignmentType::Right);
    }
    TableCell::new().add_paragraph(p)
}

/// A table with a bold header row; `widths` in twentieths of a point, `numeric` says
/// which columns are aligned right.
pub fn table(head: &[String], rows: &[Vec<String>], widths: &[usize], numeric: &[bool]) -> Table {
    let right = |i: usize| numeric.get(i).copied().unwrap_or(false);
    let mut out = vec![TableRow::new(
        head.iter()
            .enumerate()
            .map(|(i, h)| cell(h, true, right(i)))
            .collect(),
    )];
    for r in rows {
        out.push(TableRow::new(
            r.iter()
                .enumerate()
                .map(|(i, c)| cell(c, false, right(i)))
                .collect(),
        ));
    }
    Table::new(out).set_grid(widths.to_vec())
}

/// Equal columns over the text width.
fn equal_widths(n: usize) -> Vec<usize> {
    vec![TEXT_WIDTH / n.max(1); n]
}

/// The strategic part as DOCX bytes.
pub fn plan_docx(input: &StrategicInput, lang: Lang) -> Result<Vec<u8>, String> {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let plan = &input.tree.plan;
    let mut doc = a4_document(&plan.title, lang)
        .add_paragraph(heading(1, &plan.title))
        .add_paragraph(labelled(
            t("ORP", "Region"),
            &input.names.of(Kind::Region, plan.region),
        ))
        .add_paragraph(labelled(t("Období", "Period"), &plan.period_label()))
        .add_paragraph(labelled(
            t("Dokument", "Document"),
            &input.names.of(Kind::Document, plan.document),
        ));
    if !plan.note.trim().is_empty() {
        doc = doc.add_paragraph(paragraph(&plan.note));
    }
    for p in &input.tree.priorities {
        let pr = &p.priority;
        doc = doc.add_paragraph(heading(
            2,
            &format!("{} {} {}", t("Priorita", "Priority"), pr.number, pr.title),
        ));
        if let Some(g) = pr.target_group {
            doc = doc.add_paragraph(labelled(t("Cílová skupina", "Target group"), g.label(lang)));
        }
        if !pr.description.trim().is_empty() {
            doc = doc.add_paragraph(paragraph(&pr.description));
        }
        for node in &p.measures {
            let m = &node.measure;
            let number = format!("{}.{}", pr.number, m.number);
            doc = doc.add_paragraph(heading(3, &format!("{number} {}", m.title)));
            for (label, value) in measure_fields(m, input.names, lang) {
                doc = doc.add_paragraph(labelled(label, &value));
            }
            if !m.indicators.is_empty() {
                doc = doc.add_paragraph(labelled(t("Ukazatele", "Indicators"), ""));
                let head: Vec<String> = [
                    t("Ukazatel", "Indicator"),
                    t("Jednotka", "Unit"),
                    t("Výchozí hodnota", "Baseline"),
                    t("Cílová hodnota", "Target"),
                ]
                .iter()
                .map(|s| s.to_string())
                .collect();
                let rows: Vec<Vec<String>> = m
                    .indicators
                    .iter()
                    .map(|i| {
                        vec![
                            i.name.clone(),
                            i.unit.map_or("?", |u| u.label(lang)).to_string(),
                            grouped(i.baseline),
                            grouped(i.target),
                        ]
                    })
                    .collect();
                let w = TEXT_WIDTH;
                doc = doc.add_table(table(
                    &head,
                    &rows,
                    &[w * 4 / 10, w * 2 / 10, w * 2 / 10, w * 2 / 10],
                    &[false, false, true, true],
                ));
            }
            if let Some((head, rows)) = cost_table(m, lang) {
                doc = doc.add_paragraph(labelled(
                    t("Předpokládané náklady (Kč)", "Expected costs (CZK)"),
                    "",
                ));
                let numeric: Vec<bool> = (0..head.len()).map(|i| i > 0).collect();
                doc = doc.add_table(table(&head, &rows, &equal_widths(head.len()), &numeric));
            }
            if !node.activities.is_empty() {
                doc = doc.add_paragraph(labelled(t("Aktivity", "Activities"), ""));
                for a in &node.activities {
                    let mut line = format!("{number}.{} {}", a.number, a.title);
                    if let Some(org) = a.responsible {
                        line.push_str(&format!(" ({})", input.names.of(Kind::Organisation, org)));
                    }
                    doc = doc.add_paragraph(paragraph(&line));
                }
            }
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}
