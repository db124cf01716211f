//! `:` commands take ids and names; one that names nothing says so, with
//! the nearest matches, and leaves the screen as it was. And a property
//! test: random keys and commands over the demo and a generated 5k mesh,
//! after which Esc still walks back to the search, q quits, and Ctrl-C
//! quits from anywhere.

mod tui_support;

use meshlens::sources::{DirSource, Source};
use meshlens::synthetic::{GenOptions, generate};
use meshlens::tui::action::{Command, Msg};
use meshlens::tui::app::Screen;
use proptest::prelude::*;
use tui_support::{Demo, demo, with_sources};

fn command(d: &mut Demo, text: &str) {
    d.tui.send(Msg::Command(Command::CommandMode));
    d.typed(text);
    d.keys(&["enter"]);
}

fn toasts(d: &Demo) -> Vec<String> {
    d.tui.app.toasts.iter().map(|t| t.text.clone()).collect()
}

/// The id of the screen on top, as "kind id".
fn top(d: &Demo) -> String {
    match d.tui.app.stack.last() {
        None => "search".to_owned(),
        Some(Screen::Product(s)) => format!("product {}", s.id),
        Some(Screen::Impact(s)) => format!("impact {}", s.id),
        Some(Screen::Contract(s)) => format!("contract {}", s.id),
        Some(Screen::Team(s)) => format!("team {}", s.name),
        Some(Screen::AccessForm(s)) => format!("access {}", s.product_id),
        Some(_) => "other".to_owned(),
    }
}

#[test]
fn a_command_naming_nothing_says_so_and_changes_nothing() {
    let mut d = demo(100, 30);
    command(&mut d, "product sales-orders-cleansed");
    assert_eq!(top(&d), "product sales-orders-cleansed");
    let cases = [
        ("impact nosuch", "no product `nosuch` in the catalogue"),
        ("product nosuch", "no product `nosuch` in the catalogue"),
        ("lineage nosuch", "no product `nosuch` in the catalogue"),
        ("access nosuch", "no product `nosuch` in the catalogue"),
        ("contract nosuch", "no contract `nosuch` in the catalogue"),
        ("team nosuch", "no team `nosuch` in the catalogue"),
        (
            "product sales-ordrs",
            "no product `sales-ordrs` in the catalogue; nearest: sales-orders-cleansed \
             (Sales Orders (Cleansed)), sales-online-orders (Online Orders)",
        ),
    ];
    for (text, message) in cases {
        d.tui.app.toasts.clear();
        let depth = d.tui.app.stack.len();
        command(&mut d, text);
        assert_eq!(toasts(&d), [message], ":{text}");
        assert_eq!(d.tui.app.stack.len(), depth, ":{text}");
        assert_eq!(top(&d), "product sales-orders-cleansed", ":{text}");
    }
    // Esc and q still act: back to the search, then quit.
    d.keys(&["esc"]);
    assert_eq!(top(&d), "search");
    d.keys(&["q"]);
    assert!(d.tui.app.quit);
}

#[test]
fn commands_take_names_in_any_case() {
    let mut d = demo(100, 30);
    for (text, opened) in [
        (
            "product SALES ORDERS (CLEANSED)",
            "product sales-orders-cleansed",
        ),
        ("impact Customer Master", "impact customer-master"),
        (
            "contract URN:DATACONTRACT:SALES:ORDERS-CLEANSED",
            "contract urn:datacontract:sales:orders-cleansed",
        ),
    ] {
        command(&mut d, text);
        assert_eq!(top(&d), opened, ":{text}");
        assert!(toasts(&d).is_empty(), ":{text}: {:?}", toasts(&d));
        let screen = d.screen(100, 30);
        assert!(!screen.contains("in the catalogue"), ":{text}\n{screen}");
    }
}

