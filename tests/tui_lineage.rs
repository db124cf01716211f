//! The Lineage tab and the impact list on the demo mesh, driven by keys:
//! snapshots at several depths and both sizes, and what the keys do.

mod tui_support;

use meshlens::tui::action::{Command, Msg};
use tui_support::{Demo, demo};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(d: &mut Demo, name: &str) {
    for (w, h) in SIZES {
        let screen = d.screen(w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

fn lineage_of(id: &str) -> Demo {
    let mut d = demo(160, 48);
    d.tui.send(Msg::Command(Command::CommandMode));
    d.typed(&format!("lineage {id}"));
    d.keys(&["enter"]);
    d
}

/// The pane's status line (breadcrumb, level, depth, counts).
fn status(d: &mut Demo) -> String {
    let screen = d.screen(160, 48);
    screen
        .lines()
        .nth(5)
        .unwrap_or_default()
        .trim_matches('│')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_graph_at_depth_one_two_and_three() {
    let mut d = lineage_of("sales-orders-cleansed");
    assert_eq!(
        status(&mut d),
        "Sales Orders (Cleansed) product level · depth 1 · ↑4 ↓6 · graph"
    );
    snap(&mut d, "lineage_depth1");
    d.keys(&["+"]);
    assert!(status(&mut d).contains("depth 2 · ↑4 ↓16"));
    snap(&mut d, "lineage_depth2");
    d.keys(&["+"]);
    snap(&mut d, "lineage_depth3");
    d.keys(&["-", "-", "-"]);
    assert!(status(&mut d).contains("depth 1 ·"), "depth stops at 1");
}

#[test]
fn moving_right_and_down_selects_a_consumer_and_enter_recentres_on_it() {
    let mut d = lineage_of("sales-orders-cleansed");
    d.keys(&["l", "j", "j", "j"]);
    let screen = d.screen(160, 48);
    let selected: Vec<&str> = screen.lines().filter(|l| l.contains("▶ ")).collect();
    assert_eq!(selected.len(), 1, "{screen}");
    assert!(selected[0].contains("┃▶ Basket Affinity"), "{screen}");
    d.keys(&["enter"]);
    assert_eq!(
        status(&mut d),
        "Sales Orders (Cleansed) › Basket Affinity product level · depth 1 · ↑2 ↓0 · graph"
    );
    snap(&mut d, "lineage_recentred");
    // Esc steps back along the breadcrumb, then leaves the product.
    d.keys(&["esc"]);
    assert!(status(&mut d).starts_with("Sales Orders (Cleansed) product level"));
    let screen = d.screen(160, 48);
    assert!(
        screen.contains("┃▶ Basket Affinity"),
        "the node left stays selected"
    );
    d.keys(&["esc"]);
    assert!(d.screen(160, 48).contains("Search"));
}

#[test]
fn the_tree_view_lists_both_sides_with_distances() {
    let mut d = lineage_of("sales-orders-cleansed");
    d.keys(&["+", "t"]);
    let screen = d.screen(160, 48);
    assert!(
        screen.contains("↑ 1   Customer Master  customer"),
        "{screen}"
    );
    assert!(
        screen.contains("● 0 Sales Orders (Cleansed)  sales"),
        "{screen}"
    );
    assert!(screen.contains("↓ 2     Customer Segments"), "{screen}");
    snap(&mut d, "lineage_tree");
}

#[test]
fn dataset_level_centres_on_the_products_datasets() {
    let mut d = lineage_of("sales-orders-cleansed");
    d.keys(&["v"]);
    assert!(status(&mut d).contains("dataset level · depth 1"));
    snap(&mut d, "lineage_datasets");
    d.keys(&["v"]);
    assert!(status(&mut d).contains("column level"));
    d.keys(&["v"]);
    assert!(status(&mut d).contains("product level"));
}

#[test]
fn a_product_without_lineage_says_so() {
    let mut d = lineage_of("corporate-board-pack");
    let screen = d.screen(160, 48);
    assert!(screen.contains("↑"), "{screen}");
}

#[test]
fn impact_lists_who_to_notify_then_what_it_depends_on() {
    let mut d = lineage_of("sales-orders-cleansed");
    // From the Lineage tab the list goes to the pane's depth (1), `+` deeper.
    d.keys(&["i"]);
    let summary = |d: &mut Demo| {
        d.screen(160, 48)
            .lines()
            .nth(2)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    assert_eq!(
        summary(&mut d),
        "sales-orders-cleansed · to depth 1 (+/-) · 6 downstream (6 direct) · 4 upstream"
    );
    d.keys(&["+"]);
    assert!(summary(&mut d).contains("to depth 2 (+/-) · 16 downstream"));
    d.keys(&["+", "+", "+", "+"]);
    assert_eq!(
        summary(&mut d),
        "sales-orders-cleansed · all depths (-) · 19 downstream (6 direct) · 4 upstream"
    );
    snap(&mut d, "impact_downstream");
    d.keys(&["tab"]);
    snap(&mut d, "impact_upstream");
    d.keys(&["enter"]);
    assert!(
        d.screen(160, 48).contains("1:Overview"),
        "Enter opens the product"
    );
}

#[test]
fn a_click_selects_a_box_and_enter_recentres_on_it() {
    let mut d = lineage_of("sales-orders-cleansed");
    let screen = d.screen(160, 48);
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("● Customer Master"))
        .expect("Customer Master is drawn");
    let column = line.chars().position(|c| c == '●').expect("its marker") as u16;
    d.tui.send(Msg::Click {
        column: column + 3,
        row: row as u16,
    });
    assert!(d.screen(160, 48).contains("▶ Customer Master"));
    d.keys(&["enter"]);
    assert!(status(&mut d).starts_with("Sales Orders (Cleansed) › Customer Master product level"));
}
