//! Styles in one place. The default uses the 16 ANSI colours, so it reads the same over
//! SSH and in PuTTY; with `NO_COLOR` set only bold, underline and reverse remain.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub tab_active: Style,
    pub tab_inactive: Style,
    pub border: Style,
    pub border_focused: Style,
    /// The selected row of the focused list.
    pub selected: Style,
    /// The selected row of a list that does not have the focus.
    pub selected_unfocused: Style,
    pub label: Style,
    pub muted: Style,
    /// A related record the clerk can jump to.
    pub link: Style,
    pub key: Style,
    pub error: Style,
    pub warning: Style,
    pub ok: Style,
    pub status: Style,
    pub input: Style,
    pub input_focused: Style,
}

impl Theme {
    /// The theme for this process: plain when `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::sixteen_colours(),
        }
    }

    pub fn sixteen_colours() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            base: Style::default(),
            title: Style::default().fg(Color::Cyan).add_modifier(bold),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            tab_inactive: Style::default().fg(Color::Gray),
            border: Style::default().fg(Color::DarkGray),
            border_focused: Style::default().fg(Color::Cyan),
            selected: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            selected_unfocused: Style::default().add_modifier(Modifier::REVERSED),
            label: Style::default().fg(Color::Yellow),
            muted: Style::default().fg(Color::DarkGray),
            link: Style::default().fg(Color::LightBlue),
            key: Style::default().fg(Color::Black).bg(Color::Gray),
            error: Style::default().fg(Color::LightRed).add_modifier(bold),
            warning: Style::default().fg(Color::Yellow),
            ok: Style::default().fg(Color::Green),
            status: Style::default().fg(Color::White).bg(Color::Blue),
            input: Style::default().fg(Color::White),
            input_focused: Style::default().fg(Color::White).bg(Color::Blue),
        }
    }

    pub fn plain() -> Theme {
        let none = Style::default();
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let reversed = Style::default().add_modifier(Modifier::REVERSED);
        Theme {
            base: none,
            title: bold,
            tab_active: reversed,
            tab_inactive: none,
            border: none,
            border_focused: bold,
            selected: reversed,
            selected_unfocused: Style::default().add_modifier(Modifier::UNDERLINED),
            label: bold,
            muted: none,
            link: Style::default().add_modifier(Modifier::UNDERLINED),
            key: reversed,
            error: bold,
            warning: bold,
            ok: none,
            status: reversed,
            input: none,
            input_focused: Style::default().add_modifier(Modifier::UNDERLINED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_theme_has_no_colours() {
        let t = Theme::plain();
        for style in [
            t.base,
            t.title,
            t.tab_active,
            t.selected,
            t.link,
            t.error,
            t.status,
            t.input_focused,
        ] {
            assert_eq!((style.fg, style.bg), (None, None));
        }
    }

    #[test]
    fn default_theme_uses_only_the_16_ansi_colours() {
        let t = Theme::sixteen_colours();
        for style in [t.title, t.tab_active, t.selected, t.link, t.error, t.status] {
            for colour in [style.fg, style.bg].into_iter().flatten() {
                assert!(
                    !matches!(colour, Color::Rgb(..) | Color::Indexed(_)),
                    "{colour:?}"
                );
            }
        }
    }
}
