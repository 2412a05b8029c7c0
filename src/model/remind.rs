//! What `kpss remind` lists (and what is due beyond the meetings): upcoming meetings
//! without an invitation sent, past meetings still to close (the rules of
//! [`crate::model::due`]), project outputs due, memberships ending. Pure rules over
//! records the caller has read.
//!
//! Other kinds of due things join by making [`Reminder`]s of their own
//! ([`ReminderKind::Deadline`] is there for action-plan deadlines) and handing them to
//! [`sorted`] with the rest.

use chrono::{Days, NaiveDate, NaiveTime};
use serde::Serialize;

use crate::model::due::{Due, why_due};
use crate::model::{
    Group, Id, Kind, Lang, Meeting, MeetingState, Membership, OutputState, Project, RecordRef,
};

/// Why something is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// A past meeting still marked planned.
    StillPlanned,
    /// A past meeting held without attendance recorded.
    NoAttendance,
    /// A project output due by the horizon (or overdue), not done or dropped.
    OutputDue,
    /// A deadline of another kind of record (action plans).
    Deadline,
    /// A meeting within the horizon whose invitation is not marked sent.
    InvitationNotSent,
    /// A membership that ends within the horizon.
    MembershipEnding,
}

impl ReminderKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReminderKind::StillPlanned => Due::StillPlanned.label(lang),
            ReminderKind::NoAttendance => Due::NoAttendance.label(lang),
            ReminderKind::OutputDue => lang.pick("výstup k termínu", "output due"),
            ReminderKind::Deadline => lang.pick("termín", "deadline"),
            ReminderKind::InvitationNotSent => {
                lang.pick("pozvánka neodeslána", "invitation not sent")
            }
            ReminderKind::MembershipEnding => lang.pick("končí členství", "membership ends"),
        }
    }
}

/// One thing due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub kind: ReminderKind,
    /// The meeting's day, the output's due date, the membership's last day.
    pub date: NaiveDate,
    /// A meeting's start.
    pub start: Option<NaiveTime>,
    pub region: Id,
    /// The record to open.
    pub record: RecordRef,
    /// The output's title (for an output; others are named by the caller).
    pub title: String,
}

/// The last day `days` after `today`.
pub fn horizon(today: NaiveDate, days: u32) -> NaiveDate {
    today
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Meetings: those from today to the horizon without an invitation sent, and the past
/// ones [`why_due`] finds still to close. Cancelled meetings never.
pub fn meetings<'a>(
    meetings: impl IntoIterator<Item = &'a Meeting>,
    today: NaiveDate,
    days: u32,
) -> Vec<Reminder> {
    let until = horizon(today, days);
    meetings
        .into_iter()
        .filter(|m| m.state != MeetingState::Cancelled)
        .filter_map(|m| {
            let kind = if m.date >= today {
                (m.date <= until && m.invitation_sent.is_none())
                    .then_some(ReminderKind::InvitationNotSent)?
            } else {
                match why_due(m, today)? {
                    Due::StillPlanned => ReminderKind::StillPlanned,
                    Due::NoAttendance => ReminderKind::NoAttendance,
                    Due::Upcoming => return None,
                }
            };
            Some(Reminder {
                kind,
                date: m.date,
                start: m.start,
                region: m.region,
                record: RecordRef::new(Kind::Meeting, m.id),
                title: m.title.clone(),
            })
        })
        .collect()
}

/// Project outputs due by the horizon (overdue ones too) that are neither done nor
/// dropped.
pub fn outputs<'a>(
    projects: impl IntoIterator<Item = &'a Project>,
    today: NaiveDate,
    days: u32,
) -> Vec<Reminder> {
    let until = horizon(today, days);
    let mut out = Vec::new();
    for p in projects {
        for o in &p.outputs {
            let open = matches!(o.state, OutputState::Planned | OutputState::InProgress);
            if let Some(due) = o.due
                && open
                && due <= until
            {
                out.push(Reminder {
                    kind: ReminderKind::OutputDue,
                    date: due,
                    start: None,
                    region: p.region,
                    record: RecordRef::new(Kind::Project, p.id),
                    title: o.title.clone(),
                });
            }
        }
    }
    out
}

