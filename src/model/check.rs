//! Collects every rule a record breaks, so a form can show each next to its field.

use chrono::NaiveDate;

use crate::model::{Field, Invalid, Rule, validate};

/// Runs validators and keeps their complaints.
#[derive(Debug, Default)]
pub struct Checker {
    problems: Vec<Invalid>,
}

impl Checker {
    fn keep<T>(&mut self, result: Result<T, Invalid>) {
        if let Err(e) = result {
            self.problems.push(e);
        }
    }

    pub fn push(&mut self, field: Field, rule: Rule) {
        self.problems.push(Invalid::new(field, rule));
    }

    /// A name that must be there.
    pub fn required(&mut self, field: Field, value: &str) {
        self.keep(validate::required_text(field, value));
    }

    /// Optional single-line text.
    pub fn line(&mut self, field: Field, value: &str) {
        self.keep(validate::line(field, value));
    }

    /// Optional text of several lines.
    pub fn multiline(&mut self, field: Field, value: &str) {
        self.keep(validate::multiline(field, value));
    }

    /// Runs `rule` unless the value is empty (the field is optional).
    fn optional<T>(
        &mut self,
        field: Field,
        value: &str,
        rule: fn(Field, &str) -> Result<T, Invalid>,
    ) {
        if !value.is_empty() {
            self.keep(rule(field, value));
        }
    }

    pub fn url(&mut self, field: Field, value: &str) {
        self.optional(field, value, validate::url);
    }

    pub fn ico(&mut self, field: Field, value: &str) {
        self.optional(field, value, validate::ico);
    }

    pub fn phone(&mut self, field: Field, value: &str) {
        self.optional(field, value, validate::phone);
    }

    pub fn psc(&mut self, field: Field, value: &str) {
        self.optional(field, value, validate::psc);
    }

    pub fn email(&mut self, field: Field, value: &str) {
        self.optional(field, value, validate::email);
    }

    pub fn registration_number(&mut self, field: Field, value: &str) {
        self.optional(field, value, validate::registration_number);
    }

    pub fn period(&mut self, field: Field, start: Option<NaiveDate>, end: Option<NaiveDate>) {
        self.keep(validate::period(field, start, end));
    }

    /// A date within the years the register keeps.
    pub fn date(&mut self, field: Field, value: Option<NaiveDate>) {
        if let Some(value) = value {
            self.keep(validate::date(field, value));
        }
    }

    pub fn year_span(&mut self, field: Field, from: i32, to: Option<i32>) {
        self.keep(validate::year_span(field, from, to));
    }

    /// The same entry must not be listed twice.
    pub fn unique<T: PartialEq>(&mut self, field: Field, items: &[T]) {
        let repeated = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[..i].contains(a));
        if repeated {
            self.push(field, Rule::Duplicate);
        }
    }

    pub fn finish(self) -> Vec<Invalid> {
        self.problems
    }
}
