//! The sample register holds the facts of the five seed pages (Písek, Strakonice, Soběslav,
//! Český Krumlov, Milevsko) and the 17 ORPs of Jihočeský kraj.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use kpss::model::{
    Document, DocumentState, Group, GroupKind, Id, Kraj, Meeting, MeetingKind, MeetingState,
    MemberRole, OutputState, Programme, Project, Region, Register, Represents,
};
use kpss::sample::sample_register;

fn register() -> Register {
    sample_register().unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dates(list: &[&str]) -> Vec<NaiveDate> {
    list.iter().map(|s| date(s)).collect()
}

fn region<'a>(r: &'a Register, name: &str) -> &'a Region {
    let found: Vec<&Region> = r.regions.iter().filter(|x| x.name == name).collect();
    assert_eq!(found.len(), 1, "region {name}");
    found[0]
}

fn project<'a>(r: &'a Register, name: &str) -> &'a Project {
    let found: Vec<&Project> = r.projects.iter().filter(|x| x.name == name).collect();
    assert_eq!(found.len(), 1, "project {name}");
    found[0]
}

fn group<'a>(r: &'a Register, name: &str) -> &'a Group {
    let found: Vec<&Group> = r.groups.iter().filter(|x| x.name == name).collect();
    assert_eq!(found.len(), 1, "group {name}");
    found[0]
}

fn document<'a>(r: &'a Register, title: &str) -> &'a Document {
    let found: Vec<&Document> = r.documents.iter().filter(|x| x.title == title).collect();
    assert_eq!(found.len(), 1, "document {title}");
    found[0]
}

fn organisation_name(r: &Register, id: Option<Id>) -> &str {
    let id = id.expect("an organisation");
    let org = r.organisations.iter().find(|o| o.id == id).unwrap();
    &org.name
}

/// The dates of a group's meetings, in order.
fn meeting_dates(r: &Register, group: Id) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = r
        .meetings
        .iter()
        .filter(|m| m.group == Some(group))
        .map(|m| m.date)
        .collect();
    out.sort();
    out
}

fn soběslav_meetings(r: &Register) -> Vec<&Meeting> {
    let soběslav = region(r, "Soběslav").id;
    r.meetings.iter().filter(|m| m.region == soběslav).collect()
}

