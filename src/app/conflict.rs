//! When a save finds that another clerk changed the record since the form opened: a
//! dialog over the form offers to load their version, to overwrite it, or to go back.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::action::{Action, Mode};
use crate::app::form::Form;
use crate::app::history::local_time;
use crate::app::layer::{Command, Cx, Flow, Layer, LayerName};
use crate::app::popups::FormLayer;
use crate::app::state::App;
use crate::app::widgets::boxed;
use crate::model::text::sanitize_line;
use crate::model::{Lang, Membership, Record, RecordRef};
use crate::store::StoreError;

/// The dialog, with what the clerk tried to save so that an overwrite can save it again.
#[derive(Debug, Clone)]
pub struct ConflictPopup {
    pub record: RecordRef,
    /// The revision the form was opened on.
    pub expected: u64,
    /// The revision the record has now.
    pub found: u64,
    /// Who made that revision.
    pub by: String,
    /// When, from the record's latest audit entry (local time).
    pub when: Option<String>,
    /// The record's title now.
    pub name: String,
    retry: Record,
    members: Option<Vec<Membership>>,
}

impl ConflictPopup {
    /// What the store says about the conflict, for the form's message line.
    fn error(&self) -> StoreError {
        StoreError::Conflict {
            record: self.record,
            expected: self.expected,
            found: self.found,
            by: self.by.clone(),
        }
    }
}

impl App {
    /// A save that failed: a conflict with another clerk's change opens the dialog; any
    /// other error stays on the form, which keeps everything typed.
    pub(crate) fn save_failed(
        &mut self,
        error: StoreError,
        retry: Option<Record>,
        members: Option<Vec<Membership>>,
    ) {
        match (error, retry) {
            (
                StoreError::Conflict {
                    record,
                    expected,
                    found,
                    by,
                },
                Some(retry),
            ) if self.layers.top_name() == Some(LayerName::Form)
                // A member changed by someone else is not the record the form edits:
                // overwriting it is not offered, the clerk hears what happened.
                && record == retry.reference() =>
            {
                let when = self
                    .store
                    .history(record)
                    .ok()
                    .and_then(|trail| trail.last().map(|e| local_time(e.at)));
                let name = self
                    .store
                    .get(record)
                    .ok()
                    .flatten()
                    .map(|stored| sanitize_line(&stored.record.title()))
                    .unwrap_or_default();
                self.layers.push(Box::new(ConflictPopup {
                    record,
                    expected,
                    found,
                    by: sanitize_line(&by),
                    when,
                    name,
                    retry,
                    members,
                }));
            }
            (error, _) => {
                let message = error.message(self.lang);
                if let Some(layer) = self.layers.top_as::<FormLayer>() {
                    layer.form.set_error(message);
                } else {
                    self.error(message);
                }
            }
        }
    }

    /// Drops the clerk's form and opens the record as it is now.
    pub(crate) fn conflict_reload(&mut self, record: RecordRef) {
        self.layers.pop_if::<FormLayer>();
        self.refresh_keeping_place();
        let lang = self.lang;
        match self.store.get(record) {
            Ok(Some(stored)) => {
                let form = Form::edit(stored, self.store.as_ref(), lang);
                if self.open_loaded_form(form) {
                    self.warning(lang.pick(
                        "Načteno znovu, vaše změny zahozeny.",
                        "Reloaded, your changes dropped.",
                    ));
                }
            }
            Ok(None) => self.warning(lang.pick(
                "Záznam mezitím někdo smazal; vaše změny se zahodily.",
                "Someone deleted the record meanwhile; your changes were dropped.",
            )),
            Err(e) => self.error(e.message(lang)),
        }
    }
}

impl Layer for ConflictPopup {
    fn name(&self) -> LayerName {
        LayerName::Conflict
    }

    fn mode(&self) -> Mode {
        Mode::Form
    }

    /// n reloads, p overwrites, Esc goes back to the form.
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        let cancel = cx.keymap.action(Mode::Form, &key) == Some(Action::Cancel);
        match key.code {
            KeyCode::Char('n' | 'N') => Flow::CloseThen(Command::ConflictReload(self.record)),
            KeyCode::Char('p' | 'P') => Flow::CloseThen(Command::ConflictOverwrite {
                found: self.found,
                retry: self.retry.clone(),
                members: self.members.clone(),
            }),
            _ if cancel || key.code == KeyCode::Esc => {
                // Back to the form with everything typed; the form says why it was
                // not saved.
                Flow::CloseThen(Command::ConflictBack(self.error().message(cx.lang)))
            }
            _ => Flow::Stay,
        }
    }

    fn hint(&self, l: Lang) -> Option<String> {
        Some(
            l.pick(
                "n načíst znovu · p přepsat · Esc zpět k formuláři",
                "n reload · p overwrite · Esc back to the form",
            )
            .into(),
        )
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        let conflict = self;
        let l = cx.lang;
        let by = &conflict.by;
        let when = conflict
            .when
            .as_ref()
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        let kind = conflict.record.kind.label(l);
        let (first, second) = match l {
            Lang::Cs => (
                format!("Záznam mezitím změnil(a) {by}{when}."),
                format!(
                    "{kind} „{}“: revize {}, upravovali jste revizi {}.",
                    conflict.name, conflict.found, conflict.expected
                ),
            ),
            Lang::En => (
                format!("{by} changed the record meanwhile{when}."),
                format!(
                    "{kind} “{}”: revision {}, you edited revision {}.",
                    conflict.name, conflict.found, conflict.expected
                ),
            ),
        };
        let option = |key: &'static str, text: &'static str| {
            Line::from(vec![
                Span::styled(key, cx.theme.key),
                Span::raw(format!(" {text}")),
            ])
        };
        let lines = vec![
            Line::raw(first),
            Line::raw(second),
            Line::raw(""),
            option(
                "[n]",
                l.pick(
                    "Načíst znovu (vaše změny se zahodí)",
                    "Reload (your changes are dropped)",
                ),
            ),
            option(
                "[p]",
                l.pick("Přepsat jejich změny", "Overwrite their changes"),
            ),
            option("Esc", l.pick("zpět k formuláři", "back to the form")),
        ];
        boxed(
            frame,
            body,
            70,
            l.pick("Záznam se mezitím změnil", "The record changed meanwhile"),
            lines,
            cx.theme,
        );
    }
}
