//! The network map (*mapa sítě*): per target group × § type × form, how many services a
//! territory has on a date and their capacity in each unit.
//!
//! What counts:
//! - only registered services with a § type (návazné služby have no place in the map);
//! - only services valid on the date (from and until both included);
//! - a service counts once in each of its target groups (one with none counts under
//!   "bez uvedené cílové skupiny") and once in each of its forms, with the capacity it
//!   gives for that form; a form without a capacity counts the service and adds nothing.
//!
//! So the rows of one target group can be summed, but rows of several target groups
//! cannot: a service for seniors and for people with disabilities is in both. Each
//! target group's total counts its distinct services.

mod writers;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{CapacityMeasure, Service, ServiceForm, ServiceType, TargetGroup};

pub use writers::{csv, markdown, xlsx};

/// One row of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacityRow {
    /// `None`: services that name no target group.
    pub target_group: Option<TargetGroup>,
    pub service_type: ServiceType,
    pub form: ServiceForm,
    /// How many services.
    pub services: usize,
    /// Their capacity, summed per unit.
    pub capacity: BTreeMap<CapacityMeasure, u64>,
}

/// One target group's distinct services and their capacity (each service once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTotal {
    pub target_group: Option<TargetGroup>,
    pub services: usize,
    pub capacity: BTreeMap<CapacityMeasure, u64>,
}

/// The map of one territory on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacityReport {
    /// "ORP Soběslav", "Jihočeský kraj".
    pub title: String,
    pub date: NaiveDate,
    /// Target group order, then § order, then form order.
    pub rows: Vec<CapacityRow>,
    pub totals: Vec<GroupTotal>,
    /// Every unit some row has a capacity in, in a fixed order: the table's columns.
    pub measures: Vec<CapacityMeasure>,
}

/// The position of a target group in the map's order: the official list's, then none.
fn group_order(g: Option<TargetGroup>) -> usize {
    use crate::model::Labelled;
    match g {
        Some(g) => TargetGroup::ALL.iter().position(|x| *x == g).unwrap_or(0),
        None => TargetGroup::ALL.len(),
    }
}

