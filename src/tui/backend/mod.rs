//! The I/O side of the explorer: runs [`Effect`]s against the cache and the
//! index (blocking; the runtime calls it from `spawn_blocking`, tests call it
//! directly) and answers with a [`Msg`]. It never touches UI state.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use crate::contracts::history;
use crate::index::{SearchIndex, SearchQuery, SearchResults};
use crate::model::{Contract, Product, SupportChannel, Team};
use crate::query::{ContractRelations, contract_consumers, product_contracts};
use crate::sources::Source;
use crate::store::{Bump, ProductRow, Store};

use super::action::{CatalogueInfo, Effect, Msg, Target};

mod access;
mod lineage;
mod quality;
mod sync;

pub use access::{AccessFormData, AccessSetup, FormPort, Submitted};
pub use lineage::{LineageData, LineageRequest, PaneNode};

pub use crate::query::ProductRef;

pub use crate::query::{ContractSummary, VersionSummary};

/// One version of a contract with the bump from the version before it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractVersion {
    pub source: String,
    pub contract: Contract,
    pub bump: Bump,
}

/// A product consuming a contract, and whom to talk to there.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsumerRef {
    pub product: ProductRef,
    pub team: Option<String>,
    /// The product's first support channel.
    pub channel: Option<SupportChannel>,
    /// The version its input port names, if any.
    pub version: Option<String>,
}

/// Everything the contract view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractDetail {
    pub id: String,
    /// Newest first; never empty.
    pub versions: Vec<ContractVersion>,
    pub consumers: Vec<ConsumerRef>,
}

