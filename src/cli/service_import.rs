//! `kpss import --services FILE.csv [--dry-run]`: a spreadsheet export of providers'
//! services checked whole, shown as the changes it makes, and applied as one change set
//! (or, with `--dry-run`, only shown).

use std::path::Path;
use std::process::ExitCode;

use crate::cli::output::{Failure, file_error, line, progress};
use crate::interchange::services_csv::{self, Existing};
use crate::model::{Lang, Organisation, Service};
use crate::store::{Store, StoreExt};

pub fn run(store: &dyn Store, file: &Path, dry_run: bool, lang: Lang) -> Result<ExitCode, Failure> {
    let err = |e: crate::store::StoreError| e.message(lang);
    let bytes = std::fs::read(file).map_err(|e| file_error(file, &e, lang))?;
    progress(&format!(
        "{} {}…",
        lang.pick("Kontroluji", "Checking"),
        file.display()
    ));
    let organisations = store.list_as::<Organisation>().map_err(err)?;
    let services = store.list_as::<Service>().map_err(err)?;
    let regions = crate::cli::services::regions(store, lang)?;
    let existing = Existing {
        organisations: &organisations,
        services: &services,
        regions: &regions,
    };
    let plan = match services_csv::plan(&bytes, &existing, lang) {
        Ok(plan) => plan,
        Err(errors) => {
            let mut text = format!(
                "{}: {}",
                file.display(),
                match lang {
                    Lang::Cs => format!("soubor má chyby ({}), nic nebylo změněno:", errors.len()),
                    Lang::En => format!(
                        "the file has errors ({}); nothing was changed:",
                        errors.len()
                    ),
                }
            );
            for e in &errors {
                text.push_str("\n  ");
                text.push_str(&e.message(lang));
            }
            return Err(Failure::Message(text));
        }
    };
    for l in &plan.lines {
        line(l, lang)?;
    }
    let summary = match lang {
        Lang::Cs => format!(
            "nových poskytovatelů: {}, nových služeb: {}, změněných služeb: {}, beze změny: {}",
            plan.new_providers, plan.new_services, plan.updated_services, plan.unchanged_services
        ),
        Lang::En => format!(
            "new providers: {}, new services: {}, services changed: {}, unchanged: {}",
            plan.new_providers, plan.new_services, plan.updated_services, plan.unchanged_services
        ),
    };
    if dry_run {
        line(
            &format!(
                "{summary}. {}",
                lang.pick(
                    "Zkouška nanečisto: nic nebylo zapsáno.",
                    "Dry run: nothing was written."
                )
            ),
            lang,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let done = match plan.set.is_empty() {
        true => lang.pick("Není co měnit.", "Nothing to change."),
        false => {
            store.apply(plan.set).map_err(err)?;
            lang.pick("Uloženo jako jedna změna.", "Stored as one change.")
        }
    };
    line(&format!("{summary}. {done}"), lang)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::store::EmbeddedStore;

    /// A dry run shows the changes and writes nothing; the same file without it writes.
    #[test]
    fn a_dry_run_changes_nothing() {
        let store = EmbeddedStore::temporary("referentka").unwrap();
        store
            .import(&crate::sample::sample_register().unwrap())
            .unwrap();
        let before = store.export().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sluzby.csv");
        std::fs::write(
            &file,
            "IČO;Poskytovatel;Služba;Druh;Forma;Obce
             00000019;Nový poskytovatel;Osobní asistence;§ 39;terénní;Soběslav
",
        )
        .unwrap();
        run(&store, &file, true, Lang::Cs).unwrap();
        assert_eq!(store.export().unwrap(), before);
        run(&store, &file, false, Lang::Cs).unwrap();
        let services = store.list(Kind::Service).unwrap().len();
        assert_eq!(services, before.services.len() + 1);
        assert_eq!(
            store.list(Kind::Organisation).unwrap().len(),
            before.organisations.len() + 1
        );
    }
}
