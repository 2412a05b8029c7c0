//! A record's history: who changed it when, and which fields from what to what, newest
//! first, read from the store's audit trail.

use std::cell::Cell;

use chrono::{DateTime, Datelike, Local, Timelike, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use serde_json::{Map, Value};

use crate::app::action::{Action, Mode};
use crate::app::layer::{Cx, Flow, Layer, LayerName};
use crate::app::loader::Loaded;
use crate::app::state::{App, Focus};
use crate::app::theme::Theme;
use crate::model::text::sanitize_line;
use crate::model::{Lang, Record, RecordRef};
use crate::store::{AuditEntry, Operation, Store, StoreError};

/// One changed field: its name and the values before and after, each on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// One entry of the trail as the popup shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// `4. 12. 2018 14:05`, local time.
    pub when: String,
    pub who: String,
    /// `vytvořeno`, `změněno`, `smazáno`, `obnoveno`…
    pub operation: String,
    pub changes: Vec<Change>,
}

/// The history popup over the tabs.
#[derive(Debug, Clone)]
pub struct HistoryPopup {
    pub record: RecordRef,
    /// `projekt „…“`: what the title bar names.
    pub title: String,
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
    /// The first row shown.
    pub scroll: usize,
    /// How many rows the last frame showed, for paging.
    rows: Cell<usize>,
    /// How many rows the whole history took in the last frame.
    total: Cell<usize>,
}

impl HistoryPopup {
    /// The popup for a record; fails only when the store cannot be read.
    pub fn open(store: &dyn Store, record: RecordRef, lang: Lang) -> Result<Self, StoreError> {
        let title = match store.get(record)? {
            Some(stored) => format!(
                "{} „{}“",
                record.kind.label(lang),
                sanitize_line(&stored.record.title())
            ),
            None => format!("{} č. {}", record.kind.label(lang), record.id),
        };
        let entries = entries(&store.history(record)?, lang);
        // Until the first frame measures it: at most two rows per change.
        let estimate = entries.iter().map(|e| 2 + 2 * e.changes.len()).sum();
        Ok(HistoryPopup {
            record,
            title,
            entries,
            scroll: 0,
            rows: Cell::new(10),
            total: Cell::new(estimate),
        })
    }

    fn scroll_by(&mut self, delta: isize) {
        let last = self.total.get().saturating_sub(self.rows.get().max(1));
        self.scroll = self.scroll.saturating_add_signed(delta).min(last);
    }
}

/// `4. 12. 2018 14:05`: a moment of the trail in the clerk's local time.
pub fn local_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    format!(
        "{}. {}. {} {:02}:{:02}",
        local.day(),
        local.month(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// The trail (oldest first, as the store gives it) as the popup shows it, newest first.
pub fn entries(trail: &[AuditEntry], lang: Lang) -> Vec<HistoryEntry> {
    let mut deleted = false;
    let mut out = Vec::with_capacity(trail.len());
    for entry in trail {
        let operation = match entry.operation {
            // A restore is written as a creation after a deletion.
            Operation::Create if deleted => lang.pick("obnoveno", "restored"),
            Operation::Create => lang.pick("vytvořeno", "created"),
            Operation::Update => lang.pick("změněno", "changed"),
            Operation::Delete => lang.pick("smazáno", "deleted"),
            Operation::Import => lang.pick("nahráno z rejstříku", "imported"),
            Operation::Migrate => lang.pick("převedeno na novou verzi", "migrated"),
            Operation::PersonExport => lang.pick("vydány osobní údaje", "personal data exported"),
            Operation::Erasure => lang.pick("osobní údaje anonymizovány", "personal data erased"),
        };
        deleted = entry.operation == Operation::Delete;
        let changes = match (entry.operation, &entry.before, &entry.after) {
            (Operation::Update, Some(before), Some(after)) => diff(before, after, lang),
            _ => Vec::new(),
        };
        out.push(HistoryEntry {
            when: local_time(entry.at),
            who: sanitize_line(&entry.who),
            operation: operation.to_string(),
            changes,
        });
    }
    out.reverse();
    out
}

/// The top-level fields that differ between two versions of a record.
pub fn diff(before: &Record, after: &Record, lang: Lang) -> Vec<Change> {
    let old = fields(before);
    let new = fields(after);
    let mut keys: Vec<&String> = new.keys().chain(old.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| k.as_str() != "id")
        .filter_map(|k| {
            let (a, b) = (old.get(k), new.get(k));
            (a != b).then(|| Change {
                field: label(k, lang),
                old: a.map(compact).unwrap_or_else(|| "—".into()),
                new: b.map(compact).unwrap_or_else(|| "—".into()),
            })
        })
        .collect()
}

/// A record's fields: the object inside `{"project": {...}}`.
fn fields(record: &Record) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(outer)) => match outer.into_iter().next() {
            Some((_, Value::Object(inner))) => inner,
            _ => Map::new(),
        },
        _ => Map::new(),
    }
}

