//! The explorer driven by keys on the demo mesh, headless.

mod tui_support;

use meshlens::tui::action::Msg;
use meshlens::tui::app::{Loadable, Overlay, ProductTab, Screen};
use tui_support::demo;

fn selected_name(d: &tui_support::Demo) -> String {
    match &d.tui.app.search.results {
        Loadable::Loaded(results) => results.hits[d.tui.app.search.cursor.selected].name.clone(),
        other => panic!("no results: {other:?}"),
    }
}

#[test]
fn browsing_lists_products_by_name_with_counts_in_the_header() {
    let mut d = demo(160, 48);
    let screen = d.screen(160, 48);
    assert!(
        screen.contains("meshlens · embedded demo mesh · synced 5 min ago · 49 products"),
        "{screen}"
    );
    assert_eq!(selected_name(&d), "13-Week Cash Forecast");
    d.keys(&["j", "j"]);
    assert_eq!(selected_name(&d), "Basket Affinity");
    d.keys(&["G"]);
    assert_eq!(d.tui.app.search.cursor.selected, 48);
    d.keys(&["g"]);
    assert_eq!(d.tui.app.search.cursor.selected, 0);
}

#[test]
fn typing_searches_on_every_key_with_typos() {
    let mut d = demo(160, 48);
    d.keys(&["/"]);
    d.typed("ordrs");
    assert_eq!(selected_name(&d), "Online Orders");
    let screen = d.screen(160, 48);
    assert!(screen.contains("4 matches"), "{screen}");
    assert!(
        screen.contains("Orders placed on larkspur.com"),
        "preview: {screen}"
    );
}

#[test]
fn filters_narrow_and_tab_completes_their_values() {
    let mut d = demo(160, 48);
    d.keys(&["/"]);
    d.typed("domain:pay");
    d.keys(&["tab"]);
    assert_eq!(d.tui.app.search.input.text(), "domain:payments ");
    let Loadable::Loaded(results) = &d.tui.app.search.results else {
        panic!()
    };
    assert_eq!(results.total, 7, "browsing with a filter lists products");
    d.typed("team:\"Payments R");
    d.keys(&["tab"]);
    assert_eq!(
        d.tui.app.search.input.text(),
        "domain:payments team:\"Payments Risk\" "
    );
}

#[test]
fn stale_search_results_are_dropped() {
    let mut d = demo(80, 24);
    d.tui.paused = true;
    d.keys(&["/"]);
    d.typed("ledger");
    let newest = d.tui.app.search.seq;
    // An older search answers after a newer one was asked for: ignored.
    d.tui.send(Msg::SearchCompleted {
        seq: newest - 1,
        results: Err("stale".into()),
    });
    assert!(d.tui.app.search.is_searching());
    assert!(!matches!(d.tui.app.search.results, Loadable::Failed(_)));
    d.tui.resume();
    assert!(!d.tui.app.search.is_searching());
    assert_eq!(d.tui.app.search.shown_seq, newest);
}

#[test]
fn enter_opens_a_product_tabs_switch_and_esc_walks_back() {
    let mut d = demo(160, 48);
    d.keys(&["/"]);
    d.typed("sales orders cleansed");
    d.keys(&["enter"]);
    let Some(Screen::Product(screen)) = d.tui.app.stack.last() else {
        panic!("no product")
    };
    assert_eq!(screen.id, "sales-orders-cleansed");
    d.keys(&["2"]);
    let screen = d.screen(160, 48);
    assert!(screen.contains("← from POS Transactions"), "{screen}");
    assert!(screen.contains("→ to Customer 360"), "{screen}");
    d.keys(&["tab", "backtab", "backtab"]);
    let Some(Screen::Product(screen)) = d.tui.app.stack.last() else {
        panic!()
    };
    assert_eq!(screen.tab, ProductTab::Overview);
    d.keys(&["esc"]);
    assert!(d.tui.app.stack.is_empty());
    assert!(!d.tui.app.search.focused);
    assert_eq!(d.tui.app.search.input.text(), "sales orders cleansed");
    d.keys(&["esc"]);
    assert_eq!(d.tui.app.search.input.text(), "");
    d.keys(&["esc"]);
    assert!(!d.tui.app.quit, "esc never quits");
    d.keys(&["q"]);
    assert!(d.tui.app.quit);
}

