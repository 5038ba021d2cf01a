//! Clause constructions of spec §6 that the reference documents do not
//! cover, each on a small resolution: who is asked, and to do what.

use resolute::{Options, RuleSet, Source, extract};

/// The extraction of a resolution of `body` whose operative paragraphs
/// are `ops`.
fn resolution(body: &str, ops: &[&str]) -> resolute::Document {
    let mut text = format!("The {body},\n\n");
    for (i, op) in ops.iter().enumerate() {
        text.push_str(&format!("{}. {op}\n\n", i + 1));
    }
    let src = Source::from_text("test.txt", text);
    extract(&src, RuleSet::defaults(), &Options::default()).unwrap()
}

/// (paragraph, actor, actor text, action) of every obligation of a
/// resolution whose operative paragraphs are `ops`.
fn obligations(body: &str, ops: &[&str]) -> Vec<(u32, String, String, String)> {
    resolution(body, ops)
        .obligations
        .into_iter()
        .map(|o| (o.paragraph, o.actor.to_string(), o.actor_text, o.action))
        .collect()
}

fn row(p: u32, actor: &str, text: &str, action: &str) -> (u32, String, String, String) {
    (p, actor.into(), text.into(), action.into())
}

#[test]
fn that_clause_after_a_leading_phrase() {
    let got = obligations(
        "Security Council",
        &[
            "Decides that, in furtherance of its commitment to facilitate the repatriation of all nationals, Iraq shall extend all necessary cooperation to the Committee;",
            "Requests that, as soon as the Agency has verified that Iran has taken the actions, the Director General of the IAEA submit a report to the Council;",
            "Decides further that if, within 10 days, no member has submitted a draft, then the President of the Security Council shall submit such a draft;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "country:iraq",
                "Iraq",
                "extend all necessary cooperation to the Committee"
            ),
            row(
                2,
                "other",
                "the Director General of the IAEA",
                "submit a report to the Council"
            ),
            row(
                3,
                "other",
                "the President of the Security Council",
                "submit such a draft"
            ),
        ]
    );
}

#[test]
fn that_left_out_after_the_verb() {
    // S/RES/2768 (2025), para. 4; A/RES/79/1, para. 78 (c). A name that
    // goes on to its infinitive is not a subject with its verb.
    let got = obligations(
        "Security Council",
        &[
            "Demands Member States stop providing arms to the Houthis and prevent the Houthis from acquiring arms to carry out further attacks;",
            "Requests the Secretary-General keep Member States updated on these discussions;",
            "Calls upon the Myanmar military to cease all air strikes;",
            "Requests the United Nations country teams, under the leadership of resident coordinators, to improve coordination;",
            "Decides that all States shall prevent the supply of arms;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "member-states",
                "Member States",
                "stop providing arms to the Houthis and prevent the Houthis from acquiring arms to carry out further attacks"
            ),
            row(
                2,
                "secretary-general",
                "the Secretary-General",
                "keep Member States updated on these discussions"
            ),
            row(
                3,
                "country:myanmar",
                "the Myanmar military",
                "cease all air strikes"
            ),
            row(
                4,
                "un-system",
                "the United Nations country teams",
                "improve coordination"
            ),
            row(
                5,
                "member-states",
                "all States",
                "prevent the supply of arms"
            ),
        ]
    );
}

#[test]
fn the_body_establishes_or_extends_itself() {
    // S/RES/446 (1979), para. 4; S/RES/2768 (2025), para. 1; A/RES/76/181,
    // para. 2; S/RES/2254 (2015), para. 4.
    let got = obligations(
        "Security Council",
        &[
            "Establishes a commission consisting of three members of the Security Council, to be appointed by the President, to examine the situation;",
            "Extends the reporting request in paragraph 10 of resolution 2722 (2024) until July 15, 2025;",
            "Expresses its appreciation to the Office, and extends its thanks to the institutes for their contribution;",
            "Expresses its support for a process that is facilitated by the United Nations and, within six months, establishes credible governance;",
            "Requests the working group to be established, to examine the situation;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "security-council",
                "Security Council",
                "establish a commission consisting of three members of the Security Council, to be appointed by the President, to examine the situation"
            ),
            row(
                2,
                "security-council",
                "Security Council",
                "extend the reporting request in paragraph 10 of resolution 2722 (2024) until July 15, 2025"
            ),
            row(5, "other", "the working group", "examine the situation"),
        ]
    );
}

#[test]
fn explain_says_that_the_that_was_left_out() {
    let src = Source::from_text(
        "bare.txt",
        "The Security Council,\n\n1. Demands Member States stop providing arms to the group;\n\n2. Decides that all States shall prevent the supply of arms;\n".to_string(),
    );
    let doc = extract(&src, RuleSet::defaults(), &Options { explain: true }).unwrap();
    let forms: Vec<String> = doc
        .obligations
        .iter()
        .map(|o| o.explain.as_ref().unwrap().form.clone())
        .collect();
    assert_eq!(forms.len(), 2);
    assert!(
        forms[0].starts_with("that-clause without \"that\": subject"),
        "{}",
        forms[0]
    );
    assert!(
        forms[1].starts_with("that-clause: subject, then the modal"),
        "{}",
        forms[1]
    );
}

