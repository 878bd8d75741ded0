//! Coreference inside one document: words from actors.tsv whose kind is
//! contextual, ambiguous, group, pair, regime, pronoun or pronoun-plural.
//!
//! Every rule looks only backwards (at mentions earlier in the text), and
//! a word that cannot be resolved makes no mention at all: a missing actor
//! costs less downstream than a wrong one.
//!
//! - `contextual` ("the North"): its code, once that code was mentioned.
//! - `ambiguous` ("Korea"): of the codes listed, the one mentioned most so
//!   far; nothing on a tie or when none was mentioned.
//! - `group` ("the two Koreas"): all its codes.
//! - `pair` ("both sides"): the last two distinct states mentioned (older
//!   first), when both are among the three states named most so far;
//!   otherwise the two named most (the document's dyad). When its own
//!   sentence names exactly one state before it, that state acts on the
//!   pair and is skipped ("X urged restraint on both sides").
//! - `regime` ("the regime"): the state named right after it ("the regime
//!   in Pyongyang"), else the last state whose regime was mentioned
//!   ("Kim's regime"), else the last state.
//! - `pronoun` (it/its): the subject of the sentence (the pronoun's own,
//!   before it, or else the previous one) when that sentence names exactly
//!   one state and names it within its first three words; "it" before an
//!   `expletive` word ("it is possible") refers to nothing.
//! - `pronoun-plural` (they/their): the same, when the subject is a group
//!   ("both sides", "Russia and North Korea").
//! - `pronoun-person` (he/she): the one person (a named person or a role
//!   holder with a country) named in its own sentence before it, else in
//!   the previous sentence; nothing when two are named there.
//! - `title` ("the prime minister"): the latest person named before it
//!   with that title, written before the name ("Prime Minister Shehbaz
//!   Sharif") or held in people.tsv; nothing when none was.

use super::{ActorRecogniser, Item};
use dyad_doc::ActorKind;
use dyad_lexicon::actors::EntryKind;
use rustc_hash::FxHashMap as HashMap;

/// How many bytes before a person's name may hold the title a later "the
/// prime minister" refers back by ("Prime Minister Shehbaz Sharif").
const TITLE_WINDOW: usize = 40;

/// Words before a person's name that put it inside a phrase, not in the
/// subject ("to President Xi", "with Premier Li", "and ...").
const SUBJECT_BREAKERS: &[&str] = &[
    "to", "with", "by", "for", "of", "from", "and", "in", "on", "at", "about", "against", "between",
];

fn slug(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect::<Vec<_>>()
        .join("-")
}

/// Words between `from` and `to` in `text`.
fn words_between(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to)
        .map_or(usize::MAX, |s| s.split_whitespace().count())
}

