//! The embedded store: the register in a sled database on this machine.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;

use crate::model::{Id, Kind, Meeting, Membership, Record, RecordRef, Register, Versioned, text};
use crate::store::audit::AuditEntry;
use crate::store::codec;
use crate::store::error::{Damage, Referrer, Result, StoreError};
use crate::store::keys::{self, Index};
use crate::store::open;
use crate::store::packed;
use crate::store::records;
use crate::store::recover::{Engine, Slot};
use crate::store::schema::TreeId;
use crate::store::{
    Applied, ChangeSet, ErasureReport, ExportError, PersonData, Store, WriteId, apply, import,
    migrate, privacy, typed, write,
};

/// The register in a sled database, opened by this process alone.
#[derive(Clone)]
pub struct EmbeddedStore {
    pub(crate) inner: Arc<Inner>,
    /// The user every change is recorded under.
    pub(crate) actor: String,
}

pub(crate) struct Inner {
    /// The sled database, reopened after the engine failed.
    pub(crate) slot: Slot,
    pub(crate) path: Option<PathBuf>,
    /// Writes are made one at a time, so that what a write checks (revisions, what
    /// points at a record) cannot change before it commits.
    write_lock: Mutex<()>,
    /// Groups' meetings in number order, read from the group index when first asked
    /// for, so that numbering a meeting is a binary search rather than a count (a
    /// long-running process such as the shared server numbers the same groups again and
    /// again). Every commit starts a new generation and empties it.
    numbering: Mutex<Numbering>,
}

#[derive(Default)]
pub(crate) struct Numbering {
    generation: u64,
    groups: std::collections::HashMap<Id, Arc<Vec<(NaiveDate, Id)>>>,
}

impl EmbeddedStore {
    /// Opens (or creates) the database in `dir` and brings its layout up to date.
    ///
    /// A lock held by another process is waited for up to [`open::LOCK_WAIT`]. A database
    /// damaged on disk is [`StoreError::Damaged`], naming the newest backup; a full disk
    /// is [`StoreError::DiskFull`].
    pub fn open(dir: &Path, actor: &str) -> Result<EmbeddedStore> {
        // Kept by its full name: a reopen (after a fault, after an import swapped the
        // folder) must find the database by name, not follow `.` into a folder renamed
        // aside.
        let dir = &std::path::absolute(dir).map_err(|e| StoreError::Io(e.to_string()))?;
        let held_register = open::has_marker(dir);
        let db = open::open_db(dir)?;
        let store = Self::from_db(db, Some(dir.to_path_buf()), actor, held_register)?;
        if !held_register {
            open::write_marker(dir)?;
        }
        Ok(store)
    }

    /// A database that lives only as long as the value (tests and benchmarks).
    pub fn temporary(actor: &str) -> Result<EmbeddedStore> {
        let db = sled::Config::new().temporary(true).open()?;
        Self::from_db(db, None, actor, false)
    }

    fn from_db(
        db: sled::Db,
        path: Option<PathBuf>,
        actor: &str,
        held_register: bool,
    ) -> Result<EmbeddedStore> {
        let store = EmbeddedStore {
            inner: Arc::new(Inner {
                slot: Slot::new(Engine::new(db)?),
                path,
                write_lock: Mutex::new(()),
                numbering: Mutex::default(),
            }),
            actor: actor.to_string(),
        };
        if held_register
            && migrate::schema_version(&store)?.is_none()
            && let Some(dir) = store.path()
        {
            return Err(open::damaged(dir, Damage::Emptied));
        }
        migrate::bring_up_to_date(&store)?;
        Ok(store)
    }

    /// Forgets the outcomes of writes older than `age` (the shared server at start).
    pub fn forget_writes(&self, age: chrono::Duration) -> Result<usize> {
        apply::forget_writes(self, age)
    }

