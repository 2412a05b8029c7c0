//! The calendar's tools: filters by region, group and kind; a meeting copied to another
//! day; a series of meetings; the shown meetings saved as iCalendar; clash warnings.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::Action;
use crate::app::calendar::View;
use crate::app::clash_popup::{self, ClashPopup};
use crate::app::form::fields::PickFor;
use crate::app::form::picker::Picker;
use crate::app::popups::{PickLayer, PromptLayer, SeriesLayer};
use crate::app::state::{App, Undo};
use crate::app::tabs::{Names, Tab};
use crate::model::date::{format_date, parse_date_on};
use crate::model::series::{self, Repeat};
use crate::model::{Field, Id, Kind, Labelled, Lang, Meeting, MeetingKind, Record, RecordRef};
use crate::store::{Change, ChangeSet, StoreExt};

/// The date field of the copy prompt.
pub const COPY_TO: Field = Field::new("Kopírovat na den", "Copy to");
/// The file field of the export prompt.
pub const ICS_FILE: Field = Field::new("Soubor", "File");

/// What a one-line prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFor {
    GoToDate,
    /// Copy this meeting to the typed day.
    Duplicate(Id),
    /// Write the shown meetings to the typed file.
    ExportIcs,
    /// Write everything held about a person into the typed folder (`privacy.rs`).
    PersonData(Id),
    /// Write a meeting's paper into the typed folder (`paperwork.rs`).
    Paper(crate::paper::Paper, Id),
}

/// Which filter a picker sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOn {
    Region,
    Group,
}

/// The calendar's filters: only one region's, one group's, one kind's meetings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub region: Option<Id>,
    pub group: Option<Id>,
    pub kind: Option<MeetingKind>,
    /// The clerk's own ORPs ("moje ORP"); empty: no such filter.
    pub mine: Vec<Id>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    pub fn admits(&self, m: &Meeting) -> bool {
        self.region.is_none_or(|r| m.region == r)
            && self.group.is_none_or(|g| m.group == Some(g))
            && self.kind.is_none_or(|k| m.kind == k)
            && (self.mine.is_empty() || self.mine.contains(&m.region))
    }

    /// `ORP Soběslav · ŘS Soběslav · kulatý stůl`, for the list's title.
    pub fn describe(&self, names: &Names, lang: Lang) -> String {
        let mut parts = Vec::new();
        if !self.mine.is_empty() {
            parts.push(crate::app::mine::label(lang).to_string());
        }
        if let Some(r) = self.region {
            parts.push(format!("ORP {}", names.region(r)));
        }
        if let Some(g) = self.group {
            parts.push(names.group(g).to_string());
        }
        if let Some(k) = self.kind {
            parts.push(k.label(lang).to_string());
        }
        parts.join(" · ")
    }

    /// The next kind in turn, then none.
    fn next_kind(&mut self) {
        let all = MeetingKind::ALL;
        self.kind = match self.kind {
            None => all.first().copied(),
            Some(k) => all
                .iter()
                .position(|&x| x == k)
                .and_then(|i| all.get(i + 1))
                .copied(),
        };
    }
}

/// The series popup: how the meetings after the selected one repeat, and until when.
#[derive(Debug, Clone)]
pub struct SeriesPopup {
    pub template: Meeting,
    pub monthly: bool,
    pub weeks: String,
    pub until: String,
    /// 0 the repeat, 1 the interval, 2 the end.
    pub focus: usize,
    pub error: Option<String>,
}

impl SeriesPopup {
    fn new(template: Meeting) -> SeriesPopup {
        SeriesPopup {
            template,
            monthly: false,
            weeks: "2".into(),
            until: String::new(),
            focus: 2,
            error: None,
        }
    }

    fn repeat(&self) -> Result<Repeat, crate::model::Invalid> {
        if self.monthly {
            return Ok(Repeat::MonthlyWeekday);
        }
        self.weeks
            .trim()
            .parse::<u32>()
            .map(Repeat::Weeks)
            .map_err(|_| {
                crate::model::Invalid::new(
                    series::EVERY,
                    crate::model::Rule::NumberRange {
                        min: 1,
                        max: i64::from(series::MAX_WEEKS),
                    },
                )
            })
    }

