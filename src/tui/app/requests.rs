//! My requests (`R`, `:requests`): every access request made from this
//! machine, newest first; cancel a pending one, send the queued ones.

use super::{App, ListCursor, Loadable, Screen};
use crate::access::deliver::{Delivery, waits_for};
use crate::store::OutboxEntry;
use crate::tui::action::{Command, Effect};
use crate::tui::backend::Submitted;

#[derive(Debug, Clone, PartialEq)]
pub struct RequestsScreen {
    pub requests: Loadable<Vec<OutboxEntry>>,
    pub cursor: ListCursor,
    /// The request to select once loaded (the one just made).
    pub select: Option<String>,
    /// The request `c` asks about canceling.
    pub confirm_cancel: Option<String>,
}

impl RequestsScreen {
    pub fn selected(&self) -> Option<&OutboxEntry> {
        match &self.requests {
            Loadable::Loaded(list) => list.get(self.cursor.selected),
            _ => None,
        }
    }

    pub fn rows(&self) -> usize {
        match &self.requests {
            Loadable::Loaded(list) => list.len(),
            _ => 0,
        }
    }
}

/// The toast for a request just made: what happened, in words.
pub fn describe_delivery(entry: &OutboxEntry, delivery: &Delivery) -> (String, bool) {
    let id: String = entry.id.chars().take(8).collect();
    match delivery {
        Delivery::Sent(status) => (
            format!(
                "request {id} sent to `{}`: {}; waits for {}",
                entry.source,
                status.as_str(),
                waits_for(entry)
            ),
            false,
        ),
        Delivery::Written(file) => (
            format!(
                "`{}` has no server: request written to {file} (and .json) to commit or send",
                entry.source
            ),
            false,
        ),
        Delivery::Queued(why) => (
            format!("request {id} queued ({why}); the next sync sends it"),
            false,
        ),
        Delivery::Failed(why) => (format!("request refused by the server: {why}"), true),
    }
}

impl App {
    /// `R` and `:requests`.
    pub(super) fn open_requests(&mut self, select: Option<String>) -> Vec<Effect> {
        self.overlay = None;
        self.search.focused = false;
        if let Some(at) = self
            .stack
            .iter()
            .position(|s| matches!(s, Screen::Requests(_)))
        {
            self.stack.truncate(at);
        }
        self.stack.push(Screen::Requests(RequestsScreen {
            requests: Loadable::Loading,
            cursor: ListCursor::default(),
            select,
            confirm_cancel: None,
        }));
        vec![Effect::LoadRequests]
    }

    fn requests_mut(&mut self) -> Option<&mut RequestsScreen> {
        match self.stack.last_mut() {
            Some(Screen::Requests(screen)) => Some(screen),
            _ => None,
        }
    }

    /// The requests screen's own commands (None: not its).
    pub(super) fn requests_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        let readonly = self.readonly;
        let screen = self.requests_mut()?;
        if screen.confirm_cancel.is_some() {
            if !matches!(command, Command::Yes | Command::No | Command::Back) {
                return None;
            }
            let id = screen.confirm_cancel.take()?;
            return Some(match command {
                Command::Yes => vec![Effect::CancelRequest { id }],
                _ => Vec::new(),
            });
        }
        let selected = screen
            .selected()
            .map(|e| (e.id.clone(), e.status, e.product_id.clone()));
        match (command, selected) {
            (Command::CancelRequest, _) if readonly => {
                self.notify("read only (--readonly): canceling requests is disabled");
            }
            (Command::CancelRequest, Some((id, status, _))) if status.can_cancel() => {
                screen.confirm_cancel = Some(id);
            }
            (Command::CancelRequest, Some((id, status, _))) => self.fail(format!(
                "request {} is {}: only a queued, requested, approved or written request can be canceled",
                short(&id),
                status.as_str()
            )),
            (Command::CancelRequest, None) => {}
            (Command::SyncRequests, _) => {
                self.notify("sending queued requests, reading back their status…");
                return Some(vec![Effect::SyncRequests]);
            }
            (Command::Open, Some((_, _, product))) => return Some(self.open_product(&product)),
            (Command::Open, None) => {}
            _ => return None,
        }
        Some(Vec::new())
    }

    pub(super) fn access_submitted(
        &mut self,
        product_id: &str,
        result: Result<Box<Submitted>, String>,
    ) -> Vec<Effect> {
        let form_at = self.stack.iter().rposition(
            |s| matches!(s, Screen::AccessForm(form) if form.sending && form.loaded().is_some_and(|d| d.product_id == product_id)),
        );
        if let Some(Screen::AccessForm(form)) = form_at.and_then(|at| self.stack.get_mut(at)) {
            form.sending = false;
            // An unknown consumer is the consumer field's problem: shown
            // under it, with the nearest known ones.
            if let Err(error) = &result
                && let Some(problem) = error.strip_prefix(crate::access::CONSUMER_PROBLEM)
            {
                form.prompt = None;
                form.problems = vec![(crate::access::Field::Consumer, problem.to_owned())];
                form.focus = super::access::FormField::of(crate::access::Field::Consumer);
                return Vec::new();
            }
        }
        let submitted = match result {
            Ok(submitted) => submitted,
            Err(error) => {
                self.fail(error);
                return Vec::new();
            }
        };
        let (text, refused) = describe_delivery(&submitted.entry, &submitted.delivery);
        if refused {
            // The form stays, with everything typed.
            self.fail(text);
            return Vec::new();
        }
        self.notify(text);
        if let Some(at) = form_at {
            self.stack.truncate(at);
        }
        self.open_requests(Some(submitted.entry.id))
    }

    pub(super) fn requests_loaded(&mut self, result: Result<Vec<OutboxEntry>, String>) {
        let height = crate::tui::view::layout::list_rows(self);
        for screen in &mut self.stack {
            let Screen::Requests(screen) = screen else {
                continue;
            };
            let keep = screen.selected().map(|e| e.id.clone());
            screen.requests = super::update::loadable(result.clone());
            let wanted = screen.select.take().or(keep);
            let at = match (&screen.requests, wanted) {
                (Loadable::Loaded(list), Some(id)) => {
                    list.iter().position(|e| e.id == id).unwrap_or(0)
                }
                _ => 0,
            };
            let len = screen.rows();
            screen.cursor = ListCursor::default();
            screen.cursor.move_by(at as isize, len, height);
        }
    }

    pub(super) fn request_canceled(&mut self, id: &str, result: Result<(), String>) -> Vec<Effect> {
        match result {
            Ok(()) => self.notify(format!("request {} canceled", short(id))),
            Err(error) => self.fail(error),
        }
        self.reload_requests()
    }

    pub(super) fn requests_synced(&mut self, result: Result<usize, String>) -> Vec<Effect> {
        match result {
            Ok(0) => self.notify("nothing to send or check"),
            Ok(n) => self.notify(format!("{n} request(s) sent or checked")),
            Err(error) => self.fail(error),
        }
        self.reload_requests()
    }

    /// Reloads an open requests screen (after a sync, say).
    pub(super) fn reload_requests(&mut self) -> Vec<Effect> {
        if self.stack.iter().any(|s| matches!(s, Screen::Requests(_))) {
            vec![Effect::LoadRequests]
        } else {
            Vec::new()
        }
    }
}

fn short(id: &str) -> String {
    id.chars().take(8).collect()
}
