//! The real terminal: raw mode and the alternate screen on the way in, restored on the
//! way out — on quit, on error, on panic (ratatui's hook) and on SIGHUP/SIGTERM/SIGINT.
//! When the terminal goes away (an SSH connection drops), an open form is kept as a draft
//! and the program ends within a second.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::backend::Backend;
use std::sync::mpsc::{Receiver, Sender, channel};

use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::{Frame, Terminal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

pub use crate::app::connecting::{Waiting, render as waiting_screen};
use crate::app::events::{AppEvent, next_batch, settle};
use crate::app::state::App;
use crate::model::Lang;
use crate::model::text::sanitize_line;

/// How often the loop looks at the signal flags while no key comes.
pub(crate) const TICK: Duration = Duration::from_millis(200);

/// Starts bringing changes made elsewhere (other clerks, through the shared server) into
/// the application's event channel.
pub type Pump = Box<dyn FnOnce(Sender<AppEvent>) -> io::Result<()>>;

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    /// SIGHUP, or the terminal failed: the clerk is gone.
    HangUp,
    /// SIGTERM or SIGINT.
    Stopped,
}

/// What `open` in [`run`] brought.
pub enum Start {
    Ready(Box<App>, Option<Pump>),
    /// The session ended before the application started (the clerk quit while kpss
    /// waited for the shared server, or the terminal went away).
    Ended(Ending),
}

/// Runs the application on the process's terminal until the clerk quits or the
/// terminal goes away. The terminal shows `first` at once, while `open` brings up the
/// database (recovery of a large database takes a moment) or waits for the shared
/// server, showing its own screens through [`Waiting`]; an error from `open` gives the
/// terminal back before it is reported.
pub fn run(
    lang: Lang,
    first: &dyn Fn(&mut Frame),
    open: impl FnOnce(&mut Waiting<'_>) -> Result<Start, String>,
) -> Result<Ending, String> {
    let hangup = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let register = || -> io::Result<()> {
        signal_hook::flag::register(SIGHUP, Arc::clone(&hangup))?;
        signal_hook::flag::register(SIGTERM, Arc::clone(&stop))?;
        signal_hook::flag::register(SIGINT, Arc::clone(&stop))?;
        Ok(())
    };
    register().map_err(|e| crate::model::system::io_error(&e, lang))?;
    let mut terminal = crate::app::palette::try_init().map_err(|e| {
        format!(
            "{}: {}",
            lang.pick("terminál", "terminal"),
            crate::model::system::io_error(&e, lang)
        )
    })?;
    // Best effort: the real frame follows as soon as the database is open.
    let _ = terminal.draw(first);
    let signalled = || {
        if hangup.load(Ordering::Relaxed) {
            Some(Ending::HangUp)
        } else if stop.load(Ordering::Relaxed) {
            Some(Ending::Stopped)
        } else {
            None
        }
    };
    let mut waiting = Waiting {
        terminal: &mut terminal,
        signalled: &signalled,
    };
    let (mut app, pump) = match open(&mut waiting) {
        Ok(Start::Ready(app, pump)) => (*app, pump),
        Ok(Start::Ended(ending)) => {
            let _ = ratatui::try_restore();
            return Ok(ending);
        }
        Err(e) => {
            let _ = ratatui::try_restore();
            return Err(e);
        }
    };
    let (sender, events) = channel();
    let started = read_terminal(sender.clone())
        .and_then(|()| app.read_in_background(sender.clone()))
        .and_then(|()| match pump {
            Some(pump) => pump(sender.clone()),
            None => Ok(()),
        });
    if let Err(e) = started {
        let _ = ratatui::try_restore();
        return Err(crate::model::system::io_error(&e, lang));
    }
    drop(sender);
    let ending = event_loop(&mut terminal, &mut app, &events, &signalled);
    let ending = ending.unwrap_or(Ending::HangUp);
    end_session(&app, ending);
    // The terminal may be gone already; restoring it is then best effort.
    let _ = ratatui::try_restore();
    Ok(ending)
}

/// The frame shown while the database opens.
pub fn opening(frame: &mut Frame, lang: Lang, database: &str) {
    let text = format!(
        "{} {}",
        lang.pick("Otevírám databázi", "Opening the database"),
        sanitize_line(database)
    );
    let area = frame.area();
    let row = Rect::new(
        area.x,
        area.y + area.height / 2,
        area.width,
        1.min(area.height),
    );
    frame.render_widget(Paragraph::new(text).centered(), row);
}

/// What happens when the loop ends: unless the clerk quit, an open form is kept on disk
/// and offered back at the next start, so nothing typed is lost.
pub fn end_session(app: &App, ending: Ending) {
    if ending != Ending::Quit {
        let _ = app.save_draft();
    }
}

/// What the terminal has for the program.
pub(crate) enum Input {
    /// Bytes to read (or nothing to say: crossterm also hears of resizes).
    Ready,
    Idle,
    /// The terminal hung up: the clerk is gone.
    Gone,
}

/// Waits up to `timeout` for input on standard input, when it is a terminal.
pub(crate) fn wait_for_input(timeout: Duration) -> io::Result<Input> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    let stdin = io::stdin();
    if !stdin.is_terminal() {
        std::thread::sleep(timeout);
        return Ok(Input::Idle);
    }
    let millis = u16::try_from(timeout.as_millis()).unwrap_or(u16::MAX);
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    match poll(&mut fds, PollTimeout::from(millis)) {
        Ok(0) => Ok(Input::Idle),
        Ok(_) => {
            let revents = fds[0].revents().unwrap_or(PollFlags::empty());
            if revents.intersects(PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL) {
                Ok(Input::Gone)
            } else {
                Ok(Input::Ready)
            }
        }
        Err(nix::errno::Errno::EINTR) => Ok(Input::Idle),
        Err(e) => Err(io::Error::from(e)),
    }
}

