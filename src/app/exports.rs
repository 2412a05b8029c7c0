//! Where exports go: the calendar's iCalendar file and a person's data are written to a
//! folder the clerk chooses in a prompt pre-filled with the last one (remembered in
//! their settings, `prefs.rs`), and the message afterwards names the whole path.

use std::path::{Path, PathBuf};

use crate::app::state::App;
use crate::model::Lang;
use crate::model::text::sanitize_line;

/// The file (field) of the person's data prompt.
pub const FOLDER: crate::model::Field = crate::model::Field::new("Složka", "Folder");

/// `typed` as a whole path: a relative one is taken from the current directory. Empty
/// is refused with `field` named.
pub fn absolute(typed: &str, field: crate::model::Field, lang: Lang) -> Result<PathBuf, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(crate::model::Invalid::new(field, crate::model::Rule::Required).message(lang));
    }
    std::path::absolute(typed).map_err(|e| {
        format!(
            "{}: {}",
            sanitize_line(typed),
            crate::model::system::io_error(&e, lang)
        )
    })
}

/// The folder the clerk typed, made absolute; it must exist.
pub fn existing_folder(typed: &str, lang: Lang) -> Result<PathBuf, String> {
    let dir = absolute(typed, FOLDER, lang)?;
    if !dir.is_dir() {
        return Err(format!(
            "{} {}",
            lang.pick("Složka neexistuje:", "No such folder:"),
            shown(&dir)
        ));
    }
    Ok(dir)
}

/// A path as a message shows it.
pub fn shown(path: &Path) -> String {
    sanitize_line(&path.display().to_string())
}

impl App {
    /// The folder exports go to unless the clerk types another: the last one, else the
    /// current directory.
    pub(crate) fn export_folder(&self) -> Option<PathBuf> {
        self.files_dir
            .clone()
            .or_else(|| std::env::current_dir().ok())
    }

    /// The export folder as a folder prompt starts with it (empty when there is none).
    pub(crate) fn export_folder_text(&self) -> String {
        self.export_folder()
            .map(|dir| dir.display().to_string())
            .unwrap_or_default()
    }

    /// What the file prompt starts with: `name` in the remembered folder, or `name`
    /// alone (the current directory) when none is remembered yet.
    pub(crate) fn export_prefill(&self, name: &str) -> String {
        match &self.files_dir {
            Some(dir) => dir.join(name).display().to_string(),
            None => name.to_string(),
        }
    }

    /// Remembers `dir` as the folder of the next export. Returns what to add to the
    /// message when it could not be remembered.
    pub(crate) fn remember_export_dir(&mut self, dir: &Path) -> Option<String> {
        self.files_dir = Some(dir.to_path_buf());
        self.prefs
            .set_export_dir(dir.to_path_buf())
            .err()
            .map(|e| e.message(self.lang))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A folder that exists is taken as it is; one that does not is refused by name.
    #[test]
    fn an_export_folder_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        let typed = dir.path().display().to_string();
        assert_eq!(existing_folder(&typed, Lang::Cs).unwrap(), dir.path());
        let missing = dir.path().join("chybí");
        let refused = existing_folder(&missing.display().to_string(), Lang::Cs).unwrap_err();
        assert!(refused.starts_with("Složka neexistuje: "), "{refused}");
        assert!(refused.ends_with("chybí"), "{refused}");
        assert!(existing_folder("  ", Lang::Cs).is_err());
    }
}
