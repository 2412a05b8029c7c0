//! A person's data on request (GDPR Art. 15): read under the write lock so that it is one
//! consistent picture, then the disclosure itself recorded in the audit trail.

use chrono::Utc;

use crate::model::{Kind, Meeting, Person, Record, RecordRef, Region};
use crate::store::audit::Operation;
use crate::store::embedded::{EmbeddedStore, decode_record};
use crate::store::error::Result;
use crate::store::privacy::{
    AttendanceAt, MembershipOf, Named, PERSON_DATA_FORMAT, PERSON_DATA_VERSION, PersonData, Traces,
    decode_audit, may_name, versions,
};
use crate::store::records;
use crate::store::schema::TreeId;
use crate::store::typed;
use crate::store::write::{AuditLog, commit, describe_with, referring};

pub(crate) fn person_data(store: &EmbeddedStore, id: crate::model::Id) -> Result<PersonData> {
    let me = RecordRef::new(Kind::Person, id);
    let data = {
        let _guard = store.lock_writes();
        let (current, versions) = versions(store, id)?;
        let traces = Traces::of(id, &versions);
        let person = current.and_then(typed::<Person>);
        let load = |r: RecordRef| store.load(r);
        let named = |v: &crate::model::Versioned<Record>| -> Result<Named> {
            Ok(Named {
                record: v.record.reference(),
                title: describe_with(&v.record, load)?,
            })
        };
        let organisation = match person.as_ref().and_then(|p| p.record.organisation) {
            Some(org) => store
                .load(RecordRef::new(Kind::Organisation, org))?
                .map(|v| named(&v))
                .transpose()?,
            None => None,
        };
        let mut memberships = Vec::new();
        let mut theirs: Vec<crate::model::Versioned<crate::model::Membership>> = Vec::new();
        for source in referring(store, me)? {
            if source.kind == Kind::Membership
                && let Some(m) = store
                    .load(source)?
                    .and_then(typed::<crate::model::Membership>)
                && m.record.person == id
            {
                theirs.push(m);
            }
        }
        for m in theirs {
            let group = store.load(RecordRef::new(Kind::Group, m.record.group))?;
            let group = match group {
                Some(g) => describe_with(&g.record, load)?,
                None => String::new(),
            };
            memberships.push(MembershipOf {
                membership: m,
                group,
            });
        }
        let mut attendance = Vec::new();
        let mut contact_for = Vec::new();
        for source in referring(store, me)? {
            let Some(v) = store.load(source)? else {
                continue;
            };
            match &v.record {
                Record::Meeting(Meeting {
                    id: meeting,
                    date,
                    attendance: list,
                    ..
                }) => {
                    for a in list.iter().filter(|a| a.person == id) {
                        attendance.push(AttendanceAt {
                            meeting: *meeting,
                            date: *date,
                            title: describe_with(&v.record, load)?,
                            presence: a.presence,
                        });
                    }
                }
                Record::Region(Region { contacts, .. }) if contacts.contains(&id) => {
                    contact_for.push(named(&v)?);
                }
                _ => {}
            }
        }
        attendance.sort_by_key(|a| (a.date, a.meeting));
        let mut named_in = Vec::new();
        for kind in Kind::ALL {
            let tree = TreeId::Records(kind);
            for entry in records::iter(&store.tree(tree)?, tree) {
                let (key, bytes) = entry?;
                if !may_name(&traces, &bytes) {
                    continue;
                }
                let v = decode_record(tree, &key, &bytes)?;
                if !traces.is_own(&v.record) && traces.named_in(&v.record) {
                    named_in.push(named(&v)?);
                }
            }
        }
        let mut audit = Vec::new();
        for entry in store.tree(TreeId::Audit)?.iter() {
            let (key, bytes) = entry?;
            let entry = decode_audit(&key, &bytes)?;
            let about = entry.record == Some(me)
                || entry
                    .before
                    .iter()
                    .chain(entry.after.iter())
                    .any(|r| traces.mentions(r));
            if about {
                audit.push(entry);
            }
        }
        let rev = person.as_ref().map_or(0, |p| p.rev);
        let mut log = AuditLog::start(store)?;
        log.record_about(Operation::PersonExport, me, rev, "")?;
        commit(store, &log.finish())?;
        PersonData {
            format: PERSON_DATA_FORMAT.to_string(),
            version: PERSON_DATA_VERSION,
            exported_at: Utc::now(),
            exported_by: store.actor().to_string(),
            person_id: id,
            person,
            organisation,
            memberships,
            attendance,
            contact_for,
            named_in,
            audit,
        }
    };
    store.flush()?;
    Ok(data)
}
