//! The subcommands.

use std::io::{self, BufWriter, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::args::{Cli, Command, ExportFormat, Report};
use crate::cli::open::{Opened, Target, open, open_directly};
use crate::cli::output::{Failure, file_error, line, progress, stdout_failure};
use crate::config::Config;
use crate::model::text::sanitize_line;
use crate::model::{Kind, Lang};
use crate::store::{EmbeddedStore, ExportError, Store};

pub fn run(cli: &Cli, lang: Lang) -> Result<ExitCode, Failure> {
    let config = Config::load().map_err(|e| e.message(lang))?;
    let target = Target::resolve(cli, &config, lang)?;
    let dir = target.dir.clone();
    if let Some(Command::Serve {
        group,
        roles,
        max_clients,
        backup_every,
        backup_dir,
        backup_keep,
    }) = &cli.command
    {
        // The daemon makes its directory itself, for its user alone.
        let backups = crate::cli::backup::Schedule {
            every: *backup_every,
            dir: backup_dir
                .clone()
                .unwrap_or_else(|| crate::backup::default_dir(&dir)),
            keep: *backup_keep as usize,
        };
        return Ok(crate::cli::serve::run(
            &dir,
            Some(target.socket.path()),
            crate::cli::serve::Options {
                group: group.as_deref(),
                roles: roles.as_deref(),
                max_clients: *max_clients,
                backups,
            },
            lang,
        )?);
    }
    if let Some(Command::Restore { file }) = &cli.command {
        return Ok(crate::cli::backup::restore(
            &dir,
            target.socket.path(),
            file,
            lang,
        )?);
    }
    if cli.command.is_none() && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(crate::cli::tui::run(&target, lang)?);
    }
    let store = match cli.command {
        Some(Command::Check) => open_directly(&target, lang),
        _ => open(&target, lang),
    }
    .map_err(|e| e.message(lang))?;
    let result = command(cli, &store, &dir, lang);
    if cli.command.as_ref().is_some_and(Command::reads_only) {
        // Nothing was written, so there is nothing to flush: the page cache is left to
        // the process's exit rather than taken apart entry by entry (a fifth of a
        // read's time on a large register).
        std::mem::forget(store);
    }
    result
}

fn command(cli: &Cli, opened: &Opened, dir: &Path, lang: Lang) -> Result<ExitCode, Failure> {
    let store = opened.store();
    match &cli.command {
        None => summary(store, &opened.database(dir, lang), lang),
        Some(Command::Init { sample }) => init(store, &opened.database(dir, lang), *sample, lang),
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
            services: Some(file),
            dry_run,
            ..
        }) => crate::cli::service_import::run(store, file, *dry_run, lang),
        Some(Command::Import {
            file: Some(file), ..
        }) => crate::cli::import::run(opened, file, lang),
        Some(Command::Import { .. }) => Err(lang
            .pick("zadejte soubor k načtení", "give a file to import")
            .to_string()
            .into()),
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
        Some(Command::Report(Report::Plan { plan, format, out })) => {
            crate::cli::plan_report::plan(store, *plan, *format, out.as_deref(), lang)
        }
        Some(Command::Report(Report::Monitoring {
            plan,
            year,
            format,
            out,
        })) => crate::cli::plan_report::monitoring(
            store,
            *plan,
            *year,
            *format,
            out.as_deref(),
            lang,
        ),
        Some(Command::Report(Report::Capacity {
            territory,
            format,
            out,
        })) => crate::cli::services::capacity_report(store, territory, *format, out.as_deref(), lang),
        Some(Command::Report(Report::Catalogue {
            territory,
            format,
            out,
        })) => crate::cli::services::catalogue_report(store, territory, *format, out.as_deref(), lang),
        Some(Command::Paper(paper)) => crate::cli::paper::run(store, paper, lang),
        Some(Command::Meeting(meeting)) => crate::cli::paper::meeting(store, meeting, lang),
        Some(Command::Remind {
            days,
            region,
            format,
            today,
        }) => crate::cli::remind::run(store, *days, *region, *format, today.as_deref(), lang),
        Some(Command::Person(person)) => crate::cli::person::run(store, person, lang),
        Some(Command::Check) => match opened {
            Opened::Local(store) => check(store, lang),
            Opened::Shared(_) => Err(lang
                .pick(
                    "databázi právě obsluhuje jiný proces kpss (sdílený server kpss serve, nebo kpss \
                     otevřený v jiném terminálu); kontrolu spusťte, až skončí",
                    "another kpss process serves the database (the shared server kpss serve, or \
                     kpss open in another terminal); run the check once it has ended",
                )
                .to_string()
                .into()),
        },
        Some(Command::Backup { dir: to, keep }) => crate::cli::backup::backup(
            store,
            &to.clone()
                .unwrap_or_else(|| crate::backup::default_dir(dir)),
            keep.map(|k| k as usize),
            lang,
        )
        .map_err(Failure::from),
        Some(Command::Serve { .. } | Command::Restore { .. }) => Ok(ExitCode::SUCCESS),
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

