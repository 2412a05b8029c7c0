//! The network map as Markdown, as CSV for a Czech spreadsheet and as an Excel workbook
//! with typed numbers.

use crate::model::date::format_date;
use crate::model::{Labelled, Lang, TargetGroup};
use crate::report::{BOM, cell};

use super::CapacityReport;

fn group_label(g: Option<TargetGroup>, lang: Lang) -> &'static str {
    match g {
        Some(g) => g.label(lang),
        None => lang.pick("bez uvedené cílové skupiny", "no target group given"),
    }
}

/// The header: target group, type, form, number of services, then one column per unit.
fn header(r: &CapacityReport, lang: Lang) -> Vec<String> {
    let mut h = vec![
        lang.pick("Cílová skupina", "Target group").to_string(),
        lang.pick("Druh služby", "Type of service").to_string(),
        lang.pick("Forma", "Form").to_string(),
        lang.pick("Počet služeb", "Services").to_string(),
    ];
    h.extend(
        r.measures
            .iter()
            .map(|m| format!("{}: {}", lang.pick("Kapacita", "Capacity"), m.label(lang))),
    );
    h
}

/// Each row's cells as text (an empty capacity cell where the unit does not apply), and
/// after each target group's rows its total of distinct services.
fn body(r: &CapacityReport, lang: Lang) -> Vec<(Vec<String>, bool)> {
    let mut out = Vec::new();
    for total in &r.totals {
        for row in r
            .rows
            .iter()
            .filter(|x| x.target_group == total.target_group)
        {
            let mut cells = vec![
                group_label(row.target_group, lang).to_string(),
                row.service_type.label(lang).to_string(),
                row.form.label(lang).to_string(),
                row.services.to_string(),
            ];
            cells.extend(
                r.measures
                    .iter()
                    .map(|m| row.capacity.get(m).map(u64::to_string).unwrap_or_default()),
            );
            out.push((cells, false));
        }
        let mut cells = vec![
            group_label(total.target_group, lang).to_string(),
            lang.pick("celkem (každá služba jednou)", "total (each service once)")
                .to_string(),
            String::new(),
            total.services.to_string(),
        ];
        cells.extend(r.measures.iter().map(|m| {
            total
                .capacity
                .get(m)
                .map(u64::to_string)
                .unwrap_or_default()
        }));
        out.push((cells, true));
    }
    out
}

fn title(r: &CapacityReport, lang: Lang) -> String {
    format!(
        "{} – {} {}",
        lang.pick(
            "Mapa sítě sociálních služeb",
            "Map of the network of social services"
        ),
        r.title,
        lang.pick(
            &format!("k {}", format_date(r.date)),
            &format!("on {}", format_date(r.date))
        )
    )
}

/// The map as a Markdown table, totals in bold.
pub fn markdown(r: &CapacityReport, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", cell(&title(r, lang)));
    if r.rows.is_empty() {
        out.push_str(lang.pick(
            "Na území k tomuto dni žádná registrovaná služba není.\n",
            "The territory has no registered service on this date.\n",
        ));
        return out;
    }
    out.push_str(lang.pick(
        "Služba pro více cílových skupin je v každé z nich; součty skupin proto nesčítejte.\n\n",
        "A service for several target groups is in each of them; do not add up the groups' totals.\n\n",
    ));
    let h = header(r, lang);
    out.push_str(&format!(
        "| {} |\n",
        h.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
    ));
    let align: Vec<&str> = (0..h.len())
        .map(|i| if i < 3 { "---" } else { "---:" })
        .collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    for (cells, total) in body(r, lang) {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| match (total, c.is_empty()) {
                (true, false) => format!("**{}**", cell(c)),
                _ => cell(c),
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// The map as CSV: UTF-8 with a byte order mark, `;` between fields, CRLF line ends.
pub fn csv(r: &CapacityReport, lang: Lang) -> Result<Vec<u8>, String> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let e = |e: csv::Error| e.to_string();
    writer.write_record(header(r, lang)).map_err(e)?;
    for (cells, _) in body(r, lang) {
        writer.write_record(cells).map_err(e)?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

/// The map as an Excel workbook: one sheet, a bold header, counts and capacities as
/// numbers, totals in bold.
pub fn xlsx(r: &CapacityReport, lang: Lang) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("Mapa sítě", "Network map"))
        .map_err(e)?;
    sheet
        .write_string_with_format(0, 0, title(r, lang), &bold)
        .map_err(e)?;
    let h = header(r, lang);
    for (col, text) in h.iter().enumerate() {
        let col = u16::try_from(col).map_err(|e| e.to_string())?;
        sheet
            .write_string_with_format(2, col, text, &bold)
            .map_err(e)?;
    }
    sheet.set_column_width(0, 34).map_err(e)?;
    sheet.set_column_width(1, 48).map_err(e)?;
    sheet.set_column_width(2, 12).map_err(e)?;
    for (i, (cells, total)) in body(r, lang).into_iter().enumerate() {
        let row = u32::try_from(i + 3).map_err(|e| e.to_string())?;
        for (col, text) in cells.iter().enumerate() {
            let col = u16::try_from(col).map_err(|e| e.to_string())?;
            let format = match total {
                true => bold.clone(),
                false => Format::new(),
            };
            match (col >= 3, text.parse::<u64>()) {
                // Counts and capacities are numbers a spreadsheet can add up.
                (true, Ok(n)) => {
                    sheet
                        .write_number_with_format(row, col, n as f64, &format)
                        .map_err(e)?;
                }
                (true, Err(_)) if text.is_empty() => {}
                _ => {
                    sheet
                        .write_string_with_format(row, col, text, &format)
                        .map_err(e)?;
                }
            }
        }
    }
    book.save_to_buffer().map_err(e)
}
