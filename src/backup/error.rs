//! What can go wrong with a backup or a restore, said so that whoever runs it knows what
//! happened and what to do.

use std::path::{Path, PathBuf};

use crate::model::Lang;
use crate::model::text::sanitize_line;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    /// The store could not be read (or the restored database written).
    #[error("{}", self.message(Lang::Cs))]
    Store(StoreError),
    /// A file or directory could not be read or written.
    #[error("{}", self.message(Lang::Cs))]
    Io {
        path: PathBuf,
        problem: String,
        disk_full: bool,
    },
    /// The backup file is not a register kpss can read.
    #[error("{}", self.message(Lang::Cs))]
    Format { file: PathBuf, problem: String },
    /// Another process (a clerk's kpss, the shared server) has the database open.
    #[error("{}", self.message(Lang::Cs))]
    InUse { dir: PathBuf },
    /// The restored database does not hold what the backup holds.
    #[error("{}", self.message(Lang::Cs))]
    Mismatch { file: PathBuf },
}

impl BackupError {
    pub(crate) fn io(path: &Path, e: &std::io::Error) -> BackupError {
        BackupError::Io {
            path: path.to_path_buf(),
            problem: e.to_string(),
            disk_full: crate::store::error::is_disk_full(e),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let show = |p: &Path| sanitize_line(&p.display().to_string());
        match (self, lang) {
            (BackupError::Store(e), _) => e.message(lang),
            (
                BackupError::Io {
                    path,
                    disk_full: true,
                    ..
                },
                Lang::Cs,
            ) => format!(
                "{}: na disku došlo místo; nic se nezměnilo. Uvolněte místo a zopakujte příkaz.",
                show(path)
            ),
            (
                BackupError::Io {
                    path,
                    disk_full: true,
                    ..
                },
                Lang::En,
            ) => format!(
                "{}: the disk is full; nothing was changed. Free some space and run the command again.",
                show(path)
            ),
            (BackupError::Io { path, problem, .. }, _) => {
                format!("{}: {}", show(path), sanitize_line(problem))
            }
            (BackupError::Format { file, problem }, Lang::Cs) => format!(
                "{}: soubor nelze načíst jako zálohu rejstříku: {}",
                show(file),
                sanitize_line(problem)
            ),
            (BackupError::Format { file, problem }, Lang::En) => format!(
                "{}: the file cannot be read as a backup of the register: {}",
                show(file),
                sanitize_line(problem)
            ),
            (BackupError::InUse { dir }, Lang::Cs) => format!(
                "Databázi {} má otevřenou jiný proces (kpss některého uživatele nebo sdílený \
                 server kpss serve). Obnovit ji ze zálohy lze, jen když ji nemá otevřenou nikdo: \
                 ukončete ho a zopakujte příkaz. Databáze zůstala beze změny.",
                show(dir)
            ),
            (BackupError::InUse { dir }, Lang::En) => format!(
                "Another process (a user's kpss or the shared server kpss serve) has the \
                 database {} open. It can be restored only while no one has it open: stop that \
                 process and run the command again. The database was left unchanged.",
                show(dir)
            ),
            (BackupError::Mismatch { file }, Lang::Cs) => format!(
                "Databáze obnovená ze zálohy {} neobsahuje totéž co záloha; původní databáze \
                 zůstala beze změny.",
                show(file)
            ),
            (BackupError::Mismatch { file }, Lang::En) => format!(
                "The database restored from {} does not hold what the backup holds; the \
                 database was left unchanged.",
                show(file)
            ),
        }
    }
}
