//! Small drawing helpers shared by the screen and its layers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::theme::Theme;
use crate::model::text::sanitize_line;

/// A box of `width` columns (at most the body's) centred on the body, as high as its
/// word-wrapped lines, with a title.
pub fn boxed(
    frame: &mut Frame,
    body: Rect,
    width: u16,
    title: &str,
    lines: Vec<Line>,
    theme: &Theme,
) {
    let inner = width.min(body.width).saturating_sub(2);
    let rows: usize = lines.iter().map(|l| wrapped_rows(l, inner)).sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let area = centered(body, width, height);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .style(Style::default())
        .title(Span::styled(
            format!(" {} ", sanitize_line(title)),
            theme.title,
        ));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}

/// How many rows a line takes when word-wrapped to `width` columns (as `Wrap` does).
pub fn wrapped_rows(line: &Line, width: u16) -> usize {
    let width = usize::from(width.max(1));
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut rows = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        let needed = if used == 0 { len } else { used + 1 + len };
        if needed <= width {
            used = needed;
        } else {
            rows += 1;
            used = len.min(width);
            rows += len.saturating_sub(1) / width;
        }
    }
    rows
}

/// Cuts text to `width` characters in the middle, keeping its start and its end (where
/// similar names differ: "Komunitní plánování…ORP Strakonice").
pub fn clip_middle(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len <= width {
        return text.to_string();
    }
    if width < 12 {
        return clip(text, width);
    }
    let head = (width - 1) / 2;
    let tail = width - 1 - head;
    let mut out: String = text.chars().take(head).collect();
    out = out.trim_end().to_string();
    out.push('…');
    let end: String = text.chars().skip(len - tail).collect();
    out.push_str(end.trim_start());
    out
}

/// Cuts text to `width` characters, marking the cut with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
