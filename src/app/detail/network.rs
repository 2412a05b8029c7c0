//! A region's network map: per target group a bar of how many services it has and
//! their capacity, then the § type and form rows, as `kpss report capacity` counts
//! them on the detail's day.

use ratatui::text::Span;

use super::{Result, Sheet, records};
use crate::model::date::format_date;
use crate::model::{CapacityMeasure, Kind, Labelled, Region, Service};
use crate::report::capacity::{self, CapacityRow};

/// The longest bar, in cells.
const BAR: usize = 16;
const SERVICES: [&str; 5] = ["služba", "služby", "služeb", "service", "services"];

fn amounts(capacity: &std::collections::BTreeMap<CapacityMeasure, u64>, s: &Sheet) -> String {
    capacity
        .iter()
        .map(|(m, n)| match m.immediate {
            true => format!(
                "{} ({})",
                m.unit.count(*n, s.lang),
                s.t("okamžitá kapacita", "at one time")
            ),
            false => m.unit.count(*n, s.lang),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn network_map(s: &mut Sheet, r: &Region) -> Result<()> {
    let services: Vec<Service> = records(s.store.in_region(Kind::Service, r.id)?);
    if services.is_empty() {
        return Ok(());
    }
    let map = capacity::capacity(&r.name, s.today, &services);
    let title = format!(
        "{} {}",
        s.t("Mapa sítě služeb k", "Network of services on"),
        format_date(s.today)
    );
    s.section(&title, None);
    if map.totals.is_empty() {
        s.none();
        return Ok(());
    }
    let most = map
        .totals
        .iter()
        .map(|t| t.services)
        .max()
        .unwrap_or(1)
        .max(1);
    for total in &map.totals {
        let name = match total.target_group {
            Some(g) => g.label(s.lang),
            None => s.t("bez cílové skupiny", "no target group"),
        };
        let cells = (total.services * BAR).div_ceil(most);
        s.push(vec![Span::styled(name.to_string(), s.theme.label)]);
        let mut spans = vec![
            Span::styled("█".repeat(cells), s.theme.link),
            Span::raw(" "),
            s.plain(&s.lang.count(total.services, SERVICES)),
        ];
        let capacity = amounts(&total.capacity, s);
        if !capacity.is_empty() {
            spans.push(s.muted(&format!("  {capacity}")));
        }
        s.push(spans);
        let rows: Vec<&CapacityRow> = map
            .rows
            .iter()
            .filter(|row| row.target_group == total.target_group)
            .collect();
        for row in rows {
            let mut text = format!(
                "  {}, {}: {}",
                row.service_type.label(s.lang),
                row.form.label(s.lang),
                row.services
            );
            let capacity = amounts(&row.capacity, s);
            if !capacity.is_empty() {
                text.push_str(&format!(" · {capacity}"));
            }
            let span = s.muted(&text);
            s.push(vec![span]);
        }
    }
    Ok(())
}
