//! Social services as records of their own: what a provider offers, for whom, where and
//! how much of it (the catalogue and the network map are built from these).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::labelled_enum;
use crate::model::check::Checker;
use crate::model::lists::{ServiceForm, ServiceType, TargetGroup};
use crate::model::organisation::Address;
use crate::model::{Field, Id, Invalid, Kind, Rule};

pub const NAME: Field = Field::new("Název služby", "Service name");
pub const PROVIDER: Field = Field::new("Poskytovatel", "Provider");
pub const TYPE: Field = Field::new("Druh služby (§)", "Type of service (§)");
pub const IDENTIFIER: Field = Field::new("Identifikátor služby", "Service identifier");
pub const FORMS: Field = Field::new("Forma", "Form");
pub const TARGET_GROUPS: Field = Field::new("Cílové skupiny", "Target groups");
pub const REGIONS: Field = Field::new("Územní působnost (ORP)", "Territory (ORPs)");
pub const MUNICIPALITIES: Field = Field::new("Obce", "Municipalities");
pub const PLACES: Field = Field::new("Místo poskytování", "Place of provision");
pub const CAPACITY: Field = Field::new("Kapacita", "Capacity");
pub const HOURS: Field = Field::new("Provozní doba", "Opening hours");
pub const CONTACT_PERSON: Field = Field::new("Kontaktní osoba", "Contact person");
pub const PHONE: Field = Field::new("Telefon", "Phone");
pub const EMAIL: Field = Field::new("E-mail", "E-mail");
pub const WEB: Field = Field::new("Web", "Web");
pub const VALID: Field = Field::new("Platnost od–do", "Valid from–until");
pub const NOTE: Field = Field::new("Poznámka", "Note");

labelled_enum! {
    /// What a capacity is counted in.
    pub enum CapacityUnit {
        Beds => ("lůžka", "beds"),
        Clients => ("klienti", "clients"),
        Interventions => ("intervence", "interventions"),
        Hours => ("hodiny", "hours"),
    }
}

impl CapacityUnit {
    /// The unit's word forms: one, two to four, five and more (Czech), one, more
    /// (English).
    pub fn forms(self) -> [&'static str; 5] {
        match self {
            CapacityUnit::Beds => ["lůžko", "lůžka", "lůžek", "bed", "beds"],
            CapacityUnit::Clients => ["klient", "klienti", "klientů", "client", "clients"],
            CapacityUnit::Interventions => [
                "intervence",
                "intervence",
                "intervencí",
                "intervention",
                "interventions",
            ],
            CapacityUnit::Hours => ["hodina", "hodiny", "hodin", "hour", "hours"],
        }
    }

    /// "15 klientů", "2 lůžka", "1 hodina".
    pub fn count(self, n: u64, lang: crate::model::Lang) -> String {
        lang.count(usize::try_from(n).unwrap_or(usize::MAX), self.forms())
    }

    /// The units the law's practice counts a form in: pobytová in beds; ambulantní and
    /// terénní in clients, interventions or hours.
    pub fn fits(self, form: ServiceForm) -> bool {
        match form {
            ServiceForm::Residential => self == CapacityUnit::Beds,
            ServiceForm::Outpatient | ServiceForm::Outreach => self != CapacityUnit::Beds,
        }
    }
}

/// How much of a service one form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    pub form: ServiceForm,
    pub amount: u32,
    pub unit: CapacityUnit,
    /// Clients at one time (*okamžitá kapacita*) rather than per year.
    #[serde(default)]
    pub immediate: bool,
}

/// What a capacity figure counts: its unit, and for clients whether at one time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CapacityMeasure {
    pub unit: CapacityUnit,
    pub immediate: bool,
}

impl CapacityMeasure {
    pub fn label(self, lang: crate::model::Lang) -> String {
        use crate::model::Labelled;
        match self.immediate {
            true => format!(
                "{} ({})",
                self.unit.label(lang),
                lang.pick("okamžitá kapacita", "at one time")
            ),
            false => self.unit.label(lang).to_string(),
        }
    }
}

impl Capacity {
    pub fn measure(&self) -> CapacityMeasure {
        CapacityMeasure {
            unit: self.unit,
            immediate: self.immediate,
        }
    }
}

