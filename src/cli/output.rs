//! Everything the commands write: standard output, atomic output files,
//! batch sinks, the progress bar, messages on standard error (colored or
//! not, notes silenced by `--quiet`), and the exit codes with the errors
//! that map to them.

use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

/// Exit codes (also in the README).
pub mod exit {
    /// Everything worked.
    pub const OK: u8 = 0;
    /// At least one input could not be processed (the others were).
    pub const INPUT: u8 = 1;
    /// The command line is wrong (clap reports its own errors with 2 too).
    pub const USAGE: u8 = 2;
    /// The rules, templates or profile are invalid or missing.
    pub const CONFIG: u8 = 3;
    /// `eval` scored under `--min-f1`.
    pub const BELOW_THRESHOLD: u8 = 4;
    /// An output file could not be written.
    pub const OUTPUT: u8 = 5;
}

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
/// The I/O error is part of the message (not a separate cause), so that
/// it is printed once.
#[error("cannot write {path}: {error}")]
pub struct OutputError {
    pub path: String,
    pub error: std::io::Error,
}

/// A command line that parses but asks for something that does not exist
/// (an unknown actor id): exit code 2, like clap's own errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

static QUIET: AtomicBool = AtomicBool::new(false);

/// Sets what `--quiet` and `--color` say, for the whole run.
pub fn configure(quiet: bool, color: anstream::ColorChoice) {
    QUIET.store(quiet, Ordering::Relaxed);
    color.write_global();
}

fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

fn message(style: anstyle::Style, label: &str, text: impl Display) {
    // anstream drops the colors when standard error is no terminal or
    // `--color never` (or NO_COLOR) says so.
    anstream::eprintln!("{style}{label}:{style:#} {text}");
}

/// `error: ...` on standard error.
pub fn error(text: impl Display) {
    let red = anstyle::AnsiColor::Red.on_default().bold();
    message(red, "error", text);
}

/// `warning: ...` on standard error (even with `--quiet`).
pub fn warning(text: impl Display) {
    let yellow = anstyle::AnsiColor::Yellow.on_default().bold();
    message(yellow, "warning", text);
}

/// `note: ...` on standard error, unless `--quiet`.
pub fn note(text: impl Display) {
    if !quiet() {
        let cyan = anstyle::AnsiColor::Cyan.on_default().bold();
        message(cyan, "note", text);
    }
}

pub fn print_stdout(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(OutputError {
            path: "standard output".into(),
            error: e,
        }
        .into()),
    }
}

/// Standard output for a batch's output. On Unix, a copy of its descriptor
/// written to as a file: `Stdout` is line-buffered and searches every
/// write for its last line end, which for a batch's megabytes is a pass of
/// its own. Elsewhere, or if the descriptor cannot be copied, `Stdout`.
fn stdout_writer() -> Box<dyn Write> {
    let stdout = std::io::stdout();
    #[cfg(unix)]
    {
        use std::os::fd::AsFd as _;
        // Nothing written before may be left behind in its buffer.
        if stdout.lock().flush().is_ok()
            && let Ok(fd) = stdout.as_fd().try_clone_to_owned()
        {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(stdout.lock())
}

/// Where a batch writes: a stream written into as it goes (standard
/// output, or a target that is a device or a pipe, `/dev/null`: nothing to
/// replace), named for errors; or a temporary file beside the target that
/// replaces it once everything is written.
pub enum Sink {
    Stream(std::io::BufWriter<Box<dyn Write>>, String),
    File(std::io::BufWriter<resolute::io::TempFile>, PathBuf),
}

impl Sink {
    pub fn new(output: Option<&Path>) -> Result<Sink> {
        Ok(match output {
            None => Sink::Stream(
                std::io::BufWriter::new(stdout_writer()),
                "standard output".into(),
            ),
            Some(p) if resolute::io::is_special(p) => {
                let f = resolute::io::open_special(p).map_err(|e| OutputError {
                    path: p.display().to_string(),
                    error: e,
                })?;
                Sink::Stream(
                    std::io::BufWriter::new(Box::new(f)),
                    p.display().to_string(),
                )
            }
            Some(p) => {
                let tmp = resolute::io::TempFile::beside(p).map_err(|e| OutputError {
                    path: p.display().to_string(),
                    error: e,
                })?;
                Sink::File(std::io::BufWriter::new(tmp), p.to_path_buf())
            }
        })
    }

    pub fn write(&mut self, s: impl AsRef<[u8]>) -> std::io::Result<()> {
        let r = match self {
            Sink::Stream(w, _) => w.write_all(s.as_ref()),
            Sink::File(w, _) => w.write_all(s.as_ref()),
        };
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }

    /// Flushes, and puts a file in place.
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stream(mut w, name) => match w.flush() {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(OutputError {
                    path: name,
                    error: e,
                }
                .into()),
                _ => Ok(()),
            },
            Sink::File(w, path) => {
                let io = |error: std::io::Error| OutputError {
                    path: path.display().to_string(),
                    error,
                };
                let tmp = w.into_inner().map_err(|e| io(e.into_error()))?;
                tmp.persist(&path).map_err(io)?;
                Ok(())
            }
        }
    }
}

/// A progress bar on a terminal, nothing elsewhere.
pub fn progress(n: usize) -> indicatif::ProgressBar {
    if n < 2 || quiet() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::with_draw_target(
        Some(n as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:30} {pos}/{len} documents, {per_sec}, {eta} left {msg}",
    ) {
        pb.set_style(style);
    }
    pb
}

pub fn write_output(path: &Path, text: impl AsRef<[u8]>) -> Result<()> {
    resolute::io::write_atomic(path, text.as_ref()).map_err(|e| {
        OutputError {
            path: path.display().to_string(),
            error: e,
        }
        .into()
    })
}

/// Lists the files a dump wrote into `dir`, or reports why it could not.
pub fn report_written(dir: &Path, written: std::io::Result<Vec<PathBuf>>) -> Result<u8> {
    let written = written.map_err(|e| OutputError {
        path: dir.display().to_string(),
        error: e,
    })?;
    for w in written {
        println!("wrote {}", w.display());
    }
    Ok(exit::OK)
}
