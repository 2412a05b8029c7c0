//! An organisation's fields (its services are records of their own).

use super::{Described, FieldKey as K, LINE, Shape, Spec, Value, choice, reference};
use crate::app::form::labels::{ORG_KIND, REGION};
use crate::model::organisation::*;
use crate::model::validate::{email, ico, phone, psc};
use crate::model::{Kind, OrgKind, Organisation};

type S = Spec<Organisation>;

impl Described for Organisation {
    const FIELDS: &'static [Spec<Organisation>] = &[
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
            K::Kind,
            ORG_KIND,
            choice::<OrgKind>(true),
            |r| Value::choice(r.kind),
            |r, v| {
                r.kind = v.chosen()?;
                Ok(())
            },
        ),
        S::shown(
            K::Ico,
            ICO,
            Shape::Line { normal: Some(ico) },
            |r| Value::Text(r.ico.clone()),
            |r, v| {
                r.ico = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Street,
            STREET,
            LINE,
            |r| Value::Text(r.address.street.clone()),
            |r, v| {
                r.address.street = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Psc,
            PSC,
            Shape::Line { normal: Some(psc) },
            |r| Value::Text(r.address.psc.clone()),
            |r, v| {
                r.address.psc = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::City,
            CITY,
            LINE,
            |r| Value::Text(r.address.city.clone()),
            |r, v| {
                r.address.city = v.text()?;
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
            K::Email,
            EMAIL,
            Shape::Line {
                normal: Some(email),
            },
            |r| Value::Text(r.email.clone()),
            |r, v| {
                r.email = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Phone,
            PHONE,
            Shape::Line {
                normal: Some(phone),
            },
            |r| Value::Text(r.phone.clone()),
            |r, v| {
                r.phone = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Region,
            REGION,
            reference(Kind::Region, true),
            |r| Value::reference(r.region),
            |r, v| {
                r.region = v.id()?;
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
    ];
}
