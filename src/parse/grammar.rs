//! The pest parsers generated from `grammar/`. Only `crate::parse` touches
//! their `Pairs`; everything else sees the typed AST.

pub mod structure {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/resolution.pest"]
    pub struct StructureParser;
}

pub mod header {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/header.pest"]
    pub struct HeaderParser;
}

pub mod clause {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/clause.pest"]
    pub struct ClauseParser;
}
