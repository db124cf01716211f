//! What keys are bound to ([`Command`], checked by serde when the keymap is
//! read) and everything else that reaches `update` ([`Msg`]): edits of a text
//! box, mouse events, and results of background work (past tense).

use serde::{Deserialize, Serialize};

use crate::index::SearchResults;
use crate::store::Counts;

use super::backend::{
    AccessFormData, ContractDetail, LineageData, LineageRequest, ProductDetail, Submitted,
    TeamDetail, TeamSummary,
};
use crate::store::OutboxEntry;

/// A bindable command. The names are the action names of the keymap; the
/// declaration order is the order of the hint bar and the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    FocusSearch,
    CommandMode,
    Help,
    Open,
    Back,
    NextTab,
    PrevTab,
    Owners,
    CopyId,
    OpenLink,
    Teams,
    Health,
    SyncNow,
    RequestAccess,
    Requests,
    SendRequest,
    NextField,
    PrevField,
    ChoicePrev,
    ChoiceNext,
    FormEnter,
    CancelRequest,
    SyncRequests,
    Yes,
    No,
    Expand,
    Collapse,
    ToggleAll,
    Filter,
    Perspective,
    SideBySide,
    OlderBase,
    NewerBase,
    DepthMore,
    DepthLess,
    LayerLeft,
    LayerRight,
    Level,
    TreeView,
    Impact,
    OpenNode,
    Complete,
    Submit,
    Close,
    Quit,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Tab1,
    Tab2,
    Tab3,
    Tab4,
    Tab5,
    Tab6,
    Tab7,
    Tab8,
    Tab9,
    HistoryPrev,
    HistoryNext,
    Suspend,
    /// In a config override: removes the default binding of that key.
    None,
}

impl Command {
    /// The one description shown by the hint bar, the help overlay and docs/keys.md.
    pub fn description(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Close => "quit (from a product or team: back)",
            Command::Help => "help: every key",
            Command::Suspend => "suspend to the shell (fg resumes)",
            Command::CommandMode => {
                "command (:product :contract :team :domain :access :requests :sync :help :quit)"
            }
            Command::FocusSearch => "search (filters: domain: team: tag: status:)",
            Command::Down => "down",
            Command::Up => "up",
            Command::Top => "first",
            Command::Bottom => "last",
            Command::PageDown => "page down",
            Command::PageUp => "page up",
            Command::Open => "open",
            Command::Back => "back (clear filter, close, leave)",
            Command::NextTab => "next tab",
            Command::PrevTab => "previous tab",
            Command::Tab1 => "tab 1",
            Command::Tab2 => "tab 2",
            Command::Tab3 => "tab 3",
            Command::Tab4 => "tab 4",
            Command::Tab5 => "tab 5",
            Command::Tab6 => "tab 6",
            Command::Tab7 => "tab 7",
            Command::Tab8 => "tab 8",
            Command::Tab9 => "tab 9",
            Command::CopyId => "copy the id (OSC 52)",
            Command::Owners => "owners of the product",
            Command::OpenLink => "open a link in the browser",
            Command::Teams => "all teams",
            Command::Health => "health: every product breaching now (on-call)",
            Command::SyncNow => "sync now (catalogue servers too)",
            Command::RequestAccess => "request access to an output port of the product",
            Command::Requests => "my access requests: status, age, what each waits for",
            Command::NextField => "access form: next field",
            Command::PrevField => "access form: previous field",
            Command::ChoicePrev => {
                "access form: previous choice (port, consumer; else cursor left)"
            }
            Command::ChoiceNext => "access form: next choice (port, consumer; else cursor right)",
            Command::FormEnter => {
                "access form: new line in the purpose, send on the Send line, else next field"
            }
            Command::SendRequest => "access form: check and send the request",
            Command::CancelRequest => "cancel the selected pending request",
            Command::SyncRequests => "send queued requests, read back their status",
            Command::Yes => "yes",
            Command::No => "no",
            Command::Expand => "expand the schema row",
            Command::Collapse => "collapse the schema row (on a child: go to its parent)",
            Command::ToggleAll => "expand all / collapse all",
            Command::Filter => "filter the schema by property path or type",
            Command::Perspective => "diff: consumer / producer perspective",
            Command::SideBySide => "diff: unified / side by side",
            Command::OlderBase => "diff: compare with an older base version",
            Command::NewerBase => "diff: compare with a newer base version",
            Command::DepthMore => "lineage: one layer deeper",
            Command::DepthLess => "lineage: one layer shallower",
            Command::LayerLeft => "lineage: move upstream (left)",
            Command::LayerRight => "lineage: move downstream (right)",
            Command::Level => "lineage: product / dataset / column level",
            Command::TreeView => "lineage: graph / tree view",
            Command::Impact => "impact: who depends on it, what it depends on",
            Command::OpenNode => "lineage: open the selected product",
            Command::Complete => "complete",
            Command::Submit => "run",
            Command::HistoryPrev => "previous command",
            Command::HistoryNext => "next command",
            Command::None => "unbound",
        }
    }

    /// Shorter label for the hint bar.
    pub fn hint(self) -> &'static str {
        match self {
            Command::FocusSearch => "search",
            Command::CommandMode => "command",
            Command::Help => "help",
            Command::Back => "back",
            Command::CopyId => "copy id",
            Command::Owners => "owners",
            Command::OpenLink => "browser",
            Command::Health => "health",
            Command::SyncNow => "sync",
            Command::RequestAccess => "request access",
            Command::Requests => "my requests",
            Command::NextField => "next",
            Command::PrevField => "previous",
            Command::ChoicePrev => "previous choice",
            Command::ChoiceNext => "next choice",
            Command::FormEnter => "next / send",
            Command::SendRequest => "send",
            Command::CancelRequest => "cancel request",
            Command::SyncRequests => "refresh",
            Command::Close => "quit",
            Command::Collapse => "collapse",
            Command::Expand => "expand",
            Command::ToggleAll => "all",
            Command::Filter => "filter",
            Command::Perspective => "perspective",
            Command::SideBySide => "side by side",
            Command::OlderBase => "older base",
            Command::NewerBase => "newer base",
            Command::DepthMore => "deeper",
            Command::DepthLess => "shallower",
            Command::LayerLeft => "upstream",
            Command::LayerRight => "downstream",
            Command::Level => "level",
            Command::TreeView => "tree",
            Command::Impact => "impact",
            Command::OpenNode => "open product",
            other => other.description(),
        }
    }

    /// The tab a `tabN` command selects (0-based).
    pub fn tab_number(self) -> Option<usize> {
        let tabs = [
            Command::Tab1,
            Command::Tab2,
            Command::Tab3,
            Command::Tab4,
            Command::Tab5,
            Command::Tab6,
            Command::Tab7,
            Command::Tab8,
            Command::Tab9,
        ];
        tabs.iter().position(|t| *t == self)
    }
}

