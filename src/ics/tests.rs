//! What the reader makes of recurring events, hostile files and dates out of range, and
//! that what the writer writes, the reader reads.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::test_support::{date, sample_event, stamp, time, wrap};
use super::*;

fn one(body: &str) -> String {
    wrap(&format!(
        "BEGIN:VEVENT\r\nUID:porada@example.org\r\nSUMMARY:Porada\r\n{body}END:VEVENT\r\n"
    ))
}

#[test]
fn a_weekly_rule_with_a_count_becomes_that_many_meetings() {
    let calendar = read(&one(
        "DTSTART;TZID=Europe/Prague:20190604T150000\r\nDTEND;TZID=Europe/Prague:20190604T163000\r\n\
         RRULE:FREQ=WEEKLY;COUNT=5\r\n",
    ))
    .unwrap();
    assert!(calendar.cut.is_empty());
    let dates: Vec<NaiveDate> = calendar.events.iter().map(|e| e.date).collect();
    assert_eq!(
        dates,
        vec![
            date(2019, 6, 4),
            date(2019, 6, 11),
            date(2019, 6, 18),
            date(2019, 6, 25),
            date(2019, 7, 2)
        ]
    );
    for e in &calendar.events {
        assert_eq!((e.start, e.end), (Some(time(15, 0)), Some(time(16, 30))));
        assert_eq!((e.index, e.summary.as_str()), (1, "Porada"));
    }
    assert_eq!(calendar.events[0].uid, "porada@example.org/20190604T150000");
    assert_eq!(calendar.events[4].uid, "porada@example.org/20190702T150000");
}

#[test]
fn excluded_dates_are_left_out_and_added_dates_put_in() {
    let calendar = read(&one(
        "DTSTART;TZID=Europe/Prague:20190604T150000\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\n\
         EXDATE;TZID=Europe/Prague:20190611T150000,20190625T150000\r\n\
         RDATE;VALUE=DATE:20190801\r\n",
    ))
    .unwrap();
    let dates: Vec<NaiveDate> = calendar.events.iter().map(|e| e.date).collect();
    assert_eq!(
        dates,
        vec![
            date(2019, 6, 4),
            date(2019, 6, 18),
            date(2019, 7, 2),
            date(2019, 8, 1)
        ]
    );
}

#[test]
fn an_endless_rule_is_cut_and_says_so() {
    let calendar = read(&one(
        "DTSTART;VALUE=DATE:20190604\r\nRRULE:FREQ=WEEKLY;INTERVAL=2\r\n",
    ))
    .unwrap();
    assert_eq!(calendar.events.len(), MAX_OCCURRENCES);
    let cut = &calendar.cut[0];
    assert_eq!(
        (cut.event, cut.kept, cut.reason),
        (1, MAX_OCCURRENCES, Cut::Count)
    );
    assert_eq!(cut.last, calendar.events.last().map(|e| e.date));
    let message = cut.message(Lang::Cs);
    assert!(
        message.contains("událost č. 1 („Porada“) se opakuje víc než 520krát"),
        "{message}"
    );
    assert!(message.contains("prvních 520 výskytů"), "{message}");
    assert!(cut.message(Lang::En).contains("first 520 occurrences"));
}

#[test]
fn no_occurrence_lies_after_the_last_year() {
    let calendar = read(&one("DTSTART;VALUE=DATE:20950101\r\nRRULE:FREQ=YEARLY\r\n")).unwrap();
    assert_eq!(calendar.events.len(), 6);
    assert_eq!(calendar.events[5].date, date(2100, 1, 1));
    assert_eq!(calendar.cut[0].reason, Cut::Year);
    assert!(calendar.cut[0].message(Lang::Cs).contains("i po roce 2100"));
    // A rule that ends in time is not cut.
    let calendar = read(&one(
        "DTSTART;VALUE=DATE:20950101\r\nRRULE:FREQ=YEARLY;UNTIL=20970101\r\n",
    ))
    .unwrap();
    assert_eq!(calendar.events.len(), 3);
    assert!(calendar.cut.is_empty());
}

