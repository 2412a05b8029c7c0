//! The register written out as the interchange JSON straight from the database, one
//! record at a time: a backup of the national register costs the memory of one record,
//! not of the whole register and its text.

use std::io::Write;

use crate::interchange::{self, WriteError};
use crate::model::{Kind, Record};
use crate::store::codec::CodecError;
use crate::store::embedded::EmbeddedStore;
use crate::store::keys;
use crate::store::schema::TreeId;
use crate::store::{Result, StoreError};

/// Why the register could not be written out: the store could not be read (a record
/// that does not decode among them), or the output could not be written.
pub type ExportError = WriteError<StoreError>;

impl EmbeddedStore {
    /// Writes the register into `out` as [`crate::interchange::write`] writes
    /// [`crate::store::Store::export`]'s register, byte for byte, reading the records one
    /// at a time. Writes wait until it is done, so the file is one moment's register.
    pub(crate) fn export_streamed(
        &self,
        out: &mut dyn Write,
    ) -> std::result::Result<usize, ExportError> {
        self.ready().map_err(WriteError::Source)?;
        let written = {
            let _writes = self.lock_writes();
            interchange::write_streamed(out, |kind| {
                let records = self.records_of(kind)?;
                Ok(records.map(move |stored| of_kind(kind, stored?.record)))
            })
        };
        if let Err(WriteError::Source(e)) = &written {
            self.note(e);
        }
        written
    }
}

/// A record found among another kind's records (`kpss check` reports it as misplaced)
/// is an error: the file would list it under the wrong kind. The error names the key
/// the record's own id gives in the tree it was found in.
fn of_kind(kind: Kind, record: Record) -> Result<Record> {
    if record.kind() == kind {
        return Ok(record);
    }
    Err(StoreError::Corrupt {
        tree: TreeId::Records(kind).name(),
        key: keys::id_key(record.id()).to_vec(),
        error: CodecError::Undecodable(format!("a record of kind {}", record.kind().name())),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;
    use crate::model::{Register, Versioned};
    use crate::store::{Store, codec, records};

    fn store_of(register: &Register) -> EmbeddedStore {
        let store = EmbeddedStore::temporary("referentka").unwrap();
        store.import(register).unwrap();
        store
    }

    fn streamed(store: &EmbeddedStore) -> std::result::Result<Vec<u8>, ExportError> {
        let mut out = Vec::new();
        store.export_streamed(&mut out)?;
        Ok(out)
    }

    fn whole(store: &EmbeddedStore) -> String {
        interchange::write(&store.export().unwrap()).unwrap()
    }

    #[test]
    fn the_sample_streams_to_the_bytes_of_its_export() {
        let sample = crate::sample::sample_register().unwrap();
        let store = store_of(&sample);
        let mut out = Vec::new();
        assert_eq!(store.export_streamed(&mut out).unwrap(), sample.len());
        assert_eq!(String::from_utf8(out).unwrap(), whole(&store));
    }

    /// A generated register with every kind, ids past 255 (where a key's byte order
    /// and a number's would part if keys were not big-endian).
    #[test]
    fn a_generated_register_with_every_kind_streams_to_the_bytes_of_its_export() {
        let sample = crate::sample::sample_register().unwrap();
        let register = crate::generate::providers(crate::generate::grow(sample, 2_000), 40, 300);
        for kind in Kind::ALL {
            assert!(
                register.records().any(|r| r.kind() == kind),
                "no {}",
                kind.name()
            );
        }
        assert!(register.meetings.len() > 256 && register.services.len() > 256);
        let store = store_of(&register);
        let out = streamed(&store).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), whole(&store));
    }

    fn person_tree(store: &EmbeddedStore) -> sled::Tree {
        store.tree(TreeId::Records(Kind::Person)).unwrap()
    }

    #[test]
    fn a_record_that_does_not_decode_stops_the_export() {
        let store = store_of(&crate::sample::sample_register().unwrap());
        let tree = person_tree(&store);
        // The second record of the first bucket loses its last byte; the bucket itself
        // still reads.
        let (bucket, value) = tree.first().unwrap().unwrap();
        let mut members: Vec<(u8, Vec<u8>)> = records::decode(Kind::Person, &value)
            .unwrap()
            .into_iter()
            .map(|(low, bytes)| (low, bytes.to_vec()))
            .collect();
        members[1].1.pop();
        tree.insert(&bucket, records::encode(&members)).unwrap();
        let damaged = records::first_id(Kind::Person, &bucket).unwrap() | u64::from(members[1].0);
        match streamed(&store) {
            Err(WriteError::Source(StoreError::Corrupt { tree, key, .. })) => {
                assert_eq!(tree, TreeId::Records(Kind::Person).name());
                assert_eq!(key, keys::id_key(damaged).to_vec());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_record_among_another_kinds_stops_the_export() {
        let store = store_of(&crate::sample::sample_register().unwrap());
        let region = store.list(Kind::Region).unwrap().remove(0);
        let stranger = Versioned {
            rev: region.rev,
            record: region.record,
        };
        let bytes = codec::encode(&stranger).unwrap();
        let bucket = records::with(Kind::Person, None, 9_999, Some(&bytes))
            .unwrap()
            .unwrap();
        person_tree(&store)
            .insert(records::bucket_key(Kind::Person, 9_999), bucket)
            .unwrap();
        assert!(matches!(
            streamed(&store),
            Err(WriteError::Source(StoreError::Corrupt { .. }))
        ));
    }
}
