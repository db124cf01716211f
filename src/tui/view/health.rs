//! The health view: every product breaching now, worst first (severity ×
//! products downstream), with since when, whom to call, and what breaches.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clean, fit, layout, loading_or_error};
use crate::quality::score::{age_seconds, human_duration};
use crate::quality::{Breach, Severity};
use crate::tui::app::{HealthScreen, Loadable};
use crate::tui::theme::{Slot, Theme};

/// Severity, product, downstream, since, team; support and reasons share
/// the rest. A narrow pane drops the team (the product view has it).
const WIDE: [usize; 5] = [8, 30, 10, 12, 20];
const NARROW: [usize; 5] = [8, 22, 5, 11, 0];

fn widths(width: u16) -> [usize; 5] {
    if width >= 120 { WIDE } else { NARROW }
}

pub fn render(frame: &mut Frame, screen: &HealthScreen, body: Rect, theme: &Theme) {
    let [title, summary, content] = layout::product_areas(body);
    super::styled_line(
        frame,
        title,
        " Health: what is broken now",
        Slot::Title,
        theme,
    );
    let health = match &screen.health {
        Loadable::Loaded(health) => health,
        other => {
            loading_or_error(frame, other, "Checking every product…", content, theme);
            return;
        }
    };
    let errors = health
        .breaches
        .iter()
        .filter(|b| b.severity == Severity::Error)
        .count();
    let mut facts = format!(
        " {} of {} products breaching ({errors} errors) · worst first: severity × products downstream",
        health.breaches.len(),
        health.products
    );
    if !health.unmapped.is_empty() {
        facts.push_str(&format!(
            " · {} datasets with results no product owns",
            health.unmapped.len()
        ));
    }
    if health.future_events > 0 {
        facts.push_str(&format!(
            " · {} events dated in the future",
            health.future_events
        ));
    }
    super::styled_line(frame, summary, facts, Slot::Muted, theme);
    let inner = super::framed(frame, content, " Breaching now ", theme);
    if health.breaches.is_empty() {
        frame.render_widget(
            Paragraph::new("Nothing breaches: every check passes, every product is fresh.")
                .style(theme.style(Slot::StatusActive)),
            inner,
        );
        return;
    }
    let [header, rows] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let widths = widths(inner.width);
    let heading = super::cells(
        widths,
        ["severity", "product", "downstream", "since", "team"],
        "what · call",
    );
    super::styled_line(frame, header, format!("  {heading}"), Slot::Muted, theme);
    let at = health.at;
    super::rows_window(
        frame,
        &health.breaches,
        |breach| breach_line(breach, at, widths, theme),
        screen.cursor,
        rows,
        theme,
    );
}

fn breach_line(
    breach: &Breach,
    at: chrono::DateTime<chrono::Utc>,
    widths: [usize; 5],
    theme: &Theme,
) -> Line<'static> {
    let slot = match breach.severity {
        Severity::Error => Slot::LevelError,
        Severity::Warning => Slot::LevelWarning,
        Severity::Info => Slot::LevelInfo,
    };
    let since = breach
        .since
        .map_or_else(String::new, |t| human_duration(age_seconds(t, at)));
    let product = &breach.product;
    let call = product
        .support
        .first()
        .map(|s| s.channel.clone())
        .unwrap_or_default();
    let text = super::cells(
        widths,
        [
            "",
            &clean(&product.name),
            &breach.blast_radius.to_string(),
            &since,
            &clean(product.team.as_deref().unwrap_or("")),
        ],
        &format!("{} · {}", clean(&breach.reasons.join("; ")), clean(&call)),
    );
    Line::from(vec![
        Span::styled(fit(breach.severity.label(), widths[0]), theme.style(slot)),
        Span::styled(text[widths[0]..].to_owned(), theme.style(Slot::Text)),
    ])
}
