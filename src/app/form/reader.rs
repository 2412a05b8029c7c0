//! Reading the values out of a form's fields: text as typed is parsed into dates, times,
//! numbers and lists; what does not parse is kept as a message against its field.

use chrono::{NaiveDate, NaiveTime};

use crate::app::form::describe::{Chosen, FieldKey};
use crate::app::form::fields::{FormField, Input, TextKind};
use crate::app::form::rows::RowList;
use crate::model::date::{parse_date, parse_date_on, parse_time};
use crate::model::{Attendance, Field, Id, Invalid, Lang, Membership, Milestone, Output, Rule};

const YEAR_MIN: i64 = 1990;
const YEAR_MAX: i64 = 2100;

/// Reads fields by key, collecting what does not parse.
pub(super) struct Reader<'a> {
    fields: &'a [FormField],
    lang: Lang,
    /// The day a date typed without its year counts from.
    today: Option<NaiveDate>,
    /// A message per field index.
    pub errors: Vec<(usize, String)>,
}

impl<'a> Reader<'a> {
    pub fn new(fields: &'a [FormField], lang: Lang, today: Option<NaiveDate>) -> Reader<'a> {
        Reader {
            fields,
            lang,
            today,
            errors: Vec::new(),
        }
    }

    fn field(&self, key: FieldKey) -> Option<(usize, &'a FormField)> {
        self.fields.iter().enumerate().find(|(_, f)| f.key == key)
    }

    fn fail(&mut self, index: usize, invalid: Invalid) {
        self.errors.push((index, invalid.message(self.lang)));
    }

    /// The raw text of a text field, with its index and label.
    fn raw(&self, key: FieldKey) -> Option<(usize, Field, TextKind, String)> {
        let (i, field) = self.field(key)?;
        match &field.input {
            Input::Text { input, kind } => Some((i, field.label, *kind, input.text())),
            _ => None,
        }
    }

    /// One line trimmed, or several with trailing blank space dropped.
    pub fn text(&self, key: FieldKey) -> String {
        match self.raw(key) {
            Some((_, _, TextKind::Multi, text)) => text.trim_end().to_owned(),
            Some((_, _, _, text)) => text.trim().to_owned(),
            None => String::new(),
        }
    }

    /// The text in the normal form a validator gives (`387 06`, `+420 730 870 048`);
    /// as typed when it does not pass, so that the record's check names the problem.
    pub fn normal(
        &self,
        key: FieldKey,
        normalise: fn(Field, &str) -> Result<String, Invalid>,
    ) -> String {
        let text = self.text(key);
        match self.raw(key) {
            Some((_, label, _, _)) if !text.is_empty() => normalise(label, &text).unwrap_or(text),
            _ => text,
        }
    }

    pub fn date(&mut self, key: FieldKey) -> Option<NaiveDate> {
        let (i, label, kind, text) = self.raw(key)?;
        if text.trim().is_empty() {
            if kind == (TextKind::Date { required: true }) {
                self.fail(i, Invalid::new(label, Rule::Required));
            }
            return None;
        }
        let parsed = match self.today {
            Some(today) => parse_date_on(label, &text, today),
            None => parse_date(label, &text),
        };
        parsed.map_err(|e| self.fail(i, e)).ok()
    }

    pub fn time(&mut self, key: FieldKey) -> Option<NaiveTime> {
        let (i, label, _, text) = self.raw(key)?;
        if text.trim().is_empty() {
            return None;
        }
        parse_time(label, &text).map_err(|e| self.fail(i, e)).ok()
    }

    pub fn number<T: TryFrom<i64>>(&mut self, key: FieldKey) -> Option<T> {
        let (i, label, kind, text) = self.raw(key)?;
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let TextKind::Number { min, max, year } = kind else {
            return None;
        };
        let rule = if year {
            Rule::YearRange {
                min: i32::try_from(min).unwrap_or(i32::MIN),
                max: i32::try_from(max).unwrap_or(i32::MAX),
            }
        } else {
            Rule::NumberRange { min, max }
        };
        let value = text
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .and_then(|n| T::try_from(n).ok());
        if value.is_none() {
            self.fail(i, Invalid::new(label, rule));
        }
        value
    }

    /// The chosen value by its position in the list and its labels.
    pub fn chosen(&self, key: FieldKey) -> Option<Chosen> {
        match self.field(key).map(|(_, f)| &f.input) {
            Some(Input::Choice(choice)) => choice.index.and_then(|index| {
                let &(cs, en) = choice.options.get(index)?;
                Some(Chosen { index, cs, en })
            }),
            _ => None,
        }
    }

    pub fn reference(&self, key: FieldKey) -> Option<Id> {
        match self.field(key).map(|(_, f)| &f.input) {
            Some(Input::Reference(reference)) => reference.id,
            _ => None,
        }
    }

    /// One item per line, each trimmed; blank lines are dropped.
    pub fn lines(&self, key: FieldKey) -> Vec<String> {
        self.raw(key)
            .map(|(_, _, _, text)| items(&text))
            .unwrap_or_default()
    }

    /// One item per row, each trimmed; blank rows are dropped.
    pub fn items(&self, key: FieldKey) -> Vec<String> {
        match self.rows(key) {
            Some((_, RowList::Items(rows))) => rows
                .iter()
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// One milestone per line, `2013–2015 text` or `2004 text`.
    pub fn timeline(&mut self, key: FieldKey) -> Vec<Milestone> {
        let Some((i, label, _, text)) = self.raw(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for line in items(&text) {
            match milestone(&line) {
                Some(m) => out.push(m),
                None => {
                    self.fail(
                        i,
                        Invalid::new(
                            label,
                            Rule::YearRange {
                                min: YEAR_MIN as i32,
                                max: YEAR_MAX as i32,
                            },
                        ),
                    );
                    break;
                }
            }
        }
        out
    }

    fn rows(&self, key: FieldKey) -> Option<(usize, &'a RowList)> {
        match self.field(key) {
            Some((i, f)) => match &f.input {
                Input::Rows(rows) => Some((i, &rows.list)),
                _ => None,
            },
            None => None,
        }
    }

    pub fn outputs(&self, key: FieldKey) -> Vec<Output> {
        match self.rows(key) {
            Some((_, RowList::Outputs(rows))) => rows
                .iter()
                .map(|o| Output {
                    title: o.output.title.trim().to_owned(),
                    ..o.output.clone()
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn people(&self, key: FieldKey) -> Vec<Id> {
        match self.rows(key) {
            Some((_, RowList::People(rows))) => rows.iter().map(|p| p.id).collect(),
            _ => Vec::new(),
        }
    }

    /// The group's wanted memberships; a person listed twice is refused.
    pub fn members(&mut self, key: FieldKey, group: Id) -> Vec<Membership> {
        let Some((i, RowList::Members(rows))) = self.rows(key) else {
            return Vec::new();
        };
        let out: Vec<Membership> = rows
            .iter()
            .map(|row| Membership {
                group,
                ..row.membership.clone()
            })
            .collect();
        let twice = out
            .iter()
            .enumerate()
            .any(|(n, m)| out[..n].iter().any(|o| o.person == m.person));
        if twice && let Some((_, field)) = self.field(key) {
            self.fail(i, Invalid::new(field.label, Rule::Duplicate));
        }
        out
    }

    /// Recorded attendance; rows not recorded are left out.
    pub fn attendance(&self, key: FieldKey) -> Vec<Attendance> {
        match self.rows(key) {
            Some((_, RowList::Attendance(rows))) => rows
                .iter()
                .filter_map(|a| {
                    a.presence.map(|presence| Attendance {
                        person: a.person.id,
                        presence,
                    })
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The message a text field shows when its content does not parse; `None` when it does
/// (or is empty: whether it must be filled in is said on saving).
pub(super) fn parse_error(
    field: &FormField,
    lang: Lang,
    today: Option<NaiveDate>,
) -> Option<String> {
    let Input::Text { kind, input } = &field.input else {
        return None;
    };
    if input.text().trim().is_empty() {
        return None;
    }
    let one = std::slice::from_ref(field);
    let mut reader = Reader::new(one, lang, today);
    match kind {
        TextKind::Date { .. } => {
            reader.date(field.key);
        }
        TextKind::Time => {
            reader.time(field.key);
        }
        TextKind::Number { .. } => {
            reader.number::<i64>(field.key);
        }
        TextKind::Timeline => {
            reader.timeline(field.key);
        }
        TextKind::Line | TextKind::Multi | TextKind::Lines => {}
    }
    reader.errors.into_iter().next().map(|(_, message)| message)
}

fn items(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `2013–2015 plán`, `2013 - 2015: plán`, `2004 první plán`.
fn milestone(line: &str) -> Option<Milestone> {
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
    let n = digits(line);
    if n != 4 {
        return None;
    }
    let from: i32 = line[..n].parse().ok()?;
    let mut rest = line[n..].trim_start();
    let mut to = None;
    if let Some(after) = rest.strip_prefix(['–', '-', '—']) {
        let after = after.trim_start();
        let m = digits(after);
        if m != 4 {
            return None;
        }
        to = Some(after[..m].parse().ok()?);
        rest = after[m..].trim_start();
    }
    let text = rest.strip_prefix(':').unwrap_or(rest).trim();
    Some(Milestone {
        from,
        to,
        text: text.to_owned(),
    })
}

/// How a milestone is typed back: `2013–2015 plán`.
pub(super) fn milestone_line(m: &Milestone) -> String {
    match m.to {
        Some(to) if to != m.from => format!("{}–{} {}", m.from, to, m.text),
        _ => format!("{} {}", m.from, m.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_read_spans_and_single_years() {
        let m = milestone("2013–2015 střednědobý plán").unwrap();
        assert_eq!(
            (m.from, m.to, m.text.as_str()),
            (2013, Some(2015), "střednědobý plán")
        );
        let m = milestone("2013 - 2015: plán").unwrap();
        assert_eq!((m.from, m.to, m.text.as_str()), (2013, Some(2015), "plán"));
        let m = milestone("2004 první komunitní plán").unwrap();
        assert_eq!((m.from, m.to), (2004, None));
        assert_eq!(milestone_line(&m), "2004 první komunitní plán");
        assert!(milestone("plán 2004").is_none());
        assert!(milestone("204 plán").is_none());
        assert!(milestone("2013–15 plán").is_none());
    }
}
