//! The `resolute` binary: parses the command line and hands over to
//! [`cli::run`]. See `resolute --help`.

mod cli;

use clap::{CommandFactory, FromArgMatches};

fn main() -> std::process::ExitCode {
    quiet_reader_panics();
    // `--color` must reach clap before it parses, for its own help and
    // errors; everything else is read by clap.
    let color = match color_arg(std::env::args_os().skip(1)) {
        Some(cli::ColorWhen::Always) => clap::ColorChoice::Always,
        Some(cli::ColorWhen::Never) => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    let matches = cli::Cli::command().color(color).get_matches();
    match cli::Cli::from_arg_matches(&matches) {
        Ok(args) => cli::run(args),
        Err(e) => e.exit(),
    }
}

/// A panic of the PDF reader (on its own thread, named "pdf") is caught
/// and reported as a bad file with its name; the default hook would also
/// print the reader's internal message, which says nothing to a user.
fn quiet_reader_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("pdf") {
            default(info);
        }
    }));
}

/// The value of the last `--color WHEN` or `--color=WHEN`, before any `--`.
fn color_arg(args: impl Iterator<Item = std::ffi::OsString>) -> Option<cli::ColorWhen> {
    use clap::ValueEnum;
    let mut found = None;
    let mut args = args.map(|a| a.to_string_lossy().into_owned());
    while let Some(a) = args.next() {
        let value = if a == "--" {
            break;
        } else if a == "--color" {
            args.next()
        } else {
            a.strip_prefix("--color=").map(str::to_string)
        };
        if let Some(v) = value {
            found = cli::ColorWhen::from_str(&v, true).ok().or(found);
        }
    }
    found
}
