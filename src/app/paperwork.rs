//! A meeting's paperwork from its place in the calendar or its detail: the attendance
//! sheet, the invitation and the minutes' skeleton written into a folder the clerk
//! chooses (the last export's is offered), and the invitation marked sent with one key.
//! The message afterwards names each file's whole path.

use std::path::{Path, PathBuf};

use crate::app::popups::{MessageLayer, PromptLayer};
use crate::app::state::{App, Undo};
use crate::model::date::format_date;
use crate::model::{Id, Kind, Lang, Meeting, Record};
use crate::paper::{self, Format, Paper};
use crate::store::{Change, ChangeSet, StoreExt};

impl App {
    /// The meeting selected in the list, if the selection is a meeting.
    fn meeting_id(&self) -> Option<Id> {
        self.current_of(Kind::Meeting)
    }

    /// Asks for the folder to write the selected meeting's `paper` into.
    pub(crate) fn ask_paper(&mut self, paper: Paper) {
        let Some(id) = self.meeting_id() else {
            return self.info(
                self.lang
                    .pick("Nejprve vyberte jednání.", "Choose a meeting first."),
            );
        };
        let folder = self.export_folder_text();
        self.layers.push(Box::new(PromptLayer::new(
            crate::app::calendar_tools::PromptFor::Paper(paper, id),
            folder,
        )));
    }

    /// Writes the paper of meeting `id` into the folder `typed`: the attendance sheet as
    /// DOCX, the invitation as DOCX and .eml, the minutes as DOCX and Markdown. Says
    /// where each went (or why the e-mail could not be made); the folder is remembered.
    pub(crate) fn write_paper(&mut self, paper: Paper, id: Id, typed: &str) -> Result<(), String> {
        let lang = self.lang;
        let dir = crate::app::exports::existing_folder(typed, lang)?;
        let facts = paper::gather(self.store.as_ref(), id)
            .map_err(|e| e.message(lang))?
            .ok_or_else(|| {
                lang.pick("Jednání už neexistuje.", "The meeting is gone.")
                    .to_string()
            })?;
        let settings = self.prefs.paper().clone();
        let formats: &[Format] = match paper {
            Paper::AttendanceSheet => &[Format::Docx],
            Paper::Invitation => &[Format::Docx, Format::Eml],
            Paper::Minutes => &[Format::Docx, Format::Md],
        };
        let mut written: Vec<PathBuf> = Vec::new();
        let mut problems: Vec<String> = Vec::new();
        for &format in formats {
            let bytes =
                match paper::render(paper, format, &facts, &settings, chrono::Utc::now(), lang) {
                    Ok(bytes) => bytes,
                    // The DOCX is there even when the e-mail cannot be made (no sender).
                    Err(e) if format == Format::Eml => {
                        problems.push(e.message(lang));
                        continue;
                    }
                    Err(e) => return Err(e.message(lang)),
                };
            let path = dir.join(file_name(paper, &facts, format));
            crate::fsutil::write_atomically(&path, &bytes).map_err(|e| {
                format!(
                    "{} {}: {}",
                    lang.pick("Soubor nelze zapsat:", "Cannot write the file:"),
                    crate::app::exports::shown(&path),
                    crate::model::system::io_error(&e, lang)
                )
            })?;
            written.push(path);
        }
        if let Some(problem) = self.remember_export_dir(&dir) {
            problems.push(problem);
        }
        self.layers.push(Box::new(MessageLayer::new(
            lang.pick("Písemnosti jednání", "Meeting papers"),
            message(&written, &problems, lang),
        )));
        Ok(())
    }

    /// Marks the selected meeting's invitation sent today, or takes the mark off.
    pub(crate) fn toggle_invitation_sent(&mut self) {
        let lang = self.lang;
        let Some(id) = self.meeting_id() else {
            return self.info(lang.pick("Nejprve vyberte jednání.", "Choose a meeting first."));
        };
        let stored = match self.store.get_as::<Meeting>(id) {
            Ok(Some(stored)) => stored,
            Ok(None) => return self.refresh(),
            Err(e) => return self.error(e.message(lang)),
        };
        let mut meeting = stored.record;
        meeting.invitation_sent = match meeting.invitation_sent {
            Some(_) => None,
            None => Some(self.today),
        };
        let sent = meeting.invitation_sent;
        let set = ChangeSet::one(Change::Update {
            rev: stored.rev,
            record: Record::Meeting(meeting),
        });
        match self.store.apply(set) {
            Ok(applied) => {
                self.undo = Some(Undo::of(&applied));
                self.changed();
                self.info(match (sent, lang) {
                    (Some(day), Lang::Cs) => {
                        format!("Pozvánka označena jako odeslaná {}.", format_date(day))
                    }
                    (Some(day), Lang::En) => {
                        format!("Invitation marked sent on {}.", format_date(day))
                    }
                    (None, _) => lang
                        .pick(
                            "Pozvánka označena jako neodeslaná.",
                            "Invitation marked not sent.",
                        )
                        .to_string(),
                });
            }
            Err(e) => self.error(e.message(lang)),
        }
    }
}

/// "prezencni-listina-5-2018-12-17.docx": the paper, the meeting's id and day.
fn file_name(paper: Paper, facts: &paper::Facts, format: Format) -> String {
    format!(
        "{}-{}-{}.{}",
        paper.file_stem(),
        facts.meeting.id,
        facts.meeting.date.format("%Y-%m-%d"),
        format.extension()
    )
}

fn message(written: &[PathBuf], problems: &[String], lang: Lang) -> String {
    let shown = |p: &Path| crate::app::exports::shown(p);
    let mut text = match written.len() {
        1 => lang.pick("Zapsán soubor", "Written to").to_string(),
        _ => lang.pick("Zapsány soubory", "Written to").to_string(),
    };
    for path in written {
        text.push('\n');
        text.push_str(&shown(path));
    }
    for problem in problems {
        text.push('\n');
        text.push_str(&crate::model::text::sanitize_line(problem));
    }
    text
}
