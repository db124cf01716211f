//! Access requests in the explorer: the form (`a`, `:access`), its
//! validation and confirmation, sending (files beside the embedded demo),
//! My requests (`R`, `:requests`), cancel, `--readonly`.

mod tui_support;

use meshlens::access::Field;
use meshlens::config::Identity;
use meshlens::store::{RequestStatus, Store};
use meshlens::tui::action::{Command, Msg};
use meshlens::tui::app::{FormField, FormPrompt, Screen};
use meshlens::tui::backend::AccessSetup;
use tui_support::{Demo, demo};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
const PRODUCT: &str = "sales-orders-cleansed";

/// The frame with the test's folder written `<dir>`.
fn screen(d: &mut Demo, w: u16, h: u16) -> String {
    let dir = d.dir.path().display().to_string();
    // Padded: the frame keeps its shape whatever the folder's length.
    d.screen(w, h).replace(
        &dir,
        &format!("{:<width$}", "<dir>", width = dir.chars().count()),
    )
}

fn snap(d: &mut Demo, name: &str) {
    for (w, h) in SIZES {
        let screen = screen(d, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

fn command(d: &mut Demo, line: &str) {
    d.tui.send(Msg::Command(Command::CommandMode));
    d.typed(line);
    d.keys(&["enter"]);
}

fn form(d: &Demo) -> &meshlens::tui::app::AccessForm {
    match d.tui.app.stack.last() {
        Some(Screen::AccessForm(form)) => form,
        other => panic!("no access form on top: {other:?}"),
    }
}

fn toasts(d: &Demo) -> Vec<String> {
    d.tui.app.toasts.iter().map(|t| t.text.clone()).collect()
}

fn store(d: &Demo) -> Store {
    Store::open(&d.dir.path().join("catalogue.sqlite")).unwrap()
}

/// The form for PRODUCT with a consumer, a purpose and dates typed.
fn filled(d: &mut Demo, consumer: &str, purpose: &str) {
    command(d, &format!("access {PRODUCT}"));
    d.keys(&["tab"]);
    d.typed(consumer);
    d.keys(&["tab"]);
    for (n, line) in purpose.lines().enumerate() {
        if n > 0 {
            d.keys(&["enter"]);
        }
        d.typed(line);
    }
    d.keys(&["tab"]);
    d.typed("2026-12-01");
    d.keys(&["tab"]);
    d.typed("2027-03-31");
}

fn with_me(d: &mut Demo) {
    d.tui
        .set_access(AccessSetup {
            fallback_dir: d.dir.path().to_path_buf(),
            me: Identity {
                user: Some("ana@larkspur.example".into()),
                team: Some("Sales Analytics".into()),
            },
            readonly: false,
        })
        .unwrap();
}

#[test]
fn the_empty_form_from_a_product_view() {
    let mut d = demo(80, 24);
    command(&mut d, &format!("product {PRODUCT}"));
    d.keys(&["a"]);
    let form = form(&d);
    assert_eq!(form.product_id, PRODUCT);
    assert_eq!(form.focus, FormField::Port);
    snap(&mut d, "access_form_empty");
}

#[test]
fn the_form_lists_me_my_team_and_its_products_when_me_is_configured() {
    let mut d = demo(80, 24);
    with_me(&mut d);
    command(&mut d, &format!("access {PRODUCT}"));
    let screen = d.screen(80, 24);
    assert!(
        screen.contains("Consumer     ◀ user:ana@larkspur.example  (1 of "),
        "{screen}"
    );
    d.keys(&["tab", "right"]);
    assert!(d.screen(80, 24).contains("◀ team:Sales Analytics  (2 of "));
    d.keys(&["right"]);
    assert!(d.screen(80, 24).contains("◀ product:"));
    assert!(
        !d.screen(80, 24).contains("[me]"),
        "no hint when [me] is set"
    );
}

#[test]
fn validation_errors_show_beside_their_fields_and_focus_the_first() {
    let mut d = demo(80, 24);
    command(&mut d, &format!("access {PRODUCT}"));
    d.keys(&["tab"]);
    d.typed("team:sales-analytics");
    d.keys(&["tab", "tab"]);
    d.typed("2026-12-10");
    d.keys(&["tab"]);
    d.typed("2026-12-01");
    d.keys(&["ctrl-s"]);
    let form = form(&d);
    assert_eq!(form.focus, FormField::Purpose);
    assert_eq!(form.prompt, None);
    assert_eq!(
        form.problems,
        vec![
            (
                Field::Purpose,
                "say what the data is for (required)".to_owned()
            ),
            (
                Field::End,
                "must be after the start date (2026-12-10)".to_owned()
            ),
        ]
    );
    let screen = d.screen(80, 24);
    assert!(screen.contains("✗ say what the data is for (required)"));
    assert!(screen.contains("✗ must be after the start date (2026-12-10)"));
    snap(&mut d, "access_form_errors");
}

#[test]
fn a_bad_consumer_text_is_its_own_problem() {
    let mut d = demo(80, 24);
    filled(&mut d, "sales", "Revenue report");
    d.keys(&["ctrl-s"]);
    assert_eq!(
        form(&d).problems,
        vec![(
            Field::Consumer,
            "`sales`: write team:ID, user:ID or product:ID".to_owned()
        )]
    );
    assert_eq!(form(&d).focus, FormField::Consumer);
}

#[test]
fn a_valid_form_asks_before_sending() {
    let mut d = demo(80, 24);
    filled(&mut d, "team:sales-analytics", "Weekly revenue report");
    d.keys(&["ctrl-s"]);
    assert_eq!(form(&d).prompt, Some(FormPrompt::Send));
    assert!(form(&d).problems.is_empty());
    snap(&mut d, "access_form_confirm");
    d.keys(&["n"]);
    assert_eq!(form(&d).prompt, None);
    assert!(
        store(&d).access_requests().unwrap().is_empty(),
        "n sends nothing"
    );
}

#[test]
fn sending_writes_the_file_beside_the_demo_and_opens_my_requests() {
    let mut d = demo(80, 24);
    filled(
        &mut d,
        "team:sales-analytics",
        "Weekly revenue report\nfor the board",
    );
    d.keys(&["ctrl-s", "y"]);
    let requests = store(&d).access_requests().unwrap();
    assert_eq!(requests.len(), 1);
    let entry = &requests[0];
    assert_eq!(entry.status, RequestStatus::Written);
    let file = d
        .dir
        .path()
        .join("access-requests")
        .join(format!("{}.yaml", entry.id));
    assert_eq!(
        entry.file.as_deref(),
        Some(file.display().to_string().as_str())
    );
    let yaml: serde_json::Value =
        serde_norway::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(
        yaml["info"]["purpose"],
        "Weekly revenue report\nfor the board"
    );
    assert_eq!(yaml["info"]["startDate"], "2026-12-01");
    assert_eq!(yaml["info"]["endDate"], "2027-03-31");
    assert_eq!(yaml["consumer"]["teamId"], "sales-analytics");
    assert_eq!(
        toasts(&d),
        vec![format!(
            "`demo` has no server: request written to {} (and .json) to commit or send",
            file.display()
        )]
    );
    match d.tui.app.stack.last() {
        Some(Screen::Requests(screen)) => {
            assert_eq!(
                screen.selected().map(|e| e.id.clone()),
                Some(entry.id.clone())
            );
        }
        other => panic!("My requests is not on top: {other:?}"),
    }
    assert!(
        !d.tui
            .app
            .stack
            .iter()
            .any(|s| matches!(s, Screen::AccessForm(_))),
        "the form is closed once sent"
    );
}

#[test]
fn readonly_opens_nothing() {
    let mut d = demo(80, 24);
    d.tui
        .set_access(AccessSetup {
            fallback_dir: d.dir.path().to_path_buf(),
            readonly: true,
            ..AccessSetup::default()
        })
        .unwrap();
    command(&mut d, &format!("product {PRODUCT}"));
    d.keys(&["a"]);
    command(&mut d, &format!("access {PRODUCT}"));
    assert!(matches!(d.tui.app.stack.last(), Some(Screen::Product(_))));
    assert_eq!(
        toasts(&d),
        vec![
            "read only (--readonly): access requests are disabled".to_owned(),
            "read only (--readonly): access requests are disabled".to_owned(),
        ]
    );
}

#[test]
fn esc_asks_before_discarding_what_was_typed() {
    let mut d = demo(80, 24);
    command(&mut d, &format!("product {PRODUCT}"));
    d.keys(&["a", "esc"]);
    assert!(
        matches!(d.tui.app.stack.last(), Some(Screen::Product(_))),
        "nothing typed: esc leaves at once"
    );
    d.keys(&["a", "tab", "tab"]);
    d.typed("quarterly report");
    d.keys(&["esc"]);
    assert_eq!(form(&d).prompt, Some(FormPrompt::Discard));
    assert!(
        d.screen(80, 24)
            .contains("Discard the request? What you typed is lost.")
    );
    d.keys(&["n"]);
    assert_eq!(form(&d).prompt, None);
    assert_eq!(form(&d).purpose.text(), "quarterly report");
    d.keys(&["esc", "y"]);
    assert!(matches!(d.tui.app.stack.last(), Some(Screen::Product(_))));
}

#[test]
fn letters_type_in_the_form_instead_of_running_keys() {
    let mut d = demo(80, 24);
    command(&mut d, &format!("access {PRODUCT}"));
    d.keys(&["tab", "tab"]);
    d.typed("q?R/a");
    assert_eq!(form(&d).purpose.text(), "q?R/a");
    assert!(!d.tui.app.quit);
}

/// A request that cannot be written stays queued: the fallback folder is a file.
fn unwritable(d: &mut Demo) {
    let blocker = d.dir.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    d.tui
        .set_access(AccessSetup {
            fallback_dir: blocker,
            ..AccessSetup::default()
        })
        .unwrap();
}

/// Files can be written again.
fn writable(d: &mut Demo) {
    let dir = d.dir.path().to_path_buf();
    d.tui
        .set_access(AccessSetup {
            fallback_dir: dir,
            ..AccessSetup::default()
        })
        .unwrap();
}

#[test]
fn a_duplicate_pending_request_is_refused_and_the_form_keeps_its_text() {
    let mut d = demo(80, 24);
    unwritable(&mut d);
    filled(&mut d, "team:sales-analytics", "Weekly revenue report");
    d.keys(&["ctrl-s", "y"]);
    let first = store(&d).access_requests().unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].status, RequestStatus::Queued);
    assert!(toasts(&d)[0].starts_with(&format!(
        "request {} queued (cannot write",
        &first[0].id[..8]
    )));
    d.tui.app.toasts.clear();
    filled(&mut d, "team:sales-analytics", "Again");
    d.keys(&["ctrl-s", "y"]);
    assert_eq!(
        toasts(&d),
        vec![format!(
            "a request for the same port and consumer is already pending ({}); `meshlens access list` shows it",
            first[0].id
        )]
    );
    assert_eq!(form(&d).purpose.text(), "Again");
    assert!(!form(&d).sending);
}

#[test]
fn canceling_a_queued_request_asks_then_cancels() {
    let mut d = demo(80, 24);
    unwritable(&mut d);
    filled(&mut d, "team:sales-analytics", "Weekly revenue report");
    d.keys(&["ctrl-s", "y"]);
    d.tui.app.toasts.clear();
    d.keys(&["c"]);
    let id = store(&d).access_requests().unwrap()[0].id.clone();
    assert!(
        d.screen(80, 24)
            .contains(&format!("Cancel request {} ({PRODUCT} port", &id[..8]))
    );
    d.keys(&["n"]);
    assert_eq!(
        store(&d).access_requests().unwrap()[0].status,
        RequestStatus::Queued
    );
    d.keys(&["c", "y"]);
    assert_eq!(
        store(&d).access_requests().unwrap()[0].status,
        RequestStatus::Canceled
    );
    assert_eq!(toasts(&d), vec![format!("request {} canceled", &id[..8])]);
    assert!(d.screen(160, 48).contains("canceled"));
}

#[test]
fn an_unknown_consumer_is_a_field_error_with_the_nearest_and_nothing_is_written() {
    let mut d = demo(80, 24);
    filled(&mut d, "team:Sales Analytcs", "Weekly revenue report");
    d.keys(&["ctrl-s", "y"]);
    assert_eq!(
        form(&d).problems,
        vec![(
            meshlens::access::Field::Consumer,
            "no team `Sales Analytcs` in the catalogue; nearest: Sales Analytics".to_owned()
        )]
    );
    assert!(store(&d).access_requests().unwrap().is_empty());
    assert!(d.screen(80, 24).contains("no team `Sales Analytcs`"));
}

#[test]
fn a_written_request_is_withdrawn_its_files_removed_and_the_audit_log_says_so() {
    let mut d = demo(80, 24);
    filled(&mut d, "team:sales-analytics", "Weekly revenue report");
    d.keys(&["ctrl-s", "y"]);
    let written = store(&d).access_requests().unwrap().remove(0);
    assert_eq!(written.status, RequestStatus::Written);
    let yaml = std::path::PathBuf::from(written.file.clone().unwrap());
    assert!(yaml.exists() && yaml.with_extension("json").exists());
    d.tui.app.toasts.clear();
    d.keys(&["c", "y"]);
    assert_eq!(
        store(&d).access_requests().unwrap()[0].status,
        RequestStatus::Canceled
    );
    assert!(!yaml.exists() && !yaml.with_extension("json").exists());
    let audit = store(&d).access_audit().unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.action, "canceled");
    assert_eq!(
        last.detail,
        format!(
            "withdrawn; removed {} and {}",
            yaml.display(),
            yaml.with_extension("json").display()
        )
    );
}

