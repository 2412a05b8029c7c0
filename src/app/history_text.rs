//! What changed between two versions of a record, in words a clerk reads: each field by
//! the label its form shows, values of official lists by their labels, references by the
//! referenced record's name, attendance as names with presence, lists item by item.

use std::collections::HashMap;

use crate::app::form::describe::{self, Entry, Shape, Value};
use crate::model::date::{format_date, format_time};
use crate::model::text::sanitize_line;
use crate::model::{
    Attendance, Id, Kind, Labelled, Lang, Milestone, Output, Record, RecordRef, Salutation,
};
use crate::store::Store;

/// One changed field, by the label its form shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub text: ChangeText,
}

/// How a field changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeText {
    /// One value for another, each on one line ("—" for nothing).
    Value { old: String, new: String },
    /// A list (or text of several lines), item by item.
    Items(Vec<ItemChange>),
    /// The same items in another order.
    Reordered,
}

/// One item of a list that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemChange {
    Added(String),
    Removed(String),
    /// The same item (a person, an output) with another detail (presence, state).
    Changed {
        item: String,
        old: String,
        new: String,
    },
}

/// Names of referenced records, each read once.
pub struct Names<'a> {
    store: &'a dyn Store,
    lang: Lang,
    known: HashMap<RecordRef, String>,
    /// How the people read are addressed, for their presence in the right gender.
    salutations: HashMap<Id, Salutation>,
}

impl<'a> Names<'a> {
    pub fn new(store: &'a dyn Store, lang: Lang) -> Names<'a> {
        Names {
            store,
            lang,
            known: HashMap::new(),
            salutations: HashMap::new(),
        }
    }

    /// The name a clerk knows a record by; a deleted record by its last name in the
    /// trail; a failed read says so.
    pub fn name(&mut self, kind: Kind, id: Id) -> String {
        let record = RecordRef::new(kind, id);
        if let Some(name) = self.known.get(&record) {
            return name.clone();
        }
        let lang = self.lang;
        let failed = |message: String| {
            format!(
                "{} ({}: {message})",
                kind.label(lang),
                lang.pick("nelze přečíst", "cannot be read")
            )
        };
        let name = match self.store.get(record) {
            Ok(Some(stored)) => {
                if let Record::Person(p) = &stored.record {
                    self.salutations.insert(p.id, p.salutation);
                }
                sanitize_line(&stored.record.title())
            }
            Ok(None) => match self.store.history(record) {
                Ok(trail) => match trail.iter().rev().find_map(|e| e.before.as_ref()) {
                    Some(last) => format!(
                        "{} ({})",
                        sanitize_line(&last.title()),
                        lang.pick("smazáno", "deleted")
                    ),
                    None => format!("{} ({})", kind.label(lang), lang.pick("smazáno", "deleted")),
                },
                Err(e) => failed(e.message(lang)),
            },
            Err(e) => failed(e.message(lang)),
        };
        self.known.insert(record, name.clone());
        name
    }
}

/// The fields that differ between two versions of a record, in the form's order.
pub fn diff(before: &Record, after: &Record, names: &mut Names) -> Vec<Change> {
    let old = describe::values(before);
    let lang = names.lang;
    describe::values(after)
        .into_iter()
        .filter_map(|(entry, new)| {
            let old = old
                .iter()
                .find(|(e, _)| e.key == entry.key)
                .map(|(_, v)| v.clone());
            match old {
                Some(old) if old == new => None,
                old => Some(Change {
                    field: entry.label.label(lang).to_owned(),
                    text: change(entry, old, new, names),
                }),
            }
        })
        .collect()
}

/// How one field changed, in words.
fn change(entry: &Entry, old: Option<Value>, new: Value, names: &mut Names) -> ChangeText {
    let listed = |value: &Option<Value>, names: &mut Names| -> Option<Vec<Item>> {
        value.as_ref().and_then(|v| items(v, names))
    };
    // Text of several lines (an agenda, minutes) changes line by line.
    let several = [&old, &Some(new.clone())]
        .iter()
        .any(|v| matches!(v, Some(Value::Text(t)) if t.trim().contains('\n')));
    let (old_items, new_items) = if several {
        (old.as_ref().map(text_lines), Some(text_lines(&new)))
    } else {
        (listed(&old, names), listed(&Some(new.clone()), names))
    };
    match new_items {
        Some(new_items) => {
            let changes = item_changes(old_items.unwrap_or_default(), new_items);
            if changes.is_empty() {
                ChangeText::Reordered
            } else {
                ChangeText::Items(changes)
            }
        }
        None => ChangeText::Value {
            old: old.map_or_else(|| "—".to_owned(), |v| one_line(entry, &v, names)),
            new: one_line(entry, &new, names),
        },
    }
}

/// A value shown on one line; "—" for nothing.
fn one_line(entry: &Entry, value: &Value, names: &mut Names) -> String {
    let lang = names.lang;
    let text = match value {
        Value::Text(t) => sanitize_line(t.trim()),
        Value::Date(d) => d.map(format_date).unwrap_or_default(),
        Value::Time(t) => t.map(format_time).unwrap_or_default(),
        Value::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Value::Choice(c) => c.map(|c| c.label(lang).to_owned()).unwrap_or_default(),
        Value::Reference(id) => match (entry.shape, id) {
            (Shape::Reference { kind, .. }, Some(id)) => names.name(kind, *id),
            _ => String::new(),
        },
        // Lists are shown item by item, never on one line; this is their count.
        other => match items(other, names) {
            Some(items) => items.len().to_string(),
            None => String::new(),
        },
    };
    if text.is_empty() {
        "—".to_owned()
    } else {
        text
    }
}

/// An item of a list: what it is and, for some lists, a detail that may change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    name: String,
    detail: String,
}