#[test]
fn enter_on_a_consumer_opens_it() {
    let mut d = demo(160, 48);
    d.tui
        .send(Msg::Command(meshlens::tui::action::Command::CommandMode));
    d.typed("product sales-orders-cleansed");
    d.keys(&["enter", "2"]);
    // Down to the first "→ to" line: the one consumer of orders-cleansed 1.1.0.
    for _ in 0..12 {
        d.keys(&["j"]);
    }
    d.keys(&["enter"]);
    let Some(Screen::Product(screen)) = d.tui.app.stack.last() else {
        panic!()
    };
    assert_eq!(screen.id, "marketing-attribution");
    assert_eq!(d.tui.app.stack.len(), 2);
}

#[test]
fn owners_key_opens_the_team_and_enter_opens_its_product() {
    let mut d = demo(160, 48);
    d.keys(&["/"]);
    d.typed("churn");
    d.keys(&["enter", "O"]);
    let screen = d.screen(160, 48);
    assert!(screen.contains("Team Customer Data Science"), "{screen}");
    assert!(screen.contains("Aisha Bello"), "{screen}");
    assert!(
        screen.contains("products of Customer Data Science"),
        "{screen}"
    );
    d.keys(&["enter"]);
    let Some(Screen::Product(screen)) = d.tui.app.stack.last() else {
        panic!()
    };
    assert_eq!(screen.id, "customer-churn-scores");
}

#[test]
fn command_line_runs_completes_and_remembers() {
    let mut d = demo(160, 48);
    d.keys(&[":"]);
    d.typed("hea");
    d.keys(&["tab"]);
    let Some(Overlay::Command(line)) = &d.tui.app.overlay else {
        panic!()
    };
    assert_eq!(line.input.text(), "health ");
    d.keys(&["enter"]);
    assert!(d.screen(160, 48).contains("Health: what is broken now"));
    d.keys(&[":"]);
    d.typed("domain finance");
    d.keys(&["enter"]);
    assert_eq!(d.tui.app.search.input.text(), "domain:finance");
    d.keys(&[":", "up"]);
    let Some(Overlay::Command(line)) = &d.tui.app.overlay else {
        panic!()
    };
    assert_eq!(line.input.text(), "domain finance");
    d.keys(&["up"]);
    let Some(Overlay::Command(line)) = &d.tui.app.overlay else {
        panic!()
    };
    assert_eq!(line.input.text(), "health");
    d.keys(&["esc", ":"]);
    d.typed("team Customer Data P");
    d.keys(&["tab"]);
    let Some(Overlay::Command(line)) = &d.tui.app.overlay else {
        panic!()
    };
    assert_eq!(line.input.text(), "team Customer Data Platform");
    d.keys(&["esc", ":"]);
    d.typed("team");
    d.keys(&["enter"]);
    let screen = d.screen(160, 48);
    assert!(screen.contains("21 teams"), "{screen}");
    assert!(screen.contains("Payments Platform Data"), "{screen}");
}

#[test]
fn help_lists_every_binding_and_filters() {
    let mut d = demo(160, 48);
    d.keys(&["?"]);
    let screen = d.screen(160, 48);
    assert!(screen.contains("Everywhere"), "{screen}");
    d.typed("osc 52");
    let screen = d.screen(160, 48);
    assert!(screen.contains("copy the id (OSC 52)"), "{screen}");
    assert!(!screen.contains("page down"), "{screen}");
    d.keys(&["esc"]);
    assert!(
        matches!(d.tui.app.overlay, Some(Overlay::Help { .. })),
        "first esc clears the filter"
    );
    d.keys(&["esc"]);
    assert!(d.tui.app.overlay.is_none());
    d.keys(&["f1"]);
    assert!(matches!(d.tui.app.overlay, Some(Overlay::Help { .. })));
}

