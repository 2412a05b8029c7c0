//! Reports for monitoring (monitorovací zprávy): attendance at group meetings; the
//! network map of services ([`capacity`]) and the provider catalogue ([`catalogue`]).
//!
//! Pure computation and rendering, no I/O: the command line reads the groups and their
//! meetings from the store and hands them here.
//!
//! Which meetings count as held:
//! - a meeting in the state *held* (proběhlo) counts;
//! - a *cancelled* meeting (zrušeno) never counts;
//! - a *planned* meeting dated before today counts only when its attendance records at
//!   least one person present: the clerk took the attendance but did not mark the
//!   meeting held. A planned meeting in the past without anyone present is not counted
//!   as held (a report should not claim a meeting nobody confirmed); the report lists
//!   how many such meetings there are, so the clerk can put them right.
//! - a planned meeting today or later is not counted.

mod attendance;
pub mod capacity;
pub mod catalogue;
mod csv;
pub mod docx;
mod markdown;
pub mod money;
pub mod plan;
#[cfg(test)]
mod test_support;

pub use self::attendance::{
    AttendanceReport, GroupAttendance, MeetingLine, Numbered, Standing, Sums, attendance, standing,
};
pub use self::csv::{BOM, csv, spreadsheet_date};
pub use self::markdown::markdown;

use crate::model::Lang;

/// An average with one decimal place: `6,4` in Czech, `6.4` in English, `–` for none.
pub fn format_average(average: Option<f64>, lang: Lang) -> String {
    match average {
        None => "–".to_string(),
        Some(x) => {
            let s = format!("{x:.1}");
            match lang {
                Lang::Cs => s.replace('.', ","),
                Lang::En => s,
            }
        }
    }
}

/// One row of a Markdown table; the cells are already made safe with [`cell`].
pub(crate) fn md_row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(c);
        out.push_str(" |");
    }
    out.push('\n');
}

/// A Markdown table's header row and its rule.
pub(crate) fn md_header(out: &mut String, cells: &[&str]) {
    md_row(
        out,
        &cells.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    md_row(
        out,
        &cells.iter().map(|_| "---".to_string()).collect::<Vec<_>>(),
    );
}

/// A table cell: no line breaks, and `|` escaped.
pub(crate) fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_take_the_decimal_comma_in_czech() {
        assert_eq!(format_average(Some(20.0 / 3.0), Lang::Cs), "6,7");
        assert_eq!(format_average(Some(20.0 / 3.0), Lang::En), "6.7");
        assert_eq!(format_average(Some(6.0), Lang::Cs), "6,0");
    }
}
