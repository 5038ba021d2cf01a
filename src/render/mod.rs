//! Stage 6: presentation. Checklists through tera templates
//! ([`checklist`]), diffs of versions ([`diff`]), and a plain-text summary
//! of an extraction ([`text`]).

pub mod checklist;
pub mod diff;
pub mod text;
