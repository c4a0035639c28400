//! End-to-end tests of the `parallax` command on real files, a real SQLite store and
//! real processes.

#![expect(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

mod bad_input;
mod crash;
mod examples;
mod formats;
mod ingest;
mod report;
mod seeds;
mod util;
