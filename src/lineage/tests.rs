//! The builder on hand-made catalogues: ports, dangling ports, run events
//! mapped through contract servers, unmapped datasets, column lineage, impact.

use super::test_mesh::{pg, pg_contract, product};
use super::*;
use crate::model::{ColumnLineage, DatasetRef, LineageDataset, LineageEvent};

fn event(inputs: Vec<LineageDataset>, outputs: Vec<LineageDataset>) -> LineageEvent {
    LineageEvent {
        event_type: "COMPLETE".into(),
        job: DatasetRef {
            namespace: "airflow".into(),
            name: "job".into(),
        },
        inputs,
        outputs,
        ..LineageEvent::default()
    }
}

fn keys(nodes: &[ViewNode]) -> Vec<(&str, u32)> {
    nodes.iter().map(|n| (n.id.as_str(), n.distance)).collect()
}

const BOTH: LineageQuery = LineageQuery {
    level: Level::Product,
    scope: Scope::Both,
    depth: u32::MAX,
};

#[test]
fn input_ports_link_publishers_to_consumers_and_dangling_ports_are_reported() {
    let mut b = LineageBuilder::new();
    b.add_product(&product("raw", &[], &["c:raw"]));
    b.add_product(&product("clean", &["c:raw", "c:ghost"], &["c:clean"]));
    b.add_product(&product("report", &["c:clean"], &[]));
    let lineage = b.finish();
    assert_eq!(
        lineage.dangling(),
        &[DanglingPort {
            product: "clean".into(),
            contract_id: "c:ghost".into()
        }]
    );
    let view = lineage.view("clean", &BOTH).unwrap();
    assert_eq!(keys(&view.upstream), vec![("c:ghost", 1), ("raw", 1)]);
    assert_eq!(view.upstream[0].kind, NodeKind::MissingContract);
    assert_eq!(keys(&view.downstream), vec![("report", 1)]);
    let edges: Vec<(&str, &str)> = view
        .edges
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(
        edges,
        vec![("c:ghost", "clean"), ("clean", "report"), ("raw", "clean")]
    );
    assert_eq!(view.dangling.len(), 1);
    assert!(lineage.view("nobody", &BOTH).is_none());
}

#[test]
fn run_output_matching_a_contract_server_and_physical_name_maps_to_its_product() {
    let mut b = LineageBuilder::new();
    b.add_product(&product("orders", &[], &["c:orders"]));
    b.add_product(&product("revenue", &[], &["c:revenue"]));
    b.add_contract(&pg_contract("c:orders", "orders"));
    b.add_contract(&pg_contract("c:revenue", "daily_revenue"));
    b.add_event(&event(vec![pg("orders")], vec![pg("daily_revenue")]));
    let lineage = b.finish();
    // No port links them: the run alone does.
    let view = lineage.view("orders", &BOTH).unwrap();
    assert_eq!(keys(&view.downstream), vec![("revenue", 1)]);
    assert_eq!(view.edges[0].evidence, vec!["run"]);
    let datasets = lineage.view(
        "revenue",
        &LineageQuery {
            level: Level::Dataset,
            ..BOTH
        },
    );
    let datasets = datasets.unwrap();
    assert_eq!(
        keys(&datasets.roots),
        vec![("postgres://db:5432/shop.public.daily_revenue", 0)]
    );
    assert_eq!(datasets.roots[0].product.as_deref(), Some("revenue"));
    assert_eq!(
        keys(&datasets.upstream),
        vec![("postgres://db:5432/shop.public.orders", 1)]
    );
    assert_eq!(datasets.upstream[0].product.as_deref(), Some("orders"));
    assert!(lineage.unmapped_datasets().is_empty());
}

