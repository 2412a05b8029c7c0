//! A region's (ORP's) fields.

use super::{Described, FieldKey as K, LINE, Shape, Spec, Value, choice, reference};
use crate::app::form::labels::{KRAJ, TIMELINE};
use crate::model::region::*;
use crate::model::{Kind, Kraj, Region};

type S = Spec<Region>;

impl Described for Region {
    const FIELDS: &'static [Spec<Region>] = &[
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
            K::Kraj,
            KRAJ,
            choice::<Kraj>(true),
            |r| Value::choice(r.kraj),
            |r, v| {
                r.kraj = v.chosen()?;
                Ok(())
            },
        ),
        S::shown(
            K::MunicipalityCount,
            MUNICIPALITY_COUNT,
            Shape::Number {
                min: 1,
                max: 1000,
                year: false,
            },
            |r| Value::number(r.municipality_count),
            |r, v| {
                r.municipality_count = v.number_of()?;
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
            K::PartnerTown,
            PARTNER_TOWN,
            reference(Kind::Organisation, true),
            |r| Value::reference(r.partner_town),
            |r, v| {
                r.partner_town = v.id()?;
                Ok(())
            },
        ),
        S::shown(
            K::Implementer,
            IMPLEMENTER,
            reference(Kind::Organisation, true),
            |r| Value::reference(r.implementer),
            |r, v| {
                r.implementer = v.id()?;
                Ok(())
            },
        ),
        S::shown(
            K::Contacts,
            CONTACTS,
            Shape::People,
            |r| Value::People(r.contacts.clone()),
            |r, v| {
                r.contacts = v.people()?;
                Ok(())
            },
        ),
        S::shown(
            K::Links,
            LINKS,
            Shape::Lines,
            |r| Value::Lines(r.links.clone()),
            |r, v| {
                r.links = v.lines()?;
                Ok(())
            },
        ),
        S::shown(
            K::Timeline,
            TIMELINE,
            Shape::Timeline,
            |r| Value::Timeline(r.timeline.clone()),
            |r, v| {
                r.timeline = v.timeline()?;
                Ok(())
            },
        )
        .also(&[MILESTONE_YEAR, MILESTONE_TEXT]),
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
    ];
}
