//! A group's fields and a membership's. A group's members are records of their own: the
//! form adds them after the group's fields.

use super::{DATE, Described, FieldKey as K, LINE, Shape, Spec, Value, choice, reference};
use crate::app::form::labels::ORGANISATION;
use crate::app::form::labels::{GROUP_KIND, PROJECT, REPRESENTS, ROLE, SINCE, TARGET_GROUP, UNTIL};
use crate::model::group::*;
use crate::model::{Group, GroupKind, Kind, MemberRole, Membership, Represents, TargetGroup};

type S = Spec<Group>;

impl Described for Group {
    const FIELDS: &'static [Spec<Group>] = &[
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
            K::ShortName,
            SHORT_NAME,
            LINE,
            |r| Value::Text(r.short_name.clone()),
            |r, v| {
                r.short_name = v.text()?;
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
            K::Kind,
            GROUP_KIND,
            choice::<GroupKind>(true),
            |r| Value::choice(r.kind),
            |r, v| {
                r.kind = v.chosen()?;
                Ok(())
            },
        ),
        S::shown(
            K::TargetGroup,
            TARGET_GROUP,
            choice::<TargetGroup>(true),
            |r| Value::choice(r.target_group),
            |r, v| {
                r.target_group = v.chosen()?;
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

type M = Spec<Membership>;

impl Described for Membership {
    const FIELDS: &'static [Spec<Membership>] = &[
        M::shown(
            K::Group,
            GROUP,
            reference(Kind::Group, false),
            |r| Value::reference(Some(r.group)),
            |r, v| {
                r.group = v.required_id()?;
                Ok(())
            },
        ),
        M::shown(
            K::Person,
            PERSON,
            reference(Kind::Person, false),
            |r| Value::reference(Some(r.person)),
            |r, v| {
                r.person = v.required_id()?;
                Ok(())
            },
        ),
        M::shown(
            K::Role,
            ROLE,
            choice::<MemberRole>(true),
            |r| Value::choice(r.role),
            |r, v| {
                r.role = v.chosen()?;
                Ok(())
            },
        ),
        M::shown(
            K::Represents,
            REPRESENTS,
            choice::<Represents>(true),
            |r| Value::choice(r.represents),
            |r, v| {
                r.represents = v.chosen()?;
                Ok(())
            },
        ),
        M::shown(
            K::Organisation,
            ORGANISATION,
            reference(Kind::Organisation, true),
            |r| Value::reference(r.organisation),
            |r, v| {
                r.organisation = v.id()?;
                Ok(())
            },
        ),
        M::shown(
            K::Since,
            SINCE,
            DATE,
            |r| Value::Date(r.since),
            |r, v| {
                r.since = v.date()?;
                Ok(())
            },
        ),
        M::shown(
            K::Until,
            UNTIL,
            DATE,
            |r| Value::Date(r.until),
            |r, v| {
                r.until = v.date()?;
                Ok(())
            },
        )
        .also(&[MEMBERSHIP_PERIOD]),
    ];
}