    /// The audit trail of one record, oldest first, read as it is: not through
    /// [`Store::history`], which may reopen a failed database and so must not run under
    /// the write lock.
    pub(crate) fn trail(&self, record: RecordRef) -> Result<Vec<AuditEntry>> {
        let audit = self.tree(TreeId::Audit)?;
        let mut out = Vec::new();
        for entry in self
            .tree(TreeId::AuditByRecord)?
            .scan_prefix(keys::refs_prefix(record))
        {
            let (key, _) = entry?;
            let Some(seq) = keys::trailing_id(&key) else {
                continue;
            };
            if let Some(bytes) = audit.get(keys::id_key(seq))? {
                out.push(codec::decode(&bytes).map_err(|error| StoreError::Corrupt {
                    tree: TreeId::Audit.name(),
                    key: keys::id_key(seq).to_vec(),
                    error,
                })?);
            }
        }
        Ok(out)
    }

    /// The same database, with changes recorded under another user (the shared server
    /// serves each connection under its peer's name).
    pub fn with_actor(&self, actor: &str) -> EmbeddedStore {
        EmbeddedStore {
            inner: Arc::clone(&self.inner),
            actor: actor.to_string(),
        }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Where the database lives; `None` for a temporary one.
    pub fn path(&self) -> Option<&Path> {
        self.inner.path.as_deref()
    }

    pub(crate) fn lock_writes(&self) -> MutexGuard<'_, ()> {
        // A writer that panicked left nothing half-done (sled transactions are atomic),
        // so a poisoned lock is safe to take over.
        self.inner
            .write_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes everything committed so far survive a crash or `kill -9`.
    /// The newest audit entry of a record: one index key read from the end.
    pub(crate) fn last_change(&self, record: RecordRef) -> Result<Option<AuditEntry>> {
        let Some(entry) = self
            .tree(TreeId::AuditByRecord)?
            .scan_prefix(keys::refs_prefix(record))
            .next_back()
        else {
            return Ok(None);
        };
        let (key, _) = entry?;
        let Some(seq) = keys::trailing_id(&key) else {
            return Ok(None);
        };
        match self.tree(TreeId::Audit)?.get(keys::id_key(seq))? {
            Some(bytes) => Ok(Some(codec::decode(&bytes).map_err(|error| {
                StoreError::Corrupt {
                    tree: TreeId::Audit.name(),
                    key: keys::id_key(seq).to_vec(),
                    error,
                }
            })?)),
            None => Ok(None),
        }
    }

    /// A group's meetings in number order, from the cache when no commit came since.
    fn group_numbering(&self, group: Id) -> Result<Arc<Vec<(NaiveDate, Id)>>> {
        let generation = {
            let numbering = self.numbering();
            if let Some(found) = numbering.groups.get(&group) {
                return Ok(Arc::clone(found));
            }
            numbering.generation
        };
        let dates = Arc::new(self.meeting_dates_of_group(group)?);
        let mut numbering = self.numbering();
        // A commit while the index was read makes what was read stale: not kept.
        if numbering.generation == generation {
            numbering.groups.insert(group, Arc::clone(&dates));
        }
        Ok(dates)
    }

    fn numbering(&self) -> std::sync::MutexGuard<'_, Numbering> {
        self.inner
            .numbering
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// After every commit: the cached numbering may be out of date.
    pub(crate) fn committed(&self) {
        let mut numbering = self.numbering();
        numbering.generation += 1;
        numbering.groups.clear();
    }

    pub(crate) fn flush(&self) -> Result<()> {
        let flushed = self
            .engine()?
            .db
            .flush()
            .map(drop)
            .map_err(StoreError::from);
        if let Err(e) = &flushed {
            self.note(e);
        }
        flushed
    }

    /// Reads and decodes one stored record.
    pub(crate) fn load(&self, r: RecordRef) -> Result<Option<Versioned<Record>>> {
        let tree = TreeId::Records(r.kind);
        let bytes = if records::by_day(r.kind) {
            // Its day first, from the index; then the day's bucket.
            let Some(day) = self.meeting_day(r.id)? else {
                return Ok(None);
            };
            records::get_day(&self.tree(tree)?, &day, r.id)?
        } else {
            records::get(&self.tree(tree)?, r.kind, r.id)?
        };
        match bytes {
            None => Ok(None),
            Some(bytes) => decode_record(tree, &keys::id_key(r.id), &bytes).map(Some),
        }
    }

    /// The day (its key) meeting `id` is stored under, from the `meeting_day` index:
    /// one packed value read, the members after the one sought left undecoded.
    fn meeting_day(&self, id: Id) -> Result<Option<Vec<u8>>> {
        let index = Index::MeetingDay;
        let probe = [&keys::id_key(id)[..], &[0; 4]].concat();
        let (bucket, member) =
            packed::split(index, &probe).ok_or_else(|| short_key(index, &probe))?;
        let Some(value) = self.tree(TreeId::Index(index))?.get(&bucket)? else {
            return Ok(None);
        };
        let wanted = member
            .get(..member.len().saturating_sub(4))
            .unwrap_or_default();
        let found = packed::find_prefixed(index, &bucket, &value, wanted).map_err(|error| {
            StoreError::Corrupt {
                tree: index.tree_name().into(),
                key: bucket.clone(),
                error,
            }
        })?;
        Ok(found.and_then(|member| {
            member
                .get(member.len().saturating_sub(4)..)
                .map(<[u8]>::to_vec)
        }))
    }

    /// The highest id of a kind stored.
    pub(crate) fn last_id(&self, kind: Kind) -> Result<Option<Id>> {
        if !records::by_day(kind) {
            return records::last_id(&self.tree(TreeId::Records(kind))?, kind);
        }
        let index = Index::MeetingDay;
        let Some((bucket, value)) = self.tree(TreeId::Index(index))?.last()? else {
            return Ok(None);
        };
        let members =
            packed::decode(index, &bucket, &value).map_err(|error| StoreError::Corrupt {
                tree: index.tree_name().into(),
                key: bucket.to_vec(),
                error,
            })?;
        Ok(members
            .last()
            .and_then(|member| keys::read_id(&packed::join(index, &bucket, member))))
    }

    /// The records whose ids end the keys under `prefix` in an index, in key order.
    fn via_index(&self, index: Index, kind: Kind, prefix: &[u8]) -> Result<Vec<Versioned<Record>>> {
        let entries = self.index_prefix(index, prefix)?;
        self.via_keys(index, kind, entries)
    }

    /// The logical entries of an index under `prefix`, in key order.
    fn index_prefix(&self, index: Index, prefix: &[u8]) -> Result<Vec<Vec<u8>>> {
        packed::scan_prefix(&self.tree(TreeId::Index(index))?, index, prefix)
    }

    /// The logical entries of an index from `start` to `end`, both included, in order.
    fn index_range(&self, index: Index, start: &[u8], end: &[u8]) -> Result<Vec<Vec<u8>>> {
        packed::scan_range(&self.tree(TreeId::Index(index))?, index, start, end)
    }

    /// The records the index entries name by their trailing id.
    fn via_keys(
        &self,
        index: Index,
        kind: Kind,
        entries: impl IntoIterator<Item = Vec<u8>>,
    ) -> Result<Vec<Versioned<Record>>> {
        let mut out = Vec::new();
        for key in entries {
            let id = keys::trailing_id(&key).ok_or_else(|| short_key(index, &key))?;
            // An index entry without its record is reported by `kpss check`; readers skip it.
            if let Some(record) = self.load(RecordRef::new(kind, id))? {
                out.push(record);
            }
        }
        Ok(out)
    }

    fn meetings(&self, found: Vec<Versioned<Record>>) -> Vec<Versioned<Meeting>> {
        found.into_iter().filter_map(typed).collect()
    }

    fn memberships(&self, found: Vec<Versioned<Record>>) -> Vec<Versioned<Membership>> {
        found.into_iter().filter_map(typed).collect()
    }
}

impl EmbeddedStore {
    fn list_kind(&self, kind: Kind) -> Result<Vec<Versioned<Record>>> {
        self.records_of(kind)?.collect()
    }

