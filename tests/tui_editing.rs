//! Editing that never surprises, driven by keys through the app at 80×24: rows are added
//! explicitly and never glue onto the row above, long lines wrap, outputs get a due date
//! and a document, Backspace leaves choices alone, typing replaces a pre-filled value,
//! Ctrl-U clears, the focus shows without colours, "15.12." is the coming 15 December,
//! the person picker sorts by surname and shows organisations, and memberships end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use common::{ctrl, day, key, screen, today, typed};
use kpss::app::form::{Form, NewContext};
use kpss::app::{App, Keymap, Theme};
use kpss::model::{Kind, Lang, Membership, Person, Project, Record};
use kpss::store::{EmbeddedStore, Store, StoreExt};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use ratatui::{Terminal, backend::TestBackend, layout::Rect};

/// The app on the sample register, today 1. 6. 2018, and the store to check saves in.
fn app() -> (App, Arc<EmbeddedStore>) {
    let store = Arc::new(common::sample_store());
    let mut app = App::new(
        store.clone(),
        Lang::Cs,
        today(),
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    (app, store)
}

fn screen80(app: &App) -> String {
    screen(app, 80, 24)
}

/// Opens the form of the only row of `tab` the filter `query` leaves.
fn open(app: &mut App, tab: char, query: &str) {
    key(app, KeyCode::Char(tab));
    key(app, KeyCode::Char('/'));
    typed(app, query);
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('e'));
    assert!(screen80(app).contains("Úprava"), "{}", screen80(app));
}

fn tabs(app: &mut App, n: usize) {
    for _ in 0..n {
        key(app, KeyCode::Tab);
    }
}

fn soběslav_project(store: &EmbeddedStore) -> Project {
    store
        .list_as::<Project>()
        .unwrap()
        .into_iter()
        .map(|v| v.record)
        .find(|p| p.name.contains("Soběslav"))
        .unwrap()
}

/// Goals of the Soběslav project: field 9 of its form.
const GOALS: usize = 9;
const OUTPUTS: usize = 11;

