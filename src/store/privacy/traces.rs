//! The traces a person leaves in the register: the person record itself, references to
//! it by id, and their name, e-mail and phone written into other records' text
//! (minutes, guests, notes). Finding and scrubbing them is pure work on records; the
//! store decides where to look.

use serde_json::Value;

use crate::model::{Id, Kind, Person, Record, RecordRef};

/// What an erased person's record is called from then on.
pub const ERASED_NAME: &str = "Anonymizováno";

/// Text that identifies the person, and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identifier {
    text: String,
    /// A contact (e-mail, phone): a field holding only it is emptied, as a contact field
    /// must hold a valid contact or nothing. A name is replaced by [`ERASED_NAME`].
    contact: bool,
}

/// How to recognise one person in the register.
#[derive(Debug, Clone)]
pub struct Traces {
    person: RecordRef,
    /// Longest first, so that "Mgr. Jana Nováková" goes before "Jana Nováková".
    identifiers: Vec<Identifier>,
}

impl Traces {
    /// The traces of the person `id`, whose record was each of `versions` at some time
    /// (the record now and every version the audit trail holds): a clerk may have
    /// written any of the names and contacts the person ever had.
    ///
    /// A name counts when it has at least two words ("Jana Nováková"): a lone surname
    /// would also be someone else's. Names, e-mails and phones are matched exactly,
    /// as whole words.
    pub fn of(id: Id, versions: &[Person]) -> Traces {
        let mut identifiers: Vec<Identifier> = Vec::new();
        let mut add = |text: &str, contact: bool| {
            let text = text.trim();
            let enough = if contact {
                text.chars().count() >= 5
            } else {
                text.split_whitespace().count() >= 2
            };
            if enough && !text.contains(ERASED_NAME) && !identifiers.iter().any(|i| i.text == text)
            {
                identifiers.push(Identifier {
                    text: text.to_string(),
                    contact,
                });
            }
        };
        for p in versions {
            add(&p.display_name(), false);
            add(
                &format!("{} {}", p.first_name.trim(), p.last_name.trim()),
                false,
            );
            add(
                &format!("{} {}", p.last_name.trim(), p.first_name.trim()),
                false,
            );
            add(&p.email, true);
            add(&p.phone, true);
            let digits: String = p.phone.chars().filter(|c| !c.is_whitespace()).collect();
            add(&digits, true);
        }
        identifiers.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.text.cmp(&b.text)));
        Traces {
            person: RecordRef::new(Kind::Person, id),
            identifiers,
        }
    }

    pub fn person(&self) -> RecordRef {
        self.person
    }

    /// The texts looked for, longest first.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.identifiers.iter().map(|i| i.text.as_str())
    }

    /// Whether the record is the person's own.
    pub fn is_own(&self, record: &Record) -> bool {
        record.reference() == self.person
    }

    /// Whether `text` names the person (or gives their e-mail or phone).
    pub fn named_in_text(&self, text: &str) -> bool {
        self.identifiers
            .iter()
            .any(|i| !find_words(text, &i.text).is_empty())
    }

    /// Whether any text of the record names the person.
    pub fn named_in(&self, record: &Record) -> bool {
        match serde_json::to_value(record) {
            Ok(value) => self.named_in_value(&value),
            // A record that cannot be written as JSON has no text to look at; it
            // cannot happen for records, whose fields are all plain data.
            Err(_) => false,
        }
    }

    /// Whether any string in a JSON value names the person.
    pub fn named_in_value(&self, value: &Value) -> bool {
        match value {
            Value::String(s) => self.named_in_text(s),
            Value::Array(items) => items.iter().any(|v| self.named_in_value(v)),
            Value::Object(map) => map.values().any(|v| self.named_in_value(v)),
            _ => false,
        }
    }

    /// Whether the record is the person's, points at them or names them.
    pub fn mentions(&self, record: &Record) -> bool {
        self.is_own(record) || record.references().contains(&self.person) || self.named_in(record)
    }

    /// Removes the person from the record: their own record becomes [`anonymised`];
    /// in any other, every text naming them is rewritten. Returns whether anything
    /// changed. References by id stay: they point at the anonymised record.
    pub fn scrub(&self, record: &mut Record) -> Result<bool, String> {
        if self.is_own(record) {
            let erased = Record::Person(anonymised(self.person.id));
            let changed = *record != erased;
            *record = erased;
            return Ok(changed);
        }
        let mut value = serde_json::to_value(&*record).map_err(|e| e.to_string())?;
        if !self.scrub_value(&mut value) {
            return Ok(false);
        }
        *record = serde_json::from_value(value).map_err(|e| e.to_string())?;
        Ok(true)
    }

    /// Rewrites every string of a JSON value that names the person; true when any did.
    pub fn scrub_value(&self, value: &mut Value) -> bool {
        match value {
            Value::String(s) => match self.scrub_text(s) {
                Some(new) => {
                    *s = new;
                    true
                }
                None => false,
            },
            // Every item is scrubbed, not only up to the first that changes.
            Value::Array(items) => {
                let mut any = false;
                for v in items {
                    any |= self.scrub_value(v);
                }
                any
            }
            Value::Object(map) => {
                let mut any = false;
                for v in map.values_mut() {
                    any |= self.scrub_value(v);
                }
                any
            }
            _ => false,
        }
    }

    /// The text with the person's name, e-mail and phone replaced; `None` when it does
    /// not name them.
    pub fn scrub_text(&self, text: &str) -> Option<String> {
        let mut out = text.to_string();
        let mut changed = false;
        for i in &self.identifiers {
            if out.trim() == i.text && i.contact {
                return Some(String::new());
            }
            let found = find_words(&out, &i.text);
            if found.is_empty() {
                continue;
            }
            changed = true;
            let mut next = String::with_capacity(out.len());
            let mut from = 0;
            for start in found {
                next.push_str(&out[from..start]);
                next.push_str(ERASED_NAME);
                from = start + i.text.len();
            }
            next.push_str(&out[from..]);
            out = next;
        }
        changed.then_some(out)
    }
}

