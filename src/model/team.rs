use serde::{Deserialize, Serialize};

use super::{Extra, lenient};

/// ODPS/ODCS `description`: purpose, usage and limitations. ODCS 3.0 also allows
/// a plain string, which lands in `purpose`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "DescriptionWire")]
pub struct Description {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limitations: Option<String>,
}

impl Description {
    pub fn is_empty(&self) -> bool {
        [&self.purpose, &self.usage, &self.limitations]
            .iter()
            .all(|f| f.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DescriptionWire {
    Text(String),
    Parts {
        #[serde(default, deserialize_with = "lenient::opt_string")]
        purpose: Option<String>,
        #[serde(default, deserialize_with = "lenient::opt_string")]
        usage: Option<String>,
        #[serde(default, deserialize_with = "lenient::opt_string")]
        limitations: Option<String>,
    },
}

impl From<DescriptionWire> for Description {
    fn from(wire: DescriptionWire) -> Self {
        match wire {
            DescriptionWire::Text(text) => Description {
                purpose: Some(text),
                ..Description::default()
            },
            DescriptionWire::Parts {
                purpose,
                usage,
                limitations,
            } => Description {
                purpose,
                usage,
                limitations,
            },
        }
    }
}

/// The team owning a product or contract. ODCS 3.1 and ODPS use an object with
/// `members`; ODCS 3.0 used a bare list of members, which the parser folds in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub members: Vec<Member>,
    #[serde(
        default,
        deserialize_with = "lenient::strings",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    #[serde(default, deserialize_with = "lenient::string")]
    pub username: String,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub role: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_in: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_out: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A support channel (ODCS `support`, ODPS `support`): Slack, email, a URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportChannel {
    #[serde(default, deserialize_with = "lenient::string")]
    pub channel: String,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tool: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub scope: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
