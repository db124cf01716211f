//! Placement of what fits in the pane: the columns around the focus, the
//! window of each column (with "+N more" slots for the rest), and the
//! edges between them (routed in [`super::route`]).
//!
//! Boxes sit on a grid of [`SLOT_HEIGHT`]-row slots, so in every column
//! edges enter a box on the slot's row 1, leave it on row 2, and pass
//! through a column on row 4 (the gap): two different edges never share a
//! row within a channel, which keeps every line unambiguous.

use std::collections::HashMap;
use std::ops::Range;

use super::Layered;
use super::canvas::Canvas;
use super::route::{self, Channel};

/// Rows of a box: top border, name, detail, bottom border.
pub const BOX_HEIGHT: u16 = 4;
/// A box and the gap below it.
pub const SLOT_HEIGHT: u16 = 5;
/// Row of a slot where edges come in (the name row).
pub(super) const IN_ROW: u16 = 1;
/// Row of a slot where edges leave.
pub(super) const OUT_ROW: u16 = 2;
/// Row of a slot where edges pass through a column.
pub(super) const GAP_ROW: u16 = 4;

/// Fewer slots than this cannot show a node between two "+N more" slots:
/// such a pane is left empty (the caller shows the tree view instead).
pub const MIN_SLOTS: usize = 3;

/// The pane's size and the width of a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub width: u16,
    pub height: u16,
    pub box_width: u16,
}

impl Viewport {
    /// How many slots a column holds.
    pub fn slots(&self) -> usize {
        ((self.height + 1) / SLOT_HEIGHT) as usize
    }
}

/// What a box shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Node(u32),
    /// `hidden` nodes of `layer` above the window.
    MoreAbove {
        layer: usize,
        hidden: usize,
    },
    /// `hidden` nodes of `layer` below the window.
    MoreBelow {
        layer: usize,
        hidden: usize,
    },
}

/// A box: its slot and its rectangle in the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub slot: Slot,
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

/// The nodes of a layer shown: `start..end` of its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerWindow {
    pub start: usize,
    pub end: usize,
    pub len: usize,
}

impl LayerWindow {
    /// The window of a layer of `len` nodes in `slots` slots from `offset`
    /// (the first node shown); a slot goes to each "+N more" needed.
    pub fn new(len: usize, slots: usize, offset: usize) -> LayerWindow {
        if len <= slots {
            return LayerWindow {
                start: 0,
                end: len,
                len,
            };
        }
        let last_page = len - slots.saturating_sub(1).max(1);
        let start = offset.min(last_page);
        let end = if start == 0 {
            slots.saturating_sub(1).max(1)
        } else if start == last_page {
            len
        } else {
            start + slots.saturating_sub(2).max(1)
        };
        LayerWindow { start, end, len }
    }

    /// The offset that keeps `offset`'s window unless `position` falls
    /// outside it, else the nearest window that shows `position`.
    pub fn offset_showing(len: usize, slots: usize, offset: usize, position: usize) -> usize {
        let window = LayerWindow::new(len, slots, offset);
        if window.contains(position) {
            return window.start;
        }
        if position < window.start {
            return position;
        }
        // Scroll down: the smallest start whose window reaches `position`.
        let mut start = position.saturating_sub(slots.saturating_sub(2).max(1)) + 1;
        while !LayerWindow::new(len, slots, start).contains(position) {
            start += 1;
        }
        LayerWindow::new(len, slots, start).start
    }

    pub fn contains(&self, position: usize) -> bool {
        (self.start..self.end).contains(&position)
    }

    pub fn hidden_above(&self) -> usize {
        self.start
    }

    pub fn hidden_below(&self) -> usize {
        self.len - self.end
    }
}

/// What [`Layered::place`] drew.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scene {
    pub boxes: Vec<Placed>,
    pub canvas: Canvas,
    /// The layers shown, left to right.
    pub columns: Range<usize>,
    /// Every connection drawn, (from, to), a "+N more" slot standing in for
    /// its hidden nodes; sorted.
    pub edges: Vec<(Slot, Slot)>,
    /// The lines of the connections of the selected node only (to draw
    /// over `canvas` in an accent colour).
    pub highlight: Canvas,
    /// Connections between shown boxes left undrawn for want of a free row.
    pub undrawn: usize,
}

