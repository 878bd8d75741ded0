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
//! The word lists the rules consult (irregular past forms, -ed words that
//! are no past verbs, reporting verbs, plan words) are data:
//! `lexicon/tense.tsv`, loaded and checked with the rest of the lexicon
//! ([`TenseWords::new`]). The free functions use the built-in lists.

use crate::Tense;
use dyad_lexicon::time::{TenseKind, TimeLexicon};
use dyad_lexicon::Sources;
use std::borrow::Cow;
use std::sync::OnceLock;

/// How much further away a reporting verb counts, in bytes.
const REPORTING_PENALTY: usize = 40;

/// Flags of a word in a [`TenseWords`] table: the lists it belongs to.
const IRREGULAR: u8 = 1;
const NOT_PAST_ED: u8 = 2;
const REPORT: u8 = 4;
const PLAN: u8 = 8;

/// The tense word lists of `lexicon/tense.tsv` as one open-addressing hash
/// table: every word of the text is looked up, and one hashed probe costs
/// less than scanning 200 list entries.
#[derive(Debug, Clone)]
pub struct TenseWords {
    /// A power of two, over twice the number of words, so that a probe for
    /// a word not in the lists ends after a slot or two.
    slots: Vec<(Box<str>, u8)>,
}

/// FNV-1a: a few instructions per byte.
fn hash(bytes: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize
}

impl TenseWords {
    /// The table of the lexicon's tense words.
    pub fn new(lex: &TimeLexicon) -> Self {
        let n = (2 * lex.tense.len() + 1).next_power_of_two().max(16);
        let mut t = TenseWords {
            slots: vec![(Box::from(""), 0); n],
        };
        for w in &lex.tense {
            let flag = match w.kind {
                TenseKind::Past => IRREGULAR,
                TenseKind::NotPast => NOT_PAST_ED,
                TenseKind::Report => REPORT,
                TenseKind::Plan => PLAN,
            };
            t.add(&w.word, flag);
        }
        t
    }

