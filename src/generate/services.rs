//! Generated providers and services for the catalogue's benchmarks: `providers`
//! organisations with `services` services between them, spread over the base register's
//! ORPs, each valid by the model's rules. Deterministic.

use crate::generate::Noise;
use crate::model::{
    Address, Capacity, CapacityUnit, Labelled, OrgKind, Organisation, Register, Service,
    ServiceType, TargetGroup,
};

/// The check digit an IČO's first seven digits need.
fn ico(n: u64) -> String {
    let first = format!("{:07}", n % 10_000_000);
    let sum: u32 = first
        .bytes()
        .zip((2..=8).rev())
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    format!("{first}{}", (11 - sum % 11) % 10)
}

/// Adds `providers` providers and `services` services to `base`; ids continue after the
/// highest in `base`.
pub fn providers(mut base: Register, providers: usize, services: usize) -> Register {
    let mut noise = Noise(0x51_7cc1_b727_220a);
    let regions: Vec<(u64, String)> = base
        .regions
        .iter()
        .map(|r| (r.id, r.name.clone()))
        .collect();
    if regions.is_empty() || providers == 0 {
        return base;
    }
    let first_org = base.organisations.iter().map(|o| o.id).max().unwrap_or(0) + 1;
    let first_service = base.services.iter().map(|s| s.id).max().unwrap_or(0) + 1;
    for p in 0..providers as u64 {
        let (region, town) = &regions[(p as usize) % regions.len()];
        base.organisations.push(Organisation {
            id: first_org + p,
            name: format!("Poskytovatel {} {town}", p + 1),
            kind: Some(OrgKind::Provider),
            ico: ico(1_000_000 + p),
            address: Address {
                street: format!("Hlavní {}", p % 200 + 1),
                psc: format!("{} {:02}", 370 + p % 30, p % 100),
                city: town.clone(),
            },
            region: Some(*region),
            ..Organisation::default()
        });
    }
    let types = ServiceType::ALL;
    let groups = TargetGroup::ALL;
    for s in 0..services as u64 {
        let provider = first_org + noise.below(providers as u64);
        let (region, town) = &regions[((provider - first_org) as usize) % regions.len()];
        let kind = types[noise.below(types.len() as u64) as usize];
        let form = kind.forms()[noise.below(kind.forms().len() as u64) as usize];
        let unit = match form {
            crate::model::ServiceForm::Residential => CapacityUnit::Beds,
            _ => CapacityUnit::Clients,
        };
        let mut target_groups = vec![groups[noise.below(groups.len() as u64) as usize]];
        let second = groups[noise.below(groups.len() as u64) as usize];
        if noise.below(3) == 0 && !target_groups.contains(&second) {
            target_groups.push(second);
        }
        base.services.push(Service {
            id: first_service + s,
            name: format!("{} {}", capitalised(kind.name_cs()), s + 1),
            provider,
            service_type: Some(kind),
            identifier: format!("{:07}", 1_000_000 + s),
            forms: vec![form],
            target_groups,
            regions: vec![*region],
            municipalities: vec![town.clone(), format!("Obec {}", noise.below(40) + 1)],
            places: vec![Address {
                street: format!("Náměstí {}", s % 90 + 1),
                psc: String::new(),
                city: town.clone(),
            }],
            capacities: vec![Capacity {
                form,
                amount: 5 + noise.below(60) as u32,
                unit,
                immediate: unit == CapacityUnit::Clients,
            }],
            hours: "Po–Pá 8:00–16:00".into(),
            phone: format!("700 000 {:03}", s % 1000),
            email: format!("sluzba{}@example.cz", s + 1),
            in_network: noise.below(4) != 0,
            ..Service::default()
        });
    }
    base
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_providers_and_services_pass_their_rules() {
        let base = crate::sample::sample_register().unwrap();
        let grown = providers(base.clone(), 40, 120);
        assert_eq!(grown.organisations.len(), base.organisations.len() + 40);
        assert_eq!(grown.services.len(), base.services.len() + 120);
        for r in grown.records() {
            assert!(r.problems().is_empty(), "{r:?}: {:?}", r.problems());
        }
        assert_eq!(ico(1_000_000).len(), 8);
    }
}