#[test]
fn my_requests_is_empty_at_first_and_says_how_to_make_one() {
    let mut d = demo(80, 24);
    d.keys(&["R"]);
    assert!(matches!(d.tui.app.stack.last(), Some(Screen::Requests(_))));
    assert!(d.screen(160, 48).contains(
        "No access requests yet. Open a product and press a (or :access PRODUCT) to make one."
    ));
}

#[test]
fn my_requests_lists_newest_first_and_enter_opens_the_product() {
    let mut d = demo(80, 24);
    filled(&mut d, "team:sales-analytics", "Weekly revenue report");
    d.keys(&["ctrl-s", "y"]);
    filled(
        &mut d,
        "user:aisha.bello@larkspur-retail.com",
        "Churn model features",
    );
    d.keys(&["ctrl-s", "y"]);
    let mut made = store(&d).access_requests().unwrap();
    made.sort_by(|a, b| a.consumer.cmp(&b.consumer));
    let ids: Vec<String> = made.into_iter().map(|e| e.id).collect();
    // Stable for the snapshot: fixed times, ids and files.
    let outbox = meshlens::store::outbox_path(&d.dir.path().join("catalogue.sqlite"));
    let conn = rusqlite::Connection::open(outbox).unwrap();
    for (n, (id, created)) in ids
        .iter()
        .zip(["2026-11-25T11:57:00Z", "2026-11-23T09:00:00Z"])
        .enumerate()
    {
        conn.execute(
            "UPDATE access_outbox SET created_at = ?2, file = ?3 WHERE id = ?1",
            rusqlite::params![id, created, format!("access-requests/request-{n}.yaml")],
        )
        .unwrap();
    }
    command(&mut d, "requests");
    d.tui.app.toasts.clear();
    let redact = |d: &mut Demo, w: u16, h: u16| {
        let mut screen = screen(d, w, h);
        for (n, id) in ids.iter().enumerate() {
            screen = screen.replace(&id[..8], &format!("request{n}"));
        }
        screen
    };
    for (w, h) in SIZES {
        let screen = redact(&mut d, w, h);
        insta::assert_snapshot!(format!("access_requests_{w}x{h}"), screen);
    }
    d.keys(&["j", "enter"]);
    match d.tui.app.stack.last() {
        Some(Screen::Product(screen)) => assert_eq!(screen.id, PRODUCT),
        other => panic!("{other:?}"),
    }
}

