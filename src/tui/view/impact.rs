//! The impact list: every product downstream (who to notify, nearest and
//! most depended-on first) or upstream (what to check for a root cause),
//! with its team and support channel.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clean, fit, layout};
use crate::lineage::ImpactEntry;
use crate::tui::app::{ImpactScreen, ImpactTab};
use crate::tui::theme::{Slot, Theme};

/// Column widths: distance, product, domain, team, dependents; the support
/// channel takes the rest.
const WIDTHS: [usize; 5] = [5, 30, 14, 18, 11];

pub fn render(frame: &mut Frame, screen: &ImpactScreen, body: Rect, theme: &Theme) {
    let [title, tabs, content] = layout::product_areas(body);
    let Some(impact) =
        super::loaded_detail(frame, &screen.impact, "product", &screen.id, body, theme)
    else {
        return;
    };
    let product = &impact.product;
    let lines = vec![
        Line::styled(
            format!(" Impact of {}", clean(&product.name)),
            theme.style(Slot::Title),
        ),
        Line::styled(
            format!(
                " {} · {} · {} downstream ({} direct) · {} upstream",
                clean(&product.id),
                match impact.depth {
                    Some(d) => format!("to depth {d} (+/-)"),
                    None => "all depths (-)".to_owned(),
                },
                impact.downstream.len(),
                impact.downstream.iter().filter(|e| e.distance == 1).count(),
                impact.upstream.len()
            ),
            theme.style(Slot::Muted),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), title);
    super::render_tab_bar(
        frame,
        ImpactTab::ALL.iter().map(|t| t.title()),
        screen.tab.index(),
        tabs,
        theme,
    );
    let inner = super::framed(frame, content, &format!(" {} ", screen.tab.title()), theme);
    let entries = screen.entries();
    if entries.is_empty() {
        let text = match screen.tab {
            ImpactTab::Downstream => "Nothing depends on this product.",
            ImpactTab::Upstream => "This product depends on no other product.",
        };
        frame.render_widget(Paragraph::new(text).style(theme.style(Slot::Muted)), inner);
        return;
    }
    let [header, rows] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Min(1),
    ])
    .areas(inner);
    let third = match screen.tab {
        ImpactTab::Downstream => "dependents",
        ImpactTab::Upstream => "health",
    };
    let heading = columns(["dist", "product", "domain", "team", third, "support"]);
    super::styled_line(frame, header, format!("  {heading}"), Slot::Muted, theme);
    let tab = screen.tab;
    super::rows_window(
        frame,
        entries,
        |entry| entry_line(entry, tab, theme),
        screen.cursor,
        rows,
        theme,
    );
}

fn columns(cells: [&str; 6]) -> String {
    let mut line = String::new();
    for (cell, width) in cells.iter().zip(WIDTHS) {
        line.push_str(&fit(cell, width));
        line.push(' ');
    }
    line.push_str(cells[5]);
    line
}

fn entry_line(entry: &ImpactEntry, tab: ImpactTab, theme: &Theme) -> Line<'static> {
    let third = match tab {
        ImpactTab::Downstream => entry.dependents.to_string(),
        ImpactTab::Upstream => entry.health.clone().unwrap_or_else(|| "—".to_owned()),
    };
    let support = entry
        .support
        .iter()
        .map(|s| match &s.url {
            Some(url) => format!("{} {}", s.channel, url),
            None => s.channel.clone(),
        })
        .next()
        .unwrap_or_default();
    let text = columns([
        &entry.distance.to_string(),
        &clean(&entry.name),
        &clean(entry.domain.as_deref().unwrap_or("")),
        &clean(entry.team.as_deref().unwrap_or("")),
        &third,
        &clean(&support),
    ]);
    Line::from(vec![Span::styled(text, theme.style(Slot::Text))])
}
