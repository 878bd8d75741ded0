//! Sentence context: what the coder works out once per sentence, before
//! any trigger is coded.
//!
//! [`SentenceCtx`] holds the sentence's tokens, its actor mentions mapped
//! onto the tokens ([`Slot`]s, with their governing preposition and
//! coordination group), the trigger and status-cue matches, the clause
//! index and the relative-clause mark of every token, and the dependency
//! parse, made on first need. Why one struct: every later step (roles,
//! anaphora, status, date) asks these same questions of the same sentence,
//! and one context keeps their signatures short and says what they read.

use crate::syntax;
use crate::tokens::{tokenize, Token};
use crate::words::{
    CLAUSE_OPENERS, COORDINATORS, DETERMINERS, POSSESSIVE_DETERMINERS, PREPOSITIONS,
};
use crate::{Coder, CueHit, Hit, Slot};
use dyad_doc::{Doc, Event, Span};
use dyad_lexicon::events::CueKind;
use rustc_hash::FxHashSet as HashSet;
use std::cell::OnceCell;

/// Longest sentence the coder reads (bytes); real sentences stay far below.
/// A "sentence" of many kilobytes is text without full stops (a dump, a
/// list), not prose: coding it costs time quadratic in its length for no
/// events an analyst could use.
pub(crate) const MAX_SENTENCE_BYTES: usize = 10_000;

/// How many words an apposition may stand after the prepositional phrase
/// it renames and share its preposition ("unlike its northern neighbour,
/// China, ...").
const APPOSITION_WINDOW: usize = 6;

/// How many words before a reporting verb "what" puts it inside a noun
/// phrase ("struck what New Delhi said was a camp").
const WHAT_WINDOW: usize = 4;

/// How many words may join two actors into one coordination group ("X and
/// his counterpart Y", "X, as well as Y"): more is a clause of its own.
const MAX_COORDINATION_WORDS: usize = 4;

/// How many determiners and adjectives may stand between a preposition and
/// the actor it governs ("with the three neighbouring states", "in the
/// Moscow-backed republics"): further back the preposition governs
/// something else.
const MAX_PREPOSITION_MODIFIERS: usize = 3;

/// How far before "including"/"such as" the preposition of the noun the
/// examples belong to may stand ("with several other countries, including").
const EXAMPLE_HEAD_WINDOW: usize = 6;

/// Everything the coder knows about one sentence before coding its
/// triggers. Built by [`Coder::sentence_context`]; read-only afterwards
/// (the parse is filled in on first use).
pub(crate) struct SentenceCtx<'a> {
    /// The document the sentence belongs to.
    pub(crate) doc: &'a Doc,
    /// The sentence's index in `doc.sentences`.
    pub(crate) si: usize,
    /// The sentence's tokens.
    pub(crate) toks: Vec<Token>,
    /// Its actor mentions, in token order.
    pub(crate) slots: Vec<Slot>,
    /// Its trigger matches, leftmost-longest.
    pub(crate) hits: Vec<Hit>,
    /// Its status cues (none inside an actor name or a time expression).
    pub(crate) cues: Vec<CueHit>,
    /// The clause index of every token.
    pub(crate) clause: Vec<usize>,
    /// Whether each token stands in a relative clause set off by commas.
    pub(crate) paren: Vec<bool>,
    /// The events coded in the document's earlier sentences.
    pub(crate) prev: &'a [Event],
    /// The document's main dyad ([`crate::anaphora::main_dyad`]).
    pub(crate) dyad: &'a [String],
    /// The dependency parse, made on first need ([`SentenceCtx::parse`]).
    syntax: OnceCell<Option<syntax::Syntax>>,
}

impl<'a> SentenceCtx<'a> {
    /// The sentence's parse, made on first call: only when a verbal
    /// trigger with actors around it reaches role assignment (parsing is
    /// the dearest step of coding; most sentences never need it). `None`
    /// when the model cannot be read or the sentence is not parsed.
    pub(crate) fn parse(&self) -> Option<&syntax::Syntax> {
        self.syntax
            .get_or_init(|| {
                let sent = self.doc.sentences.get(self.si)?;
                syntax::builtin_model().and_then(|m| {
                    syntax::Syntax::parse(m, &self.doc.text, sent.span.start, sent.span.end)
                })
            })
            .as_ref()
    }

