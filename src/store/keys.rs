//! Keys in big-endian so that byte order is sort order: ids, dates and the index keys
//! each record contributes.

use chrono::{Datelike, NaiveDate};

use crate::model::{Id, Kind, Record, RecordRef, text};

/// The secondary indexes. Each entry is logically a key ending in the record's id; in
/// the index's tree the entries are packed many to a key ([`crate::store::packed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Index {
    /// date, meeting id
    MeetingByDate,
    /// group id, date, meeting id
    MeetingByGroup,
    /// region id, date, meeting id
    MeetingByRegion,
    /// group id, membership id
    MembershipByGroup,
    /// person id, membership id
    MembershipByPerson,
    /// region id, project id
    ProjectByRegion,
    /// region id, document id
    DocumentByRegion,
    /// region id, group id
    GroupByRegion,
    /// kind tag, folded name, 0, id
    Search,
    /// target kind tag, target id, source kind tag, source id
    Refs,
    /// region id, service id: the services of an ORP's territory
    ServiceByRegion,
    /// meeting id, date: the day bucket a meeting is stored in
    /// ([`crate::store::records`]); the one index whose keys end in a date
    MeetingDay,
}

impl Index {
    pub const ALL: [Index; 12] = [
        Index::MeetingByDate,
        Index::MeetingByGroup,
        Index::MeetingByRegion,
        Index::MembershipByGroup,
        Index::MembershipByPerson,
        Index::ProjectByRegion,
        Index::DocumentByRegion,
        Index::GroupByRegion,
        Index::Search,
        Index::Refs,
        Index::ServiceByRegion,
        Index::MeetingDay,
    ];

    pub fn tree_name(self) -> &'static str {
        match self {
            Index::MeetingByDate => "meeting_by_date",
            Index::MeetingByGroup => "meeting_by_group",
            Index::MeetingByRegion => "meeting_by_region",
            Index::MembershipByGroup => "membership_by_group",
            Index::MembershipByPerson => "membership_by_person",
            Index::ProjectByRegion => "project_by_region",
            Index::DocumentByRegion => "document_by_region",
            Index::GroupByRegion => "group_by_region",
            Index::Search => "search",
            Index::Refs => "refs",
            Index::ServiceByRegion => "service_by_region",
            Index::MeetingDay => "meeting_day",
        }
    }
}

pub fn id_key(id: Id) -> [u8; 8] {
    id.to_be_bytes()
}

/// Days since the common era, with the sign bit flipped so that byte order is date order.
pub fn date_key(date: NaiveDate) -> [u8; 4] {
    ((date.num_days_from_ce() as u32) ^ 0x8000_0000).to_be_bytes()
}

pub fn date_from_key(bytes: [u8; 4]) -> Option<NaiveDate> {
    let days = (u32::from_be_bytes(bytes) ^ 0x8000_0000) as i32;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// The id at the end of an index key.
pub fn trailing_id(key: &[u8]) -> Option<Id> {
    let start = key.len().checked_sub(8)?;
    let bytes: [u8; 8] = key[start..].try_into().ok()?;
    Some(Id::from_be_bytes(bytes))
}

pub fn read_id(bytes: &[u8]) -> Option<Id> {
    Some(Id::from_be_bytes(bytes.get(..8)?.try_into().ok()?))
}

fn join(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The key prefix of everything that points at `target` in the refs index.
pub fn refs_prefix(target: RecordRef) -> Vec<u8> {
    join(&[&[target.kind.tag()], &id_key(target.id)])
}

/// The record pointing, read back from a refs key.
pub fn refs_source(key: &[u8]) -> Option<RecordRef> {
    let kind = Kind::from_tag(*key.get(9)?)?;
    let id = read_id(key.get(10..)?)?;
    Some(RecordRef::new(kind, id))
}

/// The prefix of a search-index key for one kind of record.
pub fn search_prefix(kind: Kind) -> [u8; 1] {
    [kind.tag()]
}

/// The folded text stored in a search key.
pub fn search_text(key: &[u8]) -> Option<&str> {
    let text = key.get(1..key.len().checked_sub(9)?)?;
    std::str::from_utf8(text).ok()
}

/// Every index entry a record contributes.
pub fn index_entries(record: &Record) -> Vec<(Index, Vec<u8>)> {
    let id = id_key(record.id());
    let mut out = Vec::new();
    match record {
        Record::Meeting(m) => {
            let date = date_key(m.date);
            out.push((Index::MeetingByDate, join(&[&date, &id])));
            if let Some(group) = m.group {
                out.push((Index::MeetingByGroup, join(&[&id_key(group), &date, &id])));
            }
            out.push((
                Index::MeetingByRegion,
                join(&[&id_key(m.region), &date, &id]),
            ));
            out.push((Index::MeetingDay, join(&[&id, &date])));
        }
        Record::Membership(m) => {
            out.push((Index::MembershipByGroup, join(&[&id_key(m.group), &id])));
            out.push((Index::MembershipByPerson, join(&[&id_key(m.person), &id])));
        }
        Record::Project(p) => {
            out.push((Index::ProjectByRegion, join(&[&id_key(p.region), &id])));
        }
        Record::Document(d) => {
            out.push((Index::DocumentByRegion, join(&[&id_key(d.region), &id])));
        }
        Record::Group(g) => {
            out.push((Index::GroupByRegion, join(&[&id_key(g.region), &id])));
        }
        Record::Service(s) => {
            for region in &s.regions {
                out.push((Index::ServiceByRegion, join(&[&id_key(*region), &id])));
            }
        }
        Record::Region(_)
        | Record::Organisation(_)
        | Record::Person(_)
        | Record::Plan(_)
        | Record::Priority(_)
        | Record::Measure(_)
        | Record::Activity(_)
        | Record::ActionPlan(_)
        | Record::Monitoring(_) => {}
    }
    if let Some(name) = record.search_text() {
        let folded = text::fold(&name);
        out.push((
            Index::Search,
            join(&[&search_prefix(record.kind()), folded.as_bytes(), &[0], &id]),
        ));
    }
    let source = [record.kind().tag()];
    for target in record.references() {
        out.push((Index::Refs, join(&[&refs_prefix(target), &source, &id])));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn date_keys_sort_like_dates(a in -300_000i32..300_000, b in -300_000i32..300_000) {
            let (Some(da), Some(db)) = (
                NaiveDate::from_num_days_from_ce_opt(a),
                NaiveDate::from_num_days_from_ce_opt(b),
            ) else { return Ok(()); };
            prop_assert_eq!(date_key(da).cmp(&date_key(db)), da.cmp(&db));
            prop_assert_eq!(date_from_key(date_key(da)), Some(da));
        }

        #[test]
        fn id_keys_sort_like_ids(a in any::<u64>(), b in any::<u64>()) {
            prop_assert_eq!(id_key(a).cmp(&id_key(b)), a.cmp(&b));
            prop_assert_eq!(trailing_id(&join(&[b"prefix", &id_key(a)])), Some(a));
        }
    }

    #[test]
    fn refs_keys_name_target_and_source() {
        let target = RecordRef::new(Kind::Group, 5);
        let key = join(&[&refs_prefix(target), &[Kind::Meeting.tag()], &id_key(9)]);
        assert!(key.starts_with(&refs_prefix(target)));
        assert_eq!(refs_source(&key), Some(RecordRef::new(Kind::Meeting, 9)));
        assert_eq!(refs_source(&key[..12]), None);
    }
}