/// Reads the terminal on a thread of its own: keys and resizes into the event channel.
/// The terminal is watched here, not by crossterm alone: once a terminal has hung up,
/// reading it gives end-of-file for ever, and crossterm's reader would spin on that
/// instead of returning.
fn read_terminal(events: Sender<AppEvent>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("kpss-terminal".into())
        .spawn(move || {
            loop {
                match wait_for_input(TICK) {
                    Ok(Input::Gone) => {
                        let _ = events.send(AppEvent::Gone);
                        return;
                    }
                    Ok(Input::Idle | Input::Ready) => {}
                    Err(e) => {
                        let _ = events.send(AppEvent::Failed(e.to_string()));
                        return;
                    }
                }
                // Everything crossterm has read (a paste, fast typing) goes before the
                // next wait, which would otherwise hold each buffered key for a tick.
                loop {
                    let event = match event::poll(Duration::ZERO) {
                        Ok(true) => event::read(),
                        Ok(false) => break,
                        Err(e) => Err(e),
                    };
                    let sent = match event {
                        Ok(Event::Key(key)) => events.send(AppEvent::Key(key)),
                        Ok(Event::Resize(..)) => events.send(AppEvent::Resize),
                        Ok(_) => Ok(()),
                        Err(e) => {
                            let _ = events.send(AppEvent::Failed(e.to_string()));
                            return;
                        }
                    };
                    if sent.is_err() {
                        return;
                    }
                }
            }
        })?;
    Ok(())
}

/// Draws and handles events until the app quits, the terminal goes away or
/// `signalled` says why to stop. A frame is drawn only after something happened (a key,
/// a resize, a change from elsewhere, a read's result), so an idle session sends nothing
/// over the wire; before drawing, the reads a key asked for get a moment to arrive, so
/// that a fast store gives one frame per key. A failing terminal (read or write error)
/// ends the loop with an error.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &Receiver<AppEvent>,
    signalled: &dyn Fn() -> Option<Ending>,
) -> io::Result<Ending> {
    let mut stale = true;
    let mut kept = Vec::new();
    loop {
        if stale {
            settle(app, events, &mut kept);
            terminal
                .draw(|frame| app.render(frame))
                .map_err(|e| io::Error::other(e.to_string()))?;
            stale = false;
        }
        if app.quitting() {
            return Ok(Ending::Quit);
        }
        if let Some(ending) = signalled() {
            return Ok(ending);
        }
        let batch = if kept.is_empty() {
            match next_batch(events, TICK) {
                Ok(Some(batch)) => batch,
                Ok(None) => continue,
                // Nothing can come any more: the terminal's reader is gone.
                Err(_closed) => return Ok(Ending::HangUp),
            }
        } else {
            let mut batch = std::mem::take(&mut kept);
            batch.extend(events.try_iter());
            batch
        };
        let handled = app.handle_events(batch);
        if handled.gone {
            return Ok(Ending::HangUp);
        }
        if handled.failed {
            return Err(io::Error::other("terminal"));
        }
        stale |= handled.redraw;
    }
}