#[test]
fn that_clause_with_two_subjects_or_a_second_that() {
    let got = obligations(
        "Security Council",
        &[
            "Demands that Iraq and Kuwait respect the inviolability of the international boundary;",
            "Decides that the Libyan Arab Jamahiriya shall cease the export of all arms and that all Member States shall prohibit the procurement of such items;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "country:iraq",
                "Iraq",
                "respect the inviolability of the international boundary"
            ),
            row(
                1,
                "country:kuwait",
                "Kuwait",
                "respect the inviolability of the international boundary"
            ),
            row(
                2,
                "country:libya",
                "the Libyan Arab Jamahiriya",
                "cease the export of all arms"
            ),
            row(
                2,
                "member-states",
                "all Member States",
                "prohibit the procurement of such items"
            ),
        ]
    );
}

#[test]
fn that_clause_subject_with_a_longer_name_or_a_place() {
    let got = obligations(
        "General Assembly",
        &[
            "Decides that the secretariat of the Office of the Register of Damage shall provide substantive support;",
            "Demands that all parties in Syria shall cooperate fully in this regard;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "other",
                "the secretariat of the Office of the Register of Damage",
                "provide substantive support"
            ),
            row(
                2,
                "parties",
                "all parties",
                "cooperate fully in this regard"
            ),
        ]
    );
}

#[test]
fn a_statement_is_no_obligation() {
    let got = obligations(
        "Security Council",
        &[
            "Decides that the mandate of the Mission is designed to support the transition;",
            "Decides that all States shall prevent the supply of arms;",
            "Decides that MINUSCA's mandate is designed to advance a strategic vision;",
        ],
    );
    assert_eq!(
        got,
        [row(
            2,
            "member-states",
            "all States",
            "prevent the supply of arms"
        )]
    );
}

#[test]
fn addressees_share_the_action_of_the_next_clause() {
    let got = obligations(
        "Commission on Narcotic Drugs",
        &[
            "Requests the United Nations Office on Drugs and Crime, and invites the International Narcotics Control Board, to assist Member States upon request;",
            "Calls for the cessation of hostilities, and urges all parties to respect the ceasefire;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "unodc",
                "the United Nations Office on Drugs and Crime",
                "assist Member States upon request"
            ),
            row(
                1,
                "other",
                "the International Narcotics Control Board",
                "assist Member States upon request"
            ),
            row(2, "parties", "all parties", "respect the ceasefire"),
        ]
    );
}

#[test]
fn a_second_addressee_with_its_own_infinitive() {
    let got = obligations(
        "General Assembly",
        &[
            "Calls upon Member States to consider ratifying or acceding to, and for States parties to effectively implement, the Protocol against the Smuggling of Migrants;",
            "Calls upon the Conference on Disarmament to begin negotiations and upon Conference members to engage in its work;",
            "Encourages Member States to do so, and for the shortest appropriate period of time, to avoid detention;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "member-states",
                "Member States",
                "consider ratifying or acceding to the Protocol against the Smuggling of Migrants"
            ),
            row(
                1,
                "states-parties",
                "States parties",
                "effectively implement the Protocol against the Smuggling of Migrants"
            ),
            row(
                2,
                "other",
                "the Conference on Disarmament",
                "begin negotiations"
            ),
            row(2, "other", "Conference members", "engage in its work"),
            row(
                3,
                "member-states",
                "Member States",
                "do so, and for the shortest appropriate period of time, to avoid detention"
            ),
        ]
    );
}

#[test]
fn examples_and_the_organization_as_addressees() {
    let got = obligations(
        "Human Rights Council",
        &[
            "Invites other relevant United Nations entities, such as the United Nations Children's Fund, to assist Member States;",
            "Calls upon the United Nations to provide all support necessary;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "un-system",
                "other relevant United Nations entities",
                "assist Member States"
            ),
            row(
                2,
                "un-system",
                "the United Nations",
                "provide all support necessary"
            ),
        ]
    );
}

#[test]
fn preamble_items_headings_and_cut_lines() {
    let text = "The Security Council,\n\n\
        Reaffirming that the Plan was developed:\n\n\
        (a) To promote ratification;\n\n\
        (b) To help Member States,\n\n\
        * Reissued for technical reasons on 5 January 2016.\n\n\
        Participation\n\n\
        Recalling its resolutions 660 (1990) of 2 August 1990, 665\n\n\
        (1990) of 25 August 1990,\n\n\
        1. Decides to remain seized of the matter.\n";
    let src = Source::from_text("test.txt", text);
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let texts: Vec<&str> = doc.preamble.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Reaffirming that the Plan was developed: (a) To promote ratification; (b) To help Member States,",
            "Recalling its resolutions 660 (1990) of 2 August 1990, 665 (1990) of 25 August 1990,",
        ]
    );
}

