//! The contract view's state and its keys: schema tree, versions, the diff
//! between two versions, the consumers.

use super::schema_tree::SchemaTree;
use super::{App, ListCursor, Loadable, Screen, TextInput};
use crate::contracts::{ContractDiff, Perspective};
use crate::tui::action::{Command, Edit, Effect};
use crate::tui::backend::{ContractDetail, ContractVersion};
use crate::tui::view::layout;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractTab {
    Schema,
    Versions,
    Diff,
    Consumers,
}

impl ContractTab {
    pub const ALL: [ContractTab; 4] = [
        ContractTab::Schema,
        ContractTab::Versions,
        ContractTab::Diff,
        ContractTab::Consumers,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ContractTab::Schema => "Schema",
            ContractTab::Versions => "Versions",
            ContractTab::Diff => "Diff",
            ContractTab::Consumers => "Consumers",
        }
    }

    pub fn index(self) -> usize {
        ContractTab::ALL
            .iter()
            .position(|t| *t == self)
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContractScreen {
    pub id: String,
    /// The version asked for (None: the newest).
    pub requested: Option<String>,
    pub detail: Loadable<Option<Box<ContractDetail>>>,
    pub tab: ContractTab,
    pub cursor: ListCursor,
    /// The version in view (index into `versions`, newest first).
    pub selected: usize,
    /// The version the diff compares `selected` against (an older one).
    pub base: usize,
    pub tree: SchemaTree,
    pub filter: TextInput,
    /// Whether keys type into the filter box.
    pub filtering: bool,
    pub perspective: Perspective,
    pub side_by_side: bool,
    /// `base` → `selected`, computed when either changes.
    pub diff: Option<Box<ContractDiff>>,
}

impl ContractScreen {
    pub fn new(id: &str, version: Option<&str>) -> ContractScreen {
        ContractScreen {
            id: id.to_owned(),
            requested: version.map(str::to_owned),
            detail: Loadable::Loading,
            tab: ContractTab::Schema,
            cursor: ListCursor::default(),
            selected: 0,
            base: 1,
            tree: SchemaTree::default(),
            filter: TextInput::default(),
            filtering: false,
            perspective: Perspective::Consumer,
            side_by_side: false,
            diff: None,
        }
    }

    pub fn versions(&self) -> &[ContractVersion] {
        match &self.detail {
            Loadable::Loaded(Some(detail)) => &detail.versions,
            _ => &[],
        }
    }

    /// The version in view.
    pub fn version(&self) -> Option<&ContractVersion> {
        self.versions().get(self.selected)
    }

    /// Shows version `n` and compares it with the one before it.
    pub fn select_version(&mut self, n: usize) {
        let Some(version) = self.versions().get(n) else {
            return;
        };
        self.tree = SchemaTree::build(&version.contract);
        self.tree.set_filter(self.filter.text());
        self.selected = n;
        self.base = n + 1;
        self.update_diff();
    }

    fn update_diff(&mut self) {
        let versions = self.versions();
        self.diff = match (versions.get(self.base), versions.get(self.selected)) {
            (Some(old), Some(new)) => Some(Box::new(ContractDiff::between(
                &old.contract,
                &new.contract,
            ))),
            _ => None,
        };
    }

    /// Moves the base one version older (+1) or newer (-1); it stays older
    /// than the version in view.
    fn move_base(&mut self, step: isize) -> bool {
        let target = self.base as isize + step;
        if target <= self.selected as isize || target >= self.versions().len() as isize {
            return false;
        }
        self.base = target as usize;
        self.update_diff();
        true
    }

    /// Applies a loaded detail (the asked version, else the newest).
    pub fn loaded(
        &mut self,
        detail: Result<Option<Box<ContractDetail>>, String>,
    ) -> Option<String> {
        let mut missing = None;
        self.detail = match detail {
            Ok(detail) => Loadable::Loaded(detail),
            Err(error) => Loadable::Failed(error),
        };
        let position = match &self.requested {
            Some(wanted) => {
                let found = self
                    .versions()
                    .iter()
                    .position(|v| v.contract.version == *wanted);
                if found.is_none() && !self.versions().is_empty() {
                    missing = Some(wanted.clone());
                }
                found.unwrap_or(0)
            }
            None => 0,
        };
        self.select_version(position);
        missing
    }

    fn apply_filter(&mut self) {
        let node = self.tree.visible.get(self.cursor.selected).map(|r| r.node);
        self.tree.set_filter(self.filter.text());
        self.cursor = ListCursor::default();
        if let Some(position) = node.and_then(|n| self.tree.position(n)) {
            self.cursor.selected = position;
        }
    }
}

impl App {
    pub(super) fn open_contract(&mut self, id: &str, version: Option<&str>) -> Vec<Effect> {
        self.overlay = None;
        self.search.focused = false;
        self.stack
            .push(Screen::Contract(ContractScreen::new(id, version)));
        vec![Effect::LoadContract {
            id: id.to_owned(),
            version: version.map(str::to_owned),
        }]
    }

    pub(super) fn contract_loaded(
        &mut self,
        id: &str,
        version: Option<String>,
        detail: Result<Option<Box<ContractDetail>>, String>,
    ) {
        let mut missing = None;
        for screen in &mut self.stack {
            if let Screen::Contract(screen) = screen
                && screen.id == id
                && screen.requested == version
                && screen.detail == Loadable::Loading
            {
                missing = screen.loaded(detail.clone()).or(missing);
            }
        }
        if let Some(version) = missing {
            self.notify(format!(
                "{} has no version {}: showing the newest",
                crate::text::sanitize(id),
                crate::text::sanitize(&version)
            ));
        }
    }

    fn contract_screen(&mut self) -> Option<&mut ContractScreen> {
        match self.stack.last_mut() {
            Some(Screen::Contract(screen)) => Some(screen),
            _ => None,
        }
    }

    /// Keys only the contract view knows; None: not in a contract view.
    pub(super) fn contract_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        let height = layout::list_rows(self);
        let screen = self.contract_screen()?;
        match command {
            Command::Expand => screen_expand(screen, Some(true)),
            Command::Collapse => screen_collapse(screen),
            Command::ToggleAll => {
                let node = screen
                    .tree
                    .visible
                    .get(screen.cursor.selected)
                    .map(|r| r.node);
                screen.tree.toggle_all();
                let position = node.and_then(|n| screen.tree.position(n)).unwrap_or(0);
                screen.cursor = ListCursor::default();
                screen
                    .cursor
                    .move_by(position as isize, screen.tree.visible.len(), height);
            }
            Command::Filter => {
                screen.tab = super::ContractTab::Schema;
                screen.filtering = true;
            }
            Command::Perspective => screen.perspective = screen.perspective.other(),
            Command::SideBySide => screen.side_by_side = !screen.side_by_side,
            Command::OlderBase | Command::NewerBase => {
                let step = if command == Command::OlderBase { 1 } else { -1 };
                if !screen.move_base(step) {
                    let edge = if step > 0 { "oldest" } else { "newest" };
                    self.notify(format!("the base is already the {edge} it can be"));
                }
            }
            Command::Submit if screen.filtering => screen.filtering = false,
            _ => return None,
        }
        Some(Vec::new())
    }

    /// Enter in the contract view.
    pub(super) fn contract_open(&mut self) -> Vec<Effect> {
        let Some(screen) = self.contract_screen() else {
            return Vec::new();
        };
        match screen.tab {
            super::ContractTab::Schema => {
                screen_expand(screen, None);
                Vec::new()
            }
            super::ContractTab::Versions => {
                let n = screen.cursor.selected;
                screen.select_version(n);
                let version = screen
                    .version()
                    .map(|v| v.contract.version.clone())
                    .unwrap_or_default();
                self.notify(format!(
                    "showing version {}",
                    crate::text::sanitize(&version)
                ));
                Vec::new()
            }
            _ => match layout::contract_link(screen) {
                Some(product) => self.open_product(&product),
                None => Vec::new(),
            },
        }
    }

    /// Esc in the contract view: the filter first, then the view.
    pub(super) fn contract_back(&mut self) -> Option<Vec<Effect>> {
        let screen = self.contract_screen()?;
        if screen.filtering || !screen.filter.text().is_empty() {
            screen.filtering = false;
            screen.filter.set("");
            screen.apply_filter();
            return Some(Vec::new());
        }
        None
    }

    /// Typing into the schema filter; None when it is not focused.
    pub(super) fn contract_edit(
        &mut self,
        edit: Option<Edit>,
        paste: Option<&str>,
    ) -> Option<Vec<Effect>> {
        let screen = self.contract_screen().filter(|s| s.filtering)?;
        let changed = match (edit, paste) {
            (Some(edit), _) => screen.filter.apply(edit),
            (None, Some(text)) => screen.filter.insert_str(text),
            (None, None) => false,
        };
        if changed {
            screen.apply_filter();
        }
        Some(Vec::new())
    }
}

/// The schema node under the cursor, on the Schema tab.
fn selected_schema_node(screen: &ContractScreen) -> Option<usize> {
    if screen.tab != ContractTab::Schema {
        return None;
    }
    screen
        .tree
        .visible
        .get(screen.cursor.selected)
        .map(|r| r.node)
}

/// Expands (`Some(true)`) or toggles (`None`) the selected node.
fn screen_expand(screen: &mut ContractScreen, to: Option<bool>) {
    let Some(node) = selected_schema_node(screen) else {
        return;
    };
    let open = to.unwrap_or(!screen.tree.expanded[node]);
    screen.tree.set_expanded(node, open);
}

/// Collapses the selected node, or on a child selects its parent.
fn screen_collapse(screen: &mut ContractScreen) {
    let Some(node) = selected_schema_node(screen) else {
        return;
    };
    if screen.tree.has_children(node)
        && screen.tree.expanded[node]
        && screen.tree.filter().is_empty()
    {
        screen.tree.set_expanded(node, false);
        return;
    }
    if let Some(position) = screen.tree.nodes[node]
        .parent
        .and_then(|p| screen.tree.position(p))
    {
        screen.cursor.selected = position;
        screen.cursor.offset = screen.cursor.offset.min(position);
    }
}
