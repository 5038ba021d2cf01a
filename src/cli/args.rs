//! The command line's grammar: every command, argument and option (clap
//! derive), with the help texts and examples. No logic lives here; each
//! command's file in `cli/` does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use resolute::source::DEFAULT_MAX_BYTES;

const AFTER_HELP: &str = "\
Exit codes: 0 success; 1 some input could not be processed (the others were);
2 bad command line; 3 invalid rules, templates or profile; 4 eval under
--min-f1; 5 an output file could not be written.

The JSON of `extract` is described, field by field, in docs/json.md, and as a
JSON Schema in docs/obligations.schema.json (both in the source package).";

/// Finds the obligations in UN resolutions and turns them into per-actor
/// compliance checklists.
// `term_width = 0`: help is printed as written, never wrapped, so that the
// examples stay whole commands that can be pasted.
#[derive(Debug, Parser)]
#[command(name = "resolute", version, about, after_help = AFTER_HELP, term_width = 0)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options of every command.
#[derive(Debug, Args)]
pub struct Global {
    /// Print no notes and no progress bar (errors and results still).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to color messages and help: auto (on a terminal, unless
    /// NO_COLOR is set), always or never.
    #[arg(
        long,
        value_name = "WHEN",
        value_enum,
        default_value = "auto",
        global = true
    )]
    pub color: ColorWhen,
    /// For Word files with tracked changes: read the text before the
    /// changes (by default every change is read as accepted).
    #[arg(long, global = true)]
    pub original: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
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
  resolute checklist --actor unodc tests/corpus/
      (one checklist over every document of a folder)
  resolute checklist --registry registry.sqlite --actor unodc --format html -o unodc.html
      (over every document of a registry that asks something of UNODC)

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

    /// Compare versions of a resolution: what changed in what is asked of whom.
    #[command(after_help = "\
Examples:
  resolute diff tests/corpus/ga72-c3-crime-prevention-draft.txt tests/corpus/A-RES-72-196.txt
      (the draft against the adopted resolution, Markdown)
  resolute diff --format html -o changes.html old.txt new.txt
  resolute diff tests/corpus/A-RES-70-182.txt tests/corpus/A-RES-76-188.txt tests/corpus/A-RES-80-183.txt
      (three or more versions in order: the history of each paragraph)

Paragraphs are aligned by their text, not their numbers (a draft's
paragraphs are renumbered on adoption); each aligned pair is same, changed
or moved, the others new or dropped. For each, the obligations that
changed: strength up or down (encourage to urge), addressees added or
removed, deadlines, qualifiers and conditions, with a word-level redline
of the text.")]
    Diff(DiffArgs),

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

The JSON holds document, preamble, operative, obligations (one per clause
and addressee), footnotes, annexes and diagnostics; spans are byte ranges
of the file as given. Every field is described in docs/json.md, and
docs/obligations.schema.json is its JSON Schema.
Files in folders that are not resolutions (a README, notes) are skipped
with a note; a file named on the command line that fails is an error.")]
    Extract(ExtractArgs),

    /// Build and query a mandate registry: every obligation of many documents in one SQLite file.
    #[command(subcommand)]
    Registry(RegistryCommand),

    /// Print the text a document is read as (the text of a PDF or a Word file): what spans point into.
    #[command(after_help = "\
Examples:
  resolute text A_RES_80_229.pdf
  resolute text -o A_RES_80_229.txt A_RES_80_229.pdf

