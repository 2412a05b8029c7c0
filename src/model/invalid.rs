//! Validation errors: each names the field and the rule it breaks, in Czech and English.

use std::fmt;

use crate::model::lang::Lang;

/// The name of a field as a clerk sees it on a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field {
    pub cs: &'static str,
    pub en: &'static str,
}

impl Field {
    pub const fn new(cs: &'static str, en: &'static str) -> Field {
        Field { cs, en }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.cs, self.en)
    }
}

/// A rule a value can break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The field must not be empty.
    Required,
    /// Text must not contain control characters or escape sequences.
    ControlChars,
    /// Text is longer than the field allows (counted in characters).
    TooLong { max: usize },
    /// IČO must be exactly 8 digits.
    IcoFormat,
    /// IČO's check digit does not match the first seven digits.
    IcoChecksum,
    /// A Czech phone number: 9 digits, optionally `+420` or `00420` first.
    Phone,
    /// PSČ: 5 digits, written `38706` or `387 06`.
    Psc,
    /// An e-mail address `name@domain.tld`.
    Email,
    /// A registration number in the OPZ or OP LZZ shape.
    RegistrationNumber,
    /// A web address must start with http:// or https://.
    Url,
    /// A date that is not written in a recognised way.
    DateFormat,
    /// A date that does not exist in the calendar (31. 2. 2019).
    DateImpossible,
    /// A date that lacks its year or day (17. července, 12/2017).
    DatePartial,
    /// A time that is not written as `16:30`.
    TimeFormat,
    /// The end of a period precedes its start.
    EndBeforeStart,
    /// A year outside the range the register keeps.
    YearRange { min: i32, max: i32 },
    /// A number outside the range the field allows.
    NumberRange { min: i64, max: i64 },
    /// The same entry is listed twice.
    Duplicate,
    /// A reference to a record that does not exist.
    Dangling { id: u64 },
    /// A service's identifier in the registry of providers: exactly 7 digits.
    ServiceIdentifier,
    /// A related (non-registered) service has no § type, identifier nor network place.
    NotForRelatedService,
    /// The form is not one the service's § type allows.
    FormOfType,
    /// A capacity in a unit its form is not counted in.
    CapacityUnit,
    /// A capacity for a form the service does not offer.
    CapacityForm,
}