/// A value on one line: text as it is, nothing as a dash, lists joined, the rest as JSON.
fn compact(value: &Value) -> String {
    let text = match value {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "—".to_string(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    sanitize_line(&text)
}

/// The name a clerk knows a field by; the JSON key for the rare ones.
fn label(key: &str, lang: Lang) -> String {
    let (cs, en) = match key {
        "name" | "title" => ("Název", "Name"),
        "region" => ("ORP", "Region"),
        "note" => ("Poznámka", "Note"),
        "date" => ("Datum", "Date"),
        "start" => ("Začátek", "Start"),
        "end" => ("Konec", "End"),
        "place" => ("Místo", "Place"),
        "agenda" => ("Program", "Agenda"),
        "minutes" => ("Zápis", "Minutes"),
        "state" => ("Stav", "State"),
        "attendance" => ("Docházka", "Attendance"),
        "guests" => ("Hosté", "Guests"),
        "kind" => ("Druh", "Kind"),
        "group" => ("Skupina", "Group"),
        "person" => ("Osoba", "Person"),
        "role" => ("Role", "Role"),
        "represents" => ("Zastupuje", "Represents"),
        "organisation" => ("Organizace", "Organisation"),
        "since" => ("Od", "Since"),
        "until" => ("Do", "Until"),
        "first_name" => ("Jméno", "First name"),
        "last_name" => ("Příjmení", "Last name"),
        "title_before" => ("Titul před jménem", "Title before"),
        "title_after" => ("Titul za jménem", "Title after"),
        "function" => ("Funkce", "Function"),
        "phone" => ("Telefon", "Phone"),
        "email" => ("E-mail", "E-mail"),
        "web" => ("Web", "Web"),
        "ico" => ("IČO", "Company ID"),
        "address" => ("Adresa", "Address"),
        "services" => ("Služby", "Services"),
        "short_name" => ("Zkratka", "Short name"),
        "project" => ("Projekt", "Project"),
        "target_group" => ("Cílová skupina", "Target group"),
        "registration_number" => ("Registrační číslo", "Registration number"),
        "programme" => ("Financování", "Programme"),
        "programme_detail" => ("Financování (podrobně)", "Funding (details)"),
        "recipient" => ("Příjemce", "Recipient"),
        "partner" => ("Partner", "Partner"),
        "goals" => ("Cíle", "Goals"),
        "activities" => ("Hlavní aktivity", "Main activities"),
        "outputs" => ("Výstupy", "Outputs"),
        "description" => ("Popis", "Description"),
        "year_from" => ("Od roku", "From year"),
        "year_to" => ("Do roku", "To year"),
        "approved_on" => ("Schváleno dne", "Approved on"),
        "approved_by" => ("Schválil", "Approved by"),
        "link" => ("Odkaz", "Link"),
        "kraj" => ("Kraj", "Region (kraj)"),
        "municipality_count" => ("Počet obcí", "Number of municipalities"),
        "municipalities" => ("Obce", "Municipalities"),
        "partner_town" => ("Partnerské město", "Partner town"),
        "implementer" => ("Realizátor", "Implementer"),
        "contacts" => ("Kontaktní osoby", "Contact persons"),
        "links" => ("Odkazy", "Links"),
        "timeline" => ("Historie plánování", "Timeline"),
        other => return other.to_string(),
    };
    lang.pick(cs, en).to_string()
}

/// Cuts text to `width` characters, marking the cut with an ellipsis.
fn clip(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

impl App {
    /// Opens the history of the selected record: the list's, or in the detail pane the
    /// selected related record's.
    pub(crate) fn open_history(&mut self) {
        let target = match self.focus {
            Focus::Detail => self
                .detail
                .as_ref()
                .and_then(|(_, d)| d.links.get(self.detail_link))
                .map(|l| l.target),
            Focus::List => self.current(),
        };
        let Some(record) = target else {
            self.info(
                self.lang
                    .pick("Nejprve vyberte záznam.", "Choose a record first."),
            );
            return;
        };
        self.read_history(record, false);
    }

    fn read_history(&mut self, record: RecordRef, refresh: bool) {
        let lang = self.lang;
        self.run_read(Box::new(move |store| Loaded::History {
            record,
            refresh,
            popup: HistoryPopup::open(store, record, lang),
        }));
    }

    /// Reads the history again when it is open on a record that changed.
    pub(crate) fn refresh_history(&mut self, record: RecordRef) {
        if self.layers.iter().any(|l| {
            l.as_any()
                .downcast_ref::<HistoryPopup>()
                .is_some_and(|h| h.record == record)
        }) {
            self.read_history(record, true);
        }
    }

    /// A history read: opened over the screen, or put in place of the one open.
    pub(crate) fn history_loaded(
        &mut self,
        record: RecordRef,
        refresh: bool,
        popup: Result<HistoryPopup, StoreError>,
    ) {
        let fresh = match popup {
            Ok(fresh) => fresh,
            Err(e) => return self.error(e.message(self.lang)),
        };
        if !refresh {
            self.layers.push(Box::new(fresh));
            return;
        }
        for history in self.layers.all_of::<HistoryPopup>() {
            if history.record == record {
                let mut fresh = fresh.clone();
                fresh.scroll = history.scroll;
                fresh.rows = history.rows.clone();
                fresh.total = history.total.clone();
                *history = fresh;
            }
        }
    }
}

impl Layer for HistoryPopup {
    fn name(&self) -> LayerName {
        LayerName::History
    }

    fn mode(&self) -> Mode {
        Mode::Help
    }

    /// ↑/↓, PgUp/PgDn, Home/End scroll; Esc (or H) closes.
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        let action = cx.keymap.action(Mode::Help, &key);
        let page = isize::try_from(self.rows.get().max(2) - 1).unwrap_or(10);
        match (key.code, action) {
            (KeyCode::Up, _) | (_, Some(Action::Up)) => self.scroll_by(-1),
            (KeyCode::Down, _) | (_, Some(Action::Down)) => self.scroll_by(1),
            (KeyCode::PageUp, _) => self.scroll_by(-page),
            (KeyCode::PageDown, _) => self.scroll_by(page),
            (KeyCode::Home, _) => self.scroll = 0,
            (KeyCode::End, _) => self.scroll_by(isize::MAX),
            (KeyCode::Esc | KeyCode::Enter | KeyCode::Char('H'), _) | (_, Some(Action::Cancel)) => {
                return Flow::Close;
            }
            _ => {}
        }
        Flow::Stay
    }

    /// The history over the whole body: a heading per change, then its fields.
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        let l = cx.lang;
        frame.render_widget(Clear, body);
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(cx.theme.border_focused)
            .title(Span::styled(
                format!(
                    " {} ",
                    clip(
                        &format!("{}: {}", l.pick("Historie", "History"), self.title),
                        usize::from(body.width.saturating_sub(4))
                    )
                ),
                cx.theme.title,
            ));
        let inner = block.inner(body);
        let rows = usize::from(inner.height).max(1);
        let width = usize::from(inner.width);
        let lines = self.lines(width, cx.theme, l);
        let total = lines.len();
        self.rows.set(rows);
        self.total.set(total);
        let scroll = self.scroll.min(total.saturating_sub(rows));
        if total > rows {
            block = block.title_bottom(format!(
                " {}–{} {} {total} ",
                scroll + 1,
                (scroll + rows).min(total),
                l.pick("z", "of")
            ));
        }
        frame.render_widget(block, body);
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }

    fn hint(&self, l: Lang) -> Option<String> {
        Some(
            l.pick(
                "↑↓ PgUp PgDn posun · Esc zavřít",
                "↑↓ PgUp PgDn scroll · Esc close",
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
}

impl HistoryPopup {
    /// Every row of the history at a width: a heading per entry, a row or two per
    /// changed field, a blank row between entries.
    fn lines(&self, width: usize, theme: &Theme, l: Lang) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = Vec::new();
        if self.entries.is_empty() {
            lines.push(Line::styled(
                clip(
                    l.pick(
                        "Žádné změny od nahrání rejstříku.",
                        "No changes since the register was loaded.",
                    ),
                    width,
                ),
                theme.muted,
            ));
        }
        for (i, entry) in self.entries.iter().enumerate() {
            if i > 0 {
                lines.push(Line::raw(""));
            }
            let who = format!("  {}  ", entry.who);
            let room = width.saturating_sub(entry.when.chars().count() + who.chars().count());
            lines.push(Line::from(vec![
                Span::styled(entry.when.clone(), theme.label),
                Span::raw(clip(&who, width.saturating_sub(entry.when.chars().count()))),
                Span::styled(clip(&entry.operation, room), theme.title),
            ]));
            for change in &entry.changes {
                lines.extend(change_lines(change, width, theme));
            }
        }
        lines
    }
}

/// `    Název: old → new`, or when that does not fit the new value on a row of its own
/// under the old one; each value cut to its row.
fn change_lines(change: &Change, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let field = format!("    {}: ", change.field);
    let indent = field.chars().count();
    let arrow = " → ";
    let (old_len, new_len) = (change.old.chars().count(), change.new.chars().count());
    if indent + old_len + arrow.chars().count() + new_len <= width {
        return vec![Line::from(vec![
            Span::styled(field, theme.label),
            Span::styled(change.old.clone(), theme.muted),
            Span::raw(arrow),
            Span::raw(change.new.clone()),
        ])];
    }
    let room = width.saturating_sub(indent);
    vec![
        Line::from(vec![
            Span::styled(clip(&field, width), theme.label),
            Span::styled(clip(&change.old, room), theme.muted),
        ]),
        Line::from(vec![
            Span::raw(clip(
                &format!("{}→ ", " ".repeat(indent.saturating_sub(2))),
                width,
            )),
            Span::raw(clip(&change.new, room)),
        ]),
    ]
}
