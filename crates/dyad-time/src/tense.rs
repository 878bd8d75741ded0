//! Tense of the words around a temporal expression.
//!
//! Simple on purpose. Each word of the sentence may be a *cue*:
//!
//! - **future**: `will`, `shall`, `won't`, `'ll`, `next`, `upcoming`,
//!   `forthcoming`, and `to` after a plan word ("plans to", "is to",
//!   "preparing to", "expected to", "going to", "set to");
//! - **past**: `was`, `were`, `had`, `did`, the perfect `has`/`have`, a word
//!   in -ed (unless it is a common -ed adjective or a passive after a form
//!   of "be"), or an irregular past form;
//! - **present**: `is`, `are`, `am`.
//!
//! [`tense_at`] takes the cue nearest to the expression (words of the
//! expression itself are not cues). Reporting verbs ("said", "announced")
//! count as if they stood further away: they date the report, and the clause
//! they introduce usually has a verb of its own ("announced that the North
//! is preparing to resume rail traffic in September" is future). No cue at
//! all means present.
//!
//! The word lists below are English morphology (how tense is written), not
//! knowledge about the world, so they live here rather than in the lexicon.

use crate::Tense;

/// Irregular past forms. Forms that are the same in the present ("put",
/// "cut", "set", "hit", "let") are left out: they tell nothing.
const IRREGULAR_PAST: &[&str] = &[
    "said",
    "met",
    "took",
    "went",
    "came",
    "sent",
    "held",
    "made",
    "gave",
    "began",
    "saw",
    "told",
    "left",
    "became",
    "brought",
    "bought",
    "sold",
    "built",
    "fought",
    "led",
    "won",
    "lost",
    "paid",
    "spent",
    "struck",
    "stood",
    "thought",
    "wrote",
    "spoke",
    "broke",
    "chose",
    "drove",
    "flew",
    "grew",
    "knew",
    "rose",
    "shook",
    "threw",
    "fell",
    "felt",
    "found",
    "got",
    "heard",
    "kept",
    "laid",
    "meant",
    "ran",
    "sat",
    "sought",
    "taught",
    "understood",
    "withdrew",
    "undertook",
    "arose",
    "froze",
    "hid",
    "swore",
    "tore",
    "sank",
    "stole",
    "drew",
    "ate",
    "forgave",
    "overtook",
    "underwent",
    "oversaw",
    "foresaw",
    "beat",
    "bore",
    "dealt",
    "fled",
    "forbade",
    "mistook",
    "shot",
    "slid",
    "spun",
    "strove",
    "swept",
    "woke",
    "wore",
    "wove",
];

/// Words in -ed that are usually adjectives or nouns, not past verbs.
const ED_NOT_PAST: &[&str] = &[
    "need",
    "indeed",
    "embed",
    "proceed",
    "exceed",
    "succeed",
    "speed",
    "seed",
    "feed",
    "bleed",
    "breed",
    "creed",
    "greed",
    "steed",
    "hundred",
    "kindred",
    "united",
    "limited",
    "advanced",
    "armed",
    "based",
    "related",
    "detailed",
    "skilled",
    "experienced",
    "sophisticated",
    "unprecedented",
    "concerned",
    "interested",
    "supposed",
    "expected",
    "planned",
    "scheduled",
    "isolated",
    "unified",
    "combined",
    "mixed",
    "red",
    "bed",
    "shed",
    "wed",
    "sacred",
    "naked",
    "wicked",
    "beloved",
    "alleged",
    "so-called",
    "called",
    "reported",
    "talked",
    "increased",
    "reduced",
    "improved",
    "renewed",
    "continued",
    "heightened",
    "strained",
    "frozen",
    "sanctioned",
    "isolated",
    "divided",
    "disputed",
    "occupied",
    "contested",
    "proposed",
    "intended",
    "anticipated",
];

