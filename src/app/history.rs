//! A record's history: who changed it when, and which fields from what to what, newest
//! first, read from the store's audit trail.

use std::cell::Cell;

use chrono::{DateTime, Datelike, Local, Timelike, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::action::{Action, Mode};
pub use crate::app::history_text::{Change, ChangeText, ItemChange, Names, diff};
use crate::app::layer::{Cx, Flow, Layer, LayerName};
use crate::app::loader::Loaded;
use crate::app::state::{App, Focus};
use crate::app::theme::Theme;
use crate::model::text::sanitize_line;
use crate::model::{Lang, RecordRef};
use crate::store::{AuditEntry, Operation, Store, StoreError};

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
            None => format!(
                "{} {} {}",
                record.kind.label(lang),
                lang.pick("č.", "no."),
                record.id
            ),
        };
        let entries = entries(&store.history(record)?, store, lang);
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
pub fn entries(trail: &[AuditEntry], store: &dyn Store, lang: Lang) -> Vec<HistoryEntry> {
    let mut names = Names::new(store, lang);
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
            (Operation::Update, Some(before), Some(after)) => diff(before, after, &mut names),
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
            Focus::Detail => self.pane.selected(),
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
                lines.extend(change_lines(change, width, theme, l));
            }
        }
        lines
    }
}

/// `    Název: old → new`, or when that does not fit the new value on a row of its own
/// under the old one; a list's items each on a row of their own under the field's name.
fn change_lines(change: &Change, width: usize, theme: &Theme, l: Lang) -> Vec<Line<'static>> {
    let field = format!("    {}: ", change.field);
    let (old, new) = match &change.text {
        ChangeText::Value { old, new } => (old, new),
        ChangeText::Reordered => {
            return vec![Line::from(vec![
                Span::styled(clip(&field, width), theme.label),
                Span::raw(clip(
                    l.pick("pořadí změněno", "order changed"),
                    width.saturating_sub(field.chars().count()),
                )),
            ])];
        }
        ChangeText::Items(items) => return item_lines(&field, items, width, theme, l),
    };
    let indent = field.chars().count();
    let arrow = " → ";
    let (old_len, new_len) = (old.chars().count(), new.chars().count());
    if indent + old_len + arrow.chars().count() + new_len <= width {
        return vec![Line::from(vec![
            Span::styled(field, theme.label),
            Span::styled(old.clone(), theme.muted),
            Span::raw(arrow),
            Span::raw(new.clone()),
        ])];
    }
    let room = width.saturating_sub(indent);
    vec![
        Line::from(vec![
            Span::styled(clip(&field, width), theme.label),
            Span::styled(clip(old, room), theme.muted),
        ]),
        Line::from(vec![
            Span::raw(clip(
                &format!("{}→ ", " ".repeat(indent.saturating_sub(2))),
                width,
            )),
            Span::raw(clip(new, room)),
        ]),
    ]
}

/// `    Docházka:` and under it a row per item: `přidáno …`, `odebráno …`, `… : old → new`.
fn item_lines(
    field: &str,
    items: &[ItemChange],
    width: usize,
    theme: &Theme,
    l: Lang,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(clip(field.trim_end(), width), theme.label)];
    for item in items {
        let (what, text) = match item {
            ItemChange::Added(text) => (l.pick("přidáno", "added"), text.clone()),
            ItemChange::Removed(text) => (l.pick("odebráno", "removed"), text.clone()),
            ItemChange::Changed { item, old, new } => ("", format!("{item}: {old} → {new}")),
        };
        let mut spans = vec![Span::raw("      ")];
        if !what.is_empty() {
            spans.push(Span::styled(format!("{what} "), theme.muted));
        }
        let room = width.saturating_sub(6 + what.chars().count() + usize::from(!what.is_empty()));
        spans.push(Span::raw(clip(&text, room)));
        lines.push(Line::from(spans));
    }
    lines
}
