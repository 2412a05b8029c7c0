//! The sample register shipped with kpss: the facts of five ORPs' public pages with invented people.
use crate::model::Register;
/// The sample register in the interchange format.
pub const SAMPLE_JSON: &str = include_str!("../assets/sample-register.json");
/// Parses the embedded sample register.
pub fn sample_register() -> Result<Register, serde_json::Error> {
    serde_json::from_str::<crate::model::register::RegisterFile>(SAMPLE_JSON).map(Register::from)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::model::{Id, Kind, RecordRef};

    fn register() -> Register {
        sample_register().unwrap()
    }

    #[test]
    fn parses_and_carries_the_format() {
        let r = register();
        assert_eq!(r.format, crate::model::register::FORMAT);
        assert_eq!(r.version, crate::model::register::FORMAT_VERSION);
        assert!(!r.is_empty());
    }

    #[test]
    fn every_person_has_a_salutation_that_fits_the_name() {
        use crate::model::Salutation;
        for p in register().people {
            // Czech women's surnames end in -á (Nováková, Hrubá); Krejčí is either.
            let expected = match p.last_name.ends_with('á') {
                true => Salutation::Ms,
                false if p.last_name == "Krejčí" => p.salutation,
                false => Salutation::Mr,
            };
            assert_ne!(p.salutation, Salutation::Unknown, "{}", p.display_name());
            assert_eq!(p.salutation, expected, "{}", p.display_name());
        }
    }

    #[test]
    fn every_record_passes_its_rules() {
        let broken: Vec<String> = register()
            .records()
            .filter_map(|record| {
                let problems = record.problems();
                (!problems.is_empty()).then(|| {
                    format!(
                        "{:?} {} „{}“: {problems:?}",
                        record.kind(),
                        record.id(),
                        record.title()
                    )
                })
            })
            .collect();
        assert!(broken.is_empty(), "{broken:#?}");
    }

    #[test]
    fn values_are_stored_in_their_normal_form() {
        use crate::model::validate;
        let f = crate::model::Field::new("x", "x");
        let r = register();
        for p in &r.projects {
            if !p.registration_number.is_empty() {
                let normal = validate::registration_number(f, &p.registration_number).unwrap();
                assert_eq!(normal, p.registration_number, "{}", p.name);
            }
        }
        for o in &r.organisations {
            if !o.address.psc.is_empty() {
                assert_eq!(validate::psc(f, &o.address.psc).unwrap(), o.address.psc);
            }
        }
        for p in &r.people {
            if !p.phone.is_empty() {
                assert_eq!(validate::phone(f, &p.phone).unwrap(), p.phone);
            }
            if !p.email.is_empty() {
                assert_eq!(validate::email(f, &p.email).unwrap(), p.email);
            }
        }
    }

    #[test]
    fn ids_are_positive_and_unique_per_kind() {
        let mut seen: HashMap<Kind, HashSet<Id>> = HashMap::new();
        for record in register().records() {
            assert_ne!(record.id(), 0, "{:?} without an id", record.kind());
            assert!(
                seen.entry(record.kind()).or_default().insert(record.id()),
                "{:?} {} twice",
                record.kind(),
                record.id()
            );
        }
    }

    #[test]
    fn every_reference_points_at_a_record() {
        let r = register();
        let known: HashSet<RecordRef> = r.records().map(|rec| rec.reference()).collect();
        for record in r.records() {
            for target in record.references() {
                assert!(
                    known.contains(&target),
                    "{:?} {} points at missing {target:?}",
                    record.kind(),
                    record.id()
                );
            }
        }
    }

    /// `700 000 0xx`: the block of numbers the sample's invented people use.
    fn fictitious_phone(phone: &str) -> bool {
        let Some(tail) = phone.strip_prefix("700 000 0") else {
            return false;
        };
        tail.len() == 2 && tail.bytes().all(|b| b.is_ascii_digit())
    }

    #[test]
    fn people_have_only_invented_contacts() {
        let r = register();
        assert!(!r.people.is_empty());
        for p in &r.people {
            assert!(
                p.phone.is_empty() || fictitious_phone(&p.phone),
                "{}: {}",
                p.display_name(),
                p.phone
            );
            assert!(
                p.email.is_empty() || p.email.ends_with("@example.cz"),
                "{}: {}",
                p.display_name(),
                p.email
            );
        }
        assert!(fictitious_phone("700 000 011"));
        assert!(!fictitious_phone("730 870 048"));
        assert!(!fictitious_phone("700 000 1"));
    }

    #[test]
    fn no_organisation_carries_an_unverified_ico_or_contact() {
        for o in &register().organisations {
            assert!(o.ico.is_empty(), "{}", o.name);
            assert!(o.phone.is_empty() && o.email.is_empty(), "{}", o.name);
        }
    }
}
