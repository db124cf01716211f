//! Diff tab: the changes from the base version to the version in view.

use ratatui::text::{Line, Span};

use super::super::product::{ProductLine, blank};
use super::super::{clean, fit, fit_tail};
use crate::contracts::{Change, ChangeKind, ContractDiff, Level, Perspective};
use crate::tui::app::ContractScreen;
use crate::tui::backend::ConsumerRef;
use crate::tui::theme::{Slot, Theme};

fn text(line: Line<'static>) -> ProductLine {
    ProductLine::text(line)
}

pub fn level_slot(level: Level) -> Slot {
    match level {
        Level::Error => Slot::LevelError,
        Level::Warning => Slot::LevelWarning,
        Level::Info => Slot::LevelInfo,
    }
}

pub fn diff_lines(
    screen: &ContractScreen,
    consumers: &[ConsumerRef],
    width: u16,
    theme: &Theme,
) -> Vec<ProductLine> {
    let Some(diff) = &screen.diff else {
        let version = screen
            .version()
            .map(|v| v.contract.version.clone())
            .unwrap_or_default();
        return vec![text(Line::styled(
            format!(
                "{} is the first version: there is nothing older to compare it with.",
                clean(&version)
            ),
            theme.style(Slot::Muted),
        ))];
    };
    let mut out = header_lines(diff, screen.perspective, screen.side_by_side, theme);
    if diff.count(screen.perspective, Level::Error) > 0 {
        out.push(affects_line(consumers, theme));
    }
    out.push(blank());
    if diff.changes.is_empty() {
        out.push(text(Line::styled(
            format!(
                "  no changes between {} and {}",
                clean(&diff.old_version),
                clean(&diff.new_version)
            ),
            theme.style(Slot::Title),
        )));
        return out;
    }
    let mut changes: Vec<&Change> = diff.changes.iter().collect();
    changes.sort_by_key(|c| std::cmp::Reverse(c.level(screen.perspective)));
    let columns = screen.side_by_side.then(|| Columns::fitting(width));
    if let Some(columns) = columns {
        out.push(text(Line::styled(
            format!(
                "{:<8}{} │ {} │ {}",
                "level",
                fit("path", columns.path),
                fit(&format!("old ({})", clean(&diff.old_version)), columns.old),
                format_args!("new ({})", clean(&diff.new_version))
            ),
            theme.style(Slot::Muted),
        )));
    }
    for change in changes {
        out.extend(
            change_lines(change, screen.perspective, columns, theme)
                .into_iter()
                .map(text),
        );
    }
    out
}

/// "1.1.0 → 2.0.0 (major)", the counts, and the warnings.
pub fn header_lines(
    diff: &ContractDiff,
    perspective: Perspective,
    side_by_side: bool,
    theme: &Theme,
) -> Vec<ProductLine> {
    let mut out = vec![text(Line::from(vec![
        Span::styled(
            format!(
                "{} → {} ({})",
                clean(&diff.old_version),
                clean(&diff.new_version),
                diff.bump.label()
            ),
            theme.style(Slot::Title),
        ),
        Span::styled("   [ older base · ] newer base", theme.style(Slot::Muted)),
    ]))];
    let mut counts = vec![Span::styled(
        format!("{} view: ", perspective.label()),
        theme.style(Slot::Text),
    )];
    for level in [Level::Error, Level::Warning, Level::Info] {
        counts.push(Span::styled(
            format!("{} {}", diff.count(perspective, level), level.label()),
            theme.style(level_slot(level)),
        ));
        counts.push(Span::raw("  "));
    }
    counts.push(Span::styled(
        format!(
            "(p: {} view · s: {})",
            perspective.other().label(),
            if side_by_side {
                "unified"
            } else {
                "side by side"
            }
        ),
        theme.style(Slot::Muted),
    ));
    out.push(text(Line::from(counts)));
    if let Some(warning) = diff.understated_bump() {
        out.push(text(Line::styled(
            format!("⚠ {}", clean(&warning)),
            theme.style(Slot::LevelError),
        )));
    }
    if diff.id_mismatch() {
        out.push(text(Line::styled(
            format!(
                "⚠ different contracts: {} vs {}",
                clean(&diff.old_id),
                clean(&diff.new_id)
            ),
            theme.style(Slot::LevelWarning),
        )));
    }
    out
}

/// Who an ERROR change would hit.
pub fn affects_line(consumers: &[ConsumerRef], theme: &Theme) -> ProductLine {
    let names: Vec<String> = consumers
        .iter()
        .take(3)
        .map(|c| clean(&c.product.name))
        .collect();
    let more = if consumers.len() > 3 { "…" } else { "" };
    let line = if consumers.is_empty() {
        "Affects no known consumer product".to_owned()
    } else {
        format!(
            "Affects {} consumer product{}: {}{more} (tab 4)",
            consumers.len(),
            if consumers.len() == 1 { "" } else { "s" },
            names.join(", ")
        )
    };
    text(Line::styled(line, theme.style(Slot::Accent)))
}

/// Side-by-side column widths: the path takes two fifths of what is left
/// after the level and the separators, old and new half the rest each.
#[derive(Debug, Clone, Copy)]
struct Columns {
    path: usize,
    old: usize,
}

