//! A national register in the shape a country-wide shared server holds: 205 ORP,
//! 2,024 organisations, 60,000 people, 600 projects, 3,000 documents, 3,000 groups,
//! 120,000 memberships and 250,000 meetings with about eight attendance entries each
//! (438,829 records). Scaled by a factor for smaller runs (0.1 gives 25,000 meetings).

use chrono::{Days, NaiveDate, NaiveTime};

use crate::generate::Noise;
use crate::generate::names::{
    DISTRICTS, FUNCTIONS, MEN, MEN_SURNAMES, ORGANISATIONS, TOWNS, WOMEN, WOMEN_SURNAMES,
};
use crate::model::{
    Address, Attendance, Document, DocumentKind, DocumentState, Group, GroupKind, Id, Kraj,
    Labelled, Lang, Meeting, MeetingKind, MeetingState, MemberRole, Membership, OrgKind,
    Organisation, Person, Presence, Programme, Project, Region, Register, Represents, TargetGroup,
};

/// How many records of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub regions: usize,
    pub organisations: usize,
    pub people: usize,
    pub projects: usize,
    pub documents: usize,
    pub groups: usize,
    pub memberships: usize,
    pub meetings: usize,
}

/// The national register's shape at 1×.
pub const NATIONAL: Shape = Shape {
    regions: 205,
    organisations: 2_024,
    people: 60_000,
    projects: 600,
    documents: 3_000,
    groups: 3_000,
    memberships: 120_000,
    meetings: 250_000,
};

impl Shape {
    /// Every count times `factor`, each at least one.
    pub fn scaled(self, factor: f64) -> Shape {
        let n = |base: usize| ((base as f64 * factor).round() as usize).max(1);
        Shape {
            regions: n(self.regions),
            organisations: n(self.organisations),
            people: n(self.people),
            projects: n(self.projects),
            documents: n(self.documents),
            groups: n(self.groups),
            memberships: n(self.memberships),
            meetings: n(self.meetings),
        }
    }

    pub fn records(&self) -> usize {
        self.regions
            + self.organisations
            + self.people
            + self.projects
            + self.documents
            + self.groups
            + self.memberships
            + self.meetings
    }
}

