//! The search pane: the box, facet counts, the hits, a preview.

use crate::quality::Severity;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{clean, fit, layout, loading_or_error, mark, multiline};
use crate::index::{Facets, Kind, SearchHit};
use crate::tui::app::{App, Loadable};
use crate::tui::theme::{Slot, Theme};

pub fn render(frame: &mut Frame, app: &App, body: Rect, theme: &Theme) {
    let areas = layout::search_areas(body);
    input(frame, app, areas.input, theme);
    if let Loadable::Loaded(results) = &app.search.results {
        facets_line(frame, &results.facets, results.total, areas.facets, theme);
    }
    hits(frame, app, areas.list, theme);
    if let Some(area) = areas.preview {
        preview(frame, app, area, theme);
    }
}

fn input(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let focused = app.search.focused && app.overlay.is_none();
    let border = if focused {
        Slot::BorderFocused
    } else {
        Slot::Border
    };
    let status = if app.search.is_searching() {
        " searching… "
    } else {
        ""
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(border))
        .title(" Search (/) ")
        .title_bottom(Line::styled(status, theme.style(Slot::Muted)));
    let inner = block.inner(area);
    let text = app.search.input.text();
    let line = if text.is_empty() && !focused {
        Line::styled(
            "type / to search: orders domain:sales tag:pii",
            theme.style(Slot::Muted),
        )
    } else {
        Line::styled(clean(text), theme.style(Slot::Input))
    };
    frame.render_widget(Paragraph::new(line).block(block), area);
    if focused {
        let x = inner.x + app.search.input.cursor() as u16;
        frame.set_cursor_position((x.min(inner.right().saturating_sub(1)), inner.y));
    }
}