/// One step of a user: a key, or a `:` command.
#[derive(Debug, Clone)]
enum Step {
    Key(&'static str),
    Command(String),
}

const KEYS: &[&str] = &[
    "j",
    "k",
    "g",
    "G",
    "enter",
    "esc",
    "tab",
    "backtab",
    "/",
    "?",
    "a",
    "R",
    "H",
    "T",
    "O",
    "1",
    "2",
    "3",
    "4",
    "5",
    "+",
    "-",
    "l",
    "h",
    "x",
    "backspace",
    "ctrl-d",
    "ctrl-u",
    "space",
    "n",
    "y",
];

const COMMANDS: &[&str] = &[
    "product", "lineage", "impact", "contract", "team", "access", "domain", "health", "teams",
    "requests", "help", "nonsense", "",
];

const ARGUMENTS: &[&str] = &[
    "",
    "nosuch",
    "sales-orders-cleansed",
    "Customer Master",
    "urn:datacontract:sales:orders-cleansed",
    "\u{1b}[31mred",
    "sales",
    "a b c",
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(Step::Key),
        1 => (prop::sample::select(COMMANDS), prop::sample::select(ARGUMENTS))
            .prop_map(|(c, a)| Step::Command(format!("{c} {a}").trim().to_owned())),
    ]
}

fn apply(d: &mut Demo, step: &Step) {
    match step {
        Step::Key(key) => d.keys(&[key]),
        Step::Command(text) => command(d, text),
    }
}

/// Back to the search with Esc (answering "discard?" prompts with y),
/// checking on the way that Ctrl-C would quit from every state.
fn walk_back(d: &mut Demo) -> Result<(), TestCaseError> {
    for _ in 0..40 {
        let app = &d.tui.app;
        if app.stack.is_empty() && app.overlay.is_none() && !app.search.focused {
            return Ok(());
        }
        let prompt = app.contexts().first() == Some(&meshlens::tui::keymap::Context::Confirm);
        d.keys(&[if prompt { "y" } else { "esc" }]);
    }
    Err(TestCaseError::fail(format!(
        "Esc did not lead back to the search: {:?}",
        d.tui.app.contexts()
    )))
}

fn ctrl_c_quits(d: &Demo) -> Result<(), TestCaseError> {
    let key = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('c'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    let msg = d.tui.app.on_key(&key);
    prop_assert!(
        matches!(msg, Some(Msg::Command(Command::Quit))),
        "Ctrl-C is {:?} in {:?}",
        msg,
        d.tui.app.contexts()
    );
    // On a copy of the state: the key must end the program from here.
    let mut app = d.tui.app.clone();
    let effects = app.update(Msg::Command(Command::Quit));
    prop_assert!(
        effects.contains(&meshlens::tui::action::Effect::Quit),
        "Ctrl-C did not quit in {:?}: {:?}",
        d.tui.app.contexts(),
        effects
    );
    Ok(())
}

fn drive(d: &mut Demo, steps: &[Step]) -> Result<(), TestCaseError> {
    for step in steps {
        apply(d, step);
        ctrl_c_quits(d)?;
    }
    walk_back(d)?;
    d.tui.app.toasts.clear();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn random_keys_and_commands_never_trap_the_user_in_the_demo(
        steps in prop::collection::vec(step(), 1..30)
    ) {
        let mut d = demo(80, 24);
        drive(&mut d, &steps)?;
        d.keys(&["q"]);
        prop_assert!(d.tui.app.quit);
    }
}

/// A generated mesh of 5,000 products, synced once for every case.
fn mesh_5k() -> &'static std::sync::Mutex<Demo> {
    static MESH: std::sync::OnceLock<std::sync::Mutex<Demo>> = std::sync::OnceLock::new();
    MESH.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = dir.join("mesh");
        generate(
            &GenOptions {
                products: 5_000,
                seed: 7,
                out: out.clone(),
            },
            &mut |_| {},
        )
        .unwrap();
        let sources: Vec<Box<dyn Source>> = vec![Box::new(DirSource::new("mesh", out))];
        std::sync::Mutex::new(with_sources(sources, 160, 48))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    #[test]
    fn random_keys_and_commands_never_trap_the_user_on_5k_products(
        steps in prop::collection::vec(step(), 1..20)
    ) {
        let mut d = mesh_5k().lock().unwrap_or_else(|e| e.into_inner());
        drive(&mut d, &steps)?;
    }
}
