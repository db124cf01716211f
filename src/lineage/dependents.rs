//! How many counted nodes lie downstream of each of many nodes, exactly, in
//! far less than one walk per node (an impact report needs it for each of a
//! hub's 60k downstream products).
//!
//! The nodes reachable from the queries form a region closed downstream. Its
//! strongly connected components, taken in topological order, form a DAG
//! (the condensation). Queries go in blocks of 512, one bit each: a block
//! seeds each query's bit at its component and ORs the bits forward along
//! the condensation edges, so every component ends up holding the bits of the
//! queries that reach it. Each component adds its weight (how many counted
//! nodes it holds) to the counters of its bits; the counters are bit-sliced
//! (plane `k` holds bit `k` of 64 counts), so adding a component costs a
//! few word operations whatever the number of bits set. A block visits only
//! the components its queries reach, in topological order (a bitmap of the
//! components holding bits), instead of one walk per query. A query reaches
//! all of its own component (itself included, and itself is not counted),
//! and every component downstream of it.

use super::graph::{Direction, Graph};
use super::traverse::{Reached, Walker};

const NONE: u32 = u32::MAX;
/// Words of query bits per component: a block of 512 queries shares one
/// pass (the passes, not the bits, are what cost: each visit of a component
/// is a cache miss, and a mask of 8 words is one cache line).
const WORDS: usize = 8;
const BLOCK: usize = 64 * WORDS;
const PLANES: usize = 32;

type Mask = [u64; WORDS];

/// For each node of `queries`: how many nodes satisfying `counted` it
/// reaches downstream at any depth, itself excluded (what
/// [`Walker::count`] gives, for all of them at once). Indexed by node id;
/// 0 for the nodes not asked about.
pub(crate) fn count_downstream(
    graph: &Graph,
    queries: &[u32],
    counted: impl Fn(u32) -> bool,
    walker: &mut Walker,
) -> Vec<u32> {
    let mut queries: Vec<u32> = queries
        .iter()
        .copied()
        .filter(|&n| (n as usize) < graph.len())
        .collect();
    queries.sort_unstable();
    queries.dedup();
    let dag = Condensation::of_region(graph, &queries, &counted, walker);
    queries.sort_by_key(|&q| dag.local_of(graph, q));
    let mut counts = vec![0; graph.len()];
    let mut masks = vec![[0u64; WORDS]; dag.weights.len()];
    let mut pending = vec![0u64; dag.weights.len().div_ceil(64)];
    for block in queries.chunks(BLOCK) {
        for (bit, &query) in block.iter().enumerate() {
            let component = dag.local_of(graph, query) as usize;
            masks[component][bit / 64] |= 1 << (bit % 64);
            pending[component / 64] |= 1 << (component % 64);
        }
        let first = dag.local_of(graph, block[0]) as usize;
        let planes = dag.propagate(first / 64, &mut masks, &mut pending);
        for (bit, &query) in block.iter().enumerate() {
            let total =
                unslice(&planes[bit / 64], bit % 64).saturating_sub(u32::from(counted(query)));
            counts[query as usize] = total;
        }
    }
    counts
}

/// The condensation of the region downstream of the queries, components
/// numbered 0.. in topological order (every edge goes to a higher number).
struct Condensation {
    /// Global component id → local number (`NONE`: not in the region).
    local: Vec<u32>,
    /// Counted nodes per local component.
    weights: Vec<u32>,
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Condensation {
    fn of_region(
        graph: &Graph,
        queries: &[u32],
        counted: &impl Fn(u32) -> bool,
        walker: &mut Walker,
    ) -> Condensation {
        let mut reached: Vec<Reached> = Vec::new();
        walker.walk(
            graph,
            queries,
            Direction::Downstream,
            u32::MAX,
            &mut reached,
        );
        let region: Vec<u32> = queries
            .iter()
            .copied()
            .chain(reached.iter().map(|r| r.node))
            .collect();
        let components = graph.components();
        let mut ids: Vec<u32> = region.iter().map(|&n| components[n as usize]).collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids.dedup();
        let mut local = vec![NONE; graph.len()];
        for (position, &id) in ids.iter().enumerate() {
            local[id as usize] = position as u32;
        }
        let mut weights = vec![0u32; ids.len()];
        // Edges between components, by source (counting sort); an edge
        // repeated between two merged components is harmless (ORed twice).
        let mut offsets = vec![0u32; ids.len() + 1];
        let local_of = |node: u32| local[components[node as usize] as usize];
        let crossing = |node: u32| {
            let from = local_of(node);
            graph
                .neighbours(node, Direction::Downstream)
                .iter()
                .map(move |&next| (from, local_of(next)))
                .filter(|(from, to)| from != to)
        };
        for &node in &region {
            let from = local_of(node);
            if counted(node) {
                weights[from as usize] += 1;
            }
            offsets[from as usize + 1] += crossing(node).count() as u32;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut targets = vec![0u32; offsets[ids.len()] as usize];
        let mut filled = offsets.clone();
        for &node in &region {
            for (from, to) in crossing(node) {
                targets[filled[from as usize] as usize] = to;
                filled[from as usize] += 1;
            }
        }
        Condensation {
            local,
            weights,
            offsets,
            targets,
        }
    }

    fn local_of(&self, graph: &Graph, node: u32) -> u32 {
        self.local[graph.components()[node as usize] as usize]
    }

    /// ORs the seeded `masks` forward, in topological order, adding each
    /// component's weight to the counters of its bits. `pending` marks the
    /// components holding bits (none before word `first_word`); both are
    /// left zero. Only the components the block reaches are visited.
    fn propagate(
        &self,
        first_word: usize,
        masks: &mut [Mask],
        pending: &mut [u64],
    ) -> [[u64; PLANES]; WORDS] {
        let mut planes = [[0u64; PLANES]; WORDS];
        for word in first_word..pending.len() {
            // Successors have higher numbers: re-read the word, they may be in it.
            while pending[word] != 0 {
                let component = word * 64 + pending[word].trailing_zeros() as usize;
                pending[word] &= pending[word] - 1;
                let mask = std::mem::take(&mut masks[component]);
                let weight = self.weights[component];
                for (planes, &bits) in planes.iter_mut().zip(&mask) {
                    if bits != 0 {
                        add_weighted(planes, bits, weight);
                    }
                }
                let range = self.offsets[component] as usize..self.offsets[component + 1] as usize;
                for &next in &self.targets[range] {
                    for (known, &bits) in masks[next as usize].iter_mut().zip(&mask) {
                        *known |= bits;
                    }
                    pending[next as usize / 64] |= 1 << (next % 64);
                }
            }
        }
        planes
    }
}

/// Adds `weight` to the bit-sliced counter of every bit set in `mask`.
fn add_weighted(planes: &mut [u64; PLANES], mask: u64, weight: u32) {
    let mut rest = weight;
    while rest != 0 {
        let plane = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        let mut carry = mask;
        for level in planes.iter_mut().skip(plane) {
            let next = *level & carry;
            *level ^= carry;
            carry = next;
            if carry == 0 {
                break;
            }
        }
    }
}

/// The counter of `bit` read back from its planes.
fn unslice(planes: &[u64; PLANES], bit: usize) -> u32 {
    planes.iter().enumerate().fold(0, |total, (k, plane)| {
        total | ((((plane >> bit) & 1) as u32) << k)
    })
}

#[cfg(test)]
mod tests;
