//! The computation: which meetings count as held, and the sums over them.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::model::meeting::Counts;
use crate::model::{Group, Id, Meeting, MeetingState, Presence};

/// A meeting with its number within its group (its place in the group's date order,
/// counted over the group's whole history, not just the report's period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub number: usize,
    pub meeting: Meeting,
}

/// How a meeting stands for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Counted as held.
    Held,
    /// Planned, dated in the past, nobody recorded present: not counted, reported.
    Unconfirmed,
    /// Cancelled, or planned for today or later: not counted.
    NotHeld,
}

/// How `meeting` counts on `today`; see the module documentation.
pub fn standing(meeting: &Meeting, today: NaiveDate) -> Standing {
    match meeting.state {
        MeetingState::Held => Standing::Held,
        MeetingState::Cancelled => Standing::NotHeld,
        MeetingState::Planned if meeting.date >= today => Standing::NotHeld,
        MeetingState::Planned => {
            let anyone = meeting
                .attendance
                .iter()
                .any(|a| a.presence == Presence::Present);
            if anyone {
                Standing::Held
            } else {
                Standing::Unconfirmed
            }
        }
    }
}

/// One held meeting's line in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingLine {
    pub id: Id,
    pub date: NaiveDate,
    pub number: usize,
    pub counts: Counts,
    /// False when nobody's attendance and no guest was written down: the counts are
    /// then unknown rather than zero.
    pub recorded: bool,
}

/// Sums over held meetings, with the distinct people present.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sums {
    pub meetings: usize,
    /// Held meetings whose attendance was written down; averages are over these.
    pub recorded: usize,
    pub present: usize,
    pub excused: usize,
    pub absent: usize,
    pub guests: usize,
    /// How many different people (by person id) were present at least once.
    pub people: usize,
    /// Planned meetings in the past with nobody present: not counted in `meetings`.
    pub unconfirmed: usize,
}

impl Sums {
    /// People present per held meeting with recorded attendance; `None` when there is
    /// no such meeting.
    pub fn average(&self) -> Option<f64> {
        (self.recorded > 0).then(|| self.present as f64 / self.recorded as f64)
    }

    /// A sum as text, or `unknown` when no meeting's attendance was written down.
    pub(super) fn known(&self, n: usize, unknown: &str) -> String {
        if self.recorded > 0 {
            n.to_string()
        } else {
            unknown.to_string()
        }
    }

    fn add(&mut self, c: Counts, recorded: bool) {
        self.meetings += 1;
        self.recorded += usize::from(recorded);
        self.present += c.present;
        self.excused += c.excused;
        self.absent += c.absent;
        self.guests += c.guests;
    }
}

/// One group's attendance in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupAttendance {
    pub group: Id,
    pub name: String,
    /// The held meetings, in date order.
    pub meetings: Vec<MeetingLine>,
    pub sums: Sums,
}

/// Attendance of every group in scope over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceReport {
    /// What the report covers, in words ("projekt CZ.03.… – Název").
    pub scope: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every group in scope in id order, also those that did not meet.
    pub groups: Vec<GroupAttendance>,
    /// Over all groups; `people` counts each person once however many groups they sat in.
    pub total: Sums,
}

