//! The skeleton of a synthetic mesh, decided sequentially from one seeded
//! stream: which products exist, their names, ports, contract version history
//! and which earlier contracts each one consumes. Everything bulky (schemas,
//! YAML, events) is derived later, per product, from its own stream.

use std::collections::HashSet;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::sampling::{Purpose, Zipf, lognormal_count, stream};
use super::vocab::{DOMAINS, QUALIFIERS, REGIONS, TAGS, TEAM_KINDS};

/// How a contract changed from one version to the next (semver bump).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Documentation only.
    Patch,
    /// Columns added: non-breaking.
    Minor,
    /// A column removed or retyped: breaking.
    Major,
}

/// Where a contract's data lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    Postgres,
    Snowflake,
    Bigquery,
    Kafka,
}

const SERVER_KINDS: [ServerKind; 4] = [
    ServerKind::Postgres,
    ServerKind::Snowflake,
    ServerKind::Bigquery,
    ServerKind::Kafka,
];

/// An output port and the history of its contract.
#[derive(Debug, Clone)]
pub struct PortPlan {
    pub name: String,
    pub contract_id: String,
    pub server: ServerKind,
    /// One entry per version after the first.
    pub changes: Vec<Change>,
}

impl PortPlan {
    /// The semantic versions of the contract, oldest first.
    pub fn versions(&self) -> Vec<String> {
        let (mut major, mut minor, mut patch) = (1u32, 0u32, 0u32);
        let mut out = vec!["1.0.0".to_string()];
        for change in &self.changes {
            match change {
                Change::Patch => patch += 1,
                Change::Minor => (minor, patch) = (minor + 1, 0),
                Change::Major => (major, minor, patch) = (major + 1, 0, 0),
            }
            out.push(format!("{major}.{minor}.{patch}"));
        }
        out
    }

    pub fn version_count(&self) -> usize {
        self.changes.len() + 1
    }
}

/// An input port: version `version` (index into the versions) of port `port`
/// of the earlier product `product`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InputPlan {
    pub product: u32,
    pub port: u8,
    pub version: u8,
}

#[derive(Debug, Clone)]
pub struct ProductPlan {
    pub index: usize,
    pub id: String,
    pub name: String,
    pub domain: usize,
    pub noun: &'static str,
    pub qualifiers: Vec<&'static str>,
    pub region: Option<&'static str>,
    pub team_kind: usize,
    pub tags: Vec<&'static str>,
    pub status: &'static str,
    pub ports: Vec<PortPlan>,
    pub inputs: Vec<InputPlan>,
}

impl ProductPlan {
    pub fn domain_name(&self) -> &'static str {
        DOMAINS[self.domain].name
    }

    /// A source-aligned product reads from operational systems, not the mesh.
    pub fn is_source_aligned(&self) -> bool {
        self.inputs.is_empty()
    }
}

/// Early products that many later ones consume (customer master and the like).
const HUB_INDICES: [usize; 5] = [0, 3, 7, 12, 20];
/// Products with hundreds of inputs, as fractions of N, and their input counts.
const AGGREGATORS: [(f64, usize); 3] = [(0.5, 150), (0.8, 300), (0.999, 500)];
const HUB_SHARE: f64 = 0.03;
const SAME_DOMAIN_SHARE: f64 = 0.8;

struct Samplers {
    domain: Zipf,
    noun: Zipf,
    qualifier: Zipf,
    region: Zipf,
    tag: Zipf,
    team: Zipf,
    server: Zipf,
    hub: Zipf,
}

impl Samplers {
    fn new() -> Self {
        Samplers {
            domain: Zipf::new(DOMAINS.len(), 1.0),
            noun: Zipf::new(7, 1.0),
            qualifier: Zipf::new(QUALIFIERS.len(), 1.05),
            region: Zipf::new(REGIONS.len(), 1.0),
            tag: Zipf::new(TAGS.len(), 1.15),
            team: Zipf::new(TEAM_KINDS.len(), 1.2),
            server: Zipf::new(SERVER_KINDS.len(), 1.3),
            hub: Zipf::new(HUB_INDICES.len(), 1.0),
        }
    }
}

/// Plans `count` products from `seed`.
pub fn plan(count: usize, seed: u64) -> Vec<ProductPlan> {
    let samplers = Samplers::new();
    let mut rng = stream(seed, Purpose::Plan, 0);
    let mut taken_ids = HashSet::with_capacity(count);
    let mut by_domain: Vec<Vec<u32>> = vec![Vec::new(); DOMAINS.len()];
    let mut products: Vec<ProductPlan> = Vec::with_capacity(count);
    for index in 0..count {
        let product = plan_product(
            index,
            count,
            &samplers,
            &mut rng,
            &mut taken_ids,
            &products,
            &by_domain,
        );
        by_domain[product.domain].push(index as u32);
        products.push(product);
    }
    products
}

