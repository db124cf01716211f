//! The access-request outbox and its audit log. A request is written here,
//! durably (the commit is synced to disk), before any network call; its
//! client-chosen id becomes its id on the server. The audit log is
//! append-only: triggers refuse to change or delete a line. Both live in a
//! database file of their own beside the cache (`outbox_file.rs`).

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// In the outbox, not yet accepted by the server.
    Queued,
    /// The server has it; waiting for approval.
    Requested,
    Approved,
    Rejected,
    /// Approved; the platform is granting it.
    Provisioning,
    /// Granted.
    Active,
    Canceled,
    /// Written as a file (a catalogue folder has no server).
    Written,
    /// The server refused it for good (not a network problem).
    Failed,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Queued => "queued",
            RequestStatus::Requested => "requested",
            RequestStatus::Approved => "approved",
            RequestStatus::Rejected => "rejected",
            RequestStatus::Provisioning => "provisioning",
            RequestStatus::Active => "active",
            RequestStatus::Canceled => "canceled",
            RequestStatus::Written => "written",
            RequestStatus::Failed => "failed",
        }
    }

    fn parse(text: &str) -> RequestStatus {
        match text {
            "requested" => RequestStatus::Requested,
            "approved" => RequestStatus::Approved,
            "rejected" => RequestStatus::Rejected,
            "provisioning" => RequestStatus::Provisioning,
            "active" => RequestStatus::Active,
            "canceled" => RequestStatus::Canceled,
            "written" => RequestStatus::Written,
            "failed" => RequestStatus::Failed,
            _ => RequestStatus::Queued,
        }
    }

    /// Nothing more will happen to it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RequestStatus::Rejected
                | RequestStatus::Canceled
                | RequestStatus::Failed
                | RequestStatus::Written
        )
    }

    /// It can still be canceled (or, written as a file, withdrawn).
    pub fn can_cancel(self) -> bool {
        self.is_pending() || self == RequestStatus::Written
    }

    /// It can still be canceled on its server or before it is sent.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            RequestStatus::Queued | RequestStatus::Requested | RequestStatus::Approved
        )
    }
}

/// One request made from this machine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxEntry {
    /// A UUID chosen here; the server's id of the request.
    pub id: String,
    /// The catalogue source of the product (where the request goes).
    pub source: String,
    pub product_id: String,
    pub port: String,
    /// `team:ID`, `user:ID` or `product:ID`.
    pub consumer: String,
    pub approvers: String,
    /// The Access resource as sent.
    pub access: serde_json::Value,
    pub status: RequestStatus,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub sent_at: Option<String>,
    pub updated_at: String,
    /// The last delivery problem (kept while it stays queued).
    pub last_error: Option<String>,
    /// The file it was written to (catalogue folders).
    pub file: Option<String>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditLine {
    pub at: String,
    pub request: String,
    pub action: String,
    pub detail: String,
}