#[test]
fn to_before_an_ing_form_is_no_infinitive() {
    let got = obligations(
        "General Assembly",
        &[
            "Calls upon all States that committed to reporting annually their holdings to fulfil those commitments;",
            "Invites States parties, with a view to achieving greater compliance, to submit one combined report;",
            "Urges Member States to bring their legislation into line with the Convention;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "member-states",
                "all States that committed to reporting annually their holdings",
                "fulfil those commitments"
            ),
            row(
                2,
                "states-parties",
                "States parties",
                "submit one combined report"
            ),
            row(
                3,
                "member-states",
                "Member States",
                "bring their legislation into line with the Convention"
            ),
        ]
    );
}

#[test]
fn subject_lists_and_verbs_holding_that() {
    let got = obligations(
        "Security Council",
        &[
            "Reiterates its request that all States, relevant United Nations bodies and, as appropriate, other organizations and interested parties report information;",
            "Decides that the individuals and entities listed in Annex II shall be subject to the asset freeze;",
            "Decides that Congolese armed units should be reorganized;",
        ],
    );
    let who: Vec<(String, String)> = got
        .iter()
        .map(|(_, a, t, action)| (format!("{a} ({t})"), action.clone()))
        .collect();
    assert_eq!(
        who,
        [
            (
                "member-states (all States)".into(),
                "report information".into()
            ),
            (
                "un-system (relevant United Nations bodies)".into(),
                "report information".into()
            ),
            (
                "other (other organizations)".into(),
                "report information".into()
            ),
            (
                "other (interested parties)".into(),
                "report information".into()
            ),
        ]
    );
}

#[test]
fn places_and_longer_names_stay_in_the_addressee() {
    let got = obligations(
        "Security Council",
        &[
            "Demands that all parties to armed conflict in the Central African Republic end all violations;",
            "Calls upon all parties to the conflict in the Sudan to respect and protect civilians;",
            "Requests the secretariat of the Trust Fund to organize an annual briefing;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "parties",
                "all parties to armed conflict in the Central African Republic",
                "end all violations"
            ),
            row(
                2,
                "parties",
                "all parties to the conflict in the Sudan",
                "respect and protect civilians"
            ),
            row(
                3,
                "secretariat",
                "the secretariat of the Trust Fund",
                "organize an annual briefing"
            ),
        ]
    );
}

#[test]
fn a_verb_word_used_as_a_noun_opens_no_clause() {
    // "tasks assigned to them": "tasks" is a noun here, and "to them",
    // "to the GASeP" are prepositions, not the start of an action.
    let got = obligations(
        "Security Council",
        &[
            "Urges ICAO to fulfil the measures and tasks assigned to them in Appendix A to the GASeP, the Roadmap, and encourages Member States to consider contributions;",
            "Requests the Committee established pursuant to resolutions 1267 (1999), 1989 (2011) and 2253 (2015) to hold a joint meeting;",
            "Authorizes the Member States acting under paragraphs 1 and 2 above to take all necessary measures;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "other",
                "ICAO",
                "fulfil the measures and tasks assigned to them in Appendix A to the GASeP, the Roadmap"
            ),
            row(
                1,
                "member-states",
                "Member States",
                "consider contributions"
            ),
            row(
                2,
                "other",
                "the Committee established pursuant to resolutions 1267 (1999), 1989 (2011) and 2253 (2015)",
                "hold a joint meeting"
            ),
            row(
                3,
                "member-states",
                "the Member States acting under paragraphs 1 and 2 above",
                "take all necessary measures"
            ),
        ]
    );
}

/// An obligation's actor, whole-obligation qualifier kinds, and scoped
/// kinds with the words that open their part.
type Scopes = (String, Vec<String>, Vec<(String, String)>);

/// The [`Scopes`] of every obligation of a one-paragraph resolution.
fn qualifier_scopes(op: &str) -> Vec<Scopes> {
    let text = format!("The General Assembly,\n\n1. {op}\n");
    let src = Source::from_text("test.txt", text);
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    doc.obligations
        .into_iter()
        .map(|o| {
            (
                o.actor.to_string(),
                o.qualifiers.iter().map(|q| q.kind.to_string()).collect(),
                o.scoped_qualifiers
                    .iter()
                    .map(|q| (q.kind.to_string(), q.within.clone()))
                    .collect(),
            )
        })
        .collect()
}

fn scoped(kind: &str, within: &str) -> (String, String) {
    (kind.into(), within.into())
}

