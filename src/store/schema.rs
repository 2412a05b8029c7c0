//! The database layout: which trees exist and what version of the layout a database is at.

use crate::model::Kind;
use crate::store::keys::Index;

/// The layout version written into `meta` and at the front of every stored value.
/// Version 1 stored bare records; version 2 wraps each in its revision and keeps the
/// refs index and the audit trail.
pub const SCHEMA_VERSION: u8 = 2;

/// `meta` key of the schema version.
pub const META_SCHEMA: &[u8] = b"schema_version";

/// `meta` key of the next id to hand out for a kind.
pub fn meta_next_id(kind: Kind) -> Vec<u8> {
    format!("next_id/{}", kind.name()).into_bytes()
}

/// Every tree of the database, in a fixed order: transactions see them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeId {
    Records(Kind),
    Index(Index),
    Audit,
    AuditByRecord,
    Meta,
    /// Writes sent with a [`crate::store::WriteId`], with their outcome.
    Writes,
}

impl TreeId {
    pub fn all() -> Vec<TreeId> {
        let mut all: Vec<TreeId> = Kind::ALL.into_iter().map(TreeId::Records).collect();
        all.extend(Index::ALL.into_iter().map(TreeId::Index));
        all.extend([
            TreeId::Audit,
            TreeId::AuditByRecord,
            TreeId::Meta,
            TreeId::Writes,
        ]);
        all
    }

    /// The position of the tree in [`TreeId::all`].
    pub fn slot(self) -> usize {
        let records = Kind::ALL.len();
        let indexes = Index::ALL.len();
        match self {
            TreeId::Records(kind) => kind.tag() as usize - 1,
            TreeId::Index(index) => records + index as usize,
            TreeId::Audit => records + indexes,
            TreeId::AuditByRecord => records + indexes + 1,
            TreeId::Meta => records + indexes + 2,
            TreeId::Writes => records + indexes + 3,
        }
    }

    pub fn name(self) -> String {
        match self {
            TreeId::Records(kind) => kind.name().to_string(),
            TreeId::Index(index) => index.tree_name().to_string(),
            TreeId::Audit => "audit".into(),
            TreeId::AuditByRecord => "audit_by_record".into(),
            TreeId::Meta => "meta".into(),
            TreeId::Writes => "writes".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_match_the_order_of_all() {
        for (i, tree) in TreeId::all().into_iter().enumerate() {
            assert_eq!(tree.slot(), i, "{tree:?}");
        }
        let mut names: Vec<String> = TreeId::all().into_iter().map(TreeId::name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TreeId::all().len());
    }
}
