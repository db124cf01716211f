//! Header, hint bar, command line and toasts.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, LineGauge, Paragraph, Wrap};

use super::clean;
use crate::tui::action::Command;
use crate::tui::app::{App, ContractTab, IndexState, Overlay, Screen, SyncRun};
use crate::tui::keymap::Context;
use crate::tui::theme::{Slot, Theme};

pub fn header(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let area = match &app.sync.running {
        Some(run) if area.width >= 100 => {
            let [text, gauge] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(GAUGE_WIDTH)])
                    .areas(area);
            sync_gauge(frame, app, run, gauge, theme);
            text
        }
        _ => area,
    };
    let mut parts = vec![" meshlens".to_owned(), clean(&app.label.0)];
    if let IndexState::Building { done, total } = app.index {
        parts.push(format!("indexing {done}/{total}"));
    }
    if let Some(run) = &app.sync.running {
        parts.push(sync_progress(run));
    }
    match &app.info {
        Some(info) => {
            let c = &info.counts;
            let age = age(info.synced_at.as_deref(), app.now);
            parts.push(match app.offline_note(age.as_deref().unwrap_or("never")) {
                Some(note) => note,
                None => cache_age(info.synced_at.as_deref(), app.now),
            });
            parts.push(format!("{} products", c.products));
            parts.push(format!("{} contracts", c.contracts));
            parts.push(format!("{} teams", c.teams));
            parts.push(format!("{} domains", c.domains));
        }
        None => parts.push("loading…".to_owned()),
    }
    // Whole parts only: a count cut in half reads as a different number.
    let mut text = String::new();
    for part in parts {
        let addition = if text.is_empty() {
            part
        } else {
            format!(" · {part}")
        };
        if text.chars().count() + addition.chars().count() > area.width as usize {
            break;
        }
        text.push_str(&addition);
    }
    frame.render_widget(Paragraph::new(text).style(theme.style(Slot::Header)), area);
}

const GAUGE_WIDTH: u16 = 22;

/// How far the sync under way has got, against the size of the catalogue
/// the cache holds (a first sync, with nothing to compare with, shows the
/// count alone; the bar never claims done before the sync is).
fn sync_gauge(frame: &mut Frame, app: &App, run: &SyncRun, area: Rect, theme: &Theme) {
    let expected = app.info.as_ref().map_or(0, |info| {
        info.counts.products + info.counts.contract_versions
    }) as usize;
    let ratio = if expected == 0 {
        0.0
    } else {
        (run.items as f64 / expected as f64).min(0.99)
    };
    let gauge = LineGauge::default()
        .ratio(ratio)
        .label(format!("sync {:>6}", run.items))
        .filled_style(theme.style(Slot::Accent))
        .unfilled_style(theme.style(Slot::Header))
        .style(theme.style(Slot::Header));
    frame.render_widget(gauge, area);
}

/// "synced 5 min ago" from an RFC 3339 time.
pub fn cache_age(synced_at: Option<&str>, now: DateTime<Utc>) -> String {
    match age(synced_at, now) {
        Some(age) => format!("synced {age}"),
        None => "never synced".to_owned(),
    }
}

/// "5 min ago", "3 h ago", "just now".
fn age(at: Option<&str>, now: DateTime<Utc>) -> Option<String> {
    let at = DateTime::parse_from_rfc3339(at?).ok()?;
    let seconds = (now - at.with_timezone(&Utc)).num_seconds().max(0);
    Some(match seconds {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", seconds / 60),
        3600..86400 => format!("{} h ago", seconds / 3600),
        _ => format!("{} days ago", seconds / 86400),
    })
}

/// "syncing mesh: 3 pages, 2400 items".
fn sync_progress(run: &SyncRun) -> String {
    let source = if run.source.is_empty() {
        String::new()
    } else {
        format!(" {}", clean(&run.source))
    };
    match (run.pages, run.items) {
        (0, 0) => format!("syncing{source}…"),
        (0, items) => format!("syncing{source}: {items} items"),
        (pages, items) => format!("syncing{source}: {pages} pages, {items} items"),
    }
}

