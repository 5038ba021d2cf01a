//! The `meta` block: FRBR identification, the obligations in `analysis`
//! and the `references` (TLCs) that the document's `#ids` point to.
//!
//! Input: the document, its addressees and the paragraph eIds. Output:
//! `<meta>` written into the XML. Dates come from the document (never the
//! clock), so the same input gives the same output.

use super::body::Plan;
use super::xml::Xml;
use super::{Actors, body_token, number, strength_eid};
use crate::model::{Document, Strength};

/// Stands for an unknown date in FRBR (the schema requires one).
const UNKNOWN_DATE: &str = "0001-01-01";

/// The adopting body's TLC eId.
pub fn body_eid(doc: &Document) -> String {
    format!("body-{}", body_token(doc))
}

pub fn write(x: &mut Xml, doc: &Document, actors: &Actors, plan: &Plan) {
    let d = &doc.document;
    let date = d.date.as_deref().unwrap_or(UNKNOWN_DATE);
    let date_name = if d.date.is_none() {
        "unknown"
    } else if d.kind.as_deref() == Some("draft resolution") {
        "distribution"
    } else {
        "adoption"
    };
    let work = format!(
        "/akn/un/statement/resolution/{}/{}/{}",
        body_token(doc),
        date,
        number(doc)
    );
    let author = format!("#{}", body_eid(doc));
    x.open("meta", &[]);
    x.open("identification", &[("source", "#resolute")]);
    x.open("FRBRWork", &[]);
    x.empty("FRBRthis", &[("value", &format!("{work}/!main"))]);
    x.empty("FRBRuri", &[("value", &work)]);
    if let Some(sym) = &d.symbol {
        x.empty("FRBRalias", &[("value", sym), ("name", "UNSymbol")]);
    }
    x.empty("FRBRdate", &[("date", date), ("name", date_name)]);
    x.empty("FRBRauthor", &[("href", &author), ("as", "#author")]);
    x.empty("FRBRcountry", &[("value", "un")]);
    x.empty("FRBRnumber", &[("value", &number(doc))]);
    if let Some(t) = &d.title {
        x.empty("FRBRname", &[("value", t)]);
    }
    x.close("FRBRWork");
    let expr = format!("{work}/eng@");
    x.open("FRBRExpression", &[]);
    x.empty("FRBRthis", &[("value", &format!("{expr}/!main"))]);
    x.empty("FRBRuri", &[("value", &expr)]);
    x.empty("FRBRdate", &[("date", date), ("name", date_name)]);
    x.empty("FRBRauthor", &[("href", &author), ("as", "#author")]);
    x.empty("FRBRlanguage", &[("language", "eng")]);
    x.close("FRBRExpression");
    x.open("FRBRManifestation", &[]);
    x.empty("FRBRthis", &[("value", &format!("{expr}/!main.xml"))]);
    x.empty("FRBRuri", &[("value", &format!("{expr}.akn"))]);
    x.empty("FRBRdate", &[("date", date), ("name", date_name)]);
    x.empty("FRBRauthor", &[("href", "#resolute"), ("as", "#editor")]);
    x.empty("FRBRformat", &[("value", "application/akn+xml")]);
    x.close("FRBRManifestation");
    x.close("identification");
    analysis(x, doc, actors, plan);
    references(x, doc, actors);
    x.close("meta");
}

