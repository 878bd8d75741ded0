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

//!
//! # Modules, one step each
//!
//! - `context`: the per-sentence context (tokens, actor slots, matches,
//!   clauses, parentheticals, the parse on first need);
//! - `triggers`: trigger and status-cue matching;
//! - `filter`: which matches state an event of their own;
//! - `roles`: clause and role assignment, one event per pair of parties;
//! - `anaphora`: parties referred back to or left implicit;
//! - `status`: negation, modality, plans, reports and denials;
//! - `dating`: the date of each event;
//! - `restate`: restatements across sentences;
//! - `syntax`: the dependency parse as the coder asks it;
//! - `tokens`: the tokenizer; `topic`: the sport and entertainment filter;
//!   `words`: grammar word lists the steps share.

mod anaphora;
mod context;
mod dating;
mod filter;
mod restate;
mod roles;
mod status;
mod syntax;
mod tokens;
mod topic;
mod triggers;
mod words;

use context::SentenceCtx;
use dating::date_for;
use dyad_doc::{ActorKind, BlockKind, DateBasis, Doc, Event, Precision, Span};
use dyad_lexicon::events::{CueKind, EventLexicon, PatternToken, Trigger};
use dyad_lexicon::Lexicon;
// FxHash instead of SipHash: the trigger and cue indexes are looked up for
// every token of every sentence, and the keys are our own lexicon words.
use restate::{same_act_finer_day, same_parties, RESTATEMENT_WINDOW};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Write as _;
pub use tokens::{tokenize, Token};

/// How many words the means ("by" + a gerund trigger) may stand after the
/// governing verb ("supported Y militarily by exporting arms").
const MEANS_WINDOW: usize = 10;

/// How far after an `intent` trigger ("agreed to") the act it governs may
/// start.
const INTENT_WINDOW: usize = 8;

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
    /// The tense word lists (`tense.tsv`), for dating by the trigger's tense.
    tense: dyad_time::TenseWords,
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
            tense: dyad_time::TenseWords::new(&lexicon.time),
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
        let dyad = anaphora::main_dyad(doc);
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
                let inherited = ev.date.is_some() && ev.date_basis != DateBasis::Stated;
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
                        first.date_basis = DateBasis::Context;
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
                    first.date_basis = DateBasis::Context;
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
        self.code_sentence_after(doc, si, &[], &anaphora::main_dyad(doc))
    }

    /// Codes one sentence, given the events coded before it in the
    /// document (for objects that refer back to an event: "welcomed the
    /// announcement") and the document's main dyad ([`anaphora::main_dyad`]).
    fn code_sentence_after(
        &self,
        doc: &Doc,
        si: usize,
        prev: &[Event],
        dyad: &[String],
    ) -> Vec<Event> {
        let Some(ctx) = self.sentence_context(doc, si, prev, dyad) else {
            return Vec::new();
        };
        let (toks, hits, clause) = (&ctx.toks[..], &ctx.hits[..], &ctx.clause[..]);
        let mut out = Vec::new();
        // "X supported Y by exporting arms", "pressuring Y by limiting
        // exports": the means ("by" + a gerund trigger) is the event; its
        // subject and object are the governing verb's.
        let means_of: Vec<Option<usize>> = hits
            .iter()
            .map(|g| {
                hits.iter().position(|m| {
                    m.first > g.last + 1
                        && m.first - g.last <= MEANS_WINDOW
                        && toks[m.first - 1].lower == "by"
                        && toks[m.first].lower.ends_with("ing")
                        && clause[m.first] == clause[g.last]
                        && !hits.iter().any(|h| h.first > g.last && h.last < m.first)
                })
            })
            .collect();
        let mut governing: Vec<(usize, Vec<Event>)> = Vec::new();
        // The matches whose events are a governing verb's, told as the means.
        let mut means: Vec<usize> = Vec::new();
        // The `intent` matches ("agreed to"), told only when they govern no
        // coded act.
        let mut intents: Vec<&Hit> = Vec::new();
        for (hi, hit) in hits.iter().enumerate() {
            let trig = &self.lex.triggers[hit.trigger];
            if trig.intent {
                intents.push(hit);
            }
            if self.states_no_event(&ctx, hit, trig) {
                continue;
            }
            let evs = self.code_hit(&ctx, hit, trig, &out);
            if let Some(m) = means_of[hi] {
                governing.push((m, evs));
                continue;
            }
            let gov = governing.iter().find(|(m, _)| *m == hi).map(|(_, e)| e);
            match gov {
                Some(gov) if !gov.is_empty() => {
                    means.push(hi);
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
                            ctx.span_text(hit.first, hit.last)
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
            let c = ctx.clause[hit.last];
            let governs_coded = out.iter().any(|e| {
                let at = toks.partition_point(|t| t.start < e.trigger_span.start);
                at > hit.last && at - hit.last <= INTENT_WINDOW && ctx.clause.get(at) == Some(&c)
            });
            if !governs_coded && self.intent_stands(&ctx, hit) {
                let trig = &self.lex.triggers[hit.trigger];
                let mut evs = self.code_hit(&ctx, hit, trig, &out);
                for e in evs.iter_mut() {
                    e.why
                        .push("the intent governs no act dyad codes: it is the event".into());
                }
                out.extend(evs);
            }
        }
        dating::coordinated_dates(&ctx, &mut out);
        self.apply_denials(&ctx, &mut out, &means);
        out
    }

    /// The events of one trigger match: its roles (source and target, each
    /// a coordination group expanded into actor pairs, [`roles`]), status
    /// ([`status`]), date ([`dating`]), quantities and location, each with
    /// its `why`. `here` holds the events coded earlier in the same
    /// sentence.
    fn code_hit(&self, ctx: &SentenceCtx, hit: &Hit, trig: &Trigger, here: &[Event]) -> Vec<Event> {
        // Negation right before the trigger: no asserted event.
        if status::negated(ctx, hit) {
            return Vec::new();
        }
        let Some(roles::Roles {
            source,
            pairs,
            mut why,
        }) = self.assign_roles(ctx, hit, trig, here)
        else {
            return Vec::new();
        };
        let (doc, si, toks, slots) = (ctx.doc, ctx.si, &ctx.toks[..], &ctx.slots[..]);
        let is_location = |s: &Slot| roles::is_location(s, trig);

        why.insert(
            0,
            [
                "trigger \"",
                ctx.span_text(hit.first, hit.last),
                "\"",
                self.trigger_why.get(hit.trigger).map_or("", String::as_str),
            ]
            .concat(),
        );

        // --- status
        let (status, attributed_to, status_why) = self.status(ctx, hit, trig, source);
        why.push(status_why);

        // --- date
        let (date, date_basis, date_why) = date_for(ctx, hit, trig.noun, status, &self.tense);
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
                date_basis,
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
}

#[cfg(test)]
mod tests;