#[test]
fn a_qualifier_inside_an_example_is_that_parts() {
    let got = qualifier_scopes(
        "Calls upon Member States to take effective measures, including, where appropriate, the adoption of legislation;",
    );
    assert_eq!(got[0].1, Vec::<String>::new());
    assert_eq!(got[0].2, [scoped("discretion", "including")]);
    // A short aside closed by a comma ends the part.
    let got = qualifier_scopes(
        "Calls upon Member States to counter threats to the tourism sector, including terrorist threats, through, when appropriate, the activities of the Office;",
    );
    assert_eq!(
        (got[0].1.clone(), got[0].2.len()),
        (vec!["discretion".to_string()], 0)
    );
}

#[test]
fn another_partys_mandate_is_not_the_addressees() {
    let got = qualifier_scopes(
        "Encourages Member States to continue to support the United Nations Office on Drugs and Crime in providing technical assistance, within its existing mandate, to affected States;",
    );
    assert_eq!(got[0].0, "member-states");
    assert_eq!(got[0].1, Vec::<String>::new());
    assert_eq!(got[0].2, [scoped("resources", "in providing")]);
    let got = qualifier_scopes(
        "Requests the Secretariat to continue to provide support to the Commissions within their respective mandates;",
    );
    assert_eq!(got[0].2, [scoped("resources", "Commissions")]);
    // Those who ask are those the action serves: a request stays whole.
    let got = qualifier_scopes(
        "Requests the Office to provide technical assistance to Member States, upon their request, to combat money-laundering;",
    );
    assert_eq!(
        (got[0].1.clone(), got[0].2.len()),
        (vec!["on-request".to_string()], 0)
    );
}

#[test]
fn a_purpose_and_a_means_are_parts() {
    let got = qualifier_scopes(
        "Urges all Member States to provide the fullest possible support to the Office so as to enable it to strengthen, within its mandates, its technical cooperation activities;",
    );
    assert_eq!(got[0].2, [scoped("resources", "so as to")]);
    let got = qualifier_scopes(
        "Calls upon Member States to intensify efforts to eliminate discrimination by raising awareness and considering, where appropriate, drafting legislation, and to report, as appropriate, on their efforts;",
    );
    // The part ends at the next coordinated infinitive: the second hedge
    // is the whole obligation's.
    assert_eq!(got[0].1, ["discretion"]);
    assert!(got[0].2.is_empty(), "{got:?}");
}

#[test]
fn to_consider_a_thing_is_no_hedge() {
    let kinds = |op: &str| qualifier_scopes(op)[0].1.clone();
    assert_eq!(
        kinds(
            "Urges the Office to consider regional vulnerabilities when deciding to close offices;"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        kinds("Urges Member States to consider ratifying the Convention;"),
        ["consider"]
    );
    assert_eq!(
        kinds("Invites Member States to consider the establishment of national focal points;"),
        ["consider"]
    );
}

#[test]
fn treaties_listed_after_states_parties_are_not_addressees() {
    let got = obligations(
        "General Assembly",
        &[
            "Urges States parties to the United Nations Convention against Illicit Traffic in Narcotic Drugs and Psychotropic Substances of 1988, the United Nations Convention against Transnational Organized Crime and the United Nations Convention against Corruption to apply fully the provisions of those Conventions;",
            "Encourages the States parties to the Organized Crime Convention and the Convention against Corruption, respectively, to take full advantage of the review mechanisms;",
            "Invites States parties to the Convention and Member States to share information;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "states-parties",
                "States parties to the United Nations Convention against Illicit Traffic in Narcotic Drugs and Psychotropic Substances of 1988, the United Nations Convention against Transnational Organized Crime and the United Nations Convention against Corruption",
                "apply fully the provisions of those Conventions"
            ),
            row(
                2,
                "states-parties",
                "the States parties to the Organized Crime Convention and the Convention against Corruption",
                "take full advantage of the review mechanisms"
            ),
            // A list that goes on with another addressee keeps it.
            row(
                3,
                "states-parties",
                "States parties to the Convention",
                "share information"
            ),
            row(3, "member-states", "Member States", "share information"),
        ]
    );
}

#[test]
fn an_addressee_added_after_a_means() {
    let got = obligations(
        "Security Council",
        &[
            "Calls upon Member States, including through relevant Central Authorities, as well as UNODC and other relevant UN entities that support capacity building, to share best practices;",
            // A partner is no addressee, nor what follows it.
            "Requests the Secretary-General, in cooperation with UNODC and UNDP, to report;",
        ],
    );
    assert_eq!(
        got,
        [
            row(1, "member-states", "Member States", "share best practices"),
            row(1, "unodc", "UNODC", "share best practices"),
            row(
                1,
                "un-system",
                "other relevant UN entities that support capacity building",
                "share best practices"
            ),
            row(2, "secretary-general", "the Secretary-General", "report"),
        ]
    );
}

