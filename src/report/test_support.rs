//! Helpers shared by the module's unit tests.

use chrono::NaiveDate;

use super::{AttendanceReport, Numbered, attendance};
use crate::model::{Attendance, Group, Id, Meeting, MeetingState, Presence};

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn group(id: Id, name: &str) -> Group {
    Group {
        id,
        name: name.into(),
        region: 1,
        ..Group::default()
    }
}

pub(super) fn meeting(
    id: Id,
    group: Id,
    on: NaiveDate,
    state: MeetingState,
    people: &[(Id, Presence)],
) -> Meeting {
    Meeting {
        id,
        region: 1,
        group: Some(group),
        date: on,
        state,
        attendance: people
            .iter()
            .map(|&(person, presence)| Attendance { person, presence })
            .collect(),
        ..Meeting::default()
    }
}

pub(super) fn numbered(number: usize, meeting: Meeting) -> Numbered {
    Numbered { number, meeting }
}

use MeetingState::{Cancelled, Held, Planned};
use Presence::{Absent, Excused, Present};

pub(super) fn sample() -> AttendanceReport {
    let groups = [group(2, "PS Senioři"), group(1, "ŘS")];
    let mut m1 = meeting(
        1,
        1,
        date(2018, 1, 10),
        Held,
        &[(1, Present), (2, Present), (3, Excused)],
    );
    m1.guests = vec!["Host".into()];
    let meetings = [
        // Before the period: not counted, but it gives the next meeting number 2.
        numbered(1, meeting(9, 1, date(2017, 6, 1), Held, &[(1, Present)])),
        numbered(2, m1),
        numbered(
            3,
            meeting(
                2,
                1,
                date(2018, 2, 10),
                Held,
                &[(1, Present), (3, Present), (2, Absent)],
            ),
        ),
        // Cancelled: never counts, even with attendance filled in.
        numbered(
            4,
            meeting(3, 1, date(2018, 3, 10), Cancelled, &[(4, Present)]),
        ),
        // Planned in the past with people present: counts.
        numbered(
            1,
            meeting(
                4,
                2,
                date(2018, 2, 1),
                Planned,
                &[(3, Present), (5, Present)],
            ),
        ),
        // Planned in the past, nobody present: unconfirmed.
        numbered(2, meeting(5, 2, date(2018, 3, 1), Planned, &[])),
        // Planned after today: not counted.
        numbered(3, meeting(6, 2, date(2018, 6, 1), Planned, &[(6, Present)])),
        // A group outside the scope.
        numbered(1, meeting(7, 3, date(2018, 2, 1), Held, &[(7, Present)])),
    ];
    attendance(
        "test".into(),
        &groups,
        &meetings,
        date(2018, 1, 1),
        date(2018, 12, 31),
        date(2018, 5, 1),
    )
}