/// Past or present reporting verbs: they date the report, not the event.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "announced",
    "announces",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "noted",
    "reported",
    "claimed",
    "claims",
    "declared",
    "declares",
    "according",
    "confirmed",
    "insisted",
    "explained",
    "warned",
];

/// Words after which "to" marks a plan: "plans to", "is to", "set to".
const PLAN_WORDS: &[&str] = &[
    "plan",
    "plans",
    "planning",
    "planned",
    "intend",
    "intends",
    "intending",
    "aim",
    "aims",
    "aiming",
    "prepare",
    "prepares",
    "preparing",
    "set",
    "expected",
    "scheduled",
    "due",
    "slated",
    "poised",
    "going",
    "is",
    "are",
    "am",
    "agreed",
    "decided",
    "vowed",
    "promised",
    "pledged",
    "hopes",
    "hope",
    "hoping",
    "seeks",
    "seeking",
    "wants",
    "ready",
];

/// How much further away a reporting verb counts, in bytes.
const REPORTING_PENALTY: usize = 40;

#[derive(Clone, Copy)]
struct Cue {
    tense: Tense,
    start: usize,
    end: usize,
    reporting: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// The words of `s` with their byte offsets.
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.extend(s.get(st..i).map(|w| (st, w)));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.extend(s.get(st..).map(|w| (st, w)));
    }
    out
}

fn cues(sentence: &str, skip: (usize, usize)) -> Vec<Cue> {
    let toks: Vec<(usize, usize, String)> = words(sentence)
        .into_iter()
        .map(|(i, w)| (i, i + w.len(), w.to_lowercase().replace('’', "'")))
        .collect();
    let mut out = Vec::new();
    for (k, (start, end, w)) in toks.iter().enumerate() {
        let (start, end) = (*start, *end);
        if start < skip.1 && skip.0 < end {
            continue;
        }
        let prev = k
            .checked_sub(1)
            .and_then(|p| toks.get(p))
            .map(|t| t.2.as_str());
        let next = toks.get(k + 1).map(|t| t.2.as_str());
        let w = w.as_str();
        let tense = if matches!(
            w,
            "will" | "shall" | "won't" | "next" | "upcoming" | "forthcoming"
        ) || w.ends_with("'ll")
            || (w == "to" && prev.is_some_and(|p| PLAN_WORDS.contains(&p)))
        {
            Some(Tense::Future)
        } else if matches!(w, "is" | "are" | "am") {
            // "is to", "is set to" are plans: the "to" will say so.
            if next == Some("to") {
                None
            } else {
                Some(Tense::Present)
            }
        } else if matches!(w, "was" | "were" | "had" | "did" | "has" | "have")
            || IRREGULAR_PAST.contains(&w)
        {
            Some(Tense::Past)
        } else if w.len() >= 4 && w.ends_with("ed") && !ED_NOT_PAST.contains(&w) {
            // A participle after "be" is passive: its tense is that of "be".
            if prev.is_some_and(|p| matches!(p, "be" | "is" | "are" | "am" | "being" | "been")) {
                None
            } else {
                Some(Tense::Past)
            }
        } else if REPORTING.contains(&w) {
            Some(if w.ends_with('s') {
                Tense::Present
            } else {
                Tense::Past
            })
        } else {
            None
        };
        if let Some(tense) = tense {
            out.push(Cue {
                tense,
                start,
                end,
                reporting: REPORTING.contains(&w),
            });
        }
    }
    out
}

/// Bytes on each side of a span that tense cues are looked for in. The
/// nearest cue wins and clauses are short, so a farther cue never decides;
/// the bound keeps a sentence with thousands of triggers (a text with no
/// full stops) linear instead of quadratic.
const CUE_WINDOW: usize = 400;