    /// The document text from token `first` to token `last`.
    pub(crate) fn span_text(&self, first: usize, last: usize) -> &'a str {
        span_text(self.doc, &self.toks, first, last)
    }
}

impl Coder {
    /// Works out the context of sentence `si`, given the events coded
    /// before it in the document and the document's main dyad. `None` for
    /// a sentence with nothing to code: missing, empty, or longer than
    /// [`MAX_SENTENCE_BYTES`].
    pub(crate) fn sentence_context<'a>(
        &self,
        doc: &'a Doc,
        si: usize,
        prev: &'a [Event],
        dyad: &'a [String],
    ) -> Option<SentenceCtx<'a>> {
        let sent = doc.sentences.get(si)?;
        if sent.span.end.saturating_sub(sent.span.start) > MAX_SENTENCE_BYTES {
            return None;
        }
        let toks = tokenize(&doc.text, sent.span.start, sent.span.end);
        if toks.is_empty() {
            return None;
        }
        let slots = self.actor_slots(doc, si, &toks);
        let hits = self.find_triggers(&toks, &slots);
        let mut cues = self.find_cues(&toks, &slots);
        // "in May", "since May 2022": a word inside a time expression is
        // part of the date, not a cue.
        let times_here: Vec<Span> = sentence_times(doc, si).map(|t| t.span).collect();
        cues.retain(|q| {
            !times_here
                .iter()
                .any(|t| t.start <= toks[q.first].start && toks[q.last].end <= t.end)
        });
        // A reporting verb that is itself a trigger ("warned Chinese
        // officials about ...") takes its object in its own clause.
        let clause_cues: Vec<CueHit> = cues
            .iter()
            .filter(|q| !(q.kind == CueKind::Report && hits.iter().any(|h| h.first == q.first)))
            .cloned()
            .collect();
        let clause = clauses(&toks, &clause_cues);
        let paren = parentheticals(&toks);
        Some(SentenceCtx {
            doc,
            si,
            toks,
            slots,
            hits,
            cues,
            clause,
            paren,
            prev,
            dyad,
            syntax: OnceCell::new(),
        })
    }

    /// Maps the sentence's actor mentions onto its tokens: their governing
    /// preposition and their coordination groups.
    pub(crate) fn actor_slots(&self, doc: &Doc, si: usize, toks: &[Token]) -> Vec<Slot> {
        let mut slots: Vec<Slot> = Vec::new();
        // Mentions are in text order: find this sentence's run by binary
        // search rather than scanning the whole document per sentence.
        let from = doc.actors.partition_point(|m| m.sentence < si);
        for m in doc.actors[from..].iter().take_while(|m| m.sentence <= si) {
            if m.sentence != si {
                continue;
            }
            // Tokens are in text order, so both ends are found by binary
            // search: the first token ending after the mention starts, the
            // last starting before it ends.
            let first = toks.partition_point(|t| t.end <= m.span.start);
            if first == toks.len() {
                continue;
            }
            let last = toks
                .partition_point(|t| t.start < m.span.end)
                .checked_sub(1)
                .unwrap_or(first)
                .max(first);
            let mut codes: Vec<String> = if m.group.is_empty() {
                m.code.iter().cloned().collect()
            } else {
                m.group.clone()
            };
            codes.dedup();
            // "the Moscow-backed republics", "a Russian-made limousine": a
            // name inside a hyphenated modifier describes something else.
            if toks[last].end > m.span.end
                && doc
                    .text
                    .get(m.span.end..)
                    .is_some_and(|r| r.starts_with('-'))
            {
                continue;
            }
            // "Russia itself, Belarus and Syria": an intensifying reflexive
            // belongs to the name, so the list stays one group.
            let last = if toks
                .get(last + 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "itself" | "themselves"))
            {
                last + 1
            } else {
                last
            };
            let mut prep = preceding_preposition(toks, first, &self.role_heads);
            if prep.as_deref() == Some("for") && toks.get(last + 1).is_some_and(|t| t.lower == "to")
            {
                // "for Russia to sell arms": the subject of the infinitive.
                prep = None;
            }
            slots.push(Slot {
                first,
                last,
                codes,
                sector: m.sector.clone(),
                kind: m.kind,
                prep,
                group: 0,
            });
        }
        slots.sort_by_key(|s| s.first);
        // An apposition shares the preposition of the phrase it renames:
        // "unlike its northern neighbour, China, ..." keeps China out of the
        // subject.
        for i in 1..slots.len() {
            let (prev, cur) = (&slots[i - 1], &slots[i]);
            if cur.prep.is_none()
                && prev.prep.is_some()
                && cur.first >= 2
                && prev.last + 2 <= cur.first
                && cur.first - prev.last <= APPOSITION_WINDOW
                && toks[cur.first - 1].lower == ","
                // "X, ..." right after the phrase, or "X's other neighbour, Y,"
                && (prev.last + 2 == cur.first
                    || (matches!(toks[prev.last + 1].lower.as_str(), "'s" | "’s")
                        && toks[prev.last + 2..cur.first - 1].iter().all(|t| t.is_word)))
                && toks.get(cur.last + 1).is_some_and(|t| t.lower == ",")
            {
                slots[i].prep = slots[i - 1].prep.clone();
            }
            // An abbreviation in parentheses right after a name: "the
            // United Nations Security Council (UNSC)".
            let (prev, cur) = (&slots[i - 1], &slots[i]);
            if cur.prep.is_none()
                && prev.prep.is_some()
                && prev.last + 2 == cur.first
                && toks[cur.first - 1].lower == "("
            {
                slots[i].prep = slots[i - 1].prep.clone();
            }
        }
        // Coordination groups: actors joined only by commas, "and", "or",
        // "both", possessive determiners ("X and his counterpart Y") and short
        // parentheses ("Lavrov (R) and ...").
        let mut g = 0;
        for i in 0..slots.len() {
            if i > 0 {
                let between =
                    significant(&toks[(slots[i - 1].last + 1).min(slots[i].first)..slots[i].first]);
                let list_comma =
                    between.len() == 1 && between[0] == "," && i + 1 < slots.len() && {
                        // "Russia, Belarus and Syria": a comma list that ends in "and"
                        let after = significant(
                            &toks[(slots[i].last + 1).min(slots[i + 1].first)..slots[i + 1].first],
                        );
                        !after.is_empty() && after.iter().all(|t| COORDINATORS.contains(t))
                    };
                let joined = !between.is_empty()
                    && between.len() <= MAX_COORDINATION_WORDS
                    && between
                        .iter()
                        .all(|t| COORDINATORS.contains(t) || POSSESSIVE_DETERMINERS.contains(t))
                    && between
                        .iter()
                        .any(|t| matches!(*t, "and" | "or" | "&" | "-" | "–" | "/"));
                if !joined && !list_comma {
                    g += 1;
                }
            }
            slots[i].group = g;
        }
        slots
    }
}

