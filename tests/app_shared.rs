//! Working with others, on the embedded store: a record's history, a save that meets
//! another clerk's change, the viewer role, other clerks' changes applied as events, and
//! the status line's role and connection state. "Another clerk" is the same database
//! opened under another name (`EmbeddedStore::with_actor`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{app_on, ctrl, key, sample_app, sample_store, screen, typed};
use kpss::app::App;
use kpss::app::LayerName;
use kpss::app::history::{ChangeText, ItemChange, local_time};
use kpss::app::live::LinkState;
use kpss::app::state::Tone;
use kpss::model::{Kind, Lang, Record, RecordRef, Region, Versioned};
use kpss::protocol::{Event, Role};
use kpss::store::{EmbeddedStore, Store, StoreExt};
use ratatui::crossterm::event::KeyCode;

/// The sample app, and the same database as another clerk sees it.
fn two_clerks() -> (App, EmbeddedStore) {
    let store = sample_store();
    let other = store.with_actor("novakova");
    (app_on(store, Lang::Cs), other)
}

fn filter(app: &mut App, text: &str) {
    key(app, KeyCode::Char('/'));
    typed(app, text);
    key(app, KeyCode::Enter);
}

fn region(app: &App, name: &str) -> Versioned<Region> {
    app.store()
        .list_as::<Region>()
        .unwrap()
        .into_iter()
        .find(|r| r.record.name == name)
        .unwrap_or_else(|| panic!("no region {name}"))
}

/// Another clerk changes a region's note.
fn other_changes_note(other: &EmbeddedStore, id: u64, note: &str) -> u64 {
    let mut stored = other.get_as::<Region>(id).unwrap().unwrap();
    stored.record.note = note.into();
    other.update_as(stored.rev, stored.record).unwrap().rev
}

/// Another clerk renames a region.
fn other_renames(other: &EmbeddedStore, id: u64, name: &str) -> u64 {
    let mut stored = other.get_as::<Region>(id).unwrap().unwrap();
    stored.record.name = name.into();
    other.update_as(stored.rev, stored.record).unwrap().rev
}

fn status(app: &App) -> String {
    screen(app, 80, 24)
        .lines()
        .nth(23)
        .unwrap_or("")
        .to_string()
}

fn hints(app: &App) -> String {
    screen(app, 80, 24)
        .lines()
        .nth(22)
        .unwrap_or("")
        .to_string()
}

/// The screen with the audit trail's times (which are "now") replaced by a fixed text,
/// the padding before the right border kept so that the boxes stay square.
fn redacted(app: &App, record: RecordRef) -> String {
    let mut times: Vec<String> = app
        .store()
        .history(record)
        .unwrap()
        .iter()
        .map(|e| local_time(e.at))
        .collect();
    times.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    times.dedup();
    let placeholder = "D. M. RRRR hh:mm";
    let mut out = String::new();
    for line in screen(app, 80, 24).lines() {
        let mut line = line.to_string();
        for t in &times {
            while let Some(at) = line.find(t.as_str()) {
                let grow = placeholder.chars().count() as isize - t.chars().count() as isize;
                line.replace_range(at..at + t.len(), placeholder);
                // Give back or take the difference from the spaces before the border.
                let end = at + placeholder.len();
                if let Some(border) = line[end..].find('│').map(|b| b + end) {
                    if grow > 0 && line[..border].ends_with(&" ".repeat(grow as usize)) {
                        line.replace_range(border - grow as usize..border, "");
                    } else if grow < 0 {
                        line.insert_str(border, &" ".repeat((-grow) as usize));
                    }
                }
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn the_history_shows_both_edits_newest_first_with_old_and_new_values() {
    let (mut app, other) = two_clerks();
    filter(&mut app, "pisek");
    let pisek = region(&app, "Písek").record.id;
    // The clerk renames the region through the form…
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::End);
    typed(&mut app, " (ORP)");
    ctrl(&mut app, 's');
    // …and another clerk adds a note.
    other_changes_note(&other, pisek, "Komunitní plán schválen zastupitelstvem.");
    app.refresh();
    key(&mut app, KeyCode::Char('H'));
    assert!(app.showing() == Some(LayerName::History));
    let record = RecordRef::new(Kind::Region, pisek);
    let text = redacted(&app, record);
    assert!(text.contains("Historie: ORP „Písek (ORP)“"), "{text}");
    assert!(text.contains("novakova  změněno"), "{text}");
    assert!(text.contains("referentka  změněno"), "{text}");
    assert!(
        text.contains("    Poznámka: Komunitní plán sociálních"),
        "{text}"
    );
    assert!(
        text.contains("            → Komunitní plán schválen zastupitelstvem."),
        "{text}"
    );
    assert!(text.contains("Název ORP: Písek → Písek (ORP)"), "{text}");
    // Newest first: the note before the name.
    let note = text.find("Poznámka:").unwrap();
    let name = text.find("Název ORP:").unwrap();
    assert!(note < name, "{text}");
    assert!(text.contains("Esc zavřít"), "{text}");
    insta::assert_snapshot!("history_of_a_region_after_two_edits", text);
    // Scrolling stays within the history; Esc closes.
    let before = screen(&app, 80, 24);
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::Down);
    assert_eq!(app.showing(), Some(LayerName::History));
    assert_eq!(screen(&app, 80, 24), before, "all of it fits");
    key(&mut app, KeyCode::Esc);
    assert!(app.showing().is_none());
}

#[test]
fn the_history_of_an_untouched_record_says_so_and_scrolls_when_long() {
    let (mut app, other) = two_clerks();
    filter(&mut app, "pisek");
    key(&mut app, KeyCode::Char('H'));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Žádné změny od nahrání rejstříku."), "{text}");
    key(&mut app, KeyCode::Esc);
    let pisek = region(&app, "Písek").record.id;
    for i in 0..12 {
        other_changes_note(&other, pisek, &format!("Poznámka č. {i}"));
    }
    key(&mut app, KeyCode::Char('H'));
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Poznámka: Poznámka č. 10 → Poznámka č. 11"),
        "{text}"
    );
    // 12 headings, 11 blank rows, 11 short changes and one long one in two rows.
    assert!(text.contains("1–19 z 36"), "{text}");
    key(&mut app, KeyCode::PageDown);
    let text = screen(&app, 80, 24);
    assert!(text.contains("18–36 z 36"), "{text}");
    assert!(text.contains("→ Poznámka č. 0"), "{text}");
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::End);
    assert!(screen(&app, 80, 24).contains("18–36 z 36"));
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('H'));
    assert!(app.showing().is_none());
}

