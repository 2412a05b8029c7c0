//! Schema migrations: each a small function from one layout version to the next, run in
//! order when a database written by an older kpss is opened.

use serde::de::DeserializeOwned;

use crate::model::{Id, Kind, Record, Service, ServiceType, Versioned};
use crate::store::apply::Remembered;
use crate::store::audit::{AuditEntry, Operation};
use crate::store::codec;
use crate::store::compact;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Result, StoreError};
use crate::store::legacy::{
    AuditEntryV2, AuditEntryV3, AuditEntryV4, EmbeddedServiceV4, EmbeddedServices, OrganisationV4,
    RecordV2, RecordV3, RecordV4, RememberedV2, RememberedV3, RememberedV4, v2, v3, v4,
};
use crate::store::repack;
use crate::store::schema::meta_next_id;
use crate::store::schema::{META_SCHEMA, PACKED_FROM, RECORDS_PACKED_FROM, SCHEMA_VERSION, TreeId};
use crate::store::write::{self, AuditLog, Write};

struct Migration {
    /// The version this migration upgrades from; it leaves the database at `from + 1`.
    from: u8,
    what: &'static str,
    run: fn(&EmbeddedStore) -> Result<Vec<Write>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        from: 1,
        what: "records wrapped in revisions; refs and search indexes built",
        run: v1_to_v2,
    },
    Migration {
        from: 2,
        what: "meetings keep the UID of the calendar event they came from",
        run: v2_to_v3,
    },
    Migration {
        from: 3,
        what: "people have a salutation (pan / paní / neuvedeno)",
        run: v3_to_v4,
    },
    Migration {
        from: 4,
        what: "meetings keep the day their invitation was sent; services listed inside \
               organisations become records of their own",
        run: v4_to_v5,
    },
    Migration {
        from: PACKED_FROM,
        what: "index entries packed many to a key",
        run: pack_indexes,
    },
    Migration {
        from: RECORDS_PACKED_FROM,
        what: "records packed sixteen to a key; references packed by target",
        run: pack_records,
    },
];

/// The schema version the database is at; `None` for a database never written.
pub(crate) fn schema_version(store: &EmbeddedStore) -> Result<Option<u8>> {
    Ok(store
        .tree(TreeId::Meta)?
        .get(META_SCHEMA)?
        .and_then(|v| v.first().copied()))
}

fn version_write(version: u8) -> Write {
    Write::put(TreeId::Meta, META_SCHEMA.to_vec(), vec![version])
}

pub(crate) fn bring_up_to_date(store: &EmbeddedStore) -> Result<()> {
    let _guard = store.lock_writes();
    let mut version = match schema_version(store)? {
        Some(v) => v,
        None => {
            let mut has_records = false;
            for t in TreeId::all() {
                if matches!(t, TreeId::Records(_)) && !store.tree(t)?.is_empty() {
                    has_records = true;
                }
            }
            if has_records {
                return Err(StoreError::Storage(
                    "the database holds records but no schema version".into(),
                ));
            }
            write::commit(store, &[version_write(SCHEMA_VERSION)])?;
            store.flush()?;
            return Ok(());
        }
    };
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let start = version;
    let pending = MIGRATIONS.iter().filter(move |m| m.from >= start);
    for migration in pending {
        let mut writes = (migration.run)(store)?;
        let mut audit = AuditLog::start(store)?;
        audit.record(
            Operation::Migrate,
            None,
            None,
            &format!(
                "schema {} → {}: {}",
                migration.from,
                migration.from + 1,
                migration.what
            ),
        )?;
        writes.extend(audit.finish());
        writes.push(version_write(migration.from + 1));
        write::commit(store, &writes)?;
        store.flush()?;
        version = migration.from + 1;
    }
    debug_assert_eq!(version, SCHEMA_VERSION);
    if start <= RECORDS_PACKED_FROM {
        // Every record's key was replaced: the database is copied without what sled
        // keeps of the removed ones.
        compact::compact(store)?;
    }
    Ok(())
}

/// Version 1 stored each record bare, without its revision, and kept no refs or search
/// index. Every record becomes revision 1 and every index entry is (re)written, at the
/// current version (the later steps leave such values alone).
fn v1_to_v2(store: &EmbeddedStore) -> Result<Vec<Write>> {
    let mut writes = Vec::new();
    for tree in TreeId::all()
        .into_iter()
        .filter(|t| matches!(t, TreeId::Records(_)))
    {
        for entry in store.tree(tree)?.iter() {
            let (key, bytes) = entry?;
            // Version 1 records have the shapes of version 2.
            let record: RecordV2 =
                codec::decode_at(1, &bytes).map_err(|error| StoreError::Corrupt {
                    tree: tree.name(),
                    key: key.to_vec(),
                    error,
                })?;
            let stored = Versioned {
                rev: 1,
                record: Record::from(record),
            };
            writes.extend(write::record_writes_by_id(&stored)?);
        }
    }
    Ok(writes)
}

