//! The command line: argument definitions (clap) and the commands. Domain
//! work is done by the library; this module reads files, prints, and turns
//! errors into messages and exit codes.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use resolute::checklist::{self, Checklist, Profile, ProfileError};
use resolute::model::Document;
use resolute::render::checklist::{TemplateError, Templates};
use resolute::rules::{self, RuleSet};
use resolute::source::{DEFAULT_MAX_BYTES, Source};
use resolute::{Options, eval, extract};

/// Exit codes (also in the README).
pub mod exit {
    /// Everything worked.
    pub const OK: u8 = 0;
    /// At least one input could not be processed (the others were).
    pub const INPUT: u8 = 1;
    // 2: the command line was wrong (reported by clap itself).
    /// The rules or templates are invalid.
    pub const CONFIG: u8 = 3;
    /// `eval` scored under `--min-f1`.
    pub const BELOW_THRESHOLD: u8 = 4;
    /// An output file could not be written.
    pub const OUTPUT: u8 = 5;
}

const AFTER_HELP: &str = "\
Exit codes: 0 success; 1 some input could not be processed (the others were);
2 bad command line; 3 invalid rules or templates; 4 eval under --min-f1;
5 an output file could not be written.";

/// Finds the obligations in UN resolutions and turns them into per-actor
/// compliance checklists.
#[derive(Debug, Parser)]
#[command(name = "resolute", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make the checklist an addressee works through: Markdown, HTML, JSON or CSV.
    #[command(after_help = "\
Examples:
  resolute checklist examples/ga72-c3-crime-prevention-draft.txt
      (Markdown for Member States, to standard output)
  resolute checklist --actor unodc --format html -o unodc.html examples/ga72-c3-crime-prevention-draft.txt
  resolute checklist --profile examples/profile-italy.yaml --format html -o italy.html examples/ga72-c3-crime-prevention-draft.txt
  resolute checklist --all-actors --format html -o checklists/ examples/ga72-c3-crime-prevention-draft.txt
      (one file per addressee and an index page)

Actor ids: member-states, states-parties, secretary-general, secretariat,
general-assembly, president-of-the-general-assembly, unodc, ohchr,
security-council, ecosoc, human-rights-council, un-system,
international-organizations, civil-society, private-sector, parties,
country:<name>, other. `resolute actors FILE` lists those a document
addresses. The Member States checklist includes the obligations of States
parties (marked with the treaty they depend on) and, with --profile, those
addressed to the profile's country by name.")]
    Checklist(ChecklistArgs),

    /// List the addressees of a resolution with their obligation counts.
    #[command(
        after_help = "Example:\n  resolute actors examples/ga72-c3-crime-prevention-draft.txt"
    )]
    Actors(ActorsArgs),

    /// Write the built-in templates out to edit them.
    #[command(subcommand)]
    Templates(TemplatesCommand),

    /// Extract the obligations of resolutions as JSON, YAML or text.
    #[command(after_help = "\
Examples:
  resolute extract examples/ga72-c3-crime-prevention-draft.txt
  resolute extract --format text --explain examples/ga72-c3-crime-prevention-draft.txt
  resolute extract a.txt b.txt > both.json      (a JSON array, one object per file)
  resolute extract --format jsonl -o corpus.jsonl tests/corpus/
      (a folder, in parallel; one line per document, in input order)

The JSON follows spec/OBLIGATIONS.md §7: document, preamble, operative,
obligations (one per clause and addressee), footnotes; spans are byte ranges
of the file as given.")]
    Extract(ExtractArgs),

    /// Check the structure of documents: numbering, footnotes, text lost.
    #[command(after_help = "\
Examples:
  resolute check examples/ga72-c3-crime-prevention-draft.txt
  resolute check tests/corpus/

