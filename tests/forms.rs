//! Forms driven by keys, as a clerk fills them in, and snapshots of every kind of form at
//! 80×24.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use kpss::app::form::{DraftValue, FieldKey, Form, FormDraft, FormOutcome, NewContext};
use kpss::app::{Keymap, Theme};
use kpss::model::{Kind, Lang, Presence, Record, Versioned};
use kpss::store::{EmbeddedStore, Store};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Color;
use ratatui::{Terminal, backend::TestBackend};

/// Soběslav as the seed page describes it, with invented people (the same small register
/// as `tests/detail.rs`): the forms' snapshots do not move when the sample register grows.
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

fn sample_store() -> EmbeddedStore {
    let store = EmbeddedStore::temporary("test").unwrap();
    store
        .import(&kpss::sample::sample_register().unwrap())
        .unwrap();
    store
}

/// The one stored record of `kind` whose title contains `title`.
fn find(store: &dyn Store, kind: Kind, title: &str) -> Versioned<Record> {
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

/// The first meeting of the steering group, 4. 12. 2017.
fn first_meeting(store: &dyn Store) -> Versioned<Record> {
    store
        .get(kpss::model::RecordRef::new(Kind::Meeting, 1))
        .unwrap()
        .unwrap()
}

fn key(form: &mut Form, store: &dyn Store, code: KeyCode) -> FormOutcome {
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    form.handle_key(event, &Keymap::defaults(), store)
}

fn ctrl(form: &mut Form, store: &dyn Store, c: char) -> FormOutcome {
    let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    form.handle_key(event, &Keymap::defaults(), store)
}

fn typed(form: &mut Form, store: &dyn Store, text: &str) {
    for c in text.chars() {
        key(form, store, KeyCode::Char(c));
    }
}

fn tabs(form: &mut Form, store: &dyn Store, n: usize) {
    for _ in 0..n {
        key(form, store, KeyCode::Tab);
    }
}

/// The form drawn as the app draws it at 80×24, as lines of text.
fn screen(form: &Form) -> String {
    screen_at(form, 80, 24)
}

fn screen_at(form: &Form, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            let area = Rect::new(2, 2, width.saturating_sub(4), height.saturating_sub(4));
            form.render(frame, area, &Theme::sixteen_colours(), Lang::Cs);
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Where `text` begins on the screen.
fn find_text(buffer: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut columns = Vec::new();
        for x in 0..buffer.area.width {
            columns.push((line.len(), x));
            line.push_str(buffer[(x, y)].symbol());
        }
        if let Some(at) = line.find(text) {
            let x = columns
                .iter()
                .rev()
                .find(|(byte, _)| *byte <= at)
                .unwrap()
                .1;
            return (x, y);
        }
    }
    panic!("{text} is not on the screen");
}

fn saved(outcome: FormOutcome) -> (Option<u64>, Record, Option<Vec<kpss::model::Membership>>) {
    match outcome {
        FormOutcome::Save {
            rev,
            record,
            members,
        } => (rev, record, members),
        other => panic!("not saved: {other:?}"),
    }
}

#[test]
fn a_project_with_two_goals_is_made_with_keys() {
    let store = sample_store();
    let soběslav = find(&store, Kind::Region, "Soběslav");
    let mut form = Form::new(Kind::Project, &NewContext::default(), &store, Lang::Cs).unwrap();
    assert_eq!(form.title(), "Nový projekt");
    typed(&mut form, &store, "Plánování sociálních služeb");
    tabs(&mut form, &store, 1);
    key(&mut form, &store, KeyCode::Enter);
    typed(&mut form, &store, "sobes");
    assert!(screen(&form).contains("Soběslav"));
    key(&mut form, &store, KeyCode::Enter);
    // region → registration number, programme, detail, recipient, partner, start, end, goals
    tabs(&mut form, &store, 8);
    typed(&mut form, &store, "A");
    key(&mut form, &store, KeyCode::Enter);
    typed(&mut form, &store, "B");
    let (rev, record, members) = saved(ctrl(&mut form, &store, 's'));
    assert_eq!((rev, members), (None, None));
    let Record::Project(project) = record else {
        panic!("{record:?}")
    };
    assert_eq!(project.name, "Plánování sociálních služeb");
    assert_eq!(project.region, soběslav.record.id());
    assert_eq!(project.goals, ["A", "B"]);
    assert_eq!(project.id, 0);
}

#[test]
fn an_invalid_ico_is_shown_and_not_saved() {
    let store = store();
    let mut form = Form::new(Kind::Organisation, &NewContext::default(), &store, Lang::Cs).unwrap();
    typed(&mut form, &store, "Město Veselí nad Lužnicí");
    tabs(&mut form, &store, 2);
    typed(&mut form, &store, "25596642");
    assert!(matches!(
        ctrl(&mut form, &store, 's'),
        FormOutcome::Continue
    ));
    let shown = screen(&form);
    assert!(
        shown.contains("IČO: kontrolní číslice nesouhlasí"),
        "{shown}"
    );
    // Mended, it saves, and the message is gone.
    key(&mut form, &store, KeyCode::Backspace);
    typed(&mut form, &store, "1");
    assert!(!screen(&form).contains("kontrolní číslice"));
    let (_, record, _) = saved(ctrl(&mut form, &store, 's'));
    let Record::Organisation(o) = record else {
        panic!()
    };
    assert_eq!(o.ico, "25596641");
}

#[test]
fn escape_closes_an_unchanged_form_and_asks_on_a_changed_one() {
    let store = store();
    let mut form = Form::new(Kind::Person, &NewContext::default(), &store, Lang::Cs).unwrap();
    assert!(matches!(
        key(&mut form, &store, KeyCode::Esc),
        FormOutcome::Close
    ));
    typed(&mut form, &store, "Bc.");
    assert!(form.is_dirty());
    assert!(matches!(
        key(&mut form, &store, KeyCode::Esc),
        FormOutcome::AskDiscard
    ));
    // Typed back to what it was, the form is unchanged again.
    for _ in 0..3 {
        key(&mut form, &store, KeyCode::Backspace);
    }
    assert!(!form.is_dirty());

    let stored = find(&store, Kind::Project, "Soběslav");
    let mut form = Form::edit(stored, &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 3);
    assert!(matches!(
        key(&mut form, &store, KeyCode::Esc),
        FormOutcome::Close
    ));
    key(&mut form, &store, KeyCode::Right);
    assert!(matches!(
        key(&mut form, &store, KeyCode::Esc),
        FormOutcome::AskDiscard
    ));
}

#[test]
fn a_draft_keeps_everything_typed_even_what_does_not_parse() {
    let store = store();
    let context = NewContext {
        region: Some(1),
        group: Some(1),
        date: None,
    };
    let mut form = Form::new(Kind::Meeting, &context, &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 3);
    typed(&mut form, &store, "Mimořádné jednání");
    tabs(&mut form, &store, 1);
    typed(&mut form, &store, "31.2.2019");
    tabs(&mut form, &store, 1);
    typed(&mut form, &store, "16:30");
    tabs(&mut form, &store, 6);
    key(&mut form, &store, KeyCode::Char(' '));
    let draft = form.draft();
    let json = serde_json::to_string(&draft).unwrap();
    let back: FormDraft = serde_json::from_str(&json).unwrap();
    assert_eq!(back, draft);
    let date = draft
        .fields
        .iter()
        .find(|f| f.key == FieldKey::Date)
        .unwrap();
    assert_eq!(date.value, DraftValue::Text("31.2.2019".into()));

    let mut restored = Form::from_draft(back, &store, Lang::Cs).unwrap();
    assert_eq!(restored.draft(), draft);
    assert!(restored.is_dirty());
    assert_eq!(restored.title(), "Nové jednání");
    assert!(matches!(
        ctrl(&mut restored, &store, 's'),
        FormOutcome::Continue
    ));
    let shown = screen(&restored);
    assert!(
        shown.contains("Datum: takové datum v kalendáři není"),
        "{shown}"
    );
    // Mended, the first member is recorded present.
    for _ in 0.."31.2.2019".len() {
        key(&mut restored, &store, KeyCode::Backspace);
    }
    typed(&mut restored, &store, "28.2.2019");
    let (_, record, _) = saved(ctrl(&mut restored, &store, 's'));
    let Record::Meeting(m) = record else { panic!() };
    assert_eq!(m.date, NaiveDate::from_ymd_opt(2019, 2, 28).unwrap());
    assert_eq!(m.title, "Mimořádné jednání");
    assert_eq!(m.group, Some(1));
    assert_eq!(m.attendance.len(), 1);
    assert_eq!(m.attendance[0].person, 2);
    assert_eq!(m.attendance[0].presence, Presence::Present);
}

#[test]
fn a_draft_of_an_edit_keeps_its_revision_and_hidden_fields() {
    let store = store();
    let stored = find(&store, Kind::Project, "Soběslav");
    let mut form = Form::edit(stored.clone(), &store, Lang::Cs).unwrap();
    // End edits the name in place (typing alone would replace it).
    key(&mut form, &store, KeyCode::End);
    typed(&mut form, &store, " II");
    let json = serde_json::to_string(&form.draft()).unwrap();
    let mut restored =
        Form::from_draft(serde_json::from_str(&json).unwrap(), &store, Lang::Cs).unwrap();
    let (rev, record, _) = saved(ctrl(&mut restored, &store, 's'));
    assert_eq!(rev, Some(stored.rev));
    let (Record::Project(before), Record::Project(after)) = (&stored.record, &record) else {
        panic!()
    };
    assert_eq!(after.name, format!("{} II", before.name));
    assert_eq!(after.outputs, before.outputs);
    assert_eq!(after.id, before.id);
}

#[test]
fn outputs_are_added_titled_and_their_state_cycled() {
    let store = store();
    let stored = find(&store, Kind::Project, "Soběslav");
    let mut form = Form::edit(stored, &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 11);
    key(&mut form, &store, KeyCode::Insert);
    typed(&mut form, &store, "Katalog poskytovatelů");
    let shown = screen(&form);
    assert!(shown.contains("Katalog poskytovatelů"), "{shown}");
    assert!(shown.contains("Enter hotovo"), "{shown}");
    key(&mut form, &store, KeyCode::Enter);
    key(&mut form, &store, KeyCode::Char(' '));
    key(&mut form, &store, KeyCode::Char(' '));
    // The first output goes.
    key(&mut form, &store, KeyCode::Up);
    key(&mut form, &store, KeyCode::Up);
    ctrl(&mut form, &store, 'd');
    let (_, record, _) = saved(ctrl(&mut form, &store, 's'));
    let Record::Project(p) = record else { panic!() };
    let titles: Vec<_> = p
        .outputs
        .iter()
        .map(|o| (o.title.as_str(), o.state))
        .collect();
    use kpss::model::OutputState;
    assert_eq!(
        titles,
        [
            (
                "Střednědobý plán rozvoje soc. služeb 2020–2022",
                OutputState::Planned
            ),
            ("Katalog poskytovatelů", OutputState::Done),
        ]
    );
    // The kept output still points to its due date.
    assert!(p.outputs[0].due.is_some());
}

#[test]
fn a_groups_members_are_added_changed_and_removed() {
    let store = store();
    let stored = find(&store, Kind::Group, "ŘS Soběslav");
    let mut form = Form::edit(stored, &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 7);
    // The first member goes; the next one's role changes; a new member comes.
    ctrl(&mut form, &store, 'd');
    key(&mut form, &store, KeyCode::Right);
    key(&mut form, &store, KeyCode::Char(' '));
    key(&mut form, &store, KeyCode::Insert);
    typed(&mut form, &store, "rybar");
    key(&mut form, &store, KeyCode::Enter);
    let (_, record, members) = saved(ctrl(&mut form, &store, 's'));
    assert!(matches!(record, Record::Group(_)));
    let members = members.unwrap();
    assert_eq!(members.len(), 7);
    assert!(members.iter().all(|m| m.id != 1 && m.group == 1));
    assert_eq!(members[0].id, 2);
    assert_eq!(members[0].role, Some(kpss::model::MemberRole::Recorder));
    let new = members.last().unwrap();
    assert_eq!((new.id, new.person), (0, 1));
    assert_eq!(new.role, Some(kpss::model::MemberRole::Member));
}

#[test]
fn a_person_listed_twice_among_members_is_refused() {
    let store = store();
    let mut form = Form::new(
        Kind::Group,
        &NewContext {
            region: Some(1),
            ..NewContext::default()
        },
        &store,
        Lang::Cs,
    )
    .unwrap();
    typed(&mut form, &store, "PS Rodiny");
    tabs(&mut form, &store, 7);
    for _ in 0..2 {
        key(&mut form, &store, KeyCode::Insert);
        typed(&mut form, &store, "kolar");
        key(&mut form, &store, KeyCode::Enter);
    }
    // The picker leaves out who is already listed: the second search finds no Kolář.
    assert!(screen(&form).contains("Nic nenalezeno."));
    key(&mut form, &store, KeyCode::Esc);
    let (_, _, members) = saved(ctrl(&mut form, &store, 's'));
    assert_eq!(members.unwrap().len(), 1);
}

#[test]
fn attendance_is_recorded_with_space() {
    let store = store();
    let stored = first_meeting(&store);
    let mut form = Form::edit(stored, &store, Lang::Cs).unwrap();
    assert_eq!(form.title(), "Úprava jednání: 4. 12. 2017 ŘS Soběslav");
    tabs(&mut form, &store, 11);
    // The fourth row (Ing. Petr Kolář, excused) becomes absent.
    for _ in 0..3 {
        key(&mut form, &store, KeyCode::Down);
    }
    key(&mut form, &store, KeyCode::Char(' '));
    let (_, record, _) = saved(ctrl(&mut form, &store, 's'));
    let Record::Meeting(m) = record else { panic!() };
    let kolar = m.attendance.iter().find(|a| a.person == 5).unwrap();
    assert_eq!(kolar.presence, Presence::Absent);
    assert_eq!(m.attendance.len(), 7);
}

#[test]
fn picking_a_group_fills_the_region_and_the_attendance() {
    let store = store();
    let mut form = Form::new(Kind::Meeting, &NewContext::default(), &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 1);
    key(&mut form, &store, KeyCode::Enter);
    typed(&mut form, &store, "ridici");
    key(&mut form, &store, KeyCode::Enter);
    let shown = screen(&form);
    assert!(shown.contains("Soběslav"), "{shown}");
    assert!(shown.contains("Mgr. Vladimír Dvořák"), "{shown}");
}

#[test]
fn english_forms_speak_english() {
    let store = store();
    let stored = find(&store, Kind::Project, "Soběslav");
    let form = Form::edit(stored, &store, Lang::En).unwrap();
    assert!(form.title().starts_with("Edit project: Pokračování"));
    let form = Form::new(Kind::Region, &NewContext::default(), &store, Lang::En).unwrap();
    assert_eq!(form.title(), "New region");
    assert_eq!(form.kind(), Kind::Region);
}

#[test]
fn no_terminal_size_makes_a_form_panic() {
    let store = store();
    let stored = first_meeting(&store);
    let mut form = Form::edit(stored, &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 9);
    typed(&mut form, &store, "1. Zahájení\n");
    let mut with_picker =
        Form::new(Kind::Project, &NewContext::default(), &store, Lang::Cs).unwrap();
    tabs(&mut with_picker, &store, 1);
    key(&mut with_picker, &store, KeyCode::Enter);
    for form in [&form, &with_picker] {
        for width in 0..=90 {
            for height in [0, 1, 2, 3, 4, 5, 6, 8, 12, 24, 40] {
                screen_at(form, width, height);
            }
        }
    }
}

#[test]
fn colours_mark_the_focused_field_and_messages_and_the_cursor_is_in_the_field() {
    let store = store();
    let mut form = Form::new(Kind::Organisation, &NewContext::default(), &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 2);
    typed(&mut form, &store, "25596642");
    tabs(&mut form, &store, 2);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::sixteen_colours();
    terminal
        .draw(|frame| form.render(frame, Rect::new(2, 2, 76, 20), &theme, Lang::Cs))
        .unwrap();
    // Leaving the IČO showed its message in the error colour.
    let buffer = terminal.backend().buffer().clone();
    let (x, y) = find_text(&buffer, "IČO: kontrolní");
    assert_eq!(buffer[(x, y)].fg, Color::LightRed);
    // The focused PSČ is highlighted, and the cursor stands in it.
    let (x, y) = find_text(&buffer, "PSČ:");
    let value = buffer[(x + 20, y)].clone();
    assert_eq!(value.bg, Color::Blue);
    assert_ne!(buffer[(x + 20, y - 3)].bg, Color::Blue);
    terminal
        .backend_mut()
        .assert_cursor_position(Position::new(x + 18, y));
    typed(&mut form, &store, "392 01");
    terminal
        .draw(|frame| form.render(frame, Rect::new(2, 2, 76, 20), &theme, Lang::Cs))
        .unwrap();
    terminal
        .backend_mut()
        .assert_cursor_position(Position::new(x + 24, y));
}

#[test]
fn a_failed_write_is_shown_above_the_fields_and_nothing_typed_is_lost() {
    let store = store();
    let stored = find(&store, Kind::Person, "Rybář");
    let mut form = Form::edit(stored, &store, Lang::Cs).unwrap();
    key(&mut form, &store, KeyCode::End);
    typed(&mut form, &store, " ml.");
    form.set_error("Záznam mezitím změnil někdo jiný.".into());
    let shown = screen(&form);
    assert!(
        shown.contains("Záznam mezitím změnil někdo jiný."),
        "{shown}"
    );
    assert!(shown.contains("Bc. ml."), "{shown}");
    let (_, record, _) = saved(ctrl(&mut form, &store, 's'));
    let Record::Person(p) = record else { panic!() };
    assert_eq!(p.title_before, "Bc. ml.");
    assert!(!screen(&form).contains("mezitím"));
}

/// Each kind's new form and edit form, at 80×24, on the sample register.
#[test]
fn snapshots_of_every_form() {
    let store = sample_store();
    let context = NewContext {
        region: Some(10), // Soběslav
        group: Some(1),   // ŘS Soběslav
        date: NaiveDate::from_ymd_opt(2018, 6, 18),
    };
    let edits = [
        (Kind::Region, "Soběslav"),
        (Kind::Organisation, "CpKP jižní Čechy"),
        (Kind::Person, "Kolář"),
        (Kind::Project, "ORP Soběslav"),
        (Kind::Document, "Statut"),
        (Kind::Group, "ŘS Soběslav"),
    ];
    for (kind, title) in edits {
        let new = Form::new(kind, &context, &store, Lang::Cs).unwrap();
        insta::assert_snapshot!(format!("new_{}", kind.name()), screen(&new));
        let edit = Form::edit(find(&store, kind, title), &store, Lang::Cs).unwrap();
        insta::assert_snapshot!(format!("edit_{}", kind.name()), screen(&edit));
    }
    let new = Form::new(Kind::Meeting, &context, &store, Lang::Cs).unwrap();
    insta::assert_snapshot!("new_meeting", screen(&new));
    let edit = Form::edit(first_meeting(&store), &store, Lang::Cs).unwrap();
    insta::assert_snapshot!("edit_meeting", screen(&edit));
    let new = Form::new(Kind::Membership, &context, &store, Lang::Cs).unwrap();
    insta::assert_snapshot!("new_membership", screen(&new));
    let membership = store
        .get(kpss::model::RecordRef::new(Kind::Membership, 1))
        .unwrap()
        .unwrap();
    let edit = Form::edit(membership, &store, Lang::Cs).unwrap();
    insta::assert_snapshot!("edit_membership", screen(&edit));
}

/// The focused field scrolls into view, the picker floats over the form, and messages
/// stand under their fields.
#[test]
fn snapshots_of_scrolling_picking_and_messages() {
    let store = store();
    let mut form = Form::edit(first_meeting(&store), &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 11);
    insta::assert_snapshot!("meeting_attendance_focused", screen(&form));

    let mut form = Form::new(Kind::Project, &NewContext::default(), &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 1);
    key(&mut form, &store, KeyCode::Enter);
    typed(&mut form, &store, "sobes");
    insta::assert_snapshot!("project_region_picker", screen(&form));

    let mut form = Form::new(Kind::Organisation, &NewContext::default(), &store, Lang::Cs).unwrap();
    tabs(&mut form, &store, 2);
    typed(&mut form, &store, "25596642");
    tabs(&mut form, &store, 2);
    typed(&mut form, &store, "3920");
    ctrl(&mut form, &store, 's');
    insta::assert_snapshot!("organisation_messages", screen(&form));
}
