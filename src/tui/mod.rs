//! The full-screen explorer (`meshlens` on a terminal).
//!
//! State + messages + render: keys become [`action::Msg`]s through the
//! [`keymap::Keymap`]; [`app::App::update`] changes state and returns
//! [`action::Effect`]s; [`backend::Backend`] runs the slow ones on blocking
//! tasks and answers with messages; [`view::render`] draws the state.

pub mod action;
pub mod app;
pub mod backend;
pub mod headless;
pub mod keymap;
mod runtime;
pub mod terminal;
pub mod theme;
pub mod view;

use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::{Context as _, Result};

use crate::catalogue::Catalogue;
use crate::config::Config;
use crate::workspace::{CatalogueOrigin, Workspace};
use app::{App, CatalogueLabel, SyncState};
use backend::{AccessSetup, Backend};
use keymap::Keymap;
use theme::Theme;

/// Whether the explorer can run: both ends of the terminal are a TTY.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// `NO_COLOR` set to anything non-empty.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// What the header calls the catalogue.
pub fn catalogue_label(workspace: &Workspace) -> CatalogueLabel {
    CatalogueLabel(match workspace.origin {
        CatalogueOrigin::EmbeddedDemo => "embedded demo mesh".to_owned(),
        CatalogueOrigin::ConfigFile => format!("{} configured source(s)", workspace.sources.len()),
        CatalogueOrigin::CommandLine => format!("{} --catalog folder(s)", workspace.sources.len()),
    })
}

/// How the explorer was asked to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExplorerOptions {
    /// Never touch the network.
    pub offline: bool,
    /// No access requests (the form is disabled).
    pub readonly: bool,
}

/// Runs the explorer on an open catalogue until the user quits.
pub fn run(catalogue: Catalogue, options: ExplorerOptions) -> Result<()> {
    let config = Config::load(&catalogue.workspace.config_path)?;
    let keymap = Arc::new(Keymap::defaults()?.with_overrides(&config.keys));
    let theme = Theme::from_config(&config.theme, no_color());
    let label = catalogue_label(&catalogue.workspace);
    let index_dir = catalogue.workspace.index_dir();
    let Catalogue { workspace, store } = catalogue;
    let interval = workspace.intervals.iter().map(|(_, every)| *every).min();
    let access = AccessSetup {
        fallback_dir: workspace.cache_dir.clone(),
        me: config.me.clone(),
        readonly: options.readonly,
    };
    // The index opens (or rebuilds, with progress in the header) on a task.
    let mut backend =
        Backend::new(store, workspace.sources, index_dir, None).offline(options.offline);
    backend.set_access(access);
    let backend = Arc::new(backend);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    terminal::install_panic_hook();
    let mut tui = terminal::enter().context("entering the full-screen terminal")?;
    let size = tui.size().unwrap_or_default();
    let mut app = App::new(label, keymap, size.width, size.height);
    app.sync = SyncState::new(interval, options.offline);
    app.readonly = options.readonly;
    let result = runtime.block_on(runtime::event_loop(&mut tui, app, backend, theme));
    terminal::leave();
    runtime.shutdown_background();
    result.context("running the explorer")
}