#[test]
fn a_utc_series_keeps_its_utc_time_across_the_clock_change() {
    let calendar = read(&one(
        "DTSTART:20190320T090000Z\r\nRRULE:FREQ=WEEKLY;UNTIL=20190403T090000Z\r\n",
    ))
    .unwrap();
    let starts: Vec<_> = calendar.events.iter().map(|e| e.start).collect();
    assert_eq!(
        starts,
        vec![Some(time(10, 0)), Some(time(10, 0)), Some(time(11, 0))]
    );
}

#[test]
fn a_moved_occurrence_replaces_the_one_the_rule_gives() {
    let text = wrap(
        "BEGIN:VEVENT\r\nUID:s@x\r\nSUMMARY:Řada\r\nDTSTART;TZID=Europe/Prague:20190604T150000\r\n\
         RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:s@x\r\nSUMMARY:Řada (přesunuto)\r\n\
         RECURRENCE-ID;TZID=Europe/Prague:20190611T150000\r\n\
         DTSTART;TZID=Europe/Prague:20190612T090000\r\nEND:VEVENT\r\n",
    );
    let events = read(&text).unwrap().events;
    let seen: Vec<(NaiveDate, &str)> = events
        .iter()
        .map(|e| (e.date, e.summary.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (date(2019, 6, 4), "Řada"),
            (date(2019, 6, 18), "Řada"),
            (date(2019, 6, 12), "Řada (přesunuto)"),
        ]
    );
    assert_eq!(events[2].uid, "s@x/20190611T150000");
}

#[test]
fn a_rule_that_cannot_be_expanded_is_refused_with_the_reason() {
    let err = read(&one(
        "DTSTART:20190604T150000\r\nRRULE:FREQ=SOMETIMES;COUNT=3\r\n",
    ))
    .unwrap_err();
    assert!(
        matches!(err, IcsError::BadRecurrence { event: 1, .. }),
        "{err:?}"
    );
    let message = err.message(Lang::Cs);
    assert!(
        message.starts_with(
            "událost č. 1 („Porada“): opakování (RRULE, RDATE, EXDATE) nelze rozvinout"
        ),
        "{message}"
    );
    let err = read(&one(
        "DTSTART:20190604T150000\r\nRDATE;VALUE=PERIOD:20190610T150000/PT1H\r\n",
    ))
    .unwrap_err();
    assert!(err.message(Lang::En).contains("PERIOD"), "{err}");
}

#[test]
fn dates_outside_the_years_kpss_keeps_are_refused_with_the_event_named() {
    for value in ["00000101", "00001231T100000", "18991231"] {
        let err = read(&one(&format!("DTSTART:{value}\r\n"))).unwrap_err();
        assert!(
            matches!(err, IcsError::DateOutOfRange { .. }),
            "{value}: {err:?}"
        );
        assert_eq!(
            err.message(Lang::Cs),
            format!(
                "událost č. 1 („Porada“): datum DTSTART „{value}“ je mimo rozsah let 1900–2100"
            )
        );
    }
    // What an older kpss wrote for the year 99999: refused, naming the event.
    let err = read(&one("DTSTART;VALUE=DATE:+999990101\r\n")).unwrap_err();
    assert!(
        err.message(Lang::Cs)
            .starts_with("událost č. 1 („Porada“): "),
        "{err}"
    );
    let err = read(&one(
        "DTSTART;VALUE=DATE:20190101\r\nRDATE;VALUE=DATE:21010101\r\n",
    ))
    .unwrap_err();
    assert!(err.message(Lang::En).contains("RDATE"), "{err}");
    // The edges are in.
    assert!(read(&one("DTSTART;VALUE=DATE:19000101\r\n")).is_ok());
    assert!(read(&one("DTSTART;VALUE=DATE:21001231\r\n")).is_ok());
}

#[test]
fn deeply_nested_components_are_refused_before_parsing() {
    let mut body = String::from("DTSTART:20190604T150000\r\n");
    for _ in 0..10_000 {
        body.push_str("BEGIN:VALARM\r\n");
    }
    for _ in 0..10_000 {
        body.push_str("END:VALARM\r\n");
    }
    let err = read(&one(&body)).unwrap_err();
    assert_eq!(err, IcsError::TooDeep { line: 14 });
    assert!(err.message(Lang::Cs).contains("vnořeny příliš hluboko"));
    // An alarm in an event is fine.
    let alarm = "DTSTART:20190604T150000\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n\
                 TRIGGER:-PT15M\r\nDESCRIPTION:x\r\nEND:VALARM\r\n";
    assert_eq!(read(&one(alarm)).unwrap().events.len(), 1);
}

