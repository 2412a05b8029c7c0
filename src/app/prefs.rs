//! The clerk's own settings, kept in their configuration directory
//! (`~/.config/kpss/settings.toml`, or the file `KPSS_SETTINGS` names), beside their
//! keymap: which ORPs are theirs ("moje ORP") and where exports were last written.
//!
//! ```toml
//! my_regions = [10, 12]
//! export_dir = "/home/novakova/Dokumenty"
//! ```
//!
//! A missing file is nothing chosen yet. A file that cannot be read, is not TOML or
//! holds an unknown key is an error naming the file and the line; it is never taken for
//! an empty setting, and nothing is written over it until the clerk chooses their ORPs
//! again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::text::sanitize_line;
use crate::model::{Id, Lang};
use crate::paper::PaperSettings;

/// The environment variable naming another settings file.
pub const SETTINGS_ENV: &str = "KPSS_SETTINGS";

/// What the file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The clerk's ORPs (region ids); empty: all.
    #[serde(default)]
    pub my_regions: Vec<Id>,
    /// Where the last export went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_dir: Option<PathBuf>,
    /// The paperwork's funding line, signature and sender (`[paper]`).
    #[serde(default, skip_serializing_if = "PaperSettings::is_empty")]
    pub paper: PaperSettings,
}

/// Why the settings cannot be read or kept.
#[derive(Debug)]
pub enum PrefsError {
    Read {
        file: PathBuf,
        error: std::io::Error,
    },
    Invalid {
        file: PathBuf,
        line: usize,
        what: String,
    },
    Write {
        file: PathBuf,
        error: std::io::Error,
    },
    /// The file was damaged at start; a remembered directory is not written over it.
    Damaged { file: PathBuf },
}

impl PrefsError {
    pub fn message(&self, lang: Lang) -> String {
        let shown = |file: &Path| sanitize_line(&file.display().to_string());
        match self {
            PrefsError::Read { file, error } => format!(
                "{} {}: {}",
                lang.pick(
                    "Vaše nastavení nelze přečíst:",
                    "Cannot read your settings:"
                ),
                shown(file),
                crate::model::system::io_error(error, lang)
            ),
            PrefsError::Invalid { file, line, what } => format!(
                "{} {}, {} {line}: {}",
                lang.pick("Chyba ve vašem nastavení", "Error in your settings"),
                shown(file),
                lang.pick("řádek", "line"),
                sanitize_line(what)
            ),
            PrefsError::Write { file, error } => format!(
                "{} {}: {}",
                lang.pick("Vaše nastavení nelze uložit:", "Cannot save your settings:"),
                shown(file),
                crate::model::system::io_error(error, lang)
            ),
            PrefsError::Damaged { file } => format!(
                "{} {}",
                lang.pick(
                    "Složka se nezapamatovala, soubor nastavení je poškozený:",
                    "The folder is not remembered, the settings file is damaged:"
                ),
                shown(file)
            ),
        }
    }
}

/// The settings of this session: what the file said, and whether lists show only the
/// clerk's ORPs.
#[derive(Debug, Clone, Default)]
pub struct Prefs {
    /// Where they are kept; `None`: nowhere (nothing is remembered).
    file: Option<PathBuf>,
    settings: Settings,
    /// The file could not be read at start.
    damaged: bool,
    /// Lists and the calendar show only the clerk's ORPs.
    pub showing_mine: bool,
}

impl Prefs {
    /// `$KPSS_SETTINGS`, else `settings.toml` in the user's kpss configuration folder.
    pub fn user_file() -> Option<PathBuf> {
        match std::env::var_os(SETTINGS_ENV) {
            Some(file) if !file.is_empty() => Some(PathBuf::from(file)),
            _ => directories::ProjectDirs::from("cz", "kpss", "kpss")
                .map(|d| d.config_dir().join("settings.toml")),
        }
    }

