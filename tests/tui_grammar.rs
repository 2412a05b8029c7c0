//! Czech grammar on the screen: attendance and roles in the person's gender, kinds in
//! the accusative in the delete prompt, counts with their words in the right form, and
//! the person's salutation in the form and the detail.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use common::*;
use kpss::app::{App, Theme};
use kpss::model::{Kind, Lang, RecordRef};
use kpss::store::{Referrer, StoreError};
use ratatui::crossterm::event::KeyCode;

/// The meeting of 17. 12. 2018 of Soběslav's steering group: five present, two excused,
/// men and women, with their roles in the group.
#[test]
fn attendance_speaks_of_each_person_in_their_gender() {
    let mut app = sample_app();
    app.show(RecordRef::new(Kind::Meeting, 5));
    let screen = screen(&app, 80, 24);
    assert!(
        screen.contains("Věra Kubátová – přítomna, zapisovatelka"),
        "{screen}"
    );
    assert!(
        screen.contains("Ing. Ilona Dušková – přítomna, členka"),
        "{screen}"
    );
    assert!(
        screen.contains("Mgr. Josef Marek – přítomen, předseda"),
        "{screen}"
    );
    assert!(
        screen.contains("Ing. Tomáš Beneš – omluven, člen"),
        "{screen}"
    );
    insta::assert_snapshot!("meeting_attendance_80x24", screen);
}

#[test]
fn attendance_in_english_stays_simple() {
    let mut app = app_on(sample_store(), Lang::En);
    app.show(RecordRef::new(Kind::Meeting, 5));
    let screen = screen(&app, 80, 24);
    assert!(
        screen.contains("Věra Kubátová – present, recorder"),
        "{screen}"
    );
}

#[test]
fn the_delete_prompt_names_a_person_in_the_accusative() {
    let mut app = sample_app();
    app.show(RecordRef::new(Kind::Person, 5));
    key(&mut app, KeyCode::Char('d'));
    let screen = screen(&app, 80, 24);
    assert!(screen.contains("Smazat osobu „Věra Kubátová“?"), "{screen}");
    insta::assert_snapshot!("delete_person_80x24", screen);
}

#[test]
fn the_delete_prompt_names_a_group_in_the_accusative() {
    let mut app = sample_app();
    app.show(RecordRef::new(Kind::Group, 1));
    key(&mut app, KeyCode::Char('d'));
    let screen = screen(&app, 80, 24);
    assert!(screen.contains("Smazat skupinu „"), "{screen}");
    insta::assert_snapshot!("delete_group_80x24", screen);
}

/// Soběslav's steering group seen at the end of 2019: its seven meetings are all past,
/// five are listed and "2 dřívější jednání" (not "2 dřívějších") stand for the rest.
#[test]
fn the_group_detail_counts_earlier_meetings_with_the_right_form() {
    let mut app = App::new(
        Arc::new(sample_store()),
        Lang::Cs,
        day(2019, 12, 1),
        "referentka".into(),
        "/srv/kpss/rejstrik".into(),
    );
    app.set_theme(Theme::sixteen_colours());
    app.show(RecordRef::new(Kind::Group, 1));
    let screen = screen(&app, 120, 60);
    assert!(screen.contains("… 2 dřívější jednání"), "{screen}");
    assert!(!screen.contains("dřívějších"), "{screen}");
}

/// Members of a group are named with their roles in their gender.
#[test]
fn the_group_detail_names_roles_in_the_member_s_gender() {
    let mut app = sample_app();
    app.show(RecordRef::new(Kind::Group, 1));
    let screen = screen(&app, 120, 60);
    assert!(screen.contains("Věra Kubátová – zapisovatelka"), "{screen}");
    assert!(screen.contains("Mgr. Josef Marek – předseda"), "{screen}");
}

/// The person's detail says how they are addressed, and their roles in their gender.
#[test]
fn the_person_detail_shows_the_salutation() {
    let mut app = sample_app();
    app.show(RecordRef::new(Kind::Person, 5));
    let screen = screen(&app, 120, 40);
    assert!(screen.contains("Oslovení: paní"), "{screen}");
    assert!(screen.contains("– zapisovatelka"), "{screen}");
}

/// A person's salutation is a choice in the form, after the name.
#[test]
fn a_salutation_is_chosen_in_the_person_form() {
    let mut app = sample_app();
    app.show(RecordRef::new(Kind::Person, 5));
    key(&mut app, KeyCode::Char('e'));
    let form = screen(&app, 80, 24);
    assert!(form.contains("Oslovení:"), "{form}");
    assert!(form.contains("paní"), "{form}");
    // Past the title, first name, surname and title after the name.
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    // paní → neuvedeno → pan
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    ctrl(&mut app, 's');
    let after = screen(&app, 120, 40);
    assert!(after.contains("Oslovení: pan"), "{after}");
    assert!(after.contains("– zapisovatel"), "{after}");
    assert!(!after.contains("zapisovatelka"), "{after}");
}

/// The store's refusal to delete a record others point to counts them in Czech.
#[test]
fn the_refusal_to_delete_counts_the_rest_in_the_right_form() {
    let referrer = |id| Referrer {
        record: RecordRef::new(Kind::Meeting, id),
        title: format!("jednání {id}"),
    };
    let refusal = |n: u64| StoreError::Referenced {
        record: RecordRef::new(Kind::Group, 1),
        title: "ŘS".into(),
        by: (1..=n).map(referrer).collect(),
    };
    let six = refusal(6).message(Lang::Cs);
    assert!(six.contains("„jednání 5“ a 1 další."), "{six}");
    let nine = refusal(9).message(Lang::Cs);
    assert!(nine.contains("a 4 další."), "{nine}");
    let twelve = refusal(12).message(Lang::Cs);
    assert!(twelve.contains("a 7 dalších."), "{twelve}");
    let en = refusal(1).message(Lang::En);
    assert!(en.contains("1 record points to it"), "{en}");
}
