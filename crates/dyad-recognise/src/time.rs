//! Time recognition in a [`Doc`]: finds temporal expressions with
//! [`dyad_time::TimeFinder`], infers a missing publication date, and
//! resolves every expression into a [`TimeMention`].
//!
//! Order of work, and why:
//!
//! 1. Find every expression and the tense of the clause around it (tense is
//!    read inside the expression's sentence).
//! 2. When `doc.meta.published` is `None`, infer it from the latest stated
//!    dates ([`dyad_time::infer_published`]) and mark it `Inferred`. A date
//!    already there (stated, metadata, or a user `Override`) is never
//!    touched.
//! 3. Resolve in text order against the publication date; each resolved
//!    value becomes the `previous` of the next expression ("the following
//!    year").
//!
//! Expressions outside every sentence (no segmentation, or text between
//! sentences) are not reported: a mention must index a sentence.

use dyad_doc::{Doc, PublishedBasis, Span, TimeMention};
use dyad_lexicon::time::TimeLexicon;
use dyad_time::{infer_published, resolve, Dated, Tense, TenseWords, TimeFinder};

/// Tags temporal expressions; build once, reuse for every document.
pub struct TimeTagger {
    finder: TimeFinder,
    /// The word lists of `tense.tsv`.
    tense: TenseWords,
}

impl TimeTagger {
    /// Compiles the finder's patterns and the era names of `eras.tsv`.
    pub fn new(lex: &TimeLexicon) -> Self {
        TimeTagger {
            finder: TimeFinder::new(lex),
            tense: TenseWords::new(lex),
        }
    }

    /// The finder, for callers that work on plain text.
    pub fn finder(&self) -> &TimeFinder {
        &self.finder
    }

    /// Fills `doc.times` (sorted by span start) and, when no publication
    /// date is known, `doc.meta.published` with basis `Inferred`.
    pub fn recognise(&self, doc: &mut Doc) {
        let found: Vec<(dyad_time::TimeExpr, usize, Tense)> = self
            .finder
            .find(&doc.text)
            .into_iter()
            .filter_map(|e| {
                let si = doc.sentence_at(e.start)?;
                let sent = doc.sentences.get(si)?.span;
                let text = doc.text.get(sent.start..sent.end)?;
                let rel_start = e.start.checked_sub(sent.start)?;
                let rel_end = e.end.min(sent.end).checked_sub(sent.start)?;
                let tense = self.tense.tense_at(text, rel_start, rel_end);
                Some((e, si, tense))
            })
            .collect();

        if doc.meta.published.is_none() {
            let dated: Vec<Dated> = found
                .iter()
                .filter_map(|(e, _, tense)| {
                    Some(Dated {
                        value: resolve(e, None, None, *tense)?,
                        tense: *tense,
                        relative: e.kind.is_relative(),
                    })
                })
                .collect();
            // Only years a news page can have appeared in bound it ("the
            // treaty of 1694" says nothing about when the page appeared).
            let dated: Vec<Dated> = dated
                .into_iter()
                .filter(|d| d.value.is_plausible_publication())
                .collect();
            if let Some(p) = infer_published(&dated) {
                doc.meta.published = Some(p);
                doc.meta.published_basis = PublishedBasis::Inferred;
            }
        }

        let anchor = doc.meta.published;
        let mut previous = None;
        let mut times = Vec::with_capacity(found.len());
        for (e, sentence, tense) in found {
            let value = resolve(&e, anchor, previous, tense);
            if value.is_some() {
                previous = value;
            }
            times.push(TimeMention {
                span: Span::new(e.start, e.end),
                sentence,
                value,
                relative: e.kind.is_relative(),
                since: e.since,
                rule: e.rule,
            });
        }
        times.sort_by_key(|t| t.span.start);
        doc.times = times;
    }
}
