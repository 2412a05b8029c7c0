//! `kpss report capacity` and `kpss report catalogue`: read a territory's services (an
//! ORP's, or every ORP's of a kraj) through the region index, with their providers,
//! contact people and ORP names, and hand them to [`crate::report`].

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::agenda::date_option;
use crate::cli::args::{CapacityFormat, CatalogueFormat};
use crate::cli::output::{Failure, progress, write_output};
use crate::model::text::fold;
use crate::model::{Id, Kind, Kraj, Labelled, Lang, Organisation, Person, Region, Service};
use crate::report::{capacity, catalogue};
use crate::store::{Store, StoreExt, typed};

/// The territory a report covers: `--region ID` or `--kraj NAME`.
pub struct Territory<'a> {
    pub region: Option<Id>,
    pub kraj: Option<&'a str>,
}

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
                name.trim()
            ),
            Lang::En => format!("--kraj {}: no such kraj (e.g. jihocesky)", name.trim()),
        })
}

/// A territory's name, its services and the names of the ORPs by id.
type Read = (String, Vec<Service>, HashMap<Id, String>);

/// The territory's name and its services, each once, read through the region index.
fn services_of(store: &dyn Store, territory: &Territory, lang: Lang) -> Result<Read, String> {
    let err = |e: crate::store::StoreError| e.message(lang);
    let regions: Vec<Region> = store
        .list_as::<Region>()
        .map_err(err)?
        .into_iter()
        .map(|v| v.record)
        .collect();
    let names: HashMap<Id, String> = regions.iter().map(|r| (r.id, r.name.clone())).collect();
    let (title, ids): (String, Vec<Id>) = match (territory.region, territory.kraj) {
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

fn written(out: Option<&Path>, lang: Lang) {
    if let Some(path) = out {
        progress(&format!(
            "{} {}",
            lang.pick("Zapsáno do", "Written to"),
            path.display()
        ));
    }
}

pub fn capacity_report(
    store: &dyn Store,
    territory: &Territory,
    date: Option<&str>,
    format: CapacityFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let date = report_date(date, lang)?;
    if format == CapacityFormat::Xlsx {
        binary_needs_a_file(out, "XLSX", lang)?;
    }
    let (title, services, _) = services_of(store, territory, lang)?;
    let report = capacity::capacity(&title, date, &services);
    let bytes = match format {
        CapacityFormat::Md => capacity::markdown(&report, lang).into_bytes(),
        CapacityFormat::Csv => capacity::csv(&report, lang)?,
        CapacityFormat::Xlsx => capacity::xlsx(&report, lang)?,
    };
    write_output(&bytes, out, lang)?;
    written(out, lang);
    Ok(ExitCode::SUCCESS)
}

pub fn catalogue_report(
    store: &dyn Store,
    territory: &Territory,
    date: Option<&str>,
    format: CatalogueFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let err = |e: crate::store::StoreError| e.message(lang);
    let date = report_date(date, lang)?;
    if format == CatalogueFormat::Docx {
        binary_needs_a_file(out, "DOCX", lang)?;
    }
    let (title, services, regions) = services_of(store, territory, lang)?;
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
    write_output(&bytes, out, lang)?;
    written(out, lang);
    Ok(ExitCode::SUCCESS)
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
}
