//! A team (members, support, its products) and the list of all teams.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::product::owner_lines;
use super::{clean, layout, loading_or_error, rows_window};
use crate::tui::app::{Loadable, TeamScreen, TeamsScreen};
use crate::tui::backend::TeamDetail;
use crate::tui::theme::{Slot, Theme};

fn info_lines(detail: &TeamDetail, theme: &Theme) -> Vec<Line<'static>> {
    owner_lines(detail.team.as_ref(), &detail.support, theme)
        .into_iter()
        .map(|l| l.line)
        .collect()
}

pub fn info_height(detail: &TeamDetail) -> u16 {
    info_lines(detail, &Theme::monochrome()).len() as u16
}

pub fn team_links(detail: &TeamDetail) -> Vec<String> {
    detail
        .support
        .iter()
        .filter_map(|s| s.url.clone())
        .collect()
}

pub fn render(frame: &mut Frame, screen: &TeamScreen, body: Rect, theme: &Theme) {
    let detail = match &screen.detail {
        Loadable::Loaded(Some(detail)) => detail,
        Loadable::Loaded(None) => {
            let text = format!(
                "No team `{}` owns a product in the catalogue.",
                clean(&screen.name)
            );
            frame.render_widget(
                ratatui::widgets::Paragraph::new(text).style(theme.style(Slot::Error)),
                body,
            );
            return;
        }
        other => {
            loading_or_error(
                frame,
                other,
                &format!("Loading team {}…", clean(&screen.name)),
                body,
                theme,
            );
            return;
        }
    };
    let info = info_lines(detail, theme);
    let [top, bottom] = layout::team_areas(body, info.len() as u16);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Slot::Border))
        .title(" Owners ");
    let inner = block.inner(top);
    frame.render_widget(block, top);
    frame.render_widget(ratatui::widgets::Paragraph::new(info), inner);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Slot::BorderFocused))
        .title(format!(
            " {} products of {} (Enter opens) ",
            detail.products.len(),
            clean(&detail.name)
        ));
    let inner = block.inner(bottom);
    frame.render_widget(block, bottom);
    let row = |p: &crate::store::ProductRow| -> Line<'static> {
        Line::from(vec![
            Span::styled(format!("{:<40}", clean(&p.name)), theme.style(Slot::Text)),
            Span::styled(
                format!(" {:<14}", clean(p.domain.as_deref().unwrap_or(""))),
                theme.style(Slot::Muted),
            ),
            Span::styled(
                format!(" {}", clean(p.status.as_deref().unwrap_or(""))),
                theme.style(Slot::Muted),
            ),
        ])
    };
    rows_window(frame, &detail.products, row, screen.cursor, inner, theme);
}

pub fn render_list(frame: &mut Frame, screen: &TeamsScreen, body: Rect, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Slot::BorderFocused));
    let teams = match &screen.teams {
        Loadable::Loaded(teams) => teams,
        other => {
            let inner = block.inner(body);
            frame.render_widget(block.title(" Teams "), body);
            loading_or_error(frame, other, "Loading teams…", inner, theme);
            return;
        }
    };
    let block = block.title(format!(" {} teams (Enter opens) ", teams.len()));
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let row = |t: &crate::tui::backend::TeamSummary| -> Line<'static> {
        Line::from(vec![
            Span::styled(format!("{:<40}", clean(&t.name)), theme.style(Slot::Text)),
            Span::styled(
                format!(" {} products", t.products),
                theme.style(Slot::Muted),
            ),
        ])
    };
    rows_window(frame, teams, row, screen.cursor, inner, theme);
}
