//! The product view: a title, a tab bar and the lines of the active tab.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clean, fit, layout, lines_window, multiline};
use crate::model::{Description, Member, Product, SupportChannel, Team};
use crate::tui::app::{App, ProductScreen, ProductTab};
use crate::tui::backend::{ProductDetail, ProductRef};
use crate::tui::theme::{Slot, Theme};

/// One line of a tab; a line may link to a product (Enter) or a URL (b).
pub struct ProductLine {
    pub line: Line<'static>,
    pub product: Option<String>,
    pub url: Option<String>,
    /// A contract at a version (Enter opens the contract view).
    pub contract: Option<(String, String)>,
}

impl ProductLine {
    pub fn text(line: Line<'static>) -> ProductLine {
        ProductLine {
            line,
            product: None,
            url: None,
            contract: None,
        }
    }
}

pub fn label_value(theme: &Theme, label: &str, value: &str) -> ProductLine {
    ProductLine::text(Line::from(vec![
        Span::styled(format!("{label:<12}"), theme.style(Slot::Muted)),
        Span::styled(clean(value), theme.style(Slot::Text)),
    ]))
}

pub fn heading(theme: &Theme, text: &str) -> ProductLine {
    ProductLine::text(Line::styled(text.to_owned(), theme.style(Slot::Title)))
}

pub fn blank() -> ProductLine {
    ProductLine::text(Line::default())
}

/// The lines of the screen's tab (`now` dates the quality results).
pub fn product_lines(
    detail: &ProductDetail,
    screen: &ProductScreen,
    now: chrono::DateTime<chrono::Utc>,
    theme: &Theme,
) -> Vec<ProductLine> {
    let product = &detail.product;
    match screen.tab {
        ProductTab::Overview => overview_lines(detail, theme),
        ProductTab::Ports => port_lines(detail, theme),
        ProductTab::Contracts => contract_lines(detail, theme),
        // Drawn by view::lineage; no lines of its own.
        ProductTab::Lineage => Vec::new(),
        ProductTab::Quality => super::quality::quality_lines(&screen.quality, now, theme),
        ProductTab::Owners => owner_lines(product.team.as_ref(), &product.support, theme),
    }
}

fn description_lines(description: &Description, theme: &Theme, out: &mut Vec<ProductLine>) {
    for (label, text) in [
        ("Purpose", &description.purpose),
        ("Usage", &description.usage),
        ("Limitations", &description.limitations),
    ] {
        if let Some(text) = text.as_deref().filter(|t| !t.trim().is_empty()) {
            out.push(heading(theme, label));
            for line in multiline(text) {
                out.push(ProductLine::text(Line::styled(
                    format!("  {line}"),
                    theme.style(Slot::Text),
                )));
            }
        }
    }
}

fn overview_lines(detail: &ProductDetail, theme: &Theme) -> Vec<ProductLine> {
    let p = &detail.product;
    let mut out = Vec::new();
    description_lines(&p.description, theme, &mut out);
    if !p.description.is_empty() {
        out.push(blank());
    }
    let team = p
        .team
        .as_ref()
        .and_then(|t| t.name.as_deref().or(t.id.as_deref()));
    for (label, value) in [
        ("domain", p.domain.as_deref()),
        ("status", p.status.as_deref()),
        ("version", p.version.as_deref()),
        ("team", team),
        ("source", Some(detail.source.as_str())),
    ] {
        if let Some(value) = value {
            out.push(label_value(theme, label, value));
        }
    }
    if !p.tags.is_empty() {
        out.push(label_value(theme, "tags", &p.tags.join(", ")));
    }
    out.push(label_value(
        theme,
        "ports",
        &format!("{} in, {} out", p.input_ports.len(), p.output_ports.len()),
    ));
    let links = link_lines(&p.support, theme);
    if !links.is_empty() {
        out.push(blank());
        out.push(heading(theme, "Links"));
        out.extend(links);
    }
    out
}

fn link_lines(support: &[SupportChannel], theme: &Theme) -> Vec<ProductLine> {
    support
        .iter()
        .filter_map(|channel| {
            let url = channel.url.as_deref()?;
            Some(ProductLine {
                line: Line::from(vec![
                    Span::styled(
                        format!("  {:<28} ", clean(&channel.channel)),
                        theme.style(Slot::Text),
                    ),
                    Span::styled(clean(url), theme.style(Slot::Accent)),
                ]),
                url: Some(url.to_owned()),
                ..ProductLine::text(Line::default())
            })
        })
        .collect()
}

