//! `render`: a pure function of the state. Every catalogue string goes
//! through [`clean`] (crate::text::sanitize) before it reaches a buffer.

pub mod access;
mod chrome;
pub mod contract;
pub mod health;
pub mod help;
pub mod impact;
pub mod layout;
mod lineage;
pub mod product;
pub mod quality;
pub mod requests;
mod search;
pub mod team;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, ListCursor, Loadable, Screen};
use super::theme::{Slot, Theme};

/// One line, made inert: escapes and control characters shown, not obeyed.
pub fn clean(text: &str) -> String {
    crate::text::sanitize(text).into_owned()
}

/// Cuts (with …) or pads `text` to `width` terminal columns (wide
/// characters count double).
/// [`fit`], but a long text keeps its end (`…quantity.logicalType`): the
/// end of a path says most.
pub fn fit_tail(text: &str, width: usize) -> String {
    let columns = unicode_width::UnicodeWidthStr::width(text);
    if columns <= width || width == 0 {
        return fit(text, width);
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        tail.push(c);
        used += w;
    }
    let kept: String = tail.into_iter().rev().collect();
    fit(&format!("…{kept}"), width)
}

pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let columns = unicode_width::UnicodeWidthStr::width(text);
    if columns <= width {
        return format!("{text}{}", " ".repeat(width - columns));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Several lines, each made inert.
pub fn multiline(text: &str) -> Vec<String> {
    crate::text::sanitize_with(text, true)
        .lines()
        .map(|line| line.replace('\t', "    "))
        .collect()
}

pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < layout::MIN_WIDTH || area.height < layout::MIN_HEIGHT {
        let text = format!(
            "Terminal too small ({}×{}): meshlens needs at least {}×{}.",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let areas = layout::frame_areas(area);
    chrome::header(frame, app, areas.header, theme);
    match app.stack.last() {
        None => search::render(frame, app, areas.body, theme),
        Some(Screen::Product(screen)) => product::render(frame, app, screen, areas.body, theme),
        Some(Screen::Team(screen)) => team::render(frame, screen, areas.body, theme),
        Some(Screen::Teams(screen)) => team::render_list(frame, screen, areas.body, theme),
        Some(Screen::Contract(screen)) => contract::render(frame, screen, areas.body, theme),
        Some(Screen::Impact(screen)) => impact::render(frame, screen, areas.body, theme),
        Some(Screen::Health(screen)) => health::render(frame, screen, areas.body, theme),
        Some(Screen::AccessForm(form)) => {
            access::render(frame, form, app.now.date_naive(), areas.body, theme);
            access::render_form_prompt(frame, form, areas.body, theme);
        }
        Some(Screen::Requests(screen)) => {
            requests::render(frame, screen, app.now, areas.body, theme);
            requests::render_cancel_prompt(frame, screen, areas.body, theme);
        }
    }
    chrome::hints(frame, app, areas.hints, theme);
    help::render(frame, app, area, theme);
    chrome::toasts(frame, app, areas.body, theme);
}

/// Draws the visible window of `lines` with the selected one marked (a
/// marker as well as a style, so it shows without colour).
pub fn lines_window(
    frame: &mut Frame,
    lines: Vec<Line<'_>>,
    cursor: ListCursor,
    area: Rect,
    theme: &Theme,
) {
    let height = area.height as usize;
    let start = cursor.window_start(height);
    let visible: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(n, line)| mark(line, n == cursor.selected, theme))
        .collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// Like [`lines_window`] for a long list: only the visible items become lines.
pub fn rows_window<T>(
    frame: &mut Frame,
    items: &[T],
    row: impl Fn(&T) -> Line<'static>,
    cursor: ListCursor,
    area: Rect,
    theme: &Theme,
) {
    let height = area.height as usize;
    let start = cursor.window_start(height).min(items.len());
    let end = (start + height).min(items.len());
    let visible: Vec<Line> = items[start..end]
        .iter()
        .enumerate()
        .map(|(n, item)| mark(row(item), start + n == cursor.selected, theme))
        .collect();
    frame.render_widget(Paragraph::new(visible), area);
}

/// Prefixes a row with the selection marker (or its blank) and styles it.
pub fn mark<'a>(line: Line<'a>, selected: bool, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::raw(if selected { "▶ " } else { "  " })];
    spans.extend(line.spans);
    let line = Line::from(spans);
    if selected {
        line.style(theme.style(Slot::Selection))
    } else {
        line
    }
}