#[test]
fn y_copies_the_selected_id_and_o_opens_a_link() {
    let mut d = demo(160, 48);
    d.keys(&["y"]);
    assert_eq!(d.tui.copied, vec!["finance-cash-forecast".to_owned()]);
    d.keys(&["enter", "o"]);
    assert_eq!(d.tui.opened.len(), 1);
    assert!(
        d.tui.opened[0].starts_with("https://"),
        "{:?}",
        d.tui.opened
    );
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let mut d = demo(80, 24);
    d.keys(&["/"]);
    d.typed("q");
    assert!(!d.tui.app.quit, "q types in the search box");
    d.keys(&["ctrl-c"]);
    assert!(d.tui.app.quit);
}

#[test]
fn mouse_click_selects_and_scroll_moves() {
    let mut d = demo(160, 48);
    d.screen(160, 48);
    // Rows start below: header(1) + search box(3) + facets(1) + border(1) + column header(1).
    d.tui.send(Msg::Click {
        column: 10,
        row: 10,
    });
    assert_eq!(d.tui.app.search.cursor.selected, 3);
    d.tui.send(Msg::ScrollDown);
    assert_eq!(d.tui.app.search.cursor.selected, 4);
}

#[test]
fn sync_reloads_and_reports() {
    let mut d = demo(80, 24);
    d.keys(&[":"]);
    d.typed("sync");
    d.keys(&["enter"]);
    assert!(!d.tui.app.sync.is_running());
    assert!(
        d.tui
            .app
            .toasts
            .iter()
            .any(|t| t.text.starts_with("synced ")),
        "{:?}",
        d.tui.app.toasts
    );
}

#[test]
fn owners_tab_lists_members_with_roles_and_who_left() {
    let mut d = demo(160, 48);
    d.tui
        .send(Msg::Command(meshlens::tui::action::Command::CommandMode));
    d.typed("product customer-360");
    d.keys(&["enter", "6"]);
    let screen = d.screen(160, 48);
    let alex = screen.lines().find(|l| l.contains("Alex Jordan")).unwrap();
    assert!(
        alex.contains("engineer") && alex.contains("(left 20"),
        "{alex}"
    );
    assert!(screen.contains("Runbook"), "{screen}");
}

#[test]
fn q_goes_back_from_deep_views_and_quits_at_the_top() {
    let mut d = demo(80, 24);
    d.keys(&["enter", "O"]);
    assert_eq!(d.tui.app.stack.len(), 2);
    d.keys(&["q"]);
    assert_eq!(d.tui.app.stack.len(), 1);
    assert!(!d.tui.app.quit);
    d.keys(&["q", "q"]);
    assert!(d.tui.app.quit);
}

const ORDERS: &str = "urn:datacontract:sales:orders-cleansed";

fn contract(d: &tui_support::Demo) -> &meshlens::tui::app::ContractScreen {
    match d.tui.app.stack.last() {
        Some(Screen::Contract(screen)) => screen,
        other => panic!("no contract view: {other:?}"),
    }
}

fn open_orders(d: &mut tui_support::Demo) {
    d.keys(&[":"]);
    d.typed(&format!("contract {ORDERS}"));
    d.keys(&["enter"]);
}

/// The screen's lines that contain `text`.
fn lines_with(screen: &str, text: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.contains(text))
        .map(str::to_owned)
        .collect()
}

