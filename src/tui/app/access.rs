//! The access request form (`a` on a product, `:access`): an output port,
//! who the access is for, a purpose, dates, and who approves; validated
//! field by field, confirmed, then sent by the backend.

use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::{App, Loadable, ProductScreen, Screen, TextInput};
use crate::access::{Consumer, Draft, Field};
use crate::index::Kind;
use crate::tui::action::{Command, Edit, Effect};
use crate::tui::backend::{AccessFormData, FormPort};

/// What Tab moves through, top to bottom (the approvers are read only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Port,
    Consumer,
    Purpose,
    Start,
    End,
    Send,
}

impl FormField {
    pub const ORDER: [FormField; 6] = [
        FormField::Port,
        FormField::Consumer,
        FormField::Purpose,
        FormField::Start,
        FormField::End,
        FormField::Send,
    ];

    pub(super) fn of(field: Field) -> FormField {
        match field {
            Field::Port => FormField::Port,
            Field::Consumer => FormField::Consumer,
            Field::Purpose => FormField::Purpose,
            Field::Start => FormField::Start,
            Field::End => FormField::End,
        }
    }

    fn step(self, by: isize) -> FormField {
        let at = FormField::ORDER
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0) as isize;
        let len = FormField::ORDER.len() as isize;
        FormField::ORDER[(at + by).rem_euclid(len) as usize]
    }
}

/// The purpose box (ratatui-textarea's editor, compared by its text).
#[derive(Debug, Clone)]
pub struct PurposeBox(pub TextArea<'static>);

impl Default for PurposeBox {
    fn default() -> PurposeBox {
        let mut area = TextArea::default();
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        PurposeBox(area)
    }
}

impl PartialEq for PurposeBox {
    fn eq(&self, other: &PurposeBox) -> bool {
        self.0.lines() == other.0.lines() && self.0.cursor() == other.0.cursor()
    }
}

impl PurposeBox {
    pub fn text(&self) -> String {
        self.0.lines().join("\n")
    }

    fn apply(&mut self, edit: Edit) {
        let area = &mut self.0;
        match edit {
            Edit::Insert(c) => area.insert_char(c),
            Edit::Backspace => {
                area.delete_char();
            }
            Edit::Delete => {
                area.delete_next_char();
            }
            Edit::Left => area.move_cursor(CursorMove::Back),
            Edit::Right => area.move_cursor(CursorMove::Forward),
            Edit::Home => area.move_cursor(CursorMove::Head),
            Edit::End => area.move_cursor(CursorMove::End),
            Edit::DeleteWord => {
                area.delete_word();
            }
            Edit::Clear => {
                area.delete_line_by_head();
            }
        }
    }
}

/// A question over the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPrompt {
    /// "Send an access request …? y / n"
    Send,
    /// "discard the request? y / n"
    Discard,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AccessForm {
    /// As asked for (an id or a name until the data arrives).
    pub product_id: String,
    pub data: Loadable<Option<Box<AccessFormData>>>,
    /// The chosen output port and consumer (indexes into the data).
    pub port: usize,
    pub consumer: usize,
    /// The consumer typed when `[me]` is not configured.
    pub consumer_text: TextInput,
    pub purpose: PurposeBox,
    pub start: TextInput,
    pub end: TextInput,
    pub focus: FormField,
    /// The last validation's problems, shown beside their fields.
    pub problems: Vec<(Field, String)>,
    pub prompt: Option<FormPrompt>,
    /// Sent; waiting for the backend's answer.
    pub sending: bool,
}

impl AccessForm {
    pub fn new(product_id: &str) -> AccessForm {
        AccessForm {
            product_id: product_id.to_owned(),
            data: Loadable::Loading,
            port: 0,
            consumer: 0,
            consumer_text: TextInput::default(),
            purpose: PurposeBox::default(),
            start: TextInput::default(),
            end: TextInput::default(),
            focus: FormField::Port,
            problems: Vec::new(),
            prompt: None,
            sending: false,
        }
    }

    pub fn loaded(&self) -> Option<&AccessFormData> {
        match &self.data {
            Loadable::Loaded(Some(data)) => Some(data),
            _ => None,
        }
    }

    pub fn selected_port(&self) -> Option<&FormPort> {
        self.loaded().and_then(|d| d.ports.get(self.port))
    }

    pub fn selected_consumer(&self) -> Option<&Consumer> {
        self.loaded().and_then(|d| d.consumers.get(self.consumer))
    }

    /// Whether the consumer is typed (no `[me]` to choose from).
    pub fn consumer_is_typed(&self) -> bool {
        self.loaded().is_some_and(|d| d.consumers.is_empty())
    }

    /// Whether the user typed anything (Esc asks before dropping it).
    pub fn has_typed(&self) -> bool {
        !self.purpose.text().trim().is_empty()
            || !self.start.text().is_empty()
            || !self.end.text().is_empty()
            || !self.consumer_text.text().is_empty()
    }

    /// The problems of one field.
    pub fn problems_of(&self, field: Field) -> Vec<&str> {
        self.problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, text)| text.as_str())
            .collect()
    }

    /// Whether the focused field takes typed text.
    pub fn typing(&self) -> bool {
        match self.focus {
            FormField::Purpose | FormField::Start | FormField::End => true,
            FormField::Consumer => self.consumer_is_typed(),
            FormField::Port | FormField::Send => false,
        }
    }

    fn text_field(&mut self) -> Option<&mut TextInput> {
        match self.focus {
            FormField::Start => Some(&mut self.start),
            FormField::End => Some(&mut self.end),
            FormField::Consumer if self.consumer_is_typed() => Some(&mut self.consumer_text),
            _ => None,
        }
    }

    fn edit(&mut self, edit: Edit) {
        if self.focus == FormField::Purpose {
            self.purpose.apply(edit);
        } else if let Some(input) = self.text_field() {
            input.apply(edit);
        }
    }

    fn cycle(&mut self, by: isize) {
        let Some(data) = self.loaded() else {
            return;
        };
        let (ports, consumers) = (data.ports.len(), data.consumers.len());
        let (len, at) = match self.focus {
            FormField::Port => (ports, &mut self.port),
            FormField::Consumer if consumers > 0 => (consumers, &mut self.consumer),
            _ => {
                self.edit(if by < 0 { Edit::Left } else { Edit::Right });
                return;
            }
        };
        if len > 0 {
            *at = (*at as isize + by).rem_euclid(len as isize) as usize;
        }
    }

    /// The draft as typed, and the consumer text's own problem.
    fn draft(&self) -> (Draft, Option<String>) {
        let (consumer, problem) = if self.consumer_is_typed() {
            let typed = self.consumer_text.text().trim();
            match Consumer::parse(typed) {
                Ok(consumer) => (Some(consumer), None),
                Err(_) if typed.is_empty() => (None, None),
                Err(error) => (None, Some(error)),
            }
        } else {
            (self.selected_consumer().cloned(), None)
        };
        let draft = Draft {
            product_id: self
                .loaded()
                .map_or_else(String::new, |d| d.product_id.clone()),
            port: self
                .selected_port()
                .map_or_else(String::new, |p| p.name.clone()),
            consumer,
            purpose: self.purpose.text(),
            start: self.start.text().to_owned(),
            end: self.end.text().to_owned(),
        };
        (draft, problem)
    }
}

