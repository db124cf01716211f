//! The help overlay: every binding of the active keymap, filterable.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::app::{App, Overlay};
use crate::tui::theme::{Slot, Theme};

/// Rows of the help overlay for `filter` (matches keys, action, description, context).
pub fn help_lines(app: &App, filter: &str, theme: &Theme) -> Vec<Line<'static>> {
    let filter = filter.to_lowercase();
    let mut lines = Vec::new();
    let mut current = None;
    for (context, keys, command) in app.keymap.help_rows() {
        let action = serde_json::to_value(command)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let haystack = format!(
            "{keys} {action} {} {}",
            command.description(),
            context.title()
        )
        .to_lowercase();
        if !filter.is_empty() && !haystack.contains(&filter) {
            continue;
        }
        if current != Some(context) {
            current = Some(context);
            lines.push(Line::styled(
                context.title().to_owned(),
                theme.style(Slot::Title),
            ));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<24}"), theme.style(Slot::HintKey)),
            Span::styled(command.description().to_owned(), theme.style(Slot::Text)),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::styled("no key matches", theme.style(Slot::Muted)));
    }
    lines
}

/// Where the overlay goes in a frame of `area`.
fn popup_area(area: Rect) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Max(76)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(popup);
    popup
}

/// How far the help can scroll: its lines minus the rows that show them.
pub fn max_scroll(app: &App) -> usize {
    let Some(Overlay::Help { filter, .. }) = &app.overlay else {
        return 0;
    };
    let popup = popup_area(Rect::new(0, 0, app.width, app.height));
    // Border (2) and the filter line (1).
    let rows = popup.height.saturating_sub(3) as usize;
    help_lines(app, filter.text(), &Theme::monochrome())
        .len()
        .saturating_sub(rows)
}

pub fn render(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Some(Overlay::Help { filter, scroll }) = &app.overlay else {
        return;
    };
    let popup = popup_area(area);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Slot::BorderFocused))
        .title(" Keys (type to filter, Esc closes) ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let text = Line::from(vec![
        Span::styled("filter: ", theme.style(Slot::Muted)),
        Span::styled(
            crate::text::sanitize(filter.text()).into_owned(),
            theme.style(Slot::Input),
        ),
    ]);
    frame.render_widget(Paragraph::new(text), input);
    let lines = help_lines(app, filter.text(), theme);
    let max_scroll = lines.len().saturating_sub(list.height as usize);
    let visible: Vec<Line> = lines
        .into_iter()
        .skip((*scroll).min(max_scroll))
        .take(list.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), list);
}