impl Rule {
    /// The rule in words, in the given language.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Rule::Required, Lang::Cs) => "musí být vyplněno".into(),
            (Rule::Required, Lang::En) => "must not be empty".into(),
            (Rule::ControlChars, Lang::Cs) => "nesmí obsahovat řídicí znaky".into(),
            (Rule::ControlChars, Lang::En) => "must not contain control characters".into(),
            (Rule::TooLong { max }, Lang::Cs) => format!("smí mít nejvýše {max} znaků"),
            (Rule::TooLong { max }, Lang::En) => format!("may have at most {max} characters"),
            (Rule::IcoFormat, Lang::Cs) => "musí mít přesně 8 číslic".into(),
            (Rule::IcoFormat, Lang::En) => "must have exactly 8 digits".into(),
            (Rule::IcoChecksum, Lang::Cs) => {
                "kontrolní číslice nesouhlasí (IČO je pravděpodobně přepsané)".into()
            }
            (Rule::IcoChecksum, Lang::En) => {
                "the check digit does not match (the IČO is probably mistyped)".into()
            }
            (Rule::Phone, Lang::Cs) => {
                "musí mít 9 číslic, případně s předvolbou +420 nebo 00420 (např. 381 508 134)"
                    .into()
            }
            (Rule::Phone, Lang::En) => {
                "must have 9 digits, optionally after +420 or 00420 (e.g. 381 508 134)".into()
            }
            (Rule::Psc, Lang::Cs) => "musí mít 5 číslic (např. 392 01)".into(),
            (Rule::Psc, Lang::En) => "must have 5 digits (e.g. 392 01)".into(),
            (Rule::Email, Lang::Cs) => "musí být ve tvaru jmeno@domena.cz".into(),
            (Rule::Email, Lang::En) => "must look like name@domain.cz".into(),
            (Rule::RegistrationNumber, Lang::Cs) => {
                "musí být ve tvaru CZ.03.2.63/0.0/0.0/16_063/0006529 (OPZ) \
                 nebo CZ.1.04/3.1.03/65.00031 (OP LZZ)"
                    .into()
            }
            (Rule::RegistrationNumber, Lang::En) => {
                "must look like CZ.03.2.63/0.0/0.0/16_063/0006529 (OPZ) \
                 or CZ.1.04/3.1.03/65.00031 (OP LZZ)"
                    .into()
            }
            (Rule::Url, Lang::Cs) => "musí začínat http:// nebo https://".into(),
            (Rule::Url, Lang::En) => "must start with http:// or https://".into(),
            (Rule::DateFormat, Lang::Cs) => {
                "datum pište jako 4.12.2017, 4. 12. 2017 nebo 2017-12-04".into()
            }
            (Rule::DateFormat, Lang::En) => {
                "write the date as 4.12.2017, 4. 12. 2017 or 2017-12-04".into()
            }
            (Rule::DateImpossible, Lang::Cs) => "takové datum v kalendáři není".into(),
            (Rule::DateImpossible, Lang::En) => "no such date exists in the calendar".into(),
            (Rule::DatePartial, Lang::Cs) => "datum není úplné: chybí den nebo rok".into(),
            (Rule::DatePartial, Lang::En) => "the date is incomplete: day or year missing".into(),
            (Rule::TimeFormat, Lang::Cs) => "čas pište jako 16:30".into(),
            (Rule::TimeFormat, Lang::En) => "write the time as 16:30".into(),
            (Rule::EndBeforeStart, Lang::Cs) => "konec nesmí být před začátkem".into(),
            (Rule::EndBeforeStart, Lang::En) => "the end must not precede the start".into(),
            (Rule::YearRange { min, max }, Lang::Cs) => {
                format!("rok musí být mezi {min} a {max}")
            }
            (Rule::YearRange { min, max }, Lang::En) => {
                format!("the year must be between {min} and {max}")
            }
            (Rule::NumberRange { min, max }, Lang::Cs) => {
                format!("číslo musí být mezi {min} a {max}")
            }
            (Rule::NumberRange { min, max }, Lang::En) => {
                format!("the number must be between {min} and {max}")
            }
            (Rule::Duplicate, Lang::Cs) => "stejná položka je uvedena dvakrát".into(),
            (Rule::Duplicate, Lang::En) => "the same entry is listed twice".into(),
            (Rule::Dangling { id }, Lang::Cs) => format!("odkazuje na neexistující záznam č. {id}"),
            (Rule::Dangling { id }, Lang::En) => {
                format!("refers to record no. {id}, which does not exist")
            }
            (Rule::ServiceIdentifier, Lang::Cs) => {
                "identifikátor z registru poskytovatelů má přesně 7 číslic".into()
            }
            (Rule::ServiceIdentifier, Lang::En) => {
                "the identifier from the registry of providers has exactly 7 digits".into()
            }
            (Rule::NotForRelatedService, Lang::Cs) => {
                "návazná (neregistrovaná) služba je nemá".into()
            }
            (Rule::NotForRelatedService, Lang::En) => {
                "a related (non-registered) service has none".into()
            }
            (Rule::FormOfType, Lang::Cs) => "tento druh služby se v této formě neposkytuje".into(),
            (Rule::FormOfType, Lang::En) => {
                "this type of service is not provided in this form".into()
            }
            (Rule::CapacityUnit, Lang::Cs) => {
                "pobytová forma se počítá v lůžkách, ambulantní a terénní v klientech, \
                 intervencích nebo hodinách; okamžitá kapacita jen v klientech"
                    .into()
            }
            (Rule::CapacityUnit, Lang::En) => {
                "residential capacity is counted in beds, outpatient and outreach in clients, \
                 interventions or hours; capacity at one time only in clients"
                    .into()
            }
            (Rule::CapacityForm, Lang::Cs) => "služba se v této formě neposkytuje".into(),
            (Rule::CapacityForm, Lang::En) => "the service is not provided in this form".into(),
        }
    }
}

/// A value that breaks a rule; says which field and which rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: Field,
    pub rule: Rule,
}

impl Invalid {
    pub fn new(field: Field, rule: Rule) -> Invalid {
        Invalid { field, rule }
    }

    /// `IČO: kontrolní číslice nesouhlasí …`
    pub fn message(&self, lang: Lang) -> String {
        format!("{}: {}", self.field.label(lang), self.rule.describe(lang))
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Cs))
    }
}

impl std::error::Error for Invalid {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_field_and_rule_in_both_languages() {
        let e = Invalid::new(Field::new("IČO", "company ID"), Rule::IcoChecksum);
        assert_eq!(
            e.message(Lang::Cs),
            "IČO: kontrolní číslice nesouhlasí (IČO je pravděpodobně přepsané)"
        );
        assert!(
            e.message(Lang::En)
                .starts_with("company ID: the check digit")
        );
    }
}
