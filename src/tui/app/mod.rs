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
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::index::SearchResults;
    use crate::tui::action::{Command, SyncSummary};

    fn app() -> App {
        let keymap = Arc::new(Keymap::defaults().unwrap());
        App::new(CatalogueLabel("test".into()), keymap, 80, 24)
    }

    fn ready_app() -> App {
        let mut app = app();
        app.index = IndexState::Ready;
        app
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_window_follows_the_selection() {
        let mut cursor = ListCursor::default();
        cursor.move_by(12, 100, 10);
        assert_eq!((cursor.selected, cursor.offset), (12, 3));
        cursor.move_by(-5, 100, 10);
        assert_eq!((cursor.selected, cursor.offset), (7, 3));
        cursor.move_by(-100, 100, 10);
        assert_eq!((cursor.selected, cursor.offset), (0, 0));
        cursor.move_by(1000, 100, 10);
        assert_eq!((cursor.selected, cursor.offset), (99, 90));
    }

    #[test]
    fn letters_are_commands_in_lists_and_text_in_the_search_box() {
        let mut app = app();
        assert!(matches!(
            app.on_key(&key('q')),
            Some(Msg::Command(Command::Close))
        ));
        app.update(Msg::Command(Command::FocusSearch));
        assert!(matches!(
            app.on_key(&key('q')),
            Some(Msg::Edit(Edit::Insert('q')))
        ));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(matches!(
            app.on_key(&ctrl_c),
            Some(Msg::Command(Command::Quit))
        ));
    }

    #[test]
    fn searches_wait_for_the_index_and_only_the_newest_answer_counts() {
        let mut app = app();
        let first = app.start();
        assert_eq!(first, vec![Effect::OpenIndex]);
        let opened = app.update(Msg::IndexOpened(Ok(false)));
        assert!(matches!(
            opened.as_slice(),
            [Effect::Search { seq: 2, .. }, Effect::LoadCatalogueInfo]
        ));
        app.update(Msg::Command(Command::FocusSearch));
        let effects = app.update(Msg::Edit(Edit::Insert('o')));
        match effects.as_slice() {
            [Effect::Search { seq: 3, query }] => assert_eq!(query.text, "o"),
            other => panic!("{other:?}"),
        }
        // The browse search answers late: stale, dropped.
        assert!(!app.relations_requested);
        app.update(Msg::SearchCompleted {
            seq: 2,
            results: Ok(Box::default()),
        });
        assert_eq!(app.search.results, Loadable::Loading);
        app.update(Msg::SearchCompleted {
            seq: 3,
            results: Ok(Box::new(SearchResults::default())),
        });
        assert!(matches!(app.search.results, Loadable::Loaded(_)));
        assert!(app.relations_requested);
    }

    #[test]
    fn esc_goes_back_one_level_at_a_time_and_never_quits() {
        let mut app = ready_app();
        app.update(Msg::Command(Command::FocusSearch));
        app.update(Msg::Edit(Edit::Insert('x')));
        app.update(Msg::Command(Command::Help));
        let esc = |app: &mut App| app.update(Msg::Command(Command::Back));
        esc(&mut app);
        assert!(app.overlay.is_none());
        assert!(app.search.focused);
        esc(&mut app);
        assert!(!app.search.focused);
        assert_eq!(app.search.input.text(), "x");
        let effects = esc(&mut app);
        assert_eq!(app.search.input.text(), "");
        assert!(matches!(effects.as_slice(), [Effect::Search { .. }]));
        assert!(esc(&mut app).is_empty());
        assert!(!app.quit);
    }

    #[test]
    fn health_opens_the_health_view_and_sync_runs_a_sync() {
        let mut app = app();
        app.update(Msg::Command(Command::CommandMode));
        for c in "health".chars() {
            app.update(Msg::Edit(Edit::Insert(c)));
        }
        assert_eq!(
            app.update(Msg::Command(Command::Submit)),
            vec![Effect::LoadHealth { now: app.now }]
        );
        assert!(matches!(app.stack.last(), Some(Screen::Health(_))));
        assert_eq!(app.history, vec!["health".to_owned()]);
        app.update(Msg::Command(Command::CommandMode));
        app.update(Msg::Paste("sync".into()));
        assert_eq!(
            app.update(Msg::Command(Command::Submit)),
            vec![Effect::Sync]
        );
        assert!(app.sync.is_running());
        // A sync landing refreshes the open health view.
        let effects = app.update(Msg::SyncFinished(Ok(SyncSummary {
            text: "synced".into(),
            changed: 3,
            ..SyncSummary::default()
        })));
        assert!(
            effects.contains(&Effect::LoadHealth { now: app.now }),
            "{effects:?}"
        );
    }

    #[test]
    fn background_syncs_run_at_the_interval_and_say_offline_when_the_server_is_unreachable() {
        let mut app = app();
        app.sync = SyncState::new(Some(std::time::Duration::from_secs(600)), false);
        let due = app.sync.next_at.unwrap();
        assert_eq!(
            app.next_deadline(),
            Some(due),
            "the loop wakes for the sync"
        );
        app.toasts.clear();
        assert_eq!(app.sync_if_due(due), vec![Effect::Sync]);
        assert!(app.sync.running.as_ref().is_some_and(|run| run.background));
        assert_eq!(app.sync_if_due(due), Vec::new(), "one at a time");
        app.update(Msg::SyncProgressed {
            items: 2400,
            pages: 3,
            source: "mesh".into(),
        });
        let effects = app.update(Msg::SyncFinished(Ok(SyncSummary {
            text: "synced 0 records".into(),
            unreachable: Some("mesh: cannot reach http://127.0.0.1:9/".into()),
            ..SyncSummary::default()
        })));
        assert_eq!(effects, vec![Effect::LoadCatalogueInfo]);
        assert!(
            app.toasts.is_empty(),
            "a background sync that changed nothing is quiet"
        );
        assert_eq!(
            app.offline_note("3 h ago").as_deref(),
            Some("offline — cache from 3 h ago")
        );
        let next = app.sync.next_at.unwrap();
        let in_ten_minutes = Instant::now() + std::time::Duration::from_secs(599);
        assert!(
            next >= in_ten_minutes,
            "rescheduled an interval after it ended"
        );
        // The next sync that reaches the server clears the note.
        app.sync_if_due(next);
        app.update(Msg::SyncFinished(Ok(SyncSummary::default())));
        assert_eq!(app.offline_note("just now"), None);
    }

    #[test]
    fn offline_mode_never_schedules_a_sync_and_says_so() {
        let mut app = app();
        app.sync = SyncState::new(Some(std::time::Duration::from_secs(60)), true);
        assert_eq!(app.sync.next_at, None);
        assert_eq!(
            app.offline_note("5 min ago").as_deref(),
            Some("offline (--offline) — cache from 5 min ago")
        );
        assert_eq!(
            app.update(Msg::Command(Command::SyncNow)),
            vec![Effect::Sync]
        );
        assert!(
            app.toasts
                .iter()
                .any(|t| t.text.contains("catalogue folders only")),
            "{:?}",
            app.toasts
        );
    }

    #[test]
    fn help_scrolling_stops_at_the_last_line() {
        let mut app = app();
        app.update(Msg::Command(Command::Help));
        let max = crate::tui::view::help::max_scroll(&app);
        assert!(max > 0, "the default keymap does not fit in 24 rows");
        for _ in 0..20 {
            app.update(Msg::Command(Command::PageDown));
        }
        app.update(Msg::Command(Command::Up));
        assert!(matches!(app.overlay, Some(Overlay::Help { scroll, .. }) if scroll == max - 1));
    }

    #[test]
    fn toasts_expire_on_tick() {
        let mut app = app();
        app.notify("hello");
        app.toasts[0].expires = Instant::now();
        assert!(app.next_deadline().is_some());
        app.update(Msg::Tick);
        assert!(app.toasts.is_empty());
        assert_eq!(app.next_deadline(), None);
    }
}