impl Item {
    fn plain(name: String) -> Item {
        Item {
            name,
            detail: String::new(),
        }
    }

    fn shown(&self) -> String {
        if self.detail.is_empty() {
            self.name.clone()
        } else {
            format!("{}: {}", self.name, self.detail)
        }
    }
}

/// A value's items, when it is a list (or text of several lines).
fn items(value: &Value, names: &mut Names) -> Option<Vec<Item>> {
    Some(match value {
        Value::Lines(lines) => lines
            .iter()
            .map(|l| Item::plain(sanitize_line(l)))
            .collect(),
        Value::Timeline(steps) => steps.iter().map(|m| Item::plain(milestone(m))).collect(),
        Value::People(ids) => ids
            .iter()
            .map(|&id| Item::plain(names.name(Kind::Person, id)))
            .collect(),
        Value::Outputs(outputs) => outputs.iter().map(|o| output(o, names)).collect(),
        Value::Attendance(rows) => rows.iter().map(|a| attendance(a, names)).collect(),
        Value::Regions(ids) => ids
            .iter()
            .map(|&id| Item::plain(names.name(Kind::Region, id)))
            .collect(),
        _ => return None,
    })
}

/// The lines of a text, blank ones left out.
fn text_lines(value: &Value) -> Vec<Item> {
    match value {
        Value::Text(t) => t
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Item::plain(sanitize_line(l)))
            .collect(),
        _ => Vec::new(),
    }
}

fn milestone(m: &Milestone) -> String {
    let years = match m.to {
        Some(to) if to != m.from => format!("{}–{}", m.from, to),
        _ => m.from.to_string(),
    };
    sanitize_line(&format!("{years} {}", m.text))
}

/// `Akční plán 2019: rozpracováno, termín 31. 12. 2018, dokument Akční plán …`
fn output(o: &Output, names: &mut Names) -> Item {
    let lang = names.lang;
    let mut detail = vec![o.state.label(lang).to_owned()];
    if let Some(due) = o.due {
        detail.push(format!(
            "{} {}",
            lang.pick("termín", "due"),
            format_date(due)
        ));
    }
    if let Some(document) = o.document {
        detail.push(format!(
            "{} {}",
            lang.pick("dokument", "document"),
            names.name(Kind::Document, document)
        ));
    }
    Item {
        name: sanitize_line(o.title.trim()),
        detail: detail.join(", "),
    }
}

/// `Věra Kubátová: přítomen`
fn attendance(a: &Attendance, names: &mut Names) -> Item {
    let name = names.name(Kind::Person, a.person);
    let salutation = names
        .salutations
        .get(&a.person)
        .copied()
        .unwrap_or_default();
    Item {
        name,
        detail: crate::model::grammar::presence(a.presence, salutation, names.lang).to_owned(),
    }
}

/// The items removed, then those added or changed in the new list's order.
fn item_changes(old: Vec<Item>, new: Vec<Item>) -> Vec<ItemChange> {
    let mut unmatched: Vec<Option<Item>> = old.into_iter().map(Some).collect();
    let mut kept = Vec::new();
    for item in new {
        let same = unmatched
            .iter_mut()
            .find(|o| o.as_ref().is_some_and(|o| o.name == item.name))
            .and_then(Option::take);
        match same {
            Some(o) if o.detail == item.detail => {}
            Some(o) => kept.push(ItemChange::Changed {
                item: item.name,
                old: o.detail,
                new: item.detail,
            }),
            None => kept.push(ItemChange::Added(item.shown())),
        }
    }
    let mut out: Vec<ItemChange> = unmatched
        .into_iter()
        .flatten()
        .map(|o| ItemChange::Removed(o.shown()))
        .collect();
    out.extend(kept);
    out
}

#[cfg(test)]
mod tests;
