//! Drawing the row editors: a row's text wraps in its first column, its choices line up in
//! columns beside it, and what else it holds (an output's due date and document, a
//! member's organisation and end) stands on a line under it with labels. The selected
//! cell is marked, the cell being typed in holds the cursor, and members whose
//! membership ended are shown as former.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use crate::app::Theme;
use crate::app::form::clip::{fit, wrap};
use crate::app::form::fields::{FormField, Input};
use crate::app::form::rows::{Column, RowList, Rows};
use crate::model::date::format_date;
use crate::model::text::sanitize_line;
use crate::model::{Labelled, Lang, MemberRole, OutputState, Presence, Represents};

/// A row's first column is never narrower than this: the choices move under it instead.
const FIRST_MIN: usize = 12;

/// How a row list is drawn: the language, today (for former members), the style set.
#[derive(Clone, Copy)]
pub(super) struct Look<'a> {
    pub lang: Lang,
    pub today: Option<NaiveDate>,
    pub theme: &'a Theme,
}

/// The first cell's text and the choice labels of each row.
pub(super) fn cells(rows: &Rows, lang: Lang) -> Vec<Vec<String>> {
    let label = |c: Option<&'static str>| c.unwrap_or("—").to_owned();
    match &rows.list {
        RowList::Items(rows) => rows.iter().map(|t| vec![t.clone()]).collect(),
        RowList::Outputs(rows) => rows
            .iter()
            .map(|o| {
                vec![
                    o.output.title.clone(),
                    o.output.state.label(lang).to_owned(),
                ]
            })
            .collect(),
        RowList::People(rows) => rows.iter().map(|p| vec![p.name.clone()]).collect(),
        RowList::Members(rows) => rows
            .iter()
            .map(|m| {
                vec![
                    m.name.clone(),
                    label(m.membership.role.map(|r| r.label(lang))),
                    label(m.membership.represents.map(|r| r.label(lang))),
                ]
            })
            .collect(),
        RowList::Attendance(rows) => rows
            .iter()
            .map(|a| {
                let presence = a
                    .presence
                    .map_or(lang.pick("nezapsáno", "not recorded"), |p| p.label(lang));
                vec![a.person.name.clone(), presence.to_owned()]
            })
            .collect(),
    }
}

/// The labelled cells under a row: (column, label, value); an empty value is "—".
fn extras(rows: &Rows, row: usize, lang: Lang) -> Vec<(usize, &'static str, String)> {
    match &rows.list {
        RowList::Outputs(r) => r.get(row).map_or_else(Vec::new, |o| {
            vec![
                (
                    2,
                    lang.pick("termín", "due"),
                    o.output.due.map(format_date).unwrap_or_default(),
                ),
                (3, lang.pick("dokument", "document"), o.document.clone()),
            ]
        }),
        RowList::Members(r) => r.get(row).map_or_else(Vec::new, |m| {
            vec![
                (3, lang.pick("za", "for"), m.organisation.clone()),
                (
                    4,
                    lang.pick("členem do", "until"),
                    m.membership.until.map(format_date).unwrap_or_default(),
                ),
            ]
        }),
        _ => Vec::new(),
    }
}

/// The width of each choice column, so that rows line up.
fn column_widths(rows: &Rows, lang: Lang) -> Vec<usize> {
    fn widest<T: Labelled>(lang: Lang, dash: &str) -> usize {
        T::ALL
            .iter()
            .map(|v| v.label(lang).chars().count())
            .chain([dash.chars().count()])
            .max()
            .unwrap_or(1)
    }
    match rows.list {
        RowList::Items(_) | RowList::People(_) => Vec::new(),
        RowList::Outputs(_) => vec![widest::<OutputState>(lang, "")],
        RowList::Members(_) => vec![
            widest::<MemberRole>(lang, "—"),
            widest::<Represents>(lang, "—"),
        ],
        RowList::Attendance(_) => vec![widest::<Presence>(
            lang,
            lang.pick("nezapsáno", "not recorded"),
        )],
    }
}

/// Where the cell being typed in lies among a list's lines: x, line, width, lines.
type Place = (usize, usize, usize, usize);

/// One row drawn: its lines, and where the cell being typed in lies within them.
struct Drawn {
    lines: Vec<Line<'static>>,
    edit: Option<Place>,
}

