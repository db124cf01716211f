//! Layer assignment. The focused nodes and everything downstream take the
//! longest path from the focus (so every edge among them points right);
//! upstream nodes take minus the longest path to the focus (so they sit as
//! close to it as their edges allow). Edges found closing a cycle by a
//! depth-first search are left out of both, and end up pointing left.

use super::Side;

/// Adjacency lists over node indices.
struct Adjacency {
    out: Vec<Vec<u32>>,
    into: Vec<Vec<u32>>,
}

impl Adjacency {
    fn new(n: usize, edges: &[(u32, u32)]) -> Adjacency {
        let mut out = vec![Vec::new(); n];
        let mut into = vec![Vec::new(); n];
        for &(a, b) in edges {
            out[a as usize].push(b);
            into[b as usize].push(a);
        }
        Adjacency { out, into }
    }
}

/// Each node's layer relative to the focus (focused nodes from 0, upstream
/// negative, downstream positive).
pub(super) fn assign(sides: &[Side], edges: &[(u32, u32)]) -> Vec<i32> {
    let n = sides.len();
    let adjacency = Adjacency::new(n, edges);
    let mut layer = vec![0i32; n];
    let forward_side = |node: u32| matches!(sides[node as usize], Side::Centre | Side::Downstream);
    let starts: Vec<u32> = (0..n as u32)
        .filter(|&v| sides[v as usize] == Side::Centre)
        .collect();

    // Downstream: longest path from a focused node, in topological order.
    let order = topological(&starts, &adjacency.out, &forward_side);
    let mut rank = vec![usize::MAX; n];
    for (i, &v) in order.iter().enumerate() {
        rank[v as usize] = i;
    }
    let reached_downstream = rank.clone();
    for &v in &order {
        let earlier = |u: &&u32| forward_side(**u) && rank[**u as usize] < rank[v as usize];
        layer[v as usize] = adjacency.into[v as usize]
            .iter()
            .filter(earlier)
            .map(|&u| layer[u as usize] + 1)
            .max()
            .unwrap_or(0);
    }

    // Upstream: minus the longest path to a focused node.
    let upstream_side = |node: u32| sides[node as usize] == Side::Upstream;
    let order = topological(&starts, &adjacency.into, &upstream_side);
    for (i, &v) in order.iter().enumerate() {
        rank[v as usize] = i;
    }
    for &v in order.iter().filter(|&&v| upstream_side(v)) {
        let distance = adjacency.out[v as usize]
            .iter()
            .filter_map(|&w| match sides[w as usize] {
                Side::Centre => Some(1),
                Side::Upstream if rank[w as usize] < rank[v as usize] => {
                    Some(1 - layer[w as usize])
                }
                _ => None,
            })
            .max()
            .unwrap_or(1);
        layer[v as usize] = -distance;
    }
    // Nodes no walk reached (given without a path to or from the focus).
    for v in 0..n {
        if rank[v] == usize::MAX && reached_downstream[v] == usize::MAX {
            layer[v] = if upstream_side(v as u32) { -1 } else { 1 };
        }
    }
    layer
}

/// A topological order of the nodes reachable from `starts` through
/// `next` while `inside` holds: reverse depth-first postorder, so an edge
/// into a node still on the stack (closing a cycle) is the only kind that
/// points backwards in the order.
fn topological(starts: &[u32], next: &[Vec<u32>], inside: &dyn Fn(u32) -> bool) -> Vec<u32> {
    let n = next.len();
    let mut seen = vec![false; n];
    let mut postorder = Vec::new();
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for &start in starts {
        if seen[start as usize] {
            continue;
        }
        seen[start as usize] = true;
        stack.push((start, 0));
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            match next[v as usize].get(*i) {
                Some(&w) => {
                    *i += 1;
                    if inside(w) && !seen[w as usize] {
                        seen[w as usize] = true;
                        stack.push((w, 0));
                    }
                }
                None => {
                    postorder.push(v);
                    stack.pop();
                }
            }
        }
    }
    postorder.reverse();
    postorder
}
