//! Clashes between meetings: a person expected at two meetings at once, or a place
//! booked twice. These are warnings for the clerk, never refusals: a clash may be
//! intended (a member who leaves early, a big hall shared by two groups).

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};

use crate::model::text::fold;
use crate::model::{Id, Lang, Meeting, MeetingState};

/// How long a meeting with a start but no end is taken to last.
pub const DEFAULT_LENGTH_MINUTES: i64 = 120;

/// One clash of `meeting` with `other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// The person is expected at both meetings.
    Person { person: Id, other: Id },
    /// Both meetings are in the same place.
    Place { other: Id },
}

impl Clash {
    pub fn other(&self) -> Id {
        match self {
            Clash::Person { other, .. } | Clash::Place { other } => *other,
        }
    }

    /// `Jana Nováková má ve stejnou dobu jednání „2. jednání ŘS“` and the like; the
    /// caller gives the person's and the other meeting's names.
    pub fn message(&self, person: &str, other: &str, lang: Lang) -> String {
        match (self, lang) {
            (Clash::Person { .. }, Lang::Cs) => {
                format!("{person} má ve stejnou dobu i {other}")
            }
            (Clash::Person { .. }, Lang::En) => {
                format!("{person} is expected at {other} at the same time")
            }
            (Clash::Place { .. }, Lang::Cs) => {
                format!("místo je ve stejnou dobu obsazené: {other}")
            }
            (Clash::Place { .. }, Lang::En) => {
                format!("the place is booked at the same time: {other}")
            }
        }
    }
}

/// When a meeting takes place: a meeting without a start time takes the whole day, one
/// without an end [`DEFAULT_LENGTH_MINUTES`].
fn span(m: &Meeting) -> (NaiveDateTime, NaiveDateTime) {
    match m.start {
        Some(start) => {
            let from = m.date.and_time(start);
            let to = match m.end {
                Some(end) if end > start => m.date.and_time(end),
                _ => from + TimeDelta::minutes(DEFAULT_LENGTH_MINUTES),
            };
            (from, to)
        }
        None => {
            let from = m.date.and_time(NaiveTime::MIN);
            (from, from + TimeDelta::days(1))
        }
    }
}

/// Whether two meetings share any time (a meeting that ends at 10:00 does not clash
/// with one that starts at 10:00). Cancelled meetings never clash.
pub fn overlaps(a: &Meeting, b: &Meeting) -> bool {
    if a.state == MeetingState::Cancelled || b.state == MeetingState::Cancelled {
        return false;
    }
    let (a_from, a_to) = span(a);
    let (b_from, b_to) = span(b);
    a_from < b_to && b_from < a_to
}

/// The clashes of `meeting`, at which `mine` are expected, with `others` (the other
/// meetings of its days, each with the people expected there; the meeting itself, by id,
/// is skipped).
pub fn clashes(meeting: &Meeting, mine: &[Id], others: &[(Meeting, Vec<Id>)]) -> Vec<Clash> {
    let place = fold(meeting.place.trim());
    let mut out = Vec::new();
    for (other, theirs) in others {
        if (meeting.id != 0 && other.id == meeting.id) || !overlaps(meeting, other) {
            continue;
        }
        if !place.is_empty() && fold(other.place.trim()) == place {
            out.push(Clash::Place { other: other.id });
        }
        for person in mine {
            if theirs.contains(person) {
                out.push(Clash::Person {
                    person: *person,
                    other: other.id,
                });
            }
        }
    }
    out
}