fn plan_product(
    index: usize,
    count: usize,
    samplers: &Samplers,
    rng: &mut ChaCha8Rng,
    taken_ids: &mut HashSet<String>,
    earlier: &[ProductPlan],
    by_domain: &[Vec<u32>],
) -> ProductPlan {
    let domain = samplers.domain.sample(rng);
    let noun = *samplers.noun.pick(rng, DOMAINS[domain].nouns);
    let (id, qualifiers, region) = unique_id(index, domain, noun, samplers, rng, taken_ids);
    let name = display_name(noun, &qualifiers, region, &id, index);
    let ports = plan_ports(&id, noun, domain, samplers, rng);
    let inputs = plan_inputs(index, count, domain, rng, samplers, earlier, by_domain);
    ProductPlan {
        index,
        id,
        name,
        domain,
        noun,
        qualifiers,
        region,
        team_kind: samplers.team.sample(rng),
        tags: plan_tags(samplers, rng),
        status: product_status(rng),
        ports,
        inputs,
    }
}

fn unique_id(
    index: usize,
    domain: usize,
    noun: &str,
    samplers: &Samplers,
    rng: &mut ChaCha8Rng,
    taken_ids: &mut HashSet<String>,
) -> (String, Vec<&'static str>, Option<&'static str>) {
    let mut qualifier_count = [0, 1, 1, 2][rng.random_range(0..4)];
    let mut with_region = rng.random_bool(0.6);
    let mut candidate = (String::new(), Vec::new(), None);
    for _attempt in 0..6 {
        let qualifiers = pick_distinct(rng, &samplers.qualifier, QUALIFIERS, qualifier_count);
        let region = with_region.then(|| *samplers.region.pick(rng, REGIONS));
        let id = id_of(DOMAINS[domain].name, noun, &qualifiers, region);
        candidate = (id, qualifiers, region);
        if !taken_ids.contains(&candidate.0) {
            taken_ids.insert(candidate.0.clone());
            return candidate;
        }
        if with_region {
            qualifier_count = (qualifier_count + 1).min(3);
        }
        with_region = true;
    }
    candidate.0 = format!("{}-{index}", candidate.0);
    taken_ids.insert(candidate.0.clone());
    candidate
}

fn id_of(domain: &str, noun: &str, qualifiers: &[&str], region: Option<&str>) -> String {
    let mut id = format!("{domain}-{noun}");
    for part in qualifiers.iter().copied().chain(region) {
        id.push('-');
        id.push_str(part);
    }
    id
}

fn display_name(
    noun: &str,
    qualifiers: &[&str],
    region: Option<&str>,
    id: &str,
    index: usize,
) -> String {
    let mut words: Vec<String> = std::iter::once(noun)
        .chain(qualifiers.iter().copied())
        .map(title_case)
        .collect();
    if let Some(region) = region {
        words.push(format!("({})", region.to_uppercase()));
    }
    if id.ends_with(&format!("-{index}")) {
        words.push(format!("#{index}"));
    }
    words.join(" ")
}

/// `by-store` → `By Store`.
pub fn title_case(word: &str) -> String {
    word.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn pick_distinct(
    rng: &mut ChaCha8Rng,
    zipf: &Zipf,
    words: &[&'static str],
    count: usize,
) -> Vec<&'static str> {
    let mut picked = Vec::with_capacity(count);
    for _ in 0..count * 4 {
        if picked.len() == count {
            break;
        }
        let word = *zipf.pick(rng, words);
        if !picked.contains(&word) {
            picked.push(word);
        }
    }
    picked
}

const PORT_SUFFIXES: [&str; 3] = ["history", "stream", "snapshot"];

fn plan_ports(
    id: &str,
    noun: &str,
    domain: usize,
    samplers: &Samplers,
    rng: &mut ChaCha8Rng,
) -> Vec<PortPlan> {
    let count = match rng.random::<f64>() {
        r if r < 0.8 => 1,
        r if r < 0.97 => 2,
        _ => 3,
    };
    (0..count)
        .map(|port| {
            let name = if port == 0 {
                noun.to_string()
            } else {
                format!("{noun}-{}", PORT_SUFFIXES[port - 1])
            };
            let server = if port > 0 && PORT_SUFFIXES[port - 1] == "stream" {
                ServerKind::Kafka
            } else {
                SERVER_KINDS[(samplers.server.sample(rng) + domain) % SERVER_KINDS.len()]
            };
            PortPlan {
                contract_id: format!("{id}.{name}"),
                name,
                server,
                changes: plan_changes(rng),
            }
        })
        .collect()
}

/// ~60% one version, ~25% two, ~10% three, ~5% four.
fn plan_changes(rng: &mut ChaCha8Rng) -> Vec<Change> {
    let versions = match rng.random::<f64>() {
        r if r < 0.60 => 1,
        r if r < 0.85 => 2,
        r if r < 0.95 => 3,
        _ => 4,
    };
    (1..versions)
        .map(|_| match rng.random::<f64>() {
            r if r < 0.15 => Change::Patch,
            r if r < 0.70 => Change::Minor,
            _ => Change::Major,
        })
        .collect()
}

fn plan_tags(samplers: &Samplers, rng: &mut ChaCha8Rng) -> Vec<&'static str> {
    let count = [1, 1, 2, 2, 2, 3, 3, 4][rng.random_range(0..8)];
    pick_distinct(rng, &samplers.tag, TAGS, count)
}

