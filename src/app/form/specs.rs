//! Which fields each kind of record's form has, in order, loaded from a record. Labels
//! come from the model's field names where it has them, so that the model's problems can
//! be shown next to the field they are about.

use chrono::NaiveDate;

use crate::app::form::fields::{Choice, FormField, Reference, TextKind};
use crate::app::form::labels::*;
use crate::app::form::lookup;
use crate::app::form::reader::milestone_line;
use crate::app::form::rows::{Named, RowList, Rows, member_row, output_row};
use crate::model::date::{format_date, format_time};
use crate::model::{
    DocumentKind, DocumentState, Field, GroupKind, Id, Kind, Kraj, MeetingKind, MeetingState,
    MemberRole, OrgKind, Programme, Record, Represents, TargetGroup, document, group, meeting,
    organisation, person, project, region,
};
use crate::store::{Store, StoreError};

const YEAR: TextKind = TextKind::Number {
    min: 1990,
    max: 2100,
    year: true,
};

fn line(key: &'static str, label: Field, value: &str) -> FormField {
    FormField::text(key, label, TextKind::Line, value)
}

fn multi(key: &'static str, label: Field, value: &str) -> FormField {
    FormField::text(key, label, TextKind::Multi, value)
}

fn lines(key: &'static str, label: Field, items: &[String]) -> FormField {
    FormField::text(key, label, TextKind::Lines, &items.join("\n"))
}

fn date(key: &'static str, label: Field, value: Option<NaiveDate>) -> FormField {
    let text = value.map(format_date).unwrap_or_default();
    FormField::text(key, label, TextKind::Date { required: false }, &text)
}

fn year(key: &'static str, label: Field, value: Option<i32>) -> FormField {
    let text = value.map(|y| y.to_string()).unwrap_or_default();
    FormField::text(key, label, YEAR, &text)
}

fn reference(
    store: &dyn Store,
    key: &'static str,
    label: Field,
    kind: Kind,
    id: Option<Id>,
    optional: bool,
) -> FormField {
    let id = id.filter(|&id| id != 0);
    let title = id
        .map(|id| lookup::title_of(store, kind, id))
        .unwrap_or_default();
    FormField::reference(
        key,
        label,
        Reference {
            kind,
            id,
            title,
            optional,
        },
    )
}

