//! Meetings read from the store with the names their events show: group label, region
//! name, number within the group. Used by `kpss export --format ics` and the calendar
//! tab's export.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::ics::MeetingEvent;
use crate::model::{Group, Id, Meeting, Region};
use crate::store::{Result, Store, StoreExt};

/// The events of `meetings`, in the order given; each group and region is read once.
pub fn events(store: &dyn Store, meetings: Vec<Meeting>) -> Result<Vec<MeetingEvent>> {
    let mut groups: HashMap<Id, Option<String>> = HashMap::new();
    let mut regions: HashMap<Id, String> = HashMap::new();
    let mut events = Vec::with_capacity(meetings.len());
    for meeting in meetings {
        let (group, number) = match meeting.group {
            Some(id) => {
                let label = match groups.entry(id) {
                    Entry::Occupied(found) => found.get().clone(),
                    Entry::Vacant(slot) => slot
                        .insert(
                            store
                                .get_as::<Group>(id)?
                                .map(|g| g.record.label().to_string()),
                        )
                        .clone(),
                };
                let number = store.meeting_number(id, meeting.date, meeting.id)?;
                (label, Some(number))
            }
            None => (None, None),
        };
        let region = match regions.entry(meeting.region) {
            Entry::Occupied(found) => found.get().clone(),
            Entry::Vacant(slot) => slot
                .insert(
                    store
                        .get_as::<Region>(meeting.region)?
                        .map(|r| r.record.name)
                        .unwrap_or_default(),
                )
                .clone(),
        };
        events.push(MeetingEvent {
            meeting,
            group,
            region,
            number,
        });
    }
    Ok(events)
}