    /// The meetings the popup would create, or why it cannot.
    pub fn meetings(&self) -> Result<Vec<Meeting>, crate::model::Invalid> {
        let repeat = self.repeat()?;
        // A last date without its year is the coming one after the first meeting.
        let until = parse_date_on(series::UNTIL, &self.until, self.template.date)?;
        series::meetings(&self.template, repeat, until)
    }

    /// `2. úterý v měsíci`, `poslední pátek v měsíci`: how the monthly repeat reads.
    pub fn monthly_label(&self, lang: Lang) -> String {
        let d = self.template.date;
        let weekday = crate::model::date::weekday_name(d.weekday(), lang);
        match (d.day(), lang) {
            (29.., Lang::Cs) => format!("poslední {weekday} v měsíci"),
            (29.., Lang::En) => format!("the last {weekday} of each month"),
            (day, Lang::Cs) => format!("{}. {weekday} v měsíci", (day - 1) / 7 + 1),
            (day, Lang::En) => {
                format!("the {} {weekday} of each month", ordinal((day - 1) / 7 + 1))
            }
        }
    }
}

fn ordinal(n: u32) -> &'static str {
    match n {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => "4th",
    }
}

impl App {
    /// The calendar tools' keys; false when the action is not one of them.
    pub(crate) fn calendar_tool_act(&mut self, action: Action) -> bool {
        match action {
            Action::FilterRegion => self.open_filter_picker(FilterOn::Region),
            Action::FilterGroup => self.open_filter_picker(FilterOn::Group),
            Action::FilterKind => {
                self.calendar.filters.next_kind();
                self.refilter_calendar();
            }
            Action::ClearFilters => {
                self.calendar.filters = Filters::default();
                self.refilter_calendar();
            }
            Action::Duplicate => {
                if let Some(m) = self.selected_meeting() {
                    let next = m.date.checked_add_days(Days::new(7)).unwrap_or(m.date);
                    self.layers.push(Box::new(PromptLayer::new(
                        PromptFor::Duplicate(m.id),
                        format_date(next),
                    )));
                }
            }
            Action::Series => {
                if let Some(m) = self.selected_meeting() {
                    self.layers
                        .push(Box::new(SeriesLayer::new(SeriesPopup::new(m))));
                }
            }
            Action::ShowClashes => self.show_clashes(),
            Action::ExportIcs => {
                let (from, _) = self.calendar.range();
                let name = format!("kpss-{:04}-{:02}.ics", from.year(), from.month());
                let input = self.export_prefill(&name);
                self.layers
                    .push(Box::new(PromptLayer::new(PromptFor::ExportIcs, input)));
            }
            _ => return false,
        }
        true
    }

    /// The meeting under the cursor, or a message saying to choose one.
    fn selected_meeting(&mut self) -> Option<Meeting> {
        let found = self
            .current()
            .filter(|r| r.kind == Kind::Meeting)
            .and_then(|r| self.store.get_as::<Meeting>(r.id).ok().flatten());
        if found.is_none() {
            self.info(
                self.lang
                    .pick("Nejprve vyberte jednání.", "Choose a meeting first."),
            );
        }
        found.map(|v| v.record)
    }

    fn open_filter_picker(&mut self, on: FilterOn) {
        let kind = match on {
            FilterOn::Region => Kind::Region,
            FilterOn::Group => Kind::Group,
        };
        let picker = Picker::open(0, PickFor::Set, kind, self.store.as_ref(), &[], "");
        self.layers.push(Box::new(PickLayer::new(picker, on)));
    }

    pub(crate) fn refilter_calendar(&mut self) {
        self.lists[Tab::Calendar.index()].invalidate();
        if self.tab == Tab::Calendar {
            self.load_tab();
            if self.calendar.view != View::Agenda {
                let cursor = self.calendar.cursor;
                self.go_to_date(cursor);
            }
        }
    }

    /// The calendar shows one region or group alone.
    pub(crate) fn filter_calendar(&mut self, on: FilterOn, id: Id) {
        match on {
            FilterOn::Region => self.calendar.filters.region = Some(id),
            FilterOn::Group => self.calendar.filters.group = Some(id),
        }
        self.refilter_calendar();
    }

