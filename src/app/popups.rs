//! The general layers: a form, a yes/no question, a message, the help, the calendar's
//! one-line prompt, its series dialog and its region/group picker.

use std::any::Any;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use crate::app::action::{Action, Mode};
use crate::app::calendar_tools::{FilterOn, PromptFor, SeriesPopup, series_key};
use crate::app::form::picker::{Picker, PickerOutcome};
use crate::app::form::{Form, FormOutcome};
use crate::app::help::HelpLayer;
use crate::app::layer::{Command, Cx, Flow, Layer, LayerName};
use crate::app::state::Pending;
use crate::app::widgets::boxed;
use crate::model::Lang;
use crate::model::text::sanitize_line;

macro_rules! any {
    () => {
        fn as_any(&self) -> &dyn Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn Any {
            self
        }
    };
}

/// A record's form.
pub struct FormLayer {
    pub form: Box<Form>,
}

impl FormLayer {
    pub fn new(form: Form) -> FormLayer {
        FormLayer {
            form: Box::new(form),
        }
    }
}

impl Layer for FormLayer {
    fn name(&self) -> LayerName {
        LayerName::Form
    }
    fn mode(&self) -> Mode {
        Mode::Form
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        if cx.keymap.action(Mode::Form, &key) == Some(Action::Help) {
            return Flow::Open(Box::new(HelpLayer::new(
                &[Mode::Form, Mode::Help],
                cx.keymap,
                cx.lang,
                &|_| true,
            )));
        }
        match self.form.handle_key(key, cx.keymap, cx.store) {
            FormOutcome::Continue => Flow::Stay,
            FormOutcome::Close => Flow::Close,
            FormOutcome::AskDiscard => Flow::Open(Box::new(ConfirmLayer::new(
                cx.lang
                    .pick("Zahodit neuložené změny?", "Discard unsaved changes?")
                    .into(),
                Pending::DiscardForm,
            ))),
            FormOutcome::Save {
                rev,
                record,
                members,
            } => Flow::Then(Command::Save {
                rev,
                record,
                members,
            }),
        }
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        frame.render_widget(Clear, body);
        self.form.render(frame, body, cx.theme, cx.lang);
    }
    any!();
}

/// A yes/no question and what a yes does.
pub struct ConfirmLayer {
    question: String,
    then: Option<Pending>,
}

impl ConfirmLayer {
    pub fn new(question: String, then: Pending) -> ConfirmLayer {
        ConfirmLayer {
            question,
            then: Some(then),
        }
    }
}

impl Layer for ConfirmLayer {
    fn name(&self) -> LayerName {
        LayerName::Confirm
    }
    fn mode(&self) -> Mode {
        Mode::Confirm
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        let answer = match cx.keymap.action(Mode::Confirm, &key) {
            Some(Action::Yes) => Command::Confirmed,
            Some(Action::No | Action::Cancel) => Command::Declined,
            _ => return Flow::Stay,
        };
        match self.then.take() {
            Some(then) => Flow::CloseThen(answer(then)),
            None => Flow::Close,
        }
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        let (l, t) = (cx.lang, cx.theme);
        let keys = |a| cx.keymap.keys_of(Mode::Confirm, a).unwrap_or_default();
        let lines = vec![
            Line::raw(sanitize_line(&self.question)),
            Line::raw(""),
            Line::from(vec![
                Span::styled(keys(Action::Yes), t.key),
                Span::raw(format!(" {}   ", Action::Yes.describe(l))),
                Span::styled(keys(Action::No), t.key),
                Span::raw(format!(" {}", Action::No.describe(l))),
            ]),
        ];
        boxed(frame, body, 60, l.pick("Potvrzení", "Confirm"), lines, t);
    }
    any!();
}

/// A message to read and close.
pub struct MessageLayer {
    title: String,
    text: String,
}

impl MessageLayer {
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> MessageLayer {
        MessageLayer {
            title: title.into(),
            text: text.into(),
        }
    }
}

impl Layer for MessageLayer {
    fn name(&self) -> LayerName {
        LayerName::Message
    }
    fn mode(&self) -> Mode {
        Mode::Help
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        if cx.keymap.action(Mode::Help, &key) == Some(Action::Cancel) || key.code == KeyCode::Enter
        {
            Flow::Close
        } else {
            Flow::Stay
        }
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        let lines = vec![
            Line::raw(sanitize_line(&self.text)),
            Line::raw(""),
            Line::styled(
                cx.lang.pick("Enter / Esc zavřít", "Enter / Esc close"),
                cx.theme.muted,
            ),
        ];
        boxed(frame, body, 70, &self.title, lines, cx.theme);
    }
    fn hint(&self, lang: Lang) -> Option<String> {
        Some(lang.pick("Enter / Esc zavřít", "Enter / Esc close").into())
    }
    any!();
}

