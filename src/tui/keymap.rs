//! Key bindings: one table per context, embedded defaults (assets/keymap.toml)
//! with partial overrides from config.toml. The same table feeds key
//! resolution, the hint bar, the help overlay and docs/keys.md.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Deserializer, Serialize};

use super::action::Command;

const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Where a binding applies. Lookups walk from the most specific context out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Global,
    Navigation,
    Search,
    SearchInput,
    Product,
    Team,
    Lineage,
    Impact,
    Health,
    Contract,
    SchemaFilter,
    AccessForm,
    Requests,
    Confirm,
    Help,
    Command,
}

impl Context {
    pub const ALL: [Context; 16] = [
        Context::Global,
        Context::Navigation,
        Context::Search,
        Context::SearchInput,
        Context::Product,
        Context::Lineage,
        Context::Impact,
        Context::Health,
        Context::Team,
        Context::Contract,
        Context::SchemaFilter,
        Context::AccessForm,
        Context::Requests,
        Context::Confirm,
        Context::Help,
        Context::Command,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Navigation => "Lists and views",
            Context::Search => "Search results",
            Context::SearchInput => "Typing a search",
            Context::Product => "Product",
            Context::Lineage => "Lineage tab",
            Context::Impact => "Impact list",
            Context::Health => "Health view",
            Context::Team => "Team",
            Context::Contract => "Contract",
            Context::SchemaFilter => "Typing a schema filter",
            Context::AccessForm => "Access request form (letters type)",
            Context::Requests => "My access requests",
            Context::Confirm => "A yes / no question",
            Context::Help => "Help",
            Context::Command => "Command line",
        }
    }
}

/// A key with its modifiers, written `ctrl-d`, `shift-tab`, `f1`, `G`, `?`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySpec {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` subset that can be ordered and named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

const NAMED: [(&str, KeyCodeOrd); 15] = [
    ("enter", KeyCodeOrd::Enter),
    ("esc", KeyCodeOrd::Esc),
    ("tab", KeyCodeOrd::Tab),
    ("backtab", KeyCodeOrd::BackTab),
    ("backspace", KeyCodeOrd::Backspace),
    ("delete", KeyCodeOrd::Delete),
    ("up", KeyCodeOrd::Up),
    ("down", KeyCodeOrd::Down),
    ("left", KeyCodeOrd::Left),
    ("right", KeyCodeOrd::Right),
    ("home", KeyCodeOrd::Home),
    ("end", KeyCodeOrd::End),
    ("pageup", KeyCodeOrd::PageUp),
    ("pagedown", KeyCodeOrd::PageDown),
    ("space", KeyCodeOrd::Char(' ')),
];

impl KeySpec {
    pub fn from_event(event: &KeyEvent) -> Option<KeySpec> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            _ => return None,
        };
        Some(KeySpec {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// A key that types a character (no ctrl/alt).
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCodeOrd::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }
}

impl FromStr for KeySpec {
    type Err = String;

    fn from_str(text: &str) -> Result<KeySpec, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = if rest == "shift-tab" {
            KeyCodeOrd::BackTab
        } else if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == rest) {
            *code
        } else if let Some(n) = rest.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            KeyCodeOrd::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCodeOrd::Char(c),
                _ => {
                    return Err(format!(
                        "unknown key name `{text}` (try `ctrl-d`, `f1`, `pagedown`, `G`)"
                    ));
                }
            }
        };
        Ok(KeySpec { code, ctrl, alt })
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            write!(f, "ctrl-")?;
        }
        if self.alt {
            write!(f, "alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => write!(f, "space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "f{n}"),
            named => {
                let name = NAMED
                    .iter()
                    .find(|(_, code)| *code == named)
                    .map_or("?", |(name, _)| name);
                write!(f, "{name}")
            }
        }
    }
}

impl<'de> Deserialize<'de> for KeySpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeySpec, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for KeySpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// `[keys.CONTEXT] "key" = "action"` tables of config.toml.
pub type KeyOverrides = BTreeMap<Context, BTreeMap<KeySpec, Command>>;

#[derive(Debug, thiserror::Error)]
#[error("the embedded keymap is invalid: {0}")]
pub struct DefaultKeymapError(String);

/// A context's bindings (a TOML table read as a list).
struct OrderedBindings(Vec<(KeySpec, Command)>);

impl<'de> Deserialize<'de> for OrderedBindings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OrderedBindings, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = OrderedBindings;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a table of \"key\" = \"action\"")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderedBindings, A::Error> {
                let mut list = Vec::new();
                while let Some((key, command)) = map.next_entry::<KeySpec, Command>()? {
                    list.push((key, command));
                }
                Ok(OrderedBindings(list))
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// The active bindings: per context, in [`Command`] order.
#[derive(Debug, Clone)]
pub struct Keymap {
    tables: BTreeMap<Context, Vec<(KeySpec, Command)>>,
}

impl Keymap {
    pub fn defaults() -> Result<Keymap, DefaultKeymapError> {
        let tables: BTreeMap<Context, OrderedBindings> =
            toml::from_str(DEFAULT_KEYMAP).map_err(|e| DefaultKeymapError(e.to_string()))?;
        let mut keymap = Keymap {
            tables: tables.into_iter().map(|(c, b)| (c, b.0)).collect(),
        };
        keymap.sort();
        Ok(keymap)
    }

    /// Bindings in command order (TOML tables do not keep their order).
    fn sort(&mut self) {
        for table in self.tables.values_mut() {
            table.sort_by_key(|(key, command)| (*command, *key));
        }
    }

