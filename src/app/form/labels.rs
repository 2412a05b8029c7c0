//! The names of fields the model has no name for, and the forms' headings, in Czech and
//! English.

use crate::model::{Field, Kind, Lang};

pub const KRAJ: Field = Field::new("Kraj", "Kraj (region)");
pub const TIMELINE: Field = Field::new("Historie plánování", "Planning history");
pub const ORG_KIND: Field = Field::new("Druh organizace", "Kind of organisation");
pub const REGION: Field = Field::new("ORP", "Region (ORP)");
pub const ORGANISATION: Field = Field::new("Organizace", "Organisation");
pub const PROGRAMME: Field = Field::new("Financování", "Funding");
pub const START: Field = Field::new("Zahájení", "Start");
pub const END: Field = Field::new("Ukončení", "End");
pub const OUTPUTS: Field = Field::new("Výstupy", "Outputs");
pub const DOCUMENT_KIND: Field = Field::new("Druh dokumentu", "Kind of document");
pub const PROJECT: Field = Field::new("Projekt", "Project");
pub const YEAR_FROM: Field = Field::new("Rok od", "From year");
pub const YEAR_TO: Field = Field::new("Rok do", "To year");
pub const STATE: Field = Field::new("Stav", "State");
pub use crate::model::document::APPROVED_ON;
pub const GROUP_KIND: Field = Field::new("Druh skupiny", "Kind of group");
pub const TARGET_GROUP: Field = Field::new("Cílová skupina", "Target group");
pub const MEMBERS: Field = Field::new("Členové", "Members");
pub const ROLE: Field = Field::new("Role", "Role");
pub const REPRESENTS: Field = Field::new("Zastupuje", "Represents");
pub const SINCE: Field = Field::new("Členem od", "Member since");
pub const UNTIL: Field = Field::new("Členem do", "Member until");
pub const MEETING_KIND: Field = Field::new("Druh jednání", "Kind of meeting");
pub const TIME_START: Field = Field::new("Začátek", "Start");
pub const TIME_END: Field = Field::new("Konec", "End");

/// The form's heading: "Nový projekt", or "Úprava projektu: <name>" for an edit.
pub(super) fn heading(kind: Kind, edited: Option<&str>, lang: Lang) -> String {
    let (new, edit) = match kind {
        Kind::Region => (("Nové ORP", "New region"), ("Úprava ORP", "Edit region")),
        Kind::Organisation => (
            ("Nová organizace", "New organisation"),
            ("Úprava organizace", "Edit organisation"),
        ),
        Kind::Person => (
            ("Nová osoba", "New person"),
            ("Úprava osoby", "Edit person"),
        ),
        Kind::Project => (
            ("Nový projekt", "New project"),
            ("Úprava projektu", "Edit project"),
        ),
        Kind::Document => (
            ("Nový dokument", "New document"),
            ("Úprava dokumentu", "Edit document"),
        ),
        Kind::Group => (
            ("Nová skupina", "New group"),
            ("Úprava skupiny", "Edit group"),
        ),
        Kind::Membership => (
            ("Nové členství", "New membership"),
            ("Úprava členství", "Edit membership"),
        ),
        Kind::Service => (
            ("Nová služba", "New service"),
            ("Úprava služby", "Edit service"),
        ),
        Kind::Meeting => (
            ("Nové jednání", "New meeting"),
            ("Úprava jednání", "Edit meeting"),
        ),
    };
    match edited {
        None => lang.pick(new.0, new.1).to_owned(),
        Some(name) => format!("{}: {}", lang.pick(edit.0, edit.1), name),
    }
}
