//! Organisations: towns, town offices, providers and implementers.

use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::kinds::OrgKind;
use crate::model::{Field, Id, Invalid, Kind};

pub const NAME: Field = Field::new("Název organizace", "Organisation name");
pub const ICO: Field = Field::new("IČO", "Company ID (IČO)");
pub const STREET: Field = Field::new("Ulice a číslo", "Street and number");
pub const PSC: Field = Field::new("PSČ", "Postcode (PSČ)");
pub const CITY: Field = Field::new("Obec", "Town");
pub const WEB: Field = Field::new("Web", "Web");
pub const EMAIL: Field = Field::new("E-mail", "E-mail");
pub const PHONE: Field = Field::new("Telefon", "Phone");
pub const NOTE: Field = Field::new("Poznámka", "Note");

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Address {
    pub street: String,
    pub psc: String,
    pub city: String,
}

/// A town, a department, a provider or an implementing organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Organisation {
    pub id: Id,
    pub name: String,
    pub kind: Option<OrgKind>,
    pub ico: String,
    pub address: Address,
    pub web: String,
    pub email: String,
    pub phone: String,
    /// The region the organisation works in, where it has one.
    pub region: Option<Id>,
    pub note: String,
}

impl Organisation {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.required(NAME, &self.name);
        c.ico(ICO, &self.ico);
        c.line(STREET, &self.address.street);
        c.psc(PSC, &self.address.psc);
        c.line(CITY, &self.address.city);
        c.url(WEB, &self.web);
        c.email(EMAIL, &self.email);
        c.phone(PHONE, &self.phone);
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        self.region
            .map(|id| (Kind::Region, id))
            .into_iter()
            .collect()
    }
}
