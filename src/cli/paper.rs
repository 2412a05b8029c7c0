//! `kpss paper attendance-sheet|invitation|minutes --meeting ID --format md|docx|eml`
//! writes a meeting's paper; `kpss meeting minutes ID --from FILE` stores the clerk's
//! minutes in the meeting, `kpss meeting invitation-sent ID [--unset]` marks the
//! invitation sent.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::ExitCode;

use crate::app::prefs::Prefs;
use crate::cli::args::{MeetingCommand, PaperArgs, PaperCommand, PaperFormat};
use crate::cli::output::{Failure, deliver, file_error, progress};
use crate::model::text::sanitize_line;
use crate::model::{Id, Lang, Meeting};
use crate::paper::{self, Paper, PaperSettings};
use crate::store::{Store, StoreExt};

pub fn run(store: &dyn Store, command: &PaperCommand, lang: Lang) -> Result<ExitCode, Failure> {
    let (paper, args) = match command {
        PaperCommand::AttendanceSheet(args) => (Paper::AttendanceSheet, args),
        PaperCommand::Invitation(args) => (Paper::Invitation, args),
        PaperCommand::Minutes(args) => (Paper::Minutes, args),
    };
    write(store, paper, args, lang)
}

/// The `[paper]` section of the clerk's settings: empty when the file or the section is
/// not there; a file that cannot be read or parsed is an error naming it and the line.
pub fn settings(lang: Lang) -> Result<PaperSettings, String> {
    let Some(file) = Prefs::user_file() else {
        return Ok(PaperSettings::default());
    };
    match Prefs::load(file) {
        (prefs, None) => Ok(prefs.paper().clone()),
        (_, Some(e)) => Err(e.message(lang)),
    }
}

fn write(
    store: &dyn Store,
    paper: Paper,
    args: &PaperArgs,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    if args.out.is_none() && args.format != PaperFormat::Md && std::io::stdout().is_terminal() {
        return Err(lang
            .pick(
                "dokument DOCX nebo e-mail se na terminál nevypisuje: zadejte --out SOUBOR",
                "a DOCX document or an e-mail is not written to a terminal: give --out FILE",
            )
            .to_string()
            .into());
    }
    let settings = settings(lang)?;
    let facts = paper::gather(store, args.meeting)
        .map_err(|e| e.message(lang))?
        .ok_or_else(|| no_meeting(args.meeting, lang))?;
    let bytes = paper::render(
        paper,
        args.format.into(),
        &facts,
        &settings,
        chrono::Utc::now(),
        lang,
    )
    .map_err(|e| e.message(lang))?;
    deliver(&bytes, args.out.as_deref(), lang)
}

fn no_meeting(id: Id, lang: Lang) -> String {
    match lang {
        Lang::Cs => format!("--meeting: jednání s ID {id} v rejstříku není"),
        Lang::En => format!("--meeting: no meeting with the ID {id} in the register"),
    }
}

pub fn meeting(
    store: &dyn Store,
    command: &MeetingCommand,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    match command {
        MeetingCommand::Minutes { id, from } => {
            let text = read_text(from, lang)?;
            change(store, *id, lang, |m| {
                m.minutes = text.trim_end().to_string()
            })?;
            progress(lang.pick("Zápis uložen.", "Minutes stored."));
        }
        MeetingCommand::InvitationSent { id, unset } => {
            let today = chrono::Local::now().date_naive();
            change(store, *id, lang, |m| {
                m.invitation_sent = if *unset { None } else { Some(today) };
            })?;
            progress(if *unset {
                lang.pick(
                    "Pozvánka označena jako neodeslaná.",
                    "Invitation marked not sent.",
                )
            } else {
                lang.pick(
                    "Pozvánka označena jako odeslaná.",
                    "Invitation marked sent.",
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn change(
    store: &dyn Store,
    id: Id,
    lang: Lang,
    edit: impl FnOnce(&mut Meeting),
) -> Result<(), String> {
    let stored = store
        .get_as::<Meeting>(id)
        .map_err(|e| e.message(lang))?
        .ok_or_else(|| match lang {
            Lang::Cs => format!("jednání s ID {id} v rejstříku není"),
            Lang::En => format!("no meeting with the ID {id} in the register"),
        })?;
    let mut meeting = stored.record;
    edit(&mut meeting);
    store
        .update_as(stored.rev, meeting)
        .map_err(|e| e.message(lang))?;
    Ok(())
}

/// A file's text (`-`: standard input), as UTF-8.
fn read_text(path: &Path, lang: Lang) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| file_error(path, &e, lang))?;
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "{}: {}",
            sanitize_line(&path.display().to_string()),
            lang.pick("soubor není v kódování UTF-8", "the file is not UTF-8")
        )
    })
}