/// Draws row `i` into `width` columns.
fn draw_row(
    list: &Rows,
    i: usize,
    row: &[String],
    selected: bool,
    width: usize,
    look: Look,
) -> Drawn {
    let (lang, theme) = (look.lang, look.theme);
    let widths = column_widths(list, lang);
    let choices: usize = widths.iter().map(|w| w + 2).sum();
    // Choices beside the text while it keeps a usable width, else on the line under it.
    let beside = width >= choices + FIRST_MIN;
    let first_w = if beside { width - choices } else { width }.max(1);
    let whole_row = list.columns().len() == 1 || matches!(list.list, RowList::Attendance(_));
    let cell_style = |column: usize| {
        if selected && (whole_row || list.column == column) {
            theme.selected
        } else {
            Style::default()
        }
    };
    let editing = list.editing.as_ref().filter(|_| selected);
    let former = list.former(i, look.today);
    let mut first = sanitize_line(row.first().map_or("", String::as_str));
    if former {
        // The day it ended stands under the row when it is selected, and in the detail.
        first = format!("{first} ({})", lang.pick("ukončeno", "ended"));
    }
    let mut text_lines = wrap(&first, first_w);
    if text_lines.is_empty() {
        text_lines.push(String::new());
    }
    let mut edit = None;
    if let Some(e) = editing
        && e.column == 0
    {
        let n = crate::app::form::input::wrapped_rows(&e.input.text(), first_w);
        text_lines.resize(n.max(text_lines.len()), String::new());
        edit = Some((0, 0, first_w, n));
    }
    let base = if former {
        theme.muted
    } else {
        Style::default()
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    let choice_spans = |spans: &mut Vec<Span<'static>>| {
        for (c, cell) in row.iter().enumerate().skip(1) {
            let w = widths.get(c - 1).copied().unwrap_or(1);
            let gap = if selected && whole_row {
                theme.selected
            } else {
                Style::default()
            };
            spans.push(Span::styled("  ", gap));
            spans.push(Span::styled(fit(&sanitize_line(cell), w), cell_style(c)));
        }
    };
    for (k, text) in text_lines.iter().enumerate() {
        let mut spans = vec![Span::styled(fit(text, first_w), base.patch(cell_style(0)))];
        if k == 0 && beside {
            choice_spans(&mut spans);
        }
        lines.push(Line::from(spans));
    }
    if !beside && row.len() > 1 {
        let mut spans = vec![Span::raw("  ")];
        choice_spans(&mut spans);
        lines.push(Line::from(spans));
    }
    // The labelled cells: always for the selected row, else when one holds something.
    let under = extras(list, i, lang);
    let shown = selected
        || (matches!(list.list, RowList::Outputs(_)) && under.iter().any(|u| !u.2.is_empty()));
    if shown && !under.is_empty() {
        let values: Vec<(usize, String, String, bool)> = under
            .into_iter()
            .map(|(column, label, value)| {
                let typing = editing.is_some_and(|e| e.column == column);
                let value = match editing.filter(|_| typing) {
                    Some(e) => fit(&e.input.text(), 12),
                    None if value.is_empty() => "—".to_owned(),
                    None => sanitize_line(&value),
                };
                (column, format!("{label}: "), value, typing)
            })
            .collect();
        let total: usize = values
            .iter()
            .map(|(_, head, value, _)| head.chars().count() + value.chars().count() + 3)
            .sum();
        // One line when they fit, else a line each, their values cut to the width.
        let one_line = total + 2 <= width;
        let mut spans = vec![Span::raw("  ")];
        let mut x = 2;
        for (n, (column, head, value, typing)) in values.into_iter().enumerate() {
            if n > 0 && one_line {
                spans.push(Span::styled(" · ", theme.muted));
                x += 3;
            } else if n > 0 {
                lines.push(Line::from(std::mem::take(&mut spans)));
                spans.push(Span::raw("  "));
                x = 2;
            }
            x += head.chars().count();
            spans.push(Span::styled(head, theme.muted));
            let room = width.saturating_sub(x);
            if typing {
                edit = Some((x, lines.len(), 12.min(room), 1));
            }
            let value = crate::app::form::clip::cut(&value, room);
            x += value.chars().count();
            spans.push(Span::styled(value, cell_style(column)));
        }
        lines.push(Line::from(spans));
    }
    Drawn { lines, edit }
}

/// The lines a row list takes at this width, all of them.
pub(super) fn list_height(list: &Rows, focused: bool, width: usize, look: Look) -> usize {
    let cells = cells(list, look.lang);
    if cells.is_empty() {
        return 1;
    }
    cells
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let selected = focused && i == list.selected;
            draw_row(list, i, row, selected, width, look).lines.len()
        })
        .sum()
}

