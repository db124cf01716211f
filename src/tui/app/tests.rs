use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::index::SearchResults;
use crate::tui::action::{Command, SyncSummary};

fn app() -> App {
    let keymap = Arc::new(Keymap::defaults().unwrap());
    App::new(CatalogueLabel("test".into()), keymap, 80, 24)
}

fn ready_app() -> App {
    let mut app = app();
    app.index = IndexState::Ready;
    app
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn the_window_follows_the_selection() {
    let mut cursor = ListCursor::default();
    cursor.move_by(12, 100, 10);
    assert_eq!((cursor.selected, cursor.offset), (12, 3));
    cursor.move_by(-5, 100, 10);
    assert_eq!((cursor.selected, cursor.offset), (7, 3));
    cursor.move_by(-100, 100, 10);
    assert_eq!((cursor.selected, cursor.offset), (0, 0));
    cursor.move_by(1000, 100, 10);
    assert_eq!((cursor.selected, cursor.offset), (99, 90));
}

#[test]
fn letters_are_commands_in_lists_and_text_in_the_search_box() {
    let mut app = app();
    assert!(matches!(
        app.on_key(&key('q')),
        Some(Msg::Command(Command::Close))
    ));
    app.update(Msg::Command(Command::FocusSearch));
    assert!(matches!(
        app.on_key(&key('q')),
        Some(Msg::Edit(Edit::Insert('q')))
    ));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(matches!(
        app.on_key(&ctrl_c),
        Some(Msg::Command(Command::Quit))
    ));
}

#[test]
fn searches_wait_for_the_index_and_only_the_newest_answer_counts() {
    let mut app = app();
    let first = app.start();
    assert_eq!(first, vec![Effect::OpenIndex]);
    let opened = app.update(Msg::IndexOpened(Ok(false)));
    assert!(matches!(
        opened.as_slice(),
        [Effect::Search { seq: 2, .. }, Effect::LoadCatalogueInfo]
    ));
    app.update(Msg::Command(Command::FocusSearch));
    let effects = app.update(Msg::Edit(Edit::Insert('o')));
    match effects.as_slice() {
        [Effect::Search { seq: 3, query }] => assert_eq!(query.text, "o"),
        other => panic!("{other:?}"),
    }
    // The browse search answers late: stale, dropped.
    assert!(!app.relations_requested);
    app.update(Msg::SearchCompleted {
        seq: 2,
        results: Ok(Box::default()),
    });
    assert_eq!(app.search.results, Loadable::Loading);
    app.update(Msg::SearchCompleted {
        seq: 3,
        results: Ok(Box::new(SearchResults::default())),
    });
    assert!(matches!(app.search.results, Loadable::Loaded(_)));
    assert!(app.relations_requested);
}

#[test]
fn esc_goes_back_one_level_at_a_time_and_never_quits() {
    let mut app = ready_app();
    app.update(Msg::Command(Command::FocusSearch));
    app.update(Msg::Edit(Edit::Insert('x')));
    app.update(Msg::Command(Command::Help));
    let esc = |app: &mut App| app.update(Msg::Command(Command::Back));
    esc(&mut app);
    assert!(app.overlay.is_none());
    assert!(app.search.focused);
    esc(&mut app);
    assert!(!app.search.focused);
    assert_eq!(app.search.input.text(), "x");
    let effects = esc(&mut app);
    assert_eq!(app.search.input.text(), "");
    assert!(matches!(effects.as_slice(), [Effect::Search { .. }]));
    assert!(esc(&mut app).is_empty());
    assert!(!app.quit);
}

#[test]
fn health_opens_the_health_view_and_sync_runs_a_sync() {
    let mut app = app();
    app.update(Msg::Command(Command::CommandMode));
    for c in "health".chars() {
        app.update(Msg::Edit(Edit::Insert(c)));
    }
    assert_eq!(
        app.update(Msg::Command(Command::Submit)),
        vec![Effect::LoadHealth { now: app.now }]
    );
    assert!(matches!(app.stack.last(), Some(Screen::Health(_))));
    assert_eq!(app.history, vec!["health".to_owned()]);
    app.update(Msg::Command(Command::CommandMode));
    app.update(Msg::Paste("sync".into()));
    assert_eq!(
        app.update(Msg::Command(Command::Submit)),
        vec![Effect::Sync]
    );
    assert!(app.sync.is_running());
    // A sync landing refreshes the open health view.
    let effects = app.update(Msg::SyncFinished(Ok(SyncSummary {
        text: "synced".into(),
        changed: 3,
        ..SyncSummary::default()
    })));
    assert!(
        effects.contains(&Effect::LoadHealth { now: app.now }),
        "{effects:?}"
    );
}

#[test]
fn background_syncs_run_at_the_interval_and_say_offline_when_the_server_is_unreachable() {
    let mut app = app();
    app.sync = SyncState::new(Some(std::time::Duration::from_secs(600)), false);
    let due = app.sync.next_at.unwrap();
    assert_eq!(
        app.next_deadline(),
        Some(due),
        "the loop wakes for the sync"
    );
    app.toasts.clear();
    assert_eq!(app.sync_if_due(due), vec![Effect::Sync]);
    assert!(app.sync.running.as_ref().is_some_and(|run| run.background));
    assert_eq!(app.sync_if_due(due), Vec::new(), "one at a time");
    app.update(Msg::SyncProgressed {
        items: 2400,
        pages: 3,
        source: "mesh".into(),
    });
    let effects = app.update(Msg::SyncFinished(Ok(SyncSummary {
        text: "synced 0 records".into(),
        unreachable: Some("mesh: cannot reach http://127.0.0.1:9/".into()),
        ..SyncSummary::default()
    })));
    assert_eq!(effects, vec![Effect::LoadCatalogueInfo]);
    assert!(
        app.toasts.is_empty(),
        "a background sync that changed nothing is quiet"
    );
    assert_eq!(
        app.offline_note("3 h ago").as_deref(),
        Some("offline — cache from 3 h ago")
    );
    let next = app.sync.next_at.unwrap();
    let in_ten_minutes = Instant::now() + std::time::Duration::from_secs(599);
    assert!(
        next >= in_ten_minutes,
        "rescheduled an interval after it ended"
    );
    // The next sync that reaches the server clears the note.
    app.sync_if_due(next);
    app.update(Msg::SyncFinished(Ok(SyncSummary::default())));
    assert_eq!(app.offline_note("just now"), None);
}

#[test]
fn offline_mode_never_schedules_a_sync_and_says_so() {
    let mut app = app();
    app.sync = SyncState::new(Some(std::time::Duration::from_secs(60)), true);
    assert_eq!(app.sync.next_at, None);
    assert_eq!(
        app.offline_note("5 min ago").as_deref(),
        Some("offline (--offline) — cache from 5 min ago")
    );
    assert_eq!(
        app.update(Msg::Command(Command::SyncNow)),
        vec![Effect::Sync]
    );
    assert!(
        app.toasts
            .iter()
            .any(|t| t.text.contains("catalogue folders only")),
        "{:?}",
        app.toasts
    );
}

#[test]
fn help_scrolling_stops_at_the_last_line() {
    let mut app = app();
    app.update(Msg::Command(Command::Help));
    let max = crate::tui::view::help::max_scroll(&app);
    assert!(max > 0, "the default keymap does not fit in 24 rows");
    for _ in 0..20 {
        app.update(Msg::Command(Command::PageDown));
    }
    app.update(Msg::Command(Command::Up));
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll, .. }) if scroll == max - 1));
}

#[test]
fn toasts_expire_on_tick() {
    let mut app = app();
    app.notify("hello");
    app.toasts[0].expires = Instant::now();
    assert!(app.next_deadline().is_some());
    app.update(Msg::Tick);
    assert!(app.toasts.is_empty());
    assert_eq!(app.next_deadline(), None);
}