    /// Every record of a kind in id order, each read and decoded only when it is
    /// reached: the one place that walks a kind's stored records.
    pub(crate) fn records_of(
        &self,
        kind: Kind,
    ) -> Result<impl Iterator<Item = Result<Versioned<Record>>> + use<>> {
        let tree = TreeId::Records(kind);
        let sled_tree = self.tree(tree)?;
        let stored: Box<dyn Iterator<Item = Result<Stored>>> = if records::by_day(kind) {
            // Kept by day: their bytes gathered and put in id order (a national
            // register's meetings take some 50 MB so).
            let mut all = records::iter(&sled_tree, kind).collect::<Result<Vec<_>>>()?;
            all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            Box::new(all.into_iter().map(Ok))
        } else {
            // Lazily, a bucket (sixteen records) at a time.
            Box::new(records::iter(&sled_tree, kind))
        };
        Ok(stored.map(move |entry| {
            let (key, bytes) = entry?;
            decode_record(tree, &key, &bytes)
        }))
    }
}

/// A record's id key and stored bytes.
type Stored = (Vec<u8>, Vec<u8>);

pub(crate) fn decode_record(tree: TreeId, key: &[u8], bytes: &[u8]) -> Result<Versioned<Record>> {
    codec::decode(bytes).map_err(|error| StoreError::Corrupt {
        tree: tree.name(),
        key: key.to_vec(),
        error,
    })
}

fn short_key(index: Index, key: &[u8]) -> StoreError {
    StoreError::Corrupt {
        tree: index.tree_name().into(),
        key: key.to_vec(),
        error: codec::CodecError::Undecodable("short index key".into()),
    }
}

impl Store for EmbeddedStore {
    fn get(&self, record: RecordRef) -> Result<Option<Versioned<Record>>> {
        self.guarded(|| self.load(record))
    }

