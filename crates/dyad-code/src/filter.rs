//! Which trigger matches state an event of their own.
//!
//! A match is no event when it only defers to the action it governs
//! ("agreed to"), is the infinitive an inviting trigger absorbs ("invited
//! X to visit"), is the topic of talks ("talks on trade"), speaks of every
//! such act ("any arms deal"), stands in an embedded question or a purpose
//! ("whether X will provide"), is an undated object of another event
//! ("condemned Pyongyang's nuclear test") or is the act a refusal refuses
//! ("refused to commit to any assistance"). Why a step of its own: these
//! tests look at the match and its neighbours only, before any role is
//! assigned, and each one says why something that reads like an event is
//! not reported as one.

use crate::context::{sentence_times, SentenceCtx};
use crate::tokens::Token;
use crate::words::DETERMINERS;
use crate::{Coder, Hit};
use dyad_doc::EventType;
use dyad_lexicon::events::Trigger;
use rustc_hash::FxHashSet as HashSet;

/// How many words a nominal trigger may stand after another event's
/// trigger to be its object ("condemned Pyongyang's nuclear test"): room
/// for a determiner, a possessive name and a modifier.
const OBJECT_OF_EVENT_WINDOW: usize = 4;

/// How many words the infinitive may stand after an `absorb` trigger
/// ("invited the North Korean leader Kim Jong Un to visit"): the object
/// between may be a long name.
const ABSORB_WINDOW: usize = 12;

/// How many words the topic may stand after a verb of talks ("were
/// discussing the possibility of inking").
const TOPIC_WINDOW: usize = 6;

/// How many words "any" may stand before a nominal trigger ("any arms
/// deal", "any new military deal").
const ANY_WINDOW: usize = 3;

/// How many words the preposition of a topic ("talks on trade", "an
/// agreement about cooperation") may stand after the trigger it belongs to.
const TOPIC_PREPOSITION_WINDOW: usize = 2;

impl Coder {
    /// True when the match `hit` of trigger `trig` states no event of its
    /// own (see the module documentation). The tests run in order, the one
    /// that may parse the sentence last.
    pub(crate) fn states_no_event(&self, ctx: &SentenceCtx, hit: &Hit, trig: &Trigger) -> bool {
        let (toks, clause, hits) = (&ctx.toks[..], &ctx.clause[..], &ctx.hits[..]);
        trig.defer
            || absorbed(toks, clause, hits, hit, &self.lex.triggers)
            || is_topic(ctx, hit, trig, &self.lex.triggers)
            || in_question(toks, clause, hit)
            || any_such(toks, hit, trig)
            || self.is_undated_object(ctx, hit, trig)
            || self.is_refused(ctx, hit)
    }

    /// Whether an `intent` match ("agreed to") that governs no coded act
    /// may stand as the event itself: not in a question, not refused.
    pub(crate) fn intent_stands(&self, ctx: &SentenceCtx, hit: &Hit) -> bool {
        !in_question(&ctx.toks, &ctx.clause, hit) && !self.is_refused(ctx, hit)
    }

    /// True when a nominal trigger is only the object of another event
    /// right before it ("condemned Pyongyang's nuclear test", "negotiating
    /// similar drills") and the sentence gives it no date: such an object
    /// is recorded only when dated (GUIDELINES §1). The object of a denial
    /// is kept: the denial governs it.
    fn is_undated_object(&self, ctx: &SentenceCtx, hit: &Hit, trig: &Trigger) -> bool {
        let (toks, slots, hits) = (&ctx.toks[..], &ctx.slots[..], &ctx.hits[..]);
        if !trig.noun {
            return false;
        }
        let Some(gov) = hits
            .iter()
            .rfind(|h| h.last < hit.first && hit.first - h.last <= OBJECT_OF_EVENT_WINDOW)
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
        let dated = sentence_times(ctx.doc, ctx.si).any(|t| t.value.is_some());
        plain && !dated
    }

    /// True when the hit is the act a refusal in the same sentence refuses
    /// ("Turkey has refused to commit to any direct assistance"): the
    /// refusal is the event, and what it refuses did not happen. Only a
    /// sentence with a refusal verb is parsed for this.
    fn is_refused(&self, ctx: &SentenceCtx, hit: &Hit) -> bool {
        let (toks, hits) = (&ctx.toks[..], &ctx.hits[..]);
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
        let Some(syn) = ctx.parse() else {
            return false;
        };
        let Some(w) = syn.word_of(&toks[hit.first]) else {
            return false;
        };
        refusals.iter().any(|h| {
            syn.word_of(&toks[h.first])
                .is_some_and(|g| syn.is_verb(g) && syn.governed_by(w, g))
        })
    }
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
                && hit.first - g.last <= ABSORB_WINDOW
                && clause[g.last] == clause[hit.first]
        })
}

/// True when a nominal trigger is the topic of another trigger right before
/// it ("talks on trade", "an agreement about cooperation"): the topic is
/// what they talk or agree about, not an event of its own.
fn is_topic(ctx: &SentenceCtx, hit: &Hit, trig: &Trigger, triggers: &[Trigger]) -> bool {
    let (toks, clause, slots, hits) = (
        &ctx.toks[..],
        &ctx.clause[..],
        &ctx.slots[..],
        &ctx.hits[..],
    );
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
                && hit.first - h.last <= TOPIC_WINDOW
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
        .any(|h| h.last < hit.first - 1 && hit.first - 1 - h.last <= TOPIC_PREPOSITION_WINDOW)
}

/// "any arms deal between X and Y would ...": a noun under "any" speaks of
/// every such act, none in particular.
fn any_such(toks: &[Token], hit: &Hit, trig: &Trigger) -> bool {
    trig.noun
        && (hit.first.saturating_sub(ANY_WINDOW)..hit.first)
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
