//! Header lines -> document fields (distribution, date, session, committee,
//! agenda item, sponsors, kind, symbol, title, adoption), read with
//! `grammar/header.pest`.

use pest::Parser;
use pest::iterators::Pair;

use super::grammar::header::{HeaderParser, Rule};
use crate::offsets::Span;

/// What the header lines say. Spans are in the clean text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderFields {
    /// "Limited", "General"
    pub distribution: Option<String>,
    /// The distribution date ("13 October 2017").
    pub distribution_date: Option<String>,
    pub language: Option<String>,
    /// "Seventy-second", "2019", "Tenth emergency special"
    pub session: Option<String>,
    pub session_kind: Option<String>,
    /// "Third Committee"
    pub committee: Option<String>,
    pub agenda_item: Option<String>,
    pub sponsors: Vec<String>,
    /// "draft resolution"
    pub kind: Option<String>,
    /// The body named in "Resolution adopted by the General Assembly on ...".
    pub adopted_by: Option<String>,
    /// The adoption date ("19 December 2017").
    pub adoption_date: Option<String>,
    /// A date alone on a header line ("S/RES/1244 (1999)" / "10 June 1999").
    pub line_date: Option<String>,
    /// "4385th" (Security Council meeting)
    pub meeting: Option<String>,
    /// "72/196", "2019/23"
    pub resolution_number: Option<String>,
    /// "1373 (2001)": a Security Council resolution's number and year.
    pub sc_resolution: Option<(String, String)>,
    pub symbol: Option<String>,
    pub title: Option<Span>,
}

/// Reads the fields of the header lines `lines` of `text`.
pub fn read(text: &str, lines: &[Span]) -> HeaderFields {
    let mut f = HeaderFields::default();
    let mut title_candidate: Option<Span> = None;
    let mut after_kind = false;
    // "Adopted by ... at its 7488th meeting, on" with the date on the next
    // line.
    let mut date_next = false;
    for &line in lines {
        let s = line.of(text);
        let Ok(mut pairs) = HeaderParser::parse(Rule::header_fields, s) else {
            continue;
        };
        let Some(fields) = pairs.next() else { continue };
        let mut any = false;
        let waiting = date_next;
        date_next = false;
        for p in fields.into_inner() {
            any |= !matches!(p.as_rule(), Rule::other_word | Rule::EOI);
            match p.as_rule() {
                Rule::date_line if waiting => f.adoption_date = Some(p.as_str().trim().to_string()),
                Rule::date_line => {
                    f.line_date
                        .get_or_insert_with(|| p.as_str().trim().to_string());
                }
                Rule::adopted_at => {
                    date_next = !p.clone().into_inner().any(|q| q.as_rule() == Rule::date);
                    read_field(p, line.start, &mut f);
                }
                _ => read_field(p, line.start, &mut f),
            }
        }
        if f.title.is_some() {
            continue;
        }
        if !any && is_title_like(s) {
            if after_kind {
                f.title = Some(line);
            } else {
                title_candidate = Some(line);
            }
        }
        after_kind = f.kind.is_some() && f.title.is_none();
    }
    if f.title.is_none() {
        f.title = title_candidate;
    }
    f
}

/// A line that can be a title: not a body's name, not "United Nations", not a
/// bracketed note, long enough.
fn is_title_like(s: &str) -> bool {
    const NOT_TITLES: &[&str] = &[
        "United Nations",
        "General Assembly",
        "Security Council",
        "Economic and Social Council",
        "Human Rights Council",
        "UNITED",
        "NATIONS",
    ];
    let s = s.trim();
    s.len() > 12
        && !s.starts_with('[')
        && !NOT_TITLES.iter().any(|n| s.eq_ignore_ascii_case(n))
        && !s.to_ascii_lowercase().starts_with("resolution adopted")
        && !s.starts_with("Adopted by ")
        && s.chars().next().is_some_and(|c| c.is_uppercase())
}

