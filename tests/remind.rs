//! What is due on a fixed today (10. 12. 2018) in the sample register, every kind of
//! it: invitations to send, past meetings still planned or without attendance, a
//! project output due, a membership ending; and the same list as JSON from `kpss remind`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{day, sample_store};
use kpss::model::remind::ReminderKind as R;
use kpss::model::{Lang, Meeting, MeetingState, Membership, OutputState, Project};
use kpss::reminders::{Names, gather};
use kpss::store::StoreExt;

#[test]
fn every_kind_of_due_item_is_listed_and_named() {
    let store = sample_store();
    let today = day(2018, 12, 10);
    // The project's second output falls due next week.
    let p = store.get_as::<Project>(5).unwrap().unwrap();
    let mut project = p.record;
    project.outputs[1].due = Some(day(2018, 12, 20));
    assert_eq!(project.outputs[1].state, OutputState::InProgress);
    store.update_as(p.rev, project).unwrap();
    // Karel Šindelář leaves the steering group at the end of the year.
    let m = store.get_as::<Membership>(7).unwrap().unwrap();
    let mut membership = m.record;
    membership.until = Some(day(2018, 12, 31));
    store.update_as(m.rev, membership).unwrap();
    // The 4th meeting (5. 9. 2018) was never closed: still planned.
    let fourth = store.get_as::<Meeting>(4).unwrap().unwrap();
    let mut meeting = fourth.record;
    meeting.state = MeetingState::Planned;
    meeting.date = day(2018, 11, 5);
    store.update_as(fourth.rev, meeting).unwrap();

    let items = gather(&store, today, 30, &[10]).unwrap();
    let names = Names::read(&store, &items).unwrap();
    let lines: Vec<(R, String)> = items
        .iter()
        .map(|r| (r.kind, names.what(r, Lang::Cs)))
        .collect();
    let has = |kind: R, text: &str| lines.iter().any(|(k, t)| *k == kind && t == text);
    assert!(
        has(R::StillPlanned, "4. jednání – ŘS Soběslav"),
        "{lines:#?}"
    );
    assert!(
        has(R::NoAttendance, "5. jednání – PS Senioři a OZP"),
        "{lines:#?}"
    );
    assert!(
        has(R::InvitationNotSent, "5. jednání – ŘS Soběslav"),
        "{lines:#?}"
    );
    assert!(
        has(
            R::OutputDue,
            "Střednědobý plán rozvoje soc. služeb 2020–2022 – Pokračování komunitního \
             plánování sociálních služeb ORP Soběslav"
        ),
        "{lines:#?}"
    );
    assert!(
        has(R::MembershipEnding, "Karel Šindelář – ŘS Soběslav"),
        "{lines:#?}"
    );
    // In English the meeting is named in English.
    let english: Vec<String> = items.iter().map(|r| names.what(r, Lang::En)).collect();
    assert!(
        english.iter().any(|t| t == "Meeting 4 – ŘS Soběslav"),
        "{english:#?}"
    );
    assert!(
        !english.iter().any(|t| t.contains("jednání")),
        "{english:#?}"
    );
    // In date order; past first.
    let dates: Vec<_> = items.iter().map(|r| r.date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    // Another region has none of it. Years later only the output stays: it is overdue
    // until it is done or dropped.
    assert!(gather(&store, today, 30, &[8]).unwrap().is_empty());
    let later: Vec<R> = gather(&store, day(2030, 1, 1), 30, &[])
        .unwrap()
        .iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(later, vec![R::OutputDue]);
}

#[test]
fn remind_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    assert!(common::kpss(&db, &["init", "--sample"]).status.success());
    let out = common::kpss(
        &db,
        &[
            "remind",
            "--today",
            "2018-12-10",
            "--days",
            "7",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = json.as_array().unwrap();
    let fifth = items
        .iter()
        .find(|i| i["record_kind"] == "meeting" && i["record_id"] == 5)
        .unwrap();
    assert_eq!(fifth["kind"], "invitation_not_sent");
    assert_eq!(fifth["kind_label"], "pozvánka neodeslána");
    assert_eq!(fifth["date"], "2018-12-17");
    assert_eq!(fifth["region_id"], 10);
    assert_eq!(fifth["text"], "5. jednání – ŘS Soběslav  [ID 5]");
}
