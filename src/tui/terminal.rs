//! Entering and leaving the full screen, whatever way the program ends:
//! normally, by a panic (hook), by SIGTERM/SIGHUP, or around Ctrl-z.

use std::io::{Stdout, Write, stdout};

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, the alternate screen (cleared), mouse and paste reporting. A
/// fresh `Terminal` draws everything on its first frame. (`Terminal::clear`
/// would ask the terminal for the cursor position, which not every terminal
/// answers.)
pub fn enter() -> std::io::Result<Tui> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Restores the terminal; safe to call more than once.
pub fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = stdout().flush();
}

/// Restores the terminal before the default panic message is printed. A
/// panic on a background thread leaves the screen alone (its task reports
/// the failure as a toast) and is logged instead of printed over the UI.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            leave();
            previous(info);
        } else {
            tracing::error!(%info, "a background task panicked");
        }
    }));
}

/// Ctrl-z: give the terminal back, stop, and take it again on `fg`.
pub fn suspend(terminal: &mut Tui) -> std::io::Result<()> {
    leave();
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    *terminal = enter()?;
    Ok(())
}

/// OSC 52: asks the terminal to put `text` on the clipboard. The only escape
/// sequence meshlens writes itself; `text` is an id, sanitised first.
pub fn copy_to_clipboard(text: &str) -> std::io::Result<()> {
    let clean = crate::text::sanitize(text);
    let mut out = stdout();
    write!(out, "\x1b]52;c;{}\x07", base64(clean.as_bytes()))?;
    out.flush()
}

/// Whether a link from the catalogue may go to the platform's opener:
/// `http`/`https` URLs, and `mailto:` with at most a subject and a body
/// (a mail client given `attach=` or `cc=` by a catalogue entry could send
/// a file or copy someone in). The reason when not.
pub fn openable(url: &str) -> Result<(), String> {
    let refused = |why: &str| format!("not opening {}: {why}", crate::text::sanitize(url));
    let parsed = reqwest::Url::parse(url).map_err(|_| refused("not a valid link"))?;
    match parsed.scheme() {
        "http" | "https" if parsed.host_str().is_some() => Ok(()),
        "mailto" => {
            let extra = parsed.query_pairs().find(|(name, _)| {
                !matches!(name.to_ascii_lowercase().as_str(), "subject" | "body")
            });
            match extra {
                Some((name, _)) => Err(refused(&format!(
                    "a mailto link may carry a subject and a body, not `{name}`"
                ))),
                None => Ok(()),
            }
        }
        _ => Err(refused("not an http(s) or mailto link")),
    }
}

/// Opens a URL with the platform's opener, if [`openable`].
pub fn open_url(url: &str) -> Result<(), String> {
    openable(url)?;
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|_| {
            format!(
                "no browser opener ({opener}); the link is {}",
                crate::text::sanitize(url)
            )
        })
}

pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_rfc_examples() {
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn only_web_and_mail_links_open() {
        assert!(
            super::open_url("file:///etc/passwd")
                .unwrap_err()
                .contains("not an http(s)")
        );
        assert_eq!(super::openable("https://mesh.example.com/p/1"), Ok(()));
        assert_eq!(super::openable("mailto:team@example.com"), Ok(()));
        assert_eq!(
            super::openable("mailto:team@example.com?subject=Orders&body=Hi"),
            Ok(())
        );
        assert_eq!(
            super::openable("mailto:team@example.com?attach=/etc/passwd").unwrap_err(),
            "not opening mailto:team@example.com?attach=/etc/passwd: a mailto link may carry \
             a subject and a body, not `attach`"
        );
        assert!(
            super::openable("mailto:a@example.com?subject=x&CC=boss@example.com")
                .unwrap_err()
                .contains("not `CC`")
        );
        assert!(super::openable("javascript:alert(1)").is_err());
        assert!(super::openable("not a link").is_err());
    }
}