For each document: operative paragraphs numbered 1..N without gaps or
duplicates (per part; annexes apart), footnote markers that match
definitions, and no text lost (every byte outside page furniture lands in
a paragraph, footnote, header line or annex). Exit code 1 when a document
cannot be read, or its numbering is broken, or text is lost; footnote
mismatches are reported as notes (they are usually damage in the source).")]
    Check(CheckArgs),

    /// Score extraction against reference annotations (gold files).
    #[command(after_help = "\
Examples:
  resolute eval --gold tests/gold
  resolute eval --gold tests/gold/A-RES-72-196.yaml --docs tests/corpus --min-f1 0.97

Matches are (paragraph, actor, strength) per paragraph as multisets; all
country:* actors count as one class, all `other` actors as another.
Without --docs, documents are looked for next to the gold files and in
their sibling folder `corpus`.")]
    Eval(EvalArgs),

    /// Check rule files, or write the default rules out to edit them.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// One JSON object per file (an array when there are several).
    Json,
    /// One JSON object per line, one line per document (for batches).
    Jsonl,
    /// The same as YAML.
    Yaml,
    /// A readable summary per operative paragraph.
    Text,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Resolution text files, or folders of them (walked for *.txt and *.md).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value = "json")]
    pub format: ExtractFormat,
    /// Show which rules produced each obligation.
    #[arg(long)]
    pub explain: bool,
    /// Write to this file (replaced only once all is written) instead of
    /// standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Documents processed at once (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

