//! Privacy: a person's data on request (GDPR Art. 15) and their erasure (Art. 17), on
//! the embedded store, through the real daemon with its roles, through the real binary
//! and in the terminal application.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use common::{key, kpss, sample_app, sample_store, screen, text};
use kpss::app::drafts::{Drafts, SessionId};
use kpss::daemon::{Daemon, Roles, ServeConfig, default_socket};
use kpss::model::{Kind, Meeting, Membership, Person, Record, RecordRef, Region};
use kpss::protocol::Role;
use kpss::remote::RemoteStore;
use kpss::store::{
    Change, ChangeSet, EmbeddedStore, Operation, Store, StoreError, StoreExt, WriteId,
};
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

/// Věra Kubátová of the sample register: on 7 attendance lists, in 3 groups, the
/// contact of one region.
const VERA: u64 = 5;
/// What must not survive her erasure: her names (the one she had before too), e-mail
/// and phone.
const TRACES: [&str; 5] = [
    "Kubátová",
    "Věra Malá",
    "vera.kubatova@example.cz",
    "vera.mala@example.cz",
    "700 000 015",
];

fn me() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name
}

fn vera(store: &dyn Store) -> kpss::model::Versioned<Person> {
    store.get_as::<Person>(VERA).unwrap().unwrap()
}

/// Leaves traces of Věra all over the database: a former name and e-mail in her
/// history, her name and e-mail in a meeting's minutes and guests, a membership edited
/// (an audit entry pointing at her) and a remembered write holding her record. Returns
/// the write id of that remembered write.
fn leave_traces(store: &dyn Store) -> WriteId {
    let now = vera(store);
    let mut before = now.record.clone();
    before.last_name = "Malá".into();
    before.email = "vera.mala@example.cz".into();
    let was = store.update_as(now.rev, before).unwrap();
    let write = WriteId::fresh();
    store
        .apply_once(
            write,
            ChangeSet::one(Change::Update {
                rev: was.rev,
                record: Record::Person(now.record.clone()),
            }),
        )
        .unwrap();
    let meeting = store
        .list_as::<Meeting>()
        .unwrap()
        .into_iter()
        .find(|m| m.record.attendance.iter().any(|a| a.person == VERA))
        .unwrap();
    let mut m = meeting.record.clone();
    m.minutes = "Zapsala Věra Kubátová (vera.kubatova@example.cz), dříve Věra Malá.".into();
    m.guests.push("Věra Kubátová".into());
    store.update_as(meeting.rev, m).unwrap();
    let membership = store.memberships_of_person(VERA).unwrap().remove(0);
    let mut edited = membership.record.clone();
    edited.role = Some(kpss::model::MemberRole::Coordinator);
    store.update_as(membership.rev, edited).unwrap();
    write
}

/// Every meeting's attendance list, by meeting.
fn attendance(store: &dyn Store) -> Vec<(u64, Vec<(u64, kpss::model::Presence)>)> {
    store
        .list_as::<Meeting>()
        .unwrap()
        .into_iter()
        .map(|m| {
            let list = m
                .record
                .attendance
                .iter()
                .map(|a| (a.person, a.presence))
                .collect();
            (m.record.id, list)
        })
        .collect()
}

/// Whatever of `TRACES` the text holds.
fn traces_in(text: &str) -> Vec<&'static str> {
    TRACES.into_iter().filter(|t| text.contains(t)).collect()
}

/// The whole register as `kpss export` writes it, and the raw history of every record
/// that exists, Věra's included.
fn everything(store: &dyn Store) -> String {
    let mut all = kpss::interchange::write(&store.export().unwrap()).unwrap();
    let mut refs = vec![RecordRef::new(Kind::Person, VERA)];
    for kind in Kind::ALL {
        refs.extend(
            store
                .list(kind)
                .unwrap()
                .iter()
                .map(|v| v.record.reference()),
        );
    }
    for r in refs {
        all.push_str(&format!("{:?}", store.history(r).unwrap()));
    }
    all
}

