//! What the application reads: names and a tab's rows after a change, the selected
//! record's detail, through the loader (`loader.rs`), keeping only the last read asked.

use std::sync::Arc;

use crate::app::calendar::{self, Calendar};
use crate::app::detail;
use crate::app::list::Select;
use crate::app::loader::{Job, Loaded, Loader};
use crate::app::mine;
use crate::app::state::{App, Focus};
use crate::app::tabs::{self, Names, Tab};
use crate::model::Lang;
use crate::store::Store;

impl App {
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
        self.run_read(Box::new(move |store| {
            let (names, rows) = match Names::load(store) {
                Ok(names) => {
                    let rows = rows_of(store, tab, &names, &calendar, lang, &mine);
                    (Ok(names), rows)
                }
                Err(e) => (Err(e.clone()), Err(e)),
            };
            Loaded::Refresh {
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
        self.list().pending.is_some() || self.pending_detail.is_some()
    }

    /// Runs the reads on a thread of their own from now on; their results come as
    /// events on `events`.
    pub fn read_in_background(
        &mut self,
        events: std::sync::mpsc::Sender<crate::app::events::AppEvent>,
    ) -> std::io::Result<()> {
        self.loader = Loader::spawn(Arc::clone(&self.store), events)?;
        // The other tabs are read while the clerk looks at the first one, so that a
        // tab of sixty thousand people is there when it is first visited.
        for tab in Tab::ALL {
            if tab != self.tab {
                self.request_rows(tab);
            }
        }
        Ok(())
    }

    /// Asks for the current tab's rows unless they are there or on their way.
    pub(crate) fn load_tab(&mut self) {
        self.request_rows(self.tab);
        self.sync_detail();
    }

    /// Asks for a tab's rows unless they are there or on their way.
    fn request_rows(&mut self, tab: Tab) {
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

    pub(crate) fn rebuild_detail(&mut self) {
        self.detail_fresh = false;
        self.pending_detail = None;
        self.sync_detail();
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