/// A social service (registered under zákon č. 108/2006 Sb.) or a related, non-registered
/// one (*návazná služba*, e.g. a self-help group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Service {
    pub id: Id,
    pub name: String,
    /// The organisation that provides it.
    pub provider: Id,
    /// False for a návazná služba: then it has no § type and no identifier.
    pub registered: bool,
    pub service_type: Option<ServiceType>,
    /// The service's identifier in the public registry of providers: 7 digits.
    pub identifier: String,
    pub forms: Vec<ServiceForm>,
    pub target_groups: Vec<TargetGroup>,
    /// The ORPs it serves.
    pub regions: Vec<Id>,
    /// The municipalities it serves, by name.
    pub municipalities: Vec<String>,
    /// Where it is provided.
    pub places: Vec<Address>,
    pub capacities: Vec<Capacity>,
    pub hours: String,
    pub contact_person: Option<Id>,
    pub phone: String,
    pub email: String,
    pub web: String,
    /// In the kraj's network of services (síť sociálních služeb).
    pub in_network: bool,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub note: String,
}

impl Default for Service {
    fn default() -> Self {
        Service {
            id: 0,
            name: String::new(),
            provider: 0,
            registered: true,
            service_type: None,
            identifier: String::new(),
            forms: Vec::new(),
            target_groups: Vec::new(),
            regions: Vec::new(),
            municipalities: Vec::new(),
            places: Vec::new(),
            capacities: Vec::new(),
            hours: String::new(),
            contact_person: None,
            phone: String::new(),
            email: String::new(),
            web: String::new(),
            in_network: false,
            valid_from: None,
            valid_until: None,
            note: String::new(),
        }
    }
}

/// The registry identifier's shape: exactly seven digits.
pub fn identifier_shape(value: &str) -> bool {
    value.len() == 7 && value.bytes().all(|b| b.is_ascii_digit())
}

impl Service {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.required(NAME, &self.name);
        if self.provider == 0 {
            c.push(PROVIDER, Rule::Required);
        }
        if self.registered {
            if self.service_type.is_none() {
                c.push(TYPE, Rule::Required);
            }
            if !self.identifier.is_empty() && !identifier_shape(&self.identifier) {
                c.push(IDENTIFIER, Rule::ServiceIdentifier);
            }
        } else {
            if self.service_type.is_some() {
                c.push(TYPE, Rule::NotForRelatedService);
            }
            if !self.identifier.is_empty() {
                c.push(IDENTIFIER, Rule::NotForRelatedService);
            }
            if self.in_network {
                c.push(
                    Field::new("V síti", "In the network"),
                    Rule::NotForRelatedService,
                );
            }
        }
        c.unique(FORMS, &self.forms);
        if let Some(kind) = self.service_type
            && self.forms.iter().any(|f| !kind.forms().contains(f))
        {
            c.push(FORMS, Rule::FormOfType);
        }
        c.unique(TARGET_GROUPS, &self.target_groups);
        c.unique(REGIONS, &self.regions);
        c.unique(MUNICIPALITIES, &self.municipalities);
        for m in &self.municipalities {
            c.required(MUNICIPALITIES, m);
        }
        for place in &self.places {
            c.line(PLACES, &place.street);
            c.psc(PLACES, &place.psc);
            c.line(PLACES, &place.city);
        }
        for cap in &self.capacities {
            let immediate_fits = !cap.immediate || cap.unit == CapacityUnit::Clients;
            if !cap.unit.fits(cap.form) || !immediate_fits {
                c.push(CAPACITY, Rule::CapacityUnit);
            }
            if !self.forms.contains(&cap.form) {
                c.push(CAPACITY, Rule::CapacityForm);
            }
        }
        let measures: Vec<(ServiceForm, CapacityMeasure)> = self
            .capacities
            .iter()
            .map(|cap| (cap.form, cap.measure()))
            .collect();
        c.unique(CAPACITY, &measures);
        c.line(HOURS, &self.hours);
        c.phone(PHONE, &self.phone);
        c.email(EMAIL, &self.email);
        c.url(WEB, &self.web);
        c.period(VALID, self.valid_from, self.valid_until);
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Organisation, self.provider)];
        out.extend(self.regions.iter().map(|&id| (Kind::Region, id)));
        out.extend(self.contact_person.map(|id| (Kind::Person, id)));
        out
    }

    /// Whether the service runs on `date`.
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date)
            && self.valid_until.is_none_or(|until| date <= until)
    }

    /// The capacity of one form in one measure, summed.
    pub fn capacity_of(&self, form: ServiceForm, measure: CapacityMeasure) -> u32 {
        self.capacities
            .iter()
            .filter(|c| c.form == form && c.measure() == measure)
            .map(|c| c.amount)
            .sum()
    }
}

