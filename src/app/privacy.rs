//! A person's data on request and erasure, from the person's detail in the people tab:
//! the data written to a private file in a folder the clerk chooses, and the erasure after a
//! question that names the person. The clerk's own drafts that mention the person are
//! scrubbed once the erasure is done.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::app::popups::{ConfirmLayer, MessageLayer};
use crate::app::state::{App, Pending};
use crate::disclosure;
use crate::model::text::sanitize_line;
use crate::model::{Id, Kind, Person, Record, RecordRef};
use crate::store::{StoreError, Traces};

impl App {
    /// The person selected in the list, if the selection is a person.
    fn selected_person(&self) -> Option<Id> {
        self.current_of(Kind::Person)
    }

    /// Asks for the folder (the last one offered) to write everything held about the
    /// selected person to.
    pub(crate) fn export_person(&mut self) {
        let Some(id) = self.selected_person() else {
            return;
        };
        let folder = self.export_folder_text();
        self.layers
            .push(Box::new(crate::app::popups::PromptLayer::new(
                crate::app::calendar_tools::PromptFor::PersonData(id),
                folder,
            )));
    }

    /// Writes everything held about person `id` to a file in the folder `typed` and
    /// says where; the folder is remembered for the next export.
    pub(crate) fn export_person_to(&mut self, id: Id, typed: &str) -> Result<(), String> {
        let lang = self.lang;
        let dir = crate::app::exports::existing_folder(typed, lang)?;
        let data = self.store.person_data(id).map_err(|e| e.message(lang))?;
        let name = data
            .person
            .as_ref()
            .map(|p| sanitize_line(&p.record.display_name()))
            .unwrap_or_default();
        let path = dir.join(disclosure::file_name(id, self.today));
        let written = disclosure::person_json(&data)
            .map_err(std::io::Error::other)
            .and_then(|text| disclosure::write_private(&path, text.as_bytes()));
        match written {
            Ok(()) => {
                let remembered = self.remember_export_dir(&dir);
                let path = sanitize_line(&path.display().to_string());
                let mut text = match lang {
                    crate::model::Lang::Cs => format!(
                        "Vše, co rejstřík vede o osobě „{name}“, je v souboru\n{path}\n\
                         (čitelném jen pro vás). Výdej je zapsán v historii záznamu."
                    ),
                    crate::model::Lang::En => format!(
                        "Everything the register holds about “{name}” is in the file\n\
                         {path}\n(readable by you alone). The disclosure is recorded in \
                         the record's history."
                    ),
                };
                if let Some(problem) = remembered {
                    text.push_str(&format!("\n{problem}"));
                }
                self.layers.push(Box::new(MessageLayer::new(
                    lang.pick("Osobní údaje", "Personal data"),
                    text,
                )));
                Ok(())
            }
            Err(e) => Err(format!(
                "{} {}",
                lang.pick(
                    "Osobní údaje nelze zapsat:",
                    "The personal data cannot be written:"
                ),
                crate::model::system::io_error(&e, lang)
            )),
        }
    }

    /// Asks before an erasure, naming the person and saying it cannot be undone.
    pub(crate) fn ask_erase_person(&mut self) {
        let Some(id) = self.selected_person() else {
            return;
        };
        let name = match self.store.get(RecordRef::new(Kind::Person, id)) {
            Ok(Some(stored)) => sanitize_line(&stored.record.title()),
            Ok(None) => return self.refresh(),
            Err(e) => return self.error(e.message(self.lang)),
        };
        self.layers.push(Box::new(ConfirmLayer::new(
            disclosure::erase_question(&name, self.lang),
            Pending::ErasePerson { person: id },
        )));
    }

    /// Erases the person, then scrubs the clerk's drafts of them.
    pub(crate) fn erase_person(&mut self, id: Id) {
        let lang = self.lang;
        // What the drafts may hold is read before the erasure takes it away.
        let traces = match person_traces(self, id) {
            Ok(traces) => traces,
            Err(e) => return self.error(e.message(lang)),
        };
        let report = match self.store.erase_person(id) {
            Ok(report) => report,
            Err(e) => return self.error(e.message(lang)),
        };
        // The last change may hold the person's data: it is not to be put back.
        self.undo = None;
        self.changed();
        let summary = disclosure::erase_summary(&report, lang);
        // Every draft in the folder of this session's: the clerk's other sessions' too.
        let drafts = self
            .drafts
            .as_ref()
            .and_then(|d| d.path().parent().map(Path::to_path_buf));
        let text = match drafts.map(|dir| scrub_drafts(&dir, &traces)).transpose() {
            Ok(scrubbed) => {
                let n = scrubbed.map_or(0, |s| s.len());
                if n > 0 {
                    self.draft_kept = None;
                }
                match (n, lang) {
                    (0, _) => summary,
                    (n, crate::model::Lang::Cs) => {
                        format!("{summary}\nUpravené rozepsané formuláře: {n}.")
                    }
                    (n, crate::model::Lang::En) => format!("{summary}\nDrafts scrubbed: {n}."),
                }
            }
            Err(e) => format!(
                "{summary}\n{} {}",
                lang.pick(
                    "Rozepsané formuláře se nepodařilo projít, může v nich zůstat kopie:",
                    "The drafts could not be scrubbed; a copy may remain in them:"
                ),
                sanitize_line(&e.to_string())
            ),
        };
        self.layers.push(Box::new(MessageLayer::new(
            lang.pick("Osoba anonymizována", "Person erased"),
            text,
        )));
    }
}

