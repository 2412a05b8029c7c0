//! Colours as the terminal understands them.
//!
//! crossterm writes every colour, even the sixteen basic ones, as a 256-colour code
//! (`ESC[38;5;6m` for cyan), which an `xterm`, `screen`, `linux` or PuTTY terminal set
//! to fewer colours shows wrongly or not at all. This backend draws like ratatui's
//! crossterm backend but writes colours for what `TERM`, `COLORTERM` and `NO_COLOR` say
//! the terminal has: the classic codes 30–37/90–97 (40–47/100–107) for the sixteen
//! colours, 256-colour or true-colour codes only where the terminal declares them, and
//! no colour at all with `NO_COLOR`.

use std::io::{self, Stdout, Write};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// The colours a terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// `NO_COLOR`, or a terminal without colours (`TERM=dumb`): attributes only.
    None,
    /// The sixteen ANSI colours: any terminal that does not declare more.
    Sixteen,
    /// `TERM=…-256color`.
    Indexed,
    /// `COLORTERM=truecolor` or `24bit`, or a `TERM` naming direct colour.
    TrueColour,
}

impl Palette {
    /// The palette of this process's terminal.
    pub fn from_env() -> Palette {
        let var = |name| std::env::var(name).ok();
        Palette::from_vars(
            var("TERM").as_deref(),
            var("COLORTERM").as_deref(),
            var("NO_COLOR").as_deref(),
        )
    }

    /// The palette for these values of `TERM`, `COLORTERM` and `NO_COLOR`.
    pub fn from_vars(
        term: Option<&str>,
        colorterm: Option<&str>,
        no_color: Option<&str>,
    ) -> Palette {
        let term = term.unwrap_or("").to_ascii_lowercase();
        let colorterm = colorterm.unwrap_or("").to_ascii_lowercase();
        if no_color.is_some_and(|v| !v.is_empty()) || term == "dumb" {
            Palette::None
        } else if matches!(colorterm.as_str(), "truecolor" | "24bit")
            || term.contains("truecolor")
            || term.contains("direct")
        {
            Palette::TrueColour
        } else if term.contains("256color") {
            Palette::Indexed
        } else {
            Palette::Sixteen
        }
    }

    /// The SGR sequence that sets exactly this style: everything reset, then the
    /// attributes, then the colours the palette has.
    pub fn sgr(self, fg: Color, bg: Color, modifier: Modifier) -> String {
        let mut codes = vec![String::from("0")];
        for (flag, code) in [
            (Modifier::BOLD, "1"),
            (Modifier::DIM, "2"),
            (Modifier::ITALIC, "3"),
            (Modifier::UNDERLINED, "4"),
            (Modifier::SLOW_BLINK, "5"),
            (Modifier::RAPID_BLINK, "6"),
            (Modifier::REVERSED, "7"),
            (Modifier::HIDDEN, "8"),
            (Modifier::CROSSED_OUT, "9"),
        ] {
            if modifier.contains(flag) {
                codes.push(code.into());
            }
        }
        codes.extend(self.colour(fg, false));
        codes.extend(self.colour(bg, true));
        format!("\x1b[{}m", codes.join(";"))
    }

    /// The SGR parameters for one colour; `None` for the default colour, or when the
    /// palette has no colours.
    fn colour(self, colour: Color, background: bool) -> Option<String> {
        let offset = if background { 10 } else { 0 };
        let basic = |n: u8| {
            let code = if n < 8 { 30 + n } else { 90 + n - 8 };
            Some((u16::from(code) + offset).to_string())
        };
        let layer = if background { 48 } else { 38 };
        match (self, colour) {
            (Palette::None, _) | (_, Color::Reset) => None,
            (_, Color::Indexed(n)) if n < 16 => basic(n),
            (Palette::Sixteen, Color::Indexed(n)) => basic(nearest_basic(indexed_rgb(n))),
            (Palette::Sixteen, Color::Rgb(r, g, b)) => basic(nearest_basic((r, g, b))),
            (Palette::Indexed | Palette::TrueColour, Color::Indexed(n)) => {
                Some(format!("{layer};5;{n}"))
            }
            (Palette::Indexed, Color::Rgb(r, g, b)) => {
                let level = |v: u8| (u16::from(v) * 5 + 127) / 255;
                let n = 16 + 36 * level(r) + 6 * level(g) + level(b);
                Some(format!("{layer};5;{n}"))
            }
            (Palette::TrueColour, Color::Rgb(r, g, b)) => Some(format!("{layer};2;{r};{g};{b}")),
            (_, named) => basic(basic_index(named)),
        }
    }
}

/// The ANSI number (0–15) of a named colour.
fn basic_index(colour: Color) -> u8 {
    match colour {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        _ => 15,
    }
}

/// xterm's default values of the sixteen colours.
const BASIC_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The colour of a 256-colour index (the 6×6×6 cube and the grey ramp).
fn indexed_rgb(n: u8) -> (u8, u8, u8) {
    match n {
        0..=15 => BASIC_RGB[usize::from(n)],
        16..=231 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            let i = n - 16;
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        _ => {
            let v = 8 + (n - 232) * 10;
            (v, v, v)
        }
    }
}