    /// The defaults with `overrides` applied (`none` removes a binding).
    pub fn with_overrides(mut self, overrides: &KeyOverrides) -> Keymap {
        for (context, bindings) in overrides {
            let table = self.tables.entry(*context).or_default();
            for (key, command) in bindings {
                match table.iter_mut().find(|(k, _)| k == key) {
                    Some(binding) => binding.1 = *command,
                    None => table.push((*key, *command)),
                }
            }
            table.retain(|(_, command)| *command != Command::None);
        }
        self.sort();
        self
    }

    /// The command bound to `key` in the first of `contexts` that binds it.
    pub fn resolve(&self, contexts: &[Context], key: &KeySpec) -> Option<Command> {
        contexts.iter().find_map(|context| {
            self.bindings(*context)
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, command)| *command)
        })
    }

    pub fn bindings(&self, context: Context) -> &[(KeySpec, Command)] {
        self.tables.get(&context).map_or(&[], Vec::as_slice)
    }

    /// The first key bound to `command` in `contexts`.
    pub fn key_for(&self, contexts: &[Context], command: Command) -> Option<KeySpec> {
        contexts.iter().find_map(|context| {
            self.bindings(*context)
                .iter()
                .find(|(_, c)| *c == command)
                .map(|(key, _)| *key)
        })
    }

    /// Every (context, keys, command), keys of one command grouped: the help
    /// overlay's rows.
    pub fn help_rows(&self) -> Vec<(Context, String, Command)> {
        let mut rows = Vec::new();
        for context in Context::ALL {
            let mut grouped: Vec<(Command, Vec<String>)> = Vec::new();
            for (key, command) in self.bindings(context) {
                match grouped.iter_mut().find(|(c, _)| c == command) {
                    Some((_, keys)) => keys.push(key.to_string()),
                    None => grouped.push((*command, vec![key.to_string()])),
                }
            }
            for (command, keys) in grouped {
                rows.push((context, keys.join(" "), command));
            }
        }
        rows
    }

    /// docs/keys.md.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "# meshlens keys\n\nGenerated from assets/keymap.toml (a test fails when this file is stale).\n\
             Override any key in config.toml, e.g. `[keys.navigation]` `\"x\" = \"quit\"`; `\"none\"` unbinds.\n",
        );
        let rows = self.help_rows();
        for context in Context::ALL {
            let name = serde_json::to_value(context)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            out.push_str(&format!(
                "\n## {} (`[keys.{name}]`)\n\n| keys | action | does |\n|---|---|---|\n",
                context.title()
            ));
            for (_, keys, command) in rows.iter().filter(|(c, _, _)| *c == context) {
                let action = serde_json::to_value(command)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let keys = keys
                    .split(' ')
                    .map(|k| format!("`{}`", k.replace('|', "\\|")))
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push_str(&format!(
                    "| {keys} | `{action}` | {} |\n",
                    command.description()
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> KeySpec {
        text.parse().unwrap()
    }

    #[test]
    fn key_names_round_trip() {
        for name in [
            "ctrl-c", "f1", "G", "?", "pagedown", "backtab", "alt-x", "space", "1",
        ] {
            assert_eq!(key(name).to_string(), name);
        }
        assert_eq!(key("shift-tab"), key("backtab"));
        assert!("ctrl-".parse::<KeySpec>().is_err());
        assert!(
            "hyper-x"
                .parse::<KeySpec>()
                .unwrap_err()
                .contains("unknown key name `hyper-x`")
        );
    }

    #[test]
    fn events_map_to_specs_and_shift_is_in_the_char() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeySpec::from_event(&event), Some(key("G")));
        let event = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(KeySpec::from_event(&event), Some(key("ctrl-c")));
    }

    #[test]
    fn defaults_resolve_from_the_innermost_context() {
        let keymap = Keymap::defaults().unwrap();
        let browse = [Context::Product, Context::Navigation, Context::Global];
        assert_eq!(keymap.resolve(&browse, &key("q")), Some(Command::Close));
        assert_eq!(keymap.resolve(&browse, &key("tab")), Some(Command::NextTab));
        assert_eq!(keymap.resolve(&browse, &key("3")), Some(Command::Tab3));
        let typing = [Context::SearchInput, Context::Global];
        assert_eq!(keymap.resolve(&typing, &key("q")), None);
        assert_eq!(keymap.resolve(&typing, &key("ctrl-c")), Some(Command::Quit));
    }

    #[test]
    fn overrides_replace_add_and_unbind() {
        let mut overrides = KeyOverrides::new();
        overrides.entry(Context::Navigation).or_default().extend([
            (key("x"), Command::Quit),
            (key("q"), Command::None),
            (key("j"), Command::Up),
        ]);
        let keymap = Keymap::defaults().unwrap().with_overrides(&overrides);
        let nav = [Context::Navigation];
        assert_eq!(keymap.resolve(&nav, &key("x")), Some(Command::Quit));
        assert_eq!(keymap.resolve(&nav, &key("q")), None);
        assert_eq!(keymap.resolve(&nav, &key("j")), Some(Command::Up));
        assert_eq!(keymap.resolve(&nav, &key("k")), Some(Command::Up));
    }

    #[test]
    fn help_rows_group_the_keys_of_one_command() {
        let rows = Keymap::defaults().unwrap().help_rows();
        assert!(rows.contains(&(Context::Navigation, "j down".to_owned(), Command::Down)));
        assert!(rows.contains(&(Context::Global, "ctrl-c".to_owned(), Command::Quit)));
    }
}
