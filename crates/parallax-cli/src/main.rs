//! The `parallax` command. Arguments become [`parallax::Settings`]; each command is a
//! few calls into the `parallax` library. Results go to stdout, progress and skips to
//! stderr. Exit status: 0 success, 1 usage or fatal error, 2 finished with skipped inputs.

mod args;
mod commands;
mod progress;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;

/// How a command ended, when it did not fail.
enum Outcome {
    /// Everything was used.
    Clean,
    /// Finished, but some inputs were skipped.
    Skipped,
}

fn main() -> ExitCode {
    init_logging();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    match commands::run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Skipped) => ExitCode::from(2),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prints clap's message; help and version are not errors, anything else is a usage error
/// (status 1, as the contract says, not clap's 2, which means "inputs skipped" here).
fn usage_error(error: &clap::Error) -> ExitCode {
    // If stderr is gone there is nobody left to tell.
    let _ = error.print();
    if error.use_stderr() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PARALLAX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
