//! `kpss serve`: the shared server.

use std::path::Path;
use std::process::ExitCode;

use crate::model::Lang;

pub fn run(
    _dir: &Path,
    _socket: Option<&Path>,
    _group: Option<&str>,
    _roles: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, String> {
    Err(lang.pick("zatím nehotovo", "not done yet").to_string())
}