fn facets_line(frame: &mut Frame, facets: &Facets, total: u64, area: Rect, theme: &Theme) {
    let mut spans = vec![Span::styled(
        format!(" {total} matches"),
        theme.style(Slot::Accent),
    )];
    for (field, values) in [
        ("domain", &facets.domain),
        ("team", &facets.team),
        ("tag", &facets.tag),
        ("status", &facets.status),
    ] {
        if values.is_empty() {
            continue;
        }
        spans.push(Span::styled(
            format!("  {field}: "),
            theme.style(Slot::Muted),
        ));
        let shown: Vec<String> = values
            .iter()
            .take(3)
            .map(|(v, n)| format!("{} {n}", clean(v)))
            .collect();
        spans.push(Span::styled(shown.join(", "), theme.style(Slot::Text)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn hits(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let focused = !app.search.focused && app.overlay.is_none();
    let block = super::panel_block(" Results ", focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let results = match &app.search.results {
        Loadable::Loaded(results) => results,
        other => {
            loading_or_error(frame, other, "Loading the catalogue…", inner, theme);
            return;
        }
    };
    if results.hits.is_empty() {
        let text = format!(
            "No match for `{}`. Esc clears the search.",
            clean(app.search.input.text())
        );
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.style(Slot::Muted))
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let widths = column_widths(inner.width);
    let header = Line::styled(
        format!(
            "  {:<w0$} {:<w1$} {:<w2$} {:<QUALITY_WIDTH$}{}",
            "name",
            "domain",
            "team",
            "quality",
            "status",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        ),
        theme.style(Slot::Muted),
    );
    let rows_area = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(header), Rect { height: 1, ..inner });
    let height = rows_area.height as usize;
    let start = app.search.cursor.window_start(height);
    let lines: Vec<Line> = results
        .hits
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(n, hit)| {
            mark(
                hit_line(hit, &widths, app.search.badges.as_deref(), theme),
                n == app.search.cursor.selected,
                theme,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}

/// "● 82 " and a space: the quality badge column.
const QUALITY_WIDTH: usize = 8;

fn column_widths(width: u16) -> [usize; 3] {
    let width = width.saturating_sub(2) as usize;
    let domain = 14.min(width / 5);
    let team = 22.min(width / 4);
    let status = 18;
    let name = width
        .saturating_sub(domain + team + status + QUALITY_WIDTH + 3)
        .max(8);
    [name, domain, team]
}

/// A product's score, coloured by its worst breach now (error, warning,
/// healthy); `…` while the quality state is being built, blank for a
/// contract hit.
fn quality_badge(hit: &SearchHit, badges: Option<&Badges>, theme: &Theme) -> Span<'static> {
    if hit.kind == Kind::Contract {
        return Span::raw(" ".repeat(QUALITY_WIDTH));
    }
    let Some(badges) = badges else {
        return Span::styled(format!("{:<QUALITY_WIDTH$}", "…"), theme.style(Slot::Muted));
    };
    match badges.get(&hit.id) {
        None => Span::styled(format!("{:<QUALITY_WIDTH$}", "–"), theme.style(Slot::Muted)),
        Some(badge) => {
            let (mark, slot) = match badge.breach {
                Some(Severity::Error) => ("✗", Slot::LevelError),
                Some(Severity::Warning) => ("!", Slot::LevelWarning),
                _ => ("●", Slot::StatusActive),
            };
            let text = format!("{mark} {:>3}", badge.score);
            Span::styled(format!("{text:<QUALITY_WIDTH$}"), theme.style(slot))
        }
    }
}

type Badges = std::collections::HashMap<String, crate::quality::Badge>;

/// The name with the matched words highlighted.
fn highlighted(name: &str, matched: &[String], width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let name = fit(&clean(name), width);
    let mut spans = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, spans: &mut Vec<Span<'static>>| {
        if word.is_empty() {
            return;
        }
        let slot = if matched.iter().any(|m| *m == word.to_lowercase()) {
            Slot::Match
        } else {
            Slot::Text
        };
        spans.push(Span::styled(std::mem::take(word), theme.style(slot)));
    };
    for c in name.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut spans);
            spans.push(Span::styled(c.to_string(), theme.style(Slot::Text)));
        }
    }
    flush(&mut word, &mut spans);
    spans
}

fn hit_line(
    hit: &SearchHit,
    widths: &[usize; 3],
    badges: Option<&Badges>,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = highlighted(&hit.name, &hit.matched, widths[0], theme);
    let kind = if hit.kind == Kind::Contract {
        "contract·"
    } else {
        ""
    };
    let status = hit.status.as_deref().unwrap_or("");
    let status_slot = if status.eq_ignore_ascii_case("active") {
        Slot::StatusActive
    } else {
        Slot::StatusOther
    };
    spans.push(Span::styled(
        format!(
            " {}",
            fit(&clean(hit.domain.as_deref().unwrap_or("")), widths[1])
        ),
        theme.style(Slot::Muted),
    ));
    spans.push(Span::styled(
        format!(
            " {}",
            fit(&clean(hit.team.as_deref().unwrap_or("")), widths[2])
        ),
        theme.style(Slot::Muted),
    ));
    spans.push(Span::raw(" "));
    spans.push(quality_badge(hit, badges, theme));
    spans.push(Span::styled(
        format!("{kind}{}", clean(status)),
        theme.style(status_slot),
    ));
    Line::from(spans)
}

fn preview(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Slot::Border))
        .title(" Preview ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some((id, state)) = &app.search.preview else {
        contract_preview(frame, app, inner, theme);
        return;
    };
    let product = match state {
        Loadable::Loaded(Some(product)) => product,
        Loadable::Loaded(None) => {
            frame.render_widget(
                Paragraph::new(format!("{} is gone from the cache", clean(id))),
                inner,
            );
            return;
        }
        other => {
            loading_or_error(frame, other, "…", inner, theme);
            return;
        }
    };
    let mut lines = vec![
        Line::styled(clean(product.title()), theme.style(Slot::Title)),
        Line::styled(clean(&product.id), theme.style(Slot::Muted)),
        Line::default(),
    ];
    if let Some(purpose) = product.description.purpose.as_deref() {
        lines.extend(
            multiline(purpose)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(Slot::Text))),
        );
        lines.push(Line::default());
    }
    let team = product
        .team
        .as_ref()
        .and_then(|t| t.name.as_deref().or(t.id.as_deref()));
    for (label, value) in [
        ("domain", product.domain.as_deref()),
        ("team", team),
        ("status", product.status.as_deref()),
        ("version", product.version.as_deref()),
    ] {
        if let Some(value) = value {
            lines.push(Line::from(vec![
                Span::styled(format!("{label:<9}"), theme.style(Slot::Muted)),
                Span::styled(clean(value), theme.style(Slot::Text)),
            ]));
        }
    }
    if !product.tags.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("tags     ", theme.style(Slot::Muted)),
            Span::styled(clean(&product.tags.join(", ")), theme.style(Slot::Accent)),
        ]));
    }
    lines.push(Line::styled(
        format!(
            "ports    {} in, {} out",
            product.input_ports.len(),
            product.output_ports.len()
        ),
        theme.style(Slot::Muted),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A contract hit: what the index knows (the contract view comes later).
fn contract_preview(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Loadable::Loaded(results) = &app.search.results else {
        return;
    };
    let Some(hit) = results.hits.get(app.search.cursor.selected) else {
        return;
    };
    let mut lines = vec![
        Line::styled(clean(&hit.name), theme.style(Slot::Title)),
        Line::styled(
            format!("contract {}", clean(&hit.id)),
            theme.style(Slot::Muted),
        ),
        Line::default(),
    ];
    for (label, value) in [
        ("domain", hit.domain.as_deref()),
        ("team", hit.team.as_deref()),
        ("status", hit.status.as_deref()),
    ] {
        if let Some(value) = value {
            lines.push(Line::from(vec![
                Span::styled(format!("{label:<9}"), theme.style(Slot::Muted)),
                Span::styled(clean(value), theme.style(Slot::Text)),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