#[test]
fn a_persons_data_holds_memberships_attendance_contacts_and_audit() {
    let store = sample_store();
    leave_traces(&store);
    let data = store.person_data(VERA).unwrap();
    let json: Value = serde_json::from_str(&kpss::disclosure::person_json(&data).unwrap()).unwrap();

    assert_eq!(json["format"], "kpss-person");
    assert_eq!(json["person_id"], VERA);
    assert_eq!(json["exported_by"], "referentka");
    assert_eq!(json["person"]["record"]["last_name"], "Kubátová");
    assert_eq!(
        json["person"]["record"]["email"],
        "vera.kubatova@example.cz"
    );
    assert!(json["organisation"]["title"].is_string());
    let memberships = json["memberships"].as_array().unwrap();
    assert_eq!(memberships.len(), 3);
    for m in memberships {
        assert_eq!(m["membership"]["record"]["person"], VERA);
        assert!(!m["group"].as_str().unwrap().is_empty());
    }
    let attended = json["attendance"].as_array().unwrap();
    assert_eq!(attended.len(), 7);
    assert!(attended.iter().all(|a| a["presence"].is_string()));
    assert_eq!(json["contact_for"].as_array().unwrap().len(), 1);
    assert_eq!(json["contact_for"][0]["record"]["kind"], "region");
    let named_in = json["named_in"].as_array().unwrap();
    assert_eq!(named_in.len(), 1, "the meeting whose minutes name her");
    assert_eq!(named_in[0]["record"]["kind"], "meeting");

    // The trail: her two edits (before and after values hers), the meeting naming her
    // and the membership pointing at her.
    let audit = json["audit"].as_array().unwrap();
    let about = |kind: &str| audit.iter().filter(|e| e["record"]["kind"] == kind).count();
    assert_eq!(about("person"), 2, "{audit:#?}");
    assert_eq!(about("meeting"), 1);
    assert_eq!(about("membership"), 1);
    let rename = audit
        .iter()
        .find(|e| e["record"]["kind"] == "person")
        .unwrap();
    assert_eq!(rename["before"]["person"]["last_name"], "Kubátová");
    assert_eq!(rename["after"]["person"]["last_name"], "Malá");

    // The disclosure is in the record's history, naming who asked.
    let last = store
        .history(RecordRef::new(Kind::Person, VERA))
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.operation, Operation::PersonExport);
    assert_eq!(last.who, "referentka");
    assert_eq!((last.before, last.after), (None, None));
}

