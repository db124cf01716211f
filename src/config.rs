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
    /// `[me]`: who requests access by default.
    #[serde(default, skip_serializing_if = "Identity::is_empty")]
    pub me: Identity,
    /// A folder of official ODCS / ODPS schema files (as the standards publish
    /// them: `odcs-json-schema-v3.0.2.json`): files declaring one of those
    /// versions are checked against it. Default: `schemas/` beside this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemas: Option<PathBuf>,
}

/// The person using meshlens, for access requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// Their user id on the catalogue server (an e-mail address on Entropy Data).
    #[serde(default)]
    pub user: Option<String>,
    /// Their team's id.
    #[serde(default)]
    pub team: Option<String>,
}

impl Identity {
    pub fn is_empty(&self) -> bool {
        self.user.is_none() && self.team.is_none()
    }
}

/// One `[[source]]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub name: String,
    pub kind: SourceKind,
    /// The folder of a `dir` source; `~` is expanded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// Whether a `dir` source also reads hidden folders and files (`.git`,
    /// `.venv`, …). Default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_hidden: Option<bool>,
    /// The server of an `entropy-data` source (`https://api.entropy-data.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The environment variable holding the API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_env: Option<String>,
    /// A file holding the API key; it must be mode 0600.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_file: Option<PathBuf>,
    /// How often the explorer syncs this source in the background
    /// (`30s`, `15m`, `1h`, `1d`; `0` never). Default 15 minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// The largest answer read from the server, in MB. Default 64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_response_mb: Option<u64>,
    /// How long one sync of the source may take (`30m`, `2h`). Default 1 hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_timeout: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    #[default]
    Dir,
    EntropyData,
}

/// The background sync interval of a source without one.
pub const DEFAULT_INTERVAL: std::time::Duration = std::time::Duration::from_secs(15 * 60);

impl SourceSpec {
    /// The background sync interval; `None` for "never" (`0`).
    pub fn interval(&self) -> Option<std::time::Duration> {
        match self.interval.as_deref() {
            None => Some(DEFAULT_INTERVAL),
            Some(text) => parse_interval(text).ok().filter(|d| !d.is_zero()),
        }
    }

    /// The HTTP settings of a server source: the defaults with its own
    /// response bound and sync deadline.
    pub fn http_settings(&self) -> crate::http::HttpSettings {
        let mut settings = crate::http::HttpSettings::default();
        if let Some(mb) = self.max_response_mb {
            settings.max_response = mb.saturating_mul(1 << 20);
        }
        if let Some(timeout) = self
            .sync_timeout
            .as_deref()
            .and_then(|t| parse_interval(t).ok())
        {
            settings.sync_timeout = timeout;
        }
        settings
    }
}

/// `90`, `30s`, `15m`, `2h`, `1d`.
pub fn parse_interval(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not an interval (write 30s, 15m, 1h or 1d)"))?;
    let seconds = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => {
            return Err(format!(
                "`{other}` is not a unit of time (use s, m, h or d)"
            ));
        }
    };
    Ok(std::time::Duration::from_secs(
        number.saturating_mul(seconds),
    ))
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
            let name = &source.name;
            match source.kind {
                SourceKind::Dir if source.path.is_none() => {
                    return Err(invalid(format!(
                        "source `{name}` is a dir source but has no `path`"
                    )));
                }
                SourceKind::EntropyData => check_server(source).map_err(invalid)?,
                SourceKind::Dir => {}
            }
            if let Some(interval) = &source.interval {
                parse_interval(interval)
                    .map_err(|e| invalid(format!("source `{name}`: interval {e}")))?;
            }
            if let Some(timeout) = &source.sync_timeout {
                match parse_interval(timeout) {
                    Ok(duration) if duration.is_zero() => {
                        return Err(invalid(format!(
                            "source `{name}`: sync_timeout must be longer than 0"
                        )));
                    }
                    Ok(_) => {}
                    Err(e) => {
                        return Err(invalid(format!("source `{name}`: sync_timeout {e}")));
                    }
                }
            }
            if source.max_response_mb == Some(0) {
                return Err(invalid(format!(
                    "source `{name}`: max_response_mb must be at least 1"
                )));
            }
        }
        Ok(())
    }
}

fn check_server(source: &SourceSpec) -> Result<(), String> {
    let name = &source.name;
    let url = source
        .url
        .as_deref()
        .ok_or_else(|| format!("source `{name}` is an entropy-data source but has no `url`"))?;
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| format!("source `{name}`: `{url}` is not a URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "source `{name}`: the url must start with https:// (or http://)"
        ));
    }
    if source.api_key_env.is_some() && source.api_key_file.is_some() {
        return Err(format!(
            "source `{name}` has both api_key_env and api_key_file; keep one"
        ));
    }
    Ok(())
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
                path: Some("/mesh/sales".into()),
                ..SourceSpec::default()
            }]
        );
    }

    #[test]
    fn reads_entropy_data_sources() {
        let config = load_str(
            "[[source]]\nname = \"mesh\"\nkind = \"entropy-data\"\nurl = \"https://api.entropy-data.com\"\n\
             api_key_env = \"ENTROPY_KEY\"\ninterval = \"5m\"\n",
        )
        .unwrap();
        let source = &config.sources[0];
        assert_eq!(source.kind, SourceKind::EntropyData);
        assert_eq!(source.url.as_deref(), Some("https://api.entropy-data.com"));
        assert_eq!(source.api_key_env.as_deref(), Some("ENTROPY_KEY"));
        assert_eq!(source.interval(), Some(std::time::Duration::from_secs(300)));
    }

    #[test]
    fn a_server_source_needs_a_url_and_one_key_setting() {
        let no_url = load_str("[[source]]\nname = \"m\"\nkind = \"entropy-data\"\n").unwrap_err();
        assert!(no_url.to_string().contains("has no `url`"), "{no_url}");
        let ftp =
            load_str("[[source]]\nname = \"m\"\nkind = \"entropy-data\"\nurl = \"ftp://x\"\n")
                .unwrap_err();
        assert!(
            ftp.to_string().contains("must start with https://"),
            "{ftp}"
        );
        let both = load_str(
            "[[source]]\nname = \"m\"\nkind = \"entropy-data\"\nurl = \"https://x\"\n\
             api_key_env = \"K\"\napi_key_file = \"/k\"\n",
        )
        .unwrap_err();
        assert!(both.to_string().contains("keep one"), "{both}");
        let interval = load_str(
            "[[source]]\nname = \"m\"\nkind = \"entropy-data\"\nurl = \"https://x\"\ninterval = \"5 weeks\"\n",
        )
        .unwrap_err();
        assert!(
            interval.to_string().contains("`weeks` is not a unit"),
            "{interval}"
        );
    }

    #[test]
    fn intervals_read_seconds_minutes_hours_and_days() {
        assert_eq!(parse_interval("90"), Ok(std::time::Duration::from_secs(90)));
        assert_eq!(
            parse_interval("15m"),
            Ok(std::time::Duration::from_secs(900))
        );
        assert_eq!(
            parse_interval("2h"),
            Ok(std::time::Duration::from_secs(7200))
        );
        assert_eq!(
            parse_interval("1d"),
            Ok(std::time::Duration::from_secs(86_400))
        );
        assert!(parse_interval("soon").is_err());
        let never = SourceSpec {
            interval: Some("0".into()),
            ..SourceSpec::default()
        };
        assert_eq!(never.interval(), None);
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
