//! The contract view: a title, a tab bar, and the Schema tree, the versions,
//! the diff between two versions or the consumers.

mod diff;
pub mod schema;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::product::{ProductLine, blank, bump_slot, heading, short_date};
use super::{clean, fit, layout, lines_window};
use crate::tui::app::{ContractScreen, ContractTab, Loadable};
use crate::tui::backend::{ConsumerRef, ContractVersion};
use crate::tui::theme::{Slot, Theme};

pub use diff::diff_lines;

/// The lines of every tab but Schema (whose rows are drawn from the tree).
/// `width` is the inner width of the tab (side-by-side columns fit it).
pub fn contract_lines(screen: &ContractScreen, width: u16, theme: &Theme) -> Vec<ProductLine> {
    let Loadable::Loaded(Some(detail)) = &screen.detail else {
        return Vec::new();
    };
    match screen.tab {
        ContractTab::Schema => Vec::new(),
        ContractTab::Versions => version_lines(&detail.versions, screen.selected, theme),
        ContractTab::Diff => diff_lines(screen, &detail.consumers, width, theme),
        ContractTab::Consumers => consumer_lines(&detail.consumers, theme),
    }
}

/// The `changeSummary` custom property, if any.
pub fn change_summary(version: &ContractVersion) -> Option<String> {
    crate::contracts::custom_property(&version.contract, "changeSummary")
}

fn version_lines(versions: &[ContractVersion], selected: usize, theme: &Theme) -> Vec<ProductLine> {
    let mut out = Vec::new();
    for (n, version) in versions.iter().enumerate() {
        let c = &version.contract;
        let marker = if n == selected { "● " } else { "  " };
        out.push(ProductLine::text(Line::from(vec![
            Span::styled(marker, theme.style(Slot::Accent)),
            Span::styled(
                format!("{} ", fit(&clean(&c.version), 12)),
                theme.style(Slot::Text),
            ),
            Span::styled(
                format!("{} ", fit(&clean(c.status.as_deref().unwrap_or("")), 11)),
                theme.style(Slot::Muted),
            ),
            Span::styled(
                format!(
                    "{} ",
                    fit(&clean(&short_date(c.contract_created_ts.as_deref())), 10)
                ),
                theme.style(Slot::Muted),
            ),
            Span::styled(
                format!("{} ", fit(version.bump.label(), 11)),
                theme.style(bump_slot(version.bump)),
            ),
            Span::styled(
                clean(&change_summary(version).unwrap_or_default()),
                theme.style(Slot::Text),
            ),
        ])));
    }
    out
}

fn consumer_lines(consumers: &[ConsumerRef], theme: &Theme) -> Vec<ProductLine> {
    if consumers.is_empty() {
        return vec![ProductLine::text(Line::styled(
            "No product consumes this contract.",
            theme.style(Slot::Muted),
        ))];
    }
    let mut out = vec![heading(
        theme,
        &format!("{} consumer products (Enter opens)", consumers.len()),
    )];
    for consumer in consumers {
        let channel = consumer.channel.as_ref();
        out.push(ProductLine {
            line: Line::from(vec![
                Span::styled(
                    format!("  {} ", fit(&clean(&consumer.product.name), 30)),
                    theme.style(Slot::Accent),
                ),
                Span::styled(
                    format!(
                        "{} ",
                        fit(&clean(consumer.version.as_deref().unwrap_or("any")), 8)
                    ),
                    theme.style(Slot::Muted),
                ),
                Span::styled(
                    format!(
                        "{} ",
                        fit(&clean(consumer.team.as_deref().unwrap_or("no team")), 26)
                    ),
                    theme.style(Slot::Text),
                ),
                Span::styled(
                    format!("{} ", clean(channel.map_or("", |c| c.channel.as_str()))),
                    theme.style(Slot::Muted),
                ),
                Span::styled(
                    clean(channel.and_then(|c| c.url.as_deref()).unwrap_or("")),
                    theme.style(Slot::Accent),
                ),
            ]),
            product: Some(consumer.product.id.clone()),
            url: channel.and_then(|c| c.url.clone()),
            ..ProductLine::text(Line::default())
        });
    }
    out.push(blank());
    out
}

pub fn render(frame: &mut Frame, screen: &ContractScreen, body: Rect, theme: &Theme) {
    let [title, tabs, content] = layout::product_areas(body);
    if super::loaded_detail(frame, &screen.detail, "contract", &screen.id, body, theme).is_none() {
        return;
    }
    let Some(version) = screen.version() else {
        return;
    };
    render_title(frame, version, title, theme);
    let active = ContractTab::ALL
        .iter()
        .position(|t| *t == screen.tab)
        .unwrap_or(0);
    super::render_tab_bar(
        frame,
        ContractTab::ALL.iter().map(|t| t.title()),
        active,
        tabs,
        theme,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Slot::BorderFocused))
        .title(block_title(screen));
    let inner = block.inner(content);
    frame.render_widget(block, content);
    if screen.tab == ContractTab::Schema {
        schema::render(frame, screen, inner, theme);
        if screen.filtering {
            // After " Schema · filter: " on the top border.
            let x = content.x + 19 + screen.filter.cursor() as u16;
            frame.set_cursor_position((x.min(content.right().saturating_sub(2)), content.y));
        }
        return;
    }
    let rows: Vec<Line> = contract_lines(screen, inner.width, theme)
        .into_iter()
        .map(|l| l.line)
        .collect();
    lines_window(frame, rows, screen.cursor, inner, theme);
}

fn block_title(screen: &ContractScreen) -> String {
    let filter = screen.filter.text();
    if screen.tab == ContractTab::Schema && (screen.filtering || !filter.is_empty()) {
        let hint = if screen.filtering {
            "  (Enter keeps, Esc clears)"
        } else {
            ""
        };
        return format!(
            " Schema · filter: {} · {} rows{hint} ",
            clean(filter),
            screen.tree.visible.len()
        );
    }
    format!(" {} ", screen.tab.title())
}

fn render_title(frame: &mut Frame, version: &ContractVersion, area: Rect, theme: &Theme) {
    let c = &version.contract;
    let status = c.status.as_deref().unwrap_or("");
    let status_slot = if status.eq_ignore_ascii_case("active") {
        Slot::StatusActive
    } else {
        Slot::StatusOther
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(format!(" {}", clean(c.title())), theme.style(Slot::Title)),
            Span::styled(format!("  {}", clean(status)), theme.style(status_slot)),
        ]),
        Line::styled(
            format!(
                " {} · v{} · {} bump · {} object{}",
                clean(&c.id),
                clean(&c.version),
                version.bump.label(),
                c.schema.len(),
                if c.schema.len() == 1 { "" } else { "s" }
            ),
            theme.style(Slot::Muted),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