#[test]
fn history_works_in_the_calendar_and_in_the_detail_pane() {
    let mut app = common::december_app();
    // The 3rd has a meeting.
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('H'));
    assert_eq!(app.showing(), Some(LayerName::History));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Historie: jednání"), "{text}");
    key(&mut app, KeyCode::Esc);
    let mut app = sample_app();
    filter(&mut app, "sobeslav");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('H'));
    assert_eq!(app.showing(), Some(LayerName::History));
    let text = screen(&app, 80, 24);
    assert!(!text.contains("Historie: region"), "{text}");
}

/// The clerk opens Písek, types, and meanwhile another clerk renames it.
fn conflict() -> (App, EmbeddedStore, u64) {
    let (mut app, other) = two_clerks();
    filter(&mut app, "pisek");
    let pisek = region(&app, "Písek").record.id;
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::End);
    typed(&mut app, " – moje");
    other_renames(&other, pisek, "Písek – jejich");
    ctrl(&mut app, 's');
    (app, other, pisek)
}

#[test]
fn a_save_over_another_clerks_change_opens_the_conflict_dialog() {
    let (app, _, pisek) = conflict();
    assert!(app.showing() == Some(LayerName::Conflict));
    assert_eq!(app.layer_names()[0], LayerName::Form);
    let text = redacted(&app, RecordRef::new(Kind::Region, pisek));
    assert!(
        text.contains("Záznam mezitím změnil(a) novakova (D. M. RRRR hh:mm)."),
        "{text}"
    );
    assert!(
        text.contains("[n] Načíst znovu (vaše změny se zahodí)"),
        "{text}"
    );
    assert!(text.contains("[p] Přepsat jejich změny"), "{text}");
    assert!(text.contains("Esc zpět k formuláři"), "{text}");
    insta::assert_snapshot!("conflict_dialog_over_the_form", text);
}

#[test]
fn overwrite_saves_over_the_current_revision() {
    let (mut app, _, pisek) = conflict();
    key(&mut app, KeyCode::Char('p'));
    assert!(app.showing().is_none(), "{}", screen(&app, 80, 24));
    let stored = app.store().get_as::<Region>(pisek).unwrap().unwrap();
    assert_eq!(stored.record.name, "Písek – moje");
    // 1 imported, 2 the other clerk's, 3 the overwrite.
    assert_eq!(stored.rev, 3);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Uloženo: „Písek – moje“"), "{text}");
    // Undo puts the other clerk's version back.
    key(&mut app, KeyCode::Char('u'));
    let stored = app.store().get_as::<Region>(pisek).unwrap().unwrap();
    assert_eq!(stored.record.name, "Písek – jejich");
}