pub fn loading_or_error<T>(
    frame: &mut Frame,
    state: &Loadable<T>,
    loading: &str,
    area: Rect,
    theme: &Theme,
) {
    let (text, slot) = match state {
        Loadable::Loading => (loading.to_owned(), Slot::Muted),
        Loadable::Failed(error) => (format!("Error: {}", clean(error)), Slot::Error),
        Loadable::Loaded(_) => return,
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.style(slot))
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// The loaded record of a detail view, or None after drawing what stands in
/// for it: "Loading ID…", the error, or "No WHAT `ID` in the catalogue.".
pub fn loaded_detail<'a, T>(
    frame: &mut Frame,
    state: &'a Loadable<Option<T>>,
    what: &str,
    id: &str,
    area: Rect,
    theme: &Theme,
) -> Option<&'a T> {
    match state {
        Loadable::Loaded(Some(detail)) => Some(detail),
        Loadable::Loaded(None) => {
            let text = format!("No {what} `{}` in the catalogue.", clean(id));
            frame.render_widget(Paragraph::new(text).style(theme.style(Slot::Error)), area);
            None
        }
        other => {
            loading_or_error(
                frame,
                other,
                &format!("Loading {}…", clean(id)),
                area,
                theme,
            );
            None
        }
    }
}

/// A panel with the focused border and `title`; returns its inside.
/// One line of text in one style.
pub fn styled_line(
    frame: &mut Frame,
    area: Rect,
    text: impl Into<String>,
    slot: Slot,
    theme: &Theme,
) {
    frame.render_widget(
        ratatui::widgets::Paragraph::new(ratatui::text::Line::styled(
            text.into(),
            theme.style(slot),
        )),
        area,
    );
}

/// A bordered panel, its border in the focus colour when it has the keys.
pub fn panel_block(title: &str, focused: bool, theme: &Theme) -> ratatui::widgets::Block<'static> {
    let border = if focused {
        Slot::BorderFocused
    } else {
        Slot::Border
    };
    ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(theme.style(border))
        .title(title.to_owned())
}

pub fn framed(frame: &mut Frame, area: Rect, title: &str, theme: &Theme) -> Rect {
    let block = ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(theme.style(Slot::BorderFocused))
        .title(title.to_owned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A row of numbered tabs (`1:Overview  2:Ports ...`), the active one
/// highlighted (and starred without colour).
pub fn render_tab_bar<'t>(
    frame: &mut ratatui::Frame,
    titles: impl IntoIterator<Item = &'t str>,
    active: usize,
    area: ratatui::layout::Rect,
    theme: &crate::tui::theme::Theme,
) {
    use crate::tui::theme::Slot;
    use ratatui::text::{Line, Span};
    let mut spans = vec![Span::raw(" ")];
    for (n, title) in titles.into_iter().enumerate() {
        let is_active = n == active;
        let slot = if is_active {
            Slot::TabActive
        } else {
            Slot::Tab
        };
        let marker = if is_active && theme.no_color { "*" } else { "" };
        spans.push(Span::styled(
            format!("{}:{title}{marker}", n + 1),
            theme.style(slot),
        ));
        spans.push(Span::raw("  "));
    }
    frame.render_widget(ratatui::widgets::Paragraph::new(Line::from(spans)), area);
}

/// Fixed-width columns (a width of 0 hides a column), then the free text
/// of the last column.
pub fn cells<const N: usize>(widths: [usize; N], columns: [&str; N], rest: &str) -> String {
    let mut line = String::new();
    for (cell, width) in columns.iter().zip(widths) {
        if width > 0 {
            line.push_str(&fit(cell, width));
            line.push(' ');
        }
    }
    line.push_str(rest);
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn fit_counts_terminal_columns() {
        assert_eq!(super::fit("abc", 5), "abc  ");
        assert_eq!(super::fit("abcdef", 4), "abc…");
        assert_eq!(super::fit("日本語テキスト", 6), "日本… ");
    }
}
