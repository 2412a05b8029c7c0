//! What a new meeting of a group starts with: the kind its group's kind implies (a
//! steering group meets in steering meetings) and the time and place of the group's
//! previous meeting.

use chrono::{NaiveDate, NaiveTime};

use crate::model::{Group, GroupKind, Meeting, MeetingKind};
use crate::store::{Result, StoreExt};

/// The defaults of a new meeting of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDefaults {
    pub kind: MeetingKind,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub place: String,
}

/// The kind of meeting a group of `kind` holds.
pub fn kind_of(kind: Option<GroupKind>) -> MeetingKind {
    match kind {
        Some(GroupKind::Steering) => MeetingKind::Steering,
        Some(GroupKind::Working) => MeetingKind::Working,
        Some(GroupKind::ImplementationTeam | GroupKind::Other) | None => MeetingKind::Other,
    }
}

/// The defaults of a new meeting of `group` on `date`: time and place from the group's
/// last meeting on or before that day (or, when it has none, its first one after). A
/// failed read is an error, not a meeting without defaults.
pub fn of_group(
    store: &dyn crate::store::Store,
    group: &Group,
    date: Option<NaiveDate>,
) -> Result<MeetingDefaults> {
    let dates = store.meeting_dates_of_group(group.id)?;
    let previous = match date {
        Some(day) => {
            let before = dates.partition_point(|&(d, _)| d <= day);
            dates.get(before.saturating_sub(1)).copied()
        }
        None => dates.last().copied(),
    };
    let previous = match previous {
        Some((_, id)) => store.get_as::<Meeting>(id)?.map(|v| v.record),
        None => None,
    };
    Ok(MeetingDefaults {
        kind: kind_of(group.kind),
        start: previous.as_ref().and_then(|m| m.start),
        end: previous.as_ref().and_then(|m| m.end),
        place: previous.map(|m| m.place).unwrap_or_default(),
    })
}
