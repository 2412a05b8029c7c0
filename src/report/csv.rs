//! The report as CSV for a Czech spreadsheet.

use chrono::{Datelike, NaiveDate};

use crate::model::Lang;

use super::{AttendanceReport, Sums, cell, format_average};

/// `4.12.2017`: the form a Czech spreadsheet reads as a date.
pub fn spreadsheet_date(d: NaiveDate) -> String {
    format!("{}.{}.{}", d.day(), d.month(), d.year())
}

/// The UTF-8 byte order mark: tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The report as CSV for a Czech spreadsheet: UTF-8 with a byte order mark, `;` between
/// fields, CRLF line ends, dates `4.12.2017`, averages with a decimal comma. One row per
/// held meeting (counts empty when its attendance was not written down), then a total
/// row per group (the date column says `celkem`, the number column holds the count of
/// held meetings), then a row over all groups.
pub fn csv(report: &AttendanceReport, lang: Lang) -> Result<Vec<u8>, String> {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let e = |e: csv::Error| e.to_string();
    writer
        .write_record([
            t("Skupina", "Group"),
            t("Datum", "Date"),
            t("Jednání", "Meeting"),
            t("Přítomno", "Present"),
            t("Omluveno", "Excused"),
            t("Nepřítomno", "Absent"),
            t("Hosté", "Guests"),
            t("Jednání s docházkou", "Meetings with attendance"),
            t("Průměr přítomných", "Average present"),
            t("Různých osob", "Different people"),
        ])
        .map_err(e)?;
    let total_row = |name: &str, s: &Sums| -> [String; 10] {
        [
            name.to_string(),
            t("celkem", "total").to_string(),
            s.meetings.to_string(),
            s.known(s.present, ""),
            s.known(s.excused, ""),
            s.known(s.absent, ""),
            s.known(s.guests, ""),
            s.recorded.to_string(),
            // The spreadsheet is Czech whatever the language of the headers.
            match s.average() {
                Some(_) => format_average(s.average(), Lang::Cs),
                None => String::new(),
            },
            s.people.to_string(),
        ]
    };
    for g in &report.groups {
        let name = cell(&g.name);
        for m in &g.meetings {
            // Unknown counts stay empty rather than zero.
            let n = |n: usize| {
                if m.recorded {
                    n.to_string()
                } else {
                    String::new()
                }
            };
            writer
                .write_record([
                    name.clone(),
                    spreadsheet_date(m.date),
                    m.number.to_string(),
                    n(m.counts.present),
                    n(m.counts.excused),
                    n(m.counts.absent),
                    n(m.counts.guests),
                    String::new(),
                    String::new(),
                    String::new(),
                ])
                .map_err(e)?;
        }
        writer.write_record(total_row(&name, &g.sums)).map_err(e)?;
    }
    writer
        .write_record(total_row(t("Všechny skupiny", "All groups"), &report.total))
        .map_err(e)?;
    writer.into_inner().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::sample;

    #[test]
    fn csv_has_a_bom_semicolons_crlf_and_decimal_commas() {
        let bytes = csv(&sample(), Lang::Cs).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = std::str::from_utf8(&bytes[BOM.len()..]).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(
            lines[0],
            "Skupina;Datum;Jednání;Přítomno;Omluveno;Nepřítomno;Hosté;\
             Jednání s docházkou;Průměr přítomných;Různých osob"
        );
        assert_eq!(lines[1], "ŘS;10.1.2018;2;2;1;0;1;;;");
        assert_eq!(lines[3], "ŘS;celkem;2;4;1;1;1;2;2,0;3");
        assert_eq!(
            lines.last(),
            Some(&"Všechny skupiny;celkem;3;6;1;1;1;3;2,0;4")
        );
        assert!(!text.replace("\r\n", "").contains('\n'));
    }
}
