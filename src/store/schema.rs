//! The database layout: which trees exist and what version of the layout a database is at.

use crate::model::Kind;
use crate::store::keys::Index;

/// The layout version written into `meta` and at the front of every stored value.
/// Version 1 stored bare records; version 2 wraps each in its revision and keeps the
/// refs index and the audit trail; version 3 gives meetings the UID of the calendar
/// event they came from; version 4 gives people a salutation; version 5 gives meetings
/// the day their invitation was sent and makes the services organisations listed
/// inside them records of their own; version 6 packs index entries many to a key
/// ([`crate::store::packed`]); version 7 packs records sixteen to a key
/// ([`crate::store::records`]) and the refs index several targets to a key.
pub const SCHEMA_VERSION: u8 = 7;

/// The version the step to packed records upgrades from: the last one that kept a key
/// per record.
pub const RECORDS_PACKED_FROM: u8 = 6;

/// The version the step to packed indexes upgrades from: the last one whose indexes
/// kept a key per entry, with an empty value.
pub const PACKED_FROM: u8 = 5;

/// `meta` key of the schema version.
pub const META_SCHEMA: &[u8] = b"schema_version";

/// `meta` key of the next id to hand out for a kind.
pub fn meta_next_id(kind: Kind) -> Vec<u8> {
    format!("next_id/{}", kind.name()).into_bytes()
}

/// Every tree of the database, in a fixed order: transactions see them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeId {
    Records(Kind),
    Index(Index),
    Audit,
    AuditByRecord,
    Meta,
    /// Writes sent with a [`crate::store::WriteId`], with their outcome.
    Writes,
}

impl TreeId {
    pub fn all() -> Vec<TreeId> {
        let mut all: Vec<TreeId> = Kind::ALL.into_iter().map(TreeId::Records).collect();
        all.extend(Index::ALL.into_iter().map(TreeId::Index));
        all.extend([
            TreeId::Audit,
            TreeId::AuditByRecord,
            TreeId::Meta,
            TreeId::Writes,
        ]);
        all
    }

    /// The position of the tree in [`TreeId::all`].
    pub fn slot(self) -> usize {
        let records = Kind::ALL.len();
        let indexes = Index::ALL.len();
        match self {
            TreeId::Records(kind) => kind.position(),
            TreeId::Index(index) => records + index as usize,
            TreeId::Audit => records + indexes,
            TreeId::AuditByRecord => records + indexes + 1,
            TreeId::Meta => records + indexes + 2,
            TreeId::Writes => records + indexes + 3,
        }
    }

    pub fn name(self) -> String {
        match self {
            TreeId::Records(kind) => kind.name().to_string(),
            TreeId::Index(index) => index.tree_name().to_string(),
            TreeId::Audit => "audit".into(),
            TreeId::AuditByRecord => "audit_by_record".into(),
            TreeId::Meta => "meta".into(),
            TreeId::Writes => "writes".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_match_the_order_of_all() {
        for (i, tree) in TreeId::all().into_iter().enumerate() {
            assert_eq!(tree.slot(), i, "{tree:?}");
        }
        let mut names: Vec<String> = TreeId::all().into_iter().map(TreeId::name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TreeId::all().len());
    }

    /// The remembered outcome of a write is stored too, and is crate-private: its bytes
    /// are pinned here, beside the others in `tests/golden` (see `tests/golden.rs`).
    #[test]
    fn a_remembered_write_as_stored() {
        use crate::model::{Meeting, Record, Versioned};
        use crate::store::apply::{Outcome, Remembered};
        use crate::store::changeset::{Applied, Touched};
        use crate::store::codec;
        use chrono::{NaiveDate, TimeZone, Utc};

        let at = Utc.with_ymd_and_hms(2019, 1, 2, 3, 4, 5).unwrap();
        let meeting = Meeting {
            id: 7,
            region: 1,
            title: "Porada".into(),
            date: NaiveDate::from_ymd_opt(2019, 6, 4).unwrap(),
            uid: "porada@example.org/20190604T150000".into(),
            ..Meeting::default()
        };
        let outcomes = [
            (
                "remembered-applied",
                Outcome::Applied(Applied {
                    touched: vec![Touched {
                        before: None,
                        after: Some(Versioned {
                            rev: 1,
                            record: Record::Meeting(meeting),
                        }),
                    }],
                }),
            ),
            ("remembered-imported", Outcome::Imported(1234)),
        ];
        for (name, outcome) in outcomes {
            let bytes = codec::encode(&Remembered { at, outcome }).unwrap();
            let name = format!("stored-v{SCHEMA_VERSION}-{name}");
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/golden")
                .join(format!("{name}.hex"));
            let actual: String = bytes
                .chunks(32)
                .map(|line| {
                    let mut l: String = line.iter().map(|b| format!("{b:02x}")).collect();
                    l.push('\n');
                    l
                })
                .collect();
            let expected = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(_) if std::env::var_os("KPSS_BLESS").is_some() => {
                    std::fs::write(&path, &actual).unwrap();
                    continue;
                }
                Err(e) => panic!(
                    "{}: {e}: pin this version's bytes (tests/golden.rs)",
                    path.display()
                ),
            };
            assert!(
                expected == actual,
                "{name}: the stored bytes of a remembered write changed. A change that alters \
                 stored bytes needs the old shapes frozen in src/store/legacy/, a migration \
                 from schema {SCHEMA_VERSION} in src/store/migrate.rs and a SCHEMA_VERSION bump.\n\
                 expected:\n{expected}actual:\n{actual}"
            );
            let back: Remembered = codec::decode(&bytes).unwrap();
            assert_eq!(back.at, at);
        }
    }
}
