//! People: contact persons, group members, meeting attendees. Personal data under GDPR.

use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::{Field, Id, Invalid, Kind, Salutation};

pub const SALUTATION: Field = Field::new("Oslovení", "Salutation");
pub const TITLE_BEFORE: Field = Field::new("Titul před jménem", "Title before the name");
pub const FIRST_NAME: Field = Field::new("Jméno", "First name");
pub const LAST_NAME: Field = Field::new("Příjmení", "Last name");
pub const TITLE_AFTER: Field = Field::new("Titul za jménem", "Title after the name");
pub const FUNCTION: Field = Field::new("Funkce", "Function");
pub const PHONE: Field = Field::new("Telefon", "Phone");
pub const EMAIL: Field = Field::new("E-mail", "E-mail");
pub const NOTE: Field = Field::new("Poznámka", "Note");

/// A person the register knows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Person {
    pub id: Id,
    /// Pan / paní: how letters address the person, and the gender of the words the
    /// screens use about them ("přítomna, členka").
    pub salutation: Salutation,
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

/// Stored values and wire messages (bincode, not human-readable) carry every field in
/// order. The JSON interchange leaves an unknown salutation out, so registers written
/// before the field existed read and write exactly as before.
impl Serialize for Person {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Destructured, so that a new field cannot be forgotten here.
        let Person {
            id,
            salutation,
            title_before,
            first_name,
            last_name,
            title_after,
            function,
            organisation,
            phone,
            email,
            note,
        } = self;
        let skip = serializer.is_human_readable() && *salutation == Salutation::Unknown;
        let mut s = serializer.serialize_struct("Person", if skip { 10 } else { 11 })?;
        s.serialize_field("id", id)?;
        if skip {
            s.skip_field("salutation")?;
        } else {
            s.serialize_field("salutation", salutation)?;
        }
        s.serialize_field("title_before", title_before)?;
        s.serialize_field("first_name", first_name)?;
        s.serialize_field("last_name", last_name)?;
        s.serialize_field("title_after", title_after)?;
        s.serialize_field("function", function)?;
        s.serialize_field("organisation", organisation)?;
        s.serialize_field("phone", phone)?;
        s.serialize_field("email", email)?;
        s.serialize_field("note", note)?;
        s.end()
    }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn vera(salutation: Salutation) -> Person {
        Person {
            id: 3,
            salutation,
            first_name: "Věra".into(),
            last_name: "Kubátová".into(),
            ..Person::default()
        }
    }

    #[test]
    fn json_without_a_salutation_reads_as_unknown_and_writes_back_the_same() {
        let old = r#"{"id":3,"title_before":"","first_name":"Věra","last_name":"Kubátová","title_after":"","function":"","organisation":null,"phone":"","email":"","note":""}"#;
        let person: Person = serde_json::from_str(old).unwrap();
        assert_eq!(person, vera(Salutation::Unknown));
        assert_eq!(serde_json::to_string(&person).unwrap(), old);
    }

    #[test]
    fn a_given_salutation_travels_in_json() {
        let text = serde_json::to_string(&vera(Salutation::Ms)).unwrap();
        assert!(text.starts_with(r#"{"id":3,"salutation":"ms","#), "{text}");
        assert_eq!(
            serde_json::from_str::<Person>(&text).unwrap(),
            vera(Salutation::Ms)
        );
        let mr: Person = serde_json::from_str(r#"{"id":1,"salutation":"mr"}"#).unwrap();
        assert_eq!(mr.salutation, Salutation::Mr);
        assert!(serde_json::from_str::<Person>(r#"{"id":1,"salutation":"sir"}"#).is_err());
    }
}