#[test]
fn contract_command_opens_the_newest_version_and_completes_ids() {
    let mut d = demo(160, 48);
    open_orders(&mut d);
    let screen = d.screen(160, 48);
    assert!(
        screen.contains(" Sales Orders (Cleansed)  active"),
        "{screen}"
    );
    assert!(
        screen.contains("urn:datacontract:sales:orders-cleansed · v2.0.0 · major bump"),
        "{screen}"
    );
    assert!(screen.contains("├─▸ order_line_id"), "{screen}");
    d.keys(&["esc", ":"]);
    d.typed(&format!("contract {ORDERS} 1.0.0"));
    d.keys(&["enter"]);
    assert_eq!(
        contract(&d).version().map(|v| v.contract.version.as_str()),
        Some("1.0.0")
    );
    let screen = d.screen(160, 48);
    assert!(screen.contains("· v1.0.0 · initial bump"), "{screen}");
    // Completion knows the contracts of views on the stack.
    d.keys(&[":"]);
    d.typed("contract urn:datacontract:sales:ord");
    d.keys(&["tab"]);
    let Some(Overlay::Command(line)) = &d.tui.app.overlay else {
        panic!()
    };
    assert_eq!(line.input.text(), format!("contract {ORDERS}"));
}

#[test]
fn enter_on_a_version_in_the_product_contracts_tab_opens_that_version() {
    let mut d = demo(160, 48);
    d.keys(&[":"]);
    d.typed("product sales-orders-cleansed");
    d.keys(&["enter", "3"]);
    let screen = d.screen(160, 48);
    let lines = lines_with(&screen, "1.1.0");
    assert!(
        lines[0].contains("1.1.0        deprecated  2024-11-11 minor"),
        "{lines:?}"
    );
    // Heading, 2.0.0, then 1.1.0.
    d.keys(&["j", "j", "enter"]);
    let view = contract(&d);
    assert_eq!(view.id, ORDERS);
    assert_eq!(view.version().unwrap().contract.version, "1.1.0");
    assert_eq!(d.tui.app.stack.len(), 2);
    d.keys(&["esc"]);
    assert!(matches!(d.tui.app.stack.last(), Some(Screen::Product(_))));
}

#[test]
fn enter_on_a_contract_hit_opens_the_contract_view() {
    let mut d = demo(160, 48);
    d.keys(&["/"]);
    d.typed("kind:contract orders cleansed");
    d.keys(&["enter"]);
    assert_eq!(contract(&d).id, ORDERS);
}

#[test]
fn schema_rows_expand_collapse_and_h_goes_to_the_parent() {
    let mut d = demo(160, 48);
    open_orders(&mut d);
    d.keys(&["j", "l"]);
    let screen = d.screen(160, 48);
    assert!(screen.contains("├─▾ order_line_id"), "{screen}");
    assert!(screen.contains("│ ├── ✓ order_line_id_unique"), "{screen}");
    d.keys(&["j"]);
    d.keys(&["h"]);
    assert_eq!(contract(&d).cursor.selected, 1, "h on a child: its parent");
    d.keys(&["h"]);
    let screen = d.screen(160, 48);
    assert!(screen.contains("├─▸ order_line_id"), "{screen}");
    assert!(!screen.contains("order_line_id_unique"), "{screen}");
    d.keys(&["space"]);
    assert!(d.screen(160, 48).contains("order_line_id_unique"));
    // All collapsed: the object and the sections only.
    d.keys(&["a", "a"]);
    let screen = d.screen(160, 48);
    assert!(screen.contains("▸ sales_order_lines"), "{screen}");
    assert!(!screen.contains("order_line_id"), "{screen}");
}

#[test]
fn the_schema_filter_shows_matches_with_their_object_and_esc_clears_it_first() {
    let mut d = demo(160, 48);
    open_orders(&mut d);
    d.keys(&["/"]);
    d.typed("vat_amount");
    let screen = d.screen(160, 48);
    let rows: Vec<&str> = screen
        .lines()
        .skip(5)
        .take_while(|l| !l.starts_with('└'))
        .filter(|l| !l.trim_matches(|c| c == '│' || c == ' ').is_empty())
        .collect();
    assert_eq!(rows.len(), 2, "{screen}");
    assert!(rows[0].contains("▾ sales_order_lines"), "{screen}");
    assert!(rows[1].contains("└── vat_amount"), "{screen}");
    assert!(
        screen.contains("Schema · filter: vat_amount · 2 rows"),
        "{screen}"
    );
    // Typing j types; Enter keeps the filter and j moves again.
    d.keys(&["enter", "j"]);
    assert_eq!(contract(&d).cursor.selected, 1);
    d.keys(&["esc"]);
    assert!(contract(&d).filter.text().is_empty());
    assert!(d.screen(160, 48).contains("order_line_id"));
    d.keys(&["esc"]);
    assert!(d.tui.app.stack.is_empty(), "second esc leaves the view");
}

