//! A person's fields.

use super::{Described, FieldKey as K, LINE, Shape, Spec, Value, choice, reference};
use crate::app::form::labels::ORGANISATION;
use crate::model::person::*;
use crate::model::validate::{email, phone};
use crate::model::{Kind, Person, Salutation};

type S = Spec<Person>;

impl Described for Person {
    const FIELDS: &'static [Spec<Person>] = &[
        S::shown(
            K::TitleBefore,
            TITLE_BEFORE,
            LINE,
            |r| Value::Text(r.title_before.clone()),
            |r, v| {
                r.title_before = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::FirstName,
            FIRST_NAME,
            LINE,
            |r| Value::Text(r.first_name.clone()),
            |r, v| {
                r.first_name = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::LastName,
            LAST_NAME,
            LINE,
            |r| Value::Text(r.last_name.clone()),
            |r, v| {
                r.last_name = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::TitleAfter,
            TITLE_AFTER,
            LINE,
            |r| Value::Text(r.title_after.clone()),
            |r, v| {
                r.title_after = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Salutation,
            SALUTATION,
            choice::<Salutation>(false),
            |r| Value::choice(Some(r.salutation)),
            |r, v| {
                if let Some(salutation) = v.chosen()? {
                    r.salutation = salutation;
                }
                Ok(())
            },
        ),
        S::shown(
            K::Function,
            FUNCTION,
            LINE,
            |r| Value::Text(r.function.clone()),
            |r, v| {
                r.function = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Organisation,
            ORGANISATION,
            reference(Kind::Organisation, true),
            |r| Value::reference(r.organisation),
            |r, v| {
                r.organisation = v.id()?;
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
