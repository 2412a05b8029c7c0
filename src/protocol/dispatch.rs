//! The daemon's side of a request: one [`Request`] carried out on a [`Store`].

use crate::protocol::{Reply, Request};
use crate::store::{Result, Store};

fn count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Carries out `request` on `store` (roles are checked by the caller).
pub fn dispatch(store: &dyn Store, request: Request) -> Result<Reply> {
    Ok(match request {
        Request::Get(r) => Reply::Record(store.get(r)?),
        Request::List(kind) => Reply::Records(store.list(kind)?),
        Request::Apply { write, set } => Reply::Applied(store.apply_once(write, set)?),
        Request::Referring(r) => Reply::Refs(store.referring(r)?),
        Request::Referrers(r) => Reply::Referrers(store.referrers(r)?),
        Request::MeetingsBetween { from, to } => Reply::Meetings(store.meetings_between(from, to)?),
        Request::NearestMeetingDate(d) => Reply::Date(store.nearest_meeting_date(d)?),
        Request::MeetingsOfGroup(g) => Reply::Meetings(store.meetings_of_group(g)?),
        Request::MeetingNumber { group, date, id } => {
            Reply::Number(store.meeting_number(group, date, id)? as u64)
        }
        Request::MeetingsOfRegion {
            region,
            from,
            limit,
        } => Reply::Meetings(store.meetings_of_region(region, from, count(limit))?),
        Request::MeetingsOfRegionBefore {
            region,
            before,
            limit,
        } => Reply::Meetings(store.meetings_of_region_before(region, before, count(limit))?),
        Request::MeetingDatesOfGroup(g) => Reply::DatedIds(store.meeting_dates_of_group(g)?),
        Request::MeetingDays { from, to } => Reply::DatedIds(store.meeting_days(from, to)?),
        Request::MeetingDatesOfRegion { region, from, to } => {
            Reply::Dates(store.meeting_dates_of_region(region, from, to)?)
        }
        Request::MembershipsOfGroup(g) => Reply::Memberships(store.memberships_of_group(g)?),
        Request::MembershipsOfPerson(p) => Reply::Memberships(store.memberships_of_person(p)?),
        Request::InRegion { kind, region } => Reply::Records(store.in_region(kind, region)?),
        Request::Search { kind, query } => Reply::Records(store.search(kind, &query)?),
        Request::History(r) => Reply::History(store.history(r)?),
        Request::IsEmpty => Reply::Bool(store.is_empty()?),
        Request::Import { write, register } => {
            Reply::Count(store.import_once(write, &register)? as u64)
        }
        Request::Export => Reply::Register(Box::new(store.export()?)),
        Request::PersonData(person) => Reply::PersonData(Box::new(store.person_data(person)?)),
        Request::ErasePerson(person) => Reply::Erased(store.erase_person(person)?),
        Request::MeetingNumbers(meetings) => Reply::Numbers(
            store
                .meeting_numbers(&meetings)?
                .into_iter()
                .map(|n| n as u64)
                .collect(),
        ),
    })
}
