//! The command line: `args` defines it (clap), one file per command does
//! its work by calling the library, `input` reads rules and documents, and
//! `output` writes results and owns the exit codes. The library never sees
//! clap or anyhow; errors become messages and exit codes here only.

mod actors;
mod args;
mod check;
mod checklist;
mod eval;
mod extract;
mod input;
mod output;
mod rules;
mod templates;

use std::process::ExitCode;

use resolute::checklist::ProfileError;
use resolute::render::checklist::TemplateError;

pub use args::Cli;
use args::{Command, TemplatesCommand};
use output::{OutputError, exit};

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Checklist(a) => checklist::run(a),
        Command::Actors(a) => actors::run(a),
        Command::Templates(TemplatesCommand::Dump { dir }) => templates::dump(&dir),
        Command::Extract(a) => extract::run(a),
        Command::Check(a) => check::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Rules(c) => rules::run(c),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            let code = if e.downcast_ref::<resolute::rules::RulesError>().is_some()
                || e.downcast_ref::<TemplateError>().is_some()
                || e.downcast_ref::<ProfileError>().is_some()
            {
                exit::CONFIG
            } else if e.downcast_ref::<OutputError>().is_some() {
                exit::OUTPUT
            } else {
                exit::INPUT
            };
            ExitCode::from(code)
        }
    }
}
