//! The official lists: forms, categories and types of social services under zákon
//! č. 108/2006 Sb., typical target groups, the kraje and the ORPs of Jihočeský kraj.

use crate::labelled_enum;

labelled_enum! {
    /// The form in which a service is provided (§ 33).
    pub enum ServiceForm {
        Residential => ("pobytová", "residential"),
        Outpatient => ("ambulantní", "outpatient"),
        Outreach => ("terénní", "outreach (field)"),
    }
}

labelled_enum! {
    /// The category of a social service (§ 32).
    pub enum ServiceCategory {
        Counselling => ("sociální poradenství", "social counselling"),
        Care => ("služby sociální péče", "social care services"),
        Prevention => ("služby sociální prevence", "social prevention services"),
    }
}

labelled_enum! {
    /// The type of a registered social service, by its paragraph of the law.
    pub enum ServiceType {
        ProfessionalCounselling => ("§ 37 odborné sociální poradenství", "§ 37 professional social counselling"),
        PersonalAssistance => ("§ 39 osobní asistence", "§ 39 personal assistance"),
        HomeCare => ("§ 40 pečovatelská služba", "§ 40 home care service"),
        EmergencyCare => ("§ 41 tísňová péče", "§ 41 emergency alarm care"),
        GuideAndReading => ("§ 42 průvodcovské a předčitatelské služby", "§ 42 guide and reading services"),
        IndependentLivingSupport => ("§ 43 podpora samostatného bydlení", "§ 43 support for independent living"),
        Respite => ("§ 44 odlehčovací služby", "§ 44 respite care"),
        DayServiceCentres => ("§ 45 centra denních služeb", "§ 45 day service centres"),
        DayCareCentres => ("§ 46 denní stacionáře", "§ 46 day care centres"),
        WeeklyCareCentres => ("§ 47 týdenní stacionáře", "§ 47 weekly care centres"),
        HomesForDisabled => ("§ 48 domovy pro osoby se zdravotním postižením", "§ 48 homes for people with disabilities"),
        HomesForSeniors => ("§ 49 domovy pro seniory", "§ 49 homes for the elderly"),
        SpecialRegimeHomes => ("§ 50 domovy se zvláštním režimem", "§ 50 homes with a special regime"),
        ShelteredHousing => ("§ 51 chráněné bydlení", "§ 51 sheltered housing"),
        InpatientHealthCare => ("§ 52 sociální služby poskytované ve zdravotnických zařízeních lůžkové péče", "§ 52 social services in inpatient health care facilities"),
        EarlyIntervention => ("§ 54 raná péče", "§ 54 early intervention"),
        CrisisHelpline => ("§ 55 telefonická krizová pomoc", "§ 55 telephone crisis help"),
        Interpreting => ("§ 56 tlumočnické služby", "§ 56 interpreting services"),
        Shelters => ("§ 57 azylové domy", "§ 57 shelters"),
        HalfwayHouses => ("§ 58 domy na půl cesty", "§ 58 halfway houses"),
        ContactCentres => ("§ 59 kontaktní centra", "§ 59 contact centres"),
        CrisisHelp => ("§ 60 krizová pomoc", "§ 60 crisis help"),
        InterventionCentres => ("§ 60a intervenční centra", "§ 60a intervention centres"),
        LowThresholdDayCentres => ("§ 61 nízkoprahová denní centra", "§ 61 low-threshold day centres"),
        LowThresholdYouthFacilities => ("§ 62 nízkoprahová zařízení pro děti a mládež", "§ 62 low-threshold facilities for children and youth"),
        NightShelters => ("§ 63 noclehárny", "§ 63 night shelters"),
        FollowUpCare => ("§ 64 služby následné péče", "§ 64 follow-up care services"),
        ActivationFamilies => ("§ 65 sociálně aktivizační služby pro rodiny s dětmi", "§ 65 social activation services for families with children"),
        ActivationSeniorsDisabled => ("§ 66 sociálně aktivizační služby pro seniory a osoby se zdravotním postižením", "§ 66 social activation services for seniors and people with disabilities"),
        TherapeuticWorkshops => ("§ 67 sociálně terapeutické dílny", "§ 67 social therapy workshops"),
        TherapeuticCommunities => ("§ 68 terapeutické komunity", "§ 68 therapeutic communities"),
        OutreachProgrammes => ("§ 69 terénní programy", "§ 69 outreach programmes"),
        SocialRehabilitation => ("§ 70 sociální rehabilitace", "§ 70 social rehabilitation"),
    }
}

impl ServiceType {
    /// The paragraph of zákon č. 108/2006 Sb. that defines the type (`"37"`, `"60a"`).
    pub fn paragraph(self) -> &'static str {
        use crate::model::lang::Labelled;
        // The label always starts "§ <paragraph> ", so the paragraph is kept in one place.
        let label = self.label_cs();
        let rest = label.strip_prefix("§ ").unwrap_or(label);
        rest.split(' ').next().unwrap_or(rest)
    }

    /// The category the law puts the type in: § 37 counselling, §§ 39–52 care,
    /// §§ 54–70 prevention.
    pub fn category(self) -> ServiceCategory {
        let number: u32 = self
            .paragraph()
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap_or(0);
        match number {
            ..=37 => ServiceCategory::Counselling,
            38..=52 => ServiceCategory::Care,
            _ => ServiceCategory::Prevention,
        }
    }
}

labelled_enum! {
    /// A target group, usually the subject of one working group.
    pub enum TargetGroup {
        Seniors => ("senioři", "seniors"),
        Disabled => ("osoby se zdravotním postižením", "people with disabilities"),
        FamiliesChildrenYouth => ("rodiny s dětmi, děti a mládež", "families with children, children and youth"),
        SocialExclusion => ("osoby ohrožené sociálním vyloučením", "people at risk of social exclusion"),
        Addiction => ("osoby ohrožené závislostí", "people at risk of addiction"),
        Homeless => ("osoby bez přístřeší", "homeless people"),
        EthnicMinorities => ("etnické menšiny", "ethnic minorities"),
        Other => ("jiná cílová skupina", "other target group"),
    }
}

