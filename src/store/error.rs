//! What can go wrong in the store, said so that a clerk knows what happened and what to do.

use std::path::{Path, PathBuf};

use crate::model::system::system_text;
use crate::model::text::{sanitize, sanitize_line};
use crate::model::{Invalid, Kind, Lang, RecordRef, grammar};
use crate::store::codec::CodecError;

pub type Result<T> = std::result::Result<T, StoreError>;

/// A record that points at another, with the name a clerk knows it by.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Referrer {
    pub record: RecordRef,
    pub title: String,
}

/// What is wrong with a damaged database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// sled's data file is gone while its configuration is there.
    MissingDataFile,
    /// sled could not read its files (it reported corruption, or panicked on them).
    Unreadable(String),
    /// The database held a register and opens empty: its data file was cut short.
    Emptied,
}

impl Damage {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Damage::MissingDataFile, Lang::Cs) => "chybí její soubor db".into(),
            (Damage::MissingDataFile, Lang::En) => "its file db is missing".into(),
            (Damage::Unreadable(why), Lang::Cs) => {
                format!("její soubory nelze přečíst: {}", sanitize_line(why))
            }
            (Damage::Unreadable(why), Lang::En) => {
                format!("its files cannot be read: {}", sanitize_line(why))
            }
            (Damage::Emptied, Lang::Cs) => "její soubor db přišel o uložená data".into(),
            (Damage::Emptied, Lang::En) => "its file db has lost the data it held".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// Another process has the database open.
    #[error("{}", self.message(Lang::Cs))]
    Locked { path: PathBuf },
    /// The record breaks a rule; nothing was written.
    #[error("{}", self.message(Lang::Cs))]
    Invalid { record: RecordRef, problem: Invalid },
    #[error("{}", self.message(Lang::Cs))]
    NotFound(RecordRef),
    /// The record changed since the caller read it.
    #[error("{}", self.message(Lang::Cs))]
    Conflict {
        record: RecordRef,
        expected: u64,
        found: u64,
        by: String,
    },
    /// Other records point at the record to delete.
    #[error("{}", self.message(Lang::Cs))]
    Referenced {
        record: RecordRef,
        title: String,
        by: Vec<Referrer>,
    },
    /// A register can be imported only into an empty database.
    #[error("{}", self.message(Lang::Cs))]
    NotEmpty,
    /// Two records of one kind share an id in an imported register.
    #[error("{}", self.message(Lang::Cs))]
    DuplicateId(RecordRef),
    /// The database was written by a newer kpss.
    #[error("{}", self.message(Lang::Cs))]
    NewerSchema { found: u8, supported: u8 },
    /// Stored bytes could not be read.
    #[error("{}", self.message(Lang::Cs))]
    Corrupt {
        tree: String,
        key: Vec<u8>,
        error: CodecError,
    },
    /// The storage engine failed (permissions, an unexpected engine error).
    #[error("{}", self.message(Lang::Cs))]
    Storage(String),
    /// The disk holding the database is full: the change was not saved.
    #[error("{}", self.message(Lang::Cs))]
    DiskFull,
    /// Reading or writing the database's files failed; the database is reopened before
    /// the next request.
    #[error("{}", self.message(Lang::Cs))]
    Io(String),
    /// The database's files are damaged (cut short, missing, unreadable).
    #[error("{}", self.message(Lang::Cs))]
    Damaged {
        path: PathBuf,
        detail: Damage,
        /// Where backups are looked for, and the newest one found there.
        backups: PathBuf,
        newest: Option<PathBuf>,
    },
    /// The shared server refused the request: the user's role does not allow it.
    #[error("{}", self.message(Lang::Cs))]
    Denied { user: String, role: String },
    /// The shared server cannot be reached (it stopped, or the connection dropped);
    /// nothing is known to have been written.
    #[error("{}", self.message(Lang::Cs))]
    Disconnected(String),
    /// Every id of a kind has been handed out (ids stop at [`crate::model::MAX_ID`]).
    #[error("{}", self.message(Lang::Cs))]
    IdsExhausted(Kind),
    /// A write was sent but the connection broke before its answer came, and the
    /// shared server could not be asked again: whether it was stored is not known.
    #[error("{}", self.message(Lang::Cs))]
    Uncertain(String),
    /// An error the shared server reported, in both languages.
    #[error("{cs}")]
    Remote { cs: String, en: String },
}

