//! The Lineage tab's state and keys (graph or tree, depth, level, the
//! breadcrumb of re-centred nodes), and the impact list.

use chrono::{DateTime, Utc};

use super::{App, ListCursor, Loadable, ProductScreen, ProductTab, Screen};
use crate::lineage::layout::{LayerWindow, Scene, Slot, Viewport};
use crate::lineage::{Impact, Level};
use crate::tui::action::{Command, Effect};
use crate::tui::backend::{LineageData, LineageRequest};
use crate::tui::view::layout;

/// The deepest the pane walks (`+` stops there).
pub const MAX_DEPTH: u32 = 50;

#[derive(Debug, Clone, PartialEq)]
pub struct LineagePane {
    /// The nodes re-centred on, first the product of the screen; the last
    /// is the focus.
    pub trail: Vec<String>,
    pub level: Level,
    pub depth: u32,
    /// The indented list instead of the graph.
    pub tree: bool,
    pub data: Loadable<Option<Box<LineageData>>>,
    /// The selected node's id (kept across reloads at another depth).
    pub selected: Option<String>,
    /// Per layer: the first node of its window.
    pub offsets: Vec<usize>,
    pub tree_offset: usize,
}

impl LineagePane {
    pub fn new(id: &str) -> LineagePane {
        LineagePane {
            trail: vec![id.to_owned()],
            level: Level::Product,
            depth: 1,
            tree: false,
            data: Loadable::Loading,
            selected: None,
            offsets: Vec::new(),
            tree_offset: 0,
        }
    }

    pub fn focus(&self) -> &str {
        self.trail.last().map_or("", String::as_str)
    }

    pub fn request(&self) -> LineageRequest {
        LineageRequest {
            id: self.focus().to_owned(),
            level: self.level,
            depth: self.depth,
        }
    }

    pub fn loaded(&self) -> Option<&LineageData> {
        match &self.data {
            Loadable::Loaded(Some(data)) => Some(data),
            _ => None,
        }
    }

    /// The selected node's index in the loaded view.
    pub fn selected_node(&self) -> Option<u32> {
        let data = self.loaded()?;
        let id = self.selected.as_deref()?;
        data.nodes.iter().position(|n| n.id == id).map(|i| i as u32)
    }

    /// The graph as it is drawn in `viewport`: around the selected node's
    /// layer, each layer from its offset, the selection's edges highlighted.
    pub fn scene(&self, viewport: Viewport) -> Option<Scene> {
        let layered = &self.loaded()?.layered;
        let selected = self.selected_node();
        let focus = selected
            .and_then(|n| layered.layer_of(n))
            .unwrap_or(layered.centre_layer());
        Some(layered.place(
            viewport,
            focus,
            &|layer| self.offset(layer),
            selected.map(Slot::Node),
        ))
    }

    pub fn offset(&self, layer: usize) -> usize {
        self.offsets.get(layer).copied().unwrap_or(0)
    }

    fn set_offset(&mut self, layer: usize, offset: usize) {
        if self.offsets.len() <= layer {
            self.offsets.resize(layer + 1, 0);
        }
        self.offsets[layer] = offset;
    }

    fn reload(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.data = Loadable::Loading;
        self.offsets.clear();
        self.tree_offset = 0;
        vec![Effect::LoadLineage {
            request: self.request(),
            now,
        }]
    }

    /// A view arrived: keep the selection if it is still there, else the focus.
    pub fn loaded_now(&mut self, data: Result<Option<Box<LineageData>>, String>) {
        self.data = match data {
            Ok(data) => Loadable::Loaded(data),
            Err(error) => Loadable::Failed(error),
        };
        if self.selected_node().is_none() {
            let focus = self.loaded().and_then(|data| {
                let layer = data.layered.layers().get(data.layered.centre_layer())?;
                layer.first().map(|&n| data.nodes[n as usize].id.clone())
            });
            self.selected = focus;
        }
    }

