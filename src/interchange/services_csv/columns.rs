//! The columns of a provider list, found by their headers.

use crate::model::service as s;
use crate::model::text::fold;
use crate::model::{Field, Labelled, Lang, Service};

use super::RowError;

/// A column the import knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Ico,
    Provider,
    Service,
    Type,
    Identifier,
    Form,
    Capacity,
    Unit,
    TargetGroups,
    Address,
    Municipalities,
    Phone,
    Email,
    Web,
}

impl Column {
    pub const ALL: [Column; 14] = [
        Column::Ico,
        Column::Provider,
        Column::Service,
        Column::Type,
        Column::Identifier,
        Column::Form,
        Column::Capacity,
        Column::Unit,
        Column::TargetGroups,
        Column::Address,
        Column::Municipalities,
        Column::Phone,
        Column::Email,
        Column::Web,
    ];

    /// The header the documentation gives, and the field its value goes to.
    pub fn field(self) -> Field {
        match self {
            Column::Ico => Field::new("IČO", "IČO"),
            Column::Provider => Field::new("Poskytovatel", "Provider"),
            Column::Service => Field::new("Služba", "Service"),
            Column::Type => Field::new("Druh", "Type"),
            Column::Identifier => Field::new("Identifikátor", "Identifier"),
            Column::Form => Field::new("Forma", "Form"),
            Column::Capacity => Field::new("Kapacita", "Capacity"),
            Column::Unit => Field::new("Jednotka", "Unit"),
            Column::TargetGroups => Field::new("Cílové skupiny", "Target groups"),
            Column::Address => Field::new("Adresa", "Address"),
            Column::Municipalities => Field::new("Obce", "Municipalities"),
            Column::Phone => Field::new("Telefon", "Phone"),
            Column::Email => Field::new("E-mail", "E-mail"),
            Column::Web => Field::new("Web", "Web"),
        }
    }

    /// Folded headers the column is found by.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::Ico => &["ico", "ic"],
            Column::Provider => &["poskytovatel", "nazev poskytovatele", "provider"],
            Column::Service => &["sluzba", "nazev sluzby", "service"],
            Column::Type => &["druh", "druh sluzby", "§", "paragraf", "type"],
            Column::Identifier => &["identifikator", "identifikator sluzby", "identifier"],
            Column::Form => &["forma", "forma sluzby", "form"],
            Column::Capacity => &["kapacita", "capacity"],
            Column::Unit => &["jednotka", "jednotka kapacity", "unit"],
            Column::TargetGroups => &["cilove skupiny", "cilova skupina", "target groups"],
            Column::Address => &["adresa", "misto poskytovani", "address"],
            Column::Municipalities => &["obce", "uzemni pusobnost", "municipalities"],
            Column::Phone => &["telefon", "phone"],
            Column::Email => &["e-mail", "email"],
            Column::Web => &["web", "www"],
        }
    }
}

/// Where each known column is, with the file's own header.
pub struct Columns {
    found: Vec<(Column, usize, String)>,
}

impl Columns {
    pub fn index(&self, c: Column) -> Option<usize> {
        self.found.iter().find(|f| f.0 == c).map(|f| f.1)
    }

    /// The column's header as the file writes it, or as documented when it has none.
    pub fn header(&self, c: Column, lang: Lang) -> String {
        self.found
            .iter()
            .find(|f| f.0 == c)
            .map(|f| f.2.clone())
            .unwrap_or_else(|| c.field().label(lang).to_string())
    }
}

/// Finds the columns in the header; the IČO and service columns must be there, and no
/// column twice.
pub fn find(headers: &[String], lang: Lang) -> Result<Columns, Vec<RowError>> {
    let mut found: Vec<(Column, usize, String)> = Vec::new();
    let mut errors = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let folded = fold(h.trim_start_matches('\u{feff}'));
        if let Some(c) = Column::ALL
            .into_iter()
            .find(|c| c.names().contains(&&*folded))
        {
            if found.iter().any(|f| f.0 == c) {
                errors.push(RowError {
                    row: 1,
                    column: Some(h.clone()),
                    message: lang
                        .pick(
                            "sloupec je v hlavičce dvakrát",
                            "the column is in the header twice",
                        )
                        .to_string(),
                });
            }
            found.push((c, i, h.clone()));
        }
    }
    for required in [Column::Ico, Column::Service] {
        if !found.iter().any(|f| f.0 == required) {
            errors.push(RowError {
                row: 1,
                column: Some(required.field().label(lang).to_string()),
                message: lang
                    .pick(
                        "hlavička takový sloupec nemá",
                        "the header has no such column",
                    )
                    .to_string(),
            });
        }
    }
    match errors.is_empty() {
        true => Ok(Columns { found }),
        false => Err(errors),
    }
}

/// The column a rule of the model is about.
pub fn of_field(field: Field) -> Option<Column> {
    Some(match field {
        f if f == s::NAME => Column::Service,
        f if f == s::TYPE => Column::Type,
        f if f == s::IDENTIFIER => Column::Identifier,
        f if f == s::FORMS => Column::Form,
        f if f == s::CAPACITY => Column::Capacity,
        f if f == s::TARGET_GROUPS => Column::TargetGroups,
        f if f == s::PLACES => Column::Address,
        f if f == s::MUNICIPALITIES => Column::Municipalities,
        f if f == s::PHONE => Column::Phone,
        f if f == s::EMAIL => Column::Email,
        f if f == s::WEB => Column::Web,
        _ => return None,
    })
}

/// The columns whose values differ between a stored service and the file's.
pub fn changed(old: &Service, new: &Service, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut differ = |c: Column, a: String, b: String| {
        if a != b {
            out.push(format!("{}: {a} → {b}", c.field().label(lang)));
        }
    };
    let list = |v: Vec<&str>| v.join(", ");
    differ(Column::Service, old.name.clone(), new.name.clone());
    differ(
        Column::Type,
        old.service_type
            .map(|t| t.label(lang))
            .unwrap_or("–")
            .into(),
        new.service_type
            .map(|t| t.label(lang))
            .unwrap_or("–")
            .into(),
    );
    differ(
        Column::Identifier,
        old.identifier.clone(),
        new.identifier.clone(),
    );
    differ(
        Column::Form,
        list(old.forms.iter().map(|f| f.label(lang)).collect()),
        list(new.forms.iter().map(|f| f.label(lang)).collect()),
    );
    differ(
        Column::Capacity,
        old.capacities
            .iter()
            .map(|c| c.to_line())
            .collect::<Vec<_>>()
            .join("; "),
        new.capacities
            .iter()
            .map(|c| c.to_line())
            .collect::<Vec<_>>()
            .join("; "),
    );
    differ(
        Column::TargetGroups,
        list(old.target_groups.iter().map(|g| g.label(lang)).collect()),
        list(new.target_groups.iter().map(|g| g.label(lang)).collect()),
    );
    differ(
        Column::Address,
        old.places
            .iter()
            .map(s::place_line)
            .collect::<Vec<_>>()
            .join("; "),
        new.places
            .iter()
            .map(s::place_line)
            .collect::<Vec<_>>()
            .join("; "),
    );
    differ(
        Column::Municipalities,
        old.municipalities.join(", "),
        new.municipalities.join(", "),
    );
    differ(Column::Phone, old.phone.clone(), new.phone.clone());
    differ(Column::Email, old.email.clone(), new.email.clone());
    differ(Column::Web, old.web.clone(), new.web.clone());
    if out.is_empty() {
        out.push(
            lang.pick("územní působnost (ORP)", "territory (ORPs)")
                .to_string(),
        );
    }
    out
}
