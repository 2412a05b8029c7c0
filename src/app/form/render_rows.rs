//! Drawing the row editors: rows of a name and choice columns that line up, the selected
//! row (or, for members, cell) marked, and the output title being typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use crate::app::Theme;
use crate::app::form::clip::fit;
use crate::app::form::fields::{FormField, Input};
use crate::app::form::rows::{RowList, Rows};
use crate::model::text::sanitize_line;
use crate::model::{Labelled, Lang, MemberRole, OutputState, Presence, Represents};

/// The cells of each row: the first is the name or title, the others are choices.
pub(super) fn cells(rows: &Rows, lang: Lang) -> Vec<Vec<String>> {
    let label = |c: Option<&'static str>| c.unwrap_or("—").to_owned();
    match &rows.list {
        RowList::Outputs(rows) => rows
            .iter()
            .map(|o| vec![o.title.clone(), o.state.label(lang).to_owned()])
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

/// The width of each choice column, so that rows line up.
pub(super) fn column_widths(rows: &Rows, lang: Lang) -> Vec<usize> {
    fn widest<T: Labelled>(lang: Lang, dash: &str) -> usize {
        T::ALL
            .iter()
            .map(|v| v.label(lang).chars().count())
            .chain([dash.chars().count()])
            .max()
            .unwrap_or(1)
    }
    match rows.list {
        RowList::Outputs(_) => vec![widest::<OutputState>(lang, "")],
        RowList::People(_) => Vec::new(),
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

/// The first row a list shows: the selected row stays in view.
pub(super) fn window_start(rows: &Rows, shown: usize) -> usize {
    (rows.selected + 1).saturating_sub(shown)
}

/// The width the choice columns of a row list take, with their gaps.
pub(super) fn choice_columns(rows: &Rows, lang: Lang) -> usize {
    column_widths(rows, lang).iter().map(|w| w + 2).sum()
}

/// The output title being typed, over its row, with the cursor. `place` is the value
/// column's x, the field's first row, the column's width and the rows shown.
pub(super) fn render_row_title(
    frame: &mut Frame,
    field: &FormField,
    place: (u16, Option<u16>, usize, usize),
    theme: &Theme,
    lang: Lang,
) {
    let (x, y, width, rows) = place;
    let (Input::Rows(list), Some(y)) = (&field.input, y) else {
        return;
    };
    let Some(input) = &list.editing else {
        return;
    };
    let first = window_start(list, rows);
    let Some(row) = list.selected.checked_sub(first).filter(|&r| r < rows) else {
        return;
    };
    let title_w = width.saturating_sub(choice_columns(list, lang));
    let rect = Rect::new(
        x,
        y.saturating_add(u16::try_from(row).unwrap_or(0)),
        u16::try_from(title_w).unwrap_or(0),
        1,
    );
    frame.render_widget(Clear, rect);
    input.render(frame, rect, theme.selected);
}

pub(super) fn rows_hint(rows: &Rows, lang: Lang) -> Vec<String> {
    let add = format!("Ins {}", lang.pick("přidat", "add"));
    let delete = format!("Ctrl-D {}", lang.pick("smazat", "delete"));
    let change = format!("Space {}", lang.pick("změnit", "change"));
    match rows.list {
        _ if rows.editing() => vec![format!("Enter {}", lang.pick("hotovo", "done"))],
        RowList::Outputs(_) => vec![
            add,
            delete,
            format!("Enter {}", lang.pick("název", "title")),
            change,
        ],
        RowList::People(_) => vec![add, delete],
        RowList::Members(_) => vec![
            add,
            delete,
            format!("←→ {}", lang.pick("sloupec", "column")),
            change,
        ],
        RowList::Attendance(_) => vec![change, add, delete],
    }
}

pub(super) fn list_lines(
    list: &Rows,
    focused: bool,
    rows: usize,
    width: usize,
    theme: &Theme,
    lang: Lang,
) -> Vec<Line<'static>> {
    let cells = cells(list, lang);
    if cells.is_empty() {
        let text = if focused {
            format!(
                "— ({})",
                lang.pick("Insert přidá řádek", "Insert adds a row")
            )
        } else {
            "—".to_owned()
        };
        return vec![Line::styled(text, theme.muted)];
    }
    let widths = column_widths(list, lang);
    let first_w = width.saturating_sub(choice_columns(list, lang)).max(1);
    let start = if focused { window_start(list, rows) } else { 0 };
    let mut out: Vec<Line> = cells
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, row)| {
            let selected = focused && i == list.selected;
            let mut spans = Vec::new();
            for (c, cell) in row.iter().enumerate() {
                let w = if c == 0 {
                    first_w
                } else {
                    widths.get(c - 1).copied().unwrap_or(1)
                };
                let cell_selected =
                    selected && (list.column == c || !matches!(list.list, RowList::Members(_)));
                let style = if cell_selected {
                    theme.selected
                } else {
                    Style::default()
                };
                if c > 0 {
                    let members = matches!(list.list, RowList::Members(_));
                    let gap = if selected && !members {
                        theme.selected
                    } else {
                        Style::default()
                    };
                    spans.push(Span::styled("  ", gap));
                }
                spans.push(Span::styled(fit(&sanitize_line(cell), w), style));
            }
            Line::from(spans)
        })
        .collect();
    if !focused && cells.len() > rows && rows > 0 {
        let more = cells.len() - rows + 1;
        let text = crate::model::grammar::and_more(more, lang);
        out[rows - 1] = Line::styled(text, theme.muted);
    }
    out
}
