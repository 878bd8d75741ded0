//! Actor recognition: countries, demonyms, capitals, organisations, people
//! and role phrases, then coreference inside the document.
//!
//! # How it works
//!
//! 1. **Gazetteer.** Every surface form of the [`ActorLexicon`] (countries,
//!    aliases, metonyms, organisations, blocs, think tanks, people's full
//!    names and their unambiguous short forms, coreference words; with the
//!    generated Phoenix files some 40,000) is one pattern of a
//!    case-sensitive table sorted by bytes, walked by binary search from
//!    each place a name may start; role words (roles.tsv) are an
//!    ASCII-case-insensitive Aho-Corasick automaton. Both are built once in
//!    [`ActorRecogniser::new`]. Matches must sit on word boundaries
//!    (no letter or digit on either side; a possessive `'s` is fine). Of
//!    overlapping matches the longest wins ("North Korean" over "the
//!    North", "Korean War" (a stop phrase) over "Korean").
//! 2. **Role phrases.** A state mention directly followed by a role word
//!    (optionally through a possessive) becomes one mention with the
//!    state's code and the role's sector: "North Korean troops" → PRK MIL,
//!    "Russia's defence ministry" → RUS MIL.
//! 3. **People.** A title role followed by a name makes one Person mention
//!    ("Russian Foreign Minister Sergei Lavrov"; "Col. Gen. O"); a title
//!    followed by the surname of known people who (at the document's date)
//!    all belong to one state resolves to the first of them ("President
//!    Museveni", `title-surname`); so does an
//!    apposition ("Vladimir Putin, the Russian president"; "the DPRK's
//!    ambassador to Russia, Sin Hong Chol"). A person in people.tsv takes
//!    the code and sector of the role held at the document's publication
//!    date ([`Person::role_at`]). An unknown name takes the code of the
//!    state in its phrase or, after a bare title, of the last state
//!    mentioned (`apposition:title-context`).
//! 4. **Analysts.** "X, a Korea analyst with Y" and "analyst X" make an
//!    [`ActorKind::Analyst`] mention without a code that swallows the
//!    country names inside the description.
//! 5. **Surnames.** Once a person was named in full, their short forms
//!    (people.tsv) and the last word of the name resolve to them for the
//!    rest of the document (`coref:surname`).
//! 6. **Coreference** (see the `coref` module): "the North", "Korea", "both
//!    sides", "the regime", conservative pronouns.
//!
//! Every mention's `rule` names the lexicon line (`actors.tsv:12`,
//! `people.tsv:40`, `countries.json:PRK`) or the rule that produced it.

#[path = "coref.rs"]
mod coref;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, MatchKind};
use dyad_doc::{ActorKind, ActorMention, Doc, PartialDate, Span};
use dyad_lexicon::actors::{ActorEntry, ActorLexicon, EntryKind, Person, RoleKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// What a gazetteer pattern stands for.
#[derive(Debug, Clone, Copy)]
enum Target {
    Entry(usize),
    PersonFull(usize),
    PersonShort(usize),
}

/// A role-word pattern.
#[derive(Debug, Clone)]
struct RoleTarget {
    sector: Option<String>,
    kind: RoleKind,
    rule: String,
}

/// A mention under construction.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub span: Span,
    pub code: Option<String>,
    pub sector: Option<String>,
    pub kind: ActorKind,
    pub name: String,
    pub group: Vec<String>,
    pub rule: String,
    /// A coreference word still to resolve.
    pub pending: Option<EntryKind>,
    /// A person (lexicon index) when known.
    pub person: Option<usize>,
    /// The role word was "regime" (for coreference of "the regime").
    pub regime: bool,
}

impl Item {
    fn is_state_like(&self) -> bool {
        self.pending.is_none()
            && self.code.is_some()
            && matches!(
                self.kind,
                ActorKind::Country
                    | ActorKind::Demonym
                    | ActorKind::Metonym
                    | ActorKind::Organisation
                    | ActorKind::Bloc
                    | ActorKind::Person
                    | ActorKind::Role
            )
    }
}

/// Finds actor mentions in a segmented [`Doc`]. Build once, reuse.
pub struct ActorRecogniser {
    names: Option<Matcher>,
    targets: Vec<Target>,
    roles: Option<Matcher>,
    role_targets: Vec<RoleTarget>,
    entries: Vec<ActorEntry>,
    people: Arc<Vec<Person>>,
    /// Codes of states (ISO and former ISO), as opposed to organisations.
    state_codes: HashSet<String>,
    expletives: HashSet<String>,
    /// People by the last word of each full name, for "President Museveni".
    surname_owners: HashMap<String, Vec<usize>>,
}

/// True when `c` continues a word (a match must not touch one).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The character starting at byte `i` (None off a character boundary).
/// ASCII is read without decoding: it is most of every text, and an ASCII
/// byte always starts a character.
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..).and_then(|s| s.chars().next()),
    }
}

/// The character ending at byte `i` (None off a character boundary). An
/// ASCII byte always ends a character, and a character boundary follows it.
fn char_before(text: &str, i: usize) -> Option<char> {
    match i.checked_sub(1).and_then(|p| text.as_bytes().get(p)) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(..i).and_then(|s| s.chars().next_back()),
    }
}

fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let before = char_before(text, start);
    let after = char_at(text, end);
    let first = char_at(text, start);
    let last = char_before(text, end);
    // Only a word character at the edge of the match needs a boundary
    // ("U.S." may be followed directly by a letter-less comma).
    let left = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let right = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    left && right
}

/// The first two bytes of every pattern, for [`Matcher::Walk`]: a walk
/// down the trie starts only where the text begins like some pattern.
struct Starts {
    /// Bit `b0 << 8 | b1` is set when a pattern starts with bytes b0, b1.
    pairs: Vec<u64>,
    /// Bytes that are a whole pattern.
    single: [bool; 256],
}

