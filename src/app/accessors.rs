//! What the application lets its callers (the command line, tests) see and set.

use std::sync::Arc;

use crate::app::calendar::Calendar;
use crate::app::detail::Detail;
use crate::app::drafts::Drafts;
use crate::app::keymap::Keymap;
use crate::app::live::LinkState;
use crate::app::state::{App, Tone};
use crate::app::tabs::Tab;
use crate::app::theme::Theme;
use crate::model::{Lang, RecordRef};
use crate::protocol::Role;
use crate::store::Store;

impl App {
    /// The store the application reads and writes.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    /// The user's role on the shared server; None in the embedded single-user mode.
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    pub fn set_role(&mut self, role: Option<Role>) {
        self.role = role;
    }

    /// The link to the shared server; None in the embedded mode.
    pub fn connection(&self) -> Option<LinkState> {
        self.connection
    }

    pub fn set_connection(&mut self, connection: Option<LinkState>) {
        self.connection = connection;
    }

    /// Where this session keeps an open form.
    pub fn drafts(&self) -> Option<&Drafts> {
        self.drafts.as_ref()
    }

    /// Keeps this session's forms in `drafts` without offering forms other sessions left
    /// (`start_drafts` offers them).
    pub fn set_drafts(&mut self, drafts: Option<Drafts>) {
        self.drafts = drafts;
    }

    /// Where files the clerk asks for are written; None: the current directory.
    pub fn set_files_dir(&mut self, dir: Option<std::path::PathBuf>) {
        self.files_dir = dir;
    }

    /// The status line's message and its tone.
    pub fn message(&self) -> Option<(&str, Tone)> {
        self.message.as_ref().map(|(m, t)| (m.as_str(), *t))
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The calendar tab's view, selected day and filters.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The record the detail pane shows, and its detail.
    pub fn detail(&self) -> Option<(RecordRef, &Detail)> {
        self.pane.detail()
    }

    /// The related record selected in the detail pane, when it is in view (what Enter
    /// opens from there).
    pub fn detail_selection(&self) -> Option<RecordRef> {
        self.pane.selected()
    }

    /// Whether the clerk asked to quit.
    pub fn quitting(&self) -> bool {
        self.quit
    }
}
