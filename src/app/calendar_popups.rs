//! How the calendar's prompts and the series popup look.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::calendar::GO_TO;
use crate::app::calendar_tools::{COPY_TO, ICS_FILE, PromptFor, SeriesPopup};
use crate::app::layer::Cx;
use crate::app::widgets::boxed;
use crate::model::Lang;
use crate::model::date::format_date;
use crate::model::series::{EVERY, REPEAT, UNTIL};
use crate::model::text::sanitize_line;

/// The hint bar's text while a prompt is open.
pub(crate) fn prompt_hint(purpose: &PromptFor, l: Lang) -> &'static str {
    match purpose {
        PromptFor::GoToDate => l.pick(
            "Zadejte datum · Enter přejít · Esc zrušit",
            "Type a date · Enter go · Esc cancel",
        ),
        PromptFor::Duplicate(_) => l.pick(
            "Zadejte datum · Enter zkopírovat · Esc zrušit",
            "Type a date · Enter copy · Esc cancel",
        ),
        PromptFor::ExportIcs => l.pick(
            "Zadejte soubor · Enter uložit · Esc zrušit",
            "Type a file name · Enter save · Esc cancel",
        ),
        PromptFor::PersonData(_) | PromptFor::Paper(..) => l.pick(
            "Zadejte složku · Enter uložit · Esc zrušit",
            "Type a folder · Enter save · Esc cancel",
        ),
    }
}

pub(crate) fn render_prompt(
    frame: &mut Frame,
    body: Rect,
    cx: &Cx,
    purpose: &PromptFor,
    input: &str,
    error: Option<&str>,
) {
    let l = cx.lang;
    let (field, title, example) = match purpose {
        PromptFor::GoToDate => (
            GO_TO,
            l.pick("Přejít na datum", "Go to a date"),
            l.pick(
                "např. 4. 12. 2018 nebo 2018-12-04",
                "e.g. 4. 12. 2018 or 2018-12-04",
            ),
        ),
        PromptFor::Duplicate(_) => (
            COPY_TO,
            l.pick("Kopie jednání", "Copy of the meeting"),
            l.pick(
                "Kopie je plánovaná, bez docházky a zápisu.",
                "The copy is planned, without attendance or minutes.",
            ),
        ),
        PromptFor::ExportIcs => (
            ICS_FILE,
            l.pick("Uložit jako iCalendar", "Save as iCalendar"),
            l.pick(
                "Uloží zobrazená jednání (i s filtry).",
                "Saves the meetings shown (filters applied).",
            ),
        ),
        PromptFor::Paper(paper, _) => (
            crate::app::exports::FOLDER,
            match paper {
                crate::paper::Paper::AttendanceSheet => l.pick(
                    "Prezenční listina do složky",
                    "Attendance sheet into the folder",
                ),
                crate::paper::Paper::Invitation => {
                    l.pick("Pozvánka do složky", "Invitation into the folder")
                }
                crate::paper::Paper::Minutes => l.pick(
                    "Kostra zápisu do složky",
                    "Minutes' skeleton into the folder",
                ),
            },
            match paper {
                crate::paper::Paper::AttendanceSheet => {
                    l.pick("Dokument DOCX (A4).", "A DOCX document (A4).")
                }
                crate::paper::Paper::Invitation => l.pick(
                    "Dopis členům (DOCX) a e-mail s událostí (.eml).",
                    "Letters to the members (DOCX) and an e-mail with the event (.eml).",
                ),
                crate::paper::Paper::Minutes => l.pick(
                    "DOCX k tisku a Markdown k doplnění.",
                    "DOCX to print and Markdown to fill in.",
                ),
            },
        ),
        PromptFor::PersonData(_) => (
            crate::app::exports::FOLDER,
            l.pick("Osobní údaje do složky", "Personal data into the folder"),
            l.pick(
                "Soubor bude čitelný jen pro vás.",
                "The file will be readable by you alone.",
            ),
        ),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}: ", field.label(l)), cx.theme.label),
        Span::styled(format!("{}▏", sanitize_line(input)), cx.theme.input_focused),
    ])];
    match error {
        Some(e) => lines.push(Line::styled(sanitize_line(e), cx.theme.error)),
        None => lines.push(Line::styled(example, cx.theme.muted)),
    }
    boxed(frame, body, 60, title, lines, cx.theme);
}

pub(crate) fn render_series(frame: &mut Frame, body: Rect, cx: &Cx, popup: &SeriesPopup) {
    let l = cx.lang;
    let style = |n: usize| {
        if popup.focus == n {
            cx.theme.input_focused
        } else {
            cx.theme.input
        }
    };
    let repeat = if popup.monthly {
        popup.monthly_label(l)
    } else {
        l.pick("každých N týdnů", "every N weeks").to_string()
    };
    let after = format!(
        "{} {}",
        l.pick("Po jednání", "After the meeting of"),
        format_date(popup.template.date)
    );
    let mut lines = vec![
        Line::styled(after, cx.theme.muted),
        Line::from(vec![
            Span::styled(format!("{}: ", REPEAT.label(l)), cx.theme.label),
            Span::styled(format!("‹ {repeat} ›"), style(0)),
        ]),
    ];
    if !popup.monthly {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", EVERY.label(l)), cx.theme.label),
            Span::styled(format!("{}▏", popup.weeks), style(1)),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", UNTIL.label(l)), cx.theme.label),
        Span::styled(format!("{}▏", sanitize_line(&popup.until)), style(2)),
    ]));
    let note = match (&popup.error, popup.meetings()) {
        (Some(e), _) => Line::styled(sanitize_line(e), cx.theme.error),
        (None, Ok(meetings)) => match (meetings.first(), meetings.last()) {
            (Some(first), Some(last)) => Line::styled(
                format!(
                    "{}: {} ({} – {})",
                    l.pick("Vznikne", "Creates"),
                    l.count(
                        meetings.len(),
                        ["jednání", "jednání", "jednání", "meeting", "meetings"]
                    ),
                    format_date(first.date),
                    format_date(last.date)
                ),
                cx.theme.ok,
            ),
            _ => Line::styled(
                l.pick(
                    "Do data nepřipadá další jednání.",
                    "No meeting before that date.",
                ),
                cx.theme.muted,
            ),
        },
        (None, Err(_)) => Line::styled(
            l.pick(
                "Zadejte datum posledního jednání řady.",
                "Type the date of the series' last meeting.",
            ),
            cx.theme.muted,
        ),
    };
    lines.push(note);
    boxed(
        frame,
        body,
        60,
        l.pick("Řada jednání", "Series of meetings"),
        lines,
        cx.theme,
    );
}