/// The tokens' lower-case forms with short parentheses ("(R)") left out.
pub(crate) fn significant(toks: &[Token]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    for t in toks {
        match t.lower.as_str() {
            "(" => depth += 1,
            ")" => depth = (depth - 1_i32).max(0),
            w if depth == 0 => out.push(w),
            _ => {}
        }
    }
    out
}

/// Clause index of every token.
pub(crate) fn clauses(toks: &[Token], cues: &[CueHit]) -> Vec<usize> {
    let mut out = Vec::with_capacity(toks.len());
    let mut c = 0;
    let report_ends: HashSet<usize> = cues
        .iter()
        .filter(|q| q.kind == CueKind::Report)
        // "according to X", "as per X" name a source; they open no clause.
        .filter(|q| !matches!(toks[q.first].lower.as_str(), "according" | "as"))
        // A reporting word used as an adjective ("concern over reported
        // naval movements") opens no clause.
        .filter(|q| {
            q.first == 0 || {
                let prev = toks[q.first - 1].lower.as_str();
                !(PREPOSITIONS.contains(&prev) || DETERMINERS.contains(&prev))
            }
        })
        // "struck what New Delhi said was a camp": a report inside a noun
        // phrase opens no clause.
        .filter(|q| {
            !(q.first.saturating_sub(WHAT_WINDOW)..q.first).any(|k| toks[k].lower == "what")
        })
        .map(|q| q.last)
        .collect();
    for (i, t) in toks.iter().enumerate() {
        if t.lower == ";" || t.lower == ":" || CLAUSE_OPENERS.contains(&t.lower.as_str()) {
            c += 1;
        }
        out.push(c);
        if report_ends.contains(&i) {
            // A reporting verb: what follows is its complement clause.
            c += 1;
        }
    }
    out
}

