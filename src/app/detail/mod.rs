//! The detail pane: what a clerk sees about the selected record, with the related records
//! they can jump to. Built as unwrapped logical lines; the pane wraps and clips them.
//!
//! Every piece of record text passes through [`sanitize_line`], so nothing stored or
//! imported can send escape sequences to the terminal.

mod chart;
mod document;
mod group;
mod meeting;
mod network;
mod people;
mod project;
mod region;
mod service;

use chrono::{NaiveDate, NaiveTime};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::Theme;
use crate::model::date::format_date;
use crate::model::text::sanitize_line;
use crate::model::{
    DocumentState, Field, Kind, Labelled, Lang, Meeting, MeetingState, Record, RecordRef,
    Recordable, Versioned,
};
use crate::store::{Store, StoreError, typed};

/// The lines of a record's detail, and which lines are related records the clerk can jump to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<Link>,
}

/// A line of the detail that stands for another record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub line: usize,
    pub target: RecordRef,
}

type Result<T> = std::result::Result<T, StoreError>;

/// The detail of a stored record, in `lang`, as seen on `today`.
pub fn build(
    store: &dyn Store,
    stored: &Versioned<Record>,
    lang: Lang,
    today: NaiveDate,
    theme: &Theme,
) -> Result<Detail> {
    let mut sheet = Sheet {
        store,
        lang,
        today,
        theme,
        detail: Detail::default(),
    };
    match &stored.record {
        Record::Region(r) => region::region(&mut sheet, r)?,
        Record::Organisation(o) => people::organisation(&mut sheet, o)?,
        Record::Person(p) => people::person(&mut sheet, p)?,
        Record::Project(p) => project::project(&mut sheet, p)?,
        Record::Document(d) => document::document(&mut sheet, d)?,
        Record::Group(g) => group::group(&mut sheet, g)?,
        Record::Membership(m) => group::membership(&mut sheet, m)?,
        Record::Meeting(m) => meeting::meeting(&mut sheet, m)?,
        Record::Service(v) => service::service(&mut sheet, v)?,
    }
    Ok(sheet.detail)
}

/// A detail under construction, with what every record kind needs to write one.
pub(super) struct Sheet<'a> {
    store: &'a dyn Store,
    lang: Lang,
    today: NaiveDate,
    theme: &'a Theme,
    detail: Detail,
}