const ORPS: [&str; 17] = [
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

#[test]
fn the_17_orps_of_jihočeský_kraj() {
    let r = register();
    assert_eq!(r.regions.len(), 17);
    let mut names: Vec<&str> = r.regions.iter().map(|x| x.name.as_str()).collect();
    names.sort();
    let mut expected = ORPS.to_vec();
    expected.sort();
    assert_eq!(names, expected);
    assert!(r.regions.iter().all(|x| x.kraj == Some(Kraj::Jihocesky)));
    assert_eq!(kpss::model::JIHOCESKY_ORPS.len(), 17);
    for name in kpss::model::JIHOCESKY_ORPS {
        region(&r, name);
    }
}

#[test]
fn municipality_counts() {
    let r = register();
    assert_eq!(region(&r, "Milevsko").municipality_count, Some(26));
    assert_eq!(region(&r, "Písek").municipality_count, Some(49));
}

#[test]
fn the_five_described_orps_have_partner_town_and_history() {
    let r = register();
    for (name, town) in [
        ("Písek", "Město Písek"),
        ("Strakonice", "Město Strakonice"),
        ("Soběslav", "Město Soběslav"),
        ("Český Krumlov", "Město Český Krumlov"),
        ("Milevsko", "Město Milevsko"),
    ] {
        let orp = region(&r, name);
        assert_eq!(organisation_name(&r, orp.partner_town), town);
        assert!(!orp.timeline.is_empty() || !orp.note.is_empty(), "{name}");
    }
    let implementer = |name| organisation_name(&r, region(&r, name).implementer);
    assert_eq!(implementer("Písek"), "SOS Šumavsko, z. ú.");
    assert_eq!(implementer("Strakonice"), "SOS Šumavsko, z. ú.");
    assert!(implementer("Soběslav").contains("CpKP jižní Čechy"));
    assert_eq!(implementer("Český Krumlov"), "Jihočeská rozvojová o.p.s.");

    let písek = region(&r, "Písek");
    assert!(
        písek
            .links
            .contains(&"http://www.sossumavsko.cz/planovani-socialnich-sluzeb/pisek".to_string())
    );
    assert!(
        region(&r, "Strakonice")
            .links
            .contains(&"http://www.strakonice.eu/kpss".to_string())
    );
    assert_eq!(písek.contacts.len(), 2);
    assert_eq!(region(&r, "Soběslav").contacts.len(), 2);

    let milevsko: Vec<(i32, Option<i32>)> = region(&r, "Milevsko")
        .timeline
        .iter()
        .map(|m| (m.from, m.to))
        .collect();
    assert_eq!(
        milevsko,
        [
            (2000, None),
            (2004, None),
            (2013, Some(2015)),
            (2015, Some(2016)),
            (2017, None),
            (2018, Some(2019)),
        ]
    );
    assert!(region(&r, "Milevsko").timeline[0].text.contains("MOLSA"));
    assert_eq!(region(&r, "Strakonice").timeline[0].from, 2011);
}

#[test]
fn the_address_with_two_postcodes_is_kept_as_the_pages_give_it() {
    let r = register();
    let sos = r
        .organisations
        .iter()
        .find(|o| o.name == "SOS Šumavsko, z. ú.")
        .unwrap();
    assert_eq!(sos.address.street, "Archiváře Teplého 102");
    assert_eq!(sos.address.psc, "387 06");
    assert_eq!(sos.address.city, "Malenice");
    assert!(sos.note.contains("887 06"));
    assert!(r.organisations.iter().all(|o| o.ico.is_empty()));
}

#[test]
fn písek_projects() {
    let r = register();
    let p = project(
        &r,
        "Komunitní plánování rozvoje sociálních služeb pro ORP Písek",
    );
    assert_eq!(p.registration_number, "CZ.03.2.63/0.0/0.0/16_063/0006529");
    assert_eq!(p.programme, Some(Programme::Opz));
    assert_eq!(p.start, Some(date("2018-03-01")));
    assert_eq!(p.region, region(&r, "Písek").id);
    assert_eq!(organisation_name(&r, p.recipient), "SOS Šumavsko, z. ú.");
    assert_eq!(organisation_name(&r, p.partner), "Město Písek");
    assert!(p.goals.len() >= 4);

    let kraj = r
        .projects
        .iter()
        .find(|p| p.registration_number == "CZ.03.2.63/0.0/0.0/15_007/0003792")
        .unwrap();
    assert_eq!(kraj.programme, Some(Programme::KrajContract));
    assert!(
        kraj.name
            .contains("Plánování sociálních služeb v Jihočeském kraji II.")
    );
    assert!(kraj.description.contains("listopadu 2017"));
}

#[test]
fn strakonice_project() {
    let r = register();
    let p = project(
        &r,
        "Komunitní plánování sociálních služeb pro ORP Strakonice",
    );
    assert_eq!(p.registration_number, "CZ.03.2.63/0.0/0.0/16_063/0006526");
    assert_eq!(p.programme, Some(Programme::Opz));
    assert_eq!(p.goals.len(), 3);
}

#[test]
fn soběslav_project() {
    let r = register();
    let p = project(
        &r,
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    assert_eq!(p.registration_number, "CZ.03.2.63/0.0/0.0/16_063/0006568");
    assert_eq!(p.programme, Some(Programme::Opz));
    assert_eq!(
        (p.start, p.end),
        (Some(date("2017-11-01")), Some(date("2019-04-30")))
    );
    assert!(organisation_name(&r, p.recipient).contains("CpKP jižní Čechy"));
    assert_eq!(organisation_name(&r, p.partner), "Město Soběslav");
    assert_eq!(p.goals.len(), 3);
    assert_eq!(p.activities.len(), 5);
    assert_eq!(p.outputs.len(), 2);
    assert_eq!(p.outputs[0].state, OutputState::Done);
    assert_eq!(p.outputs[1].state, OutputState::InProgress);
    let ap = document(
        &r,
        "Akční plán rozvoje sociálních služeb ORP Soběslav na rok 2019",
    );
    assert_eq!(p.outputs[0].document, Some(ap.id));
    assert_eq!(ap.project, Some(p.id));
    assert_eq!((ap.year_from, ap.year_to), (Some(2019), None));
    assert!(ap.note.contains("2019 – 2021") || ap.note.contains("2019–2021"));
}

#[test]
fn český_krumlov_project_is_op_lzz() {
    let r = register();
    let p = project(
        &r,
        "Komunitní plánování sociálních služeb na území obce s rozšířenou působností Český Krumlov",
    );
    assert_eq!(p.registration_number, "CZ.1.04/3.1.03/65.00031");
    assert_eq!(p.programme, Some(Programme::OpLzz));
    assert!(
        p.programme_detail
            .contains("Podpora procesů plánování sociálních služeb")
    );
    assert_eq!(
        organisation_name(&r, p.recipient),
        "Jihočeská rozvojová o.p.s."
    );
    assert_eq!(organisation_name(&r, p.partner), "Město Český Krumlov");
    assert_eq!(p.goals.len(), 1);
    assert_eq!(p.activities.len(), 2);
    assert_eq!(p.outputs.len(), 2);
    assert!(
        p.description
            .starts_with("Projekt je zaměřen na zpracování plánu rozvoje sociálních služeb")
    );
}

#[test]
fn milevsko_project_runs_two_years_from_january_2018() {
    let r = register();
    let p = project(
        &r,
        "Pokračování komunitního plánování sociálních služeb ORP Milevsko",
    );
    assert_eq!(
        (p.start, p.end),
        (Some(date("2018-01-01")), Some(date("2019-12-31")))
    );
    assert_eq!(p.outputs.len(), 2);
    assert_eq!(p.region, region(&r, "Milevsko").id);
}

#[test]
fn documents_per_region() {
    let r = register();
    let count = |name| {
        let id = region(&r, name).id;
        r.documents.iter().filter(|d| d.region == id).count()
    };
    assert_eq!(count("Písek"), 5);
    assert_eq!(count("Strakonice"), 4);
    assert_eq!(count("Soběslav"), 11);
    assert_eq!(count("Milevsko"), 2);
    assert_eq!(count("Český Krumlov"), 1);
    let sprss = document(
        &r,
        "Střednědobý plán rozvoje sociálních služeb pro ORP Strakonice na roky 2020–2022",
    );
    assert_eq!(sprss.period_label(), "2020–2022");
    let milevsko_2004 = document(&r, "Komunitní plán sociálních služeb regionu Milevsko");
    assert_eq!(milevsko_2004.state, Some(DocumentState::Archived));
    let terén = document(
        &r,
        "Průzkum potřebnosti terénních služeb na území ORP Soběslav",
    );
    assert_eq!(terén.state, Some(DocumentState::InPreparation));
}

#[test]
fn soběslav_steering_group_met_seven_times() {
    let r = register();
    let rs = group(&r, "Řídící skupina KPSS ORP Soběslav");
    assert_eq!(rs.short_name, "ŘS Soběslav");
    assert_eq!(rs.kind, Some(GroupKind::Steering));
    assert_eq!(
        meeting_dates(&r, rs.id),
        dates(&[
            "2017-12-04",
            "2018-01-10",
            "2018-03-19",
            "2018-09-05",
            "2018-12-17",
            "2019-01-21",
            "2019-04-01",
        ])
    );
    for m in r.meetings.iter().filter(|m| m.group == Some(rs.id)) {
        assert_eq!(m.kind, MeetingKind::Steering);
        assert_eq!(m.state, MeetingState::Held);
        assert_eq!(m.attendance.len(), 7);
        assert!(m.start.is_none() && m.place.is_empty());
    }
}

#[test]
fn soběslav_steering_group_has_its_seven_members() {
    let r = register();
    let rs = group(&r, "Řídící skupina KPSS ORP Soběslav");
    let members: Vec<_> = r.memberships.iter().filter(|m| m.group == rs.id).collect();
    assert_eq!(members.len(), 7);
    let mut orgs: Vec<&str> = members
        .iter()
        .filter_map(|m| m.organisation)
        .map(|id| organisation_name(&r, Some(id)))
        .collect();
    orgs.sort();
    assert_eq!(
        orgs,
        [
            "Město Soběslav",
            "Městský úřad Soběslav",
            "Městský úřad Soběslav",
            "Městský úřad Veselí nad Lužnicí",
            "Senior – dům Soběslav",
            "TEP, centrum sociálních služeb",
        ]
    );
    let users: Vec<_> = members
        .iter()
        .filter(|m| m.represents == Some(Represents::User))
        .collect();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].organisation, None);
    assert!(members.iter().all(|m| m.role.is_some()));
    assert!(members.iter().any(|m| m.role == Some(MemberRole::Chair)));
}

