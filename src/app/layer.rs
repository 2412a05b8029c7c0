//! The layer stack over the tabs: forms, questions, prompts, pickers, help, history.
//! Each layer is its own type that takes its keys, draws itself and says its hints; what
//! it asks of the application (save this record, delete that one) it returns as a
//! [`Command`], which the application carries out. Only the top layer sees keys.

use std::any::Any;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::app::action::Mode;
use crate::app::calendar_tools::{FilterOn, PromptFor};
use crate::app::keymap::Keymap;
use crate::app::state::Pending;
use crate::app::theme::Theme;
use crate::model::{Id, Lang, Meeting, Membership, Record, RecordRef};
use crate::store::Store;

/// What a layer may read while it takes a key or draws: never the application itself.
pub struct Cx<'a> {
    pub store: &'a dyn Store,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
    pub lang: Lang,
    pub today: NaiveDate,
}

/// Which kind of layer it is: what tests and the hint bar ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerName {
    Form,
    Confirm,
    Message,
    Help,
    Prompt,
    Series,
    Pick,
    History,
    Conflict,
    Clashes,
    /// "Ke zpracování" (`overview.rs`).
    Overview,
    /// The choice of the clerk's ORPs (`mine.rs`).
    MyRegions,
}

/// What a key did to the layer.
pub enum Flow {
    /// The layer stays, maybe changed.
    Stay,
    /// The layer is done.
    Close,
    /// Another layer opens over this one.
    Open(Box<dyn Layer>),
    /// The application does something; the layer stays (it closes itself, e.g. a form
    /// after a successful save, through the application).
    Then(Command),
    /// The layer closes, then the application does something.
    CloseThen(Command),
}

/// What a layer asks the application to do.
pub enum Command {
    /// A form's record (and a group's members) to write.
    Save {
        rev: Option<u64>,
        record: Record,
        members: Option<Vec<Membership>>,
    },
    /// A question answered yes.
    Confirmed(Pending),
    /// A question answered no.
    Declined(Pending),
    /// A one-line prompt's text, for its purpose; a refusal reopens the prompt.
    Prompt(PromptFor, String),
    /// The calendar shows one region or group alone.
    Filter(FilterOn, Id),
    /// A series of meetings to create as one change set.
    Series(Vec<Meeting>),
    /// The conflict dialog's answers.
    ConflictBack(String),
    ConflictOverwrite {
        found: u64,
        retry: Record,
        members: Option<Vec<Membership>>,
    },
    ConflictReload(RecordRef),
    /// Show a record in its tab.
    Show(RecordRef),
    /// Show a record in its tab; Back returns where the clerk was.
    Jump(RecordRef),
    /// The clerk's own ORPs, chosen (`mine.rs`).
    MyRegions(Vec<Id>),
}

/// One layer of the stack.
pub trait Layer: Any {
    fn name(&self) -> LayerName;
    /// The keymap's mode whose bindings apply in this layer (for help and hints).
    fn mode(&self) -> Mode;
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow;
    /// Draws over the body of the screen (between the tab bar and the hint bar).
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx);
    /// The hint bar's text when the layer says its keys itself; `None` for the
    /// keymap's hints of its mode.
    fn hint(&self, _lang: Lang) -> Option<String> {
        None
    }
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// The layers, bottom first.
#[derive(Default)]
pub struct Layers {
    stack: Vec<Box<dyn Layer>>,
}

impl Layers {
    pub fn push(&mut self, layer: Box<dyn Layer>) {
        self.stack.push(layer);
    }

    pub fn pop(&mut self) -> Option<Box<dyn Layer>> {
        self.stack.pop()
    }

    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    pub fn len(&self) -> usize {
        self.stack.len()
    }

    pub fn top(&self) -> Option<&dyn Layer> {
        self.stack.last().map(|l| l.as_ref())
    }

    pub fn top_mut(&mut self) -> Option<&mut Box<dyn Layer>> {
        self.stack.last_mut()
    }

    pub fn top_name(&self) -> Option<LayerName> {
        self.top().map(|l| l.name())
    }

    /// The name of the layer under the top one.
    pub fn under_top(&self) -> Option<LayerName> {
        self.stack.iter().rev().nth(1).map(|l| l.name())
    }

    pub fn iter(&self) -> impl Iterator<Item = &dyn Layer> {
        self.stack.iter().map(|l| l.as_ref())
    }

    /// The top layer as its own type, when it is one.
    pub fn top_as<T: Layer>(&mut self) -> Option<&mut T> {
        self.stack
            .last_mut()
            .and_then(|l| l.as_any_mut().downcast_mut::<T>())
    }

    /// Every layer of a type, bottom first.
    pub fn all_of<T: Layer>(&mut self) -> impl Iterator<Item = &mut T> {
        self.stack
            .iter_mut()
            .filter_map(|l| l.as_any_mut().downcast_mut::<T>())
    }

    /// The topmost layer of a type.
    pub fn find_last<T: Layer>(&self) -> Option<&T> {
        self.stack
            .iter()
            .rev()
            .find_map(|l| l.as_any().downcast_ref::<T>())
    }

    /// Closes the top layer when it is of a type.
    pub fn pop_if<T: Layer>(&mut self) -> bool {
        let is = self
            .stack
            .last()
            .is_some_and(|l| l.as_any().downcast_ref::<T>().is_some());
        if is {
            self.stack.pop();
        }
        is
    }
}