impl Scene {
    pub fn placed(&self, slot: Slot) -> Option<&Placed> {
        self.boxes.iter().find(|b| b.slot == slot)
    }

    /// The box at a pane position, if any.
    pub fn hit(&self, x: u16, y: u16) -> Option<&Placed> {
        self.boxes
            .iter()
            .find(|b| (b.x..b.x + b.width).contains(&x) && (b.y..b.y + b.height).contains(&y))
    }
}

/// A column being placed: its layer and its slots top to bottom.
pub(super) struct Column {
    pub layer: usize,
    pub slots: Vec<Slot>,
    /// Index of the grid slot the first box takes.
    pub first: usize,
    pub x: u16,
}

impl Column {
    pub fn row_of(&self, index: usize, row: u16) -> u16 {
        ((self.first + index) as u16) * SLOT_HEIGHT + row
    }
}

impl Layered {
    /// The window of `layer` in `slots` slots from `offset`.
    pub fn window(&self, layer: usize, slots: usize, offset: usize) -> LayerWindow {
        let len = self.layers.get(layer).map_or(0, Vec::len);
        LayerWindow::new(len, slots, offset)
    }

    /// Places the columns around `focus_layer` that fit in `viewport`,
    /// each layer's window starting at `offset(layer)`.
    /// `selected` (if shown) gets its connections in [`Scene::highlight`].
    pub fn place(
        &self,
        viewport: Viewport,
        focus_layer: usize,
        offset: &dyn Fn(usize) -> usize,
        selected: Option<Slot>,
    ) -> Scene {
        let slots = viewport.slots();
        if slots < MIN_SLOTS || self.layers.is_empty() || viewport.box_width < 3 {
            return Scene::default();
        }
        let focus = focus_layer.min(self.layers.len() - 1);
        let column = |layer: usize| self.column(layer, slots, offset(layer));
        let mut columns = vec![column(focus)];
        let mut width = viewport.box_width;
        loop {
            let (first, last) = (columns[0].layer, columns[columns.len() - 1].layer);
            let right = (last + 1 < self.layers.len()).then_some(last + 1);
            let left = first.checked_sub(1);
            // Towards the focused nodes first: the path walked stays in view.
            let grown = if focus > self.centre_layer {
                [left, right]
            } else {
                [right, left]
            };
            let before = columns.len();
            for layer in grown.into_iter().flatten() {
                let candidate = column(layer);
                let (left, right) = if layer > last {
                    (&columns[columns.len() - 1], &candidate)
                } else {
                    (&candidate, &columns[0])
                };
                let needed = viewport.box_width + self.channel_estimate(left, right);
                if width + needed > viewport.width {
                    continue;
                }
                width += needed;
                if layer > last {
                    columns.push(candidate);
                } else {
                    columns.insert(0, candidate);
                }
            }
            if columns.len() == before {
                break;
            }
        }
        self.draw(viewport, columns, selected)
    }

    fn column(&self, layer: usize, slots: usize, offset: usize) -> Column {
        let nodes = &self.layers[layer];
        let window = LayerWindow::new(nodes.len(), slots, offset);
        let mut list = Vec::with_capacity(slots);
        if window.hidden_above() > 0 {
            list.push(Slot::MoreAbove {
                layer,
                hidden: window.hidden_above(),
            });
        }
        list.extend(
            nodes[window.start..window.end]
                .iter()
                .map(|&n| Slot::Node(n)),
        );
        if window.hidden_below() > 0 {
            list.push(Slot::MoreBelow {
                layer,
                hidden: window.hidden_below(),
            });
        }
        Column {
            layer,
            first: (slots - list.len().min(slots)) / 2,
            slots: list,
            x: 0,
        }
    }

