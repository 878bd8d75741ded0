//! Trigger matching: where the sentence's words match a trigger pattern
//! (`triggers.tsv`) or a status cue (`cues.tsv`).
//!
//! Triggers are found leftmost-longest and never inside an actor's name; a
//! verb trigger used as a noun ("holds a veto") and a nominal one used as a
//! verb ("willing to deal") are skipped. Cues are every match outside an
//! actor's name. Why here: matching is the only step that reads the
//! patterns; every later step works on the matches.

use crate::tokens::Token;
use crate::words::{DETERMINERS, NOUN_MODIFIERS};
use crate::{Coder, CueHit, Hit, Slot};
use dyad_doc::ActorKind;
use dyad_lexicon::events::PatternToken;

impl Coder {
    /// The trigger matches of the sentence, leftmost-longest.
    pub(crate) fn find_triggers(&self, toks: &[Token], slots: &[Slot]) -> Vec<Hit> {
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
        // "Iran's alleged supply of drones": one modifier between (no
        // verb: a verb trigger takes no possessive before it).
        let after_modified_determiner = i > 1
            && NOUN_MODIFIERS.contains(&toks[i - 1].lower.as_str())
            && DETERMINERS.contains(&toks[i - 2].lower.as_str());
        bare_or_ing
            && i > 0
            && (DETERMINERS.contains(&toks[i - 1].lower.as_str())
                || after_demonym
                || after_modified_determiner)
    }

    /// Status cues, outside actor names ("the United States" has no "state").
    pub(crate) fn find_cues(&self, toks: &[Token], slots: &[Slot]) -> Vec<CueHit> {
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
}

/// Matches a pattern at token `i`; returns the last token index on success.
pub(crate) fn match_at(pattern: &[PatternToken], toks: &[Token], i: usize) -> Option<usize> {
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
