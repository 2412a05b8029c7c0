//! A region: the administrative district of an ORP (obec s rozšířenou působností).

use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::lists::Kraj;
use crate::model::{Field, Id, Invalid};

pub const NAME: Field = Field::new("Název ORP", "ORP name");
pub const MUNICIPALITY_COUNT: Field = Field::new("Počet obcí", "Number of municipalities");
pub const MUNICIPALITIES: Field = Field::new("Obce", "Municipalities");
pub const PARTNER_TOWN: Field = Field::new("Partnerské město", "Partner town");
pub const IMPLEMENTER: Field = Field::new("Realizátor", "Implementer");
pub const CONTACTS: Field = Field::new("Kontaktní osoby", "Contact persons");
pub const LINKS: Field = Field::new("Odkazy", "Links");
pub const MILESTONE_YEAR: Field = Field::new("Rok v historii plánování", "Timeline year");
pub const MILESTONE_TEXT: Field = Field::new("Událost v historii plánování", "Timeline event");
pub const NOTE: Field = Field::new("Poznámka", "Note");

/// One step of a region's planning history ("2004: první komunitní plán").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Milestone {
    /// The year it began.
    pub from: i32,
    /// The last year, for a span such as a plan 2013–2015.
    pub to: Option<i32>,
    pub text: String,
}

/// A region (ORP) and the planning done in it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Region {
    pub id: Id,
    pub name: String,
    pub kraj: Option<Kraj>,
    /// How many municipalities the ORP has (Písek 49, Milevsko 26).
    pub municipality_count: Option<u16>,
    /// The municipalities by name, where the clerk keeps them.
    pub municipalities: Vec<String>,
    /// The town that is the project's partner (an organisation).
    pub partner_town: Option<Id>,
    /// The implementing organisation (realizátor).
    pub implementer: Option<Id>,
    /// Contact persons.
    pub contacts: Vec<Id>,
    pub links: Vec<String>,
    /// The planning history, in order.
    pub timeline: Vec<Milestone>,
    pub note: String,
}

impl Region {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.required(NAME, &self.name);
        if let Some(n) = self.municipality_count
            && !(1..=1000).contains(&n)
        {
            c.push(
                MUNICIPALITY_COUNT,
                crate::model::Rule::NumberRange { min: 1, max: 1000 },
            );
        }
        for m in &self.municipalities {
            c.required(MUNICIPALITIES, m);
        }
        c.unique(MUNICIPALITIES, &self.municipalities);
        c.unique(CONTACTS, &self.contacts);
        for link in &self.links {
            c.url(LINKS, link);
        }
        for step in &self.timeline {
            c.year_span(MILESTONE_YEAR, step.from, step.to);
            c.required(MILESTONE_TEXT, &step.text);
        }
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    /// Every record this region points to.
    pub fn references(&self) -> Vec<(crate::model::Kind, Id)> {
        use crate::model::Kind;
        let mut out = Vec::new();
        out.extend(self.partner_town.map(|id| (Kind::Organisation, id)));
        out.extend(self.implementer.map(|id| (Kind::Organisation, id)));
        out.extend(self.contacts.iter().map(|&id| (Kind::Person, id)));
        out
    }
}
