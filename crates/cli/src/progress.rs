//! A progress bar on standard error for long runs, and Ctrl-C as "stop and show what
//! was found".

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use conficker_dga::checker::Monitor;

/// Runs shorter than this show no bar.
const QUIET_FOR: Duration = Duration::from_secs(1);

pub struct TerminalProgress {
    started: Instant,
    bar: Option<ProgressBar>,
    terminal: bool,
    interrupted: Arc<AtomicBool>,
}

impl TerminalProgress {
    pub fn new() -> TerminalProgress {
        let interrupted = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupted);
        // Only one handler may be set per process; a second check in the same process
        // (tests) keeps the first, which is harmless.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
        TerminalProgress {
            started: Instant::now(),
            bar: None,
            terminal: std::io::stderr().is_terminal(),
            interrupted,
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Monitor for TerminalProgress {
    fn progress(&mut self, done: u64, total: u64) {
        if !self.terminal || self.started.elapsed() < QUIET_FOR {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} days, {elapsed} elapsed, {eta} left (Ctrl-C stops and keeps the hits so far)",
                )
                .expect("valid template"),
            );
            bar
        });
        bar.set_position(done);
    }

    fn cancelled(&mut self) -> bool {
        self.interrupted.load(Ordering::Relaxed)
    }
}
