//! Writing a validated request to the outbox: a new UUID, the Access
//! resource as it will be sent, and who approves it.

use crate::model::{Contract, Product};
use crate::store::{OutboxEntry, RequestStatus, Store, StoreError};

use super::{Approvers, Valid, access_json};

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "a request for the same port and consumer is already pending ({0}); \
         `meshlens access list` shows it"
    )]
    Duplicate(String),
}

/// The output port's contract, as the Access resource names it (of the
/// port's last listed version, when it is listed once per version).
pub fn port_contract<'a>(product: &'a Product, port: &str) -> Option<&'a str> {
    product
        .output_ports
        .iter()
        .rev()
        .find(|p| p.name == port)
        .and_then(|p| p.contract_id.as_deref())
}

/// Writes a new request durably to the outbox (before anything is sent).
pub fn enqueue(
    store: &mut Store,
    source: &str,
    product: &Product,
    port: &str,
    contract: Option<&Contract>,
    valid: &Valid,
) -> Result<OutboxEntry, AccessError> {
    let consumer = valid.consumer.to_string();
    if let Some(existing) = store.pending_duplicate(&product.id, port, &consumer)? {
        return Err(AccessError::Duplicate(existing));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let access = access_json(&id, &product.id, port, port_contract(product, port), valid);
    let entry = OutboxEntry {
        id,
        source: source.to_owned(),
        product_id: product.id.clone(),
        port: port.to_owned(),
        consumer,
        approvers: Approvers::of(product, contract).describe(),
        access,
        status: RequestStatus::Queued,
        created_at: now.clone(),
        sent_at: None,
        updated_at: now,
        last_error: None,
        file: None,
    };
    store.enqueue_access(&entry)?;
    Ok(entry)
}
