//! The detail pane's content for each kind of record, on a small register of Soběslav.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use kpss::app::Theme;
use kpss::app::detail::{self, Detail};
use kpss::model::{Kind, Lang, Record, RecordRef, Versioned};
use kpss::store::{EmbeddedStore, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 6, 1).unwrap()
}

/// Soběslav as the seed page describes it, with invented people.
const REGISTER: &str = r#"{
  "format": "kpss-register", "version": 1,
  "regions": [
    {"id": 1, "name": "Soběslav", "kraj": "jihocesky", "municipality_count": 22,
     "partner_town": 2, "implementer": 1, "contacts": [1, 3],
     "links": ["https://www.example.cz/kpss-sobeslav"],
     "timeline": [
       {"from": 2012, "to": 2013, "text": "předchozí proces plánování"},
       {"from": 2017, "to": 2019, "text": "Pokračování komunitního plánování"}
     ]},
    {"id": 2, "name": "Milevsko", "kraj": "jihocesky", "municipality_count": 26,
     "municipalities": ["Milevsko", "Bernartice", "Bílá Hlína", "Božetice", "Branice",
       "Dobšice", "Hrazany", "Chyšky", "Jetětice", "Kovářov", "Kostelec nad Vltavou",
       "Kučeř", "Květov", "Lašovice", "Veselíčko", "Zbelítov"]}
  ],
  "organisations": [
    {"id": 1, "name": "CpKP jižní Čechy", "kind": "implementer", "ico": "71066063",
     "address": {"street": "Krajinská 39", "psc": "370 01", "city": "České Budějovice"},
     "web": "https://jiznicechy.example.cz", "email": "info@example.cz", "region": 1},
    {"id": 2, "name": "Město Soběslav", "kind": "town", "ico": "00252646", "region": 1},
    {"id": 3, "name": "Městský úřad Soběslav", "kind": "town_office", "region": 1},
    {"id": 4, "name": "Senior – dům Soběslav", "kind": "provider", "region": 1,
     "services": [{"kind": "homes_for_seniors", "form": "residential"},
                  {"kind": "home_care", "form": "outreach"}]},
    {"id": 5, "name": "TEP, centrum sociálních služeb", "kind": "provider", "region": 1}
  ],
  "people": [
    {"id": 1, "title_before": "Bc.", "first_name": "Daniel", "last_name": "Rybář",
     "function": "koordinátor projektu", "organisation": 1,
     "phone": "777 000 101", "email": "rybar@example.cz"},
    {"id": 2, "title_before": "Mgr.", "first_name": "Vladimír", "last_name": "Dvořák",
     "function": "místostarosta", "organisation": 2},
    {"id": 3, "first_name": "Jana", "last_name": "Horáková",
     "function": "Odbor sociálně zdravotní", "organisation": 3,
     "phone": "381 000 134", "email": "horakova@example.cz"},
    {"id": 4, "title_before": "Ing.", "first_name": "Radek", "last_name": "Beneš",
     "organisation": 3},
    {"id": 5, "title_before": "Ing.", "first_name": "Petr", "last_name": "Kolář"},
    {"id": 6, "title_before": "Ing.", "first_name": "Zina", "last_name": "Pokorná",
     "function": "ředitelka", "organisation": 4},
    {"id": 7, "title_before": "Mgr.", "first_name": "Jan", "last_name": "Veselý",
     "organisation": 5},
    {"id": 8, "first_name": "Miloš", "last_name": "Svoboda",
     "note": "zástupce uživatelů sociálních služeb"}
  ],
  "projects": [
    {"id": 1, "name": "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
     "region": 1, "registration_number": "CZ.03.2.63/0.0/0.0/16_063/0006568",
     "programme": "opz", "recipient": 1, "partner": 2,
     "start": "2017-11-01", "end": "2019-04-30",
     "goals": ["udržet a rozvíjet místní partnerství",
               "vypracovat akční plán sociálních služeb na rok 2019",
               "vypracovat aktuální střednědobý plán na roky 2020–2022"],
     "activities": ["zajištění koordinace procesu plánování"],
     "outputs": [
       {"title": "Akční plán rozvoje sociálních služeb pro rok 2019", "document": 1,
        "due": "2018-12-31", "state": "in_progress"},
       {"title": "Střednědobý plán rozvoje soc. služeb 2020–2022",
        "due": "2019-04-30", "state": "planned"}
     ]}
  ],
  "documents": [
    {"id": 1, "title": "Akční plán sociálních služeb ORP Soběslav na rok 2019", "region": 1,
     "kind": "action_plan", "project": 1, "year_from": 2019, "state": "in_preparation"},
    {"id": 2, "title": "Statut komunitního plánování sociálních služeb ORP Soběslav",
     "region": 1, "kind": "statute", "year_from": 2018, "state": "in_force",
     "approved_on": "2018-01-10", "approved_by": "Řídící skupina KPSS ORP Soběslav"}
  ],
  "groups": [
    {"id": 1, "name": "Řídící skupina KPSS ORP Soběslav", "short_name": "ŘS Soběslav",
     "region": 1, "project": 1, "kind": "steering"},
    {"id": 2, "name": "Pracovní skupina Podpora seniorů a osob se zdravotním postižením",
     "short_name": "PS Senioři a OZP", "region": 1, "project": 1, "kind": "working",
     "target_group": "seniors"}
  ],
  "memberships": [
    {"id": 1, "group": 1, "person": 2, "role": "chair", "represents": "commissioner", "organisation": 2},
    {"id": 2, "group": 1, "person": 4, "role": "member", "represents": "commissioner", "organisation": 3},
    {"id": 3, "group": 1, "person": 3, "role": "recorder", "represents": "commissioner", "organisation": 3},
    {"id": 4, "group": 1, "person": 5, "role": "member", "represents": "commissioner"},
    {"id": 5, "group": 1, "person": 6, "role": "member", "represents": "provider", "organisation": 4},
    {"id": 6, "group": 1, "person": 7, "role": "member", "represents": "provider", "organisation": 5},
    {"id": 7, "group": 1, "person": 8, "role": "member", "represents": "user",
     "since": "2017-12-04"}
  ],
  "meetings": [
    {"id": 1, "region": 1, "group": 1, "kind": "steering", "date": "2017-12-04",
     "start": "16:00:00", "end": "18:00:00", "place": "MěÚ Soběslav", "state": "held",
     "attendance": [
       {"person": 2, "presence": "present"}, {"person": 3, "presence": "present"},
       {"person": 4, "presence": "present"}, {"person": 5, "presence": "excused"},
       {"person": 6, "presence": "present"}, {"person": 7, "presence": "present"},
       {"person": 8, "presence": "present"}],
     "guests": ["Daniel Rybář (CpKP)"],
     "agenda": "1. Zahájení\n2. Představení projektu\n3. Harmonogram"},
    {"id": 2, "region": 1, "group": 1, "kind": "steering", "date": "2018-01-10",
     "start": "16:00:00", "state": "held",
     "attendance": [
       {"person": 2, "presence": "present"}, {"person": 3, "presence": "present"},
       {"person": 4, "presence": "excused"}, {"person": 8, "presence": "absent"}]},
    {"id": 3, "region": 1, "group": 1, "kind": "steering", "date": "2019-04-01", "state": "planned"},
    {"id": 4, "region": 1, "group": 1, "kind": "steering", "date": "2018-03-19", "state": "held"},
    {"id": 5, "region": 1, "group": 1, "kind": "steering", "date": "2018-09-05", "state": "planned"},
    {"id": 6, "region": 1, "group": 1, "kind": "steering", "date": "2018-12-17", "state": "planned"},
    {"id": 7, "region": 1, "group": 1, "kind": "steering", "date": "2019-01-21", "state": "planned"},
    {"id": 8, "region": 1, "kind": "public", "title": "Veřejné setkání ve Veselí nad Lužnicí",
     "date": "2017-12-14", "place": "TEP, centrum sociálních služeb, Veselí nad Lužnicí",
     "state": "held"},
    {"id": 9, "region": 1, "group": 2, "kind": "working", "date": "2018-04-03", "state": "held"},
    {"id": 10, "region": 1, "group": 2, "kind": "working", "date": "2018-05-15", "state": "held"},
    {"id": 11, "region": 1, "group": 2, "kind": "working", "date": "2018-06-05", "state": "planned"},
    {"id": 12, "region": 1, "group": 2, "kind": "working", "date": "2018-07-17", "state": "planned"},
    {"id": 13, "region": 1, "group": 2, "kind": "working", "date": "2018-12-04", "state": "planned"}
  ]
}"#;