/// Movement keys are in the help, not the hint bar.
fn in_hints(command: Command) -> bool {
    !matches!(
        command,
        Command::Down
            | Command::Up
            | Command::Top
            | Command::Bottom
            | Command::PageDown
            | Command::PageUp
            | Command::Suspend
            | Command::HistoryNext
            | Command::HistoryPrev
            | Command::ChoicePrev
            | Command::ChoiceNext
            | Command::None
    ) && command.tab_number().is_none()
}

/// The contract view's schema keys on its Schema tab, its diff keys on Diff.
fn for_this_tab(app: &App, command: Command) -> bool {
    let tab = match app.stack.last() {
        Some(Screen::Contract(screen)) => screen.tab,
        _ => return true,
    };
    match command {
        Command::Expand | Command::Collapse | Command::ToggleAll | Command::Filter => {
            tab == ContractTab::Schema
        }
        Command::Perspective | Command::SideBySide | Command::OlderBase | Command::NewerBase => {
            tab == ContractTab::Diff
        }
        Command::NextTab | Command::PrevTab => false,
        _ => true,
    }
}

pub fn hints(frame: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    if let Some(Overlay::Command(line)) = &app.overlay {
        let text = Line::from(vec![
            Span::styled(":", theme.style(Slot::Accent)),
            Span::styled(clean(line.input.text()), theme.style(Slot::Input)),
        ]);
        frame.render_widget(Paragraph::new(text), area);
        let x = area.x + 1 + line.input.cursor() as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    let contexts = app.contexts();
    // (view's own first, command, key); a key an inner context binds is not
    // the outer context's any more.
    let mut bindings: Vec<(bool, Command, String)> = Vec::new();
    let mut taken: Vec<crate::tui::keymap::KeySpec> = Vec::new();
    for context in &contexts {
        let skip = *context == Context::Global && contexts.len() > 2;
        for (key, command) in app.keymap.bindings(*context) {
            let shadowed = taken.contains(key);
            taken.push(*key);
            if skip || shadowed || !in_hints(*command) || !for_this_tab(app, *command) {
                continue;
            }
            if !bindings.iter().any(|(_, c, _)| c == command) {
                let own = matches!(
                    context,
                    Context::Contract | Context::AccessForm | Context::Requests | Context::Confirm
                );
                bindings.push((!own, *command, key.to_string()));
            }
        }
    }
    bindings.sort_by_key(|(later, command, _)| (*later, *command));
    let bindings = bindings.into_iter().map(|(_, command, key)| (command, key));
    let mut spans: Vec<Span> = Vec::new();
    let mut width = 0usize;
    for (command, key) in bindings {
        let hint = command.hint();
        width += key.chars().count() + hint.chars().count() + 3;
        if width > area.width as usize {
            break;
        }
        spans.push(Span::styled(format!(" {key}"), theme.style(Slot::HintKey)));
        spans.push(Span::styled(
            format!(" {hint} "),
            theme.style(Slot::HintText),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Toasts stack up from the bottom right, newest lowest; a long one wraps
/// onto up to three lines (an error with the nearest matches must be read
/// whole).
pub fn toasts(frame: &mut Frame, app: &App, body: Rect, theme: &Theme) {
    let width = body.width.min(80);
    let mut bottom = body.bottom();
    for toast in app.toasts.iter().rev() {
        let prefix = if toast.error { " ✗ " } else { " ✓ " };
        let text = format!("{prefix}{} ", clean(&toast.text));
        let inner = usize::from(width.saturating_sub(1)).max(1);
        let lines = text.chars().count().div_ceil(inner).clamp(1, 3) as u16;
        let top = bottom.saturating_sub(lines);
        if top < body.y {
            break;
        }
        let area = Rect::new(body.right().saturating_sub(width), top, width, lines);
        bottom = top;
        let slot = if toast.error {
            Slot::Error
        } else {
            Slot::Notice
        };
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.style(slot))
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}
