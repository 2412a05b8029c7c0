//! Drawing a form: "label: value" rows in a bordered box titled with the form's name,
//! messages under the fields they are about, the view scrolled so the focused field is
//! always whole on screen, and a row of key hints at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::Theme;
use crate::app::form::Form;
use crate::app::form::clip::{cut, fit, wrap};
use crate::app::form::fields::{FormField, Input, TextKind};
use crate::app::form::input::wrapped_rows;
use crate::app::form::render_rows::{Look, list_height, list_lines, render_row_edit, rows_hint};
use crate::model::Lang;
use crate::model::text::sanitize_line;

/// Rows a multi-line field shows when not focused, and at most when focused.
const MULTI_ROWS: usize = 3;
const MULTI_ROWS_FOCUSED: usize = 6;
const LIST_ROWS: usize = 4;
const LIST_ROWS_FOCUSED: usize = 10;
/// Rows a one-line field wraps into at most.
const LINE_ROWS: usize = 3;

impl Form {
    /// Draws the form filling `area` (the app passes nearly the whole screen, e.g. 76×20 at 80×24),
    /// places the cursor in the focused text field with frame.set_cursor_position.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let area = area.intersection(frame.area());
        if area.width < 4 || area.height < 3 {
            return;
        }
        frame.render_widget(Clear, area);
        let title = format!(" {} ", sanitize_line(&self.title_in(lang)));
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused)
            .title(Span::styled(
                cut(&title, usize::from(area.width) - 2),
                theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);

        let mut body = inner;
        if body.height >= 2 {
            let hint = Rect::new(body.x, body.bottom() - 1, body.width, 1);
            frame.render_widget(
                Paragraph::new(self.hint_line(usize::from(body.width), theme, lang)),
                hint,
            );
            body.height -= 1;
        }
        let width = usize::from(body.width);
        let form_errors: Vec<String> = self
            .errors
            .iter()
            .flat_map(|e| wrap(&sanitize_line(e), width))
            .take(2)
            .collect();
        let n = u16::try_from(form_errors.len()).unwrap_or(0);
        if n > 0 && body.height > n + 1 {
            let lines: Vec<Line> = form_errors
                .into_iter()
                .map(|e| Line::styled(e, theme.error))
                .collect();
            frame.render_widget(
                Paragraph::new(lines),
                Rect::new(body.x, body.y, body.width, n),
            );
            body.y += n;
            body.height -= n;
        }
        self.render_fields(frame, body, area, theme, lang);
        if let Some(picker) = &self.picker {
            picker.render(frame, area, theme, lang);
        }
    }

    fn render_fields(&self, frame: &mut Frame, body: Rect, outer: Rect, theme: &Theme, lang: Lang) {
        if body.is_empty() {
            return;
        }
        let width = usize::from(body.width);
        let widest = self
            .fields
            .iter()
            .map(|f| f.label.label(lang).chars().count())
            .max()
            .unwrap_or(0);
        let label_w = (widest + 2).clamp(10, 24).min(width / 3);
        let value_w = width - label_w;
        let visible = usize::from(body.height);
        let look = Look {
            lang,
            today: self.today,
            theme,
        };

        // Each field: its first row, value rows and message rows.
        let mut blocks = Vec::with_capacity(self.fields.len());
        let mut top = 0;
        for (i, field) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let rows = value_rows(field, focused, value_w, look)
                .min(visible)
                .max(1);
            let messages: Vec<String> = field
                .errors
                .iter()
                .flat_map(|e| wrap(&sanitize_line(e), value_w))
                .collect();
            blocks.push((top, rows, messages));
            top += rows + blocks.last().map_or(0, |b| b.2.len());
        }
        let total = top;
        let scroll = match blocks.get(self.focus) {
            Some(&(start, rows, ref messages)) => {
                let end = start + rows + messages.len();
                let mut scroll = self.scroll.get().min(total.saturating_sub(visible));
                if start < scroll {
                    scroll = start;
                } else if end > scroll + visible {
                    scroll = (end - visible).min(start);
                }
                scroll
            }
            None => 0,
        };
        self.scroll.set(scroll);

        let y_of = |row: usize| -> Option<u16> {
            let on_screen = row.checked_sub(scroll).filter(|&r| r < visible)?;
            Some(body.y + u16::try_from(on_screen).ok()?)
        };
        let label_x = body.x;
        let value_x = body.x + u16::try_from(label_w).unwrap_or(0);
        let value_width = u16::try_from(value_w).unwrap_or(0);
        for (i, (field, (start, rows, messages))) in self.fields.iter().zip(&blocks).enumerate() {
            let focused = i == self.focus;
            if let Some(y) = y_of(*start) {
                let label = format!("{}:", field.label.label(lang));
                // Reversed, so that the focus shows without colours too.
                let style = if focused { theme.selected } else { theme.label };
                let cell = Rect::new(label_x, y, u16::try_from(label_w).unwrap_or(0), 1);
                frame.render_widget(
                    Paragraph::new(Span::styled(fit(&label, label_w.saturating_sub(1)), style)),
                    cell,
                );
            }
            let value_style = if focused {
                theme.input_focused
            } else {
                theme.input
            };
            let whole = y_of(*start).is_some() && y_of(start + rows - 1).is_some();
            match &field.input {
                Input::Text { input, .. } if focused && whole => {
                    if let Some(y) = y_of(*start) {
                        let height = u16::try_from(*rows).unwrap_or(1);
                        input.render(
                            frame,
                            Rect::new(value_x, y, value_width, height),
                            value_style,
                            theme.selected,
                        );
                    }
                }
                _ => {
                    let lines = value_lines(field, focused, *rows, value_w, look);
                    for (r, line) in lines.into_iter().enumerate() {
                        if let Some(y) = y_of(start + r) {
                            let cell = Rect::new(value_x, y, value_width, 1);
                            frame.render_widget(Paragraph::new(line).style(value_style), cell);
                        }
                    }
                    if focused
                        && whole
                        && let Some(y) = y_of(*start)
                    {
                        render_row_edit(frame, field, (value_x, y, value_w, *rows), look);
                    }
                }
            }
            for (r, message) in messages.iter().enumerate() {
                if let Some(y) = y_of(start + rows + r) {
                    let cell = Rect::new(value_x, y, value_width, 1);
                    frame.render_widget(
                        Paragraph::new(Span::styled(message.clone(), theme.error)),
                        cell,
                    );
                }
            }
        }
        // Arrows on the border where more fields lie above or below.
        let right = outer.right().saturating_sub(1);
        if scroll > 0 {
            frame.render_widget(
                Span::styled("▲", theme.muted),
                Rect::new(right, body.y, 1, 1),
            );
        }
        if total > scroll + visible {
            let y = body.bottom().saturating_sub(1);
            frame.render_widget(Span::styled("▼", theme.muted), Rect::new(right, y, 1, 1));
        }
    }

    fn hint_line(&self, width: usize, theme: &Theme, lang: Lang) -> Line<'static> {
        let k = &self.keys;
        let mut parts: Vec<String> = Vec::new();
        let general = |key: &str, what: &str| (!key.is_empty()).then(|| format!("{key} {what}"));
        parts.extend(general(&k.save, lang.pick("uložit", "save")));
        parts.extend(general(&k.cancel, lang.pick("zrušit", "cancel")));
        parts.extend(general(&k.next, lang.pick("další pole", "next field")));
        let field = self.fields.get(self.focus).map(|f| &f.input);
        let pick = if k.pick.is_empty() {
            "Enter".to_owned()
        } else {
            format!("Enter/{}", k.pick)
        };
        let specific: Vec<String> = match field {
            Some(Input::Text { kind, .. }) => match kind {
                TextKind::Date { .. } => {
                    vec![
                        lang.pick("např. 4.12.2017 nebo 4.12.", "e.g. 4.12.2017 or 4.12.")
                            .into(),
                    ]
                }
                TextKind::Time => vec![lang.pick("např. 16:30", "e.g. 16:30").into()],
                TextKind::Lines => vec![lang.pick("položka na řádek", "an item a line").into()],
                TextKind::Timeline => vec![
                    lang.pick("řádek: 2013–2015 text", "a line: 2013–2015 text")
                        .into(),
                ],
                _ => Vec::new(),
            },
            Some(Input::Choice(c)) => {
                let mut v = vec![format!("Space/←→ {}", lang.pick("změnit", "change"))];
                if c.optional {
                    v.push(format!("Del {}", lang.pick("vymazat", "clear")));
                }
                v
            }
            Some(Input::Reference(r)) => {
                let mut v = vec![format!("{pick} {}", lang.pick("vybrat", "choose"))];
                if r.optional {
                    v.push(format!("Del {}", lang.pick("vymazat", "clear")));
                }
                v
            }
            Some(Input::Rows(rows)) => rows_hint(rows, lang),
            None => Vec::new(),
        };
        let at = 2.min(parts.len());
        parts.splice(at..at, specific);
        let mut text = String::new();
        for part in parts {
            let sep = if text.is_empty() { "" } else { " · " };
            if text.chars().count() + sep.chars().count() + part.chars().count() <= width {
                text.push_str(sep);
                text.push_str(&part);
            }
        }
        Line::styled(text, theme.muted)
    }
}

