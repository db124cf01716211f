//! The explorer without a terminal: keys in, effects run synchronously,
//! frames rendered on ratatui's `TestBackend`. For tests and benchmarks.

use std::path::Path;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::action::{Effect, Msg};
use super::app::{App, CatalogueLabel};
use super::backend::{AccessSetup, Backend};
use super::keymap::{KeySpec, Keymap};
use super::theme::Theme;
use super::view;
use crate::sources::Source;
use crate::sources::sync::sync_sources;
use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum HeadlessError {
    #[error("{0}")]
    Setup(String),
    #[error("unknown key `{0}`")]
    Key(String),
}

fn setup<E: std::fmt::Display>(e: E) -> HeadlessError {
    HeadlessError::Setup(e.to_string())
}

pub struct Headless {
    pub app: App,
    pub backend: Arc<Backend>,
    pub theme: Theme,
    /// What `y` put on the clipboard, and the URLs opened.
    pub copied: Vec<String>,
    pub opened: Vec<String>,
    pub suspended: usize,
    /// Effects are held back (to show loading states) while this is true;
    /// the lookup of a `:` command is not, so its screen opens, loading.
    pub paused: bool,
    held: Vec<Effect>,
}

impl Headless {
    /// Syncs `sources` into a cache in `dir`, builds its index and starts the app.
    pub fn open(
        dir: &Path,
        sources: Vec<Box<dyn Source>>,
        width: u16,
        height: u16,
    ) -> Result<Headless, HeadlessError> {
        let mut store = Store::open(&dir.join("catalogue.sqlite")).map_err(setup)?;
        sync_sources(&mut store, &sources, &mut |_| {}).map_err(setup)?;
        Headless::with_store(dir, store, sources, width, height)
    }

    /// Opens the cache already in `dir` as it is (no sync): what a user's
    /// second start sees. Benchmarks use it on a large synced catalogue.
    pub fn open_cache(dir: &Path, width: u16, height: u16) -> Result<Headless, HeadlessError> {
        let store = Store::open(&dir.join("catalogue.sqlite")).map_err(setup)?;
        Headless::with_store(dir, store, Vec::new(), width, height)
    }

    fn with_store(
        dir: &Path,
        store: Store,
        sources: Vec<Box<dyn Source>>,
        width: u16,
        height: u16,
    ) -> Result<Headless, HeadlessError> {
        let index_dir = dir.join("index");
        let backend = Arc::new(Backend::new(store, sources, index_dir, None));
        let keymap = Arc::new(Keymap::defaults().map_err(setup)?);
        let app = App::new(
            CatalogueLabel("embedded demo mesh".to_owned()),
            keymap,
            width,
            height,
        );
        Ok(Headless {
            app,
            backend,
            theme: Theme::dark(),
            copied: Vec::new(),
            opened: Vec::new(),
            suspended: 0,
            paused: false,
            held: Vec::new(),
        })
    }

    /// Sets where requests go and who makes them (`[me]`, `--readonly`);
    /// files go to the test folder unless `setup` says otherwise.
    pub fn set_access(&mut self, setup: AccessSetup) -> Result<(), HeadlessError> {
        self.app.readonly = setup.readonly;
        let backend = Arc::get_mut(&mut self.backend)
            .ok_or_else(|| HeadlessError::Setup("the backend is shared".to_owned()))?;
        backend.set_access(setup);
        Ok(())
    }

    /// Runs the start-up effects.
    pub fn start(&mut self) {
        let effects = self.app.start();
        self.run(effects);
    }

    pub fn send(&mut self, msg: Msg) {
        let effects = self.app.update(msg);
        self.run(effects);
    }

    /// Presses a key written as in the keymap (`j`, `ctrl-c`, `enter`).
    pub fn press(&mut self, key: &str) -> Result<(), HeadlessError> {
        let spec: KeySpec = key
            .parse()
            .map_err(|_| HeadlessError::Key(key.to_owned()))?;
        let event = key_event(&spec);
        if let Some(msg) = self.app.on_key(&event) {
            self.send(msg);
        }
        Ok(())
    }

    /// Types text one key at a time.
    pub fn type_text(&mut self, text: &str) -> Result<(), HeadlessError> {
        for c in text.chars() {
            let key = if c == ' ' {
                "space".to_owned()
            } else {
                c.to_string()
            };
            self.press(&key)?;
        }
        Ok(())
    }

    /// Runs the effects held while paused.
    pub fn resume(&mut self) {
        self.paused = false;
        let held = std::mem::take(&mut self.held);
        self.run(held);
    }

    fn run(&mut self, effects: Vec<Effect>) {
        let mut queue = effects;
        while !queue.is_empty() {
            let mut next = Vec::new();
            for effect in queue {
                // A `:` command's lookup is not held: a paused explorer
                // shows the screen it opens, loading.
                if self.paused && !matches!(effect, Effect::Quit | Effect::Resolve { .. }) {
                    self.held.push(effect);
                    continue;
                }
                for msg in self.execute(effect) {
                    next.extend(self.app.update(msg));
                }
            }
            queue = next;
        }
    }

    fn execute(&mut self, effect: Effect) -> Vec<Msg> {
        match effect {
            Effect::CopyToClipboard(text) => self.copied.push(text),
            Effect::OpenUrl(url) => self.opened.push(url),
            Effect::Suspend => self.suspended += 1,
            Effect::Quit => {}
            other => {
                let progress = std::sync::Mutex::new(Vec::new());
                let result = self.backend.execute(&other, &|msg| {
                    if let Ok(mut list) = progress.lock() {
                        list.push(msg);
                    }
                });
                let mut msgs = progress.into_inner().unwrap_or_default();
                msgs.extend(result);
                return msgs;
            }
        }
        Vec::new()
    }

    /// Renders a frame of `width` × `height`.
    pub fn render(&mut self, width: u16, height: u16) -> Result<Buffer, HeadlessError> {
        if (width, height) != (self.app.width, self.app.height) {
            self.send(Msg::Resize { width, height });
        }
        let mut terminal = Terminal::new(TestBackend::new(width, height)).map_err(setup)?;
        terminal
            .draw(|frame| view::render(frame, &self.app, &self.theme))
            .map_err(setup)?;
        Ok(terminal.backend().buffer().clone())
    }

    /// The frame as text, one line per row (trailing spaces kept).
    pub fn screen(&mut self, width: u16, height: u16) -> Result<String, HeadlessError> {
        Ok(buffer_text(&self.render(width, height)?))
    }
}

pub fn buffer_text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn key_event(spec: &KeySpec) -> crossterm::event::KeyEvent {
    use super::keymap::KeyCodeOrd as K;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let code = match spec.code {
        K::Char(c) => KeyCode::Char(c),
        K::F(n) => KeyCode::F(n),
        K::Enter => KeyCode::Enter,
        K::Esc => KeyCode::Esc,
        K::Tab => KeyCode::Tab,
        K::BackTab => KeyCode::BackTab,
        K::Backspace => KeyCode::Backspace,
        K::Delete => KeyCode::Delete,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
    };
    let mut modifiers = KeyModifiers::empty();
    if spec.ctrl {
        modifiers |= KeyModifiers::CONTROL;
    }
    if spec.alt {
        modifiers |= KeyModifiers::ALT;
    }
    KeyEvent::new(code, modifiers)
}
