//! The reference picker: a popup list of the records of one kind, narrowed by a fuzzy
//! filter over their folded titles ("sobes" finds Soběslav). People are listed by
//! surname, the Czech way, with their organisation beside them.

use std::collections::HashMap;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::Theme;
use crate::app::form::clip::{cut, fit};
use crate::app::form::fields::PickFor;
use crate::model::text::{czech_cmp, fold, has_control, sanitize_line};
use crate::model::{Id, Kind, Lang, Record, Versioned};
use crate::store::{Store, StoreError};

/// One record the picker offers.
#[derive(Debug, Clone)]
struct Item {
    id: Id,
    /// What the field shows once picked (a person's name as written).
    title: String,
    /// What the list shows and sorts by (a person's surname first).
    shown: String,
    folded: String,
    /// A person's organisation.
    organisation: Option<(Id, String)>,
}

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerOutcome {
    Continue,
    Close,
    Picked(Id, String),
}

#[derive(Debug, Clone)]
pub struct Picker {
    /// The field the choice goes to, and how.
    pub field: usize,
    pub pick: PickFor,
    kind: Kind,
    items: Vec<Item>,
    query: String,
    /// Indexes into `items` of those matching the query, best first.
    shown: Vec<usize>,
    selected: usize,
    /// Why there is nothing to pick from: the records could not be read.
    error: Option<StoreError>,
}

