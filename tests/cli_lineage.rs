//! `meshlens lineage` and `meshlens impact` as a user runs them, on the
//! embedded demo mesh (fixtures/demo-mesh, README: the lineage section).

mod support;

use serde_json::Value;
use support::Env;

/// (id, distance) of each node of a JSON list.
fn ids(nodes: &Value) -> Vec<(String, u64)> {
    nodes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_owned(),
                n["distance"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn owned(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
    expected
        .iter()
        .map(|(id, d)| ((*id).to_owned(), *d))
        .collect()
}

const CLEANSED_DOWNSTREAM_2: &[(&str, u64)] = &[
    ("customer-360", 1),
    ("finance-cost-of-goods", 1),
    ("marketing-attribution", 1),
    ("merchandising-demand-forecast", 1),
    ("sales-basket-affinity", 1),
    ("sales-daily-revenue", 1),
    ("corporate-executive-kpi-feed", 2),
    ("corporate-store-pnl", 2),
    ("customer-churn-scores", 2),
    ("customer-segments", 2),
    ("finance-ledger-reconciliation", 2),
    ("finance-revenue-recognition", 2),
    ("logistics-replenishment-plan", 2),
    ("marketing-campaign-roi", 2),
    ("marketing-store-campaign-uplift", 2),
    ("merchandising-markdown-recommendations", 2),
];

#[test]
fn downstream_to_depth_two_lists_exact_products_with_distances() {
    let env = Env::new();
    let view = env.json(&[
        "lineage",
        "sales-orders-cleansed",
        "--downstream",
        "--depth",
        "2",
    ]);
    assert_eq!(view["level"], "product");
    assert_eq!(view["scope"], "downstream");
    assert_eq!(view["depth"], 2);
    assert_eq!(ids(&view["roots"]), owned(&[("sales-orders-cleansed", 0)]));
    assert_eq!(view["upstream"], Value::Array(vec![]));
    assert_eq!(ids(&view["downstream"]), owned(CLEANSED_DOWNSTREAM_2));
    assert_eq!(view["cycles"], Value::Array(vec![]));
    let edge = view["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == "sales-orders-cleansed" && e["to"] == "sales-daily-revenue")
        .unwrap();
    assert_eq!(edge["evidence"], serde_json::json!(["port", "run"]));

    // The text form lists the same rows in the same order.
    let text = env.run(&[
        "lineage",
        "sales-orders-cleansed",
        "--downstream",
        "--depth",
        "2",
    ]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let rows: Vec<(String, u64)> = text
        .stdout
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let distance = words.next()?.parse().ok()?;
            Some((words.next()?.to_owned(), distance))
        })
        .collect();
    assert_eq!(rows, owned(CLEANSED_DOWNSTREAM_2));
    assert!(
        text.stdout
            .starts_with("Sales Orders (Cleansed)  (sales-orders-cleansed)\n")
    );
}

#[test]
fn default_is_both_directions_depth_one_and_shows_the_dangling_port() {
    let env = Env::new();
    let view = env.json(&["lineage", "logistics-fulfilment-costs"]);
    assert_eq!(view["scope"], "both");
    assert_eq!(view["depth"], 1);
    assert_eq!(
        ids(&view["upstream"]),
        owned(&[
            ("logistics-delivery-performance", 1),
            ("logistics-shipments", 1),
            (
                "postgres://erp-db.prod.larkspur.internal:5432/erp.payables.carrier_invoices",
                1
            ),
            ("urn:datacontract:logistics:carrier-invoices", 1),
        ])
    );
    assert_eq!(view["upstream"][3]["kind"], "missing_contract");
    assert_eq!(view["upstream"][2]["kind"], "dataset");
    assert_eq!(
        ids(&view["downstream"]),
        owned(&[("corporate-store-pnl", 1)])
    );
    assert_eq!(
        view["dangling"],
        serde_json::json!([{ "product": "logistics-fulfilment-costs",
                             "contract_id": "urn:datacontract:logistics:carrier-invoices" }])
    );
    assert_eq!(
        view["unmapped"],
        serde_json::json!([
            "postgres://erp-db.prod.larkspur.internal:5432/erp.payables.carrier_invoices"
        ])
    );
}

#[test]
fn upstream_of_the_board_pack_has_shortest_distances_not_the_longest_chain() {
    // The README's longest path is 6 edges (customer-master → … → board pack),
    // but customer-master also feeds customer-360 directly: it is 3 away.
    let env = Env::new();
    let view = env.json(&[
        "lineage",
        "corporate-board-pack",
        "--upstream",
        "--depth",
        "all",
    ]);
    assert_eq!(view["depth"], Value::Null);
    let upstream = ids(&view["upstream"]);
    assert_eq!(upstream.len(), 38);
    assert_eq!(upstream.iter().map(|(_, d)| *d).max(), Some(4));
    for expected in [
        ("corporate-executive-kpi-feed", 1),
        ("customer-churn-scores", 2),
        ("customer-master", 3),
        ("sales-orders-cleansed", 3),
        ("sales-pos-transactions", 4),
    ] {
        assert!(
            upstream.contains(&(expected.0.to_owned(), expected.1)),
            "{expected:?}"
        );
    }
}

#[test]
fn impact_json_shape_and_order() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("MESHLENS_NOW", "2026-11-25T12:00:00Z")
        .args(["impact", "sales-orders-cleansed", "--json"])
        .output()
        .unwrap();
    let impact: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(impact["product"]["id"], "sales-orders-cleansed");
    assert_eq!(impact["depth"], Value::Null);
    let downstream = impact["downstream"].as_array().unwrap();
    assert_eq!(downstream.len(), 19);
    let first = &downstream[0];
    assert_eq!(first["id"], "sales-daily-revenue");
    assert_eq!(first["distance"], 1);
    assert_eq!(first["dependents"], 11);
    assert_eq!(first["team"], "Sales Analytics");
    assert_eq!(first["health"], "ok · score 91");
    let upstream = impact["upstream"].as_array().unwrap();
    let online = upstream
        .iter()
        .find(|e| e["id"] == "sales-online-orders")
        .unwrap();
    assert_eq!(
        online["health"],
        "error · score 60: stale: updated 12 h 9 min ago, SLA latency 2 h + frequency 1 h"
    );
    assert!(
        first["support"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    // Sorted by distance, then most dependents first, then id.
    let keys: Vec<(u64, i64, String)> = downstream
        .iter()
        .map(|e| {
            (
                e["distance"].as_u64().unwrap(),
                -e["dependents"].as_i64().unwrap(),
                e["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let order: Vec<&str> = downstream[..6]
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        vec![
            "sales-daily-revenue",
            "customer-360",
            "marketing-attribution",
            "finance-cost-of-goods",
            "merchandising-demand-forecast",
            "sales-basket-affinity"
        ]
    );
    assert_eq!(
        ids(&impact["upstream"]),
        owned(&[
            ("customer-master", 1),
            ("merchandising-product-catalog", 1),
            ("sales-online-orders", 1),
            ("sales-pos-transactions", 1),
        ])
    );
    let limited = env.json(&["impact", "sales-orders-cleansed", "--depth", "1"]);
    assert_eq!(limited["depth"], 1);
    assert_eq!(limited["downstream"].as_array().unwrap().len(), 6);
}

#[test]
fn dot_and_mermaid_formats() {
    let env = Env::new();
    let dot = env.run(&["lineage", "sales-daily-revenue", "--format", "dot"]);
    assert_eq!(dot.code, 0);
    let lines: Vec<&str> = dot.stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "digraph lineage {",
            "  rankdir=LR;",
            "  node [shape=box, fontname=\"Helvetica\"];",
            "  \"sales-daily-revenue\" [label=\"Daily Store Revenue\\nsales-daily-revenue\", style=bold];",
        ]
    );
    assert!(lines.contains(&"  \"sales-orders-cleansed\" -> \"sales-daily-revenue\";"));
    assert_eq!(lines.last(), Some(&"}"));

    let mermaid = env.run(&["lineage", "sales-daily-revenue", "--format", "mermaid"]);
    assert_eq!(mermaid.code, 0);
    let lines: Vec<&str> = mermaid.stdout.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "flowchart LR",
            "  n_sales_daily_revenue[\"Daily Store Revenue\"]"
        ]
    );
    assert!(lines.contains(&"  n_sales_returns[\"Returns #amp; Refund Requests\"]"));
    assert!(lines.contains(&"  n_sales_orders_cleansed --> n_sales_daily_revenue"));
}

#[test]
fn dataset_and_column_levels() {
    let env = Env::new();
    let view = env.json(&[
        "lineage",
        "sales-daily-revenue",
        "--level",
        "dataset",
        "--upstream",
    ]);
    assert_eq!(
        ids(&view["roots"]),
        owned(&[(
            "snowflake://larkspur-analytics/ANALYTICS.SALES.DAILY_STORE_REVENUE",
            0
        )])
    );
    assert_eq!(view["roots"][0]["product"], "sales-daily-revenue");
    assert_eq!(view["upstream"].as_array().unwrap().len(), 3);
    let net = "snowflake://larkspur-analytics/ANALYTICS.SALES.DAILY_STORE_REVENUE#net_revenue";
    let columns = env.json(&["lineage", net, "--level", "column", "--upstream"]);
    let labels: Vec<&str> = columns["upstream"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        vec![
            "sales.returns.returns.refund_amount",
            "ANALYTICS.SALES.SALES_ORDER_LINES.net_amount"
        ]
    );
}

#[test]
fn unknown_id_exits_1_and_bad_usage_exits_2() {
    let env = Env::new();
    let unknown = env.run(&["lineage", "no-such-product"]);
    assert_eq!(unknown.code, 1);
    assert_eq!(
        unknown.stdout,
        "No product, dataset or column `no-such-product` at that level. Try `meshlens search no-such-product`.\n"
    );
    let json = env.json(&["impact", "no-such-product"]);
    assert_eq!(
        json,
        serde_json::json!({ "id": "no-such-product", "found": false, "nearest": [] })
    );
    assert_eq!(env.run(&["impact", "no-such-product"]).code, 1);
    assert_eq!(
        env.run(&["lineage", "sales-returns", "--depth", "0"]).code,
        2
    );
    assert_eq!(
        env.run(&["lineage", "sales-returns", "--upstream", "--downstream"])
            .code,
        2
    );
    assert_eq!(
        env.run(&["lineage", "sales-returns", "--level", "table"])
            .code,
        2
    );
}

#[test]
fn a_product_name_works_like_its_id() {
    let env = Env::new();
    let view = env.json(&["lineage", "Daily Store Revenue"]);
    assert_eq!(ids(&view["roots"]), owned(&[("sales-daily-revenue", 0)]));
}