    /// Enter in a one-line prompt.
    pub(crate) fn prompt_done(&mut self, purpose: PromptFor, input: &str) -> Result<(), String> {
        match purpose {
            PromptFor::GoToDate => {
                // "15.12." is the coming 15 December.
                let date = parse_date_on(crate::app::calendar::GO_TO, input, self.today)
                    .map_err(|e| e.message(self.lang))?;
                self.go_to_date(date);
            }
            PromptFor::Duplicate(id) => {
                let date =
                    parse_date_on(COPY_TO, input, self.today).map_err(|e| e.message(self.lang))?;
                self.duplicate(id, date)?;
            }
            PromptFor::ExportIcs => self.export_ics(input.trim())?,
            PromptFor::PersonData(id) => self.export_person_to(id, input)?,
            PromptFor::Paper(paper, id) => self.write_paper(paper, id, input)?,
        }
        Ok(())
    }

    fn duplicate(&mut self, id: Id, date: NaiveDate) -> Result<(), String> {
        let lang = self.lang;
        let template = self
            .store
            .get_as::<Meeting>(id)
            .map_err(|e| e.message(lang))?
            .ok_or_else(|| {
                lang.pick("Jednání už neexistuje.", "The meeting is gone.")
                    .to_string()
            })?
            .record;
        let copy = series::copy_to(&template, date);
        let applied = self
            .store
            .apply(ChangeSet::one(Change::Create(Record::Meeting(copy))))
            .map_err(|e| e.message(lang))?;
        let Some(saved) = applied.first_of(Kind::Meeting).cloned() else {
            return Err(lang.pick("Nic se neuložilo.", "Nothing was saved.").into());
        };
        let target = saved.record.reference();
        self.undo = Some(Undo::of(&applied));
        self.changed();
        self.show(target);
        let done = format!(
            "{} {}",
            lang.pick("Jednání zkopírováno na", "Meeting copied to"),
            format_date(date)
        );
        if let Record::Meeting(m) = &saved.record {
            self.report_clashes(m, done);
        }
        Ok(())
    }

    pub(crate) fn create_series(&mut self, meetings: Vec<Meeting>) {
        let lang = self.lang;
        // One change set: the whole series is stored, or (on any refusal) none of it.
        let set = meetings
            .into_iter()
            .map(|m| Change::Create(Record::Meeting(m)))
            .collect();
        let applied = match self.store.apply(set) {
            Ok(applied) => applied,
            Err(e) => {
                self.error(e.message(lang));
                return;
            }
        };
        let created: Vec<(RecordRef, Meeting)> = applied
            .stored()
            .filter_map(|v| match &v.record {
                Record::Meeting(m) => Some((v.record.reference(), m.clone())),
                _ => None,
            })
            .collect();
        let (Some((first, _)), Some((_, last))) = (created.first(), created.last()) else {
            self.info(lang.pick(
                "Do zadaného data nepřipadá žádné další jednání.",
                "No further meeting falls before that date.",
            ));
            return;
        };
        let first = *first;
        let last_date = last.date;
        let saved: Vec<Meeting> = created.into_iter().map(|(_, m)| m).collect();
        self.undo = Some(Undo::of(&applied));
        self.changed();
        self.show(first);
        let done = format!(
            "{} {} (–{})",
            lang.pick("Vytvořeno", "Created"),
            lang.count(
                saved.len(),
                ["jednání", "jednání", "jednání", "meeting", "meetings"]
            ),
            format_date(last_date)
        );
        self.report_all_clashes(&saved, done);
    }

    /// After a meeting is saved: the clerk hears of its clashes, or just `done`.
    pub(crate) fn report_clashes(&mut self, m: &Meeting, done: String) {
        self.report_all_clashes(std::slice::from_ref(m), done);
    }

