//! Helpers shared by the module's unit tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use super::MeetingEvent;
use crate::model::{Meeting, MeetingKind, MeetingState};

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub(super) fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2019, 1, 2, 3, 4, 5).unwrap()
}

pub(super) fn wrap(events: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//EN\r\n{events}END:VCALENDAR\r\n"
    )
}
pub(super) fn sample_event() -> MeetingEvent {
    MeetingEvent {
        meeting: Meeting {
            id: 7,
            region: 10,
            group: Some(1),
            kind: MeetingKind::Steering,
            date: date(2018, 6, 4),
            start: Some(time(15, 0)),
            end: Some(time(17, 30)),
            place: "MěÚ Soběslav, zasedací místnost; 2. patro".into(),
            agenda: "1. Zahájení\n2. Akční plán, priority; rozpočet".into(),
            minutes: "Schváleno.".into(),
            state: MeetingState::Held,
            ..Meeting::default()
        },
        group: Some("ŘS Soběslav".into()),
        region: "Soběslav".into(),
        number: Some(3),
    }
}
