//! The explorer on the embedded demo, headless, with a fixed clock.

#![allow(dead_code)]

use meshlens::sources::{EmbeddedDemo, Source};
use meshlens::tui::headless::Headless;
use tempfile::TempDir;

pub struct Demo {
    pub dir: TempDir,
    pub tui: Headless,
}

pub fn demo(width: u16, height: u16) -> Demo {
    with_sources(vec![Box::new(EmbeddedDemo)], width, height)
}

pub fn with_sources(sources: Vec<Box<dyn Source>>, width: u16, height: u16) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Headless::open(dir.path(), sources, width, height).unwrap();
    // Before start: the quality badges are computed at the first results.
    tui.app.now = NOW.parse().unwrap();
    tui.start();
    fix_clock(&mut tui);
    Demo { dir, tui }
}

/// The header says "synced 5 min ago" whenever the test runs, and the
/// clock is the day the demo's run events end (freshness, health).
/// (And forgets the start-up toast: the index is always new in a test.)
pub fn fix_clock(tui: &mut Headless) {
    tui.app.toasts.clear();
    if let Some(info) = &mut tui.app.info {
        info.synced_at = Some("2026-11-25T11:55:00Z".to_owned());
    }
    tui.app.now = NOW.parse().unwrap();
}

/// The tests' clock: the day the demo's run events end.
pub const NOW: &str = "2026-11-25T12:00:00Z";

impl Demo {
    pub fn keys(&mut self, keys: &[&str]) {
        for key in keys {
            self.tui.press(key).unwrap();
        }
    }

    pub fn typed(&mut self, text: &str) {
        self.tui.type_text(text).unwrap();
    }

    pub fn screen(&mut self, width: u16, height: u16) -> String {
        self.tui.screen(width, height).unwrap()
    }
}

/// The demo with every background effect held back (loading states).
pub fn paused_demo(width: u16, height: u16) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Headless::open(dir.path(), vec![Box::new(EmbeddedDemo)], width, height).unwrap();
    tui.paused = true;
    tui.start();
    Demo { dir, tui }
}
