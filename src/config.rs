//! `config.toml`: the catalogue sources (and, later, keys and theme).
//! Layered: built-in defaults < config file < environment < command line.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("config file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceSpec>,
    /// `[keys.CONTEXT]` overrides of the explorer's keymap.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub keys: crate::tui::keymap::KeyOverrides,
    /// `[theme]`: base (dark/light) and style overrides.
    #[serde(default)]
    pub theme: crate::tui::theme::ThemeConfig,
}

/// One `[[source]]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub name: String,
    pub kind: SourceKind,
    /// The folder of a `dir` source; `~` is expanded.
    #[serde(default)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Dir,
}

impl Config {
    /// Reads `path`; a missing file is an empty config, a broken one an error
    /// that names the line.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError::Unreadable {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                });
            }
        };
        let config: Config = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: describe_toml_error(&text, &e),
        })?;
        config.check(path)?;
        Ok(config)
    }

    fn check(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let mut seen = std::collections::HashSet::new();
        for source in &self.sources {
            if !seen.insert(source.name.as_str()) {
                return Err(invalid(format!("two sources are named `{}`", source.name)));
            }
            if source.kind == SourceKind::Dir && source.path.is_none() {
                return Err(invalid(format!(
                    "source `{}` is a dir source but has no `path`",
                    source.name
                )));
            }
        }
        Ok(())
    }
}

fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message();
    match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_string(),
    }
}

/// Expands a leading `~/` to the home directory.
pub fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(base)) => base.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    #[test]
    fn missing_file_is_an_empty_config() {
        let config = Config::load(Path::new("/nonexistent/meshlens/config.toml")).unwrap();
        assert!(config.sources.is_empty());
    }

    #[test]
    fn reads_dir_sources() {
        let config =
            load_str("[[source]]\nname = \"sales\"\nkind = \"dir\"\npath = \"/mesh/sales\"\n")
                .unwrap();
        assert_eq!(
            config.sources,
            vec![SourceSpec {
                name: "sales".into(),
                kind: SourceKind::Dir,
                path: Some("/mesh/sales".into())
            }]
        );
    }

    #[test]
    fn unknown_key_names_the_line() {
        let err =
            load_str("[[source]]\nname = \"sales\"\nkind = \"dir\"\npaht = \"/x\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("line 4, column 1"), "{text}");
        assert!(text.contains("unknown field `paht`"), "{text}");
    }

    #[test]
    fn unknown_kind_is_explained() {
        let err = load_str("[[source]]\nname = \"s\"\nkind = \"ftp\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown variant `ftp`"), "{err}");
    }

    #[test]
    fn duplicate_names_are_refused() {
        let text = "[[source]]\nname = \"a\"\nkind = \"dir\"\npath = \"/x\"\n[[source]]\nname = \"a\"\nkind = \"dir\"\npath = \"/y\"\n";
        assert!(
            load_str(text)
                .unwrap_err()
                .to_string()
                .contains("two sources are named `a`")
        );
    }
}
