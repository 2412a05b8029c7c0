//! `kpss report attendance`: reads the scope's groups and their meetings in the period,
//! hands them to [`crate::report`], writes Markdown or CSV.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::agenda::{date_option, period_order};
use crate::cli::args::ReportFormat;
use crate::cli::output::{Failure, deliver, progress};
use crate::model::{Group, Kind, Lang, Meeting, Project, RecordRef, Region};
use crate::report::{self, Numbered};
use crate::store::{Store, StoreExt};

/// What a report covers: one project's groups, or one region's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Project(String),
    Region(u64),
    All,
}

impl Scope {
    pub fn new(project: Option<&str>, region: Option<u64>) -> Scope {
        match (project, region) {
            (Some(regno), _) => Scope::Project(regno.to_string()),
            (None, Some(id)) => Scope::Region(id),
            (None, None) => Scope::All,
        }
    }
}

pub fn attendance(
    store: &dyn Store,
    scope: Scope,
    from: &str,
    to: &str,
    format: ReportFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let from = date_option("--from", from, lang)?;
    let to = date_option("--to", to, lang)?;
    period_order(from, to, lang)?;
    let (title, groups) = groups_in_scope(store, &scope, lang)?;
    progress(&format!(
        "{} {} {}…",
        lang.pick("Čtu jednání", "Reading the meetings of"),
        groups.len(),
        lang.pick("skupin", "groups")
    ));
    let mut meetings = Vec::new();
    for group in &groups {
        // The group index gives every meeting's number without reading the meetings;
        // only those in the period are read.
        let dates = store
            .meeting_dates_of_group(group.id)
            .map_err(|e| e.message(lang))?;
        for (i, (date, id)) in dates.into_iter().enumerate() {
            if date < from || date > to {
                continue;
            }
            let meeting = store.get_as::<Meeting>(id).map_err(|e| e.message(lang))?;
            if let Some(v) = meeting {
                meetings.push(Numbered {
                    number: i + 1,
                    meeting: v.record,
                });
            }
        }
    }
    let today = chrono::Local::now().date_naive();
    let report = report::attendance(title, &groups, &meetings, from, to, today);
    let bytes = match format {
        ReportFormat::Md => report::markdown(&report, lang).into_bytes(),
        ReportFormat::Csv => report::csv(&report, lang)?,
    };
    deliver(&bytes, out, lang)
}

/// The scope in words and its groups.
fn groups_in_scope(
    store: &dyn Store,
    scope: &Scope,
    lang: Lang,
) -> Result<(String, Vec<Group>), String> {
    let err = |e: crate::store::StoreError| e.message(lang);
    match scope {
        Scope::Project(regno) => {
            let wanted = regno.trim();
            let project = store
                .list_as::<Project>()
                .map_err(err)?
                .into_iter()
                .map(|v| v.record)
                .find(|p| p.registration_number.eq_ignore_ascii_case(wanted))
                .ok_or_else(|| match lang {
                    Lang::Cs => format!("--project: projekt s registračním číslem {wanted} v rejstříku není"),
                    Lang::En => format!("--project: no project with the registration number {wanted} in the register"),
                })?;
            // The reference index knows which groups point to the project.
            let mut groups = Vec::new();
            for r in store
                .referring(RecordRef::new(Kind::Project, project.id))
                .map_err(err)?
            {
                if r.kind != Kind::Group {
                    continue;
                }
                if let Some(v) = store.get_as::<Group>(r.id).map_err(err)?
                    && v.record.project == Some(project.id)
                {
                    groups.push(v.record);
                }
            }
            let title = format!(
                "{} {} – {}",
                lang.pick("projekt", "project"),
                project.registration_number,
                project.name
            );
            Ok((title, groups))
        }
        Scope::Region(id) => {
            let region = store
                .get_as::<Region>(*id)
                .map_err(err)?
                .ok_or_else(|| match lang {
                    Lang::Cs => format!("--region: ORP s ID {id} v rejstříku není"),
                    Lang::En => format!("--region: no region with the ID {id} in the register"),
                })?
                .record;
            let groups = store
                .in_region(Kind::Group, *id)
                .map_err(err)?
                .into_iter()
                .filter_map(crate::store::typed::<Group>)
                .map(|v| v.record)
                .collect();
            Ok((format!("ORP {}", region.name), groups))
        }
        Scope::All => {
            let groups = store
                .list_as::<Group>()
                .map_err(err)?
                .into_iter()
                .map(|v| v.record)
                .collect();
            Ok((
                lang.pick("všechny skupiny", "all groups").to_string(),
                groups,
            ))
        }
    }
}