impl StoreError {
    /// The error in `lang`, safe for a terminal: titles, names and paths it quotes cannot
    /// send escape sequences, and system texts come in the same language as the rest.
    pub fn message(&self, lang: Lang) -> String {
        sanitize(&self.text(lang))
    }

    fn text(&self, lang: Lang) -> String {
        let cs = lang == Lang::Cs;
        let name =
            |r: &RecordRef| format!("{} {} {}", r.kind.label(lang), lang.pick("č.", "no."), r.id);
        match self {
            StoreError::Locked { path } if cs => format!(
                "Databázi {} už má otevřenou jiný proces kpss (možná jiný uživatel nebo jiné okno). \
                 Ukončete ho, nebo pro práci více lidí najednou spusťte sdílený server `kpss serve`.",
                path.display()
            ),
            StoreError::Locked { path } => format!(
                "The database {} is already open in another kpss process (perhaps another user or \
                 window). Quit that one, or run the shared server `kpss serve` so several people \
                 can work at once.",
                path.display()
            ),
            StoreError::Invalid { record, problem } => {
                format!("{}: {}", name(record), problem.message(lang))
            }
            StoreError::NotFound(r) if cs => format!("{} neexistuje.", capitalised(&name(r))),
            StoreError::NotFound(r) => format!("Record {} does not exist.", name(r)),
            StoreError::Conflict {
                record,
                expected,
                found,
                by,
            } if cs => format!(
                "Záznam {} mezitím změnil(a) {by} (revize {found}, upravovali jste revizi {expected}). \
                 Načtěte ho znovu, nebo změny přepište.",
                name(record)
            ),
            StoreError::Conflict {
                record,
                expected,
                found,
                by,
            } => format!(
                "Record {} was changed meanwhile by {by} (revision {found}; you edited revision \
                 {expected}). Reload it, or overwrite the changes.",
                name(record)
            ),
            StoreError::Referenced { record, title, by } => {
                let list: Vec<String> = by
                    .iter()
                    .take(5)
                    .map(|r| format!("{} „{}“", r.record.kind.label(lang), r.title))
                    .collect();
                let more = by.len().saturating_sub(5);
                let tail = match (more, cs) {
                    (0, _) => String::new(),
                    (n, true) => format!(" a {}", grammar::MORE.count(n, lang)),
                    (n, false) => format!(" and {n} more"),
                };
                let n = by.len();
                if cs {
                    let (verb, noun) = match n {
                        1 => ("Odkazuje", "záznam"),
                        2..=4 => ("Odkazují", "záznamy"),
                        _ => ("Odkazuje", "záznamů"),
                    };
                    format!(
                        "{} „{title}“ nelze smazat. {verb} sem {n} {noun}: {}{tail}.",
                        record.kind.accusative_capitalised(lang),
                        list.join(", ")
                    )
                } else {
                    format!(
                        "{} “{title}” cannot be deleted: {} {} to it: {}{tail}.",
                        record.kind.accusative_capitalised(lang),
                        grammar::RECORDS.count(n, lang),
                        if n == 1 { "points" } else { "point" },
                        list.join(", ")
                    )
                }
            }
            StoreError::NotEmpty if cs => {
                "Databáze není prázdná: rejstřík lze načíst jen do prázdné databáze.".into()
            }
            StoreError::NotEmpty => {
                "The database is not empty: a register can be imported only into an empty one."
                    .into()
            }
            StoreError::DuplicateId(r) if cs => format!("Id {} se opakuje.", name(r)),
            StoreError::DuplicateId(r) => format!("The id of {} appears twice.", name(r)),
            StoreError::NewerSchema { found, supported } if cs => format!(
                "Databázi zapsala novější verze kpss (schéma {found}, tato verze zná {supported}). \
                 Použijte novější kpss."
            ),
            StoreError::NewerSchema { found, supported } => format!(
                "The database was written by a newer kpss (schema {found}; this one knows \
                 {supported}). Use a newer kpss."
            ),
            StoreError::Corrupt { tree, key, error } if cs => format!(
                "Poškozená data ve stromu {tree}, klíč {key:02x?}: {}",
                codec_text(error, lang)
            ),
            StoreError::Corrupt { tree, key, error } => format!(
                "Corrupt data in tree {tree}, key {key:02x?}: {}",
                codec_text(error, lang)
            ),
            StoreError::Storage(e) if cs => format!("Chyba úložiště: {}", system_text(e, lang)),
            StoreError::Storage(e) => format!("Storage error: {}", system_text(e, lang)),
            StoreError::DiskFull if cs => "Na disku s databází došlo místo: změna se neuložila. \
                 Uvolněte místo na disku a zopakujte ji; databáze se pak otevře sama."
                .into(),
            StoreError::DiskFull => "The disk holding the database is full: the change was not \
                 saved. Free some space and repeat it; the database then reopens by itself."
                .into(),
            StoreError::Io(e) if cs => format!(
                "Čtení nebo zápis databáze selhal ({}); změna se neuložila.",
                sanitize_line(e)
            ),
            StoreError::Io(e) => format!(
                "Reading or writing the database failed ({}); the change was not saved.",
                sanitize_line(e)
            ),
            StoreError::Damaged {
                path,
                detail,
                backups,
                newest,
            } => damaged_message(lang, path, detail, backups, newest.as_deref()),
            StoreError::Denied { user, role } if cs => format!(
                "Uživatel {user} má na sdíleném serveru roli {role}, která tuto změnu nedovoluje."
            ),
            StoreError::Denied { user, role } => format!(
                "User {user} has the role {role} on the shared server, which does not allow this change."
            ),
            StoreError::Disconnected(why) if cs => format!(
                "Spojení se sdíleným serverem kpss je přerušené ({}).",
                system_text(why, lang)
            ),
            StoreError::Disconnected(why) => format!(
                "The connection to the shared kpss server is broken ({}).",
                system_text(why, lang)
            ),
            StoreError::IdsExhausted(kind) if cs => format!(
                "Pro druh záznamu „{}“ už nezbývá žádné volné id (nejvyšší je {}).",
                kind.label(lang),
                crate::model::MAX_ID
            ),
            StoreError::IdsExhausted(kind) => format!(
                "No free id is left for records of kind “{}” (the highest is {}).",
                kind.label(lang),
                crate::model::MAX_ID
            ),
            StoreError::Uncertain(why) if cs => format!(
                "Nevíme, zda se změna uložila: spojení se sdíleným serverem se přerušilo ({}) \
                 a neobnovilo se. Až bude server zase dostupný, záznam zkontrolujte.",
                system_text(why, lang)
            ),
            StoreError::Uncertain(why) => format!(
                "Whether the change was stored is not known: the connection to the shared \
                 server broke ({}) and did not come back. Check the record once the server \
                 is reachable again.",
                system_text(why, lang)
            ),
            StoreError::Remote { cs: text, .. } if cs => text.clone(),
            StoreError::Remote { en, .. } => en.clone(),
        }
    }

