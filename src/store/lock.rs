//! One sync of a cache at a time, across processes: an advisory lock on a
//! file beside the cache (`catalogue.sync.lock`), held for the whole sync
//! and released by the system when the process ends, however it ends. The
//! file names the process holding it, so the one that waits can say whom
//! it waits for. SQLite's own lock would only say "database is locked".

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::{Store, StoreError};

/// The sync lock file of the cache at `cache`.
pub fn sync_lock_path(cache: &Path) -> PathBuf {
    let stem = cache.file_stem().map_or_else(
        || "catalogue".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    cache.with_file_name(format!("{stem}.sync.lock"))
}

/// The right to sync the cache, until dropped.
#[derive(Debug)]
pub struct SyncLock {
    /// `None` for an in-memory cache, which no other process can see.
    _file: Option<File>,
}

/// The process that holds the sync lock, as its lock file says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyncHolder {
    pub pid: Option<u32>,
    /// RFC 3339, UTC.
    pub since: Option<String>,
}

impl std::fmt::Display for SyncHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("another meshlens sync")?;
        match (&self.pid, &self.since) {
            (Some(pid), Some(since)) => write!(f, " (process {pid}, since {since})"),
            (Some(pid), None) => write!(f, " (process {pid})"),
            _ => Ok(()),
        }?;
        f.write_str(" is updating this cache")
    }
}

impl Store {
    /// Takes the sync lock, or says who holds it.
    pub fn try_lock_sync(&self) -> Result<Result<SyncLock, SyncHolder>, StoreError> {
        let Some(path) = self.path() else {
            return Ok(Ok(SyncLock { _file: None }));
        };
        let lock_path = sync_lock_path(path);
        let mut file = open_lock_file(&lock_path)?;
        match file.try_lock() {
            Ok(()) => {
                write_holder(&mut file).map_err(|source| lock_error(&lock_path, source))?;
                Ok(Ok(SyncLock { _file: Some(file) }))
            }
            Err(TryLockError::WouldBlock) => Ok(Err(read_holder(&mut file))),
            Err(TryLockError::Error(source)) => Err(lock_error(&lock_path, source)),
        }
    }

    /// Waits until no other process syncs this cache (it does not take the
    /// lock: the caller tries again).
    pub fn wait_for_sync(&self) -> Result<(), StoreError> {
        let Some(path) = self.path() else {
            return Ok(());
        };
        let lock_path = sync_lock_path(path);
        let file = open_lock_file(&lock_path)?;
        file.lock()
            .and_then(|()| file.unlock())
            .map_err(|source| lock_error(&lock_path, source))
    }
}

fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|source| lock_error(path, source))
}

fn lock_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Lock {
        path: path.to_path_buf(),
        source,
    }
}

fn write_holder(file: &mut File) -> std::io::Result<()> {
    file.set_len(0)?;
    file.rewind()?;
    writeln!(file, "{}\n{}", std::process::id(), super::remote::now())?;
    file.flush()
}

fn read_holder(file: &mut File) -> SyncHolder {
    let mut text = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
    let mut lines = text.lines();
    SyncHolder {
        pid: lines.next().and_then(|line| line.trim().parse().ok()),
        since: lines.next().map(|line| line.trim().to_owned()),
    }
}

/// Whether a process with this id is running on this machine.
pub fn process_is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let answer = unsafe { libc::kill(pid, 0) };
        answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_names_the_holder_and_is_free_once_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(&dir.path().join("c.sqlite")).unwrap();
        let second = Store::open(&dir.path().join("c.sqlite")).unwrap();
        let held = first.try_lock_sync().unwrap().unwrap();
        let holder = second.try_lock_sync().unwrap().unwrap_err();
        assert_eq!(holder.pid, Some(std::process::id()));
        let text = holder.to_string();
        assert!(
            text.starts_with(&format!(
                "another meshlens sync (process {}, since 20",
                std::process::id()
            )),
            "{text}"
        );
        assert!(text.ends_with("is updating this cache"), "{text}");
        drop(held);
        second.wait_for_sync().unwrap();
        assert!(second.try_lock_sync().unwrap().is_ok());
    }

    #[test]
    fn this_process_runs_and_an_unused_pid_does_not() {
        assert!(process_is_running(std::process::id()));
        assert!(!process_is_running((i32::MAX - 1) as u32));
    }
}