#[test]
fn reload_opens_the_other_clerks_version_and_says_the_changes_are_gone() {
    let (mut app, _, pisek) = conflict();
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.layer_count(), 1);
    assert!(app.showing() == Some(LayerName::Form));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Písek – jejich"), "{text}");
    assert!(!text.contains("Písek – moje"), "{text}");
    assert!(
        text.contains("Načteno znovu, vaše změny zahozeny."),
        "{text}"
    );
    // Saving the reloaded form works: it is based on the current revision.
    key(&mut app, KeyCode::End);
    typed(&mut app, "!");
    ctrl(&mut app, 's');
    assert!(app.showing().is_none(), "{}", screen(&app, 80, 24));
    let stored = app.store().get_as::<Region>(pisek).unwrap().unwrap();
    assert_eq!(stored.record.name, "Písek – jejich!");
}

#[test]
fn esc_goes_back_to_the_form_with_everything_typed() {
    let (mut app, _, pisek) = conflict();
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.layer_count(), 1);
    assert!(app.showing() == Some(LayerName::Form));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Písek – moje"), "{text}");
    assert!(text.contains("mezitím změnil(a) novakova"), "{text}");
    // Nothing was written by the clerk.
    let stored = app.store().get_as::<Region>(pisek).unwrap().unwrap();
    assert_eq!(stored.record.name, "Písek – jejich");
    // Saving again asks again.
    ctrl(&mut app, 's');
    assert!(app.showing() == Some(LayerName::Conflict));
}

#[test]
fn a_viewer_is_neither_offered_nor_allowed_changes() {
    let mut app = sample_app();
    app.set_role(Some(Role::Viewer));
    let bar = hints(&app);
    assert!(!bar.contains("nový"), "{bar}");
    assert!(!bar.contains("upravit"), "{bar}");
    assert!(!bar.contains("smazat"), "{bar}");
    assert!(bar.contains("hledat"), "{bar}");
    for code in [KeyCode::Char('e'), KeyCode::Char('n'), KeyCode::Enter] {
        key(&mut app, code);
        assert!(
            app.showing().is_none(),
            "{code:?}: {}",
            screen(&app, 80, 24)
        );
        assert_eq!(
            app.message(),
            Some(("Role čtenář nedovoluje změny.", Tone::Warning)),
            "{code:?}"
        );
    }
    key(&mut app, KeyCode::Char('d'));
    assert!(app.showing().is_none());
    // Reading is still allowed: the history opens.
    key(&mut app, KeyCode::Char('H'));
    assert!(app.showing() == Some(LayerName::History));
    key(&mut app, KeyCode::Esc);
    // In the calendar too: no copies, no series.
    key(&mut app, KeyCode::Char('4'));
    for code in [KeyCode::Char('c'), KeyCode::Char('S'), KeyCode::Char('n')] {
        key(&mut app, code);
        assert!(app.showing().is_none(), "{code:?}");
    }
    let text = status(&app);
    assert!(text.contains("Role čtenář nedovoluje změny."), "{text}");
    // An editor may.
    app.set_role(Some(Role::Editor));
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('e'));
    assert!(app.showing() == Some(LayerName::Form));
}

#[test]
fn another_clerks_change_keeps_the_selection_and_shows_the_new_title() {
    let (mut app, other) = two_clerks();
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    let selected = app.current().unwrap();
    let rows: Vec<RecordRef> = app.list().visible_rows().map(|r| r.record).collect();
    // A region other than the selected one is renamed so that it sorts first.
    let renamed = rows[5];
    let rev = other_renames(&other, renamed.id, "Aaa nové jméno");
    app.apply_event(Event::Changed {
        records: vec![(renamed, Some(rev))],
        by: "novakova".into(),
    });
    assert_eq!(app.current(), Some(selected));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Aaa nové jméno"), "{text}");
    // The selected record itself renamed: the selection follows it, the detail shows it.
    let rev = other_renames(&other, selected.id, "Zzz přejmenováno");
    app.apply_event(Event::Changed {
        records: vec![(selected, Some(rev))],
        by: "novakova".into(),
    });
    assert_eq!(app.current(), Some(selected));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Zzz přejmenováno"), "{text}");
    assert_eq!(app.detail().map(|(r, _)| r), Some(selected));
    // A whole register loaded anew is a full refresh.
    app.apply_event(Event::Reloaded {
        by: "spravce".into(),
    });
    assert_eq!(app.current(), Some(selected));
    assert!(status(&app).contains("Rejstřík znovu nahrál(a) spravce."));
}

