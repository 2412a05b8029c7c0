//! Erasure (GDPR Art. 17): the person's record anonymised, their memberships ended,
//! regions no longer listing them as a contact, their name, e-mail and phone rewritten
//! in the text of other records, in every audit entry and in the remembered outcomes of
//! writes — all in one transaction, flushed once. Attendance and memberships keep
//! pointing at the anonymised record, so counts and history stay right.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Local;

use crate::model::{Id, Kind, Record, RecordRef, Versioned};
use crate::store::Touched;
use crate::store::apply::{Outcome, Remembered};
use crate::store::audit::{AuditEntry, Operation};
use crate::store::codec;
use crate::store::embedded::{EmbeddedStore, decode_record};
use crate::store::error::{Result, StoreError};
use crate::store::privacy::{ErasureReport, Traces, decode_audit, encode, may_name, versions};
use crate::store::records;
use crate::store::schema::TreeId;
use crate::store::write::{AuditLog, Write, commit, record_writes, referring};

/// A record the erasure changes: as stored, as it will be, and whether its text named
/// the person (then its audit entry holds no values).
struct Staged {
    old: Versioned<Record>,
    new: Record,
    named: bool,
}

pub(crate) fn erase_person(store: &EmbeddedStore, id: Id) -> Result<ErasureReport> {
    let me = RecordRef::new(Kind::Person, id);
    let report = {
        let _guard = store.lock_writes();
        let (current, versions) = versions(store, id)?;
        let traces = Traces::of(id, &versions);
        let scrub = |record: &mut Record| {
            traces
                .scrub(record)
                .map_err(|e| StoreError::Storage(format!("{}: {e}", record.title())))
        };
        let mut report = ErasureReport {
            person: id,
            ..ErasureReport::default()
        };
        let mut staged: BTreeMap<RecordRef, Staged> = BTreeMap::new();

        // Other records whose text names the person.
        for kind in Kind::ALL {
            let tree = TreeId::Records(kind);
            for entry in records::iter(&store.tree(tree)?, tree) {
                let (key, bytes) = entry?;
                if !may_name(&traces, &bytes) {
                    continue;
                }
                let old = decode_record(tree, &key, &bytes)?;
                if traces.is_own(&old.record) {
                    continue;
                }
                let mut new = old.record.clone();
                if scrub(&mut new)? {
                    report.texts_scrubbed += 1;
                    staged.insert(
                        old.record.reference(),
                        Staged {
                            old,
                            new,
                            named: true,
                        },
                    );
                }
            }
        }

        // Memberships end today; regions drop the person from their contacts.
        let today = Local::now().date_naive();
        for source in referring(store, me)? {
            if !matches!(source.kind, Kind::Membership | Kind::Region) {
                continue;
            }
            let entry = match staged.remove(&source) {
                Some(entry) => entry,
                None => match store.load(source)? {
                    Some(old) => Staged {
                        new: old.record.clone(),
                        old,
                        named: false,
                    },
                    None => continue,
                },
            };
            let mut entry = entry;
            match &mut entry.new {
                Record::Membership(m) if m.person == id && m.until.is_none_or(|u| u > today) => {
                    m.until = Some(m.since.map_or(today, |since| since.max(today)));
                    report.memberships_ended += 1;
                }
                Record::Region(r) if r.contacts.contains(&id) => {
                    r.contacts.retain(|&p| p != id);
                    report.contacts_dropped += 1;
                }
                _ => {}
            }
            if entry.named || entry.new != entry.old.record {
                staged.insert(source, entry);
            }
        }

        let mut writes: Vec<Write> = Vec::new();
        let mut audit = AuditLog::start(store)?;
        for (r, entry) in staged {
            if let Err(problem) = entry.new.validate() {
                return Err(StoreError::invalid(r.kind, r.id, problem));
            }
            let new = Versioned {
                rev: entry.old.rev + 1,
                record: entry.new,
            };
            writes.extend(record_writes(Some(&entry.old), Some(&new))?);
            if entry.named {
                audit.record_about(Operation::Erasure, r, new.rev, "")?;
            } else {
                audit.record(Operation::Update, Some(&entry.old), Some(&new), "")?;
            }
            report.changed.push((r, Some(new.rev)));
        }

        // The person's own record.
        match current {
            Some(old) => {
                let mut record = old.record.clone();
                scrub(&mut record)?;
                let new = Versioned {
                    rev: old.rev + 1,
                    record,
                };
                writes.extend(record_writes(Some(&old), Some(&new))?);
                audit.record_about(Operation::Erasure, me, new.rev, "")?;
                report.changed.push((me, Some(new.rev)));
            }
            // Deleted: only the trail holds the person.
            None => audit.record_about(Operation::Erasure, me, 0, "")?,
        }

        // The trail: every entry about the person or holding their name.
        let own: BTreeSet<u64> = store.trail(me)?.iter().map(|e| e.seq).collect();
        for item in store.tree(TreeId::Audit)?.iter() {
            let (key, bytes) = item?;
            let mut entry = decode_audit(&key, &bytes)?;
            if !own.contains(&entry.seq) && !may_name(&traces, &bytes) {
                continue;
            }
            if scrub_entry(&mut entry, &scrub)? {
                writes.push(Write::put(TreeId::Audit, key.to_vec(), encode(&entry)?));
                report.audit_rewritten += 1;
            }
        }

        // Outcomes of writes kept for a client's resend hold the records they touched.
        for item in store.tree(TreeId::Writes)?.iter() {
            let (key, bytes) = item?;
            match codec::decode::<Remembered>(&bytes) {
                Ok(mut remembered) => {
                    let Outcome::Applied(applied) = &mut remembered.outcome else {
                        continue;
                    };
                    if scrub_touched(&mut applied.touched, &scrub)? {
                        writes.push(Write::put(
                            TreeId::Writes,
                            key.to_vec(),
                            encode(&remembered)?,
                        ));
                        report.writes_rewritten += 1;
                    }
                }
                // An outcome that cannot be read cannot be scrubbed, nor answer a resend
                // (the daemon drops such entries at start too).
                Err(_) => {
                    writes.push(Write::remove(TreeId::Writes, key.to_vec()));
                    report.writes_rewritten += 1;
                }
            }
        }

        writes.extend(audit.finish());
        commit(store, &writes)?;
        report
    };
    store.flush()?;
    Ok(report)
}

/// Scrubs the values an audit entry holds; true when any changed.
fn scrub_entry(
    entry: &mut AuditEntry,
    scrub: &impl Fn(&mut Record) -> Result<bool>,
) -> Result<bool> {
    let mut changed = false;
    for record in entry.before.iter_mut().chain(entry.after.iter_mut()) {
        changed |= scrub(record)?;
    }
    Ok(changed)
}

fn scrub_touched(
    touched: &mut [Touched],
    scrub: &impl Fn(&mut Record) -> Result<bool>,
) -> Result<bool> {
    let mut changed = false;
    for t in touched {
        for v in t.before.iter_mut().chain(t.after.iter_mut()) {
            changed |= scrub(&mut v.record)?;
        }
    }
    Ok(changed)
}