fn product_ref_line(label: &str, product: &ProductRef, theme: &Theme) -> ProductLine {
    ProductLine {
        line: Line::from(vec![
            Span::styled(format!("    {label} "), theme.style(Slot::Muted)),
            Span::styled(clean(&product.name), theme.style(Slot::Accent)),
            Span::styled(
                format!("  {}", clean(&product.id)),
                theme.style(Slot::Muted),
            ),
        ]),
        product: Some(product.id.clone()),
        ..ProductLine::text(Line::default())
    }
}

fn port_lines(detail: &ProductDetail, theme: &Theme) -> Vec<ProductLine> {
    let p = &detail.product;
    let mut out = vec![heading(
        theme,
        &format!("Input ports ({})", p.input_ports.len()),
    )];
    for (i, port) in p.input_ports.iter().enumerate() {
        out.push(ProductLine::text(Line::from(vec![
            Span::styled(format!("  {} ", clean(&port.name)), theme.style(Slot::Text)),
            Span::styled(
                format!(
                    "consumes {} {}",
                    clean(&port.contract_id),
                    clean(port.version.as_deref().unwrap_or(""))
                ),
                theme.style(Slot::Muted),
            ),
        ])));
        let upstream = detail.upstream.get(i).map_or(&[][..], Vec::as_slice);
        if upstream.is_empty() {
            out.push(ProductLine::text(Line::styled(
                "    ← no product publishes it",
                theme.style(Slot::Muted),
            )));
        }
        for product in upstream {
            out.push(product_ref_line("← from", product, theme));
        }
    }
    out.push(blank());
    out.push(heading(
        theme,
        &format!("Output ports ({})", p.output_ports.len()),
    ));
    for (i, port) in p.output_ports.iter().enumerate() {
        out.push(ProductLine::text(Line::from(vec![
            Span::styled(format!("  {} ", clean(&port.name)), theme.style(Slot::Text)),
            Span::styled(
                format!(
                    "{} · {} {}",
                    clean(port.port_type.as_deref().unwrap_or("?")),
                    clean(port.contract_id.as_deref().unwrap_or("no contract")),
                    clean(port.version.as_deref().unwrap_or(""))
                ),
                theme.style(Slot::Muted),
            ),
        ])));
        let consumers = detail.consumers.get(i).map_or(&[][..], Vec::as_slice);
        if consumers.is_empty() {
            out.push(ProductLine::text(Line::styled(
                "    → no known consumers",
                theme.style(Slot::Muted),
            )));
        }
        for product in consumers {
            out.push(product_ref_line("→ to", product, theme));
        }
    }
    out
}

fn contract_lines(detail: &ProductDetail, theme: &Theme) -> Vec<ProductLine> {
    if detail.contracts.is_empty() {
        return vec![ProductLine::text(Line::styled(
            "No contracts: the output ports name none.",
            theme.style(Slot::Muted),
        ))];
    }
    let mut out = Vec::new();
    for contract in &detail.contracts {
        out.push(ProductLine {
            contract: contract
                .versions
                .first()
                .map(|v| (contract.id.clone(), v.version.clone())),
            ..heading(theme, &clean(&contract.id))
        });
        if contract.versions.is_empty() {
            out.push(ProductLine::text(Line::styled(
                "  not in the catalogue",
                theme.style(Slot::Muted),
            )));
        }
        for (n, version) in contract.versions.iter().enumerate() {
            let newest = if n == 0 { "  (newest)" } else { "" };
            out.push(ProductLine {
                line: Line::from(vec![
                    Span::styled(
                        format!("  {} ", fit(&clean(&version.version), 12)),
                        theme.style(Slot::Text),
                    ),
                    Span::styled(
                        format!(
                            "{} ",
                            fit(&clean(version.status.as_deref().unwrap_or("")), 11)
                        ),
                        theme.style(Slot::Muted),
                    ),
                    Span::styled(
                        format!(
                            "{} ",
                            fit(&clean(&short_date(version.created.as_deref())), 10)
                        ),
                        theme.style(Slot::Muted),
                    ),
                    Span::styled(
                        fit(version.bump.label(), 11),
                        theme.style(bump_slot(version.bump)),
                    ),
                    Span::styled(newest, theme.style(Slot::Accent)),
                ]),
                contract: Some((contract.id.clone(), version.version.clone())),
                ..ProductLine::text(Line::default())
            });
        }
    }
    out
}

/// `2025-09-01T09:00:00Z` → `2025-09-01`; blank when absent.
pub fn short_date(created: Option<&str>) -> String {
    let created = created.unwrap_or("");
    created
        .split_once('T')
        .map_or(created, |(date, _)| date)
        .to_owned()
}

