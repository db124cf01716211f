//! Every pane and overlay at 80×24 and 160×48 (insta snapshots of the text).

mod tui_support;

use meshlens::tui::action::{Command, Msg};
use tui_support::{Demo, demo, paused_demo};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(d: &mut Demo, name: &str) {
    for (w, h) in SIZES {
        let screen = d.screen(w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

fn command(d: &mut Demo, line: &str) {
    d.tui.send(Msg::Command(Command::CommandMode));
    d.typed(line);
    d.keys(&["enter"]);
}

#[test]
fn search_browse() {
    snap(&mut demo(80, 24), "search_browse");
}

#[test]
fn search_typing_with_highlight_and_facets() {
    let mut d = demo(80, 24);
    d.keys(&["/"]);
    d.typed("ordrs");
    snap(&mut d, "search_typing");
}

#[test]
fn search_with_filters() {
    let mut d = demo(80, 24);
    d.keys(&["/"]);
    d.typed("domain:payments tag:pii");
    d.keys(&["esc"]);
    snap(&mut d, "search_filters");
}

#[test]
fn search_no_match() {
    let mut d = demo(80, 24);
    d.keys(&["/"]);
    d.typed("zzzzqqqq");
    snap(&mut d, "search_empty");
}

#[test]
fn search_loading() {
    snap(&mut paused_demo(80, 24), "search_loading");
}

#[test]
fn index_rebuilding() {
    let mut d = paused_demo(80, 24);
    d.tui.send(Msg::IndexProgressed {
        done: 40,
        total: 97,
    });
    snap(&mut d, "index_rebuilding");
}

#[test]
fn search_error() {
    let mut d = demo(80, 24);
    d.tui.paused = true;
    d.keys(&["/"]);
    d.typed("x");
    let seq = d.tui.app.search.seq;
    d.tui.send(Msg::SearchCompleted {
        seq,
        results: Err("search index error: disk on fire".into()),
    });
    snap(&mut d, "search_error");
}

#[test]
fn product_tabs() {
    let mut d = demo(80, 24);
    command(&mut d, "product sales-orders-cleansed");
    for (key, tab) in [
        ("1", "overview"),
        ("2", "ports"),
        ("3", "contracts"),
        ("4", "lineage"),
        ("5", "quality"),
        ("6", "owners"),
    ] {
        d.keys(&[key]);
        snap(&mut d, &format!("product_{tab}"));
    }
}

#[test]
fn product_loading_and_missing() {
    let mut d = demo(80, 24);
    d.tui.paused = true;
    command(&mut d, "product sales-orders-cleansed");
    snap(&mut d, "product_loading");
    d.tui.paused = false;
    command(&mut d, "product no-such-product");
    snap(&mut d, "product_missing");
}

#[test]
fn team_and_teams() {
    let mut d = demo(80, 24);
    command(&mut d, "team Customer Data Science");
    snap(&mut d, "team");
    command(&mut d, "team");
    snap(&mut d, "teams");
}

#[test]
fn help_overlay() {
    let mut d = demo(80, 24);
    d.keys(&["?"]);
    snap(&mut d, "help");
    d.typed("tab");
    snap(&mut d, "help_filtered");
}

#[test]
fn command_line_and_toasts() {
    let mut d = demo(80, 24);
    d.keys(&[":"]);
    d.typed("prod");
    snap(&mut d, "command_line");
    d.keys(&["esc"]);
    command(&mut d, "frobnicate");
    command(&mut d, "health");
    snap(&mut d, "toasts");
}

#[test]
fn terminal_too_small() {
    let mut d = demo(80, 24);
    let screen = d.screen(30, 8);
    insta::assert_snapshot!("too_small_30x8", screen);
}

const ORDERS: &str = "contract urn:datacontract:sales:orders-cleansed";

#[test]
fn contract_schema_tree() {
    let mut d = demo(80, 24);
    command(&mut d, ORDERS);
    snap(&mut d, "contract_schema");
    d.keys(&["a"]);
    snap(&mut d, "contract_schema_expanded");
    d.keys(&["a"]);
    snap(&mut d, "contract_schema_collapsed");
    d.keys(&["a", "/"]);
    d.typed("amount");
    snap(&mut d, "contract_schema_filtering");
    d.keys(&["enter"]);
    snap(&mut d, "contract_schema_filtered");
}

#[test]
fn contract_versions_tab() {
    let mut d = demo(80, 24);
    command(&mut d, ORDERS);
    d.keys(&["2"]);
    snap(&mut d, "contract_versions");
}

#[test]
fn contract_consumers_tab() {
    let mut d = demo(80, 24);
    command(&mut d, ORDERS);
    d.keys(&["4"]);
    snap(&mut d, "contract_consumers");
}

#[test]
fn contract_loading_and_missing() {
    let mut d = demo(80, 24);
    d.tui.paused = true;
    command(&mut d, ORDERS);
    snap(&mut d, "contract_loading");
    d.tui.paused = false;
    command(&mut d, "contract urn:datacontract:nowhere:nothing");
    snap(&mut d, "contract_missing");
}

// The diff snapshots change when the diff engine lands: kept apart.
#[test]
fn contract_diff_unified() {
    let mut d = demo(80, 24);
    command(&mut d, ORDERS);
    d.keys(&["3"]);
    snap(&mut d, "contract_diff_unified");
}

#[test]
fn contract_diff_side_by_side() {
    let mut d = demo(80, 24);
    command(&mut d, ORDERS);
    d.keys(&["3", "s", "["]);
    snap(&mut d, "contract_diff_side_by_side");
}

#[test]
fn header_while_syncing_from_a_server() {
    let mut d = demo(80, 24);
    d.tui.app.sync.running = Some(meshlens::tui::app::SyncRun {
        background: true,
        ..Default::default()
    });
    d.tui.app.sync_progressed(40, 2, "mesh".into());
    let wide = d.screen(160, 48);
    let header = wide.lines().next().unwrap().to_owned();
    assert!(
        header.contains("syncing mesh: 2 pages, 40 items"),
        "{header}"
    );
    assert!(header.contains("sync     40"), "the gauge: {header}");
    insta::assert_snapshot!("header_syncing_160x48", header);
}

#[test]
fn header_when_the_server_cannot_be_reached() {
    let mut d = demo(80, 24);
    d.tui.send(Msg::Command(Command::SyncNow));
    d.tui
        .send(Msg::SyncFinished(Ok(meshlens::tui::action::SyncSummary {
            text: "synced 0 records".into(),
            unreachable: Some("mesh: cannot reach http://127.0.0.1:9/api/events".into()),
            ..Default::default()
        })));
    let screen = d.screen(80, 24);
    let header = screen.lines().next().unwrap();
    assert!(header.contains("offline — cache from"), "{header}");
    assert!(
        screen.contains("offline: mesh: cannot reach"),
        "the toast says why: {screen}"
    );
}