/// The list's lines, at most `rows` of them: with the focus, the selected row's are all
/// in view; without, the first rows and how many more there are. Also where the cell
/// being typed in is (x, line, width, lines).
pub(super) fn list_lines(
    list: &Rows,
    focused: bool,
    rows: usize,
    width: usize,
    look: Look,
) -> (Vec<Line<'static>>, Option<Place>) {
    let (lang, theme) = (look.lang, look.theme);
    let cells = cells(list, lang);
    if cells.is_empty() {
        let text = if focused {
            format!(
                "— ({})",
                lang.pick("Ins nebo Ctrl-N přidá řádek", "Ins or Ctrl-N adds a row")
            )
        } else {
            "—".to_owned()
        };
        return (vec![Line::styled(text, theme.muted)], None);
    }
    let drawn: Vec<Drawn> = cells
        .iter()
        .enumerate()
        .map(|(i, row)| draw_row(list, i, row, focused && i == list.selected, width, look))
        .collect();
    let mut start = 0;
    if focused {
        // The first row from which the selected one still fits whole.
        let mut used = 0;
        start = list.selected.min(drawn.len() - 1);
        for i in (0..=list.selected.min(drawn.len() - 1)).rev() {
            used += drawn[i].lines.len();
            if used > rows && i < list.selected {
                break;
            }
            start = i;
        }
    }
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut edit = None;
    // Where each row ends among the lines.
    let mut ends = Vec::new();
    for row in drawn.into_iter().skip(start) {
        if out.len() >= rows {
            break;
        }
        if let Some((x, y, w, h)) = row.edit {
            edit = Some((x, out.len() + y, w, h));
        }
        out.extend(row.lines);
        ends.push(out.len());
    }
    let all_shown = start == 0 && ends.len() == cells.len() && out.len() <= rows;
    out.truncate(rows);
    if !focused && !all_shown && rows > 0 {
        // The last line says how many rows are not shown whole above it.
        let whole = ends.iter().filter(|&&end| end < rows).count();
        let more = cells.len() - whole;
        let text = crate::model::grammar::and_more(more, lang);
        if let Some(last) = out.last_mut() {
            *last = Line::styled(text, theme.muted);
        }
    }
    (out, edit)
}

/// The cell being typed in, over its place in the list, with the cursor. `place` is the
/// value column's x, the field's first row, the column's width and the rows shown.
pub(super) fn render_row_edit(
    frame: &mut Frame,
    field: &FormField,
    place: (u16, u16, usize, usize),
    look: Look,
) {
    let (x, y, width, rows) = place;
    let Input::Rows(list) = &field.input else {
        return;
    };
    let Some(editing) = &list.editing else {
        return;
    };
    let (_, edit) = list_lines(list, true, rows, width, look);
    let Some((dx, dy, w, h)) = edit else {
        return;
    };
    let h = h.min(rows.saturating_sub(dy)).max(1);
    let rect = Rect::new(
        x.saturating_add(u16::try_from(dx).unwrap_or(0)),
        y.saturating_add(u16::try_from(dy).unwrap_or(0)),
        u16::try_from(w).unwrap_or(0),
        u16::try_from(h).unwrap_or(1),
    );
    frame.render_widget(Clear, rect);
    editing
        .input
        .render(frame, rect, look.theme.input_focused, look.theme.selected);
}

/// The keys of a row list, the way to add a row first.
pub(super) fn rows_hint(rows: &Rows, lang: Lang) -> Vec<String> {
    let add = format!("Ins/Ctrl-N {}", lang.pick("přidat", "add"));
    let delete = format!("Ctrl-D {}", lang.pick("smazat řádek", "delete row"));
    let clear = format!("Del {}", lang.pick("vymazat", "clear"));
    let columns = format!("←→ {}", lang.pick("sloupec", "column"));
    let mut out = Vec::new();
    if let Some(editing) = &rows.editing {
        if matches!(rows.list, RowList::Items(_)) {
            out.push(format!("Enter {}", lang.pick("další řádek", "next row")));
        } else {
            out.push(format!("Enter {}", lang.pick("hotovo", "done")));
        }
        if editing.column > 0 {
            out.push(lang.pick("např. 15.12.2019", "e.g. 15.12.2019").to_owned());
        }
        out.push(format!("Esc {}", lang.pick("vrátit", "undo typing")));
        return out;
    }
    out.push(add);
    let change = match rows.column_kind() {
        Column::Text | Column::Date => format!("Enter {}", lang.pick("upravit", "edit")),
        Column::Choice => format!("Space {}", lang.pick("změnit", "change")),
        Column::Pick(_) => format!("Enter {}", lang.pick("vybrat", "choose")),
        Column::Fixed => String::new(),
    };
    if rows.len() > 0 && !change.is_empty() {
        out.push(change);
    }
    if rows.column > 0 && !matches!(rows.list, RowList::Attendance(_)) {
        out.push(clear);
    }
    if rows.columns().len() > 1 && !matches!(rows.list, RowList::Attendance(_)) {
        out.push(columns);
    }
    if rows.len() > 0 {
        out.push(delete);
    }
    out
}