/// The calendar's one-line prompts: a date to go to or copy to, a file to write.
pub struct PromptLayer {
    pub(crate) purpose: PromptFor,
    pub(crate) input: String,
    pub(crate) error: Option<String>,
}

impl PromptLayer {
    pub fn new(purpose: PromptFor, input: String) -> PromptLayer {
        PromptLayer {
            purpose,
            input,
            error: None,
        }
    }

    /// The prompt back with what was typed and why it was refused.
    pub fn refused(purpose: PromptFor, input: String, error: String) -> PromptLayer {
        PromptLayer {
            purpose,
            input,
            error: Some(error),
        }
    }
}

impl Layer for PromptLayer {
    fn name(&self) -> LayerName {
        LayerName::Prompt
    }
    fn mode(&self) -> Mode {
        Mode::Form
    }
    fn key(&mut self, key: KeyEvent, _cx: &Cx) -> Flow {
        match key.code {
            KeyCode::Esc => return Flow::Close,
            // The prompt closes first, so what follows sees the calendar; on a refusal
            // it comes back with the text and the reason.
            KeyCode::Enter => {
                return Flow::CloseThen(Command::Prompt(
                    self.purpose.clone(),
                    std::mem::take(&mut self.input),
                ));
            }
            KeyCode::Backspace => {
                self.input.pop();
                self.error = None;
            }
            KeyCode::Char(c)
                if self.input.chars().count() < 200
                    && !c.is_control()
                    && !key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                self.input.push(c);
                self.error = None;
            }
            _ => {}
        }
        Flow::Stay
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        crate::app::calendar_popups::render_prompt(
            frame,
            body,
            cx,
            &self.purpose,
            &self.input,
            self.error.as_deref(),
        );
    }
    fn hint(&self, lang: Lang) -> Option<String> {
        Some(crate::app::calendar_popups::prompt_hint(&self.purpose, lang).into())
    }
    any!();
}

/// The calendar's series of meetings.
pub struct SeriesLayer {
    popup: Box<SeriesPopup>,
}

impl SeriesLayer {
    pub fn new(popup: SeriesPopup) -> SeriesLayer {
        SeriesLayer {
            popup: Box::new(popup),
        }
    }
}

impl Layer for SeriesLayer {
    fn name(&self) -> LayerName {
        LayerName::Series
    }
    fn mode(&self) -> Mode {
        Mode::Form
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        let cancel = cx.keymap.action(Mode::Form, &key) == Some(Action::Cancel);
        if cancel || key.code == KeyCode::Esc {
            return Flow::Close;
        }
        let save = key.code == KeyCode::Enter
            || (key.code == KeyCode::Char('s') && key.modifiers.contains(KeyModifiers::CONTROL));
        if save {
            return match self.popup.meetings() {
                Ok(meetings) => Flow::CloseThen(Command::Series(meetings)),
                Err(invalid) => {
                    self.popup.error = Some(invalid.message(cx.lang));
                    Flow::Stay
                }
            };
        }
        series_key(&mut self.popup, key);
        Flow::Stay
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        crate::app::calendar_popups::render_series(frame, body, cx, &self.popup);
    }
    fn hint(&self, lang: Lang) -> Option<String> {
        Some(
            lang.pick(
                "Tab další pole · ←→ opakování · Enter vytvořit · Esc zrušit",
                "Tab next field · ←→ repeat · Enter create · Esc cancel",
            )
            .into(),
        )
    }
    any!();
}

/// The calendar's choice of a region or group to show alone.
pub struct PickLayer {
    picker: Box<Picker>,
    on: FilterOn,
}

impl PickLayer {
    pub fn new(picker: Picker, on: FilterOn) -> PickLayer {
        PickLayer {
            picker: Box::new(picker),
            on,
        }
    }
}

impl Layer for PickLayer {
    fn name(&self) -> LayerName {
        LayerName::Pick
    }
    fn mode(&self) -> Mode {
        Mode::Form
    }
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Flow {
        let cancel = cx.keymap.action(Mode::Form, &key) == Some(Action::Cancel);
        match self.picker.handle_key(key, cancel) {
            PickerOutcome::Continue => Flow::Stay,
            PickerOutcome::Close => Flow::Close,
            PickerOutcome::Picked(id, _) => Flow::CloseThen(Command::Filter(self.on, id)),
        }
    }
    fn render(&self, frame: &mut Frame, body: Rect, cx: &Cx) {
        self.picker.render(frame, body, cx.theme, cx.lang);
    }
    any!();
}