impl App {
    /// `a` and `:access`: the form for the product in view or selected.
    pub(super) fn request_access(&mut self, id: Option<&str>) -> Vec<Effect> {
        if self.readonly {
            self.notify("read only (--readonly): access requests are disabled");
            return Vec::new();
        }
        let id = match id {
            Some(id) => Some(id.to_owned()),
            None => self.product_in_view(),
        };
        let Some(id) = id else {
            self.fail("no product here: open one, or :access PRODUCT-ID");
            return Vec::new();
        };
        self.overlay = None;
        self.search.focused = false;
        self.stack
            .push(Screen::AccessForm(Box::new(AccessForm::new(&id))));
        vec![Effect::LoadAccessForm { id }]
    }

    fn product_in_view(&self) -> Option<String> {
        match self.stack.last() {
            Some(Screen::Product(ProductScreen { id, detail, .. })) => Some(match detail {
                Loadable::Loaded(Some(detail)) => detail.product.id.clone(),
                _ => id.clone(),
            }),
            Some(Screen::AccessForm(form)) => Some(form.product_id.clone()),
            Some(Screen::Requests(screen)) => screen.selected().map(|e| e.product_id.clone()),
            None => self
                .selected_hit()
                .filter(|hit| hit.kind == Kind::Product)
                .map(|hit| hit.id.clone()),
            _ => None,
        }
    }

    pub(super) fn form_mut(&mut self) -> Option<&mut AccessForm> {
        match self.stack.last_mut() {
            Some(Screen::AccessForm(form)) => Some(form),
            _ => None,
        }
    }

