//! Change sets that keep a plan's priorities, measures and activities numbered 1, 2, 3 …:
//! a node inserted at a number moves the later siblings up, a node moved renumbers what
//! lies between, a node deleted closes the gap. Each is ONE change set, so an undo puts
//! every number back at once. Works on any [`Store`], embedded or through the server.

use crate::model::Recordable;
use crate::model::plan::data::PlanData;
use crate::model::plan::numbering::{close_gaps, insert_at, move_to, numbered, set_number};
use crate::model::{Id, Record, RecordRef, Versioned};
use crate::store::{Change, ChangeSet, Result, Store, StoreError, StoreExt};

fn all<T: Recordable>(store: &dyn Store) -> Result<Vec<T>> {
    Ok(store
        .list_as::<T>()?
        .into_iter()
        .map(|v| v.record)
        .collect())
}

/// Every plan, priority, measure, activity, action plan and monitoring entry; a list
/// that cannot be read is an error.
pub fn load_plan_data(store: &dyn Store) -> Result<PlanData> {
    Ok(PlanData {
        plans: all(store)?,
        priorities: all(store)?,
        measures: all(store)?,
        activities: all(store)?,
        action_plans: all(store)?,
        monitoring: all(store)?,
    })
}

/// The stored siblings of a node under `parent` of the same kind as `like`.
fn siblings(store: &dyn Store, parent: RecordRef, like: &Record) -> Result<Vec<Versioned<Record>>> {
    let mut out = Vec::new();
    for r in store.referring(parent)? {
        if r.kind != like.kind() {
            continue;
        }
        let stored = store.get(r)?.ok_or(StoreError::NotFound(r))?;
        if numbered(&stored.record).is_some_and(|(p, _)| p == parent) {
            out.push(stored);
        }
    }
    Ok(out)
}

fn numbers(siblings: &[Versioned<Record>]) -> Vec<(Id, u32)> {
    siblings
        .iter()
        .filter_map(|v| numbered(&v.record).map(|(_, n)| (v.record.id(), n)))
        .collect()
}

fn renumbered(siblings: &[Versioned<Record>], changes: &[(Id, u32)]) -> Vec<Change> {
    changes
        .iter()
        .filter_map(|&(id, number)| {
            let v = siblings.iter().find(|v| v.record.id() == id)?;
            let mut record = v.record.clone();
            set_number(&mut record, number);
            Some(Change::Update { rev: v.rev, record })
        })
        .collect()
}

/// Creates `record` (a priority, measure or activity) at its number — past the end means
/// last, 0 means last too — moving the later siblings up.
pub fn insert(store: &dyn Store, mut record: Record) -> Result<ChangeSet> {
    let Some((parent, wanted)) = numbered(&record) else {
        return Ok(ChangeSet::one(Change::Create(record)));
    };
    let siblings = siblings(store, parent, &record)?;
    let wanted = if wanted == 0 { u32::MAX } else { wanted };
    let (number, changes) = insert_at(&numbers(&siblings), wanted);
    set_number(&mut record, number);
    let mut set: ChangeSet = renumbered(&siblings, &changes).into_iter().collect();
    set.push(Change::Create(record));
    Ok(set)
}

/// Moves a stored node to `number` among its siblings.
pub fn move_node(store: &dyn Store, node: RecordRef, number: u32) -> Result<ChangeSet> {
    let stored = store.get(node)?.ok_or(StoreError::NotFound(node))?;
    let Some((parent, _)) = numbered(&stored.record) else {
        return Ok(ChangeSet::new());
    };
    let siblings = siblings(store, parent, &stored.record)?;
    let changes = move_to(&numbers(&siblings), node.id, number);
    Ok(renumbered(&siblings, &changes).into_iter().collect())
}

/// Deletes a stored node at revision `rev` (with `cascade`, what cannot exist without it
/// too) and closes the gap it leaves.
pub fn delete(store: &dyn Store, node: RecordRef, rev: u64, cascade: bool) -> Result<ChangeSet> {
    let stored = store.get(node)?.ok_or(StoreError::NotFound(node))?;
    let mut set = ChangeSet::one(Change::Delete {
        record: node,
        rev,
        cascade,
    });
    if let Some((parent, _)) = numbered(&stored.record) {
        let rest: Vec<Versioned<Record>> = siblings(store, parent, &stored.record)?
            .into_iter()
            .filter(|v| v.record.id() != node.id)
            .collect();
        for change in renumbered(&rest, &close_gaps(&numbers(&rest))) {
            set.push(change);
        }
    }
    Ok(set)
}

fn get_as<T: Recordable>(store: &dyn Store, kind: crate::model::Kind, id: Id) -> Result<Option<T>> {
    Ok(store
        .get(RecordRef::new(kind, id))?
        .and_then(|v| T::from_record(v.record)))
}

/// What the detail of one priority, measure or activity needs, read through the
/// reference index instead of every list: the node's chain of parents up to the plan,
/// a priority's measures, a measure's activities, and the action plans and monitoring
/// entries that point at those activities. Any other node: every list.
pub fn load_around(store: &dyn Store, node: RecordRef) -> Result<PlanData> {
    use crate::model::Kind;
    use crate::model::plan::{ActionPlan, Activity, Measure, Monitoring, Plan, Priority};
    let mut data = PlanData::default();
    let mut activities: Vec<Activity> = Vec::new();
    let measure_id = match node.kind {
        Kind::Activity => {
            let Some(a) = get_as::<Activity>(store, Kind::Activity, node.id)? else {
                return Ok(data);
            };
            let measure = a.measure;
            activities.push(a);
            Some(measure)
        }
        Kind::Measure => {
            for r in store.referring(node)? {
                if r.kind == Kind::Activity
                    && let Some(a) = get_as::<Activity>(store, Kind::Activity, r.id)?
                {
                    activities.push(a);
                }
            }
            Some(node.id)
        }
        Kind::Priority => None,
        _ => return load_plan_data(store),
    };
    let priority_id = match measure_id {
        Some(id) => match get_as::<Measure>(store, Kind::Measure, id)? {
            Some(m) => {
                let priority = m.priority;
                data.measures.push(m);
                Some(priority)
            }
            None => None,
        },
        None => Some(node.id),
    };
    if let Some(id) = priority_id
        && let Some(p) = get_as::<Priority>(store, Kind::Priority, id)?
    {
        if node.kind == Kind::Priority {
            for r in store.referring(node)? {
                if r.kind == Kind::Measure
                    && let Some(m) = get_as::<Measure>(store, Kind::Measure, r.id)?
                {
                    data.measures.push(m);
                }
            }
        }
        if let Some(plan) = get_as::<Plan>(store, Kind::Plan, p.plan)? {
            data.plans.push(plan);
        }
        data.priorities.push(p);
    }
    let mut action_plans: Vec<Id> = Vec::new();
    for a in &activities {
        for r in store.referring(RecordRef::new(Kind::Activity, a.id))? {
            match r.kind {
                Kind::ActionPlan if !action_plans.contains(&r.id) => action_plans.push(r.id),
                Kind::Monitoring => {
                    if let Some(m) = get_as::<Monitoring>(store, Kind::Monitoring, r.id)? {
                        data.monitoring.push(m);
                    }
                }
                _ => {}
            }
        }
    }
    for id in action_plans {
        if let Some(a) = get_as::<ActionPlan>(store, Kind::ActionPlan, id)? {
            data.action_plans.push(a);
        }
    }
    data.activities = activities;
    Ok(data)
}