impl Sheet<'_> {
    /// The Czech or the English text.
    fn t<'s>(&self, cs: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(cs, en)
    }

    fn push(&mut self, spans: Vec<Span<'static>>) {
        self.detail.lines.push(Line::from(spans));
    }

    /// A line that stands for `target`.
    fn push_link(&mut self, spans: Vec<Span<'static>>, target: RecordRef) {
        let line = self.detail.lines.len();
        self.detail.links.push(Link { line, target });
        self.push(spans);
    }

    /// Record text in a style, made safe for the terminal.
    fn span(&self, text: &str, style: Style) -> Span<'static> {
        Span::styled(sanitize_line(text), style)
    }

    fn plain(&self, text: &str) -> Span<'static> {
        self.span(text, self.theme.base)
    }

    fn muted(&self, text: &str) -> Span<'static> {
        self.span(text, self.theme.muted)
    }

    fn label_span(&self, label: &str) -> Span<'static> {
        Span::styled(format!("{label}: "), self.theme.label)
    }

    fn heading(&mut self, text: &str) {
        let span = self.span(text, self.theme.title);
        self.push(vec![span]);
    }

    /// "Label: value"; nothing when the value is empty.
    fn field(&mut self, label: Field, value: &str) {
        if !value.trim().is_empty() {
            let span = self.plain(value.trim());
            self.field_span(label, span);
        }
    }

    fn field_span(&mut self, label: Field, value: Span<'static>) {
        let label = self.label_span(label.label(self.lang));
        self.push(vec![label, value]);
    }

    /// "Label: name" linking to the record; nothing when there is none.
    fn field_link(&mut self, label: Field, target: Option<RecordRef>) -> Result<()> {
        if let Some(target) = target.filter(|t| t.id != 0) {
            let label = self.label_span(label.label(self.lang));
            self.link_line(vec![label], target, Vec::new())?;
        }
        Ok(())
    }

    /// A line naming `target` between `before` and `after`, linked when the record exists.
    fn link_line(
        &mut self,
        mut before: Vec<Span<'static>>,
        target: RecordRef,
        after: Vec<Span<'static>>,
    ) -> Result<()> {
        match self.title_of(target)? {
            Some(title) => {
                before.push(self.span(&title, self.theme.link));
                before.extend(after);
                self.push_link(before, target);
            }
            None => {
                before.push(self.missing(target));
                before.extend(after);
                self.push(before);
            }
        }
        Ok(())
    }

    /// A reference to a record that is not in the store (should not happen; said plainly).
    fn missing(&self, target: RecordRef) -> Span<'static> {
        let text = match self.lang {
            Lang::Cs => format!(
                "{} č. {} (nenalezeno)",
                target.kind.label(self.lang),
                target.id
            ),
            Lang::En => format!(
                "{} no. {} (not found)",
                target.kind.label(self.lang),
                target.id
            ),
        };
        Span::styled(text, self.theme.warning)
    }

    /// The name a clerk knows a record by; `None` when it is not stored.
    fn title_of(&self, target: RecordRef) -> Result<Option<String>> {
        Ok(match self.store.get(target)? {
            Some(Versioned {
                record: Record::Group(g),
                ..
            }) => Some(g.label().to_string()),
            Some(Versioned {
                record: Record::Meeting(m),
                ..
            }) => Some(self.meeting_caption(&m)?),
            Some(v) => Some(v.record.title()),
            None => None,
        })
    }

    /// An empty line and a section title, with the count when given.
    fn section(&mut self, title: &str, count: Option<usize>) {
        let text = match count {
            Some(n) => format!("{title} ({n})"),
            None => title.to_string(),
        };
        self.push(Vec::new());
        self.push(vec![Span::styled(text, self.theme.label)]);
    }

    /// "—": a section with nothing in it.
    fn none(&mut self) {
        self.push(vec![Span::styled("—", self.theme.muted)]);
    }

    /// "• text".
    fn item(&mut self, text: &str) {
        let span = self.plain(text.trim());
        self.push(vec![Span::raw("• "), span]);
    }

    /// A section of bullet items; nothing when there are none.
    fn items(&mut self, title: Field, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.section(title.label(self.lang), None);
        for item in items {
            self.item(item);
        }
    }

    /// A section holding free text, one line per stored line; nothing when empty.
    fn text(&mut self, title: Field, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.section(title.label(self.lang), None);
        for line in text.trim().lines() {
            let span = self.plain(line);
            self.push(vec![span]);
        }
    }

    /// Names separated by commas, broken into lines of about [`WIDTH`] characters.
    fn wrapped_list(&mut self, names: &[String]) {
        let mut line = String::new();
        for (i, name) in names.iter().enumerate() {
            let mut piece = sanitize_line(name.trim());
            if i + 1 < names.len() {
                piece.push(',');
            }
            let width = line.chars().count() + 1 + piece.chars().count();
            if !line.is_empty() && width > WIDTH {
                self.push(vec![Span::raw(std::mem::take(&mut line))]);
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&piece);
        }
        if !line.is_empty() {
            self.push(vec![Span::raw(line)]);
        }
    }

    /// "ŘS Soběslav – 1. jednání" for a group's meeting, else the meeting's title.
    fn meeting_caption(&self, m: &Meeting) -> Result<String> {
        let Some(group) = m.group else {
            return Ok(sanitize_line(&m.title));
        };
        let number = self.store.meeting_number(group, m.date, m.id)?;
        let label = match self.store.get(RecordRef::new(Kind::Group, group))? {
            Some(Versioned {
                record: Record::Group(g),
                ..
            }) => sanitize_line(g.label()),
            _ => String::new(),
        };
        Ok(match self.lang {
            Lang::Cs => format!("{label} – {number}. jednání"),
            Lang::En => format!("{label} – meeting {number}"),
        })
    }

    /// A meeting as one linked line: "4. 12. 2017  ŘS Soběslav – 1. jednání".
    fn meeting_line(&mut self, m: &Versioned<Meeting>) -> Result<()> {
        let m = &m.record;
        let caption = self.meeting_caption(m)?;
        let mut spans = vec![
            Span::raw(format!("{:<12}  ", format_date(m.date))),
            self.span(&caption, self.theme.link),
        ];
        if m.state == MeetingState::Cancelled {
            spans.push(self.muted(&format!("  ({})", m.state.label(self.lang))));
        }
        self.push_link(spans, RecordRef::new(Kind::Meeting, m.id));
        Ok(())
    }

    fn document_state_style(&self, state: DocumentState) -> Style {
        match state {
            DocumentState::Approved | DocumentState::InForce => self.theme.ok,
            DocumentState::InPreparation => self.theme.warning,
            DocumentState::Archived => self.theme.muted,
        }
    }

    /// The style of a meeting's state as seen on `today`: a planned meeting whose day has
    /// passed is a warning, because its outcome has not been recorded.
    fn meeting_state_style(&self, m: &Meeting) -> Style {
        match m.state {
            MeetingState::Held => self.theme.ok,
            MeetingState::Cancelled => self.theme.muted,
            MeetingState::Planned if m.date < self.today => self.theme.warning,
            MeetingState::Planned => self.theme.base,
        }
    }
}

/// The records of one type among stored records of any kind.
fn records<T: Recordable>(stored: Vec<Versioned<Record>>) -> Vec<T> {
    stored
        .into_iter()
        .filter_map(typed)
        .map(|v| v.record)
        .collect()
}

/// About how wide a line of the detail should be.
const WIDTH: usize = 70;

/// "16:00–18:00", "16:00" or "".
fn time_span(start: Option<NaiveTime>, end: Option<NaiveTime>) -> String {
    use crate::model::date::format_time;
    match (start, end) {
        (Some(s), Some(e)) => format!("{}–{}", format_time(s), format_time(e)),
        (Some(s), None) => format_time(s),
        _ => String::new(),
    }
}

/// "1. 11. 2017 – 30. 4. 2019", open ends left blank.
fn period(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (None, None) => String::new(),
        (s, e) => format!(
            "{} – {}",
            s.map(format_date).unwrap_or_default(),
            e.map(format_date).unwrap_or_default()
        )
        .trim()
        .to_string(),
    }
}
