//! The fields of a measure, an action plan and a monitoring entry. Their lists
//! (indicators, costs, values reached) are edited as lines (see [`super::plan_lines`]);
//! the links by id and an action plan's items are kept by the form and changed in the
//! plan's tab.

use super::plan::NUMBER_SHAPE;
use super::plan_lines::*;
use super::{Described, FieldKey as K, LINE, Shape, Spec, Value, YEAR, choice, reference};
use crate::app::form::labels::{STATE, YEAR_FROM, YEAR_TO};
use crate::model::plan::action::{
    ACTION_PLAN, ACTIVITY, ACTUAL_COST, COMMENT, DEADLINE, EVIDENCE_LINK, ITEMS, PLANNED_COST,
    REACHED,
};
use crate::model::plan::measure::*;
use crate::model::plan::{DESCRIPTION, NOTE, NUMBER, PERIOD, PLAN, PRIORITY, TITLE};
use crate::model::{ActionPlan, Kind, Measure, Monitoring, MonitoringState};

/// Whole CZK.
const MONEY: Shape = Shape::Number {
    min: 0,
    max: MAX_AMOUNT,
    year: false,
};

type M = Spec<Measure>;

impl Described for Measure {
    const FIELDS: &'static [Spec<Measure>] = &[
        M::shown(
            K::Title,
            TITLE,
            LINE,
            |r| Value::Text(r.title.clone()),
            |r, v| {
                r.title = v.text()?;
                Ok(())
            },
        ),
        M::shown(
            K::Priority,
            PRIORITY,
            reference(Kind::Priority, false),
            |r| Value::reference(Some(r.priority)),
            |r, v| {
                r.priority = v.required_id()?;
                Ok(())
            },
        ),
        M::shown(
            K::Number,
            NUMBER,
            NUMBER_SHAPE,
            |r| Value::number(Some(r.number)),
            |r, v| {
                r.number = v.number_of()?.unwrap_or(0);
                Ok(())
            },
        ),
        M::shown(
            K::Description,
            DESCRIPTION,
            Shape::Multi,
            |r| Value::Text(r.description.clone()),
            |r, v| {
                r.description = v.text()?;
                Ok(())
            },
        ),
        M::shown(
            K::Reason,
            REASON,
            Shape::Multi,
            |r| Value::Text(r.reason.clone()),
            |r, v| {
                r.reason = v.text()?;
                Ok(())
            },
        ),
        M::shown(
            K::Group,
            WORKING_GROUP,
            reference(Kind::Group, true),
            |r| Value::reference(r.group),
            |r, v| {
                r.group = v.id()?;
                Ok(())
            },
        ),
        M::shown(
            K::Responsible,
            RESPONSIBLE,
            reference(Kind::Organisation, true),
            |r| Value::reference(r.responsible),
            |r, v| {
                r.responsible = v.id()?;
                Ok(())
            },
        ),
        M::shown(
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
        M::shown(
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
        M::shown(
            K::Indicators,
            INDICATORS,
            Shape::Lines,
            |r| Value::Lines(indicators_to_lines(&r.indicators)),
            |r, v| {
                r.indicators = indicators_from_lines(v.lines()?);
                Ok(())
            },
        )
        .also(&[INDICATOR_NAME, INDICATOR_UNIT]),
        M::shown(
            K::Costs,
            COSTS,
            Shape::Lines,
            |r| Value::Lines(costs_to_lines(&r.costs)),
            |r, v| {
                r.costs = costs_from_lines(v.lines()?);
                Ok(())
            },
        )
        .also(&[FUNDING_SOURCE]),
        M::shown(
            K::TargetGroups,
            TARGET_GROUPS,
            Shape::Lines,
            |r| Value::Lines(target_groups_to_lines(&r.target_groups)),
            |r, v| {
                r.target_groups = target_groups_from_lines(v.lines()?)?;
                Ok(())
            },
        )
        .hidden(),
        M::shown(
            K::Partners,
            PARTNERS,
            Shape::Lines,
            |r| Value::Lines(ids_to_lines(&r.partners)),
            |r, v| {
                r.partners = ids_from_lines(v.lines()?)?;
                Ok(())
            },
        )
        .hidden(),
        M::shown(
            K::Projects,
            PROJECTS,
            Shape::Lines,
            |r| Value::Lines(ids_to_lines(&r.projects)),
            |r, v| {
                r.projects = ids_from_lines(v.lines()?)?;
                Ok(())
            },
        )
        .hidden(),
        M::shown(
            K::Services,
            SERVICES,
            Shape::Lines,
            |r| Value::Lines(ids_to_lines(&r.services)),
            |r, v| {
                r.services = ids_from_lines(v.lines()?)?;
                Ok(())
            },
        )
        .hidden(),
        M::shown(
            K::Documents,
            DOCUMENTS,
            Shape::Lines,
            |r| Value::Lines(ids_to_lines(&r.documents)),
            |r, v| {
                r.documents = ids_from_lines(v.lines()?)?;
                Ok(())
            },
        )
        .hidden(),
    ];
}

type A = Spec<ActionPlan>;

impl Described for ActionPlan {
    const FIELDS: &'static [Spec<ActionPlan>] = &[
        A::shown(
            K::Plan,
            PLAN,
            reference(Kind::Plan, false),
            |r| Value::reference(Some(r.plan)),
            |r, v| {
                r.plan = v.required_id()?;
                Ok(())
            },
        ),
        A::shown(
            K::Year,
            crate::model::plan::action::YEAR,
            YEAR,
            |r| Value::number(Some(r.year)),
            |r, v| {
                r.year = v.number_of()?.unwrap_or(0);
                Ok(())
            },
        ),
        A::shown(
            K::Document,
            crate::model::plan::DOCUMENT,
            reference(Kind::Document, true),
            |r| Value::reference(r.document),
            |r, v| {
                r.document = v.id()?;
                Ok(())
            },
        ),
        A::shown(
            K::Note,
            NOTE,
            Shape::Multi,
            |r| Value::Text(r.note.clone()),
            |r, v| {
                r.note = v.text()?;
                Ok(())
            },
        ),
        A::shown(
            K::Items,
            ITEMS,
            Shape::Lines,
            |r| Value::Lines(items_to_lines(&r.items)),
            |r, v| {
                r.items = items_from_lines(v.lines()?);
                Ok(())
            },
        )
        .also(&[PLANNED_COST, DEADLINE, ACTIVITY]),
    ];
}

