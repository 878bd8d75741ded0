//! Dating: the date of an event and why.
//!
//! In order: the time expression of the trigger's clause, else of its
//! sentence; the publication year for the recent past, a present-tense
//! statement or a past act told by a present report; else, for a past
//! statement, the paragraph's reference time (or, for a sentence linked to
//! the ones before, their time's year); else none. A past event is never
//! dated by the publication day. Coordinated dates ("in 2001 and 2002")
//! give one event each. Why a step of its own: the date depends on the
//! time mentions, the tense and the status, not on the roles.

use crate::context::{sentence_times, SentenceCtx};
use crate::tokens::Token;
use crate::words::{BE_FORMS, CONTRASTS};
use crate::Hit;
use dyad_doc::{DateBasis, Event, PartialDate, Precision, Status};
use dyad_lexicon::events::CueKind;
use dyad_time::TenseWords;

/// How many words "has" / "have" may stand before the trigger to make it a
/// present perfect ("has long supported", "have not yet agreed").
const PERFECT_WINDOW: usize = 4;

/// How many words a modal may stand before the trigger to make it a modal
/// verb group ("could soon export"), with only adverbs between.
const MODAL_VERB_WINDOW: usize = 3;

/// How many words "had" or "was/were" may stand before the trigger to make
/// it a pluperfect or a past progressive ("had already announced").
const AUXILIARY_WINDOW: usize = 3;

/// How many words before a gerund a form of "be" makes it a progressive
/// ("is sending", "are now sending"), not a bare gerund naming an activity.
const GERUND_BE_WINDOW: usize = 2;

/// One event per coordinated date ("meetings in 2001 and 2002"): each
/// event dated by one of two times joined by "and" is copied with the
/// other. But coordinated decades ("in the 1990s and 2000s") are a range,
/// which dates nothing (GUIDELINES §7).
pub(crate) fn coordinated_dates(ctx: &SentenceCtx, out: &mut Vec<Event>) {
    let (doc, si) = (ctx.doc, ctx.si);
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
            ev.date_basis = DateBasis::None;
            ev.why
                .push("no date: coordinated decades are a range of many years".into());
        }
    }
    for ev in out.iter() {
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

/// Chooses the event date, says what it rests on ([`DateBasis`]) and why.
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
pub(crate) fn date_for(
    ctx: &SentenceCtx,
    hit: &Hit,
    noun: bool,
    status: Status,
    tense_words: &TenseWords,
) -> (Option<PartialDate>, DateBasis, String) {
    let (doc, si, toks, cues, clause, paren) = (
        ctx.doc,
        ctx.si,
        &ctx.toks[..],
        &ctx.cues[..],
        &ctx.clause[..],
        &ctx.paren[..],
    );
    let c = clause[hit.first];
    let trig_pos = toks[hit.first].start;
    // A time inside a relative clause set off by commas (", which tried to
    // mediate in 2020,") dates that clause's event, not the main clause's,
    // and the other way round.
    let inside = paren.get(hit.first).copied().unwrap_or(false);
    let in_sentence: Vec<_> = sentence_times(doc, si)
        .filter(|t| t.value.is_some())
        .filter(|t| !comparison_base(toks, t))
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
            DateBasis::Stated,
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
            DateBasis::None,
            "no date: the sentence places it in a period of several years".into(),
        );
    }
    if !in_sentence.is_empty() {
        // The sentence dates other things (across a contrast): this event
        // is told apart from them, and no earlier time applies either.
        return (
            None,
            DateBasis::None,
            "no date: the sentence's times belong to a contrasted clause".into(),
        );
    }
    let sent = doc.sentences[si].span;
    let sentence = doc.slice(sent);
    let (rel_start, rel_end) = (trig_pos - sent.start, toks[hit.last].end - sent.start);
    // A present-perfect statement with no anchor ("have agreed") stays
    // undated: it says that, not when (GUIDELINES §7).
    let perfect = (hit.first.saturating_sub(PERFECT_WINDOW)..hit.first)
        .any(|k| clause[k] == c && matches!(toks[k].lower.as_str(), "has" | "have"));
    // The trigger's tense, worked out on first use: it is the costliest
    // test here, and many triggers are dated (or left undated) without it.
    let tense_cell = std::cell::OnceCell::new();
    let tense =
        || *tense_cell.get_or_init(|| tense_words.tense_of_verb(sentence, rel_start, rel_end));
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
                DateBasis::Publication,
                format!(
                    "date: the recent past (\"{}\"), the publication year",
                    ctx.span_text(q.first, q.last)
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
                tense_words.tense_of_verb(sentence, a, b) == dyad_time::Tense::Present
            });
        if let (true, Some(p)) = (report_now, doc.meta.published) {
            return (
                Some(p.truncate(dyad_doc::Precision::Year)),
                DateBasis::Publication,
                "date: told by a report in the present tense, the publication year".into(),
            );
        }
    }
    // "developments concern ... NATO deepening ties": a gerund with no
    // form of "be" before it names an activity; it is no finite present.
    let bare_gerund = toks[hit.first].lower.ends_with("ing")
        && !(hit.first.saturating_sub(GERUND_BE_WINDOW)..hit.first)
            .any(|k| BE_FORMS.contains(&toks[k].lower.as_str()));
    // "could export", "might invest": a modal verb states a possibility,
    // not an activity going on at the time of writing.
    let modal_verb = cues.iter().any(|q| {
        q.kind == CueKind::Modal
            && q.last < hit.first
            && hit.first - q.last <= MODAL_VERB_WINDOW
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
                DateBasis::Publication,
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
    let around_reference = (hit.first.saturating_sub(AUXILIARY_WINDOW)..hit.first).any(|k| {
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
                    DateBasis::Context,
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
                DateBasis::Context,
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
        DateBasis::None,
        "no date: the sentence states none and no present-tense or paragraph reference applies"
            .into(),
    )
}

/// How many words before a "since" time a superlative makes it a
/// comparison base ("Russia's largest military exercises since 1981").
const SUPERLATIVE_WINDOW: usize = 6;

/// Whether a "since" time only measures a superlative ("the largest
/// exercises since 1981", "the first visit since 2019"): it dates no event.
fn comparison_base(toks: &[Token], t: &dyad_doc::TimeMention) -> bool {
    if !t.since {
        return false;
    }
    let at = toks.partition_point(|k| k.start < t.span.start);
    toks[at.saturating_sub(SUPERLATIVE_WINDOW + 1)..at]
        .iter()
        .any(|k| {
            let w = k.lower.as_str();
            matches!(w, "first" | "most") || (w.len() > 5 && w.ends_with("est"))
        })
}
