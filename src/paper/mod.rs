//! A meeting's paperwork: the attendance sheet (prezenční listina), the invitation
//! (pozvánka) and the minutes' skeleton (zápis), built from the register's facts, and
//! written as Markdown, DOCX and (the invitation) an e-mail message with the meeting
//! attached as an iCalendar request.
//!
//! [`facts::gather`] reads what a meeting's papers need from the store; the builders
//! ([`AttendanceSheet`], [`Invitation`], [`Minutes`]) and the writers are pure.

pub mod docx;
pub mod eml;
pub mod facts;
pub mod header;
pub mod invitation;
pub mod markdown;
pub mod minutes;
pub mod settings;
pub mod sheet;

pub use facts::{Facts, Member, gather};
pub use header::Header;
pub use invitation::{Invitation, Letter, Recipient};
pub use minutes::Minutes;
pub use settings::{PaperSettings, Sender};
pub use sheet::{AttendanceSheet, SheetRow};

/// Which paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    AttendanceSheet,
    Invitation,
    Minutes,
}

/// In which format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Docx,
    Eml,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Docx => "docx",
            Format::Eml => "eml",
        }
    }
}

impl Paper {
    /// The stem of the file name the application offers: "prezencni-listina-5".
    pub fn file_stem(self) -> &'static str {
        match self {
            Paper::AttendanceSheet => "prezencni-listina",
            Paper::Invitation => "pozvanka",
            Paper::Minutes => "zapis",
        }
    }
}

/// Why a paper cannot be written.
#[derive(Debug)]
pub enum PaperError {
    /// Only the invitation is a message.
    NotAMessage,
    Eml(eml::EmlError),
    Docx(std::io::Error),
}

impl PaperError {
    pub fn message(&self, lang: crate::model::Lang) -> String {
        match self {
            PaperError::NotAMessage => lang
                .pick(
                    "e-mailem (--format eml) lze napsat jen pozvánku",
                    "only the invitation can be written as an e-mail (--format eml)",
                )
                .to_string(),
            PaperError::Eml(e) => e.message(lang),
            PaperError::Docx(e) => format!(
                "{}: {}",
                lang.pick(
                    "dokument DOCX nelze sestavit",
                    "cannot build the DOCX document"
                ),
                crate::model::system::io_error(e, lang)
            ),
        }
    }
}

/// The bytes of `paper` in `format` for the meeting of `facts`. `stamp` is an e-mail's
/// date and its event's `DTSTAMP`.
pub fn render(
    paper: Paper,
    format: Format,
    facts: &Facts,
    settings: &PaperSettings,
    stamp: chrono::DateTime<chrono::Utc>,
    lang: crate::model::Lang,
) -> Result<Vec<u8>, PaperError> {
    match (paper, format) {
        (Paper::AttendanceSheet, Format::Md) => Ok(markdown::attendance_sheet(
            &AttendanceSheet::new(facts, &settings.funding_line, lang),
            lang,
        )
        .into_bytes()),
        (Paper::AttendanceSheet, Format::Docx) => docx::attendance_sheet(
            &AttendanceSheet::new(facts, &settings.funding_line, lang),
            lang,
        )
        .map_err(PaperError::Docx),
        (Paper::Invitation, Format::Md) => {
            Ok(markdown::invitation(&Invitation::new(facts, settings, lang), lang).into_bytes())
        }
        (Paper::Invitation, Format::Docx) => {
            docx::invitation(&Invitation::new(facts, settings, lang), lang)
                .map_err(PaperError::Docx)
        }
        (Paper::Invitation, Format::Eml) => {
            let event = crate::ics::MeetingEvent {
                meeting: facts.meeting.clone(),
                group: facts.group.as_ref().map(|g| g.label().to_string()),
                region: facts.region.clone(),
                number: facts.number,
            };
            eml::invitation(&Invitation::new(facts, settings, lang), &event, stamp, lang)
                .map_err(PaperError::Eml)
        }
        (Paper::Minutes, Format::Md) => {
            Ok(markdown::minutes(&Minutes::new(facts, lang), lang).into_bytes())
        }
        (Paper::Minutes, Format::Docx) => {
            docx::minutes(&Minutes::new(facts, lang), lang).map_err(PaperError::Docx)
        }
        (Paper::AttendanceSheet | Paper::Minutes, Format::Eml) => Err(PaperError::NotAMessage),
    }
}
