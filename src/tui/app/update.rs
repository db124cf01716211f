//! `update`: state changes for every message, and the effects they need.

use std::time::Instant;

use super::{
    App, CommandLine, ContractTab, ImpactTab, IndexState, Loadable, Overlay, ProductTab,
    SEARCH_LIMIT, Screen, TeamScreen, TeamsScreen,
};
use crate::index::{Kind, parse_query};
use crate::tui::action::{Command, Edit, Effect, Msg};
use crate::tui::view::layout;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Command(command) => self.command(command),
            Msg::Edit(edit) => self.edit(edit),
            Msg::Paste(text) => self.paste(&text),
            Msg::ScrollDown => self.command(Command::Down),
            Msg::ScrollUp => self.command(Command::Up),
            Msg::Click { column, row } => self.click(column, row),
            Msg::Resize { width, height } => {
                self.width = width;
                self.height = height;
                Vec::new()
            }
            Msg::Tick => {
                let now = Instant::now();
                self.toasts.retain(|t| t.expires > now);
                self.sync_if_due(now)
            }
            other => self.completed(other),
        }
    }

    fn command(&mut self, command: Command) -> Vec<Effect> {
        // Before any screen's own keys: whatever state a screen is in,
        // Ctrl-C quits.
        if command == Command::Quit {
            self.quit = true;
            return vec![Effect::Quit];
        }
        if self.overlay.is_none()
            && let Some(effects) = self.form_command(command)
        {
            return effects;
        }
        if self.overlay.is_none()
            && let Some(effects) = self.requests_command(command)
        {
            return effects;
        }
        if self.overlay.is_none()
            && let Some(effects) = self.contract_command(command)
        {
            return effects;
        }
        if self.overlay.is_none()
            && let Some(effects) = self.lineage_command(command)
        {
            return effects;
        }
        if self.overlay.is_none()
            && let Some(effects) = self.impact_command(command)
        {
            return effects;
        }
        match command {
            Command::Close if !self.stack.is_empty() => self.back(),
            Command::Close => self.command(Command::Quit),
            Command::Suspend => vec![Effect::Suspend],
            Command::Help => {
                self.overlay = Some(Overlay::Help {
                    filter: Default::default(),
                    scroll: 0,
                });
                Vec::new()
            }
            Command::CommandMode => {
                self.overlay = Some(Overlay::Command(CommandLine::default()));
                Vec::new()
            }
            Command::FocusSearch => {
                self.stack.clear();
                self.search.focused = true;
                Vec::new()
            }
            Command::Back => self.back(),
            Command::Submit => self.submit_command(),
            Command::Complete => self.complete(),
            Command::HistoryPrev => self.history_step(-1),
            Command::HistoryNext => self.history_step(1),
            Command::Open => self.open(),
            Command::Owners => self.owners(),
            Command::Teams => self.open_teams(),
            Command::Health => self.open_health(),
            Command::SyncNow => self.sync_now(),
            Command::RequestAccess => self.request_access(None),
            Command::Requests => self.open_requests(None),
            Command::CopyId => self.copy_id(),
            Command::OpenLink => self.open_link(),
            Command::NextTab => self.switch_tab(1),
            Command::PrevTab => self.switch_tab(-1),
            Command::Down => self.move_selection(1),
            Command::Up => self.move_selection(-1),
            Command::PageDown => self.move_selection(self.page() as isize),
            Command::PageUp => self.move_selection(-(self.page() as isize)),
            Command::Top => self.move_selection(isize::MIN / 2),
            Command::Bottom => self.move_selection(isize::MAX / 2),
            tab => match tab.tab_number() {
                Some(n) => self.select_tab(n),
                None => Vec::new(),
            },
        }
    }

    /// Esc: one level back, never out of the program.
    fn back(&mut self) -> Vec<Effect> {
        if let Some(overlay) = &mut self.overlay {
            if let Overlay::Help { filter, .. } = overlay
                && !filter.text().is_empty()
            {
                filter.set("");
                return Vec::new();
            }
            self.overlay = None;
            return Vec::new();
        }
        if let Some(effects) = self.contract_back() {
            return effects;
        }
        if self.stack.pop().is_some() {
            return Vec::new();
        }
        if self.search.focused {
            self.search.focused = false;
            return Vec::new();
        }
        if !self.search.input.text().is_empty() {
            self.search.input.set("");
            return self.run_search();
        }
        Vec::new()
    }

    fn edit(&mut self, edit: Edit) -> Vec<Effect> {
        match &mut self.overlay {
            Some(Overlay::Help { filter, scroll }) => {
                if filter.apply(edit) {
                    *scroll = 0;
                }
                Vec::new()
            }
            Some(Overlay::Command(line)) => {
                line.input.apply(edit);
                line.history_pos = None;
                Vec::new()
            }
            None if !self.stack.is_empty() => match self.form_edit(edit) {
                Some(effects) => effects,
                None => self.contract_edit(Some(edit), None).unwrap_or_default(),
            },
            None if self.search.focused => {
                if self.search.input.apply(edit) {
                    self.run_search()
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        }
    }

    fn paste(&mut self, text: &str) -> Vec<Effect> {
        if self.overlay.is_none()
            && let Some(effects) = self.form_paste(text)
        {
            return effects;
        }
        let text = text.replace(['\n', '\r'], " ");
        match &mut self.overlay {
            Some(Overlay::Help { filter, .. }) => {
                filter.insert_str(&text);
                Vec::new()
            }
            Some(Overlay::Command(line)) => {
                line.input.insert_str(&text);
                Vec::new()
            }
            None => {
                if let Some(effects) = self.contract_edit(None, Some(&text)) {
                    return effects;
                }
                self.stack.clear();
                self.search.focused = true;
                if self.search.input.insert_str(&text) {
                    self.run_search()
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// Starts a search for the box's text; older results become stale.
    pub(super) fn run_search(&mut self) -> Vec<Effect> {
        self.search.seq += 1;
        if self.index != IndexState::Ready {
            // Asked for again when the index opens.
            return Vec::new();
        }
        let mut query = parse_query(self.search.input.text());
        query.limit = SEARCH_LIMIT;
        if query.text.trim().is_empty() && query.kind.is_none() {
            // Browsing lists products; their contracts would double every row.
            query.kind = Some(Kind::Product);
        }
        vec![Effect::Search {
            seq: self.search.seq,
            query,
        }]
    }

    fn page(&self) -> usize {
        layout::list_rows(self).max(1)
    }

    fn move_selection(&mut self, delta: isize) -> Vec<Effect> {
        let height = layout::list_rows(self);
        let help_max = crate::tui::view::help::max_scroll(self);
        if let Some(Overlay::Help { scroll, .. }) = &mut self.overlay {
            *scroll = (*scroll as isize + delta).clamp(0, help_max as isize) as usize;
            return Vec::new();
        }
        if self.overlay.is_some() {
            return Vec::new();
        }
        let len = self.list_len();
        match self.stack.last_mut() {
            Some(Screen::Product(screen)) => screen.cursor.move_by(delta, len, height),
            Some(Screen::Team(screen)) => screen.cursor.move_by(delta, len, height),
            Some(Screen::Teams(screen)) => screen.cursor.move_by(delta, len, height),
            Some(Screen::Contract(screen)) => screen.cursor.move_by(delta, len, height),
            Some(Screen::Impact(screen)) => screen.cursor.move_by(delta, len, height),
            Some(Screen::Health(screen)) => screen.cursor.move_by(delta, len, height),
            Some(Screen::Requests(screen)) => screen.cursor.move_by(delta, len, height),
            Some(Screen::AccessForm(_)) => {}
            None => {
                self.search.cursor.move_by(delta, len, height);
                return self.preview_selected();
            }
        }
        Vec::new()
    }

    /// Rows of the active list.
    pub fn list_len(&self) -> usize {
        match self.stack.last() {
            Some(Screen::Product(screen)) => layout::product_rows(screen),
            Some(Screen::Contract(screen)) => layout::contract_rows(screen),
            Some(Screen::Impact(screen)) => screen.entries().len(),
            Some(Screen::Health(screen)) => screen.breaches().len(),
            Some(Screen::Requests(screen)) => screen.rows(),
            Some(Screen::Team(TeamScreen {
                detail: Loadable::Loaded(Some(detail)),
                ..
            })) => detail.products.len(),
            Some(Screen::Teams(TeamsScreen {
                teams: Loadable::Loaded(teams),
                ..
            })) => teams.len(),
            Some(_) => 0,
            None => match &self.search.results {
                Loadable::Loaded(results) => results.hits.len(),
                _ => 0,
            },
        }
    }

    fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if self.overlay.is_some() {
            return Vec::new();
        }
        if let Some(effects) = self.lineage_click(column, row) {
            return effects;
        }
        let Some(area) = layout::list_area(self) else {
            return Vec::new();
        };
        let inside = column >= area.x
            && column < area.x + area.width
            && row >= area.y
            && row < area.y + area.height;
        if !inside {
            return Vec::new();
        }
        let start = match self.stack.last() {
            Some(Screen::Product(s)) => s.cursor.window_start(area.height as usize),
            Some(Screen::Team(s)) => s.cursor.window_start(area.height as usize),
            Some(Screen::Teams(s)) => s.cursor.window_start(area.height as usize),
            Some(Screen::Contract(s)) => s.cursor.window_start(area.height as usize),
            Some(Screen::Impact(s)) => s.cursor.window_start(area.height as usize),
            Some(Screen::Health(s)) => s.cursor.window_start(area.height as usize),
            Some(Screen::Requests(s)) => s.cursor.window_start(area.height as usize),
            Some(Screen::AccessForm(_)) => return Vec::new(),
            None => self.search.cursor.window_start(area.height as usize),
        };
        let target = start + (row - area.y) as usize;
        let current = match self.stack.last() {
            Some(Screen::Product(s)) => s.cursor.selected,
            Some(Screen::Team(s)) => s.cursor.selected,
            Some(Screen::Teams(s)) => s.cursor.selected,
            Some(Screen::Contract(s)) => s.cursor.selected,
            Some(Screen::Impact(s)) => s.cursor.selected,
            Some(Screen::Health(s)) => s.cursor.selected,
            Some(Screen::Requests(s)) => s.cursor.selected,
            Some(Screen::AccessForm(_)) => return Vec::new(),
            None => {
                self.search.focused = false;
                self.search.cursor.selected
            }
        };
        self.move_selection(target as isize - current as isize)
    }

    fn switch_tab(&mut self, step: isize) -> Vec<Effect> {
        let (current, count) = match self.stack.last() {
            Some(Screen::Product(screen)) => (screen.tab.index(), ProductTab::ALL.len()),
            Some(Screen::Contract(screen)) => (screen.tab.index(), ContractTab::ALL.len()),
            Some(Screen::Impact(screen)) => (screen.tab.index(), ImpactTab::ALL.len()),
            _ => return Vec::new(),
        };
        let next = (current as isize + step).rem_euclid(count as isize) as usize;
        self.select_tab(next)
    }

    fn select_tab(&mut self, n: usize) -> Vec<Effect> {
        match self.stack.last_mut() {
            Some(Screen::Product(_)) => {
                if let Some(&tab) = ProductTab::ALL.get(n) {
                    return self.select_product_tab(tab);
                }
            }
            Some(Screen::Impact(screen)) => {
                if let Some(tab) = ImpactTab::ALL.get(n) {
                    screen.tab = *tab;
                    screen.cursor = Default::default();
                }
            }
            Some(Screen::Contract(screen)) => {
                if let Some(tab) = ContractTab::ALL.get(n) {
                    screen.tab = *tab;
                    screen.cursor = Default::default();
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn preview_selected(&mut self) -> Vec<Effect> {
        let Some(hit) = self.selected_hit() else {
            self.search.preview = None;
            return Vec::new();
        };
        if hit.kind != Kind::Product {
            self.search.preview = None;
            return Vec::new();
        }
        let id = hit.id.clone();
        if self
            .search
            .preview
            .as_ref()
            .is_some_and(|(known, _)| *known == id)
        {
            return Vec::new();
        }
        self.search.preview = Some((id.clone(), Loadable::Loading));
        vec![Effect::LoadPreview { id }]
    }

    /// Results of background work.
    fn completed(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::CatalogueLoaded(info) => self.info = Some(info),
            Msg::SearchCompleted { seq, results } => return self.search_completed(seq, results),
            Msg::PreviewLoaded { id, product } => {
                if let Some((known, state)) = &mut self.search.preview
                    && *known == id
                {
                    *state = loadable(product);
                }
            }
            Msg::ProductLoaded { id, detail } => {
                for screen in &mut self.stack {
                    if let Screen::Product(screen) = screen
                        && screen.id == id
                        && screen.detail == Loadable::Loading
                    {
                        screen.detail = loadable(detail.clone());
                    }
                }
            }
            Msg::TeamLoaded { name, detail } => {
                for screen in &mut self.stack {
                    if let Screen::Team(screen) = screen
                        && screen.name == name
                        && screen.detail == Loadable::Loading
                    {
                        screen.detail = loadable(detail.clone());
                    }
                }
            }
            Msg::ContractLoaded {
                id,
                version,
                detail,
            } => self.contract_loaded(&id, version, detail),
            Msg::LineageLoaded { request, data } => self.lineage_loaded(&request, data),
            Msg::ImpactLoaded { id, impact } => self.impact_loaded(&id, impact),
            Msg::Resolved { target, result } => return self.resolved(target, result),
            Msg::QualityLoaded { id, quality } => self.quality_loaded(&id, quality),
            Msg::HealthLoaded(health) => self.health_loaded(health),
            Msg::QualityBadges(badges) => self.search.badges = Some(badges),
            Msg::TeamsLoaded(teams) => {
                for screen in &mut self.stack {
                    if let Screen::Teams(screen) = screen {
                        screen.teams = loadable(teams.clone());
                    }
                }
            }
            Msg::SyncProgressed {
                items,
                pages,
                source,
            } => self.sync_progressed(items, pages, source),
            Msg::IndexProgressed { done, total } => {
                self.index = IndexState::Building { done, total };
            }
            Msg::IndexOpened(Ok(rebuilt)) => {
                self.index = IndexState::Ready;
                if rebuilt {
                    self.notify("the search index was rebuilt");
                }
                let mut effects = self.run_search();
                effects.push(Effect::LoadCatalogueInfo);
                return effects;
            }
            Msg::IndexOpened(Err(error)) => {
                self.index = IndexState::Failed;
                self.search.results =
                    Loadable::Failed(format!("cannot open the search index: {error}"));
                self.search.shown_seq = self.search.seq;
                return vec![Effect::LoadCatalogueInfo];
            }
            Msg::SyncFinished(result) => return self.sync_finished(result),
            Msg::AccessFormLoaded { id, data } => self.access_form_loaded(&id, data),
            Msg::AccessSubmitted { product_id, result } => {
                return self.access_submitted(&product_id, result);
            }
            Msg::RequestsLoaded(result) => self.requests_loaded(result),
            Msg::RequestCanceled { id, result } => return self.request_canceled(&id, result),
            Msg::RequestsSynced(result) => return self.requests_synced(result),
            Msg::Notice(text) => self.notify(text),
            Msg::Failed(text) => self.fail(text),
            _ => {}
        }
        Vec::new()
    }

    fn search_completed(
        &mut self,
        seq: u64,
        results: Result<Box<crate::index::SearchResults>, String>,
    ) -> Vec<Effect> {
        // Latest wins: results of any query but the newest are stale.
        if seq != self.search.seq || seq == self.search.shown_seq {
            return Vec::new();
        }
        self.search.shown_seq = seq;
        self.search.cursor = Default::default();
        match results {
            Ok(results) => {
                if self.search.catalogue_facets.is_none() && self.search.input.text().is_empty() {
                    self.search.catalogue_facets = Some(results.facets.clone());
                }
                self.search.results = Loadable::Loaded(results);
                let mut effects = self.preview_selected();
                if !self.relations_requested {
                    self.relations_requested = true;
                    effects.push(Effect::WarmRelations);
                    effects.push(Effect::WarmQuality { now: self.now });
                }
                effects
            }
            Err(error) => {
                self.search.results = Loadable::Failed(error);
                Vec::new()
            }
        }
    }
}

pub(super) fn loadable<T>(result: Result<T, String>) -> Loadable<T> {
    match result {
        Ok(value) => Loadable::Loaded(value),
        Err(error) => Loadable::Failed(error),
    }
}
