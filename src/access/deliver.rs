//! Getting a request from the outbox to where it goes: the product's
//! catalogue server (`PUT /api/access/{id}`, status read back), or a file in
//! the Access shape beside a catalogue folder. A request that cannot be sent
//! now (offline, a server error) stays queued and is sent by the next sync;
//! since its id is chosen here, sending it twice is still one request.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::http::HttpError;
use crate::sources::entropy::RemoteError;
use crate::sources::{AccessTarget, ResourceKind, Source};
use crate::store::{AccessChange, OutboxEntry, RequestStatus, Store, StoreError};

/// What happened to one request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum Delivery {
    /// The server has it, with this status.
    Sent(RequestStatus),
    /// Written as YAML and JSON files (the YAML's path).
    Written(String),
    /// Still in the outbox: why.
    Queued(String),
    /// Refused for good: why.
    Failed(String),
}

/// Where a sync reads the status of requests the server has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statuses {
    /// Ask the server for each one (`GET /api/access/{id}`).
    FromServer,
    /// Right after a catalogue sync: the access requests it mirrored are
    /// current, so read them from the cache (the server only for one the
    /// cache does not have).
    FromCache,
}

/// Where requests go, for every source of the catalogue.
pub struct Destinations<'a> {
    pub sources: &'a [Box<dyn Source>],
    /// Files for a source without a folder or server of its own.
    pub fallback_dir: PathBuf,
    /// `--offline`: nothing is sent, requests stay queued.
    pub offline: bool,
}

