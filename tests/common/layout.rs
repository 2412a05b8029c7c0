//! Databases as older kpss wrote them: the record trees before schema 7 kept one key per
//! record.

use kpss::model::Kind;
use kpss::store::records;

/// Rewrites every record tree with one key per record (the record's id), as before
/// schema 7; the values stay as they are.
pub fn unpack_records(db: &sled::Db) {
    for kind in Kind::ALL {
        let tree = db.open_tree(kind.name()).unwrap();
        let stored: Vec<(Vec<u8>, Vec<u8>)> =
            records::iter(&tree, kind).map(Result::unwrap).collect();
        tree.clear().unwrap();
        for (key, bytes) in stored {
            tree.insert(key, bytes).unwrap();
        }
    }
    db.flush().unwrap();
}

/// Opens a database's sled files directly once the store that had them open has let
/// go (sled's own threads may hold them a moment after the store is dropped).
pub fn open_raw(dir: &std::path::Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match sled::open(dir) {
            Ok(db) => return db,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("{}: {e}", dir.display()),
        }
    }
}