/// Everything the product view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductDetail {
    pub source: String,
    pub product: Product,
    /// Per input port: the products publishing the contract it consumes.
    pub upstream: Vec<Vec<ProductRef>>,
    /// Per output port: the products consuming its contract.
    pub consumers: Vec<Vec<ProductRef>>,
    pub contracts: Vec<ContractSummary>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamDetail {
    pub name: String,
    /// The team object of one of its products (members, description).
    pub team: Option<Team>,
    pub support: Vec<SupportChannel>,
    pub products: Vec<ProductRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSummary {
    pub name: String,
    pub products: u64,
}

/// The contract relations and the generation they were read from.
struct Relations {
    generation: u64,
    contracts: ContractRelations,
}

pub struct Backend {
    store: Mutex<Store>,
    sources: Vec<Box<dyn Source>>,
    index_dir: PathBuf,
    /// The cache file, for a second connection (None: in memory).
    db_path: Option<PathBuf>,
    /// None until [`Effect::OpenIndex`] has opened (or rebuilt) it.
    index: RwLock<Option<Arc<SearchIndex>>>,
    relations: Mutex<Option<Arc<Relations>>>,
    /// The lineage graph and the generation it was built from.
    lineage: Mutex<Option<(u64, Arc<crate::lineage::Lineage>)>>,
    quality: Mutex<Option<(u64, Arc<crate::quality::Quality>)>>,
    /// `--offline`: syncs leave catalogue servers alone.
    offline: bool,
    access: AccessSetup,
}

type Shared<T> = Result<T, String>;

fn poisoned<T>(_: T) -> String {
    "an earlier background task crashed".to_owned()
}

impl Backend {
    pub fn new(
        store: Store,
        sources: Vec<Box<dyn Source>>,
        index_dir: PathBuf,
        index: Option<SearchIndex>,
    ) -> Backend {
        Backend {
            db_path: store.path().map(PathBuf::from),
            store: Mutex::new(store),
            sources,
            index: RwLock::new(index.map(Arc::new)),
            relations: Mutex::new(None),
            lineage: Mutex::new(None),
            quality: Mutex::new(None),
            offline: false,
            access: AccessSetup {
                fallback_dir: index_dir
                    .parent()
                    .map_or_else(|| index_dir.clone(), PathBuf::from),
                ..AccessSetup::default()
            },
            index_dir,
        }
    }

    /// Syncs that never touch the network.
    pub fn offline(mut self, offline: bool) -> Backend {
        self.offline = offline;
        self
    }

    pub fn search(&self, query: &SearchQuery) -> Shared<SearchResults> {
        let index = self.index.read().map_err(poisoned)?.clone();
        match index {
            Some(index) => index.search(query).map_err(|e| e.to_string()),
            None => Err("the search index is not open yet".to_owned()),
        }
    }

    /// Runs one effect; `progress` receives intermediate messages (sync).
    pub fn execute(&self, effect: &Effect, progress: &dyn Fn(Msg)) -> Option<Msg> {
        Some(match effect {
            Effect::Search { seq, query } => Msg::SearchCompleted {
                seq: *seq,
                results: self.search(query).map(Box::new),
            },
            Effect::LoadCatalogueInfo => match self.catalogue_info() {
                Ok(info) => Msg::CatalogueLoaded(info),
                Err(e) => Msg::Failed(e),
            },
            Effect::Resolve { target, text } => Msg::Resolved {
                target: target.clone(),
                result: self.resolve(target, text),
            },
            Effect::LoadProduct { id } => Msg::ProductLoaded {
                id: id.clone(),
                detail: self.product(id).map(|d| d.map(Box::new)),
            },
            Effect::LoadTeam { name } => Msg::TeamLoaded {
                name: name.clone(),
                detail: self.team(name).map(|d| d.map(Box::new)),
            },
            Effect::LoadPreview { id } => Msg::PreviewLoaded {
                id: id.clone(),
                product: self.preview(id),
            },
            Effect::OpenIndex => Msg::IndexOpened(self.open_index(progress)),
            Effect::WarmQuality { now } => match self.quality_index(*now) {
                Ok((_, quality)) => Msg::QualityBadges(Arc::new(quality.badges(*now))),
                Err(e) => Msg::Failed(e),
            },
            Effect::WarmRelations => match self.warm_relations() {
                Ok(()) => return None,
                Err(e) => Msg::Failed(format!("cannot read the ports of the catalogue: {e}")),
            },
            Effect::LoadTeams => Msg::TeamsLoaded(self.teams()),
            Effect::LoadContract { id, version } => Msg::ContractLoaded {
                id: id.clone(),
                version: version.clone(),
                detail: self.contract(id).map(|d| d.map(Box::new)),
            },
            Effect::LoadLineage { request, now } => Msg::LineageLoaded {
                request: request.clone(),
                data: self.lineage_view(request, *now).map(|d| d.map(Box::new)),
            },
            Effect::LoadImpact { id, depth, now } => Msg::ImpactLoaded {
                id: id.clone(),
                impact: self
                    .impact_with_health(id, *depth, *now)
                    .map(|i| i.map(Box::new)),
            },
            Effect::LoadQuality { id, now } => Msg::QualityLoaded {
                id: id.clone(),
                quality: self.product_quality(id, *now).map(|q| q.map(Box::new)),
            },
            Effect::LoadHealth { now } => Msg::HealthLoaded(self.health(*now).map(Box::new)),
            Effect::Sync => Msg::SyncFinished(self.sync(progress)),
            Effect::LoadAccessForm { id } => Msg::AccessFormLoaded {
                id: id.clone(),
                data: self.access_form(id).map(|d| d.map(Box::new)),
            },
            Effect::SubmitAccess {
                product_id,
                port,
                valid,
            } => Msg::AccessSubmitted {
                product_id: product_id.clone(),
                result: self.submit_access(product_id, port, valid).map(Box::new),
            },
            Effect::LoadRequests => Msg::RequestsLoaded(self.requests()),
            Effect::CancelRequest { id } => Msg::RequestCanceled {
                id: id.clone(),
                result: self.cancel_request(id),
            },
            Effect::SyncRequests => Msg::RequestsSynced(self.sync_requests()),
            _ => return None,
        })
    }

    fn catalogue_info(&self) -> Shared<CatalogueInfo> {
        let store = self.store.lock().map_err(poisoned)?;
        let counts = store.counts().map_err(|e| e.to_string())?;
        let synced_at = store
            .sources()
            .map_err(|e| e.to_string())?
            .into_iter()
            .filter_map(|s| s.last_ok_at)
            .max();
        Ok(CatalogueInfo { counts, synced_at })
    }

    /// The cross references of `generation`, built on first use. The build
    /// (a pass over every product) reads through its own connection so
    /// that previews and searches go on meanwhile; callers wait on the
    /// cache lock rather than build twice.
    fn relations(&self, generation: u64) -> Shared<Arc<Relations>> {
        let mut cached = self.relations.lock().map_err(poisoned)?;
        if let Some(relations) = cached.as_ref().filter(|r| r.generation == generation) {
            return Ok(relations.clone());
        }
        let contracts = match &self.db_path {
            Some(path) => Store::open(path).and_then(|store| ContractRelations::from_store(&store)),
            None => ContractRelations::from_store(&*self.store.lock().map_err(poisoned)?),
        }
        .map_err(|e| e.to_string())?;
        let relations = Arc::new(Relations {
            generation,
            contracts,
        });
        *cached = Some(relations.clone());
        Ok(relations)
    }

    /// Opens the index, rebuilding it when stale; true when it was rebuilt.
    fn open_index(&self, progress: &dyn Fn(Msg)) -> Shared<bool> {
        if self.index.read().map_err(poisoned)?.is_some() {
            return Ok(false);
        }
        let store = self.store.lock().map_err(poisoned)?;
        let index = SearchIndex::open_or_build(&self.index_dir, &store, &mut |p| {
            if p.done % 2000 == 0 {
                progress(Msg::IndexProgressed {
                    done: p.done,
                    total: p.total,
                });
            }
        })
        .map_err(|e| e.to_string())?;
        let rebuilt = index.was_rebuilt();
        *self.index.write().map_err(poisoned)? = Some(Arc::new(index));
        Ok(rebuilt)
    }

    /// Builds the cross references ahead of the first product view.
    fn warm_relations(&self) -> Shared<()> {
        let generation = self.generation()?;
        self.relations(generation).map(|_| ())
    }

    fn generation(&self) -> Shared<u64> {
        let store = self.store.lock().map_err(poisoned)?;
        store.generation().map_err(|e| e.to_string())
    }

    /// The id `text` names for `target`, or why there is none.
    fn resolve(&self, target: &Target, text: &str) -> Result<String, String> {
        let store = self.store.lock().map_err(poisoned)?;
        let lookup = match target {
            Target::Contract { .. } => crate::lookup::contract(&store, text),
            Target::Team => crate::lookup::team(&store, text),
            _ => crate::lookup::product(&store, text),
        };
        lookup
            .map_err(|e| e.to_string())?
            .or_message(target.what(), text)
    }

    fn product(&self, id: &str) -> Shared<Option<ProductDetail>> {
        let (found, contracts, generation) = {
            let store = self.store.lock().map_err(poisoned)?;
            let Some(found) = store.product(id).map_err(|e| e.to_string())? else {
                return Ok(None);
            };
            let contracts = product_contracts(&store, &found.product).map_err(|e| e.to_string())?;
            let generation = store.generation().map_err(|e| e.to_string())?;
            (found, contracts, generation)
        };
        let relations = self.relations(generation)?;
        let product = &found.product;
        let upstream = product
            .input_ports
            .iter()
            .map(|port| {
                relations.contracts.counterparts(
                    &port.contract_id,
                    port.version.as_deref(),
                    true,
                    &product.id,
                )
            })
            .collect();
        let consumers = product
            .output_ports
            .iter()
            .map(|port| match port.contract_id.as_deref() {
                Some(contract) => relations.contracts.counterparts(
                    contract,
                    port.version.as_deref(),
                    false,
                    &product.id,
                ),
                None => Vec::new(),
            })
            .collect();
        Ok(Some(ProductDetail {
            source: found.source,
            upstream,
            consumers,
            contracts,
            product: found.product,
        }))
    }

    fn contract(&self, id: &str) -> Shared<Option<ContractDetail>> {
        let (versions, generation) = {
            let store = self.store.lock().map_err(poisoned)?;
            let versions = store.contract_versions(id).map_err(|e| e.to_string())?;
            let generation = store.generation().map_err(|e| e.to_string())?;
            (versions, generation)
        };
        if versions.is_empty() {
            return Ok(None);
        }
        let relations = self.relations(generation)?;
        let consumers = {
            let store = self.store.lock().map_err(poisoned)?;
            contract_consumers(&store, &relations.contracts, id).map_err(|e| e.to_string())?
        }
        .into_iter()
        .map(|consumer| ConsumerRef {
            channel: consumer.support.into_iter().next(),
            product: ProductRef {
                id: consumer.id,
                name: consumer.name,
            },
            team: consumer.team,
            version: consumer.version,
        })
        .collect();
        let bumps = history(versions.iter().map(|(_, c)| c))
            .into_iter()
            .map(|row| row.bump);
        Ok(Some(ContractDetail {
            id: id.to_owned(),
            versions: versions
                .into_iter()
                .zip(bumps)
                .map(|((source, contract), bump)| ContractVersion {
                    source,
                    contract,
                    bump,
                })
                .collect(),
            consumers,
        }))
    }

    fn preview(&self, id: &str) -> Shared<Option<Box<Product>>> {
        let store = self.store.lock().map_err(poisoned)?;
        Ok(store
            .product(id)
            .map_err(|e| e.to_string())?
            .map(|found| Box::new(found.product)))
    }

    fn team(&self, name: &str) -> Shared<Option<TeamDetail>> {
        let store = self.store.lock().map_err(poisoned)?;
        let products = store.team_products(name).map_err(|e| e.to_string())?;
        if products.is_empty() {
            return Ok(None);
        }
        let mut team: Option<Team> = None;
        let mut support: Vec<SupportChannel> = Vec::new();
        for row in products.iter().take(50) {
            let Some(found) = store.product(&row.id).map_err(|e| e.to_string())? else {
                continue;
            };
            if team.as_ref().is_none_or(|t| t.members.is_empty()) {
                team = found.product.team.clone().or(team);
            }
            for channel in found.product.support {
                if !support
                    .iter()
                    .any(|s| s.channel == channel.channel && s.url == channel.url)
                {
                    support.push(channel);
                }
            }
        }
        if team.as_ref().is_none_or(|t| t.members.is_empty()) {
            team = server_team(&store, name)?.or(team);
        }
        let name = team
            .as_ref()
            .and_then(|t| t.name.clone().or(t.id.clone()))
            .unwrap_or_else(|| name.to_owned());
        Ok(Some(TeamDetail {
            name,
            team,
            support,
            products,
        }))
    }

    fn teams(&self) -> Shared<Vec<TeamSummary>> {
        let store = self.store.lock().map_err(poisoned)?;
        Ok(store
            .teams()
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(name, products)| TeamSummary { name, products })
            .collect())
    }
}

/// The team of that id or name synced from a catalogue server (products
/// there name their team; its members are a resource of their own).
fn server_team(store: &Store, name: &str) -> Shared<Option<Team>> {
    let teams = store
        .resources(crate::sources::ResourceKind::Team, None)
        .map_err(|e| e.to_string())?;
    Ok(teams
        .iter()
        .map(|(_, resource)| crate::sources::entropy::team_from_json(&resource.json))
        .find(|team| team.id.as_deref() == Some(name) || team.name.as_deref() == Some(name)))
}
