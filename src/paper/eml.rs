//! The invitation as an e-mail message (RFC 5322, `.eml`) that Thunderbird and Outlook
//! open as a message ready to send: to every member with an e-mail, the letter in the
//! body, and the meeting attached as an iCalendar request (`METHOD:REQUEST`). Built with
//! lettre's message builder; nothing is sent.

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::{ContentDisposition, ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};

use crate::ics::{Invitee, MeetingEvent};
use crate::model::Lang;
use crate::model::text::sanitize_line;
use crate::paper::invitation::Invitation;
use crate::paper::markdown::letter_body;

/// Why an invitation cannot be written as a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmlError {
    /// Neither `from` nor the sender's e-mail is set in `[paper]`.
    NoSender,
    /// An address that is not one (`what` names whose).
    Address {
        who: String,
        address: String,
    },
    /// Nobody to send it to.
    NoRecipients,
    Calendar(String),
    Build(String),
}

impl EmlError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            EmlError::NoSender => lang
                .pick(
                    "pozvánka e-mailem potřebuje odesílatele: doplňte do nastavení [paper] from = \"Jméno <adresa>\" (nebo [paper.sender] email)",
                    "an invitation by e-mail needs a sender: set [paper] from = \"Name <address>\" (or [paper.sender] email) in your settings",
                )
                .to_string(),
            EmlError::Address { who, address } => format!(
                "{} {}: {}",
                lang.pick("neplatná e-mailová adresa", "not an e-mail address"),
                sanitize_line(who),
                sanitize_line(address)
            ),
            EmlError::NoRecipients => lang
                .pick(
                    "žádný člen skupiny nemá e-mail, pozvánku není komu poslat",
                    "no member of the group has an e-mail, there is nobody to send it to",
                )
                .to_string(),
            EmlError::Calendar(e) | EmlError::Build(e) => sanitize_line(e),
        }
    }
}

/// The message. `event` is the meeting as the calendar export writes it; `stamp` is
/// the message's date and the event's `DTSTAMP`.
pub fn invitation(
    inv: &Invitation,
    event: &MeetingEvent,
    stamp: DateTime<Utc>,
    lang: Lang,
) -> Result<Vec<u8>, EmlError> {
    let from = sender(inv)?;
    if inv.recipients.is_empty() {
        return Err(EmlError::NoRecipients);
    }
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(inv.subject(lang))
        .date(stamp.into())
        .message_id(Some(format!(
            "<invitation-{}-{}@kpss>",
            event.meeting.id,
            stamp.timestamp()
        )))
        // Outlook opens a message with this header as a draft, ready to send.
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Unsent"),
            "1".to_string(),
        ));
    let mut attendees = Vec::new();
    for r in &inv.recipients {
        let address = r.email.parse().map_err(|_| EmlError::Address {
            who: r.name.clone(),
            address: r.email.clone(),
        })?;
        builder = builder.to(Mailbox::new(Some(r.name.clone()), address));
        attendees.push(Invitee {
            name: r.name.clone(),
            email: r.email.clone(),
        });
    }
    let organizer = Invitee {
        name: from.name.clone().unwrap_or_default(),
        email: from.email.to_string(),
    };
    let calendar = crate::ics::request(event, &organizer, &attendees, stamp)
        .map_err(|e| EmlError::Calendar(e.message(lang)))?;
    let calendar_type = ContentType::parse("text/calendar; method=REQUEST; charset=UTF-8")
        .map_err(|e| EmlError::Build(e.to_string()))?;
    let body = letter_body(inv, &inv.salutation_all, lang);
    let message = builder
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(body))
                .singlepart(
                    SinglePart::builder()
                        .header(calendar_type)
                        .header(ContentDisposition::attachment("pozvanka.ics"))
                        .body(calendar),
                ),
        )
        .map_err(|e| EmlError::Build(e.to_string()))?;
    Ok(message.formatted())
}

/// `[paper] from`, else the signature's e-mail with the signature's name.
fn sender(inv: &Invitation) -> Result<Mailbox, EmlError> {
    if !inv.from.is_empty() {
        return inv.from.parse().map_err(|_| EmlError::Address {
            who: "[paper] from".to_string(),
            address: inv.from.clone(),
        });
    }
    if inv.sender_email.is_empty() {
        return Err(EmlError::NoSender);
    }
    let address = inv.sender_email.parse().map_err(|_| EmlError::Address {
        who: "[paper.sender] email".to_string(),
        address: inv.sender_email.clone(),
    })?;
    let name = Some(inv.sender_name.clone()).filter(|n| !n.is_empty());
    Ok(Mailbox::new(name, address))
}