#[test]
fn a_passive_infinitive_that_describes_a_body_is_not_the_action() {
    let got = obligations(
        "Economic and Social Council",
        &[
            "Requests the working group to be established under paragraph 1, to report to the Council;",
            "Urges the United Nations Office on Drugs and Crime, in coordination with the technical advisory group to be established and in consultation with Member States, to support the Classification;",
            "Requests the Secretary-General to be guided by the principles, and to report to the Council;",
        ],
    );
    assert_eq!(
        got,
        [
            row(1, "other", "the working group", "report to the Council"),
            row(
                2,
                "unodc",
                "the United Nations Office on Drugs and Crime",
                "support the Classification"
            ),
            row(
                3,
                "secretary-general",
                "the Secretary-General",
                "be guided by the principles, and to report to the Council"
            ),
        ]
    );
}

#[test]
fn a_to_inside_the_addressees_description_is_not_the_action() {
    let got = obligations(
        "General Assembly",
        &[
            "Urges all States that have yet to sign and/or ratify the Treaty to do so in all expediency, and, pending its entry into force, to refrain from testing;",
            "Invites those Member States willing to prepare national frameworks to include plans against illicit flows;",
            "Calls upon Governments that face difficulties in guaranteeing independence, or that are determined to take measures to implement the principles, to consult the Special Rapporteur;",
            "Calls upon civil society with the capacity to do so to provide assistance to other States;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "member-states",
                "all States that have yet to sign and/or ratify the Treaty",
                "sign and/or ratify the Treaty in all expediency, and, pending its entry into force, to refrain from testing"
            ),
            row(
                2,
                "member-states",
                "those Member States willing to prepare national frameworks",
                "include plans against illicit flows"
            ),
            row(
                3,
                "member-states",
                "Governments that face difficulties in guaranteeing independence, or that are determined to take measures to implement the principles",
                "consult the Special Rapporteur"
            ),
            row(
                4,
                "civil-society",
                "civil society with the capacity to do so",
                "provide assistance to other States"
            ),
        ]
    );
}

#[test]
fn an_infinitive_after_determined_or_measures_is_not_the_action() {
    // A/HRC/RES/35/12, para. 20 (no comma before the action); S/RES/2462
    // (2019), para. 24.
    let got = obligations(
        "Human Rights Council",
        &[
            "Encourages Governments that face difficulties, or that are determined to take measures to implement these principles further to consult the Special Rapporteur;",
            "Urges States, when designing measures to counter the financing of terrorism, to take into account the effect of those measures;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "member-states",
                "Governments that face difficulties, or that are determined to take measures to implement these principles further",
                "consult the Special Rapporteur"
            ),
            row(
                2,
                "member-states",
                "States",
                "take into account the effect of those measures"
            ),
        ]
    );
}

#[test]
fn a_qualifier_in_what_the_action_bears_on_is_that_parts() {
    // E/RES/2015/24, para. 6: the assistance is to requesting States; the
    // support asked of the Office and of Member States is not on request.
    let got = qualifier_scopes(
        "Invites the United Nations Office on Drugs and Crime and Member States to continue to support the implementation of the Classification subject to availability of resources, with particular reference to information campaigns, methodological support and technical assistance provided to requesting Member States;",
    );
    for (actor, whole, parts) in &got {
        assert_eq!(whole, &["resources"], "{actor}");
        assert_eq!(
            parts,
            &[scoped("on-request", "with particular reference to")],
            "{actor}"
        );
    }
    assert_eq!(got.len(), 2);
}

#[test]
fn a_request_set_off_after_an_example_is_the_whole_actions() {
    // A/HRC/RES/35/12, para. 19: the assistance is given when the State
    // asks; "as appropriate" in the list of examples stays the example's.
    let got = qualifier_scopes(
        "Encourages the Special Rapporteur to facilitate the provision of technical assistance, including through engagement with relevant stakeholders and in consultation with the Office, when requested by the State concerned, with a view to strengthening the rule of law;",
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, ["on-request"]);
    assert!(got[0].2.is_empty(), "{:?}", got[0].2);
    let got = qualifier_scopes(
        "Encourages Member States to strengthen cooperation, including through the exchange of information and experience, as appropriate, and joint training;",
    );
    assert!(got[0].1.is_empty(), "{:?}", got[0].1);
    assert_eq!(got[0].2, [scoped("discretion", "including")]);
}

#[test]
fn bodies_named_after_a_partner_phrase_are_partners_not_addressees() {
    let text = "The General Assembly,\n\n1. Requests the Secretary-General, in close cooperation with the United Nations Development Programme and the World Health Organization, to report to the Assembly;\n\n2. Requests the United Nations Office on Drugs and Crime, in close consultation with Member States in order to continue its assistance, to support the Commission through its regional offices;\n\n3. Encourages Member States to share information via the secure platform;\n\n4. Encourages the Monitoring Team to continue, in cooperation with CTED and 1540 Committee experts, to assist Member States;\n";
    let src = Source::from_text("partners.txt", text.to_string());
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let got: Vec<(String, Vec<(String, String)>)> = doc
        .obligations
        .iter()
        .map(|o| {
            (
                o.id.0.clone(),
                o.partners
                    .iter()
                    .map(|p| (p.actor.0.clone(), p.text.clone()))
                    .collect(),
            )
        })
        .collect();
    let p = |a: &str, t: &str| (a.to_string(), t.to_string());
    assert_eq!(
        got,
        [
            (
                "op1.1.secretary-general".to_string(),
                vec![
                    p("other", "the United Nations Development Programme"),
                    p("other", "the World Health Organization")
                ]
            ),
            (
                "op2.1.unodc".to_string(),
                vec![p("member-states", "Member States")]
            ),
            ("op3.1.member-states".to_string(), vec![]),
            // S/RES/1904 (2009), para. 44: a number opens a name.
            (
                "op4.1.other".to_string(),
                vec![p("other", "CTED"), p("other", "1540 Committee experts")]
            ),
        ]
    );
}