/// Everyone expected at `meeting`: those with an attendance entry plus the extra people
/// the caller knows (its group's members), less those who sent their excuses.
pub fn expected(meeting: &Meeting, extra: &[Id]) -> Vec<Id> {
    let excused: Vec<Id> = meeting
        .attendance
        .iter()
        .filter(|a| a.presence == crate::model::Presence::Excused)
        .map(|a| a.person)
        .collect();
    let mut ids: Vec<Id> = meeting
        .attendance
        .iter()
        .map(|a| a.person)
        .chain(extra.iter().copied())
        .filter(|id| !excused.contains(id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Presence};
    use chrono::NaiveDate;

    fn at(id: Id, day: u32, start: Option<(u32, u32)>, end: Option<(u32, u32)>) -> Meeting {
        Meeting {
            id,
            region: 1,
            title: format!("m{id}"),
            date: NaiveDate::from_ymd_opt(2018, 12, day).unwrap(),
            start: start.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
            end: end.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
            ..Meeting::default()
        }
    }

    fn with(mut m: Meeting, people: &[Id], place: &str) -> Meeting {
        m.attendance = people
            .iter()
            .map(|&person| Attendance {
                person,
                presence: Presence::Present,
            })
            .collect();
        m.place = place.into();
        m
    }

    fn expecting(meetings: Vec<Meeting>) -> Vec<(Meeting, Vec<Id>)> {
        meetings
            .into_iter()
            .map(|m| {
                let people = expected(&m, &[]);
                (m, people)
            })
            .collect()
    }

    #[test]
    fn touching_meetings_do_not_overlap() {
        let a = at(1, 3, Some((8, 0)), Some((10, 0)));
        let b = at(2, 3, Some((10, 0)), Some((12, 0)));
        assert!(!overlaps(&a, &b));
        let c = at(3, 3, Some((9, 30)), None);
        assert!(overlaps(&a, &c));
        assert!(overlaps(&b, &c), "no end means two hours: 9:30–11:30");
    }

    #[test]
    fn a_meeting_without_time_takes_the_day() {
        let day = at(1, 3, None, None);
        assert!(overlaps(&day, &at(2, 3, Some((16, 0)), Some((17, 0)))));
        assert!(!overlaps(&day, &at(3, 4, Some((0, 0)), Some((1, 0)))));
    }

    #[test]
    fn cancelled_meetings_never_clash() {
        let a = at(1, 3, Some((8, 0)), Some((10, 0)));
        let mut b = at(2, 3, Some((9, 0)), Some((11, 0)));
        b.state = MeetingState::Cancelled;
        assert!(!overlaps(&a, &b));
    }

    #[test]
    fn a_person_at_two_meetings_and_a_double_booked_place() {
        let new = with(
            at(0, 3, Some((9, 0)), Some((11, 0))),
            &[5, 6],
            "Zasedací místnost MěÚ",
        );
        let others = expecting(vec![
            with(
                at(1, 3, Some((10, 0)), Some((12, 0))),
                &[6, 7],
                "zasedaci mistnost měú ",
            ),
            with(
                at(2, 3, Some((12, 0)), Some((13, 0))),
                &[5],
                "Zasedací místnost MěÚ",
            ),
            with(at(3, 3, Some((8, 0)), Some((9, 30))), &[8], "Klub seniorů"),
        ]);
        let got = clashes(&new, &expected(&new, &[]), &others);
        assert_eq!(
            got,
            vec![
                Clash::Place { other: 1 },
                Clash::Person {
                    person: 6,
                    other: 1
                }
            ]
        );
    }

    #[test]
    fn group_members_count_as_expected_and_the_meeting_skips_itself() {
        let edited = at(1, 3, Some((9, 0)), Some((11, 0)));
        let other = at(2, 3, Some((10, 0)), Some((12, 0)));
        // Person 9 is a member of both meetings' groups; nobody has attendance yet.
        let others = vec![(edited.clone(), vec![9]), (other, vec![9])];
        let got = clashes(&edited, &expected(&edited, &[9]), &others);
        assert_eq!(
            got,
            vec![Clash::Person {
                person: 9,
                other: 2
            }]
        );
    }

    #[test]
    fn excused_people_are_not_expected() {
        let mut m = at(1, 3, None, None);
        m.attendance = vec![
            Attendance {
                person: 1,
                presence: Presence::Excused,
            },
            Attendance {
                person: 2,
                presence: Presence::Present,
            },
        ];
        assert_eq!(expected(&m, &[3, 2, 1]), vec![2, 3]);
    }

    #[test]
    fn messages_name_the_person_and_the_other_meeting() {
        let clash = Clash::Person {
            person: 1,
            other: 2,
        };
        assert_eq!(
            clash.message("Jana Nováková", "2. jednání ŘS", Lang::Cs),
            "Jana Nováková má ve stejnou dobu i 2. jednání ŘS"
        );
        assert_eq!(clash.other(), 2);
    }
}
