//! The invitation (pozvánka): one letter per member of the group, each with the
//! member's salutation, the meeting's facts, its agenda and the sender's signature.

use crate::model::grammar::letter_salutation;
use crate::model::{Lang, Person};
use crate::paper::facts::Facts;
use crate::paper::header::{Header, agenda_points};
use crate::paper::settings::PaperSettings;

/// An invitation to one meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub header: Header,
    /// One per member, by surname in Czech order.
    pub letters: Vec<Letter>,
    /// The salutation of a letter to all of them at once (an e-mail's body).
    pub salutation_all: String,
    pub agenda: Vec<String>,
    /// The sender's signature block, line by line (empty: to be signed by hand).
    pub signature: Vec<String>,
    /// The `From:` of an e-mail.
    pub from: String,
    /// The signature's name and e-mail: the `From:` when `from` is not set.
    pub sender_name: String,
    pub sender_email: String,
    /// Members with an e-mail: the e-mail's recipients.
    pub recipients: Vec<Recipient>,
}

/// The letter to one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub name: String,
    pub organisation: String,
    /// "Vážená paní Věra Kubátová,"
    pub salutation: String,
}

/// Whom an e-mail goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub email: String,
}

impl Invitation {
    pub fn new(facts: &Facts, settings: &PaperSettings, lang: Lang) -> Invitation {
        let header = Header::new(facts, &settings.funding_line, lang);
        let people: Vec<&Person> = facts.members.iter().map(|m| &m.person).collect();
        Invitation {
            letters: facts
                .members
                .iter()
                .map(|m| Letter {
                    name: m.person.display_name(),
                    organisation: m.organisation.clone(),
                    salutation: letter_salutation(&m.person, lang),
                })
                .collect(),
            salutation_all: salutation_all(&people, lang),
            agenda: agenda_points(&facts.meeting.agenda),
            signature: settings.sender.lines(),
            from: settings.from.trim().to_string(),
            sender_name: settings.sender.name.trim().to_string(),
            sender_email: settings.sender.email.trim().to_string(),
            recipients: facts
                .members
                .iter()
                .filter(|m| !m.person.email.trim().is_empty())
                .map(|m| Recipient {
                    name: m.person.display_name(),
                    email: m.person.email.trim().to_string(),
                })
                .collect(),
            header,
        }
    }

    pub fn title(lang: Lang) -> &'static str {
        lang.pick("Pozvánka", "Invitation")
    }

    /// "Pozvánka: 5. jednání – Řídící skupina KPSS ORP Soběslav, 17. prosince 2018".
    pub fn subject(&self, lang: Lang) -> String {
        format!(
            "{}: {}, {}",
            Invitation::title(lang),
            self.header.event(),
            self.header.date_text(lang)
        )
    }

    /// The sentence that invites: "zveme Vás na 5. jednání – … , které se koná …".
    pub fn body(&self, lang: Lang) -> String {
        let h = &self.header;
        let mut when = h.date_text(lang);
        let time = h.time_text();
        if !time.is_empty() {
            when.push_str(&format!(" {} {time}", lang.pick("v", "at")));
        }
        let place = if h.place.is_empty() {
            String::new()
        } else {
            format!(" {} {}", lang.pick("v místě", "at"), h.place)
        };
        match lang {
            Lang::Cs => format!("zveme Vás na {}, které se koná {when}{place}.", h.event()),
            Lang::En => format!("we invite you to {}, held on {when}{place}.", h.event()),
        }
    }
}

/// The salutation of one letter to everyone: "Vážená paní, vážený pane," for one
/// person, else by who they are: "Vážené dámy, vážení pánové," / "Vážené dámy," /
/// "Vážení pánové,".
fn salutation_all(people: &[&Person], lang: Lang) -> String {
    use crate::model::Salutation::{Mr, Ms};
    if lang == Lang::En {
        return "Dear members,".to_string();
    }
    let ms = people.iter().any(|p| p.salutation == Ms);
    let mr = people.iter().any(|p| p.salutation == Mr);
    let unknown = people
        .iter()
        .any(|p| p.salutation != Ms && p.salutation != Mr);
    match (ms, mr, unknown) {
        (true, false, false) => "Vážené dámy,".to_string(),
        (false, true, false) => "Vážení pánové,".to_string(),
        _ => "Vážené dámy, vážení pánové,".to_string(),
    }
}