/// Memberships whose last day falls from today to the horizon; `groups` gives each
/// group's region.
pub fn memberships<'a>(
    memberships: impl IntoIterator<Item = &'a Membership>,
    groups: &[Group],
    today: NaiveDate,
    days: u32,
) -> Vec<Reminder> {
    let until = horizon(today, days);
    memberships
        .into_iter()
        .filter_map(|m| {
            let end = m.until?;
            if end < today || end > until {
                return None;
            }
            let region = groups.iter().find(|g| g.id == m.group)?.region;
            Some(Reminder {
                kind: ReminderKind::MembershipEnding,
                date: end,
                start: None,
                region,
                record: RecordRef::new(Kind::Membership, m.id),
                title: String::new(),
            })
        })
        .collect()
}

/// All of them in one list, by date (so past things first), kind and record; those
/// of `region` only when given.
pub fn sorted(mut items: Vec<Reminder>, region: Option<Id>) -> Vec<Reminder> {
    items.retain(|r| region.is_none_or(|id| r.region == id));
    items.sort_by(|a, b| {
        (a.date, a.start, a.kind, a.record.kind.name(), a.record.id).cmp(&(
            b.date,
            b.start,
            b.kind,
            b.record.kind.name(),
            b.record.id,
        ))
    });
    items
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::{Attendance, Output, Presence};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn each_kind_is_found_and_nothing_else() {
        let today = day(2018, 12, 10);
        let meeting = |id, date, state, sent: Option<NaiveDate>| Meeting {
            id,
            region: 10,
            date,
            state,
            invitation_sent: sent,
            ..Meeting::default()
        };
        let held = meeting(4, day(2018, 12, 3), MeetingState::Held, None);
        let mut attended = held.clone();
        attended.id = 5;
        attended.attendance = vec![Attendance {
            person: 1,
            presence: Presence::Present,
        }];
        let ms = [
            meeting(1, day(2018, 12, 17), MeetingState::Planned, None),
            meeting(2, day(2018, 12, 18), MeetingState::Planned, Some(today)),
            meeting(3, day(2018, 11, 26), MeetingState::Planned, None),
            held,
            attended,
            meeting(6, day(2019, 1, 21), MeetingState::Planned, None),
            meeting(7, day(2018, 12, 12), MeetingState::Cancelled, None),
        ];
        let found: Vec<(Id, ReminderKind)> = meetings(&ms, today, 14)
            .iter()
            .map(|r| (r.record.id, r.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                (1, ReminderKind::InvitationNotSent),
                (3, ReminderKind::StillPlanned),
                (4, ReminderKind::NoAttendance),
            ]
        );
        let project = Project {
            id: 5,
            region: 10,
            outputs: vec![
                Output {
                    title: "Akční plán 2019".into(),
                    due: Some(day(2018, 12, 20)),
                    state: OutputState::InProgress,
                    document: None,
                },
                Output {
                    title: "Hotový".into(),
                    due: Some(day(2018, 12, 1)),
                    state: OutputState::Done,
                    document: None,
                },
                Output {
                    title: "Pozdější".into(),
                    due: Some(day(2019, 6, 30)),
                    state: OutputState::Planned,
                    document: None,
                },
            ],
            ..Project::default()
        };
        let due = outputs([&project], today, 14);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].title, "Akční plán 2019");
        let group = Group {
            id: 1,
            region: 10,
            ..Group::default()
        };
        let ending = Membership {
            id: 9,
            group: 1,
            until: Some(day(2018, 12, 31)),
            ..Membership::default()
        };
        let ended = Membership {
            id: 8,
            group: 1,
            until: Some(day(2018, 12, 1)),
            ..Membership::default()
        };
        let found = memberships([&ending, &ended], &[group], today, 30);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].record, RecordRef::new(Kind::Membership, 9));
        let all = sorted([meetings(&ms, today, 14), due, found].concat(), Some(10));
        assert_eq!(all.first().map(|r| r.record.id), Some(3));
        assert!(sorted(all, Some(12)).is_empty());
    }
}