#[test]
fn access_without_a_product_says_how() {
    let mut d = demo(80, 24);
    command(&mut d, "teams");
    command(&mut d, "access");
    assert_eq!(
        toasts(&d),
        vec!["no product here: open one, or :access PRODUCT-ID".to_owned()]
    );
}

#[test]
fn queued_requests_go_out_with_the_next_sync_and_with_s_on_my_requests() {
    let mut d = demo(80, 24);
    unwritable(&mut d);
    filled(&mut d, "team:sales-analytics", "Weekly revenue report");
    d.keys(&["ctrl-s", "y"]);
    filled(
        &mut d,
        "user:aisha.bello@larkspur-retail.com",
        "Churn model features",
    );
    d.keys(&["ctrl-s", "y"]);
    let statuses = |d: &Demo| -> Vec<RequestStatus> {
        let mut list: Vec<_> = store(d)
            .access_requests()
            .unwrap()
            .into_iter()
            .map(|e| (e.consumer, e.status))
            .collect();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.into_iter().map(|(_, status)| status).collect()
    };
    assert_eq!(statuses(&d), vec![RequestStatus::Queued; 2]);
    // The folder becomes writable: `s` on My requests sends both.
    writable(&mut d);
    d.tui.app.toasts.clear();
    d.keys(&["s"]);
    assert_eq!(statuses(&d), vec![RequestStatus::Written; 2]);
    assert_eq!(
        toasts(&d),
        vec![
            "sending queued requests, reading back their status…".to_owned(),
            "2 request(s) sent or checked".to_owned(),
        ]
    );
    assert!(d.screen(80, 24).contains("written"));
    // A new queued one goes out with a catalogue sync (S).
    unwritable(&mut d);
    filled(&mut d, "team:finance-controlling", "Forecast inputs");
    d.keys(&["ctrl-s", "y"]);
    writable(&mut d);
    d.tui.app.toasts.clear();
    d.keys(&["S"]);
    assert_eq!(statuses(&d), vec![RequestStatus::Written; 3]);
    assert!(
        toasts(&d)
            .iter()
            .any(|t| t.ends_with("; 1 access request(s) sent or checked")),
        "{:?}",
        toasts(&d)
    );
}

#[test]
fn a_on_a_search_hit_opens_the_form_for_that_product() {
    let mut d = demo(80, 24);
    let first = match &d.tui.app.search.results {
        meshlens::tui::app::Loadable::Loaded(results) => results.hits[0].id.clone(),
        other => panic!("{other:?}"),
    };
    d.keys(&["a"]);
    assert_eq!(form(&d).product_id, first);
    let screen = d.screen(80, 24);
    assert!(screen.contains(&format!("({first})")), "{screen}");
}