impl Columns {
    fn fitting(width: u16) -> Columns {
        let room = usize::from(width).saturating_sub(8 + 6 + 2);
        let path = (room * 2 / 5).clamp(16, 48);
        let old = (room.saturating_sub(path) / 2).clamp(8, 40);
        Columns { path, old }
    }
}

/// One line side by side; two unified (what and where, then why).
fn change_lines(
    change: &Change,
    perspective: Perspective,
    columns: Option<Columns>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let level = change.level(perspective);
    let level_span = Span::styled(
        format!("{:<8}", level.label()),
        theme.style(level_slot(level)),
    );
    if let Some(columns) = columns {
        let present = |value: &Option<String>, absent_when| match value {
            Some(v) => clean(v),
            None if change.kind == absent_when => "—".to_owned(),
            None => "present".to_owned(),
        };
        let old = present(&change.old, ChangeKind::Added);
        let new = present(&change.new, ChangeKind::Removed);
        return vec![Line::from(vec![
            level_span,
            Span::styled(
                format!(
                    "{} │ ",
                    fit_tail(&clean(&change.short_path()), columns.path)
                ),
                theme.style(Slot::Text),
            ),
            Span::styled(
                format!("{} │ ", fit(&old, columns.old)),
                theme.style(Slot::Muted),
            ),
            Span::styled(new, theme.style(Slot::Text)),
        ])];
    }
    vec![
        Line::from(vec![
            level_span,
            Span::styled(
                format!("{:<8}", change.kind.label()),
                theme.style(Slot::Muted),
            ),
            Span::styled(clean(&change.short_path()), theme.style(Slot::Text)),
        ]),
        Line::from(vec![
            Span::raw(" ".repeat(16)),
            Span::styled(
                format!("{} ({})", clean(&change.message), change.direction.label()),
                theme.style(Slot::Muted),
            ),
        ]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::Direction;
    use crate::store::Bump;
    use crate::tui::backend::ProductRef;

    fn line_text(line: &ProductLine) -> String {
        line.line
            .spans
            .iter()
            .map(|s| s.content.to_string())
            .collect()
    }

    fn diff() -> ContractDiff {
        let change = |path: &str, direction| Change {
            path: path.into(),
            kind: ChangeKind::Updated,
            direction,
            rule: "test",
            message: "changed".into(),
            old: Some("number".into()),
            new: Some("integer".into()),
        };
        ContractDiff {
            old_id: "urn:a".into(),
            new_id: "urn:b".into(),
            old_version: "1.1.0".into(),
            new_version: "1.2.0".into(),
            bump: Bump::Minor,
            changes: vec![
                change("schema.o.properties.note.description", Direction::Untested),
                change(
                    "schema.o.properties.quantity.logicalType",
                    Direction::Loosens,
                ),
            ],
        }
    }

    #[test]
    fn the_header_counts_levels_and_warns_in_plain_text() {
        let theme = Theme::monochrome();
        let lines: Vec<String> = header_lines(&diff(), Perspective::Consumer, false, &theme)
            .iter()
            .map(line_text)
            .collect();
        assert!(lines[0].starts_with("1.1.0 → 1.2.0 (minor)"), "{lines:?}");
        assert!(
            lines[1].starts_with("consumer view: 1 ERROR  0 WARNING  1 INFO"),
            "{lines:?}"
        );
        assert!(lines[2].contains("should be a major release"), "{lines:?}");
        assert_eq!(lines[3], "⚠ different contracts: urn:a vs urn:b");
        let producer: Vec<String> = header_lines(&diff(), Perspective::Producer, false, &theme)
            .iter()
            .map(line_text)
            .collect();
        assert!(producer[1].starts_with("producer view: 0 ERROR  0 WARNING  2 INFO"));
    }

    #[test]
    fn changes_sort_errors_first_and_affected_consumers_are_named() {
        let mut screen = ContractScreen::new("urn:b", None);
        screen.diff = Some(Box::new(diff()));
        let consumer = |name: &str| ConsumerRef {
            product: ProductRef {
                id: name.to_lowercase(),
                name: name.into(),
            },
            team: None,
            channel: None,
            version: None,
        };
        let consumers: Vec<ConsumerRef> = ["A", "B", "C", "D"].map(consumer).to_vec();
        let theme = Theme::monochrome();
        let lines: Vec<String> = diff_lines(&screen, &consumers, 160, &theme)
            .iter()
            .map(line_text)
            .collect();
        assert_eq!(lines[4], "Affects 4 consumer products: A, B, C… (tab 4)");
        assert_eq!(lines[6], "ERROR   updated o.quantity.logicalType");
        assert_eq!(lines[7], format!("{}changed (loosens)", " ".repeat(16)));
        assert!(lines[8].starts_with("INFO    updated o.note.description"));
        screen.side_by_side = true;
        let lines: Vec<String> = diff_lines(&screen, &consumers, 160, &theme)
            .iter()
            .map(line_text)
            .collect();
        assert!(lines[6].contains("│ old (1.1.0)"), "{}", lines[6]);
        assert!(lines[7].contains("│ number "), "{}", lines[7]);
        assert!(lines[7].ends_with("│ integer"), "{}", lines[7]);
    }
}