#[test]
fn a_new_goal_is_its_own_row_and_never_glues_onto_the_last() {
    let (mut app, store) = app();
    let before = soběslav_project(&store).goals;
    open(
        &mut app,
        '2',
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    tabs(&mut app, GOALS);
    let shown = screen80(&app);
    assert!(shown.contains("Ins/Ctrl-N přidat"), "{shown}");
    key(&mut app, KeyCode::Insert);
    typed(&mut app, "zapojit veřejnost");
    // Enter at the end of a goal starts the next one.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "vyhodnotit plán");
    ctrl(&mut app, 's');
    let after = soběslav_project(&store).goals;
    let mut wanted = before.clone();
    wanted.push("zapojit veřejnost".into());
    wanted.push("vyhodnotit plán".into());
    assert_eq!(after, wanted);
}

#[test]
fn typing_on_a_goal_replaces_it_and_esc_puts_it_back() {
    let (mut app, store) = app();
    let before = soběslav_project(&store).goals;
    open(
        &mut app,
        '2',
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    tabs(&mut app, GOALS);
    typed(&mut app, "jiný cíl");
    key(&mut app, KeyCode::Esc);
    // Backspace on an empty new row at the end does not reach into the goal above.
    key(&mut app, KeyCode::Char('n'));
    ctrl(&mut app, 'n');
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    let mut wanted = before.clone();
    wanted[0] = "n".into();
    assert_eq!(soběslav_project(&store).goals, wanted);
}

#[test]
fn a_long_goal_wraps_in_the_form() {
    let (mut app, _store) = app();
    open(
        &mut app,
        '2',
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    tabs(&mut app, GOALS);
    key(&mut app, KeyCode::Insert);
    let long = "zmapovat potřeby seniorů a lidí se zdravotním postižením ve všech obcích \
                regionu a navrhnout odlehčovací služby";
    typed(&mut app, long);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    let shown = screen80(&app);
    // Every word is on the screen, none cut off at the right.
    for word in long.split(' ') {
        assert!(shown.contains(word), "{word}\n{shown}");
    }
    insta::assert_snapshot!("form_with_a_wrapped_long_goal", shown);
}

#[test]
fn an_output_gets_its_due_date_and_document() {
    let (mut app, store) = app();
    open(
        &mut app,
        '2',
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    tabs(&mut app, OUTPUTS);
    // The second output: its due date, then its document.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    let shown = screen80(&app);
    assert!(shown.contains("termín: —"), "{shown}");
    // A date without its year is the coming one.
    typed(&mut app, "31.12.");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "stredobý komunitni milevsko");
    key(&mut app, KeyCode::Enter);
    let shown = screen80(&app);
    insta::assert_snapshot!("outputs_editor_with_due_date_and_document", shown);
    ctrl(&mut app, 's');
    let project = soběslav_project(&store);
    let output = &project.outputs[1];
    assert_eq!(output.due, Some(day(2018, 12, 31)));
    let document = store
        .get(kpss::model::RecordRef::new(
            Kind::Document,
            output.document.unwrap(),
        ))
        .unwrap()
        .unwrap();
    assert!(
        document
            .record
            .title()
            .starts_with("Střednědobý komunitní plán")
    );
    // Del clears the document again, explicitly.
    key(&mut app, KeyCode::Char('e'));
    tabs(&mut app, OUTPUTS);
    key(&mut app, KeyCode::Down);
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    assert!(screen80(&app).contains("Del vymazat"), "{}", screen80(&app));
    key(&mut app, KeyCode::Delete);
    ctrl(&mut app, 's');
    assert_eq!(soběslav_project(&store).outputs[1].document, None);
}

#[test]
fn a_due_date_that_does_not_parse_keeps_the_cell_open_with_a_message() {
    let (mut app, store) = app();
    open(
        &mut app,
        '2',
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    tabs(&mut app, OUTPUTS);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    typed(&mut app, "31.4.");
    key(&mut app, KeyCode::Enter);
    let shown = screen80(&app);
    assert!(shown.contains("takové datum v kalendáři není"), "{shown}");
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 's');
    assert_eq!(soběslav_project(&store).outputs[0].due, None);
}

#[test]
fn backspace_leaves_a_choice_alone_and_del_clears_it() {
    let (mut app, store) = app();
    open(
        &mut app,
        '2',
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    tabs(&mut app, 3);
    key(&mut app, KeyCode::Backspace);
    let shown = screen80(&app);
    assert!(shown.contains("OPZ – Operační program"), "{shown}");
    assert!(shown.contains("Del vymazat"), "{shown}");
    // So does it a reference.
    tabs(&mut app, 3);
    key(&mut app, KeyCode::Backspace);
    assert!(screen80(&app).contains("Město Soběslav"));
    ctrl(&mut app, 's');
    let project = soběslav_project(&store);
    assert!(project.programme.is_some());
    assert!(project.partner.is_some());
    key(&mut app, KeyCode::Char('e'));
    tabs(&mut app, 3);
    key(&mut app, KeyCode::Delete);
    ctrl(&mut app, 's');
    assert_eq!(soběslav_project(&store).programme, None);
}

#[test]
fn typing_replaces_a_prefilled_value_arrows_edit_it_and_ctrl_u_clears() {
    let (mut app, store) = app();
    let before = soběslav_project(&store);
    open(
        &mut app,
        '2',
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    // The name: End, then typing goes on at its end.
    key(&mut app, KeyCode::End);
    typed(&mut app, " II");
    // The detail of the programme, entered with Tab, is replaced by what is typed.
    tabs(&mut app, 4);
    typed(&mut app, "ESF");
    // The registration number: Ctrl-U empties it.
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::BackTab);
    ctrl(&mut app, 'u');
    ctrl(&mut app, 's');
    let after = soběslav_project(&store);
    assert_eq!(after.name, format!("{} II", before.name));
    assert_eq!(after.programme_detail, "ESF");
    assert_eq!(after.registration_number, "");
    assert!(!before.registration_number.is_empty());
}

#[test]
fn a_date_without_its_year_is_the_coming_one_and_is_written_out() {
    let (mut app, store) = app();
    open(
        &mut app,
        '2',
        "Pokračování komunitního plánování sociálních služeb ORP Soběslav",
    );
    // The end of the project (today is 1. 6. 2018).
    tabs(&mut app, 8);
    typed(&mut app, "15.12.");
    key(&mut app, KeyCode::Tab);
    let shown = screen80(&app);
    assert!(shown.contains("15. 12. 2018"), "{shown}");
    ctrl(&mut app, 's');
    assert_eq!(soběslav_project(&store).end, Some(day(2018, 12, 15)));
}

#[test]
fn the_focused_field_shows_without_colours() {
    let store = common::sample_store();
    let form = Form::new(Kind::Person, &NewContext::default(), &store, Lang::Cs).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| form.render(frame, Rect::new(2, 2, 76, 20), &Theme::plain(), Lang::Cs))
        .unwrap();
    let buffer = terminal.backend().buffer();
    // The first field's label ("Titul před jménem") is drawn reversed; the next is not.
    let focused = &buffer[(3, 3)];
    let other = &buffer[(3, 4)];
    assert_eq!(focused.symbol(), "T");
    assert!(focused.modifier.contains(Modifier::REVERSED));
    assert!(!other.modifier.contains(Modifier::REVERSED));
    // A value selected on entry is drawn reversed too: it is what typing replaces.
    let stored = store
        .list(Kind::Person)
        .unwrap()
        .into_iter()
        .find(|v| matches!(&v.record, Record::Person(p) if !p.title_before.is_empty()))
        .unwrap();
    let form = Form::edit(stored, &store, Lang::Cs).unwrap();
    terminal
        .draw(|frame| form.render(frame, Rect::new(2, 2, 76, 20), &Theme::plain(), Lang::Cs))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let x = (0..80).find(|&x| buffer[(x, 3)].symbol() == ":").unwrap();
    let value = (x + 1..80)
        .find(|&x| buffer[(x, 3)].symbol() != " ")
        .unwrap();
    assert!(buffer[(value, 3)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_person_picker_sorts_by_surname_and_shows_organisations() {
    let (mut app, store) = app();
    open(&mut app, '3', "Řídící skupina KPSS Soběslav");
    // Members is the group form's last field.
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::Insert);
    let shown = screen80(&app);
    insta::assert_snapshot!("person_picker", shown);
    let names: Vec<&str> = shown
        .lines()
        .skip_while(|l| !l.contains("Hledat"))
        .skip(1)
        .take_while(|l| !l.contains("Enter vybrat"))
        .filter_map(|l| l.split('│').nth(2))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Hledat"))
        .collect();
    let surnames: Vec<String> = names
        .iter()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_owned())
        .collect();
    let mut sorted = surnames.clone();
    sorted.sort_by(|a, b| kpss::model::text::czech_cmp(a, b));
    assert_eq!(surnames, sorted, "{shown}");
    // Lenka Vondrášková works for an organisation, which her membership takes.
    typed(&mut app, "vondraskova");
    let shown = screen80(&app);
    assert!(shown.contains("Vondrášková Lenka"), "{shown}");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    let person = store
        .list_as::<Person>()
        .unwrap()
        .into_iter()
        .find(|p| p.record.last_name == "Vondrášková")
        .unwrap()
        .record;
    let membership = store
        .list_as::<Membership>()
        .unwrap()
        .into_iter()
        .find(|m| m.record.person == person.id)
        .unwrap()
        .record;
    assert!(person.organisation.is_some());
    assert_eq!(membership.organisation, person.organisation);
}

#[test]
fn a_membership_ends_and_the_former_member_shows_as_such() {
    let (mut app, store) = app();
    open(&mut app, '3', "Řídící skupina KPSS Soběslav");
    key(&mut app, KeyCode::BackTab);
    // The first member (the chair): their membership ends on 1. 1. 2018.
    for _ in 0..4 {
        key(&mut app, KeyCode::Right);
    }
    assert!(
        screen80(&app).contains("členem do: —"),
        "{}",
        screen80(&app)
    );
    typed(&mut app, "1.1.2018");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    let ended: Vec<Membership> = store
        .list_as::<Membership>()
        .unwrap()
        .into_iter()
        .map(|m| m.record)
        .filter(|m| m.until == Some(day(2018, 1, 1)))
        .collect();
    assert_eq!(ended.len(), 1);
    // The group's detail lists the former member last, as former.
    let detail = screen(&app, 200, 50);
    let line = detail
        .lines()
        .find(|l| l.contains("členství skončilo 1. 1. 2018"))
        .unwrap_or_else(|| panic!("{detail}"));
    assert!(line.contains("Marek"), "{line}");
    let members: Vec<&str> = detail
        .lines()
        .skip_while(|l| !l.contains("Členové"))
        .skip(1)
        .take_while(|l| !l.contains("Jednání"))
        .collect();
    let last = members.iter().rposition(|l| l.contains(" – ")).unwrap();
    assert!(members[last].contains("Marek"), "{members:?}");
    // The members editor shows it too.
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::BackTab);
    let shown = screen80(&app);
    assert!(shown.contains("Mgr. Josef Marek (ukončeno)"), "{shown}");
    assert!(shown.contains("členem do: 1. 1. 2018"), "{shown}");
}

#[test]
fn keys_in_a_form_do_not_need_the_app() {
    // The form on its own, as the app drives it: Ctrl-U on a choice clears it too.
    let store = common::sample_store();
    let project = store
        .list(Kind::Project)
        .unwrap()
        .into_iter()
        .find(|v| v.record.title().contains("Soběslav"))
        .unwrap();
    let mut form = Form::edit(project, &store, Lang::Cs)
        .unwrap()
        .with_today(today());
    let keymap = Keymap::defaults();
    for _ in 0..3 {
        form.handle_key(
            KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
            &keymap,
            &store,
        );
    }
    form.handle_key(
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        &keymap,
        &store,
    );
    assert!(form.is_dirty());
}

/// The sample store with the steering group's meeting of 17. 12. 2018 held at 15:00 in
/// the council room; its later meetings (21. 1. and 1. 4. 2019) name no time or place.
fn store_with_a_timed_steering_meeting() -> EmbeddedStore {
    use kpss::model::RecordRef;
    use kpss::store::{Change, ChangeSet};
    let store = common::sample_store();
    let stored = store
        .get(RecordRef::new(Kind::Meeting, 5))
        .unwrap()
        .unwrap();
    let Record::Meeting(mut m) = stored.record else {
        panic!("meeting 5 is a meeting")
    };
    assert_eq!(m.date, day(2018, 12, 17));
    m.start = chrono::NaiveTime::from_hms_opt(15, 0, 0);
    m.place = "MěÚ Soběslav, zasedací místnost".into();
    store
        .apply(ChangeSet::one(Change::Update {
            rev: stored.rev,
            record: Record::Meeting(m),
        }))
        .unwrap();
    store
}

#[test]
fn a_new_meeting_dated_without_its_year_takes_the_time_and_place_of_the_meeting_before() {
    let mut app = App::new(
        Arc::new(store_with_a_timed_steering_meeting()),
        Lang::Cs,
        day(2018, 12, 1),
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    // The calendar on the 20th, a day without meetings: a new meeting without a group.
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "20. 12. 2018");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('n'));
    // The date (the fifth field) typed without its year: the coming 18 December.
    tabs(&mut app, 4);
    ctrl(&mut app, 'u');
    typed(&mut app, "18.12.");
    // Back to the group (the second field), chosen in the picker.
    for _ in 0..3 {
        key(&mut app, KeyCode::BackTab);
    }
    typed(&mut app, "ŘS Sob");
    key(&mut app, KeyCode::Enter);
    // Leaving the date wrote it out, so the group's meeting before the 18th (the one of
    // the 17th), not its last one, gives the time and the place.
    let text = screen80(&app);
    assert!(text.contains("Řídící skupina KPSS ORP Soběslav"), "{text}");
    assert!(text.contains("15:00"), "{text}");
    assert!(text.contains("MěÚ Soběslav, zasedací místnost"), "{text}");
}