/// Major bumps stand out.
pub fn bump_slot(bump: crate::store::Bump) -> Slot {
    match bump {
        crate::store::Bump::Major | crate::store::Bump::Downgrade => Slot::StatusOther,
        _ => Slot::Muted,
    }
}

fn member_line(member: &Member, theme: &Theme) -> ProductLine {
    let left = member
        .date_out
        .as_deref()
        .map(|date| format!("  (left {})", clean(date)))
        .unwrap_or_default();
    ProductLine::text(Line::from(vec![
        Span::styled(
            format!(
                "  {:<22}",
                clean(member.name.as_deref().unwrap_or(&member.username))
            ),
            theme.style(Slot::Text),
        ),
        Span::styled(
            format!("{:<16}", clean(member.role.as_deref().unwrap_or(""))),
            theme.style(Slot::Accent),
        ),
        Span::styled(clean(&member.username), theme.style(Slot::Muted)),
        Span::styled(left, theme.style(Slot::StatusOther)),
    ]))
}

/// Team, members and support channels (the product's Owners tab and the team view).
pub fn owner_lines(
    team: Option<&Team>,
    support: &[SupportChannel],
    theme: &Theme,
) -> Vec<ProductLine> {
    let mut out = Vec::new();
    match team {
        Some(team) => {
            let name = team
                .name
                .as_deref()
                .or(team.id.as_deref())
                .unwrap_or("(unnamed team)");
            out.push(heading(theme, &format!("Team {}", clean(name))));
            if let Some(description) = team.description.as_deref() {
                out.push(ProductLine::text(Line::styled(
                    format!("  {}", clean(description)),
                    theme.style(Slot::Muted),
                )));
            }
            for member in &team.members {
                out.push(member_line(member, theme));
            }
        }
        None => out.push(ProductLine::text(Line::styled(
            "No team recorded.",
            theme.style(Slot::Muted),
        ))),
    }
    if !support.is_empty() {
        out.push(blank());
        out.push(heading(theme, "Support"));
        for channel in support {
            let scope = channel.scope.as_deref().unwrap_or("");
            out.push(ProductLine {
                line: Line::from(vec![
                    Span::styled(
                        format!("  {} ", fit(&clean(&channel.channel), 34)),
                        theme.style(Slot::Text),
                    ),
                    Span::styled(
                        format!("{} ", fit(&clean(scope), 13)),
                        theme.style(Slot::Muted),
                    ),
                    Span::styled(
                        clean(channel.url.as_deref().unwrap_or("")),
                        theme.style(Slot::Accent),
                    ),
                ]),
                url: channel.url.clone(),
                ..ProductLine::text(Line::default())
            });
        }
    }
    out
}

pub fn render(frame: &mut Frame, app: &App, screen: &ProductScreen, body: Rect, theme: &Theme) {
    let [title, tabs, content] = layout::product_areas(body);
    let Some(detail) =
        super::loaded_detail(frame, &screen.detail, "product", &screen.id, body, theme)
    else {
        return;
    };
    render_title(frame, &detail.product, title, theme);
    let active = ProductTab::ALL
        .iter()
        .position(|t| *t == screen.tab)
        .unwrap_or(0);
    super::render_tab_bar(
        frame,
        ProductTab::ALL.iter().map(|t| t.title()),
        active,
        tabs,
        theme,
    );
    let inner = super::framed(frame, content, &format!(" {} ", screen.tab.title()), theme);
    if screen.tab == ProductTab::Lineage {
        super::lineage::render(frame, screen.lineage.as_ref(), inner, theme);
        return;
    }
    let lines = product_lines(detail, screen, app.now, theme);
    let rows: Vec<Line> = lines.into_iter().map(|l| l.line).collect();
    lines_window(frame, rows, screen.cursor, inner, theme);
}

fn render_title(frame: &mut Frame, product: &Product, area: Rect, theme: &Theme) {
    let status = product.status.as_deref().unwrap_or("");
    let status_slot = if status.eq_ignore_ascii_case("active") {
        Slot::StatusActive
    } else {
        Slot::StatusOther
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(
                format!(" {}", clean(product.title())),
                theme.style(Slot::Title),
            ),
            Span::styled(format!("  {}", clean(status)), theme.style(status_slot)),
        ]),
        Line::styled(
            format!(
                " {} · domain {} · v{}",
                clean(&product.id),
                clean(product.domain.as_deref().unwrap_or("?")),
                clean(product.version.as_deref().unwrap_or("?"))
            ),
            theme.style(Slot::Muted),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