impl Starts {
    /// None when a pattern is empty (it matches anywhere: such a set is
    /// scanned). With `ascii_case_insensitive` both cases of an ASCII
    /// letter count.
    fn new(patterns: &[String], ascii_case_insensitive: bool) -> Option<Starts> {
        let cases = |b: u8| -> [u8; 2] {
            if ascii_case_insensitive {
                [b.to_ascii_lowercase(), b.to_ascii_uppercase()]
            } else {
                [b, b]
            }
        };
        let mut st = Starts {
            pairs: vec![0; 65536 / 64],
            single: [false; 256],
        };
        for p in patterns {
            match *p.as_bytes() {
                [] => return None,
                [b0] => {
                    for c0 in cases(b0) {
                        st.single[usize::from(c0)] = true;
                        // Any next byte: the pattern is matched already.
                        for c1 in 0..=u8::MAX {
                            st.set(c0, c1);
                        }
                    }
                }
                [b0, b1, ..] => {
                    for c0 in cases(b0) {
                        for c1 in cases(b1) {
                            st.set(c0, c1);
                        }
                    }
                }
            }
        }
        Some(st)
    }

    fn set(&mut self, b0: u8, b1: u8) {
        let k = usize::from(b0) << 8 | usize::from(b1);
        if let Some(w) = self.pairs.get_mut(k / 64) {
            *w |= 1 << (k % 64);
        }
    }

    /// Whether a pattern may start with `b0` followed by `b1` (None at the
    /// end of the text).
    fn may_start(&self, b0: u8, b1: Option<u8>) -> bool {
        match b1 {
            Some(b1) => {
                let k = usize::from(b0) << 8 | usize::from(b1);
                self.pairs
                    .get(k / 64)
                    .is_some_and(|w| w >> (k % 64) & 1 == 1)
            }
            None => self.single[usize::from(b0)],
        }
    }
}

/// A set of patterns and how to find them in a text.
enum Matcher {
    /// Walk the trie from every place a match may start (see
    /// [`Matcher::boundary_matches`]).
    Walk {
        nfa: Box<contiguous::NFA>,
        starts: Box<Starts>,
    },
    /// Case-sensitive patterns in byte order: the patterns starting at a
    /// place are narrowed down byte by byte by binary search. Finds what
    /// [`Matcher::Walk`] finds with no automaton to build, which for tens
    /// of thousands of names (people-phoenix.tsv) is most of the startup.
    Sorted {
        sorted: Box<SortedPatterns>,
        starts: Box<Starts>,
    },
    /// Scan the whole text for overlapping matches: when a pattern is
    /// empty (it matches anywhere) or the compact automaton does not build.
    Scan(AhoCorasick),
}

/// Patterns sorted by their bytes (then by id), with the range of those
/// starting with each pair of bytes.
struct SortedPatterns {
    /// (pattern bytes, pattern id), sorted.
    pats: Vec<(Box<[u8]>, usize)>,
    /// `head[k]..head[k + 1]`: the patterns of two bytes or more whose
    /// first two bytes are `k = b0 << 8 | b1`.
    head: Vec<u32>,
    /// The one-byte patterns, by byte.
    single: Vec<(u8, usize)>,
}

impl SortedPatterns {
    fn new(patterns: &[String]) -> Self {
        let mut pats: Vec<(Box<[u8]>, usize)> = Vec::with_capacity(patterns.len());
        let mut single = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match p.as_bytes() {
                [b] => single.push((*b, i)),
                bytes => pats.push((bytes.into(), i)),
            }
        }
        pats.sort_unstable();
        single.sort_unstable();
        let key = |p: &[u8]| match p {
            [a, b, ..] => usize::from(*a) << 8 | usize::from(*b),
            _ => 0,
        };
        let mut head = Vec::with_capacity(65537);
        let mut at = 0;
        for k in 0..=65536usize {
            while pats.get(at).is_some_and(|(p, _)| key(p) < k) {
                at += 1;
            }
            head.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        SortedPatterns { pats, head, single }
    }

    /// The patterns starting at byte `i` of `text` that pass
    /// [`boundary_ok`].
    fn walk_from(&self, text: &str, i: usize, cands: &mut Vec<(usize, usize, usize, usize)>) {
        let bytes = text.as_bytes().get(i..).unwrap_or(&[]);
        let Some(&b0) = bytes.first() else { return };
        let one = self.single.partition_point(|(b, _)| *b < b0);
        for (_, id) in self
            .single
            .get(one..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(b, _)| *b == b0)
        {
            if boundary_ok(text, i, i + 1) {
                cands.push((i, i + 1, *id, *id));
            }
        }
        let Some(&b1) = bytes.get(1) else { return };
        let k = usize::from(b0) << 8 | usize::from(b1);
        let bound = |k: usize| self.head.get(k).map_or(0, |&x| x as usize);
        let (mut lo, mut hi) = (bound(k), bound(k + 1));
        for (k, &b) in bytes.iter().enumerate().skip(1) {
            if k > 1 {
                // Every pattern in lo..hi starts with bytes[..k]; those no
                // longer than k come first (they were reported), then the
                // others by their byte k.
                let range = self.pats.get(lo..hi).unwrap_or(&[]);
                let from = range.partition_point(|(p, _)| p.get(k).is_none_or(|&x| x < b));
                let to = range.partition_point(|(p, _)| p.get(k).is_none_or(|&x| x <= b));
                (lo, hi) = (lo + from, lo + to);
            }
            if lo >= hi {
                return;
            }
            for (p, id) in self.pats.get(lo..hi).unwrap_or(&[]) {
                if p.len() != k + 1 {
                    break;
                }
                if boundary_ok(text, i, i + k + 1) {
                    cands.push((i, i + k + 1, *id, *id));
                }
            }
        }
    }
}

