//! Frozen shapes of stored values as older schema versions wrote them, one module per
//! version, for the migrations in [`crate::store::migrate`]. bincode has no field names:
//! old bytes can only be read with the old shapes, so these never change. Whoever
//! changes the shape of a stored type for a later version freezes its current shape in
//! a module of its own first.

pub mod v2;
pub mod v3;
pub mod v4;

pub use v2::{AppliedV2, AuditEntryV2, MeetingV2, OutcomeV2, RecordV2, RememberedV2, TouchedV2};
pub use v3::{AppliedV3, AuditEntryV3, OutcomeV3, PersonV3, RecordV3, RememberedV3, TouchedV3};
pub use v4::{
    AppliedV4, AuditEntryV4, EmbeddedServiceV4, EmbeddedServices, MeetingV4, OrganisationV4,
    OutcomeV4, RecordV4, RememberedV4, TouchedV4,
};
