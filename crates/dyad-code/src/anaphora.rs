//! Anaphora: parties the sentence does not name but refers to.
//!
//! An object that refers back to an event ("welcomed the announcement",
//! "condemned the conduct of the exercises") takes that event's parties as
//! targets; a reciprocal act with its partner left implicit ("bilateral
//! trade") is with the other party of the document's main dyad. Why a step
//! of its own: these are the only roles found outside the sentence's own
//! actor mentions, in earlier events or in the whole document.

use crate::tokens::Token;
use crate::{Hit, Party, Slot};
use dyad_doc::{ActorKind, Doc, Event};
use rustc_hash::FxHashMap as HashMap;

/// How many words after the trigger an actor makes its object name a party
/// of its own ("welcomed the decision of Russia"): then the target slots,
/// not anaphora, decide.
const PARTY_IN_OBJECT_WINDOW: usize = 4;

/// How many words of a definite object ("condemned the conduct of the
/// exercises") are compared with the trigger words told before it.
const OBJECT_PHRASE_WORDS: usize = 5;

/// How many sentences back an anaphoric object ("welcomed the decision")
/// may find the event it refers to: a reaction often follows a paragraph that
/// details the event before naming it again.
const ANAPHORA_WINDOW: usize = 6;

/// When the trigger's object is a definite noun phrase with no actor in it
/// ("the announcement", "this move", "such steps"), the parties of the latest
/// event of the two sentences before, other than the source.
pub(crate) fn anaphoric_parties(
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
        .any(|s| s.first > hit.last && s.first <= hit.last + PARTY_IN_OBJECT_WINDOW);
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
pub(crate) fn named_event_parties(
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
        .get(hit.last + 2..toks.len().min(hit.last + 2 + OBJECT_PHRASE_WORDS))?
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

/// The two state actors a document mentions most: its main dyad.
pub(crate) fn main_dyad(doc: &Doc) -> Vec<String> {
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
