//! The subcommands.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::args::{Cli, Command, ExportFormat, Report};
use crate::cli::database_dir;
use crate::cli::open::{Opened, open};
use crate::interchange;
use crate::model::{Kind, Lang};
use crate::store::{EmbeddedStore, Store};

pub fn run(cli: &Cli, lang: Lang) -> Result<ExitCode, String> {
    let dir = database_dir(cli).ok_or_else(|| {
        lang.pick(
            "nelze určit složku pro databázi; zadejte ji volbou --db",
            "cannot find a data directory; give the database with --db",
        )
        .to_string()
    })?;
    if let Some(Command::Serve {
        group,
        roles,
        max_clients,
    }) = &cli.command
    {
        return crate::cli::serve::run(
            &dir,
            cli.socket.as_deref(),
            crate::cli::serve::Options {
                group: group.as_deref(),
                roles: roles.as_deref(),
                max_clients: *max_clients,
            },
            lang,
        );
    }
    if cli.command.is_none() && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return crate::cli::tui::run(&dir, cli.socket.as_deref(), lang);
    }
    let store = open(&dir, cli.socket.as_deref(), lang)?;
    let result = command(cli, &store, &dir, lang);
    if cli.command.as_ref().is_some_and(Command::reads_only) {
        // Nothing was written, so there is nothing to flush: the page cache is left to
        // the process's exit rather than taken apart entry by entry (a fifth of a
        // read's time on a large register).
        std::mem::forget(store);
    }
    result
}

fn command(cli: &Cli, opened: &Opened, dir: &Path, lang: Lang) -> Result<ExitCode, String> {
    let store = opened.store();
    match &cli.command {
        None => summary(store, dir, lang),
        Some(Command::Init { sample }) => init(store, dir, *sample, lang),
        Some(Command::Export {
            format: ExportFormat::Json,
            out,
            ..
        }) => export(store, out.as_deref(), lang),
        Some(Command::Export {
            format: ExportFormat::Ics,
            out,
            filter,
        }) => crate::cli::ics::export(store, filter, out.as_deref(), lang),
        Some(Command::Import {
            ics: Some(file),
            group,
            region,
            ..
        }) => crate::cli::ics::import(store, file, *group, *region, lang),
        Some(Command::Import {
            file: Some(file), ..
        }) => import(store, file, lang),
        Some(Command::Import { .. }) => Err(lang
            .pick("zadejte soubor k načtení", "give a file to import")
            .to_string()),
        Some(Command::Agenda { filter, format }) => {
            crate::cli::agenda::run(store, filter, *format, lang)
        }
        Some(Command::Report(Report::Attendance {
            project,
            region,
            from,
            to,
            format,
            out,
        })) => crate::cli::report::attendance(
            store,
            crate::cli::report::Scope::new(project.as_deref(), *region),
            from,
            to,
            *format,
            out.as_deref(),
            lang,
        ),
        Some(Command::Check) => match opened {
            Opened::Local(store) => check(store, lang),
            Opened::Shared(_) => Err(lang
                .pick(
                    "databázi obsluhuje sdílený server (kpss serve); kontrolu spusťte, až ho zastavíte",
                    "a shared server (kpss serve) serves the database; run the check once it is stopped",
                )
                .to_string()),
        },
        Some(Command::Serve { .. }) => Ok(ExitCode::SUCCESS),
    }
}

/// Progress notes go to standard error, and only when a person is watching.
pub(super) fn progress(text: &str) {
    if std::io::stderr().is_terminal() {
        eprintln!("{text}");
    }
}

fn counts(store: &dyn Store, lang: Lang) -> Result<String, String> {
    let mut parts = Vec::new();
    for kind in Kind::ALL {
        let n = store.list(kind).map_err(|e| e.message(lang))?.len();
        parts.push(format!("{}: {n}", kind.label(lang)));
    }
    Ok(parts.join(", "))
}