#[test]
fn erasure_leaves_no_trace_and_keeps_the_counts() {
    let store = sample_store();
    let write = leave_traces(&store);
    assert!(!traces_in(&everything(&store)).is_empty());
    let counts = attendance(&store);
    let memberships = store.memberships_of_person(VERA).unwrap().len();

    let report = store.erase_person(VERA).unwrap();
    assert_eq!(report.memberships_ended, 3);
    assert_eq!(report.contacts_dropped, 1);
    assert_eq!(report.texts_scrubbed, 1);
    assert_eq!(
        report.audit_rewritten, 3,
        "her two edits and the minutes: {report:?}"
    );
    assert_eq!(report.writes_rewritten, 1);

    assert_eq!(traces_in(&everything(&store)), Vec::<&str>::new());
    // Nor in the outcome kept for a resend of her edit.
    let resent = store
        .apply_once(
            write,
            ChangeSet::one(Change::Delete {
                record: RecordRef::new(Kind::Person, VERA),
                rev: 1,
                cascade: false,
            }),
        )
        .unwrap();
    assert_eq!(traces_in(&format!("{resent:?}")), Vec::<&str>::new());
    // Nor in her data asked for again.
    let data = store.person_data(VERA).unwrap();
    let json = kpss::disclosure::person_json(&data).unwrap();
    assert_eq!(traces_in(&json), Vec::<&str>::new());

    // She is still there, anonymised, so every count stays.
    let now = vera(&store).record;
    assert_eq!(now, kpss::store::privacy::anonymised(VERA));
    assert_eq!(now.last_name, "Anonymizováno");
    assert_eq!(attendance(&store), counts);
    let kept = store.memberships_of_person(VERA).unwrap();
    assert_eq!(kept.len(), memberships);
    assert!(
        kept.iter()
            .all(|m: &kpss::model::Versioned<Membership>| m.record.until.is_some())
    );
    assert!(
        store
            .list_as::<Region>()
            .unwrap()
            .iter()
            .all(|r| !r.record.contacts.contains(&VERA))
    );

    // The erasure is audited: who and which record, not what the data was.
    let trail = store.history(RecordRef::new(Kind::Person, VERA)).unwrap();
    let erasure = trail
        .iter()
        .find(|e| e.operation == Operation::Erasure)
        .unwrap();
    assert_eq!(erasure.who, "referentka");
    assert_eq!(erasure.record, Some(RecordRef::new(Kind::Person, VERA)));
    assert_eq!((&erasure.before, &erasure.after), (&None, &None));
    assert!(store.check().unwrap().is_ok(), "{:?}", store.check());

    // A second erasure finds nothing more to rewrite.
    let again = store.erase_person(VERA).unwrap();
    assert_eq!(
        (
            again.memberships_ended,
            again.texts_scrubbed,
            again.audit_rewritten
        ),
        (0, 0, 0)
    );
    assert!(matches!(
        store.erase_person(9999),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn a_deleted_persons_trail_is_erased_too() {
    let store = EmbeddedStore::temporary("spravce").unwrap();
    let created = store
        .create_as(Person {
            first_name: "Petr".into(),
            last_name: "Dvořák".into(),
            email: "petr.dvorak@example.cz".into(),
            ..Person::default()
        })
        .unwrap();
    store
        .delete(
            RecordRef::new(Kind::Person, created.record.id),
            created.rev,
            false,
        )
        .unwrap();
    let r = RecordRef::new(Kind::Person, created.record.id);
    assert!(format!("{:?}", store.history(r).unwrap()).contains("Dvořák"));
    store.erase_person(created.record.id).unwrap();
    let trail = format!("{:?}", store.history(r).unwrap());
    assert!(
        !trail.contains("Dvořák") && !trail.contains("petr.dvorak"),
        "{trail}"
    );
    assert!(
        store.get(r).unwrap().is_none(),
        "erasure does not bring it back"
    );
}

fn start_daemon(dir: &Path, roles: &str) -> (Daemon, std::path::PathBuf) {
    let file = dir.join("roles.toml");
    std::fs::write(&file, roles).unwrap();
    // The daemon serves only a database directory that is its user's alone.
    std::fs::set_permissions(
        dir,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o700),
    )
    .unwrap();
    let socket = default_socket(dir);
    let daemon = Daemon::start(ServeConfig {
        dir: dir.to_path_buf(),
        socket: socket.clone(),
        group: None,
        roles: Roles::load(&file).unwrap(),
    })
    .unwrap();
    (daemon, socket)
}

/// A database in a private temporary directory holding the sample register.
fn sample_database() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let dir = tmp.path().join("db");
    std::fs::create_dir_all(&dir).unwrap();
    let store = EmbeddedStore::open(&dir, "spravce").unwrap();
    store
        .import(&kpss::sample::sample_register().unwrap())
        .unwrap();
    drop(store);
    (tmp, dir)
}

#[test]
fn the_daemon_lets_an_editor_export_but_only_an_admin_erase() {
    let (_tmp, dir) = sample_database();
    let (daemon, socket) = start_daemon(&dir, &format!("[users]\n{} = \"editor\"\n", me()));
    let store = RemoteStore::connect(&socket, "tests/privacy").unwrap();
    assert_eq!(store.role(), Role::Editor);
    let data = store.person_data(VERA).unwrap();
    assert_eq!(data.memberships.len(), 3);
    assert_eq!(data.exported_by, me());
    let refused = store.erase_person(VERA).unwrap_err();
    assert!(matches!(refused, StoreError::Denied { .. }), "{refused:?}");
    assert_eq!(vera(&store).record.last_name, "Kubátová", "nothing erased");
    drop(store);
    daemon.shutdown().unwrap();

    let (daemon, socket) = start_daemon(&dir, &format!("[users]\n{} = \"admin\"\n", me()));
    let admin = RemoteStore::connect(&socket, "tests/privacy").unwrap();
    let watcher = RemoteStore::connect(&socket, "tests/privacy watcher").unwrap();
    let events = watcher.events();
    let report = admin.erase_person(VERA).unwrap();
    assert_eq!(report.memberships_ended, 3);
    match events.recv_timeout(Duration::from_secs(10)).unwrap() {
        kpss::protocol::Event::Changed { records, by } => {
            assert_eq!(by, me());
            assert!(records.contains(&(RecordRef::new(Kind::Person, VERA), Some(2))));
        }
        other => panic!("{other:?}"),
    }
    let trail = admin.history(RecordRef::new(Kind::Person, VERA)).unwrap();
    let erasure = trail.last().unwrap();
    assert_eq!(erasure.operation, Operation::Erasure);
    assert_eq!(erasure.who, me());
    assert_eq!(traces_in(&everything(&admin)), Vec::<&str>::new());
    drop((admin, watcher));
    daemon.shutdown().unwrap();
}

#[test]
fn the_person_commands_of_the_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    assert!(kpss(&db, &["init", "--sample"]).status.success());

    let out = kpss(&db, &["person", "export", "5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["person"]["record"]["last_name"], "Kubátová");
    assert_eq!(json["attendance"].as_array().unwrap().len(), 7);
    assert!(text(&out.stdout).contains("\n  \""), "pretty-printed");

    let file = tmp.path().join("vera.json");
    let out = kpss(
        &db,
        &["person", "export", "5", "--out", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["memberships"].as_array().unwrap().len(), 3);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "personal data is for its owner's eyes");

    // Without a terminal to ask on, erasure wants --yes and changes nothing.
    let out = kpss(&db, &["person", "erase", "5"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("--yes") && err.contains("Věra Kubátová"),
        "{err}"
    );
    assert!(text(&kpss(&db, &["export"]).stdout).contains("Kubátová"));

    let out = kpss(&db, &["person", "erase", "5", "--yes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Osoba č. 5 je anonymizována"), "{said}");
    assert!(said.contains("Ukončená členství: 3"), "{said}");
    let export = text(&kpss(&db, &["export"]).stdout);
    assert_eq!(traces_in(&export), Vec::<&str>::new());
    assert!(export.contains("Anonymizováno"));

    let out = kpss(&db, &["person", "export", "999"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("neexistuje"),
        "{}",
        text(&out.stderr)
    );
    assert!(kpss(&db, &["check"]).status.success());
}

/// Whether the help screen lists `key` for `what`.
fn offers(help: &str, key: &str, what: &str) -> bool {
    help.lines().any(|line| {
        let row = line.trim_matches(|c| c == '│' || c == ' ');
        row.starts_with(&format!("{key} ")) && row.ends_with(what)
    })
}

/// Selects Věra in the people tab.
fn select_vera(app: &mut kpss::app::App) {
    key(app, KeyCode::Char('5'));
    key(app, KeyCode::Char('/'));
    common::typed(app, "kubatova");
    key(app, KeyCode::Enter);
    assert_eq!(
        app.current(),
        Some(RecordRef::new(Kind::Person, VERA)),
        "{}",
        screen(app, 80, 24)
    );
}

#[test]
fn an_admin_exports_and_erases_from_the_persons_detail() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = sample_app();
    app.set_files_dir(Some(tmp.path().to_path_buf()));
    let drafts = tmp.path().join("drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    app.set_drafts(Some(Drafts::new(
        drafts.clone(),
        SessionId::current().unwrap(),
        "referentka".into(),
    )));
    // A form another session of the clerk's left open, naming her in the minutes.
    let other_draft = drafts.join("1-2-abcdef01.json");
    std::fs::write(
        &other_draft,
        r#"{"session":{"pid":1,"start":2,"boot":"abcdef01"},"user":"referentka","form":{"kind":"meeting","id":0,"fields":[{"key":"minutes","value":{"text":"Přišla Věra Kubátová."}}]}}"#,
    )
    .unwrap();
    select_vera(&mut app);

    // The keys are offered on her detail and listed in the help.
    key(&mut app, KeyCode::Char('?'));
    let help = screen(&app, 80, 60);
    assert!(offers(&help, "X", "osobní údaje"), "{help}");
    assert!(offers(&help, "A", "anonymizovat"), "{help}");
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Right);
    let detail = screen(&app, 80, 24);
    // At 80 columns the hint bar keeps quit, undo, the way back and help; the erasure
    // is in the help (above) and in the hint bar where there is room.
    assert!(detail.contains("X osobní údaje"), "{detail}");
    let wide = screen(&app, 120, 24);
    assert!(wide.contains("A anonymizovat"), "{wide}");

    // X: her data in a private file in the folder given (offered), the full path said.
    key(&mut app, KeyCode::Char('X'));
    key(&mut app, KeyCode::Enter);
    let path = tmp
        .path()
        .join(kpss::disclosure::file_name(VERA, common::today()));
    let shown = screen(&app, 120, 30);
    assert!(shown.contains(&path.display().to_string()), "{shown}");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["memberships"].as_array().unwrap().len(), 3);
    key(&mut app, KeyCode::Enter);

    // A: a question naming her and saying it cannot be undone; n leaves her be.
    key(&mut app, KeyCode::Char('A'));
    let asked = screen(&app, 80, 24);
    assert!(asked.contains("Věra Kubátová"), "{asked}");
    assert!(asked.contains("nelze vrátit"), "{asked}");
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(vera(app.store().as_ref()).record.last_name, "Kubátová");

    key(&mut app, KeyCode::Char('A'));
    key(&mut app, KeyCode::Char('a'));
    let store = app.store().clone();
    assert_eq!(vera(store.as_ref()).record.last_name, "Anonymizováno");
    let said = screen(&app, 80, 24);
    println!("{said}");
    assert!(said.contains("je anonymizována"), "{said}");
    assert!(said.contains("Upravené rozepsané formuláře: 1"), "{said}");
    let draft = std::fs::read_to_string(&other_draft).unwrap();
    assert!(!draft.contains("Kubátová"), "{draft}");
    // Nothing to undo: the last change is not to bring her back.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(vera(store.as_ref()).record.last_name, "Anonymizováno");
    let trail = store.history(RecordRef::new(Kind::Person, VERA)).unwrap();
    let ops: Vec<Operation> = trail.iter().map(|e| e.operation).collect();
    assert_eq!(ops, vec![Operation::PersonExport, Operation::Erasure]);
}