impl Picker {
    /// Opens over every record of `kind` but those in `exclude`, filtered by `query`.
    pub fn open(
        field: usize,
        pick: PickFor,
        kind: Kind,
        store: &dyn Store,
        exclude: &[Id],
        query: &str,
    ) -> Picker {
        let (items, error) = match load(store, kind, exclude) {
            Ok(items) => (items, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        let mut picker = Picker {
            field,
            pick,
            kind,
            items,
            query: query.to_owned(),
            shown: Vec::new(),
            selected: 0,
            error,
        };
        picker.refilter();
        picker
    }

    /// The organisation of a person the picker offered, which a new member takes.
    pub fn organisation_of(&self, id: Id) -> Option<(Id, String)> {
        self.items
            .iter()
            .find(|item| item.id == id)
            .and_then(|item| item.organisation.clone())
    }

    fn refilter(&mut self) {
        self.selected = 0;
        let query = fold(&self.query);
        if query.is_empty() {
            self.shown = (0..self.items.len()).collect();
            return;
        }
        let pattern = Pattern::new(
            &query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let score = pattern.score(Utf32Str::new(&item.folded, &mut buf), &mut matcher)?;
                Some((score, i))
            })
            .collect();
        // Best score first; equal scores keep the Czech alphabetical order.
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.shown = scored.into_iter().map(|(_, i)| i).collect();
    }

    /// A key; `cancel` when the keymap calls it Cancel.
    pub fn handle_key(&mut self, key: KeyEvent, cancel: bool) -> PickerOutcome {
        if cancel || key.code == KeyCode::Esc {
            return PickerOutcome::Close;
        }
        let ctrl = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let last = self.shown.len().saturating_sub(1);
        match key.code {
            KeyCode::Enter => {
                return match self
                    .shown
                    .get(self.selected)
                    .and_then(|&i| self.items.get(i))
                {
                    Some(item) => PickerOutcome::Picked(item.id, item.title.clone()),
                    None => PickerOutcome::Continue,
                };
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::PageDown => self.selected = (self.selected + 10).min(last),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = last,
            KeyCode::Backspace => {
                self.query.pop();
                self.refilter();
            }
            KeyCode::Char('u') if ctrl => {
                self.query.clear();
                self.refilter();
            }
            KeyCode::Char(c) if !ctrl => {
                let mut buf = [0u8; 4];
                if !has_control(c.encode_utf8(&mut buf), false) {
                    self.query.push(c);
                    self.refilter();
                }
            }
            _ => {}
        }
        PickerOutcome::Continue
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let width = area.width.saturating_sub(4).min(64);
        let height = area.height.saturating_sub(2).min(16);
        if width < 8 || height < 4 {
            return;
        }
        let popup = Rect::new(
            area.x + (area.width - width) / 2,
            area.y + (area.height - height) / 2,
            width,
            height,
        );
        frame.render_widget(Clear, popup);
        let title = format!(
            " {}: {} ",
            lang.pick("Vybrat", "Choose"),
            self.kind.label(lang)
        );
        let hint = format!(
            " Enter {} · Esc {} ",
            lang.pick("vybrat", "choose"),
            lang.pick("zavřít", "close")
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused)
            .title(Span::styled(title, theme.title))
            .title_bottom(Span::styled(hint, theme.muted));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        if inner.height < 2 {
            return;
        }
        let prompt = format!("{} ", lang.pick("Hledat:", "Filter:"));
        let query_line = Line::from(vec![
            Span::styled(prompt.clone(), theme.label),
            Span::styled(self.query.clone(), theme.input),
        ]);
        let query_row = Rect::new(inner.x, inner.y, inner.width, 1);
        frame.render_widget(Paragraph::new(query_line), query_row);
        let typed = prompt.chars().count() + self.query.chars().count();
        let x = inner
            .x
            .saturating_add(u16::try_from(typed).unwrap_or(u16::MAX))
            .min(inner.right().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, inner.y));

        let list = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        let rows = usize::from(list.height);
        if let Some(e) = &self.error {
            let text = format!(
                "{} {}",
                lang.pick(
                    "Nepodařilo se načíst záznamy:",
                    "The records could not be read:"
                ),
                e.message(lang)
            );
            frame.render_widget(
                Paragraph::new(Span::styled(text, theme.error))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                list,
            );
            return;
        }
        if self.shown.is_empty() {
            let none = lang.pick("Nic nenalezeno.", "Nothing found.");
            frame.render_widget(Paragraph::new(Span::styled(none, theme.muted)), list);
            return;
        }
        let width = usize::from(list.width);
        let has_orgs = self.items.iter().any(|i| i.organisation.is_some());
        // A person's name, then their organisation in the rest of the row.
        let name_w = if has_orgs {
            self.items
                .iter()
                .map(|i| i.shown.chars().count())
                .max()
                .unwrap_or(0)
                .min(width.saturating_sub(2) / 2)
        } else {
            width.saturating_sub(2)
        };
        let start = (self.selected + 1).saturating_sub(rows);
        let lines: Vec<Line> = self
            .shown
            .iter()
            .enumerate()
            .skip(start)
            .take(rows)
            .filter_map(|(n, &i)| {
                let item = self.items.get(i)?;
                let selected = n == self.selected;
                let style = if selected { theme.selected } else { theme.base };
                let mut spans = vec![Span::styled(
                    format!(" {} ", fit(&item.shown, name_w)),
                    style,
                )];
                if let Some((_, org)) = &item.organisation {
                    let rest = width.saturating_sub(name_w + 3);
                    let org_style = if selected {
                        theme.selected
                    } else {
                        theme.muted
                    };
                    spans.push(Span::styled(cut(org, rest), org_style));
                }
                Some(Line::from(spans))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
    }
}

/// The records of `kind` but those in `exclude`, sorted the Czech way: people by surname,
/// each with their organisation.
fn load(store: &dyn Store, kind: Kind, exclude: &[Id]) -> Result<Vec<Item>, StoreError> {
    let records: Vec<Versioned<Record>> = store
        .list(kind)?
        .into_iter()
        .filter(|v| !exclude.contains(&v.record.id()))
        .collect();
    let organisations: HashMap<Id, String> = if kind == Kind::Person {
        store
            .list(Kind::Organisation)?
            .into_iter()
            .map(|v| (v.record.id(), sanitize_line(&v.record.title())))
            .collect()
    } else {
        HashMap::new()
    };
    let mut items: Vec<Item> = records
        .into_iter()
        .map(|v| {
            let title = sanitize_line(&v.record.title());
            let (shown, organisation) = match &v.record {
                Record::Person(p) => (
                    sanitize_line(&surname_first(p)),
                    p.organisation
                        .and_then(|id| organisations.get(&id).map(|name| (id, name.clone()))),
                ),
                _ => (title.clone(), None),
            };
            Item {
                id: v.record.id(),
                folded: fold(&shown),
                shown,
                title,
                organisation,
            }
        })
        .collect();
    items.sort_by(|a, b| czech_cmp(&a.shown, &b.shown));
    Ok(items)
}

/// "Kubátová Věra, Mgr." — how a list sorted by surname names a person.
fn surname_first(p: &crate::model::Person) -> String {
    let mut name = p.sort_name();
    let titles: Vec<&str> = [p.title_before.as_str(), p.title_after.as_str()]
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect();
    if !titles.is_empty() {
        name.push_str(", ");
        name.push_str(&titles.join(" "));
    }
    name
}