fn summary(store: &dyn Store, dir: &Path, lang: Lang) -> Result<ExitCode, String> {
    println!("kpss – {}", dir.display());
    if store.is_empty().map_err(|e| e.message(lang))? {
        println!(
            "{}",
            lang.pick(
                "Databáze je prázdná. Ukázkový rejstřík nahrajete příkazem `kpss init --sample`.",
                "The database is empty. Load the sample register with `kpss init --sample`.",
            )
        );
    } else {
        println!("{}", counts(store, lang)?);
    }
    Ok(ExitCode::SUCCESS)
}

fn init(store: &dyn Store, dir: &Path, sample: bool, lang: Lang) -> Result<ExitCode, String> {
    if sample {
        let register = crate::sample::sample_register().map_err(|e| e.to_string())?;
        let n = store.import(&register).map_err(|e| e.message(lang))?;
        println!(
            "{} {n} {} → {}",
            lang.pick("Nahráno", "Loaded"),
            lang.pick(
                "záznamů ukázkového rejstříku",
                "records of the sample register"
            ),
            dir.display()
        );
    } else {
        println!(
            "{} {}",
            lang.pick("Databáze připravena:", "Database ready:"),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn export(store: &dyn Store, out: Option<&Path>, lang: Lang) -> Result<ExitCode, String> {
    let register = store.export().map_err(|e| e.message(lang))?;
    let text = interchange::write(&register).map_err(|e| e.to_string())?;
    write_output(text.as_bytes(), out)?;
    if let Some(path) = out {
        progress(&format!(
            "{} {} {} → {}",
            lang.pick("Zapsáno", "Wrote"),
            register.len(),
            lang.pick("záznamů", "records"),
            path.display()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a command's output to a file, or to standard output without a file. A file is
/// written beside its target and renamed, so a failed write never leaves half a file.
pub(super) fn write_output(bytes: &[u8], out: Option<&Path>) -> Result<(), String> {
    match out {
        Some(path) => {
            let tmp = path.with_extension("kpss-tmp");
            std::fs::write(&tmp, bytes)
                .and_then(|()| std::fs::rename(&tmp, path))
                .map_err(|e| format!("{}: {e}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| e.to_string())
        }
    }
}

fn import(store: &dyn Store, file: &Path, lang: Lang) -> Result<ExitCode, String> {
    let mut text = String::new();
    let read = if file == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    read.map_err(|e| format!("{}: {e}", file.display()))?;
    progress(&format!(
        "{} {}…",
        lang.pick("Čtu", "Reading"),
        file.display()
    ));
    let register =
        interchange::read(&text).map_err(|e| format!("{}: {}", file.display(), e.message(lang)))?;
    progress(&format!(
        "{} {} {}…",
        lang.pick("Ukládám", "Storing"),
        register.len(),
        lang.pick("záznamů", "records")
    ));
    let n = store
        .import(&register)
        .map_err(|e| format!("{}: {}", file.display(), e.message(lang)))?;
    println!(
        "{} {n} {}",
        lang.pick("Načteno", "Imported"),
        lang.pick("záznamů", "records")
    );
    Ok(ExitCode::SUCCESS)
}

fn check(store: &EmbeddedStore, lang: Lang) -> Result<ExitCode, String> {
    let report = store.check().map_err(|e| e.message(lang))?;
    for problem in &report.problems {
        println!("{} {problem}", lang.pick("CHYBA", "PROBLEM"));
    }
    let records: Vec<String> = report
        .records
        .iter()
        .map(|(kind, n)| format!("{}: {n}", kind.label(lang)))
        .collect();
    println!("{}", records.join(", "));
    println!(
        "{}: {}, {}: {}, {}: {}",
        lang.pick("položek indexů", "index entries"),
        report.index_entries,
        lang.pick("záznamů historie", "audit entries"),
        report.audit_entries,
        lang.pick("chyb", "problems"),
        report.problems.len()
    );
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
