//! `kpss remind [--days N] [--region ID] [--format text|json] [--today DATE]`: what is
//! due, for cron and mail. Nothing due prints nothing and exits 0, so
//! `kpss remind | mail -E …` sends a mail only when there is something to say.

use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::cli::agenda::date_option;
use crate::cli::args::AgendaFormat;
use crate::cli::output::{Failure, write_output};
use crate::model::date::{format_date, weekday_short};
use crate::model::grammar::Counted;
use crate::model::remind;
use crate::model::text::sanitize_line;
use crate::model::{Id, Lang};
use crate::store::Store;

/// Things due, counted.
const ITEMS: Counted = Counted::new(["položka", "položky", "položek"], ["item", "items"]);

#[derive(Serialize)]
struct JsonItem {
    kind: remind::ReminderKind,
    kind_label: String,
    date: NaiveDate,
    region_id: Id,
    record_kind: &'static str,
    record_id: Id,
    text: String,
}

pub fn run(
    store: &dyn Store,
    days: u32,
    region: Option<Id>,
    format: AgendaFormat,
    today: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let today = match today {
        Some(text) => date_option("--today", text, lang)?,
        None => chrono::Local::now().date_naive(),
    };
    let regions: Vec<Id> = region.into_iter().collect();
    let items =
        crate::reminders::gather(store, today, days, &regions).map_err(|e| e.message(lang))?;
    if items.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let names = crate::reminders::Names::read(store, &items).map_err(|e| e.message(lang))?;
    let bytes = match format {
        AgendaFormat::Text => {
            let mut out = format!(
                "{} ({}):\n",
                lang.pick("Ke zpracování", "Due"),
                ITEMS.count(items.len(), lang)
            );
            for r in &items {
                out.push_str(&format!(
                    "{} {}  {}  {}\n",
                    format_date(r.date),
                    weekday_short(r.date.weekday(), lang),
                    r.kind.label(lang),
                    sanitize_line(&names.text(r, lang))
                ));
            }
            out.into_bytes()
        }
        AgendaFormat::Json => {
            let json: Vec<JsonItem> = items
                .iter()
                .map(|r| JsonItem {
                    kind: r.kind,
                    kind_label: r.kind.label(lang).to_string(),
                    date: r.date,
                    region_id: r.region,
                    record_kind: r.record.kind.name(),
                    record_id: r.record.id,
                    text: names.text(r, lang),
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            text.push('\n');
            text.into_bytes()
        }
    };
    write_output(&bytes, None, lang)?;
    Ok(ExitCode::SUCCESS)
}
