//! The report as Markdown.

use crate::model::Lang;
use crate::model::date::format_date;

use super::{AttendanceReport, cell, format_average, md_row as row};

/// The report as Markdown: a heading with the scope and period, a table per group,
/// then a summary table.
pub fn markdown(report: &AttendanceReport, lang: Lang) -> String {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let mut out = String::new();
    out.push_str(&format!(
        "# {}: {}\n\n",
        t("Docházka na jednání skupin", "Attendance at group meetings"),
        report.scope
    ));
    out.push_str(&format!(
        "{}: {} – {}\n",
        t("Období", "Period"),
        format_date(report.from),
        format_date(report.to)
    ));
    if report.groups.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            t("V rozsahu není žádná skupina.", "No group is in scope.")
        ));
        return out;
    }
    for g in &report.groups {
        out.push_str(&format!("\n## {}\n\n", cell(&g.name)));
        if g.meetings.is_empty() {
            out.push_str(t(
                "V období se skupina nesešla.\n",
                "The group did not meet in the period.\n",
            ));
        } else {
            row(
                &mut out,
                &[
                    t("Jednání", "Meeting"),
                    t("Datum", "Date"),
                    t("Přítomno", "Present"),
                    t("Omluveno", "Excused"),
                    t("Nepřítomno", "Absent"),
                    t("Hosté", "Guests"),
                ]
                .map(String::from),
            );
            out.push_str("|---:|---|---:|---:|---:|---:|\n");
            for m in &g.meetings {
                let n = |n: usize| {
                    if m.recorded {
                        n.to_string()
                    } else {
                        "–".to_string()
                    }
                };
                row(
                    &mut out,
                    &[
                        format!("{}.", m.number),
                        format_date(m.date),
                        n(m.counts.present),
                        n(m.counts.excused),
                        n(m.counts.absent),
                        n(m.counts.guests),
                    ],
                );
            }
            let s = &g.sums;
            row(
                &mut out,
                &[
                    format!("**{}**", t("Celkem", "Total")),
                    String::new(),
                    format!("**{}**", s.known(s.present, "–")),
                    format!("**{}**", s.known(s.excused, "–")),
                    format!("**{}**", s.known(s.absent, "–")),
                    format!("**{}**", s.known(s.guests, "–")),
                ],
            );
            out.push_str(&format!(
                "\n{}: {} · {}: {} · {}: {} · {}: {}\n",
                t("Jednání", "Meetings"),
                s.meetings,
                t("se zapsanou docházkou", "with attendance recorded"),
                s.recorded,
                t("průměrně přítomno", "average present"),
                format_average(s.average(), lang),
                t("různých osob", "different people"),
                s.people
            ));
        }
        unconfirmed_note(&mut out, g.sums.unconfirmed, lang);
    }
    out.push_str(&format!("\n## {}\n\n", t("Souhrn", "Summary")));
    row(
        &mut out,
        &[
            t("Skupina", "Group"),
            t("Jednání", "Meetings"),
            t("S docházkou", "With attendance"),
            t("Přítomno celkem", "Present in total"),
            t("Průměr na jednání", "Average per meeting"),
            t("Různých osob", "Different people"),
        ]
        .map(String::from),
    );
    out.push_str("|---|---:|---:|---:|---:|---:|\n");
    for g in &report.groups {
        let s = &g.sums;
        row(
            &mut out,
            &[
                cell(&g.name),
                s.meetings.to_string(),
                s.recorded.to_string(),
                s.known(s.present, "–"),
                format_average(s.average(), lang),
                s.people.to_string(),
            ],
        );
    }
    let s = &report.total;
    row(
        &mut out,
        &[
            format!("**{}**", t("Všechny skupiny", "All groups")),
            format!("**{}**", s.meetings),
            format!("**{}**", s.recorded),
            format!("**{}**", s.known(s.present, "–")),
            format!("**{}**", format_average(s.average(), lang)),
            format!("**{}**", s.people),
        ],
    );
    out.push_str(&format!(
        "\n{}\n",
        t(
            "Průměr je z jednání se zapsanou docházkou; u jednání bez ní je místo čísel –. \
             Různé osoby se počítají podle záznamu osoby; kdo byl ve více skupinách, \
             je v posledním řádku jednou. Hosté mimo rejstřík se do osob nepočítají.",
            "The average is over meetings with attendance recorded; meetings without it \
             show – instead of numbers. Different people are counted by their person \
             record; someone present in several groups counts once in the last row. \
             Guests outside the register are not counted as people.",
        )
    ));
    unconfirmed_note(&mut out, s.unconfirmed, lang);
    out
}

fn unconfirmed_note(out: &mut String, n: usize, lang: Lang) {
    if n > 0 {
        out.push_str(&format!(
            "\n{} {n}\n",
            lang.pick(
                "Nezapočteno – plánovaná jednání v minulosti bez zapsané docházky:",
                "Not counted – planned meetings in the past without attendance:",
            )
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::attendance;
    use crate::report::test_support::{date, group};

    #[test]
    fn markdown_escapes_table_cells() {
        let r = attendance(
            "test".into(),
            &[group(1, "A | B")],
            &[],
            date(2018, 1, 1),
            date(2018, 1, 31),
            date(2018, 5, 1),
        );
        assert!(markdown(&r, Lang::En).contains("| A \\| B | 0 | 0 | – | – | 0 |"));
    }
}
