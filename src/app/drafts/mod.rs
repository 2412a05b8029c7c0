//! Drafts: every session of the terminal application keeps its open form in a file of
//! its own, `<pid>-<start>-<boot>.json` in the drafts folder, written whole at every key
//! and when the terminal goes away. The name says which process holds it (its pid, the
//! clock tick it started at after boot — `/proc/PID/stat`, field 22 — so a reused pid
//! is told apart, and the boot), so a draft is offered only once that process is gone,
//! and nothing another running session holds is touched.
//!
//! A session that offers a dead session's draft first claims it by renaming it to
//! `<own name>-<n>.json` (one rename: of two sessions starting together, one wins); the
//! file goes only when the clerk declines it, or once its form is this session's own
//! draft. A session that dies with claimed drafts unanswered leaves them to the next.

mod files;

use std::io;

use crate::app::form::{Form, FormDraft};
use crate::app::popups::{ConfirmLayer, FormLayer};
use crate::app::state::{App, Pending};
use crate::model::text::sanitize_line;

pub use files::{Claimed, Drafts, Orphan, SessionId};

impl App {
    /// The open form's content, if a form is open.
    pub fn open_form_draft(&self) -> Option<FormDraft> {
        self.layers
            .find_last::<FormLayer>()
            .map(|layer| layer.form.draft())
    }

    /// Keeps the open form on disk; called when the terminal goes away.
    pub fn save_draft(&self) -> io::Result<bool> {
        let (Some(drafts), Some(draft)) = (&self.drafts, self.open_form_draft()) else {
            return Ok(false);
        };
        drafts.write(&drafts.text(&draft)?)?;
        Ok(true)
    }

    /// Keeps the open form on disk as the clerk types, so that not even a killed process
    /// or a lost connection without a hang-up signal loses it; removes the copy once the
    /// form is saved or closed. Called after every key.
    pub fn keep_draft(&mut self) {
        let Some(drafts) = &self.drafts else {
            return;
        };
        let open = self
            .layers
            .find_last::<FormLayer>()
            .filter(|layer| layer.form.is_dirty())
            .map(|layer| layer.form.draft());
        match open {
            Some(draft) => {
                let kept = drafts.text(&draft).and_then(|text| {
                    if self.draft_kept.as_ref() != Some(&text) {
                        drafts.write(&text)?;
                    }
                    Ok(text)
                });
                match kept {
                    Ok(text) => self.draft_kept = Some(text),
                    Err(e) => self.draft_failed(&e),
                }
            }
            None => {
                if self.draft_kept.take().is_some() {
                    self.clear_draft();
                }
            }
        }
    }

    /// Removes this session's draft: its form was saved or closed.
    pub fn clear_draft(&mut self) {
        let cleared = self.drafts.as_ref().map_or(Ok(()), Drafts::clear);
        self.draft_kept = None;
        if let Err(e) = cleared {
            self.draft_failed(&e);
        }
    }

    fn draft_failed(&mut self, e: &io::Error) {
        self.error(format!(
            "{} {}",
            self.lang.pick(
                "Rozepsaný formulář nelze průběžně ukládat:",
                "The open form cannot be kept on disk:"
            ),
            sanitize_line(&e.to_string())
        ));
    }

    /// Keeps this session's drafts with `drafts` from now on, and offers back the
    /// drafts of this user's sessions that are gone (each stays on disk until the clerk
    /// answers for it). A draft that cannot be read is named, and left where it is.
    pub fn start_drafts(&mut self, drafts: Drafts) {
        let lang = self.lang;
        let claimed = drafts.claim_orphans();
        self.drafts = Some(drafts);
        match claimed {
            Ok(claimed) => {
                if !claimed.problems.is_empty() {
                    self.error(format!(
                        "{} {}",
                        lang.pick(
                            "Rozepsaný formulář nelze přečíst:",
                            "A kept form cannot be read:"
                        ),
                        claimed.problems.join("; ")
                    ));
                }
                self.offer_drafts(claimed.orphans);
            }
            Err(e) => self.error(format!(
                "{} {}",
                lang.pick(
                    "Rozepsané formuláře nelze přečíst:",
                    "Kept forms cannot be read:"
                ),
                sanitize_line(&e.to_string())
            )),
        }
    }

    /// Offers the forms of sessions that are gone, one question at a time, the newest
    /// first; each stays on disk until the clerk answers for it.
    pub fn offer_drafts(&mut self, orphans: Vec<Orphan>) {
        let lang = self.lang;
        for orphan in orphans {
            let written = orphan
                .written
                .map(|t| chrono::DateTime::<chrono::Local>::from(t).format("%-d. %-m. %Y %H:%M"))
                .map(|t| format!(" ({} {t})", lang.pick("uložen", "kept")))
                .unwrap_or_default();
            let question = format!(
                "{}{written}. {}",
                lang.pick(
                    "Při ukončení jiného spuštění kpss zůstal rozepsaný formulář",
                    "A form was left open when another run of kpss stopped"
                ),
                lang.pick("Obnovit ho?", "Restore it?"),
            );
            self.layers.push(Box::new(ConfirmLayer::new(
                question,
                Pending::RestoreDraft(Box::new(orphan)),
            )));
        }
    }

    /// The clerk took a kept form back: it opens and becomes this session's draft. A
    /// form that cannot open (its data could not be read) leaves the draft on disk.
    pub(crate) fn restore_draft(&mut self, orphan: Orphan) {
        let form = Form::from_draft(orphan.form.clone(), self.store.as_ref(), self.lang);
        if !self.open_loaded_form(form) {
            return;
        }
        if let Some(drafts) = &self.drafts {
            match drafts.adopt(&orphan) {
                Ok(text) => self.draft_kept = Some(text),
                Err(e) => self.draft_failed(&e),
            }
        }
    }

    /// The clerk declined a kept form: it goes.
    pub(crate) fn let_go_draft(&mut self, orphan: &Orphan) {
        let gone = self.drafts.as_ref().map_or(Ok(()), |d| d.let_go(orphan));
        if let Err(e) = gone {
            self.draft_failed(&e);
        }
    }
}
