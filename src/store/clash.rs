//! Clash warnings read from the store: the meetings of the same day and the members of
//! their groups, checked by [`crate::model::overlap`].

use std::collections::HashMap;

use crate::model::overlap::{Clash, expected};
use crate::model::{Id, Meeting};
use crate::store::{Result, Store};

/// The people a group expects at its meetings: its members.
fn members(store: &dyn Store, group: Id) -> Result<Vec<Id>> {
    Ok(store
        .memberships_of_group(group)?
        .into_iter()
        .map(|v| v.record.person)
        .collect())
}

/// The clashes `meeting` (new or edited) would have with the other meetings of its day.
pub fn clashes(store: &dyn Store, meeting: &Meeting) -> Result<Vec<Clash>> {
    let mut by_group: HashMap<Id, Vec<Id>> = HashMap::new();
    let mut group_members = |group: Option<Id>| -> Result<Vec<Id>> {
        match group {
            Some(g) => {
                if let Some(found) = by_group.get(&g) {
                    return Ok(found.clone());
                }
                let found = members(store, g)?;
                by_group.insert(g, found.clone());
                Ok(found)
            }
            None => Ok(Vec::new()),
        }
    };
    let mine = expected(meeting, &group_members(meeting.group)?);
    let mut others = Vec::new();
    for v in store.meetings_between(meeting.date, meeting.date)? {
        if meeting.id != 0 && v.record.id == meeting.id {
            continue;
        }
        let theirs = expected(&v.record, &group_members(v.record.group)?);
        others.push((v.record, theirs));
    }
    Ok(crate::model::overlap::clashes(meeting, &mine, &others))
}
