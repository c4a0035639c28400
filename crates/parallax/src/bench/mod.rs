//! Benchmarks behind `parallax bench`: throughput, memory and quality figures measured on
//! streams made from the public texts in `../shared/data` (read in place, never copied).

pub mod analyze;
pub mod cluster;
mod corpus;
pub mod dedup;
mod events;
mod rng;
pub mod serve;

pub use corpus::load_texts;