    fn list(&self, kind: Kind) -> Result<Vec<Versioned<Record>>> {
        self.guarded(|| self.list_kind(kind))
    }

    fn apply(&self, set: ChangeSet) -> Result<Applied> {
        self.guarded(|| apply::apply(self, None, set))
    }

    fn apply_once(&self, write: WriteId, set: ChangeSet) -> Result<Applied> {
        self.guarded(|| apply::apply(self, Some(write), set))
    }

    fn referring(&self, record: RecordRef) -> Result<Vec<RecordRef>> {
        self.guarded(|| write::referring(self, record))
    }

    fn referrers(&self, record: RecordRef) -> Result<Vec<Referrer>> {
        self.guarded(|| write::referrers(self, record))
    }

    fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Versioned<Meeting>>> {
        self.guarded(|| {
            if to < from {
                return Ok(Vec::new());
            }
            // Straight from the days' buckets: date order, ids in order within a day (a
            // day's parts each hold some of its ids).
            let tree = TreeId::Records(Kind::Meeting);
            let start = records::day_key(keys::date_key(from), 0);
            let end = records::day_key(keys::date_key(to), records::DAY_PARTS - 1);
            let mut out: Vec<Versioned<Record>> = Vec::new();
            let mut day_starts = 0;
            let mut last_day: Option<[u8; 4]> = None;
            for entry in self.tree(tree)?.range(start..=end) {
                let (bucket, value) = entry?;
                let day = bucket.get(..4).and_then(|d| <[u8; 4]>::try_from(d).ok());
                if day != last_day {
                    out[day_starts..].sort_by_key(|v| v.record.id());
                    (day_starts, last_day) = (out.len(), day);
                }
                for (key, bytes) in records::bucket_records(Kind::Meeting, &bucket, &value)? {
                    out.push(decode_record(tree, &key, &bytes)?);
                }
            }
            out[day_starts..].sort_by_key(|v| v.record.id());
            Ok(self.meetings(out))
        })
    }

