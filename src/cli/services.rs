//! `kpss report capacity` and `kpss report catalogue`: read a territory's services (an
//! ORP's, or every ORP's of a kraj) through the region index, with their providers,
//! contact people and ORP names, and hand them to [`crate::report`].

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::agenda::date_option;
use crate::cli::args::{CapacityFormat, CatalogueFormat, TerritoryArgs};
use crate::cli::output::{Failure, deliver, progress};
use crate::model::text::{fold, sanitize_line};
use crate::model::{Id, Kind, Kraj, Labelled, Lang, Organisation, Person, Region, Service};
use crate::report::{capacity, catalogue};
use crate::store::{Store, StoreExt, typed};

/// A kraj by its name or short name: "Jihočeský kraj", "jihocesky", "jihočeský".
fn kraj_named(name: &str, lang: Lang) -> Result<Kraj, String> {
    let wanted = fold(name);
    Kraj::ALL
        .iter()
        .copied()
        .find(|k| {
            let label = fold(k.label_cs());
            let short = serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            label == wanted || short == wanted || label.split(' ').next() == Some(&*wanted)
        })
        .ok_or_else(|| match lang {
            Lang::Cs => format!(
                "--kraj {}: takový kraj neznám (např. jihocesky)",
                sanitize_line(name.trim())
            ),
            Lang::En => format!(
                "--kraj {}: no such kraj (e.g. jihocesky)",
                sanitize_line(name.trim())
            ),
        })
}

/// Every region (ORP) of the register.
pub(crate) fn regions(store: &dyn Store, lang: Lang) -> Result<Vec<Region>, String> {
    let regions = store.list_as::<Region>().map_err(|e| e.message(lang))?;
    Ok(regions.into_iter().map(|v| v.record).collect())
}

/// A territory's name, its services and the names of the ORPs by id.
type Read = (String, Vec<Service>, HashMap<Id, String>);

/// The territory's name and its services, each once, read through the region index.
fn services_of(store: &dyn Store, territory: &TerritoryArgs, lang: Lang) -> Result<Read, String> {
    let err = |e: crate::store::StoreError| e.message(lang);
    let regions = regions(store, lang)?;
    let names: HashMap<Id, String> = regions.iter().map(|r| (r.id, r.name.clone())).collect();
    let (title, ids): (String, Vec<Id>) = match (territory.region, territory.kraj.as_deref()) {
        (Some(id), _) => {
            let name = names.get(&id).ok_or_else(|| match lang {
                Lang::Cs => format!("--region: ORP s ID {id} v rejstříku není"),
                Lang::En => format!("--region: no region with the ID {id} in the register"),
            })?;
            (format!("ORP {name}"), vec![id])
        }
        (None, Some(name)) => {
            let kraj = kraj_named(name, lang)?;
            let ids = regions
                .iter()
                .filter(|r| r.kraj == Some(kraj))
                .map(|r| r.id)
                .collect();
            (kraj.label(lang).to_string(), ids)
        }
        (None, None) => {
            return Err(lang
                .pick(
                    "zadejte --region ID nebo --kraj NÁZEV",
                    "give --region ID or --kraj NAME",
                )
                .to_string());
        }
    };
    let mut seen = HashSet::new();
    let mut services = Vec::new();
    for id in ids {
        for v in store.in_region(Kind::Service, id).map_err(err)? {
            if let Some(s) = typed::<Service>(v)
                && seen.insert(s.record.id)
            {
                services.push(s.record);
            }
        }
    }
    Ok((title, services, names))
}