/// The part of `sentence` within [`CUE_WINDOW`] bytes of `start..end`, cut
/// at spaces so no word is split, and the byte offset it starts at. `start`
/// and `end` are clamped to the sentence.
fn near(sentence: &str, start: usize, end: usize) -> (&str, usize) {
    let end = end.min(sentence.len());
    let start = start.min(end);
    let mut from = start.saturating_sub(CUE_WINDOW);
    while from > 0 && !sentence.is_char_boundary(from) {
        from -= 1;
    }
    if from > 0 {
        // Start after the first space at or after `from` (not past `start`).
        from = sentence
            .get(from..start)
            .and_then(|s| s.find(' '))
            .map_or(start, |i| from + i + 1);
    }
    let mut to = end.saturating_add(CUE_WINDOW).min(sentence.len());
    while to < sentence.len() && !sentence.is_char_boundary(to) {
        to += 1;
    }
    if to < sentence.len() {
        to = sentence
            .get(end..to)
            .and_then(|s| s.rfind(' '))
            .map_or(end, |i| end + i);
    }
    match sentence.get(from..to) {
        Some(s) => (s, from),
        None => (sentence, 0),
    }
}

/// The tense of the words nearest to the expression at byte range
/// `start..end` of `sentence` (see the module documentation).
pub fn tense_at(sentence: &str, start: usize, end: usize) -> Tense {
    nearest_tense(sentence, start, end, false)
}

/// The tense of a verb (or verb phrase) at byte range `start..end` of
/// `sentence`: unlike [`tense_at`], the words of the span are cues
/// themselves, and the nearest one wins ("Russia urged restraint" is past
/// because of "urged"; "Russia is urging" present because of "is"). Used to
/// date an event by its trigger.
pub fn tense_of_verb(sentence: &str, start: usize, end: usize) -> Tense {
    nearest_tense(sentence, start, end, true)
}

/// The tense of the nearest cue to `start..end` (future before past before
/// present at equal distance; reporting verbs count as farther unless they
/// are the span itself). `own_words`: whether the span's words are cues.
fn nearest_tense(sentence: &str, start: usize, end: usize, own_words: bool) -> Tense {
    let (sentence, off) = near(sentence, start, end);
    let (start, end) = (start - off, end - off);
    let skip = if own_words { (0, 0) } else { (start, end) };
    let best = cues(sentence, skip)
        .into_iter()
        .map(|c| {
            let dist = if c.end <= start {
                start - c.end
            } else {
                c.start.saturating_sub(end)
            };
            let own = c.start < end && start < c.end;
            let dist = dist
                + if c.reporting && !own {
                    REPORTING_PENALTY
                } else {
                    0
                };
            let rank = match c.tense {
                Tense::Future => 0,
                Tense::Past => 1,
                Tense::Present => 2,
            };
            (dist, rank, c.tense)
        })
        .min_by_key(|(d, r, _)| (*d, *r));
    best.map_or(Tense::Present, |(_, _, t)| t)
}

/// The tense of a whole sentence: future when any future cue is present,
/// else past when any past cue is, else present.
pub fn tense_of(sentence: &str) -> Tense {
    let cs = cues(sentence, (0, 0));
    if cs.iter().any(|c| c.tense == Tense::Future) {
        Tense::Future
    } else if cs.iter().any(|c| c.tense == Tense::Past) {
        Tense::Past
    } else {
        Tense::Present
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;

    #[test]
    fn far_cues_do_not_count_and_near_ones_still_do() {
        let filler = "and the committee discussed the budget for the coming weeks ".repeat(20);
        let s = format!("Officials will meet {filler}after talks ended.");
        let at = s.find("meet").unwrap();
        assert_eq!(tense_of_verb(&s, at, at + 4), Tense::Future);
        let at = s.find("ended").unwrap();
        assert_eq!(tense_of_verb(&s, at, at + 5), Tense::Past);
        // A span near multi-byte text is cut on a character boundary.
        let s = format!("{}ünd met", "é".repeat(300));
        let at = s.find("met").unwrap();
        assert_eq!(tense_of_verb(&s, at, at + 3), Tense::Past);
        assert_eq!(tense_at(&s, at, at + 3), Tense::Present);
    }
}