/// The national register at `factor` × its size: ids from 1 in each kind, every record
/// valid by the model's rules and every reference pointing at a record of the register.
pub fn national(factor: f64) -> Register {
    let shape = NATIONAL.scaled(factor);
    let mut noise = Noise(0x2545_f491_4f6c_dd1d);
    let mut register = Register::default();
    let towns: Vec<String> = (0..shape.regions).map(town).collect();
    for (i, name) in towns.iter().enumerate() {
        register.regions.push(Region {
            id: id(i),
            name: name.clone(),
            kraj: Some(Kraj::ALL[i % Kraj::ALL.len()]),
            municipality_count: Some(10 + (i % 60) as u16),
            ..Region::default()
        });
    }
    let region_of = |i: usize| i % shape.regions;
    for j in 0..shape.organisations {
        let r = region_of(j);
        let template = (j / shape.regions) % ORGANISATIONS.len();
        register.organisations.push(Organisation {
            id: id(j),
            name: format!("{} {}", ORGANISATIONS[template], towns[r]),
            kind: Some(match template {
                0 => OrgKind::Town,
                1 => OrgKind::TownOffice,
                8 => OrgKind::LocalActionGroup,
                _ => OrgKind::Provider,
            }),
            ico: ico(1_000_000 + (j as u64 * 4_409) % 8_000_000),
            address: Address {
                street: format!("Náměstí {}", 1 + j % 40),
                psc: format!("{} {:02}", 100 + (r * 7) % 700, j % 100),
                city: towns[r].clone(),
            },
            email: format!("info{}@example.cz", j + 1),
            region: Some(id(r)),
            ..Organisation::default()
        });
    }
    // People work for an organisation and so belong to its region.
    let mut pool: Vec<Vec<Id>> = vec![Vec::new(); shape.regions];
    for p in 0..shape.people {
        let org = p % shape.organisations;
        let woman = noise.below(2) == 0;
        let (first, last) = if woman {
            (&WOMEN, &WOMEN_SURNAMES)
        } else {
            (&MEN, &MEN_SURNAMES)
        };
        register.people.push(Person {
            id: id(p),
            first_name: first[noise.below(first.len() as u64) as usize].into(),
            last_name: last[noise.below(last.len() as u64) as usize].into(),
            function: FUNCTIONS[p % FUNCTIONS.len()].into(),
            organisation: Some(id(org)),
            email: format!("osoba{}@example.cz", p + 1),
            ..Person::default()
        });
        pool[region_of(org)].push(id(p));
    }
    for k in 0..shape.projects {
        let r = region_of(k);
        let from = 2010 + 3 * ((k / shape.regions) % 6) as i32;
        register.projects.push(Project {
            id: id(k),
            name: format!("Plánování sociálních služeb v ORP {}", towns[r]),
            region: id(r),
            programme: Some(Programme::Opz),
            recipient: (r < shape.organisations).then(|| id(r)),
            start: NaiveDate::from_ymd_opt(from, 1, 1),
            end: NaiveDate::from_ymd_opt(from + 2, 12, 31),
            ..Project::default()
        });
    }
    let documents = [
        (
            DocumentKind::CommunityPlan,
            "Komunitní plán sociálních služeb",
        ),
        (DocumentKind::ActionPlan, "Akční plán sociálních služeb"),
        (
            DocumentKind::ProviderCatalogue,
            "Katalog poskytovatelů sociálních služeb",
        ),
        (DocumentKind::Statute, "Statut organizační struktury KPSS"),
        (DocumentKind::RulesOfProcedure, "Jednací řád řídící skupiny"),
    ];
    for d in 0..shape.documents {
        let r = region_of(d);
        let (kind, title) = documents[(d / shape.regions) % documents.len()];
        let from = 2008 + 2 * ((d / (shape.regions * documents.len())) % 9) as i32;
        let project = (r < shape.projects).then(|| id(r));
        register.documents.push(Document {
            id: id(d),
            title: format!("{title} ORP {} {from}–{}", towns[r], from + 2),
            region: id(r),
            kind: Some(kind),
            project: project.filter(|_| kind == DocumentKind::ActionPlan),
            year_from: Some(from),
            year_to: Some(from + 2),
            state: Some(if from < 2024 {
                DocumentState::Archived
            } else {
                DocumentState::InForce
            }),
            ..Document::default()
        });
    }
    let targets = <TargetGroup as Labelled>::ALL;
    let mut members: Vec<Vec<Id>> = Vec::with_capacity(shape.groups);
    let per_group = shape.memberships / shape.groups;
    let extra = shape.memberships % shape.groups;
    let mut next_membership = 0;
    for g in 0..shape.groups {
        let r = region_of(g);
        let q = g / shape.regions;
        let target = targets[q % targets.len()];
        let (name, short_name, kind, target_group) = if q == 0 {
            (
                format!("Řídící skupina KPSS {}", towns[r]),
                format!("ŘS {}", towns[r]),
                GroupKind::Steering,
                None,
            )
        } else {
            (
                format!("Pracovní skupina {} – {}", target.label(Lang::Cs), towns[r]),
                format!("PS {q} {}", towns[r]),
                GroupKind::Working,
                Some(target),
            )
        };
        register.groups.push(Group {
            id: id(g),
            name,
            short_name,
            region: id(r),
            kind: Some(kind),
            target_group,
            ..Group::default()
        });
        let people = &pool[r];
        let wanted = per_group + usize::from(g < extra);
        let start = noise.below(people.len() as u64) as usize;
        let chosen: Vec<Id> = (0..wanted.min(people.len()))
            .map(|i| people[(start + i) % people.len()])
            .collect();
        for (i, person) in chosen.iter().enumerate() {
            register.memberships.push(Membership {
                id: id(next_membership),
                group: id(g),
                person: *person,
                role: Some(match i {
                    0 => MemberRole::Chair,
                    1 => MemberRole::Recorder,
                    _ => MemberRole::Member,
                }),
                represents: Some(Represents::ALL[i % Represents::ALL.len()]),
                ..Membership::default()
            });
            next_membership += 1;
        }
        members.push(chosen);
    }
    // Memberships a small region could not fill go to the first groups again.
    while next_membership < shape.memberships && shape.people > 0 {
        let g = next_membership % shape.groups;
        register.memberships.push(Membership {
            id: id(next_membership),
            group: id(g),
            person: id(next_membership % shape.people),
            ..Membership::default()
        });
        next_membership += 1;
    }
    let first_day = NaiveDate::from_ymd_opt(2006, 1, 1).unwrap_or_default();
    let span_days = 22 * 365;
    let held_before = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default();
    for m in 0..shape.meetings {
        let g = noise.below(shape.groups as u64) as usize;
        let r = region_of(g);
        let date = first_day
            .checked_add_days(Days::new(noise.below(span_days)))
            .unwrap_or(first_day);
        let group_members = &members[g];
        let size = 6 + noise.below(5) as usize;
        let start = noise.below(group_members.len() as u64) as usize;
        let attendance = (0..size.min(group_members.len()))
            .map(|i| Attendance {
                person: group_members[(start + i) % group_members.len()],
                presence: match noise.below(12) {
                    0 => Presence::Absent,
                    1 | 2 => Presence::Excused,
                    _ => Presence::Present,
                },
            })
            .collect();
        let hour = 9 + noise.below(7) as u32;
        register.meetings.push(Meeting {
            id: id(m),
            region: id(r),
            group: Some(id(g)),
            kind: if g < shape.regions {
                MeetingKind::Steering
            } else {
                MeetingKind::Working
            },
            date,
            start: NaiveTime::from_hms_opt(hour, 0, 0),
            end: NaiveTime::from_hms_opt(hour + 2, 0, 0),
            place: format!("Zasedací místnost MěÚ {}", towns[r]),
            state: if date < held_before {
                MeetingState::Held
            } else {
                MeetingState::Planned
            },
            attendance,
            ..Meeting::default()
        });
    }
    register
}