    fn nearest_meeting_date(&self, date: NaiveDate) -> Result<Option<NaiveDate>> {
        self.guarded(|| {
            let tree = self.tree(TreeId::Index(Index::MeetingByDate))?;
            let start = keys::date_key(date).to_vec();
            let next = tree.range(start.clone()..).next().transpose()?;
            let found = match next {
                Some(entry) => Some(entry),
                None => tree.range(..start).next_back().transpose()?,
            };
            Ok(found.and_then(|(key, _)| {
                let bytes: [u8; 4] = key.get(..4)?.try_into().ok()?;
                keys::date_from_key(bytes)
            }))
        })
    }

    fn meetings_of_group(&self, group: Id) -> Result<Vec<Versioned<Meeting>>> {
        self.guarded(|| {
            let found =
                self.via_index(Index::MeetingByGroup, Kind::Meeting, &keys::id_key(group))?;
            Ok(self.meetings(found))
        })
    }

    fn meeting_number(&self, group: Id, date: NaiveDate, id: Id) -> Result<usize> {
        self.guarded(|| {
            let dates = self.group_numbering(group)?;
            Ok(dates.partition_point(|&entry| entry < (date, id)) + 1)
        })
    }

    fn meetings_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        self.guarded(|| {
            let index = Index::MeetingByRegion;
            let prefix = keys::id_key(region);
            let start = [&prefix[..], &keys::date_key(from)].concat();
            let mut end = prefix.to_vec();
            end.extend_from_slice(&[0xff; 12]);
            let range = self.index_range(index, &start, &end)?;
            Ok(
                self.meetings(self.via_keys(
                    index,
                    Kind::Meeting,
                    range.into_iter().take(limit),
                )?),
            )
        })
    }

    fn meetings_of_region_before(
        &self,
        region: Id,
        before: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        self.guarded(|| {
            let index = Index::MeetingByRegion;
            let prefix = keys::id_key(region);
            // Every key of a meeting on `before` is longer than `end`, so follows it.
            let end = [&prefix[..], &keys::date_key(before)].concat();
            let range = self.index_range(index, &prefix, &end)?;
            let latest = range.into_iter().rev().take(limit);
            Ok(self.meetings(self.via_keys(index, Kind::Meeting, latest)?))
        })
    }