fn summary(store: &dyn Store, database: &str, lang: Lang) -> Result<ExitCode, Failure> {
    line(&format!("kpss – {database}"), lang)?;
    if store.is_empty().map_err(|e| e.message(lang))? {
        line(
            lang.pick(
                "Databáze je prázdná. Ukázkový rejstřík nahrajete příkazem `kpss init --sample`.",
                "The database is empty. Load the sample register with `kpss init --sample`.",
            ),
            lang,
        )?;
    } else {
        line(&counts(store, lang)?, lang)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `database` names the register as the user knows it: through the shared server, the
/// server's database, not a directory of the client's.
fn init(store: &dyn Store, database: &str, sample: bool, lang: Lang) -> Result<ExitCode, Failure> {
    if sample {
        let register = crate::sample::sample_register()
            .map_err(|e| crate::model::data_error::data_error(&e.to_string(), lang))?;
        let n = store.import(&register).map_err(|e| e.message(lang))?;
        line(
            &format!(
                "{} {n} {} → {}",
                lang.pick("Nahráno", "Loaded"),
                lang.pick(
                    "záznamů ukázkového rejstříku",
                    "records of the sample register"
                ),
                database
            ),
            lang,
        )?;
    } else {
        line(
            &format!(
                "{} {}",
                lang.pick("Databáze připravena:", "Database ready:"),
                database
            ),
            lang,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `kpss export`: the register's JSON, written as it is read (record by record from the
/// database opened here), into a file whole or not at all, or to standard output.
fn export(store: &dyn Store, out: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    const BUFFER: usize = 256 * 1024;
    let written = match out {
        Some(path) => crate::fsutil::fill_atomically(path, |file| {
            store.export_into(&mut BufWriter::with_capacity(BUFFER, file))
        }),
        None => store.export_into(&mut BufWriter::with_capacity(BUFFER, io::stdout().lock())),
    };
    let records = written.map_err(|e| match (e, out) {
        (ExportError::Source(e), _) => Failure::Message(e.message(lang)),
        (ExportError::Output(e), Some(path)) => Failure::Message(file_error(path, &e, lang)),
        (ExportError::Output(e), None) => stdout_failure(&e, lang),
    })?;
    if let Some(path) = out {
        let wrote = match (lang, records) {
            (Lang::En, _) => "Wrote",
            (Lang::Cs, 1) => "Zapsán",
            (Lang::Cs, 2..=4) => "Zapsány",
            (Lang::Cs, _) => "Zapsáno",
        };
        progress(&format!(
            "{wrote} {} → {}",
            lang.count(
                records,
                ["záznam", "záznamy", "záznamů", "record", "records"]
            ),
            sanitize_line(&path.display().to_string())
        ));
    }
    Ok(ExitCode::SUCCESS)
}

fn check(store: &EmbeddedStore, lang: Lang) -> Result<ExitCode, Failure> {
    let report = store.check().map_err(|e| e.message(lang))?;
    for problem in &report.problems {
        line(
            &format!(
                "{} {}",
                lang.pick("CHYBA", "PROBLEM"),
                problem.message(lang)
            ),
            lang,
        )?;
    }
    let records: Vec<String> = report
        .records
        .iter()
        .map(|(kind, n)| format!("{}: {n}", kind.label(lang)))
        .collect();
    line(&records.join(", "), lang)?;
    line(
        &format!(
            "{}: {} ({} {}), {}: {}, {}: {}",
            lang.pick("položek indexů", "index entries"),
            report.index_entries,
            lang.pick("klíčů", "keys"),
            report.index_keys,
            lang.pick("záznamů historie", "audit entries"),
            report.audit_entries,
            lang.pick("chyb", "problems"),
            report.problems.len()
        ),
        lang,
    )?;
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
