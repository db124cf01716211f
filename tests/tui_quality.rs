//! The Quality tab and the health view on the demo mesh, with the clock
//! at 2026-11-25T12:00Z (the demo's run events end that day).

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

/// The demo at 2026-11-25T12:00Z (tui_support fixes the clock there).
fn at_demo_time() -> Demo {
    demo(160, 48)
}

fn command(d: &mut Demo, line: &str) {
    d.tui.send(Msg::Command(Command::CommandMode));
    d.typed(line);
    d.keys(&["enter"]);
}

#[test]
fn the_quality_tab_shows_the_score_its_parts_history_and_failing_checks_first() {
    let mut d = at_demo_time();
    command(&mut d, "product logistics-shipments");
    d.keys(&["5"]);
    let screen = d.screen(160, 48);
    assert!(screen.contains("Trust score 55 / 100"), "{screen}");
    assert!(screen.contains("checks        20.0 / 40  4 of 8 checks pass, 1 failing, 3 never ran"));
    let failing = screen
        .find("FAIL      carrier_valid_values")
        .expect("failing check");
    let passing = screen
        .find("pass      event_id_unique")
        .expect("passing check");
    assert!(failing < passing, "failing checks come first");
    snap(&mut d, "quality_tab");
}

#[test]
fn the_health_view_opens_from_anywhere_and_enter_opens_the_product() {
    let mut d = at_demo_time();
    d.keys(&["H"]);
    let screen = d.screen(160, 48);
    assert!(
        screen.contains("14 of 49 products breaching (12 errors)"),
        "{screen}"
    );
    let first = screen
        .lines()
        .find(|l| l.contains("▶ "))
        .expect("a selected row");
    assert!(first.contains("error    Online Orders"), "{first}");
    snap(&mut d, "health_view");
    d.keys(&["j", "j", "j", "j", "i"]);
    assert!(d.screen(160, 48).contains("Impact of Shipments"));
    d.keys(&["esc", "enter"]);
    assert!(
        d.screen(160, 48)
            .contains("logistics-shipments · domain logistics")
    );
}

#[test]
fn lineage_nodes_carry_their_health() {
    let mut d = at_demo_time();
    command(&mut d, "lineage sales-orders-cleansed");
    let screen = d.screen(160, 48);
    assert!(screen.contains("│error 60 · E-commerce D…├"), "{screen}");
    assert!(screen.contains("┃ok 82 · Sales Analytics ├"), "{screen}");
}

#[test]
fn search_hits_carry_a_quality_badge_coloured_by_the_worst_breach() {
    let mut d = tui_support::demo(160, 48);
    let screen = d.screen(160, 48);
    let line = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} missing:\n{screen}"))
            .to_owned()
    };
    assert!(screen.contains("quality status"), "{screen}");
    // Scores at the tests' clock; the mark says the worst breach without colour.
    assert!(
        line("Carrier Tracking Feed").contains("!  52"),
        "{}",
        line("Carrier Tracking Feed")
    );
    assert!(
        line("Delivery Performance").contains("✗  40"),
        "{}",
        line("Delivery Performance")
    );
    assert!(
        line("Acquirer Settlements").contains("●  95"),
        "{}",
        line("Acquirer Settlements")
    );
}