#[test]
fn an_unmapped_dataset_is_kept_as_a_dataset_node_and_reported() {
    let mut b = LineageBuilder::new();
    b.add_product(&product("costs", &[], &["c:costs"]));
    b.add_contract(&pg_contract("c:costs", "costs"));
    b.add_event(&event(vec![pg("invoices")], vec![pg("costs")]));
    let lineage = b.finish();
    let invoices = "postgres://db:5432/shop.public.invoices";
    assert_eq!(lineage.unmapped_datasets(), &[invoices.to_owned()]);
    let view = lineage.view("costs", &BOTH).unwrap();
    assert_eq!(keys(&view.upstream), vec![(invoices, 1)]);
    assert_eq!(view.upstream[0].kind, NodeKind::Dataset);
    assert_eq!(view.upstream[0].label, "shop.public.invoices");
    assert_eq!(view.unmapped, vec![invoices.to_owned()]);
    // At dataset level the name alone finds it too.
    let by_name = lineage.resolve(Level::Dataset, "shop.public.invoices");
    assert_eq!(by_name.len(), 1);
}

#[test]
fn column_lineage_facet_gives_column_edges() {
    let mut b = LineageBuilder::new();
    b.add_product(&product("lines", &[], &["c:lines"]));
    b.add_product(&product("revenue", &[], &["c:revenue"]));
    b.add_contract(&pg_contract("c:lines", "lines"));
    b.add_contract(&pg_contract("c:revenue", "revenue"));
    let source = pg("lines").as_ref();
    let mut output = pg("revenue");
    output.column_lineage = vec![
        ColumnLineage {
            column: "net_revenue".into(),
            inputs: vec![
                (source.clone(), "net_amount".into()),
                (source.clone(), "refund".into()),
            ],
        },
        ColumnLineage {
            column: "store".into(),
            inputs: vec![(source, "store_id".into())],
        },
    ];
    b.add_event(&event(vec![pg("lines")], vec![output]));
    let lineage = b.finish();
    let graph = lineage.graph(Level::Column);
    assert_eq!(graph.len(), 5);
    assert_eq!(graph.edge_count(), 3);
    let net = "postgres://db:5432/shop.public.revenue#net_revenue";
    let view = lineage
        .view(
            net,
            &LineageQuery {
                level: Level::Column,
                scope: Scope::Upstream,
                depth: 1,
            },
        )
        .unwrap();
    assert_eq!(
        keys(&view.upstream),
        vec![
            ("postgres://db:5432/shop.public.lines#net_amount", 1),
            ("postgres://db:5432/shop.public.lines#refund", 1)
        ]
    );
    assert_eq!(view.upstream[0].label, "shop.public.lines.net_amount");
    assert_eq!(view.upstream[0].product.as_deref(), Some("lines"));
    assert_eq!(view.edges.len(), 2);
    assert_eq!(view.edges[0].evidence, vec!["column"]);
    // A product id names all its columns.
    assert_eq!(lineage.resolve(Level::Column, "revenue").len(), 2);
}

#[test]
fn impact_orders_by_distance_then_dependents_and_carries_contacts() {
    // src → a, src → b, b → c, b → d, c → e: b has 3 dependents, a none.
    let mut b = LineageBuilder::new();
    b.add_product(&product("src", &[], &["k:src"]));
    b.add_product(&product("a", &["k:src"], &["k:a"]));
    b.add_product(&product("b", &["k:src"], &["k:b"]));
    b.add_product(&product("c", &["k:b"], &["k:c"]));
    b.add_product(&product("d", &["k:b"], &[]));
    b.add_product(&product("e", &["k:c"], &[]));
    let lineage = b.finish();
    let impact = lineage.impact("src", u32::MAX).unwrap();
    let order: Vec<(&str, u32, u32)> = impact
        .downstream
        .iter()
        .map(|e| (e.id.as_str(), e.distance, e.dependents))
        .collect();
    assert_eq!(
        order,
        vec![
            ("b", 1, 3),
            ("a", 1, 0),
            ("c", 2, 1),
            ("d", 2, 0),
            ("e", 3, 0)
        ]
    );
    assert_eq!(impact.product.dependents, 5);
    assert_eq!(impact.downstream[0].team.as_deref(), Some("team-b"));
    assert_eq!(impact.downstream[0].support[0].channel, "#b");
    assert_eq!(impact.downstream[0].health, None);
    let limited = lineage.impact("src", 1).unwrap();
    assert_eq!(limited.downstream.len(), 2);
    let from_e = lineage.impact("e", u32::MAX).unwrap();
    let upstream: Vec<(&str, u32)> = from_e
        .upstream
        .iter()
        .map(|e| (e.id.as_str(), e.distance))
        .collect();
    assert_eq!(upstream, vec![("c", 1), ("b", 2), ("src", 3)]);
    assert!(lineage.impact("k:src", 1).is_none());
}

