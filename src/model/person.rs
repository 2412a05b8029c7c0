//! People: contact persons, group members, meeting attendees. Personal data under GDPR.

use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::{Field, Id, Invalid, Kind};

pub const TITLE_BEFORE: Field = Field::new("Titul před jménem", "Title before the name");
pub const FIRST_NAME: Field = Field::new("Jméno", "First name");
pub const LAST_NAME: Field = Field::new("Příjmení", "Last name");
pub const TITLE_AFTER: Field = Field::new("Titul za jménem", "Title after the name");
pub const FUNCTION: Field = Field::new("Funkce", "Function");
pub const PHONE: Field = Field::new("Telefon", "Phone");
pub const EMAIL: Field = Field::new("E-mail", "E-mail");
pub const NOTE: Field = Field::new("Poznámka", "Note");

/// A person the register knows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Person {
    pub id: Id,
    /// Bc., Mgr., Ing., …
    pub title_before: String,
    pub first_name: String,
    pub last_name: String,
    /// Ph.D., DiS., …
    pub title_after: String,
    /// "vedoucí odboru sociálních věcí"
    pub function: String,
    pub organisation: Option<Id>,
    pub phone: String,
    pub email: String,
    pub note: String,
}

impl Person {
    /// "Mgr. Jana Nováková, Ph.D."
    pub fn display_name(&self) -> String {
        let mut name = String::new();
        for part in [&self.title_before, &self.first_name, &self.last_name] {
            if !part.is_empty() {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(part);
            }
        }
        if !self.title_after.is_empty() {
            name.push_str(", ");
            name.push_str(&self.title_after);
        }
        name
    }

    /// "Nováková Jana": the form lists sort by.
    pub fn sort_name(&self) -> String {
        format!("{} {}", self.last_name, self.first_name)
            .trim()
            .to_string()
    }

    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.line(TITLE_BEFORE, &self.title_before);
        c.line(FIRST_NAME, &self.first_name);
        c.required(LAST_NAME, &self.last_name);
        c.line(TITLE_AFTER, &self.title_after);
        c.line(FUNCTION, &self.function);
        c.phone(PHONE, &self.phone);
        c.email(EMAIL, &self.email);
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        self.organisation
            .map(|id| (Kind::Organisation, id))
            .into_iter()
            .collect()
    }
}
