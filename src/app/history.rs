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
use crate::app::state::{App, Focus, Popup};
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
            None => format!("{} č. {}", record.kind.label(lang), record.id),
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
        match HistoryPopup::open(self.store.as_ref(), record, self.lang) {
            Ok(popup) => self.popups.push(Popup::History(Box::new(popup))),
            Err(e) => self.error(e.message(self.lang)),
        }
    }

    /// Reads the history again when it is open on a record that changed.
    pub(crate) fn refresh_history(&mut self, record: RecordRef) {
        let lang = self.lang;
        for popup in &mut self.popups {
            if let Popup::History(history) = popup
                && history.record == record
                && let Ok(mut fresh) = HistoryPopup::open(self.store.as_ref(), record, lang)
            {
                fresh.scroll = history.scroll;
                fresh.rows = history.rows.clone();
                fresh.total = history.total.clone();
                **history = fresh;
            }
        }
    }

    /// A key in the history popup: ↑/↓, PgUp/PgDn, Home/End scroll; Esc (or H) closes.
    pub(crate) fn history_key(&mut self, key: KeyEvent) {
        let action = self.keymap.action(Mode::Help, &key);
        let Some(Popup::History(history)) = self.popups.last_mut() else {
            return;
        };
        let page = isize::try_from(history.rows.get().max(2) - 1).unwrap_or(10);
        match (key.code, action) {
            (KeyCode::Up, _) | (_, Some(Action::Up)) => history.scroll_by(-1),
            (KeyCode::Down, _) | (_, Some(Action::Down)) => history.scroll_by(1),
            (KeyCode::PageUp, _) => history.scroll_by(-page),
            (KeyCode::PageDown, _) => history.scroll_by(page),
            (KeyCode::Home, _) => history.scroll = 0,
            (KeyCode::End, _) => history.scroll_by(isize::MAX),
            (KeyCode::Esc | KeyCode::Enter | KeyCode::Char('H'), _) | (_, Some(Action::Cancel)) => {
                self.popups.pop();
            }
            _ => {}
        }
    }

    /// The history over the whole body: a heading per change, then its fields.
    pub(crate) fn render_history(&self, frame: &mut Frame, body: Rect, history: &HistoryPopup) {
        let l = self.lang;
        frame.render_widget(Clear, body);
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border_focused)
            .title(Span::styled(
                format!(
                    " {} ",
                    clip(
                        &format!("{}: {}", l.pick("Historie", "History"), history.title),
                        usize::from(body.width.saturating_sub(4))
                    )
                ),
                self.theme.title,
            ));
        let inner = block.inner(body);
        let rows = usize::from(inner.height).max(1);
        let width = usize::from(inner.width);
        let lines = self.history_lines(history, width);
        let total = lines.len();
        history.rows.set(rows);
        history.total.set(total);
        let scroll = history.scroll.min(total.saturating_sub(rows));
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

    /// Every row of the history at a width: a heading per entry, a row or two per
    /// changed field, a blank row between entries.
    fn history_lines(&self, history: &HistoryPopup, width: usize) -> Vec<Line<'static>> {
        let l = self.lang;
        let mut lines: Vec<Line> = Vec::new();
        if history.entries.is_empty() {
            lines.push(Line::styled(
                clip(
                    l.pick(
                        "Žádné změny od nahrání rejstříku.",
                        "No changes since the register was loaded.",
                    ),
                    width,
                ),
                self.theme.muted,
            ));
        }
        for (i, entry) in history.entries.iter().enumerate() {
            if i > 0 {
                lines.push(Line::raw(""));
            }
            let who = format!("  {}  ", entry.who);
            let room = width.saturating_sub(entry.when.chars().count() + who.chars().count());
            lines.push(Line::from(vec![
                Span::styled(entry.when.clone(), self.theme.label),
                Span::raw(clip(&who, width.saturating_sub(entry.when.chars().count()))),
                Span::styled(clip(&entry.operation, room), self.theme.title),
            ]));
            for change in &entry.changes {
                lines.extend(change_lines(change, width, self));
            }
        }
        lines
    }

    /// The hint bar's text while the history or the conflict dialog is open.
    pub(crate) fn shared_popup_hint(&self) -> Option<&'static str> {
        let l = self.lang;
        Some(match self.popups.last()? {
            Popup::History(_) => l.pick(
                "↑↓ PgUp PgDn posun · Esc zavřít",
                "↑↓ PgUp PgDn scroll · Esc close",
            ),
            Popup::Conflict(_) => l.pick(
                "n načíst znovu · p přepsat · Esc zpět k formuláři",
                "n reload · p overwrite · Esc back to the form",
            ),
            _ => return None,
        })
    }
}

/// `    Název: old → new`, or when that does not fit the new value on a row of its own
/// under the old one; a list's items each on a row of their own under the field's name.
fn change_lines(change: &Change, width: usize, app: &App) -> Vec<Line<'static>> {
    let l = app.lang;
    let field = format!("    {}: ", change.field);
    let (old, new) = match &change.text {
        ChangeText::Value { old, new } => (old, new),
        ChangeText::Reordered => {
            return vec![Line::from(vec![
                Span::styled(clip(&field, width), app.theme.label),
                Span::raw(clip(
                    l.pick("pořadí změněno", "order changed"),
                    width.saturating_sub(field.chars().count()),
                )),
            ])];
        }
        ChangeText::Items(items) => {
            let mut lines = vec![Line::styled(clip(field.trim_end(), width), app.theme.label)];
            for item in items {
                let (what, text) = match item {
                    ItemChange::Added(text) => (l.pick("přidáno", "added"), text.clone()),
                    ItemChange::Removed(text) => (l.pick("odebráno", "removed"), text.clone()),
                    ItemChange::Changed { item, old, new } => {
                        ("", format!("{item}: {old} → {new}"))
                    }
                };
                let mut spans = vec![Span::raw("      ")];
                if !what.is_empty() {
                    spans.push(Span::styled(format!("{what} "), app.theme.muted));
                }
                let room =
                    width.saturating_sub(6 + what.chars().count() + usize::from(!what.is_empty()));
                spans.push(Span::raw(clip(&text, room)));
                lines.push(Line::from(spans));
            }
            return lines;
        }
    };
    let indent = field.chars().count();
    let arrow = " → ";
    let (old_len, new_len) = (old.chars().count(), new.chars().count());
    if indent + old_len + arrow.chars().count() + new_len <= width {
        return vec![Line::from(vec![
            Span::styled(field, app.theme.label),
            Span::styled(old.clone(), app.theme.muted),
            Span::raw(arrow),
            Span::raw(new.clone()),
        ])];
    }
    let room = width.saturating_sub(indent);
    vec![
        Line::from(vec![
            Span::styled(clip(&field, width), app.theme.label),
            Span::styled(clip(old, room), app.theme.muted),
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
