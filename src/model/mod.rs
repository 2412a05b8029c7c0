//! The register's data: records, official lists, validation and Czech text rules.
//! Nothing here does I/O.

pub mod check;
pub mod data_error;
pub mod date;
pub mod document;
pub mod due;
pub mod grammar;
pub mod group;
pub mod invalid;
pub mod kinds;
pub mod lang;
pub mod lists;
pub mod meeting;
pub mod organisation;
pub mod overlap;
pub mod person;
pub mod project;
pub mod record;
pub mod region;
pub mod register;
pub mod register_v1;
pub mod remind;
pub mod series;
pub mod service;
pub mod system;
pub mod text;
pub mod validate;

/// A record's id: unique within its kind, never reused, 0 before the store assigns one.
pub type Id = u64;

/// The highest id a record may have: 2^53 − 1, the largest integer every JSON reader
/// (JavaScript's and spreadsheets' included) holds exactly. Ids run from 1 to this.
pub const MAX_ID: Id = (1 << 53) - 1;

pub use document::Document;
pub use group::{Group, Membership};
pub use invalid::{Field, Invalid, Rule};
pub use kinds::*;
pub use lang::{Labelled, Lang};
pub use lists::*;
pub use meeting::{Attendance, Meeting};
pub use organisation::{Address, Organisation};
pub use person::Person;
pub use project::{Output, Project};
pub use record::{Kind, Record, RecordRef, Recordable, Versioned};
pub use region::{Milestone, Region};
pub use register::Register;
pub use service::{Capacity, CapacityMeasure, CapacityUnit, Service};