impl Matcher {
    /// Standard (all matches) semantics, as overlapping search needs.
    fn new(patterns: &[String], ascii_case_insensitive: bool) -> Option<Matcher> {
        if let Some(starts) = Starts::new(patterns, ascii_case_insensitive) {
            if !ascii_case_insensitive {
                return Some(Matcher::Sorted {
                    sorted: Box::new(SortedPatterns::new(patterns)),
                    starts: Box::new(starts),
                });
            }
            // Anchored walks never use a prefilter: none is built.
            let nfa = contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(ascii_case_insensitive)
                .prefilter(false)
                .build(patterns);
            if let Ok(nfa) = nfa {
                return Some(Matcher::Walk {
                    nfa: Box::new(nfa),
                    starts: Box::new(starts),
                });
            }
        }
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(patterns)
            .ok()
            .map(Matcher::Scan)
    }

    /// Every match in `text` that passes [`boundary_ok`], as (start, end,
    /// pattern, pattern), in no particular order. `starts` are the places
    /// such a match may start ([`match_starts`]): a walk down the trie
    /// starts only there, and only where the text begins like some
    /// pattern, which skips most of the text an overlapping scan reads
    /// byte by byte.
    fn boundary_matches(&self, text: &str, starts: &[usize]) -> Vec<(usize, usize, usize, usize)> {
        let mut cands = Vec::new();
        let (nfa, begins) = match self {
            Matcher::Walk { nfa, starts } => (nfa, starts),
            Matcher::Sorted {
                sorted,
                starts: begins,
            } => {
                let bytes = text.as_bytes();
                for &i in starts {
                    if let Some(&b) = bytes.get(i) {
                        if begins.may_start(b, bytes.get(i + 1).copied()) {
                            sorted.walk_from(text, i, &mut cands);
                        }
                    }
                }
                return cands;
            }
            Matcher::Scan(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    if boundary_ok(text, m.start(), m.end()) {
                        let pid = m.pattern().as_usize();
                        cands.push((m.start(), m.end(), pid, pid));
                    }
                }
                return cands;
            }
        };
        // An NFA always has an anchored start state.
        let Ok(start) = nfa.start_state(Anchored::Yes) else {
            return cands;
        };
        let bytes = text.as_bytes();
        for &i in starts {
            if let Some(&b) = bytes.get(i) {
                if begins.may_start(b, bytes.get(i + 1).copied()) {
                    walk_from(nfa, start, text, i, &mut cands);
                }
            }
        }
        cands
    }
}

/// The byte offsets where a match that passes [`boundary_ok`] may start:
/// every character but those inside a word (a match starting there fails
/// the left boundary test). Every pattern is UTF-8, so a match starts on a
/// character boundary.
fn match_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let mut prev_word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (word, len) = match ASCII_WORD.get(usize::from(b)) {
            Some(&w) => (w, 1),
            None => match char_at(text, i) {
                Some(c) => (is_word_char(c), c.len_utf8()),
                None => break,
            },
        };
        if !(word && prev_word) {
            out.push(i);
        }
        prev_word = word;
        i += len;
    }
    out
}

/// [`is_word_char`] of each ASCII character.
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The matches starting at `i` that pass [`boundary_ok`]: one anchored
/// walk down the trie, until no pattern continues the text.
fn walk_from(
    nfa: &contiguous::NFA,
    start: aho_corasick::automaton::StateID,
    text: &str,
    i: usize,
    cands: &mut Vec<(usize, usize, usize, usize)>,
) {
    let mut sid = start;
    for (end, &x) in (i + 1..).zip(text.as_bytes().get(i..).unwrap_or(&[])) {
        sid = nfa.next_state(Anchored::Yes, sid, x);
        if !nfa.is_special(sid) {
            continue;
        }
        if nfa.is_dead(sid) {
            return;
        }
        if nfa.is_match(sid) {
            for k in 0..nfa.match_len(sid) {
                let pid = nfa.match_pattern(sid, k);
                // A state also holds the patterns that end the text read
                // so far but start later: they are found from their own
                // start.
                if end - nfa.pattern_len(pid) == i && boundary_ok(text, i, end) {
                    cands.push((i, end, pid.as_usize(), pid.as_usize()));
                }
            }
        }
    }
}

/// Keeps the longest of overlapping spans (the earlier one on a tie, then
/// the lower pattern id), returned in text order.
///
/// Only spans that overlap compete, so the candidates are cut into runs of
/// overlapping spans (in text order) and each run is settled alone: most
/// runs are a single match, which is kept without further work.
fn longest_first<T: Copy>(mut v: Vec<(usize, usize, usize, T)>) -> Vec<(usize, usize, T)> {
    if v.iter().any(|c| c.0 >= c.1) {
        // Empty spans do not overlap the span they start; settle them the
        // general way.
        return longest_first_of(v);
    }
    v.sort_unstable_by_key(|c| (c.0, c.1, c.2));
    let mut out = Vec::with_capacity(v.len());
    let mut rest = v.as_slice();
    while let Some(first) = rest.first() {
        // The run: every span starting before the furthest end so far.
        let mut reach = first.1;
        let n = rest
            .iter()
            .skip(1)
            .take_while(|c| {
                let inside = c.0 < reach;
                reach = reach.max(c.1);
                inside
            })
            .count()
            + 1;
        let (run, tail) = rest.split_at(n);
        if let [only] = run {
            out.push((only.0, only.1, only.3));
        } else {
            out.extend(longest_first_of(run.to_vec()));
        }
        rest = tail;
    }
    out
}