impl ServiceType {
    /// The forms the law allows the type to be provided in (§§ 37–70).
    pub fn forms(self) -> &'static [ServiceForm] {
        use ServiceForm::{Outpatient as A, Outreach as T, Residential as P};
        use ServiceType::*;
        match self {
            ProfessionalCounselling => &[A, T],
            PersonalAssistance => &[T],
            HomeCare => &[T, A],
            EmergencyCare => &[T],
            GuideAndReading => &[T, A],
            IndependentLivingSupport => &[T],
            Respite => &[T, A, P],
            DayServiceCentres | DayCareCentres => &[A],
            WeeklyCareCentres | HomesForDisabled | HomesForSeniors | SpecialRegimeHomes => &[P],
            ShelteredHousing | InpatientHealthCare => &[P],
            EarlyIntervention => &[T, A],
            CrisisHelpline => &[T],
            Interpreting => &[T, A],
            Shelters | HalfwayHouses => &[P],
            ContactCentres => &[A, T],
            CrisisHelp | InterventionCentres => &[T, A, P],
            LowThresholdDayCentres | LowThresholdYouthFacilities => &[A, T],
            NightShelters => &[A],
            FollowUpCare => &[A, P],
            ActivationFamilies | ActivationSeniorsDisabled => &[T, A],
            TherapeuticWorkshops => &[A],
            TherapeuticCommunities => &[P],
            OutreachProgrammes => &[T],
            SocialRehabilitation => &[T, A, P],
        }
    }

    /// The type named by its Czech name or its paragraph: "§ 40", "40", "pečovatelská
    /// služba", "§ 40 pečovatelská služba" (case and diacritics ignored).
    pub fn parse(text: &str) -> Option<ServiceType> {
        use crate::model::Labelled;
        use crate::model::text::fold;
        let folded = fold(text.trim());
        let bare = folded
            .trim_start_matches('§')
            .trim_start_matches("par.")
            .trim();
        ServiceType::ALL.iter().copied().find(|t| {
            let label = fold(t.label_cs());
            let name = label
                .split_once(' ')
                .and_then(|(_, rest)| rest.split_once(' '))
                .map(|(_, name)| name)
                .unwrap_or("");
            bare == t.paragraph() || folded == label || folded == name
        })
    }

    /// The Czech name without the paragraph: "pečovatelská služba".
    pub fn name_cs(self) -> &'static str {
        use crate::model::Labelled;
        let label = self.label_cs();
        label
            .split_once(' ')
            .and_then(|(_, rest)| rest.split_once(' '))
            .map(|(_, name)| name)
            .unwrap_or(label)
    }
}

labelled_enum! {
    /// Whether a service is registered under the law or a related one (návazná služba).
    pub enum Registration {
        Registered => ("registrovaná sociální služba", "registered social service"),
        Related => ("návazná služba", "related service"),
    }
}

labelled_enum! {
    /// Whether a service is in the kraj's network of services.
    pub enum Network {
        Outside => ("mimo síť kraje", "outside the kraj's network"),
        Inside => ("v síti kraje", "in the kraj's network"),
    }
}

impl Capacity {
    /// The capacity as a line a clerk reads and types: "terénní: 12 klientů, okamžitá
    /// kapacita".
    pub fn to_line(&self) -> String {
        use crate::model::Labelled;
        let mut line = format!(
            "{}: {}",
            self.form.label_cs(),
            self.unit
                .count(u64::from(self.amount), crate::model::Lang::Cs)
        );
        if self.immediate {
            line.push_str(", okamžitá kapacita");
        }
        line
    }

    /// "15 klientů (okamžitá kapacita)", "60 lůžek": the amount in words for a reader.
    pub fn amount_text(&self, lang: crate::model::Lang) -> String {
        let amount = self.unit.count(u64::from(self.amount), lang);
        match self.immediate {
            true => format!(
                "{amount} ({})",
                lang.pick("okamžitá kapacita", "at one time")
            ),
            false => amount,
        }
    }

    /// Reads [`Capacity::to_line`]'s shape back: case and diacritics ignored, the unit
    /// in any of its forms ("1 lůžko", "60 lůžek"), "okamžitá kapacita" or "okamžitě"
    /// at the end for clients at one time.
    pub fn parse_line(line: &str) -> Option<Capacity> {
        use crate::model::Labelled;
        use crate::model::text::fold;
        let folded = fold(line).replace(',', " ");
        let (form, rest) = folded.split_once(':')?;
        let form = ServiceForm::ALL
            .iter()
            .copied()
            .find(|f| fold(f.label_cs()) == form.trim())?;
        let mut words = rest.split_whitespace();
        let amount: u32 = words.next()?.parse().ok()?;
        let unit_word = words.next()?;
        let unit = CapacityUnit::ALL
            .iter()
            .copied()
            .find(|u| u.forms().iter().any(|w| fold(w) == unit_word))?;
        let rest: Vec<&str> = words.collect();
        let immediate = match rest.as_slice() {
            [] => false,
            ["okamzita", "kapacita"] | ["okamzite"] => true,
            _ => return None,
        };
        Some(Capacity {
            form,
            amount,
            unit,
            immediate,
        })
    }
}

