//! Access requests from the explorer: what the form offers (ports, their
//! approvers, who may be the consumer), sending a request, the requests made
//! from this machine, canceling one and syncing the outbox.

use std::path::PathBuf;

use super::{Backend, Shared, poisoned};
use crate::access::deliver::{Delivery, Destinations, Statuses};
use crate::access::outbox::{enqueue, port_contract};
use crate::access::{Approvers, Consumer, Valid};
use crate::config::Identity;
use crate::model::Product;
use crate::sources::AccessTarget;
use crate::store::{OutboxEntry, Store};

/// Where requests go and who makes them (from the workspace and config).
#[derive(Debug, Clone, Default)]
pub struct AccessSetup {
    /// Files for a source without a folder or server (the cache folder).
    pub fallback_dir: PathBuf,
    /// `[me]` of the config: the consumer choices.
    pub me: Identity,
    /// `--readonly`: queued requests are not sent by syncs either.
    pub readonly: bool,
}

/// An output port the form offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPort {
    pub name: String,
    pub contract_id: Option<String>,
    /// [`Approvers::describe`] of the port's contract (or the owning team).
    pub approvers: String,
}

/// Everything the access form shows besides what the user types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessFormData {
    /// The product's id (the form may have been opened by name).
    pub product_id: String,
    pub product_name: String,
    /// The catalogue source of the product.
    pub source: String,
    /// Where the request goes, in words: the server's URL or a folder.
    pub destination: String,
    pub ports: Vec<FormPort>,
    /// Me, my team, my team's products (empty when `[me]` is not set).
    pub consumers: Vec<Consumer>,
}

/// A request written to the outbox and what its delivery did.
#[derive(Debug, Clone, PartialEq)]
pub struct Submitted {
    pub entry: OutboxEntry,
    pub delivery: Delivery,
}

fn text<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

impl Backend {
    pub fn set_access(&mut self, setup: AccessSetup) {
        self.access = setup;
    }

    fn destinations(&self) -> Destinations<'_> {
        Destinations {
            sources: &self.sources,
            fallback_dir: self.access.fallback_dir.clone(),
            offline: self.offline,
        }
    }

    pub(super) fn access_form(&self, id: &str) -> Shared<Option<AccessFormData>> {
        let store = self.store.lock().map_err(poisoned)?;
        let Some(found) = store.product(id).map_err(text)? else {
            return Ok(None);
        };
        let product = &found.product;
        let mut ports = Vec::new();
        // A port listed once per version is one choice: its last version.
        for name in crate::access::port_names(product) {
            let contract = newest_contract(&store, product, &name)?;
            ports.push(FormPort {
                contract_id: port_contract(product, &name).map(str::to_owned),
                approvers: Approvers::of(product, contract.as_ref()).describe(),
                name,
            });
        }
        Ok(Some(AccessFormData {
            product_id: product.id.clone(),
            product_name: product.name.clone(),
            destination: self.destination(&found.source),
            source: found.source,
            ports,
            consumers: self.consumer_choices(&store)?,
        }))
    }

    fn consumer_choices(&self, store: &Store) -> Shared<Vec<Consumer>> {
        let me = &self.access.me;
        let mut choices: Vec<Consumer> = me.user.iter().cloned().map(Consumer::User).collect();
        if let Some(team) = &me.team {
            choices.push(Consumer::Team(team.clone()));
            for row in store.team_products(team).map_err(text)? {
                choices.push(Consumer::Product(row.id));
            }
        }
        Ok(choices)
    }

    /// "`mesh` (https://…)", "`sales` (folder ./mesh)", or where the file goes.
    fn destination(&self, source: &str) -> String {
        let found = self.sources.iter().find(|s| s.name() == source);
        match found.map(|s| (s.access_target(), s.location())) {
            Some((AccessTarget::Server(_), location)) => format!("`{source}` ({location})"),
            Some((AccessTarget::Folder(root), _)) => {
                format!("`{source}` (folder {})", root.display())
            }
            _ => format!(
                "`{source}` (no server: a file in {})",
                self.access.fallback_dir.join("access-requests").display()
            ),
        }
    }

    pub(super) fn submit_access(
        &self,
        product_id: &str,
        port: &str,
        valid: &Valid,
    ) -> Shared<Submitted> {
        if self.access.readonly {
            return Err("read only (--readonly): access requests are disabled".to_owned());
        }
        let mut store = self.store.lock().map_err(poisoned)?;
        let Some(found) = store.product(product_id).map_err(text)? else {
            return Err(format!("no product `{product_id}` in the catalogue"));
        };
        let me = self.access.me.user.as_deref();
        let consumer = crate::access::consumers::check(&store, &valid.consumer, me)
            .map_err(text)?
            .map_err(|problem| format!("{}{problem}", crate::access::CONSUMER_PROBLEM))?;
        let valid = &Valid {
            consumer,
            ..valid.clone()
        };
        let contract = newest_contract(&store, &found.product, port)?;
        let entry = enqueue(
            &mut store,
            &found.source,
            &found.product,
            port,
            contract.as_ref(),
            valid,
        )
        .map_err(text)?;
        let delivery = self
            .destinations()
            .deliver(&mut store, &entry)
            .map_err(text)?;
        let entry = store
            .access_request(&entry.id)
            .map_err(text)?
            .unwrap_or(entry);
        Ok(Submitted { entry, delivery })
    }

    pub(super) fn requests(&self) -> Shared<Vec<OutboxEntry>> {
        let store = self.store.lock().map_err(poisoned)?;
        store.access_requests().map_err(text)
    }

    pub(super) fn cancel_request(&self, id: &str) -> Shared<()> {
        if self.access.readonly {
            return Err("read only (--readonly): canceling requests is disabled".to_owned());
        }
        let mut store = self.store.lock().map_err(poisoned)?;
        let Some(entry) = store.access_request(id).map_err(text)? else {
            return Err(format!("no access request `{id}`"));
        };
        self.destinations()
            .cancel(&mut store, &entry)
            .map_err(text)?
    }

    pub(super) fn sync_requests(&self) -> Shared<usize> {
        let mut store = self.store.lock().map_err(poisoned)?;
        self.sync_outbox(&mut store, Statuses::FromServer)
    }

    /// Sends queued requests, reads back the others (not when read only).
    pub(super) fn sync_outbox(&self, store: &mut Store, statuses: Statuses) -> Shared<usize> {
        if self.access.readonly {
            return Ok(0);
        }
        Ok(self
            .destinations()
            .sync(store, statuses)
            .map_err(text)?
            .len())
    }
}

/// The newest version of the contract `port` publishes.
fn newest_contract(
    store: &Store,
    product: &Product,
    port: &str,
) -> Shared<Option<crate::model::Contract>> {
    let Some(id) = port_contract(product, port) else {
        return Ok(None);
    };
    Ok(store
        .newest_contract(id)
        .map_err(text)?
        .map(|(_, contract)| contract))
}
