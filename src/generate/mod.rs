//! Generated registers for benchmarks: the sample register grown by invented groups,
//! people and meetings ([`grow`]), or a whole country's register ([`national`]).
//! Deterministic, so runs compare.

mod names;
mod national;
mod services;

pub use national::{NATIONAL, Shape, national};
pub use services::providers;

use chrono::{Days, NaiveDate, NaiveTime};

use crate::model::{
    Attendance, Group, GroupKind, Labelled, Meeting, MeetingKind, MeetingState, Membership, Person,
    Presence, Register, TargetGroup,
};

/// A small deterministic generator (xorshift), enough to spread dates and names.
pub(crate) struct Noise(pub(crate) u64);

impl Noise {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const FIRST_NAMES: [&str; 8] = [
    "Jana", "Petr", "Marie", "Jiří", "Eva", "Tomáš", "Lucie", "Karel",
];
const LAST_NAMES: [&str; 8] = [
    "Nováková",
    "Dvořák",
    "Černá",
    "Procházka",
    "Šťastná",
    "Kučera",
    "Řezníčková",
    "Hájek",
];

/// Adds `meetings` meetings (with the groups and people they need) to `base`, spread
/// evenly over 2000–2030. Ids continue after the highest in `base`.
pub fn grow(mut base: Register, meetings: usize) -> Register {
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    let regions: Vec<u64> = base.regions.iter().map(|r| r.id).collect();
    if regions.is_empty() {
        return base;
    }
    let next = |ids: &mut dyn Iterator<Item = u64>| ids.max().unwrap_or(0) + 1;
    let first_group = next(&mut base.groups.iter().map(|g| g.id));
    let first_person = next(&mut base.people.iter().map(|p| p.id));
    let first_membership = next(&mut base.memberships.iter().map(|m| m.id));
    let first_meeting = next(&mut base.meetings.iter().map(|m| m.id));

    let groups = (meetings / 500).clamp(1, 2_000) as u64;
    let people_per_group = 6u64;
    for g in 0..groups {
        let id = first_group + g;
        let region = regions[(g as usize) % regions.len()];
        let target =
            <TargetGroup as Labelled>::ALL[(g as usize) % <TargetGroup as Labelled>::ALL.len()];
        base.groups.push(Group {
            id,
            name: format!("Pracovní skupina {}", g + 1),
            short_name: format!("PS {}", g + 1),
            region,
            kind: Some(GroupKind::Working),
            target_group: Some(target),
            ..Group::default()
        });
        for p in 0..people_per_group {
            let person = first_person + g * people_per_group + p;
            base.people.push(Person {
                id: person,
                first_name: FIRST_NAMES[noise.below(8) as usize].into(),
                last_name: LAST_NAMES[noise.below(8) as usize].into(),
                email: format!("osoba{person}@example.cz"),
                ..Person::default()
            });
            base.memberships.push(Membership {
                id: first_membership + g * people_per_group + p,
                group: id,
                person,
                ..Membership::default()
            });
        }
    }
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let span_days = 31 * 365;
    for m in 0..meetings as u64 {
        let g = noise.below(groups);
        let group = first_group + g;
        let region = regions[(g as usize) % regions.len()];
        let date = start
            .checked_add_days(Days::new(noise.below(span_days)))
            .unwrap_or(start);
        let mut attendance = Vec::new();
        for p in 0..people_per_group {
            if noise.below(4) != 0 {
                let presence = if noise.below(5) == 0 {
                    Presence::Excused
                } else {
                    Presence::Present
                };
                attendance.push(Attendance {
                    person: first_person + g * people_per_group + p,
                    presence,
                });
            }
        }
        base.meetings.push(Meeting {
            id: first_meeting + m,
            region,
            group: Some(group),
            kind: MeetingKind::Working,
            date,
            start: NaiveTime::from_hms_opt(9 + noise.below(8) as u32, 0, 0),
            place: format!("Zasedací místnost {}", noise.below(20) + 1),
            state: MeetingState::Held,
            attendance,
            ..Meeting::default()
        });
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Region;

    #[test]
    fn grows_valid_records_with_fresh_ids() {
        let base = Register {
            regions: vec![Region {
                id: 1,
                name: "Tábor".into(),
                ..Region::default()
            }],
            ..Register::default()
        };
        let grown = grow(base, 1_200);
        assert_eq!(grown.meetings.len(), 1_200);
        assert_eq!(grown.groups.len(), 2);
        for record in grown.records() {
            assert!(record.problems().is_empty(), "{record:?}");
        }
        let mut ids: Vec<u64> = grown.meetings.iter().map(|m| m.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), 1_200);
    }
}
