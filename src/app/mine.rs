//! "Moje ORP": the clerk's own ORPs, chosen in a small picker and kept in their
//! settings (`prefs.rs`). While the filter is on, the lists of projects, groups and
//! documents and the calendar show only records of those ORPs, the list's title says
//! so, and one key shows everything again.

use std::collections::{BTreeSet, HashSet};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::action::{Action, Mode};
use crate::app::keymap::Keymap;
use crate::app::layer::{Command, Cx, Flow, Layer, LayerName};
use crate::app::prefs::Prefs;
use crate::app::state::App;
use crate::app::tabs::{Row, Tab};
use crate::app::theme::Theme;
use crate::model::text::{czech_cmp, fold, sanitize_line};
use crate::model::{Id, Kind, Lang, Record, RecordRef};
use crate::store::{Result, Store};

/// The record kind a tab's list is cut to the clerk's ORPs by; `None`: the tab is not.
fn filtered_kind(tab: Tab) -> Option<Kind> {
    match tab {
        Tab::Projects => Some(Kind::Project),
        Tab::Groups => Some(Kind::Group),
        Tab::Documents => Some(Kind::Document),
        Tab::Services => Some(Kind::Service),
        Tab::Regions | Tab::Calendar | Tab::People => None,
    }
}

/// A tab's rows cut to the records of `regions` (the clerk's ORPs while the filter is
/// on; empty: no cut), read from the region indexes; the other tabs' rows as they are.
/// (The calendar is cut by its own filters.)
pub fn retain(store: &dyn Store, tab: Tab, regions: &[Id], rows: Vec<Row>) -> Result<Vec<Row>> {
    let Some(kind) = filtered_kind(tab).filter(|_| !regions.is_empty()) else {
        return Ok(rows);
    };
    let mut mine = HashSet::new();
    for &region in regions {
        mine.extend(store.in_region(kind, region)?.iter().map(|v| v.record.id()));
    }
    Ok(rows
        .into_iter()
        .filter(|row| row.record.kind != kind || mine.contains(&row.record.id))
        .collect())
}

/// `moje ORP`, as list titles and the calendar's filter line say it.
pub fn label(lang: Lang) -> &'static str {
    lang.pick("moje ORP", "my ORPs")
}

impl App {
    /// Whether the current tab shows only the clerk's ORPs.
    pub(crate) fn mine_shown(&self) -> bool {
        match self.tab {
            Tab::Calendar => !self.calendar.filters.mine.is_empty(),
            tab => filtered_kind(tab).is_some() && self.prefs.filtering(),
        }
    }

    /// ` · moje ORP` after a list's title while its filter is on (the calendar says it
    /// in its filter line).
    pub(crate) fn mine_title(&self) -> String {
        if self.tab != Tab::Calendar && self.mine_shown() {
            format!(" · {}", label(self.lang))
        } else {
            String::new()
        }
    }

    /// The clerk's own keys: what is due, the choice of ORPs, mine or everything.
    pub(crate) fn mine_act(&mut self, action: Action) {
        match action {
            Action::Overview => self.open_overview(false),
            Action::MyRegions => match RegionChoice::open(self.store.as_ref(), &self.prefs) {
                Ok(choice) => self.layers.push(Box::new(choice)),
                Err(e) => self.error(e.message(self.lang)),
            },
            Action::MineOrAll => self.mine_or_all(),
            _ => {}
        }
    }

    /// Shows everything when the tab shows only the clerk's ORPs, else only theirs.
    fn mine_or_all(&mut self) {
        let lang = self.lang;
        if self.prefs.my_regions().is_empty() {
            let keys = self
                .keymap
                .keys_of(Mode::Global, Action::MyRegions)
                .unwrap_or_default();
            return self.info(match lang {
                Lang::Cs => format!("Moje ORP nejsou vybraná ({keys} vybrat)."),
                Lang::En => format!("No ORPs of yours are chosen ({keys} to choose)."),
            });
        }
        let show = !self.mine_shown();
        self.show_mine(show);
        self.info(if show {
            lang.pick("Jen moje ORP.", "Only my ORPs.")
        } else {
            lang.pick("Zobrazeno vše.", "Everything shown.")
        });
    }