/// Marks tokens inside a relative clause or apposition set off by commas
/// (", which ... ," / ", who ... ,").
pub(crate) fn parentheticals(toks: &[Token]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    let mut i = 0;
    while i + 1 < toks.len() {
        if toks[i].lower == ","
            && matches!(
                toks[i + 1].lower.as_str(),
                "which" | "who" | "whose" | "whom"
            )
        {
            let mut j = i + 1;
            while j < toks.len() && toks[j].lower != "," {
                out[j] = true;
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The preposition governing the actor at token `first`, skipping
/// determiners and adjectives ("with the North Korean army").
pub(crate) fn preceding_preposition(
    toks: &[Token],
    first: usize,
    role_heads: &HashSet<String>,
) -> Option<String> {
    // "talks with several countries, including Indonesia", "efforts by
    // other countries, such as Oman": a name that gives an example of a
    // noun takes the preposition governing that noun.
    let example_of = match first.checked_sub(1).map(|k| toks[k].lower.as_str()) {
        Some("including") => first.checked_sub(1),
        Some("as") if first >= 2 && toks[first - 2].lower == "such" => Some(first - 2),
        _ => None,
    };
    if let Some(intro) = example_of {
        return (intro.saturating_sub(EXAMPLE_HEAD_WINDOW)..intro)
            .rev()
            .take_while(|&j| toks[j].is_word || toks[j].lower == ",")
            .map(|j| toks[j].lower.as_str())
            .find(|w| PREPOSITIONS.contains(w))
            .map(str::to_string);
    }
    let mut k = first;
    let mut skipped = 0;
    while k > 0 && skipped < MAX_PREPOSITION_MODIFIERS {
        k -= 1;
        let w = toks[k].lower.as_str();
        if PREPOSITIONS.contains(&w) {
            // "the head of the UN": the role's holder acts for the actor,
            // and shares the preposition governing the role ("a meeting
            // with the governor of X": X is met).
            if w == "of" && k > 0 && role_heads.contains(&toks[k - 1].lower) {
                let head = k - 1;
                let before_head = head.checked_sub(1).map(|b| toks[b].lower.as_str());
                return match before_head {
                    Some(b) if PREPOSITIONS.contains(&b) && b != "of" => Some(b.to_string()),
                    Some("the")
                        if head >= 2
                            && PREPOSITIONS.contains(&toks[head - 2].lower.as_str())
                            && toks[head - 2].lower != "of" =>
                    {
                        Some(toks[head - 2].lower.clone())
                    }
                    _ => None,
                };
            }
            return Some(w.to_string());
        }
        // A compound modifier naming someone else ("the Moscow-backed
        // republics") leaves the preposition in force.
        if ["-backed", "-made", "-led", "-based", "-controlled", "-held"]
            .iter()
            .any(|suf| w.ends_with(suf))
        {
            skipped += 1;
            continue;
        }
        if matches!(
            w,
            "the"
                | "its"
                | "their"
                | "his"
                | "her"
                | "a"
                | "an"
                | "both"
                | "fellow"
                | "new"
                | "neighbouring"
                | "neighboring"
                | "several"
                | "many"
                | "some"
                | "all"
                | "any"
                | "multiple"
                | "recent"
                | "reported"
                | "alleged"
                | "possible"
                | "continued"
                | "increasing"
                | "growing"
                | "further"
                | "two"
                | "three"
                | "other"
        ) {
            skipped += 1;
            continue;
        }
        return None;
    }
    None
}

pub(crate) fn span_text<'a>(doc: &'a Doc, toks: &[Token], first: usize, last: usize) -> &'a str {
    doc.slice(Span::new(toks[first].start, toks[last].end))
}

/// The time mentions of sentence `si` (they are in text order: found by
/// binary search, not by scanning the document).
pub(crate) fn sentence_times(doc: &Doc, si: usize) -> impl Iterator<Item = &dyad_doc::TimeMention> {
    let from = doc.times.partition_point(|t| t.sentence < si);
    doc.times
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(move |t| t.sentence == si)
}
