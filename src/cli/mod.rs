//! The command line: `args` defines it (clap), one file per command does
//! its work by calling the library, `input` reads rules and documents, and
//! `output` writes results and owns the exit codes. The library never sees
//! clap or anyhow; errors become messages and exit codes here only.

mod actors;
mod args;
mod check;
mod checklist;
mod diff;
mod docs;
mod eval;
mod extract;
mod input;
mod output;
mod registry;
mod rules;
mod templates;
mod text;

use std::process::ExitCode;

use resolute::checklist::ProfileError;
use resolute::render::checklist::TemplateError;

pub use args::{Cli, ColorWhen};
use args::{Command, TemplatesCommand};
use output::{OutputError, exit};

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    output::configure(cli.global.quiet, color_choice(cli.global.color));
    input::set_original(cli.global.original);
    resolute::io::before_first_temp(clean_up_on_signals);
    let result = match cli.command {
        Command::Checklist(a) => checklist::run(a),
        Command::Actors(a) => actors::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Templates(TemplatesCommand::Dump { dir, force }) => templates::dump(&dir, force),
        Command::Extract(a) => extract::run(a),
        Command::Text(a) => text::run(a),
        Command::Registry(c) => registry::run(c),
        Command::Check(a) => check::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Rules(c) => rules::run(c),
        Command::Completions { shell } => docs::completions(shell),
        Command::Man { output } => docs::man(output.as_deref()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            output::error(format!("{e:#}"));
            let code = if e.downcast_ref::<output::UsageError>().is_some() {
                exit::USAGE
            } else if e.downcast_ref::<resolute::rules::RulesError>().is_some()
                || e.downcast_ref::<TemplateError>().is_some()
                || e.downcast_ref::<ProfileError>().is_some()
            {
                exit::CONFIG
            } else if e.downcast_ref::<OutputError>().is_some()
                || e.downcast_ref::<resolute::registry::RegistryError>()
                    .is_some()
            {
                exit::OUTPUT
            } else {
                exit::INPUT
            };
            ExitCode::from(code)
        }
    }
}

/// The color setting for clap's help and errors and for our messages.
pub fn color_choice(when: ColorWhen) -> anstream::ColorChoice {
    match when {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP, deletes this run's temporary files before
/// ending with the usual code (128 + the signal): an interrupted run
/// leaves neither a half-written file nor a hidden temporary one. (A run
/// killed outright leaves its temporary files; the next run that writes
/// beside them deletes them.) Installed before the run's first temporary
/// file is made; a run that makes none keeps the default handlers.
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            resolute::io::remove_own_temps();
            std::process::exit(128 + sig);
        }
    });
}