    fn meeting_dates_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        self.guarded(|| {
            let index = Index::MeetingByRegion;
            let prefix = keys::id_key(region);
            let start = [&prefix[..], &keys::date_key(from)].concat();
            let mut end = [&prefix[..], &keys::date_key(to)].concat();
            end.extend_from_slice(&[0xff; 8]);
            let mut out = Vec::new();
            for key in self.index_range(index, &start, &end)? {
                let date = key
                    .get(8..12)
                    .and_then(|b| <[u8; 4]>::try_from(b).ok())
                    .and_then(keys::date_from_key);
                match date {
                    Some(date) if key.len() == 20 => out.push(date),
                    _ => return Err(short_key(index, &key)),
                }
            }
            Ok(out)
        })
    }

    fn meeting_days(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, Id)>> {
        self.guarded(|| {
            if to < from {
                return Ok(Vec::new());
            }
            let index = Index::MeetingByDate;
            let start = keys::date_key(from).to_vec();
            let mut end = keys::date_key(to).to_vec();
            end.extend_from_slice(&[0xff; 8]);
            let mut out = Vec::new();
            for key in self.index_range(index, &start, &end)? {
                let date = key
                    .get(..4)
                    .and_then(|b| <[u8; 4]>::try_from(b).ok())
                    .and_then(keys::date_from_key);
                match (date, keys::trailing_id(&key)) {
                    (Some(date), Some(id)) if key.len() == 12 => out.push((date, id)),
                    _ => return Err(short_key(index, &key)),
                }
            }
            Ok(out)
        })
    }

    fn meeting_dates_of_group(&self, group: Id) -> Result<Vec<(NaiveDate, Id)>> {
        self.guarded(|| {
            let index = Index::MeetingByGroup;
            let mut out = Vec::new();
            for key in self.index_prefix(index, &keys::id_key(group))? {
                let date = key
                    .get(8..12)
                    .and_then(|b| <[u8; 4]>::try_from(b).ok())
                    .and_then(keys::date_from_key);
                match (date, keys::trailing_id(&key)) {
                    (Some(date), Some(id)) if key.len() == 20 => out.push((date, id)),
                    _ => return Err(short_key(index, &key)),
                }
            }
            Ok(out)
        })
    }

    fn memberships_of_group(&self, group: Id) -> Result<Vec<Versioned<Membership>>> {
        self.guarded(|| {
            let found = self.via_index(
                Index::MembershipByGroup,
                Kind::Membership,
                &keys::id_key(group),
            )?;
            Ok(self.memberships(found))
        })
    }

    fn memberships_of_person(&self, person: Id) -> Result<Vec<Versioned<Membership>>> {
        self.guarded(|| {
            let found = self.via_index(
                Index::MembershipByPerson,
                Kind::Membership,
                &keys::id_key(person),
            )?;
            Ok(self.memberships(found))
        })
    }

    fn in_region(&self, kind: Kind, region: Id) -> Result<Vec<Versioned<Record>>> {
        self.guarded(|| {
            let index = match kind {
                Kind::Project => Index::ProjectByRegion,
                Kind::Document => Index::DocumentByRegion,
                Kind::Group => Index::GroupByRegion,
                Kind::Meeting => Index::MeetingByRegion,
                Kind::Service => Index::ServiceByRegion,
                _ => return Ok(Vec::new()),
            };
            self.via_index(index, kind, &keys::id_key(region))
        })
    }

    fn search(&self, kind: Kind, query: &str) -> Result<Vec<Versioned<Record>>> {
        self.guarded(|| {
            let mut out = Vec::new();
            for key in self.index_prefix(Index::Search, &keys::search_prefix(kind))? {
                let matched =
                    keys::search_text(&key).is_some_and(|t| text::matches_filter(t, query));
                if let (true, Some(id)) = (matched, keys::trailing_id(&key))
                    && let Some(record) = self.load(RecordRef::new(kind, id))?
                {
                    out.push(record);
                }
            }
            Ok(out)
        })
    }

    fn history(&self, record: RecordRef) -> Result<Vec<AuditEntry>> {
        self.guarded(|| self.trail(record))
    }

    fn is_empty(&self) -> Result<bool> {
        self.guarded(|| {
            for kind in Kind::ALL {
                if !self.tree(TreeId::Records(kind))?.is_empty() {
                    return Ok(false);
                }
            }
            Ok(true)
        })
    }

    fn import(&self, register: &Register) -> Result<usize> {
        self.guarded(|| import::import(self, None, register))
    }

    fn import_once(&self, write: WriteId, register: &Register) -> Result<usize> {
        self.guarded(|| import::import(self, Some(write), register))
    }

    fn person_data(&self, person: Id) -> Result<PersonData> {
        self.guarded(|| privacy::person_data(self, person))
    }

    fn erase_person(&self, person: Id) -> Result<ErasureReport> {
        self.guarded(|| privacy::erase_person(self, person))
    }

    fn export_into(&self, out: &mut dyn std::io::Write) -> std::result::Result<usize, ExportError> {
        self.export_streamed(out)
    }

    fn export(&self) -> Result<Register> {
        self.guarded(|| {
            // No write between the kinds: a backup is one moment's register.
            let _writes = self.lock_writes();
            let mut register = Register::default();
            for kind in Kind::ALL {
                for stored in self.list_kind(kind)? {
                    register.push(stored.record);
                }
            }
            Ok(register)
        })
    }
}