/// The closest of the sixteen colours.
fn nearest_basic((r, g, b): (u8, u8, u8)) -> u8 {
    let distance = |&(_, (cr, cg, cb)): &(usize, &(u8, u8, u8))| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(r, *cr) + d(g, *cg) + d(b, *cb)
    };
    BASIC_RGB
        .iter()
        .enumerate()
        .min_by_key(distance)
        .and_then(|(i, _)| u8::try_from(i).ok())
        .unwrap_or(7)
}

/// ratatui's crossterm backend with colours written for the terminal's [`Palette`].
pub struct PaletteBackend<W: Write> {
    inner: CrosstermBackend<W>,
    palette: Palette,
}

impl<W: Write> PaletteBackend<W> {
    pub fn new(writer: W, palette: Palette) -> PaletteBackend<W> {
        PaletteBackend {
            inner: CrosstermBackend::new(writer),
            palette,
        }
    }
}

impl<W: Write> Write for PaletteBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for PaletteBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let palette = self.palette;
        // The crossterm backend passes writes through to the terminal.
        let writer = &mut self.inner;
        let mut style = None;
        let mut last: Option<Position> = None;
        for (x, y, cell) in content {
            if !matches!(last, Some(p) if x == p.x + 1 && y == p.y) {
                queue!(writer, MoveTo(x, y))?;
            }
            last = Some(Position { x, y });
            let wanted = (cell.fg, cell.bg, cell.modifier);
            if style != Some(wanted) {
                writer.write_all(palette.sgr(cell.fg, cell.bg, cell.modifier).as_bytes())?;
                style = Some(wanted);
            }
            writer.write_all(cell.symbol().as_bytes())?;
        }
        writer.write_all(b"\x1b[0m")
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// The process's terminal in raw mode on the alternate screen, drawn for its palette;
/// a panic gives the terminal back before it is reported (as `ratatui::try_init` does).
pub fn try_init() -> io::Result<Terminal<PaletteBackend<Stdout>>> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::try_restore();
        hook(info);
    }));
    ratatui::crossterm::terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    queue!(stdout, ratatui::crossterm::terminal::EnterAlternateScreen)?;
    stdout.flush()?;
    Terminal::new(PaletteBackend::new(stdout, Palette::from_env()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use std::sync::{Arc, Mutex};

    /// A writer whose bytes the test reads after the backend has them.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_terminal_says_which_colours_it_has() {
        let p = |term, colorterm, no_color| Palette::from_vars(term, colorterm, no_color);
        for term in ["xterm", "screen", "linux", "vt100", "xterm-color", "tmux"] {
            assert_eq!(p(Some(term), None, None), Palette::Sixteen, "{term}");
        }
        assert_eq!(p(None, None, None), Palette::Sixteen);
        assert_eq!(p(Some("xterm-256color"), None, None), Palette::Indexed);
        assert_eq!(
            p(Some("xterm"), Some("truecolor"), None),
            Palette::TrueColour
        );
        assert_eq!(p(Some("xterm-256color"), None, Some("1")), Palette::None);
        assert_eq!(p(Some("xterm"), None, Some("")), Palette::Sixteen);
        assert_eq!(p(Some("dumb"), None, None), Palette::None);
    }

    #[test]
    fn sixteen_colours_use_the_classic_codes() {
        let s = Palette::Sixteen;
        assert_eq!(
            s.sgr(Color::Black, Color::Cyan, Modifier::BOLD),
            "\x1b[0;1;30;46m"
        );
        assert_eq!(
            s.sgr(Color::DarkGray, Color::Reset, Modifier::empty()),
            "\x1b[0;90m"
        );
        assert_eq!(
            s.sgr(Color::LightRed, Color::Blue, Modifier::empty()),
            "\x1b[0;91;44m"
        );
        // Colours the terminal does not have become the nearest it has.
        assert_eq!(
            s.sgr(
                Color::Rgb(250, 10, 10),
                Color::Indexed(21),
                Modifier::empty()
            ),
            "\x1b[0;91;44m"
        );
        assert_eq!(
            Palette::None.sgr(Color::Red, Color::Blue, Modifier::REVERSED),
            "\x1b[0;7m"
        );
        assert_eq!(
            Palette::Indexed.sgr(Color::Indexed(200), Color::Reset, Modifier::empty()),
            "\x1b[0;38;5;200m"
        );
    }

    #[test]
    fn a_drawn_frame_has_no_256_colour_code_on_a_16_colour_terminal() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 4, 1));
        buffer.set_string(0, 0, "ab", Style::default().fg(Color::Cyan).bg(Color::Gray));
        buffer.set_string(2, 0, "cd", Style::default().fg(Color::Indexed(123)));
        let written = Shared::default();
        let mut backend = PaletteBackend::new(written.clone(), Palette::Sixteen);
        let cells = buffer
            .content()
            .iter()
            .enumerate()
            .map(|(i, c)| (u16::try_from(i).unwrap(), 0, c));
        backend.draw(cells).unwrap();
        let out = String::from_utf8(written.0.lock().unwrap().clone()).unwrap();
        assert!(!out.contains("38;5;") && !out.contains("48;5;"), "{out:?}");
        assert!(out.contains("\x1b[0;36;47mab"), "{out:?}");
    }
}
