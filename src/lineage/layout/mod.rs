//! A lineage neighbourhood drawn in a terminal: nodes in layers (upstream
//! to the left of the focused nodes, downstream to the right), ordered to
//! reduce crossings, then placed on a grid of fixed-height boxes with
//! box-drawing edges between adjacent columns.
//!
//! Two steps with different costs:
//! - [`Layered::new`] runs once per view (layering, cycle breaking,
//!   barycentric crossing reduction over every node of the view);
//! - [`Layered::place`] runs on every frame and touches only what fits in
//!   the pane: the columns it shows, the boxes of each column's window, and
//!   the edges between them ("+37 more" stands in for the rest).

use std::collections::HashMap;

mod canvas;
mod layering;
mod order;
mod place;
mod route;

pub use canvas::{Canvas, Cell};
pub use place::{BOX_HEIGHT, LayerWindow, MIN_SLOTS, Placed, SLOT_HEIGHT, Scene, Slot, Viewport};

/// Where a node of a view stands relative to the focused nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A focused node (the product in the middle; at dataset level, each
    /// of its datasets).
    Centre,
    Upstream,
    Downstream,
}

/// The nodes of a view in ordered layers. Node ids are indices into the
/// `sides` given to [`Layered::new`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layered {
    layer_of: Vec<u32>,
    position: Vec<u32>,
    layers: Vec<Vec<u32>>,
    centre_layer: usize,
    /// Edges from a lower layer to a higher one, grouped by the source's layer.
    forward_by_layer: Vec<Vec<(u32, u32)>>,
    /// Edges that close a cycle (drawn as a mark on their ends, not a line).
    backward: Vec<(u32, u32)>,
}

impl Layered {
    /// Lays out a view: `sides[n]` says where node `n` stands, `edges` are
    /// (from, to) pairs, data flowing from `from` to `to`. The initial order
    /// within a layer is the node order, so give nodes nearest-first.
    pub fn new(sides: &[Side], edges: &[(u32, u32)]) -> Layered {
        let n = sides.len();
        let edges: Vec<(u32, u32)> = edges
            .iter()
            .copied()
            .filter(|&(a, b)| (a as usize) < n && (b as usize) < n && a != b)
            .collect();
        let relative = layering::assign(sides, &edges);
        let min = relative.iter().copied().min().unwrap_or(0);
        let layer_of: Vec<u32> = relative.iter().map(|&l| (l - min) as u32).collect();
        let depth = layer_of.iter().map(|&l| l as usize + 1).max().unwrap_or(0);
        let mut forward_by_layer = vec![Vec::new(); depth];
        let mut backward = Vec::new();
        for &(a, b) in &edges {
            if layer_of[a as usize] < layer_of[b as usize] {
                forward_by_layer[layer_of[a as usize] as usize].push((a, b));
            } else {
                backward.push((a, b));
            }
        }
        for list in &mut forward_by_layer {
            list.sort_unstable();
            list.dedup();
        }
        backward.sort_unstable();
        backward.dedup();
        let mut layers = vec![Vec::new(); depth];
        for (node, &layer) in layer_of.iter().enumerate() {
            layers[layer as usize].push(node as u32);
        }
        let mut layered = Layered {
            position: vec![0; n],
            layer_of,
            layers,
            centre_layer: (-min) as usize,
            forward_by_layer,
            backward,
        };
        layered.renumber();
        order::reduce_crossings(&mut layered);
        layered
    }

    /// The layers, left to right, each in its drawing order (top to bottom).
    pub fn layers(&self) -> &[Vec<u32>] {
        &self.layers
    }

    pub fn layer_of(&self, node: u32) -> Option<usize> {
        self.layer_of.get(node as usize).map(|&l| l as usize)
    }

    /// The node's index within its layer.
    pub fn position(&self, node: u32) -> Option<usize> {
        self.position.get(node as usize).map(|&p| p as usize)
    }

    /// The layer of the first focused node.
    pub fn centre_layer(&self) -> usize {
        self.centre_layer
    }

    /// Every edge drawn as a line, (from, to), from a lower layer to a higher one.
    pub fn forward_edges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.forward_by_layer.iter().flatten().copied()
    }

    /// The edges that close a cycle: from a higher (or the same) layer back.
    pub fn backward_edges(&self) -> &[(u32, u32)] {
        &self.backward
    }

    /// Whether `node` has a cycle-closing edge.
    pub fn in_cycle(&self, node: u32) -> bool {
        self.backward.iter().any(|&(a, b)| a == node || b == node)
    }

    /// Edge crossings between adjacent layers (long edges not counted).
    pub fn crossings(&self) -> u64 {
        order::count_crossings(self)
    }

    fn renumber(&mut self) {
        for layer in &self.layers {
            for (i, &node) in layer.iter().enumerate() {
                self.position[node as usize] = i as u32;
            }
        }
    }
}

#[cfg(test)]
mod tests;

impl super::LineageView {
    /// The view's nodes as the layout numbers them (roots, downstream,
    /// then upstream; a node both upstream and downstream, in a cycle
    /// through the focus, is drawn downstream) and their layered layout.
    pub fn layered(&self) -> (Vec<&super::ViewNode>, Layered) {
        let mut index: HashMap<&str, u32> = HashMap::new();
        let mut nodes = Vec::new();
        let mut sides = Vec::new();
        let groups = [
            (&self.roots, Side::Centre),
            (&self.downstream, Side::Downstream),
            (&self.upstream, Side::Upstream),
        ];
        for (group, side) in groups {
            for node in group {
                if !index.contains_key(node.id.as_str()) {
                    index.insert(&node.id, nodes.len() as u32);
                    nodes.push(node);
                    sides.push(side);
                }
            }
        }
        let edges: Vec<(u32, u32)> = self
            .edges
            .iter()
            .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
            .collect();
        (nodes, Layered::new(&sides, &edges))
    }
}
