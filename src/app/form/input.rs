//! A text input on ratatui-textarea, of one line or several, that only ever holds text a
//! terminal can show: loaded text is sanitised and typed control characters are refused.
//! Long lines wrap at words. A one-line input entered with a value in it holds that value
//! as selected, the way a spreadsheet's cell does: typing replaces it, an arrow, Home or
//! End starts editing it in place. Ctrl-U empties the input.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::model::text::{has_control, sanitize, sanitize_line};

#[derive(Debug, Clone)]
pub(super) struct TextInput {
    area: TextArea<'static>,
    multi: bool,
    /// The value is selected as a whole: the next character typed replaces it.
    fresh: bool,
}

impl TextInput {
    pub fn new(text: &str, multi: bool) -> TextInput {
        let mut input = TextInput {
            area: TextArea::default(),
            multi,
            fresh: false,
        };
        input.set_text(text);
        input
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set_text(&mut self, text: &str) {
        let clean = if self.multi {
            sanitize(text)
        } else {
            sanitize_line(text)
        };
        let mut area = TextArea::new(clean.split('\n').map(str::to_owned).collect());
        // The real terminal cursor marks the place; the widget draws none of its own.
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        self.area = area;
        self.fresh = false;
    }

    /// The input gets the focus: a one-line value is selected whole, so that typing
    /// replaces it; several lines keep the cursor at their end.
    pub fn enter(&mut self) {
        self.area.move_cursor(CursorMove::Bottom);
        self.area.move_cursor(CursorMove::End);
        self.fresh = !self.multi && !self.area.is_empty();
    }

    /// The input loses the focus.
    pub fn leave(&mut self) {
        self.fresh = false;
        self.area.move_cursor(CursorMove::Bottom);
        self.area.move_cursor(CursorMove::End);
    }

    /// Whether the value is selected whole, to be replaced by what is typed.
    #[cfg(test)]
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// The text as typed, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn lines(&self) -> &[String] {
        self.area.lines()
    }

    pub fn is_multi(&self) -> bool {
        self.multi
    }

    /// The cursor's line.
    pub fn row(&self) -> usize {
        self.area.cursor().0
    }

    /// Feeds a key to the editor; returns whether the text changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('u') {
            let had = !self.area.is_empty();
            self.set_text("");
            return had;
        }
        if self.fresh {
            self.fresh = false;
            let plain = !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            match key.code {
                // The selected value goes; what is typed takes its place.
                KeyCode::Char(c) if plain && !c.is_control() => self.set_text(""),
                KeyCode::Backspace | KeyCode::Delete => {
                    self.set_text("");
                    return true;
                }
                KeyCode::Home => {
                    self.area.move_cursor(CursorMove::Head);
                    return false;
                }
                // The cursor is at the end already: End and → start editing there.
                KeyCode::End | KeyCode::Right => return false,
                _ => {}
            }
        }
        if let KeyCode::Char(c) = key.code {
            let mut buf = [0u8; 4];
            if has_control(c.encode_utf8(&mut buf), false) {
                return false;
            }
        }
        if !self.multi && is_newline(key) {
            return false;
        }
        let before = self.area.lines().to_vec();
        self.area.input(key);
        if !self.multi && self.area.lines().len() > 1 {
            // A paste of several lines into a one-line field becomes one line.
            let joined = self.area.lines().join(" ");
            self.set_text(&joined);
        }
        self.area.lines() != before.as_slice()
    }

    /// Draws the editor into `area` in `style` and puts the terminal cursor in it.
    pub fn render(&self, frame: &mut Frame, area: Rect, style: Style, selected: Style) {
        let area = area.intersection(frame.area());
        if area.is_empty() {
            return;
        }
        frame.render_widget(&self.area, area);
        frame.buffer_mut().set_style(area, style);
        if self.fresh {
            // The selected value is drawn as selected, whatever the colours.
            let text_w = self
                .area
                .lines()
                .first()
                .map_or(0, |l| l.chars().count())
                .min(usize::from(area.width));
            let rows =
                wrapped_rows(&self.text(), usize::from(area.width)).min(usize::from(area.height));
            for row in 0..rows {
                let width = if rows == 1 {
                    text_w
                } else {
                    usize::from(area.width)
                };
                let cells = Rect::new(
                    area.x,
                    area.y.saturating_add(u16::try_from(row).unwrap_or(0)),
                    u16::try_from(width).unwrap_or(0),
                    1,
                );
                frame.buffer_mut().set_style(cells, selected);
            }
        }
        let cursor = self.area.screen_cursor();
        let (top_row, top_col) = self.area.scroll_offset();
        let row = cursor.row.saturating_sub(usize::from(top_row));
        let col = cursor.col.saturating_sub(usize::from(top_col));
        let x = area
            .x
            .saturating_add(u16::try_from(col).unwrap_or(u16::MAX))
            .min(area.right().saturating_sub(1));
        let y = area
            .y
            .saturating_add(u16::try_from(row).unwrap_or(u16::MAX))
            .min(area.bottom().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, y));
    }
}