/// A place as one line: "Street 1, 392 01 Town".
pub fn place_line(a: &Address) -> String {
    let town = format!("{} {}", a.psc.trim(), a.city.trim());
    [a.street.trim(), town.trim()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads [`place_line`]'s shape back: the part after the last comma is the town, with
/// the postcode first when it starts with digits.
pub fn parse_place(line: &str) -> Address {
    let (street, town) = match line.rsplit_once(',') {
        Some((street, town)) => (street.trim(), town.trim()),
        None => ("", line.trim()),
    };
    let digits: String = town
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .collect();
    let psc_len = digits.trim_end().len();
    let (psc, city) = match digits.chars().filter(char::is_ascii_digit).count() {
        5 => (town[..psc_len].trim(), town[psc_len..].trim()),
        _ => ("", town),
    };
    Address {
        street: street.to_string(),
        psc: psc.to_string(),
        city: city.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labelled;

    fn home_care() -> Service {
        Service {
            name: "Pečovatelská služba Soběslav".into(),
            provider: 1,
            service_type: Some(ServiceType::HomeCare),
            identifier: "1234567".into(),
            forms: vec![ServiceForm::Outreach],
            capacities: vec![Capacity {
                form: ServiceForm::Outreach,
                amount: 12,
                unit: CapacityUnit::Clients,
                immediate: true,
            }],
            ..Service::default()
        }
    }

    fn rules(s: &Service) -> Vec<(Field, Rule)> {
        s.problems()
            .into_iter()
            .map(|p| (p.field, p.rule))
            .collect()
    }

    #[test]
    fn a_well_formed_service_passes() {
        assert_eq!(rules(&home_care()), vec![]);
    }

    #[test]
    fn identifier_is_seven_digits() {
        for bad in ["123456", "12345678", "12a4567", "123 4567"] {
            let s = Service {
                identifier: bad.into(),
                ..home_care()
            };
            assert_eq!(
                rules(&s),
                vec![(IDENTIFIER, Rule::ServiceIdentifier)],
                "{bad}"
            );
        }
        assert!(identifier_shape("0000001"));
    }

    #[test]
    fn capacity_unit_follows_the_form() {
        let beds_outreach = Service {
            capacities: vec![Capacity {
                form: ServiceForm::Outreach,
                amount: 3,
                unit: CapacityUnit::Beds,
                immediate: false,
            }],
            ..home_care()
        };
        assert_eq!(rules(&beds_outreach), vec![(CAPACITY, Rule::CapacityUnit)]);
        let home = Service {
            service_type: Some(ServiceType::HomesForSeniors),
            forms: vec![ServiceForm::Residential],
            capacities: vec![Capacity {
                form: ServiceForm::Residential,
                amount: 60,
                unit: CapacityUnit::Hours,
                immediate: false,
            }],
            ..home_care()
        };
        assert_eq!(rules(&home), vec![(CAPACITY, Rule::CapacityUnit)]);
        let immediate_hours = Service {
            capacities: vec![Capacity {
                form: ServiceForm::Outreach,
                amount: 3,
                unit: CapacityUnit::Hours,
                immediate: true,
            }],
            ..home_care()
        };
        assert_eq!(
            rules(&immediate_hours),
            vec![(CAPACITY, Rule::CapacityUnit)]
        );
        let other_form = Service {
            capacities: vec![Capacity {
                form: ServiceForm::Outpatient,
                amount: 3,
                unit: CapacityUnit::Clients,
                immediate: false,
            }],
            ..home_care()
        };
        assert_eq!(rules(&other_form), vec![(CAPACITY, Rule::CapacityForm)]);
        for unit in CapacityUnit::ALL {
            assert_eq!(
                unit.fits(ServiceForm::Residential),
                *unit == CapacityUnit::Beds
            );
            assert_eq!(
                unit.fits(ServiceForm::Outreach),
                *unit != CapacityUnit::Beds
            );
        }
    }

    #[test]
    fn type_decides_the_forms_and_the_category() {
        let wrong = Service {
            service_type: Some(ServiceType::HomesForSeniors),
            ..home_care()
        };
        assert!(rules(&wrong).contains(&(FORMS, Rule::FormOfType)));
        assert_eq!(
            ServiceType::HomesForSeniors.category(),
            crate::model::ServiceCategory::Care
        );
        assert_eq!(
            ServiceType::OutreachProgrammes.category(),
            crate::model::ServiceCategory::Prevention
        );
        for t in ServiceType::ALL {
            assert!(!t.forms().is_empty(), "{t:?}");
        }
    }

    #[test]
    fn a_related_service_has_no_type_nor_identifier() {
        let group = Service {
            name: "Svépomocná skupina".into(),
            provider: 1,
            registered: false,
            ..Service::default()
        };
        assert_eq!(rules(&group), vec![]);
        let typed = Service {
            service_type: Some(ServiceType::HomeCare),
            identifier: "1234567".into(),
            ..group.clone()
        };
        assert_eq!(
            rules(&typed),
            vec![
                (TYPE, Rule::NotForRelatedService),
                (IDENTIFIER, Rule::NotForRelatedService)
            ]
        );
        let untyped = Service {
            service_type: None,
            ..home_care()
        };
        assert_eq!(rules(&untyped), vec![(TYPE, Rule::Required)]);
    }

    #[test]
    fn types_parse_from_paragraph_or_name() {
        assert_eq!(ServiceType::parse("§ 40"), Some(ServiceType::HomeCare));
        assert_eq!(ServiceType::parse("40"), Some(ServiceType::HomeCare));
        assert_eq!(
            ServiceType::parse("§60a"),
            Some(ServiceType::InterventionCentres)
        );
        assert_eq!(
            ServiceType::parse("Pecovatelska sluzba"),
            Some(ServiceType::HomeCare)
        );
        assert_eq!(
            ServiceType::parse("§ 49 domovy pro seniory"),
            Some(ServiceType::HomesForSeniors)
        );
        assert_eq!(ServiceType::parse("§ 38"), None);
        assert_eq!(ServiceType::HomeCare.name_cs(), "pečovatelská služba");
        for t in ServiceType::ALL {
            assert_eq!(ServiceType::parse(t.label_cs()), Some(*t));
            assert_eq!(ServiceType::parse(t.name_cs()), Some(*t));
        }
    }

    #[test]
    fn capacity_and_place_lines_round_trip() {
        let cap = Capacity {
            form: ServiceForm::Outreach,
            amount: 12,
            unit: CapacityUnit::Clients,
            immediate: true,
        };
        assert_eq!(cap.to_line(), "terénní: 12 klientů, okamžitá kapacita");
        assert_eq!(Capacity::parse_line(&cap.to_line()), Some(cap));
        assert_eq!(
            Capacity::parse_line("terénní: 12 klienti okamžitě"),
            Some(cap)
        );
        assert_eq!(
            Capacity::parse_line("Pobytova: 60 luzek").map(|c| c.unit),
            Some(CapacityUnit::Beds)
        );
        assert_eq!(
            cap.amount_text(crate::model::Lang::Cs),
            "12 klientů (okamžitá kapacita)"
        );
        assert_eq!(
            CapacityUnit::Beds.count(2, crate::model::Lang::Cs),
            "2 lůžka"
        );
        assert_eq!(
            CapacityUnit::Hours.count(1, crate::model::Lang::Cs),
            "1 hodina"
        );
        assert_eq!(
            CapacityUnit::Interventions.count(5, crate::model::Lang::Cs),
            "5 intervencí"
        );
        assert_eq!(Capacity::parse_line("pobytová 60 lůžka"), None);
        assert_eq!(Capacity::parse_line("pobytová: šedesát lůžka"), None);
        let a = Address {
            street: "Na Pražské 123".into(),
            psc: "392 01".into(),
            city: "Soběslav".into(),
        };
        assert_eq!(place_line(&a), "Na Pražské 123, 392 01 Soběslav");
        assert_eq!(parse_place(&place_line(&a)), a);
        assert_eq!(parse_place("Soběslav").city, "Soběslav");
    }

    #[test]
    fn validity_and_capacity_sums() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let s = Service {
            valid_from: Some(d(2019, 1, 1)),
            valid_until: Some(d(2020, 12, 31)),
            ..home_care()
        };
        assert!(!s.valid_on(d(2018, 12, 31)));
        assert!(s.valid_on(d(2019, 1, 1)) && s.valid_on(d(2020, 12, 31)));
        assert!(!s.valid_on(d(2021, 1, 1)));
        let clients = CapacityMeasure {
            unit: CapacityUnit::Clients,
            immediate: true,
        };
        assert_eq!(s.capacity_of(ServiceForm::Outreach, clients), 12);
        assert_eq!(s.capacity_of(ServiceForm::Outpatient, clients), 0);
    }
}
