//! The Quality tab: the trust score and its breakdown, the score's history
//! as a sparkline, each check with its last result (failing first),
//! freshness and the last run, and what meshlens could not read.

use chrono::{DateTime, Utc};
use ratatui::text::{Line, Span};

use super::clean;
use super::product::{ProductLine, blank, heading};
use crate::quality::score::{age_seconds, human_duration};
use crate::quality::{Check, ProductQuality, Severity};
use crate::tui::app::{Loadable, QualityState};
use crate::tui::theme::{Slot, Theme};

pub fn quality_lines(state: &QualityState, now: DateTime<Utc>, theme: &Theme) -> Vec<ProductLine> {
    let text =
        |text: String, slot: Slot| vec![ProductLine::text(Line::styled(text, theme.style(slot)))];
    match state {
        None | Some(Loadable::Loading) => text("Computing the quality…".to_owned(), Slot::Muted),
        Some(Loadable::Failed(error)) => text(format!("Error: {}", clean(error)), Slot::Error),
        Some(Loadable::Loaded(None)) => {
            text("No quality known for this product.".to_owned(), Slot::Muted)
        }
        Some(Loadable::Loaded(Some(quality))) => loaded_lines(quality, now, theme),
    }
}

/// Eight levels of block characters, lowest to highest.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Scores (0–100) as block characters, the last `width` of them.
pub fn sparkline(scores: &[u32], width: usize) -> String {
    let start = scores.len().saturating_sub(width);
    scores[start..]
        .iter()
        .map(|&s| BARS[((s.min(100) as usize) * (BARS.len() - 1) + 50) / 100])
        .collect()
}

fn loaded_lines(quality: &ProductQuality, now: DateTime<Utc>, theme: &Theme) -> Vec<ProductLine> {
    let score = quality.score.total;
    let score_slot = match score {
        80.. => Slot::StatusActive,
        50..80 => Slot::LevelWarning,
        _ => Slot::LevelError,
    };
    let mut out = vec![ProductLine::text(Line::from(vec![
        Span::styled("Trust score ", theme.style(Slot::Title)),
        Span::styled(format!("{score} / 100"), theme.style(score_slot)),
    ]))];
    for part in &quality.score.parts {
        out.push(ProductLine::text(Line::from(vec![
            Span::styled(format!("  {:<14}", part.name), theme.style(Slot::Muted)),
            Span::styled(
                format!("{:>4.1} / {:<3} ", part.points, part.max),
                theme.style(Slot::Text),
            ),
            Span::styled(clean(&part.note), theme.style(Slot::Muted)),
        ])));
    }
    let scores: Vec<u32> = quality.history.iter().map(|(_, s)| *s).collect();
    if !scores.is_empty() {
        let first = quality.history.first().map(|(t, _)| *t);
        let since = first.map_or_else(String::new, |t| {
            format!(
                " over {} results since {}",
                scores.len(),
                t.format("%Y-%m-%d")
            )
        });
        out.push(ProductLine::text(Line::from(vec![
            Span::styled("  history       ", theme.style(Slot::Muted)),
            Span::styled(sparkline(&scores, 60), theme.style(Slot::Accent)),
            Span::styled(since, theme.style(Slot::Muted)),
        ])));
    }
    out.push(blank());
    out.push(heading(
        theme,
        &format!("Checks ({}), failing first", quality.checks.len()),
    ));
    if quality.checks.is_empty() {
        out.push(ProductLine::text(Line::styled(
            "  No quality rules declared and no results: the score cannot vouch for this product.",
            theme.style(Slot::LevelWarning),
        )));
    }
    for check in &quality.checks {
        out.push(check_line(check, now, theme));
    }
    if !quality.findings.is_empty() {
        out.push(blank());
        out.push(heading(theme, "Could not read"));
        for finding in &quality.findings {
            out.push(ProductLine::text(Line::styled(
                format!("  {}", clean(finding)),
                theme.style(Slot::LevelWarning),
            )));
        }
    }
    out
}

fn check_line(check: &Check, now: DateTime<Utc>, theme: &Theme) -> ProductLine {
    let (result, slot) = match &check.last {
        None => ("never ran", Slot::Muted),
        Some(r) if r.passed => ("pass", Slot::StatusActive),
        Some(_) if check.severity == Severity::Error => ("FAIL", Slot::LevelError),
        Some(_) => ("FAIL", Slot::LevelWarning),
    };
    let when = match (&check.last, check.failing_since) {
        (Some(r), Some(since)) => format!(
            "ran {} ago, failing for {}",
            human_duration(age_seconds(r.at, now)),
            human_duration(age_seconds(since, now))
        ),
        (Some(r), None) => format!("ran {} ago", human_duration(age_seconds(r.at, now))),
        (None, _) => String::new(),
    };
    let target = check
        .target
        .as_deref()
        .map(|t| format!(" on {t}"))
        .unwrap_or_default();
    let dimension = check.dimension.as_deref().unwrap_or("—");
    ProductLine::text(Line::from(vec![
        Span::styled(format!("  {result:<10}"), theme.style(slot)),
        Span::styled(
            format!("{}{}", clean(&check.name), clean(&target)),
            theme.style(Slot::Text),
        ),
        Span::styled(
            format!("  {dimension} · {} · {when}", check.severity.label()),
            theme.style(Slot::Muted),
        ),
    ]))
}