/// An edit of the focused text box (keys not bound in a typing context).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    DeleteWord,
    Clear,
}

/// Everything `update` reacts to.
#[derive(Debug, Clone)]
pub enum Msg {
    Command(Command),
    /// A `:` command's id or name resolved (to an id), or not (why, with
    /// the nearest matches): nothing opens then.
    Resolved {
        target: Target,
        result: Result<String, String>,
    },
    Edit(Edit),
    Paste(String),
    ScrollDown,
    ScrollUp,
    Click {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// A timer fired (a toast expired).
    Tick,
    CatalogueLoaded(CatalogueInfo),
    SearchCompleted {
        seq: u64,
        results: Result<Box<SearchResults>, String>,
    },
    ProductLoaded {
        id: String,
        detail: Result<Option<Box<ProductDetail>>, String>,
    },
    TeamLoaded {
        name: String,
        detail: Result<Option<Box<TeamDetail>>, String>,
    },
    TeamsLoaded(Result<Vec<TeamSummary>, String>),
    /// `version` is the one asked for (None: the newest).
    ContractLoaded {
        id: String,
        version: Option<String>,
        detail: Result<Option<Box<ContractDetail>>, String>,
    },
    LineageLoaded {
        request: LineageRequest,
        data: Result<Option<Box<LineageData>>, String>,
    },
    ImpactLoaded {
        id: String,
        impact: Result<Option<Box<crate::lineage::Impact>>, String>,
    },
    QualityLoaded {
        id: String,
        quality: Result<Option<Box<crate::quality::ProductQuality>>, String>,
    },
    HealthLoaded(Result<Box<crate::quality::Health>, String>),
    /// Every product's quality badge (score, worst breach), once the
    /// quality state is built.
    QualityBadges(std::sync::Arc<std::collections::HashMap<String, crate::quality::Badge>>),
    PreviewLoaded {
        id: String,
        product: Result<Option<Box<crate::model::Product>>, String>,
    },
    IndexProgressed {
        done: u64,
        total: u64,
    },
    /// The index is open; true when it had to be rebuilt.
    IndexOpened(Result<bool, String>),
    SyncProgressed {
        items: usize,
        pages: usize,
        source: String,
    },
    SyncFinished(Result<SyncSummary, String>),
    /// What the access form offers for a product.
    AccessFormLoaded {
        id: String,
        data: Result<Option<Box<AccessFormData>>, String>,
    },
    /// A request was written to the outbox and delivered (or not).
    AccessSubmitted {
        product_id: String,
        result: Result<Box<Submitted>, String>,
    },
    /// Every request made from this machine, newest first.
    RequestsLoaded(Result<Vec<OutboxEntry>, String>),
    RequestCanceled {
        id: String,
        result: Result<(), String>,
    },
    /// Queued requests sent, statuses read back: how many changed hands.
    RequestsSynced(Result<usize, String>),
    /// A side effect (copy, open) failed or has something to say.
    Notice(String),
    Failed(String),
}

/// What a sync did, for the toast and the header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncSummary {
    /// "synced 120 records from 2 sources".
    pub text: String,
    /// Records and resources received (0: nothing changed).
    pub changed: usize,
    /// Sources that failed for another reason than the network: why.
    pub failures: Vec<String>,
    /// A server could not be reached: its message.
    pub unreachable: Option<String>,
}

