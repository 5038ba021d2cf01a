//! resolute: finds the obligations in United Nations resolutions and turns
//! them into per-actor compliance checklists.
//!
//! One document goes through these stages, each a module:
//!
//! - [`source`]: bytes of a file -> text, or a clear error;
//! - [`normalize`]: conversion damage -> clean text + offset map;
//! - [`parse`]: clean text -> typed AST with spans (pest grammars in `grammar/`);
//! - [`rules`]: the YAML rules of `rules/`, validated and compiled;
//! - [`classify`]: AST + rules -> [`model::Document`] with its obligations;
//! - [`model`]: the serialisable types of the JSON contract;
//! - [`checklist`]: obligations -> one actor's checklist;
//! - [`diff`]: two or more versions -> what changed, paragraph by paragraph
//!   and obligation by obligation;
//! - [`akn`]: one document as Akoma Ntoso 3.0 XML (AKN4UN);
//! - [`render`]: checklists as Markdown and HTML (tera templates in
//!   `templates/`), JSON and CSV;
//! - [`json`]: the JSON of a document as `serde_json` writes it, its strings
//!   searched for bytes to escape sixteen at a time.

// The parsers pest generates from `grammar/` name `::alloc` (pest is used
// without its `std` feature: see Cargo.toml).
extern crate alloc;

pub mod akn;
pub mod batch;
pub mod calendar;
pub mod checklist;
pub mod classify;
pub mod coverage;
pub mod diff;
pub mod docx;
pub mod eval;
pub mod io;
pub mod json;
pub mod mandate;
pub mod model;
pub mod normalize;
pub mod offsets;
pub mod parse;
pub mod pdf;
pub mod registry;
pub mod render;
pub mod rules;
mod scan;
pub mod source;

pub use classify::{ExtractError, Options, extract};
pub use model::Document;
pub use rules::RuleSet;
pub use source::Source;
