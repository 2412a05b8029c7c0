//! The provider catalogue (*katalog poskytovatelů sociálních a návazných služeb*) of a
//! territory on a date: a card per service, grouped by target group and then by § type,
//! with indexes of providers and municipalities. Pure: the command line reads the
//! records and hands them here; [`markdown`], [`html`] and [`docx`] write it.
//!
//! A service for several target groups has its card under the first and a reference to
//! it under the others, so that every card is printed once. Related (non-registered)
//! services follow the registered ones in each group. Everything a reader scans is in
//! Czech collation order: cards within a type, the providers, the municipalities.

mod docx;
mod html;
mod markdown;
mod outline;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::model::text::sort_czech_by;
use crate::model::{Id, Labelled, Lang, Organisation, Service, ServiceType, TargetGroup};

pub use docx::docx;
pub use html::html;
pub use markdown::markdown;

/// One service as the catalogue shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub service: Service,
    pub provider: Organisation,
    /// The contact person's name, where one is given.
    pub contact: Option<String>,
    /// The names of the ORPs it serves.
    pub regions: Vec<String>,
}

impl Card {
    /// The card's anchor, unique in the catalogue.
    pub fn anchor(&self) -> String {
        format!("sluzba-{}", self.service.id)
    }
}

/// The services of one § type within a target group (`None`: related services).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSection {
    pub service_type: Option<ServiceType>,
    /// Indexes into [`Catalogue::cards`].
    pub cards: Vec<usize>,
}

/// One target group's part of the catalogue (`None`: services naming no target group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSection {
    pub target_group: Option<TargetGroup>,
    pub types: Vec<TypeSection>,
    /// Cards printed under another group that serve this one too.
    pub see_also: Vec<usize>,
}

/// A whole catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    /// The territory: "ORP Soběslav", "Jihočeský kraj".
    pub title: String,
    pub date: NaiveDate,
    pub cards: Vec<Card>,
    pub groups: Vec<GroupSection>,
    /// Each provider with its cards, providers and cards in Czech order.
    pub providers: Vec<(String, Vec<usize>)>,
    /// Each municipality served with its cards.
    pub municipalities: Vec<(String, Vec<usize>)>,
}

impl GroupSection {
    pub fn anchor(&self) -> String {
        match self.target_group {
            Some(g) => format!("skupina-{}", group_order(Some(g))),
            None => "skupina-ostatni".to_string(),
        }
    }

    pub fn label(&self, lang: Lang) -> String {
        match self.target_group {
            Some(g) => capitalised(g.label(lang)),
            None => lang
                .pick("Bez uvedené cílové skupiny", "No target group given")
                .to_string(),
        }
    }
}

impl TypeSection {
    pub fn label(&self, lang: Lang) -> String {
        match self.service_type {
            Some(t) => t.label(lang).to_string(),
            None => lang.pick("Návazné služby", "Related services").to_string(),
        }
    }
}

/// The text with its first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn group_order(g: Option<TargetGroup>) -> usize {
    match g {
        Some(g) => TargetGroup::ALL.iter().position(|x| *x == g).unwrap_or(0),
        None => TargetGroup::ALL.len(),
    }
}

fn type_order(t: Option<ServiceType>) -> usize {
    match t {
        Some(t) => ServiceType::ALL.iter().position(|x| *x == t).unwrap_or(0),
        None => ServiceType::ALL.len(),
    }
}

/// What the catalogue needs besides the services: the providers, the contact people's
/// names and the ORPs' names, by id.
pub struct Lookup<'a> {
    pub providers: &'a HashMap<Id, Organisation>,
    pub people: &'a HashMap<Id, String>,
    pub regions: &'a HashMap<Id, String>,
}

