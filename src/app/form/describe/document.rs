//! A document's fields.

use super::{DATE, Described, FieldKey as K, LINE, Shape, Spec, Value, YEAR, choice, reference};
use crate::app::form::labels::{APPROVED_ON, DOCUMENT_KIND, PROJECT, STATE, YEAR_FROM, YEAR_TO};
use crate::model::document::*;
use crate::model::{Document, DocumentKind, DocumentState, Kind};

type S = Spec<Document>;

impl Described for Document {
    const FIELDS: &'static [Spec<Document>] = &[
        S::shown(
            K::Title,
            TITLE,
            LINE,
            |r| Value::Text(r.title.clone()),
            |r, v| {
                r.title = v.text()?;
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
            K::Kind,
            DOCUMENT_KIND,
            choice::<DocumentKind>(true),
            |r| Value::choice(r.kind),
            |r, v| {
                r.kind = v.chosen()?;
                Ok(())
            },
        ),
        S::shown(
            K::Project,
            PROJECT,
            reference(Kind::Project, true),
            |r| Value::reference(r.project),
            |r, v| {
                r.project = v.id()?;
                Ok(())
            },
        ),
        S::shown(
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
        S::shown(
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
        S::shown(
            K::State,
            STATE,
            choice::<DocumentState>(true),
            |r| Value::choice(r.state),
            |r, v| {
                r.state = v.chosen()?;
                Ok(())
            },
        ),
        S::shown(
            K::ApprovedOn,
            APPROVED_ON,
            DATE,
            |r| Value::Date(r.approved_on),
            |r, v| {
                r.approved_on = v.date()?;
                Ok(())
            },
        ),
        S::shown(
            K::ApprovedBy,
            APPROVED_BY,
            LINE,
            |r| Value::Text(r.approved_by.clone()),
            |r, v| {
                r.approved_by = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Link,
            LINK,
            LINE,
            |r| Value::Text(r.link.clone()),
            |r, v| {
                r.link = v.text()?;
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
