//! Moving between screens: opening products, teams and links, and the ids
//! `y` copies.

use super::{App, Loadable, ProductScreen, ProductTab, Screen, TeamScreen, TeamsScreen};
use crate::index::Kind;
use crate::tui::action::Effect;
use crate::tui::view::layout;

impl App {
    /// Opens the product with this id on top of the stack.
    pub(super) fn open_product(&mut self, id: &str) -> Vec<Effect> {
        self.overlay = None;
        self.search.focused = false;
        self.stack.push(Screen::Product(ProductScreen {
            id: id.to_owned(),
            detail: Loadable::Loading,
            tab: ProductTab::Overview,
            cursor: Default::default(),
            lineage: None,
            quality: None,
        }));
        vec![Effect::LoadProduct { id: id.to_owned() }]
    }

    pub(super) fn open_team(&mut self, name: &str) -> Vec<Effect> {
        self.overlay = None;
        self.search.focused = false;
        self.stack.push(Screen::Team(TeamScreen {
            name: name.to_owned(),
            detail: Loadable::Loading,
            cursor: Default::default(),
        }));
        vec![Effect::LoadTeam {
            name: name.to_owned(),
        }]
    }

    pub(super) fn open_teams(&mut self) -> Vec<Effect> {
        self.overlay = None;
        self.search.focused = false;
        self.stack.push(Screen::Teams(TeamsScreen {
            teams: Loadable::Loading,
            cursor: Default::default(),
        }));
        vec![Effect::LoadTeams]
    }

    pub(super) fn open(&mut self) -> Vec<Effect> {
        match self.stack.last() {
            Some(Screen::Product(screen)) => match layout::product_link(screen) {
                Some(layout::Link::Product(id)) => self.open_product(&id),
                Some(layout::Link::Contract(id, version)) => {
                    self.open_contract(&id, Some(&version))
                }
                None if screen.tab == ProductTab::Owners => self.owners(),
                None => Vec::new(),
            },
            Some(Screen::Team(TeamScreen {
                detail: Loadable::Loaded(Some(detail)),
                cursor,
                ..
            })) => match detail.products.get(cursor.selected) {
                Some(row) => {
                    let id = row.id.clone();
                    self.open_product(&id)
                }
                None => Vec::new(),
            },
            Some(Screen::Teams(TeamsScreen {
                teams: Loadable::Loaded(teams),
                cursor,
            })) => match teams.get(cursor.selected) {
                Some(team) => {
                    let name = team.name.clone();
                    self.open_team(&name)
                }
                None => Vec::new(),
            },
            Some(Screen::Contract(_)) => self.contract_open(),
            Some(Screen::Health(screen)) => match screen.selected() {
                Some(breach) => {
                    let id = breach.product.id.clone();
                    self.open_product(&id)
                }
                None => Vec::new(),
            },
            Some(Screen::Impact(screen)) => match screen.entries().get(screen.cursor.selected) {
                Some(entry) => {
                    let id = entry.id.clone();
                    self.open_product(&id)
                }
                None => Vec::new(),
            },
            Some(_) => Vec::new(),
            None => self.open_selected_hit(),
        }
    }

    pub(super) fn selected_hit(&self) -> Option<&crate::index::SearchHit> {
        match &self.search.results {
            Loadable::Loaded(results) => results.hits.get(self.search.cursor.selected),
            _ => None,
        }
    }

    fn open_selected_hit(&mut self) -> Vec<Effect> {
        let Some(hit) = self.selected_hit() else {
            return Vec::new();
        };
        let (kind, id) = (hit.kind, hit.id.clone());
        match kind {
            Kind::Product => self.open_product(&id),
            Kind::Contract => self.open_contract(&id, None),
        }
    }

    /// The owners of the product in view (or of the selected hit).
    pub(super) fn owners(&mut self) -> Vec<Effect> {
        let team = match self.stack.last() {
            Some(Screen::Product(ProductScreen {
                detail: Loadable::Loaded(Some(detail)),
                ..
            })) => detail
                .product
                .team
                .as_ref()
                .and_then(|t| t.name.clone().or(t.id.clone())),
            None => self.selected_hit().and_then(|hit| hit.team.clone()),
            _ => None,
        };
        match team {
            Some(team) => self.open_team(&team),
            None => {
                self.notify("no owning team is recorded here");
                Vec::new()
            }
        }
    }

    /// The id of what is selected or in view.
    fn current_id(&self) -> Option<String> {
        match self.stack.last() {
            Some(Screen::Product(screen)) => Some(match layout::product_link(screen) {
                Some(layout::Link::Product(id) | layout::Link::Contract(id, _)) => id,
                None => screen.id.clone(),
            }),
            Some(Screen::Contract(screen)) => {
                Some(layout::contract_link(screen).unwrap_or_else(|| screen.id.clone()))
            }
            Some(Screen::Team(TeamScreen {
                detail: Loadable::Loaded(Some(detail)),
                cursor,
                ..
            })) => detail.products.get(cursor.selected).map(|p| p.id.clone()),
            Some(Screen::Team(screen)) => Some(screen.name.clone()),
            Some(Screen::Teams(TeamsScreen {
                teams: Loadable::Loaded(teams),
                cursor,
            })) => teams.get(cursor.selected).map(|t| t.name.clone()),
            Some(Screen::Teams(_)) => None,
            Some(Screen::Health(screen)) => screen.selected().map(|b| b.product.id.clone()),
            Some(Screen::Impact(screen)) => Some(
                screen
                    .entries()
                    .get(screen.cursor.selected)
                    .map_or_else(|| screen.id.clone(), |e| e.id.clone()),
            ),
            Some(Screen::Requests(screen)) => screen.selected().map(|e| e.id.clone()),
            Some(Screen::AccessForm(form)) => Some(form.product_id.clone()),
            None => self.selected_hit().map(|hit| hit.id.clone()),
        }
    }

    pub(super) fn copy_id(&mut self) -> Vec<Effect> {
        match self.current_id() {
            Some(id) => {
                self.notify(format!("copied {}", crate::text::sanitize(&id)));
                vec![Effect::CopyToClipboard(id)]
            }
            None => Vec::new(),
        }
    }

    pub(super) fn open_link(&mut self) -> Vec<Effect> {
        match layout::first_link(self) {
            Some(url) => vec![Effect::OpenUrl(url)],
            None => {
                self.notify("no link to open here");
                Vec::new()
            }
        }
    }
}
