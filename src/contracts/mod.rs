//! Two versions of a data contract compared: every change, matched by
//! identity (not list position), and classified ERROR / WARNING / INFO from
//! the consumer's or the producer's side, the way datacontract-cli 1.2.8's
//! `breaking` command does (docs/diff.md says where meshlens differs, and why).
//!
//! Each change gets a [`Direction`]: does it tighten or loosen what the
//! contract permits? Loosening breaks consumers (they may now receive data
//! they did not expect); tightening breaks the producer (data that passed
//! may now fail); a change that does both breaks both.

mod history;
mod normalize;
pub(crate) mod numbers;
mod quality;
mod rules;
mod sla;
mod walk;
mod yaml;

use serde::Serialize;

use crate::model::Contract;
use crate::store::{Bump, bump};
use normalize::{Node, Raw, normalize};
use rules::{Trees, classify};

pub use history::{VersionRow, custom_property, history};

/// Whose side a change is judged from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Perspective {
    /// Those reading the data: a loosened guarantee breaks them.
    #[default]
    Consumer,
    /// The team publishing it: a tightened guarantee may fail their data.
    Producer,
}

impl Perspective {
    pub fn label(self) -> &'static str {
        match self {
            Perspective::Consumer => "consumer",
            Perspective::Producer => "producer",
        }
    }

    pub fn other(self) -> Perspective {
        match self {
            Perspective::Consumer => Perspective::Producer,
            Perspective::Producer => Perspective::Consumer,
        }
    }
}

/// How bad a change is, from one perspective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warning => "WARNING",
            Level::Error => "ERROR",
        }
    }
}

/// How a change moves the set of data the contract permits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Less is permitted (or more is promised): may break the producer.
    Tightens,
    /// More is permitted (or less is promised): may break consumers.
    Loosens,
    /// Breaks both (a type change, a moved table).
    Both,
    /// Could go either way (a new regex): a warning to both.
    Undetermined,
    /// Changes nothing a check or a reader relies on (descriptions, tags).
    Untested,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Tightens => "tightens",
            Direction::Loosens => "loosens",
            Direction::Both => "both",
            Direction::Undetermined => "undetermined",
            Direction::Untested => "untested",
        }
    }

    /// The level of a change in this direction, seen from `perspective`.
    pub fn level(self, perspective: Perspective) -> Level {
        match (self, perspective) {
            (Direction::Both, _) => Level::Error,
            (Direction::Undetermined, _) => Level::Warning,
            (Direction::Loosens, Perspective::Consumer) => Level::Error,
            (Direction::Tightens, Perspective::Producer) => Level::Error,
            _ => Level::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Updated,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Updated => "updated",
        }
    }
}

/// One change between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Dotted path in the normalised contract, as datacontract-cli writes it:
    /// `schema.orders.properties.order_id.required`.
    pub path: String,
    pub kind: ChangeKind,
    pub direction: Direction,
    /// The rule that classified it (`required-changed`, `sla-changed`, ...).
    pub rule: &'static str,
    /// One sentence for people.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

impl Change {
    pub fn level(&self, perspective: Perspective) -> Level {
        self.direction.level(perspective)
    }

    /// The path as people read it: `orders.customer_id.required` for
    /// `schema.orders.properties.customer_id.required`.
    pub fn short_path(&self) -> String {
        let path = self.path.strip_prefix("schema.").unwrap_or(&self.path);
        path.replace(".properties.", ".")
    }
}

/// Everything that changed from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractDiff {
    pub old_id: String,
    pub new_id: String,
    pub old_version: String,
    pub new_version: String,
    pub bump: Bump,
    /// Lists in the newer version's order (removed items after each list),
    /// fields by name.
    pub changes: Vec<Change>,
}

impl ContractDiff {
    /// Compares two versions (`old` is the earlier one).
    pub fn between(old: &Contract, new: &Contract) -> ContractDiff {
        ContractDiff::compare(
            &Comparable::from_contract(old),
            &Comparable::from_contract(new),
        )
    }

