//! Status: whether an event is asserted, reported, planned, hypothetical
//! or denied, and whether it is coded at all (negation).
//!
//! From the status cues (`cues.tsv`) near the trigger: a negation right
//! before it drops the event; a modal gives `hypothetical` (but "would"
//! after an agreement or announcement, `planned`); a plan cue `planned`; a
//! hedge `reported` with no named source; a report cue whose speaker is
//! not the source `reported`, attributed to the speaker; an analyst's view
//! `hypothetical`. A denial trigger (`deny` in `triggers.tsv`) marks the
//! events after it in its sentence `denied`. Why a step of its own: the
//! status depends on the cues and the chosen source only, never on how the
//! roles were found.

use crate::context::SentenceCtx;
use crate::words::{DETERMINERS, PREPOSITIONS};
use crate::{Coder, CueHit, Hit, Slot};
use dyad_doc::{ActorKind, Event, EventType, Status};
use dyad_lexicon::events::{CueKind, Trigger};

/// How many words a negation cue may stand before the trigger and still
/// negate it: "did not back", "has not yet signed"; further back it
/// negates something else ("not only ... but also signed").
const NEGATION_WINDOW: usize = 3;

/// How many words a modal or plan cue may stand from the trigger (before
/// it, or after a nominal trigger that is the subject of the modal verb:
/// "cooperation between X and Y will ..."): about a clause's verb group
/// with an adverb or two and the subject between.
const MODAL_WINDOW: usize = 8;

/// How many words a hedge ("reportedly", "allegedly") may stand before the
/// trigger: a hedge opening the clause qualifies its whole statement.
const HEDGE_WINDOW: usize = 10;

/// How many words a hedge may stand after the trigger ("struck,
/// reportedly, ..."); further on it qualifies the object.
const HEDGE_AFTER_WINDOW: usize = 2;

/// How many words the speaker may stand after "according to" / "as" ("as
/// the ministry said", "according to the Iranian foreign ministry").
const SPEAKER_AFTER_WINDOW: usize = 4;

/// How many words the speaker may stand before a reporting verb ("X's
/// foreign ministry said", "X, the agency, said").
const SPEAKER_BEFORE_WINDOW: usize = 6;

/// True when a negation cue stands right before the trigger in its clause
/// ("did not back"): no asserted event.
pub(crate) fn negated(ctx: &SentenceCtx, hit: &Hit) -> bool {
    let (cues, clause) = (&ctx.cues[..], &ctx.clause[..]);
    let c = clause[hit.first];
    cues.iter().any(|q| {
        q.kind == CueKind::Negation
            && q.last < hit.first
            && hit.first - q.last <= NEGATION_WINDOW
            && clause[q.first] == c
    })
}

impl Coder {
    /// The status of the event of `hit` with source `source`, the actor a
    /// report attributes it to, and the `why` line.
    pub(crate) fn status(
        &self,
        ctx: &SentenceCtx,
        hit: &Hit,
        trig: &Trigger,
        source: Option<&Slot>,
    ) -> (Status, Option<String>, String) {
        let (toks, slots, cues, clause) = (
            &ctx.toks[..],
            &ctx.slots[..],
            &ctx.cues[..],
            &ctx.clause[..],
        );
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
                    .find(|s| s.first > q.last && s.first - q.last <= SPEAKER_AFTER_WINDOW)
            } else {
                slots
                    .iter()
                    .rev()
                    .find(|s| s.last < q.first && q.first - s.last <= SPEAKER_BEFORE_WINDOW)
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
                && (near_before(q, MODAL_WINDOW) || near_after(q, MODAL_WINDOW))
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
            q.kind == CueKind::Modal
                && !futurity(q)
                && (near_before(q, MODAL_WINDOW) || near_after(q, MODAL_WINDOW))
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
                && (near_before(q, MODAL_WINDOW)
                    || near_after(q, MODAL_WINDOW)
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
                && (near_before(q, HEDGE_WINDOW)
                    || (q.first > hit.last
                        && q.first - hit.last <= HEDGE_AFTER_WINDOW
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
        (
            Status::Asserted,
            None,
            "status asserted: no cue of speculation, plan, claim or negation governs it".into(),
        )
    }

    /// A denial governs the events after it in the sentence: they are
    /// marked `denied` (a denial itself is not). `means` lists the matches
    /// whose events are the means of a governing verb, told with its
    /// parties ("by refuting ...").
    pub(crate) fn apply_denials(&self, ctx: &SentenceCtx, out: &mut [Event], means: &[usize]) {
        let (toks, hits) = (&ctx.toks[..], &ctx.hits[..]);
        let deny_at: Option<usize> = hits
            .iter()
            .filter(|h| self.lex.triggers[h.trigger].deny)
            .map(|h| h.last)
            .min();
        if let Some(d) = deny_at {
            for ev in out.iter_mut() {
                // The event's own trigger: the match its trigger span starts
                // at (matches never overlap).
                let is_deny = ev.event_type == EventType::Reject
                    && hits
                        .iter()
                        .position(|h| toks[h.first].start == ev.trigger_span.start)
                        .is_some_and(|hi| {
                            let t = &self.lex.triggers[hits[hi].trigger];
                            if means.contains(&hi) {
                                // A means event's rule line is written without
                                // the trigger's flags, and such an event has
                                // been a denial by the verb "deny" alone, not
                                // by the `deny` flag ("by refuting" after a
                                // denial is marked denied). Kept so: changing
                                // it is a change of output, not of structure.
                                t.verb_lemma.as_deref() == Some("deny")
                            } else {
                                t.states_denial()
                            }
                        });
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
    }
}