type N = Spec<Monitoring>;

impl Described for Monitoring {
    const FIELDS: &'static [Spec<Monitoring>] = &[
        N::shown(
            K::State,
            STATE,
            choice::<MonitoringState>(true),
            |r| Value::choice(r.state),
            |r, v| {
                r.state = v.chosen()?;
                Ok(())
            },
        ),
        N::shown(
            K::Reached,
            REACHED,
            Shape::Lines,
            |r| Value::Lines(reached_to_lines(&r.reached)),
            |r, v| {
                r.reached = reached_from_lines(v.lines()?);
                Ok(())
            },
        ),
        N::shown(
            K::ActualCost,
            ACTUAL_COST,
            MONEY,
            |r| Value::number(Some(r.actual_cost)),
            |r, v| {
                r.actual_cost = v.number_of()?.unwrap_or(0);
                Ok(())
            },
        ),
        N::shown(
            K::Comment,
            COMMENT,
            Shape::Multi,
            |r| Value::Text(r.comment.clone()),
            |r, v| {
                r.comment = v.text()?;
                Ok(())
            },
        ),
        N::shown(
            K::ActionPlan,
            ACTION_PLAN,
            reference(Kind::ActionPlan, false),
            |r| Value::reference(Some(r.action_plan)),
            |r, v| {
                r.action_plan = v.required_id()?;
                Ok(())
            },
        ),
        N::shown(
            K::Activity,
            ACTIVITY,
            reference(Kind::Activity, false),
            |r| Value::reference(Some(r.activity)),
            |r, v| {
                r.activity = v.required_id()?;
                Ok(())
            },
        ),
        N::shown(
            K::EvidenceDocument,
            crate::model::plan::action::EVIDENCE_DOCUMENT,
            reference(Kind::Document, true),
            |r| Value::reference(r.evidence_document),
            |r, v| {
                r.evidence_document = v.id()?;
                Ok(())
            },
        ),
        N::shown(
            K::EvidenceLink,
            EVIDENCE_LINK,
            LINE,
            |r| Value::Text(r.evidence_link.clone()),
            |r, v| {
                r.evidence_link = v.text()?;
                Ok(())
            },
        ),
    ];
}
