//! Breadth-first walks over the CSR arrays. A [`Walker`] keeps its visited
//! marks (generation stamps) and queues between walks, so a walk allocates
//! nothing but its result once the walker has grown to the graph's size.

use serde::Serialize;

use super::graph::{Direction, Graph};

/// A node reached by a walk and its distance (edges) from the nearest start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reached {
    pub node: u32,
    pub distance: u32,
}

/// Reusable traversal state: `stamps[n] == generation` marks `n` visited.
#[derive(Debug, Default)]
pub struct Walker {
    stamps: Vec<u32>,
    generation: u32,
    frontier: Vec<u32>,
    next: Vec<u32>,
}

impl Walker {
    pub fn new() -> Walker {
        Walker::default()
    }

    /// Starts a new walk over `node_count` nodes: nothing visited.
    fn begin(&mut self, node_count: usize) {
        if self.stamps.len() < node_count {
            self.stamps.resize(node_count, 0);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamps.fill(0);
            self.generation = 1;
        }
        self.frontier.clear();
        self.next.clear();
    }

    fn mark(&mut self, node: u32) -> bool {
        match self.stamps.get_mut(node as usize) {
            Some(stamp) if *stamp != self.generation => {
                *stamp = self.generation;
                true
            }
            _ => false,
        }
    }

    /// Appends to `out` every node within `max_depth` edges of `starts` in
    /// `direction` (the starts themselves excluded), nearest first, each once
    /// with its shortest distance. Cycles end where they meet a visited node.
    pub fn walk(
        &mut self,
        graph: &Graph,
        starts: &[u32],
        direction: Direction,
        max_depth: u32,
        out: &mut Vec<Reached>,
    ) {
        self.walk_with(graph, starts, direction, max_depth, |reached| {
            out.push(reached)
        });
    }

    /// How many nodes of `graph` lie downstream (or upstream) of `start` at
    /// any depth and satisfy `counted`.
    pub fn count(
        &mut self,
        graph: &Graph,
        start: u32,
        direction: Direction,
        counted: impl Fn(u32) -> bool,
    ) -> u32 {
        let mut total = 0;
        self.walk_with(graph, &[start], direction, u32::MAX, |reached| {
            if counted(reached.node) {
                total += 1;
            }
        });
        total
    }

    fn walk_with(
        &mut self,
        graph: &Graph,
        starts: &[u32],
        direction: Direction,
        max_depth: u32,
        mut visit: impl FnMut(Reached),
    ) {
        self.begin(graph.len());
        for &start in starts {
            if self.mark(start) {
                self.frontier.push(start);
            }
        }
        let adjacency = graph.adjacency(direction);
        let mut distance = 0;
        while !self.frontier.is_empty() && distance < max_depth {
            distance += 1;
            let frontier = std::mem::take(&mut self.frontier);
            for &node in &frontier {
                for &neighbour in adjacency.neighbours(node) {
                    if self.mark(neighbour) {
                        self.next.push(neighbour);
                        visit(Reached {
                            node: neighbour,
                            distance,
                        });
                    }
                }
            }
            self.frontier = frontier;
            self.frontier.clear();
            std::mem::swap(&mut self.frontier, &mut self.next);
        }
    }
}

#[cfg(test)]
mod tests;