/// Resolves the pending items in place (those left pending are dropped by
/// the caller).
pub(super) fn resolve(
    rec: &ActorRecogniser,
    text: &str,
    items: &mut [Item],
    sent_of: &dyn Fn(usize) -> usize,
    sent_starts: &[usize],
) {
    let is_state = |it: &Item| {
        it.pending.is_none()
            && it.kind != ActorKind::Analyst
            && it
                .code
                .as_ref()
                .is_some_and(|c| rec.state_codes.contains(c))
    };
    // Mentions per code so far (resolved mentions only).
    let mut counts: HashMap<String, usize> = HashMap::default();
    for i in 0..items.len() {
        if let Some(prev) = i.checked_sub(1).and_then(|k| items.get(k)) {
            if prev.pending.is_none() {
                for c in prev.code.iter().chain(prev.group.iter().skip(1)) {
                    // Look up before inserting: a code seen before (the
                    // usual case) needs no copy of its key.
                    match counts.get_mut(c) {
                        Some(n) => *n += 1,
                        None => {
                            counts.insert(c.clone(), 1);
                        }
                    }
                }
            }
        }
        let Some(kind) = items.get(i).and_then(|it| it.pending) else {
            continue;
        };
        let Some(it) = items.get(i).cloned() else {
            continue;
        };
        let before = items.get(..i).unwrap_or(&[]);
        let later = items.get(i + 1..).unwrap_or(&[]);
        let surface = text.get(it.span.start..it.span.end).unwrap_or("");
        let mut codes: Vec<String> = Vec::new();
        let mut person_sector: Option<String> = None;
        // The person a title ("the prime minister") refers back to.
        let mut referent: Option<usize> = None;
        match kind {
            EntryKind::Contextual => {
                if let Some(c) = &it.code {
                    if before.iter().any(|b| {
                        b.pending.is_none() && (b.code.as_ref() == Some(c) || b.group.contains(c))
                    }) {
                        codes.push(c.clone());
                    }
                }
            }
            EntryKind::Ambiguous => {
                let mut ranked: Vec<(usize, &String)> = it
                    .group
                    .iter()
                    .map(|c| (counts.get(c).copied().unwrap_or(0), c))
                    .collect();
                ranked.sort_by_key(|c| std::cmp::Reverse(c.0));
                if let [(n1, c1), rest @ ..] = ranked.as_slice() {
                    let unique = match rest.first() {
                        Some((n2, _)) => n2 < n1,
                        None => true,
                    };
                    if *n1 > 0 && unique {
                        codes.push((*c1).clone());
                    }
                }
            }
            EntryKind::Group => codes = it.group.clone(),
            EntryKind::Pair => {
                // The last two distinct states, unless one of them is a
                // side character: then the two states the document has
                // named most so far (its dyad).
                // A state named earlier in the pair's own sentence is the
                // one acting on "both sides" ("X urged restraint on both
                // sides"), not one of them: look before the sentence first.
                let own = sent_of(it.span.start);
                let last_two = |skip_own: bool| {
                    let mut seen: Vec<String> = Vec::new();
                    for b in before.iter().rev().filter(|b| is_state(b)) {
                        if skip_own && sent_of(b.span.start) == own {
                            continue;
                        }
                        if let Some(c) = &b.code {
                            if !seen.contains(c) {
                                seen.push(c.clone());
                            }
                        }
                        if seen.len() == 2 {
                            break;
                        }
                    }
                    seen
                };
                // Two states named before it in its sentence are its
                // antecedents ("X and Y agreed ..., and the two governments").
                let mut own_states: Vec<&String> = Vec::new();
                for b in before.iter().filter(|b| is_state(b)) {
                    if sent_of(b.span.start) == own {
                        if let Some(c) = &b.code {
                            if !own_states.contains(&c) {
                                own_states.push(c);
                            }
                        }
                    }
                }
                let mut seen = last_two(own_states.len() == 1);
                if seen.len() < 2 {
                    seen = last_two(false);
                }
                let mut freq: Vec<(usize, usize, String)> = Vec::new();
                for (k, b) in before.iter().enumerate().filter(|(_, b)| is_state(b)) {
                    if let Some(c) = &b.code {
                        match freq.iter_mut().find(|f| &f.2 == c) {
                            Some(f) => f.0 += 1,
                            None => freq.push((1, k, c.clone())),
                        }
                    }
                }
                freq.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                let top: Vec<&String> = freq.iter().take(3).map(|f| &f.2).collect();
                if seen.len() == 2 && seen.iter().all(|c| top.contains(&c)) {
                    seen.reverse();
                    codes = seen;
                } else if freq.len() >= 2 {
                    let mut two: Vec<(usize, String)> =
                        freq.iter().take(2).map(|f| (f.1, f.2.clone())).collect();
                    two.sort();
                    codes = two.into_iter().map(|t| t.1).collect();
                }
            }
            EntryKind::Regime => {
                let after = it.span.end;
                let named = text
                    .get(after..)
                    .filter(|s| s.starts_with(" in "))
                    .and_then(|_| {
                        later
                            .iter()
                            .find(|n| n.span.start == after + 4 && n.pending.is_none())
                    })
                    .and_then(|n| n.code.clone());
                let code = named
                    .or_else(|| {
                        before
                            .iter()
                            .rev()
                            .find(|b| b.regime && b.pending.is_none())
                            .and_then(|b| b.code.clone())
                    })
                    .or_else(|| {
                        before
                            .iter()
                            .rev()
                            .find(|b| is_state(b))
                            .and_then(|b| b.code.clone())
                    });
                codes.extend(code);
            }
            EntryKind::Pronoun | EntryKind::PronounPlural => {
                let next_word = text
                    .get(it.span.end..)
                    .map(|s| s.trim_start())
                    .and_then(|s| {
                        s.split(|c: char| c.is_whitespace() || c == ',' || c == '.')
                            .next()
                    })
                    .unwrap_or("");
                let bare_it = surface.eq_ignore_ascii_case("it");
                if bare_it && rec.expletives.contains(next_word) {
                    continue;
                }
                let s = sent_of(it.span.start);
                let plural = kind == EntryKind::PronounPlural;
                // Only the previous and the current sentence matter.
                let window_start = sent_starts.get(s.saturating_sub(1)).copied().unwrap_or(0);
                let before = before
                    .get(before.partition_point(|b| b.span.start < window_start)..)
                    .unwrap_or(&[]);
                let subject_of = |sent: usize, upto: usize| -> Option<Vec<String>> {
                    let start = *sent_starts.get(sent)?;
                    let in_sent: Vec<&Item> = before
                        .iter()
                        .filter(|b| sent_of(b.span.start) == sent && b.span.end <= upto)
                        .filter(|b| is_state(b) || (b.pending.is_none() && b.group.len() >= 2))
                        .collect();
                    let first = in_sent.first()?;
                    // A state named late in the previous sentence is still its
                    // only candidate when it is the only state there; so is
                    // the only state before a possessive "its" in its own
                    // sentence ("the UN imposed restrictions on X over its
                    // test").
                    let only_one = !plural
                        && (upto == usize::MAX || surface.eq_ignore_ascii_case("its"))
                        && in_sent
                            .iter()
                            .all(|b| b.code == first.code && b.group.is_empty());
                    if words_between(text, start, first.span.start) > 2 && !only_one {
                        return None;
                    }
                    let mut distinct: Vec<String> = Vec::new();
                    for b in &in_sent {
                        for c in b.code.iter().chain(b.group.iter()) {
                            if !distinct.contains(c) {
                                distinct.push(c.clone());
                            }
                        }
                    }
                    if plural {
                        if first.group.len() >= 2 {
                            return Some(first.group.clone());
                        }
                        // "Russia and North Korea have ...": the two as one.
                        let second = in_sent.get(1)?;
                        let joined = text
                            .get(first.span.end..second.span.start)
                            .is_some_and(|g| g.trim() == "and");
                        let (a, b) = (first.code.clone()?, second.code.clone()?);
                        return (joined && a != b).then(|| vec![a, b]);
                    }
                    (distinct.len() == 1 && first.kind != ActorKind::Person).then_some(distinct)
                };
                let here = before
                    .iter()
                    .any(|b| sent_of(b.span.start) == s && (is_state(b) || b.group.len() >= 2));
                let found = if here {
                    subject_of(s, it.span.start)
                } else if s > 0 {
                    subject_of(s - 1, usize::MAX)
                } else {
                    None
                };
                codes.extend(found.unwrap_or_default());
            }
            EntryKind::Title => {
                let title = surface
                    .trim_start_matches("the ")
                    .trim_start_matches("The ")
                    .to_lowercase();
                let titled = |b: &Item| {
                    let mut from = b.span.start.saturating_sub(TITLE_WINDOW);
                    while from > 0 && !text.is_char_boundary(from) {
                        from -= 1;
                    }
                    let written = text
                        .get(from..b.span.end)
                        .is_some_and(|w| w.to_lowercase().contains(&title));
                    let held = b
                        .person
                        .and_then(|p| rec.people.get(p))
                        .is_some_and(|p| p.roles.iter().any(|r| r.role.contains(&title)));
                    written || held
                };
                if let Some(p) = before.iter().rev().find(|b| {
                    b.pending.is_none()
                        && b.kind == ActorKind::Person
                        && b.code.is_some()
                        && titled(b)
                }) {
                    codes.extend(p.code.clone());
                    person_sector = p.sector.clone();
                    referent = p.person;
                }
            }
            EntryKind::PersonPronoun => {
                let s = sent_of(it.span.start);
                let people_in = |sent: usize| -> Vec<&Item> {
                    before
                        .iter()
                        .filter(|b| {
                            let surface = text.get(b.span.start..b.span.end).unwrap_or("");
                            // A role in the plural ("US armed forces") is
                            // no "he"; an earlier "he" is the same person.
                            let singular_role =
                                b.kind == ActorKind::Role && !surface.ends_with('s');
                            // So is a title that named a known person
                            // ("the prime minister").
                            let earlier_pronoun = b.kind == ActorKind::Coreference
                                && (b.rule.starts_with("coref:he@")
                                    || b.rule.starts_with("coref:she@")
                                    || b.person.is_some());
                            sent_of(b.span.start) == sent
                                && b.pending.is_none()
                                && b.code.is_some()
                                && (b.kind == ActorKind::Person || singular_role || earlier_pronoun)
                        })
                        .collect()
                };
                // In its own sentence, only the subject: a person named in
                // the first words ("Kim told his host ... what he called").
                let sent_start = sent_starts.get(s).copied().unwrap_or(0);
                let mut candidates = people_in(s);
                if candidates
                    .first()
                    .is_some_and(|f| words_between(text, sent_start, f.span.start) > 2)
                {
                    candidates.clear();
                }
                // Look back only when nothing is named before it in its own
                // sentence: "X, chairman of the assembly, welcomed what he
                // ..." names its person even when X is unknown to the
                // lexicon.
                let named_here = before
                    .iter()
                    .any(|b| sent_of(b.span.start) == s && b.pending.is_none());
                let looked_here = !candidates.is_empty();
                if candidates.is_empty() && !named_here && s > 0 {
                    candidates = people_in(s - 1);
                }
                let first = candidates.first().copied();
                let one = first.filter(|f| {
                    candidates.iter().all(|b| {
                        b.code == f.code
                            && (b.name == f.name
                                || b.kind == ActorKind::Coreference
                                || f.kind == ActorKind::Coreference)
                    })
                });
                // Several people named there: the first of them when it
                // stands as a subject, not inside a prepositional phrase
                // ("the prime minister conveyed greetings to President Xi
                // and Premier Li. He also congratulated ...").
                // The others must all stand in such phrases: "X met Y. He
                // ..." stays open.
                let in_phrase = |b: &Item| {
                    let prev_word = text
                        .get(..b.span.start)
                        .unwrap_or("")
                        .split_whitespace()
                        .last()
                        .unwrap_or("")
                        .to_lowercase();
                    SUBJECT_BREAKERS.contains(&prev_word.as_str())
                };
                let one = one.or_else(|| {
                    first.filter(|f| {
                        !looked_here
                            && !in_phrase(f)
                            && candidates
                                .iter()
                                .skip(1)
                                .all(|b| b.code != f.code && in_phrase(b))
                    })
                });
                if let Some(p) = one {
                    codes.extend(p.code.clone());
                    person_sector = p.sector.clone();
                }
            }
            _ => {}
        }
        if codes.is_empty() {
            continue;
        }
        let Some(it) = items.get_mut(i) else { continue };
        it.code = codes.first().cloned();
        it.group = if codes.len() > 1 { codes } else { Vec::new() };
        it.kind = ActorKind::Coreference;
        if person_sector.is_some() {
            it.sector = person_sector;
        }
        if referent.is_some() {
            it.person = referent;
        }
        it.name = surface.to_string();
        it.rule = format!("coref:{}@{}", slug(surface), it.rule);
        it.pending = None;
    }
}
