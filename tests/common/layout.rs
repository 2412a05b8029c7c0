//! Databases as older kpss wrote them: the record trees before schema 7 kept one key per
//! record.

use kpss::model::Kind;
use kpss::store::records;
use kpss::store::schema::TreeId;

/// Rewrites every record tree with one key per record (the record's id), as before
/// schema 7; the values stay as they are.
pub fn unpack_records(db: &sled::Db) {
    for kind in Kind::ALL {
        let tree = db.open_tree(kind.name()).unwrap();
        let stored: Vec<(Vec<u8>, Vec<u8>)> = records::iter(&tree, TreeId::Records(kind))
            .map(Result::unwrap)
            .collect();
        tree.clear().unwrap();
        for (key, bytes) in stored {
            tree.insert(key, bytes).unwrap();
        }
    }
    db.flush().unwrap();
}
