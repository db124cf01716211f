//! Printing: JSON for scripts, text for people, progress on stderr.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

pub use crate::text::sanitize as clean;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    crate::text::write_safe_json(&mut stdout, value)?;
    writeln!(stdout)?;
    Ok(())
}

/// A progress line on stderr, shown only when stderr is a terminal.
pub struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    pub fn spinner(verb: &'static str) -> Progress {
        let bar = if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new_spinner();
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} {prefix} {pos} {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_prefix(verb);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        Progress { bar }
    }

    pub fn bar(verb: &'static str, total: u64) -> Progress {
        let progress = Progress::spinner(verb);
        progress.bar.set_length(total);
        let style = indicatif::ProgressStyle::with_template(
            "{prefix} [{bar:30}] {pos}/{len} {msg} ({eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        progress.bar.set_style(style.progress_chars("=> "));
        progress
    }

    pub fn set(&self, position: u64, message: &str) {
        self.bar.set_position(position);
        if self.bar.message() != message {
            self.bar.set_message(message.to_string());
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// An aligned text table: columns as wide as their widest cell (up to a cap),
/// two spaces apart; every cell sanitised.
pub struct Table {
    rows: Vec<Vec<String>>,
    caps: Vec<usize>,
}

impl Table {
    /// `caps`: the widest each column may be; longer cells are cut with `…`.
    pub fn new(header: &[&str], caps: &[usize]) -> Table {
        Table {
            rows: vec![header.iter().map(|h| h.to_string()).collect()],
            caps: caps.to_vec(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.iter().map(|c| clean(c).into_owned()).collect());
    }

    pub fn print(&self) {
        let widths: Vec<usize> = self
            .caps
            .iter()
            .enumerate()
            .map(|(i, cap)| {
                let widest = self
                    .rows
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| width(c)))
                    .max();
                widest.unwrap_or(0).min(*cap)
            })
            .collect();
        for row in &self.rows {
            let last = row.len().saturating_sub(1);
            let line: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == last {
                        cut(c, widths[i])
                    } else {
                        cell(c, widths[i])
                    }
                })
                .collect();
            println!("{}", line.join("  "));
        }
    }
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` display columns, ending in `…` when cut.
fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` sanitised, cut to `width` display columns and padded to exactly that.
pub fn cell(s: &str, width_: usize) -> String {
    let text = cut(&clean(s), width_);
    let pad = width_.saturating_sub(width(&text));
    format!("{text}{}", " ".repeat(pad))
}

/// An id that names no product: `{ "id": ..., "found": false }` or a hint to
/// search, and exit 1.
pub fn unknown_product(
    json: bool,
    store: &crate::store::Store,
    id: &str,
) -> Result<super::Outcome> {
    let nearest = crate::lookup::product(store, id)?.nearest();
    if json {
        print_json(&serde_json::json!({ "id": id, "found": false, "nearest": nearest }))?;
    } else {
        println!(
            "{}. Try `meshlens search {}`.",
            capitalise(&crate::lookup::missing_message("product", id, &nearest)),
            clean(id)
        );
    }
    Ok(super::Outcome::Findings)
}

/// The first letter in upper case (messages that start a line).
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
