//! The papers as Word documents (A4, a real table for the attendance sheet, "Strana x
//! z y" in the footer), through the shared helpers of [`crate::report::docx`].

use crate::model::Lang;
use crate::paper::header::Header;
use crate::paper::invitation::Invitation;
use crate::paper::minutes::Minutes;
use crate::paper::sheet::AttendanceSheet;
use crate::report::docx::Document;

/// The least height of a row to sign in (1 cm).
const SIGNATURE_ROW: u32 = 567;

fn header(doc: &mut Document, h: &Header, lang: Lang) {
    for (label, value) in h.lines(lang) {
        doc.labelled(label, &value);
    }
    doc.space();
}

pub fn attendance_sheet(sheet: &AttendanceSheet, lang: Lang) -> std::io::Result<Vec<u8>> {
    let title = AttendanceSheet::title(lang);
    let mut doc = Document::a4(&format!("{title} – {}", sheet.header.event()), lang);
    doc.heading(1, title);
    header(&mut doc, &sheet.header, lang);
    let mut rows: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                format!("{}.", i + 1),
                r.name.clone(),
                r.organisation.clone(),
                r.represents.clone(),
                String::new(),
            ]
        })
        .collect();
    for i in 0..sheet.guest_rows {
        rows.push(vec![format!("{}.", sheet.rows.len() + i + 1)]);
    }
    doc.table(
        &AttendanceSheet::columns(lang),
        &rows,
        &[5, 28, 30, 15, 22],
        SIGNATURE_ROW,
    );
    if !sheet.header.funding_line.is_empty() {
        doc.space();
        doc.paragraph(&sheet.header.funding_line);
    }
    doc.finish()
}

/// One page per member's letter.
pub fn invitation(inv: &Invitation, lang: Lang) -> std::io::Result<Vec<u8>> {
    let title = Invitation::title(lang);
    let mut doc = Document::a4(&format!("{title} – {}", inv.header.event()), lang);
    let everyone = [(String::new(), String::new(), inv.salutation_all.clone())];
    let letters: Vec<(String, String, String)> = if inv.letters.is_empty() {
        everyone.to_vec()
    } else {
        inv.letters
            .iter()
            .map(|l| (l.name.clone(), l.organisation.clone(), l.salutation.clone()))
            .collect()
    };
    for (i, (name, organisation, salutation)) in letters.iter().enumerate() {
        if i > 0 {
            doc.page_break();
        }
        if !name.is_empty() {
            doc.paragraph(name);
        }
        if !organisation.is_empty() {
            doc.paragraph(organisation);
        }
        doc.space();
        doc.heading(1, title);
        doc.paragraph(salutation);
        doc.paragraph(&inv.body(lang));
        header(&mut doc, &inv.header, lang);
        if !inv.agenda.is_empty() {
            doc.heading(2, lang.pick("Program", "Agenda"));
            for (n, point) in inv.agenda.iter().enumerate() {
                doc.paragraph(&format!("{}. {point}", n + 1));
            }
            doc.space();
        }
        doc.paragraph(lang.pick("S pozdravem", "Kind regards"));
        doc.space();
        doc.paragraph(&inv.signature.join("\n"));
    }
    doc.finish()
}

pub fn minutes(m: &Minutes, lang: Lang) -> std::io::Result<Vec<u8>> {
    let title = Minutes::title(lang);
    let mut doc = Document::a4(&format!("{title} – {}", m.header.event()), lang);
    doc.heading(1, title);
    header(&mut doc, &m.header, lang);
    let names = |list: &[String]| {
        if list.is_empty() {
            "–".to_string()
        } else {
            list.join(", ")
        }
    };
    doc.labelled(lang.pick("Přítomni", "Present"), &names(&m.present));
    doc.labelled(lang.pick("Omluveni", "Excused"), &names(&m.excused));
    doc.labelled(lang.pick("Nepřítomni", "Absent"), &names(&m.absent));
    if !m.unrecorded.is_empty() {
        doc.labelled(
            lang.pick("Docházka nezapsána", "Attendance not recorded"),
            &names(&m.unrecorded),
        );
    }
    doc.labelled(lang.pick("Hosté", "Guests"), &names(&m.guests));
    doc.heading(2, lang.pick("Program", "Agenda"));
    for (i, point) in m.points.iter().enumerate() {
        doc.heading(3, &format!("{}. {point}", i + 1));
        doc.space();
    }
    doc.heading(2, lang.pick("Usnesení", "Decisions"));
    doc.space();
    doc.heading(2, lang.pick("Úkoly", "Tasks"));
    doc.table(
        &[
            lang.pick("Úkol", "Task"),
            lang.pick("Odpovídá", "Owner"),
            lang.pick("Termín", "Deadline"),
        ],
        &[Vec::new(), Vec::new()],
        &[60, 25, 15],
        0,
    );
    doc.space();
    doc.paragraph(lang.pick("Zapsal(a):", "Minutes taken by:"));
    doc.finish()
}
