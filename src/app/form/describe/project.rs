//! A project's fields.

use super::{DATE, Described, FieldKey as K, LINE, Shape, Spec, Value, choice, reference};
use crate::app::form::labels::{END, OUTPUTS, PROGRAMME, START};
use crate::model::project::*;
use crate::model::validate::registration_number;
use crate::model::{Kind, Programme, Project};

type S = Spec<Project>;

impl Described for Project {
    const FIELDS: &'static [Spec<Project>] = &[
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
            K::Region,
            REGION,
            reference(Kind::Region, false),
            |r| Value::reference(Some(r.region)),
            |r, v| {
                r.region = v.required_id()?;
                Ok(())
            },
        ),
        S::shown(
            K::RegistrationNumber,
            REGISTRATION_NUMBER,
            Shape::Line {
                normal: Some(registration_number),
            },
            |r| Value::Text(r.registration_number.clone()),
            |r, v| {
                r.registration_number = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Programme,
            PROGRAMME,
            choice::<Programme>(true),
            |r| Value::choice(r.programme),
            |r, v| {
                r.programme = v.chosen()?;
                Ok(())
            },
        ),
        S::shown(
            K::ProgrammeDetail,
            PROGRAMME_DETAIL,
            LINE,
            |r| Value::Text(r.programme_detail.clone()),
            |r, v| {
                r.programme_detail = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Recipient,
            RECIPIENT,
            reference(Kind::Organisation, true),
            |r| Value::reference(r.recipient),
            |r, v| {
                r.recipient = v.id()?;
                Ok(())
            },
        ),
        S::shown(
            K::Partner,
            PARTNER,
            reference(Kind::Organisation, true),
            |r| Value::reference(r.partner),
            |r, v| {
                r.partner = v.id()?;
                Ok(())
            },
        ),
        S::shown(
            K::Start,
            START,
            DATE,
            |r| Value::Date(r.start),
            |r, v| {
                r.start = v.date()?;
                Ok(())
            },
        ),
        S::shown(
            K::End,
            END,
            DATE,
            |r| Value::Date(r.end),
            |r, v| {
                r.end = v.date()?;
                Ok(())
            },
        )
        .also(&[PERIOD]),
        S::shown(
            K::Goals,
            GOALS,
            Shape::Items,
            |r| Value::Lines(r.goals.clone()),
            |r, v| {
                r.goals = v.lines()?;
                Ok(())
            },
        ),
        S::shown(
            K::Activities,
            ACTIVITIES,
            Shape::Items,
            |r| Value::Lines(r.activities.clone()),
            |r, v| {
                r.activities = v.lines()?;
                Ok(())
            },
        ),
        S::shown(
            K::Outputs,
            OUTPUTS,
            Shape::Outputs,
            |r| Value::Outputs(r.outputs.clone()),
            |r, v| {
                r.outputs = v.outputs()?;
                Ok(())
            },
        )
        .also(&[OUTPUT_TITLE]),
        S::shown(
            K::Description,
            DESCRIPTION,
            Shape::Multi,
            |r| Value::Text(r.description.clone()),
            |r, v| {
                r.description = v.text()?;
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
    ];
}
