//! The papers as Markdown: for e-mail bodies and a quick look.

use crate::model::Lang;
use crate::paper::header::Header;
use crate::paper::invitation::Invitation;
use crate::paper::minutes::Minutes;
use crate::paper::sheet::AttendanceSheet;

/// A table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// One line of text: its line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn header(out: &mut String, h: &Header, lang: Lang) {
    for (label, value) in h.lines(lang) {
        out.push_str(&format!("**{label}:** {}  \n", one_line(&value)));
    }
    out.push('\n');
}

pub fn attendance_sheet(sheet: &AttendanceSheet, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", AttendanceSheet::title(lang));
    header(&mut out, &sheet.header, lang);
    let columns = AttendanceSheet::columns(lang);
    out.push_str(&format!("| {} |\n", columns.join(" | ")));
    out.push_str("|---:|---|---|---|---|\n");
    let mut n = 0;
    for row in &sheet.rows {
        n += 1;
        out.push_str(&format!(
            "| {n} | {} | {} | {} | |\n",
            cell(&row.name),
            cell(&row.organisation),
            cell(&row.represents)
        ));
    }
    if sheet.guest_rows > 0 {
        out.push_str(&format!(
            "| | **{}** | | | |\n",
            lang.pick("Hosté", "Guests")
        ));
    }
    for _ in 0..sheet.guest_rows {
        n += 1;
        out.push_str(&format!("| {n} | | | | |\n"));
    }
    if !sheet.header.funding_line.is_empty() {
        out.push_str(&format!("\n{}\n", one_line(&sheet.header.funding_line)));
    }
    out
}

/// Each member's letter, separated by a rule.
pub fn invitation(inv: &Invitation, lang: Lang) -> String {
    let mut letters = Vec::new();
    for letter in &inv.letters {
        let mut out = format!("{}  \n", one_line(&letter.name));
        if !letter.organisation.is_empty() {
            out.push_str(&format!("{}  \n", one_line(&letter.organisation)));
        }
        out.push('\n');
        out.push_str(&letter_body(inv, &letter.salutation, lang));
        letters.push(out);
    }
    if letters.is_empty() {
        letters.push(letter_body(inv, &inv.salutation_all, lang));
    }
    letters.join("\n---\n\n")
}

/// The letter after its address: the salutation, what, when, where, the agenda and the
/// signature. Also the body of the e-mail.
pub fn letter_body(inv: &Invitation, salutation: &str, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", Invitation::title(lang));
    out.push_str(&format!(
        "{}\n\n{}\n\n",
        one_line(salutation),
        inv.body(lang)
    ));
    header(&mut out, &inv.header, lang);
    if !inv.agenda.is_empty() {
        out.push_str(&format!("## {}\n\n", lang.pick("Program", "Agenda")));
        for (i, point) in inv.agenda.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, one_line(point)));
        }
        out.push('\n');
    }
    out.push_str(lang.pick("S pozdravem", "Kind regards"));
    out.push_str("\n\n");
    for line in &inv.signature {
        out.push_str(&format!("{}  \n", one_line(line)));
    }
    out
}

pub fn minutes(m: &Minutes, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", Minutes::title(lang));
    header(&mut out, &m.header, lang);
    let lists = [
        (lang.pick("Přítomni", "Present"), &m.present, true),
        (lang.pick("Omluveni", "Excused"), &m.excused, true),
        (lang.pick("Nepřítomni", "Absent"), &m.absent, true),
        (
            lang.pick("Docházka nezapsána", "Attendance not recorded"),
            &m.unrecorded,
            false,
        ),
        (lang.pick("Hosté", "Guests"), &m.guests, true),
    ];
    for (label, names, always) in lists {
        if names.is_empty() && !always {
            continue;
        }
        let names: Vec<String> = names.iter().map(|n| one_line(n)).collect();
        let text = if names.is_empty() {
            "–".to_string()
        } else {
            names.join(", ")
        };
        out.push_str(&format!("**{label}:** {text}  \n"));
    }
    out.push('\n');
    out.push_str(&format!("## {}\n\n", lang.pick("Program", "Agenda")));
    for (i, point) in m.points.iter().enumerate() {
        out.push_str(&format!("### {}. {}\n\n\n", i + 1, one_line(point)));
    }
    out.push_str(&format!(
        "## {}\n\n\n## {}\n\n| {} | {} | {} |\n|---|---|---|\n| | | |\n\n{}\n",
        lang.pick("Usnesení", "Decisions"),
        lang.pick("Úkoly", "Tasks"),
        lang.pick("Úkol", "Task"),
        lang.pick("Odpovídá", "Owner"),
        lang.pick("Termín", "Deadline"),
        lang.pick("Zapsal(a):", "Minutes taken by:"),
    ));
    out
}