fn product_status(rng: &mut ChaCha8Rng) -> &'static str {
    match rng.random::<f64>() {
        r if r < 0.78 => "active",
        r if r < 0.88 => "draft",
        r if r < 0.95 => "deprecated",
        r if r < 0.98 => "proposed",
        _ => "retired",
    }
}

fn input_count(index: usize, count: usize, rng: &mut ChaCha8Rng) -> usize {
    if let Some(&(_, fan_out)) = AGGREGATORS
        .iter()
        .find(|(at, _)| count >= 50 && index == ((count as f64 * at) as usize).min(count - 1))
    {
        return fan_out.min(index / 3);
    }
    if index < 10 || rng.random_bool(0.2) {
        return 0;
    }
    lognormal_count(rng, 2.0, 0.7, 1, 12).min(index)
}

fn plan_inputs(
    index: usize,
    count: usize,
    domain: usize,
    rng: &mut ChaCha8Rng,
    samplers: &Samplers,
    earlier: &[ProductPlan],
    by_domain: &[Vec<u32>],
) -> Vec<InputPlan> {
    let wanted = input_count(index, count, rng);
    let mut inputs: Vec<InputPlan> = Vec::with_capacity(wanted);
    for _ in 0..wanted * 3 {
        if inputs.len() == wanted {
            break;
        }
        let upstream = if wanted > 20 {
            rng.random_range(0..index)
        } else {
            pick_upstream(index, domain, rng, samplers, by_domain)
        };
        let input = consume(&earlier[upstream], rng);
        if !inputs
            .iter()
            .any(|i| i.product == input.product && i.port == input.port)
        {
            inputs.push(input);
        }
    }
    inputs
}

fn pick_upstream(
    index: usize,
    domain: usize,
    rng: &mut ChaCha8Rng,
    samplers: &Samplers,
    by_domain: &[Vec<u32>],
) -> usize {
    let roll: f64 = rng.random();
    if roll < HUB_SHARE {
        let hub = HUB_INDICES[samplers.hub.sample(rng)];
        if hub < index {
            return hub;
        }
    }
    let same_domain = &by_domain[domain];
    if roll < HUB_SHARE + SAME_DOMAIN_SHARE && !same_domain.is_empty() {
        return same_domain[rng.random_range(0..same_domain.len())] as usize;
    }
    rng.random_range(0..index)
}

/// Most consumers read the latest version; some lag behind on an older one.
fn consume(upstream: &ProductPlan, rng: &mut ChaCha8Rng) -> InputPlan {
    let port = rng.random_range(0..upstream.ports.len());
    let versions = upstream.ports[port].version_count();
    let version = if rng.random_bool(0.75) {
        versions - 1
    } else {
        rng.random_range(0..versions)
    };
    InputPlan {
        product: upstream.index as u32,
        port: port as u8,
        version: version as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_semver_for_each_change() {
        let port = PortPlan {
            name: "orders".into(),
            contract_id: "x.orders".into(),
            server: ServerKind::Postgres,
            changes: vec![Change::Minor, Change::Patch, Change::Major],
        };
        assert_eq!(port.versions(), ["1.0.0", "1.1.0", "1.1.1", "2.0.0"]);
    }

    #[test]
    fn title_case_splits_on_hyphens() {
        assert_eq!(title_case("by-store"), "By Store");
        assert_eq!(title_case("orders"), "Orders");
    }

    #[test]
    fn ids_are_unique_and_inputs_point_backwards() {
        let products = plan(3000, 11);
        let ids: HashSet<&str> = products.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), 3000);
        for product in &products {
            assert!(
                product
                    .inputs
                    .iter()
                    .all(|i| (i.product as usize) < product.index)
            );
        }
    }

    #[test]
    fn hubs_and_aggregators_exist() {
        let products = plan(3000, 5);
        let mut fan_in = vec![0usize; products.len()];
        for input in products.iter().flat_map(|p| &p.inputs) {
            fan_in[input.product as usize] += 1;
        }
        let max_fan_out = products.iter().map(|p| p.inputs.len()).max().unwrap();
        assert_eq!(max_fan_out, 500);
        assert!(
            fan_in.iter().max().unwrap() > &40,
            "{:?}",
            fan_in.iter().max()
        );
    }
}
