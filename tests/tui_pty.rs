//! End to end in a real pseudo-terminal: the meshlens binary, typed at, read
//! back through a VT100 parser. Waits are tunable with MESHLENS_PTY_WAIT_SECS.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _home: tempfile::TempDir,
}

fn wait_limit() -> Duration {
    let secs = std::env::var("MESHLENS_PTY_WAIT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

impl Session {
    fn start() -> Session {
        let home = tempfile::tempdir().unwrap();
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_meshlens"));
        cmd.env("MESHLENS_CACHE_DIR", home.path().join("cache"));
        cmd.env("MESHLENS_CONFIG", home.path().join("none.toml"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(40).unwrap(),
            std::num::NonZeroU16::new(120).unwrap(),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // The master must stay open while the child runs.
        std::mem::forget(pty.master);
        Session {
            screen,
            writer,
            child,
            _home: home,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < wait_limit() {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("`{text}` never appeared; the screen:\n{}", self.contents());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < wait_limit() {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain the last bytes.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("meshlens did not exit; the screen:\n{}", self.contents());
    }

    fn assert_restored(&self) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor still hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse still captured"
        );
        assert!(!screen.bracketed_paste(), "bracketed paste still on");
    }
}

#[test]
fn search_open_and_quit_with_q_restores_the_terminal() {
    let mut s = Session::start();
    s.wait_for("embedded demo mesh");
    s.wait_for("13-Week Cash Forecast");
    s.send("/ordrs");
    s.wait_for("4 matches");
    s.send("\r");
    s.wait_for("1:Overview");
    s.wait_for("Purpose");
    s.send("2");
    s.wait_for("Input ports");
    s.send("\x1b");
    // Esc may be read as the start of a sequence: wait, then quit.
    s.wait_for("Results");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start();
    s.wait_for("13-Week Cash Forecast");
    let pid = s.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    s.wait_exit();
    s.assert_restored();
}
