//! What a form reads from the store: how referenced records are named, who a meeting's
//! attendance lists, and what a new record starts with.

use crate::app::form::NewContext;
use crate::app::form::rows::{AttendanceRow, Named};
use crate::app::meeting_defaults;
use crate::model::date::format_date;
use crate::model::text::sanitize_line;
use crate::model::{
    Attendance, Group, Id, Kind, Meeting, MeetingKind, Membership, Record, RecordRef, Versioned,
};
use crate::store::{Store, StoreError};

/// How a referenced record is shown on the form, made safe for the terminal; `#id`
/// when it is gone.
pub(super) fn title_of(store: &dyn Store, kind: Kind, id: Id) -> String {
    match store.get(RecordRef::new(kind, id)) {
        Ok(Some(v)) => name(&v.record, store),
        _ => format!("#{id}"),
    }
}

/// How a clerk knows a record: a membership by person and group, a group's meeting by
/// date and group.
pub(super) fn name(record: &Record, store: &dyn Store) -> String {
    let label = |kind, id| match store.get(RecordRef::new(kind, id)) {
        Ok(Some(v)) => match v.record {
            Record::Group(g) => g.label().to_owned(),
            other => other.title(),
        },
        _ => format!("#{id}"),
    };
    let text = match record {
        Record::Membership(m) => format!(
            "{} – {}",
            label(Kind::Person, m.person),
            label(Kind::Group, m.group)
        ),
        Record::Meeting(m) if m.title.trim().is_empty() => match m.group {
            Some(g) => format!("{} {}", format_date(m.date), label(Kind::Group, g)),
            None => format_date(m.date),
        },
        other => other.title(),
    };
    sanitize_line(&text)
}

/// The rows of a meeting's attendance: every member of its group, then anyone else
/// recorded as attending. A failed read of the members is an error, not an empty list.
pub(super) fn attendance_rows(
    store: &dyn Store,
    group: Option<Id>,
    attendance: &[Attendance],
) -> Result<Vec<AttendanceRow>, StoreError> {
    let members: Vec<Id> = match group {
        Some(g) => store
            .memberships_of_group(g)?
            .into_iter()
            .map(|m| m.record.person)
            .collect(),
        None => Vec::new(),
    };
    let mut people: Vec<Id> = Vec::new();
    for id in members
        .into_iter()
        .chain(attendance.iter().map(|a| a.person))
    {
        if !people.contains(&id) {
            people.push(id);
        }
    }
    Ok(people
        .into_iter()
        .map(|id| AttendanceRow {
            person: Named {
                id,
                name: title_of(store, Kind::Person, id),
            },
            presence: attendance
                .iter()
                .find(|a| a.person == id)
                .map(|a| a.presence),
        })
        .collect())
}

/// A new record with what the clerk's place in the app implies: the region, the group,
/// the day chosen in the calendar.
pub(super) fn new_record(
    kind: Kind,
    context: &NewContext,
    store: &dyn Store,
) -> Result<Record, StoreError> {
    let region = context.region.unwrap_or(0);
    let group: Option<Group> = match context.group {
        Some(id) => match store.get(RecordRef::new(Kind::Group, id))? {
            Some(Versioned {
                record: Record::Group(g),
                ..
            }) => Some(g),
            _ => None,
        },
        None => None,
    };
    let mut record = match kind {
        Kind::Region => Record::Region(Default::default()),
        Kind::Organisation => Record::Organisation(Default::default()),
        Kind::Person => Record::Person(Default::default()),
        Kind::Project => Record::Project(Default::default()),
        Kind::Document => Record::Document(Default::default()),
        Kind::Group => Record::Group(Default::default()),
        // A new service serves the region the clerk works in.
        Kind::Service => Record::Service(crate::model::Service {
            regions: (region != 0).then_some(region).into_iter().collect(),
            ..Default::default()
        }),
        Kind::Membership => Record::Membership(Membership {
            group: context.group.unwrap_or(0),
            ..Membership::default()
        }),
        Kind::Meeting => {
            let defaults = match &group {
                Some(g) => Some(meeting_defaults::of_group(store, g, context.date)?),
                None => None,
            };
            Record::Meeting(Meeting {
                region: group.as_ref().map_or(region, |g| g.region),
                group: group.as_ref().map(|g| g.id),
                kind: defaults.as_ref().map_or(MeetingKind::Other, |d| d.kind),
                start: defaults.as_ref().and_then(|d| d.start),
                end: defaults.as_ref().and_then(|d| d.end),
                place: defaults.map(|d| d.place).unwrap_or_default(),
                date: context.date.unwrap_or_default(),
                ..Meeting::default()
            })
        }
    };
    match &mut record {
        Record::Organisation(o) => o.region = context.region,
        Record::Project(p) => p.region = region,
        Record::Document(d) => d.region = region,
        Record::Group(g) => g.region = region,
        _ => {}
    }
    Ok(record)
}