fn store() -> EmbeddedStore {
    let register = kpss::interchange::read(REGISTER).unwrap();
    let store = EmbeddedStore::temporary("test").unwrap();
    store.import(&register).unwrap();
    store
}

/// The stored record of `kind` whose title contains `title`.
fn find(store: &EmbeddedStore, kind: Kind, title: &str) -> Versioned<Record> {
    let mut found: Vec<_> = store
        .list(kind)
        .unwrap()
        .into_iter()
        .filter(|v| match &v.record {
            Record::Group(g) => g.label() == title || g.name.contains(title),
            r => r.title().contains(title),
        })
        .collect();
    assert_eq!(found.len(), 1, "{kind:?} {title}");
    found.remove(0)
}

fn build(store: &EmbeddedStore, stored: &Versioned<Record>, lang: Lang) -> Detail {
    detail::build(store, stored, lang, today(), &Theme::sixteen_colours()).unwrap()
}

/// The detail as text: lines joined with newlines, spans concatenated.
fn text(detail: &Detail) -> String {
    detail
        .lines
        .iter()
        .map(|line| {
            line.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of the line each link stands on, with its target.
fn links(detail: &Detail) -> Vec<(String, RecordRef)> {
    let lines: Vec<String> = text(detail).lines().map(str::to_string).collect();
    detail
        .links
        .iter()
        .map(|l| (lines[l.line].clone(), l.target))
        .collect()
}

#[test]
fn steering_group_numbers_its_seven_meetings_in_date_order() {
    let store = store();
    let group = find(&store, Kind::Group, "ŘS Soběslav");
    let detail = build(&store, &group, Lang::Cs);
    let shown = text(&detail);
    assert!(shown.contains("Jednání (7)"), "{shown}");
    let expected = [
        ("1. jednání", "4. 12. 2017", 1),
        ("2. jednání", "10. 1. 2018", 2),
        ("3. jednání", "19. 3. 2018", 4),
        ("4. jednání", "5. 9. 2018", 5),
        ("5. jednání", "17. 12. 2018", 6),
        ("6. jednání", "21. 1. 2019", 7),
        ("7. jednání", "1. 4. 2019", 3),
    ];
    let meeting_links: Vec<_> = links(&detail)
        .into_iter()
        .filter(|(_, t)| t.kind == Kind::Meeting)
        .collect();
    assert_eq!(meeting_links.len(), 7);
    for ((line, target), (number, date, id)) in meeting_links.iter().zip(expected) {
        assert!(line.starts_with(number), "{line}");
        assert!(line.contains(date), "{line} {date}");
        assert_eq!(*target, RecordRef::new(Kind::Meeting, id), "{line}");
    }
    assert!(
        shown.contains("1. jednání  4. 12. 2017   proběhlo   přítomno 6/7"),
        "{shown}"
    );
    // Seven members, the chair first, each linked to the person.
    assert!(shown.contains("Členové (7)"));
    let people: Vec<_> = links(&detail)
        .into_iter()
        .filter(|(_, t)| t.kind == Kind::Person)
        .collect();
    assert_eq!(people.len(), 7);
    assert!(
        people[0]
            .0
            .starts_with("Mgr. Vladimír Dvořák – předseda, zadavatel, Město Soběslav")
    );
}

#[test]
fn project_shows_registration_goals_and_progress() {
    let store = store();
    let project = find(&store, Kind::Project, "ORP Soběslav");
    let shown = text(&build(&store, &project, Lang::Cs));
    assert!(shown.contains("Registrační číslo: CZ.03.2.63/0.0/0.0/16_063/0006568"));
    assert!(shown.contains("Doba realizace: 1. 11. 2017 – 30. 4. 2019"));
    // 212 of 545 days on 1. 6. 2018.
    assert!(shown.contains("Uplynulo: [####------] 39 %"), "{shown}");
    let goals: Vec<&str> = shown
        .split("\nCíle\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("• "))
        .collect();
    assert_eq!(goals.len(), 3, "{shown}");
    assert_eq!(goals[0], "• udržet a rozvíjet místní partnerství");
}

#[test]
fn a_finished_project_has_run_its_full_course() {
    let store = store();
    let project = find(&store, Kind::Project, "ORP Soběslav");
    let later = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let detail =
        detail::build(&store, &project, Lang::Cs, later, &Theme::sixteen_colours()).unwrap();
    assert!(text(&detail).contains("Uplynulo: [##########] 100 % – ukončen"));
}

#[test]
fn meeting_shows_its_number_and_counts() {
    let store = store();
    let meeting = store
        .get(RecordRef::new(Kind::Meeting, 1))
        .unwrap()
        .unwrap();
    let detail = build(&store, &meeting, Lang::Cs);
    let shown = text(&detail);
    assert!(shown.starts_with("1. jednání ŘS Soběslav\n"), "{shown}");
    assert!(shown.contains("Datum: 4. prosince 2017, pondělí"));
    assert!(shown.contains("Docházka: přítomno 6 · omluveno 1 · nepřítomno 0 · hosté 1"));
    let attendees = links(&detail)
        .into_iter()
        .filter(|(_, t)| t.kind == Kind::Person)
        .count();
    assert_eq!(attendees, 7);
    // The meeting stored third is the last by date: its number comes from the date.
    let last = store
        .get(RecordRef::new(Kind::Meeting, 3))
        .unwrap()
        .unwrap();
    assert!(text(&build(&store, &last, Lang::Cs)).starts_with("7. jednání ŘS Soběslav\n"));
}

#[test]
fn region_lists_its_next_five_meetings() {
    let store = store();
    let region = find(&store, Kind::Region, "Soběslav");
    let shown = text(&build(&store, &region, Lang::Cs));
    let next: Vec<&str> = shown
        .split("\nNejbližší jednání\n")
        .nth(1)
        .unwrap()
        .lines()
        .collect();
    assert_eq!(next[0], "5. 6. 2018    PS Senioři a OZP – 3. jednání");
    assert_eq!(next[2], "5. 9. 2018    ŘS Soběslav – 4. jednání");
    assert_eq!(next[5], "… a další v kalendáři");
    // A region with no meetings says so.
    let milevsko = find(&store, Kind::Region, "Milevsko");
    let shown = text(&build(&store, &milevsko, Lang::Cs));
    assert!(shown.contains("žádné naplánované"), "{shown}");
    assert!(!shown.contains("Poslední jednání"), "{shown}");
    // Once every meeting is past, the last three held are shown, latest first.
    let later = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let shown = text(&detail::build(&store, &region, Lang::Cs, later, &Theme::plain()).unwrap());
    let last: Vec<&str> = shown
        .split("\nPoslední jednání\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|line| !line.is_empty())
        .collect();
    assert_eq!(last.len(), 3, "{shown}");
    assert!(last[0].ends_with("7. jednání"), "{shown}");
    // Under them, the meetings per month of the year up to the latest one.
    assert!(
        shown.contains("Jednání po měsících (5/2018 – 4/2019)"),
        "{shown}"
    );
    let months = shown.lines().last().unwrap();
    assert_eq!(months.split_whitespace().count(), 12, "{shown}");
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let store = store();
    let evil = "Projekt \u{1b}[2J\u{1b}]0;title\u{7}\u{202e}obráceně";
    let project = Versioned {
        rev: 1,
        record: Record::Project(kpss::model::Project {
            id: 99,
            name: evil.into(),
            region: 1,
            registration_number: evil.into(),
            goals: vec![evil.into()],
            description: format!("{evil}\n{evil}"),
            web: evil.into(),
            ..Default::default()
        }),
    };
    let detail = build(&store, &project, Lang::Cs);
    for line in &detail.lines {
        for span in &line.spans {
            assert!(
                !span
                    .content
                    .chars()
                    .any(|c| c.is_control() || c == '\u{202e}'),
                "{:?}",
                span.content
            );
        }
    }
    assert!(text(&detail).contains("Projekt �[2J"));
}

#[test]
fn english_labels_with_lang_en() {
    let store = store();
    let project = find(&store, Kind::Project, "ORP Soběslav");
    let shown = text(&build(&store, &project, Lang::En));
    assert!(shown.contains("Registration number: CZ.03.2.63"));
    assert!(shown.contains("Funding: OPZ – Operational Programme Employment (ESF)"));
    assert!(shown.contains("Elapsed: [####------] 39 %"));
    assert!(!shown.contains("Cíle"));
    let group = find(&store, Kind::Group, "ŘS Soběslav");
    let shown = text(&build(&store, &group, Lang::En));
    assert!(
        shown.contains("meeting 1  4. 12. 2017   held       present 6/7"),
        "{shown}"
    );
    assert!(shown.contains("Members (7)"));
    let meeting = store
        .get(RecordRef::new(Kind::Meeting, 1))
        .unwrap()
        .unwrap();
    let shown = text(&build(&store, &meeting, Lang::En));
    assert!(shown.starts_with("Meeting 1 of ŘS Soběslav\n"), "{shown}");
    assert!(shown.contains("Date: 4 December 2017, Monday"));
}

#[test]
fn every_link_stands_on_a_linked_line_and_leads_to_a_record() {
    let store = store();
    let theme = Theme::sixteen_colours();
    for kind in Kind::ALL {
        for stored in store.list(kind).unwrap() {
            for lang in [Lang::Cs, Lang::En] {
                let detail = detail::build(&store, &stored, lang, today(), &theme).unwrap();
                for link in &detail.links {
                    let line = &detail.lines[link.line];
                    assert!(
                        line.spans.iter().any(|s| s.style == theme.link),
                        "{kind:?} {}: line {} {line:?}",
                        stored.record.id(),
                        link.line
                    );
                    assert!(
                        store.get(link.target).unwrap().is_some(),
                        "{:?}",
                        link.target
                    );
                }
                let mut lines: Vec<usize> = detail.links.iter().map(|l| l.line).collect();
                lines.dedup();
                assert_eq!(lines.len(), detail.links.len(), "one link a line, in order");
            }
        }
    }
}

/// One record of each kind (and an English one), as the clerk sees it on 1. 6. 2018.
#[test]
fn snapshots_of_each_kind() {
    let store = store();
    let meeting = |id| RecordRef::new(Kind::Meeting, id);
    let cases = [
        ("region", Kind::Region, "Soběslav", None, Lang::Cs),
        (
            "region_with_municipalities",
            Kind::Region,
            "Milevsko",
            None,
            Lang::Cs,
        ),
        ("project", Kind::Project, "ORP Soběslav", None, Lang::Cs),
        (
            "english_project",
            Kind::Project,
            "ORP Soběslav",
            None,
            Lang::En,
        ),
        ("group", Kind::Group, "ŘS Soběslav", None, Lang::Cs),
        ("meeting", Kind::Meeting, "", Some(meeting(1)), Lang::Cs),
        (
            "public_meeting",
            Kind::Meeting,
            "Veřejné setkání",
            None,
            Lang::Cs,
        ),
        ("organisation", Kind::Organisation, "CpKP", None, Lang::Cs),
        ("person", Kind::Person, "Horáková", None, Lang::Cs),
        ("document", Kind::Document, "Statut", None, Lang::Cs),
        (
            "membership",
            Kind::Membership,
            "",
            Some(RecordRef::new(Kind::Membership, 1)),
            Lang::Cs,
        ),
    ];
    for (name, kind, title, by_id, lang) in cases {
        let stored = match by_id {
            Some(r) => store.get(r).unwrap().unwrap(),
            None => find(&store, kind, title),
        };
        insta::assert_snapshot!(name, text(&build(&store, &stored, lang)));
    }
}