/// The date a report is for: `--date`, or today.
fn report_date(date: Option<&str>, lang: Lang) -> Result<NaiveDate, String> {
    match date {
        Some(d) => date_option("--date", d, lang),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// A binary file is not written to a terminal.
fn binary_needs_a_file(out: Option<&Path>, what: &str, lang: Lang) -> Result<(), String> {
    if out.is_none() && std::io::stdout().is_terminal() {
        return Err(match lang {
            Lang::Cs => format!("{what} je binární soubor: zadejte --out SOUBOR"),
            Lang::En => format!("{what} is a binary file: give --out FILE"),
        });
    }
    Ok(())
}

/// What a report reads first: its date and the territory's services (with the
/// territory's name and the ORPs' names); `binary` names a binary format, which is not
/// written to a terminal.
fn report_input(
    store: &dyn Store,
    territory: &TerritoryArgs,
    binary: Option<&str>,
    out: Option<&Path>,
    lang: Lang,
) -> Result<(NaiveDate, Read), Failure> {
    let date = report_date(territory.date.as_deref(), lang)?;
    if let Some(what) = binary {
        binary_needs_a_file(out, what, lang)?;
    }
    Ok((date, services_of(store, territory, lang)?))
}

pub fn capacity_report(
    store: &dyn Store,
    territory: &TerritoryArgs,
    format: CapacityFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let binary = (format == CapacityFormat::Xlsx).then_some("XLSX");
    let (date, (title, services, _)) = report_input(store, territory, binary, out, lang)?;
    let report = capacity::capacity(&title, date, &services);
    let bytes = match format {
        CapacityFormat::Md => capacity::markdown(&report, lang).into_bytes(),
        CapacityFormat::Csv => capacity::csv(&report, lang)?,
        CapacityFormat::Xlsx => capacity::xlsx(&report, lang)?,
    };
    deliver(&bytes, out, lang)
}

pub fn catalogue_report(
    store: &dyn Store,
    territory: &TerritoryArgs,
    format: CatalogueFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let err = |e: crate::store::StoreError| e.message(lang);
    let binary = (format == CatalogueFormat::Docx).then_some("DOCX");
    let (date, (title, services, regions)) = report_input(store, territory, binary, out, lang)?;
    progress(&format!(
        "{} {}…",
        lang.pick(
            "Čtu poskytovatele služeb:",
            "Reading the providers of services:"
        ),
        services.len()
    ));
    let mut providers: HashMap<Id, Organisation> = HashMap::new();
    let mut people: HashMap<Id, String> = HashMap::new();
    for s in &services {
        if let std::collections::hash_map::Entry::Vacant(slot) = providers.entry(s.provider)
            && let Some(o) = store.get_as::<Organisation>(s.provider).map_err(err)?
        {
            slot.insert(o.record);
        }
        if let Some(id) = s.contact_person
            && !people.contains_key(&id)
            && let Some(p) = store.get_as::<Person>(id).map_err(err)?
        {
            people.insert(id, p.record.display_name());
        }
    }
    let lookup = catalogue::Lookup {
        providers: &providers,
        people: &people,
        regions: &regions,
    };
    let c = catalogue::catalogue(&title, date, services, &lookup);
    let bytes = match format {
        CatalogueFormat::Md => catalogue::markdown(&c, lang).into_bytes(),
        CatalogueFormat::Html => catalogue::html(&c, lang).into_bytes(),
        CatalogueFormat::Docx => catalogue::docx(&c, lang)?,
    };
    deliver(&bytes, out, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kraj_is_found_by_its_name_or_short_name() {
        for name in ["jihocesky", "Jihočeský kraj", "jihočeský", "JIHOCESKY KRAJ"] {
            assert_eq!(kraj_named(name, Lang::Cs), Ok(Kraj::Jihocesky), "{name}");
        }
        assert!(kraj_named("Morava", Lang::Cs).is_err());
    }

    /// The name quoted back in the message is sanitized: no terminal escapes.
    #[test]
    fn an_unknown_kraj_is_quoted_sanitized() {
        let message = kraj_named("Mor\u{1b}]0;x\u{7}ava", Lang::Cs).unwrap_err();
        assert!(!message.contains('\u{1b}'), "{message:?}");
        assert!(message.starts_with("--kraj "), "{message:?}");
    }

    /// Both reports take the same territory options: `--region` or `--kraj`, not both,
    /// not neither, and `--date`.
    #[test]
    fn both_reports_parse_the_territory_options() {
        use crate::cli::args::{Cli, Command, Report};
        use clap::Parser;
        for report in ["capacity", "catalogue"] {
            let cli = Cli::try_parse_from([
                "kpss",
                "report",
                report,
                "--kraj",
                "jihocesky",
                "--date",
                "2026-11-22",
            ])
            .unwrap();
            let territory = match cli.command {
                Some(Command::Report(
                    Report::Capacity { territory, .. } | Report::Catalogue { territory, .. },
                )) => territory,
                other => panic!("{other:?}"),
            };
            assert_eq!(territory.kraj.as_deref(), Some("jihocesky"));
            assert_eq!(territory.date.as_deref(), Some("2026-11-22"));
            assert_eq!(territory.region, None);
            let both = [
                "kpss",
                "report",
                report,
                "--region",
                "1",
                "--kraj",
                "jihocesky",
            ];
            assert!(Cli::try_parse_from(both).is_err(), "{report}");
            assert!(
                Cli::try_parse_from(["kpss", "report", report]).is_err(),
                "{report}"
            );
        }
    }

    /// Each report reads the territory's services on its date and writes the file.
    #[test]
    fn both_reports_write_the_kraj_to_a_file() {
        let store = crate::store::EmbeddedStore::temporary("referentka").unwrap();
        store
            .import(&crate::sample::sample_register().unwrap())
            .unwrap();
        let territory = TerritoryArgs {
            region: None,
            kraj: Some("jihocesky".into()),
            date: Some("2026-11-22".into()),
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("katalog.md");
        catalogue_report(
            &store,
            &territory,
            CatalogueFormat::Md,
            Some(&file),
            Lang::Cs,
        )
        .unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("# Katalog poskytovatelů"), "{text}");
        assert!(text.contains("Jihočeský kraj"), "{text}");
        assert!(text.contains("22. listopadu 2026"), "{text}");
        let file = dir.path().join("kapacita.md");
        capacity_report(
            &store,
            &territory,
            CapacityFormat::Md,
            Some(&file),
            Lang::Cs,
        )
        .unwrap();
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains("Jihočeský kraj")
        );
        let bad = TerritoryArgs {
            date: Some("22. 11.".into()),
            ..territory
        };
        assert!(capacity_report(&store, &bad, CapacityFormat::Md, Some(&file), Lang::Cs).is_err());
    }
}
