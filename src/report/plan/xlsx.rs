//! The evaluation of a year's action plan as an XLSX workbook: a summary sheet, then one
//! sheet per priority with a row per activity and its measures' indicators. Money and
//! counts are real numbers with the thousands format (`#,##0`, which a Czech Excel or
//! LibreOffice shows as `1 250 000`), fulfilment a real fraction shown as `75 %`, and the
//! header row bold.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::model::plan::rollup::{PriorityRollup, Totals};
use crate::model::text::sanitize_line;
use crate::model::{Labelled, Lang};

use super::monitoring::{MonitoringInput, title};

/// Excel's number format with a thousands separator; the reader's locale decides the
/// separator (a space in Czech).
pub const THOUSANDS: &str = "#,##0";
/// A fraction shown in whole per cent with a space before the sign, the Czech way.
pub const PERCENT: &str = "0 %";

struct Formats {
    bold: Format,
    money: Format,
    percent: Format,
    bold_money: Format,
    bold_percent: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format(THOUSANDS),
            percent: Format::new().set_num_format(PERCENT),
            bold_money: Format::new().set_bold().set_num_format(THOUSANDS),
            bold_percent: Format::new().set_bold().set_num_format(PERCENT),
        }
    }
}

/// A sheet's name: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(text: &str) -> String {
    let clean: String = sanitize_line(text)
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    clean
        .trim()
        .chars()
        .take(31)
        .collect::<String>()
        .trim()
        .to_string()
}

fn header(sheet: &mut Worksheet, row: u32, cells: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, text) in (0u16..).zip(cells) {
        sheet.write_string_with_format(row, col, *text, &f.bold)?;
    }
    Ok(())
}

fn write_percent(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    totals: &Totals,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(p) = totals.percent() {
        sheet.write_number_with_format(row, col, f64::from(p) / 100.0, format)?;
    }
    Ok(())
}

fn money(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    amount: i64,
    f: &Format,
) -> Result<(), XlsxError> {
    // Whole CZK up to ten billion: exact in an f64.
    sheet.write_number_with_format(row, col, amount as f64, f)?;
    Ok(())
}

fn priority_sheet(
    sheet: &mut Worksheet,
    p: &PriorityRollup,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    header(
        sheet,
        0,
        &[
            t("Číslo", "Number"),
            t("Aktivita", "Activity"),
            t("Stav plnění", "State"),
            t("Plnění", "Fulfilment"),
            t("Plánováno (Kč)", "Planned (CZK)"),
            t("Skutečnost (Kč)", "Actual (CZK)"),
            t("Komentář", "Comment"),
        ],
        f,
    )?;
    let mut row = 1u32;
    for m in &p.measures {
        for a in &m.activities {
            sheet.write_string(row, 0, &a.number)?;
            sheet.write_string(row, 1, sanitize_line(&a.title))?;
            if let Some(state) = a.state {
                sheet.write_string(row, 2, state.label(lang))?;
                if let Some(percent) = state.fulfilment() {
                    sheet.write_number_with_format(
                        row,
                        3,
                        f64::from(percent) / 100.0,
                        &f.percent,
                    )?;
                }
            }
            money(sheet, row, 4, a.planned, &f.money)?;
            money(sheet, row, 5, a.actual, &f.money)?;
            sheet.write_string(row, 6, sanitize_line(&a.comment))?;
            row += 1;
        }
    }
    sheet.write_string_with_format(row, 1, t("Celkem", "Total"), &f.bold)?;
    write_percent(sheet, row, 3, &p.totals, &f.bold_percent)?;
    money(sheet, row, 4, p.totals.planned, &f.bold_money)?;
    money(sheet, row, 5, p.totals.actual, &f.bold_money)?;
    row += 2;
    header(
        sheet,
        row,
        &[
            t("Opatření", "Measure"),
            t("Ukazatel", "Indicator"),
            t("Jednotka", "Unit"),
            t("Výchozí hodnota", "Baseline"),
            t("Cílová hodnota", "Target"),
            t("Dosaženo", "Reached"),
        ],
        f,
    )?;
    row += 1;
    for m in &p.measures {
        for i in &m.indicators {
            sheet.write_string(row, 0, &m.number)?;
            sheet.write_string(row, 1, sanitize_line(&i.name))?;
            sheet.write_string(row, 2, i.unit.map_or("?", |u| u.label(lang)))?;
            money(sheet, row, 3, i.baseline, &f.money)?;
            money(sheet, row, 4, i.target, &f.money)?;
            if let Some(reached) = i.reached {
                money(sheet, row, 5, reached, &f.money)?;
            }
            row += 1;
        }
    }
    sheet.set_column_width(1, 50)?;
    sheet.set_column_width(2, 18)?;
    sheet.set_column_width(4, 16)?;
    sheet.set_column_width(5, 16)?;
    sheet.set_column_width(6, 40)?;
    Ok(())
}

fn build(input: &MonitoringInput, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let f = Formats::new();
    let mut workbook = Workbook::new();
    let summary = workbook.add_worksheet();
    summary.set_name(t("Souhrn", "Summary"))?;
    summary.write_string_with_format(0, 0, title(input, lang), &f.bold)?;
    header(
        summary,
        2,
        &[
            t("Priorita", "Priority"),
            t("Aktivit", "Activities"),
            t("Plnění", "Fulfilment"),
            t("Plánováno (Kč)", "Planned (CZK)"),
            t("Skutečnost (Kč)", "Actual (CZK)"),
        ],
        &f,
    )?;
    let mut row = 3u32;
    for p in &input.year.priorities {
        summary.write_string(row, 0, format!("{} {}", p.number, sanitize_line(&p.title)))?;
        summary.write_number(row, 1, f64::from(p.totals.activities))?;
        write_percent(summary, row, 2, &p.totals, &f.percent)?;
        money(summary, row, 3, p.totals.planned, &f.money)?;
        money(summary, row, 4, p.totals.actual, &f.money)?;
        row += 1;
    }
    let all = &input.year.totals;
    summary.write_string_with_format(row, 0, t("Celkem", "Total"), &f.bold)?;
    summary.write_number_with_format(row, 1, f64::from(all.activities), &f.bold)?;
    write_percent(summary, row, 2, all, &f.bold_percent)?;
    money(summary, row, 3, all.planned, &f.bold_money)?;
    money(summary, row, 4, all.actual, &f.bold_money)?;
    summary.set_column_width(0, 40)?;
    summary.set_column_width(3, 16)?;
    summary.set_column_width(4, 16)?;
    let mut used: Vec<String> = vec![sheet_name(t("Souhrn", "Summary"))];
    for p in &input.year.priorities {
        let mut name = sheet_name(&format!("{} {}", p.number, p.title));
        if name.is_empty() || used.contains(&name) {
            name = sheet_name(&format!("{} {}", t("Priorita", "Priority"), p.number));
        }
        used.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        priority_sheet(sheet, p, lang, &f)?;
    }
    workbook.save_to_buffer()
}

/// The workbook's bytes; an error of the writer in words.
pub fn workbook(input: &MonitoringInput, lang: Lang) -> Result<Vec<u8>, String> {
    build(input, lang).map_err(|e| e.to_string())
}
