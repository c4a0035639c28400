//! Progress on stderr: a bar on a terminal, a plain line now and then otherwise, nothing
//! with `--quiet`. Skipped inputs are always named, one line each.

use std::cell::Cell;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use parallax::Progress;
use parallax::core::Skipped;

/// How often plain progress lines are printed.
const PLAIN_INTERVAL: Duration = Duration::from_secs(2);

/// Progress for the terminal or a log.
pub(crate) struct StderrProgress {
    mode: Mode,
    done: Cell<usize>,
    total: Cell<usize>,
    last_line: Cell<Instant>,
    skipped: Cell<usize>,
}

enum Mode {
    Quiet,
    Plain,
    Bar(ProgressBar),
}

impl StderrProgress {
    /// Progress as `quiet` and stderr allow.
    pub(crate) fn new(quiet: bool) -> Self {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bar(ProgressBar::hidden())
        } else {
            Mode::Plain
        };
        Self {
            mode,
            done: Cell::new(0),
            total: Cell::new(0),
            last_line: Cell::new(Instant::now()),
            skipped: Cell::new(0),
        }
    }

    fn plain_line(&self) {
        eprintln!(
            "parallax: {}/{} inputs read, {} skipped",
            self.done.get(),
            self.total.get(),
            self.skipped.get()
        );
        self.last_line.set(Instant::now());
    }
}

impl Progress for StderrProgress {
    fn start(&self, inputs: usize) {
        self.total.set(inputs);
        if let Mode::Bar(bar) = &self.mode {
            bar.set_length(inputs as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {wide_bar} {pos}/{len} inputs, {per_sec}, eta {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn input_done(&self, _origin: &str) {
        self.done.set(self.done.get() + 1);
        match &self.mode {
            Mode::Bar(bar) => bar.inc(1),
            Mode::Plain if self.last_line.get().elapsed() >= PLAIN_INTERVAL => self.plain_line(),
            _ => {}
        }
    }

    fn skipped(&self, skipped: &Skipped) {
        self.skipped.set(self.skipped.get() + 1);
        match &self.mode {
            Mode::Bar(bar) => {
                bar.println(skipped.to_string());
                bar.set_message(format!("{} skipped", self.skipped.get()));
            }
            _ => eprintln!("{skipped}"),
        }
    }

    fn finish(&self) {
        match &self.mode {
            Mode::Bar(bar) => bar.finish_and_clear(),
            Mode::Plain if self.total.get() > 0 => self.plain_line(),
            _ => {}
        }
    }
}
