//! Clause and role assignment: who does what to whom.
//!
//! For one trigger match, the source is, in order: the actors a copula
//! joins to a noun naming the doers, the `by` agent of a passive, a
//! possessive or modifier before a nominal trigger, the parties of a joint
//! noun in the relative clause after it, the agent of a participle after
//! the noun, the name right before a gerund, the nearest subject before the
//! trigger in its clause outside prepositional phrases, the antecedent of a
//! relative clause, or the speaker of a reporting verb. The target comes
//! from the trigger's target slots (`with`, `obj`, `between`, ...). The
//! parse corrects both for verbal triggers where it can change a choice.
//! Coordination groups are expanded into one event per pair of parties;
//! parties left implicit are found by [`crate::anaphora`]. Why a step of
//! its own: roles are the coder's largest decision, and every other step
//! (status, date) takes the chosen roles as given.

use crate::anaphora::{anaphoric_parties, named_event_parties};
use crate::context::SentenceCtx;
use crate::tokens::Token;
use crate::words::{
    ADVERBIAL_PREPOSITIONS, BE_FORMS, NOT_ANTECEDENTS, POSSESSIVE_DETERMINERS, PREPOSITIONS,
    RELATIVE_AUXILIARIES,
};
use crate::{Coder, Hit, Party, Slot};
use dyad_doc::{ActorKind, Event, EventType};
use dyad_lexicon::events::{CueKind, PatternToken, Trigger};

/// How many words an `obj` target may stand after the trigger ("sent
/// the first batch of troops to" is a slot, not an object).
const OBJECT_WINDOW: usize = 6;

/// How many words a prepositional target slot (`with`, `to`, ...) may
/// stand after the trigger ("signed a long-term gas supply agreement with").
const SLOT_WINDOW: usize = 16;

/// How far before a relative pronoun "among", "one (of)" or "including"
/// make its antecedent a set whose named member is the doer.
const RELATIVE_SET_WINDOW: usize = 5;

/// How far after a trigger the `of`/`by` party of its object phrase may
/// stand ("welcomed the latest policy statement by X").
const OBJECT_PHRASE_WINDOW: usize = 7;

/// "between" is looked for from the trigger's second word up to (not
/// including) this many words after its last ("held joint naval exercises
/// between", "mediated talks between").
const BETWEEN_WINDOW: usize = 8;

/// How many words the actors a copula joins to a noun naming the doers
/// may stand after it ("were A, B and C", "were the US and its allies").
const COMPLEMENT_WINDOW: usize = 3;

/// How many words a possessive or modifier may stand before a nominal
/// trigger and still be its source ("Russia's continued military
/// assistance to").
const MODIFIER_WINDOW: usize = 3;

/// How many words the speaker may stand before a reporting verb for a
/// reported action with no subject of its own ("Egypt said the talks ...").
const SPEAKER_WINDOW: usize = 3;

/// "to another country" up to (not including) this many words after the
/// trigger tells that an unnamed other party, not the document's main one,
/// is the partner.
const UNNAMED_PARTNER_WINDOW: usize = 8;

/// How many words after a nominal trigger's noun phrase its verb may stand
/// for the noun to be described rather than done ("trade and human contacts
/// with X were stopped").
const DESCRIPTION_WINDOW: usize = 8;

/// How many words before the trigger a form of "be" makes an agentless
/// passive ("would be invested", "was quickly approved").
const PASSIVE_BE_WINDOW: usize = 3;

/// An actor this close (words) before the "be" of an agentless passive is
/// its patient ("X would be invested"), not the doer of the clause around.
const PATIENT_WINDOW: usize = 3;

/// How many words after "by" the agent of a participle after a nominal
/// trigger may start ("sanctions imposed by the US", "by the European
/// Union").
const PARTICIPLE_AGENT_WINDOW: usize = 2;

/// How many words into its clause the subject of a reporting verb may
/// start ("Moscow condemned the measures and said ...", "But Moscow ...").
const CLAUSE_SUBJECT_WINDOW: usize = 2;

/// How many words before a nominal trigger a definite determiner makes it
/// a definite reference ("the 2015 nuclear deal", "the new alliance").
const DEFINITE_WINDOW: usize = 3;