#[test]
fn a_cycle_of_products_is_reported_in_views_and_impact() {
    let mut b = LineageBuilder::new();
    b.add_product(&product("x", &["k:z"], &["k:x"]));
    b.add_product(&product("y", &["k:x"], &["k:y"]));
    b.add_product(&product("z", &["k:y"], &["k:z"]));
    let lineage = b.finish();
    let impact = lineage.impact("x", u32::MAX).unwrap();
    let order: Vec<(&str, u32)> = impact
        .downstream
        .iter()
        .map(|e| (e.id.as_str(), e.distance))
        .collect();
    assert_eq!(order, vec![("y", 1), ("z", 2)]);
    assert_eq!(impact.cycles, vec![vec!["x", "y", "z"]]);
    assert_eq!(
        lineage.view("y", &BOTH).unwrap().cycles,
        vec![vec!["x".to_owned(), "y".to_owned(), "z".to_owned()]]
    );
}

#[test]
fn from_store_reads_products_contracts_and_events_in_time_order() {
    use crate::model::Record;
    let mut store = Store::open_in_memory().unwrap();
    let mut late = event(vec![pg("orders")], vec![pg("daily_revenue")]);
    late.event_time = "2026-11-02T00:00:00Z".into();
    let mut early = event(vec![pg("raw")], vec![pg("orders")]);
    early.event_time = "2026-11-01T00:00:00Z".into();
    let records = vec![
        Record::Product(Box::new(product("orders", &[], &["c:orders"]))),
        Record::Product(Box::new(product("revenue", &["c:orders"], &["c:revenue"]))),
        Record::Contract(Box::new(pg_contract("c:orders", "orders"))),
        Record::Contract(Box::new(pg_contract("c:revenue", "daily_revenue"))),
        Record::LineageEvent(Box::new(late)),
        Record::LineageEvent(Box::new(early)),
    ];
    sync_into(&mut store, &records);

    let mut times = Vec::new();
    store
        .for_each_lineage_event(|source, e| times.push((source.to_owned(), e.event_time.clone())))
        .unwrap();
    assert_eq!(
        times,
        vec![
            ("s".to_owned(), "2026-11-01T00:00:00Z".to_owned()),
            ("s".to_owned(), "2026-11-02T00:00:00Z".to_owned())
        ]
    );
    let lineage = Lineage::from_store(&store).unwrap();
    let view = lineage.view("revenue", &BOTH).unwrap();
    assert_eq!(
        keys(&view.upstream),
        vec![("orders", 1), ("postgres://db:5432/shop.public.raw", 2)]
    );
    assert_eq!(view.edges.len(), 2);
    assert_eq!(
        lineage.unmapped_datasets(),
        &["postgres://db:5432/shop.public.raw".to_owned()]
    );
}