impl BatchArgs {
    fn jobs(&self) -> usize {
        self.jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Resolution text files, or folders of them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// List every document, not only those with findings.
    #[arg(long, short)]
    pub verbose: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct Common {
    /// Folder of rule files that override the built-in rules by id.
    #[arg(long, value_name = "DIR", global = true)]
    pub rules: Option<PathBuf>,
    /// Largest input file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES, global = true)]
    pub max_bytes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormat {
    /// Markdown with task lists.
    Md,
    /// One self-contained HTML page (checkboxes kept in the browser).
    Html,
    /// The checklist data (the templates' context).
    Json,
    /// One row per item.
    Csv,
}

impl ChecklistFormat {
    fn ext(self) -> &'static str {
        match self {
            ChecklistFormat::Md => "md",
            ChecklistFormat::Html => "html",
            ChecklistFormat::Json => "json",
            ChecklistFormat::Csv => "csv",
        }
    }
}

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// The resolution text file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Addressee to make the checklist for (repeatable; default member-states).
    #[arg(long, value_name = "ID", conflicts_with = "all_actors")]
    pub actor: Vec<String>,
    /// One checklist per addressee the document names, and an index (needs -o DIR).
    #[arg(long)]
    pub all_actors: bool,
    #[arg(long, short, value_enum, default_value = "md")]
    pub format: ChecklistFormat,
    /// Output file, or folder with several actors (default: standard output).
    #[arg(long, short, value_name = "FILE|DIR")]
    pub output: Option<PathBuf>,
    /// Folder of templates that override the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Country profile (YAML): the country, the treaties it is party to,
    /// statuses carried over by item id.
    #[arg(long, value_name = "PROFILE.yaml")]
    pub profile: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ActorsArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: EvalFormat,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into DIR, to start your own.
    #[command(
        after_help = "Example:\n  resolute templates dump my-templates/ && resolute checklist --templates my-templates/ doc.txt"
    )]
    Dump {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// A gold file, or a folder of them (*.yaml).
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub gold: PathBuf,
    /// Folder holding the documents the gold files name.
    #[arg(long, value_name = "DIR")]
    pub docs: Option<PathBuf>,
    /// Exit with code 4 when the overall F1 is under this.
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: EvalFormat,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate a folder of rule files (default: the built-in rules) and run
    /// the examples every rule carries.
    #[command(after_help = "Example:\n  resolute rules check my-rules/")]
    Check {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Write the built-in rule files into DIR, to start your own.
    #[command(
        after_help = "Example:\n  resolute rules dump my-rules/ && resolute extract --rules my-rules/ doc.txt"
    )]
    Dump {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Checklist(a) => cmd_checklist(a),
        Command::Actors(a) => cmd_actors(a),
        Command::Templates(TemplatesCommand::Dump { dir }) => cmd_templates_dump(&dir),
        Command::Extract(a) => cmd_extract(a),
        Command::Check(a) => cmd_check(a),
        Command::Eval(a) => cmd_eval(a),
        Command::Rules(c) => cmd_rules(c),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            let code = if e.downcast_ref::<rules::RulesError>().is_some()
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

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
/// The I/O error is part of the message (not a separate cause), so that
/// it is printed once.
#[error("cannot write {path}: {error}")]
pub struct OutputError {
    pub path: String,
    pub error: std::io::Error,
}

fn load_rules(dir: Option<&Path>) -> Result<RuleSet> {
    match dir {
        None => Ok(RuleSet::defaults().clone()),
        Some(d) => Ok(rules::load(Some(d))?),
    }
}

/// Reads and extracts one file.
pub fn extract_file(path: &Path, rules: &RuleSet, opts: &Options, max: usize) -> Result<Document> {
    let src = Source::read(path, max)?;
    Ok(extract(&src, rules, opts)?)
}

fn print_stdout(s: &str) -> Result<()> {
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

/// Where a batch writes: standard output, or a temporary file beside the
/// target that replaces it once everything is written.
enum Sink {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File(std::io::BufWriter<tempfile::NamedTempFile>, PathBuf),
}

impl Sink {
    fn new(output: Option<&Path>) -> Result<Sink> {
        Ok(match output {
            None => Sink::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
            Some(p) => {
                let dir = p
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let tmp = tempfile::Builder::new()
                    .prefix(".resolute-")
                    .suffix(".tmp")
                    .tempfile_in(dir)
                    .map_err(|e| OutputError {
                        path: p.display().to_string(),
                        error: e,
                    })?;
                Sink::File(std::io::BufWriter::new(tmp), p.to_path_buf())
            }
        })
    }

    fn write(&mut self, s: &str) -> std::io::Result<()> {
        let r = match self {
            Sink::Stdout(w) => w.write_all(s.as_bytes()),
            Sink::File(w, _) => w.write_all(s.as_bytes()),
        };
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }

    /// Flushes, and puts a file in place.
    fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => match w.flush() {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(OutputError {
                    path: "standard output".into(),
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
                tmp.as_file().sync_all().map_err(io)?;
                let perms = std::fs::Permissions::from_mode(0o644);
                std::fs::set_permissions(tmp.path(), perms).map_err(io)?;
                tmp.persist(&path).map_err(|e| io(e.error))?;
                Ok(())
            }
        }
    }
}

/// A progress bar on a terminal, nothing elsewhere.
fn progress(n: usize) -> indicatif::ProgressBar {
    if n < 2 {
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

fn cmd_extract(a: ExtractArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let opts = Options { explain: a.explain };
    let inputs = resolute::batch::inputs(&a.files).context("cannot list the inputs")?;
    if inputs.is_empty() {
        bail!(
            "no .txt or .md documents in {}",
            a.files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let single = inputs.len() == 1 && !a.files[0].is_dir();
    let mut sink = Sink::new(a.output.as_deref())?;
    let pb = progress(inputs.len());
    let mut failed: Vec<String> = Vec::new();
    let mut written = 0usize;
    let format = a.format;
    if format == ExtractFormat::Json && !single {
        sink.write("[\n")?;
    }
    let max = a.common.max_bytes;
    let explain = a.explain;
    resolute::batch::run(
        &inputs,
        a.batch.jobs(),
        64,
        |path| -> std::result::Result<String, String> {
            let doc = extract_file(path, &rules, &opts, max).map_err(|e| format!("{e:#}"))?;
            let text = match format {
                ExtractFormat::Json => {
                    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
                }
                ExtractFormat::Jsonl => serde_json::to_string(&doc).map_err(|e| e.to_string())?,
                ExtractFormat::Yaml => serde_saphyr::to_string(&doc).map_err(|e| e.to_string())?,
                ExtractFormat::Text => resolute::render::text::summary(&doc, explain),
            };
            Ok(text)
        },
        |i, r| {
            pb.inc(1);
            match r {
                Ok(text) => {
                    let sep = match format {
                        ExtractFormat::Json if !single && written > 0 => ",\n",
                        ExtractFormat::Yaml if written > 0 => "---\n",
                        ExtractFormat::Text if written > 0 => "\n",
                        _ => "",
                    };
                    sink.write(sep)?;
                    sink.write(&text)?;
                    if !text.ends_with('\n') {
                        sink.write("\n")?;
                    }
                    written += 1;
                }
                Err(e) => {
                    pb.suspend(|| eprintln!("error: {e}"));
                    failed.push(inputs[i].display().to_string());
                }
            }
            Ok(())
        },
    )
    .map_err(|e| OutputError {
        path: a
            .output
            .as_ref()
            .map_or_else(|| "standard output".into(), |p| p.display().to_string()),
        error: e,
    })?;
    if format == ExtractFormat::Json && !single {
        sink.write("]\n")?;
    }
    pb.finish_and_clear();
    sink.finish()?;
    if !failed.is_empty() {
        eprintln!(
            "{} of {} documents could not be processed:",
            failed.len(),
            inputs.len()
        );
        for f in &failed {
            eprintln!("  {f}");
        }
        return Ok(exit::INPUT);
    }
    Ok(exit::OK)
}

fn cmd_check(a: CheckArgs) -> Result<u8> {
    use resolute::model::Severity;
    let rules = load_rules(a.common.rules.as_deref())?;
    let inputs = resolute::batch::inputs(&a.files).context("cannot list the inputs")?;
    if inputs.is_empty() {
        bail!("no .txt or .md documents to check");
    }
    let pb = progress(inputs.len());
    let max = a.common.max_bytes;
    let mut broken = 0usize;
    let mut with_notes = 0usize;
    let mut out = std::io::stdout().lock();
    resolute::batch::run(
        &inputs,
        a.batch.jobs(),
        64,
        |path| extract_file(path, &rules, &Options::default(), max).map_err(|e| format!("{e:#}")),
        |i, r| {
            pb.inc(1);
            let name = inputs[i].display().to_string();
            let report = match r {
                Err(e) => {
                    broken += 1;
                    format!("FAIL {name}\n  {e}\n")
                }
                Ok(doc) => {
                    let serious: Vec<_> = doc
                        .diagnostics
                        .iter()
                        .filter(|d| {
                            d.severity == Severity::Warning
                                && (d.code.starts_with("numbering") || d.code == "text-lost")
                        })
                        .collect();
                    let notes: Vec<_> = doc
                        .diagnostics
                        .iter()
                        .filter(|d| !serious.contains(d))
                        .collect();
                    let head = format!("{name}: {}", resolute::render::text::counts(&doc));
                    let mut s = String::new();
                    if !serious.is_empty() {
                        broken += 1;
                        s.push_str(&format!("FAIL {head}\n"));
                    } else if !notes.is_empty() || a.verbose {
                        s.push_str(&format!("ok   {head}\n"));
                    }
                    if !notes.is_empty() {
                        with_notes += 1;
                    }
                    for d in serious.iter().chain(notes.iter()) {
                        let line = d.line.map(|l| format!(" (line {l})")).unwrap_or_default();
                        s.push_str(&format!(
                            "  {:?} {}: {}{line}\n",
                            d.severity, d.code, d.message
                        ));
                    }
                    s
                }
            };
            if !report.is_empty() {
                pb.suspend(|| out.write_all(report.as_bytes()))?;
            }
            Ok(())
        },
    )?;
    pb.finish_and_clear();
    let _ = writeln!(
        out,
        "{} documents checked: {} with problems, {} with notes",
        inputs.len(),
        broken,
        with_notes
    );
    Ok(if broken > 0 { exit::INPUT } else { exit::OK })
}

fn gold_files(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        v.sort();
        if v.is_empty() {
            bail!("{}: no gold files (*.yaml) in this folder", path.display());
        }
        Ok(v)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

fn find_doc(name: &str, gold: &Path, docs: Option<&Path>) -> Option<PathBuf> {
    let gold_dir = gold.parent().unwrap_or(Path::new("."));
    let mut places = Vec::new();
    if let Some(d) = docs {
        places.push(d.to_path_buf());
    }
    places.push(gold_dir.to_path_buf());
    places.push(gold_dir.join("..").join("corpus"));
    places
        .into_iter()
        .map(|p| p.join(name))
        .find(|p| p.is_file())
}

fn cmd_eval(a: EvalArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let mut scores = Vec::new();
    let mut failed = 0;
    for g in gold_files(&a.gold)? {
        let gold = match eval::Gold::read(&g) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
                continue;
            }
        };
        let Some(doc_path) = find_doc(&gold.document, &g, a.docs.as_deref()) else {
            eprintln!(
                "error: {}: document {} not found (use --docs DIR)",
                g.display(),
                gold.document
            );
            failed += 1;
            continue;
        };
        match extract_file(&doc_path, &rules, &Options::default(), a.common.max_bytes) {
            Ok(doc) => scores.push(eval::score(&gold, &doc)),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    let summary = eval::summarize(&scores);
    let out = match a.format {
        EvalFormat::Json => {
            let mut s = serde_json::to_string_pretty(&serde_json::json!({
                "summary": summary,
                "documents": scores,
            }))?;
            s.push('\n');
            s
        }
        EvalFormat::Text => eval_text(&scores, &summary),
    };
    print_stdout(&out)?;
    if failed > 0 {
        return Ok(exit::INPUT);
    }
    if let Some(min) = a.min_f1
        && summary.f1 < min
    {
        eprintln!("F1 {:.3} is under the threshold {min}", summary.f1);
        return Ok(exit::BELOW_THRESHOLD);
    }
    Ok(exit::OK)
}

fn eval_text(scores: &[eval::DocScore], s: &eval::Summary) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    for d in scores {
        let _ = writeln!(
            o,
            "{}: P {:.3}  R {:.3}  F1 {:.3}  (gold {}, extracted {}, matched {}, optional {}; strength {}/{})",
            d.document,
            d.precision,
            d.recall,
            d.f1,
            d.gold,
            d.extracted,
            d.matched,
            d.optional,
            d.strength_agree,
            d.strength_pairs
        );
        for (what, g, e) in &d.fields {
            let _ = writeln!(o, "  {what}: gold {g}, extracted {e}");
        }
        for r in &d.missed {
            let _ = writeln!(
                o,
                "  missed  OP {:>3} {:<34} {:<11} {}",
                r.para,
                r.actor,
                r.strength.as_str(),
                r.text
            );
        }
        for r in &d.extra {
            let _ = writeln!(
                o,
                "  extra   OP {:>3} {:<34} {:<11} {}",
                r.para,
                r.actor,
                r.strength.as_str(),
                r.text
            );
        }
    }
    let _ = writeln!(
        o,
        "overall ({} documents): P {:.3}  R {:.3}  F1 {:.3}  strength accuracy {:.3}  (gold {}, extracted {}, matched {})",
        s.documents,
        s.precision,
        s.recall,
        s.f1,
        s.strength_accuracy,
        s.gold,
        s.extracted,
        s.matched
    );
    o
}

fn cmd_rules(c: RulesCommand) -> Result<u8> {
    match c {
        RulesCommand::Check { dir } => {
            let rules = load_rules(dir.as_deref())?;
            let (failures, count) = rules::examples::check(&rules);
            for f in &failures {
                eprintln!("example failed: {f}");
            }
            let where_ =
                dir.map_or_else(|| "built-in rules".to_string(), |d| d.display().to_string());
            if failures.is_empty() {
                print_stdout(&format!(
                    "{where_}: {} verb, {} actor, {} State, {} instrument, {} qualifier, {} condition, {} deadline and {} reference rules are valid; {count} examples pass\n",
                    rules.verbs.len(),
                    rules.actors.len(),
                    rules.countries.len(),
                    rules.instruments.len(),
                    rules.qualifiers.len(),
                    rules.conditions.len(),
                    rules.deadlines.len(),
                    rules.references.len()
                ))?;
                Ok(exit::OK)
            } else {
                eprintln!("{where_}: {} of {count} examples fail", failures.len());
                Ok(exit::CONFIG)
            }
        }
        RulesCommand::Dump { dir } => report_written(&dir, rules::dump(&dir)),
    }
}

/// Reads a document and extracts it; keeps its text for verbatim sources.
fn read_and_extract(path: &Path, rules: &RuleSet, max: usize) -> Result<(Source, Document)> {
    let src = Source::read(path, max)?;
    let doc = extract(&src, rules, &Options::default())?;
    Ok((src, doc))
}

/// A file name part for an actor id ("country:iraq" -> "country-iraq").
fn actor_slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn render_checklist(
    c: &Checklist,
    format: ChecklistFormat,
    templates: &Templates,
) -> Result<String> {
    Ok(match format {
        ChecklistFormat::Md => templates.render("checklist.md", c)?,
        ChecklistFormat::Html => templates.render("checklist.html", c)?,
        ChecklistFormat::Json => {
            let mut s = serde_json::to_string_pretty(c)?;
            s.push('\n');
            s
        }
        ChecklistFormat::Csv => resolute::render::checklist::csv(c),
    })
}

fn write_output(path: &Path, text: &str) -> Result<()> {
    resolute::io::write_atomic(path, text.as_bytes()).map_err(|e| {
        OutputError {
            path: path.display().to_string(),
            error: e,
        }
        .into()
    })
}

fn cmd_checklist(a: ChecklistArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let templates = Templates::load(a.templates.as_deref())?;
    let profile = match &a.profile {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the profile {}", p.display()))?;
            Some(Profile::parse(&text, &p.display().to_string(), &rules)?)
        }
        None => None,
    };
    let (src, doc) = read_and_extract(&a.file, &rules, a.common.max_bytes)?;
    let actors: Vec<String> = if a.all_actors {
        let mut v: Vec<String> = checklist::actors(&doc)
            .into_iter()
            .map(|(id, _)| id.0)
            .collect();
        // The Member States checklist comes first and always, since it also
        // carries the States parties' items.
        v.retain(|x| x != "member-states");
        v.insert(0, "member-states".into());
        v
    } else if a.actor.is_empty() {
        vec!["member-states".into()]
    } else {
        a.actor.clone()
    };
    for id in &actors {
        let known = id == "other"
            || rules.actor_index(id).is_some()
            || (id.starts_with("country:")
                && rules
                    .countries
                    .iter()
                    .any(|c| format!("country:{}", c.id) == *id));
        if !known {
            bail!(
                "unknown actor id {id:?}; `resolute actors {}` lists the document's addressees",
                a.file.display()
            );
        }
    }
    let lists: Vec<Checklist> = actors
        .iter()
        .map(|id| checklist::build(&doc, &src.text, id, &rules, profile.as_ref()))
        .collect();
    // Render everything before writing anything: an error leaves no file.
    let rendered: Vec<String> = lists
        .iter()
        .map(|c| render_checklist(c, a.format, &templates))
        .collect::<Result<_>>()?;
    let several = a.all_actors || lists.len() > 1;
    match (&a.output, several) {
        (None, false) => print_stdout(&rendered[0])?,
        (None, true) => {
            if a.format == ChecklistFormat::Json {
                let mut s = serde_json::to_string_pretty(&lists)?;
                s.push('\n');
                print_stdout(&s)?;
            } else {
                print_stdout(&rendered.join("\n"))?;
            }
        }
        (Some(out), false) if !out.is_dir() => write_output(out, &rendered[0])?,
        (Some(dir), _) => {
            std::fs::create_dir_all(dir).map_err(|e| OutputError {
                path: dir.display().to_string(),
                error: e,
            })?;
            let stem = a.file.file_stem().map_or_else(
                || "document".to_string(),
                |s| s.to_string_lossy().to_string(),
            );
            let ext = a.format.ext();
            let mut entries = Vec::new();
            let mut files = Vec::new();
            for (c, text) in lists.iter().zip(&rendered) {
                let name = format!("{stem}.{}.{ext}", actor_slug(&c.actor.id));
                entries.push(serde_json::json!({"id": c.actor.id, "name": c.actor.name, "count": c.summary.total, "file": name}));
                files.push((dir.join(&name), text.clone()));
            }
            let index = serde_json::json!({"document": doc.document, "entries": entries});
            let index_text = match a.format {
                ChecklistFormat::Md => Some(templates.render("index.md", &index)?),
                ChecklistFormat::Html => Some(templates.render("index.html", &index)?),
                ChecklistFormat::Json => {
                    Some(format!("{}\n", serde_json::to_string_pretty(&index)?))
                }
                ChecklistFormat::Csv => None,
            };
            if let Some(t) = index_text {
                files.push((dir.join(format!("index.{ext}")), t));
            }
            for (path, text) in &files {
                write_output(path, text)?;
            }
            eprintln!("wrote {} files to {}", files.len(), dir.display());
        }
    }
    Ok(exit::OK)
}

fn cmd_actors(a: ActorsArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let (_, doc) = read_and_extract(&a.file, &rules, a.common.max_bytes)?;
    let list = checklist::actors(&doc);
    let out = match a.format {
        EvalFormat::Json => {
            let rows: Vec<serde_json::Value> = list
                .iter()
                .map(|(id, n)| serde_json::json!({"id": id, "name": checklist::actor_name(id.as_str(), &rules), "obligations": n}))
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&rows)?)
        }
        EvalFormat::Text => {
            let mut s = String::new();
            for (id, n) in &list {
                let mut line = format!(
                    "{n:>4}  {:<36} {}",
                    id.as_str(),
                    checklist::actor_name(id.as_str(), &rules)
                );
                if id.is_other() {
                    let texts: std::collections::BTreeSet<&str> = doc
                        .obligations
                        .iter()
                        .filter(|o| o.actor == *id)
                        .map(|o| o.actor_text.as_str())
                        .collect();
                    line.push_str(&format!(
                        ": {}",
                        texts.into_iter().collect::<Vec<_>>().join("; ")
                    ));
                }
                s.push_str(line.trim_end());
                s.push('\n');
            }
            if list.is_empty() {
                s.push_str("no obligations: this document asks nothing of anyone\n");
            }
            s
        }
    };
    print_stdout(&out)?;
    Ok(exit::OK)
}

fn cmd_templates_dump(dir: &Path) -> Result<u8> {
    report_written(dir, resolute::render::checklist::dump(dir))
}

/// Lists the files a dump wrote into `dir`, or reports why it could not.
fn report_written(dir: &Path, written: std::io::Result<Vec<PathBuf>>) -> Result<u8> {
    let written = written.map_err(|e| OutputError {
        path: dir.display().to_string(),
        error: e,
    })?;
    for w in written {
        println!("wrote {}", w.display());
    }
    Ok(exit::OK)
}