/// Computes the report. `meetings` may hold meetings of other groups or outside the
/// period: only the scope's groups' meetings from `from` to `to` (both included) count.
pub fn attendance(
    scope: String,
    groups: &[Group],
    meetings: &[Numbered],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> AttendanceReport {
    let mut groups: Vec<&Group> = groups.iter().collect();
    groups.sort_by_key(|g| g.id);
    groups.dedup_by_key(|g| g.id);
    let mut in_period: Vec<&Numbered> = meetings
        .iter()
        .filter(|n| (from..=to).contains(&n.meeting.date))
        .collect();
    in_period.sort_by_key(|n| (n.meeting.date, n.number, n.meeting.id));
    let mut everyone = BTreeSet::new();
    let mut total = Sums::default();
    let mut out = Vec::with_capacity(groups.len());
    for group in groups {
        let mut people = BTreeSet::new();
        let mut sums = Sums::default();
        let mut lines = Vec::new();
        for n in in_period
            .iter()
            .filter(|n| n.meeting.group == Some(group.id))
        {
            let m = &n.meeting;
            match standing(m, today) {
                Standing::Held => {}
                Standing::Unconfirmed => {
                    sums.unconfirmed += 1;
                    continue;
                }
                Standing::NotHeld => continue,
            }
            let counts = m.counts();
            let recorded = !m.attendance.is_empty() || !m.guests.is_empty();
            sums.add(counts, recorded);
            for a in &m.attendance {
                if a.presence == Presence::Present {
                    people.insert(a.person);
                    everyone.insert(a.person);
                }
            }
            lines.push(MeetingLine {
                id: m.id,
                date: m.date,
                number: n.number,
                counts,
                recorded,
            });
        }
        sums.people = people.len();
        total.meetings += sums.meetings;
        total.recorded += sums.recorded;
        total.present += sums.present;
        total.excused += sums.excused;
        total.absent += sums.absent;
        total.guests += sums.guests;
        total.unconfirmed += sums.unconfirmed;
        out.push(GroupAttendance {
            group: group.id,
            name: group.name.clone(),
            meetings: lines,
            sums,
        });
    }
    total.people = everyone.len();
    AttendanceReport {
        scope,
        from,
        to,
        groups: out,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::report::test_support::{date, group, meeting, numbered, sample};
    use crate::report::{csv, format_average, markdown};
    use MeetingState::{Cancelled, Held, Planned};
    use Presence::{Excused, Present};

    #[test]
    fn counts_held_meetings_and_distinct_people() {
        let r = sample();
        assert_eq!(r.groups.len(), 2);
        let rs = &r.groups[0];
        assert_eq!(rs.group, 1);
        let numbers: Vec<usize> = rs.meetings.iter().map(|m| m.number).collect();
        assert_eq!(numbers, [2, 3]);
        assert_eq!(
            rs.sums,
            Sums {
                meetings: 2,
                recorded: 2,
                present: 4,
                excused: 1,
                absent: 1,
                guests: 1,
                people: 3,
                unconfirmed: 0,
            }
        );
        assert_eq!(rs.sums.average(), Some(2.0));
        let ps = &r.groups[1];
        assert_eq!(ps.group, 2);
        assert_eq!(ps.meetings.len(), 1);
        assert_eq!(ps.sums.present, 2);
        assert_eq!(ps.sums.people, 2);
        assert_eq!(ps.sums.unconfirmed, 1);
        // Person 3 sat in both groups: counted once over all.
        assert_eq!(
            r.total,
            Sums {
                meetings: 3,
                recorded: 3,
                present: 6,
                excused: 1,
                absent: 1,
                guests: 1,
                people: 4,
                unconfirmed: 1,
            }
        );
        assert_eq!(r.total.average(), Some(2.0));
    }

    #[test]
    fn a_meeting_without_attendance_is_held_but_not_averaged() {
        let meetings = [
            numbered(1, meeting(1, 1, date(2018, 1, 10), Held, &[])),
            numbered(
                2,
                meeting(
                    2,
                    1,
                    date(2018, 2, 10),
                    Held,
                    &[(1, Present), (2, Present), (3, Present)],
                ),
            ),
        ];
        let r = attendance(
            "test".into(),
            &[group(1, "ŘS")],
            &meetings,
            date(2018, 1, 1),
            date(2018, 12, 31),
            date(2018, 5, 1),
        );
        let s = &r.groups[0].sums;
        assert_eq!((s.meetings, s.recorded, s.present), (2, 1, 3));
        assert_eq!(s.average(), Some(3.0));
        assert!(!r.groups[0].meetings[0].recorded);
        let md = markdown(&r, Lang::Cs);
        assert!(md.contains("| 1. | 10. 1. 2018 | – | – | – | – |"), "{md}");
        let bytes = csv(&r, Lang::Cs).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\r\nŘS;10.1.2018;1;;;;;;;\r\n"), "{text}");
    }

    #[test]
    fn a_group_that_did_not_meet_has_no_average() {
        let r = attendance(
            "test".into(),
            &[group(1, "ŘS")],
            &[],
            date(2018, 1, 1),
            date(2018, 12, 31),
            date(2018, 5, 1),
        );
        assert_eq!(r.groups[0].sums, Sums::default());
        assert_eq!(r.total.average(), None);
        assert_eq!(format_average(r.total.average(), Lang::Cs), "–");
        assert!(markdown(&r, Lang::Cs).contains("V období se skupina nesešla."));
    }

    #[test]
    fn standing_of_each_state() {
        let today = date(2018, 5, 1);
        let m = |on, state, people: &[(Id, Presence)]| meeting(1, 1, on, state, people);
        let past = date(2018, 4, 30);
        assert_eq!(standing(&m(past, Held, &[]), today), Standing::Held);
        assert_eq!(
            standing(&m(past, Cancelled, &[(1, Present)]), today),
            Standing::NotHeld
        );
        assert_eq!(
            standing(&m(past, Planned, &[(1, Excused)]), today),
            Standing::Unconfirmed
        );
        assert_eq!(
            standing(&m(past, Planned, &[(1, Present)]), today),
            Standing::Held
        );
        assert_eq!(
            standing(&m(today, Planned, &[(1, Present)]), today),
            Standing::NotHeld
        );
    }
}
