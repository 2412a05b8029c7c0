//! A service's fields. Its forms, target groups, places and capacities are typed one per
//! line (a capacity as "terénní: 12 klienti okamžitě"); the ORPs it serves are kept by
//! the form and set by the import or taken from the region the service was created in.

use super::{DATE, Described, FieldKey as K, LINE, Shape, Spec, Value, choice, reference};
use crate::model::service::*;
use crate::model::text::fold;
use crate::model::{Kind, Labelled, Service, ServiceForm, ServiceType, TargetGroup};

type S = Spec<Service>;

/// The labels of a list of values, one per line.
fn labels<T: Labelled>(values: &[T]) -> Value {
    Value::Lines(values.iter().map(|v| v.label_cs().to_string()).collect())
}

/// The values named by lines, each by its Czech or English label; a line naming none
/// refuses the whole value.
fn parse_labels<T: Labelled>(v: Value) -> Result<Vec<T>, super::Mismatch> {
    let lines = v.lines()?;
    let mut out = Vec::new();
    for line in &lines {
        let folded = fold(line);
        match T::ALL
            .iter()
            .find(|t| fold(t.label_cs()) == folded || fold(t.label_en()) == folded)
        {
            Some(&t) => out.push(t),
            None => return Err(super::Mismatch::Shape(Box::new(Value::Lines(lines)))),
        }
    }
    Ok(out)
}

impl Described for Service {
    const FIELDS: &'static [Spec<Service>] = &[
        S::shown(
            K::Name,
            NAME,
            LINE,
            |r| Value::Text(r.name.clone()),
            |r, v| {
                r.name = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Provider,
            PROVIDER,
            reference(Kind::Organisation, false),
            |r| Value::reference(Some(r.provider)),
            |r, v| {
                r.provider = v.required_id()?;
                Ok(())
            },
        ),
        S::shown(
            K::Registered,
            Field::new("Registrace", "Registration"),
            choice::<Registration>(false),
            |r| {
                Value::choice(Some(match r.registered {
                    true => Registration::Registered,
                    false => Registration::Related,
                }))
            },
            |r, v| {
                r.registered = v.chosen::<Registration>()? != Some(Registration::Related);
                Ok(())
            },
        ),
        S::shown(
            K::ServiceType,
            TYPE,
            choice::<ServiceType>(true),
            |r| Value::choice(r.service_type),
            |r, v| {
                r.service_type = v.chosen()?;
                Ok(())
            },
        ),
        S::shown(
            K::Identifier,
            IDENTIFIER,
            LINE,
            |r| Value::Text(r.identifier.clone()),
            |r, v| {
                r.identifier = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Forms,
            FORMS,
            Shape::Lines,
            |r| labels(&r.forms),
            |r, v| {
                r.forms = parse_labels::<ServiceForm>(v)?;
                Ok(())
            },
        ),
        S::shown(
            K::TargetGroups,
            TARGET_GROUPS,
            Shape::Lines,
            |r| labels(&r.target_groups),
            |r, v| {
                r.target_groups = parse_labels::<TargetGroup>(v)?;
                Ok(())
            },
        ),
        S::shown(
            K::Municipalities,
            MUNICIPALITIES,
            Shape::Lines,
            |r| Value::Lines(r.municipalities.clone()),
            |r, v| {
                r.municipalities = v.lines()?;
                Ok(())
            },
        ),
        S::shown(
            K::Places,
            PLACES,
            Shape::Lines,
            |r| Value::Lines(r.places.iter().map(place_line).collect()),
            |r, v| {
                r.places = v.lines()?.iter().map(|l| parse_place(l)).collect();
                Ok(())
            },
        ),
        S::shown(
            K::Capacities,
            CAPACITY,
            Shape::Lines,
            |r| Value::Lines(r.capacities.iter().map(Capacity::to_line).collect()),
            |r, v| {
                let lines = v.lines()?;
                let mut out = Vec::new();
                for line in &lines {
                    match Capacity::parse_line(line) {
                        Some(c) => out.push(c),
                        None => return Err(super::Mismatch::Shape(Box::new(Value::Lines(lines)))),
                    }
                }
                r.capacities = out;
                Ok(())
            },
        ),
        S::shown(
            K::Hours,
            HOURS,
            LINE,
            |r| Value::Text(r.hours.clone()),
            |r, v| {
                r.hours = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::ContactPerson,
            CONTACT_PERSON,
            reference(Kind::Person, true),
            |r| Value::reference(r.contact_person),
            |r, v| {
                r.contact_person = v.id()?;
                Ok(())
            },
        ),
        S::shown(
            K::Phone,
            PHONE,
            Shape::Line {
                normal: Some(crate::model::validate::phone),
            },
            |r| Value::Text(r.phone.clone()),
            |r, v| {
                r.phone = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Email,
            EMAIL,
            Shape::Line {
                normal: Some(crate::model::validate::email),
            },
            |r| Value::Text(r.email.clone()),
            |r, v| {
                r.email = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Web,
            WEB,
            LINE,
            |r| Value::Text(r.web.clone()),
            |r, v| {
                r.web = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::InNetwork,
            Field::new("Síť sociálních služeb", "Network of services"),
            choice::<Network>(false),
            |r| {
                Value::choice(Some(match r.in_network {
                    true => Network::Inside,
                    false => Network::Outside,
                }))
            },
            |r, v| {
                r.in_network = v.chosen::<Network>()? == Some(Network::Inside);
                Ok(())
            },
        ),
        S::shown(
            K::ValidFrom,
            Field::new("Platnost od", "Valid from"),
            DATE,
            |r| Value::Date(r.valid_from),
            |r, v| {
                r.valid_from = v.date()?;
                Ok(())
            },
        )
        .also(&[VALID]),
        S::shown(
            K::ValidUntil,
            Field::new("Platnost do", "Valid until"),
            DATE,
            |r| Value::Date(r.valid_until),
            |r, v| {
                r.valid_until = v.date()?;
                Ok(())
            },
        ),
        S::shown(
            K::Note,
            NOTE,
            Shape::Multi,
            |r| Value::Text(r.note.clone()),
            |r, v| {
                r.note = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Regions,
            REGIONS,
            Shape::Kept,
            |r| Value::Regions(r.regions.clone()),
            |r, v| {
                r.regions = v.regions()?;
                Ok(())
            },
        )
        .hidden(),
    ];
}

use crate::model::Field;