/// How many rows a field's value takes at this width: text wraps at words.
fn value_rows(field: &FormField, focused: bool, width: usize, look: Look) -> usize {
    match &field.input {
        Input::Text { input, .. } if input.is_multi() => {
            let n = wrapped_rows(&input.text(), width);
            if focused {
                (n + 1).clamp(MULTI_ROWS, MULTI_ROWS_FOCUSED)
            } else {
                n.clamp(1, MULTI_ROWS)
            }
        }
        Input::Text { input, .. } => wrapped_rows(&input.text(), width).clamp(1, LINE_ROWS),
        Input::Rows(rows) if focused => {
            list_height(rows, true, width, look).clamp(1, LIST_ROWS_FOCUSED)
        }
        Input::Rows(rows) => list_height(rows, false, width, look).clamp(1, LIST_ROWS),
        _ => 1,
    }
}

/// The lines of a field's value, `rows` of them, long lines wrapped at words.
fn value_lines(
    field: &FormField,
    focused: bool,
    rows: usize,
    width: usize,
    look: Look,
) -> Vec<Line<'static>> {
    let (theme, lang) = (look.theme, look.lang);
    let dash = || Line::styled("—", theme.muted);
    match &field.input {
        Input::Text { input, .. } => {
            // Each screen line with the number of the line of text it shows.
            let lines: Vec<(usize, String)> = input
                .lines()
                .iter()
                .enumerate()
                .flat_map(|(n, l)| {
                    let wrapped = wrap(l, width.saturating_sub(1).max(1));
                    if wrapped.is_empty() {
                        vec![(n, String::new())]
                    } else {
                        wrapped.into_iter().map(|w| (n, w)).collect()
                    }
                })
                .collect();
            let mut out: Vec<Line> = lines
                .iter()
                .take(rows)
                .map(|(_, l)| Line::raw(cut(l, width)))
                .collect();
            if lines.len() > rows && rows > 0 {
                // How many lines of text are not shown whole.
                let first_cut = lines[rows - 1].0;
                let more = input.lines().len() - first_cut;
                out[rows - 1] = Line::styled(format!("… (+{more})"), theme.muted);
            }
            out
        }
        Input::Choice(choice) if choice.index.is_none() => vec![dash()],
        Input::Choice(choice) => vec![Line::raw(cut(choice.label(lang), width))],
        Input::Reference(r) if r.id.is_none() => vec![dash()],
        Input::Reference(r) => vec![Line::raw(cut(&r.title, width))],
        Input::Rows(list) => list_lines(list, focused, rows, width, look).0,
    }
}
