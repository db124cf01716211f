//! Semantic style slots: widgets ask for `theme.style(Slot::Selection)`, never
//! for a colour. Dark and light bases, partial overrides from config.toml, and
//! `NO_COLOR` (modifiers only; the selection stays visible in reverse video).

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    Text,
    Muted,
    Title,
    Accent,
    Border,
    BorderFocused,
    Selection,
    Match,
    Header,
    HintKey,
    HintText,
    TabActive,
    Tab,
    Notice,
    Error,
    StatusActive,
    StatusOther,
    Input,
    /// Diff levels (the level's name is always written too).
    LevelError,
    LevelWarning,
    LevelInfo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    #[default]
    Dark,
    Light,
}

/// `[theme]` of config.toml.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    #[serde(default)]
    pub base: Base,
    #[serde(default)]
    pub styles: BTreeMap<Slot, StyleSpec>,
}

/// `{ fg = "cyan", bg = "#202020", bold = true }`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    #[serde(default, deserialize_with = "color", skip_serializing)]
    pub fg: Option<Color>,
    #[serde(default, deserialize_with = "color", skip_serializing)]
    pub bg: Option<Color>,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    #[serde(default)]
    pub underline: bool,
    #[serde(default)]
    pub reverse: bool,
}

fn color<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Color>, D::Error> {
    let text = String::deserialize(d)?;
    Color::from_str(&text).map(Some).map_err(|_| {
        serde::de::Error::custom(format!(
            "unknown colour `{text}` (a name like `cyan`, `#rrggbb` or 0-255)"
        ))
    })
}

impl StyleSpec {
    fn style(&self) -> Style {
        let mut style = Style::default();
        if let Some(fg) = self.fg {
            style = style.fg(fg);
        }
        if let Some(bg) = self.bg {
            style = style.bg(bg);
        }
        for (on, modifier) in [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underline, Modifier::UNDERLINED),
            (self.reverse, Modifier::REVERSED),
        ] {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        style
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    styles: BTreeMap<Slot, Style>,
    pub no_color: bool,
}

impl Theme {
    pub fn dark() -> Theme {
        Theme::from_pairs(&dark_pairs(), false)
    }

    pub fn light() -> Theme {
        Theme::from_pairs(&light_pairs(), false)
    }

    /// Modifiers only: what `NO_COLOR` asks for.
    pub fn monochrome() -> Theme {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let pairs = [
            (Slot::Title, bold),
            (Slot::Accent, bold),
            (
                Slot::Selection,
                Style::default().add_modifier(Modifier::REVERSED),
            ),
            (Slot::Match, bold.add_modifier(Modifier::UNDERLINED)),
            (
                Slot::Header,
                Style::default().add_modifier(Modifier::REVERSED),
            ),
            (Slot::HintKey, bold),
            (Slot::TabActive, bold.add_modifier(Modifier::UNDERLINED)),
            (Slot::BorderFocused, bold),
            (Slot::Error, bold),
            (Slot::Notice, bold),
            (Slot::LevelError, bold),
            (
                Slot::Input,
                Style::default().add_modifier(Modifier::UNDERLINED),
            ),
        ];
        Theme::from_pairs(&pairs, true)
    }

    /// The theme the config asks for, or monochrome when `no_color`.
    pub fn from_config(config: &ThemeConfig, no_color: bool) -> Theme {
        if no_color {
            return Theme::monochrome();
        }
        let mut theme = match config.base {
            Base::Dark => Theme::dark(),
            Base::Light => Theme::light(),
        };
        for (slot, spec) in &config.styles {
            theme.styles.insert(*slot, spec.style());
        }
        theme
    }

    fn from_pairs(pairs: &[(Slot, Style)], no_color: bool) -> Theme {
        Theme {
            styles: pairs.iter().copied().collect(),
            no_color,
        }
    }

