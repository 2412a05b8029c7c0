//! An import's new database, built in a hidden directory beside the one in use and
//! swapped into place only when complete, the same way a restore swaps in a backup
//! ([`crate::backup::exchange`]). Records are written in batches without a flush each;
//! one flush at the end. A crash or `kill -9` at any moment leaves the database in use
//! as it was: either the old directory (the half-built one beside it is cleared at the
//! next import) or the complete new one.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::backup::BackupError;
use crate::fsutil::{parent_of, sync_dir};
use crate::model::{Id, Kind, Record, Versioned};
use crate::store::bulk::Entries;
use crate::store::codec;
use crate::store::embedded::EmbeddedStore;
use crate::store::error::{Result, StoreError};
use crate::store::records;
use crate::store::schema::TreeId;
use crate::store::write::{self, Write};

/// Records (or packed index values) per batch: enough to make each batch cheap, few
/// enough that a batch stays a few megabytes.
pub(crate) const BATCH: usize = 2_000;

/// Batches between reopenings of the new database. sled keeps every page written since
/// the database was opened in memory, whatever its cache capacity: the national
/// register (about nine million keys) took over 20 GB in one go. Reopening every 6,000
/// records keeps an import of 0.3× the national register at about 400 MB (1.5 GB
/// without; 550 MB every 10,000 records) and costs no measurable time.
const REOPEN_EVERY: usize = 3;

/// Test hook: with `KPSS_TEST_IMPORT_HALT` set, an import names each phase it reaches
/// on standard error (`kpss-import-phase: NAME`), and at the phase the variable names
/// (`staged`, `batch`, `swap`) stops there until it is killed. Tests use it to kill the
/// import at chosen points.
pub const HALT_ENV: &str = "KPSS_TEST_IMPORT_HALT";

