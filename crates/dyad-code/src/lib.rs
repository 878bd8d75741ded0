//! Event coding (pipeline stage 4: code events).
//!
//! Input: a [`Doc`] with sentences, actor, time and quantity mentions.
//! Output: `doc.events`, each traceable to its sentence, its trigger and the
//! lexicon entry that produced it, with a `why` list explaining every role,
//! the status and the date.
//!
//! For each sentence (headings excepted) the coder:
//! 1. finds trigger matches (`triggers.tsv`, leftmost-longest, not inside an
//!    actor name) and status cues (`cues.tsv`);
//! 2. splits the sentence into clauses (`;`, `but`, `while`, reporting
//!    verbs, relative clauses `, which ... ,`) and groups coordinated actors
//!    ("Russia, Belarus and Syria");
//! 3. picks the source: a `by` agent for passives, a possessive or adjective
//!    right before a nominal trigger, else the nearest actor before the
//!    trigger in its clause that is not inside a prepositional phrase, else
//!    the antecedent of a relative clause;
//! 4. picks the target from the trigger's target slots (`with`, `to`, `obj`,
//!    ...), or the second member of a joint group ("X and Y met",
//!    "between X and Y");
//! 5. sets the status from cues (negation drops the event; a denial marks
//!    the events it governs `denied`; modal, plan, hedge and report cues give
//!    `hypothetical`, `planned` and `reported`);
//! 6. dates the event by the time expression of its clause or sentence, else
//!    by the publication year for present-tense statements, else not at all;
//! 7. attaches quantities of the sentence and an `in <place>` location.
//!
//! Restatements of an event already coded in the document (same type,
//! actors, date and status) are dropped: the first statement is the quote.

mod syntax;
mod tokens;
mod topic;

use dyad_doc::{ActorKind, BlockKind, Doc, Event, EventType, PartialDate, Precision, Span, Status};
use dyad_lexicon::events::{CueKind, EventLexicon, PatternToken, Trigger};
use dyad_lexicon::Lexicon;
// FxHash instead of SipHash: the trigger and cue indexes are looked up for
// every token of every sentence, and the keys are our own lexicon words.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Write as _;
pub use tokens::{tokenize, Token};

/// Prepositions that open an adverbial phrase: an actor before one does
/// not modify the noun after it ("met Khan during a phone call").
const ADVERBIAL_PREPOSITIONS: &[&str] = &[
    "during",
    "after",
    "before",
    "since",
    "until",
    "amid",
    "following",
];

/// Prepositions that put an actor into a prepositional phrase (so it is not
/// the subject of the clause). Grammar, not domain knowledge.
const PREPOSITIONS: &[&str] = &[
    "with",
    "to",
    "against",
    "on",
    "from",
    "for",
    "of",
    "by",
    "in",
    "at",
    "between",
    "toward",
    "towards",
    "into",
    "over",
    "about",
    "among",
    "than",
    "like",
    "through",
    "under",
    "within",
    "across",
    "upon",
    "via",
    "including",
    "unlike",
    "besides",
    "except",
];

/// Words that open a new clause.
const CLAUSE_OPENERS: &[&str] = &[
    "but", "while", "whereas", "although", "though", "however", "because", "whilst",
];

/// Conjunctions of contrast: the clauses they join tell of different times.
const CONTRASTS: &[&str] = &[
    "but", "while", "whereas", "although", "though", "however", "yet",
];

/// Possessive determiners that may stand inside a coordination
/// ("Lavrov and his counterpart").
const POSSESSIVE_DETERMINERS: &[&str] = &["his", "her", "its", "their"];

/// Words before a verb-lemma trigger that show it is used as a noun
/// ("a veto", "another sign", "Ukraine's fighting").
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "his", "her", "their", "our", "'s", "this", "that", "another", "any",
    "no", "every",
];

/// How far after an `intent` trigger ("agreed to") the act it governs may
/// start.
const INTENT_WINDOW: usize = 8;

/// How far after a trigger the `of`/`by` party of its object phrase may
/// stand ("welcomed the latest policy statement by X").
const OBJECT_PHRASE_WINDOW: usize = 7;

/// Forms of "to be" that mark a passive before a past participle.
const BE_FORMS: &[&str] = &["was", "were", "is", "are", "been", "being", "be"];

/// Coordinators that join actors into one group.
const COORDINATORS: &[&str] = &[
    ",", "and", "or", "both", "&", "as", "well", "the", "-", "–", "/",
];

/// A coder built once from the lexicon and reused for every document.
pub struct Coder {
    lex: EventLexicon,
    /// Trigger indexes by the forms of their first token.
    trigger_index: HashMap<String, Vec<usize>>,
    cue_index: HashMap<String, Vec<usize>>,
    /// One-word role nouns ("head", "minister", "troops").
    role_heads: HashSet<String>,
    /// Per trigger (by index): its `rule` line, and the end of the first
    /// `why` line ("matched <origin> entry `<text>` (<type>)"). Written once
    /// here: formatting them for every event cost more than the coding.
    trigger_rule: Vec<String>,
    trigger_why: Vec<String>,
    /// Per cue (by index): "<origin> `<text>`", for the status lines.
    cue_desc: Vec<String>,
    /// Sport and entertainment pages code no events.
    topics: topic::TopicFilter,
}

/// An actor code with its sector.
type Party = (String, Option<String>);

/// A trigger found in a sentence: token range `[first, last]`.
#[derive(Debug, Clone)]
struct Hit {
    first: usize,
    last: usize,
    trigger: usize,
}

#[derive(Debug, Clone)]
struct CueHit {
    first: usize,
    last: usize,
    kind: CueKind,
    cue: usize,
}

/// An actor mention mapped onto the sentence's tokens.
#[derive(Debug, Clone)]
struct Slot {
    first: usize,
    last: usize,
    codes: Vec<String>,
    sector: Option<String>,
    kind: ActorKind,
    /// Preceded by a preposition (the word before it, skipping determiners).
    prep: Option<String>,
    /// Index of the coordination group.
    group: usize,
}

