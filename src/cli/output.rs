//! Printing: JSON for scripts, text for people, progress on stderr.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

pub use crate::text::sanitize as clean;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, value)?;
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
            let style = indicatif::ProgressStyle::with_template("{spinner} {prefix} {pos} {msg} ({elapsed})")
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
        let style = indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg} ({eta})")
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

/// Pads or cuts `s` to `width` display columns (for aligned text tables).
pub fn cell(s: &str, width: usize) -> String {
    let clean = clean(s);
    let mut out = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width.saturating_sub(1) && clean.chars().count() > width {
            out.push('…');
            used += 1;
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}
