//! The help layer: every binding of the screen under it, from the keymap, a key listed
//! once per screen; the form's help ends with how its kinds of field are edited.

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::action::{Action, Mode};
use crate::app::keymap::{Key, Keymap};
use crate::app::layer::{Cx, Flow, Layer, LayerName};
use crate::model::Lang;

/// The help: every binding of the screen under it, generated from the keymap.
pub struct HelpLayer {
    /// A heading per mode, then its keys and what they do.
    sections: Vec<(String, Vec<(String, String)>)>,
    scroll: u16,
}

impl HelpLayer {
    /// The help of `modes` in order, listing only the actions `offers` allows. A key
    /// that an earlier mode of the screen takes is not listed again under a later one:
    /// on one screen a key has one meaning. The form's help ends with how its kinds of
    /// field are edited.
    pub fn new(
        modes: &[Mode],
        keymap: &Keymap,
        lang: Lang,
        offers: &dyn Fn(Action) -> bool,
    ) -> HelpLayer {
        let mut taken: Vec<Key> = Vec::new();
        let mut sections = Vec::new();
        for mode in modes {
            let mut rows = Vec::new();
            for (action, keys) in keymap.bindings(*mode) {
                if !offers(*action) {
                    continue;
                }
                let free: Vec<Key> = keys
                    .iter()
                    .filter(|k| !taken.contains(k))
                    .copied()
                    .collect();
                if free.is_empty() {
                    continue;
                }
                let shown: Vec<String> = free.iter().map(Key::display).collect();
                rows.push((shown.join(" "), action.describe(lang).to_string()));
                taken.extend(free);
            }
            sections.push((mode.label(lang).to_string(), rows));
            if *mode == Mode::Form {
                sections.push(form_fields(lang));
            }
            if *mode == Mode::Plans {
                sections.push(plans_filter(lang));
            }
        }
        HelpLayer {
            sections,
            scroll: 0,
        }
    }
}

/// What `/` finds in the plans tab besides the rows' titles.
fn plans_filter(lang: Lang) -> (String, Vec<(String, String)>) {
    let rows: &[(&str, &str, &str)] = &[
        (
            "/ senioři",
            "opatření a jejich aktivity podle cílové skupiny nebo pracovní skupiny",
            "measures and their activities by target group or working group",
        ),
        (
            "/ 2021",
            "aktivity naplánované nebo monitorované v daném roce (každý rok, nejen poslední)",
            "activities planned or monitored in that year (every year, not just the latest)",
        ),
        (
            "/ 2020 splněno",
            "aktivity se stavem v monitoringu (slova se musí shodovat všechna)",
            "activities by their monitored state (every word must match)",
        ),
    ];
    let rows = rows
        .iter()
        .map(|(k, cs, en)| ((*k).to_string(), lang.pick(cs, en).to_string()))
        .collect();
    (
        lang.pick("Hledání v plánech", "Filtering the plans")
            .to_string(),
        rows,
    )
}

/// How the kinds of field of a form are edited (keys the fields handle themselves).
fn form_fields(lang: Lang) -> (String, Vec<(String, String)>) {
    let rows: &[(&str, &str, &str)] = &[
        (
            "←/→ mezera",
            "volba: další / předchozí hodnota",
            "choice: next / previous value",
        ),
        (
            "Del Ctrl-U",
            "volba, odkaz, text: vymazat",
            "choice, reference, text: clear",
        ),
        (
            "Enter písmeno",
            "odkaz: otevře výběr, psaním zúžíte seznam",
            "reference: opens the picker, typing narrows it",
        ),
        (
            "Ins Ctrl-N",
            "řádky (cíle, výstupy, členové…): nový řádek",
            "rows (goals, outputs, members…): a new row",
        ),
        (
            "Ctrl-D",
            "řádky: smazat vybraný řádek",
            "rows: delete the selected row",
        ),
        (
            "↑/↓",
            "řádky: předchozí / další řádek",
            "rows: previous / next row",
        ),
        (
            "←/→ mezera",
            "docházka: přítomen → omluven → nepřítomen → nezapsáno",
            "attendance: present → excused → absent → not recorded",
        ),
    ];
    (
        lang.pick("Pole formuláře", "Form fields").to_string(),
        rows.iter()
            .map(|(keys, cs, en)| (keys.to_string(), lang.pick(cs, en).to_string()))
            .collect(),
    )
}

impl Layer for HelpLayer {
    fn name(&self) -> LayerName {
        LayerName::Help
    }
    fn mode(&self) -> Mode {
        Mode::Help
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        match cx.keymap.action(Mode::Help, &key) {
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::Cancel) => return Flow::Close,
            _ => {}
        }
        Flow::Stay
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        let t = cx.theme;
        let mut lines = Vec::new();
        for (heading, rows) in &self.sections {
            lines.push(Line::styled(heading.clone(), t.title));
            for (keys, what) in rows {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<18}"), t.label),
                    Span::raw(what.clone()),
                ]));
            }
            lines.push(Line::raw(""));
        }
        frame.render_widget(Clear, body);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border_focused)
            .title(Span::styled(
                format!(" {} ", cx.lang.pick("Nápověda – klávesy", "Help – keys")),
                t.title,
            ));
        frame.render_widget(
            Paragraph::new(lines).block(block).scroll((self.scroll, 0)),
            body,
        );
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