/// The fields of a record's form. `new` leaves a new meeting's date empty.
/// A record's fields. A read the fields need (a group's members, a meeting's group)
/// that fails is an error: a form opened without them would save them away.
pub(super) fn fields(
    record: &Record,
    new: bool,
    store: &dyn Store,
) -> Result<Vec<FormField>, StoreError> {
    use TextKind::*;
    let org = Kind::Organisation;
    let title = |kind, id| lookup::title_of(store, kind, id);
    Ok(match record {
        Record::Region(r) => vec![
            line("name", region::NAME, &r.name),
            FormField::choice("kraj", KRAJ, Choice::of::<Kraj>(r.kraj, true)),
            FormField::text(
                "municipality_count",
                region::MUNICIPALITY_COUNT,
                Number {
                    min: 1,
                    max: 1000,
                    year: false,
                },
                &r.municipality_count
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ),
            lines("municipalities", region::MUNICIPALITIES, &r.municipalities),
            reference(
                store,
                "partner_town",
                region::PARTNER_TOWN,
                org,
                r.partner_town,
                true,
            ),
            reference(
                store,
                "implementer",
                region::IMPLEMENTER,
                org,
                r.implementer,
                true,
            ),
            FormField::rows(
                "contacts",
                region::CONTACTS,
                Rows::new(RowList::People(
                    r.contacts
                        .iter()
                        .map(|&id| Named {
                            id,
                            name: lookup::title_of(store, Kind::Person, id),
                        })
                        .collect(),
                )),
            ),
            lines("links", region::LINKS, &r.links),
            FormField::text(
                "timeline",
                TIMELINE,
                Timeline,
                &r.timeline
                    .iter()
                    .map(milestone_line)
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
            .matching(&[TIMELINE, region::MILESTONE_YEAR, region::MILESTONE_TEXT]),
            multi("note", region::NOTE, &r.note),
        ],
        Record::Organisation(o) => vec![
            line("name", organisation::NAME, &o.name),
            FormField::choice("kind", ORG_KIND, Choice::of::<OrgKind>(o.kind, true)),
            line("ico", organisation::ICO, &o.ico),
            line("street", organisation::STREET, &o.address.street),
            line("psc", organisation::PSC, &o.address.psc),
            line("city", organisation::CITY, &o.address.city),
            line("web", organisation::WEB, &o.web),
            line("email", organisation::EMAIL, &o.email),
            line("phone", organisation::PHONE, &o.phone),
            reference(store, "region", REGION, Kind::Region, o.region, true),
            multi("note", organisation::NOTE, &o.note),
        ],
        Record::Person(p) => vec![
            line("title_before", person::TITLE_BEFORE, &p.title_before),
            line("first_name", person::FIRST_NAME, &p.first_name),
            line("last_name", person::LAST_NAME, &p.last_name),
            line("title_after", person::TITLE_AFTER, &p.title_after),
            line("function", person::FUNCTION, &p.function),
            reference(
                store,
                "organisation",
                ORGANISATION,
                org,
                p.organisation,
                true,
            ),
            line("phone", person::PHONE, &p.phone),
            line("email", person::EMAIL, &p.email),
            multi("note", person::NOTE, &p.note),
        ],
        Record::Project(p) => vec![
            line("name", project::NAME, &p.name),
            reference(
                store,
                "region",
                project::REGION,
                Kind::Region,
                Some(p.region),
                false,
            ),
            line(
                "registration_number",
                project::REGISTRATION_NUMBER,
                &p.registration_number,
            ),
            FormField::choice(
                "programme",
                PROGRAMME,
                Choice::of::<Programme>(p.programme, true),
            ),
            line(
                "programme_detail",
                project::PROGRAMME_DETAIL,
                &p.programme_detail,
            ),
            reference(
                store,
                "recipient",
                project::RECIPIENT,
                org,
                p.recipient,
                true,
            ),
            reference(store, "partner", project::PARTNER, org, p.partner, true),
            date("start", START, p.start),
            date("end", END, p.end).also(&[project::PERIOD]),
            FormField::rows(
                "goals",
                project::GOALS,
                Rows::new(RowList::Items(p.goals.clone())),
            ),
            FormField::rows(
                "activities",
                project::ACTIVITIES,
                Rows::new(RowList::Items(p.activities.clone())),
            ),
            FormField::rows(
                "outputs",
                OUTPUTS,
                Rows::new(RowList::Outputs(
                    p.outputs
                        .iter()
                        .map(|o| output_row(o.clone(), &title))
                        .collect(),
                )),
            )
            .also(&[project::OUTPUT_TITLE]),
            multi("description", project::DESCRIPTION, &p.description),
            line("web", project::WEB, &p.web),
        ],
        Record::Document(d) => vec![
            line("title", document::TITLE, &d.title),
            reference(
                store,
                "region",
                document::REGION,
                Kind::Region,
                Some(d.region),
                false,
            ),
            FormField::choice(
                "kind",
                DOCUMENT_KIND,
                Choice::of::<DocumentKind>(d.kind, true),
            ),
            reference(store, "project", PROJECT, Kind::Project, d.project, true),
            year("year_from", YEAR_FROM, d.year_from).also(&[document::PERIOD]),
            year("year_to", YEAR_TO, d.year_to).also(&[document::PERIOD]),
            FormField::choice("state", STATE, Choice::of::<DocumentState>(d.state, true)),
            date("approved_on", APPROVED_ON, d.approved_on),
            line("approved_by", document::APPROVED_BY, &d.approved_by),
            line("link", document::LINK, &d.link),
            multi("note", document::NOTE, &d.note),
        ],
        Record::Group(g) => {
            let members = if g.id == 0 {
                Vec::new()
            } else {
                store.memberships_of_group(g.id)?
            };
            let rows = members
                .into_iter()
                .map(|m| member_row(m.record, &title))
                .collect();
            vec![
                line("name", group::NAME, &g.name),
                line("short_name", group::SHORT_NAME, &g.short_name),
                reference(
                    store,
                    "region",
                    group::REGION,
                    Kind::Region,
                    Some(g.region),
                    false,
                ),
                reference(store, "project", PROJECT, Kind::Project, g.project, true),
                FormField::choice("kind", GROUP_KIND, Choice::of::<GroupKind>(g.kind, true)),
                FormField::choice(
                    "target_group",
                    TARGET_GROUP,
                    Choice::of::<TargetGroup>(g.target_group, true),
                ),
                multi("note", group::NOTE, &g.note),
                FormField::rows("members", MEMBERS, Rows::new(RowList::Members(rows))),
            ]
        }
        Record::Membership(m) => vec![
            reference(
                store,
                "group",
                group::GROUP,
                Kind::Group,
                Some(m.group),
                false,
            ),
            reference(
                store,
                "person",
                group::PERSON,
                Kind::Person,
                Some(m.person),
                false,
            ),
            FormField::choice("role", ROLE, Choice::of::<MemberRole>(m.role, true)),
            FormField::choice(
                "represents",
                REPRESENTS,
                Choice::of::<Represents>(m.represents, true),
            ),
            reference(
                store,
                "organisation",
                ORGANISATION,
                org,
                m.organisation,
                true,
            ),
            date("since", SINCE, m.since),
            date("until", UNTIL, m.until).also(&[group::MEMBERSHIP_PERIOD]),
        ],
        Record::Meeting(m) => {
            let date_text = if new && m.date == NaiveDate::default() {
                String::new()
            } else {
                format_date(m.date)
            };
            let time = |t: Option<chrono::NaiveTime>| t.map(format_time).unwrap_or_default();
            vec![
                reference(
                    store,
                    "region",
                    meeting::REGION,
                    Kind::Region,
                    Some(m.region),
                    false,
                ),
                reference(store, "group", group::GROUP, Kind::Group, m.group, true),
                FormField::choice(
                    "kind",
                    MEETING_KIND,
                    Choice::of::<MeetingKind>(Some(m.kind), false),
                ),
                line("title", meeting::TITLE, &m.title),
                FormField::text("date", meeting::DATE, Date { required: true }, &date_text),
                FormField::text("start", TIME_START, Time, &time(m.start)).also(&[meeting::TIME]),
                FormField::text("end", TIME_END, Time, &time(m.end)).also(&[meeting::TIME]),
                line("place", meeting::PLACE, &m.place),
                FormField::choice(
                    "state",
                    STATE,
                    Choice::of::<MeetingState>(Some(m.state), false),
                ),
                multi("agenda", meeting::AGENDA, &m.agenda),
                multi("minutes", meeting::MINUTES, &m.minutes),
                FormField::rows(
                    "attendance",
                    meeting::ATTENDANCE,
                    Rows::new(RowList::Attendance(lookup::attendance_rows(
                        store,
                        m.group,
                        &m.attendance,
                    )?)),
                ),
                lines("guests", meeting::GUESTS, &m.guests),
                multi("note", meeting::NOTE, &m.note),
            ]
        }
    })
}
