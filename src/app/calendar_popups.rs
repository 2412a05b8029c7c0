//! How the calendar's prompts and the series popup look.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::calendar::GO_TO;
use crate::app::calendar_tools::{COPY_TO, ICS_FILE, PromptFor, SeriesPopup};
use crate::app::state::{App, Popup};
use crate::model::date::format_date;
use crate::model::series::{EVERY, REPEAT, UNTIL};
use crate::model::text::sanitize_line;

impl App {
    /// The hint bar's text while a calendar popup is open.
    pub(crate) fn calendar_popup_hint(&self) -> Option<&'static str> {
        let l = self.lang;
        Some(match self.popups.last()? {
            Popup::Prompt {
                purpose: PromptFor::GoToDate,
                ..
            } => l.pick(
                "Zadejte datum · Enter přejít · Esc zrušit",
                "Type a date · Enter go · Esc cancel",
            ),
            Popup::Prompt {
                purpose: PromptFor::Duplicate(_),
                ..
            } => l.pick(
                "Zadejte datum · Enter zkopírovat · Esc zrušit",
                "Type a date · Enter copy · Esc cancel",
            ),
            Popup::Prompt {
                purpose: PromptFor::ExportIcs,
                ..
            } => l.pick(
                "Zadejte soubor · Enter uložit · Esc zrušit",
                "Type a file name · Enter save · Esc cancel",
            ),
            Popup::Prompt {
                purpose: PromptFor::PersonData(_),
                ..
            } => l.pick(
                "Zadejte složku · Enter uložit · Esc zrušit",
                "Type a folder · Enter save · Esc cancel",
            ),
            Popup::Series(_) => l.pick(
                "Tab další pole · ←→ opakování · Enter vytvořit · Esc zrušit",
                "Tab next field · ←→ repeat · Enter create · Esc cancel",
            ),
            _ => return None,
        })
    }

    pub(crate) fn render_prompt(
        &self,
        frame: &mut Frame,
        body: Rect,
        purpose: &PromptFor,
        input: &str,
        error: Option<&str>,
    ) {
        let l = self.lang;
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
            Span::styled(format!("{}: ", field.label(l)), self.theme.label),
            Span::styled(
                format!("{}▏", sanitize_line(input)),
                self.theme.input_focused,
            ),
        ])];
        match error {
            Some(e) => lines.push(Line::styled(sanitize_line(e), self.theme.error)),
            None => lines.push(Line::styled(example, self.theme.muted)),
        }
        self.boxed(frame, body, 60, title, lines);
    }

    pub(crate) fn render_series(&self, frame: &mut Frame, body: Rect, popup: &SeriesPopup) {
        let l = self.lang;
        let style = |n: usize| {
            if popup.focus == n {
                self.theme.input_focused
            } else {
                self.theme.input
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
            Line::styled(after, self.theme.muted),
            Line::from(vec![
                Span::styled(format!("{}: ", REPEAT.label(l)), self.theme.label),
                Span::styled(format!("‹ {repeat} ›"), style(0)),
            ]),
        ];
        if !popup.monthly {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", EVERY.label(l)), self.theme.label),
                Span::styled(format!("{}▏", popup.weeks), style(1)),
            ]));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", UNTIL.label(l)), self.theme.label),
            Span::styled(format!("{}▏", sanitize_line(&popup.until)), style(2)),
        ]));
        let note = match (&popup.error, popup.meetings()) {
            (Some(e), _) => Line::styled(sanitize_line(e), self.theme.error),
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
                    self.theme.ok,
                ),
                _ => Line::styled(
                    l.pick(
                        "Do data nepřipadá další jednání.",
                        "No meeting before that date.",
                    ),
                    self.theme.muted,
                ),
            },
            (None, Err(_)) => Line::styled(
                l.pick(
                    "Zadejte datum posledního jednání řady.",
                    "Type the date of the series' last meeting.",
                ),
                self.theme.muted,
            ),
        };
        lines.push(note);
        self.boxed(
            frame,
            body,
            60,
            l.pick("Řada jednání", "Series of meetings"),
            lines,
        );
    }
}
