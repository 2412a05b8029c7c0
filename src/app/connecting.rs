//! The screen shown before the application starts while the shared server does not
//! answer: what kpss waits for and how to leave. The clerk's keys are read meanwhile, so
//! `q`, `Esc` or `Ctrl-C` quit at once; a hang-up or a stop signal ends the wait too.

use std::io;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::{Frame, Terminal};

use crate::app::palette::PaletteBackend;
use crate::app::terminal::{Ending, Input, TICK, wait_for_input};
use crate::model::text::sanitize_line;

/// Draws `lines` centred on the screen, a line too long for it wrapped.
pub fn render(frame: &mut Frame, lines: &[String]) {
    let area = frame.area();
    let width = usize::from(area.width.max(1));
    let text: Vec<Line> = lines.iter().map(|l| Line::from(sanitize_line(l))).collect();
    let rows: usize = text.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).min(area.height);
    let block = Rect::new(
        area.x,
        area.y + (area.height - height) / 2,
        area.width,
        height,
    );
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        block,
    );
}

/// The terminal while the application is not yet there.
pub struct Waiting<'a> {
    pub(crate) terminal: &'a mut Terminal<PaletteBackend<io::Stdout>>,
    pub(crate) signalled: &'a dyn Fn() -> Option<Ending>,
}

impl Waiting<'_> {
    /// Shows `lines` for `pause`; `Some` when the session ends meanwhile, and why.
    pub fn show(&mut self, lines: &[String], pause: Duration) -> io::Result<Option<Ending>> {
        let deadline = Instant::now() + pause;
        self.draw(lines)?;
        loop {
            if let Some(ending) = (self.signalled)() {
                return Ok(Some(ending));
            }
            let now = Instant::now();
            if now >= deadline {
                return Ok(None);
            }
            if let Input::Gone = wait_for_input((deadline - now).min(TICK))? {
                return Ok(Some(Ending::HangUp));
            }
            while event::poll(Duration::ZERO)? {
                match event::read()? {
                    Event::Key(key) if quits(&key) => return Ok(Some(Ending::Quit)),
                    Event::Resize(..) => self.draw(lines)?,
                    _ => {}
                }
            }
        }
    }

    fn draw(&mut self, lines: &[String]) -> io::Result<()> {
        self.terminal
            .draw(|frame| render(frame, lines))
            .map(|_| ())
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// The keys that leave the waiting screen (the keymap is not loaded yet).
fn quits(key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc => true,
        KeyCode::Char('c') => key.modifiers.contains(KeyModifiers::CONTROL),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn the_lines_stand_in_the_middle_without_control_characters() {
        let mut terminal = Terminal::new(TestBackend::new(60, 10)).unwrap();
        let lines = vec![
            "Připojuji se ke sdílenému serveru…".to_string(),
            "/run/\u{1b}[2Jkpss.sock".to_string(),
        ];
        terminal.draw(|f| render(f, &lines)).unwrap();
        let buffer = terminal.backend().buffer();
        let row = |y: u16| -> String { (0..60).map(|x| buffer[(x, y)].symbol()).collect() };
        assert!(row(4).contains("Připojuji se ke sdílenému serveru…"));
        assert!(row(5).contains("/run/"));
        assert!(!row(5).contains('\u{1b}'));
    }

    #[test]
    fn q_escape_and_ctrl_c_quit() {
        let key = |code, modifiers| KeyEvent::new(code, modifiers);
        assert!(quits(&key(KeyCode::Char('q'), KeyModifiers::NONE)));
        assert!(quits(&key(KeyCode::Esc, KeyModifiers::NONE)));
        assert!(quits(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(!quits(&key(KeyCode::Char('c'), KeyModifiers::NONE)));
    }
}