#[test]
fn a_file_too_large_is_refused_before_parsing() {
    let text = one(&format!(
        "DTSTART:20190604T150000\r\nDESCRIPTION:{}\r\n",
        "x".repeat(MAX_FILE_BYTES)
    ));
    let err = read(&text).unwrap_err();
    assert!(matches!(err, IcsError::TooLarge { .. }));
    assert!(err.message(Lang::Cs).contains("nejvýše o 16 MB"), "{err}");
}

#[test]
fn quoted_input_cannot_reach_the_terminal_raw() {
    let text = wrap("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Zlé\u{1b}[2J\u{202e}jméno\r\nEND:VEVENT\r\n");
    let message = read(&text).unwrap_err().message(Lang::Cs);
    assert!(
        !message.contains('\u{1b}') && !message.contains('\u{202e}'),
        "{message:?}"
    );
    assert!(
        message.contains("Zlé\u{fffd}[2J\u{fffd}jméno"),
        "{message:?}"
    );
}

#[test]
fn events_without_a_uid_get_the_same_one_each_time() {
    let text = wrap(
        "BEGIN:VEVENT\r\nSUMMARY:A\r\nDTSTART:20190604T150000\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nSUMMARY:B\r\nDTSTART:20190604T150000\r\nEND:VEVENT\r\n",
    );
    let first = read(&text).unwrap().events;
    let again = read(&text).unwrap().events;
    assert_eq!(first, again);
    assert_ne!(first[0].uid, first[1].uid);
    assert!(first[0].uid.ends_with("@kpss-import"), "{}", first[0].uid);
}

#[test]
fn the_writer_refuses_a_meeting_the_reader_would_refuse() {
    for year in [0, 1899, 2101, 99_999] {
        let mut e = sample_event();
        e.meeting.date = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let err = write("x", &[e], stamp()).unwrap_err();
        assert!(
            matches!(err, IcsError::MeetingOutOfRange { id: 7, .. }),
            "{err:?}"
        );
        assert!(err.message(Lang::Cs).contains("mimo rozsah let 1900–2100"));
    }
}

#[test]
fn an_imported_meeting_is_written_with_its_own_uid() {
    let mut e = sample_event();
    e.meeting.uid = "porada@example.org/20190604T150000".into();
    let text = write("x", &[e], stamp()).unwrap();
    assert!(
        text.contains("UID:porada@example.org/20190604T150000\r\n"),
        "{text}"
    );
    assert_eq!(
        read(&text).unwrap().events[0].uid,
        "porada@example.org/20190604T150000"
    );
}

proptest! {
    #[test]
    fn whatever_the_writer_writes_the_reader_reads(
        day in 0i64..(201 * 365),
        start in proptest::option::of((0u32..24, 0u32..60)),
        length in proptest::option::of(0u32..(6 * 60)),
        title in "\\PC{0,40}",
        place in "[a-zA-Zá-ž ,;:\\\\]{0,30}",
    ) {
        let mut e = sample_event();
        let m = &mut e.meeting;
        m.date = date(1900, 1, 1) + chrono::Duration::days(day);
        prop_assume!(m.date.year() <= LAST_YEAR);
        m.start = start.map(|(h, min)| time(h, min));
        m.end = match (m.start, length) {
            (Some(s), Some(l)) => {
                let end = s + chrono::Duration::minutes(i64::from(l));
                (end >= s).then_some(end)
            }
            _ => None,
        };
        m.title = title;
        m.place = place;
        let text = write("x", &[e.clone()], stamp()).unwrap();
        let back = read(&text).unwrap().events;
        prop_assert_eq!(back.len(), 1);
        prop_assert_eq!(back[0].date, e.meeting.date);
        prop_assert_eq!(back[0].start, e.meeting.start);
    }
}