    /// The settings in `file` (none chosen when it does not exist). On an error the
    /// settings are empty but marked damaged, so nothing overwrites the file unasked.
    pub fn load(file: PathBuf) -> (Prefs, Option<PrefsError>) {
        let read = match std::fs::read_to_string(&file) {
            Ok(text) => parse(&text, &file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(error) => Err(PrefsError::Read {
                file: file.clone(),
                error,
            }),
        };
        match read {
            Ok(settings) => {
                let showing_mine = !settings.my_regions.is_empty();
                let prefs = Prefs {
                    file: Some(file),
                    settings,
                    damaged: false,
                    showing_mine,
                };
                (prefs, None)
            }
            Err(e) => {
                let prefs = Prefs {
                    file: Some(file),
                    damaged: true,
                    ..Prefs::default()
                };
                (prefs, Some(e))
            }
        }
    }

    pub fn my_regions(&self) -> &[Id] {
        &self.settings.my_regions
    }

    /// What the paperwork takes from the settings (`[paper]`; empty when not set).
    pub fn paper(&self) -> &PaperSettings {
        &self.settings.paper
    }

    pub fn export_dir(&self) -> Option<&Path> {
        self.settings.export_dir.as_deref()
    }

    /// Whether lists are cut to the clerk's ORPs now.
    pub fn filtering(&self) -> bool {
        self.showing_mine && !self.settings.my_regions.is_empty()
    }

    /// The regions lists are cut to now; empty: none (everything shown).
    pub fn cut(&self) -> Vec<Id> {
        if self.filtering() {
            self.settings.my_regions.clone()
        } else {
            Vec::new()
        }
    }

    /// Chooses the clerk's ORPs and keeps them (over a damaged file too: the clerk
    /// chose anew). Lists show only them from now on (all when none are chosen).
    pub fn set_my_regions(&mut self, regions: Vec<Id>) -> Result<(), PrefsError> {
        let mut settings = self.settings.clone();
        settings.my_regions = regions;
        self.keep(settings)?;
        self.damaged = false;
        self.showing_mine = !self.settings.my_regions.is_empty();
        Ok(())
    }

    /// Remembers the folder of the last export.
    pub fn set_export_dir(&mut self, dir: PathBuf) -> Result<(), PrefsError> {
        if self.settings.export_dir.as_ref() == Some(&dir) {
            return Ok(());
        }
        if self.damaged
            && let Some(file) = &self.file
        {
            self.settings.export_dir = Some(dir);
            return Err(PrefsError::Damaged { file: file.clone() });
        }
        let mut settings = self.settings.clone();
        settings.export_dir = Some(dir);
        self.keep(settings)
    }

    /// Writes `settings` to the file (whole or not at all) and takes them.
    fn keep(&mut self, settings: Settings) -> Result<(), PrefsError> {
        if let Some(file) = &self.file {
            let text = toml::to_string(&settings).map_err(|e| PrefsError::Write {
                file: file.clone(),
                error: std::io::Error::other(e.to_string()),
            })?;
            let written = match file.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
                _ => Ok(()),
            }
            .and_then(|()| crate::fsutil::write_atomically(file, text.as_bytes()));
            written.map_err(|error| PrefsError::Write {
                file: file.clone(),
                error,
            })?;
        }
        self.settings = settings;
        Ok(())
    }
}

fn parse(text: &str, file: &Path) -> Result<Settings, PrefsError> {
    toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |span| span.start);
        let before = text.get(..offset.min(text.len())).unwrap_or(text);
        PrefsError::Invalid {
            file: file.to_path_buf(),
            line: before.matches('\n').count() + 1,
            what: e.message().trim().to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    #[test]
    fn settings_round_trip_through_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kpss").join("settings.toml");
        let (mut prefs, problem) = Prefs::load(file.clone());
        assert!(problem.is_none());
        assert!(prefs.my_regions().is_empty() && !prefs.filtering());
        prefs.set_my_regions(vec![10, 12]).unwrap();
        prefs.set_export_dir(PathBuf::from("/srv/vystupy")).unwrap();
        let (again, problem) = Prefs::load(file);
        assert!(problem.is_none());
        assert_eq!(again.my_regions(), &[10, 12]);
        assert_eq!(again.export_dir(), Some(Path::new("/srv/vystupy")));
        assert!(again.filtering());
    }

    #[test]
    fn a_damaged_file_is_an_error_and_is_not_written_over_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.toml");
        let damaged = "my_regions = [10, 12]\nexport_dir = \n";
        std::fs::write(&file, damaged).unwrap();
        let (mut prefs, problem) = Prefs::load(file.clone());
        let Some(e @ PrefsError::Invalid { line: 2, .. }) = problem else {
            panic!("{problem:?}");
        };
        assert!(
            e.message(Lang::Cs).contains("řádek 2"),
            "{}",
            e.message(Lang::Cs)
        );
        let e = prefs.set_export_dir(PathBuf::from("/tmp")).unwrap_err();
        assert!(matches!(e, PrefsError::Damaged { .. }), "{e:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), damaged);
        // Choosing the ORPs anew writes a sound file.
        prefs.set_my_regions(vec![3]).unwrap();
        let (again, problem) = Prefs::load(file);
        assert!(problem.is_none());
        assert_eq!(again.my_regions(), &[3]);
    }

    #[test]
    fn unknown_keys_and_unreadable_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.toml");
        std::fs::write(&file, "moje_orp = [1]\n").unwrap();
        assert!(matches!(
            Prefs::load(file).1,
            Some(PrefsError::Invalid { line: 1, .. })
        ));
        // A folder where the file should be cannot be read.
        let (prefs, problem) = Prefs::load(dir.path().to_path_buf());
        assert!(
            matches!(problem, Some(PrefsError::Read { .. })),
            "{problem:?}"
        );
        assert!(prefs.damaged);
    }
}