/// The traces of the person: the record now and every version in its history.
fn person_traces(app: &App, id: Id) -> Result<Traces, StoreError> {
    let me = RecordRef::new(Kind::Person, id);
    let mut versions: Vec<Person> = Vec::new();
    let mut add = |record: &Record| {
        if let Record::Person(p) = record {
            versions.push(p.clone());
        }
    };
    if let Some(stored) = app.store.get(me)? {
        add(&stored.record);
    }
    for entry in app.store.history(me)? {
        for record in entry.before.iter().chain(entry.after.iter()) {
            add(record);
        }
    }
    Ok(Traces::of(id, &versions))
}

/// Scrubs the drafts kept in `dir` (`*.json`) of a person: a draft of the person's own
/// record is removed, any other has every text naming them rewritten; a file that is
/// not a draft but names them is removed. Returns the files changed or removed. A file
/// that cannot be read or written is an error: the clerk must hear that a copy may
/// remain.
pub fn scrub_drafts(dir: &Path, traces: &Traces) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(with_path(dir, e)),
    };
    let mut changed = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| with_path(dir, e))?.path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| with_path(&path, e))?;
        let rewrite = match serde_json::from_str::<Value>(&text) {
            Ok(value) if is_own_draft(&value, traces) => None,
            Ok(mut value) => {
                if !traces.scrub_value(&mut value) {
                    continue;
                }
                Some(serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?)
            }
            Err(_) if traces.named_in_text(&text) => None,
            Err(_) => continue,
        };
        match rewrite {
            Some(text) => disclosure::write_private(&path, text.as_bytes()),
            None => std::fs::remove_file(&path),
        }
        .map_err(|e| with_path(&path, e))?;
        changed.push(path);
    }
    Ok(changed)
}

/// Whether a draft is the form of the person's own record.
fn is_own_draft(draft: &Value, traces: &Traces) -> bool {
    let person = traces.person();
    // A session's draft file holds the form under `form`.
    let draft = draft.get("form").unwrap_or(draft);
    draft.get("kind").and_then(Value::as_str) == Some(person.kind.name())
        && draft.get("id").and_then(Value::as_u64) == Some(person.id)
}

fn with_path(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jana() -> Person {
        Person {
            id: 7,
            first_name: "Jana".into(),
            last_name: "Nováková".into(),
            email: "jana@example.cz".into(),
            ..Person::default()
        }
    }

    #[test]
    fn drafts_naming_the_person_are_scrubbed_and_their_own_removed() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("novakova.json");
        std::fs::write(
            &own,
            r#"{"user":"novakova","form":{"kind":"person","id":7,"fields":[]}}"#,
        )
        .unwrap();
        let meeting = dir.path().join("dvorak.json");
        std::fs::write(
            &meeting,
            r#"{"kind":"meeting","id":3,"fields":[{"key":"minutes","value":{"text":"Zapsala Jana Nováková."}}]}"#,
        )
        .unwrap();
        let other = dir.path().join("svoboda.json");
        let untouched = r#"{"kind":"meeting","id":4,"fields":[]}"#;
        std::fs::write(&other, untouched).unwrap();
        let broken = dir.path().join("broken.json");
        std::fs::write(&broken, "{ jana@example.cz").unwrap();

        let traces = Traces::of(7, &[jana()]);
        let mut changed = scrub_drafts(dir.path(), &traces).unwrap();
        changed.sort();
        assert_eq!(changed, {
            let mut v = vec![own.clone(), meeting.clone(), broken.clone()];
            v.sort();
            v
        });
        assert!(!own.exists());
        assert!(!broken.exists());
        let scrubbed = std::fs::read_to_string(&meeting).unwrap();
        assert!(scrubbed.contains("Zapsala Anonymizováno."), "{scrubbed}");
        assert!(!scrubbed.contains("Nováková"));
        assert_eq!(std::fs::read_to_string(&other).unwrap(), untouched);
        // No drafts folder: nothing to do.
        assert!(
            scrub_drafts(&dir.path().join("none"), &traces)
                .unwrap()
                .is_empty()
        );
    }
}