/// How many screen rows `text` takes wrapped at words into `width` columns, with room
/// for the cursor after its last character.
pub(super) fn wrapped_rows(text: &str, width: usize) -> usize {
    text.split('\n')
        .map(|line| {
            crate::app::form::clip::wrap(line, width.saturating_sub(1).max(1))
                .len()
                .max(1)
        })
        .sum()
}

fn is_newline(key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    matches!(key.code, KeyCode::Enter | KeyCode::Char('\n' | '\r'))
        || (ctrl && matches!(key.code, KeyCode::Char('m' | 'j')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn control_characters_never_enter() {
        let mut input = TextInput::new("a\u{1b}[2Jb", false);
        assert_eq!(input.text(), "a\u{FFFD}[2Jb");
        assert!(!input.input(press(KeyCode::Char('\u{202e}'))));
        assert!(!input.input(press(KeyCode::Char('\u{7}'))));
        assert!(input.input(press(KeyCode::Char('ž'))));
        assert_eq!(input.text(), "a\u{FFFD}[2Jbž");
    }

    #[test]
    fn a_value_entered_is_replaced_by_typing_and_edited_after_an_arrow() {
        let mut input = TextInput::new("Soběslav", false);
        input.enter();
        assert!(input.is_fresh());
        assert!(input.input(press(KeyCode::Char('T'))));
        assert_eq!(input.text(), "T");
        let mut input = TextInput::new("Soběslav", false);
        input.enter();
        assert!(!input.input(press(KeyCode::Left)));
        assert!(input.input(press(KeyCode::Char('x'))));
        assert_eq!(input.text(), "Soběslaxv");
        let mut input = TextInput::new("Soběslav", false);
        input.enter();
        input.input(press(KeyCode::Home));
        input.input(press(KeyCode::Char('M')));
        assert_eq!(input.text(), "MSoběslav");
        let mut input = TextInput::new("Soběslav", false);
        input.enter();
        input.input(press(KeyCode::End));
        input.input(press(KeyCode::Char('i')));
        assert_eq!(input.text(), "Soběslavi");
        // Several lines are not replaced: their cursor waits at the end.
        let mut notes = TextInput::new("a\nb", true);
        notes.enter();
        assert!(!notes.is_fresh());
        notes.input(press(KeyCode::Char('c')));
        assert_eq!(notes.text(), "a\nbc");
    }

    #[test]
    fn ctrl_u_empties_the_input() {
        let mut input = TextInput::new("Soběslav", false);
        assert!(input.input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert_eq!(input.text(), "");
        let mut notes = TextInput::new("a\nb", true);
        assert!(notes.input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert_eq!(notes.text(), "");
    }

    #[test]
    fn one_line_stays_one_line() {
        let mut input = TextInput::new("a\nb", false);
        assert_eq!(input.text(), "a b");
        assert!(!input.input(press(KeyCode::Enter)));
        assert!(!input.input(KeyEvent::new(KeyCode::Char('m'), KeyModifiers::CONTROL)));
        assert_eq!(input.lines().len(), 1);
        let mut multi = TextInput::new("a", true);
        assert!(multi.input(press(KeyCode::Enter)));
        assert_eq!(multi.text(), "a\n");
    }
}
