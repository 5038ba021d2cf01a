//! Resolution-shaped inputs for fuzzing: headers, the adopting body,
//! preambular paragraphs, numbered and lettered operative paragraphs made
//! of clause chains, brackets, footnote markers in every form, footnote
//! definitions and page furniture in the middle of paragraphs, hard wraps,
//! and any fragment repeated many times over (the structured repetition
//! that random byte mutation never produces). Each input comes from a seed,
//! so a failure is reproduced by its seed alone.
//!
//! Shared by the test suite (`tests/fuzz.rs`, a small budget) and the
//! offline fuzzer (`examples/fuzz.rs`, millions of cases).
#![allow(dead_code)]

/// A small, fast, seedable generator (SplitMix64): the fuzzer needs
/// reproducible streams, not statistical quality.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

const HEADERS: &[&str] = &[
    "United Nations A/C.3/72/L.11",
    "General Assembly Distr.: Limited 13 October 2017",
    "Original: English",
    "Seventy-second session",
    "Third Committee",
    "Agenda item 107 Crime prevention and criminal justice",
    "Hungary and Italy: draft resolution",
    "Strengthening the United Nations crime prevention and criminal justice programme",
    "Resolution adopted by the General Assembly on 19 December 2017",
    "S/RES/2231 (2015)",
    "Security Council Distr.: General 20 July 2015",
    "Resolution 2231 (2015) Adopted by the Security Council at its 7488th meeting, on 20 July 2015",
    "A/HRC/RES/35/12",
    "[on the report of the Third Committee (A/72/438)]",
];

const BODIES: &[&str] = &[
    "The General Assembly,",
    "The Security Council,",
    "The Human Rights Council,",
    "The Economic and Social Council,",
    "The Commission on Narcotic Drugs,",
];

const LEADS: &[&str] = &[
    "Recalling its resolution 70/1 of 25 September 2015,",
    "Reaffirming",
    "Deeply concerned about",
    "Bearing in mind",
    "Noting with appreciation",
    "Acting under Chapter VII of the Charter of the United Nations,",
    "Recognizing the need for States to complement international cooperation,",
];

const VERBS: &[&str] = &[
    "Requests",
    "Urges",
    "Calls upon",
    "Decides that",
    "Decides",
    "Encourages",
    "Invites",
    "Takes note of",
    "Welcomes",
    "Reiterates its request to",
    "Recommends that",
    "Strongly encourages",
    "Also requests",
    "Decides to remain seized of the matter",
    "Continues to invite",
    "We request",
    "We commit to",
    "*Calls upon*",
];

const ADDRESSEES: &[&str] = &[
    "the Secretary-General",
    "Member States",
    "all States",
    "States parties to the United Nations Convention against Corruption",
    "the United Nations Office on Drugs and Crime",
    "the Office",
    "relevant United Nations entities, including UNODC,",
    "Iraq",
    "the Counter-Terrorism Committee",
    "civil society and the private sector",
    "those States in a position to do so",
    "Member States that have not yet done so",
    "the President of the General Assembly",
    "international, regional and subregional organizations",
];

const ACTIONS: &[&str] = &[
    "to submit a report at its seventy-third session",
    "to continue to provide technical assistance, upon request,",
    "to consider ratifying or acceding to the Convention",
    "shall freeze without delay funds and other financial assets",
    "to take measures, as appropriate, within existing resources,",
    "to report to the Committee within 90 days",
    "to cooperate with UNDP and UNICEF in providing support",
    "to do so",
    "adopt national legislation",
    "of its resolution 1373 (2001)",
    "the following:",
];

const DAMAGE: &[&str] = &[
    "¹",
    "²⁵",
    "$^{23}$",
    "$^{^{4}}$",
    "[^7]",
    "5 ",
    ",1 ",
    "*",
    "**",
    "\u{a0}",
    "\u{ad}",
    "“",
    "”",
    "-\n",
    "\n",
    "\t",
];

const FURNITURE: &[&str] = &[
    "17-23196 (E)",
    "2/18",
    "A/RES/72/196",
    "__________________",
    "¹ United Nations, *Treaty Series*, vol. 2225, No. 39574.",
    "[^3]: Ibid., vol. 976, No. 14152.",
    "*1723196*",
    "Annex",
    "65th plenary meeting",
    "[Adopted without a vote.]",
];

/// Sizes and rates of one generated document.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Most operative paragraphs.
    pub paragraphs: usize,
    /// Most clauses in a paragraph.
    pub clauses: usize,
    /// Most repetitions of a repeated fragment.
    pub repeat: usize,
}

impl Shape {
    /// Small documents, for the test suite.
    pub const SMALL: Shape = Shape {
        paragraphs: 12,
        clauses: 6,
        repeat: 400,
    };
    /// Up to documents of several hundred kilobytes.
    pub const LARGE: Shape = Shape {
        paragraphs: 80,
        clauses: 12,
        repeat: 30_000,
    };
}

fn clause(rng: &mut Rng) -> String {
    let mut c = String::new();
    c.push_str(rng.pick(VERBS));
    c.push(' ');
    for k in 0..1 + rng.below(3) {
        if k > 0 {
            c.push_str(rng.pick(&[" and ", ", ", " as well as ", ", in particular "]));
        }
        c.push_str(rng.pick(ADDRESSEES));
    }
    c.push(' ');
    c.push_str(rng.pick(ACTIONS));
    if rng.percent(30) {
        c.push_str(" and ");
        c.push_str(rng.pick(ACTIONS));
    }
    c
}