    /// Cuts every list and the calendar to the clerk's ORPs (`true`) or shows all.
    pub(crate) fn show_mine(&mut self, show: bool) {
        self.prefs.showing_mine = show;
        self.calendar.filters.mine = if show {
            self.prefs.my_regions().to_vec()
        } else {
            Vec::new()
        };
        self.refresh();
        if self.tab == Tab::Calendar {
            self.refilter_calendar();
        }
    }

    /// Before a jump to `target`: when the clerk's-ORP filter would hide it, everything
    /// is shown.
    pub(crate) fn reveal(&mut self, target: RecordRef) {
        let tab = Tab::of_kind(target.kind);
        if filtered_kind(tab) != Some(target.kind) || !self.prefs.filtering() {
            return;
        }
        let region = match self.store.get(target) {
            Ok(Some(stored)) => match stored.record {
                Record::Project(p) => p.region,
                Record::Group(g) => g.region,
                Record::Document(d) => d.region,
                _ => return,
            },
            _ => return,
        };
        if !self.prefs.my_regions().contains(&region) {
            self.prefs.showing_mine = false;
            self.calendar.filters.mine = Vec::new();
            self.refresh();
        }
    }

    /// The clerk's ORPs chosen in the picker: kept, and the lists cut to them.
    pub(crate) fn set_my_regions(&mut self, regions: Vec<Id>) {
        let n = regions.len();
        match self.prefs.set_my_regions(regions) {
            Ok(()) => {
                self.show_mine(n > 0);
                self.info(match (n, self.lang) {
                    (0, l) => l
                        .pick(
                            "Moje ORP zrušena, zobrazeno vše.",
                            "My ORPs cleared, everything shown.",
                        )
                        .to_string(),
                    (n, l) => format!(
                        "{} {}.",
                        l.pick("Moje ORP uložena:", "My ORPs saved:"),
                        l.count(n, ["ORP", "ORP", "ORP", "ORP", "ORPs"])
                    ),
                });
            }
            Err(e) => self.error(e.message(self.lang)),
        }
    }
}

/// What a key in the picker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceOutcome {
    Continue,
    Close,
    /// Enter: these regions (in the list's order) are the clerk's.
    Save(Vec<Id>),
}

/// The picker of the clerk's ORPs: every region with a box, Space ticks, typing
/// narrows the list, Enter saves.
#[derive(Debug, Clone)]
pub struct RegionChoice {
    /// Every region: id, name, folded name.
    regions: Vec<(Id, String, String)>,
    chosen: BTreeSet<Id>,
    /// What the clerk typed to narrow the list.
    filter: String,
    /// Position among the regions the filter lets through.
    cursor: usize,
}

impl RegionChoice {
    pub fn open(store: &dyn Store, prefs: &Prefs) -> Result<RegionChoice> {
        let mut regions: Vec<(Id, String, String)> = store
            .list(Kind::Region)?
            .into_iter()
            .map(|v| {
                let name = sanitize_line(&v.record.title());
                let folded = fold(&name);
                (v.record.id(), name, folded)
            })
            .collect();
        regions.sort_by(|a, b| czech_cmp(&a.1, &b.1));
        Ok(RegionChoice {
            regions,
            chosen: prefs.my_regions().iter().copied().collect(),
            filter: String::new(),
            cursor: 0,
        })
    }

    fn visible(&self) -> Vec<usize> {
        let filter = fold(&self.filter);
        (0..self.regions.len())
            .filter(|&i| self.regions[i].2.contains(&filter))
            .collect()
    }