    pub fn style(&self, slot: Slot) -> Style {
        self.styles.get(&slot).copied().unwrap_or_default()
    }
}

fn dark_pairs() -> Vec<(Slot, Style)> {
    let fg = |c: Color| Style::default().fg(c);
    let bold = Modifier::BOLD;
    vec![
        (Slot::Text, fg(Color::Gray)),
        (Slot::Muted, fg(Color::DarkGray)),
        (Slot::Title, fg(Color::Cyan).add_modifier(bold)),
        (Slot::Accent, fg(Color::Yellow)),
        (Slot::Border, fg(Color::DarkGray)),
        (Slot::BorderFocused, fg(Color::Cyan)),
        (
            Slot::Selection,
            Style::default()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(bold),
        ),
        (Slot::Match, fg(Color::Yellow).add_modifier(bold)),
        (
            Slot::Header,
            Style::default().bg(Color::Rgb(30, 40, 60)).fg(Color::White),
        ),
        (Slot::HintKey, fg(Color::Cyan).add_modifier(bold)),
        (Slot::HintText, fg(Color::DarkGray)),
        (
            Slot::TabActive,
            fg(Color::Cyan).add_modifier(bold | Modifier::UNDERLINED),
        ),
        (Slot::Tab, fg(Color::Gray)),
        (
            Slot::Notice,
            Style::default().bg(Color::Rgb(20, 60, 40)).fg(Color::White),
        ),
        (
            Slot::Error,
            Style::default()
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(bold),
        ),
        (Slot::StatusActive, fg(Color::Green)),
        (Slot::StatusOther, fg(Color::Magenta)),
        (Slot::Input, fg(Color::White)),
        (Slot::LevelError, fg(Color::LightRed).add_modifier(bold)),
        (Slot::LevelWarning, fg(Color::Yellow)),
        (Slot::LevelInfo, fg(Color::DarkGray)),
    ]
}

fn light_pairs() -> Vec<(Slot, Style)> {
    let fg = |c: Color| Style::default().fg(c);
    let bold = Modifier::BOLD;
    vec![
        (Slot::Text, fg(Color::Black)),
        (Slot::Muted, fg(Color::DarkGray)),
        (Slot::Title, fg(Color::Blue).add_modifier(bold)),
        (Slot::Accent, fg(Color::Rgb(150, 80, 0))),
        (Slot::Border, fg(Color::Gray)),
        (Slot::BorderFocused, fg(Color::Blue)),
        (
            Slot::Selection,
            Style::default()
                .bg(Color::Rgb(200, 220, 255))
                .fg(Color::Black)
                .add_modifier(bold),
        ),
        (Slot::Match, fg(Color::Rgb(170, 60, 0)).add_modifier(bold)),
        (
            Slot::Header,
            Style::default()
                .bg(Color::Rgb(220, 230, 245))
                .fg(Color::Black),
        ),
        (Slot::HintKey, fg(Color::Blue).add_modifier(bold)),
        (Slot::HintText, fg(Color::DarkGray)),
        (
            Slot::TabActive,
            fg(Color::Blue).add_modifier(bold | Modifier::UNDERLINED),
        ),
        (Slot::Tab, fg(Color::DarkGray)),
        (
            Slot::Notice,
            Style::default()
                .bg(Color::Rgb(210, 240, 220))
                .fg(Color::Black),
        ),
        (
            Slot::Error,
            Style::default()
                .bg(Color::Rgb(255, 210, 210))
                .fg(Color::Black)
                .add_modifier(bold),
        ),
        (Slot::StatusActive, fg(Color::Rgb(0, 120, 0))),
        (Slot::StatusOther, fg(Color::Rgb(130, 0, 130))),
        (Slot::Input, fg(Color::Black)),
        (
            Slot::LevelError,
            fg(Color::Rgb(180, 0, 0)).add_modifier(bold),
        ),
        (Slot::LevelWarning, fg(Color::Rgb(150, 80, 0))),
        (Slot::LevelInfo, fg(Color::DarkGray)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_has_no_colours_but_a_reversed_selection() {
        let theme = Theme::from_config(&ThemeConfig::default(), true);
        let selection = theme.style(Slot::Selection);
        assert_eq!(selection.fg, None);
        assert_eq!(selection.bg, None);
        assert!(selection.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn config_overrides_one_slot_over_the_base() {
        let config: ThemeConfig =
            toml::from_str("base = \"light\"\n[styles]\naccent = { fg = \"red\", bold = true }\n")
                .unwrap();
        let theme = Theme::from_config(&config, false);
        assert_eq!(
            theme.style(Slot::Accent),
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
        );
        assert_eq!(theme.style(Slot::Title), Theme::light().style(Slot::Title));
    }

    #[test]
    fn unknown_slot_and_colour_are_errors() {
        let err =
            toml::from_str::<ThemeConfig>("[styles]\nacent = { fg = \"red\" }\n").unwrap_err();
        assert!(err.to_string().contains("unknown variant `acent`"), "{err}");
        let err =
            toml::from_str::<ThemeConfig>("[styles]\naccent = { fg = \"rouge\" }\n").unwrap_err();
        assert!(err.to_string().contains("unknown colour `rouge`"), "{err}");
    }
}