/// The id of the `i`-th record of a kind (from 0).
fn id(i: usize) -> Id {
    i as Id + 1
}

/// An ORP's seat: a town, and past the list a district of one ("Plzeň – sever").
fn town(i: usize) -> String {
    let base = TOWNS[i % TOWNS.len()];
    match i / TOWNS.len() {
        0 => base.to_string(),
        round => format!("{base} – {}", DISTRICTS[(round - 1) % DISTRICTS.len()]),
    }
}

/// An IČO with its check digit, from seven digits.
fn ico(seven: u64) -> String {
    let digits: Vec<u64> = format!("{seven:07}")
        .bytes()
        .map(|b| u64::from(b - b'0'))
        .collect();
    let sum: u64 = digits.iter().zip((2..=8).rev()).map(|(d, w)| d * w).sum();
    format!("{seven:07}{}", (11 - sum % 11) % 10)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use std::collections::HashSet;

    use super::*;
    use crate::model::RecordRef;

    #[test]
    fn a_fiftieth_has_the_national_shape_scaled_and_holds_together() {
        let register = national(0.02);
        let shape = NATIONAL.scaled(0.02);
        assert_eq!(register.len(), shape.records());
        assert_eq!(register.meetings.len(), 5_000);
        assert_eq!(register.memberships.len(), 2_400);
        assert_eq!(register.regions.len(), 4);
        let known: HashSet<RecordRef> = register.records().map(|r| r.reference()).collect();
        for record in register.records() {
            assert!(record.problems().is_empty(), "{record:?}");
            for target in record.references() {
                assert!(known.contains(&target), "{record:?} → {target:?}");
            }
        }
        let attendance: usize = register.meetings.iter().map(|m| m.attendance.len()).sum();
        let average = attendance as f64 / register.meetings.len() as f64;
        assert!((7.5..=8.5).contains(&average), "{average}");
    }

    #[test]
    fn the_same_factor_gives_the_same_register() {
        assert_eq!(national(0.005), national(0.005));
        assert_ne!(national(0.005), national(0.006));
    }

    #[test]
    fn the_full_shape_has_the_national_counts() {
        assert_eq!(NATIONAL.records(), 438_829);
        assert_eq!(NATIONAL.scaled(0.1).meetings, 25_000);
        let names: HashSet<String> = (0..NATIONAL.regions).map(town).collect();
        assert_eq!(names.len(), NATIONAL.regions);
        assert_eq!(ico(2_559_664), "25596641");
        assert_eq!(town(72 + 5), "Bruntál – sever");
    }
}