    /// Moves within the selected node's layer (graph) or through the rows (tree).
    fn move_by(&mut self, delta: isize, slots: usize, rows: usize) {
        let Some(node) = self.selected_node() else {
            return;
        };
        let Some(data) = self.loaded() else {
            return;
        };
        if self.tree {
            let order = tree_rows(data);
            let Some(row) = order.iter().position(|r| r.node == node) else {
                return;
            };
            let target = (row as isize + delta).clamp(0, order.len() as isize - 1) as usize;
            let id = data.nodes[order[target].node as usize].id.clone();
            let cursor = ListCursor {
                selected: target,
                offset: self.tree_offset,
            };
            self.tree_offset = cursor.window_start(rows);
            self.selected = Some(id);
            return;
        }
        let layered = &data.layered;
        let (Some(layer), Some(position)) = (layered.layer_of(node), layered.position(node)) else {
            return;
        };
        let nodes = &layered.layers()[layer];
        let target = (position as isize + delta).clamp(0, nodes.len() as isize - 1) as usize;
        let id = data.nodes[nodes[target] as usize].id.clone();
        let offset = LayerWindow::offset_showing(nodes.len(), slots, self.offset(layer), target);
        self.set_offset(layer, offset);
        self.selected = Some(id);
    }

    /// Moves to the next layer left (-1) or right (+1): to a neighbour of
    /// the selected node there if it has one, else to the node at about
    /// the same height.
    fn move_layer(&mut self, step: isize, slots: usize) {
        let Some(node) = self.selected_node() else {
            return;
        };
        let Some(data) = self.loaded() else {
            return;
        };
        let layered = &data.layered;
        let (Some(layer), Some(position)) = (layered.layer_of(node), layered.position(node)) else {
            return;
        };
        let Some(target_layer) = layer
            .checked_add_signed(step)
            .filter(|&l| l < layered.layers().len())
        else {
            return;
        };
        let candidates = &layered.layers()[target_layer];
        if candidates.is_empty() {
            return;
        }
        let here = layered.layers()[layer].len().max(1);
        let wanted = position * candidates.len() / here;
        let neighbour = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                data.edges
                    .iter()
                    .any(|&(a, b)| (a == node && b == **c) || (b == node && a == **c))
            })
            .min_by_key(|(i, _)| i.abs_diff(wanted))
            .map(|(i, _)| i);
        let target = neighbour.unwrap_or(wanted.min(candidates.len() - 1));
        let offset =
            LayerWindow::offset_showing(candidates.len(), slots, self.offset(target_layer), target);
        let id = data.nodes[candidates[target] as usize].id.clone();
        self.set_offset(target_layer, offset);
        self.selected = Some(id);
    }

    /// Enter: the selected node becomes the focus.
    fn recentre(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let Some(id) = self.selected.clone() else {
            return Vec::new();
        };
        if id == self.focus() {
            return Vec::new();
        }
        self.trail.push(id);
        self.reload(now)
    }

    /// Esc: back to the previous focus, the node left selected.
    fn step_back(&mut self, now: DateTime<Utc>) -> Option<Vec<Effect>> {
        if self.trail.len() < 2 {
            return None;
        }
        self.selected = self.trail.pop();
        Some(self.reload(now))
    }

    fn next_level(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        let product = self
            .loaded()
            .and_then(|data| {
                let focus = data.nodes.iter().find(|n| n.id == self.focus())?;
                focus.product.as_ref().map(|p| p.id.clone())
            })
            .unwrap_or_else(|| self.trail[0].clone());
        self.level = match self.level {
            Level::Product => Level::Dataset,
            Level::Dataset => Level::Column,
            Level::Column => Level::Product,
        };
        self.trail = vec![product];
        self.selected = None;
        self.reload(now)
    }
}

/// A row of the tree view: a node, indented by its distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    pub node: u32,
    /// Edges from the focus (negative: upstream).
    pub distance: i64,
}