    /// After meetings are saved: `done`, and how many clashes they have with the key
    /// that lists them all (`3 střety — K: zobrazit`); the list is kept for that key.
    fn report_all_clashes(&mut self, saved: &[Meeting], done: String) {
        let found = ClashPopup::of(self.store.as_ref(), &self.names, saved, self.lang);
        self.calendar.clashes = None;
        match found {
            Ok(Some(popup)) => {
                let key = self
                    .keymap
                    .keys_of(crate::app::Mode::Calendar, Action::ShowClashes)
                    .unwrap_or_default();
                let text = format!(
                    "{done}. {}",
                    clash_popup::status(popup.count(), &key, self.lang)
                );
                self.calendar.clashes = Some(popup);
                self.warning(text);
            }
            Ok(None) => self.info(done),
            // Saved, but whether it clashes could not be read: the clerk hears both.
            Err(e) => self.warning(format!(
                "{done}. {} {}",
                self.lang.pick(
                    "Střety se nepodařilo zjistit:",
                    "The clashes could not be read:"
                ),
                e.message(self.lang)
            )),
        }
    }

    /// Opens the list of the last saved meetings' clashes.
    fn show_clashes(&mut self) {
        match &self.calendar.clashes {
            Some(popup) => self.layers.push(Box::new(popup.clone())),
            None => self.info(self.lang.pick(
                "Naposledy uložená jednání nemají střety.",
                "The meetings saved last have no clashes.",
            )),
        }
    }

    /// The meetings the calendar shows (filters applied), as an iCalendar file.
    fn export_ics(&mut self, path: &str) -> Result<(), String> {
        let lang = self.lang;
        let path = crate::app::exports::absolute(path, ICS_FILE, lang)?;
        let ids: Vec<Id> = self
            .lists
            .get(Tab::Calendar.index())
            .map(|list| list.visible_rows().map(|r| r.record.id).collect())
            .unwrap_or_default();
        // A meeting that cannot be read fails the export: a calendar quietly shorter than
        // what the screen shows would be handed on as if complete. One deleted meanwhile
        // is simply no longer there.
        let mut meetings: Vec<Meeting> = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(v) = self
                .store
                .get_as::<Meeting>(id)
                .map_err(|e| e.message(lang))?
            {
                meetings.push(v.record);
            }
        }
        let count = meetings.len();
        let text = ics_text(self, meetings)?;
        let shown = crate::app::exports::shown(&path);
        crate::fsutil::write_atomically(&path, text.as_bytes())
            .map_err(|e| format!("{shown}: {}", crate::model::system::io_error(&e, lang)))?;
        let done = format!(
            "{} {} → {shown}",
            lang.pick("Uloženo", "Saved"),
            lang.count(
                count,
                ["jednání", "jednání", "jednání", "meeting", "meetings"]
            )
        );
        match self.remember_export_dir(&crate::fsutil::parent_of(&path)) {
            None => self.info(done),
            Some(problem) => self.warning(format!("{done}. {problem}")),
        }
        Ok(())
    }
}

/// A key that edits the series popup.
pub(crate) fn series_key(popup: &mut SeriesPopup, key: KeyEvent) {
    popup.error = None;
    match key.code {
        KeyCode::Tab | KeyCode::Down => popup.focus = (popup.focus + 1) % 3,
        KeyCode::BackTab | KeyCode::Up => popup.focus = (popup.focus + 2) % 3,
        KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') if popup.focus == 0 => {
            popup.monthly = !popup.monthly;
        }
        KeyCode::Backspace => {
            let text = match popup.focus {
                1 => &mut popup.weeks,
                2 => &mut popup.until,
                _ => return,
            };
            text.pop();
        }
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            match popup.focus {
                1 if c.is_ascii_digit() && popup.weeks.len() < 3 => popup.weeks.push(c),
                2 if !c.is_control() && popup.until.chars().count() < 20 => popup.until.push(c),
                _ => {}
            }
        }
        _ => {}
    }
}

/// The iCalendar text of `meetings`, named after the calendar's filters.
fn ics_text(app: &App, meetings: Vec<Meeting>) -> Result<String, String> {
    let events =
        crate::ics::events(app.store.as_ref(), meetings).map_err(|e| e.message(app.lang))?;
    let filters = app.calendar.filters.describe(&app.names, app.lang);
    let name = if filters.is_empty() {
        "KPSS – jednání".to_string()
    } else {
        format!("KPSS – {filters}")
    };
    crate::ics::write(&name, &events, chrono::Utc::now()).map_err(|e| e.message(app.lang))
}