#[test]
fn items_with_their_own_subjects_after_decides_the_following() {
    let got = obligations(
        "Security Council",
        &[
            "Decides the following:\n\n(a) The Government of Iraq shall cooperate fully with the Commission;\n\n(b) The Secretary-General shall report to the Council within 30 days;\n\n(c) The Government of Kuwait may submit its views;",
            "Decides that:\n\n(a) All States shall freeze the funds of the persons listed;\n\n(b) The Committee shall review the list every six months;\n\n(c) Priority shall be given to the review;",
            "Decides that all States shall:\n\n(a) Prevent the financing of terrorist acts;\n\n(b) Criminalize the provision of funds;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "country:iraq",
                "The Government of Iraq",
                "cooperate fully with the Commission"
            ),
            row(
                1,
                "secretary-general",
                "The Secretary-General",
                "report to the Council within 30 days"
            ),
            row(
                1,
                "country:kuwait",
                "The Government of Kuwait",
                "submit its views"
            ),
            row(
                2,
                "member-states",
                "All States",
                "freeze the funds of the persons listed"
            ),
            row(
                2,
                "other",
                "The Committee",
                "review the list every six months"
            ),
            row(
                3,
                "member-states",
                "all States",
                "(a) Prevent the financing of terrorist acts (b) Criminalize the provision of funds"
            ),
        ]
    );
}

#[test]
fn an_item_that_may_be_done_is_a_permission() {
    let text = "The General Assembly,\n\n1. Decides that:\n\n(a) The State of Palestine may submit a pre-recorded statement;\n\n(b) The Secretary-General shall circulate it;\n";
    let src = Source::from_text("may.txt", text.to_string());
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    let got: Vec<(String, String)> = doc
        .obligations
        .iter()
        .map(|o| (o.actor.0.clone(), o.strength.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "country:state-of-palestine".to_string(),
                "permission".to_string()
            ),
            ("secretary-general".to_string(), "binding".to_string()),
        ]
    );
}

/// (id, annex, actor, actor text, strength, action, steps) of every
/// obligation of a General Assembly resolution that adopts `adopted`.
type Ask = (String, String, String, String);

/// The id, addressee text, strength and action of declaration rows.
fn asks(rows: Vec<DeclarationRow>) -> Vec<Ask> {
    rows.into_iter().map(|r| (r.0, r.3, r.4, r.5)).collect()
}

fn ask(id: &str, text: &str, strength: &str, action: &str) -> Ask {
    (
        id.to_string(),
        text.to_string(),
        strength.to_string(),
        action.to_string(),
    )
}

type DeclarationRow = (
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    usize,
);

fn declaration(adopted: &str) -> Vec<DeclarationRow> {
    let text = format!(
        "The General Assembly\n\nAdopts the following Declaration:\n\nDeclaration\n\n{adopted}\n\n65th plenary meeting\n"
    );
    let src = Source::from_text("declaration.txt", text);
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    doc.obligations
        .into_iter()
        .map(|o| {
            (
                o.id.0,
                o.annex,
                o.actor.0,
                o.actor_text,
                o.strength.to_string(),
                o.action,
                o.steps.len(),
            )
        })
        .collect()
}