#[test]
fn four_soběslav_working_groups_with_five_meetings_each() {
    let r = register();
    let soběslav = region(&r, "Soběslav").id;
    let working: Vec<&Group> = r
        .groups
        .iter()
        .filter(|g| g.region == soběslav && g.kind == Some(GroupKind::Working))
        .collect();
    assert_eq!(working.len(), 4);
    let expected: BTreeMap<&str, Vec<NaiveDate>> = [
        (
            "Pracovní skupina Podpora seniorů a osob se zdravotním postižením",
            dates(&[
                "2018-04-03",
                "2018-05-15",
                "2018-06-05",
                "2018-07-17",
                "2018-12-04",
            ]),
        ),
        (
            "Pracovní skupina Podpora rodin, dětí a mládeže",
            dates(&[
                "2018-04-09",
                "2018-05-21",
                "2018-06-18",
                "2018-07-23",
                "2018-12-03",
            ]),
        ),
        (
            "Pracovní skupina Podpora ostatních skupin ohrožených sociálním vyloučením",
            dates(&[
                "2018-04-19",
                "2018-05-17",
                "2018-06-14",
                "2018-07-19",
                "2018-12-04",
            ]),
        ),
        (
            "Pracovní skupina Podpora osob ohrožených sociálním vyloučením Veselí nad Lužnicí",
            dates(&[
                "2018-04-04",
                "2018-05-21",
                "2018-06-18",
                "2018-07-23",
                "2018-12-10",
            ]),
        ),
    ]
    .into_iter()
    .collect();
    for g in working {
        assert!(g.target_group.is_some(), "{}", g.name);
        assert!(!g.short_name.is_empty(), "{}", g.name);
        let want = expected
            .get(g.name.as_str())
            .unwrap_or_else(|| panic!("unexpected group {}", g.name));
        assert_eq!(&meeting_dates(&r, g.id), want, "{}", g.name);
        for m in r.meetings.iter().filter(|m| m.group == Some(g.id)) {
            assert_eq!(m.kind, MeetingKind::Working);
            assert_eq!(m.state, MeetingState::Held);
            assert!(m.start.is_none() && m.place.is_empty(), "no invented times");
        }
    }
    // "17. července" has no year on the page: the note says it was completed.
    let july = r
        .meetings
        .iter()
        .find(|m| m.date == date("2018-07-17"))
        .unwrap();
    assert!(!july.note.is_empty());
}