#[test]
fn a_dataset_two_contracts_name_goes_to_the_smallest_contract_id_whatever_the_sync_order() {
    use crate::model::Record;
    let mut store = Store::open_in_memory().unwrap();
    let records = vec![
        Record::Contract(Box::new(pg_contract("c:b", "shared"))),
        Record::Contract(Box::new(pg_contract("c:a", "shared"))),
        Record::Contract(Box::new(pg_contract("c:report", "report"))),
        Record::Product(Box::new(product("pb", &[], &["c:b"]))),
        Record::Product(Box::new(product("pa", &[], &["c:a"]))),
        Record::Product(Box::new(product("report", &[], &["c:report"]))),
        Record::LineageEvent(Box::new(event(vec![pg("shared")], vec![pg("report")]))),
    ];
    sync_into(&mut store, &records);

    let lineage = Lineage::from_store(&store).unwrap();
    let view = lineage.view("report", &BOTH).unwrap();
    assert_eq!(keys(&view.upstream), vec![("pa", 1)]);
    let ids: Vec<&str> = lineage.products().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, vec!["pa", "pb", "report"]);
}

/// The full-decode build `from_store` replaced: every record decoded into
/// its model type, contracts by id, through the public builder.
fn from_store_in_full(store: &Store) -> Lineage {
    let mut builder = LineageBuilder::new();
    store
        .for_each_product(|_, product| builder.add_product(product))
        .unwrap();
    store
        .for_each_contract(|_, contract| builder.add_contract(contract))
        .unwrap();
    store
        .for_each_lineage_event(|_, event| builder.add_event(event))
        .unwrap();
    builder.finish()
}

fn assert_same_graph(level: Level, fast: &Graph, full: &Graph) {
    assert_eq!(fast.nodes(), full.nodes(), "{level:?} nodes");
    for node in 0..full.len() as u32 {
        let edges: Vec<(u32, u8)> = fast.out_edges(node).collect();
        let expected: Vec<(u32, u8)> = full.out_edges(node).collect();
        assert_eq!(edges, expected, "{level:?} edges of {node}");
    }
    assert_eq!(fast.cycles(), full.cycles(), "{level:?} cycles");
}

/// `MESHLENS_COMPARE_CACHE=target/bench-data/cache-10000-seed7/catalogue.sqlite
/// cargo test --release compare_with_the_full_decode -- --ignored`
#[test]
#[ignore = "needs a generated cache (MESHLENS_COMPARE_CACHE)"]
fn compare_with_the_full_decode_on_a_generated_cache() {
    let path = std::env::var("MESHLENS_COMPARE_CACHE").unwrap();
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    let fast = Lineage::from_store(&store).unwrap();
    let full = from_store_in_full(&store);
    assert_eq!(fast.products(), full.products());
    assert_eq!(fast.dangling(), full.dangling());
    assert_eq!(fast.unmapped_datasets(), full.unmapped_datasets());
    for level in [Level::Product, Level::Dataset, Level::Column] {
        assert_same_graph(level, fast.graph(level), full.graph(level));
    }
    let graph = full.graph(Level::Product);
    let hub = (0..graph.len() as u32)
        .max_by_key(|&n| graph.neighbours(n, Direction::Downstream).len())
        .unwrap();
    let hub_id = graph.node(hub).unwrap().key.clone();
    let impact = fast.impact(&hub_id, u32::MAX).unwrap();
    let is_product = |n: u32| {
        graph
            .node(n)
            .is_some_and(|node| node.kind == NodeKind::Product)
    };
    let mut walker = Walker::new();
    for entry in impact.downstream.iter().chain(&impact.upstream).step_by(97) {
        let node = graph.find(&entry.id).unwrap();
        let naive = walker.count(graph, node, Direction::Downstream, is_product);
        assert_eq!(entry.dependents, naive, "{}", entry.id);
    }
}

/// Writes `records` into `store` as one sync of a folder source `s`.
fn sync_into(store: &mut Store, records: &[crate::model::Record]) {
    let mut tx = store.begin_sync().unwrap();
    tx.replace_source("s", "dir", "/catalog").unwrap();
    for record in records {
        tx.put("s", record).unwrap();
    }
    tx.finish_source("s", crate::store::SourceOutcome::Ok)
        .unwrap();
    tx.commit().unwrap();
}
