//! Kinds and states the register uses besides the official lists: programmes, kinds of
//! organisation, document, group and meeting, roles and states.

use crate::labelled_enum;

labelled_enum! {
    /// The funding programme of a project.
    pub enum Programme {
        Opz => ("OPZ – Operační program Zaměstnanost (ESF)", "OPZ – Operational Programme Employment (ESF)"),
        OpLzz => ("OP LZZ – Operační program Lidské zdroje a zaměstnanost", "OP LZZ – Operational Programme Human Resources and Employment"),
        StateBudget => ("státní rozpočet", "state budget"),
        KrajContract => ("zakázka kraje", "regional (kraj) contract"),
        KrajGrant => ("grantový program kraje", "regional (kraj) grant programme"),
        Municipal => ("rozpočet obce", "municipal budget"),
        Other => ("jiné financování", "other funding"),
    }
}

labelled_enum! {
    /// What kind of body an organisation is.
    pub enum OrgKind {
        Town => ("město / obec", "town / municipality"),
        TownOffice => ("městský úřad / odbor", "town office / department"),
        Kraj => ("kraj", "region (kraj)"),
        Provider => ("poskytovatel sociálních služeb", "social service provider"),
        Implementer => ("realizátor", "implementing organisation"),
        LocalActionGroup => ("místní akční skupina (MAS)", "local action group (LAG)"),
        Other => ("jiná organizace", "other organisation"),
    }
}

labelled_enum! {
    /// The kind of a planning document.
    pub enum DocumentKind {
        CommunityPlan => ("komunitní plán (KP)", "community plan"),
        MediumTermPlan => ("střednědobý plán rozvoje sociálních služeb (SPRSS)", "medium-term plan for social services"),
        ActionPlan => ("akční plán (AP)", "action plan"),
        ProviderCatalogue => ("katalog poskytovatelů", "catalogue of providers"),
        Statute => ("statut", "statute"),
        RulesOfProcedure => ("jednací řád", "rules of procedure"),
        Methodology => ("metodika", "methodology"),
        SociodemographicAnalysis => ("sociodemografická analýza", "socio-demographic analysis"),
        ServiceAnalysis => ("analýza zajištění služeb", "analysis of service provision"),
        Survey => ("anketa / průzkum", "survey"),
        SurveyResults => ("výsledky ankety / průzkumu", "survey results"),
        Strategy => ("strategický plán", "strategic plan"),
        Evaluation => ("evaluace", "evaluation"),
        Other => ("jiný dokument", "other document"),
    }
}

labelled_enum! {
    /// Where a document stands.
    pub enum DocumentState {
        InPreparation => ("v přípravě", "in preparation"),
        Approved => ("schváleno", "approved"),
        InForce => ("platné", "in force"),
        Archived => ("archiv", "archived"),
    }
}

labelled_enum! {
    /// Where a project output stands.
    pub enum OutputState {
        Planned => ("plánováno", "planned"),
        InProgress => ("rozpracováno", "in progress"),
        Done => ("hotovo", "done"),
        Dropped => ("nerealizováno", "dropped"),
    }
}

labelled_enum! {
    /// The kind of a planning group.
    pub enum GroupKind {
        Steering => ("řídící skupina (ŘS)", "steering group"),
        Working => ("pracovní skupina (PS)", "working group"),
        ImplementationTeam => ("realizační tým", "implementation team"),
        Other => ("jiná skupina", "other group"),
    }
}

labelled_enum! {
    /// A member's role in a group.
    pub enum MemberRole {
        Chair => ("předseda", "chair"),
        Coordinator => ("koordinátor", "coordinator"),
        Member => ("člen", "member"),
        Recorder => ("zapisovatel", "recorder"),
    }
}

labelled_enum! {
    /// Whom a member represents in the planning triangle.
    pub enum Represents {
        Commissioner => ("zadavatel", "commissioner"),
        Provider => ("poskytovatel", "provider"),
        User => ("uživatel", "service user"),
        Public => ("veřejnost", "public"),
    }
}

labelled_enum! {
    /// The kind of a meeting.
    pub enum MeetingKind {
        Steering => ("jednání řídící skupiny", "steering group meeting"),
        Working => ("jednání pracovní skupiny", "working group meeting"),
        Public => ("veřejné setkání", "public meeting"),
        RoundTable => ("kulatý stůl", "round table"),
        TargetGroup => ("setkání s cílovou skupinou", "meeting with a target group"),
        Other => ("jiné setkání", "other meeting"),
    }
}

labelled_enum! {
    /// Where a meeting stands.
    pub enum MeetingState {
        Planned => ("plánováno", "planned"),
        Held => ("proběhlo", "held"),
        Cancelled => ("zrušeno", "cancelled"),
    }
}

labelled_enum! {
    /// A person's attendance at a meeting.
    pub enum Presence {
        Present => ("přítomen", "present"),
        Excused => ("omluven", "excused"),
        Absent => ("nepřítomen", "absent"),
    }
}

labelled_enum! {
    /// How a person is addressed, which also decides the gender of the words that speak
    /// about them ("přítomna, členka"). Unknown until a clerk gives it.
    #[derive(Default)]
    pub enum Salutation {
        #[default]
        Unknown => ("neuvedeno", "not given"),
        Mr => ("pan", "Mr"),
        Ms => ("paní", "Ms"),
    }
}
