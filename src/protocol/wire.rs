//! Store errors as they cross the wire: those a client acts on keep their shape
//! (a conflict, a refused delete, a denied write); the rest travel as their messages in
//! both languages.

use serde::{Deserialize, Serialize};

use crate::model::{Lang, RecordRef};
use crate::store::{Referrer, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WireError {
    NotFound(RecordRef),
    Conflict {
        record: RecordRef,
        expected: u64,
        found: u64,
        by: String,
    },
    Referenced {
        record: RecordRef,
        title: String,
        by: Vec<Referrer>,
    },
    NotEmpty,
    Denied {
        user: String,
        role: String,
    },
    Other {
        cs: String,
        en: String,
    },
}

impl From<StoreError> for WireError {
    fn from(e: StoreError) -> WireError {
        match e {
            StoreError::NotFound(r) => WireError::NotFound(r),
            StoreError::Conflict {
                record,
                expected,
                found,
                by,
            } => WireError::Conflict {
                record,
                expected,
                found,
                by,
            },
            StoreError::Referenced { record, title, by } => {
                WireError::Referenced { record, title, by }
            }
            StoreError::NotEmpty => WireError::NotEmpty,
            StoreError::Denied { user, role } => WireError::Denied { user, role },
            other => WireError::Other {
                cs: other.message(Lang::Cs),
                en: other.message(Lang::En),
            },
        }
    }
}

impl From<WireError> for StoreError {
    fn from(e: WireError) -> StoreError {
        match e {
            WireError::NotFound(r) => StoreError::NotFound(r),
            WireError::Conflict {
                record,
                expected,
                found,
                by,
            } => StoreError::Conflict {
                record,
                expected,
                found,
                by,
            },
            WireError::Referenced { record, title, by } => {
                StoreError::Referenced { record, title, by }
            }
            WireError::NotEmpty => StoreError::NotEmpty,
            WireError::Denied { user, role } => StoreError::Denied { user, role },
            WireError::Other { cs, en } => StoreError::Remote { cs, en },
        }
    }
}