labelled_enum! {
    /// A Czech region (kraj), the level above the ORP.
    pub enum Kraj {
        Praha => ("Hlavní město Praha", "Capital City of Prague"),
        Stredocesky => ("Středočeský kraj", "Central Bohemian Region"),
        Jihocesky => ("Jihočeský kraj", "South Bohemian Region"),
        Plzensky => ("Plzeňský kraj", "Plzeň Region"),
        Karlovarsky => ("Karlovarský kraj", "Karlovy Vary Region"),
        Ustecky => ("Ústecký kraj", "Ústí nad Labem Region"),
        Liberecky => ("Liberecký kraj", "Liberec Region"),
        Kralovehradecky => ("Královéhradecký kraj", "Hradec Králové Region"),
        Pardubicky => ("Pardubický kraj", "Pardubice Region"),
        Vysocina => ("Kraj Vysočina", "Vysočina Region"),
        Jihomoravsky => ("Jihomoravský kraj", "South Moravian Region"),
        Olomoucky => ("Olomoucký kraj", "Olomouc Region"),
        Zlinsky => ("Zlínský kraj", "Zlín Region"),
        Moravskoslezsky => ("Moravskoslezský kraj", "Moravian-Silesian Region"),
    }
}

/// The 17 ORPs of Jihočeský kraj, in Czech alphabetical order.
pub const JIHOCESKY_ORPS: [&str; 17] = [
    "Blatná",
    "České Budějovice",
    "Český Krumlov",
    "Dačice",
    "Jindřichův Hradec",
    "Kaplice",
    "Milevsko",
    "Písek",
    "Prachatice",
    "Soběslav",
    "Strakonice",
    "Tábor",
    "Trhové Sviny",
    "Třeboň",
    "Týn nad Vltavou",
    "Vimperk",
    "Vodňany",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::{Labelled, Lang};
    use std::collections::HashSet;

    fn labels_are_unique<T: Labelled>() {
        for lang in [Lang::Cs, Lang::En] {
            let labels: Vec<&str> = T::ALL.iter().map(|v| v.label(lang)).collect();
            assert!(labels.iter().all(|l| !l.trim().is_empty()));
            let set: HashSet<&str> = labels.iter().copied().collect();
            assert_eq!(set.len(), labels.len(), "{labels:?}");
        }
    }

    fn serde_round_trips<T>()
    where
        T: Labelled + std::fmt::Debug + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
    {
        let mut names = HashSet::new();
        for &v in T::ALL {
            let json = serde_json::to_string(&v).unwrap();
            assert!(names.insert(json.clone()), "{json}");
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
        }
    }

    #[test]
    fn counts() {
        // DOMAIN.md lists 33 types: § 37, §§ 39–52, §§ 54–60, § 60a, §§ 61–70.
        assert_eq!(ServiceType::ALL.len(), 33);
        assert_eq!(ServiceForm::ALL.len(), 3);
        assert_eq!(ServiceCategory::ALL.len(), 3);
        assert_eq!(TargetGroup::ALL.len(), 8);
        assert_eq!(Kraj::ALL.len(), 14);
        assert_eq!(JIHOCESKY_ORPS.len(), 17);
        let orps: HashSet<&str> = JIHOCESKY_ORPS.iter().copied().collect();
        assert_eq!(orps.len(), 17);
    }

    #[test]
    fn labels_non_empty_and_unique() {
        labels_are_unique::<ServiceForm>();
        labels_are_unique::<ServiceCategory>();
        labels_are_unique::<ServiceType>();
        labels_are_unique::<TargetGroup>();
        labels_are_unique::<Kraj>();
    }

    #[test]
    fn serde_round_trip_of_every_value() {
        serde_round_trips::<ServiceForm>();
        serde_round_trips::<ServiceCategory>();
        serde_round_trips::<ServiceType>();
        serde_round_trips::<TargetGroup>();
        serde_round_trips::<Kraj>();
        assert_eq!(
            serde_json::to_string(&Kraj::Jihocesky).unwrap(),
            "\"jihocesky\""
        );
    }

    #[test]
    fn paragraphs_and_categories() {
        assert_eq!(ServiceType::ProfessionalCounselling.paragraph(), "37");
        assert_eq!(ServiceType::InterventionCentres.paragraph(), "60a");
        assert_eq!(ServiceType::SocialRehabilitation.paragraph(), "70");
        let paragraphs: HashSet<&str> = ServiceType::ALL.iter().map(|t| t.paragraph()).collect();
        assert_eq!(paragraphs.len(), 33);
        let count = |c| {
            ServiceType::ALL
                .iter()
                .filter(|t| t.category() == c)
                .count()
        };
        assert_eq!(count(ServiceCategory::Counselling), 1);
        assert_eq!(count(ServiceCategory::Care), 14);
        assert_eq!(count(ServiceCategory::Prevention), 18);
        assert_eq!(
            ServiceType::InpatientHealthCare.category(),
            ServiceCategory::Care
        );
        assert_eq!(
            ServiceType::EarlyIntervention.category(),
            ServiceCategory::Prevention
        );
        assert_eq!(
            ServiceType::InterventionCentres.category(),
            ServiceCategory::Prevention
        );
        for t in ServiceType::ALL {
            assert!(t.label_cs().starts_with(&format!("§ {} ", t.paragraph())));
            assert!(t.label_en().starts_with(&format!("§ {} ", t.paragraph())));
        }
    }
}