    /// The slot that shows `node` in `column`: its own box or a "+N more".
    pub(super) fn slot_in(&self, column: &Column, node: u32) -> Option<Slot> {
        let position = self.position(node)?;
        let shown = |slot: &Slot| match *slot {
            Slot::Node(n) => n == node,
            Slot::MoreAbove { .. } => false,
            Slot::MoreBelow { .. } => false,
        };
        if column.slots.iter().any(shown) {
            return Some(Slot::Node(node));
        }
        let first_shown = column.slots.iter().find_map(|s| match s {
            Slot::Node(n) => self.position(*n),
            _ => None,
        })?;
        column.slots.iter().copied().find(|s| match s {
            Slot::MoreAbove { .. } => position < first_shown,
            Slot::MoreBelow { .. } => position > first_shown,
            Slot::Node(_) => false,
        })
    }

    /// An upper bound on a channel's width: one track per source with an
    /// edge into the next column, plus one per longer edge leaving `left`.
    fn channel_estimate(&self, left: &Column, right: &Column) -> u16 {
        let mut sources: Vec<Slot> = Vec::new();
        let mut passing = 0u16;
        for &(from, to) in &self.forward_by_layer[left.layer] {
            let Some(from_slot) = self.slot_in(left, from) else {
                continue;
            };
            if self.layer_of[to as usize] as usize == right.layer {
                sources.push(from_slot);
            } else {
                passing = passing.saturating_add(1);
            }
        }
        sources.sort_unstable();
        sources.dedup();
        route::channel_width(sources.len() as u16 + passing)
    }

    fn draw(&self, viewport: Viewport, mut columns: Vec<Column>, selected: Option<Slot>) -> Scene {
        let edges = self.visible_edges(&columns);
        let routed = route::plan(&columns, &edges, viewport);
        let channels: Vec<&Channel> = routed.channels.iter().collect();
        let total: u16 = columns.len() as u16 * viewport.box_width
            + channels.iter().map(|c| c.width()).sum::<u16>();
        let mut x = viewport.width.saturating_sub(total) / 2;
        for (i, column) in columns.iter_mut().enumerate() {
            column.x = x;
            x += viewport.box_width + channels.get(i).map_or(0, |c| c.width());
        }
        let mut canvas = Canvas::new(viewport.width, viewport.height);
        route::draw(
            &mut canvas,
            &columns,
            &routed,
            viewport.box_width,
            &|_, _| true,
        );
        let mut highlight = Canvas::new(viewport.width, viewport.height);
        if let Some(slot) = selected {
            let touches = |a: Slot, b: Slot| a == slot || b == slot;
            route::draw(
                &mut highlight,
                &columns,
                &routed,
                viewport.box_width,
                &touches,
            );
        }
        let mut boxes = Vec::new();
        for column in &columns {
            for (i, &slot) in column.slots.iter().enumerate() {
                boxes.push(Placed {
                    slot,
                    x: column.x,
                    y: column.row_of(i, 0),
                    width: viewport.box_width,
                    height: BOX_HEIGHT,
                });
            }
        }
        let range = columns[0].layer..columns[columns.len() - 1].layer + 1;
        Scene {
            boxes,
            canvas,
            highlight,
            columns: range,
            edges: routed.drawn,
            undrawn: routed.undrawn,
        }
    }

    /// The connections among the shown columns, by slot, each once; edges
    /// between two "+N more" slots are left out.
    fn visible_edges(&self, columns: &[Column]) -> Vec<(usize, Slot, usize, Slot)> {
        let index_of: HashMap<usize, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.layer, i))
            .collect();
        let mut edges = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            for &(from, to) in &self.forward_by_layer[column.layer] {
                let Some(&j) = index_of.get(&(self.layer_of[to as usize] as usize)) else {
                    continue;
                };
                let (Some(a), Some(b)) =
                    (self.slot_in(column, from), self.slot_in(&columns[j], to))
                else {
                    continue;
                };
                if matches!(a, Slot::Node(_)) || matches!(b, Slot::Node(_)) {
                    edges.push((i, a, j, b));
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        edges
    }
}