fn brackets(rng: &mut Rng, text: &mut String) {
    // Nested, balanced or not.
    let depth = rng.below(6);
    let open: String = "(".repeat(depth);
    let close: String = ")".repeat(if rng.percent(50) {
        depth
    } else {
        rng.below(depth + 1)
    });
    text.push_str(&format!(" {open}see document A/72/114{close}"));
}

fn paragraph(rng: &mut Rng, shape: Shape, number: &str) -> String {
    let mut p = String::new();
    p.push_str(number);
    for k in 0..1 + rng.below(shape.clauses) {
        if k > 0 {
            let joint = rng.pick(&[", and ", "; and ", ", ", " and ", ", and in this regard "]);
            p.push_str(joint);
            let c = clause(rng);
            let mut chars = c.chars();
            if let Some(f) = chars.next() {
                p.extend(f.to_lowercase());
                p.push_str(chars.as_str());
            }
        } else {
            p.push_str(&clause(rng));
        }
        if rng.percent(20) {
            brackets(rng, &mut p);
        }
        if rng.percent(15) {
            p.push_str(rng.pick(DAMAGE));
        }
        if rng.percent(5) {
            p.push('\n');
            p.push_str(rng.pick(FURNITURE));
            p.push('\n');
        }
        if rng.percent(4) {
            p.push_str(&repeat_something(rng, shape));
        }
    }
    if rng.percent(20) {
        p.push_str(":\n");
        let items = 1 + rng.below(30);
        for i in 0..items {
            let label = if i < 26 {
                ((b'a' + i as u8) as char).to_string()
            } else {
                let c = (b'a' + (i - 26) as u8) as char;
                format!("{c}{c}")
            };
            p.push_str(&format!("({label}) {};\n", rng.pick(ACTIONS)));
        }
    }
    p.push(rng.pick(&[';', '.', ',']));
    p
}

fn repeat_something(rng: &mut Rng, shape: Shape) -> String {
    let times = 1 + rng.below(shape.repeat);
    let piece: String = match rng.below(8) {
        0 => rng.pick(DAMAGE).to_string(),
        1 => rng.pick(FURNITURE).to_string() + "\n",
        2 => format!(", and {}", clause(rng).to_lowercase()),
        3 => " and that States shall report".to_string(),
        4 => "(".to_string(),
        5 => "((x) ".to_string(),
        6 => format!("{} ", rng.pick(ADDRESSEES)),
        _ => format!("{}. {};\n", 1 + rng.below(2000), clause(rng)),
    };
    piece.repeat(times)
}

/// Hard-wraps `text` at about `width` columns, as a PDF converter does.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    let mut col = 0;
    for w in text.split(' ') {
        if col > 0 && col + w.len() > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
        }
        out.push_str(w);
        col = match w.rfind('\n') {
            Some(i) => w.len() - i - 1,
            None => col + w.len() + 1,
        };
    }
    out
}

/// One resolution-shaped document from `rng`.
pub fn document(rng: &mut Rng, shape: Shape) -> String {
    let mut d = String::new();
    for _ in 0..rng.below(6) {
        d.push_str(rng.pick(HEADERS));
        d.push_str(if rng.percent(70) { "\n" } else { " " });
    }
    d.push('\n');
    d.push_str(rng.pick(BODIES));
    d.push_str("\n\n");
    for _ in 0..rng.below(8) {
        d.push_str(rng.pick(LEADS));
        d.push(' ');
        d.push_str(rng.pick(ACTIONS));
        d.push_str(",\n\n");
    }
    let paragraphs = 1 + rng.below(shape.paragraphs);
    for i in 1..=paragraphs {
        let number = match rng.below(20) {
            0 => String::new(),
            1 => format!("{}. ", 1000 + i),
            2 => format!("{}. ", i + 1),
            3 => format!("{i}.\n"),
            _ => format!("{i}.\t"),
        };
        d.push_str(&paragraph(rng, shape, &number));
        d.push_str("\n\n");
        if rng.percent(10) {
            d.push_str(&repeat_something(rng, shape));
        }
        if rng.percent(5) {
            d.push_str(rng.pick(FURNITURE));
            d.push('\n');
        }
    }
    if rng.percent(20) {
        d.push_str(
            "Annex\n\n1. We request the Secretary-General to act;\n\n2. We commit to report.\n",
        );
    }
    if rng.percent(30) {
        d = wrap(&d, 60 + rng.below(40));
    }
    if rng.percent(10) {
        mutate(rng, &mut d);
    }
    d
}

/// A few random character edits: deletions, duplications, swaps.
fn mutate(rng: &mut Rng, d: &mut String) {
    let mut chars: Vec<char> = d.chars().collect();
    for _ in 0..1 + rng.below(8) {
        if chars.is_empty() {
            break;
        }
        let i = rng.below(chars.len());
        match rng.below(3) {
            0 => {
                chars.remove(i);
            }
            1 => {
                let c = chars[i];
                chars.insert(i, c);
            }
            _ => {
                let j = rng.below(chars.len());
                chars.swap(i, j);
            }
        }
    }
    *d = chars.into_iter().collect();
}
