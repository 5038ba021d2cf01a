//! Stage 4: presentation. Plain-text summaries of extractions here;
//! checklists through tera templates in [`checklist`].

pub mod text;