#[test]
fn esc_walks_from_the_filter_to_the_view_to_the_product() {
    let mut d = demo(160, 48);
    d.keys(&[":"]);
    d.typed("product sales-orders-cleansed");
    d.keys(&["enter", "3", "j", "enter", "/"]);
    d.typed("sku");
    d.keys(&["esc"]);
    assert!(!contract(&d).filtering);
    d.keys(&["esc"]);
    assert!(matches!(d.tui.app.stack.last(), Some(Screen::Product(_))));
}

#[test]
fn brackets_move_the_base_and_p_switches_the_perspective() {
    let mut d = demo(160, 48);
    open_orders(&mut d);
    d.keys(&["3"]);
    let header = |d: &mut tui_support::Demo| {
        let screen = d.screen(160, 48);
        screen
            .lines()
            .find(|l| l.contains(" → "))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert!(
        header(&mut d).contains("1.1.0 → 2.0.0 (major)"),
        "{}",
        header(&mut d)
    );
    d.keys(&["["]);
    assert!(header(&mut d).contains("1.0.0 → 2.0.0 (major)"));
    d.keys(&["["]);
    assert!(header(&mut d).contains("1.0.0 → 2.0.0"), "the oldest stays");
    assert!(
        d.tui
            .app
            .toasts
            .iter()
            .any(|t| t.text.contains("already the oldest")),
        "{:?}",
        d.tui.app.toasts
    );
    d.keys(&["]"]);
    assert!(header(&mut d).contains("1.1.0 → 2.0.0"));
    let screen = d.screen(160, 48);
    assert!(
        screen.contains("consumer view: 3 ERROR  0 WARNING  6 INFO"),
        "{screen}"
    );
    d.keys(&["p"]);
    let screen = d.screen(160, 48);
    assert!(
        screen.contains("producer view: 2 ERROR  0 WARNING  7 INFO"),
        "{screen}"
    );
    assert!(screen.contains("[ older base"), "hints: {screen}");
    // Versions: Enter on 1.1.0 compares it with 1.0.0.
    d.keys(&["2", "j", "enter", "3"]);
    assert!(
        header(&mut d).contains("1.0.0 → 1.1.0 (minor)"),
        "{}",
        header(&mut d)
    );
}

#[test]
fn consumers_list_teams_and_enter_opens_one() {
    let mut d = demo(160, 48);
    open_orders(&mut d);
    d.keys(&["4"]);
    let screen = d.screen(160, 48);
    let line = lines_with(&screen, "Multi-touch Attribution");
    assert!(
        line[0].contains(
            "1.1.0    Digital Analytics          #marketing-digital-analytics-data https://"
        ),
        "{line:?}"
    );
    // Listed by name, as `meshlens diff` lists them: Basket Affinity first.
    d.keys(&["j", "enter"]);
    let Some(Screen::Product(product)) = d.tui.app.stack.last() else {
        panic!()
    };
    assert_eq!(product.id, "sales-basket-affinity");
}

#[test]
fn stale_contract_results_are_dropped() {
    let mut d = demo(80, 24);
    d.tui.paused = true;
    open_orders(&mut d);
    d.tui.send(Msg::ContractLoaded {
        id: "urn:datacontract:other:thing".into(),
        version: None,
        detail: Err("stale".into()),
    });
    assert_eq!(contract(&d).detail, Loadable::Loading);
    d.tui.resume();
    assert!(matches!(contract(&d).detail, Loadable::Loaded(Some(_))));
}
