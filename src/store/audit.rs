//! The audit trail: who changed which record when, with the record before and after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Record, RecordRef};

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    Create,
    Update,
    Delete,
    /// A whole register loaded into an empty database.
    Import,
    /// The database layout upgraded to a newer schema.
    Migrate,
    /// A person's data handed out on request (GDPR Art. 15): who asked, when, whose.
    PersonExport,
    /// Personal data erased (GDPR Art. 17): who erased, when, which record; the entry
    /// holds none of the data.
    Erasure,
}

/// One change in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the trail; increases with every change.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The operating-system user who made the change.
    pub who: String,
    pub operation: Operation,
    /// The record changed; none for an import or a migration.
    pub record: Option<RecordRef>,
    pub before: Option<Record>,
    pub after: Option<Record>,
    /// For an import or migration: what it did.
    pub note: String,
    /// The revision the record had after the change.
    pub rev: u64,
}