#[test]
fn december_2018_in_soběslav_has_five_meetings() {
    let r = register();
    let mut december: Vec<NaiveDate> = soběslav_meetings(&r)
        .iter()
        .map(|m| m.date)
        .filter(|d| (date("2018-12-01")..=date("2018-12-31")).contains(d))
        .collect();
    december.sort();
    assert_eq!(
        december,
        dates(&[
            "2018-12-03",
            "2018-12-04",
            "2018-12-04",
            "2018-12-10",
            "2018-12-17",
        ])
    );
}

#[test]
fn days_on_which_two_groups_met_in_2018() {
    let r = register();
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for m in soběslav_meetings(&r) {
        if m.group.is_some() {
            *per_day.entry(m.date).or_default() += 1;
        }
    }
    let doubles: Vec<NaiveDate> = per_day
        .into_iter()
        .filter(|&(_, n)| n == 2)
        .map(|(d, _)| d)
        .collect();
    assert_eq!(
        doubles,
        dates(&["2018-05-21", "2018-06-18", "2018-07-23", "2018-12-04"])
    );
}

#[test]
fn public_meetings_with_their_places() {
    let r = register();
    let public: Vec<&Meeting> = r
        .meetings
        .iter()
        .filter(|m| m.kind == MeetingKind::Public)
        .collect();
    assert_eq!(public.len(), 2);
    assert!(public.iter().all(|m| m.group.is_none()));
    let veselí = public
        .iter()
        .find(|m| m.date == date("2017-12-14"))
        .unwrap();
    assert_eq!(veselí.title, "Veřejné setkání ve Veselí nad Lužnicí");
    assert_eq!(
        veselí.place,
        "TEP, centrum sociálních služeb, Veselí nad Lužnicí"
    );
    let soběslav = public
        .iter()
        .find(|m| m.date == date("2018-01-10"))
        .unwrap();
    assert_eq!(soběslav.title, "Veřejné setkání v Soběslavi");
    assert_eq!(soběslav.place, "Senior – dům Soběslav");
}

/// The providers the Soběslav page names have their services, each marked as an example
/// (the pages give no figures), with no invented identifier or contact, and every
/// service serves Soběslav.
#[test]
fn the_named_providers_have_example_services() {
    let r = register();
    let provider = |name: &str| {
        r.organisations
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .id
    };
    let senior = provider("Senior – dům Soběslav");
    let tep = provider("TEP, centrum sociálních služeb");
    let of = |id: Id| r.services.iter().filter(|s| s.provider == id).count();
    assert_eq!((of(senior), of(tep)), (2, 3));
    assert_eq!(r.services.len(), 5);
    let soběslav = region(&r, "Soběslav").id;
    for s in &r.services {
        assert!(s.note.starts_with("Ukázkový záznam"), "{}", s.name);
        assert!(s.identifier.is_empty() && s.phone.is_empty() && s.email.is_empty());
        assert_eq!(s.regions, vec![soběslav], "{}", s.name);
        assert!(s.problems().is_empty(), "{}: {:?}", s.name, s.problems());
    }
    assert_eq!(r.services.iter().filter(|s| !s.registered).count(), 1);
}
