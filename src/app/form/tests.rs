//! Parsing and checking on save, on a form driven by keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::{Organisation, Project, Region};
use crate::store::{EmbeddedStore, StoreExt};

fn press(form: &mut Form, store: &dyn Store, code: KeyCode) -> FormOutcome {
    form.handle_key(
        KeyEvent::new(code, KeyModifiers::NONE),
        &Keymap::defaults(),
        store,
    )
}

fn typed(form: &mut Form, store: &dyn Store, text: &str) {
    for c in text.chars() {
        press(form, store, KeyCode::Char(c));
    }
}

fn save(form: &mut Form, store: &dyn Store) -> FormOutcome {
    let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    form.handle_key(ctrl_s, &Keymap::defaults(), store)
}

/// Tabs to the field with `key`.
fn focus(form: &mut Form, store: &dyn Store, key: FieldKey) {
    for _ in 0..form.fields.len() {
        if form.fields[form.focus].key == key {
            return;
        }
        press(form, store, KeyCode::Tab);
    }
    panic!("no field {key:?}");
}

fn errors_of(form: &Form, key: FieldKey) -> &[String] {
    &form.fields.iter().find(|f| f.key == key).unwrap().errors
}

#[test]
fn an_impossible_date_is_refused_with_the_models_message() {
    let store = EmbeddedStore::temporary("test").unwrap();
    let region = store
        .create_as(Region {
            name: "Soběslav".into(),
            ..Region::default()
        })
        .unwrap();
    let context = NewContext {
        region: Some(region.record.id),
        ..NewContext::default()
    };
    let mut form = Form::new(Kind::Project, &context, &store, Lang::Cs).unwrap();
    typed(&mut form, &store, "Projekt");
    focus(&mut form, &store, FieldKey::Start);
    typed(&mut form, &store, "31.2.2019");
    assert!(matches!(save(&mut form, &store), FormOutcome::Continue));
    assert_eq!(
        errors_of(&form, FieldKey::Start),
        ["Zahájení: takové datum v kalendáři není"]
    );
    assert_eq!(form.fields[form.focus].key, FieldKey::Start);
    // Leaving the field shows the message too, without saving.
    let mut form = Form::new(Kind::Project, &context, &store, Lang::Cs).unwrap();
    focus(&mut form, &store, FieldKey::End);
    typed(&mut form, &store, "2019-13-01");
    press(&mut form, &store, KeyCode::Tab);
    assert_eq!(
        errors_of(&form, FieldKey::End),
        ["Ukončení: takové datum v kalendáři není"]
    );
}

#[test]
fn an_empty_required_name_is_refused() {
    let store = EmbeddedStore::temporary("test").unwrap();
    let mut form = Form::new(Kind::Organisation, &NewContext::default(), &store, Lang::Cs).unwrap();
    assert!(matches!(save(&mut form, &store), FormOutcome::Continue));
    assert_eq!(
        errors_of(&form, FieldKey::Name),
        ["Název organizace: musí být vyplněno"]
    );
    let mut form = Form::new(Kind::Project, &NewContext::default(), &store, Lang::En).unwrap();
    assert!(matches!(save(&mut form, &store), FormOutcome::Continue));
    assert_eq!(
        errors_of(&form, FieldKey::Name),
        ["Project name: must not be empty"]
    );
    assert_eq!(
        errors_of(&form, FieldKey::Region),
        ["Region (ORP): must not be empty"]
    );
}

#[test]
fn a_valid_form_saves_with_normal_forms() {
    let store = EmbeddedStore::temporary("test").unwrap();
    let mut form = Form::new(Kind::Organisation, &NewContext::default(), &store, Lang::Cs).unwrap();
    typed(&mut form, &store, "Město Soběslav");
    focus(&mut form, &store, FieldKey::Ico);
    typed(&mut form, &store, "002 52 646");
    focus(&mut form, &store, FieldKey::Psc);
    typed(&mut form, &store, "39201");
    focus(&mut form, &store, FieldKey::Phone);
    typed(&mut form, &store, "00420381508134");
    focus(&mut form, &store, FieldKey::Email);
    typed(&mut form, &store, "podatelna@Sobeslav.EXAMPLE.cz");
    match save(&mut form, &store) {
        FormOutcome::Save {
            rev: None,
            record: Record::Organisation(o),
            members: None,
        } => {
            assert_eq!(o.name, "Město Soběslav");
            assert_eq!(o.ico, "00252646");
            assert_eq!(o.address.psc, "392 01");
            assert_eq!(o.phone, "+420 381 508 134");
            assert_eq!(o.email, "podatelna@sobeslav.example.cz");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_edit_keeps_what_the_form_does_not_show() {
    use crate::model::{Region, Service, ServiceForm, ServiceType};
    let store = EmbeddedStore::temporary("test").unwrap();
    let region = store
        .create_as(Region {
            name: "Soběslav".into(),
            ..Region::default()
        })
        .unwrap();
    let provider = store
        .create_as(Organisation {
            name: "Senior – dům Soběslav".into(),
            ..Organisation::default()
        })
        .unwrap();
    let stored = store
        .create_as(Service {
            name: "Domov pro seniory".into(),
            provider: provider.record.id,
            service_type: Some(ServiceType::HomesForSeniors),
            forms: vec![ServiceForm::Residential],
            regions: vec![region.record.id],
            ..Service::default()
        })
        .unwrap();
    let versioned = Versioned {
        rev: stored.rev,
        record: Record::Service(stored.record.clone()),
    };
    let mut form = Form::edit(versioned, &store, Lang::Cs).unwrap();
    assert_eq!(form.title(), "Úprava služby: Domov pro seniory");
    assert!(!form.is_dirty());
    focus(&mut form, &store, FieldKey::Hours);
    typed(&mut form, &store, "nepřetržitě");
    assert!(form.is_dirty());
    match save(&mut form, &store) {
        FormOutcome::Save {
            rev,
            record: Record::Service(o),
            ..
        } => {
            assert_eq!(rev, Some(stored.rev));
            assert_eq!(o.id, stored.record.id);
            assert_eq!(o.regions, stored.record.regions);
            assert_eq!(o.forms, stored.record.forms);
            assert_eq!(o.hours, "nepřetržitě");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_end_before_the_start_is_shown_at_the_end() {
    let store = EmbeddedStore::temporary("test").unwrap();
    let mut form = Form::new(Kind::Project, &NewContext::default(), &store, Lang::Cs).unwrap();
    let base = Project {
        name: "P".into(),
        region: 1,
        ..Project::default()
    };
    form.base = Record::Project(base);
    focus(&mut form, &store, FieldKey::Start);
    typed(&mut form, &store, "1.1.2019");
    focus(&mut form, &store, FieldKey::End);
    typed(&mut form, &store, "1.1.2018");
    assert!(matches!(save(&mut form, &store), FormOutcome::Continue));
    assert_eq!(
        errors_of(&form, FieldKey::End),
        ["Doba realizace: konec nesmí být před začátkem"]
    );
    assert!(errors_of(&form, FieldKey::Start).is_empty());
}
