//! The explorer's state. Keys become [`Msg`]s through the keymap
//! ([`App::on_key`]); [`App::update`] changes the state and returns the
//! [`Effect`]s the runtime must run. Nothing here does I/O.

mod access;
mod command;
mod contract;
mod input;
mod lineage;
mod navigate;
mod quality;
mod requests;
pub mod schema_tree;
mod sync;
mod update;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

pub use access::{AccessForm, FormField, FormPrompt, PurposeBox};
pub use contract::{ContractScreen, ContractTab};
pub use input::TextInput;
pub use lineage::{ImpactScreen, ImpactTab, LineagePane, MAX_DEPTH, TreeRow, tree_rows};
pub use quality::{HealthScreen, QualityState};
pub use requests::{RequestsScreen, describe_delivery};

use super::action::{CatalogueInfo, Edit, Effect, Msg};
use super::backend::{ProductDetail, TeamDetail, TeamSummary};
use super::keymap::{Context, KeyCodeOrd, KeySpec, Keymap};
use crate::index::{Facets, SearchResults};
use crate::model::Product;
pub use sync::{SyncRun, SyncState};

/// How long a toast stays.
pub const TOAST_LIFETIME: Duration = Duration::from_secs(4);
/// Hits fetched per search (rendering only draws the visible ones).
pub const SEARCH_LIMIT: usize = 200;

/// Something loaded in the background.
#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Loaded(T),
    Failed(String),
}

/// A selection in a list and the first visible row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    /// The first row to draw so that the selection is visible in `height` rows.
    pub fn window_start(&self, height: usize) -> usize {
        let height = height.max(1);
        if self.selected < self.offset {
            self.selected
        } else if self.selected >= self.offset + height {
            self.selected + 1 - height
        } else {
            self.offset
        }
    }

    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            *self = ListCursor::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.offset = self.window_start(height);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductTab {
    Overview,
    Ports,
    Contracts,
    Lineage,
    Quality,
    Owners,
}

