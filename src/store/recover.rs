//! A cache SQLite reports as damaged is moved aside, never deleted (it may
//! be wanted for a bug report), and a new one is built by the next sync:
//! the cache is derived, so nothing is lost. The outbox has a file of its
//! own and stays where it is.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use super::{Store, StoreError};

/// A damaged cache file and where it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedAside {
    pub from: PathBuf,
    pub to: PathBuf,
    /// What SQLite said.
    pub reason: String,
}

impl std::fmt::Display for MovedAside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the cache {} was damaged ({}); moved aside to {}, and a new one is built",
            self.from.display(),
            self.reason,
            self.to.display()
        )
    }
}

impl StoreError {
    /// SQLite says the file is damaged or is not a database at all.
    pub fn is_corrupt(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(error, _))
                if matches!(error.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
        )
    }
}

impl Store {
    /// [`Store::open`], moving a damaged cache aside and creating a new one.
    pub fn open_or_recover(path: &Path) -> Result<(Store, Option<MovedAside>), StoreError> {
        match Store::open(path) {
            Ok(store) => Ok((store, None)),
            Err(error) if error.is_corrupt() => {
                let moved = move_aside(path, &error)?;
                Ok((Store::open(path)?, Some(moved)))
            }
            Err(error) => Err(error),
        }
    }

    /// SQLite's quick check: an empty list when the file is whole, else
    /// what is wrong (at most ten lines).
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare("PRAGMA quick_check(10)")?;
        let rows: Vec<String> = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows
            .iter()
            .flat_map(|row| row.lines())
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty() && line != "ok" && !line.starts_with("***"))
            .collect())
    }
}

/// Renames the cache (and its `-wal` and `-shm` files) to
/// `NAME.damaged-TIMESTAMP`.
pub fn move_aside(path: &Path, error: &StoreError) -> Result<MovedAside, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = path.file_name().map_or_else(
        || "catalogue.sqlite".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut base = format!("{name}.damaged-{stamp}");
    let mut n = 1;
    while path.with_file_name(&base).exists() {
        n += 1;
        base = format!("{name}.damaged-{stamp}-{n}");
    }
    let to = path.with_file_name(&base);
    std::fs::rename(path, &to).map_err(|source| StoreError::MoveAside {
        path: path.to_path_buf(),
        source,
    })?;
    for suffix in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("{name}{suffix}"));
        if side.exists() {
            let _ = std::fs::rename(&side, to.with_file_name(format!("{base}{suffix}")));
        }
    }
    Ok(MovedAside {
        from: path.to_path_buf(),
        to,
        reason: error.to_string(),
    })
}