/// Header facts about the open catalogue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CatalogueInfo {
    pub counts: Counts,
    /// RFC 3339 time of the newest successful sync of any source.
    pub synced_at: Option<String>,
}

/// What a `:` command opens for the id or name typed after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Product,
    /// The product on its Lineage tab.
    Lineage,
    Impact,
    /// The access form for the product.
    Access,
    Contract {
        version: Option<String>,
    },
    Team,
}

impl Target {
    /// What the name must be, for messages ("no product `x`").
    pub fn what(&self) -> &'static str {
        match self {
            Target::Contract { .. } => "contract",
            Target::Team => "team",
            _ => "product",
        }
    }
}

/// Work `update` asks the runtime to do; `update` itself never does I/O.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The id a typed id or name stands for, before anything opens.
    Resolve {
        target: Target,
        text: String,
    },
    /// Latest wins: a newer `seq` makes older results stale.
    Search {
        seq: u64,
        query: crate::index::SearchQuery,
    },
    LoadCatalogueInfo,
    /// Opens the search index (rebuilding it when missing or stale).
    OpenIndex,
    LoadProduct {
        id: String,
    },
    LoadPreview {
        id: String,
    },
    LoadTeam {
        name: String,
    },
    LoadTeams,
    /// Every version of a contract and its consumers.
    LoadContract {
        id: String,
        version: Option<String>,
    },
    /// A lineage view and its layout (the graph built on first use);
    /// nodes are coloured by their health at `now`.
    LoadLineage {
        request: LineageRequest,
        now: chrono::DateTime<chrono::Utc>,
    },
    /// Who depends on a product, and what it depends on (with health).
    LoadImpact {
        id: String,
        /// Edges to follow; `u32::MAX` for all.
        depth: u32,
        now: chrono::DateTime<chrono::Utc>,
    },
    /// A product's trust score, checks, freshness.
    LoadQuality {
        id: String,
        now: chrono::DateTime<chrono::Utc>,
    },
    /// Every product breaching something at `now`.
    LoadHealth {
        now: chrono::DateTime<chrono::Utc>,
    },
    /// Builds the who-publishes / who-consumes map before it is needed.
    WarmRelations,
    /// Builds the lineage and quality state before the first Lineage or
    /// Quality tab, or health view, needs them.
    WarmQuality {
        now: chrono::DateTime<chrono::Utc>,
    },
    Sync,
    /// The product, its output ports and who may be the consumer.
    LoadAccessForm {
        id: String,
    },
    /// Writes the request to the outbox, then delivers it.
    SubmitAccess {
        product_id: String,
        port: String,
        valid: crate::access::Valid,
    },
    LoadRequests,
    CancelRequest {
        id: String,
    },
    /// Sends queued requests and reads back the status of the others.
    SyncRequests,
    /// OSC 52: the terminal puts the text on the clipboard.
    CopyToClipboard(String),
    OpenUrl(String),
    Suspend,
    Quit,
}
