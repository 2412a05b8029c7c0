//! `kpss person export ID` and `kpss person erase ID`: a person's data on request and
//! its erasure (GDPR Art. 15 and 17). Both are recorded in the audit trail; on the
//! shared server erasure is for admins only.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::args::PersonCommand;
use crate::cli::output::{Failure, file_error, line, progress, stdout_bytes};
use crate::disclosure;
use crate::model::text::{sanitize, sanitize_line};
use crate::model::{Id, Kind, Lang, RecordRef};
use crate::store::Store;

pub fn run(store: &dyn Store, command: &PersonCommand, lang: Lang) -> Result<ExitCode, Failure> {
    match command {
        PersonCommand::Export { id, out } => export(store, *id, out.as_deref(), lang),
        PersonCommand::Erase { id, yes } => erase(store, *id, *yes, lang),
    }
}

fn export(store: &dyn Store, id: Id, out: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    let data = store.person_data(id).map_err(|e| e.message(lang))?;
    let text = disclosure::person_json(&data).map_err(|e| e.to_string())?;
    match out {
        Some(path) => {
            disclosure::write_private(path, text.as_bytes())
                .map_err(|e| file_error(path, &e, lang))?;
            progress(&format!(
                "{} → {}",
                lang.pick("Osobní údaje zapsány", "Personal data written"),
                path.display()
            ));
        }
        None => stdout_bytes(text.as_bytes(), lang)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn erase(store: &dyn Store, id: Id, yes: bool, lang: Lang) -> Result<ExitCode, Failure> {
    if !yes {
        let name = match store
            .get(RecordRef::new(Kind::Person, id))
            .map_err(|e| e.message(lang))?
        {
            Some(stored) => sanitize_line(&stored.record.title()),
            None => format!("{} {id}", lang.pick("č.", "no.")),
        };
        if !std::io::stdin().is_terminal() {
            return Err(Failure::Message(match lang {
                Lang::Cs => format!(
                    "osobu „{name}“ anonymizuje až potvrzení na terminálu, nebo volba --yes"
                ),
                Lang::En => {
                    format!("erasing “{name}” needs a confirmation on a terminal, or --yes")
                }
            }));
        }
        if !confirmed(&disclosure::erase_question(&name, lang), lang)? {
            progress(lang.pick("Zrušeno, nic se nezměnilo.", "Cancelled; nothing changed."));
            return Ok(ExitCode::SUCCESS);
        }
    }
    let report = store.erase_person(id).map_err(|e| e.message(lang))?;
    line(&disclosure::erase_summary(&report, lang), lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Asks on standard error and reads the answer from standard input: yes only for
/// `a`/`ano`/`y`/`yes`.
fn confirmed(question: &str, lang: Lang) -> Result<bool, Failure> {
    let mut err = std::io::stderr().lock();
    let asked = format!("{} [{}] ", sanitize(question), lang.pick("a/N", "y/N"));
    let io = |e: std::io::Error| Failure::Message(crate::model::system::io_error(&e, lang));
    err.write_all(asked.as_bytes())
        .and_then(|()| err.flush())
        .map_err(io)?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).map_err(io)?;
    Ok(matches!(
        answer.trim().to_lowercase().as_str(),
        "a" | "ano" | "y" | "yes"
    ))
}