#[test]
fn a_deleted_selected_record_leaves_the_selection_nearby() {
    let (mut app, other) = two_clerks();
    // A person nobody points to: the last organisation or person in the tab.
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Up);
    let index = app.list().selected();
    let victim = app.current().unwrap();
    if other.delete(victim, 1, true).is_err() {
        panic!("the sample record could not be deleted");
    }
    app.apply_event(Event::Changed {
        records: vec![(victim, None)],
        by: "novakova".into(),
    });
    assert_ne!(app.current(), Some(victim));
    assert!(app.current().is_some());
    assert!(app.list().selected().abs_diff(index) <= 1);
}

#[test]
fn an_open_form_is_left_as_typed_and_told_about_the_change() {
    let (mut app, other) = two_clerks();
    filter(&mut app, "pisek");
    let pisek = region(&app, "Písek").record.id;
    key(&mut app, KeyCode::Char('e'));
    key(&mut app, KeyCode::End);
    typed(&mut app, " – moje");
    let rev = other_renames(&other, pisek, "Písek – jejich");
    app.apply_event(Event::Changed {
        records: vec![(RecordRef::new(Kind::Region, pisek), Some(rev))],
        by: "novakova".into(),
    });
    assert!(app.showing() == Some(LayerName::Form));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Písek – moje"), "{text}");
    assert!(
        text.contains("Záznam mezitím změnil(a) novakova; uložení nabídne načtení nebo přepsání."),
        "{text}"
    );
    assert!(matches!(app.message(), Some((_, Tone::Warning))));
    // A change of another record says nothing to the form.
    let mut app = {
        let (mut app, other) = two_clerks();
        filter(&mut app, "pisek");
        key(&mut app, KeyCode::Char('e'));
        let tabor = region(&app, "Tábor").record.id;
        let rev = other_changes_note(&other, tabor, "jinde");
        app.apply_event(Event::Changed {
            records: vec![(RecordRef::new(Kind::Region, tabor), Some(rev))],
            by: "novakova".into(),
        });
        app
    };
    assert!(app.message().is_none());
    assert!(!screen(&app, 80, 24).contains("mezitím"));
    key(&mut app, KeyCode::Esc);
}

#[test]
fn the_status_line_shows_the_role_and_the_connection() {
    let mut app = sample_app();
    assert!(status(&app).starts_with(" referentka │ /srv/kpss/rejstrik │ 1. 6. 2018"));
    app.set_role(Some(Role::Editor));
    app.set_connection(Some(LinkState::Connected));
    let line = status(&app);
    assert!(
        line.starts_with(" referentka (editor) │ /srv/kpss/rejstrik │ připojeno │ 1. 6. 2018"),
        "{line}"
    );
    app.set_connection(Some(LinkState::Reconnecting));
    let line = status(&app);
    assert!(line.contains("│ obnovuji spojení… │"), "{line}");
    app.reconnected();
    assert_eq!(app.connection(), Some(LinkState::Connected));
    app.set_role(Some(Role::Viewer));
    app.set_lang(Lang::En);
    let line = status(&app);
    assert!(
        line.starts_with(" referentka (viewer) │ /srv/kpss/rejstrik │ connected │"),
        "{line}"
    );
    app.set_connection(Some(LinkState::Reconnecting));
    assert!(status(&app).contains("│ reconnecting… │"));
}

#[test]
fn history_diffs_name_fields_and_compact_values() {
    let store = sample_store();
    let pisek = store
        .list_as::<Region>()
        .unwrap()
        .into_iter()
        .find(|r| r.record.name == "Písek")
        .unwrap();
    let mut after = pisek.record.clone();
    after.name = "Písek\u{1b}[31m nový".into();
    after.links = vec!["https://a.cz".into(), "https://b.cz".into()];
    let changes = kpss::app::history::diff(
        &Record::Region(pisek.record.clone()),
        &Record::Region(after),
        &mut kpss::app::history::Names::new(&store, Lang::Cs),
    );
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    assert!(fields.contains(&"Název ORP"), "{changes:?}");
    assert!(fields.contains(&"Odkazy"), "{changes:?}");
    assert_eq!(changes.len(), 2, "{changes:?}");
    for c in &changes {
        assert!(!format!("{c:?}").contains('\u{1b}'), "{c:?}");
    }
    let links = changes.iter().find(|c| c.field == "Odkazy").unwrap();
    let ChangeText::Items(items) = &links.text else {
        panic!("{links:?}");
    };
    assert!(
        items.ends_with(&[
            ItemChange::Added("https://a.cz".into()),
            ItemChange::Added("https://b.cz".into())
        ]),
        "{links:?}"
    );
}
