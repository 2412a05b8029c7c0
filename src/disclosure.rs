//! A person's data as it is handed to them (GDPR Art. 15): pretty-printed JSON, written
//! to a file readable by its owner alone, whole or not at all; and what a clerk is asked
//! and told about an erasure (Art. 17). Used by `kpss person` and by the terminal
//! application.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use chrono::NaiveDate;

use crate::model::{Id, Lang};
use crate::store::{ErasureReport, PersonData};

/// The JSON document, pretty-printed, ending with a newline.
pub fn person_json(data: &PersonData) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(data)?;
    text.push('\n');
    Ok(text)
}

/// The file name the terminal application writes a person's data to.
pub fn file_name(person: Id, today: NaiveDate) -> String {
    format!("kpss-osoba-{person}-{}.json", today.format("%Y-%m-%d"))
}

/// Writes `bytes` to `path` with mode 0600 (personal data is for its owner's eyes): into
/// a file beside it first, then renamed over it, so a failed write never leaves half a
/// file.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".kpss-tmp");
    let tmp = path.with_file_name(tmp_name);
    // A file left by an earlier failed run may have another mode: created afresh.
    let _ = std::fs::remove_file(&tmp);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The question before an erasure, naming the person.
pub fn erase_question(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Cs => format!(
            "Anonymizovat osobu „{name}“? Jméno, kontakty, funkce a poznámka zmizí ze záznamu, \
             z historie změn i z textů jiných záznamů; členství skončí dnešním dnem. \
             Tento krok nelze vrátit."
        ),
        Lang::En => format!(
            "Erase “{name}”? The name, contacts, function and note go from the record, from \
             the history of changes and from the text of other records; memberships end \
             today. This cannot be undone."
        ),
    }
}

/// What an erasure did, in one sentence.
pub fn erase_summary(report: &ErasureReport, lang: Lang) -> String {
    let r = report;
    match lang {
        Lang::Cs => format!(
            "Osoba č. {} je anonymizována. Ukončená členství: {}; ORP, kde už není kontaktní \
             osobou: {}; záznamy, z jejichž textu zmizelo její jméno: {}; přepsané záznamy \
             historie: {}.",
            r.person, r.memberships_ended, r.contacts_dropped, r.texts_scrubbed, r.audit_rewritten
        ),
        Lang::En => format!(
            "Person {} erased. Memberships ended: {}; regions no longer listing them as a \
             contact: {}; records whose text named them: {}; audit entries rewritten: {}.",
            r.person, r.memberships_ended, r.contacts_dropped, r.texts_scrubbed, r.audit_rewritten
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_file_is_private_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("osoba.json");
        std::fs::write(&path, "old").unwrap();
        write_private(&path, b"{}\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}\n");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        // An existing file keeps its inode's mode only if written in place; the rename
        // replaces it with the private one.
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let missing = dir.path().join("no-such-dir").join("x.json");
        assert!(write_private(&missing, b"{}").is_err());
    }

    #[test]
    fn the_file_name_carries_the_id_and_the_day() {
        let day = NaiveDate::from_ymd_opt(2019, 3, 4).unwrap();
        assert_eq!(file_name(12, day), "kpss-osoba-12-2019-03-04.json");
    }
}
