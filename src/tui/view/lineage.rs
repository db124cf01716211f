//! The Lineage tab: a status line (breadcrumb, level, depth, counts), the
//! layered graph (or the tree view when it does not fit or was asked for),
//! and a footer naming what the graph cannot show as lines (cycles,
//! dangling ports, layers off screen).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::{clean, fit, layout, loading_or_error};
use crate::lineage::layout::{Canvas, Placed, Scene, Slot as Box_, Viewport};
use crate::lineage::{Level, NodeKind};
use crate::quality::Severity;
use crate::tui::app::{LineagePane, ListCursor, Loadable, tree_rows};
use crate::tui::backend::{LineageData, PaneNode};
use crate::tui::theme::{Slot, Theme};

pub fn render(frame: &mut Frame, pane: Option<&LineagePane>, content: Rect, theme: &Theme) {
    let [status, graph, footer] = layout::lineage_areas(content);
    let Some(pane) = pane else {
        return;
    };
    let data = match &pane.data {
        Loadable::Loaded(Some(data)) => data,
        Loadable::Loaded(None) => {
            let text = format!(
                "No lineage for `{}` at {} level.",
                clean(pane.focus()),
                level_name(pane.level)
            );
            frame.render_widget(
                Paragraph::new(text).style(theme.style(Slot::Muted)),
                content,
            );
            return;
        }
        other => {
            let loading = format!("Tracing the lineage of {}…", clean(pane.focus()));
            loading_or_error(frame, other, &loading, content, theme);
            return;
        }
    };
    let viewport = Viewport {
        width: graph.width,
        height: graph.height,
        box_width: layout::lineage_box_width(graph.width),
    };
    let tree = pane.tree || !layout::lineage_graph_fits(viewport);
    let hidden = if tree {
        None
    } else {
        Some(render_graph(frame, pane, data, graph, viewport, theme))
    };
    if tree {
        render_tree(frame, pane, data, graph, theme);
    }
    render_status(frame, pane, data, tree, status, theme);
    render_footer(frame, data, hidden, footer, theme);
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Product => "product",
        Level::Dataset => "dataset",
        Level::Column => "column",
    }
}

