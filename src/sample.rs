//! The sample register shipped with kpss: the facts of five ORPs' public pages with invented people.
use crate::model::Register;
/// The sample register in the interchange format.
pub const SAMPLE_JSON: &str = include_str!("../assets/sample-register.json");
/// Parses the embedded sample register.
pub fn sample_register() -> Result<Register, serde_json::Error> {
    serde_json::from_str(SAMPLE_JSON)
}