impl Store {
    /// Writes a new request to the outbox (and the audit log) and syncs the
    /// commit to disk before returning.
    pub fn enqueue_access(&mut self, entry: &OutboxEntry) -> Result<(), StoreError> {
        let tx = self.outbox_mut()?.transaction()?;
        tx.prepare_cached(
            "INSERT INTO access_outbox (id, source, product_id, port, consumer, approvers, access,
                 status, created_at, sent_at, updated_at, last_error, file)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            entry.id,
            entry.source,
            entry.product_id,
            entry.port,
            entry.consumer,
            entry.approvers,
            serde_json::to_string(&entry.access)?,
            entry.status.as_str(),
            entry.created_at,
            entry.sent_at,
            entry.updated_at,
            entry.last_error,
            entry.file,
        ])?;
        audit(&tx, &entry.id, "requested", &describe_request(entry))?;
        tx.commit()?;
        Ok(())
    }

    /// Every request made from this machine, newest first.
    pub fn access_requests(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut statement = self
            .outbox()?
            .prepare_cached(&format!("{SELECT_ENTRY} ORDER BY created_at DESC, id"))?;
        let rows = statement.query_map([], entry_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A request by its id, or by a unique prefix of it (as `access list`
    /// shows them).
    pub fn access_request(&self, id: &str) -> Result<Option<OutboxEntry>, StoreError> {
        let mut statement = self.outbox()?.prepare_cached(&format!(
            "{SELECT_ENTRY} WHERE id LIKE ?1 || '%' ESCAPE '\\' LIMIT 2"
        ))?;
        let escaped = id
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let found: Vec<OutboxEntry> = statement
            .query_map([escaped], entry_of)?
            .collect::<Result<_, _>>()?;
        Ok(match found.as_slice() {
            [one] => Some(one.clone()),
            _ => found.into_iter().find(|e| e.id == id),
        })
    }

    /// Records a change of a request (status, delivery problem, file), with
    /// a line in the audit log.
    pub fn update_access(&mut self, id: &str, change: &AccessChange) -> Result<(), StoreError> {
        let tx = self.outbox_mut()?.transaction()?;
        let now = super::remote::now();
        let sent_at = change.sent.then(|| now.clone());
        tx.prepare_cached(
            "UPDATE access_outbox SET status = ?2, updated_at = ?3,
                 sent_at = coalesce(sent_at, ?4), last_error = ?5, file = coalesce(?6, file)
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            change.status.as_str(),
            now,
            sent_at,
            change.error,
            change.file,
        ])?;
        audit(&tx, id, change.status.as_str(), &change.audit_detail())?;
        tx.commit()?;
        Ok(())
    }

    /// The audit log, oldest first.
    pub fn access_audit(&self) -> Result<Vec<AuditLine>, StoreError> {
        let mut statement = self
            .outbox()?
            .prepare_cached("SELECT at, request, action, detail FROM access_audit ORDER BY seq")?;
        let rows = statement.query_map([], |row| {
            Ok(AuditLine {
                at: row.get(0)?,
                request: row.get(1)?,
                action: row.get(2)?,
                detail: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The id of a pending request for the same product, port and consumer,
    /// if there is one (a second identical request is refused).
    pub fn pending_duplicate(
        &self,
        product_id: &str,
        port: &str,
        consumer: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .outbox()?
            .prepare_cached(
                "SELECT id FROM access_outbox WHERE product_id = ?1 AND port = ?2 AND consumer = ?3
                   AND status IN ('queued', 'requested', 'approved', 'provisioning', 'active')",
            )?
            .query_row(params![product_id, port, consumer], |row| row.get(0))
            .optional()?)
    }
}

/// A change of a request's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessChange {
    pub status: RequestStatus,
    /// The server accepted it now.
    pub sent: bool,
    pub error: Option<String>,
    pub file: Option<String>,
    /// What the audit log says of the change (when not the error or file).
    pub note: Option<String>,
}

impl AccessChange {
    pub fn to(status: RequestStatus) -> AccessChange {
        AccessChange {
            status,
            sent: false,
            error: None,
            file: None,
            note: None,
        }
    }

    fn audit_detail(&self) -> String {
        if let Some(note) = &self.note {
            return note.clone();
        }
        match (&self.error, &self.file, self.sent) {
            (Some(error), _, _) => error.clone(),
            (_, Some(file), _) => format!("written to {file}"),
            (_, _, true) => "accepted by the server".to_owned(),
            _ => String::new(),
        }
    }
}

fn describe_request(entry: &OutboxEntry) -> String {
    format!(
        "{} port {} for {} (source {})",
        entry.product_id, entry.port, entry.consumer, entry.source
    )
}

fn audit(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    action: &str,
    detail: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO access_audit (at, request, action, detail) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![super::remote::now(), id, action, detail])?;
    Ok(())
}

const SELECT_ENTRY: &str = "SELECT id, source, product_id, port, consumer, approvers, access,
    status, created_at, sent_at, updated_at, last_error, file FROM access_outbox";

fn entry_of(row: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let access: String = row.get(6)?;
    let status: String = row.get(7)?;
    Ok(OutboxEntry {
        id: row.get(0)?,
        source: row.get(1)?,
        product_id: row.get(2)?,
        port: row.get(3)?,
        consumer: row.get(4)?,
        approvers: row.get(5)?,
        access: serde_json::from_str(&access).unwrap_or(serde_json::Value::Null),
        status: RequestStatus::parse(&status),
        created_at: row.get(8)?,
        sent_at: row.get(9)?,
        updated_at: row.get(10)?,
        last_error: row.get(11)?,
        file: row.get(12)?,
    })
}
