//! Checking a form: text that does not parse and the model's problems, each shown at the
//! field it is about; the form saves only when no message stands.

use crate::app::form::{Form, FormOutcome, build, reader};
use crate::model::{Invalid, Rule};

impl Form {
    /// Shows what is wrong with a field the clerk leaves: text that does not parse, or a
    /// rule of the model it breaks. An empty required field is only named on saving.
    pub(super) fn check_left(&mut self, index: usize) {
        let lang = self.lang;
        let Some(field) = self.fields.get(index) else {
            return;
        };
        if !field.errors.is_empty() {
            return;
        }
        if let Some(message) = reader::parse_error(field, lang, self.today) {
            self.fields[index].errors.push(message);
            return;
        }
        let built = build::build(&self.base, &self.fields, lang, self.today);
        let messages: Vec<String> = built
            .record
            .problems()
            .into_iter()
            .filter(|p| p.rule != Rule::Required && self.route(p) == Some(index))
            .map(|p| p.message(lang))
            .collect();
        for message in messages {
            push_once(&mut self.fields[index].errors, message);
        }
    }

    /// The field a problem of the model is shown at: an end before its start at the
    /// last field it names, anything else at the first.
    pub(super) fn route(&self, problem: &Invalid) -> Option<usize> {
        let mut at = self
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.matches.contains(&problem.field))
            .map(|(i, _)| i);
        if problem.rule == Rule::EndBeforeStart {
            at.last()
        } else {
            at.next()
        }
    }

    pub(super) fn save(&mut self) -> FormOutcome {
        let lang = self.lang;
        self.errors.clear();
        for field in &mut self.fields {
            field.errors.clear();
        }
        let built = build::build(&self.base, &self.fields, lang, self.today);
        for (index, message) in built.errors {
            if let Some(field) = self.fields.get_mut(index) {
                push_once(&mut field.errors, message);
            }
        }
        let unparsed: Vec<bool> = self.fields.iter().map(|f| !f.errors.is_empty()).collect();
        for problem in built.record.problems() {
            match self.route(&problem) {
                Some(i) if unparsed.get(i) == Some(&true) => {}
                Some(i) => push_once(&mut self.fields[i].errors, problem.message(lang)),
                None => push_once(&mut self.errors, problem.message(lang)),
            }
        }
        if let Some(first) = self.fields.iter().position(|f| !f.errors.is_empty()) {
            self.focus = first;
            return FormOutcome::Continue;
        }
        if !self.errors.is_empty() {
            return FormOutcome::Continue;
        }
        FormOutcome::Save {
            rev: self.rev,
            record: built.record,
            members: built.members,
        }
    }
}

fn push_once(messages: &mut Vec<String>, message: String) {
    if !messages.contains(&message) {
        messages.push(message);
    }
}
