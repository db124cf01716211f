//! Where things go, as pure functions of the state: used by render and by
//! `update` (page size, mouse hit-testing), so the two never disagree.

use ratatui::layout::{Constraint, Layout, Rect};

use super::contract::contract_lines;
use super::product::{ProductLine, product_lines};
use super::team::team_links;
use crate::tui::app::{App, ContractScreen, ContractTab, Loadable, ProductScreen, Screen};
use crate::tui::theme::Theme;

/// Below this the explorer shows a "terminal too small" message.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// The preview pane appears from this width.
pub const PREVIEW_MIN_WIDTH: u16 = 100;

pub struct FrameAreas {
    pub header: Rect,
    pub body: Rect,
    pub hints: Rect,
}

pub fn frame_areas(area: Rect) -> FrameAreas {
    let [header, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    FrameAreas {
        header,
        body,
        hints,
    }
}

pub struct SearchAreas {
    pub input: Rect,
    pub facets: Rect,
    pub list: Rect,
    pub preview: Option<Rect>,
}

pub fn search_areas(body: Rect) -> SearchAreas {
    let [input, facets, rest] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(body);
    if body.width >= PREVIEW_MIN_WIDTH {
        let [list, preview] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(rest);
        SearchAreas {
            input,
            facets,
            list,
            preview: Some(preview),
        }
    } else {
        SearchAreas {
            input,
            facets,
            list: rest,
            preview: None,
        }
    }
}

/// Product view: title, tab bar, content.
pub fn product_areas(body: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(body)
}

/// Team view: the team's facts above the list of its products.
pub fn team_areas(body: Rect, info_lines: u16) -> [Rect; 2] {
    let info = (info_lines + 2).min(body.height / 2);
    Layout::vertical([Constraint::Length(info), Constraint::Min(1)]).areas(body)
}

fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// The rows of the active list (inside its border, below a column header).
pub fn list_area(app: &App) -> Option<Rect> {
    let area = Rect::new(0, 0, app.width, app.height);
    if app.width < MIN_WIDTH || app.height < MIN_HEIGHT {
        return None;
    }
    let body = frame_areas(area).body;
    let rows = match app.stack.last() {
        None => {
            let list = inner(search_areas(body).list);
            Rect {
                y: list.y + 1,
                height: list.height.saturating_sub(1),
                ..list
            }
        }
        Some(Screen::Product(_) | Screen::Contract(_)) => inner(product_areas(body)[2]),
        Some(Screen::Team(screen)) => {
            let info = match &screen.detail {
                Loadable::Loaded(Some(detail)) => super::team::info_height(detail),
                _ => 1,
            };
            inner(team_areas(body, info)[1])
        }
        Some(Screen::Teams(_)) => inner(body),
        Some(Screen::AccessForm(_)) => return None,
        Some(Screen::Impact(_) | Screen::Health(_) | Screen::Requests(_)) => {
            let list = inner(product_areas(body)[2]);
            Rect {
                y: list.y + 1,
                height: list.height.saturating_sub(1),
                ..list
            }
        }
    };
    Some(rows)
}

/// Width of a node box in the lineage graph.
pub fn lineage_box_width(width: u16) -> u16 {
    match width {
        0..100 => 18,
        100..140 => 22,
        _ => 26,
    }
}

/// The lineage pane: a status line, the graph, a footer line.
pub fn lineage_areas(content: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(content)
}

/// Where the lineage graph (or tree) is drawn in the current frame.
pub fn lineage_graph_area(app: &App) -> Rect {
    let area = Rect::new(0, 0, app.width, app.height);
    let content = inner(product_areas(frame_areas(area).body)[2]);
    lineage_areas(content)[1]
}

/// The graph's viewport in the current frame.
pub fn lineage_viewport(app: &App) -> crate::lineage::layout::Viewport {
    let graph = lineage_graph_area(app);
    crate::lineage::layout::Viewport {
        width: graph.width,
        height: graph.height,
        box_width: lineage_box_width(graph.width),
    }
}

/// Whether the graph fits: at least two columns and three slots, else
/// the tree view is shown.
pub fn lineage_graph_fits(viewport: crate::lineage::layout::Viewport) -> bool {
    viewport.width >= viewport.box_width * 2 + 4
        && viewport.slots() >= crate::lineage::layout::MIN_SLOTS
}

pub fn list_rows(app: &App) -> usize {
    list_area(app).map_or(1, |a| a.height as usize)
}

fn lines_of(screen: &ProductScreen) -> Vec<ProductLine> {
    match &screen.detail {
        Loadable::Loaded(Some(detail)) => {
            product_lines(detail, screen, chrono::Utc::now(), &Theme::monochrome())
        }
        _ => Vec::new(),
    }
}

pub fn product_rows(screen: &ProductScreen) -> usize {
    lines_of(screen).len()
}

/// What Enter on a line opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Product(String),
    /// A contract at a version.
    Contract(String, String),
}

/// What the selected line of a product view links to.
pub fn product_link(screen: &ProductScreen) -> Option<Link> {
    let line = lines_of(screen).into_iter().nth(screen.cursor.selected)?;
    match (line.product, line.contract) {
        (Some(id), _) => Some(Link::Product(id)),
        (None, Some((id, version))) => Some(Link::Contract(id, version)),
        (None, None) => None,
    }
}

fn contract_lines_of(screen: &ContractScreen) -> Vec<ProductLine> {
    // Line counts do not depend on the width.
    contract_lines(screen, u16::MAX, &Theme::monochrome())
}

/// Rows of the contract view's active tab.
pub fn contract_rows(screen: &ContractScreen) -> usize {
    match screen.tab {
        ContractTab::Schema => screen.tree.visible.len(),
        _ => contract_lines_of(screen).len(),
    }
}

/// The product the selected line of a contract view links to.
pub fn contract_link(screen: &ContractScreen) -> Option<String> {
    if screen.tab == ContractTab::Schema {
        return None;
    }
    contract_lines_of(screen)
        .into_iter()
        .nth(screen.cursor.selected)
        .and_then(|line| line.product)
}

/// A URL to open: the selected line's, else the first of the view.
pub fn first_link(app: &App) -> Option<String> {
    match app.stack.last() {
        Some(Screen::Product(screen)) => {
            let lines = lines_of(screen);
            let selected = lines
                .get(screen.cursor.selected)
                .and_then(|l| l.url.clone());
            selected.or_else(|| lines.into_iter().find_map(|l| l.url))
        }
        Some(Screen::Contract(screen)) if screen.tab != ContractTab::Schema => {
            let lines = contract_lines_of(screen);
            let selected = lines
                .get(screen.cursor.selected)
                .and_then(|l| l.url.clone());
            selected.or_else(|| lines.into_iter().find_map(|l| l.url))
        }
        Some(Screen::Team(screen)) => match &screen.detail {
            Loadable::Loaded(Some(detail)) => team_links(detail).into_iter().next(),
            _ => None,
        },
        _ => None,
    }
}