impl ProductTab {
    pub const ALL: [ProductTab; 6] = [
        ProductTab::Overview,
        ProductTab::Ports,
        ProductTab::Contracts,
        ProductTab::Lineage,
        ProductTab::Quality,
        ProductTab::Owners,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ProductTab::Overview => "Overview",
            ProductTab::Ports => "Ports",
            ProductTab::Contracts => "Contracts",
            ProductTab::Lineage => "Lineage",
            ProductTab::Quality => "Quality",
            ProductTab::Owners => "Owners",
        }
    }

    pub fn index(self) -> usize {
        ProductTab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProductScreen {
    pub id: String,
    pub detail: Loadable<Option<Box<ProductDetail>>>,
    pub tab: ProductTab,
    pub cursor: ListCursor,
    /// Made when the Lineage tab is first shown.
    pub lineage: Option<LineagePane>,
    /// Asked for when the Quality tab is first shown.
    pub quality: QualityState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamScreen {
    pub name: String,
    pub detail: Loadable<Option<Box<TeamDetail>>>,
    pub cursor: ListCursor,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamsScreen {
    pub teams: Loadable<Vec<TeamSummary>>,
    pub cursor: ListCursor,
}

/// A screen above the search pane; Esc pops it.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Product(ProductScreen),
    Team(TeamScreen),
    Teams(TeamsScreen),
    Contract(ContractScreen),
    Impact(ImpactScreen),
    Health(HealthScreen),
    AccessForm(Box<AccessForm>),
    Requests(RequestsScreen),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help { filter: TextInput, scroll: usize },
    Command(CommandLine),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CommandLine {
    pub input: TextInput,
    /// Position in the history while browsing it with up/down.
    pub history_pos: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
    pub expires: Instant,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchPane {
    pub input: TextInput,
    pub focused: bool,
    /// The newest search asked for, and the one whose results are shown.
    pub seq: u64,
    pub shown_seq: u64,
    pub results: Loadable<Box<SearchResults>>,
    pub cursor: ListCursor,
    /// Facets of the whole catalogue: the values Tab completes.
    pub catalogue_facets: Option<Facets>,
    pub preview: Option<(String, Loadable<Option<Box<Product>>>)>,
    /// Every product's quality badge, once built in the background.
    pub badges: Option<Arc<std::collections::HashMap<String, crate::quality::Badge>>>,
}

impl SearchPane {
    pub fn is_searching(&self) -> bool {
        self.seq != self.shown_seq
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    Opening,
    /// Rebuilding: documents done of total.
    Building {
        done: u64,
        total: u64,
    },
    Ready,
    Failed,
}

/// Which catalogue the header names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueLabel(pub String);

#[derive(Debug, Clone)]
pub struct App {
    pub label: CatalogueLabel,
    pub keymap: Arc<Keymap>,
    pub info: Option<CatalogueInfo>,
    /// The wall clock at the last event (render is a function of state).
    pub now: DateTime<Utc>,
    pub width: u16,
    pub height: u16,
    pub search: SearchPane,
    pub stack: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub toasts: Vec<Toast>,
    pub sync: SyncState,
    /// Index state: searches wait until it is open.
    pub index: IndexState,
    /// Whether the cross references were asked for (after the first results,
    /// so that building them does not slow the first frame down).
    pub relations_requested: bool,
    pub history: Vec<String>,
    /// `--readonly`: no access requests (nor cancels) from here.
    pub readonly: bool,
    pub quit: bool,
}

impl App {
    pub fn new(label: CatalogueLabel, keymap: Arc<Keymap>, width: u16, height: u16) -> App {
        App {
            label,
            keymap,
            info: None,
            now: crate::quality::now(),
            width,
            height,
            search: SearchPane {
                input: TextInput::default(),
                focused: false,
                seq: 0,
                shown_seq: 0,
                results: Loadable::Loading,
                cursor: ListCursor::default(),
                catalogue_facets: None,
                preview: None,
                badges: None,
            },
            stack: Vec::new(),
            overlay: None,
            toasts: Vec::new(),
            sync: SyncState::default(),
            index: IndexState::Opening,
            relations_requested: false,
            history: Vec::new(),
            readonly: false,
            quit: false,
        }
    }

    /// The work to start with: the catalogue facts and the index (then the
    /// browse list, then the cross references).
    pub fn start(&mut self) -> Vec<Effect> {
        // The catalogue facts wait for the index: both need the cache, and
        // the first results matter more than the header's counts.
        let mut effects = vec![Effect::OpenIndex];
        effects.extend(self.run_search());
        effects
    }

    /// Keymap contexts for the current state, innermost first.
    pub fn contexts(&self) -> Vec<Context> {
        match (&self.overlay, self.stack.last()) {
            (Some(Overlay::Help { .. }), _) => vec![Context::Help, Context::Global],
            (Some(Overlay::Command(_)), _) => vec![Context::Command, Context::Global],
            (None, Some(Screen::Product(screen))) if screen.tab == ProductTab::Lineage => vec![
                Context::Lineage,
                Context::Product,
                Context::Navigation,
                Context::Global,
            ],
            (None, Some(Screen::Product(_))) => {
                vec![Context::Product, Context::Navigation, Context::Global]
            }
            (None, Some(Screen::Impact(_))) => {
                vec![Context::Impact, Context::Navigation, Context::Global]
            }
            (None, Some(Screen::Health(_))) => {
                vec![Context::Health, Context::Navigation, Context::Global]
            }
            (None, Some(Screen::Team(_) | Screen::Teams(_))) => {
                vec![Context::Team, Context::Navigation, Context::Global]
            }
            (None, Some(Screen::Contract(screen))) if screen.filtering => {
                vec![Context::SchemaFilter, Context::Global]
            }
            (None, Some(Screen::Contract(_))) => {
                vec![Context::Contract, Context::Navigation, Context::Global]
            }
            (None, Some(Screen::AccessForm(form))) if form.prompt.is_some() => {
                vec![Context::Confirm, Context::Global]
            }
            (None, Some(Screen::AccessForm(_))) => vec![Context::AccessForm, Context::Global],
            (None, Some(Screen::Requests(screen))) if screen.confirm_cancel.is_some() => {
                vec![Context::Confirm, Context::Global]
            }
            (None, Some(Screen::Requests(_))) => {
                vec![Context::Requests, Context::Navigation, Context::Global]
            }
            (None, None) if self.search.focused => vec![Context::SearchInput, Context::Global],
            (None, None) => vec![Context::Search, Context::Navigation, Context::Global],
        }
    }

    /// Whether keys that no binding claims type into a text box.
    fn typing(&self) -> bool {
        self.overlay.is_some()
            || (self.stack.is_empty() && self.search.focused)
            || matches!(self.stack.last(), Some(Screen::Contract(s)) if s.filtering)
            || matches!(self.stack.last(), Some(Screen::AccessForm(f)) if f.prompt.is_none())
    }

    /// Turns a key into a message (bindings first, then text edits).
    pub fn on_key(&self, event: &KeyEvent) -> Option<Msg> {
        let key = KeySpec::from_event(event)?;
        if let Some(command) = self.keymap.resolve(&self.contexts(), &key) {
            return Some(Msg::Command(command));
        }
        if !self.typing() {
            return None;
        }
        edit_for(&key).map(Msg::Edit)
    }

    pub fn notify(&mut self, text: impl Into<String>) {
        self.push_toast(text.into(), false);
    }

    pub fn fail(&mut self, text: impl Into<String>) {
        self.push_toast(text.into(), true);
    }

    fn push_toast(&mut self, text: String, error: bool) {
        self.toasts.push(Toast {
            text,
            error,
            expires: Instant::now() + TOAST_LIFETIME,
        });
        if self.toasts.len() > 3 {
            self.toasts.remove(0);
        }
    }

    /// When the runtime must wake up without input (a toast to remove).
    pub fn next_deadline(&self) -> Option<Instant> {
        self.toasts
            .iter()
            .map(|t| t.expires)
            .chain(self.sync.next_at)
            .min()
    }
}

fn edit_for(key: &KeySpec) -> Option<Edit> {
    if let Some(c) = key.typed_char() {
        return Some(Edit::Insert(c));
    }
    Some(match (key.code, key.ctrl) {
        (KeyCodeOrd::Backspace, _) | (KeyCodeOrd::Char('h'), true) => Edit::Backspace,
        (KeyCodeOrd::Delete, _) => Edit::Delete,
        (KeyCodeOrd::Left, _) | (KeyCodeOrd::Char('b'), true) => Edit::Left,
        (KeyCodeOrd::Right, _) | (KeyCodeOrd::Char('f'), true) => Edit::Right,
        (KeyCodeOrd::Home, _) | (KeyCodeOrd::Char('a'), true) => Edit::Home,
        (KeyCodeOrd::End, _) | (KeyCodeOrd::Char('e'), true) => Edit::End,
        (KeyCodeOrd::Char('w'), true) => Edit::DeleteWord,
        (KeyCodeOrd::Char('u'), true) => Edit::Clear,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
