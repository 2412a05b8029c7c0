//! The facts a meeting's paperwork needs, read from the store in one place: the meeting,
//! its number, group, region and project, the group's members on the meeting's day and
//! the people its attendance names.

use std::collections::BTreeMap;

use crate::model::text::sort_czech_by;
use crate::model::{
    Group, Id, Meeting, MemberRole, Membership, Organisation, Person, Project, Region, Represents,
};
use crate::store::{Result, Store, StoreExt};

/// Everything the documents of one meeting are built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub meeting: Meeting,
    /// The meeting's number in its group ("5" in "5. jednání").
    pub number: Option<usize>,
    pub group: Option<Group>,
    pub region: String,
    pub project: Option<Project>,
    /// The group's members on the meeting's day, by surname in Czech order.
    pub members: Vec<Member>,
    /// The people the attendance names (members or not).
    pub people: BTreeMap<Id, Person>,
}

/// A member of the meeting's group, as the paperwork names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub person: Person,
    /// "Nováková Jana": what the list is sorted by.
    pub sort_name: String,
    /// The organisation they speak for (the membership's, else the person's own).
    pub organisation: String,
    pub represents: Option<Represents>,
    pub role: Option<MemberRole>,
}

/// Whether a membership runs on `date` (from `since` to `until`, both included).
pub fn member_on(m: &Membership, date: chrono::NaiveDate) -> bool {
    m.since.is_none_or(|since| since <= date) && m.until.is_none_or(|until| until >= date)
}

/// The facts of meeting `id`, or `None` when there is no such meeting.
pub fn gather(store: &dyn Store, id: Id) -> Result<Option<Facts>> {
    let Some(meeting) = store.get_as::<Meeting>(id)? else {
        return Ok(None);
    };
    let meeting = meeting.record;
    let region = store
        .get_as::<Region>(meeting.region)?
        .map(|v| v.record.name)
        .unwrap_or_default();
    let mut organisations: BTreeMap<Id, String> = BTreeMap::new();
    let mut organisation = |id: Option<Id>| -> Result<String> {
        let Some(id) = id else {
            return Ok(String::new());
        };
        if let Some(name) = organisations.get(&id) {
            return Ok(name.clone());
        }
        let name = store
            .get_as::<Organisation>(id)?
            .map(|v| v.record.name)
            .unwrap_or_default();
        organisations.insert(id, name.clone());
        Ok(name)
    };
    let mut people: BTreeMap<Id, Person> = BTreeMap::new();
    let (mut group, mut number, mut project, mut members) = (None, None, None, Vec::new());
    if let Some(group_id) = meeting.group
        && let Some(g) = store.get_as::<Group>(group_id)?
    {
        let g = g.record;
        number = Some(store.meeting_number(g.id, meeting.date, meeting.id)?);
        if let Some(p) = g.project {
            project = store.get_as::<Project>(p)?.map(|v| v.record);
        }
        for m in store.memberships_of_group(g.id)? {
            let m = m.record;
            if !member_on(&m, meeting.date) {
                continue;
            }
            let Some(person) = store.get_as::<Person>(m.person)? else {
                continue;
            };
            let person = person.record;
            let organisation = organisation(m.organisation.or(person.organisation))?;
            people.insert(person.id, person.clone());
            members.push(Member {
                sort_name: person.sort_name(),
                person,
                organisation,
                represents: m.represents,
                role: m.role,
            });
        }
        group = Some(g);
    }
    sort_czech_by(&mut members, |m| m.sort_name.as_str());
    for a in &meeting.attendance {
        if !people.contains_key(&a.person)
            && let Some(p) = store.get_as::<Person>(a.person)?
        {
            people.insert(a.person, p.record);
        }
    }
    Ok(Some(Facts {
        meeting,
        number,
        group,
        region,
        project,
        members,
        people,
    }))
}
