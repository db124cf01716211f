//! The access request form, and the yes / no questions over it and over
//! the requests list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{clean, loaded_detail};
use crate::access::Field;
use crate::tui::app::{AccessForm, FormField, FormPrompt, TextInput};
use crate::tui::backend::AccessFormData;
use crate::tui::theme::{Slot, Theme};

/// Label column (marker, label, gap).
const LABEL: u16 = 15;
/// Rows of the purpose box, borders included.
const PURPOSE_ROWS: u16 = 6;

pub fn render(
    frame: &mut Frame,
    form: &AccessForm,
    today: chrono::NaiveDate,
    body: Rect,
    theme: &Theme,
) {
    let [title, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(body);
    let Some(data) = loaded_detail(frame, &form.data, "product", &form.product_id, rest, theme)
    else {
        render_title(frame, &clean(&form.product_id), None, title, theme);
        return;
    };
    let name = format!(
        "{} ({})",
        clean(&data.product_name),
        clean(&data.product_id)
    );
    render_title(frame, &name, Some(&data.destination), title, theme);
    if data.ports.is_empty() {
        frame.render_widget(
            Paragraph::new("This product has no output port: there is nothing to request.")
                .style(theme.style(Slot::Error)),
            rest,
        );
        return;
    }
    let mut y = rest.y + 1;
    let mut row = |height: u16| -> Option<Rect> {
        if y + height > rest.bottom() {
            return None;
        }
        let area = Rect::new(rest.x, y, rest.width, height);
        y += height;
        Some(area)
    };
    let fields = FieldRows { form, theme };
    if let Some(area) = row(1) {
        fields.choice(frame, area, FormField::Port, &port_text(form, data));
    }
    for problem in form.problems_of(Field::Port) {
        fields.problem(frame, row(1), problem);
    }
    consumer_rows(frame, &fields, data, &mut row);
    for problem in form.problems_of(Field::Consumer) {
        fields.problem(frame, row(1), problem);
    }
    if let Some(area) = row(PURPOSE_ROWS) {
        fields.purpose(frame, area);
    }
    for problem in form.problems_of(Field::Purpose) {
        fields.problem(frame, row(1), problem);
    }
    let start_note = format!("empty: today ({today})");
    if let Some(area) = row(1) {
        fields.text(frame, area, FormField::Start, &form.start, &start_note);
    }
    for problem in form.problems_of(Field::Start) {
        fields.problem(frame, row(1), problem);
    }
    if let Some(area) = row(1) {
        fields.text(frame, area, FormField::End, &form.end, "empty: open-ended");
    }
    for problem in form.problems_of(Field::End) {
        fields.problem(frame, row(1), problem);
    }
    if let Some(area) = row(1) {
        let approvers = form
            .selected_port()
            .map_or_else(String::new, |p| clean(&p.approvers));
        fields.read_only(frame, area, "Approvers", &approvers);
    }
    row(1);
    if let Some(area) = row(1) {
        fields.send(frame, area);
    }
}

fn render_title(
    frame: &mut Frame,
    name: &str,
    destination: Option<&str>,
    area: Rect,
    theme: &Theme,
) {
    let mut lines = vec![Line::styled(
        format!(" Request access: {name}"),
        theme.style(Slot::Title),
    )];
    if let Some(destination) = destination {
        lines.push(Line::styled(
            format!(" goes to {}", clean(destination)),
            theme.style(Slot::Muted),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn port_text(form: &AccessForm, data: &AccessFormData) -> String {
    let Some(port) = form.selected_port() else {
        return String::new();
    };
    let contract = port.contract_id.as_deref().map_or_else(
        || "no contract".to_owned(),
        |id| format!("contract {}", clean(id)),
    );
    format!(
        "{}  ({} of {}) · {contract}",
        clean(&port.name),
        form.port + 1,
        data.ports.len()
    )
}

fn consumer_rows(
    frame: &mut Frame,
    fields: &FieldRows,
    data: &AccessFormData,
    row: &mut impl FnMut(u16) -> Option<Rect>,
) {
    let form = fields.form;
    if data.consumers.is_empty() {
        if let Some(area) = row(1) {
            fields.text(
                frame,
                area,
                FormField::Consumer,
                &form.consumer_text,
                "team:ID | user:ID | product:ID",
            );
        }
        if let Some(area) = row(1) {
            fields.read_only(
                frame,
                area,
                "",
                "[me] in config.toml (user, team) lists me, my team, its products",
            );
        }
        return;
    }
    let consumer = form
        .selected_consumer()
        .map_or_else(String::new, |c| clean(&c.to_string()));
    let text = format!(
        "{consumer}  ({} of {})",
        form.consumer + 1,
        data.consumers.len()
    );
    if let Some(area) = row(1) {
        fields.choice(frame, area, FormField::Consumer, &text);
    }
}

struct FieldRows<'a> {
    form: &'a AccessForm,
    theme: &'a Theme,
}

impl FieldRows<'_> {
    fn label(&self, field: FormField) -> &'static str {
        match field {
            FormField::Port => "Output port",
            FormField::Consumer => "Consumer",
            FormField::Purpose => "Purpose",
            FormField::Start => "Start date",
            FormField::End => "End date",
            FormField::Send => "",
        }
    }

    /// The label (marked and highlighted when focused) and the value's area.
    fn split(&self, frame: &mut Frame, area: Rect, field: FormField) -> Rect {
        let focused = self.form.focus == field && self.form.prompt.is_none();
        let [label, value] =
            Layout::horizontal([Constraint::Length(LABEL), Constraint::Min(1)]).areas(area);
        let (marker, slot) = if focused {
            ("▶ ", Slot::Selection)
        } else {
            ("  ", Slot::Text)
        };
        let label_area = Rect { height: 1, ..label };
        frame.render_widget(
            Paragraph::new(format!("{marker}{}", self.label(field))).style(self.theme.style(slot)),
            label_area,
        );
        value
    }

    fn choice(&self, frame: &mut Frame, area: Rect, field: FormField, text: &str) {
        let value = self.split(frame, area, field);
        let line = Line::from(vec![
            Span::styled("◀ ", self.theme.style(Slot::Accent)),
            Span::styled(text.to_owned(), self.theme.style(Slot::Text)),
            Span::styled(" ▶", self.theme.style(Slot::Accent)),
        ]);
        frame.render_widget(Paragraph::new(line), value);
    }

    fn text(&self, frame: &mut Frame, area: Rect, field: FormField, input: &TextInput, note: &str) {
        let value = self.split(frame, area, field);
        let typed = clean(input.text());
        let width = value.width.saturating_sub(3) as usize;
        let box_width = 22.min(width);
        let line = Line::from(vec![
            Span::styled("[", self.theme.style(Slot::Muted)),
            Span::styled(super::fit(&typed, box_width), self.theme.style(Slot::Input)),
            Span::styled("]", self.theme.style(Slot::Muted)),
            Span::styled(format!(" {}", clean(note)), self.theme.style(Slot::Muted)),
        ]);
        frame.render_widget(Paragraph::new(line), value);
        if self.form.focus == field && self.form.prompt.is_none() {
            let x = value.x + 1 + (input.cursor() as u16).min(box_width as u16);
            frame.set_cursor_position((x, value.y));
        }
    }

    fn purpose(&self, frame: &mut Frame, area: Rect) {
        let value = self.split(frame, area, FormField::Purpose);
        let focused = self.form.focus == FormField::Purpose && self.form.prompt.is_none();
        let block = super::panel_block(
            " what is the data for? (required; enter: new line) ",
            focused,
            self.theme,
        );
        let inner = block.inner(value);
        frame.render_widget(block, value);
        let mut area = self.form.purpose.0.clone();
        area.set_style(self.theme.style(Slot::Input));
        area.set_cursor_line_style(Style::default());
        if !focused {
            area.set_cursor_style(self.theme.style(Slot::Input));
        }
        frame.render_widget(&area, inner);
    }

    fn read_only(&self, frame: &mut Frame, area: Rect, label: &str, text: &str) {
        let [label_area, value] =
            Layout::horizontal([Constraint::Length(LABEL), Constraint::Min(1)]).areas(area);
        frame.render_widget(
            Paragraph::new(format!("  {label}")).style(self.theme.style(Slot::Muted)),
            label_area,
        );
        frame.render_widget(
            Paragraph::new(text.to_owned()).style(self.theme.style(Slot::Text)),
            value,
        );
    }

    fn problem(&self, frame: &mut Frame, area: Option<Rect>, problem: &str) {
        let Some(area) = area else {
            return;
        };
        let [_, value] =
            Layout::horizontal([Constraint::Length(LABEL), Constraint::Min(1)]).areas(area);
        frame.render_widget(
            Paragraph::new(format!("✗ {}", clean(problem))).style(self.theme.style(Slot::Error)),
            value,
        );
    }

    fn send(&self, frame: &mut Frame, area: Rect) {
        let value = self.split(frame, area, FormField::Send);
        let focused = self.form.focus == FormField::Send && self.form.prompt.is_none();
        let slot = if focused {
            Slot::Selection
        } else {
            Slot::Accent
        };
        let status = if self.form.sending {
            "sending…"
        } else {
            "ctrl-s checks and sends from any field · esc leaves"
        };
        let line = Line::from(vec![
            Span::styled("[ Send ]", self.theme.style(slot)),
            Span::styled(format!("  {status}"), self.theme.style(Slot::Muted)),
        ]);
        frame.render_widget(Paragraph::new(line), value);
    }
}

/// The question over the form, if one is asked.
pub fn render_form_prompt(frame: &mut Frame, form: &AccessForm, body: Rect, theme: &Theme) {
    let lines = match form.prompt {
        Some(FormPrompt::Discard) => {
            vec!["Discard the request? What you typed is lost.".to_owned()]
        }
        Some(FormPrompt::Send) => send_question(form),
        None => return,
    };
    question(frame, body, " Confirm ", lines, theme);
}

fn send_question(form: &AccessForm) -> Vec<String> {
    let Some(data) = form.loaded() else {
        return Vec::new();
    };
    let port = form.selected_port().map_or("", |p| p.name.as_str());
    let consumer = if form.consumer_is_typed() {
        form.consumer_text.text().trim().to_owned()
    } else {
        form.selected_consumer()
            .map_or_else(String::new, |c| c.to_string())
    };
    vec![
        format!(
            "Send an access request for {} port {} to {}?",
            clean(&data.product_id),
            clean(port),
            clean(&data.destination)
        ),
        format!("for {}", clean(&consumer)),
    ]
}

/// A centred box asking `lines` and "y / n".
pub fn question(frame: &mut Frame, body: Rect, title: &str, lines: Vec<String>, theme: &Theme) {
    let width = body.width.saturating_sub(4).min(72);
    let inner_width = width.saturating_sub(2).max(1) as usize;
    let wrapped: usize = lines
        .iter()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l.as_str())
                .div_ceil(inner_width)
                .max(1)
        })
        .sum();
    let height = (wrapped as u16 + 4).min(body.height);
    let [area] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(body);
    let [area] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Slot::BorderFocused))
        .title(title.to_owned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::styled(l, theme.style(Slot::Text)))
        .collect();
    text.push(Line::raw(""));
    text.push(Line::from(vec![
        Span::styled(" y ", theme.style(Slot::HintKey)),
        Span::styled(" yes   ", theme.style(Slot::HintText)),
        Span::styled(" n ", theme.style(Slot::HintKey)),
        Span::styled(" no", theme.style(Slot::HintText)),
    ]));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
}