#[test]
fn a_declarations_requests_and_commitments() {
    let got = declaration(
        "1. We, the Heads of State and Government, have gathered in New York.\n\n\
         2. We recognize the role of the United Nations. We request the Secretary-General to submit a report on progress, and we call upon Member States to cooperate fully.\n\n\
         3. To this end, we commit to strengthen the Organization.\n\n\
         4. We decide to:\n\n(a) Protect civilians;\n\n(b) Strengthen the rule of law;\n\n(c) Invite the Peacebuilding Commission to advise us.\n\n\
         5. We resolve therefore:\n\n• To respect the rule of law;\n\n• To make the Organization more effective.",
    );
    let adopted = Some("adopted text".to_string());
    let row = |id: &str, actor: &str, text: &str, strength: &str, action: &str, steps: usize| {
        (
            id.to_string(),
            adopted.clone(),
            actor.to_string(),
            text.to_string(),
            strength.to_string(),
            action.to_string(),
            steps,
        )
    };
    // The items the adopting States do themselves are the steps of "We
    // decide to:"; an item that asks another party ("Invite the
    // Peacebuilding Commission to ...") is that party's obligation.
    assert_eq!(
        got,
        [
            row(
                "adopted.p2.1.secretary-general",
                "secretary-general",
                "the Secretary-General",
                "mandate",
                "submit a report on progress",
                0
            ),
            row(
                "adopted.p2.2.member-states",
                "member-states",
                "Member States",
                "urge",
                "cooperate fully",
                0
            ),
            row(
                "adopted.p3.1.member-states",
                "member-states",
                "We",
                "commitment",
                "strengthen the Organization",
                0
            ),
            row(
                "adopted.p4.1.member-states",
                "member-states",
                "We",
                "commitment",
                "(a) Protect civilians (b) Strengthen the rule of law",
                2
            ),
            row(
                "adopted.p4.2.other",
                "other",
                "the Peacebuilding Commission",
                "encourage",
                "advise us",
                0
            ),
            row(
                "adopted.p5.1.member-states",
                "member-states",
                "We",
                "commitment",
                "(•) To respect the rule of law (•) To make the Organization more effective",
                2
            ),
        ]
    );
}

#[test]
fn do_so_is_what_the_addressee_has_not_yet_done() {
    // A/RES/69/194, para. 7; A/RES/71/1, annex I, para. 15; A/RES/75/194,
    // para. 17.
    let got = obligations(
        "General Assembly",
        &[
            "Encourages Member States that have not yet integrated crime prevention into their rule of law efforts to do so, and to develop a policy;",
            "Urges States parties that have not yet signed, ratified or acceded to the Convention to do so at the earliest opportunity;",
            "Urges States parties that have yet to designate a central authority to do so;",
            "Encourages Member States to do so, and to avoid detention;",
            "Calls upon States that have not yet done so to ratify the Convention;",
        ],
    );
    assert_eq!(
        got,
        [
            row(
                1,
                "member-states",
                "Member States that have not yet integrated crime prevention into their rule of law efforts",
                "integrate crime prevention into their rule of law efforts, and to develop a policy"
            ),
            row(
                2,
                "states-parties",
                "States parties that have not yet signed, ratified or acceded to the Convention",
                "sign, ratify or accede to the Convention at the earliest opportunity"
            ),
            row(
                3,
                "states-parties",
                "States parties that have yet to designate a central authority",
                "designate a central authority"
            ),
            // Nothing in the paragraph says what "do so" is: as written.
            row(
                4,
                "member-states",
                "Member States",
                "do so, and to avoid detention"
            ),
            row(
                5,
                "member-states",
                "States that have not yet done so",
                "ratify the Convention"
            ),
        ]
    );
}

#[test]
fn we_will_do_so_is_what_the_sentence_before_commits_to() {
    // A/RES/71/1, annex, paras. 27 and 11.
    let got = declaration(
        "1. We are determined to address unsafe movements of migrants. We will do so without prejudice to the right to seek asylum.\n\n\
         2. We acknowledge a shared responsibility to manage large movements of refugees. Such movements are not new. We will do so through international cooperation.",
    );
    let rows: Vec<(String, String)> = got.into_iter().map(|r| (r.0, r.5)).collect();
    let row = |id: &str, action: &str| (id.to_string(), action.to_string());
    assert_eq!(
        rows,
        [
            row(
                "adopted.p1.1.member-states",
                "address unsafe movements of migrants"
            ),
            row(
                "adopted.p1.2.member-states",
                "address unsafe movements of migrants without prejudice to the right to seek asylum"
            ),
            row(
                "adopted.p2.1.member-states",
                "manage large movements of refugees through international cooperation"
            ),
        ]
    );
}

#[test]
fn an_undertaking_to_ask_is_the_ask() {
    // A/RES/60/288, annex, paras. 15 and 8; A/RES/60/1, para. 25.
    let got = declaration(
        "We resolve:\n\n\
         15. To encourage the Committee established pursuant to Security Council resolution 1267 (1999) to continue to work on the travel ban. In this regard, we encourage States to share information.\n\n\
         16. To encourage greater direct investment in developing countries.",
    );
    let rows = asks(got);
    let row = ask;
    assert_eq!(
        rows,
        [
            row(
                "adopted.p15.1.other",
                "the Committee established pursuant to Security Council resolution 1267 (1999)",
                "encourage",
                "continue to work on the travel ban"
            ),
            row(
                "adopted.p15.2.member-states",
                "States",
                "encourage",
                "share information"
            ),
            // No one is asked: the undertaking stands.
            row(
                "adopted.p16.1.member-states",
                "We",
                "commitment",
                "encourage greater direct investment in developing countries"
            ),
        ]
    );
}