/// The tree view's rows: upstream (each node under the nearer node it
/// feeds), the focus, downstream (each under the node that feeds it);
/// every node once, at its shortest distance.
pub fn tree_rows(data: &LineageData) -> Vec<TreeRow> {
    let n = data.nodes.len();
    let mut upstream_children = vec![Vec::new(); n];
    let mut downstream_children = vec![Vec::new(); n];
    let mut has_parent = vec![false; n];
    for &(from, to) in &data.edges {
        let (a, b) = (&data.nodes[from as usize], &data.nodes[to as usize]);
        // Downstream: `to` one further from the focus than `from`.
        if !b.upstream && b.distance > 0 && b.distance == a.distance + 1 && !a.upstream {
            if !has_parent[to as usize] {
                has_parent[to as usize] = true;
                downstream_children[from as usize].push(to);
            }
        } else if a.upstream
            && a.distance == b.distance + 1
            && (b.upstream || b.distance == 0)
            && !has_parent[from as usize]
        {
            has_parent[from as usize] = true;
            upstream_children[to as usize].push(from);
        }
    }
    let roots: Vec<u32> = (0..n as u32)
        .filter(|&i| data.nodes[i as usize].distance == 0)
        .collect();
    let mut rows = Vec::with_capacity(n);
    let walk = |children: &[Vec<u32>], sign: i64, rows: &mut Vec<TreeRow>| {
        let mut stack: Vec<u32> = roots
            .iter()
            .rev()
            .flat_map(|&r| children[r as usize].iter().rev().copied())
            .collect();
        while let Some(node) = stack.pop() {
            rows.push(TreeRow {
                node,
                distance: sign * data.nodes[node as usize].distance as i64,
            });
            stack.extend(children[node as usize].iter().rev().copied());
        }
    };
    walk(&upstream_children, -1, &mut rows);
    rows.extend(roots.iter().map(|&node| TreeRow { node, distance: 0 }));
    walk(&downstream_children, 1, &mut rows);
    rows
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpactTab {
    Downstream,
    Upstream,
}

impl ImpactTab {
    pub const ALL: [ImpactTab; 2] = [ImpactTab::Downstream, ImpactTab::Upstream];

    pub fn title(self) -> &'static str {
        match self {
            ImpactTab::Downstream => "Downstream: who to notify",
            ImpactTab::Upstream => "Upstream: root cause",
        }
    }

    pub fn index(self) -> usize {
        ImpactTab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImpactScreen {
    pub id: String,
    /// Edges followed; `u32::MAX` for all.
    pub depth: u32,
    pub impact: Loadable<Option<Box<Impact>>>,
    pub tab: ImpactTab,
    pub cursor: ListCursor,
}

impl ImpactScreen {
    pub fn entries(&self) -> &[crate::lineage::ImpactEntry] {
        match &self.impact {
            Loadable::Loaded(Some(impact)) => match self.tab {
                ImpactTab::Downstream => &impact.downstream,
                ImpactTab::Upstream => &impact.upstream,
            },
            _ => &[],
        }
    }
}

impl App {
    fn lineage_pane(&mut self) -> Option<&mut LineagePane> {
        match self.stack.last_mut() {
            Some(Screen::Product(ProductScreen {
                tab: ProductTab::Lineage,
                lineage: Some(pane),
                ..
            })) => Some(pane),
            _ => None,
        }
    }

    /// The Lineage tab was shown: its pane is made (and loaded) once.
    pub(super) fn show_lineage(&mut self) -> Vec<Effect> {
        let now = self.now;
        match self.stack.last_mut() {
            Some(Screen::Product(screen)) if screen.lineage.is_none() => {
                let pane = LineagePane::new(&screen.id);
                let request = pane.request();
                screen.lineage = Some(pane);
                vec![Effect::LoadLineage { request, now }]
            }
            _ => Vec::new(),
        }
    }

    /// Keys of the Lineage tab; None when it is not showing or the key is not its.
    pub(super) fn lineage_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        if command == Command::Impact {
            return self.open_impact();
        }
        let viewport = layout::lineage_viewport(self);
        let (slots, rows) = (viewport.slots(), viewport.height as usize);
        let page = slots.saturating_sub(2).max(1) as isize;
        let now = self.now;
        let pane = self.lineage_pane()?;
        match command {
            Command::Down => pane.move_by(1, slots, rows),
            Command::Up => pane.move_by(-1, slots, rows),
            Command::PageDown => pane.move_by(page, slots, rows),
            Command::PageUp => pane.move_by(-page, slots, rows),
            Command::Top => pane.move_by(isize::MIN / 2, slots, rows),
            Command::Bottom => pane.move_by(isize::MAX / 2, slots, rows),
            Command::LayerLeft => pane.move_layer(-1, slots),
            Command::LayerRight => pane.move_layer(1, slots),
            Command::Open => return Some(pane.recentre(now)),
            Command::Back => return pane.step_back(now),
            Command::DepthMore if pane.depth < MAX_DEPTH => {
                pane.depth += 1;
                return Some(pane.reload(now));
            }
            Command::DepthLess if pane.depth > 1 => {
                pane.depth -= 1;
                return Some(pane.reload(now));
            }
            Command::DepthMore | Command::DepthLess => {}
            Command::Level => return Some(pane.next_level(now)),
            Command::TreeView => pane.tree = !pane.tree,
            Command::OpenNode => {
                let product = pane
                    .loaded()
                    .zip(pane.selected_node())
                    .and_then(|(d, n)| d.nodes[n as usize].product.as_ref().map(|p| p.id.clone()));
                return Some(match product {
                    Some(id) => self.open_product(&id),
                    None => {
                        self.notify("no product owns this node");
                        Vec::new()
                    }
                });
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    /// A click on the Lineage tab: selects the box (or tree row) under it;
    /// on a "+N more" box, pages that layer. None when the tab is not showing.
    pub(super) fn lineage_click(&mut self, column: u16, row: u16) -> Option<Vec<Effect>> {
        let area = layout::lineage_graph_area(self);
        let viewport = layout::lineage_viewport(self);
        let pane = self.lineage_pane()?;
        let inside = (area.x..area.x + area.width).contains(&column)
            && (area.y..area.y + area.height).contains(&row);
        if !inside {
            return Some(Vec::new());
        }
        let (x, y) = (column - area.x, row - area.y);
        let Some(data) = pane.loaded() else {
            return Some(Vec::new());
        };
        if pane.tree || !layout::lineage_graph_fits(viewport) {
            let rows = tree_rows(data);
            let selected = pane.selected_node();
            let current = rows
                .iter()
                .position(|r| Some(r.node) == selected)
                .unwrap_or(0);
            let start = ListCursor {
                selected: current,
                offset: pane.tree_offset,
            }
            .window_start(viewport.height as usize);
            if let Some(hit) = rows.get(start + y as usize) {
                pane.selected = Some(data.nodes[hit.node as usize].id.clone());
            }
            return Some(Vec::new());
        }
        let Some(scene) = pane.scene(viewport) else {
            return Some(Vec::new());
        };
        let slots = viewport.slots();
        match scene.hit(x, y).map(|b| b.slot) {
            Some(Slot::Node(n)) => pane.selected = Some(data.nodes[n as usize].id.clone()),
            Some(Slot::MoreAbove { layer, .. }) => {
                let page = slots.saturating_sub(2).max(1);
                let offset = pane.offset(layer).saturating_sub(page);
                pane.set_offset(layer, offset);
            }
            Some(Slot::MoreBelow { layer, .. }) => {
                let page = slots.saturating_sub(2).max(1);
                let offset = pane.offset(layer) + page;
                pane.set_offset(layer, offset);
            }
            None => {}
        }
        Some(Vec::new())
    }

    /// The impact list of the selected lineage node's product, else of the
    /// product in view, else of the selected search hit.
    /// From the Lineage tab the list goes to the pane's depth.
    fn open_impact(&mut self) -> Option<Vec<Effect>> {
        let (id, depth) = match self.stack.last() {
            Some(Screen::Product(screen)) => {
                let pane = screen
                    .lineage
                    .as_ref()
                    .filter(|_| screen.tab == ProductTab::Lineage);
                let selected = pane.and_then(|pane| {
                    let node = pane.selected_node()?;
                    pane.loaded()?.nodes[node as usize]
                        .product
                        .as_ref()
                        .map(|p| p.id.clone())
                });
                (
                    selected.unwrap_or_else(|| screen.id.clone()),
                    pane.map_or(u32::MAX, |p| p.depth),
                )
            }
            Some(Screen::Health(screen)) => (screen.selected()?.product.id.clone(), u32::MAX),
            None => (self.selected_hit()?.id.clone(), u32::MAX),
            _ => return None,
        };
        Some(self.open_impact_at(&id, depth))
    }

    pub(super) fn open_impact_of(&mut self, id: &str) -> Vec<Effect> {
        self.open_impact_at(id, u32::MAX)
    }

    fn open_impact_at(&mut self, id: &str, depth: u32) -> Vec<Effect> {
        let id = id.to_owned();
        self.overlay = None;
        self.search.focused = false;
        self.stack.push(Screen::Impact(ImpactScreen {
            id: id.clone(),
            depth,
            impact: Loadable::Loading,
            tab: ImpactTab::Downstream,
            cursor: ListCursor::default(),
        }));
        vec![Effect::LoadImpact {
            id,
            depth,
            now: self.now,
        }]
    }

    /// `+`/`-` on the impact list: one edge further or nearer (when the
    /// list stops short of its depth, `+` means every depth).
    pub(super) fn impact_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        if !matches!(command, Command::DepthMore | Command::DepthLess) {
            return None;
        }
        let now = self.now;
        let Some(Screen::Impact(screen)) = self.stack.last_mut() else {
            return None;
        };
        let farthest = match &screen.impact {
            Loadable::Loaded(Some(impact)) => impact
                .downstream
                .iter()
                .chain(&impact.upstream)
                .map(|e| e.distance)
                .max()
                .unwrap_or(1),
            _ => return Some(Vec::new()),
        };
        let depth = match (command, screen.depth) {
            (Command::DepthMore, u32::MAX) => return Some(Vec::new()),
            // Nothing lies beyond: every depth is this depth.
            (Command::DepthMore, d) if d > farthest || d >= MAX_DEPTH => u32::MAX,
            (Command::DepthMore, d) => d + 1,
            (Command::DepthLess, u32::MAX) => farthest.saturating_sub(1).max(1),
            (_, d) => d.saturating_sub(1).max(1),
        };
        if depth == screen.depth {
            return Some(Vec::new());
        }
        screen.depth = depth;
        screen.impact = Loadable::Loading;
        screen.cursor = ListCursor::default();
        Some(vec![Effect::LoadImpact {
            id: screen.id.clone(),
            depth,
            now,
        }])
    }

    /// Shows a tab of the product on top (the Lineage tab loads its pane).
    pub(super) fn select_product_tab(&mut self, tab: ProductTab) -> Vec<Effect> {
        match self.stack.last_mut() {
            Some(Screen::Product(screen)) => {
                screen.tab = tab;
                screen.cursor = ListCursor::default();
            }
            _ => return Vec::new(),
        }
        match tab {
            ProductTab::Lineage => self.show_lineage(),
            ProductTab::Quality => self.show_quality(),
            _ => Vec::new(),
        }
    }

    pub(super) fn lineage_loaded(
        &mut self,
        request: &LineageRequest,
        data: Result<Option<Box<LineageData>>, String>,
    ) {
        for screen in &mut self.stack {
            if let Screen::Product(ProductScreen {
                lineage: Some(pane),
                ..
            }) = screen
                && pane.request() == *request
                && pane.data == Loadable::Loading
            {
                pane.loaded_now(data.clone());
            }
        }
    }

    pub(super) fn impact_loaded(&mut self, id: &str, impact: Result<Option<Box<Impact>>, String>) {
        for screen in &mut self.stack {
            if let Screen::Impact(screen) = screen
                && screen.id == id
                && screen.impact == Loadable::Loading
            {
                screen.impact = match impact.clone() {
                    Ok(impact) => Loadable::Loaded(impact),
                    Err(error) => Loadable::Failed(error),
                };
            }
        }
    }
}