For a PDF, the text is read from the page layout: one paragraph per line,
footnote markers as superscript digits, footnotes at the end, page furniture
(running heads, page and job numbers, bar codes) left out. For a Word file
(.docx), its paragraphs with their automatic numbering, footnotes at the end,
tracked changes as accepted (--original: as before them). The spans of
`extract` are byte ranges of this text. For a text file, the file itself.")]
    Text(TextArgs),

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

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  resolute completions bash > ~/.local/share/bash-completion/completions/resolute
  resolute completions zsh > ~/.zfunc/_resolute
  resolute completions fish > ~/.config/fish/completions/resolute.fish")]
    Completions {
        #[arg(value_name = "SHELL", value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff), or write one page per command into a folder.
    #[command(after_help = "\
Examples:
  resolute man | man -l -
  resolute man -o man/      (resolute.1, resolute-extract.1, ...)")]
    Man {
        /// Folder to write the pages into (created if needed).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
    },
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
    /// Akoma Ntoso 3.0 XML (AKN4UN), one document per resolution: to
    /// standard output or -o FILE for one input, one FILE.xml each in the
    /// folder -o DIR for several.
    Akn,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Resolution files, folders of them (walked for *.txt, *.md, *.pdf and *.docx, or
    /// what --glob says), or - for standard input.
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
    /// Which files of a folder to read (repeatable): a glob tried on the
    /// file name and on its path under the folder; !GLOB excludes.
    /// Replaces the default *.txt, *.md, *.pdf and *.docx. Files named explicitly are
    /// always read.
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,
}

impl BatchArgs {
    /// The threads for `documents` documents: `--jobs`, else the number
    /// of cores. One document takes one, without asking the system for
    /// its cores (which reads the control groups' files, some 70 µs).
    pub fn jobs_for(&self, documents: usize) -> usize {
        if documents <= 1 {
            return 1;
        }
        self.jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Resolution files, folders of them, or - for standard input.
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
    /// The due dates as an iCalendar file, one event per item that has one.
    Ics,
}

impl ChecklistFormat {
    pub fn ext(self) -> &'static str {
        match self {
            ChecklistFormat::Md => "md",
            ChecklistFormat::Html => "html",
            ChecklistFormat::Json => "json",
            ChecklistFormat::Csv => "csv",
            ChecklistFormat::Ics => "ics",
        }
    }
}

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// The resolution file, or - for standard input; several files or
    /// folders give one checklist over all their documents.
    #[arg(required_unless_present = "registry", value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// One checklist over the documents of a registry (made by `registry
    /// build`) that ask something of the actor, instead of files.
    #[arg(long, value_name = "FILE", conflicts_with = "files")]
    pub registry: Option<PathBuf>,
    /// Addressee to make the checklist for (repeatable; default
    /// member-states; any case).
    #[arg(long, value_name = "ID", conflicts_with = "all_actors")]
    pub actor: Vec<String>,
    /// One checklist per addressee the document names, and an index, as
    /// files in the folder given with -o.
    #[arg(long, requires = "output")]
    pub all_actors: bool,
    #[arg(long, short, value_enum, default_value = "md")]
    pub format: ChecklistFormat,
    /// With --format csv: start the file with a UTF-8 byte-order mark, so
    /// that Excel shows curly quotes and footnote marks right.
    #[arg(long)]
    pub excel: bool,
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
    pub batch: BatchArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Two versions (old, then new), or three or more in order.
    #[arg(value_name = "FILE", num_args = 2.., required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long, short, value_enum, default_value = "md")]
    pub format: DiffFormatArg,
    /// Output file (default: standard output); written whole or not at all.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Folder of templates that override the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormatArg {
    /// Markdown.
    Md,
    /// One self-contained HTML page.
    Html,
    /// The comparison as data (the templates' context).
    Json,
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
pub enum RegistryCommand {
    /// Extract every document given into a registry (created or updated).
    #[command(after_help = "\
Examples:
  resolute registry build tests/corpus/ -o registry.sqlite
  resolute registry build tests/corpus/ more/ -o registry.sqlite   (again: only changed files are read)

Files are walked as by `extract`. A second build re-reads only the files
whose bytes changed and removes the documents no longer given. The build
is one transaction: if it is interrupted, the registry is as it was.")]
    Build {
        /// Resolution files or folders of them.
        #[arg(required = true, value_name = "FILE|DIR")]
        files: Vec<PathBuf>,
        /// The registry file.
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        common: Common,
    },
    /// List the obligations of a registry that match the filters.
    #[command(after_help = "\
Examples:
  resolute registry query registry.sqlite --actor unodc --since 2015
  resolute registry query registry.sqlite --actor secretary-general --kind report --format csv
  resolute registry query registry.sqlite --actor iaea        (a body's own id: its entity)
  resolute registry query registry.sqlite --recurring --no-review

The tables can also be read with any SQLite client (see the README for
the schema): sqlite3 registry.sqlite 'SELECT actor, count(*) FROM obligations GROUP BY actor'")]
    Query {
        /// The registry file.
        #[arg(value_name = "FILE")]
        registry: PathBuf,
        #[command(flatten)]
        filter: QueryFilter,
        #[arg(long, short, value_enum, default_value = "table")]
        format: RegistryFormat,
    },
    /// Write the registry as a static HTML site: a page per actor, document
    /// and series, with filters and a search box.
    #[command(after_help = "\
Examples:
  resolute registry site registry.sqlite -o site/
  resolute registry site registry.sqlite -o site/ --templates my-templates/

The site is self-contained (inline style and script, no network request)
and works from the file system: open site/index.html. It is written whole
into a temporary folder first; an existing folder is replaced only if it
is empty or an earlier site (it holds .resolute-site).")]
    Site {
        /// The registry file.
        #[arg(value_name = "FILE")]
        registry: PathBuf,
        /// The folder to write the site into.
        #[arg(long, short, value_name = "DIR")]
        output: PathBuf,
        /// Folder of templates that override the built-in ones by name
        /// (site-index.html, site-page.html, _site.css, _site_script.html).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Counts across the registry: mandates per actor per session, reports
    /// requested per session, recurring mandates without a review clause.
    #[command(after_help = "\
Examples:
  resolute registry summary registry.sqlite
  resolute registry summary registry.sqlite --format md > summary.md

Mandates are obligations of strength `mandate` or `binding` addressed to
anyone but the adopting body itself; a session is the document's body and
session (\"General Assembly 72\").")]
    Summary {
        /// The registry file.
        #[arg(value_name = "FILE")]
        registry: PathBuf,
        #[arg(long, short, value_enum, default_value = "table")]
        format: RegistryFormat,
    },
}

/// What `registry query` selects.
#[derive(Debug, Args)]
pub struct QueryFilter {
    /// Actor id (`member-states`, `unodc`, `secretary-general`, ...).
    #[arg(long, value_name = "ID")]
    actor: Option<String>,
    /// Adopting body ("General Assembly", "Security Council", ...).
    #[arg(long, value_name = "NAME")]
    body: Option<String>,
    /// Documents dated in this year or later.
    #[arg(long, value_name = "YEAR")]
    since: Option<i64>,
    /// Documents dated in this year or earlier.
    #[arg(long, value_name = "YEAR")]
    until: Option<i64>,
    /// Strength (`binding`, `mandate`, `urge`, `encourage`, ...).
    #[arg(long, value_name = "STRENGTH")]
    strength: Option<String>,
    /// Words the action contains (any case).
    #[arg(long, value_name = "WORDS")]
    text: Option<String>,
    /// Kind of mandate (`report`, `meeting`, `body`, `information`,
    /// `programme`, `other`: rules/mandates.yaml).
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Only obligations that recur (annual, biennial, periodic, at each session).
    #[arg(long)]
    recurring: bool,
    /// Only obligations of documents that set no review, sunset or end date.
    #[arg(long)]
    no_review: bool,
    /// `new` or `renewed`: against the document before in its series (the
    /// same title at an earlier date).
    #[arg(long, value_name = "new|renewed")]
    lineage: Option<String>,
}

impl From<QueryFilter> for resolute::registry::Filter {
    fn from(f: QueryFilter) -> Self {
        Self {
            actor: f.actor,
            body: f.body,
            since: f.since,
            until: f.until,
            strength: f.strength,
            text: f.text,
            kind: f.kind,
            recurring: f.recurring,
            no_review: f.no_review,
            lineage: f.lineage,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegistryFormat {
    /// Aligned columns for reading.
    Table,
    /// One row per obligation, with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// A Markdown table.
    Md,
}

#[derive(Debug, Args)]
pub struct TextArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
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
        /// Write into a folder that already has files (replacing those of
        /// the same name).
        #[arg(long)]
        force: bool,
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
    /// Exit with code 4 when any field (action start, actor text, qualifier
    /// kinds, condition, deadline, steps) is right on a smaller share of
    /// the matched rows than this.
    #[arg(long, value_name = "SHARE")]
    pub min_field: Option<f64>,
    /// Exit with code 4 when a smaller share of the matched rows than this
    /// is right in every field.
    #[arg(long, value_name = "SHARE")]
    pub min_rows: Option<f64>,
    /// A YAML list of annotations the project disputes (document, para,
    /// actor, field, gold, extracted, reason): those wrong fields are set
    /// aside, the figures are printed both ways, `--min-field` and
    /// `--min-rows` hold the figures with them set aside, and a dispute
    /// that no longer matches a wrong field fails the run (code 4).
    #[arg(long, value_name = "FILE")]
    pub disputes: Option<PathBuf>,
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
        /// Write into a folder that already has files (replacing those of
        /// the same name).
        #[arg(long)]
        force: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::BatchArgs;

    #[test]
    fn one_document_takes_one_thread_more_take_the_jobs_asked() {
        let asked = |jobs| BatchArgs {
            jobs,
            glob: Vec::new(),
        };
        assert_eq!(asked(Some(3)).jobs_for(0), 1);
        assert_eq!(asked(Some(3)).jobs_for(1), 1);
        assert_eq!(asked(Some(3)).jobs_for(2), 3);
        assert_eq!(asked(Some(0)).jobs_for(5), 1, "at least one");
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(asked(None).jobs_for(5), cores);
        assert_eq!(asked(None).jobs_for(1), 1);
    }
}
