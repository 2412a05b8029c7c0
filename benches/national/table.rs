//! The figures as markdown tables for README.md's performance section: one row per
//! factor for the import and the check, one column per factor (and the growth from the
//! first to the last) for the rest.

use std::time::Duration;

use crate::Figures;
use crate::calcurse::items;
use crate::process::{RUNS, Spread};
use crate::serve::Memory;

pub fn print(all: &[Figures]) {
    import(all);
    println!();
    processes(all);
    println!();
    memory(all);
}

fn import(all: &[Figures]) {
    println!(
        "| factor | records | JSON | import | import peak RSS | database on disk | check | check peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for f in all {
        let (import, import_rss) = match f.import {
            Some((took, rss)) => (format!("{:.1} s", took.as_secs_f64()), mb(rss)),
            None => ("kept".into(), "kept".into()),
        };
        println!(
            "| {}× | {} | {} | {import} | {import_rss} | {} | {:.1} s | {} |",
            f.factor,
            thousands(f.records),
            mb(f.json),
            mb(f.database),
            f.check.0.as_secs_f64(),
            mb(f.check.1),
        );
    }
}

/// The header of a table with a column per factor and, with two factors or more, the
/// growth from the first to the last.
fn header(all: &[Figures], what: &str) {
    let mut line = format!("| {what} |");
    for f in all {
        line += &format!(" {}× ({} meetings) |", f.factor, thousands(f.meetings));
    }
    if let [first, .., last] = all {
        line += &format!(" {}× ÷ {}× |", last.factor, first.factor);
    }
    println!("{line}");
    println!(
        "|---|{}",
        "---|".repeat(all.len() + usize::from(all.len() > 1))
    );
}

/// A row: its label, a cell per factor and, with two factors or more, last ÷ first of
/// the values `value` gives.
fn row<T>(
    all: &[Figures],
    label: &str,
    cell: impl Fn(&Figures) -> String,
    value: impl Fn(&Figures) -> Option<T>,
) where
    T: Into<f64>,
{
    let mut line = format!("| {label} |");
    for f in all {
        line += &format!(" {} |", cell(f));
    }
    if let [first, .., last] = all {
        match (value(first), value(last)) {
            (Some(a), Some(b)) => line += &format!(" {:.1}× |", b.into() / a.into()),
            _ => line += " |",
        }
    }
    println!("{line}");
}

fn processes(all: &[Figures]) {
    header(
        all,
        &format!("whole process, median (min–max) of {RUNS} runs after a warm-up"),
    );
    let median = |s: &Spread| Some(ms(s.median()));
    row(
        all,
        "`kpss --help` (no database)",
        |f| spread(&f.help),
        |f| median(&f.help),
    );
    row(
        all,
        "`kpss agenda` of a day without meetings (the open)",
        |f| spread(&f.open),
        |f| median(&f.open),
    );
    row(
        all,
        "`kpss agenda`, June 2015, opening the database",
        |f| format!("{}, {} lines", spread(&f.month), thousands(f.month.lines())),
        |f| median(&f.month),
    );
    row(
        all,
        "`kpss agenda`, June 2015, through a running `kpss serve`",
        |f| {
            let s = &f.served_month;
            format!("{}, {} lines", spread(s), thousands(s.lines()))
        },
        |f| median(&f.served_month),
    );
    row(
        all,
        "`calcurse -Q`, June 2015, its own `apts` file of every meeting",
        |f| match &f.calcurse {
            Some(s) => format!(
                "{}, {} lines ({} appointments)",
                spread(s),
                thousands(s.lines()),
                thousands(items(&s.stdout))
            ),
            None => "not installed".into(),
        },
        |f| f.calcurse.as_ref().and_then(median),
    );
    let ratio = |f: &Figures, kpss: &Spread| {
        f.calcurse
            .as_ref()
            .map(|c| ms(c.median()) / ms(kpss.median()))
    };
    row(
        all,
        "calcurse ÷ kpss (medians), opening the database",
        |f| ratio(f, &f.month).map_or("–".into(), |r| format!("{r:.1}×")),
        |f| ratio(f, &f.month),
    );
    row(
        all,
        "calcurse ÷ kpss (medians), through `kpss serve`",
        |f| ratio(f, &f.served_month).map_or("–".into(), |r| format!("{r:.1}×")),
        |f| ratio(f, &f.served_month),
    );
}

/// One of a daemon's memory readings.
type Reading = fn(&Memory) -> u64;

fn memory(all: &[Figures]) {
    header(all, "`kpss serve` as a process of its own, VmRSS");
    let rows: [(&str, Reading); 3] = [
        ("after the month's agenda (22 runs)", |m| m.month),
        ("after 2015's agenda", |m| m.year),
        ("after 2014–2016's agenda", |m| m.three_years),
    ];
    row(
        all,
        "`--backup-every 0`: opened",
        |f| mb(f.memory.start),
        |f| Some(f.memory.start as f64),
    );
    for (label, get) in &rows {
        row(
            all,
            &format!("— {label}"),
            |f| mb(get(&f.memory)),
            |f| Some(get(&f.memory) as f64),
        );
    }
    row(
        all,
        "backup at start (the default): its backup written, from the start",
        |f| format!("{:.1} s", f.backup_took.as_secs_f64()),
        |f| Some(f.backup_took.as_secs_f64()),
    );
    row(
        all,
        "— after the backup",
        |f| mb(f.memory_with_backup.start),
        |f| Some(f.memory_with_backup.start as f64),
    );
    for (label, get) in &rows {
        row(
            all,
            &format!("— {label}"),
            |f| mb(get(&f.memory_with_backup)),
            |f| Some(get(&f.memory_with_backup) as f64),
        );
    }
    row(
        all,
        "agenda lines: the month / 2015 / 2014–2016",
        |f| {
            let [year, three] = f.longer_lines;
            format!(
                "{} / {} / {}",
                thousands(f.served_month.lines()),
                thousands(year),
                thousands(three)
            )
        },
        |_| None::<f64>,
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `31.2 ms (29.8–40.1)`, or `1.84 s (1.65–2.83)` from a second.
fn spread(s: &Spread) -> String {
    let (median, min, max) = (ms(s.median()), ms(s.min()), ms(s.max()));
    if median >= 1000.0 {
        format!(
            "{:.2} s ({:.2}–{:.2})",
            median / 1000.0,
            min / 1000.0,
            max / 1000.0
        )
    } else {
        format!("{median:.1} ms ({min:.1}–{max:.1})")
    }
}

/// Megabytes (10^6 bytes): a decimal below 100, with thousands separators above 999.
fn mb(bytes: u64) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    if mb < 100.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{} MB", thousands(mb.round() as usize))
    }
}

/// `438,829`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