#[test]
fn a_later_sentence_of_an_item_is_a_clause_of_its_own() {
    // A/RES/60/1, para. 24 (c).
    let got = declaration(
        "24. We therefore resolve:\n\n\
         (a) To pursue good governance at all levels;\n\n\
         (b) To make the fight against corruption a priority. We urge all States that have not done so to consider ratifying the Convention;",
    );
    let rows: Vec<(String, String, String, String, usize)> =
        got.into_iter().map(|r| (r.0, r.3, r.4, r.5, r.6)).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0, "adopted.p24.1.member-states");
    assert_eq!(rows[0].2, "commitment");
    // The item's step stops before the sentence that asks.
    assert!(
        rows[0]
            .3
            .ends_with("(b) To make the fight against corruption a priority"),
        "{}",
        rows[0].3
    );
    assert_eq!(rows[0].4, 2);
    assert_eq!(
        (
            rows[1].0.as_str(),
            rows[1].1.as_str(),
            rows[1].2.as_str(),
            rows[1].3.as_str()
        ),
        (
            "adopted.p24.2.member-states",
            "all States that have not done so",
            "urge",
            "consider ratifying the Convention"
        )
    );
}

#[test]
fn a_pledge_leads_the_numbered_paragraphs_after_it_but_principles_are_no_actions() {
    let got = declaration(
        "1. We meet at a time of change.\n\n\
         We will observe the following guiding principles:\n\n\
         2. The maintenance of international peace and security must be promoted.\n\n\
         Guided by these principles, we hereby pledge to:\n\n\
         3. Promote international stability.\n\n\
         4. Invest in quality education for all.",
    );
    let rows: Vec<(String, String, String)> = got.into_iter().map(|r| (r.0, r.4, r.5)).collect();
    let row =
        |id: &str, action: &str| (id.to_string(), "commitment".to_string(), action.to_string());
    assert_eq!(
        rows,
        [
            row(
                "adopted.p3.1.member-states",
                "Promote international stability"
            ),
            row(
                "adopted.p4.1.member-states",
                "Invest in quality education for all"
            ),
        ]
    );
}

#[test]
fn a_programme_asks_its_named_subjects() {
    let got = declaration(
        "1. Landlocked developing countries should develop national energy policies.\n\n\
         2. Governments are invited to share their experience. Development partners should also support them.\n\n\
         3. Priority should be given to rural areas. Developing countries should have access to finance. Information is made available so that use should continue.",
    );
    let rows = asks(got);
    let row = ask;
    assert_eq!(
        rows,
        [
            row(
                "adopted.p1.1.member-states",
                "Landlocked developing countries",
                "encourage",
                "develop national energy policies"
            ),
            row(
                "adopted.p2.1.member-states",
                "Governments",
                "encourage",
                "share their experience"
            ),
            row(
                "adopted.p2.2.other",
                "Development partners",
                "encourage",
                "support them"
            ),
        ]
    );
}

#[test]
fn an_annexed_conventions_articles_are_no_commitments() {
    // "(a) Shall institute ..." of an annexed convention: no "we", so no
    // commitment of the adopting States, and "shall" asks no one.
    let text = "The General Assembly,\n\n1. Adopts the Convention annexed to the present resolution;\n\nAnnex\n\nConvention\n\n1. Each State Party:\n\n(a) Shall institute a comprehensive domestic regulatory regime;\n\n(b) Shall ensure that authorities cooperate.\n\n2. Each State Party shall adopt such measures as may be necessary.\n";
    let src = Source::from_text("convention.txt", text.to_string());
    let doc = extract(&src, RuleSet::defaults(), &Options::default()).unwrap();
    assert!(doc.obligations.is_empty(), "{:?}", doc.obligations);
}

#[test]
fn a_body_commits_itself_and_an_action_noun_is_no_addressee() {
    let got = obligations(
        "Security Council",
        &[
            "Commits to consider all viable options in the event of shortfalls;",
            "Encourages the adoption of measures to facilitate access to civil registration;",
        ],
    );
    assert_eq!(
        got,
        [row(
            1,
            "security-council",
            "Security Council",
            "consider all viable options in the event of shortfalls"
        )]
    );
}

/// The entity each obligation's addressee is read as, in order.
fn entities(body: &str, ops: &[&str]) -> Vec<(String, Option<String>)> {
    resolution(body, ops)
        .obligations
        .into_iter()
        .map(|o| (o.actor_text, o.entity))
        .collect()
}

#[test]
fn a_capitalized_anaphor_points_back_to_the_body_and_a_lower_case_one_names_none() {
    let found = entities(
        "Security Council",
        &[
            "Requests the Joint Commission established in the Joint Comprehensive Plan of Action to meet;",
            "Requests the Joint Commission to report to the Council;",
            "Requests the joint commission to report to the Council;",
        ],
    );
    let of = |text: &str| {
        found
            .iter()
            .find(|(t, _)| t == text)
            .unwrap_or_else(|| panic!("no addressee {text:?} in {found:?}"))
            .1
            .as_deref()
    };
    assert_eq!(of("the Joint Commission"), Some("jcpoa-joint-commission"));
    assert_eq!(of("the joint commission"), None, "{found:?}");
}