/// Version 6 packs the index entries many to a key ([`crate::store::packed`]).
fn pack_indexes(store: &EmbeddedStore) -> Result<Vec<Write>> {
    repack::pack_indexes(store, PACKED_FROM)
}

/// Version 7 packs the records sixteen to a key ([`crate::store::records`]).
fn pack_records(store: &EmbeddedStore) -> Result<Vec<Write>> {
    repack::pack_records(store, RECORDS_PACKED_FROM)
}

/// A value encoded at the current version.
fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    codec::encode(value).map_err(|e| StoreError::Storage(e.to_string()))
}

/// Whether a value is already at a version above `from`: written at the current version
/// by an earlier step of the same upgrade, so nothing for this step to read.
fn already_newer(bytes: &[u8], from: u8) -> bool {
    codec::version_of(bytes).is_ok_and(|v| v > from)
}

/// Version 3 gave meetings their event `uid`: every value is read with the frozen
/// version-2 shapes ([`v2`]) and written again.
fn v2_to_v3(store: &EmbeddedStore) -> Result<Vec<Write>> {
    rewrite::<RecordV2, AuditEntryV2, RememberedV2>(store, v2::VERSION)
}

/// Version 4 gave people a salutation: every value is read with the frozen version-3
/// shapes ([`v3`]) and written again, each person with an unknown salutation.
fn v3_to_v4(store: &EmbeddedStore) -> Result<Vec<Write>> {
    rewrite::<RecordV3, AuditEntryV3, RememberedV3>(store, v3::VERSION)
}

/// Version 5 gave meetings the day their invitation was sent (none marked sent) and
/// took the `services` list out of organisations: every value is read with the frozen
/// version-4 shapes ([`v4`]) and written again, and each organisation's services become
/// [`Service`] records (see [`services_of`]). The steps from versions 2 and 3 do the
/// same, since their organisations had the list too.
fn v4_to_v5(store: &EmbeddedStore) -> Result<Vec<Write>> {
    rewrite::<RecordV4, AuditEntryV4, RememberedV4>(store, v4::VERSION)
}

/// The service records an organisation's embedded list becomes: one per type, with the
/// forms listed for it in their order, serving the organisation's region. The old list
/// had no name, identifier or capacity; the note says where the record came from.
pub(crate) fn services_of(o: &OrganisationV4, list: &[EmbeddedServiceV4]) -> Vec<Service> {
    let mut out: Vec<Service> = Vec::new();
    let mut types: Vec<ServiceType> = Vec::new();
    for s in list {
        if !types.contains(&s.kind) {
            types.push(s.kind);
        }
    }
    for kind in types {
        let mut forms = Vec::new();
        for s in list.iter().filter(|s| s.kind == kind) {
            if !forms.contains(&s.form) {
                forms.push(s.form);
            }
        }
        let name = kind.name_cs();
        let mut chars = name.chars();
        let name = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        out.push(Service {
            name,
            provider: o.id,
            registered: true,
            service_type: Some(kind),
            forms,
            regions: o.region.into_iter().collect(),
            note: "Převedeno ze seznamu služeb organizace (kpss před verzí 5).".into(),
            ..Service::default()
        });
    }
    out
}

