//! A text input on ratatui-textarea, of one line or several, that only ever holds text a
//! terminal can show: loaded text is sanitised and typed control characters are refused.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea};

use crate::model::text::{has_control, sanitize, sanitize_line};

#[derive(Debug, Clone)]
pub(super) struct TextInput {
    area: TextArea<'static>,
    multi: bool,
}

impl TextInput {
    pub fn new(text: &str, multi: bool) -> TextInput {
        let mut input = TextInput {
            area: TextArea::default(),
            multi,
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
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        self.area = area;
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
    pub fn render(&self, frame: &mut Frame, area: Rect, style: Style) {
        let area = area.intersection(frame.area());
        if area.is_empty() {
            return;
        }
        frame.render_widget(&self.area, area);
        frame.buffer_mut().set_style(area, style);
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