/// [`longest_first`] on any spans: the longest first, each kept unless it
/// overlaps one already kept.
fn longest_first_of<T: Copy>(mut v: Vec<(usize, usize, usize, T)>) -> Vec<(usize, usize, T)> {
    v.sort_by(|a, b| {
        (b.1 - b.0)
            .cmp(&(a.1 - a.0))
            .then(a.0.cmp(&b.0))
            .then(a.2.cmp(&b.2))
    });
    // Taken spans never overlap, so only the one starting last before `e`
    // can overlap a candidate.
    let mut taken: std::collections::BTreeMap<usize, (usize, T)> = Default::default();
    for (s, e, _, t) in v {
        let clash = taken
            .range(..e)
            .next_back()
            .is_some_and(|(_, (te, _))| *te > s);
        if !clash {
            taken.insert(s, (e, t));
        }
    }
    taken.into_iter().map(|(s, (e, t))| (s, e, t)).collect()
}

/// The byte index after skipping spaces (not newlines) from `pos`.
fn skip_spaces(text: &str, mut pos: usize) -> usize {
    while let Some(c) = text.get(pos..).and_then(|s| s.chars().next()) {
        if c == ' ' || c == '\u{a0}' {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    pos
}

/// After a possessive `'s` / `’s` at `pos`, the index after it.
fn skip_possessive(text: &str, pos: usize) -> Option<usize> {
    let rest = text.get(pos..)?;
    for p in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(r) = rest.strip_prefix(p) {
            if !r.starts_with(|c: char| c.is_alphanumeric()) {
                return Some(pos + p.len());
            }
        }
    }
    None
}

/// A run of 1..=4 capitalised words starting exactly at `pos` (a name),
/// without a trailing possessive. Words are separated by single spaces.
pub(crate) fn name_run(text: &str, pos: usize) -> Option<Span> {
    let mut end = pos;
    let mut words = 0;
    let mut cur = pos;
    loop {
        let rest = text.get(cur..)?;
        let mut chars = rest.char_indices();
        let first = chars.next().map(|(_, c)| c)?;
        if !first.is_uppercase() {
            break;
        }
        let mut wend = rest.len();
        for (i, c) in rest.char_indices().skip(1) {
            if !(c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}') {
                wend = i;
                break;
            }
        }
        let mut word = &rest[..wend];
        for p in ["'s", "\u{2019}s", "'", "\u{2019}"] {
            if let Some(w) = word.strip_suffix(p) {
                word = w;
            }
        }
        // "Gen." and other abbreviations are titles, not names.
        if rest[wend..].starts_with('.') && word.chars().count() > 1 {
            break;
        }
        words += 1;
        end = cur + word.len();
        if word.len() < wend || words == 4 {
            break;
        }
        let next = cur + wend;
        if text.get(next..).is_some_and(|s| s.starts_with(' ')) {
            cur = next + 1;
        } else {
            break;
        }
    }
    (words > 0).then(|| Span::new(pos, end))
}

/// `items` is kept sorted by start and free of overlaps, so the items a
/// span overlaps are one contiguous range, found by binary search.
fn overlap_range(items: &[Item], span: &Span) -> std::ops::Range<usize> {
    let lo = items.partition_point(|i| i.span.end <= span.start);
    let hi = items.partition_point(|i| i.span.start < span.end).max(lo);
    lo..hi
}

fn has_overlap(items: &[Item], span: &Span) -> bool {
    !overlap_range(items, span).is_empty()
}

/// Replaces the items `it` overlaps by `it`, keeping the order.
fn replace(items: &mut Vec<Item>, it: Item) {
    let r = overlap_range(items, &it.span);
    let at = r.start;
    items.drain(r);
    items.insert(at, it);
}

/// The item starting exactly at `pos`.
fn starting_at(items: &[Item], pos: usize) -> Option<usize> {
    let k = items.partition_point(|i| i.span.start < pos);
    items.get(k).filter(|i| i.span.start == pos).map(|_| k)
}

/// The item ending exactly at `pos`.
fn ending_at(items: &[Item], pos: usize) -> Option<usize> {
    let k = items.partition_point(|i| i.span.end < pos);
    items.get(k).filter(|i| i.span.end == pos).map(|_| k)
}

/// Words (letters, digits, inner hyphens) with their byte offsets. ASCII
/// bytes are classified without decoding a `char`.
fn words(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (w, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'-', 1)
        } else {
            match text.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                None => break,
            }
        };
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.extend(text.get(s..i).map(|w| (s, w)));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.extend(text.get(s..).map(|w| (s, w)));
    }
    out
}

/// A name run ending exactly at `end` (walking back over capitalised words).
fn name_run_before(text: &str, end: usize) -> Option<Span> {
    let head = text.get(..end)?;
    let mut start = end;
    let mut words = 0;
    let mut cur = end;
    while words < 4 {
        let seg = head.get(..cur)?;
        let wstart = seg
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphabetic() || *c == '-'))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        let word = seg.get(wstart..)?;
        if !word.starts_with(|c: char| c.is_uppercase()) {
            break;
        }
        start = wstart;
        words += 1;
        if wstart == 0 || !seg[..wstart].ends_with(' ') {
            break;
        }
        cur = wstart - 1;
    }
    (words > 0).then(|| Span::new(start, end))
}

