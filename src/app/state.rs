//! The application's state and how keys change it. Drawing is in `ui.rs`; writes to
//! the store (save, delete, undo) are in `ops.rs`.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::action::{Action, Mode};
use crate::app::calendar::Calendar;
use crate::app::detail_pane::DetailPane;
use crate::app::drafts::{Drafts, Orphan};
use crate::app::help::HelpLayer;
use crate::app::keymap::Keymap;
use crate::app::layer::{Command, Cx, Flow, LayerName, Layers};
use crate::app::list::ListPane;
use crate::app::live::LinkState;
use crate::app::loader::Loader;
use crate::app::popups::{FormLayer, PromptLayer};
use crate::app::tabs::{Names, Tab};
use crate::app::theme::Theme;
use crate::model::{Lang, RecordRef};
use crate::protocol::Role;
use crate::store::Store;

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// A question waiting for its answer, and what a yes does.
#[derive(Debug, Clone)]
pub enum Pending {
    Delete {
        record: RecordRef,
        rev: u64,
    },
    /// A person anonymised everywhere (`privacy.rs`).
    ErasePerson {
        person: crate::model::Id,
    },
    DiscardForm,
    RestoreDraft(Box<Orphan>),
}

/// The last change set, so that it can be undone as a whole.
#[derive(Debug, Clone)]
pub struct Undo {
    /// The change set that puts everything back.
    pub set: crate::store::ChangeSet,
}