    /// Compares two versions ready to compare.
    pub fn compare(old: &Comparable, new: &Comparable) -> ContractDiff {
        ContractDiff {
            old_id: old.id.clone(),
            new_id: new.id.clone(),
            old_version: old.version.clone(),
            new_version: new.version.clone(),
            bump: bump(Some(&old.version), &new.version),
            changes: changes(&old.tree, &new.tree),
        }
    }

    /// The two sides are different contracts (a diff is still offered).
    pub fn id_mismatch(&self) -> bool {
        self.old_id != self.new_id
    }

    pub fn count(&self, perspective: Perspective, level: Level) -> usize {
        self.changes
            .iter()
            .filter(|change| change.level(perspective) == level)
            .count()
    }

    pub fn is_breaking(&self, perspective: Perspective) -> bool {
        self.count(perspective, Level::Error) > 0
    }

    /// When the version bump claims less than the changes do: consumer-side
    /// ERROR changes in a bump that semver says must not break (a minor or
    /// patch release of 1.0.0 or later). Judged from the consumer's side
    /// whatever the chosen perspective, because semver is a promise to them.
    pub fn understated_bump(&self) -> Option<String> {
        let breaking = self.count(Perspective::Consumer, Level::Error);
        if breaking == 0
            || self
                .bump
                .allows_breaking(&self.old_version, &self.new_version)
        {
            return None;
        }
        Some(format!(
            "{} → {} is a {} bump, but {breaking} change{} break{} consumers: it should be a major release",
            self.old_version,
            self.new_version,
            self.bump.label(),
            if breaking == 1 { "" } else { "s" },
            if breaking == 1 { "s" } else { "" },
        ))
    }
}

/// A contract version ready to compare: its lists keyed by identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparable {
    pub id: String,
    pub version: String,
    tree: Node,
}

impl Comparable {
    /// From the model (a catalogue version).
    pub fn from_contract(contract: &Contract) -> Comparable {
        // The model serialises to JSON infallibly (string keys, no custom
        // errors); should that ever fail, an empty tree still diffs honestly.
        let raw = serde_json::to_value(contract)
            .ok()
            .and_then(|value| <Raw as serde::Deserialize>::deserialize(value).ok())
            .unwrap_or(Raw::Map(Vec::new()));
        Comparable {
            id: contract.id.clone(),
            version: contract.version.clone(),
            tree: normalize(raw),
        }
    }

    /// Straight from a contract file's YAML (or JSON) text, skipping the
    /// model: the fast way for two large local files. None when the text
    /// does not parse or is not a mapping with `kind: DataContract`; the
    /// caller then reads it the general way, for a precise error.
    pub fn from_yaml(text: &str) -> Option<Comparable> {
        let raw = yaml::read(text)?;
        if raw.text("kind").as_deref() != Some("DataContract") {
            return None;
        }
        Some(Comparable {
            id: raw.text("id").unwrap_or_default(),
            version: raw.text("version").unwrap_or_default(),
            tree: normalize(raw),
        })
    }
}

fn changes(before: &Node, after: &Node) -> Vec<Change> {
    let trees = Trees { before, after };
    walk::walk(before, after)
        .into_iter()
        // The versions are the diff's header, not one of its changes.
        .filter(|raw| raw.path != ["version"])
        .map(|raw| {
            let verdict = classify(&raw, &trees);
            let (old, new) = match walk::renamed_keys(before, after, &raw.path) {
                Some((old, new)) => (Some(old), Some(new)),
                None => (
                    raw.old.and_then(Node::display),
                    raw.new.and_then(Node::display),
                ),
            };
            let message = match raw.kind {
                ChangeKind::Added => format!("Added {}", verdict.subject),
                ChangeKind::Removed => format!("Removed {}", verdict.subject),
                ChangeKind::Updated => match (&old, &new) {
                    (Some(a), Some(b)) => {
                        format!("Changed {} from `{a}` to `{b}`", verdict.subject)
                    }
                    _ => format!("Changed {}", verdict.subject),
                },
            };
            Change {
                path: raw.path.join("."),
                kind: raw.kind,
                direction: verdict.direction,
                rule: verdict.rule,
                message,
                old,
                new,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