/// The catalogue of `services` (the territory's, already chosen) valid on `date`.
pub fn catalogue(
    title: &str,
    date: NaiveDate,
    services: Vec<Service>,
    lookup: &Lookup,
) -> Catalogue {
    let mut cards: Vec<Card> = services
        .into_iter()
        .filter(|s| s.valid_on(date))
        .map(|service| Card {
            provider: lookup
                .providers
                .get(&service.provider)
                .cloned()
                .unwrap_or_default(),
            contact: service
                .contact_person
                .and_then(|id| lookup.people.get(&id).cloned()),
            regions: service
                .regions
                .iter()
                .filter_map(|id| lookup.regions.get(id).cloned())
                .collect(),
            service,
        })
        .collect();
    sort_czech_by(&mut cards, |c| &c.service.name);
    let mut groups: BTreeMap<usize, GroupSection> = BTreeMap::new();
    for (i, card) in cards.iter().enumerate() {
        let s = &card.service;
        let kind = s.service_type.filter(|_| s.registered);
        let first = s.target_groups.first().copied();
        let section = groups
            .entry(group_order(first))
            .or_insert_with(|| GroupSection {
                target_group: first,
                types: Vec::new(),
                see_also: Vec::new(),
            });
        match section.types.iter_mut().find(|t| t.service_type == kind) {
            Some(t) => t.cards.push(i),
            None => section.types.push(TypeSection {
                service_type: kind,
                cards: vec![i],
            }),
        }
        for &other in s.target_groups.iter().skip(1) {
            groups
                .entry(group_order(Some(other)))
                .or_insert_with(|| GroupSection {
                    target_group: Some(other),
                    types: Vec::new(),
                    see_also: Vec::new(),
                })
                .see_also
                .push(i);
        }
    }
    let mut groups: Vec<GroupSection> = groups.into_values().collect();
    for g in &mut groups {
        g.types.sort_by_key(|t| type_order(t.service_type));
    }
    let mut providers: HashMap<String, Vec<usize>> = HashMap::new();
    let mut municipalities: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, card) in cards.iter().enumerate() {
        providers
            .entry(card.provider.name.clone())
            .or_default()
            .push(i);
        for m in &card.service.municipalities {
            municipalities.entry(m.clone()).or_default().push(i);
        }
    }
    let mut providers: Vec<(String, Vec<usize>)> = providers.into_iter().collect();
    sort_czech_by(&mut providers, |(name, _)| name);
    let mut municipalities: Vec<(String, Vec<usize>)> = municipalities.into_iter().collect();
    sort_czech_by(&mut municipalities, |(name, _)| name);
    Catalogue {
        title: title.to_string(),
        date,
        cards,
        groups,
        providers,
        municipalities,
    }
}

/// The lines of a card after its name, each a label and a value, in the order every
/// format prints them; empty values left out.
pub fn card_fields(card: &Card, lang: Lang) -> Vec<(&'static str, String)> {
    let s = &card.service;
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut push = |label: &'static str, value: String| {
        if !value.trim().is_empty() {
            out.push((label, value.trim().to_string()));
        }
    };
    let provider = match card.provider.ico.is_empty() {
        true => card.provider.name.clone(),
        false => format!("{}, IČO {}", card.provider.name, card.provider.ico),
    };
    push(lang.pick("Poskytovatel", "Provider"), provider);
    let kind = match s.service_type.filter(|_| s.registered) {
        Some(t) => t.label(lang).to_string(),
        None => lang.pick("návazná služba", "related service").to_string(),
    };
    push(lang.pick("Druh služby", "Type of service"), kind);
    push(
        lang.pick("Identifikátor", "Identifier"),
        s.identifier.clone(),
    );
    push(
        lang.pick("Forma", "Form"),
        s.forms
            .iter()
            .map(|f| f.label(lang))
            .collect::<Vec<_>>()
            .join(", "),
    );
    push(
        lang.pick("Pro koho", "For whom"),
        s.target_groups
            .iter()
            .map(|g| g.label(lang))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let mut territory: Vec<String> = card.regions.iter().map(|r| format!("ORP {r}")).collect();
    territory.extend(s.municipalities.iter().cloned());
    push(
        lang.pick("Kde působí", "Where it works"),
        territory.join(", "),
    );
    push(
        lang.pick("Místo poskytování", "Place"),
        s.places
            .iter()
            .map(crate::model::service::place_line)
            .collect::<Vec<_>>()
            .join("; "),
    );
    push(
        lang.pick("Kapacita", "Capacity"),
        s.capacities
            .iter()
            .map(|c| format!("{}: {}", c.form.label(lang), c.amount_text(lang)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    push(lang.pick("Provozní doba", "Hours"), s.hours.clone());
    let contact: Vec<String> = [
        card.contact.clone().unwrap_or_default(),
        s.phone.clone(),
        s.email.clone(),
        s.web.clone(),
    ]
    .into_iter()
    .filter(|t| !t.trim().is_empty())
    .collect();
    push(lang.pick("Kontakt", "Contact"), contact.join(", "));
    if s.in_network {
        push(
            lang.pick("Síť", "Network"),
            lang.pick(
                "v síti sociálních služeb kraje",
                "in the kraj's network of social services",
            )
            .to_string(),
        );
    }
    out
}

/// "Katalog poskytovatelů sociálních a návazných služeb".
pub fn heading(lang: Lang) -> &'static str {
    lang.pick(
        "Katalog poskytovatelů sociálních a návazných služeb",
        "Catalogue of providers of social and related services",
    )
}

#[cfg(test)]
pub(crate) mod tests;
