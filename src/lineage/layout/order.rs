//! Crossing reduction: barycentric sweeps, left to right then right to
//! left, keeping the best order seen (counted exactly between adjacent
//! layers with a Fenwick tree).

use super::Layered;

/// Sweeps for a small view; a view past [`LARGE`] nodes gets fewer.
const SWEEPS: usize = 8;
const LARGE: usize = 20_000;

pub(super) fn reduce_crossings(layered: &mut Layered) {
    if layered.layers.len() < 2 {
        return;
    }
    let (into, out) = neighbours(layered);
    let mut best = count_crossings(layered);
    let mut best_layers = layered.layers.clone();
    let sweeps = if layered.layer_of.len() > LARGE {
        2
    } else {
        SWEEPS
    };
    for sweep in 0..sweeps {
        if best == 0 {
            break;
        }
        if sweep % 2 == 0 {
            for layer in 1..layered.layers.len() {
                sort_by_barycentre(layered, layer, &into);
            }
        } else {
            for layer in (0..layered.layers.len() - 1).rev() {
                sort_by_barycentre(layered, layer, &out);
            }
        }
        let crossings = count_crossings(layered);
        if crossings < best {
            best = crossings;
            best_layers.clone_from(&layered.layers);
        }
    }
    layered.layers = best_layers;
    layered.renumber();
}

/// Forward neighbours of each node: (into, out).
fn neighbours(layered: &Layered) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
    let n = layered.layer_of.len();
    let mut into = vec![Vec::new(); n];
    let mut out = vec![Vec::new(); n];
    for (a, b) in layered.forward_edges() {
        out[a as usize].push(b);
        into[b as usize].push(a);
    }
    (into, out)
}

/// Sorts `layer` by the mean relative position (0..1) of each node's
/// neighbours in other layers; a node without any keeps its own.
fn sort_by_barycentre(layered: &mut Layered, layer: usize, neighbours: &[Vec<u32>]) {
    let relative = |layered: &Layered, node: u32| {
        let l = layered.layer_of[node as usize] as usize;
        (layered.position[node as usize] as f64 + 0.5) / layered.layers[l].len() as f64
    };
    let mut keyed: Vec<(f64, u32)> = layered.layers[layer]
        .iter()
        .map(|&node| {
            let around = &neighbours[node as usize];
            let key = if around.is_empty() {
                relative(layered, node)
            } else {
                around.iter().map(|&m| relative(layered, m)).sum::<f64>() / around.len() as f64
            };
            (key, node)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (i, &(_, node)) in keyed.iter().enumerate() {
        layered.layers[layer][i] = node;
        layered.position[node as usize] = i as u32;
    }
}

/// Crossings between edges joining adjacent layers: pairs (a→b, c→d) with
/// a above c and b below d, counted as inversions.
pub(super) fn count_crossings(layered: &Layered) -> u64 {
    let mut total = 0;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (layer, edges) in layered.forward_by_layer.iter().enumerate() {
        pairs.clear();
        pairs.extend(
            edges
                .iter()
                .filter(|&&(_, b)| layered.layer_of[b as usize] as usize == layer + 1)
                .map(|&(a, b)| (layered.position[a as usize], layered.position[b as usize])),
        );
        let Some(width) = layered.layers.get(layer + 1).map(Vec::len) else {
            continue;
        };
        pairs.sort_unstable();
        total += inversions(&pairs, width);
    }
    total
}

/// Pairs sorted by first element; counts later pairs whose second element
/// is smaller than an earlier one's (ties on either side do not cross).
fn inversions(pairs: &[(u32, u32)], width: usize) -> u64 {
    let mut tree = vec![0u64; width + 1];
    let mut count = 0;
    let mut seen = 0u64;
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j].0 == pairs[i].0 {
            // Earlier pairs ending strictly below this one's end cross it.
            count += seen - prefix(&tree, pairs[j].1 as usize + 1);
            j += 1;
        }
        for pair in &pairs[i..j] {
            add(&mut tree, pair.1 as usize + 1);
            seen += 1;
        }
        i = j;
    }
    count
}

fn add(tree: &mut [u64], mut i: usize) {
    while i < tree.len() {
        tree[i] += 1;
        i += i & i.wrapping_neg();
    }
}

/// How many added values are at most `i` (1-based).
fn prefix(tree: &[u64], mut i: usize) -> u64 {
    let mut sum = 0;
    while i > 0 {
        sum += tree[i];
        i -= i & i.wrapping_neg();
    }
    sum
}
