//! The `:` command line (run, history, completion) and Tab completion of
//! filter values in the search box.

use super::{App, Loadable, Overlay, ProductScreen, Screen};
use crate::tui::action::{Effect, Target};

/// Command names, for completion and `:help`.
pub const COMMANDS: [&str; 13] = [
    "product", "contract", "lineage", "impact", "domain", "team", "teams", "health", "sync",
    "access", "requests", "help", "quit",
];

const FIELDS: [&str; 5] = ["domain:", "team:", "tag:", "status:", "kind:"];

impl App {
    pub(super) fn submit_command(&mut self) -> Vec<Effect> {
        let Some(Overlay::Command(line)) = self.overlay.take() else {
            return Vec::new();
        };
        let text = line.input.text().trim().to_owned();
        if text.is_empty() {
            return Vec::new();
        }
        self.history.retain(|h| *h != text);
        self.history.push(text.clone());
        let (name, arg) = match text.split_once(' ') {
            Some((name, arg)) => (name, arg.trim()),
            None => (text.as_str(), ""),
        };
        self.run_command(name, arg)
    }

    fn run_command(&mut self, name: &str, arg: &str) -> Vec<Effect> {
        match (name, arg) {
            ("q" | "quit", _) => {
                self.quit = true;
                vec![Effect::Quit]
            }
            ("help" | "h", _) => self.update(crate::tui::action::Msg::Command(
                crate::tui::action::Command::Help,
            )),
            ("product" | "p", id) if !id.is_empty() => resolve(Target::Product, id),
            ("lineage" | "l", id) if !id.is_empty() => resolve(Target::Lineage, id),
            ("impact" | "i", id) if !id.is_empty() => resolve(Target::Impact, id),
            ("contract" | "c", arg) if !arg.is_empty() => match arg.rsplit_once(' ') {
                Some((id, version)) if looks_like_version(version) => resolve(
                    Target::Contract {
                        version: Some(version.to_owned()),
                    },
                    id,
                ),
                _ => resolve(Target::Contract { version: None }, arg),
            },
            ("team" | "teams" | "t", "") => self.open_teams(),
            ("team" | "t", team) => resolve(Target::Team, team),
            ("domain" | "d", domain) if !domain.is_empty() => {
                self.stack.clear();
                self.search.focused = false;
                let value = if domain.contains(' ') {
                    format!("domain:\"{domain}\"")
                } else {
                    format!("domain:{domain}")
                };
                self.search.input.set(&value);
                self.run_search()
            }
            ("health", _) => self.open_health(),
            ("access" | "a", "") => self.request_access(None),
            ("access" | "a", id) => resolve(Target::Access, id),
            ("requests" | "r", _) => self.open_requests(None),
            ("sync", _) => self.sync_now(),
            ("contract" | "c", _) => {
                self.fail(
                    ":contract needs an id, e.g. :contract urn:datacontract:sales:orders-cleansed",
                );
                Vec::new()
            }
            ("product" | "p" | "domain" | "d" | "lineage" | "l" | "impact" | "i", _) => {
                self.fail(format!(":{name} needs an argument, e.g. :{name} sales"));
                Vec::new()
            }
            _ => {
                self.fail(format!(
                    "unknown command :{} (try {})",
                    crate::text::sanitize(name),
                    COMMANDS.map(|c| format!(":{c}")).join(" ")
                ));
                Vec::new()
            }
        }
    }

    /// A `:` command's name resolved: open what it names; a name that
    /// names nothing leaves the screen as it was and says so.
    pub(super) fn resolved(
        &mut self,
        target: Target,
        result: Result<String, String>,
    ) -> Vec<Effect> {
        let id = match result {
            Ok(id) => id,
            Err(why) => {
                self.fail(why);
                return Vec::new();
            }
        };
        match target {
            Target::Product => self.open_product(&id),
            Target::Lineage => {
                let mut effects = self.open_product(&id);
                effects.extend(self.select_product_tab(super::ProductTab::Lineage));
                effects
            }
            Target::Impact => self.open_impact_of(&id),
            Target::Access => self.request_access(Some(&id)),
            Target::Contract { version } => self.open_contract(&id, version.as_deref()),
            Target::Team => self.open_team(&id),
        }
    }

    pub(super) fn history_step(&mut self, step: isize) -> Vec<Effect> {
        let Some(Overlay::Command(line)) = &mut self.overlay else {
            return Vec::new();
        };
        if self.history.is_empty() {
            return Vec::new();
        }
        let last = self.history.len() as isize - 1;
        let position = match line.history_pos {
            None if step < 0 => last,
            None => return Vec::new(),
            Some(pos) => pos as isize + step,
        };
        if position > last {
            line.history_pos = None;
            line.input.set("");
        } else {
            let position = position.max(0) as usize;
            line.history_pos = Some(position);
            line.input.set(&self.history[position]);
        }
        Vec::new()
    }