#[test]
fn only_an_admin_is_offered_erasure() {
    let mut app = sample_app();
    app.set_role(Some(Role::Editor));
    select_vera(&mut app);
    key(&mut app, KeyCode::Char('?'));
    let help = screen(&app, 80, 60);
    assert!(offers(&help, "X", "osobní údaje"), "{help}");
    assert!(!offers(&help, "A", "anonymizovat"), "{help}");
    key(&mut app, KeyCode::Esc);
    // Her detail offers the export, not the erasure.
    key(&mut app, KeyCode::Right);
    let detail = screen(&app, 80, 24);
    assert!(detail.contains("X osobní údaje"), "{detail}");
    assert!(!detail.contains("A anonymizovat"), "{detail}");
    key(&mut app, KeyCode::Char('A'));
    let said = screen(&app, 80, 24);
    assert!(
        said.contains("Osobu smí anonymizovat jen správce."),
        "{said}"
    );
    assert!(!said.contains("nelze vrátit"));
    assert_eq!(vera(app.store().as_ref()).record.last_name, "Kubátová");

    // A viewer may not even export: the disclosure is written to the audit trail.
    app.set_role(Some(Role::Viewer));
    key(&mut app, KeyCode::Char('X'));
    let said = screen(&app, 80, 24);
    assert!(said.contains("Role čtenář nedovoluje změny."), "{said}");
    assert!(!said.contains("Osobní údaje"), "{said}");

    // Elsewhere than on a person, the keys are not offered at all.
    app.set_role(None);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('?'));
    let help = screen(&app, 80, 60);
    assert!(!offers(&help, "A", "anonymizovat"), "{help}");
}