    /// True when the storage engine itself failed (a full disk, an I/O error): its
    /// state in memory may differ from the disk, so the database is reopened.
    pub fn is_engine_failure(&self) -> bool {
        matches!(self, StoreError::DiskFull | StoreError::Io(_))
    }

    pub(crate) fn invalid(kind: Kind, id: u64, problem: Invalid) -> StoreError {
        StoreError::Invalid {
            record: RecordRef::new(kind, id),
            problem,
        }
    }
}

/// Why stored bytes could not be read, in `lang` only (the codec's own text says both).
fn codec_text(error: &CodecError, lang: Lang) -> String {
    match (error, lang) {
        (CodecError::Empty, Lang::Cs) => "prázdná hodnota".into(),
        (CodecError::Empty, Lang::En) => "empty value".into(),
        (CodecError::UnknownVersion { found, expected }, Lang::Cs) => {
            format!("neznámá verze schématu {found} (očekávána {expected})")
        }
        (CodecError::UnknownVersion { found, expected }, Lang::En) => {
            format!("unknown schema version {found} (expected {expected})")
        }
        (CodecError::Undecodable(_), Lang::Cs) => "nečitelná data".into(),
        (CodecError::Undecodable(why), Lang::En) => format!("undecodable bytes: {why}"),
        (CodecError::TrailingBytes(n), Lang::Cs) => format!("po dekódování zbylo {n} bajtů"),
        (CodecError::TrailingBytes(n), Lang::En) => format!("{n} bytes left unread"),
        (CodecError::Encode(_), Lang::Cs) => "hodnotu nelze zakódovat".into(),
        (CodecError::Encode(why), Lang::En) => format!("cannot encode the value: {why}"),
    }
}

