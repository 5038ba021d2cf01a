//! The command line: argument definitions (clap) and the commands. Domain
//! work is done by the library; this module reads files, prints, and turns
//! errors into messages and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use resolute::model::Document;
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
    /// Extract the obligations of resolutions as JSON, YAML or text.
    #[command(after_help = "\
Examples:
  resolute extract examples/ga72-c3-crime-prevention-draft.txt
  resolute extract --format text --explain examples/ga72-c3-crime-prevention-draft.txt
  resolute extract a.txt b.txt > both.json      (a JSON array, one object per file)

The JSON follows spec/OBLIGATIONS.md §7: document, preamble, operative,
obligations (one per clause and addressee), footnotes; spans are byte ranges
of the file as given.")]
    Extract(ExtractArgs),

    /// Score extraction against reference annotations (gold files).
    #[command(after_help = "\
Examples:
  resolute eval --gold ../shared/gold
  resolute eval --gold ../shared/gold/A-RES-72-196.yaml --docs ../shared/corpus --min-f1 0.97

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
    /// The same as YAML.
    Yaml,
    /// A readable summary per operative paragraph.
    Text,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Resolution text files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value = "json")]
    pub format: ExtractFormat,
    /// Show which rules produced each obligation.
    #[arg(long)]
    pub explain: bool,
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
        Command::Extract(a) => cmd_extract(a),
        Command::Eval(a) => cmd_eval(a),
        Command::Rules(c) => cmd_rules(c),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            let code = if e.downcast_ref::<rules::RulesError>().is_some() {
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
#[error("cannot write {path}: {source}")]
pub struct OutputError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
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
            source: e,
        }
        .into()),
    }
}

fn cmd_extract(a: ExtractArgs) -> Result<u8> {
    let rules = load_rules(a.common.rules.as_deref())?;
    let opts = Options { explain: a.explain };
    let mut docs = Vec::new();
    let mut failed = 0;
    for f in &a.files {
        match extract_file(f, &rules, &opts, a.common.max_bytes) {
            Ok(d) => docs.push(d),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    let out = match a.format {
        ExtractFormat::Json => {
            let mut s = if docs.len() == 1 && a.files.len() == 1 {
                serde_json::to_string_pretty(&docs[0])?
            } else {
                serde_json::to_string_pretty(&docs)?
            };
            s.push('\n');
            s
        }
        ExtractFormat::Yaml => {
            if docs.len() == 1 && a.files.len() == 1 {
                serde_saphyr::to_string(&docs[0])?
            } else {
                serde_saphyr::to_string(&docs)?
            }
        }
        ExtractFormat::Text => docs
            .iter()
            .map(|d| resolute::render::text::summary(d, a.explain))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    if !docs.is_empty() {
        print_stdout(&out)?;
    }
    if failed > 0 {
        eprintln!("{failed} of {} files could not be processed", a.files.len());
        return Ok(exit::INPUT);
    }
    Ok(exit::OK)
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
        RulesCommand::Dump { dir } => {
            let written = rules::dump(&dir).map_err(|e| OutputError {
                path: dir.display().to_string(),
                source: e,
            })?;
            for w in written {
                println!("wrote {}", w.display());
            }
            Ok(exit::OK)
        }
    }
}