/// The map of `services` (the territory's, already chosen) on `date`.
pub fn capacity(title: &str, date: NaiveDate, services: &[Service]) -> CapacityReport {
    type Key = (usize, ServiceType, ServiceForm);
    let mut rows: BTreeMap<Key, CapacityRow> = BTreeMap::new();
    let mut totals: BTreeMap<usize, GroupTotal> = BTreeMap::new();
    let mut measures: Vec<CapacityMeasure> = Vec::new();
    for s in services {
        let Some(kind) = s.service_type.filter(|_| s.registered) else {
            continue;
        };
        if !s.valid_on(date) {
            continue;
        }
        let groups: Vec<Option<TargetGroup>> = match s.target_groups.is_empty() {
            true => vec![None],
            false => s.target_groups.iter().copied().map(Some).collect(),
        };
        for &group in &groups {
            let total = totals
                .entry(group_order(group))
                .or_insert_with(|| GroupTotal {
                    target_group: group,
                    services: 0,
                    capacity: BTreeMap::new(),
                });
            total.services += 1;
            for cap in &s.capacities {
                *total.capacity.entry(cap.measure()).or_default() += u64::from(cap.amount);
            }
            for &form in &s.forms {
                let row = rows
                    .entry((group_order(group), kind, form))
                    .or_insert_with(|| CapacityRow {
                        target_group: group,
                        service_type: kind,
                        form,
                        services: 0,
                        capacity: BTreeMap::new(),
                    });
                row.services += 1;
                for cap in s.capacities.iter().filter(|c| c.form == form) {
                    let measure = cap.measure();
                    *row.capacity.entry(measure).or_default() += u64::from(cap.amount);
                    if !measures.contains(&measure) {
                        measures.push(measure);
                    }
                }
            }
        }
    }
    measures.sort();
    CapacityReport {
        title: title.to_string(),
        date,
        rows: rows.into_values().collect(),
        totals: totals.into_values().collect(),
        measures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Capacity, CapacityUnit};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn cap(form: ServiceForm, amount: u32, unit: CapacityUnit, immediate: bool) -> Capacity {
        Capacity {
            form,
            amount,
            unit,
            immediate,
        }
    }

    const CLIENTS_NOW: CapacityMeasure = CapacityMeasure {
        unit: CapacityUnit::Clients,
        immediate: true,
    };
    const BEDS: CapacityMeasure = CapacityMeasure {
        unit: CapacityUnit::Beds,
        immediate: false,
    };
    const HOURS: CapacityMeasure = CapacityMeasure {
        unit: CapacityUnit::Hours,
        immediate: false,
    };

    fn services() -> Vec<Service> {
        use ServiceForm::*;
        use TargetGroup::*;
        vec![
            Service {
                id: 1,
                name: "Pečovatelská služba A".into(),
                service_type: Some(ServiceType::HomeCare),
                forms: vec![Outreach, Outpatient],
                target_groups: vec![Seniors, Disabled],
                capacities: vec![
                    cap(Outreach, 12, CapacityUnit::Clients, true),
                    cap(Outreach, 3000, CapacityUnit::Hours, false),
                    cap(Outpatient, 2, CapacityUnit::Clients, true),
                ],
                ..Service::default()
            },
            Service {
                id: 2,
                name: "Pečovatelská služba B".into(),
                service_type: Some(ServiceType::HomeCare),
                forms: vec![Outreach],
                target_groups: vec![Seniors],
                capacities: vec![cap(Outreach, 8, CapacityUnit::Clients, true)],
                ..Service::default()
            },
            Service {
                id: 3,
                name: "Domov".into(),
                service_type: Some(ServiceType::HomesForSeniors),
                forms: vec![Residential],
                target_groups: vec![Seniors],
                capacities: vec![cap(Residential, 60, CapacityUnit::Beds, false)],
                ..Service::default()
            },
            // Ended before the date: not counted.
            Service {
                id: 4,
                name: "Zrušená".into(),
                service_type: Some(ServiceType::HomeCare),
                forms: vec![Outreach],
                target_groups: vec![Seniors],
                capacities: vec![cap(Outreach, 100, CapacityUnit::Clients, true)],
                valid_until: Some(day(2018, 12, 31)),
                ..Service::default()
            },
            // A related service: not in the map.
            Service {
                id: 5,
                name: "Svépomocná skupina".into(),
                registered: false,
                target_groups: vec![Seniors],
                ..Service::default()
            },
            // No target group, no capacity given.
            Service {
                id: 6,
                name: "Poradna".into(),
                service_type: Some(ServiceType::ProfessionalCounselling),
                forms: vec![Outpatient],
                ..Service::default()
            },
        ]
    }

    #[test]
    fn counts_and_sums_per_group_type_and_form() {
        use ServiceForm::*;
        let r = capacity("ORP Soběslav", day(2019, 6, 1), &services());
        type Row = (
            Option<TargetGroup>,
            ServiceType,
            ServiceForm,
            usize,
            Vec<(CapacityMeasure, u64)>,
        );
        let got: Vec<Row> = r
            .rows
            .iter()
            .map(|row| {
                (
                    row.target_group,
                    row.service_type,
                    row.form,
                    row.services,
                    row.capacity.iter().map(|(m, n)| (*m, *n)).collect(),
                )
            })
            .collect();
        let seniors = Some(TargetGroup::Seniors);
        let disabled = Some(TargetGroup::Disabled);
        assert_eq!(
            got,
            vec![
                (
                    seniors,
                    ServiceType::HomeCare,
                    Outpatient,
                    1,
                    vec![(CLIENTS_NOW, 2)]
                ),
                (
                    seniors,
                    ServiceType::HomeCare,
                    Outreach,
                    2,
                    vec![(CLIENTS_NOW, 20), (HOURS, 3000)]
                ),
                (
                    seniors,
                    ServiceType::HomesForSeniors,
                    Residential,
                    1,
                    vec![(BEDS, 60)]
                ),
                (
                    disabled,
                    ServiceType::HomeCare,
                    Outpatient,
                    1,
                    vec![(CLIENTS_NOW, 2)]
                ),
                (
                    disabled,
                    ServiceType::HomeCare,
                    Outreach,
                    1,
                    vec![(CLIENTS_NOW, 12), (HOURS, 3000)]
                ),
                (
                    None,
                    ServiceType::ProfessionalCounselling,
                    Outpatient,
                    1,
                    vec![]
                ),
            ]
        );
        let totals: Vec<(Option<TargetGroup>, usize)> = r
            .totals
            .iter()
            .map(|t| (t.target_group, t.services))
            .collect();
        assert_eq!(totals, vec![(seniors, 3), (disabled, 1), (None, 1)]);
        assert_eq!(r.totals[0].capacity.get(&CLIENTS_NOW), Some(&22));
        assert_eq!(r.totals[0].capacity.get(&BEDS), Some(&60));
        assert_eq!(r.measures, vec![BEDS, CLIENTS_NOW, HOURS]);
    }

    #[test]
    fn the_date_decides_which_services_count() {
        let before = capacity("x", day(2018, 6, 1), &services());
        let outreach = before
            .rows
            .iter()
            .find(|r| {
                r.target_group == Some(TargetGroup::Seniors)
                    && r.service_type == ServiceType::HomeCare
                    && r.form == ServiceForm::Outreach
            })
            .unwrap();
        assert_eq!(outreach.services, 3);
        assert_eq!(outreach.capacity.get(&CLIENTS_NOW), Some(&120));
        assert!(capacity("x", day(2019, 1, 1), &[]).rows.is_empty());
    }
}

