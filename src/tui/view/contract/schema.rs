//! Schema tab: only the rows in the window become lines.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::{clean, fit, mark};
use crate::tui::app::ContractScreen;
use crate::tui::app::schema_tree::{NodeKind, SchemaTree};
use crate::tui::theme::{Slot, Theme};

/// Width of the name column, guides included.
const NAME_WIDTH: usize = 36;

/// One row of the tree.
pub fn row_line(tree: &SchemaTree, index: usize, theme: &Theme) -> Line<'static> {
    let row = &tree.visible[index];
    let node = &tree.nodes[row.node];
    let filtering = !tree.filter().is_empty();
    let open = tree
        .visible
        .get(index + 1)
        .is_some_and(|next| tree.nodes[next.node].parent == Some(row.node));
    let marker = if !tree.has_children(row.node) || (filtering && !open) {
        if row.guides.is_empty() { " " } else { "─" }
    } else if open {
        "▾"
    } else {
        "▸"
    };
    let name_slot = match node.kind {
        NodeKind::Object | NodeKind::Section => Slot::Title,
        NodeKind::Property | NodeKind::Entry => Slot::Text,
        NodeKind::Quality => Slot::Muted,
    };
    let guides = format!("{}{marker}", row.guides);
    let name_width = NAME_WIDTH.saturating_sub(guides.chars().count() + 1).max(8);
    if node.kind == NodeKind::Section {
        return Line::from(vec![
            Span::styled(guides, theme.style(Slot::Muted)),
            Span::styled(format!(" {}", clean(&node.name)), theme.style(name_slot)),
        ]);
    }
    Line::from(vec![
        Span::styled(guides, theme.style(Slot::Muted)),
        Span::styled(
            format!(" {} ", fit(&clean(&node.name), name_width)),
            theme.style(name_slot),
        ),
        Span::styled(
            format!("{} ", fit(&clean(&node.first), 12)),
            theme.style(Slot::Accent),
        ),
        Span::styled(
            format!("{} ", fit(&clean(&node.second), 16)),
            theme.style(Slot::Muted),
        ),
        Span::styled(clean(&node.extra), theme.style(Slot::Muted)),
    ])
}

/// The lines of the rows from `start`, at most `height` of them.
pub fn window_lines(
    tree: &SchemaTree,
    start: usize,
    height: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let start = start.min(tree.visible.len());
    let end = (start + height).min(tree.visible.len());
    (start..end).map(|n| row_line(tree, n, theme)).collect()
}

pub fn render(frame: &mut Frame, screen: &ContractScreen, area: Rect, theme: &Theme) {
    let tree = &screen.tree;
    if tree.visible.is_empty() {
        let text = if tree.filter().is_empty() {
            "This version has no schema.".to_owned()
        } else {
            format!("No property matches `{}`.", clean(tree.filter()))
        };
        frame.render_widget(Paragraph::new(text).style(theme.style(Slot::Muted)), area);
        return;
    }
    let height = area.height as usize;
    let start = screen.cursor.window_start(height);
    let lines: Vec<Line> = window_lines(tree, start, height, theme)
        .into_iter()
        .enumerate()
        .map(|(n, line)| mark(line, start + n == screen.cursor.selected, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::model::{Contract, SchemaObject, SchemaProperty};

    fn big_contract(properties: usize) -> Contract {
        let objects = (0..50)
            .map(|o| SchemaObject {
                name: format!("table_{o}"),
                properties: (0..properties / 50)
                    .map(|p| SchemaProperty {
                        name: format!("column_{o}_{p}"),
                        logical_type: Some("string".into()),
                        required: Some(p % 2 == 0),
                        ..SchemaProperty::default()
                    })
                    .collect(),
                ..SchemaObject::default()
            })
            .collect();
        Contract {
            schema: objects,
            ..Contract::default()
        }
    }

    #[test]
    fn a_5000_property_contract_flattens_once_and_draws_only_its_window() {
        let contract = big_contract(5000);
        let started = Instant::now();
        let mut tree = SchemaTree::build(&contract);
        assert_eq!(tree.nodes.len(), 5050);
        assert_eq!(tree.visible.len(), 5050, "objects start expanded");
        let lines = window_lines(&tree, 4990, 20, &Theme::monochrome());
        assert_eq!(lines.len(), 20, "a window, not every row");
        let text: String = lines[0].spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.contains("column_49_40"), "{text}");
        assert!(text.contains("required"), "{text}");
        tree.set_filter("column_7_9");
        // column_7_9 and column_7_90..99, under table_7.
        assert_eq!(tree.visible.len(), 12);
        tree.set_filter("");
        tree.toggle_all();
        assert_eq!(tree.visible.len(), 50, "all collapsed: the objects");
        tree.toggle_all();
        assert_eq!(tree.visible.len(), 5050);
        assert!(
            started.elapsed().as_millis() < 2000,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn rows_show_guides_markers_types_and_flags() {
        let mut contract = big_contract(100);
        contract.schema.truncate(1);
        let tree = SchemaTree::build(&contract);
        let theme = Theme::monochrome();
        let text = |n: usize| -> String {
            row_line(&tree, n, &theme)
                .spans
                .iter()
                .map(|s| s.content.to_string())
                .collect()
        };
        assert!(text(0).starts_with("▾ table_0"), "{}", text(0));
        assert!(text(1).starts_with("├── column_0_0"), "{}", text(1));
        assert!(text(1).contains("string") && text(1).ends_with("required"));
        assert!(text(2).starts_with("└── column_0_1"), "{}", text(2));
    }
}