impl Undo {
    pub fn of(applied: &crate::store::Applied) -> Undo {
        Undo {
            set: applied.inverse(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

/// Everything the terminal application knows.
pub struct App {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) lang: Lang,
    pub(crate) theme: Theme,
    pub(crate) keymap: Keymap,
    pub(crate) today: NaiveDate,
    pub(crate) user: String,
    /// How the status line names the database.
    pub(crate) database: String,
    pub(crate) tab: Tab,
    pub(crate) lists: Vec<ListPane>,
    pub(crate) names: Arc<Names>,
    /// Where reads for lists, details and history run.
    pub(crate) loader: Loader,
    /// Numbers the reads asked for; a result that is not the last asked is dropped.
    pub(crate) requests: u64,
    /// The detail being read, and its request.
    pub(crate) pending_detail: Option<(RecordRef, u64)>,
    /// False when the shown detail may be out of date (after a change).
    pub(crate) detail_fresh: bool,
    /// The calendar tab's view and selected day.
    pub(crate) calendar: Calendar,
    pub(crate) focus: Focus,
    /// The selected record's detail.
    pub(crate) pane: DetailPane,
    /// Where jumps came from, for Back.
    pub(crate) jumps: Vec<(Tab, RecordRef)>,
    pub(crate) layers: Layers,
    pub(crate) undo: Option<Undo>,
    pub(crate) message: Option<(String, Tone)>,
    pub(crate) welcome: bool,
    pub(crate) quit: bool,
    /// Where this session keeps an open form while the clerk types and when the
    /// terminal disappears (`drafts.rs`).
    pub(crate) drafts: Option<Drafts>,
    /// What this session last wrote there.
    pub(crate) draft_kept: Option<String>,
    /// The user's role on the shared server; None in the embedded single-user mode.
    pub(crate) role: Option<Role>,
    /// The link to the shared server; None in the embedded mode (`live.rs`).
    pub(crate) connection: Option<LinkState>,
    /// Where files the clerk asks for (a person's data) are written; None: the current
    /// directory.
    pub(crate) files_dir: Option<std::path::PathBuf>,
    /// The clerk's own settings: their ORPs, the last export folder (`prefs.rs`).
    pub(crate) prefs: crate::app::prefs::Prefs,
}

impl App {
    pub fn new(
        store: Arc<dyn Store>,
        lang: Lang,
        today: NaiveDate,
        user: String,
        database: String,
    ) -> App {
        let welcome = store.is_empty().unwrap_or(false);
        let loader = Loader::inline(Arc::clone(&store));
        let mut app = App {
            store,
            lang,
            theme: Theme::from_env(),
            keymap: Keymap::defaults(),
            today,
            user,
            database,
            tab: Tab::Regions,
            lists: Tab::ALL.iter().map(|_| ListPane::default()).collect(),
            names: Arc::new(Names::empty()),
            loader,
            requests: 0,
            pending_detail: None,
            detail_fresh: false,
            calendar: Calendar::new(today),
            focus: Focus::List,
            pane: DetailPane::default(),
            jumps: Vec::new(),
            layers: Layers::default(),
            undo: None,
            message: None,
            welcome,
            quit: false,
            drafts: None,
            draft_kept: None,
            role: None,
            connection: None,
            files_dir: None,
            prefs: Default::default(),
        };
        app.calendar.cursor = app.calendar_start();
        app.refresh();
        app
    }

    /// The day the calendar opens on: today when this month has meetings, else the
    /// nearest meeting day (the next one, or failing that the last one).
    pub(crate) fn calendar_start(&self) -> NaiveDate {
        match self.store.nearest_meeting_date(self.today).ok().flatten() {
            Some(d) if first_of_month(d) != first_of_month(self.today) => d,
            _ => self.today,
        }
    }

    pub fn list(&self) -> &ListPane {
        &self.lists[self.tab.index()]
    }

    pub(crate) fn list_mut(&mut self) -> &mut ListPane {
        let i = self.tab.index();
        &mut self.lists[i]
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Tone::Info));
    }

    pub fn warning(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Tone::Warning));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Tone::Error));
    }

    /// The mode whose bindings apply now.
    pub fn mode(&self) -> Mode {
        match self.layers.top() {
            Some(layer) => layer.mode(),
            None if self.welcome => Mode::Welcome,
            None if self.focus == Focus::Detail => Mode::Detail,
            None if self.tab == Tab::Calendar => Mode::Calendar,
            None => Mode::List,
        }
    }

    /// Which layer is on top, if any: what the clerk is looking at over the tabs.
    pub fn showing(&self) -> Option<LayerName> {
        self.layers.top_name()
    }

    /// The layers open over the tabs, bottom first.
    pub fn layer_names(&self) -> Vec<LayerName> {
        self.layers.iter().map(|l| l.name()).collect()
    }

    /// How many layers are open over the tabs.
    pub fn layer_count(&self) -> usize {
        self.layers.len()
    }

    /// What layers may read.
    pub(crate) fn cx(&self) -> Cx<'_> {
        Cx {
            store: self.store.as_ref(),
            keymap: &self.keymap,
            theme: &self.theme,
            lang: self.lang,
            today: self.today,
        }
    }

    /// One key press. Repeats and releases are ignored: a key acts once.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        if !self.layers.is_empty() {
            self.layer_key(key);
        } else if self.welcome {
            self.welcome_key(key);
        } else if self.list().filtering {
            self.filter_key(key);
        } else {
            let mode = self.mode();
            if let Some(action) = self.keymap.action(mode, &key) {
                self.message = None;
                self.act(action);
            }
        }
        self.read_selected_day();
        self.sync_detail();
    }

    /// A key for the top layer, and what it asks for carried out.
    fn layer_key(&mut self, key: KeyEvent) {
        let cx = Cx {
            store: self.store.as_ref(),
            keymap: &self.keymap,
            theme: &self.theme,
            lang: self.lang,
            today: self.today,
        };
        let Some(top) = self.layers.top_mut() else {
            return;
        };
        let flow = top.key(key, &cx);
        self.flow(flow);
    }

    /// What a layer's key asked for.
    pub(crate) fn flow(&mut self, flow: Flow) {
        match flow {
            Flow::Stay => {}
            Flow::Close => {
                self.layers.pop();
            }
            Flow::Open(layer) => self.layers.push(layer),
            Flow::Then(command) => self.command(command),
            Flow::CloseThen(command) => {
                self.layers.pop();
                self.command(command);
            }
        }
    }

    /// Carries out what a layer asked for.
    fn command(&mut self, command: Command) {
        match command {
            Command::Save {
                rev,
                record,
                members,
            } => self.save(rev, record, members),
            Command::Confirmed(then) => self.confirmed(then),
            // Declining the offer of a kept form lets it go.
            Command::Declined(Pending::RestoreDraft(orphan)) => self.let_go_draft(&orphan),
            Command::Declined(_) => {}
            Command::Prompt(purpose, typed) => {
                if let Err(reason) = self.prompt_done(purpose.clone(), &typed) {
                    self.layers
                        .push(Box::new(PromptLayer::refused(purpose, typed, reason)));
                }
            }
            Command::Filter(on, id) => self.filter_calendar(on, id),
            Command::Series(meetings) => self.create_series(meetings),
            Command::ConflictBack(message) => {
                if let Some(form) = self.layers.top_as::<FormLayer>() {
                    form.form.set_error(message);
                }
            }
            Command::ConflictOverwrite {
                found,
                retry,
                members,
            } => self.save(Some(found), retry, members),
            Command::ConflictReload(record) => self.conflict_reload(record),
            Command::Show(record) => self.show(record),
            Command::Jump(record) => self.jump_to(record),
            Command::MyRegions(regions) => self.set_my_regions(regions),
        }
    }

    fn confirmed(&mut self, then: Pending) {
        match then {
            Pending::Delete { record, rev } => self.delete(record, rev),
            Pending::ErasePerson { person } => self.erase_person(person),
            Pending::DiscardForm => {
                self.layers.pop_if::<FormLayer>();
                self.info(self.lang.pick("Změny zahozeny.", "Changes discarded."));
            }
            Pending::RestoreDraft(orphan) => self.restore_draft(*orphan),
        }
    }

    fn welcome_key(&mut self, key: KeyEvent) {
        match self.keymap.action(Mode::Welcome, &key) {
            Some(Action::LoadSample) => self.load_sample(),
            Some(Action::StartEmpty) => self.welcome = false,
            Some(Action::Quit) => self.quit = true,
            _ => {}
        }
    }

    fn filter_key(&mut self, key: KeyEvent) {
        let list = self.list_mut();
        match key.code {
            KeyCode::Esc => {
                list.filtering = false;
                list.set_filter(String::new());
            }
            KeyCode::Enter | KeyCode::Tab => list.filtering = false,
            KeyCode::Backspace => {
                let mut filter = list.filter.clone();
                filter.pop();
                list.set_filter(filter);
            }
            KeyCode::Up => list.move_by(-1),
            KeyCode::Down => list.move_by(1),
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                let mut filter = list.filter.clone();
                filter.push(c);
                list.set_filter(filter);
            }
            _ => {}
        }
    }

    fn act(&mut self, action: Action) {
        if self.refused(action) {
            return;
        }
        if self.tab == Tab::Calendar && self.focus == Focus::List && self.calendar_act(action) {
            return;
        }
        self.act_anywhere(action);
        if matches!(
            action,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::First
                | Action::Last
        ) && self.focus == Focus::List
        {
            self.follow_selection();
        }
    }

    fn act_anywhere(&mut self, action: Action) {
        let page = 10;
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.open_help(),
            Action::NextTab => self.go_tab((self.tab.index() + 1) % Tab::ALL.len()),
            Action::PrevTab => {
                self.go_tab((self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len())
            }
            Action::Tab1 => self.go_tab(0),
            Action::Tab2 => self.go_tab(1),
            Action::Tab3 => self.go_tab(2),
            Action::Tab4 => self.go_tab(3),
            Action::Tab5 => self.go_tab(4),
            Action::Tab6 => self.go_tab(5),
            Action::Tab7 => self.go_tab(6),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last
                if self.focus == Focus::Detail =>
            {
                self.pane.act(action)
            }
            Action::Up => self.list_mut().move_by(-1),
            Action::Down => self.list_mut().move_by(1),
            Action::PageUp => self.list_mut().move_by(-page),
            Action::PageDown => self.list_mut().move_by(page),
            Action::First => self.list_mut().first(),
            Action::Last => self.list_mut().last(),
            // `/` again edits the text there is.
            Action::Filter => self.list_mut().filtering = true,
            Action::ClearFilter if !self.list().filter.is_empty() => {
                self.list_mut().set_filter(String::new());
            }
            Action::SwitchPane => {
                self.focus = match self.focus {
                    Focus::List if self.pane.can_focus() => Focus::Detail,
                    _ => Focus::List,
                }
            }
            Action::Open => self.jump(),
            Action::Back => self.back(),
            Action::New => self.open_new(false),
            Action::NewOther => self.open_new(true),
            Action::Edit => self.open_edit(),
            Action::Delete => self.ask_delete(),
            Action::Undo => self.undo(),
            Action::History => self.open_history(),
            Action::ExportPerson => self.export_person(),
            Action::ErasePerson => self.ask_erase_person(),
            Action::AttendanceSheet => self.ask_paper(crate::paper::Paper::AttendanceSheet),
            Action::Invitation => self.ask_paper(crate::paper::Paper::Invitation),
            Action::MinutesPaper => self.ask_paper(crate::paper::Paper::Minutes),
            Action::InvitationSent => self.toggle_invitation_sent(),
            Action::Overview | Action::MyRegions | Action::MineOrAll => self.mine_act(action),
            _ => {}
        }
    }

    /// The help of the screen under it.
    fn open_help(&mut self) {
        let under = self.mode();
        let mut modes = vec![under];
        if under == Mode::Calendar {
            modes.push(Mode::List);
        }
        if matches!(under, Mode::List | Mode::Detail | Mode::Calendar) {
            modes.push(Mode::Global);
        }
        if under != Mode::Help {
            modes.push(Mode::Help);
        }
        let help = HelpLayer::new(&modes, &self.keymap, self.lang, &|a| self.offers(a));
        self.layers.push(Box::new(help));
    }

    /// Called after every successful write.
    pub(crate) fn changed(&mut self) {
        self.welcome = false;
        self.refresh();
        self.rebuild_detail();
    }
}

pub fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}