#[cfg(test)]
mod writer_tests {
    use super::*;
    use crate::model::{Capacity, CapacityUnit, Lang};

    fn report() -> CapacityReport {
        let services = vec![
            Service {
                name: "Domov".into(),
                service_type: Some(ServiceType::HomesForSeniors),
                forms: vec![ServiceForm::Residential],
                target_groups: vec![TargetGroup::Seniors],
                capacities: vec![Capacity {
                    form: ServiceForm::Residential,
                    amount: 60,
                    unit: CapacityUnit::Beds,
                    immediate: false,
                }],
                ..Service::default()
            },
            Service {
                name: "Pečovatelská".into(),
                service_type: Some(ServiceType::HomeCare),
                forms: vec![ServiceForm::Outreach],
                target_groups: vec![TargetGroup::Seniors],
                capacities: vec![Capacity {
                    form: ServiceForm::Outreach,
                    amount: 15,
                    unit: CapacityUnit::Clients,
                    immediate: true,
                }],
                ..Service::default()
            },
        ];
        capacity(
            "ORP Soběslav",
            NaiveDate::from_ymd_opt(2019, 6, 1).unwrap(),
            &services,
        )
    }

    #[test]
    fn markdown_table() {
        insta::assert_snapshot!("capacity_cs", markdown(&report(), Lang::Cs));
    }

    #[test]
    fn csv_has_a_row_per_cell_and_totals() {
        let bytes = csv(&report(), Lang::Cs).unwrap();
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "Cílová skupina;Druh služby;Forma;Počet služeb;Kapacita: lůžka;Kapacita: klienti (okamžitá kapacita)",
                "senioři;§ 40 pečovatelská služba;terénní;1;;15",
                "senioři;§ 49 domovy pro seniory;pobytová;1;60;",
                "senioři;celkem (každá služba jednou);;2;60;15",
            ]
        );
    }

    /// Read back with an independent reader: the counts and capacities are numbers.
    #[test]
    fn xlsx_holds_typed_numbers() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = xlsx(&report(), Lang::Cs).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("Mapa sítě").unwrap();
        assert_eq!(
            sheet.get_value((2, 3)),
            Some(&Data::String("Počet služeb".into()))
        );
        assert_eq!(sheet.get_value((4, 4)), Some(&Data::Float(60.0)));
        assert_eq!(sheet.get_value((3, 5)), Some(&Data::Float(15.0)));
        assert_eq!(sheet.get_value((5, 3)), Some(&Data::Float(2.0)));
        assert_eq!(sheet.get_value((3, 4)), Some(&Data::Empty));
    }
}