    /// Tab: completes the word before the cursor.
    pub(super) fn complete(&mut self) -> Vec<Effect> {
        let candidates = self.completion_candidates();
        let (word, input_is_search) = match &self.overlay {
            // A command's argument is one value, spaces and all (`:team Payments Co`).
            Some(Overlay::Command(line)) => match line.input.text().split_once(' ') {
                Some((_, arg)) => (arg.trim_start().to_owned(), false),
                None => (line.input.text().to_owned(), false),
            },
            None => (self.search.input.current_word().to_owned(), true),
            Some(Overlay::Help { .. }) => return Vec::new(),
        };
        let (prefix, partial) = split_field(&word, input_is_search);
        let matching: Vec<&String> = candidates
            .iter()
            .filter(|c| c.to_lowercase().starts_with(&partial.to_lowercase()))
            .collect();
        let completed = match matching.as_slice() {
            [] => return Vec::new(),
            [only] => format!(
                "{prefix}{}",
                quote(only, input_is_search && !prefix.is_empty())
            ),
            many => {
                let shown: Vec<&str> = many.iter().take(6).map(|s| s.as_str()).collect();
                self.notify(format!(
                    "{}{}",
                    shown.join("  "),
                    if many.len() > 6 { "  …" } else { "" }
                ));
                format!("{prefix}{}", common_prefix(many))
            }
        };
        let completed = if matching.len() == 1 && !completed.ends_with(':') && input_is_search {
            format!("{completed} ")
        } else {
            completed
        };
        match &mut self.overlay {
            Some(Overlay::Command(line)) => {
                let text = match line.input.text().split_once(' ') {
                    Some((name, _)) => format!("{name} {completed}"),
                    None if matching.len() == 1 => format!("{completed} "),
                    None => completed,
                };
                line.input.set(&text);
            }
            _ => {
                self.search.input.replace_current_word(&completed);
                return self.run_search();
            }
        }
        Vec::new()
    }

    fn completion_candidates(&self) -> Vec<String> {
        let facets = self.search.catalogue_facets.as_ref();
        let values = |pick: fn(&crate::index::Facets) -> &Vec<(String, u64)>| -> Vec<String> {
            facets.map_or_else(Vec::new, |f| {
                pick(f).iter().map(|(v, _)| v.clone()).collect()
            })
        };
        match &self.overlay {
            Some(Overlay::Command(line)) => match line.input.text().split_once(' ') {
                None => COMMANDS.map(str::to_owned).to_vec(),
                Some(("domain" | "d", _)) => values(|f| &f.domain),
                Some(("team" | "t", _)) => values(|f| &f.team),
                Some(("product" | "p", _)) => match &self.search.results {
                    Loadable::Loaded(results) => {
                        results.hits.iter().map(|h| h.id.clone()).collect()
                    }
                    _ => Vec::new(),
                },
                Some(("contract" | "c", _)) => self.contract_candidates(),
                Some(_) => Vec::new(),
            },
            _ => {
                let word = self.search.input.current_word().to_lowercase();
                match word.split_once(':') {
                    None => FIELDS.map(str::to_owned).to_vec(),
                    Some(("domain", _)) => values(|f| &f.domain),
                    Some(("team", _)) => values(|f| &f.team),
                    Some(("tag", _)) => values(|f| &f.tag),
                    Some(("status", _)) => values(|f| &f.status),
                    Some(("kind", _)) => vec!["product".into(), "contract".into()],
                    Some(_) => Vec::new(),
                }
            }
        }
    }
}

impl App {
    /// Contract ids the app knows of: contract hits, the contracts of open
    /// products, open contracts.
    fn contract_candidates(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        if let Loadable::Loaded(results) = &self.search.results {
            ids.extend(
                results
                    .hits
                    .iter()
                    .filter(|h| h.kind == crate::index::Kind::Contract)
                    .map(|h| h.id.clone()),
            );
        }
        for screen in &self.stack {
            match screen {
                Screen::Product(ProductScreen {
                    detail: Loadable::Loaded(Some(detail)),
                    ..
                }) => ids.extend(detail.contracts.iter().map(|c| c.id.clone())),
                Screen::Contract(screen) => ids.push(screen.id.clone()),
                _ => {}
            }
        }
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        ids
    }
}

/// `team:"Pay` → (`team:`, `Pay`); a plain word is all partial.
fn split_field(word: &str, fields: bool) -> (String, String) {
    match word.split_once(':') {
        Some((field, value)) if fields => (
            format!("{field}:"),
            value.trim_start_matches('"').to_owned(),
        ),
        _ => (String::new(), word.to_owned()),
    }
}

fn quote(value: &str, allowed: bool) -> String {
    if allowed && value.contains(' ') {
        format!("\"{value}\"")
    } else {
        value.to_owned()
    }
}

fn common_prefix(words: &[&String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for word in &words[1..] {
        end = first
            .char_indices()
            .zip(word.chars())
            .take_while(|((_, a), b)| a.eq_ignore_ascii_case(b))
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_owned()
}

/// The lookup that runs before a `:` command opens anything.
fn resolve(target: Target, text: &str) -> Vec<Effect> {
    vec![Effect::Resolve {
        target,
        text: text.trim().to_owned(),
    }]
}

/// `1.0.0`, `v2`, `2.1`: the last word of `:contract ID VERSION`.
fn looks_like_version(word: &str) -> bool {
    let word = word.strip_prefix('v').unwrap_or(word);
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
}
