//! Cycle detection: Tarjan's strongly connected components, iterative (a
//! 100k-node chain must not overflow the stack). The components also give
//! the condensation the dependents count of [`super::dependents`] walks.

use super::graph::{Csr, Node};

const UNSEEN: u32 = u32::MAX;

/// The strongly connected components of a graph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Components {
    /// The components with more than one node, or with a self-loop; each
    /// sorted by node key, and the list sorted by its first key.
    pub cycles: Vec<Vec<u32>>,
    /// The component of each node, numbered in the order Tarjan closes them:
    /// an edge between two components always goes from a higher number to a
    /// lower one, so descending numbers are a topological order.
    pub component: Vec<u32>,
}

pub(crate) fn find(node_count: usize, down: &Csr, nodes: &[Node]) -> Components {
    let mut tarjan = Tarjan {
        component: vec![0; node_count],
        next_component: 0,
        order: vec![UNSEEN; node_count],
        low: vec![0; node_count],
        on_stack: vec![false; node_count],
        stack: Vec::new(),
        next_order: 0,
        found: Vec::new(),
    };
    for root in 0..node_count as u32 {
        if tarjan.order[root as usize] == UNSEEN {
            tarjan.visit(root, down);
        }
    }
    let key = |id: &u32| nodes.get(*id as usize).map_or("", |n| n.key.as_str());
    for cycle in &mut tarjan.found {
        cycle.sort_by(|a, b| key(a).cmp(key(b)));
    }
    tarjan
        .found
        .sort_by(|a, b| a.first().map(key).cmp(&b.first().map(key)));
    Components {
        cycles: tarjan.found,
        component: tarjan.component,
    }
}

struct Tarjan {
    component: Vec<u32>,
    next_component: u32,
    order: Vec<u32>,
    low: Vec<u32>,
    on_stack: Vec<bool>,
    stack: Vec<u32>,
    next_order: u32,
    found: Vec<Vec<u32>>,
}

impl Tarjan {
    fn enter(&mut self, node: u32) {
        let n = node as usize;
        self.order[n] = self.next_order;
        self.low[n] = self.next_order;
        self.next_order += 1;
        self.stack.push(node);
        self.on_stack[n] = true;
    }

    fn visit(&mut self, root: u32, down: &Csr) {
        // (node, how many of its neighbours were looked at)
        let mut calls: Vec<(u32, usize)> = vec![(root, 0)];
        self.enter(root);
        while let Some(&(node, seen)) = calls.last() {
            let neighbours = down.neighbours(node);
            if let Some(&next) = neighbours.get(seen) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                let n = next as usize;
                if self.order[n] == UNSEEN {
                    self.enter(next);
                    calls.push((next, 0));
                } else if self.on_stack[n] {
                    self.low[node as usize] = self.low[node as usize].min(self.order[n]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                self.low[parent as usize] = self.low[parent as usize].min(self.low[node as usize]);
            }
            if self.low[node as usize] == self.order[node as usize] {
                self.pop_component(node, neighbours.contains(&node));
            }
        }
    }

    fn pop_component(&mut self, head: u32, self_loop: bool) {
        let mut component = Vec::new();
        while let Some(member) = self.stack.pop() {
            self.on_stack[member as usize] = false;
            self.component[member as usize] = self.next_component;
            component.push(member);
            if member == head {
                break;
            }
        }
        self.next_component += 1;
        if component.len() > 1 || self_loop {
            self.found.push(component);
        }
    }
}
