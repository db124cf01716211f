//! `meshlens access request | list | sync | cancel`: access requests to
//! output ports, kept in the cache's outbox until the server has them.

use anyhow::{Result, bail};
use chrono::Utc;
use serde::Serialize;

use super::output::{Table, clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::access::deliver::{Delivery, Destinations, waits_for};
use crate::access::outbox::enqueue;
use crate::access::{Consumer, Draft};
use crate::store::OutboxEntry;

#[derive(Debug, clap::Args)]
pub struct AccessArgs {
    #[command(subcommand)]
    pub command: AccessCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum AccessCommand {
    /// Request access to an output port of a product
    Request(RequestArgs),
    /// Every request made from this machine: status, age, what it waits for
    List,
    /// Send queued requests and read back the status of the others
    Sync,
    /// Cancel a pending request (by id or the start of it)
    Cancel { id: String },
}

#[derive(Debug, clap::Args)]
pub struct RequestArgs {
    /// The product (id or name)
    pub product: String,
    /// The output port (as the product names it)
    #[arg(long)]
    pub port: String,
    /// What the data is for (required)
    #[arg(long)]
    pub purpose: String,
    /// Who the access is for: team:ID, user:ID or product:ID (default: [me] user of the config)
    #[arg(long)]
    pub consumer: Option<String>,
    /// First day (YYYY-MM-DD; default today)
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD; default open-ended)
    #[arg(long)]
    pub until: Option<String>,
}

pub fn run(global: &GlobalArgs, args: &AccessArgs) -> Result<Outcome> {
    match &args.command {
        AccessCommand::Request(request) => run_request(global, request),
        AccessCommand::List => run_list(global),
        AccessCommand::Sync => run_sync(global),
        AccessCommand::Cancel { id } => run_cancel(global, id),
    }
}

fn destinations<'a>(
    workspace: &'a crate::workspace::Workspace,
    global: &GlobalArgs,
) -> Destinations<'a> {
    Destinations {
        sources: &workspace.sources,
        fallback_dir: workspace.cache_dir.clone(),
        offline: global.offline,
    }
}

#[derive(Serialize)]
struct RequestOutcome<'a> {
    request: &'a OutboxEntry,
    delivery: &'a Delivery,
}

fn run_request(global: &GlobalArgs, args: &RequestArgs) -> Result<Outcome> {
    if global.readonly {
        bail!("--readonly: requesting access is disabled");
    }
    let mut catalogue = Catalogue::open(global)?;
    let Some(stored) = catalogue.store.product(&args.product)? else {
        return super::output::unknown_product(global.json, &catalogue.store, &args.product);
    };
    let consumer = match &args.consumer {
        Some(text) => Consumer::parse(text).map_err(anyhow::Error::msg)?,
        None => default_consumer(&catalogue)?,
    };
    let draft = Draft {
        product_id: stored.product.id.clone(),
        port: args.port.clone(),
        consumer: Some(consumer),
        purpose: args.purpose.clone(),
        start: args.from.clone().unwrap_or_default(),
        end: args.until.clone().unwrap_or_default(),
    };
    let ports = crate::access::port_names(&stored.product);
    let mut valid = match draft.validate(&ports, Utc::now().date_naive()) {
        Ok(valid) => valid,
        Err(problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|(field, problem)| format!("{}: {problem}", field.label()))
                .collect();
            bail!("the request is not valid: {}", lines.join("; "));
        }
    };
    let me = crate::config::Config::load(&catalogue.workspace.config_path)?
        .me
        .user;
    valid.consumer =
        match crate::access::consumers::check(&catalogue.store, &valid.consumer, me.as_deref())? {
            Ok(consumer) => consumer,
            Err(problem) => bail!("the request is not valid: consumer: {problem}"),
        };
    let contract = crate::access::outbox::port_contract(&stored.product, &args.port)
        .map(str::to_owned)
        .map(|id| catalogue.store.newest_contract(&id))
        .transpose()?
        .flatten()
        .map(|(_, contract)| contract);
    let entry = enqueue(
        &mut catalogue.store,
        &stored.source,
        &stored.product,
        &args.port,
        contract.as_ref(),
        &valid,
    )?;
    let delivery =
        destinations(&catalogue.workspace, global).deliver(&mut catalogue.store, &entry)?;
    let entry = catalogue.store.access_request(&entry.id)?.unwrap_or(entry);
    if global.json {
        print_json(&RequestOutcome {
            request: &entry,
            delivery: &delivery,
        })?;
    } else {
        println!("{}", describe_delivery(&entry, &delivery));
    }
    Ok(match delivery {
        Delivery::Failed(_) => Outcome::Findings,
        _ => Outcome::Ok,
    })
}