/// The obligations, one `res:obligation` each, pointing at their
/// paragraph, addressee and strength.
fn analysis(x: &mut Xml, doc: &Document, actors: &Actors, plan: &Plan) {
    if doc.obligations.is_empty() {
        return;
    }
    x.open("analysis", &[("source", "#resolute")]);
    x.open("otherAnalysis", &[("source", "#resolute")]);
    x.open("res:obligations", &[]);
    for o in &doc.obligations {
        // Annexes are not exported: an obligation of one points at no
        // paragraph of the body, and says which annex it stands in.
        let para = plan
            .eid_of(o.paragraph, o.part.as_deref())
            .filter(|_| o.annex.is_none())
            .map(|e| format!("#{e}"))
            .unwrap_or_default();
        let actor = actors
            .get(&o.actor, &o.actor_text)
            .map(|a| format!("#{}", a.0))
            .unwrap_or_default();
        let strength = format!("#{}", strength_eid(o.strength));
        let clause = o.clause.to_string();
        let mut attrs = vec![
            ("id", o.id.0.as_str()),
            ("paragraph", para.as_str()),
            ("clause", clause.as_str()),
            ("actor", actor.as_str()),
            ("actorId", o.actor.as_str()),
            ("strength", strength.as_str()),
            ("verb", o.verb.as_str()),
        ];
        attrs.retain(|(_, v)| !v.is_empty());
        if let Some(s) = &o.subparagraph {
            attrs.push(("subparagraph", s));
        }
        if let Some(a) = &o.annex {
            attrs.push(("annex", a));
        }
        x.open("res:obligation", &attrs);
        x.leaf("res:actorText", &[], &o.actor_text);
        x.leaf("res:action", &[], &o.action);
        for q in &o.qualifiers {
            x.leaf("res:qualifier", &[("kind", q.kind.as_str())], &q.text);
        }
        if let Some(c) = &o.condition {
            x.leaf("res:condition", &[], c);
        }
        if let Some(dl) = &o.deadline {
            let session = dl.session.map(|s| s.to_string());
            let days = dl.days.map(|s| s.to_string());
            let year = dl.year.map(|s| s.to_string());
            let mut a: Vec<(&str, &str)> = Vec::new();
            for (k, v) in [("session", &session), ("days", &days), ("year", &year)] {
                if let Some(v) = v {
                    a.push((k, v));
                }
            }
            if let Some(date) = &dl.date {
                a.push(("date", date));
            }
            if let Some(r) = &dl.recurrence {
                a.push(("recurrence", r));
            }
            x.leaf("res:deadline", &a, &dl.text);
        }
        for r in &o.references {
            let kind = serde_json::to_value(r.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let mut a = vec![("kind", kind.as_str())];
            if let Some(u) = &r.url {
                a.push(("href", u));
            }
            x.leaf("res:reference", &a, &r.text);
        }
        x.close("res:obligation");
    }
    x.close("res:obligations");
    x.close("otherAnalysis");
    x.close("analysis");
}

/// The TLCs every `#id` of the document points to.
fn references(x: &mut Xml, doc: &Document, actors: &Actors) {
    x.open("references", &[("source", "#resolute")]);
    x.empty(
        "TLCOrganization",
        &[
            ("eId", "resolute"),
            ("href", "/akn/ontology/organization/resolute"),
            ("showAs", "resolute"),
        ],
    );
    let body_name = doc.document.body.as_deref().unwrap_or("United Nations");
    x.empty(
        "TLCOrganization",
        &[
            ("eId", &body_eid(doc)),
            (
                "href",
                &format!("/akn/ontology/organization/un/{}", super::body_token(doc)),
            ),
            ("showAs", body_name),
        ],
    );
    for (eid, name) in [("author", "Author"), ("editor", "Editor")] {
        x.empty(
            "TLCRole",
            &[
                ("eId", eid),
                ("href", &format!("/akn/ontology/role/{eid}")),
                ("showAs", name),
            ],
        );
    }
    for (eid, tlc, _, name) in actors.by_key.values() {
        let kind = if *tlc == "TLCRole" {
            "role"
        } else {
            "organization"
        };
        x.empty(
            tlc,
            &[
                ("eId", eid),
                ("href", &format!("/akn/ontology/{kind}/un/{eid}")),
                ("showAs", name),
            ],
        );
    }
    for s in Strength::ALL {
        x.empty(
            "TLCConcept",
            &[
                ("eId", &strength_eid(s)),
                (
                    "href",
                    &format!("/akn/ontology/concept/resolute/strength/{s}"),
                ),
                ("showAs", s.as_str()),
            ],
        );
    }
    x.close("references");
}