fn render_status(
    frame: &mut Frame,
    pane: &LineagePane,
    data: &LineageData,
    tree: bool,
    area: Rect,
    theme: &Theme,
) {
    let label = |id: &str| {
        data.nodes
            .iter()
            .find(|n| n.id == id)
            .map_or_else(|| id.to_owned(), |n| n.label.clone())
    };
    let crumbs: Vec<String> = pane.trail.iter().map(|id| clean(&label(id))).collect();
    let facts = format!(
        "  {} level · depth {} · ↑{} ↓{} · {}",
        level_name(pane.level),
        pane.depth,
        data.upstream_count(),
        data.downstream_count(),
        if tree { "tree" } else { "graph" }
    );
    let width = area.width as usize;
    let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(facts.as_str()));
    let line = Line::from(vec![
        Span::styled(
            super::fit_tail(&crumbs.join(" › "), room),
            theme.style(Slot::Title),
        ),
        Span::styled(facts, theme.style(Slot::Muted)),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// Layers off screen (left, right) when the graph is drawn.
type Hidden = (usize, usize);

fn render_footer(
    frame: &mut Frame,
    data: &LineageData,
    hidden: Option<Hidden>,
    area: Rect,
    theme: &Theme,
) {
    let mut notes: Vec<Span> = Vec::new();
    let mut push = |text: String, slot: Slot| {
        if !notes.is_empty() {
            notes.push(Span::styled(" · ", theme.style(Slot::Muted)));
        }
        notes.push(Span::styled(text, theme.style(slot)));
    };
    if let Some((left, right)) = hidden {
        let layers = |n: usize| if n == 1 { "layer" } else { "layers" };
        if left > 0 {
            push(format!("◀ {left} more {} (h)", layers(left)), Slot::Accent);
        }
        if right > 0 {
            push(
                format!("{right} more {} (l) ▶", layers(right)),
                Slot::Accent,
            );
        }
    }
    for cycle in data.cycles.iter().take(2) {
        let mut names: Vec<String> = cycle.iter().map(|id| clean(id)).collect();
        if let Some(first) = names.first().cloned() {
            names.push(first);
        }
        push(
            format!("↺ cycle: {}", names.join(" → ")),
            Slot::LevelWarning,
        );
    }
    if data.cycles.len() > 2 {
        push(
            format!("{} more cycles", data.cycles.len() - 2),
            Slot::LevelWarning,
        );
    }
    if let Some(port) = data.dangling.first() {
        let more = match data.dangling.len() {
            1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        push(
            format!(
                "dangling: {} consumes {}, which nobody publishes{more}",
                clean(&port.product),
                clean(&port.contract_id)
            ),
            Slot::LevelError,
        );
    }
    if data.unmapped > 0 {
        push(
            format!("{} datasets no product owns", data.unmapped),
            Slot::Muted,
        );
    }
    frame.render_widget(Paragraph::new(Line::from(notes)), area);
}

fn render_graph(
    frame: &mut Frame,
    pane: &LineagePane,
    data: &LineageData,
    area: Rect,
    viewport: Viewport,
    theme: &Theme,
) -> Hidden {
    let Some(scene) = pane.scene(viewport) else {
        return (0, 0);
    };
    let selected = pane.selected_node();
    for placed in &scene.boxes {
        render_box(frame, data, placed, selected, area, theme);
    }
    draw_lines(frame, &scene.canvas, None, area, theme.style(Slot::Border));
    // The highlight takes the full canvas's glyph (a crossing stays one).
    draw_lines(
        frame,
        &scene.highlight,
        Some(&scene.canvas),
        area,
        theme.style(Slot::Accent),
    );
    hidden_layers(&scene, data.layered.layers().len())
}

fn hidden_layers(scene: &Scene, layers: usize) -> Hidden {
    (
        scene.columns.start,
        layers.saturating_sub(scene.columns.end),
    )
}

fn draw_lines(
    frame: &mut Frame,
    canvas: &Canvas,
    glyphs: Option<&Canvas>,
    area: Rect,
    style: Style,
) {
    let buffer = frame.buffer_mut();
    for (x, y, cell) in canvas.cells() {
        let cell = glyphs.map_or(cell, |full| full.get(x, y));
        let Some(glyph) = cell.glyph() else {
            continue;
        };
        if let Some(target) = buffer.cell_mut((area.x + x, area.y + y)) {
            target.set_char(glyph).set_style(style);
        }
    }
}

/// Health first (breaching: error / warning colours; healthy: green),
/// then what the node is.
fn node_slot(node: &PaneNode) -> Slot {
    match node.breach {
        Some(Severity::Error) => return Slot::LevelError,
        Some(Severity::Warning) => return Slot::LevelWarning,
        _ if node.score.is_some() && node.kind == NodeKind::Product => return Slot::StatusActive,
        _ => {}
    }
    match node.kind {
        NodeKind::MissingContract => Slot::LevelError,
        NodeKind::Dataset | NodeKind::Column if node.product.is_none() => Slot::Muted,
        _ => match node.product.as_ref().and_then(|p| p.status.as_deref()) {
            Some(status) if !status.eq_ignore_ascii_case("active") => Slot::StatusOther,
            _ => Slot::Text,
        },
    }
}

/// The box's title (domain), name line and detail line.
fn node_text(node: &PaneNode, in_cycle: bool) -> (String, String, String) {
    let product = node.product.as_ref();
    let title = match node.kind {
        NodeKind::MissingContract => "missing contract".to_owned(),
        _ => product
            .and_then(|p| p.domain.clone())
            .unwrap_or_else(|| "no domain".to_owned()),
    };
    let mut detail = match node.kind {
        NodeKind::MissingContract => "nobody publishes it".to_owned(),
        NodeKind::Product => {
            let team = product.and_then(|p| p.team.clone().or(p.status.clone()));
            let health = match (node.breach, node.score) {
                (Some(severity), Some(score)) => format!("{} {score}", severity.label()),
                (None, Some(score)) => format!("ok {score}"),
                _ => String::new(),
            };
            match team {
                Some(team) if !health.is_empty() => format!("{health} · {team}"),
                Some(team) => team,
                None => health,
            }
        }
        NodeKind::Dataset | NodeKind::Column => match product {
            Some(p) => p.name.clone(),
            None => "no product owns it".to_owned(),
        },
    };
    if in_cycle {
        detail = format!("↺ {detail}");
    }
    (title, node.label.clone(), detail)
}

fn render_box(
    frame: &mut Frame,
    data: &LineageData,
    placed: &Placed,
    selected: Option<u32>,
    area: Rect,
    theme: &Theme,
) {
    let rect = Rect {
        x: area.x + placed.x,
        y: area.y + placed.y,
        width: placed.width,
        height: placed.height,
    }
    .intersection(area);
    let inner_width = placed.width.saturating_sub(2) as usize;
    let (title, name, detail, slot, border, name_style) = match placed.slot {
        Box_::Node(n) => {
            let node = &data.nodes[n as usize];
            let (title, name, detail) = node_text(node, data.layered.in_cycle(n));
            let is_selected = selected == Some(n);
            let border = if is_selected {
                BorderType::Thick
            } else if node.distance == 0 {
                BorderType::Double
            } else {
                BorderType::Rounded
            };
            let marker = if is_selected { "▶" } else { "●" };
            // A dataset's or column's name says most at its end.
            let name = match node.kind {
                NodeKind::Dataset | NodeKind::Column => {
                    super::fit_tail(&clean(&name), inner_width.saturating_sub(2))
                }
                _ => name,
            };
            let slot = node_slot(node);
            let name_style = if is_selected {
                theme.style(Slot::Selection)
            } else {
                theme.style(slot)
            };
            (
                title,
                format!("{marker} {name}"),
                detail,
                slot,
                border,
                name_style,
            )
        }
        Box_::MoreAbove { hidden, .. } | Box_::MoreBelow { hidden, .. } => {
            let arrow = if matches!(placed.slot, Box_::MoreAbove { .. }) {
                "▲"
            } else {
                "▼"
            };
            (
                String::new(),
                format!("{arrow} +{hidden} more"),
                "j/k pages".to_owned(),
                Slot::Muted,
                BorderType::Plain,
                theme.style(Slot::Muted),
            )
        }
    };
    let border_slot = if border == BorderType::Thick {
        Slot::BorderFocused
    } else {
        Slot::Border
    };
    let mut block = Block::bordered()
        .border_type(border)
        .border_style(theme.style(border_slot));
    if !title.is_empty() {
        block = block.title(Span::styled(
            fit(&clean(&title), inner_width.saturating_sub(2))
                .trim_end()
                .to_owned(),
            theme.style(Slot::Muted),
        ));
    }
    let lines = vec![
        Line::styled(fit(&clean(&name), inner_width), name_style),
        Line::styled(
            fit(&clean(&detail), inner_width),
            theme.style(slot).patch(theme.style(Slot::Muted)),
        ),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

fn render_tree(
    frame: &mut Frame,
    pane: &LineagePane,
    data: &LineageData,
    area: Rect,
    theme: &Theme,
) {
    let rows = tree_rows(data);
    let selected_node = pane.selected_node();
    let selected = rows
        .iter()
        .position(|r| Some(r.node) == selected_node)
        .unwrap_or(0);
    let cursor = ListCursor {
        selected,
        offset: pane.tree_offset,
    };
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| {
            let node = &data.nodes[row.node as usize];
            let (domain, name, detail) = node_text(node, data.layered.in_cycle(row.node));
            let indent = "  ".repeat(row.distance.unsigned_abs() as usize);
            let distance = match row.distance {
                0 => "● 0".to_owned(),
                d if d < 0 => format!("↑ {}", -d),
                d => format!("↓ {d}"),
            };
            Line::from(vec![
                Span::styled(format!("{distance:>4} "), theme.style(Slot::Muted)),
                Span::raw(indent),
                Span::styled(clean(&name), theme.style(node_slot(node))),
                Span::styled(
                    format!("  {} · {}", clean(&domain), clean(&detail)),
                    theme.style(Slot::Muted),
                ),
            ])
        })
        .collect();
    super::lines_window(frame, lines, cursor, area, theme);
}
