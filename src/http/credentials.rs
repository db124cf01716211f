//! API keys for catalogue servers: from an environment variable, or from a
//! file only its owner can read (mode 0600; anything looser is refused,
//! saying why). The key never prints: `Debug` and `Display` show
//! `ApiKey(***)`, and errors name the variable or the file, not the value.

use std::fmt;
use std::path::{Path, PathBuf};

/// A secret that does not print.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// The value, for the request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CredentialError {
    #[error("the environment variable {0} is not set (or is empty)")]
    MissingEnv(String),
    #[error("cannot read the API key file {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error(
        "the API key file {path} can be read by others (mode {mode:o}); \
         run `chmod 600 {path}` so that only you can read it"
    )]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("the API key file {0} is empty")]
    EmptyFile(PathBuf),
    #[error("no API key: set `api_key_env` or `api_key_file` for this source")]
    NotConfigured,
}

/// The key from the variable `env`, else from `file`.
pub fn load_api_key(env: Option<&str>, file: Option<&Path>) -> Result<ApiKey, CredentialError> {
    if let Some(name) = env {
        return match std::env::var(name) {
            Ok(value) if !value.trim().is_empty() => Ok(ApiKey(value.trim().to_owned())),
            _ => Err(CredentialError::MissingEnv(name.to_owned())),
        };
    }
    let path = file.ok_or(CredentialError::NotConfigured)?;
    check_private(path)?;
    let text = std::fs::read_to_string(path).map_err(|e| CredentialError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let key = text.trim();
    if key.is_empty() {
        return Err(CredentialError::EmptyFile(path.to_path_buf()));
    }
    Ok(ApiKey(key.to_owned()))
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), CredentialError> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::metadata(path).map_err(|e| CredentialError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(CredentialError::TooOpen {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<(), CredentialError> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn key_file(mode: u32, text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        (dir, path)
    }

    #[test]
    fn a_private_file_gives_the_key_and_it_never_prints() {
        let (_dir, path) = key_file(0o600, "s3cr3t-value\n");
        let key = load_api_key(None, Some(&path)).unwrap();
        assert_eq!(key.expose(), "s3cr3t-value");
        assert_eq!(format!("{key:?} {key}"), "ApiKey(***) ***");
        assert!(!format!("{key:?}").contains("s3cr3t"));
    }

    #[test]
    fn a_file_others_can_read_is_refused_saying_why() {
        let (_dir, path) = key_file(0o644, "s3cr3t-value");
        let error = load_api_key(None, Some(&path)).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("can be read by others (mode 644)"),
            "{message}"
        );
        assert!(message.contains("chmod 600"), "{message}");
        assert!(!message.contains("s3cr3t"));
    }

    #[test]
    fn missing_pieces_are_named() {
        let (_dir, path) = key_file(0o600, "  \n");
        assert_eq!(
            load_api_key(None, Some(&path)),
            Err(CredentialError::EmptyFile(path.clone()))
        );
        assert_eq!(
            load_api_key(None, None),
            Err(CredentialError::NotConfigured)
        );
        assert_eq!(
            load_api_key(Some("MESHLENS_TEST_SURELY_UNSET_KEY"), None),
            Err(CredentialError::MissingEnv(
                "MESHLENS_TEST_SURELY_UNSET_KEY".into()
            ))
        );
        let gone = path.with_file_name("nope");
        assert!(matches!(
            load_api_key(None, Some(&gone)),
            Err(CredentialError::Unreadable { .. })
        ));
    }
}
