//! My requests: every access request made from this machine, newest first.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clean, fit, layout, loading_or_error};
use crate::access::deliver::waits_for;
use crate::quality::score::human_duration;
use crate::store::{OutboxEntry, RequestStatus};
use crate::tui::app::{Loadable, RequestsScreen};
use crate::tui::theme::{Slot, Theme};

/// id, product, port, consumer, status, age; "waits for" takes the rest.
const WIDE: [usize; 6] = [8, 34, 18, 26, 12, 8];
const NARROW: [usize; 6] = [8, 17, 10, 0, 9, 7];

fn widths(width: u16) -> [usize; 6] {
    if width >= 120 { WIDE } else { NARROW }
}

pub fn render(
    frame: &mut Frame,
    screen: &RequestsScreen,
    now: DateTime<Utc>,
    body: Rect,
    theme: &Theme,
) {
    let [title, summary, content] = layout::product_areas(body);
    super::styled_line(
        frame,
        title,
        " My access requests (made from this machine)",
        Slot::Title,
        theme,
    );
    let requests = match &screen.requests {
        Loadable::Loaded(requests) => requests,
        other => {
            loading_or_error(frame, other, "Reading the outbox…", content, theme);
            return;
        }
    };
    let pending = requests.iter().filter(|r| r.status.is_pending()).count();
    super::styled_line(
        frame,
        summary,
        format!(
            " {} request(s), {pending} pending · newest first · c cancels a pending one · s sends queued ones",
            requests.len()
        ),
        Slot::Muted,
        theme,
    );
    let inner = super::framed(frame, content, " Requests ", theme);
    if requests.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "No access requests yet. Open a product and press a (or :access PRODUCT) to make one.",
            )
            .style(theme.style(Slot::Muted))
            .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let [header, rows] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let widths = widths(inner.width);
    let heading = super::cells(
        widths,
        ["id", "product", "port", "consumer", "status", "age"],
        "waits for",
    );
    super::styled_line(frame, header, format!("  {heading}"), Slot::Muted, theme);
    super::rows_window(
        frame,
        requests,
        |entry| request_line(entry, now, widths, theme),
        screen.cursor,
        rows,
        theme,
    );
}

fn request_line(
    entry: &OutboxEntry,
    now: DateTime<Utc>,
    widths: [usize; 6],
    theme: &Theme,
) -> Line<'static> {
    let id: String = entry.id.chars().take(8).collect();
    let before = super::cells(
        [widths[0], widths[1], widths[2], widths[3], 0, 0],
        [
            &id,
            &clean(&entry.product_id),
            &clean(&entry.port),
            &clean(&entry.consumer),
            "",
            "",
        ],
        "",
    );
    let after = super::cells(
        [0, 0, 0, 0, 0, widths[5]],
        ["", "", "", "", "", &age(&entry.created_at, now)],
        &clean(&waits_for(entry)),
    );
    Line::from(vec![
        Span::styled(before, theme.style(Slot::Text)),
        Span::styled(
            format!("{} ", fit(entry.status.as_str(), widths[4])),
            theme.style(status_slot(entry.status)),
        ),
        Span::styled(after, theme.style(Slot::Text)),
    ])
}

fn status_slot(status: RequestStatus) -> Slot {
    match status {
        RequestStatus::Active => Slot::StatusActive,
        RequestStatus::Rejected | RequestStatus::Failed => Slot::Error,
        _ => Slot::StatusOther,
    }
}

/// "3 min", "2 h", "5 d" since `at` (RFC 3339).
fn age(at: &str, now: DateTime<Utc>) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(at) => {
            let seconds = (now - at.with_timezone(&Utc)).num_seconds().max(0);
            human_duration(seconds as f64)
        }
        Err(_) => "?".to_owned(),
    }
}

/// "Cancel request …? y / n" over the list.
pub fn render_cancel_prompt(frame: &mut Frame, screen: &RequestsScreen, body: Rect, theme: &Theme) {
    let Some(id) = &screen.confirm_cancel else {
        return;
    };
    let entry = match &screen.requests {
        Loadable::Loaded(list) => list.iter().find(|e| &e.id == id),
        _ => None,
    };
    let what = entry.map_or_else(String::new, |e| {
        format!(
            " ({} port {}, {})",
            clean(&e.product_id),
            clean(&e.port),
            e.status.as_str()
        )
    });
    let short: String = id.chars().take(8).collect();
    super::access::question(
        frame,
        body,
        " Confirm ",
        vec![format!("Cancel request {short}{what}?")],
        theme,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn ages_are_short_and_never_negative() {
        let now = "2026-11-25T12:00:00Z".parse().unwrap();
        assert_eq!(super::age("2026-11-25T11:57:00Z", now), "3 min");
        assert_eq!(super::age("2026-11-20T12:00:00Z", now), "5 d");
        assert_eq!(super::age("2026-11-25T12:30:00Z", now), "0 s");
        assert_eq!(super::age("yesterday", now), "?");
    }
}
