//! What is due ("Ke zpracování"): the meetings a clerk should prepare this week and
//! next, and the past ones still to be closed — still marked planned, or held without
//! anyone's attendance recorded. Pure rules over meetings the caller has read; the
//! terminal application shows them on start and `kpss remind` can send them.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use crate::model::{Id, Lang, Meeting, MeetingState};

/// How far back a past meeting is still listed as not closed.
pub const PAST_WEEKS: u64 = 8;

/// The days whose meetings can be due at `today`: from [`PAST_WEEKS`] back to the
/// Sunday of next week, both included. Read the meetings of these days and no others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub today: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn around(today: NaiveDate) -> Window {
        let from = today
            .checked_sub_days(Days::new(PAST_WEEKS * 7))
            .unwrap_or(NaiveDate::MIN);
        // Monday of this week + 13 days: the Sunday of the next one.
        let to_sunday = 13 - u64::from(today.weekday().num_days_from_monday());
        let to = today
            .checked_add_days(Days::new(to_sunday))
            .unwrap_or(NaiveDate::MAX);
        Window { from, today, to }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Why a meeting is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    /// Past and still marked planned: it was held or cancelled, the register does not
    /// say which.
    StillPlanned,
    /// Held, and nobody's attendance recorded (no one from the register, no guest).
    NoAttendance,
    /// This week or next, today included: to prepare.
    Upcoming,
}

impl Due {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Due::StillPlanned => lang.pick("stále plánováno", "still planned"),
            Due::NoAttendance => lang.pick("bez docházky", "no attendance"),
            Due::Upcoming => lang.pick("nadcházející", "upcoming"),
        }
    }

    /// Whether the meeting lies behind and needs closing.
    pub fn is_past(self) -> bool {
        self != Due::Upcoming
    }
}

/// One due meeting, with what a list of them shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub meeting: Id,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub region: Id,
    pub group: Option<Id>,
    /// The meeting's own title (for a meeting outside a group).
    pub title: String,
    pub due: Due,
}

/// Why `m` is due at `today`, or `None`. A cancelled meeting is never due.
pub fn why_due(m: &Meeting, today: NaiveDate) -> Option<Due> {
    let window = Window::around(today);
    if !window.contains(m.date) || m.state == MeetingState::Cancelled {
        return None;
    }
    if m.date >= today {
        return Some(Due::Upcoming);
    }
    match m.state {
        MeetingState::Planned => Some(Due::StillPlanned),
        MeetingState::Held if m.attendance.is_empty() && m.guests.is_empty() => {
            Some(Due::NoAttendance)
        }
        _ => None,
    }
}

