//! The attendance sheet (prezenční listina): the header an ESF/OPZ project keeps as
//! evidence of a meeting, then one row per expected person to sign, then empty rows for
//! guests.

use crate::model::{Labelled, Lang};
use crate::paper::facts::Facts;
use crate::paper::header::Header;

/// How many empty rows a sheet has for guests.
pub const GUEST_ROWS: usize = 5;

/// A sheet to print and sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceSheet {
    pub header: Header,
    /// Members of the group on the meeting's day, by surname in Czech order.
    pub rows: Vec<SheetRow>,
    /// Empty rows after them, for guests.
    pub guest_rows: usize,
}

/// One expected person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub name: String,
    pub organisation: String,
    /// Whom they represent ("zadavatel", "poskytovatel", …), empty when not recorded.
    pub represents: String,
}

impl AttendanceSheet {
    pub fn new(facts: &Facts, funding_line: &str, lang: Lang) -> AttendanceSheet {
        AttendanceSheet {
            header: Header::new(facts, funding_line, lang),
            rows: facts
                .members
                .iter()
                .map(|m| SheetRow {
                    name: m.person.display_name(),
                    organisation: m.organisation.clone(),
                    represents: m
                        .represents
                        .map(|r| r.label(lang).to_string())
                        .unwrap_or_default(),
                })
                .collect(),
            guest_rows: GUEST_ROWS,
        }
    }

    /// The document's title.
    pub fn title(lang: Lang) -> &'static str {
        lang.pick("Prezenční listina", "Attendance sheet")
    }

    /// The table's column headings.
    pub fn columns(lang: Lang) -> [&'static str; 5] {
        [
            lang.pick("č.", "no."),
            lang.pick("Jméno a příjmení", "Name"),
            lang.pick("Organizace", "Organisation"),
            lang.pick("Zastupuje", "Represents"),
            lang.pick("Podpis", "Signature"),
        ]
    }
}
