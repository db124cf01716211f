//! The event loop: terminal events, background results and signals become
//! messages; effects run on tasks; a frame is drawn only after something changed.

use std::sync::Arc;

use crossterm::event::{Event, EventStream, KeyEventKind, MouseEventKind};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{mpsc, watch};

use super::action::{Effect, Msg};
use super::app::App;
use super::backend::Backend;
use super::terminal::{self, Tui};
use super::theme::Theme;
use super::view;
use crate::index::SearchQuery;

type Sender = mpsc::UnboundedSender<Msg>;

/// Runs searches one at a time; while one runs, newer queries replace the
/// waiting one (latest wins), so typing fast never queues stale work.
fn spawn_search_worker(
    backend: Arc<Backend>,
    tx: Sender,
) -> watch::Sender<Option<(u64, SearchQuery)>> {
    let (queries, mut latest) = watch::channel::<Option<(u64, SearchQuery)>>(None);
    tokio::spawn(async move {
        while latest.changed().await.is_ok() {
            let Some((seq, query)) = latest.borrow_and_update().clone() else {
                continue;
            };
            let backend = backend.clone();
            let results = tokio::task::spawn_blocking(move || backend.search(&query)).await;
            let results = results.unwrap_or_else(|e| Err(e.to_string())).map(Box::new);
            if tx.send(Msg::SearchCompleted { seq, results }).is_err() {
                break;
            }
        }
    });
    queries
}

struct Runtime {
    backend: Arc<Backend>,
    tx: Sender,
    searches: watch::Sender<Option<(u64, SearchQuery)>>,
}

impl Runtime {
    /// Starts an effect; returns true when the program must end.
    fn run(&self, effect: Effect, terminal: &mut Tui) -> bool {
        match effect {
            Effect::Quit => return true,
            Effect::Search { seq, query } => {
                let _ = self.searches.send(Some((seq, query)));
            }
            Effect::Suspend => {
                if let Err(e) = terminal::suspend(terminal) {
                    let _ = self.tx.send(Msg::Failed(format!("suspend failed: {e}")));
                }
            }
            Effect::CopyToClipboard(text) => {
                if let Err(e) = terminal::copy_to_clipboard(&text) {
                    let _ = self.tx.send(Msg::Failed(format!("copy failed: {e}")));
                }
            }
            Effect::OpenUrl(url) => match terminal::open_url(&url) {
                Ok(()) => {
                    let _ = self.tx.send(Msg::Notice(format!(
                        "opening {}",
                        crate::text::sanitize(&url)
                    )));
                }
                Err(e) => {
                    let _ = self.tx.send(Msg::Failed(e));
                }
            },
            other => {
                let backend = self.backend.clone();
                let tx = self.tx.clone();
                let progress_tx = tx.clone();
                let task = tokio::task::spawn_blocking(move || {
                    let progress = move |msg: Msg| {
                        let _ = progress_tx.send(msg);
                    };
                    backend.execute(&other, &progress)
                });
                tokio::spawn(async move {
                    let msg = match task.await {
                        Ok(msg) => msg,
                        Err(e) => Some(Msg::Failed(format!("a background task failed: {e}"))),
                    };
                    if let Some(msg) = msg {
                        let _ = tx.send(msg);
                    }
                });
            }
        }
        false
    }
}

fn event_to_msg(app: &App, event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => app.on_key(&key),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Msg::ScrollDown),
            MouseEventKind::ScrollUp => Some(Msg::ScrollUp),
            MouseEventKind::Down(_) => Some(Msg::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        _ => None,
    }
}

pub async fn event_loop(
    terminal: &mut Tui,
    mut app: App,
    backend: Arc<Backend>,
    theme: Theme,
) -> std::io::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let searches = spawn_search_worker(backend.clone(), tx.clone());
    let runtime = Runtime {
        backend,
        tx,
        searches,
    };
    let mut events = EventStream::new();
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    for effect in app.start() {
        runtime.run(effect, terminal);
    }
    loop {
        app.now = crate::quality::now();
        terminal.draw(|frame| view::render(frame, &app, &theme))?;
        let deadline = app.next_deadline().map(tokio::time::Instant::from_std);
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => event_to_msg(&app, event),
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
            Some(msg) = rx.recv() => Some(msg),
            _ = terminate.recv() => return Ok(()),
            _ = hangup.recv() => return Ok(()),
            _ = async { if let Some(d) = deadline { tokio::time::sleep_until(d).await } }, if deadline.is_some() => Some(Msg::Tick),
        };
        let Some(msg) = msg else { continue };
        let mut pending = vec![msg];
        // Coalesce: apply everything already waiting before the next frame.
        while let Ok(more) = rx.try_recv() {
            pending.push(more);
        }
        for msg in pending {
            for effect in app.update(msg) {
                if runtime.run(effect, terminal) {
                    return Ok(());
                }
            }
        }
    }
}
