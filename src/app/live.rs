//! Working with others on the shared server: the user's role (a viewer changes nothing),
//! the state of the connection, and other clerks' changes applied as they come.

use ratatui::style::Style;

use crate::app::action::Action;
use crate::app::events::Link;
use crate::app::popups::FormLayer;
use crate::app::state::{App, Focus};
use crate::model::{Kind, Lang, RecordRef};
use crate::protocol::Event;

/// How the link to the shared server is; the remote client maps its own state onto it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Connected,
    Reconnecting,
}

impl LinkState {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            LinkState::Connected => lang.pick("připojeno", "connected"),
            LinkState::Reconnecting => lang.pick("obnovuji spojení…", "reconnecting…"),
        }
    }
}

/// The actions that change records: a viewer is neither offered nor allowed them.
pub fn is_editing(action: Action) -> bool {
    matches!(
        action,
        Action::New
            | Action::NewOther
            | Action::Edit
            | Action::Delete
            | Action::Undo
            | Action::Duplicate
            | Action::Series
            | Action::AddChild
            | Action::MoveUp
            | Action::MoveDown
            | Action::AddToActionPlan
            | Action::RecordMonitoring
            | Action::InvitationSent
            // Recorded in the audit trail.
            | Action::ExportPerson
            | Action::ErasePerson
    )
}

impl App {
    /// Whether the user may change records: always in the embedded single-user mode.
    pub fn can_edit(&self) -> bool {
        self.role.is_none_or(|role| role.can_edit())
    }

    /// Whether the user may erase personal data: an admin, or anyone in the embedded
    /// single-user mode (their own database).
    pub fn is_admin(&self) -> bool {
        self.role
            .is_none_or(|role| role == crate::protocol::Role::Admin)
    }

    /// Whether the user's role allows an action.
    fn allows(&self, action: Action) -> bool {
        match action {
            Action::ErasePerson => self.is_admin(),
            _ => self.can_edit() || !is_editing(action),
        }
    }

    /// Whether the hint bar and the help offer an action to this user here: the privacy
    /// keys only on a person.
    pub(crate) fn offers(&self, action: Action) -> bool {
        let here = match action {
            Action::ExportPerson | Action::ErasePerson => self.current_of(Kind::Person).is_some(),
            Action::AttendanceSheet
            | Action::Invitation
            | Action::MinutesPaper
            | Action::InvitationSent => self.current_of(Kind::Meeting).is_some(),
            _ => true,
        };
        here && self.allows(action)
    }

    /// True (and a message saying why) when the role does not allow the action.
    pub(crate) fn refused(&mut self, action: Action) -> bool {
        if self.allows(action) {
            return false;
        }
        let role = self.role.map(|r| r.label(self.lang)).unwrap_or_default();
        self.warning(match (action, self.lang) {
            (Action::ErasePerson, Lang::Cs) => "Osobu smí anonymizovat jen správce.".to_string(),
            (Action::ErasePerson, Lang::En) => "Only an admin may erase a person.".to_string(),
            (_, Lang::Cs) => format!("Role {role} nedovoluje změny."),
            (_, Lang::En) => format!("The {role} role does not allow changes."),
        });
        true
    }

    /// ` novakova (editor) │ /srv/kpss │ připojeno `: the status line before its message.
    pub(crate) fn status_head(&self, tail: &str, width: usize) -> String {
        let mut user = format!(" {}", self.user);
        if let Some(role) = self.role {
            user.push_str(&format!(" ({})", role.label(self.lang)));
        }
        let link = self
            .connection
            .map(|link| format!("│ {} ", link.label(self.lang)))
            .unwrap_or_default();
        // The message matters more than the path: the path gives way, from its start.
        let used = user.chars().count() + link.chars().count() + tail.chars().count() + 4;
        let room = width.saturating_sub(used);
        let database = crate::model::text::sanitize_line(&self.database);
        let count = database.chars().count();
        let database = if count <= room {
            database
        } else if room >= 8 {
            let keep: String = database.chars().skip(count + 1 - room).collect();
            format!("…{keep}")
        } else {
            String::new()
        };
        if database.is_empty() {
            format!("{user} {link}")
        } else {
            format!("{user} │ {database} {link}")
        }
    }

    /// The status line's look when no message overrides it: a warning while reconnecting.
    pub(crate) fn link_style(&self) -> Option<Style> {
        (self.connection == Some(LinkState::Reconnecting)).then_some(self.theme.warning)
    }

    /// Another clerk's change set (or a whole register loaded): the lists and the detail
    /// show it, the selection stays where it was, an open form is left as typed but told.
    pub fn apply_event(&mut self, event: Event) {
        self.apply_events(vec![event]);
    }

    /// Other clerks' changes that came together: one reload for all of them, however
    /// many change sets and records.
    pub fn apply_events(&mut self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        self.refresh_keeping_place();
        let mut histories = Vec::new();
        for event in events {
            match event {
                Event::Changed { records, by } => {
                    for (record, rev) in records {
                        if !histories.contains(&record) {
                            histories.push(record);
                        }
                        self.warn_open_form(record, rev, &by);
                    }
                }
                Event::Reloaded { by } => {
                    let by = crate::model::text::sanitize_line(&by);
                    self.info(match self.lang {
                        Lang::Cs => format!("Rejstřík znovu nahrál(a) {by}."),
                        Lang::En => format!("{by} loaded the register anew."),
                    });
                }
            }
        }
        for record in histories {
            self.refresh_history(record);
        }
    }

    /// The link to the shared server changed.
    pub fn link_changed(&mut self, link: Link) {
        match link {
            Link::Connected => self.reconnected(),
            Link::Reconnecting => self.connection = Some(LinkState::Reconnecting),
            Link::Failed { cs, en } => {
                self.connection = Some(LinkState::Reconnecting);
                self.error(self.lang.pick(&cs, &en).to_string());
            }
        }
    }

    /// The connection is back: everything may have changed while it was away.
    pub fn reconnected(&mut self) {
        if self.connection.is_some() {
            self.connection = Some(LinkState::Connected);
        }
        self.refresh_keeping_place();
    }

    /// Reloads lists and detail from the store, keeping the selected rows (or, for a row
    /// gone, the nearest one) and the selected related record of the detail.
    pub(crate) fn refresh_keeping_place(&mut self) {
        self.changed();
        if !self.pane.can_focus() {
            self.focus = Focus::List;
        }
    }

    /// Tells an open form editing `record` that someone else changed or deleted it.
    fn warn_open_form(&mut self, record: RecordRef, rev: Option<u64>, by: &str) {
        let by = crate::model::text::sanitize_line(by);
        let message = match (rev, self.lang) {
            (Some(_), Lang::Cs) => {
                format!("Záznam mezitím změnil(a) {by}; uložení nabídne načtení nebo přepsání.")
            }
            (Some(_), Lang::En) => format!(
                "{by} changed the record meanwhile; saving will offer to reload or overwrite."
            ),
            (None, Lang::Cs) => format!("Záznam mezitím smazal(a) {by}; uložit ho už nepůjde."),
            (None, Lang::En) => {
                format!("{by} deleted the record meanwhile; it can no longer be saved.")
            }
        };
        let mut warned = false;
        for layer in self.layers.all_of::<FormLayer>() {
            let form = &mut layer.form;
            {
                let draft = form.draft();
                if draft.kind == record.kind
                    && draft.id == record.id
                    && draft.rev.is_some()
                    && draft.rev != rev
                {
                    form.set_error(message.clone());
                    warned = true;
                }
            }
        }
        if warned {
            self.warning(message);
        }
    }
}
