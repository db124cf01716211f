//! Owning teams: one per (domain, team kind), the same members wherever the
//! team appears, and its support channels.

use rand::Rng;

use super::plan::{ProductPlan, title_case};
use super::sampling::{Purpose, stream};
use super::vocab::{FIRST_NAMES, LAST_NAMES, MEMBER_ROLES, TEAM_KINDS};
use crate::model::{Member, SupportChannel, Team};

pub const ORG_DOMAIN: &str = "acme.example";

/// `sales-analytics`: the team's slug.
pub fn team_slug(product: &ProductPlan) -> String {
    format!(
        "{}-{}",
        product.domain_name(),
        TEAM_KINDS[product.team_kind]
    )
}

/// The team owning `product`, with 2 to 5 members.
pub fn team(seed: u64, product: &ProductPlan) -> Team {
    let key = (product.domain * TEAM_KINDS.len() + product.team_kind) as u64;
    let mut rng = stream(seed, Purpose::Team, key);
    let size = rng.random_range(2..=5);
    let members = (0..size)
        .map(|position| {
            let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
            let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
            let role = MEMBER_ROLES[position.min(MEMBER_ROLES.len() - 1)];
            Member {
                username: format!(
                    "{}.{}@{ORG_DOMAIN}",
                    first.to_lowercase(),
                    last.to_lowercase()
                ),
                name: Some(format!("{first} {last}")),
                role: Some(role.to_string()),
                ..Member::default()
            }
        })
        .collect();
    Team {
        name: Some(title_case(&team_slug(product))),
        members,
        ..Team::default()
    }
}

/// A Slack channel and an email address for the owning team.
pub fn support(product: &ProductPlan) -> Vec<SupportChannel> {
    let slug = team_slug(product);
    let channel_code = (product.domain * TEAM_KINDS.len() + product.team_kind) * 7919 + 0x1000_0000;
    vec![
        SupportChannel {
            channel: format!("#{slug}"),
            url: Some(format!(
                "https://acme.slack.com/archives/C{channel_code:08X}"
            )),
            tool: Some("slack".into()),
            scope: Some("interactive".into()),
            ..SupportChannel::default()
        },
        SupportChannel {
            channel: "email".into(),
            url: Some(format!("mailto:{slug}@{ORG_DOMAIN}")),
            tool: Some("email".into()),
            scope: Some("issues".into()),
            ..SupportChannel::default()
        },
    ]
}