fn default_consumer(catalogue: &Catalogue) -> Result<Consumer> {
    let config = crate::config::Config::load(&catalogue.workspace.config_path)?;
    match config.me.user {
        Some(user) => Ok(Consumer::User(user)),
        None => bail!(
            "say who the access is for: --consumer team:ID, user:ID or product:ID \
             (or set `user` under [me] in {})",
            catalogue.workspace.config_path.display()
        ),
    }
}

fn describe_delivery(entry: &OutboxEntry, delivery: &Delivery) -> String {
    let what = format!(
        "request {} for {} port {} ({})",
        entry.id,
        clean(&entry.product_id),
        clean(&entry.port),
        clean(&entry.consumer)
    );
    match delivery {
        Delivery::Sent(status) => format!(
            "{what}: sent to `{}`, {}; waits for {}",
            clean(&entry.source),
            status.as_str(),
            clean(&waits_for(entry))
        ),
        Delivery::Written(file) => format!(
            "{what}: `{}` is a catalogue folder, not a server: written to {} (and .json) to commit or send",
            clean(&entry.source),
            clean(file)
        ),
        Delivery::Queued(why) => format!(
            "{what}: queued ({}); it is sent by the next `meshlens sync` or `meshlens access sync`",
            clean(why)
        ),
        Delivery::Failed(why) => format!("{what}: refused by the server: {}", clean(why)),
    }
}

fn run_list(global: &GlobalArgs) -> Result<Outcome> {
    let catalogue = Catalogue::open_without_sync(global)?;
    let requests = catalogue.store.access_requests()?;
    if global.json {
        #[derive(Serialize)]
        struct Listed<'a> {
            #[serde(flatten)]
            request: &'a OutboxEntry,
            waits_for: String,
        }
        let listed: Vec<Listed<'_>> = requests
            .iter()
            .map(|request| Listed {
                request,
                waits_for: waits_for(request),
            })
            .collect();
        print_json(&listed)?;
        return Ok(Outcome::Ok);
    }
    if requests.is_empty() {
        println!(
            "No access requests made from this machine. `meshlens access request PRODUCT --port PORT --purpose TEXT` makes one."
        );
        return Ok(Outcome::Ok);
    }
    let now = Utc::now();
    let mut table = Table::new(
        &[
            "id",
            "product",
            "port",
            "consumer",
            "status",
            "age",
            "waits for",
        ],
        &[8, 30, 20, 30, 12, 10, 60],
    );
    for r in &requests {
        table.row(vec![
            r.id.chars().take(8).collect(),
            r.product_id.clone(),
            r.port.clone(),
            r.consumer.clone(),
            r.status.as_str().to_owned(),
            age(&r.created_at, now),
            waits_for(r),
        ]);
    }
    table.print();
    Ok(Outcome::Ok)
}

/// "3 min", "2 h", "5 d".
fn age(at: &str, now: chrono::DateTime<Utc>) -> String {
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(at) else {
        return "?".to_owned();
    };
    let seconds = (now - at.with_timezone(&Utc)).num_seconds().max(0);
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", seconds / 60),
        3600..86_400 => format!("{} h", seconds / 3600),
        _ => format!("{} d", seconds / 86_400),
    }
}

fn run_sync(global: &GlobalArgs) -> Result<Outcome> {
    let mut catalogue = Catalogue::open_without_sync(global)?;
    let outcomes = destinations(&catalogue.workspace, global).sync(
        &mut catalogue.store,
        crate::access::deliver::Statuses::FromServer,
    )?;
    if global.json {
        print_json(&outcomes)?;
        return Ok(Outcome::Ok);
    }
    if outcomes.is_empty() {
        println!("Nothing to send or check.");
    }
    for (id, delivery) in &outcomes {
        if let Some(entry) = catalogue.store.access_request(id)? {
            println!("{}", describe_delivery(&entry, delivery));
        }
    }
    Ok(Outcome::Ok)
}

fn run_cancel(global: &GlobalArgs, id: &str) -> Result<Outcome> {
    if global.readonly {
        bail!("--readonly: canceling requests is disabled");
    }
    let mut catalogue = Catalogue::open_without_sync(global)?;
    let Some(entry) = catalogue.store.access_request(id)? else {
        bail!(
            "no access request `{}` (`meshlens access list` shows them)",
            clean(id)
        );
    };
    let outcome =
        destinations(&catalogue.workspace, global).cancel(&mut catalogue.store, &entry)?;
    match outcome {
        Ok(()) => {
            println!("request {} canceled", entry.id);
            Ok(Outcome::Ok)
        }
        Err(why) => bail!("{}", why),
    }
}