    /// The form's own commands (None: not the form's).
    pub(super) fn form_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        let form = self.form_mut()?;
        if form.prompt.is_some() {
            return matches!(command, Command::Yes | Command::No | Command::Back)
                .then(|| self.form_answer(command));
        }
        match command {
            Command::NextField => form.focus = form.focus.step(1),
            Command::PrevField => form.focus = form.focus.step(-1),
            Command::Down if form.focus == FormField::Purpose => {
                form.purpose.0.move_cursor(CursorMove::Down)
            }
            Command::Up if form.focus == FormField::Purpose => {
                form.purpose.0.move_cursor(CursorMove::Up)
            }
            Command::Down => form.focus = form.focus.step(1),
            Command::Up => form.focus = form.focus.step(-1),
            Command::ChoicePrev => form.cycle(-1),
            Command::ChoiceNext => form.cycle(1),
            Command::FormEnter => match form.focus {
                FormField::Purpose => form.purpose.0.insert_newline(),
                FormField::Send => return Some(self.check_form()),
                _ => form.focus = form.focus.step(1),
            },
            Command::SendRequest => return Some(self.check_form()),
            Command::Back if form.has_typed() => form.prompt = Some(FormPrompt::Discard),
            Command::Back => {
                self.stack.pop();
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    /// y / n to "send?" or "discard?".
    fn form_answer(&mut self, command: Command) -> Vec<Effect> {
        let Some(form) = self.form_mut() else {
            return Vec::new();
        };
        match (form.prompt, command) {
            (Some(FormPrompt::Discard), Command::Yes) => {
                self.stack.pop();
            }
            (Some(FormPrompt::Send), Command::Yes) => {
                form.prompt = None;
                return self.send_form();
            }
            (_, Command::No | Command::Back) => form.prompt = None,
            _ => {}
        }
        Vec::new()
    }

    /// Validates; asks for confirmation when valid, else shows the problems.
    fn check_form(&mut self) -> Vec<Effect> {
        let today = self.now.date_naive();
        let Some(form) = self.form_mut() else {
            return Vec::new();
        };
        if form.sending || form.loaded().is_none() {
            return Vec::new();
        }
        let ports: Vec<String> = form
            .loaded()
            .map(|d| d.ports.iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default();
        let (draft, consumer_problem) = form.draft();
        let mut problems = match draft.validate(&ports, today) {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        };
        if let Some(problem) = consumer_problem {
            problems.retain(|(field, _)| *field != Field::Consumer);
            problems.push((Field::Consumer, problem));
        }
        problems.sort_by_key(|(field, _)| {
            let field = FormField::of(*field);
            FormField::ORDER.iter().position(|f| *f == field)
        });
        match problems.first() {
            Some((field, _)) => form.focus = FormField::of(*field),
            None => form.prompt = Some(FormPrompt::Send),
        }
        form.problems = problems;
        Vec::new()
    }

    fn send_form(&mut self) -> Vec<Effect> {
        let today = self.now.date_naive();
        let Some(form) = self.form_mut() else {
            return Vec::new();
        };
        let ports: Vec<String> = form
            .loaded()
            .map(|d| d.ports.iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default();
        let (draft, _) = form.draft();
        let Ok(valid) = draft.validate(&ports, today) else {
            return Vec::new();
        };
        form.sending = true;
        vec![Effect::SubmitAccess {
            product_id: draft.product_id,
            port: draft.port,
            valid,
        }]
    }

    /// Typing in the form (None: no form on top).
    pub(super) fn form_edit(&mut self, edit: Edit) -> Option<Vec<Effect>> {
        let form = self.form_mut()?;
        if form.prompt.is_none() && form.typing() {
            form.edit(edit);
        }
        Some(Vec::new())
    }

    /// Pasting into the form: the purpose keeps its line breaks.
    pub(super) fn form_paste(&mut self, text: &str) -> Option<Vec<Effect>> {
        let form = self.form_mut()?;
        if form.prompt.is_some() {
            return Some(Vec::new());
        }
        if form.focus == FormField::Purpose {
            let text: String = text
                .replace("\r\n", "\n")
                .chars()
                .filter(|c| *c == '\n' || !c.is_control())
                .collect();
            form.purpose.0.insert_str(text);
        } else if let Some(input) = form.text_field() {
            input.insert_str(&text.replace(['\n', '\r'], " "));
        }
        Some(Vec::new())
    }

    pub(super) fn access_form_loaded(
        &mut self,
        id: &str,
        data: Result<Option<Box<AccessFormData>>, String>,
    ) {
        for screen in &mut self.stack {
            if let Screen::AccessForm(form) = screen
                && form.product_id == id
                && form.data == Loadable::Loading
            {
                form.data = super::update::loadable(data.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_order_wraps_both_ways() {
        assert_eq!(FormField::Send.step(1), FormField::Port);
        assert_eq!(FormField::Port.step(-1), FormField::Send);
        assert_eq!(FormField::Consumer.step(1), FormField::Purpose);
    }

    #[test]
    fn the_purpose_box_edits_and_keeps_line_breaks() {
        let mut purpose = PurposeBox::default();
        for c in "revenu".chars() {
            purpose.apply(Edit::Insert(c));
        }
        purpose.0.insert_newline();
        purpose.apply(Edit::Insert('x'));
        purpose.apply(Edit::Backspace);
        purpose.apply(Edit::Insert('b'));
        assert_eq!(purpose.text(), "revenu\nb");
        let mut form = AccessForm::new("p");
        assert!(!form.has_typed());
        form.purpose = purpose;
        assert!(form.has_typed());
    }
}
