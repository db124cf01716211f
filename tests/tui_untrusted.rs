//! Catalogue strings are untrusted: escape sequences in a product must reach
//! the screen buffer as inert, visible text.

mod tui_support;

use meshlens::sources::DirSource;
use meshlens::tui::headless::buffer_text;
use ratatui::style::Modifier;

const HOSTILE: &str = r##"apiVersion: v1.0.0
kind: DataProduct
id: evil-product
name: "Evil \e[2J Product"
status: active
domain: "sales\e]0;pwned\a"
description:
  purpose: "Steals your clipboard \e]52;c;ZXZpbA==\a and clears \e[2J the screen"
team:
  name: "Red \e[31mTeam"
  members:
  - username: "mallory\e[8m"
    role: owner
support:
- channel: "#evil\e]8;;https://evil.example\a"
  url: https://example.com/evil
"##;

fn hostile_demo() -> tui_support::Demo {
    let catalogue = tempfile::tempdir().unwrap();
    std::fs::write(catalogue.path().join("evil.odps.yaml"), HOSTILE).unwrap();
    let source = DirSource::new("evil".to_owned(), catalogue.path().to_path_buf());
    let demo = tui_support::with_sources(vec![Box::new(source)], 160, 48);
    // The catalogue folder is read once, into the cache.
    drop(catalogue);
    demo
}

fn assert_inert(text: &str) {
    assert!(
        !text.contains('\u{1b}'),
        "raw ESC reached the buffer:\n{text}"
    );
    assert!(
        !text.contains('\u{7}'),
        "raw BEL reached the buffer:\n{text}"
    );
}

#[test]
fn escape_sequences_show_as_inert_text_in_every_view() {
    let mut d = hostile_demo();
    let search = d.screen(160, 48);
    assert_inert(&search);
    assert!(search.contains("Evil ␛[2J Product"), "{search}");
    assert!(
        search.contains("Steals your clipboard ␛]52;c;ZXZpbA==\\u{7}"),
        "preview: {search}"
    );
    d.keys(&["enter"]);
    for tab in ["1", "2", "3", "6"] {
        d.keys(&[tab]);
        let screen = d.screen(160, 48);
        assert_inert(&screen);
    }
    d.keys(&["1"]);
    let overview = d.screen(160, 48);
    assert!(overview.contains("␛]52;c;ZXZpbA=="), "{overview}");
    d.keys(&["O"]);
    let team = d.screen(160, 48);
    assert_inert(&team);
    assert!(team.contains("Team Red ␛[31mTeam"), "{team}");
    assert!(team.contains("mallory␛[8m"), "{team}");
}

#[test]
fn no_color_keeps_the_selection_visible() {
    let mut d = tui_support::demo(80, 24);
    d.tui.theme = meshlens::tui::theme::Theme::monochrome();
    let buffer = d.tui.render(80, 24).unwrap();
    let text = buffer_text(&buffer);
    let row = text
        .lines()
        .position(|l| l.contains("▶ 13-Week Cash"))
        .unwrap();
    let cell = &buffer[(3, row as u16)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            assert_eq!(
                (cell.fg, cell.bg),
                (ratatui::style::Color::Reset, ratatui::style::Color::Reset),
                "colour at {x},{y}"
            );
        }
    }
}
