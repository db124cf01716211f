//! The Quality tab's data and the on-call health view (`:health`, `H`).

use super::{App, ListCursor, Loadable, ProductScreen, Screen};
use crate::quality::{Breach, Health, ProductQuality};
use crate::tui::action::Effect;

/// A product's quality: not asked for yet (None), loading, loaded.
pub type QualityState = Option<Loadable<Option<Box<ProductQuality>>>>;

#[derive(Debug, Clone, PartialEq)]
pub struct HealthScreen {
    pub health: Loadable<Box<Health>>,
    pub cursor: ListCursor,
}

impl HealthScreen {
    pub fn breaches(&self) -> &[Breach] {
        match &self.health {
            Loadable::Loaded(health) => &health.breaches,
            _ => &[],
        }
    }

    pub fn selected(&self) -> Option<&Breach> {
        self.breaches().get(self.cursor.selected)
    }
}

impl App {
    /// The Quality tab was shown: its data is asked for once.
    pub(super) fn show_quality(&mut self) -> Vec<Effect> {
        let now = self.now;
        match self.stack.last_mut() {
            Some(Screen::Product(screen)) if screen.quality.is_none() => {
                screen.quality = Some(Loadable::Loading);
                vec![Effect::LoadQuality {
                    id: screen.id.clone(),
                    now,
                }]
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn open_health(&mut self) -> Vec<Effect> {
        self.overlay = None;
        self.search.focused = false;
        if let Some(position) = self
            .stack
            .iter()
            .position(|s| matches!(s, Screen::Health(_)))
        {
            // One health view: going to it again brings it to the top, fresh.
            let screen = self.stack.remove(position);
            self.stack.push(screen);
        } else {
            self.stack.push(Screen::Health(HealthScreen {
                health: Loadable::Loading,
                cursor: ListCursor::default(),
            }));
        }
        self.reload_health()
    }

    /// Asks for the health view again (after a sync) if one is open.
    pub(super) fn reload_health(&mut self) -> Vec<Effect> {
        let open = self.stack.iter_mut().find_map(|s| match s {
            Screen::Health(screen) => Some(screen),
            _ => None,
        });
        match open {
            Some(screen) => {
                if !matches!(screen.health, Loadable::Loaded(_)) {
                    screen.health = Loadable::Loading;
                }
                vec![Effect::LoadHealth { now: self.now }]
            }
            None => Vec::new(),
        }
    }

    pub(super) fn quality_loaded(
        &mut self,
        id: &str,
        quality: Result<Option<Box<ProductQuality>>, String>,
    ) {
        for screen in &mut self.stack {
            if let Screen::Product(ProductScreen {
                id: known,
                quality: state @ Some(Loadable::Loading),
                ..
            }) = screen
                && known == id
            {
                *state = Some(match quality.clone() {
                    Ok(q) => Loadable::Loaded(q),
                    Err(e) => Loadable::Failed(e),
                });
            }
        }
    }

    pub(super) fn health_loaded(&mut self, health: Result<Box<Health>, String>) {
        for screen in &mut self.stack {
            if let Screen::Health(screen) = screen {
                let keep = screen.selected().map(|b| b.product.id.clone());
                screen.health = match health.clone() {
                    Ok(h) => Loadable::Loaded(h),
                    Err(e) => Loadable::Failed(e),
                };
                // The selection follows its product across a refresh.
                if let Some(at) =
                    keep.and_then(|id| screen.breaches().iter().position(|b| b.product.id == id))
                {
                    screen.cursor.selected = at;
                } else {
                    screen.cursor = ListCursor::default();
                }
            }
        }
    }
}