impl ActorRecogniser {
    /// Builds the automata from the lexicon (once).
    pub fn new(lex: &ActorLexicon) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        for (i, e) in lex.entries.iter().enumerate() {
            for f in &e.forms {
                patterns.push(f.clone());
                targets.push(Target::Entry(i));
            }
        }
        let mut short_owners: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, p) in lex.people.iter().enumerate() {
            for f in &p.forms {
                patterns.push(f.clone());
                targets.push(Target::PersonFull(i));
            }
            for s in &p.short {
                let owners = short_owners.entry(s.clone()).or_default();
                if !owners.contains(&i) {
                    owners.push(i);
                }
            }
        }
        // A short form several people share ("Kim") resolves only after a
        // full name in the document (see `surnames`).
        for (s, owners) in short_owners {
            if let [only] = owners.as_slice() {
                patterns.push(s);
                targets.push(Target::PersonShort(*only));
            }
        }
        let names = Matcher::new(&patterns, false);
        let mut surname_owners: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, p) in lex.people.iter().enumerate() {
            for f in &p.forms {
                if let Some(last) = f.split([' ', '-']).next_back() {
                    let owners = surname_owners.entry(last.to_string()).or_default();
                    if !owners.contains(&i) {
                        owners.push(i);
                    }
                }
            }
        }

        let mut role_patterns = Vec::new();
        let mut role_targets = Vec::new();
        for r in &lex.roles {
            for f in &r.forms {
                role_patterns.push(f.clone());
                role_targets.push(RoleTarget {
                    sector: r.sector.clone(),
                    kind: r.kind,
                    rule: r.origin.to_string(),
                });
            }
        }
        let roles = Matcher::new(&role_patterns, true);

        let state_codes = lex
            .entries
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EntryKind::Country | EntryKind::Demonym | EntryKind::Metonym
                )
            })
            .flat_map(|e| e.codes.iter().cloned())
            .collect();
        let expletives = lex
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Expletive)
            .flat_map(|e| e.forms.iter().cloned())
            .collect();
        ActorRecogniser {
            names,
            targets,
            roles,
            role_targets,
            entries: lex.entries.clone(),
            people: Arc::clone(&lex.people),
            state_codes,
            expletives,
            surname_owners,
        }
    }

    fn person_item(&self, idx: usize, span: Span, date: Option<&PartialDate>, rule: &str) -> Item {
        let p = self.people.get(idx);
        let role = p.and_then(|p| p.role_at(date));
        Item {
            span,
            code: role.map(|r| r.code.clone()),
            sector: role.map(|r| r.sector.clone()),
            kind: ActorKind::Person,
            name: p.map(|p| p.name.clone()).unwrap_or_default(),
            group: Vec::new(),
            rule: role
                .map(|r| r.origin.to_string())
                .unwrap_or_else(|| rule.to_string()),
            pending: None,
            person: Some(idx),
            regime: false,
        }
    }

    /// Gazetteer pass: one item per selected match (stop phrases dropped).
    fn gazetteer(&self, text: &str, starts: &[usize], date: Option<&PartialDate>) -> Vec<Item> {
        let Some(ac) = &self.names else {
            return Vec::new();
        };
        let cands = ac.boundary_matches(text, starts);
        let mut items = Vec::new();
        for (s, e, pid) in longest_first(cands) {
            let span = Span::new(s, e);
            match self.targets.get(pid) {
                Some(Target::Entry(i)) => {
                    let Some(entry) = self.entries.get(*i) else {
                        continue;
                    };
                    let kind = match entry.kind {
                        EntryKind::Stop | EntryKind::Expletive => continue,
                        EntryKind::Country => ActorKind::Country,
                        EntryKind::Demonym => ActorKind::Demonym,
                        EntryKind::Metonym => ActorKind::Metonym,
                        EntryKind::Organisation => ActorKind::Organisation,
                        EntryKind::Bloc => ActorKind::Bloc,
                        EntryKind::Analyst => ActorKind::Analyst,
                        _ => ActorKind::Coreference,
                    };
                    let pending = (kind == ActorKind::Coreference).then_some(entry.kind);
                    items.push(Item {
                        span,
                        code: entry.codes.first().cloned(),
                        sector: entry.sector.clone(),
                        kind,
                        name: entry.name.clone(),
                        // The candidates of "Korea" / the members of "the two Koreas".
                        group: if entry.codes.len() > 1 {
                            entry.codes.clone()
                        } else {
                            Vec::new()
                        },
                        rule: entry.rule.clone(),
                        pending,
                        person: None,
                        regime: false,
                    });
                }
                Some(Target::PersonFull(i)) => {
                    items.push(self.person_item(*i, span, date, "people.tsv"));
                }
                Some(Target::PersonShort(i)) => {
                    // An unambiguous surname: for a dated document only if
                    // the person held a role then.
                    let held = match (date, self.people.get(*i)) {
                        (Some(d), Some(p)) => p.roles.iter().any(|r| r.covers(d)),
                        _ => true,
                    };
                    if held {
                        items.push(self.person_item(*i, span, date, "people.tsv"));
                    }
                }
                None => {}
            }
        }
        items
    }

    fn role_hits(&self, text: &str, starts: &[usize]) -> Vec<(Span, usize)> {
        let Some(ac) = &self.roles else {
            return Vec::new();
        };
        let cands = ac.boundary_matches(text, starts);
        longest_first(cands)
            .into_iter()
            .map(|(s, e, p)| (Span::new(s, e), p))
            .collect()
    }

    /// Fills `doc.actors`, sorted by span start.
    pub fn recognise(&self, doc: &mut Doc) {
        let date = doc.meta.published;
        let text = doc.text.as_str();
        let sent_starts: Vec<usize> = doc.sentences.iter().map(|s| s.span.start).collect();
        let sent_of = |pos: usize| sent_starts.partition_point(|s| *s <= pos).saturating_sub(1);

        let starts = match_starts(text);
        let all = self.gazetteer(text, &starts, date.as_ref());
        let roles = self.role_hits(text, &starts);
        // Role phrases, titles and analysts never cross a sentence: work
        // sentence by sentence on small vectors (edits stay cheap).
        let mut items: Vec<Item> = Vec::with_capacity(all.len());
        let mut pending_items = all.into_iter().peekable();
        let mut ri = 0;
        let n_chunks = sent_starts.len().max(1);
        for k in 0..n_chunks {
            let end = sent_starts.get(k + 1).copied().unwrap_or(usize::MAX);
            let mut chunk: Vec<Item> = Vec::new();
            while let Some(it) = pending_items.next_if(|i| i.span.start < end) {
                chunk.push(it);
            }
            let r0 = ri;
            while roles.get(ri).is_some_and(|(r, _)| r.start < end) {
                ri += 1;
            }
            let chunk_roles = roles.get(r0..ri).unwrap_or(&[]);
            if !chunk_roles.is_empty() {
                let prior = self.last_state_before(&items, usize::MAX);
                self.analysts(text, chunk_roles, &mut chunk);
                self.role_phrases(
                    text,
                    chunk_roles,
                    &mut chunk,
                    &sent_of,
                    prior,
                    date.as_ref(),
                );
            }
            items.append(&mut chunk);
        }
        self.surnames(text, &mut items);
        items.sort_by_key(|i| i.span.start);
        coref::resolve(self, text, &mut items, &sent_of, &sent_starts);

        doc.actors = items
            .into_iter()
            .filter(|i| i.pending.is_none())
            .map(|i| ActorMention {
                sentence: sent_of(i.span.start),
                span: i.span,
                code: i.code,
                sector: i.sector,
                kind: i.kind,
                name: i.name,
                group: i.group,
                rule: i.rule,
            })
            .collect();
    }

    /// "X, a Korea analyst with Y", "analyst X": Analyst mentions.
    fn analysts(&self, text: &str, roles: &[(Span, usize)], items: &mut Vec<Item>) {
        for (rspan, rid) in roles {
            let Some(rt) = self.role_targets.get(*rid) else {
                continue;
            };
            if rt.kind != RoleKind::Analyst {
                continue;
            }
            // Leftwards: "Name, a|an <up to four words> analyst".
            let mut found: Option<Span> = None;
            // Only the last few words before the role word matter.
            let mut from = rspan.start.saturating_sub(120);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            if let Some(head) = text.get(from..rspan.start) {
                for art in [", a ", ", an ", ", the "] {
                    if let Some(k) = head.rfind(art) {
                        let between = &head[k + art.len()..];
                        let k = from + k;
                        let nwords = between.split_whitespace().count();
                        if nwords <= 4 && !between.contains([',', '.', '"', '\u{201c}', '\n']) {
                            if let Some(run) = name_run_before(text, k) {
                                found = Some(Span::new(run.start, rspan.end));
                            }
                        }
                    }
                    if found.is_some() {
                        break;
                    }
                }
            }
            // Rightwards: "analyst Name" (a capitalised "Expert" is a heading).
            let lower = text
                .get(rspan.start..)
                .is_some_and(|s| s.starts_with(|c: char| c.is_lowercase()));
            if found.is_none() && lower {
                let p = skip_spaces(text, rspan.end);
                if p > rspan.end {
                    if let Some(run) = name_run(text, p) {
                        if !has_overlap(items, &run) {
                            found = Some(Span::new(rspan.start, run.end));
                        }
                    }
                }
            }
            let Some(mut span) = found else { continue };
            // "... with|at|of [The] Organisation": part of the description.
            for prep in [" with ", " at ", " of ", " from "] {
                if text.get(span.end..).is_some_and(|s| s.starts_with(prep)) {
                    let p = span.end + prep.len();
                    if let Some(org) = starting_at(items, p).and_then(|k| items.get(k)) {
                        span.end = org.span.end;
                    } else if let Some(run) = name_run(text, p) {
                        span.end = run.end;
                    }
                    break;
                }
            }
            let name_end = name_run(text, span.start).map_or(span.end, |r| r.end);
            let name = text.get(span.start..name_end).unwrap_or("").to_string();
            let code = items
                .iter()
                .find(|i| span.contains(&i.span) && i.kind == ActorKind::Analyst)
                .and_then(|i| i.code.clone());
            replace(
                items,
                Item {
                    span,
                    code,
                    sector: None,
                    kind: ActorKind::Analyst,
                    name,
                    group: Vec::new(),
                    rule: format!("apposition:analyst@{}", rt.rule),
                    pending: None,
                    person: None,
                    regime: false,
                },
            );
        }
    }

    /// State + role word, title + name, and appositions.
    fn role_phrases(
        &self,
        text: &str,
        roles: &[(Span, usize)],
        items: &mut Vec<Item>,
        sent_of: &dyn Fn(usize) -> usize,
        prior: Option<String>,
        date: Option<&PartialDate>,
    ) {
        for (rspan, rid) in roles {
            let Some(rt) = self.role_targets.get(*rid) else {
                continue;
            };
            if rt.kind == RoleKind::Analyst {
                continue;
            }
            // A role word inside an analyst mention or a name is no role.
            let inside = overlap_range(items, rspan);
            if items.get(inside).is_some_and(|v| {
                v.iter()
                    .any(|i| i.span.contains(rspan) && i.kind != ActorKind::Organisation)
            }) {
                continue;
            }
            // Leftwards: the state (or person) right before it.
            let left = items
                .partition_point(|i| i.span.end <= rspan.start)
                .checked_sub(1);
            let owner = left.filter(|&k| {
                let Some(i) = items.get(k) else { return false };
                if i.span.end > rspan.start || !(i.is_state_like() || i.kind == ActorKind::Role) {
                    return false;
                }
                if sent_of(i.span.start) != sent_of(rspan.start) {
                    return false;
                }
                let p = skip_possessive(text, i.span.end).unwrap_or(i.span.end);
                skip_spaces(text, p) == rspan.start
                    && (p > i.span.end || skip_spaces(text, i.span.end) > i.span.end)
            });
            // Rightwards: a title followed by a name.
            let after = skip_spaces(text, rspan.end);
            let named_person = (rt.kind == RoleKind::Title && after > rspan.end)
                .then(|| starting_at(items, after))
                .flatten()
                .filter(|&k| items.get(k).is_some_and(|i| i.kind == ActorKind::Person));
            let unknown_name =
                if rt.kind == RoleKind::Title && after > rspan.end && named_person.is_none() {
                    name_run(text, after).filter(|run| !has_overlap(items, run))
                } else {
                    None
                };
            let owner_item = owner.and_then(|o| items.get(o).cloned());
            if let Some(pi) = named_person {
                // "Russian Foreign Minister Sergei Lavrov": one Person.
                let Some(mut p) = items.get(pi).cloned() else {
                    continue;
                };
                let start = owner_item.as_ref().map_or(rspan.start, |o| o.span.start);
                p.span = Span::new(start, p.span.end);
                if p.code.is_none() {
                    p.code = owner_item.as_ref().and_then(|o| o.code.clone());
                    p.sector = rt.sector.clone();
                }
                replace(items, p);
                continue;
            }
            if let Some(run) = unknown_name {
                // "President Museveni": a title and the surname of one
                // known person (or of several with the same state).
                if let Some(idx) = self.titled_surname(text, &run, date) {
                    let start = owner_item.as_ref().map_or(rspan.start, |o| o.span.start);
                    let mut p =
                        self.person_item(idx, Span::new(start, run.end), date, "people.tsv");
                    p.rule = format!("title-surname@{}", p.rule);
                    replace(items, p);
                    continue;
                }
                let (code, how) = match &owner_item {
                    Some(o) => (o.code.clone(), "apposition:title"),
                    None => (
                        self.last_state_before(items, rspan.start)
                            .or_else(|| prior.clone()),
                        "apposition:title-context",
                    ),
                };
                if code.is_none() {
                    continue;
                }
                let start = owner_item.as_ref().map_or(rspan.start, |o| o.span.start);
                let span = Span::new(start, run.end);
                replace(
                    items,
                    Item {
                        span,
                        code,
                        sector: rt.sector.clone(),
                        kind: ActorKind::Person,
                        name: text.get(run.start..run.end).unwrap_or("").to_string(),
                        group: Vec::new(),
                        rule: format!("{how}@{}", rt.rule),
                        pending: None,
                        person: None,
                        regime: false,
                    },
                );
                continue;
            }
            let Some(o) = owner_item else { continue };
            if o.code.is_none() || o.kind == ActorKind::Person && rt.kind == RoleKind::Title {
                continue;
            }
            // "North Korean troops": one mention of the state's part.
            let span = Span::new(o.span.start, rspan.end);
            let role_text = text.get(rspan.start..rspan.end).unwrap_or("");
            let merged = Item {
                span,
                code: o.code.clone(),
                sector: rt.sector.clone(),
                kind: ActorKind::Role,
                name: o.name.clone(),
                group: o.group.clone(),
                rule: format!("role:{}+{}", rt.rule, o.rule),
                pending: None,
                person: None,
                regime: role_text.eq_ignore_ascii_case("regime"),
            };
            replace(items, merged.clone());
            self.apposition_after(text, items, &merged, rt.kind == RoleKind::Title);
        }
    }

    /// "Name, the Russian president" / "X's ambassador to Y, Name".
    fn apposition_after(&self, text: &str, items: &mut Vec<Item>, role: &Item, title: bool) {
        if !title {
            return;
        }
        if self.apposition_role_comma(text, items, role) {
            return;
        }
        // Before: "Name, [the|a] <role>".
        let head = text.get(..role.span.start).unwrap_or("");
        for lead in [", the ", ", a ", ", an ", ", "] {
            if let Some(h) = head.strip_suffix(lead) {
                let end = h.len();
                if let Some(pi) = ending_at(items, end)
                    .filter(|&k| items.get(k).is_some_and(|i| i.kind == ActorKind::Person))
                {
                    // A known person: one mention over both.
                    if let Some(mut p) = items.get(pi).cloned() {
                        p.span = Span::new(p.span.start, role.span.end);
                        replace(items, p);
                    }
                    return;
                }
                // "in Vladivostok, the ambassador": a place, not a name.
                let after_lower_word = name_run_before(text, end).is_some_and(|run| {
                    text.get(..run.start)
                        .map(str::trim_end)
                        .and_then(|h| h.chars().next_back())
                        .is_some_and(char::is_lowercase)
                });
                // Two words at least: "Furthermore, the ..." is no name.
                let two_words = |run: &Span| {
                    text.get(run.start..run.end)
                        .is_some_and(|s| s.split_whitespace().count() >= 2)
                };
                if let Some(run) = name_run_before(text, end).filter(|_| !after_lower_word) {
                    if !has_overlap(items, &run) && two_words(&run) {
                        let span = Span::new(run.start, role.span.end);
                        let p = Item {
                            span,
                            kind: ActorKind::Person,
                            name: text.get(run.start..run.end).unwrap_or("").to_string(),
                            rule: format!("apposition:after@{}", role.rule),
                            ..role.clone()
                        };
                        replace(items, p);
                        return;
                    }
                }
                return;
            }
        }
    }

    /// "<role> [to <state>], Name": a Person for the name. True if found.
    fn apposition_role_comma(&self, text: &str, items: &mut Vec<Item>, role: &Item) -> bool {
        let mut p = role.span.end;
        if text.get(p..).is_some_and(|s| s.starts_with(" to ")) {
            if let Some(t) = starting_at(items, p + 4).and_then(|k| items.get(k)) {
                p = t.span.end;
            }
        }
        if let Some(rest) = text.get(p..) {
            if let Some(r) = rest.strip_prefix(", ") {
                let at = text.len() - r.len();
                if let Some(run) = name_run(text, at) {
                    if !has_overlap(items, &run) && run.len() > 2 {
                        replace(
                            items,
                            Item {
                                span: run,
                                kind: ActorKind::Person,
                                name: text.get(run.start..run.end).unwrap_or("").to_string(),
                                rule: format!("apposition:role-comma@{}", role.rule),
                                regime: false,
                                ..role.clone()
                            },
                        );
                        return true;
                    }
                }
            }
        }
        false
    }

    /// The person a title's one-word name run names: the people with that
    /// surname (who held a role at `date`, for a dated document) when they
    /// all belong to one state or organisation; the first of them.
    fn titled_surname(&self, text: &str, run: &Span, date: Option<&PartialDate>) -> Option<usize> {
        let word = text.get(run.start..run.end)?;
        if word.contains(' ') || word.chars().count() < 3 {
            return None;
        }
        let cands: Vec<usize> = self
            .surname_owners
            .get(word)?
            .iter()
            .copied()
            .filter(|&i| {
                date.is_none_or(|d| {
                    self.people
                        .get(i)
                        .is_some_and(|p| p.roles.iter().any(|r| r.covers(d)))
                })
            })
            .collect();
        let first = *cands.first()?;
        let code_of = |i: usize| {
            self.people
                .get(i)
                .and_then(|p| p.role_at(date))
                .map(|r| r.code.as_str())
        };
        let code = code_of(first)?;
        cands
            .iter()
            .all(|&i| code_of(i) == Some(code))
            .then_some(first)
    }

    fn last_state_before(&self, items: &[Item], pos: usize) -> Option<String> {
        let upto = items.partition_point(|i| i.span.end <= pos);
        items
            .get(..upto)?
            .iter()
            .rfind(|i| {
                i.span.end <= pos
                    && i.is_state_like()
                    && i.code
                        .as_ref()
                        .is_some_and(|c| self.state_codes.contains(c))
            })
            .and_then(|i| i.code.clone())
    }

    /// Short forms of people named in full earlier in the document.
    fn surnames(&self, text: &str, items: &mut Vec<Item>) {
        items.sort_by_key(|i| i.span.start);
        // (short form, position seen, template item)
        let mut known: HashMap<String, Vec<(usize, Item)>> = HashMap::default();
        for it in items.iter() {
            if !matches!(it.kind, ActorKind::Person | ActorKind::Analyst) || it.name.is_empty() {
                continue;
            }
            let mut shorts: Vec<String> = Vec::new();
            if let Some(p) = it.person.and_then(|i| self.people.get(i)) {
                shorts.extend(p.short.iter().cloned());
            }
            if let Some(last) = it.name.split_whitespace().next_back() {
                if last.chars().count() > 1 {
                    shorts.push(last.to_string());
                }
            }
            let parts: Vec<&str> = it.name.split_whitespace().collect();
            if parts.len() == 3 && it.person.is_none() && it.kind == ActorKind::Person {
                // East Asian order ("Sin Hong Chol"): the family name leads.
                if let Some(first) = parts.first() {
                    shorts.push(first.to_string());
                }
            }
            for s in shorts {
                known.entry(s).or_default().push((it.span.end, it.clone()));
            }
        }
        if known.is_empty() {
            // No one was named in full: no word of the text is a surname.
            return;
        }
        let mut extra = Vec::new();
        for (start, word) in words(text) {
            if !word.starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
            let span = Span::new(start, start + word.len());
            let Some(seen) = known.get(word) else {
                continue;
            };
            if has_overlap(items, &span) {
                continue;
            }
            // The latest person named in full before this point.
            let latest = seen.iter().rev().find(|(seen, _)| *seen <= start);
            if let Some((_, t)) = latest {
                let mut t = t.clone();
                t.span = span;
                t.rule = format!("coref:surname@{}", t.rule);
                extra.push(t);
            }
        }
        items.extend(extra);
    }
}

