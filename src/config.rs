//! The machine's kpss configuration: `/etc/kpss/config.toml` (or the file `KPSS_CONFIG`
//! names) says where the shared server listens and, optionally, where the register lives.
//! Every kpss reads it, so a command over `ssh host kpss agenda`, which skips the login
//! scripts in `/etc/profile.d`, still finds the shared server.
//!
//! ```toml
//! socket = "/run/kpss/kpss.sock"
//! database = "/var/lib/kpss"
//! ```
//!
//! A file that is there but cannot be read, is not TOML, holds an unknown key or a
//! relative path is an error naming the file and the line; it is never skipped.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::Lang;
use crate::model::text::sanitize_line;

/// Where the configuration is read from unless [`CONFIG_ENV`] says otherwise.
pub const SYSTEM_CONFIG: &str = "/etc/kpss/config.toml";
/// The environment variable naming another configuration file.
pub const CONFIG_ENV: &str = "KPSS_CONFIG";

/// What the configuration file says; everything empty when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it came from; `None` when there was no file.
    pub file: Option<PathBuf>,
    /// The shared server's socket.
    pub socket: Option<PathBuf>,
    /// The database directory.
    pub database: Option<PathBuf>,
}

/// The file as written: only these keys, each a string.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    socket: Option<toml::Spanned<String>>,
    database: Option<toml::Spanned<String>>,
}

/// Why the configuration cannot be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file is there (or was named by [`CONFIG_ENV`]) but cannot be read.
    Read {
        file: PathBuf,
        error: std::io::Error,
    },
    /// The file is not what kpss expects, at this line and column.
    Invalid {
        file: PathBuf,
        line: usize,
        column: usize,
        cs: String,
        en: String,
    },
}

impl ConfigError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ConfigError::Read { file, error } => format!(
                "{} {}: {error}",
                lang.pick(
                    "Nastavení kpss nelze přečíst:",
                    "Cannot read the kpss configuration:"
                ),
                shown(file)
            ),
            ConfigError::Invalid {
                file,
                line,
                column,
                cs,
                en,
            } => format!(
                "{} {}, {} {line}, {} {column}: {}",
                lang.pick("Chyba v nastavení kpss", "Error in the kpss configuration"),
                shown(file),
                lang.pick("řádek", "line"),
                lang.pick("sloupec", "column"),
                sanitize_line(lang.pick(cs, en)),
            ),
        }
    }
}

fn shown(path: &Path) -> String {
    sanitize_line(&path.display().to_string())
}

impl Config {
    /// The file [`CONFIG_ENV`] names (which must exist), else [`SYSTEM_CONFIG`] if it
    /// exists, else no configuration.
    pub fn load() -> Result<Config, ConfigError> {
        match std::env::var_os(CONFIG_ENV) {
            Some(file) if !file.is_empty() => Config::read(Path::new(&file), true),
            _ => Config::read(Path::new(SYSTEM_CONFIG), false),
        }
    }

    /// Reads `file`; a missing file is no configuration unless it is `required`.
    pub fn read(file: &Path, required: bool) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(file) {
            Ok(text) => Config::parse(&text, file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Config::default())
            }
            Err(error) => Err(ConfigError::Read {
                file: file.to_path_buf(),
                error,
            }),
        }
    }

    /// Reads the text of `file`.
    pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigError> {
        let invalid = |offset: usize, cs: String, en: String| {
            let (line, column) = line_and_column(text, offset);
            ConfigError::Invalid {
                file: file.to_path_buf(),
                line,
                column,
                cs,
                en,
            }
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |span| span.start);
            let what = e.message().trim().to_string();
            invalid(offset, what.clone(), what)
        })?;
        let path = |value: Option<toml::Spanned<String>>, key: &str| {
            let Some(value) = value else {
                return Ok(None);
            };
            let path = PathBuf::from(value.get_ref());
            if path.is_absolute() {
                Ok(Some(path))
            } else {
                Err(invalid(
                    value.span().start,
                    format!("{key} musí být úplná cesta od kořene (/…)"),
                    format!("{key} must be an absolute path (/…)"),
                ))
            }
        };
        Ok(Config {
            file: Some(file.to_path_buf()),
            socket: path(raw.socket, "socket")?,
            database: path(raw.database, "database")?,
        })
    }
}

/// The line and column (from 1, in characters) of a byte offset in `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/etc/kpss/config.toml"))
    }

    #[test]
    fn names_the_socket_and_the_database() {
        let config = parse(
            "# sdílený server\nsocket = \"/run/kpss/kpss.sock\"\ndatabase = \"/var/lib/kpss\"\n",
        )
        .unwrap();
        assert_eq!(config.socket, Some(PathBuf::from("/run/kpss/kpss.sock")));
        assert_eq!(config.database, Some(PathBuf::from("/var/lib/kpss")));
        assert_eq!(config.file, Some(PathBuf::from("/etc/kpss/config.toml")));
        assert_eq!(parse("").unwrap().socket, None);
    }

    #[test]
    fn broken_syntax_names_the_file_and_line() {
        let e = parse("socket = \"/run/kpss/kpss.sock\"\ndatabase = /var/lib/kpss\n").unwrap_err();
        let ConfigError::Invalid { line, .. } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(*line, 2);
        let text = e.message(Lang::Cs);
        assert!(
            text.starts_with("Chyba v nastavení kpss /etc/kpss/config.toml, řádek 2"),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_not_ignored() {
        let e = parse("socket = \"/run/kpss/kpss.sock\"\nsoket = \"/tmp/x\"\n").unwrap_err();
        let text = e.message(Lang::En);
        assert!(text.contains("line 2"), "{text}");
        assert!(text.contains("soket"), "{text}");
    }

    #[test]
    fn a_relative_path_is_refused_at_its_line() {
        let e = parse("\n\nsocket = \"kpss.sock\"\n").unwrap_err();
        let text = e.message(Lang::Cs);
        assert!(text.contains("řádek 3, sloupec 10"), "{text}");
        assert!(text.contains("úplná cesta"), "{text}");
    }

    #[test]
    fn a_missing_system_file_is_no_configuration_but_a_named_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("config.toml");
        assert_eq!(Config::read(&missing, false).unwrap(), Config::default());
        let e = Config::read(&missing, true).unwrap_err();
        assert!(matches!(e, ConfigError::Read { .. }), "{e:?}");
        // A file that cannot be read is an error even where a missing one would not be.
        let e = Config::read(dir.path(), false).unwrap_err();
        assert!(e.message(Lang::Cs).contains("nelze přečíst"), "{e:?}");
    }

    #[test]
    fn control_characters_in_the_file_do_not_reach_the_message() {
        let e = parse("socket = 1\u{1b}[2J\n").unwrap_err();
        assert!(!e.message(Lang::Cs).contains('\u{1b}'));
    }
}
