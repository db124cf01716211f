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
    d.keys(&["enter", "o"]);
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
    assert!(
        d.tui
            .app
            .toasts
            .iter()
            .any(|t| t.text.contains("not yet available"))
    );
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
fn y_copies_the_selected_id_and_b_opens_a_link() {
    let mut d = demo(160, 48);
    d.keys(&["y"]);
    assert_eq!(d.tui.copied, vec!["finance-cash-forecast".to_owned()]);
    d.keys(&["enter", "b"]);
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
    assert_eq!(d.tui.app.syncing, None);
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
    d.keys(&["enter", "o"]);
    assert_eq!(d.tui.app.stack.len(), 2);
    d.keys(&["q"]);
    assert_eq!(d.tui.app.stack.len(), 1);
    assert!(!d.tui.app.quit);
    d.keys(&["q", "q"]);
    assert!(d.tui.app.quit);
}