fn read_field(p: Pair<'_, Rule>, base: usize, f: &mut HeaderFields) {
    let inner = |p: &Pair<'_, Rule>, r: Rule| -> Option<String> {
        p.clone()
            .into_inner()
            .find(|q| q.as_rule() == r)
            .map(|q| q.as_str().to_string())
    };
    match p.as_rule() {
        Rule::distribution => {
            f.distribution = inner(&p, Rule::distr_kind);
            if let Some(d) = inner(&p, Rule::date) {
                f.distribution_date = Some(d);
            }
        }
        Rule::original => f.language = inner(&p, Rule::language),
        Rule::session if f.session.is_none() => {
            f.session = inner(&p, Rule::session_name);
            f.session_kind = inner(&p, Rule::session_kind);
        }
        Rule::committee => {
            f.committee.get_or_insert_with(|| p.as_str().to_string());
        }
        Rule::report_of => {
            if let Some(c) = inner(&p, Rule::committee) {
                f.committee = Some(c);
            }
        }
        Rule::agenda => f.agenda_item = inner(&p, Rule::agenda_number),
        Rule::sponsors_kind => {
            if let Some(list) = inner(&p, Rule::sponsors) {
                f.sponsors = split_sponsors(&list);
            }
            f.kind = inner(&p, Rule::doc_kind).map(|k| k.to_lowercase());
        }
        Rule::adopted_on => {
            f.adopted_by = inner(&p, Rule::adopting_name);
            f.adoption_date = inner(&p, Rule::date);
        }
        Rule::adopted_at => {
            f.adopted_by = inner(&p, Rule::adopting_name_at);
            f.meeting = inner(&p, Rule::meeting);
            f.adoption_date = inner(&p, Rule::date);
        }
        Rule::numbered_title => {
            f.resolution_number = inner(&p, Rule::resolution_number);
            if let Some(t) = p.into_inner().find(|q| q.as_rule() == Rule::title_text) {
                let s = t.as_span();
                f.title = Some(Span::new(base + s.start(), base + s.end()));
            }
        }
        Rule::sc_resolution => {
            if let (Some(n), Some(y)) = (inner(&p, Rule::sc_number), inner(&p, Rule::year)) {
                f.sc_resolution = Some((n, y));
            }
            if let Some(d) = inner(&p, Rule::date) {
                f.adoption_date.get_or_insert(d);
            }
        }
        Rule::symbol => {
            f.symbol.get_or_insert_with(|| p.as_str().to_string());
        }
        _ => {}
    }
}

/// "Austria, Belgium and Hungary" -> ["Austria", "Belgium", "Hungary"].
fn split_sponsors(list: &str) -> Vec<String> {
    list.split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|s| s.trim().trim_end_matches(',').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(lines: &[&str]) -> (String, HeaderFields) {
        let text = lines.join("\n\n");
        let mut spans = Vec::new();
        let mut pos = 0;
        for l in lines {
            spans.push(Span::new(pos, pos + l.len()));
            pos += l.len() + 2;
        }
        let f = read(&text, &spans);
        (text, f)
    }

    #[test]
    fn draft_header() {
        let (text, f) = fields(&[
            "Distr.: Limited 13 October 2017",
            "Original: English",
            "Seventy-second session Third Committee Agenda item 107 Crime prevention and criminal justice",
            "Hungary and Italy: draft resolution",
            "Strengthening the United Nations crime prevention and criminal justice programme",
        ]);
        assert_eq!(f.distribution.as_deref(), Some("Limited"));
        assert_eq!(f.distribution_date.as_deref(), Some("13 October 2017"));
        assert_eq!(f.session.as_deref(), Some("Seventy-second"));
        assert_eq!(f.committee.as_deref(), Some("Third Committee"));
        assert_eq!(f.agenda_item.as_deref(), Some("107"));
        assert_eq!(f.sponsors, vec!["Hungary", "Italy"]);
        assert_eq!(f.kind.as_deref(), Some("draft resolution"));
        assert!(f.title.unwrap().of(&text).starts_with("Strengthening"));
    }

    #[test]
    fn adopted_header() {
        let (text, f) = fields(&[
            "United Nations A/RES/72/196",
            "General Assembly Distr.: General 25 January 2018",
            "Seventy-second session Agenda item 107",
            "Resolution adopted by the General Assembly on 19 December 2017",
            "[on the report of the Third Committee (A/72/440)]",
            "72/196. Strengthening the United Nations crime prevention",
        ]);
        assert_eq!(f.symbol.as_deref(), Some("A/RES/72/196"));
        assert_eq!(f.adoption_date.as_deref(), Some("19 December 2017"));
        assert_eq!(f.committee.as_deref(), Some("Third Committee"));
        assert_eq!(f.resolution_number.as_deref(), Some("72/196"));
        assert_eq!(
            f.title.unwrap().of(&text),
            "Strengthening the United Nations crime prevention"
        );
    }

    #[test]
    fn council_header() {
        let (_, f) = fields(&[
            "Resolution 1373 (2001)",
            "Adopted by the Security Council at its 4385th meeting, on 28 September 2001",
        ]);
        assert_eq!(f.sc_resolution, Some(("1373".into(), "2001".into())));
        assert_eq!(f.adoption_date.as_deref(), Some("28 September 2001"));
        assert_eq!(f.meeting.as_deref(), Some("4385th"));
    }

    #[test]
    fn fields_written_in_lower_case_are_read() {
        // The fields read without regard to case open with "a" and "r".
        let (_, f) = fields(&[
            "Seventy-second session agenda item 107",
            "resolution adopted by the General Assembly on 19 December 2017",
            "resolution 1373 (2001)",
        ]);
        assert_eq!(f.agenda_item.as_deref(), Some("107"));
        assert_eq!(f.adoption_date.as_deref(), Some("19 December 2017"));
        assert_eq!(f.sc_resolution, Some(("1373".into(), "2001".into())));
    }

    #[test]
    fn council_header_with_the_date_on_the_next_line() {
        let (_, f) = fields(&[
            "Resolution 2231 (2015)",
            "Adopted by the Security Council at its 7488th meeting, on",
            "20 July 2015",
        ]);
        assert_eq!(f.adoption_date.as_deref(), Some("20 July 2015"));
        assert_eq!(f.meeting.as_deref(), Some("7488th"));
        assert_eq!(f.title, None);
    }
}