    /// The table of the built-in `tense.tsv`, made once per process (empty
    /// if the built-in lexicon could not be read, which its tests rule out).
    pub fn builtin() -> &'static TenseWords {
        static BUILTIN: OnceLock<TenseWords> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let lex = TimeLexicon::load(&Sources::builtin()).unwrap_or_default();
            TenseWords::new(&lex)
        })
    }

    /// Adds `flag` to `word`. The table cannot fill up (it has more slots
    /// than the lists have words), so the probe always ends.
    fn add(&mut self, word: &str, flag: u8) {
        let n = self.slots.len();
        let mut k = hash(word.as_bytes()) % n;
        for _ in 0..n {
            let (w, f) = &mut self.slots[k];
            if w.is_empty() {
                *w = Box::from(word);
                *f = flag;
                return;
            }
            if &**w == word {
                *f |= flag;
                return;
            }
            k = (k + 1) % n;
        }
    }

    /// The flags of `word` (0 for a word in no list).
    fn get(&self, word: &str) -> u8 {
        let n = self.slots.len();
        let mut k = hash(word.as_bytes()) % n;
        // A full cycle cannot happen (the table has empty slots); the bound
        // only makes that obvious.
        for _ in 0..n {
            match self.slots.get(k) {
                Some((w, f)) if &**w == word => return *f,
                Some((w, _)) if !w.is_empty() => k = (k + 1) % n,
                _ => return 0,
            }
        }
        0
    }

    /// The tense of the words nearest to the expression at byte range
    /// `start..end` of `sentence` (see the module documentation).
    pub fn tense_at(&self, sentence: &str, start: usize, end: usize) -> Tense {
        nearest_tense(self, sentence, start, end, false)
    }

    /// The tense of a verb (or verb phrase) at byte range `start..end` of
    /// `sentence`: unlike [`TenseWords::tense_at`], the words of the span
    /// are cues themselves, and the nearest one wins ("Russia urged
    /// restraint" is past because of "urged"; "Russia is urging" present
    /// because of "is"). Used to date an event by its trigger.
    pub fn tense_of_verb(&self, sentence: &str, start: usize, end: usize) -> Tense {
        nearest_tense(self, sentence, start, end, true)
    }

    /// The tense of a whole sentence: future when any future cue is
    /// present, else past when any past cue is, else present.
    pub fn tense_of(&self, sentence: &str) -> Tense {
        let cs = cues(self, sentence, (0, 0));
        if cs.iter().any(|c| c.tense == Tense::Future) {
            Tense::Future
        } else if cs.iter().any(|c| c.tense == Tense::Past) {
            Tense::Past
        } else {
            Tense::Present
        }
    }
}

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
fn cue_at(lists: &TenseWords, s: &str, toks: &[(usize, usize)], k: usize) -> Option<(Tense, bool)> {
    let word = |j: usize| toks.get(j).and_then(|&(a, b)| s.get(a..b)).map(normalise);
    let w = word(k)?;
    let w = w.as_ref();
    let prev = || k.checked_sub(1).and_then(word);
    let flags = lists.get(w);
    let tense = if matches!(
        w,
        "will" | "shall" | "won't" | "next" | "upcoming" | "forthcoming"
    ) || w.ends_with("'ll")
        || (w == "to" && prev().is_some_and(|p| lists.get(&p) & PLAN != 0))
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

fn cues(lists: &TenseWords, sentence: &str, skip: (usize, usize)) -> Vec<Cue> {
    let toks = words(sentence);
    let mut out = Vec::new();
    for (k, &(start, end)) in toks.iter().enumerate() {
        if start < skip.1 && skip.0 < end {
            continue;
        }
        if let Some((tense, reporting)) = cue_at(lists, sentence, &toks, k) {
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
/// `start..end` of `sentence` (see the module documentation), with the
/// built-in word lists ([`TenseWords::tense_at`] with a lexicon's).
pub fn tense_at(sentence: &str, start: usize, end: usize) -> Tense {
    TenseWords::builtin().tense_at(sentence, start, end)
}

/// The tense of a verb (or verb phrase) at byte range `start..end` of
/// `sentence`: unlike [`tense_at`], the words of the span are cues
/// themselves, and the nearest one wins ("Russia urged restraint" is past
/// because of "urged"; "Russia is urging" present because of "is"). Used to
/// date an event by its trigger. With the built-in word lists
/// ([`TenseWords::tense_of_verb`] with a lexicon's).
pub fn tense_of_verb(sentence: &str, start: usize, end: usize) -> Tense {
    TenseWords::builtin().tense_of_verb(sentence, start, end)
}

/// The tense of the nearest cue to `start..end` (future before past before
/// present at equal distance; reporting verbs count as farther unless they
/// are the span itself). `own_words`: whether the span's words are cues.
///
/// Words are classified outwards from the span, and each side stops at the
/// first word farther away than the best cue so far: the nearest cue is
/// usually a word or two away, and most words never need a look-up.
fn nearest_tense(
    lists: &TenseWords,
    sentence: &str,
    start: usize,
    end: usize,
    own_words: bool,
) -> Tense {
    let (sentence, off) = near(sentence, start, end);
    let (start, end) = (start - off, end - off);
    if start > end || end > sentence.len() {
        // A span the callers never pass: rank every cue.
        return nearest_of_all(lists, sentence, start, end, own_words);
    }
    let toks = words(sentence);
    // Words before the span end at or before `start`, words after it begin
    // at or after `end`; those between overlap the span.
    let before = toks.partition_point(|t| t.1 <= start);
    let after = toks.partition_point(|t| t.0 < end).max(before);
    // (distance, rank, tense) of the best cue so far.
    let mut best: Option<(usize, u8, Tense)> = None;
    let offer = |best: &mut Option<(usize, u8, Tense)>, k: usize, dist: usize, own: bool| {
        if let Some((tense, reporting)) = cue_at(lists, sentence, &toks, k) {
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
fn nearest_of_all(
    lists: &TenseWords,
    sentence: &str,
    start: usize,
    end: usize,
    own_words: bool,
) -> Tense {
    let skip = if own_words { (0, 0) } else { (start, end) };
    let best = cues(lists, sentence, skip)
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
/// else past when any past cue is, else present. With the built-in word
/// lists ([`TenseWords::tense_of`] with a lexicon's).
pub fn tense_of(sentence: &str) -> Tense {
    TenseWords::builtin().tense_of(sentence)
}

#[cfg(test)]
mod window_tests {
    use super::*;

    #[test]
    fn the_word_table_holds_exactly_the_lists() {
        let lex = TimeLexicon::load(&Sources::builtin()).unwrap_or_else(|e| panic!("{e}"));
        let table = TenseWords::new(&lex);
        let flag = |k: TenseKind| match k {
            TenseKind::Past => IRREGULAR,
            TenseKind::NotPast => NOT_PAST_ED,
            TenseKind::Report => REPORT,
            TenseKind::Plan => PLAN,
        };
        for w in &lex.tense {
            let expected = lex
                .tense
                .iter()
                .filter(|o| o.word == w.word)
                .fold(0, |acc, o| acc | flag(o.kind));
            assert_eq!(table.get(&w.word), expected, "{}", w.word);
            assert_ne!(table.get(&w.word) & flag(w.kind), 0, "{}", w.word);
        }
        for w in ["", "the", "Said", "saidx", "sai", "to", "will"] {
            assert_eq!(table.get(w), 0, "{w}");
        }
        // Every list has words, and "said" is in two.
        for k in [
            TenseKind::Past,
            TenseKind::NotPast,
            TenseKind::Report,
            TenseKind::Plan,
        ] {
            assert!(lex.tense.iter().any(|w| w.kind == k), "{k:?}");
        }
        assert_eq!(table.get("said"), IRREGULAR | REPORT);
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