fn damaged_message(
    lang: Lang,
    path: &Path,
    detail: &Damage,
    backups: &Path,
    newest: Option<&Path>,
) -> String {
    let path = sanitize_line(&path.display().to_string());
    let detail = detail.describe(lang);
    let backups = sanitize_line(&backups.display().to_string());
    let newest = newest.map(|p| sanitize_line(&p.display().to_string()));
    match (lang, newest) {
        (Lang::Cs, Some(file)) => format!(
            "Databáze {path} je poškozená ({detail}) a nelze ji otevřít. Nejnovější záloha je \
             {file}; obnovíte ji příkazem `kpss restore {file}`."
        ),
        (Lang::Cs, None) => format!(
            "Databáze {path} je poškozená ({detail}) a nelze ji otevřít. Ve složce záloh \
             {backups} žádná záloha není; obnovte databázi ze zálohy, kterou máte jinde \
             (`kpss restore SOUBOR`)."
        ),
        (Lang::En, Some(file)) => format!(
            "The database {path} is damaged ({detail}) and cannot be opened. The newest backup \
             is {file}; restore it with `kpss restore {file}`."
        ),
        (Lang::En, None) => format!(
            "The database {path} is damaged ({detail}) and cannot be opened. The backup \
             directory {backups} holds no backup; restore the database from a backup kept \
             elsewhere (`kpss restore FILE`)."
        ),
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        match &e {
            sled::Error::Io(io) if is_disk_full(io) => StoreError::DiskFull,
            sled::Error::Io(_) | sled::Error::Corruption { .. } | sled::Error::ReportableBug(_) => {
                StoreError::Io(e.to_string())
            }
            _ => StoreError::Storage(e.to_string()),
        }
    }
}

/// ENOSPC (and EDQUOT, a user's quota used up, which a clerk meets the same way).
pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull
        || e.kind() == std::io::ErrorKind::QuotaExceeded
        || e.raw_os_error() == Some(28)
}

/// The text with its first letter in upper case, to begin a sentence.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::Kind;

    #[test]
    fn a_record_is_named_in_the_message_s_language() {
        let missing = StoreError::NotFound(RecordRef::new(Kind::Monitoring, 1));
        assert_eq!(
            missing.message(Lang::En),
            "Record monitoring entry no. 1 does not exist."
        );
        assert_eq!(
            missing.message(Lang::Cs),
            "Záznam monitoringu č. 1 neexistuje."
        );
    }
}
