//! The application's state and how keys change it. Drawing is in `ui.rs`; writes to
//! the store (save, delete, undo) are in `ops.rs`.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::action::{Action, Mode};
use crate::app::calendar::{self, Calendar};
use crate::app::detail::{self, Detail};
use crate::app::detail_pane::DetailPane;
use crate::app::drafts::{Drafts, Orphan};
use crate::app::form::{Form, NewContext};
use crate::app::keymap::Keymap;
use crate::app::layer::{Command, Cx, Flow, LayerName, Layers};
use crate::app::list::{ListPane, Select};
use crate::app::live::LinkState;
use crate::app::loader::{Job, Loaded, Loader};
use crate::app::mine;
use crate::app::popups::{ConfirmLayer, FormLayer, HelpLayer, PromptLayer};
use crate::app::tabs::{self, Names, Tab};
use crate::app::theme::Theme;
use crate::model::{Kind, Lang, Record, RecordRef, grammar};
use crate::protocol::Role;
use crate::store::{Store, StoreError};

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
    loader: Loader,
    /// Numbers the reads asked for; a result that is not the last asked is dropped.
    requests: u64,
    /// The detail being read, and its request.
    pending_detail: Option<(RecordRef, u64)>,
    /// False when the shown detail may be out of date (after a change).
    detail_fresh: bool,
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

    fn list_mut(&mut self) -> &mut ListPane {
        let i = self.tab.index();
        &mut self.lists[i]
    }

    /// Reads names and the current tab's rows anew, then the detail: after a change.
    pub fn refresh(&mut self) {
        for list in &mut self.lists {
            list.invalidate();
        }
        self.detail_fresh = false;
        let tab = self.tab;
        let request = self.next_request();
        self.lists[tab.index()].pending = Some(request);
        let calendar = self.calendar.clone();
        let lang = self.lang;
        let mine = self.prefs.cut();
        let generation = request;
        self.run_read(Box::new(move |store| {
            let (names, rows) = match Names::load(store) {
                Ok(names) => {
                    let rows = rows_of(store, tab, &names, &calendar, lang, &mine);
                    (Ok(names), rows)
                }
                Err(e) => (Err(e.clone()), Err(e)),
            };
            Loaded::Refresh {
                generation,
                names,
                tab,
                request,
                rows,
            }
        }));
        self.sync_detail();
    }

    fn next_request(&mut self) -> u64 {
        self.requests += 1;
        self.requests
    }

    /// Runs a read on the loader; a result that is there at once is taken at once.
    pub(crate) fn run_read(&mut self, job: Job) {
        if let Some(done) = self.loader.run(job) {
            self.loaded(done);
        }
    }

    /// Whether reads the screen waits for are under way.
    pub fn loading(&self) -> bool {
        self.lists.iter().any(|l| l.pending.is_some()) || self.pending_detail.is_some()
    }

    /// Runs the reads on a thread of their own from now on; their results come as
    /// events on `events`.
    pub fn read_in_background(
        &mut self,
        events: std::sync::mpsc::Sender<crate::app::events::AppEvent>,
    ) -> std::io::Result<()> {
        self.loader = Loader::spawn(Arc::clone(&self.store), events)?;
        Ok(())
    }

    /// Asks for the current tab's rows unless they are there or on their way.
    pub(crate) fn load_tab(&mut self) {
        let tab = self.tab;
        let list = &self.lists[tab.index()];
        if !list.loaded && list.pending.is_none() {
            let request = self.next_request();
            self.lists[tab.index()].pending = Some(request);
            let names = Arc::clone(&self.names);
            let calendar = self.calendar.clone();
            let lang = self.lang;
            let mine = self.prefs.cut();
            self.run_read(Box::new(move |store| Loaded::Rows {
                tab,
                request,
                rows: rows_of(store, tab, &names, &calendar, lang, &mine),
            }));
        }
        self.sync_detail();
    }

    /// Selects in the current tab once its rows are there (at once when they are).
    pub(crate) fn select_then(&mut self, select: Select) {
        let list = self.list_mut();
        if list.loaded && list.pending.is_none() {
            self.select_now(select);
        } else {
            list.then = Some(select);
        }
        self.sync_detail();
    }

    fn select_now(&mut self, select: Select) {
        match select {
            Select::Record(record) => {
                self.list_mut().select_record(record);
            }
            Select::Cursor => self.select_from_cursor(),
        }
    }

    /// A read's result, when it is still the one wanted.
    pub fn loaded(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Refresh {
                generation: _,
                names,
                tab,
                request,
                rows,
            } => {
                match names {
                    Ok(names) => self.names = Arc::new(names),
                    Err(e) => self.error(e.message(self.lang)),
                }
                self.rows_loaded(tab, request, rows);
            }
            Loaded::Rows { tab, request, rows } => self.rows_loaded(tab, request, rows),
            Loaded::Detail {
                record,
                request,
                detail,
            } => {
                if self.pending_detail != Some((record, request)) {
                    return;
                }
                self.pending_detail = None;
                match detail {
                    Ok(Some(detail)) => {
                        self.pane.show(record, detail);
                        self.detail_fresh = true;
                    }
                    Ok(None) => self.pane.clear(),
                    Err(e) => {
                        self.pane.clear();
                        self.error(e.message(self.lang));
                    }
                }
                if !self.pane.can_focus() {
                    self.focus = Focus::List;
                }
            }
            Loaded::History {
                record,
                refresh,
                popup,
            } => self.history_loaded(record, refresh, popup),
        }
    }

    fn rows_loaded(
        &mut self,
        tab: Tab,
        request: u64,
        rows: crate::store::Result<Vec<crate::app::tabs::Row>>,
    ) {
        let list = &mut self.lists[tab.index()];
        if list.pending != Some(request) {
            return;
        }
        list.pending = None;
        let then = list.then.take();
        match rows {
            Ok(rows) => list.set_rows(rows),
            Err(e) => return self.error(e.message(self.lang)),
        }
        if tab == self.tab {
            if let Some(select) = then {
                self.select_now(select);
            }
            self.read_selected_day();
            self.sync_detail();
        }
    }

    /// Asks for the detail of the selected record when it is not shown or out of date.
    pub fn sync_detail(&mut self) {
        let Some(selected) = self.current() else {
            self.pane.clear();
            self.pending_detail = None;
            return;
        };
        let shown = self.pane.record();
        if shown == Some(selected) && self.detail_fresh {
            return;
        }
        if self.pending_detail.is_some_and(|(r, _)| r == selected) {
            return;
        }
        if shown != Some(selected) {
            // Another record's detail is not shown in its place while this one loads.
            self.pane.clear();
        }
        let request = self.next_request();
        self.pending_detail = Some((selected, request));
        let (lang, today, theme) = (self.lang, self.today, self.theme.clone());
        self.run_read(Box::new(move |store| Loaded::Detail {
            record: selected,
            request,
            detail: store.get(selected).and_then(|stored| match stored {
                Some(stored) => detail::build(store, &stored, lang, today, &theme).map(Some),
                None => Ok(None),
            }),
        }));
    }

    fn rebuild_detail(&mut self) {
        self.detail_fresh = false;
        self.pending_detail = None;
        self.sync_detail();
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
            Action::Overview | Action::MyRegions | Action::MineOrAll => self.mine_act(action),
            _ => {}
        }
    }

    pub fn go_tab(&mut self, index: usize) {
        if let Some(&tab) = Tab::ALL.get(index) {
            self.tab = tab;
            self.focus = Focus::List;
            self.load_tab();
        }
    }

    /// Shows a record in its tab, remembering where the clerk was.
    pub fn show(&mut self, target: RecordRef) {
        let tab = Tab::of_kind(target.kind);
        if tab == Tab::Calendar
            && let Ok(Some(stored)) = self.store.get(target)
            && let Record::Meeting(m) = &stored.record
        {
            let before = self.calendar.range();
            self.calendar.cursor = m.date;
            if self.calendar.range() != before || self.calendar.view == calendar::View::Agenda {
                self.lists[Tab::Calendar.index()].invalidate();
            }
            // A meeting the filters hide is shown by dropping them.
            if !self.calendar.filters.admits(m) {
                self.calendar.filters = Default::default();
                self.lists[Tab::Calendar.index()].invalidate();
            }
        }
        self.reveal(target);
        self.tab = tab;
        self.focus = Focus::List;
        self.load_tab();
        let target = match target.kind {
            // A membership is shown on its group.
            Kind::Membership => match self.store.get(target) {
                Ok(Some(stored)) => match stored.record {
                    Record::Membership(m) => RecordRef::new(Kind::Group, m.group),
                    _ => target,
                },
                _ => target,
            },
            _ => target,
        };
        self.select_then(Select::Record(target));
    }

    fn jump(&mut self) {
        // Only a related record in view opens.
        let Some(target) = self.pane.selected() else {
            return;
        };
        self.jump_to(target);
    }

    /// Shows a record in its tab; Back returns where the clerk was.
    pub(crate) fn jump_to(&mut self, target: RecordRef) {
        if let Some(from) = self.current() {
            self.jumps.push((self.tab, from));
        }
        self.show(target);
    }

    fn back(&mut self) {
        if let Some((_, from)) = self.jumps.pop() {
            self.show(from);
        }
    }

    /// Defaults for a new record from where the clerk stands.
    fn context(&self) -> NewContext {
        let date = if self.tab == Tab::Calendar {
            self.calendar.cursor
        } else {
            self.today
        };
        let mut context = NewContext {
            date: Some(date),
            ..NewContext::default()
        };
        if let Some(r) = self.current()
            && let Ok(Some(stored)) = self.store.get(r)
        {
            match stored.record {
                Record::Region(x) => context.region = Some(x.id),
                Record::Project(x) => context.region = Some(x.region),
                Record::Document(x) => context.region = Some(x.region),
                Record::Group(x) => {
                    context.region = Some(x.region);
                    context.group = Some(x.id);
                }
                Record::Meeting(x) => {
                    context.region = Some(x.region);
                    context.group = x.group;
                }
                _ => {}
            }
        }
        context
    }

    /// A new record of the tab's kind; in a tab of two kinds (people and organisations)
    /// `n` makes the first (a person) and `N` the second (an organisation), whatever
    /// is selected.
    fn open_new(&mut self, other: bool) {
        let kinds = self.tab.kinds();
        let kind = match (other, kinds) {
            (true, [_, second, ..]) => *second,
            (_, [first, ..]) => *first,
            _ => return,
        };
        let form = Form::new(kind, &self.context(), self.store.as_ref(), self.lang);
        self.open_loaded_form(form);
    }

    /// Opens a form whose reads succeeded; otherwise says what could not be read and
    /// opens nothing (a form missing what it failed to read would save it away).
    pub(crate) fn open_loaded_form(&mut self, form: Result<Form, StoreError>) -> bool {
        match form {
            Ok(form) => {
                self.layers.push(Box::new(FormLayer::new(form)));
                true
            }
            Err(e) => {
                let text = format!(
                    "{} {}",
                    self.lang.pick(
                        "Formulář nelze otevřít, protože se nepodařilo načíst jeho data:",
                        "The form cannot open because its data could not be read:"
                    ),
                    e.message(self.lang)
                );
                self.error(text);
                false
            }
        }
    }

    fn open_edit(&mut self) {
        let Some(r) = self.current() else {
            return;
        };
        match self.store.get(r) {
            Ok(Some(stored)) => {
                let form = Form::edit(stored, self.store.as_ref(), self.lang);
                self.open_loaded_form(form);
            }
            Ok(None) => self.refresh(),
            Err(e) => self.error(e.message(self.lang)),
        }
    }

    fn ask_delete(&mut self) {
        let Some(r) = self.current() else {
            return;
        };
        let stored = match self.store.get(r) {
            Ok(Some(stored)) => stored,
            Ok(None) => return self.refresh(),
            Err(e) => return self.error(e.message(self.lang)),
        };
        let question = grammar::delete_question(r.kind, &stored.record.title(), self.lang);
        self.layers.push(Box::new(ConfirmLayer::new(
            question,
            Pending::Delete {
                record: r,
                rev: stored.rev,
            },
        )));
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

/// The rows of a tab: the calendar's from its view, the others' from their records.
fn rows_of(
    store: &dyn Store,
    tab: Tab,
    names: &Names,
    calendar: &Calendar,
    lang: Lang,
    mine: &[crate::model::Id],
) -> crate::store::Result<Vec<crate::app::tabs::Row>> {
    if tab == Tab::Calendar {
        calendar::rows(store, names, calendar, lang)
    } else {
        tabs::rows(store, tab, names, lang).and_then(|r| mine::retain(store, tab, mine, r))
    }
}

pub fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}