/// The roles [`Coder::assign_roles`] chose for one trigger match.
pub(crate) struct Roles<'c> {
    /// The source slot (the status looks for its speaker).
    pub(crate) source: Option<&'c Slot>,
    /// One (source, target) pair per event.
    pub(crate) pairs: Vec<(Option<Party>, Option<Party>)>,
    /// Why each role was chosen.
    pub(crate) why: Vec<String>,
}

/// True when the slot is the place of the event ("in Moscow"), not a
/// party: a country or seat of power after "in" or "at", unless the
/// trigger takes its target there.
pub(crate) fn is_location(s: &Slot, trig: &Trigger) -> bool {
    matches!(s.kind, ActorKind::Metonym | ActorKind::Country)
        && matches!(s.prep.as_deref(), Some("in") | Some("at"))
        && !trig.targets.iter().any(|t| t == "in" || t == "at")
}

impl Coder {
    /// The roles of one trigger match: its source slot and the actor pairs
    /// of its events (source and target, each a coordination group
    /// expanded), with the `why` lines of the choices. `None` when the
    /// match gives no event (no one named doing it, a definite or described
    /// noun, ...). `here` holds the events coded earlier in the sentence.
    pub(crate) fn assign_roles<'c>(
        &self,
        ctx: &'c SentenceCtx,
        hit: &Hit,
        trig: &Trigger,
        here: &[Event],
    ) -> Option<Roles<'c>> {
        let (doc, si, prev, dyad) = (ctx.doc, ctx.si, ctx.prev, ctx.dyad);
        let (toks, slots, hits, cues, clause, paren) = (
            &ctx.toks[..],
            &ctx.slots[..],
            &ctx.hits[..],
            &ctx.cues[..],
            &ctx.clause[..],
            &ctx.paren[..],
        );
        // The explanation starts with the trigger; that line is written
        // (at the front, by the caller) only once the hit is known to give
        // events, as many hits return early with none.
        let mut why: Vec<String> = Vec::new();
        let c = clause[hit.first];
        let is_location = |s: &Slot| is_location(s, trig);
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
                        && s.first - after <= OBJECT_WINDOW
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
                if let Some(p) = (hit.first + 1..toks.len().min(hit.last + BETWEEN_WINDOW))
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
                        && s.first - after <= SLOT_WINDOW
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
                slots.iter().find(|s| {
                    s.first > b
                        && s.first - b <= COMPLEMENT_WINDOW
                        && clause[s.first] == c
                        && usable(s)
                })
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
            // "the supporters of the regime": doers left unnamed.
            source?;
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
                let be_at = (hit.first.saturating_sub(PASSIVE_BE_WINDOW)..hit.first)
                    .find(|&k| BE_FORMS.contains(&toks[k].lower.as_str()))
                    .unwrap_or(hit.first);
                source =
                    nearest_subject(slots, &live_hits, hit, clause, paren, &usable).filter(|s| {
                        be_at > s.last + PATIENT_WINDOW && target.is_none_or(|t| t.codes != s.codes)
                    });
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
                    && hit.first - s.last <= MODIFIER_WINDOW
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
                if let Some(agent) = slots.iter().find(|s| {
                    s.first > hit.last + 2
                        && s.first <= hit.last + 2 + PARTICIPLE_AGENT_WINDOW
                        && usable(s)
                }) {
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
        if source.is_none() && !passive && !trig.noun {
            // "Arab policy that had called for a Palestinian state": a
            // relative clause with no subject of its own is done by the
            // noun before "that"; when that noun is no actor, no actor did
            // it.
            let mut k = hit.first;
            while k > 0 && RELATIVE_AUXILIARIES.contains(&toks[k - 1].lower.as_str()) {
                k -= 1;
            }
            // Not a set a named member belongs to ("the DPRK was among
            // five countries that voted against"): the member did it.
            let of_a_set = toks[k.saturating_sub(RELATIVE_SET_WINDOW)..k]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "among" | "one" | "including"));
            let relative = k > 1
                && matches!(toks[k - 1].lower.as_str(), "that" | "which" | "who")
                && toks[k - 2].is_word
                // "as that would reward", "said that": a demonstrative or
                // a complement, no relative clause.
                && !NOT_ANTECEDENTS.contains(&toks[k - 2].lower.as_str())
                && !of_a_set;
            if relative {
                let antecedent = slots.iter().find(|s| s.last + 2 == k && usable(s));
                match antecedent {
                    Some(a) => {
                        source = Some(a);
                        why.push("source: the antecedent of the relative clause".into());
                    }
                    None => return None,
                }
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
            // Not a name of the target's own list ("talks with Indonesia
            // and South Korea").
            source = slots.iter().find(|s| {
                s.first > t_last
                    && usable(s)
                    && target.is_none_or(|t| s.codes != t.codes && s.group != t.group)
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
                        .find(|s| {
                            s.last < q.first && q.first - s.last <= SPEAKER_WINDOW && usable(s)
                        })
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
                                    && s.first <= start + CLAUSE_SUBJECT_WINDOW
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
        if asks && ctx.parse().is_some() {
            roles_from_parse(ctx, hit, trig, &usable, &mut source, &mut target, &mut why);
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
            && !source.is_some_and(|s| s.last < hit.first && hit.first - s.last <= MODIFIER_WINDOW)
            && definite_reference(toks, slots, hit)
        {
            // "joined the alliance", "under the 2015 nuclear deal": a
            // definite noun with no parties of its own names something
            // already known, not a new event.
            return None;
        }
        if trig.noun && described_not_done(toks, hit, target, clause) {
            // "Chinese support for Russia is limited", "cooperation with X is
            // beneficial": the noun is described, no event is reported.
            return None;
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
            // "a bus blast killed nine Chinese engineers": an attack whose
            // doer the text does not name still has its victims (ACLED's
            // unknown perpetrator; gold-real convention 13).
            if trig.event_type == EventType::Assault && !tgts.is_empty() {
                why.push("no source: the text names no perpetrator".into());
                for t in &tgts {
                    pairs.push((None, Some(t.clone())));
                }
            } else {
                // The text names nobody doing it ("international
                // sanctions"): too vague to code.
                return None;
            }
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
                if !trig.alone || !told_act(toks, hit, trig) {
                    return None;
                }
                why.push("no target: the act names none, and needs none".into());
                for s in &srcs {
                    pairs.push((Some(s.clone()), None));
                }
            } else {
                // "sent its troops to another country": the text says the
                // partner is some other, unnamed party, not the main one.
                let unnamed_other =
                    (hit.last + 1..toks.len().min(hit.last + UNNAMED_PARTNER_WINDOW)).any(|k| {
                        matches!(toks[k].lower.as_str(), "to" | "with" | "in")
                            && toks.get(k + 1).is_some_and(|t| {
                                matches!(t.lower.as_str(), "another" | "other" | "third")
                            })
                    });
                if unnamed_other {
                    return None;
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
                if pairs.is_empty() && trig.alone && told_act(toks, hit, trig) {
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
        Some(Roles { source, pairs, why })
    }
}

/// Source and target of a verbal trigger from the parse: its subject
/// (the `by` agent and the subject, in the passive) corrects the source
/// the word-distance rules chose, and for a trigger whose target is its
/// object, the object gives a target they did not find. Only where the
/// parse names a usable actor.
fn roles_from_parse<'s>(
    ctx: &'s SentenceCtx,
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
    let Some(syn) = ctx.parse() else {
        return;
    };
    let (doc, toks, slots) = (ctx.doc, &ctx.toks[..], &ctx.slots[..]);
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

/// True when a nominal trigger is a definite noun phrase ("the alliance",
/// "the 2015 nuclear deal"): "the" within three words before it, with no
/// actor in between.
fn definite_reference(toks: &[Token], slots: &[Slot], hit: &Hit) -> bool {
    for k in (hit.first.saturating_sub(DEFINITE_WINDOW)..hit.first).rev() {
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
    for k in np_end + 1..toks.len().min(np_end + 1 + DESCRIPTION_WINDOW) {
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

/// Whether a verb trigger is a told act ("rejected", "rejects"), as an
/// `alone` trigger must be to stand with no target: a bare form states a
/// stance ("both states reject interventions"), and the gerund of a verbal
/// act is governed by another verb ("accused X of rejecting"); the
/// participle of a material act tells it ("shelled the town, killing 13
/// people").
fn told_act(toks: &[Token], hit: &Hit, trig: &Trigger) -> bool {
    let w = toks[hit.first].lower.as_str();
    if w.ends_with("ing") {
        return !matches!(trig.event_type.quad_class(), 1 | 3);
    }
    w.ends_with('s') || w.ends_with("ed")
}