impl Destinations<'_> {
    fn target(&self, source: &str) -> AccessTarget<'_> {
        self.sources
            .iter()
            .find(|s| s.name() == source)
            .map_or(AccessTarget::None, |s| s.access_target())
    }

    /// Sends (or writes) one queued request and records the outcome.
    pub fn deliver(&self, store: &mut Store, entry: &OutboxEntry) -> Result<Delivery, StoreError> {
        let delivery = match self.target(&entry.source) {
            AccessTarget::Server(_) if self.offline => {
                Delivery::Queued("--offline: it will be sent by the next sync".to_owned())
            }
            AccessTarget::Server(server) => send(server, entry),
            AccessTarget::Folder(root) => write_files(root, entry),
            AccessTarget::None => write_files(&self.fallback_dir, entry),
        };
        let change = match &delivery {
            Delivery::Sent(status) => AccessChange {
                sent: true,
                ..AccessChange::to(*status)
            },
            Delivery::Written(file) => AccessChange {
                file: Some(file.clone()),
                ..AccessChange::to(RequestStatus::Written)
            },
            Delivery::Queued(why) => AccessChange {
                error: Some(why.clone()),
                ..AccessChange::to(RequestStatus::Queued)
            },
            Delivery::Failed(why) => AccessChange {
                error: Some(why.clone()),
                ..AccessChange::to(RequestStatus::Failed)
            },
        };
        store.update_access(&entry.id, &change)?;
        Ok(delivery)
    }

    /// Sends every queued request; reads back the status of every request
    /// the server has that is not settled yet.
    pub fn sync(
        &self,
        store: &mut Store,
        statuses: Statuses,
    ) -> Result<Vec<(String, Delivery)>, StoreError> {
        let mut out = Vec::new();
        for entry in store.access_requests()? {
            match entry.status {
                RequestStatus::Queued => {
                    let delivery = self.deliver(store, &entry)?;
                    out.push((entry.id, delivery));
                }
                status if !status.is_final() && !self.offline => {
                    let cached = match statuses {
                        Statuses::FromCache => cached_status(store, &entry)?,
                        Statuses::FromServer => None,
                    };
                    if let Some(new) = cached.or_else(|| self.read_status(&entry)) {
                        if new != status {
                            store.update_access(&entry.id, &AccessChange::to(new))?;
                        }
                        out.push((entry.id, Delivery::Sent(new)));
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn read_status(&self, entry: &OutboxEntry) -> Option<RequestStatus> {
        let AccessTarget::Server(server) = self.target(&entry.source) else {
            return None;
        };
        let access = server.get_access(&entry.id).ok()??;
        Some(status_of(&access))
    }

    /// Cancels a pending request: one never sent is dropped from the outbox
    /// queue; one the server has is canceled there
    /// (`POST /api/access/{id}/cancel`); one written as files is withdrawn
    /// (its files removed, the audit log saying which).
    pub fn cancel(
        &self,
        store: &mut Store,
        entry: &OutboxEntry,
    ) -> Result<Result<(), String>, StoreError> {
        if entry.status == RequestStatus::Written {
            return withdraw_files(store, entry);
        }
        if !entry.status.is_pending() {
            return Ok(Err(format!(
                "request {} is {}: only a queued, requested, approved or written request can be canceled",
                entry.id,
                entry.status.as_str()
            )));
        }
        if entry.status != RequestStatus::Queued {
            let AccessTarget::Server(server) = self.target(&entry.source) else {
                return Ok(Err(format!(
                    "source `{}` is not a catalogue server",
                    entry.source
                )));
            };
            if self.offline {
                return Ok(Err("--offline: canceling needs the server".to_owned()));
            }
            if let Err(error) = server.cancel_access(&entry.id) {
                return Ok(Err(error.to_string()));
            }
        }
        store.update_access(&entry.id, &AccessChange::to(RequestStatus::Canceled))?;
        Ok(Ok(()))
    }
}

fn send(server: &crate::sources::EntropySource, entry: &OutboxEntry) -> Delivery {
    if let Err(error) = server.put_access(&entry.id, &entry.access) {
        return classify(error);
    }
    // Accepted: read back what the server says now (auto-approval, say).
    match server.get_access(&entry.id) {
        Ok(Some(access)) => Delivery::Sent(status_of(&access)),
        _ => Delivery::Sent(RequestStatus::Requested),
    }
}

/// A failed send: worth retrying later (queued) or not (failed).
fn classify(error: RemoteError) -> Delivery {
    let message = error.to_string();
    match &error {
        RemoteError::Http(HttpError::Status { code, .. })
            if (400..500).contains(code) && *code != 408 && *code != 429 =>
        {
            Delivery::Failed(message)
        }
        _ => Delivery::Queued(message),
    }
}

/// The status of a request in the access requests the last sync mirrored.
fn cached_status(store: &Store, entry: &OutboxEntry) -> Result<Option<RequestStatus>, StoreError> {
    let mirrored = store.resources(ResourceKind::Access, Some(&entry.product_id))?;
    Ok(mirrored
        .iter()
        .find(|(source, resource)| *source == entry.source && resource.id == entry.id)
        .map(|(_, resource)| status_of(&resource.json)))
}

/// The status an Access resource of the server is in.
pub fn status_of(access: &Value) -> RequestStatus {
    let info = &access["info"];
    let provisioning = access["provisioning"]["status"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match info["status"].as_str().unwrap_or_default() {
        "rejected" => RequestStatus::Rejected,
        "approved" if info["active"].as_bool() == Some(true) => RequestStatus::Active,
        "approved" if provisioning.contains("started") || provisioning.contains("provisioning") => {
            RequestStatus::Provisioning
        }
        "approved" => RequestStatus::Approved,
        _ => RequestStatus::Requested,
    }
}

/// Removes a written request's YAML and JSON files (those still there) and
/// records it as canceled.
fn withdraw_files(
    store: &mut Store,
    entry: &OutboxEntry,
) -> Result<Result<(), String>, StoreError> {
    let Some(yaml) = entry.file.as_deref().map(PathBuf::from) else {
        return Ok(Err(format!(
            "request {} names no file to withdraw",
            entry.id
        )));
    };
    let mut removed = Vec::new();
    for path in [yaml.clone(), yaml.with_extension("json")] {
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path.display().to_string()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Ok(Err(format!("cannot remove {}: {error}", path.display())));
            }
        }
    }
    let detail = if removed.is_empty() {
        "withdrawn; its files were already gone".to_owned()
    } else {
        format!("withdrawn; removed {}", removed.join(" and "))
    };
    let change = AccessChange {
        note: Some(detail),
        ..AccessChange::to(RequestStatus::Canceled)
    };
    store.update_access(&entry.id, &change)?;
    Ok(Ok(()))
}

/// What a request waits for, in a few words.
pub fn waits_for(entry: &OutboxEntry) -> String {
    match entry.status {
        RequestStatus::Queued => match &entry.last_error {
            Some(error) => format!("sending (last try: {error})"),
            None => "sending".to_owned(),
        },
        RequestStatus::Requested => format!("approval by {}", entry.approvers),
        RequestStatus::Approved => "provisioning by the platform".to_owned(),
        RequestStatus::Provisioning => "the platform to finish provisioning".to_owned(),
        RequestStatus::Written => format!(
            "you: commit or send {}",
            entry.file.as_deref().unwrap_or("the file")
        ),
        RequestStatus::Active => "nothing: access is granted".to_owned(),
        RequestStatus::Rejected | RequestStatus::Canceled | RequestStatus::Failed => {
            "nothing".to_owned()
        }
    }
}

/// Writes the request as `access-requests/ID.yaml` and `.json` under `dir`
/// (each through a temporary file, so a crash never leaves half a file).
/// Nothing is written outside `dir`: an `access-requests` that is a
/// symbolic link, or a file name taken by one, is refused.
fn write_files(dir: &Path, entry: &OutboxEntry) -> Delivery {
    let folder = dir.join("access-requests");
    let written = (|| -> std::io::Result<PathBuf> {
        requests_folder(dir, &folder)?;
        let yaml = serde_norway::to_string(&entry.access).map_err(std::io::Error::other)?;
        let json = serde_json::to_string_pretty(&entry.access).map_err(std::io::Error::other)?;
        let yaml_path = folder.join(format!("{}.yaml", entry.id));
        write_atomically(&yaml_path, &yaml)?;
        write_atomically(&folder.join(format!("{}.json", entry.id)), &(json + "\n"))?;
        Ok(yaml_path)
    })();
    match written {
        Ok(path) => Delivery::Written(path.display().to_string()),
        Err(error) => Delivery::Queued(format!(
            "cannot write the request under {}: {error}",
            folder.display()
        )),
    }
}

/// Creates `folder` (`dir/access-requests`) if needed and checks that it is
/// a real folder inside `dir`, not a link to somewhere else.
fn requests_folder(dir: &Path, folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    match std::fs::symlink_metadata(folder) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(std::io::Error::other(
                "it is a symbolic link; requests are only written inside the catalogue folder",
            ));
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(std::io::Error::other("it is not a folder"));
        }
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir(folder)?;
        }
        Err(error) => return Err(error),
    }
    let inside = std::fs::canonicalize(folder)?.starts_with(std::fs::canonicalize(dir)?);
    if inside {
        Ok(())
    } else {
        Err(std::io::Error::other(
            "it leads outside the catalogue folder",
        ))
    }
}

/// Writes `path` through a new temporary file beside it (never through a
/// link someone left there) and renames it into place: a link at `path`
/// is replaced, not followed.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    match std::fs::remove_file(&tmp) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}