/// Every value written at `from`, read with the shapes of that version and written again
/// at the current one: records of every kind (each value carries the version), the audit
/// trail (its entries hold records) and the remembered writes (their outcomes hold
/// records). Keys and indexes stay as they are.
fn rewrite<R, A, W>(store: &EmbeddedStore, from: u8) -> Result<Vec<Write>>
where
    R: DeserializeOwned + Into<Record> + EmbeddedServices,
    A: DeserializeOwned + Into<AuditEntry>,
    W: DeserializeOwned + Into<Remembered>,
{
    let mut writes = Vec::new();
    let mut services: Vec<Service> = Vec::new();
    let corrupt = |tree: TreeId, key: &[u8]| {
        let key = key.to_vec();
        move |error| StoreError::Corrupt {
            tree: tree.name(),
            key,
            error,
        }
    };
    for tree in TreeId::all()
        .into_iter()
        .filter(|t| matches!(t, TreeId::Records(_)))
    {
        for entry in store.tree(tree)?.iter() {
            let (key, bytes) = entry?;
            if already_newer(&bytes, from) {
                continue;
            }
            let old: Versioned<R> = codec::decode_at(from, &bytes).map_err(corrupt(tree, &key))?;
            if let Some((organisation, list)) = old.record.embedded_services() {
                services.extend(services_of(organisation, list));
            }
            let new = Versioned {
                rev: old.rev,
                record: old.record.into(),
            };
            writes.push(Write::put(tree, key.to_vec(), encode(&new)?));
        }
    }
    if !services.is_empty() {
        let mut next: Id = write::read_counter(store, &meta_next_id(Kind::Service))?;
        for mut service in services {
            service.id = next;
            next += 1;
            let stored = Versioned {
                rev: 1,
                record: Record::Service(service),
            };
            writes.extend(write::record_writes_by_id(&stored)?);
        }
        writes.push(write::next_id_write(Kind::Service, next));
    }
    for entry in store.tree(TreeId::Audit)?.iter() {
        let (key, bytes) = entry?;
        if already_newer(&bytes, from) {
            continue;
        }
        let old: A = codec::decode_at(from, &bytes).map_err(corrupt(TreeId::Audit, &key))?;
        let new: AuditEntry = old.into();
        writes.push(Write::put(TreeId::Audit, key.to_vec(), encode(&new)?));
    }
    for entry in store.tree(TreeId::Writes)?.iter() {
        let (key, bytes) = entry?;
        if already_newer(&bytes, from) {
            continue;
        }
        let old: W = codec::decode_at(from, &bytes).map_err(corrupt(TreeId::Writes, &key))?;
        let new: Remembered = old.into();
        writes.push(Write::put(TreeId::Writes, key.to_vec(), encode(&new)?));
    }
    Ok(writes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, Kind, Meeting, MeetingKind, RecordRef, Region};
    use crate::store::keys::{self, Index};
    use crate::store::{Store, StoreExt};
    use chrono::NaiveDate;

    /// Writes a database the way kpss wrote schema version 1.
    fn write_v1(dir: &std::path::Path, records: &[Record]) {
        let db = sled::open(dir).unwrap();
        db.open_tree("meta")
            .unwrap()
            .insert(META_SCHEMA, &[1u8])
            .unwrap();
        for record in records {
            let tree = db.open_tree(record.kind().name()).unwrap();
            tree.insert(
                keys::id_key(record.id()),
                codec::encode_at(1, &RecordV2::try_from(record.clone()).unwrap()).unwrap(),
            )
            .unwrap();
            if let Record::Meeting(m) = record {
                let key = [&keys::date_key(m.date)[..], &keys::id_key(m.id)].concat();
                db.open_tree(Index::MeetingByDate.tree_name())
                    .unwrap()
                    .insert(key, &[])
                    .unwrap();
            }
        }
        db.flush().unwrap();
    }

    fn v1_records() -> Vec<Record> {
        vec![
            Record::Region(Region {
                id: 1,
                name: "Soběslav".into(),
                ..Region::default()
            }),
            Record::Group(Group {
                id: 1,
                name: "Řídící skupina".into(),
                region: 1,
                ..Group::default()
            }),
            Record::Meeting(Meeting {
                id: 1,
                region: 1,
                group: Some(1),
                kind: MeetingKind::Steering,
                date: NaiveDate::from_ymd_opt(2017, 12, 4).unwrap(),
                ..Meeting::default()
            }),
        ]
    }

    #[test]
    fn opens_a_database_written_at_version_1() {
        let dir = tempfile::tempdir().unwrap();
        write_v1(dir.path(), &v1_records());
        let store = EmbeddedStore::open(dir.path(), "tester").unwrap();
        assert_eq!(schema_version(&store).unwrap(), Some(SCHEMA_VERSION));
        let region = store.get_as::<Region>(1).unwrap().unwrap();
        assert_eq!((region.rev, region.record.name.as_str()), (1, "Soběslav"));
        // The indexes version 1 lacked now answer.
        assert_eq!(store.search(Kind::Region, "sobeslav").unwrap().len(), 1);
        let by = store.referrers(RecordRef::new(Kind::Group, 1)).unwrap();
        assert_eq!(by[0].record, RecordRef::new(Kind::Meeting, 1));
        assert_eq!(store.meetings_of_group(1).unwrap().len(), 1);
        assert!(store.check().unwrap().problems.is_empty());
        // A new record gets a fresh id after the migrated ones.
        let created = store
            .create_as(Region {
                name: "Tábor".into(),
                ..Region::default()
            })
            .unwrap();
        assert_eq!(created.record.id, 2);
        drop(store);
        // Opening again does not migrate twice.
        let store = EmbeddedStore::open(dir.path(), "tester").unwrap();
        assert_eq!(store.list(Kind::Region).unwrap().len(), 2);
    }

    #[test]
    fn a_database_from_a_newer_kpss_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        {
            let db = sled::open(dir.path()).unwrap();
            db.open_tree("meta")
                .unwrap()
                .insert(META_SCHEMA, &[SCHEMA_VERSION + 1])
                .unwrap();
            db.flush().unwrap();
        }
        let err = EmbeddedStore::open(dir.path(), "tester").err().unwrap();
        assert!(matches!(err, StoreError::NewerSchema { .. }), "{err:?}");
    }
}
