//! Stage 6: presentation. Checklists through tera templates
//! ([`checklist`]), and a plain-text summary of an extraction ([`text`]).

pub mod checklist;
pub mod text;
