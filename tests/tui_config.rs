//! `[keys]` and `[theme]` in config.toml: partial overrides, and errors that
//! name the line.

use meshlens::config::Config;
use meshlens::tui::action::Command;
use meshlens::tui::keymap::{Context, Keymap};

fn load(text: &str) -> Result<Config, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    Config::load(&path).map_err(|e| e.to_string())
}

#[test]
fn key_overrides_apply_over_the_defaults() {
    let config = load("[keys.navigation]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n").unwrap();
    let keymap = Keymap::defaults().unwrap().with_overrides(&config.keys);
    let nav = [Context::Navigation];
    assert_eq!(
        keymap.resolve(&nav, &"x".parse().unwrap()),
        Some(Command::Quit)
    );
    assert_eq!(keymap.resolve(&nav, &"q".parse().unwrap()), None);
    assert_eq!(
        keymap.resolve(&nav, &"j".parse().unwrap()),
        Some(Command::Down)
    );
}

#[test]
fn an_unknown_action_names_the_line() {
    let err = load("[[source]]\nname = \"a\"\nkind = \"dir\"\npath = \"/x\"\n\n[keys.navigation]\n\"x\" = \"explode\"\n").unwrap_err();
    assert!(err.contains("line 7"), "{err}");
    assert!(err.contains("unknown variant `explode`"), "{err}");
}

#[test]
fn an_unknown_key_name_names_the_line() {
    let err = load("[keys.navigation]\n\"j\" = \"down\"\n\"ctrl-sup\" = \"quit\"\n").unwrap_err();
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("unknown key name `ctrl-sup`"), "{err}");
}

#[test]
fn an_unknown_context_names_the_line() {
    let err = load("[keys.everywhere]\n\"j\" = \"down\"\n").unwrap_err();
    assert!(err.contains("line 1"), "{err}");
    assert!(err.contains("unknown variant `everywhere`"), "{err}");
}

#[test]
fn theme_base_and_styles_load_and_unknown_slots_fail() {
    let config = load("[theme]\nbase = \"light\"\n[theme.styles]\nselection = { fg = \"black\", bg = \"yellow\" }\n").unwrap();
    assert_eq!(config.theme.base, meshlens::tui::theme::Base::Light);
    let err = load("[theme]\nbase = \"light\"\n[theme.styles]\nselected = { fg = \"black\" }\n")
        .unwrap_err();
    assert!(err.contains("line 4"), "{err}");
    assert!(err.contains("unknown variant `selected`"), "{err}");
}
