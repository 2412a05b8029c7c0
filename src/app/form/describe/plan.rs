//! The fields of a plan, a priority and an activity.

use super::{Described, FieldKey as K, LINE, Shape, Spec, Value, YEAR, choice, reference};
use crate::app::form::labels::{TARGET_GROUP, YEAR_FROM, YEAR_TO};
use crate::model::plan::*;
use crate::model::{Activity, Kind, Plan, Priority, TargetGroup};

/// A priority's, measure's or activity's number among its siblings.
pub(super) const NUMBER_SHAPE: Shape = Shape::Number {
    min: 1,
    max: MAX_NUMBER as i64,
    year: false,
};

type P = Spec<Plan>;

impl Described for Plan {
    const FIELDS: &'static [Spec<Plan>] = &[
        P::shown(
            K::Title,
            TITLE,
            LINE,
            |r| Value::Text(r.title.clone()),
            |r, v| {
                r.title = v.text()?;
                Ok(())
            },
        ),
        P::shown(
            K::Document,
            DOCUMENT,
            reference(Kind::Document, false),
            |r| Value::reference(Some(r.document)),
            |r, v| {
                r.document = v.required_id()?;
                Ok(())
            },
        ),
        P::shown(
            K::Region,
            REGION,
            reference(Kind::Region, false),
            |r| Value::reference(Some(r.region)),
            |r, v| {
                r.region = v.required_id()?;
                Ok(())
            },
        ),
        P::shown(
            K::YearFrom,
            YEAR_FROM,
            YEAR,
            |r| Value::number(Some(r.year_from)),
            |r, v| {
                r.year_from = v.number_of()?.unwrap_or(0);
                Ok(())
            },
        )
        .also(&[PERIOD]),
        P::shown(
            K::YearTo,
            YEAR_TO,
            YEAR,
            |r| Value::number(Some(r.year_to)),
            |r, v| {
                r.year_to = v.number_of()?.unwrap_or(0);
                Ok(())
            },
        )
        .also(&[PERIOD]),
        P::shown(
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

type R = Spec<Priority>;

impl Described for Priority {
    const FIELDS: &'static [Spec<Priority>] = &[
        R::shown(
            K::Title,
            TITLE,
            LINE,
            |r| Value::Text(r.title.clone()),
            |r, v| {
                r.title = v.text()?;
                Ok(())
            },
        ),
        R::shown(
            K::Plan,
            PLAN,
            reference(Kind::Plan, false),
            |r| Value::reference(Some(r.plan)),
            |r, v| {
                r.plan = v.required_id()?;
                Ok(())
            },
        ),
        R::shown(
            K::Number,
            NUMBER,
            NUMBER_SHAPE,
            |r| Value::number(Some(r.number)),
            |r, v| {
                r.number = v.number_of()?.unwrap_or(0);
                Ok(())
            },
        ),
        R::shown(
            K::TargetGroup,
            TARGET_GROUP,
            choice::<TargetGroup>(true),
            |r| Value::choice(r.target_group),
            |r, v| {
                r.target_group = v.chosen()?;
                Ok(())
            },
        ),
        R::shown(
            K::Description,
            DESCRIPTION,
            Shape::Multi,
            |r| Value::Text(r.description.clone()),
            |r, v| {
                r.description = v.text()?;
                Ok(())
            },
        ),
    ];
}

type A = Spec<Activity>;

impl Described for Activity {
    const FIELDS: &'static [Spec<Activity>] = &[
        A::shown(
            K::Title,
            TITLE,
            LINE,
            |r| Value::Text(r.title.clone()),
            |r, v| {
                r.title = v.text()?;
                Ok(())
            },
        ),
        A::shown(
            K::Measure,
            MEASURE,
            reference(Kind::Measure, false),
            |r| Value::reference(Some(r.measure)),
            |r, v| {
                r.measure = v.required_id()?;
                Ok(())
            },
        ),
        A::shown(
            K::Number,
            NUMBER,
            NUMBER_SHAPE,
            |r| Value::number(Some(r.number)),
            |r, v| {
                r.number = v.number_of()?.unwrap_or(0);
                Ok(())
            },
        ),
        A::shown(
            K::Description,
            DESCRIPTION,
            Shape::Multi,
            |r| Value::Text(r.description.clone()),
            |r, v| {
                r.description = v.text()?;
                Ok(())
            },
        ),
        A::shown(
            K::Responsible,
            RESPONSIBLE,
            reference(Kind::Organisation, true),
            |r| Value::reference(r.responsible),
            |r, v| {
                r.responsible = v.id()?;
                Ok(())
            },
        ),
        A::shown(
            K::YearFrom,
            YEAR_FROM,
            YEAR,
            |r| Value::number(r.year_from),
            |r, v| {
                r.year_from = v.number_of()?;
                Ok(())
            },
        )
        .also(&[PERIOD]),
        A::shown(
            K::YearTo,
            YEAR_TO,
            YEAR,
            |r| Value::number(r.year_to),
            |r, v| {
                r.year_to = v.number_of()?;
                Ok(())
            },
        )
        .also(&[PERIOD]),
    ];
}