impl Coder {
    pub fn new(lexicon: &Lexicon) -> Self {
        let lex = &lexicon.events;
        // One-word role nouns: "the head of the UN", "the spokesman of the
        // ministry" make the actor after "of" the subject, not a
        // prepositional object.
        let role_heads: HashSet<String> = lexicon
            .actors
            .roles
            .iter()
            .flat_map(|r| r.forms.iter())
            .filter(|f| !f.contains(' '))
            .map(|f| f.to_lowercase())
            .chain(
                [
                    "head",
                    "chief",
                    "heads",
                    "chiefs",
                    "members",
                    "representatives",
                    // Quantities: "thousands of Kenyan students marched".
                    "thousands",
                    "hundreds",
                    "dozens",
                    "scores",
                    "millions",
                    "tens",
                    "group",
                    "groups",
                    "number",
                    "majority",
                ]
                .map(String::from),
            )
            .collect();
        let mut trigger_index: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, t) in lex.triggers.iter().enumerate() {
            if let Some(PatternToken::Words(ws)) = t.pattern.first() {
                for w in ws {
                    trigger_index.entry(w.clone()).or_default().push(i);
                }
            }
        }
        let mut cue_index: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, c) in lex.cues.iter().enumerate() {
            if let Some(PatternToken::Words(ws)) = c.pattern.first() {
                for w in ws {
                    cue_index.entry(w.clone()).or_default().push(i);
                }
            }
        }
        let trigger_rule = lex
            .triggers
            .iter()
            .map(|t| {
                format!(
                    "{} `{}`{}{}",
                    t.origin,
                    t.text,
                    if t.deny { " (deny)" } else { "" },
                    t.source
                        .as_ref()
                        .map(|s| format!(" from {s}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let trigger_why = lex
            .triggers
            .iter()
            .map(|t| {
                format!(
                    " matched {} entry `{}` ({}){}",
                    t.origin,
                    t.text,
                    t.event_type,
                    t.source
                        .as_ref()
                        .map(|s| format!(", generated from {s}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        let cue_desc = lex
            .cues
            .iter()
            .map(|q| format!("{} `{}`", q.origin, q.text))
            .collect();
        Coder {
            topics: topic::TopicFilter::new(&lexicon.text.topics),
            cue_desc,
            role_heads,
            lex: lex.clone(),
            trigger_index,
            cue_index,
            trigger_rule,
            trigger_why,
        }
    }

    /// Codes every sentence of the document into `doc.events`.
    pub fn code(&self, doc: &mut Doc) {
        doc.off_topic = self.topics.off_topic(&doc.text);
        if doc.off_topic.is_some() {
            doc.events.clear();
            return;
        }
        let mut events = Vec::new();
        let mut seen: HashSet<String> = HashSet::default();
        // Counted once: implicit partners of many events come from it.
        let dyad = main_dyad(doc);
        for si in 0..doc.sentences.len() {
            if doc.sentence_kind(si) == BlockKind::Heading {
                continue;
            }
            for ev in self.code_sentence_after(doc, si, &events, &dyad) {
                let (a, b) = (
                    ev.source.as_deref().unwrap_or_default(),
                    ev.target.as_deref().unwrap_or_default(),
                );
                let (a, b) = if ev.joint && b < a { (b, a) } else { (a, b) };
                // A restatement: same type, parties, date and status. A
                // dated event told with another trigger ("visited" and
                // "attended" in 2015) is a second act of that year, not the
                // first told again; an undated one cannot be told apart.
                // The key "type|a|b|date|status|rule" is written piece by
                // piece into one buffer (three `format!` per event cost
                // more than the restatement rules below).
                let mut key = String::with_capacity(48 + a.len() + b.len() + ev.rule.len());
                for part in [ev.event_type.as_str(), "|", a, "|", b, "|"] {
                    key.push_str(part);
                }
                if let Some(d) = ev.date {
                    // Writing into a String cannot fail.
                    let _ = write!(key, "{d}");
                }
                key.push('|');
                key.push_str(ev.status.as_str());
                key.push('|');
                // So is a speech act told with another trigger ("conveyed
                // greetings", then "congratulated"): each is its own act
                // (gold-real convention 23).
                if ev.date.is_some() || matches!(ev.event_type.quad_class(), 1 | 3) {
                    key.push_str(&ev.rule);
                }
                if !seen.insert(key) {
                    continue;
                }
                // The rules below compare with the events of the last few
                // sentences only (events are in sentence order), which keeps
                // a document of many thousands of events linear.
                let near = events
                    .partition_point(|e: &Event| e.sentence + RESTATEMENT_WINDOW < ev.sentence);
                // "Lavrov condemned the exercises. He warned that such drills
                // ...": a sentence that only inherits its date tells the act
                // of the sentence before it again, whatever its wording.
                let inherited =
                    ev.date.is_some() && !ev.why.iter().any(|w| w.starts_with("date from "));
                if inherited
                    && events[near..].iter().any(|e| {
                        e.sentence + 1 == ev.sentence
                            && e.event_type == ev.event_type
                            && e.date == ev.date
                            && e.status == ev.status
                            && same_parties(e, &ev)
                    })
                {
                    continue;
                }
                // "attend a signing ceremony during a meeting": within one
                // sentence, two triggers of one type between the same
                // parties at the same time tell one act.
                if events[near..].iter().any(|e| {
                    e.sentence == ev.sentence
                        && e.event_type == ev.event_type
                        && (e.date == ev.date || ev.date.is_none())
                        && e.status == ev.status
                        && same_parties(e, &ev)
                }) {
                    continue;
                }
                // "In November the general arrived in Pyongyang" and, later,
                // "the general meets his counterpart in Pyongyang on 12
                // November": one act, told first by month, then by day. The
                // first statement stays the quote and takes the finer date.
                if let Some(first) = events[near..]
                    .iter_mut()
                    .find(|e| same_act_finer_day(e, &ev))
                {
                    if first.date.is_some_and(|d| d.precision == Precision::Month) {
                        first.date = ev.date;
                        first.why.push(format!(
                            "date {}: the same act is dated to the day in a later sentence",
                            ev.date.map(|d| d.to_string()).unwrap_or_default()
                        ));
                    }
                    continue;
                }
                // "Russia has long been wary of joint exercises between X and
                // Y." then "In March 2013, after the exercises between X and
                // Y, ...": the next sentence names the same act by the same
                // word and dates it; the first statement takes the date
                // (GUIDELINES §8: later details fold into the first record).
                let word_of = |e: &Event| -> Vec<String> {
                    doc.text
                        .get(e.trigger_span.start..e.trigger_span.end)
                        .unwrap_or("")
                        .split_whitespace()
                        .map(|w| w.to_lowercase().trim_end_matches('s').to_string())
                        .filter(|w| w.len() > 3)
                        .collect()
                };
                // Worked out only when an earlier event passes the other
                // tests, which few do.
                let later_words = std::cell::OnceCell::new();
                if let Some(first) = events[near..].iter_mut().rev().find(|e| {
                    e.date.is_none()
                        && ev.date.is_some()
                        && e.sentence + 1 == ev.sentence
                        && e.event_type == ev.event_type
                        && e.status == ev.status
                        && same_parties(e, &ev)
                        && {
                            let later = later_words.get_or_init(|| word_of(&ev));
                            word_of(e).iter().any(|w| later.contains(w))
                        }
                }) {
                    first.date = ev.date;
                    first.why.push(format!(
                        "date {}: the next sentence names the same act with its date",
                        ev.date.map(|d| d.to_string()).unwrap_or_default()
                    ));
                    continue;
                }
                events.push(ev);
            }
        }
        doc.events = events;
    }

    /// Codes one sentence (by index) and returns its events.
    pub fn code_sentence(&self, doc: &Doc, si: usize) -> Vec<Event> {
        self.code_sentence_after(doc, si, &[], &main_dyad(doc))
    }

    /// Codes one sentence, given the events coded before it in the
    /// document (for objects that refer back to an event: "welcomed the
    /// announcement") and the document's main dyad ([`main_dyad`]).
    fn code_sentence_after(
        &self,
        doc: &Doc,
        si: usize,
        prev: &[Event],
        dyad: &[String],
    ) -> Vec<Event> {
        let Some(sent) = doc.sentences.get(si) else {
            return Vec::new();
        };
        // A "sentence" of many kilobytes is text without full stops (a
        // dump, a list), not prose: coding it costs time quadratic in its
        // length for no events an analyst could use.
        if sent.span.end.saturating_sub(sent.span.start) > MAX_SENTENCE_BYTES {
            return Vec::new();
        }
        let toks = tokenize(&doc.text, sent.span.start, sent.span.end);
        if toks.is_empty() {
            return Vec::new();
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
        // Parsed on first need: only when a verbal trigger with actors
        // around it reaches role assignment (parsing is the dearest step of
        // coding; most sentences never need it).
        let syntax: std::cell::OnceCell<Option<syntax::Syntax>> = std::cell::OnceCell::new();
        let parse = || {
            syntax
                .get_or_init(|| {
                    syntax::builtin_model().and_then(|m| {
                        syntax::Syntax::parse(m, &doc.text, sent.span.start, sent.span.end)
                    })
                })
                .as_ref()
        };
        let mut out = Vec::new();
        // "X supported Y by exporting arms", "pressuring Y by limiting
        // exports": the means ("by" + a gerund trigger) is the event; its
        // subject and object are the governing verb's.
        let means_of: Vec<Option<usize>> = hits
            .iter()
            .map(|g| {
                hits.iter().position(|m| {
                    m.first > g.last + 1
                        && m.first - g.last <= 10
                        && toks[m.first - 1].lower == "by"
                        && toks[m.first].lower.ends_with("ing")
                        && clause[m.first] == clause[g.last]
                        && !hits.iter().any(|h| h.first > g.last && h.last < m.first)
                })
            })
            .collect();
        let mut governing: Vec<(usize, Vec<Event>)> = Vec::new();
        let mut intents: Vec<&Hit> = Vec::new();
        for (hi, hit) in hits.iter().enumerate() {
            let trig = &self.lex.triggers[hit.trigger];
            if trig.intent {
                intents.push(hit);
            }
            if trig.defer
                || absorbed(&toks, &clause, &hits, hit, &self.lex.triggers)
                || is_topic(&toks, &clause, &slots, &hits, hit, trig, &self.lex.triggers)
                || in_question(&toks, &clause, hit)
                || any_such(&toks, hit, trig)
                || self.is_undated_object(doc, si, &toks, &slots, &hits, hit, trig)
                || self.is_refused(&parse, &toks, &hits, hit)
            {
                continue;
            }
            let evs = self.code_hit(
                doc, si, &toks, &slots, &hits, hit, trig, &cues, &clause, &paren, prev, &out, dyad,
                &parse,
            );
            if let Some(m) = means_of[hi] {
                governing.push((m, evs));
                continue;
            }
            let gov = governing.iter().find(|(m, _)| *m == hi).map(|(_, e)| e);
            match gov {
                Some(gov) if !gov.is_empty() => {
                    let span = Span::new(toks[hit.first].start, toks[hit.last].end);
                    for g in gov {
                        let mut e = g.clone();
                        e.event_type = trig.event_type;
                        e.mode = trig.mode.clone();
                        e.trigger_span = span;
                        e.joint = trig.joint;
                        e.intensity = trig.event_type.default_intensity();
                        e.rule = format!("{} `{}`", trig.origin, trig.text);
                        e.why.push(format!(
                            "the means (\"by {}\") of the governing verb is the event, with its parties",
                            span_text(doc, &toks, hit.first, hit.last)
                        ));
                        out.push(e);
                    }
                }
                _ => out.extend(evs),
            }
        }
        // A governing verb whose means named no event stands.
        for (m, evs) in governing {
            let means_coded = out.iter().any(|e| {
                hits.get(m)
                    .is_some_and(|h| e.trigger_span.start == toks[h.first].start)
            });
            if !means_coded {
                out.extend(evs);
            }
        }
        // "agreed to a ceasefire": an intent that governs no coded act is
        // the event itself.
        for hit in intents {
            let c = clause[hit.last];
            let governs_coded = out.iter().any(|e| {
                let at = toks.partition_point(|t| t.start < e.trigger_span.start);
                at > hit.last && at - hit.last <= INTENT_WINDOW && clause.get(at) == Some(&c)
            });
            let trig = &self.lex.triggers[hit.trigger];
            if !governs_coded
                && !in_question(&toks, &clause, hit)
                && !self.is_refused(&parse, &toks, &hits, hit)
            {
                let mut evs = self.code_hit(
                    doc, si, &toks, &slots, &hits, hit, trig, &cues, &clause, &paren, prev, &out,
                    dyad, &parse,
                );
                for e in evs.iter_mut() {
                    e.why
                        .push("the intent governs no act dyad codes: it is the event".into());
                }
                out.extend(evs);
            }
        }
        // "meetings in 2001 and 2002": one event per coordinated date. But
        // "in the 1990s and 2000s" spans decades: a range, which dates
        // nothing (GUIDELINES §7).
        let times: Vec<&dyad_doc::TimeMention> = sentence_times(doc, si).collect();
        let mut extra = Vec::new();
        for ev in out.iter_mut() {
            let Some(d) = ev.date else { continue };
            let decades_joined = d.precision == Precision::Decade
                && times.iter().any(|t2| {
                    t2.value
                        .is_some_and(|v| v.precision == Precision::Decade && v != d)
                });
            if decades_joined {
                ev.date = None;
                ev.why
                    .push("no date: coordinated decades are a range of many years".into());
            }
        }
        for ev in &out {
            let Some(d) = ev.date else { continue };
            for t in times.iter().filter(|t| t.value == Some(d)) {
                for t2 in &times {
                    let (a, b) = if t.span.end <= t2.span.start {
                        (t.span.end, t2.span.start)
                    } else {
                        (t2.span.end, t.span.start)
                    };
                    let joined = a <= b && doc.text.get(a..b).is_some_and(|g| g.trim() == "and");
                    if joined && t2.value.is_some() && t2.value != ev.date {
                        let mut e = ev.clone();
                        e.date = t2.value;
                        e.why.push(format!(
                            "one event per coordinated date: also \"{}\"",
                            doc.slice(t2.span)
                        ));
                        extra.push(e);
                    }
                }
            }
        }
        out.extend(extra);
        // A denial governs the events after it in the sentence.
        let deny_at: Option<usize> = hits
            .iter()
            .filter(|h| self.lex.triggers[h.trigger].deny)
            .map(|h| h.last)
            .min();
        if let Some(d) = deny_at {
            for ev in out.iter_mut() {
                let is_deny = ev.event_type == EventType::Reject && ev.rule.contains("deny");
                let after = toks
                    .iter()
                    .position(|t| t.start >= ev.trigger_span.start)
                    .unwrap_or(0)
                    > d;
                if !is_deny && after {
                    ev.status = Status::Denied;
                    ev.why
                        .push("status denied: a denial earlier in the sentence governs it".into());
                }
            }
        }
        out
    }

    fn actor_slots(&self, doc: &Doc, si: usize, toks: &[Token]) -> Vec<Slot> {
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
                && cur.first - prev.last <= 6
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
                    && between.len() <= 4
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

    fn find_triggers(&self, toks: &[Token], slots: &[Slot]) -> Vec<Hit> {
        let inside_actor = |i: usize| {
            slots
                .iter()
                .any(|s| s.first <= i && i <= s.last && s.kind != ActorKind::Role)
        };
        let mut hits = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut best: Option<Hit> = None;
            // Most tokens start no trigger: ask the index before anything else.
            let cands = self
                .trigger_index
                .get(&toks[i].lower)
                .filter(|_| !inside_actor(i));
            if let Some(cands) = cands {
                // A word that is both a verb and a noun entry ("sanctions",
                // "attacks"): after a determiner or a possessive it is the
                // noun; otherwise it is the verb only when an object follows
                // it ("Peru sanctions the firms"), else the noun ("UN
                // sanctions on", "heavy sanctions imposed by").
                let after_det = i > 0 && DETERMINERS.contains(&toks[i - 1].lower.as_str());
                let object_follows = toks.get(i + 1).is_some_and(|t| {
                    DETERMINERS.contains(&t.lower.as_str())
                        || slots.iter().any(|s| s.first == i + 1)
                });
                let noun_context = after_det || !object_follows;
                for &ti in cands {
                    if self.used_as_noun(ti, toks, slots, i) {
                        continue;
                    }
                    if let Some(last) = match_at(&self.lex.triggers[ti].pattern, toks, i) {
                        let better = match &best {
                            None => true,
                            Some(b) => {
                                let (bl, nl) = (
                                    self.lex.triggers[b.trigger].pattern.len(),
                                    self.lex.triggers[ti].pattern.len(),
                                );
                                nl > bl
                                    || (nl == bl && last < b.last)
                                    || (nl == bl
                                        && last == b.last
                                        && self.lex.triggers[ti].noun
                                            != self.lex.triggers[b.trigger].noun
                                        && self.lex.triggers[ti].noun == noun_context)
                            }
                        };
                        if better {
                            best = Some(Hit {
                                first: i,
                                last,
                                trigger: ti,
                            });
                        }
                    }
                }
            }
            match best {
                Some(h) => {
                    i = h.last + 1;
                    hits.push(h);
                }
                None => i += 1,
            }
        }
        hits
    }

    /// True when a nominal trigger is only the object of another event
    /// right before it ("condemned Pyongyang's nuclear test", "negotiating
    /// similar drills") and the sentence gives it no date: such an object
    /// is recorded only when dated (GUIDELINES §1). The object of a denial
    /// is kept: the denial governs it.
    #[allow(clippy::too_many_arguments)]
    fn is_undated_object(
        &self,
        doc: &Doc,
        si: usize,
        toks: &[Token],
        slots: &[Slot],
        hits: &[Hit],
        hit: &Hit,
        trig: &Trigger,
    ) -> bool {
        if !trig.noun {
            return false;
        }
        let Some(gov) = hits
            .iter()
            .rfind(|h| h.last < hit.first && hit.first - h.last <= 4)
        else {
            return false;
        };
        let gov_trig = &self.lex.triggers[gov.trigger];
        if gov_trig.deny || gov_trig.defer {
            return false;
        }
        // Only determiners, "of", possessive names and modifiers between.
        let plain = (gov.last + 1..hit.first).all(|k| {
            let w = toks[k].lower.as_str();
            toks[k].is_word
                && (DETERMINERS.contains(&w)
                    || matches!(w, "of" | "similar" | "further" | "new" | "recent" | "any")
                    || slots.iter().any(|s| s.first <= k && k <= s.last))
        });
        let dated = sentence_times(doc, si).any(|t| t.value.is_some());
        plain && !dated
    }

    /// True when a verb trigger's bare or `-ing` form follows a determiner
    /// or possessive, so it is a noun here ("holds a veto", "another sign",
    /// "Ukraine's fighting").
    fn used_as_noun(&self, ti: usize, toks: &[Token], slots: &[Slot], i: usize) -> bool {
        let trig = &self.lex.triggers[ti];
        if trig.noun
            && trig.pattern.len() == 1
            && i > 0
            && matches!(
                toks[i - 1].lower.as_str(),
                "to" | "they" | "we" | "i" | "you"
            )
        {
            // The converse: a one-word nominal trigger after "to" or a
            // subject pronoun is a verb ("willing to deal", "they talk
            // about prospects"); the event, if any, is the verb's.
            return true;
        }
        let Some(lemma) = &trig.verb_lemma else {
            return false;
        };
        let w = toks[i].lower.as_str();
        let bare_or_ing = w == lemma || w.ends_with("ing");
        // A demonym right before it is an adjective: "Chinese support".
        // A plural one is the people, the verb's subject: "The
        // Palestinians reject ...".
        let after_demonym = slots.iter().any(|s| {
            s.last + 1 == i && s.kind == ActorKind::Demonym && !toks[s.last].lower.ends_with('s')
        });
        bare_or_ing && i > 0 && (DETERMINERS.contains(&toks[i - 1].lower.as_str()) || after_demonym)
    }

    /// Status cues, outside actor names ("the United States" has no "state").
    fn find_cues(&self, toks: &[Token], slots: &[Slot]) -> Vec<CueHit> {
        let mut out = Vec::new();
        for i in 0..toks.len() {
            // Most tokens start no cue: ask the index before looking at the actors.
            let Some(cands) = self.cue_index.get(&toks[i].lower) else {
                continue;
            };
            if slots
                .iter()
                .any(|s| s.first <= i && i <= s.last && s.kind != ActorKind::Role)
            {
                continue;
            }
            for &ci in cands {
                if let Some(last) = match_at(&self.lex.cues[ci].pattern, toks, i) {
                    out.push(CueHit {
                        first: i,
                        last,
                        kind: self.lex.cues[ci].kind,
                        cue: ci,
                    });
                }
            }
        }
        out
    }

    /// True when the hit is the act a refusal in the same sentence refuses
    /// ("Turkey has refused to commit to any direct assistance"): the
    /// refusal is the event, and what it refuses did not happen. Only a
    /// sentence with a refusal verb is parsed for this.
    fn is_refused<'a>(
        &self,
        syntax: &dyn Fn() -> Option<&'a syntax::Syntax>,
        toks: &[Token],
        hits: &[Hit],
        hit: &Hit,
    ) -> bool {
        let refusals: Vec<&Hit> = hits
            .iter()
            .filter(|h| {
                let t = &self.lex.triggers[h.trigger];
                !std::ptr::eq(*h, hit)
                    && t.event_type == EventType::Reject
                    && !t.deny
                    && !t.noun
                    && h.last < hit.first
            })
            .collect();
        if refusals.is_empty() {
            return false;
        }
        let Some(syn) = syntax() else { return false };
        let Some(w) = syn.word_of(&toks[hit.first]) else {
            return false;
        };
        refusals.iter().any(|h| {
            syn.word_of(&toks[h.first])
                .is_some_and(|g| syn.is_verb(g) && syn.governed_by(w, g))
        })
    }

    /// Source and target of a verbal trigger from the parse: its subject
    /// (the `by` agent and the subject, in the passive) corrects the source
    /// the word-distance rules chose, and for a trigger whose target is its
    /// object, the object gives a target they did not find. Only where the
    /// parse names a usable actor.
    #[allow(clippy::too_many_arguments)]
    fn roles_from_parse<'s>(
        &self,
        doc: &Doc,
        syn: &syntax::Syntax,
        toks: &[Token],
        slots: &'s [Slot],
        hit: &Hit,
        trig: &Trigger,
        usable: &dyn Fn(&Slot) -> bool,
        source: &mut Option<&'s Slot>,
        target: &mut Option<&'s Slot>,
        why: &mut Vec<String>,
    ) {
        if trig.noun {
            return;
        }
        let Some(v) = syn.word_of(&toks[hit.first]).filter(|&v| syn.is_verb(v)) else {
            return;
        };
        let slot_of = |w: usize| -> Option<&'s Slot> {
            syn.nominal_words(w).into_iter().find_map(|k| {
                let word = &syn.words[k];
                slots.iter().find(|s| {
                    toks[s.first].start < word.end && word.start < toks[s.last].end && usable(s)
                })
            })
        };
        let same = |a: Option<&Slot>, b: &Slot| a.is_some_and(|a| std::ptr::eq(a, b));
        let subject = syn.subject(v);
        match subject {
            Some((subj, true)) => {
                // Passive: the agent acts on the subject.
                if let Some(a) = syn.agent(v).and_then(slot_of) {
                    if !same(*source, a) {
                        *source = Some(a);
                        why.push(format!(
                            "source from the parse: {}",
                            syn.describe(&doc.text, syn.agent(v).unwrap_or(v))
                        ));
                    }
                    if let Some(t) = slot_of(subj).filter(|t| t.codes != a.codes) {
                        *target = Some(t);
                    }
                }
            }
            Some((subj, false)) => {
                // A name set off by commas (", China,") is an apposition
                // the parse may take for the subject.
                let set_off = |s: &Slot| {
                    s.first > 0
                        && toks[s.first - 1].lower == ","
                        && toks.get(s.last + 1).is_some_and(|t| t.lower == ",")
                };
                // Only a source the word-distance rules chose is corrected:
                // where they found none (an unnamed or generic doer), the
                // parse's subject alone made more false events than right
                // ones on the seeds.
                if let Some(s) = slot_of(subj).filter(|s| !set_off(s)) {
                    if source.is_some() && !same(*source, s) && !same(*target, s) {
                        *source = Some(s);
                        why.push(format!(
                            "source from the parse: {}",
                            syn.describe(&doc.text, subj)
                        ));
                    }
                }
            }
            _ => {}
        }
        if trig.targets.iter().any(|t| t == "obj") && target.is_none() {
            if let Some(o) = syn
                .object(v)
                .and_then(slot_of)
                .filter(|o| source.is_none_or(|s| s.codes != o.codes))
            {
                *target = Some(o);
                why.push(format!(
                    "target from the parse: {}",
                    syn.describe(&doc.text, syn.object(v).unwrap_or(v))
                ));
            }
        }
        // A threat is aimed, likewise, at whoever the act it threatens is
        // ("threatened to impose restrictions against German goods").
        if matches!(trig.event_type, EventType::Reject | EventType::Threaten)
            && !trig.deny
            && target.is_none()
        {
            let refused = syn
                .complement(v)
                .map(|c| syn.arguments(c))
                .unwrap_or_default();
            if let Some((w, t)) = refused.into_iter().find_map(|w| {
                slot_of(w)
                    .filter(|t| source.is_none_or(|s| s.codes != t.codes))
                    .map(|t| (w, t))
            }) {
                *target = Some(t);
                why.push(format!(
                    "target from the parse: {}, of the act refused",
                    syn.describe(&doc.text, w)
                ));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn code_hit<'a>(
        &self,
        doc: &Doc,
        si: usize,
        toks: &[Token],
        slots: &[Slot],
        hits: &[Hit],
        hit: &Hit,
        trig: &Trigger,
        cues: &[CueHit],
        clause: &[usize],
        paren: &[bool],
        prev: &[Event],
        here: &[Event],
        dyad: &[String],
        syntax: &dyn Fn() -> Option<&'a syntax::Syntax>,
    ) -> Vec<Event> {
        // The explanation starts with the trigger; that line is written
        // (at the front) only once the hit is known to give events, as
        // many hits return early with none.
        let mut why: Vec<String> = Vec::new();
        let c = clause[hit.first];
        // Negation right before the trigger: no asserted event.
        if let Some(n) = cues.iter().find(|q| {
            q.kind == CueKind::Negation
                && q.last < hit.first
                && hit.first - q.last <= 3
                && clause[q.first] == c
        }) {
            let _ = n;
            return Vec::new();
        }
        let is_location = |s: &Slot| {
            matches!(s.kind, ActorKind::Metonym | ActorKind::Country)
                && matches!(s.prep.as_deref(), Some("in") | Some("at"))
                && !trig.targets.iter().any(|t| t == "in" || t == "at")
        };
        let usable =
            |s: &Slot| !s.codes.is_empty() && s.kind != ActorKind::Analyst && !is_location(s);

        // Hits that state an event of their own separate a trigger from an
        // earlier subject; a deferring verb ("retaliated with an air
        // strike") shares its subject with the event it governs.
        let live_hits: Vec<Hit> = hits
            .iter()
            .filter(|h| !self.lex.triggers[h.trigger].defer)
            .cloned()
            .collect();
        // --- target. For a pattern with a gap ("cancel+ ** debt~") the
        // target may stand inside the match ("cancelled North Korea's debt").
        let has_gap = trig
            .pattern
            .iter()
            .any(|p| matches!(p, PatternToken::Gap(_)));
        let after = if has_gap { hit.first } else { hit.last };
        let mut target: Option<&Slot> = None;
        let mut source: Option<&Slot> = None;
        let mut between_pair: Option<(&Slot, &Slot)> = None;
        for slot_name in &trig.targets {
            if slot_name == "obj" {
                target = slots.iter().find(|s| {
                    s.first > after
                        && s.first - after <= 6
                        && clause[s.first] == c
                        && usable(s)
                        && s.prep.is_none()
                        && !hits.iter().any(|h| h.first > hit.last && h.first < s.first)
                        // "struck what New Delhi said was a camp": a
                        // speaker is not the object.
                        && !cues
                            .iter()
                            .any(|q| q.kind == CueKind::Report && q.first == s.last + 1)
                });
                if target.is_none() {
                    // "welcomed the statement by Armenia", "supported the
                    // bid of Azerbaijan", "condemned the attack by X": with
                    // no actor as the object itself, the party the object
                    // noun phrase names with `of` or `by` is the target.
                    target = slots.iter().find(|s| {
                        s.first > after + 2
                            && s.first - after <= OBJECT_PHRASE_WINDOW
                            && clause[s.first] == c
                            && usable(s)
                            && matches!(s.prep.as_deref(), Some("of") | Some("by"))
                            // "the use of North Korean workers": people a
                            // demonym describes are what the act is about,
                            // not a party to it.
                            && !matches!(s.kind, ActorKind::Demonym)
                            // The object phrase opens right after the
                            // trigger ("the statement", "recent calls"),
                            // not with a preposition of its own.
                            && !PREPOSITIONS.contains(&toks[after + 1].lower.as_str())
                            // The object phrase may itself name an act
                            // ("condemned the attack by X").
                            && toks[after + 1..s.first].iter().all(|t| t.is_word)
                    });
                }
            } else if slot_name == "between" {
                if let Some(p) = (hit.first + 1..toks.len().min(hit.last + 8))
                    .find(|&k| toks[k].lower == "between")
                {
                    let members: Vec<&Slot> =
                        slots.iter().filter(|s| s.first > p && usable(s)).collect();
                    if !trig.joint {
                        // "mediated between X and Y": both are targets.
                        target = members.first().copied();
                    } else if members.len() >= 2 && members[0].group == members[1].group {
                        between_pair = Some((members[0], members[1]));
                    } else if members.first().is_some_and(|m| m.codes.len() >= 2) {
                        // "between the two countries": one mention, two parties.
                        source = members.first().copied();
                    }
                }
            } else {
                target = slots.iter().find(|s| {
                    s.first > after
                        && clause[s.first] == c
                        && usable(s)
                        && s.prep.as_deref() == Some(slot_name.as_str())
                        && s.first - after <= 16
                });
            }
            if target.is_some() || between_pair.is_some() {
                why.push(["target from slot `", slot_name.as_str(), "`"].concat());
                break;
            }
        }

        // --- source
        // "The opponents of the resolution were A, B and C", "A and B were
        // signatories to X": a noun naming the doers takes as sources the
        // actors the copula joins to it. With no actor in its object, the
        // definite object ("the resolution") refers back to the latest
        // earlier event of the same type, whose target it keeps.
        let mut inherited_target: Option<Party> = None;
        if trig.agent {
            let copulas: Vec<usize> = (0..toks.len())
                .filter(|&k| clause[k] == c && BE_FORMS.contains(&toks[k].lower.as_str()))
                .collect();
            let complement = copulas.iter().find(|&&b| b > hit.last).and_then(|&b| {
                slots
                    .iter()
                    .find(|s| s.first > b && s.first - b <= 3 && clause[s.first] == c && usable(s))
            });
            // The subject: no other event stands between it and the copula,
            // and its list is not inside a prepositional phrase.
            let subject = copulas
                .iter()
                .rev()
                .find(|&&b| b < hit.first)
                .and_then(|&b| {
                    slots.iter().rev().find(|s| {
                        s.last < b
                            && clause[s.first] == c
                            && usable(s)
                            && slots
                                .iter()
                                .find(|o| o.group == s.group)
                                .is_some_and(|lead| {
                                    lead.prep.is_none()
                                        && !slots.iter().any(|o| {
                                            o.first < lead.first
                                                && clause[o.first] == c
                                                && o.group != s.group
                                                && usable(o)
                                        })
                                })
                            && !live_hits.iter().any(|h| {
                                h.first < b && clause[h.first] == c && h.first != hit.first
                            })
                    })
                });
            source = complement.or(subject);
            if source.is_none() {
                // "the supporters of the regime": doers left unnamed.
                return Vec::new();
            }
            why.push("source: the actors the copula joins to the noun naming the doers".into());
            if target.is_none() {
                inherited_target = prev
                    .iter()
                    .rev()
                    .find(|e| e.event_type == trig.event_type && e.target.is_some())
                    .and_then(|e| e.target.clone().map(|t| (t, e.target_sector.clone())));
                if let Some((t, _)) = &inherited_target {
                    why.push(format!(
                        "target {t}: the object refers back to the latest earlier {} event",
                        trig.event_type
                    ));
                }
            }
        }
        let be_before = hit.first > 0
            && (BE_FORMS.contains(&toks[hit.first - 1].lower.as_str())
                || (hit.first > 1 && BE_FORMS.contains(&toks[hit.first - 2].lower.as_str())));
        // Any participle after "be" but the progressive "-ing" ("was held up by",
        // "were struck by"): the passive stands only if a `by` agent follows.
        let by_agent = slots
            .iter()
            .any(|s| s.first > hit.last && s.prep.as_deref() == Some("by"));
        let passive = !trig.noun
            && be_before
            && (toks[hit.first].lower.ends_with("ed")
                || (by_agent && !toks[hit.first].lower.ends_with("ing")));
        if passive {
            if let Some(agent) = slots
                .iter()
                .find(|s| s.first > hit.last && s.prep.as_deref() == Some("by") && usable(s))
            {
                source = Some(agent);
                target = nearest_subject(slots, &live_hits, hit, clause, paren, &usable);
                why.push("passive voice: source is the `by` agent, target the subject".into());
            } else if target.is_some() {
                // "the two nations agreed that the remaining amount would be
                // invested in X": an agentless passive whose own subject is
                // no actor is done by the subject of the clause around it
                // (an actor named right before "be" would be the patient).
                let be_at = (hit.first.saturating_sub(3)..hit.first)
                    .find(|&k| BE_FORMS.contains(&toks[k].lower.as_str()))
                    .unwrap_or(hit.first);
                source = nearest_subject(slots, &live_hits, hit, clause, paren, &usable)
                    .filter(|s| be_at > s.last + 3 && target.is_none_or(|t| t.codes != s.codes));
                if source.is_some() {
                    why.push(
                        "agentless passive: source is the subject of the clause around it".into(),
                    );
                }
            }
        }
        if source.is_none() && trig.noun {
            // "Russia's veto of", "Russian military assistance to",
            // "the target of UN sanctions" (the modifier may sit inside a
            // prepositional phrase: the phrase is the noun's own).
            source = slots.iter().rev().find(|s| {
                s.last < hit.first
                    && hit.first - s.last <= 3
                    && usable(s)
                    && (toks
                        .get(s.last + 1)
                        .map(|t| t.lower == "'s")
                        .unwrap_or(false)
                        || s.kind != ActorKind::Coreference
                        // "its third nuclear test"
                        || POSSESSIVE_DETERMINERS.contains(&toks[s.first].lower.as_str()))
                    && toks[s.last + 1..hit.first].iter().all(|t| {
                        // "with X during a phone call": X is no modifier.
                        t.is_word && !ADVERBIAL_PREPOSITIONS.contains(&t.lower.as_str())
                    })
            });
            if let Some(src) = source {
                why.push("source: possessive or modifier of the nominal trigger".into());
                if target.is_none() && !trig.targets.is_empty() {
                    // "X faces US sanctions", "X has been the target of UN sanctions":
                    // the clause subject is on the receiving end (of a trigger
                    // that takes a target at all).
                    target = nearest_subject(slots, &live_hits, hit, clause, paren, &usable)
                        .filter(|t| t.first < src.first && t.codes != src.codes);
                    if target.is_some() {
                        why.push("target: the clause subject, on the receiving end of the nominal trigger".into());
                    }
                }
            }
        }
        // "the agreement (that) Russia and North Korea concluded", "the
        // pact Moscow and Pyongyang signed": the parties of a joint noun
        // stand in the relative clause right after it.
        let mut relative_parties = false;
        if source.is_none() && target.is_none() && trig.noun && trig.joint {
            let start = hit.last
                + 1
                + usize::from(
                    toks.get(hit.last + 1)
                        .is_some_and(|t| matches!(t.lower.as_str(), "that" | "which")),
                );
            if let Some(first) = slots.iter().find(|s| s.first == start && usable(s)) {
                if slots
                    .iter()
                    .filter(|o| o.group == first.group && usable(o))
                    .count()
                    >= 2
                {
                    source = Some(first);
                    relative_parties = true;
                    why.push(
                        "roles: the parties named in the relative clause after the noun".into(),
                    );
                }
            }
        }
        if source.is_none() && trig.noun {
            // "sanctions imposed by the US and the EU": the agent of a
            // participle after the noun is the source, the subject the target.
            let participle = toks
                .get(hit.last + 1)
                .is_some_and(|t| t.lower.ends_with("ed"))
                && toks.get(hit.last + 2).is_some_and(|t| t.lower == "by");
            if participle {
                if let Some(agent) = slots
                    .iter()
                    .find(|s| s.first > hit.last + 2 && s.first <= hit.last + 4 && usable(s))
                {
                    source = Some(agent);
                    if target.is_none() {
                        target = nearest_subject(slots, &live_hits, hit, clause, paren, &usable);
                    }
                    why.push(
                        "source: the `by` agent of the participle after the nominal trigger".into(),
                    );
                }
            }
        }
        if source.is_none() && !passive && !trig.noun && toks[hit.first].lower.ends_with("ing") {
            // "the possibility of North Korea sending troops": the name
            // right before a gerund is its subject, even inside a
            // prepositional phrase.
            source = slots
                .iter()
                .find(|s| s.last + 1 == hit.first && usable(s))
                .filter(|s| target.is_none_or(|t| t.codes != s.codes));
            if source.is_some() {
                why.push("source: the actor right before the gerund".into());
            }
        }
        if source.is_none() && !passive {
            source = nearest_subject(slots, &live_hits, hit, clause, paren, &usable);
            if let (Some(s), Some(t)) = (source, target) {
                if s.codes == t.codes {
                    // "criticised Iran's programme and joined sanctions
                    // against Tehran": the nearest name belongs to the first
                    // verb's object; the subject stands further back.
                    source = slots
                        .iter()
                        .rev()
                        .find(|o| {
                            o.last < s.first
                                && clause[o.first] == c
                                && usable(o)
                                && o.prep.is_none()
                                && o.codes != t.codes
                        })
                        .or(source);
                }
            }
            if let (Some(s), Some(t)) = (source, target) {
                if s.codes == t.codes {
                    // Still the target itself ("the Grand Ethiopian dam ...
                    // accused Addis Ababa"): let the speaker rule decide.
                    source = None;
                }
            }
            if source.is_some() {
                why.push("source: nearest actor before the trigger in its clause, outside prepositional phrases".into());
            }
        }
        if source.is_none() && paren[hit.first] {
            // Inside ", which ...": the antecedent is the actor right before the comma.
            let open = (0..hit.first).rev().find(|&k| !paren[k]).unwrap_or(0);
            source = slots.iter().rev().find(|s| s.last <= open && usable(s));
            if source.is_some() {
                why.push("source: antecedent of the relative clause".into());
            }
        }
        if source.is_none() && trig.noun && target.is_some() {
            // A nominal subject ("Joint drills with X are a sign that Y ..."):
            // the first actor after the target in the sentence.
            let t_last = target.map(|t| t.last).unwrap_or(hit.last);
            source = slots.iter().find(|s| {
                s.first > t_last
                    && usable(s)
                    && s.codes != target.map(|t| t.codes.clone()).unwrap_or_default()
            });
            if source.is_some() {
                why.push("source: the actor the nominal subject is predicated of".into());
            }
        }
        if source.is_none() && !passive {
            // "Egypt said the talks with Ethiopia had ended": a reported
            // action with no subject of its own is the speaker's.
            let speaker = cues
                .iter()
                .rev()
                .filter(|q| q.kind == CueKind::Report && q.last < hit.first && clause[q.last] < c)
                .find_map(|q| {
                    slots
                        .iter()
                        .rev()
                        .find(|s| s.last < q.first && q.first - s.last <= 3 && usable(s))
                        .or_else(|| {
                            // "Moscow condemned the measures and said it
                            // would respond": the subject of the clause the
                            // reporting verb stands in.
                            let start = (0..q.first)
                                .rev()
                                .take_while(|&k| clause[k] == clause[q.first])
                                .last()
                                .unwrap_or(q.first);
                            slots.iter().find(|s| {
                                s.last < q.first
                                    && s.first <= start + 2
                                    && clause[s.first] == clause[q.first]
                                    && s.prep.is_none()
                                    && usable(s)
                            })
                        })
                });
            if let Some(sp) = speaker.filter(|sp| target.is_none_or(|t| t.codes != sp.codes)) {
                source = Some(sp);
                why.push(
                    "source: the speaker of the reporting verb, as the clause names no subject"
                        .into(),
                );
            }
        }
        // The parse is asked only where it can change a choice: a source
        // picked among two or more actors before the trigger, or an `obj`
        // target not found although an actor follows.
        let before = slots
            .iter()
            .filter(|s| s.last < hit.first && usable(s))
            .count();
        let need_subject = source.is_some() && before >= 2;
        let need_object = target.is_none()
            && trig.targets.iter().any(|t| t == "obj")
            && slots.iter().any(|s| s.first > hit.last && usable(s));
        // A refusal with no target of its own is aimed at whoever the act
        // it refuses is aimed at ("refused to meet Jordan's king", "refused
        // to bow to U.S. pressure").
        let refusal = matches!(trig.event_type, EventType::Reject | EventType::Threaten)
            && !trig.deny
            && target.is_none();
        let asks = !trig.noun && (need_subject || need_object || refusal);
        if let Some(syn) = asks.then(syntax).flatten() {
            self.roles_from_parse(
                doc,
                syn,
                toks,
                slots,
                hit,
                trig,
                &usable,
                &mut source,
                &mut target,
                &mut why,
            );
        }
        if let Some((a, b)) = between_pair {
            source = Some(a);
            target = Some(b);
            why.push("roles from `between X and Y`".into());
        }
        if target.is_none()
            && trig.event_type == EventType::Consult
            && trig.mode.as_deref() == Some("visit")
        {
            // "attended the games in Moscow", "arrived in Pyongyang": the host is the place.
            target = slots
                .iter()
                .find(|s| is_location(s) && s.first > hit.last && !s.codes.is_empty());
            if target.is_some() {
                why.push("target: the host country of the place visited".into());
            }
        }
        if trig.recipient {
            // "X received aid from Y", "X hosted Y"
            std::mem::swap(&mut source, &mut target);
            why.push("recipient trigger: the subject receives, so roles are swapped".into());
        }

        if trig.noun
            && target.is_none()
            && between_pair.is_none()
            && !relative_parties
            && !source.is_some_and(|s| s.last < hit.first && hit.first - s.last <= 3)
            && definite_reference(toks, slots, hit)
        {
            // "joined the alliance", "under the 2015 nuclear deal": a
            // definite noun with no parties of its own names something
            // already known, not a new event.
            return Vec::new();
        }
        if trig.noun && described_not_done(toks, hit, target, clause) {
            // "Chinese support for Russia is limited", "cooperation with X is
            // beneficial": the noun is described, no event is reported.
            return Vec::new();
        }

        // Expand coordination groups into actor pairs.
        let group_of = |s: Option<&Slot>| -> Vec<&Slot> {
            match s {
                None => vec![],
                Some(s) => slots
                    .iter()
                    // The chosen slot itself always counts: the host of a
                    // visit is a place ("attended the games in Moscow").
                    .filter(|o| o.group == s.group && (usable(o) || std::ptr::eq(*o, s)))
                    .collect(),
            }
        };
        let src_group = group_of(source);
        let tgt_group = group_of(target);
        let mut pairs: Vec<(Option<Party>, Option<Party>)> = Vec::new();
        let expand = |g: &[&Slot]| -> Vec<(String, Option<String>)> {
            let mut v: Vec<(String, Option<String>)> = Vec::new();
            for s in g {
                for code in &s.codes {
                    if !v.iter().any(|(c, _)| c == code) {
                        v.push((code.clone(), s.sector.clone()));
                    }
                }
            }
            v
        };
        let srcs = expand(&src_group);
        let tgts = expand(&tgt_group);
        if trig.joint && tgts.is_empty() && srcs.len() >= 2 {
            why.push("joint action of a group: the first-named party with each other".into());
            for t in &srcs[1..] {
                pairs.push((Some(srcs[0].clone()), Some(t.clone())));
            }
        } else if srcs.is_empty() {
            // The text names nobody doing it ("international sanctions"):
            // too vague to code.
            return Vec::new();
        } else if let Some(t) = inherited_target.filter(|_| tgts.is_empty()) {
            for s in &srcs {
                if s.0 != t.0 {
                    pairs.push((Some(s.clone()), Some(t.clone())));
                }
            }
        } else if let Some(parties) = tgts
            .is_empty()
            .then(|| {
                named_event_parties(doc, toks, hit, here, &srcs)
                    .or_else(|| anaphoric_parties(toks, slots, hit, prev, si, &srcs))
            })
            .flatten()
            .filter(|_| !trig.deny && !trig.joint)
        {
            // "welcomed the announcement", "condemned the move": the object
            // refers back to the previous event; its parties are the targets.
            why.push(format!(
                "target: the parties of the event the object refers back to ({})",
                parties.join(", ")
            ));
            for s in &srcs {
                for p in &parties {
                    pairs.push((Some(s.clone()), Some((p.clone(), None))));
                }
            }
        } else if tgts.is_empty() && !trig.targets.is_empty() && !trig.deny {
            // A denial keeps a null target when no claimant is named (below).
            // A reciprocal action with its partner left implicit ("bilateral
            // trade", "joint drills"), or a `partner` trigger ("had sent its
            // troops"), is with the document's other main party.
            let partner = |code: &str| {
                dyad.iter()
                    .find(|c| c.as_str() != code && dyad.iter().any(|d| d == code))
            };
            // A reciprocal verb with no partner ("officials discussed the
            // possibility") may be talk among one side: only nouns
            // ("bilateral trade", "joint drills") imply the other party.
            if !(trig.partner || (trig.joint && trig.noun)) {
                // An act the lexicon lets stand alone needs no recipient
                // (PLOVER): "rejected the proposal", "condemned the move".
                // Only a finite, told act (`told_act`).
                if !trig.alone || !told_act(toks, hit) {
                    return Vec::new();
                }
                why.push("no target: the act names none, and needs none".into());
                for s in &srcs {
                    pairs.push((Some(s.clone()), None));
                }
            } else {
                // "sent its troops to another country": the text says the
                // partner is some other, unnamed party, not the main one.
                let unnamed_other = (hit.last + 1..toks.len().min(hit.last + 8)).any(|k| {
                    matches!(toks[k].lower.as_str(), "to" | "with" | "in")
                        && toks.get(k + 1).is_some_and(|t| {
                            matches!(t.lower.as_str(), "another" | "other" | "third")
                        })
                });
                if unnamed_other {
                    return Vec::new();
                }
                for s in &srcs {
                    if let Some(p) = partner(&s.0) {
                        why.push(format!(
                        "target {p}: implicit partner, the other party of the document's main dyad"
                    ));
                        pairs.push((Some(s.clone()), Some((p.clone(), None))));
                    }
                }
                // No main party either: an act that may stand alone does.
                if pairs.is_empty() && trig.alone && told_act(toks, hit) {
                    why.push("no target: the act names none, and needs none".into());
                    for s in &srcs {
                        pairs.push((Some(s.clone()), None));
                    }
                }
            }
        } else if tgts.is_empty() {
            for s in &srcs {
                pairs.push((Some(s.clone()), None));
            }
        } else {
            for s in &srcs {
                for t in &tgts {
                    pairs.push((Some(s.clone()), Some(t.clone())));
                }
            }
        }

        why.insert(
            0,
            [
                "trigger \"",
                span_text(doc, toks, hit.first, hit.last),
                "\"",
                self.trigger_why.get(hit.trigger).map_or("", String::as_str),
            ]
            .concat(),
        );

        // --- status
        let (status, attributed_to, status_why) =
            self.status(doc, toks, slots, hit, cues, clause, source, trig);
        why.push(status_why);

        // --- date
        let (date, date_why) = date_for(doc, si, toks, hit, cues, clause, paren, trig.noun, status);
        why.push(date_why);

        // --- quantities and location
        let quantities: Vec<_> = doc
            .quantities
            .iter()
            .filter(|q| q.sentence == si)
            .flat_map(|q| std::iter::once(q.quantity.clone()).chain(q.upper.clone()))
            .collect();
        let location = slots
            .iter()
            .find(|s| is_location(s) && s.first > hit.last)
            .or_else(|| slots.iter().find(|s| is_location(s)))
            .map(|s| {
                doc.slice(Span::new(toks[s.first].start, toks[s.last].end))
                    .to_string()
            });

        let sent_span = doc.sentences[si].span;
        let trigger_span = Span::new(toks[hit.first].start, toks[hit.last].end);
        let rule = self
            .trigger_rule
            .get(hit.trigger)
            .cloned()
            .unwrap_or_default();
        let mut out = Vec::new();
        let n_pairs = pairs.len();
        for (k, (s, t)) in pairs.into_iter().enumerate() {
            if let (Some(a), Some(b)) = (&s, &t) {
                if a.0 == b.0 {
                    continue;
                }
            }
            // The last pair takes the shared lines; earlier ones copy them.
            let mut ev_why = if k + 1 == n_pairs {
                std::mem::take(&mut why)
            } else {
                why.clone()
            };
            // (`concat` rather than `format!`: one line per event, and
            // joining plain strings costs a fraction of formatting them.)
            ev_why.push(
                [
                    "roles: source ",
                    s.as_ref().map(|x| x.0.as_str()).unwrap_or("none"),
                    " target ",
                    t.as_ref().map(|x| x.0.as_str()).unwrap_or("none"),
                ]
                .concat(),
            );
            out.push(Event {
                event_type: trig.event_type,
                mode: trig.mode.clone(),
                source: s.as_ref().map(|x| x.0.clone()),
                source_sector: s.as_ref().and_then(|x| x.1.clone()),
                target: t.as_ref().map(|x| x.0.clone()),
                target_sector: t.as_ref().and_then(|x| x.1.clone()),
                date,
                status,
                attributed_to: attributed_to.clone(),
                quantities: quantities.clone(),
                location: location.clone(),
                sentence: si,
                quote_span: sent_span,
                trigger_span,
                joint: trig.joint,
                intensity: trig.event_type.default_intensity(),
                rule: rule.clone(),
                why: ev_why,
            });
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn status(
        &self,
        doc: &Doc,
        toks: &[Token],
        slots: &[Slot],
        hit: &Hit,
        cues: &[CueHit],
        clause: &[usize],
        source: Option<&Slot>,
        trig: &Trigger,
    ) -> (Status, Option<String>, String) {
        let c = clause[hit.first];
        let noun = trig.noun;
        // A threat speaks of the future by nature: "warned it would take
        // measures" is an asserted threat, not a hypothetical one.
        let futurity = |q: &CueHit| {
            trig.event_type == EventType::Threaten
                && (q.kind == CueKind::Plan
                    || matches!(toks[q.first].lower.as_str(), "would" | "could" | "may"))
        };
        // A nominal trigger is often the subject of the clause whose verb
        // carries the modality: "cooperation between X and Y will ...",
        // "any arms deal ... would violate".
        let near_after = |q: &CueHit, max: usize| {
            noun && q.first > hit.last && q.first - hit.last <= max && clause[q.first] == c
        };
        let near_before = |q: &CueHit, max: usize| {
            q.last < hit.first && hit.first - q.last <= max && clause[q.first] == c
        };
        let cue_desc = |q: &CueHit| self.cue_desc.get(q.cue).map_or("", String::as_str);
        // Who speaks: the actor before a report cue, or after "according to".
        let speaker = |q: &CueHit| -> Option<&Slot> {
            if matches!(toks[q.first].lower.as_str(), "according" | "as") {
                slots
                    .iter()
                    .find(|s| s.first > q.last && s.first - q.last <= 4)
            } else {
                slots
                    .iter()
                    .rev()
                    .find(|s| s.last < q.first && q.first - s.last <= 6)
            }
        };
        let report = cues.iter().filter(|q| q.kind == CueKind::Report).find(|q| {
            (q.last < hit.first && clause[q.first] <= c)
                // "X did Y, officials said.": a trailing attribution, not a
                // report verb with a complement of its own ("and analysts
                // said Cairo may ...").
                || (q.first > hit.last
                    && clause[q.first] > c
                    && toks.get(q.last + 1).is_none_or(|t| !t.is_word))
        });
        let src_code = source.and_then(|s| s.codes.first().cloned());
        let reporter = report.and_then(|q| speaker(q).map(|s| (q, s)));
        let attributed = reporter.and_then(|(_, s)| s.codes.first().cloned());
        // "agreed that the amount would be invested", "announced that it
        // would build": "would" after an agreement or announcement is the
        // future of that statement, a plan, not speculation.
        let announced_would = |q: &CueHit| {
            toks[q.first].lower == "would"
                && toks[..q.first].iter().any(|t| {
                    matches!(
                        t.lower.as_str(),
                        "agreed" | "announced" | "promised" | "pledged" | "vowed" | "decided"
                    )
                })
        };
        if let Some(q) = cues.iter().find(|q| {
            q.kind == CueKind::Modal
                && announced_would(q)
                && !futurity(q)
                && (near_before(q, 8) || near_after(q, 8))
        }) {
            return (
                Status::Planned,
                attributed,
                format!(
                    "status planned: {} after an agreement or announcement",
                    cue_desc(q)
                ),
            );
        }
        if let Some(q) = cues.iter().find(|q| {
            q.kind == CueKind::Modal && !futurity(q) && (near_before(q, 8) || near_after(q, 8))
        }) {
            return (
                Status::Hypothetical,
                attributed,
                ["status hypothetical: cue ", cue_desc(q)].concat(),
            );
        }
        if let Some((q, s)) = reporter {
            if s.kind == ActorKind::Analyst {
                return (
                    Status::Hypothetical,
                    None,
                    format!("status hypothetical: an analyst's view ({})", cue_desc(q)),
                );
            }
        }
        if let Some(q) = cues.iter().find(|q| {
            q.kind == CueKind::Plan
                && !futurity(q)
                && (near_before(q, 8)
                    || near_after(q, 8)
                    // A trigger that is itself a plan word: "invited X to
                    // visit" is a planned visit.
                    || (q.first >= hit.first && q.first <= hit.last))
        }) {
            return (
                Status::Planned,
                attributed,
                ["status planned: cue ", cue_desc(q)].concat(),
            );
        }
        if let Some(q) = cues.iter().find(|q| {
            q.kind == CueKind::Hedge
                && (near_before(q, 10)
                    || (q.first > hit.last
                        && q.first - hit.last <= 2
                        // "concern over reported movements": the hedge
                        // qualifies the object, not this event.
                        && !PREPOSITIONS.contains(&toks[q.first - 1].lower.as_str())
                        && !DETERMINERS.contains(&toks[q.first - 1].lower.as_str())
                        // "was cancelled, allegedly for financial reasons":
                        // a hedge before a prepositional phrase qualifies
                        // the reason or manner, not the event.
                        && !toks
                            .get(q.last + 1)
                            .is_some_and(|t| PREPOSITIONS.contains(&t.lower.as_str()))))
        }) {
            return (
                Status::Reported,
                None,
                ["status reported, no named source: cue ", cue_desc(q)].concat(),
            );
        }
        if let Some((q, s)) = reporter {
            let code = s.codes.first().cloned();
            if code.is_some() && code != src_code {
                return (
                    Status::Reported,
                    code,
                    format!(
                        "status reported: {} claims it ({})",
                        s.codes.join("+"),
                        cue_desc(q)
                    ),
                );
            }
        }
        let _ = doc;
        (
            Status::Asserted,
            None,
            "status asserted: no cue of speculation, plan, claim or negation governs it".into(),
        )
    }
}

/// True when a nominal trigger is the topic of another trigger right before
/// it ("talks on trade", "an agreement about cooperation"): the topic is
/// what they talk or agree about, not an event of its own.
/// How many sentences back a later telling may restate an event (a month
/// told to the day, a date inherited, an undated first statement dated).
const RESTATEMENT_WINDOW: usize = 10;

/// Whether `ev` restates `first` (same type, parties and status) with one
/// of the two dated to a month and the other to a day of that month.
fn same_act_finer_day(first: &Event, ev: &Event) -> bool {
    let (Some(a), Some(b)) = (first.date, ev.date) else {
        return false;
    };
    let month_and_day = matches!(
        (a.precision, b.precision),
        (Precision::Month, Precision::Day) | (Precision::Day, Precision::Month)
    );
    month_and_day
        && a.year == b.year
        && a.month == b.month
        && first.event_type == ev.event_type
        && first.status == ev.status
        && same_parties(first, ev)
}

/// Whether a verb trigger is a finite, told act ("rejected", "rejects"), as
/// an `alone` trigger must be to stand with no target: a bare form states a
/// stance ("both states reject interventions") and a gerund is governed by
/// another verb.
fn told_act(toks: &[Token], hit: &Hit) -> bool {
    let w = toks[hit.first].lower.as_str();
    (w.ends_with('s') || w.ends_with("ed")) && !w.ends_with("ing")
}

/// The same source and target; a reciprocal telling ("A meets B") matches a
/// one-way one ("A arrived in B") in either direction.
fn same_parties(a: &Event, b: &Event) -> bool {
    (a.source == b.source && a.target == b.target)
        || ((a.joint || b.joint) && a.source == b.target && a.target == b.source)
}

/// "invited Kim to visit Moscow", "an invitation to attend the parade": the
/// infinitive right after an `absorb` trigger (and its object) is the content
/// of that event, not an event of its own.
fn absorbed(
    toks: &[Token],
    clause: &[usize],
    hits: &[Hit],
    hit: &Hit,
    triggers: &[Trigger],
) -> bool {
    if hit.first == 0 || toks[hit.first - 1].lower != "to" {
        return false;
    }
    hits.iter()
        .filter(|g| g.last < hit.first)
        .max_by_key(|g| g.last)
        .is_some_and(|g| {
            triggers[g.trigger].absorb
                && hit.first - g.last <= 12
                && clause[g.last] == clause[hit.first]
        })
}

fn is_topic(
    toks: &[Token],
    clause: &[usize],
    slots: &[Slot],
    hits: &[Hit],
    hit: &Hit,
    trig: &Trigger,
    triggers: &[Trigger],
) -> bool {
    if hit.first < 2 || !(trig.noun || toks[hit.first].lower.ends_with("ing")) {
        return false;
    }
    // "were discussing the possibility of inking an agreement": what talks
    // are about is no event of its own, however it is phrased.
    let talked_about = hits
        .iter()
        .filter(|h| h.last < hit.first)
        .max_by_key(|h| h.last)
        .is_some_and(|h| {
            let t = &triggers[h.trigger];
            // Talks between parties ("X and Y were discussing"), not one
            // side's deliberation ("officials discussed resuming imports"),
            // whose topic is the only event told.
            let c = clause[h.last];
            let parties_before: HashSet<&str> = slots
                .iter()
                .filter(|s| s.last < h.first && clause[s.first] == c && s.prep.is_none())
                .flat_map(|s| s.codes.iter().map(String::as_str))
                .collect();
            t.event_type == EventType::Consult
                && t.mode.as_deref() != Some("visit")
                && !t.noun
                && hit.first - h.last <= 6
                && clause[hit.first] == c
                && parties_before.len() >= 2
        });
    if talked_about {
        return true;
    }
    if !trig.noun {
        return false;
    }
    let Some(prep) = toks.get(hit.first - 1) else {
        return false;
    };
    if !matches!(prep.lower.as_str(), "on" | "about" | "over" | "regarding") {
        return false;
    }
    hits.iter()
        .any(|h| h.last < hit.first - 1 && hit.first - 1 - h.last <= 2)
}

/// "any arms deal between X and Y would ...": a noun under "any" speaks of
/// every such act, none in particular.
fn any_such(toks: &[Token], hit: &Hit, trig: &Trigger) -> bool {
    trig.noun
        && (hit.first.saturating_sub(3)..hit.first)
            .any(|k| toks[k].lower == "any" && toks[k + 1..hit.first].iter().all(|t| t.is_word))
}

/// True when the trigger stands in an embedded question ("it is unclear
/// whether X will provide", "the question of why X sends") or states a
/// purpose ("in order to defend"): asked about or aimed at, not reported.
fn in_question(toks: &[Token], clause: &[usize], hit: &Hit) -> bool {
    // A purpose ("in order to defend its ally") is intended, not done.
    if hit.first >= 3
        && toks[hit.first - 3].lower == "in"
        && toks[hit.first - 2].lower == "order"
        && toks[hit.first - 1].lower == "to"
    {
        return true;
    }
    let c = clause[hit.first];
    (0..hit.first)
        .rev()
        .take_while(|&k| clause[k] == c)
        .any(|k| matches!(toks[k].lower.as_str(), "whether" | "why"))
}

/// How many sentences back an anaphoric object ("welcomed the decision")
/// may find the event it refers to: a reaction often follows a paragraph that
/// details the event before naming it again.
const ANAPHORA_WINDOW: usize = 6;

/// When the trigger's object is a definite noun phrase with no actor in it
/// ("the announcement", "this move", "such steps"), the parties of the latest
/// event of the two sentences before, other than the source.
fn anaphoric_parties(
    toks: &[Token],
    slots: &[Slot],
    hit: &Hit,
    prev: &[Event],
    si: usize,
    srcs: &[Party],
) -> Option<Vec<String>> {
    let det = toks.get(hit.last + 1)?.lower.as_str();
    if !matches!(det, "the" | "this" | "these" | "that" | "those" | "such") {
        return None;
    }
    let noun = toks.get(hit.last + 2)?;
    let names_a_party = slots
        .iter()
        .any(|s| s.first > hit.last && s.first <= hit.last + 4);
    if !noun.is_word || names_a_party || toks.get(hit.last + 3).is_some_and(|t| t.lower == "of") {
        // "the resolution of X", or a phrase that names a party, is left to
        // the target slots.
        return None;
    }
    let last = prev
        .last()
        .filter(|e| e.sentence + ANAPHORA_WINDOW >= si && e.sentence < si)?;
    let mut parties: Vec<String> = Vec::new();
    for code in last
        .source
        .iter()
        .chain(last.target.iter().filter(|_| last.joint))
    {
        if !srcs.iter().any(|(c, _)| c == code) && !parties.contains(code) {
            parties.push(code.clone());
        }
    }
    (!parties.is_empty()).then_some(parties)
}

/// "condemned the conduct of the exercises" after "the exercises between
/// X and Y" earlier in the sentence: a definite object naming an event
/// told before it in the sentence (by its trigger word) has that event's
/// parties as targets.
fn named_event_parties(
    doc: &Doc,
    toks: &[Token],
    hit: &Hit,
    here: &[Event],
    srcs: &[Party],
) -> Option<Vec<String>> {
    if toks.get(hit.last + 1)?.lower != "the" {
        return None;
    }
    let object = toks
        .get(hit.last + 2..toks.len().min(hit.last + 7))?
        .iter()
        .take_while(|t| t.is_word && !matches!(t.lower.as_str(), "in" | "with" | "to" | "by"))
        .map(|t| t.lower.as_str())
        .filter(|w| w.len() > 3 && !matches!(*w, "the" | "these" | "those"))
        .collect::<Vec<_>>();
    let start = toks[hit.first].start;
    let event = here.iter().rev().find(|e| {
        e.trigger_span.end <= start
            && doc
                .text
                .get(e.trigger_span.start..e.trigger_span.end)
                .is_some_and(|t| {
                    let t = t.to_lowercase();
                    object
                        .iter()
                        .any(|w| t.split_whitespace().any(|tw| tw == *w))
                })
    })?;
    let mut parties: Vec<String> = Vec::new();
    for code in event.source.iter().chain(event.target.iter()) {
        if !srcs.iter().any(|(c, _)| c == code) && !parties.contains(code) {
            parties.push(code.clone());
        }
    }
    (!parties.is_empty()).then_some(parties)
}

/// True when a nominal trigger is a definite noun phrase ("the alliance",
/// "the 2015 nuclear deal"): "the" within three words before it, with no
/// actor in between.
fn definite_reference(toks: &[Token], slots: &[Slot], hit: &Hit) -> bool {
    for k in (hit.first.saturating_sub(3)..hit.first).rev() {
        if !toks[k].is_word || slots.iter().any(|s| s.first <= k && k <= s.last) {
            return false;
        }
        if matches!(
            toks[k].lower.as_str(),
            "the" | "this" | "that" | "these" | "those"
        ) {
            return true;
        }
    }
    false
}

/// True when a nominal trigger is the subject of a description ("X is
/// limited", "X is likely a long way off", "X does not have ...") rather
/// than a report that something happened. The verb may stand up to eight
/// words after the noun phrase ("trade and human contacts with X were
/// stopped").
fn described_not_done(toks: &[Token], hit: &Hit, target: Option<&Slot>, clause: &[usize]) -> bool {
    let c = clause[hit.first];
    let np_end = target.map(|t| t.last).unwrap_or(hit.last).max(hit.last);
    for k in np_end + 1..toks.len().min(np_end + 9) {
        if clause[k] != c || !toks[k].is_word {
            return false;
        }
        let w = toks[k].lower.as_str();
        let next = toks.get(k + 1).map(|t| t.lower.as_str()).unwrap_or("");
        if matches!(
            w,
            "is" | "are" | "was" | "were" | "remains" | "remain" | "seems" | "seem" | "appears"
        ) {
            return !matches!(
                next,
                "the" | "a" | "an" | "to" | "being" | "expected" | "set" | "due"
            );
        }
        if matches!(w, "does" | "do" | "did") {
            return next == "not" || next == "n't";
        }
    }
    false
}

/// Longest sentence the coder reads (bytes); real sentences stay far below.
const MAX_SENTENCE_BYTES: usize = 10_000;

/// The two state actors a document mentions most: its main dyad.
fn main_dyad(doc: &Doc) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for m in &doc.actors {
        if matches!(
            m.kind,
            ActorKind::Country
                | ActorKind::Metonym
                | ActorKind::Demonym
                | ActorKind::Person
                | ActorKind::Organisation
        ) {
            if let Some(c) = &m.code {
                *counts.entry(c.as_str()).or_default() += 1;
            }
        }
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().take(2).map(|(c, _)| c.to_string()).collect()
}

/// The subject candidate for a trigger: the nearest actor before it in its
/// clause that is not in a prepositional phrase and not separated from it
/// by another trigger; else the first actor of the clause.
fn nearest_subject<'a>(
    slots: &'a [Slot],
    hits: &[Hit],
    hit: &Hit,
    clause: &[usize],
    paren: &[bool],
    usable: &dyn Fn(&Slot) -> bool,
) -> Option<&'a Slot> {
    let c = clause[hit.first];
    let cands: Vec<&Slot> = slots
        .iter()
        .filter(|s| s.last < hit.first && clause[s.first] == c && usable(s) && s.prep.is_none())
        .filter(|s| paren[s.first] == paren[hit.first])
        .collect();
    cands
        .iter()
        .rev()
        .find(|s| !hits.iter().any(|h| h.first > s.last && h.last < hit.first))
        .or_else(|| cands.first())
        .copied()
}

/// The tokens' lower-case forms with short parentheses ("(R)") left out.
fn significant(toks: &[Token]) -> Vec<&str> {
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
fn clauses(toks: &[Token], cues: &[CueHit]) -> Vec<usize> {
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
        .filter(|q| !(q.first.saturating_sub(4)..q.first).any(|k| toks[k].lower == "what"))
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
fn parentheticals(toks: &[Token]) -> Vec<bool> {
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
fn preceding_preposition(
    toks: &[Token],
    first: usize,
    role_heads: &HashSet<String>,
) -> Option<String> {
    let mut k = first;
    let mut skipped = 0;
    while k > 0 && skipped <= 2 {
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

/// Matches a pattern at token `i`; returns the last token index on success.
fn match_at(pattern: &[PatternToken], toks: &[Token], i: usize) -> Option<usize> {
    fn go(p: &[PatternToken], toks: &[Token], i: usize) -> Option<usize> {
        match p.split_first() {
            None => i.checked_sub(1),
            Some((PatternToken::Words(ws), rest)) => {
                let t = toks.get(i)?;
                if ws.contains(&t.lower) {
                    go(rest, toks, i + 1)
                } else {
                    None
                }
            }
            Some((PatternToken::Gap(n), rest)) => {
                for k in 0..=*n {
                    if k > 0 {
                        let t = toks.get(i + k - 1)?;
                        // Words, the hyphen of a compound ("a
                        // Russia-Korea pipeline") and the currency sign of
                        // an amount ("rolled over a $2 billion loan").
                        if !t.is_word && !matches!(t.lower.as_str(), "-" | "$" | "€" | "£" | "¥")
                        {
                            return None;
                        }
                    }
                    if let Some(end) = go(rest, toks, i + k) {
                        return Some(end);
                    }
                }
                None
            }
        }
    }
    go(pattern, toks, i)
}

fn span_text<'a>(doc: &'a Doc, toks: &[Token], first: usize, last: usize) -> &'a str {
    doc.slice(Span::new(toks[first].start, toks[last].end))
}

/// Sentence openings that tie a sentence to the events just told, so that
/// it shares their time: English connectives, not knowledge of the world.
const LINKS: &[&[&str]] = &[
    &["in", "response"],
    &["in", "retaliation"],
    &["in", "return"],
    &["since", "then"],
    &["then"],
    &["afterwards"],
    &["subsequently"],
    &["shortly", "after"],
    &["soon", "after"],
    &["following", "the"],
    &["after", "the"],
];

/// How many sentences back a linked sentence may find its reference time.
const LINK_WINDOW: usize = 6;

/// True when the sentence opens with one of [`LINKS`].
fn opens_with_link(toks: &[Token]) -> bool {
    LINKS
        .iter()
        .any(|l| l.len() <= toks.len() && l.iter().zip(toks).all(|(w, t)| t.lower == *w))
}

/// The time mentions of sentence `si` (they are in text order: found by
/// binary search, not by scanning the document).
fn sentence_times(doc: &Doc, si: usize) -> impl Iterator<Item = &dyad_doc::TimeMention> {
    let from = doc.times.partition_point(|t| t.sentence < si);
    doc.times
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(move |t| t.sentence == si)
}

/// Chooses the event date and says why.
///
/// In order: the time expression of the trigger's clause, else of its
/// sentence (a time inside a comma relative clause only for an event of that
/// clause); else, for an event in the recent past (a `present` cue of
/// cues.tsv: "recently") or a statement in the present or the perfect
/// progressive ("have been pressuring"), the publication year; else, for a
/// past statement, the paragraph's current reference time (the latest date
/// of the sentences before it in the same paragraph); else none. The tense
/// is that of the trigger's own verb form. A past event is never dated by
/// the publication date without evidence.
#[allow(clippy::too_many_arguments)]
fn date_for(
    doc: &Doc,
    si: usize,
    toks: &[Token],
    hit: &Hit,
    cues: &[CueHit],
    clause: &[usize],
    paren: &[bool],
    noun: bool,
    status: Status,
) -> (Option<PartialDate>, String) {
    let c = clause[hit.first];
    let trig_pos = toks[hit.first].start;
    // A time inside a relative clause set off by commas (", which tried to
    // mediate in 2020,") dates that clause's event, not the main clause's,
    // and the other way round.
    let inside = paren.get(hit.first).copied().unwrap_or(false);
    let in_sentence: Vec<_> = sentence_times(doc, si)
        .filter(|t| t.value.is_some())
        .filter(|t| {
            toks.iter()
                .position(|k| k.end > t.span.start)
                .and_then(|k| paren.get(k))
                .is_none_or(|&p| p == inside)
        })
        .collect();
    let clause_of = |pos: usize| {
        toks.iter()
            .position(|t| t.end > pos)
            .map(|k| clause[k])
            .unwrap_or(c)
    };
    // A time after the trigger inside a relative clause ("sanctions that
    // were lifted under the 2015 deal") dates that clause, not the event.
    let in_sentence: Vec<_> = in_sentence
        .into_iter()
        .filter(|t| {
            t.span.start <= trig_pos
                || !toks.iter().any(|k| {
                    k.start > trig_pos
                        && k.start < t.span.start
                        && matches!(k.lower.as_str(), "that" | "which" | "who")
                })
        })
        .collect();
    let best = in_sentence
        .iter()
        .filter(|t| clause_of(t.span.start) == c)
        .min_by_key(|t| t.span.start.abs_diff(trig_pos))
        .or_else(|| {
            // Another clause's time, unless a contrast stands between them
            // ("X joined in April, but Y's bid was held up"): contrasted
            // clauses tell of different times.
            in_sentence
                .iter()
                .filter(|t| {
                    let (a, b) = if t.span.start < trig_pos {
                        (t.span.start, trig_pos)
                    } else {
                        (trig_pos, t.span.start)
                    };
                    !toks.iter().any(|k| {
                        k.start > a && k.start < b && CONTRASTS.contains(&k.lower.as_str())
                    })
                })
                .min_by_key(|t| t.span.start.abs_diff(trig_pos))
        });
    // "in August 2015 ... the 2015 Games": a finer time of the same clause
    // that falls within the chosen one says more about the same moment.
    let best = best.map(|b| {
        in_sentence
            .iter()
            .filter(|t| clause_of(t.span.start) == clause_of(b.span.start))
            .filter_map(|t| Some((t, t.value?, b.value?)))
            .filter(|(_, tv, bv)| tv.precision < bv.precision && tv.truncate(bv.precision) == *bv)
            .map(|(t, _, _)| t)
            .next()
            .unwrap_or(b)
    });
    if let Some(t) = best {
        return (
            t.value,
            [
                "date from \"",
                doc.slice(t.span),
                "\" (",
                t.rule.as_str(),
                ")",
            ]
            .concat(),
        );
    }
    if sentence_times(doc, si).any(|t| t.value.is_none() && !t.relative) {
        // "During the height of the Cold War, ...": the sentence places the
        // event in a period too long to date it (GUIDELINES §7).
        return (
            None,
            "no date: the sentence places it in a period of several years".into(),
        );
    }
    if !in_sentence.is_empty() {
        // The sentence dates other things (across a contrast): this event
        // is told apart from them, and no earlier time applies either.
        return (
            None,
            "no date: the sentence's times belong to a contrasted clause".into(),
        );
    }
    let sent = doc.sentences[si].span;
    let sentence = doc.slice(sent);
    let (rel_start, rel_end) = (trig_pos - sent.start, toks[hit.last].end - sent.start);
    // A present-perfect statement with no anchor ("have agreed") stays
    // undated: it says that, not when (GUIDELINES §7).
    let perfect = (hit.first.saturating_sub(4)..hit.first)
        .any(|k| clause[k] == c && matches!(toks[k].lower.as_str(), "has" | "have"));
    // The trigger's tense, worked out on first use: it is the costliest
    // test here, and many triggers are dated (or left undated) without it.
    let tense_cell = std::cell::OnceCell::new();
    let tense =
        || *tense_cell.get_or_init(|| dyad_time::tense_of_verb(sentence, rel_start, rel_end));
    // "have been pressuring": a perfect progressive goes on up to the time
    // of writing, like the present.
    let progressive = perfect
        && hit.first > 0
        && toks[hit.first - 1].lower == "been"
        && toks[hit.first].lower.ends_with("ing");
    // Only a verb in the present describes an ongoing activity; a noun in a
    // present-tense sentence ("two developments concern ... cooperation")
    // is merely mentioned.
    // "recently suggested", "during a recent episode ... condemned": the
    // recent past, which the publication year dates.
    let recent = cues
        .iter()
        .find(|q| q.kind == CueKind::Present && (q.last < hit.first || clause[q.first] == c));
    // A future action announced in the recent past ("recently suggested
    // that Russia is ready to resume exports") takes the date of the
    // announcement (GUIDELINES §7), when the cue dates the announcing verb
    // in an earlier clause.
    let announced_recently = recent.is_some_and(|q| clause[q.first] < c);
    if let (Some(q), Some(p)) = (recent, doc.meta.published) {
        if announced_recently || tense() != dyad_time::Tense::Future {
            return (
                Some(p.truncate(dyad_doc::Precision::Year)),
                format!(
                    "date: the recent past (\"{}\"), the publication year",
                    span_text(doc, toks, q.first, q.last)
                ),
            );
        }
    }
    // "The Pentagon claims that Russia approached X": a past act with no
    // date of its own, told by a report in the present, is dated like the
    // report, by the publication year. (A perfect "has supported" stays
    // undated, as above.)
    // (Without a publication date there is nothing to date it by.)
    if !perfect
        && status == Status::Reported
        && doc.meta.published.is_some()
        && tense() == dyad_time::Tense::Past
    {
        let report_now = cues
            .iter()
            .filter(|q| q.kind == CueKind::Report && q.last < hit.first && clause[q.last] < c)
            .max_by_key(|q| q.last)
            .is_some_and(|q| {
                let (a, b) = (
                    toks[q.first].start - sent.start,
                    toks[q.last].end - sent.start,
                );
                dyad_time::tense_of_verb(sentence, a, b) == dyad_time::Tense::Present
            });
        if let (true, Some(p)) = (report_now, doc.meta.published) {
            return (
                Some(p.truncate(dyad_doc::Precision::Year)),
                "date: told by a report in the present tense, the publication year".into(),
            );
        }
    }
    // "developments concern ... NATO deepening ties": a gerund with no
    // form of "be" before it names an activity; it is no finite present.
    let bare_gerund = toks[hit.first].lower.ends_with("ing")
        && !(hit.first.saturating_sub(2)..hit.first)
            .any(|k| BE_FORMS.contains(&toks[k].lower.as_str()));
    // "could export", "might invest": a modal verb states a possibility,
    // not an activity going on at the time of writing.
    let modal_verb = cues.iter().any(|q| {
        q.kind == CueKind::Modal
            && q.last < hit.first
            && hit.first - q.last <= 3
            && clause[q.last] == c
            // Only adverbs between ("could soon export"), no subject: "if
            // Pakistan is sending" is a condition on a present activity.
            && toks[q.last + 1..hit.first].iter().all(|t| {
                doc.text
                    .get(t.start..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|ch| ch.is_lowercase())
                    && !BE_FORMS.contains(&t.lower.as_str())
            })
    });
    if progressive
        || (!perfect
            && !noun
            && !bare_gerund
            && !modal_verb
            && doc.meta.published.is_some()
            && tense() == dyad_time::Tense::Present)
    {
        if let Some(p) = doc.meta.published {
            return (
                Some(p.truncate(dyad_doc::Precision::Year)),
                "date: present-tense statement, the publication year".into(),
            );
        }
    }
    // A possibility the author raises ("could export") happens at no time
    // the text has told: no reference time dates it. One that somebody
    // stated ("Naryshkin stated that the sides would ...") is dated like
    // the statement.
    let stated = cues
        .iter()
        .any(|q| q.kind == CueKind::Report && q.last < hit.first && clause[q.last] < c);
    // "had announced", "was negotiating": a pluperfect or a past
    // progressive places the act before or around the reference time, not
    // at it; only the reference's year is safe.
    let around_reference = (hit.first.saturating_sub(3)..hit.first).any(|k| {
        clause[k] == c
            && (toks[k].lower == "had"
                || (matches!(toks[k].lower.as_str(), "was" | "were")
                    && toks[hit.first].lower.ends_with("ing")))
    });
    if !perfect && (status != Status::Hypothetical || stated) && tense() == dyad_time::Tense::Past {
        // The latest date of the sentences before in this paragraph; for a
        // sentence that opens by linking itself to what came before ("In
        // response, ...", "Since then, ..."), of the sentences just before
        // it whatever their paragraph. Times are in text order: search back
        // from this sentence only.
        let para = doc.sentences[si].paragraph;
        // A pluperfect ("tensions had also increased") presupposes a time
        // the text has set already, as a linking opener does.
        let pluperfect = (0..hit.first).any(|k| clause[k] == c && toks[k].lower == "had");
        let linked = opens_with_link(toks) || pluperfect;
        let upto = doc.times.partition_point(|t| t.sentence < si);
        let reference = doc.times[..upto]
            .iter()
            .rev()
            .take_while(|t| {
                doc.sentences.get(t.sentence).is_some_and(|s| {
                    s.paragraph == para || (linked && t.sentence + LINK_WINDOW >= si)
                })
            })
            .filter(|t| {
                // Across paragraphs only a date the text states outright
                // ("In March 2013"), not a background "a decade ago".
                !t.relative || doc.sentences.get(t.sentence).map(|s| s.paragraph) == Some(para)
            })
            .find(|t| t.value.is_some());
        if let Some(t) = reference {
            let own_paragraph = doc.sentences.get(t.sentence).map(|s| s.paragraph) == Some(para);
            // "since February 24, 2022" opens a period: what the text goes on
            // to tell falls somewhere in it, which only the year bounds.
            if !own_paragraph || t.since || linked {
                // "In response, ...": some time after the date told before,
                // which only its year bounds safely.
                return (
                    t.value.map(|v| v.truncate(dyad_doc::Precision::Year)),
                    [
                        "date: the year of the earlier time \"",
                        doc.slice(t.span),
                        "\" (",
                        t.rule.as_str(),
                        "), which opens a period or which the sentence links back to",
                    ]
                    .concat(),
                );
            }
            return (
                t.value.map(|v| {
                    if around_reference {
                        v.truncate(dyad_doc::Precision::Year)
                    } else {
                        v
                    }
                }),
                [
                    "date: the paragraph's reference time \"",
                    doc.slice(t.span),
                    "\" (",
                    t.rule.as_str(),
                    ")",
                ]
                .concat(),
            );
        }
    }
    (
        None,
        "no date: the sentence states none and no present-tense or paragraph reference applies"
            .into(),
    )
}

#[cfg(test)]
mod tests;