/// The due meetings among `meetings` at `today`: those of `regions` (all when empty),
/// past ones first, each part in date and time order. Meetings outside
/// [`Window::around`] are not due, so a caller may pass more than the window.
pub fn due_items<'a>(
    meetings: impl IntoIterator<Item = &'a Meeting>,
    today: NaiveDate,
    regions: &[Id],
) -> Vec<DueItem> {
    let mut items: Vec<DueItem> = meetings
        .into_iter()
        .filter(|m| regions.is_empty() || regions.contains(&m.region))
        .filter_map(|m| {
            why_due(m, today).map(|due| DueItem {
                meeting: m.id,
                date: m.date,
                start: m.start,
                region: m.region,
                group: m.group,
                title: m.title.clone(),
                due,
            })
        })
        .collect();
    items.sort_by_key(|i| (!i.due.is_past(), i.date, i.start, i.meeting));
    items.dedup_by_key(|i| i.meeting);
    items
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::{Attendance, Presence};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn meeting(id: Id, date: NaiveDate, state: MeetingState, attended: bool) -> Meeting {
        Meeting {
            id,
            region: 10,
            date,
            state,
            attendance: if attended {
                vec![Attendance {
                    person: 1,
                    presence: Presence::Present,
                }]
            } else {
                Vec::new()
            },
            ..Meeting::default()
        }
    }

    #[test]
    fn the_window_runs_eight_weeks_back_to_next_sunday() {
        // Friday 1. 6. 2018: next week ends on Sunday 10. 6.
        let w = Window::around(day(2018, 6, 1));
        assert_eq!(w.from, day(2018, 4, 6));
        assert_eq!(w.to, day(2018, 6, 10));
        // On a Monday the same fortnight: to the Sunday after next.
        assert_eq!(Window::around(day(2018, 6, 4)).to, day(2018, 6, 17));
        // On a Sunday, this week ends today: next week's Sunday.
        assert_eq!(Window::around(day(2018, 6, 3)).to, day(2018, 6, 10));
    }

    #[test]
    fn past_meetings_are_due_until_closed() {
        let today = day(2018, 6, 1);
        let past = day(2018, 5, 15);
        use MeetingState::*;
        assert_eq!(
            why_due(&meeting(1, past, Planned, true), today),
            Some(Due::StillPlanned)
        );
        assert_eq!(
            why_due(&meeting(1, past, Planned, false), today),
            Some(Due::StillPlanned)
        );
        assert_eq!(
            why_due(&meeting(1, past, Held, false), today),
            Some(Due::NoAttendance)
        );
        assert_eq!(why_due(&meeting(1, past, Held, true), today), None);
        assert_eq!(why_due(&meeting(1, past, Cancelled, false), today), None);
        // Guests are attendance too.
        let mut guests = meeting(1, past, Held, false);
        guests.guests.push("Jan Host".into());
        assert_eq!(why_due(&guests, today), None);
        // Older than eight weeks: no longer listed.
        assert_eq!(
            why_due(&meeting(1, day(2018, 4, 5), Planned, false), today),
            None
        );
        assert_eq!(
            why_due(&meeting(1, day(2018, 4, 6), Planned, false), today),
            Some(Due::StillPlanned)
        );
    }

    #[test]
    fn meetings_of_this_week_and_next_are_upcoming() {
        let today = day(2018, 6, 1);
        use MeetingState::*;
        for date in [today, day(2018, 6, 10)] {
            assert_eq!(
                why_due(&meeting(1, date, Planned, false), today),
                Some(Due::Upcoming),
                "{date}"
            );
            // Whatever its state, except cancelled.
            assert_eq!(
                why_due(&meeting(1, date, Held, true), today),
                Some(Due::Upcoming)
            );
            assert_eq!(why_due(&meeting(1, date, Cancelled, false), today), None);
        }
        assert_eq!(
            why_due(&meeting(1, day(2018, 6, 11), Planned, false), today),
            None
        );
    }

    #[test]
    fn items_are_past_first_in_date_order_and_of_my_regions() {
        let today = day(2018, 6, 1);
        use MeetingState::*;
        let mut elsewhere = meeting(4, day(2018, 5, 2), Planned, false);
        elsewhere.region = 12;
        let meetings = [
            meeting(1, day(2018, 6, 5), Planned, false),
            meeting(2, day(2018, 5, 20), Planned, false),
            meeting(3, day(2018, 4, 20), Held, false),
            elsewhere,
            meeting(5, day(2018, 5, 25), Held, true),
        ];
        let ids = |regions: &[Id]| -> Vec<(Id, Due)> {
            due_items(&meetings, today, regions)
                .iter()
                .map(|i| (i.meeting, i.due))
                .collect()
        };
        assert_eq!(
            ids(&[]),
            vec![
                (3, Due::NoAttendance),
                (4, Due::StillPlanned),
                (2, Due::StillPlanned),
                (1, Due::Upcoming)
            ]
        );
        assert_eq!(
            ids(&[10]),
            vec![
                (3, Due::NoAttendance),
                (2, Due::StillPlanned),
                (1, Due::Upcoming)
            ]
        );
        assert_eq!(ids(&[12]), vec![(4, Due::StillPlanned)]);
    }
}
