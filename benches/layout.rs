//! Lineage layout on a generated mesh (`MESHLENS_BENCH_PRODUCTS`, default
//! 10 000): the neighbourhood of the product whose view at some depth is
//! nearest 300 nodes, laid out (layering and crossing reduction over all
//! of it) and placed in a 160×45 pane (what the pane does on every frame).
//!
//! cargo bench --bench layout

mod common;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use meshlens::lineage::layout::{Slot, Viewport};
use meshlens::lineage::{Level, Lineage, LineageQuery, LineageView, Scope};

const TARGET_NODES: usize = 300;

/// The view with the node count nearest [`TARGET_NODES`] among a spread of
/// products at depths 1 to 6.
fn neighbourhood(lineage: &Lineage) -> LineageView {
    let products = lineage.products();
    let step = (products.len() / 200).max(1);
    let mut best: Option<LineageView> = None;
    for product in products.iter().step_by(step) {
        for depth in 1..=6 {
            let query = LineageQuery {
                level: Level::Product,
                scope: Scope::Both,
                depth,
            };
            let Some(view) = lineage.view(&product.id, &query) else {
                break;
            };
            let size = view.nodes().count();
            let distance = |v: &LineageView| v.nodes().count().abs_diff(TARGET_NODES);
            if best.as_ref().is_none_or(|b| distance(&view) < distance(b)) {
                best = Some(view);
            }
            if size > TARGET_NODES {
                break;
            }
        }
    }
    best.expect("a product")
}

fn bench_layout(c: &mut Criterion) {
    let n = common::products();
    let (store, _index) = common::catalogue(n);
    let lineage = Lineage::from_store(&store).expect("lineage");
    let view = neighbourhood(&lineage);
    let (nodes, layered) = view.layered();
    let viewport = Viewport {
        width: 160,
        height: 45,
        box_width: 24,
    };
    let scene = layered.place(viewport, layered.centre_layer(), &|_| 0, None);
    eprintln!(
        "{}: {} nodes, {} edges, {} layers, {} crossings; the pane shows {} boxes in {} columns",
        view.id,
        nodes.len(),
        view.edges.len(),
        layered.layers().len(),
        layered.crossings(),
        scene.boxes.len(),
        scene.columns.len()
    );
    let mut group = c.benchmark_group(format!("layout/{n}products"));
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(4));
    group.bench_function(format!("layer and order {} nodes", nodes.len()), |b| {
        b.iter(|| std::hint::black_box(view.layered().1.crossings()))
    });
    let centre = layered.centre_layer();
    let selected = layered.layers()[centre].first().map(|&n| Slot::Node(n));
    group.bench_function("place in a 160x45 pane (every frame)", |b| {
        b.iter(|| {
            std::hint::black_box(
                layered
                    .place(viewport, centre, &|_| 0, selected)
                    .boxes
                    .len(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