pub(crate) fn phase(name: &str) {
    let Some(halt) = std::env::var_os(HALT_ENV) else {
        return;
    };
    eprintln!("kpss-import-phase: {name}");
    if halt == name {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

/// The database being built.
pub(crate) struct Stage {
    target: PathBuf,
    dir: PathBuf,
    store: Option<EmbeddedStore>,
    batches: Vec<sled::Batch>,
    pending: usize,
    halted_after_batch: bool,
    written: usize,
    indexes: Entries,
    /// Per record tree, the bucket being filled ([`records`]): records come in id order
    /// as a rule, so each bucket is written once.
    filling: Vec<Option<Filling>>,
    /// The buckets written so far: a record that comes out of order is added to its
    /// bucket as written.
    written_buckets: HashSet<(usize, [u8; records::BUCKET_KEY])>,
    /// The meetings, by day ([`records::by_day`]): they come in id order, their days in
    /// any, so each day's bucket is written once at the end (a national register's
    /// meetings take some 50 MB so).
    days: BTreeMap<Vec<u8>, Vec<(Id, Vec<u8>)>>,
}

/// A record bucket being filled: its key and its records (id's last bits, bytes).
struct Filling {
    key: [u8; records::BUCKET_KEY],
    members: Vec<(u8, Vec<u8>)>,
}

/// The hidden directory an import into `target` builds in; this process's id keeps two
/// imports into databases of the same name apart.
fn stage_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kpss".into());
    format!(".{name}.import-")
}

impl Stage {
    /// Starts a new database beside `target`. The caller holds `target`'s database open,
    /// so no other import into it runs: what earlier imports left half-built is cleared.
    pub fn create(target: &Path, actor: &str) -> Result<Stage> {
        // `--db .` has no name of its own to put a sibling beside.
        let target = &std::fs::canonicalize(target).map_err(|e| io(target, &e))?;
        let parent = parent_of(target);
        let prefix = stage_prefix(target);
        clear_leftovers(&parent, &prefix)?;
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| io(&dir, &e))?;
        let store = match EmbeddedStore::open(&dir, actor) {
            Ok(store) => store,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(e);
            }
        };
        phase("staged");
        Ok(Stage {
            target: target.to_path_buf(),
            dir,
            store: Some(store),
            batches: TreeId::all()
                .iter()
                .map(|_| sled::Batch::default())
                .collect(),
            pending: 0,
            halted_after_batch: false,
            written: 0,
            indexes: Entries::default(),
            filling: TreeId::all().iter().map(|_| None).collect(),
            written_buckets: HashSet::new(),
            days: BTreeMap::new(),
        })
    }

    fn store(&self) -> Result<&EmbeddedStore> {
        self.store
            .as_ref()
            .ok_or_else(|| StoreError::Storage("the staged database is closed".into()))
    }

    /// Adds a record (revision 1); writes a batch when full. Its index entries are kept
    /// (packed, a few bytes each) until every record is in, and written bucket by bucket
    /// at the end: each bucket once, with all its members.
    pub fn put(&mut self, record: Record) -> Result<()> {
        self.indexes.add_record(&record)?;
        let kind = record.kind();
        let id = record.id();
        let place = records::place(&record);
        let stored = Versioned { rev: 1, record };
        let value = codec::encode(&stored).map_err(|e| StoreError::Storage(e.to_string()))?;
        if records::by_day(kind) {
            self.days.entry(place).or_default().push((id, value));
        } else {
            self.fill(kind, id, value)?;
        }
        self.pending += 1;
        if self.pending >= BATCH {
            self.write_batches()?;
            if !self.halted_after_batch {
                self.halted_after_batch = true;
                phase("batch");
            }
        }
        Ok(())
    }

    /// Adds a record's bytes to its bucket, writing the bucket filled before it.
    fn fill(&mut self, kind: Kind, id: Id, value: Vec<u8>) -> Result<()> {
        let tree = TreeId::Records(kind);
        let slot = tree.slot();
        let key = records::bucket_key(kind, id);
        let low = records::low(kind, id);
        let same = self
            .filling
            .get(slot)
            .and_then(Option::as_ref)
            .is_some_and(|f| f.key == key);
        if !same {
            self.close(tree)?;
            let mut members = Vec::new();
            if self.written_buckets.contains(&(slot, key)) {
                // Out of order: the bucket as written so far is where this one goes on.
                self.write_batches()?;
                if let Some(old) = self.store()?.tree(tree)?.get(key)? {
                    members = records::decode(kind, &old)
                        .map_err(|error| StoreError::Corrupt {
                            tree: tree.name(),
                            key: key.to_vec(),
                            error,
                        })?
                        .into_iter()
                        .map(|(l, b)| (l, b.to_vec()))
                        .collect();
                }
            }
            if let Some(filling) = self.filling.get_mut(slot) {
                *filling = Some(Filling { key, members });
            }
        }
        let Some(Some(filling)) = self.filling.get_mut(slot) else {
            return Err(StoreError::Storage(format!("no tree {}", tree.name())));
        };
        match filling.members.binary_search_by_key(&low, |(l, _)| *l) {
            Ok(at) => filling.members[at].1 = value,
            Err(at) => filling.members.insert(at, (low, value)),
        }
        Ok(())
    }

    /// Writes the meetings' day buckets, in batches.
    fn write_days(&mut self) -> Result<()> {
        let tree = TreeId::Records(Kind::Meeting);
        for (day, mut members) in std::mem::take(&mut self.days) {
            // The same id twice: the later one stands, as a second put would.
            members.reverse();
            members.sort_by_key(|(id, _)| *id);
            members.dedup_by_key(|(id, _)| *id);
            self.batch(tree)?.insert(day, records::encode_day(&members));
            self.pending += 1;
            if self.pending >= BATCH {
                self.write_batches()?;
            }
        }
        Ok(())
    }

    /// Writes the bucket being filled for `tree`, if any, into the batch.
    fn close(&mut self, tree: TreeId) -> Result<()> {
        let slot = tree.slot();
        let Some(Filling { key, members }) = self.filling.get_mut(slot).and_then(Option::take)
        else {
            return Ok(());
        };
        self.written_buckets.insert((slot, key));
        let value = records::encode(&members);
        self.batch(tree)?.insert(&key, value);
        Ok(())
    }

    fn batch(&mut self, tree: TreeId) -> Result<&mut sled::Batch> {
        self.batches
            .get_mut(tree.slot())
            .ok_or_else(|| StoreError::Storage(format!("no tree {}", tree.name())))
    }

    /// Writes the packed index values, in batches of [`BATCH`] keys.
    fn write_indexes(&mut self) -> Result<()> {
        phase("indexes");
        let mut entries = std::mem::take(&mut self.indexes);
        for bucket in entries.buckets() {
            let value = bucket.value();
            self.batch(TreeId::Index(bucket.index))?
                .insert(bucket.key, value);
            self.pending += 1;
            if self.pending >= BATCH {
                self.write_batches()?;
            }
        }
        Ok(())
    }

    /// Copies a key and its value as they are (a compaction's copy of a database).
    pub fn put_raw(&mut self, tree: TreeId, key: &[u8], value: &[u8]) -> Result<()> {
        self.batch(tree)?.insert(key, value);
        self.pending += 1;
        if self.pending >= BATCH {
            self.write_batches()?;
        }
        Ok(())
    }

    fn write_batches(&mut self) -> Result<()> {
        let engine = self.store()?.engine()?;
        for (tree, batch) in engine.trees.iter().zip(self.batches.iter_mut()) {
            tree.apply_batch(std::mem::take(batch))?;
        }
        self.pending = 0;
        self.written += 1;
        if self.written.is_multiple_of(REOPEN_EVERY) {
            // Closing the database is what lets sled give back the memory of the pages
            // written since it opened (its cache capacity does not bound them).
            drop(engine);
            let actor = self.store()?.actor().to_string();
            self.store = None;
            self.store = Some(EmbeddedStore::open(&self.dir, &actor)?);
        }
        Ok(())
    }

    /// Writes the rest and `last` (counters, the audit entry, the write id) in one
    /// transaction, flushes once, closes the database and readies the directory to be
    /// swapped in: the files beside the database (roles, drafts) are carried over, the
    /// shared server's socket gets a second name in it, owner and mode follow the old.
    pub fn finish(mut self, last: &[Write]) -> Result<Staged> {
        for kind in Kind::ALL {
            self.close(TreeId::Records(kind))?;
        }
        self.write_days()?;
        self.write_batches()?;
        self.write_indexes()?;
        self.write_batches()?;
        let store = self.store()?;
        write::commit(store, last)?;
        store.flush()?;
        self.store = None;
        let (target, dir) = (self.target.clone(), self.dir.clone());
        carry_over(&target, &dir)?;
        sync_dir(&dir).map_err(|e| io(&dir, &e))?;
        self.dir = PathBuf::new();
        Ok(Staged { target, dir })
    }

    fn remove(&mut self) {
        self.store = None;
        if !self.dir.as_os_str().is_empty() {
            // What cannot be removed now is cleared at the next import.
            let _ = std::fs::remove_dir_all(&self.dir);
            self.dir = PathBuf::new();
        }
    }

    /// The staged store, for the last writes' counters.
    pub fn staged_store(&self) -> Result<&EmbeddedStore> {
        self.store()
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A complete new database, closed, waiting beside the old one.
pub(crate) struct Staged {
    target: PathBuf,
    dir: PathBuf,
}

impl Staged {
    /// Where the database is swapped in (the directory's full path).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Exchanges the two directories in one step; the old database (empty, as an import
    /// requires) is then removed. After this the database in `target` is the new one.
    pub fn swap(&self) -> Result<()> {
        phase("swap");
        crate::backup::exchange(&self.dir, &self.target).map_err(backup_error)?;
        let parent = parent_of(&self.target);
        sync_dir(&parent).map_err(|e| io(&parent, &e))?;
        Ok(())
    }

    /// Removes what the swap left under the hidden name: the old, empty database. What
    /// cannot be removed now is cleared at the next import.
    pub fn clear_old(&self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The directory's files that are not the database go with it; a socket (the shared
/// server's, which lives in the directory) is linked, so that it answers under the same
/// path before and after the swap.
fn carry_over(old: &Path, fresh: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    crate::backup::carry_over(old, fresh).map_err(backup_error)?;
    crate::backup::same_owner_and_mode(old, fresh).map_err(backup_error)?;
    for entry in std::fs::read_dir(old).map_err(|e| io(old, &e))? {
        let entry = entry.map_err(|e| io(old, &e))?;
        let kind = entry.file_type().map_err(|e| io(&entry.path(), &e))?;
        if kind.is_socket() {
            let to = fresh.join(entry.file_name());
            std::fs::hard_link(entry.path(), &to).map_err(|e| io(&to, &e))?;
        }
    }
    Ok(())
}

/// Removes the half-built databases of imports that did not finish.
fn clear_leftovers(parent: &Path, prefix: &str) -> Result<()> {
    for entry in std::fs::read_dir(parent).map_err(|e| io(parent, &e))? {
        let entry = entry.map_err(|e| io(parent, &e))?;
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let path = entry.path();
            std::fs::remove_dir_all(&path).map_err(|e| io(&path, &e))?;
        }
    }
    Ok(())
}

fn io(path: &Path, e: &std::io::Error) -> StoreError {
    if crate::store::error::is_disk_full(e) {
        StoreError::DiskFull
    } else {
        StoreError::Io(format!("{}: {e}", path.display()))
    }
}

fn backup_error(e: BackupError) -> StoreError {
    match e {
        BackupError::Store(e) => e,
        BackupError::Io {
            disk_full: true, ..
        } => StoreError::DiskFull,
        BackupError::Io { path, problem, .. } => {
            StoreError::Io(format!("{}: {problem}", path.display()))
        }
        other => StoreError::Storage(other.message(crate::model::Lang::En)),
    }
}
