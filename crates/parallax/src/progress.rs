//! Progress: how a long run tells its caller what it is doing. The CLI draws a bar or
//! prints lines; the library only calls these hooks.

use parallax_core::Skipped;

/// Hears about a run's progress. Called from the thread running the pipeline.
pub trait Progress {
    /// The run starts with `inputs` inputs.
    fn start(&self, _inputs: usize) {}
    /// One input was read to its end.
    fn input_done(&self, _origin: &str) {}
    /// An input, or a document in one, was skipped.
    fn skipped(&self, _skipped: &Skipped) {}
    /// The run ended.
    fn finish(&self) {}
}

/// Progress that goes nowhere.
#[derive(Clone, Copy, Debug, Default)]
pub struct QuietProgress;

impl Progress for QuietProgress {}
