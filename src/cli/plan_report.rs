//! `kpss report plan` and `kpss report monitoring`: the plan's strategic part (Markdown,
//! DOCX) and the evaluation of a year's action plan (Markdown, CSV, XLSX), on the
//! embedded database or through the shared server alike.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::args::{MonitoringReportFormat, PlanReportFormat};
use crate::cli::output::{Failure, progress, write_output};
use crate::model::Lang;
use crate::report::plan::read::{MonitoringFormat, PlanFormat, monitoring_document, plan_document};
use crate::store::Store;

fn written(out: Option<&Path>, lang: Lang) {
    if let Some(path) = out {
        let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        progress(&format!(
            "{} {}",
            lang.pick("Zapsáno do", "Written to"),
            crate::model::text::sanitize_line(&shown.display().to_string())
        ));
    }
}

pub fn plan(
    store: &dyn Store,
    plan: u64,
    format: PlanReportFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let format = match format {
        PlanReportFormat::Md => PlanFormat::Md,
        PlanReportFormat::Docx => PlanFormat::Docx,
    };
    let bytes = plan_document(store, plan, format, lang)?;
    write_output(&bytes, out, lang)?;
    written(out, lang);
    Ok(ExitCode::SUCCESS)
}

pub fn monitoring(
    store: &dyn Store,
    plan: u64,
    year: i32,
    format: MonitoringReportFormat,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let format = match format {
        MonitoringReportFormat::Md => MonitoringFormat::Md,
        MonitoringReportFormat::Csv => MonitoringFormat::Csv,
        MonitoringReportFormat::Xlsx => MonitoringFormat::Xlsx,
    };
    let bytes = monitoring_document(store, plan, year, format, lang)?;
    write_output(&bytes, out, lang)?;
    written(out, lang);
    Ok(ExitCode::SUCCESS)
}