#[cfg(test)]
mod longest_first_tests {
    use super::*;

    /// Settling runs of overlapping spans one by one keeps what settling
    /// all spans at once keeps.
    #[test]
    fn runs_settle_like_the_whole() {
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..2000 {
            let count = next(12);
            let v: Vec<(usize, usize, usize, usize)> = (0..count)
                .map(|pid| {
                    let s = next(40);
                    (s, s + 1 + next(8), pid, pid)
                })
                .collect();
            assert_eq!(longest_first(v.clone()), longest_first_of(v));
        }
    }
}

#[cfg(test)]
mod matcher_tests {
    use super::*;

    /// The whole-text scan, for comparison.
    fn scan(patterns: &[String], ci: bool, text: &str) -> Vec<(usize, usize, usize, usize)> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(ci)
            .build(patterns)
            .map(Matcher::Scan);
        let mut v = ac.map_or_else(|_| Vec::new(), |m| m.boundary_matches(text, &[]));
        v.sort_unstable();
        v
    }

    /// Walking from the possible starts finds what scanning the whole text
    /// finds: overlapping and nested patterns, suffixes of other patterns,
    /// one-byte patterns, patterns starting with punctuation, non-ASCII.
    #[test]
    fn walk_finds_what_the_scan_finds() {
        let patterns: Vec<String> = [
            "North Korea",
            "North Korean",
            "Korea",
            "Korean War",
            "the North",
            "North",
            "U.S.",
            "S.",
            "I",
            "'s army",
            "Côte d'Ivoire",
            "Ivoire",
            "minister",
            "Minister of Defence",
            "defence",
            "é",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let texts = [
            "the North Korean troops met the North. Korea's U.S. ally; I said US.",
            "NorthKorea North-Korea Korea'S 'S ARMY 's army Côte d'Ivoire's Ivoireé",
            "é é Ministerial MINISTER OF DEFENCE minister of defence, defencé I",
            "",
            "I",
            "x North Korea",
        ];
        for ci in [false, true] {
            let Some(walk) = Matcher::new(&patterns, ci) else {
                panic!("the patterns build");
            };
            if ci {
                assert!(matches!(walk, Matcher::Walk { .. }));
            } else {
                assert!(matches!(walk, Matcher::Sorted { .. }));
            }
            for text in texts {
                let mut got = walk.boundary_matches(text, &match_starts(text));
                got.sort_unstable();
                assert_eq!(got, scan(&patterns, ci, text), "{text:?} ci={ci}");
            }
        }
        // An empty pattern matches anywhere: the text is scanned.
        let with_empty = vec![String::new(), "Korea".to_string()];
        assert!(matches!(
            Matcher::new(&with_empty, false),
            Some(Matcher::Scan(_))
        ));
    }
}