    pub fn key(&mut self, key: KeyEvent, keymap: &Keymap) -> ChoiceOutcome {
        if keymap.action(Mode::Form, &key) == Some(Action::Cancel) || key.code == KeyCode::Esc {
            return ChoiceOutcome::Close;
        }
        let visible = self.visible();
        let last = visible.len().saturating_sub(1);
        match key.code {
            KeyCode::Enter => {
                return ChoiceOutcome::Save(
                    self.regions
                        .iter()
                        .filter(|r| self.chosen.contains(&r.0))
                        .map(|r| r.0)
                        .collect(),
                );
            }
            KeyCode::Up => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down => self.cursor = (self.cursor + 1).min(last),
            KeyCode::PageUp => self.cursor = self.cursor.saturating_sub(10),
            KeyCode::PageDown => self.cursor = (self.cursor + 10).min(last),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = last,
            KeyCode::Char(' ') => {
                if let Some(&(id, ..)) = visible.get(self.cursor).map(|&i| &self.regions[i])
                    && !self.chosen.remove(&id)
                {
                    self.chosen.insert(id);
                }
            }
            KeyCode::Backspace => {
                self.filter.pop();
                self.cursor = 0;
            }
            KeyCode::Char(c)
                if !c.is_control()
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && self.filter.chars().count() < 40 =>
            {
                self.filter.push(c);
                self.cursor = 0;
            }
            _ => {}
        }
        ChoiceOutcome::Continue
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let width = area.width.min(48);
        let wanted = u16::try_from(self.regions.len()).unwrap_or(u16::MAX);
        let height = wanted.saturating_add(3).min(area.height);
        let area = Rect {
            x: area.x + (area.width - width) / 2,
            y: area.y + (area.height - height) / 2,
            width,
            height,
        };
        frame.render_widget(Clear, area);
        let title = format!(
            " {} ({}) ",
            lang.pick("Moje ORP", "My ORPs"),
            self.chosen.len()
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused)
            .title(Span::styled(title, theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut lines = vec![Line::from(vec![
            Span::styled(lang.pick("Hledat: ", "Search: "), theme.label),
            Span::styled(format!("{}▏", sanitize_line(&self.filter)), theme.input),
        ])];
        let rows = usize::from(inner.height).saturating_sub(1);
        let visible = self.visible();
        let offset = self.cursor.saturating_sub(rows.saturating_sub(1));
        for (at, &i) in visible.iter().enumerate().skip(offset).take(rows) {
            let (id, name, _) = &self.regions[i];
            let tick = if self.chosen.contains(id) {
                "[x]"
            } else {
                "[ ]"
            };
            let style = if at == self.cursor {
                theme.selected
            } else {
                theme.base
            };
            // The marker shows the cursor without colours too.
            let mark = if at == self.cursor { "▶" } else { " " };
            let text = format!("{mark}{tick} {name}");
            let pad = usize::from(inner.width).saturating_sub(text.chars().count());
            lines.push(Line::styled(format!("{text}{}", " ".repeat(pad)), style));
        }
        if visible.is_empty() {
            lines.push(Line::styled(
                lang.pick("Žádné ORP neodpovídá.", "No ORP matches."),
                theme.muted,
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

pub(crate) fn hint_text(lang: Lang) -> &'static str {
    lang.pick(
        "Mezera vybrat · Enter uložit · Esc zrušit",
        "Space choose · Enter save · Esc cancel",
    )
}

impl Layer for RegionChoice {
    fn name(&self) -> LayerName {
        LayerName::MyRegions
    }
    fn mode(&self) -> Mode {
        Mode::Form
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        match RegionChoice::key(self, key, cx.keymap) {
            ChoiceOutcome::Continue => Flow::Stay,
            ChoiceOutcome::Close => Flow::Close,
            ChoiceOutcome::Save(regions) => Flow::CloseThen(Command::MyRegions(regions)),
        }
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        RegionChoice::render(self, frame, body, cx.theme, cx.lang);
    }
    fn hint(&self, lang: Lang) -> Option<String> {
        Some(hint_text(lang).to_string())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}
