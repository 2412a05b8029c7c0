//! A small bar chart of meetings per month, drawn by ratatui's `BarChart` into a buffer
//! and taken into the detail as lines (the detail is built before it knows its area).

use chrono::{Datelike, Months, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Widget};

use super::Sheet;

/// Months shown: a year.
const MONTHS: u32 = 12;
/// Rows of bars, with the month numbers under them.
const HEIGHT: u16 = 5;
const BAR_WIDTH: u16 = 2;
const GAP: u16 = 1;

/// "Jednání po měsících" with a bar per month for the twelve months up to the last
/// meeting in `dates` (sorted), or nothing when there are no meetings.
pub(super) fn meetings_per_month(s: &mut Sheet, dates: &[NaiveDate]) {
    let Some(&last) = dates.last() else {
        return;
    };
    let end = first_of_month(last);
    let start = end
        .checked_sub_months(Months::new(MONTHS - 1))
        .unwrap_or(end);
    let mut counts = [0u64; MONTHS as usize];
    for date in dates.iter().filter(|d| **d >= start) {
        let months =
            (date.year() - start.year()) * 12 + date.month0() as i32 - start.month0() as i32;
        if let Some(n) = usize::try_from(months).ok().and_then(|i| counts.get_mut(i)) {
            *n += 1;
        }
    }
    let caption = format!(
        "{} ({}/{} – {}/{})",
        s.t("Jednání po měsících", "Meetings per month"),
        start.month(),
        start.year(),
        end.month(),
        end.year()
    );
    s.section(&caption, None);
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let month = start
                .checked_add_months(Months::new(u32::try_from(i).unwrap_or(0)))
                .map_or(0, |d| d.month());
            Bar::default()
                .value(n)
                .label(Line::from(format!("{month:>2}")))
                .text_value(if n == 0 { String::new() } else { n.to_string() })
        })
        .collect();
    let width = u16::try_from(MONTHS).unwrap_or(12) * (BAR_WIDTH + GAP);
    let area = Rect::new(0, 0, width, HEIGHT);
    let mut buffer = Buffer::empty(area);
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(BAR_WIDTH)
        .bar_gap(GAP)
        .bar_style(s.theme.link)
        .value_style(s.theme.selected)
        .label_style(s.theme.muted)
        .render(area, &mut buffer);
    take_lines(s, &buffer, width, HEIGHT);
}

/// A chart drawn into `buffer`, taken into the detail line by line with its styles.
fn take_lines(s: &mut Sheet, buffer: &Buffer, width: u16, height: u16) {
    for y in 0..height {
        let mut spans: Vec<Span<'static>> = Vec::new();
        for x in 0..width {
            let cell = &buffer[(x, y)];
            let style = Style::default()
                .fg(cell.fg)
                .bg(cell.bg)
                .add_modifier(cell.modifier);
            match spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push_str(cell.symbol()),
                _ => spans.push(Span::styled(cell.symbol().to_string(), style)),
            }
        }
        s.push(spans);
    }
}

/// A horizontal bar per priority: its number and fulfilment in per cent (0–100).
pub(super) fn fulfilment_per_priority(s: &mut Sheet, caption: &str, values: &[(String, u32)]) {
    if values.is_empty() {
        return;
    }
    s.section(caption, None);
    let bars: Vec<Bar> = values
        .iter()
        .map(|(number, percent)| {
            Bar::default()
                .value(u64::from(*percent))
                .label(Line::from(format!("{number:>2}")))
                .text_value(format!("{percent} %"))
        })
        .collect();
    let width: u16 = 30;
    let height = u16::try_from(values.len()).unwrap_or(u16::MAX);
    let area = Rect::new(0, 0, width, height);
    let mut buffer = Buffer::empty(area);
    BarChart::default()
        .direction(ratatui::layout::Direction::Horizontal)
        .data(BarGroup::default().bars(&bars))
        .bar_width(1)
        .bar_gap(0)
        .max(100)
        .bar_style(s.theme.link)
        .value_style(s.theme.selected)
        .label_style(s.theme.muted)
        .render(area, &mut buffer);
    take_lines(s, &buffer, width, height);
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}