/// The person record as erasure leaves it: the id (so attendance and memberships still
/// count), the name [`ERASED_NAME`], every other field empty.
pub fn anonymised(id: Id) -> Person {
    Person {
        id,
        last_name: ERASED_NAME.to_string(),
        ..Person::default()
    }
}

/// Where `word` occurs in `text` as a whole word: not inside a longer word, name or
/// address.
fn find_words(text: &str, word: &str) -> Vec<usize> {
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '_');
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !joins(before) && !joins(after) {
            out.push(start);
            from = end;
        } else {
            // Past the first character of this occurrence.
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        if from >= text.len() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Meeting, Organisation, Presence, Region};

    fn jana() -> Person {
        Person {
            id: 7,
            title_before: "Mgr.".into(),
            first_name: "Jana".into(),
            last_name: "Nováková".into(),
            phone: "700 000 001".into(),
            email: "jana.novakova@example.cz".into(),
            function: "vedoucí odboru".into(),
            ..Person::default()
        }
    }

    #[test]
    fn names_are_found_as_whole_words_only() {
        let traces = Traces::of(7, &[jana()]);
        assert!(traces.named_in_text("Přítomni: Jana Nováková, Petr Dvořák"));
        assert!(traces.named_in_text("zapsala Nováková Jana."));
        assert!(traces.named_in_text("tel. 700000001"));
        assert!(!traces.named_in_text("Jana Novákováová"));
        assert!(!traces.named_in_text("xjana.novakova@example.cz"));
        assert!(
            !traces.named_in_text("Nováková"),
            "a lone surname is not enough"
        );
    }

    #[test]
    fn texts_are_rewritten_and_contact_fields_emptied() {
        let traces = Traces::of(7, &[jana()]);
        let mut meeting = Record::Meeting(Meeting {
            id: 3,
            region: 1,
            minutes: "Zapsala Mgr. Jana Nováková (jana.novakova@example.cz).".into(),
            guests: vec!["Jana Nováková".into(), "Petr Dvořák".into()],
            attendance: vec![Attendance {
                person: 7,
                presence: Presence::Present,
            }],
            ..Meeting::default()
        });
        assert!(traces.mentions(&meeting));
        assert!(traces.scrub(&mut meeting).unwrap());
        let Record::Meeting(m) = &meeting else {
            panic!()
        };
        assert_eq!(m.minutes, "Zapsala Anonymizováno (Anonymizováno).");
        assert_eq!(m.guests, vec!["Anonymizováno", "Petr Dvořák"]);
        assert_eq!(m.attendance.len(), 1, "attendance stays");
        assert!(!traces.named_in(&meeting));
        assert!(traces.mentions(&meeting), "still points at the person");

        let mut org = Record::Organisation(Organisation {
            id: 2,
            name: "Úřad".into(),
            email: "jana.novakova@example.cz".into(),
            phone: "700 000 001".into(),
            ..Organisation::default()
        });
        assert!(traces.scrub(&mut org).unwrap());
        let Record::Organisation(o) = &org else {
            panic!()
        };
        assert_eq!((o.email.as_str(), o.phone.as_str()), ("", ""));
        assert!(org.validate().is_ok());
    }

    #[test]
    fn the_own_record_is_anonymised_and_others_left_alone() {
        let traces = Traces::of(7, &[jana()]);
        let mut own = Record::Person(jana());
        assert!(traces.scrub(&mut own).unwrap());
        assert_eq!(own, Record::Person(anonymised(7)));
        assert!(
            !traces.scrub(&mut own).unwrap(),
            "a second erasure changes nothing"
        );
        let mut region = Record::Region(Region {
            id: 1,
            name: "Soběslav".into(),
            contacts: vec![7],
            ..Region::default()
        });
        assert!(!traces.scrub(&mut region).unwrap());
        assert!(traces.mentions(&region));
    }

    #[test]
    fn every_former_name_is_a_trace() {
        let mut maiden = jana();
        maiden.last_name = "Malá".into();
        maiden.email = "mala@example.cz".into();
        let traces = Traces::of(7, &[jana(), maiden, anonymised(7)]);
        assert!(traces.named_in_text("Jana Malá"));
        assert!(traces.named_in_text("mala@example.cz"));
        assert!(!traces.texts().any(|t| t.contains(ERASED_NAME)));
    }
}
