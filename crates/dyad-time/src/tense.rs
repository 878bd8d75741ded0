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
use std::borrow::Cow;

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

/// Flags of a word in [`WORD_FLAGS`]: the lists above it belongs to.
const IRREGULAR: u8 = 1;
const NOT_PAST_ED: u8 = 2;
const REPORT: u8 = 4;
const PLAN: u8 = 8;

/// Slots of [`WORD_FLAGS`]: a power of two, over twice the number of words
/// so that a probe for a word not in the lists ends after a slot or two.
const SLOTS: usize = 512;

/// The word lists as one open-addressing hash table, built at compile time:
/// every word of the text is looked up, and one hashed probe costs less than
/// scanning 200 list entries.
struct WordTable {
    slots: [(&'static str, u8); SLOTS],
}

/// FNV-1a: a few instructions per byte, and usable in a `const fn`.
const fn hash(bytes: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    h as usize
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl WordTable {
    const fn new() -> Self {
        let mut t = WordTable {
            slots: [("", 0); SLOTS],
        };
        t.add_all(IRREGULAR_PAST, IRREGULAR);
        t.add_all(ED_NOT_PAST, NOT_PAST_ED);
        t.add_all(REPORTING, REPORT);
        t.add_all(PLAN_WORDS, PLAN);
        t
    }

    const fn add_all(&mut self, words: &[&'static str], flag: u8) {
        let mut i = 0;
        while i < words.len() {
            self.add(words[i], flag);
            i += 1;
        }
    }

    /// Adds `flag` to `word`. The table cannot fill up (it has more slots
    /// than the lists have words), so the probe always ends.
    const fn add(&mut self, word: &'static str, flag: u8) {
        let mut k = hash(word.as_bytes()) % SLOTS;
        loop {
            let (w, f) = self.slots[k];
            if w.is_empty() {
                self.slots[k] = (word, flag);
                return;
            }
            if same(w.as_bytes(), word.as_bytes()) {
                self.slots[k] = (w, f | flag);
                return;
            }
            k = (k + 1) % SLOTS;
        }
    }

    /// The flags of `word` (0 for a word in no list).
    fn get(&self, word: &str) -> u8 {
        let mut k = hash(word.as_bytes()) % SLOTS;
        // A full cycle cannot happen (the table has empty slots); the bound
        // only makes that obvious.
        for _ in 0..SLOTS {
            match self.slots.get(k) {
                Some((w, f)) if *w == word => return *f,
                Some((w, _)) if !w.is_empty() => k = (k + 1) % SLOTS,
                _ => return 0,
            }
        }
        0
    }
}

/// The word lists, looked up by [`WordTable::get`]. Immutable, and
/// evaluated by the compiler.
static WORD_FLAGS: WordTable = WordTable::new();

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

/// The words of `s` as byte ranges: maximal runs of [`is_word_char`].
/// ASCII bytes are classified without decoding a `char`.
fn words(s: &str) -> Vec<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 5 + 1);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'\'' || b == b'-', 1)
        } else {
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (is_word_char(c), c.len_utf8()),
                None => break,
            }
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

/// A word as the lists spell it: lower case, with a straight apostrophe.
/// Borrowed when it already is (most words of a text).
fn normalise(w: &str) -> Cow<'_, str> {
    if !w.is_ascii() {
        Cow::Owned(w.to_lowercase().replace('’', "'"))
    } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(w.to_ascii_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// The tense cue of word `k` of `toks` (byte ranges into `s`), and whether
/// it is a reporting verb. Its neighbours are normalised only when a rule
/// needs them.
fn cue_at(s: &str, toks: &[(usize, usize)], k: usize) -> Option<(Tense, bool)> {
    let word = |j: usize| toks.get(j).and_then(|&(a, b)| s.get(a..b)).map(normalise);
    let w = word(k)?;
    let w = w.as_ref();
    let prev = || k.checked_sub(1).and_then(word);
    let flags = WORD_FLAGS.get(w);
    let tense = if matches!(
        w,
        "will" | "shall" | "won't" | "next" | "upcoming" | "forthcoming"
    ) || w.ends_with("'ll")
        || (w == "to" && prev().is_some_and(|p| WORD_FLAGS.get(&p) & PLAN != 0))
    {
        Some(Tense::Future)
    } else if matches!(w, "is" | "are" | "am") {
        // "is to", "is set to" are plans: the "to" will say so.
        if word(k + 1).is_some_and(|n| n == "to") {
            None
        } else {
            Some(Tense::Present)
        }
    } else if matches!(w, "was" | "were" | "had" | "did" | "has" | "have") || flags & IRREGULAR != 0
    {
        Some(Tense::Past)
    } else if w.len() >= 4 && w.ends_with("ed") && flags & NOT_PAST_ED == 0 {
        // A participle after "be" is passive: its tense is that of "be".
        if prev().is_some_and(|p| matches!(&*p, "be" | "is" | "are" | "am" | "being" | "been")) {
            None
        } else {
            Some(Tense::Past)
        }
    } else if flags & REPORT != 0 {
        Some(if w.ends_with('s') {
            Tense::Present
        } else {
            Tense::Past
        })
    } else {
        None
    };
    tense.map(|t| (t, flags & REPORT != 0))
}

fn cues(sentence: &str, skip: (usize, usize)) -> Vec<Cue> {
    let toks = words(sentence);
    let mut out = Vec::new();
    for (k, &(start, end)) in toks.iter().enumerate() {
        if start < skip.1 && skip.0 < end {
            continue;
        }
        if let Some((tense, reporting)) = cue_at(sentence, &toks, k) {
            out.push(Cue {
                tense,
                start,
                end,
                reporting,
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
///
/// Words are classified outwards from the span, and each side stops at the
/// first word farther away than the best cue so far: the nearest cue is
/// usually a word or two away, and most words never need a look-up.
fn nearest_tense(sentence: &str, start: usize, end: usize, own_words: bool) -> Tense {
    let (sentence, off) = near(sentence, start, end);
    let (start, end) = (start - off, end - off);
    if start > end || end > sentence.len() {
        // A span the callers never pass: rank every cue.
        return nearest_of_all(sentence, start, end, own_words);
    }
    let toks = words(sentence);
    // Words before the span end at or before `start`, words after it begin
    // at or after `end`; those between overlap the span.
    let before = toks.partition_point(|t| t.1 <= start);
    let after = toks.partition_point(|t| t.0 < end).max(before);
    // (distance, rank, tense) of the best cue so far.
    let mut best: Option<(usize, u8, Tense)> = None;
    let offer = |best: &mut Option<(usize, u8, Tense)>, k: usize, dist: usize, own: bool| {
        if let Some((tense, reporting)) = cue_at(sentence, &toks, k) {
            let dist = dist
                + if reporting && !own {
                    REPORTING_PENALTY
                } else {
                    0
                };
            let cand = (dist, rank(tense), tense);
            if best.is_none_or(|b| (cand.0, cand.1) < (b.0, b.1)) {
                *best = Some(cand);
            }
        }
    };
    if own_words {
        for k in before..after {
            offer(&mut best, k, 0, true);
        }
    }
    // A word farther than the best cue cannot win, whatever it is.
    let beaten = |best: &Option<(usize, u8, Tense)>, dist: usize| best.is_some_and(|b| dist > b.0);
    for k in (0..before).rev() {
        let dist = toks.get(k).map_or(0, |t| start.saturating_sub(t.1));
        if beaten(&best, dist) {
            break;
        }
        offer(&mut best, k, dist, false);
    }
    for k in after..toks.len() {
        let dist = toks.get(k).map_or(0, |t| t.0.saturating_sub(end));
        if beaten(&best, dist) {
            break;
        }
        offer(&mut best, k, dist, false);
    }
    best.map_or(Tense::Present, |(_, _, t)| t)
}

/// Order of tenses at equal distance: future, past, present.
fn rank(t: Tense) -> u8 {
    match t {
        Tense::Future => 0,
        Tense::Past => 1,
        Tense::Present => 2,
    }
}

/// [`nearest_tense`] over every cue of `sentence`, for any span.
fn nearest_of_all(sentence: &str, start: usize, end: usize, own_words: bool) -> Tense {
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
            (dist, rank(c.tense), c.tense)
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
    fn the_word_table_holds_exactly_the_lists() {
        let lists = [
            (IRREGULAR_PAST, IRREGULAR),
            (ED_NOT_PAST, NOT_PAST_ED),
            (REPORTING, REPORT),
            (PLAN_WORDS, PLAN),
        ];
        for (list, flag) in lists {
            for w in list {
                let expected = lists
                    .iter()
                    .filter(|(l, _)| l.contains(w))
                    .fold(0, |acc, (_, f)| acc | f);
                assert_eq!(WORD_FLAGS.get(w), expected, "{w}");
                assert_ne!(WORD_FLAGS.get(w) & flag, 0, "{w}");
            }
        }
        for w in ["", "the", "Said", "saidx", "sai", "to", "will"] {
            assert_eq!(WORD_FLAGS.get(w), 0, "{w}");
        }
    }

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
