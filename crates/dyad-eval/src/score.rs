//! One document: matching extracted events to gold events.

use crate::normalise::{normalise, quote_spans, spans_overlap};
use crate::GoldEvent;
use dyad_doc::{EventRecord, EventType, PartialDate, Precision};
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts of one event type in one document (or summed over documents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TypeCounts {
    pub extracted: usize,
    pub gold: usize,
    pub matched: usize,
}

/// Options of the matcher.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoreOptions {
    /// Extracted quotes shorter than this many characters (after
    /// normalisation) match nothing. The README allows evaluators to ignore
    /// quotes under about 20 characters, which could overlap by accident;
    /// 0 (the default) is the reference behaviour.
    pub min_quote_chars: usize,
}

/// The score of one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocScore {
    /// The document's name: taken from the extracted records when there are
    /// any; callers scoring an empty extraction should set it.
    pub doc: String,
    pub extracted: usize,
    pub gold: usize,
    pub matched: usize,
    /// Matched pairs whose dates are equal as strings (null equals null).
    pub date_agree: usize,
    /// Matched pairs whose dates are equal after cutting both to the coarser precision.
    pub date_agree_lenient: usize,
    /// Matched pairs whose statuses are equal.
    pub status_agree: usize,
    pub per_type: BTreeMap<EventType, TypeCounts>,
    /// Matched pairs as (extracted index, gold index), sorted by gold index.
    pub pairs: Vec<(usize, usize)>,
    pub unmatched_extracted: Vec<usize>,
    pub unmatched_gold: Vec<usize>,
    /// Extracted events whose quote does not occur in the document (they can
    /// match nothing: usually a sign the quote was not cut from the text).
    pub extracted_quote_missing: usize,
    /// Gold events whose quote does not occur in the document text given:
    /// non-zero means the text is not the one the gold was annotated on
    /// (for instance a web page cleaned differently).
    pub gold_quote_missing: usize,
}

impl DocScore {
    /// Sets the document name.
    pub fn with_doc(mut self, doc: impl Into<String>) -> Self {
        self.doc = doc.into();
        self
    }
}

/// Scores one document's extracted events against its gold events with the
/// reference options.
pub fn score_doc(doc_text: &str, extracted: &[EventRecord], gold: &[GoldEvent]) -> DocScore {
    score_doc_with(doc_text, extracted, gold, &ScoreOptions::default())
}

/// Scores one document's extracted events against its gold events.
///
/// An extracted event `x` may match gold event `g` when the types are equal,
/// the (source, target) pairs are equal (or swapped, when `g` is joint), and
/// the quotes overlap in the normalised text. The pairs are then chosen one
/// to one by a maximum bipartite matching (Kuhn's augmenting paths), trying
/// each extracted event's candidates with equal date and status first so that
/// among maximum matchings the agreeing pairs are preferred, as in the README.
pub fn score_doc_with(
    doc_text: &str,
    extracted: &[EventRecord],
    gold: &[GoldEvent],
    opts: &ScoreOptions,
) -> DocScore {
    let dn = normalise(doc_text);
    let gold_spans: Vec<Vec<(usize, usize)>> =
        gold.iter().map(|g| quote_spans(&dn, &g.quote)).collect();
    let x_spans: Vec<Vec<(usize, usize)>> = extracted
        .iter()
        .map(|x| {
            if normalise(&x.quote).chars().count() < opts.min_quote_chars {
                Vec::new()
            } else {
                quote_spans(&dn, &x.quote)
            }
        })
        .collect();

    let cand: Vec<Vec<usize>> = extracted
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut c: Vec<usize> = gold
                .iter()
                .enumerate()
                .filter(|&(j, g)| {
                    actors_and_type_match(x, g)
                        && spans_overlap(
                            x_spans.get(i).map_or(&[][..], Vec::as_slice),
                            gold_spans.get(j).map_or(&[][..], Vec::as_slice),
                        )
                })
                .map(|(j, _)| j)
                .collect();
            // Stable sort: equal-date first, then equal-status, as the
            // reference's key (date differs, status differs) orders them.
            c.sort_by_key(|&j| {
                gold.get(j)
                    .map_or((true, true), |g| (g.date != x.date, g.status != x.status))
            });
            c
        })
        .collect();

    let mut match_g: Vec<Option<usize>> = vec![None; gold.len()];
    for i in 0..extracted.len() {
        let mut seen = vec![false; gold.len()];
        augment(i, &cand, &mut seen, &mut match_g);
    }

    let mut s = DocScore {
        doc: extracted.first().map(|x| x.doc.clone()).unwrap_or_default(),
        extracted: extracted.len(),
        gold: gold.len(),
        extracted_quote_missing: x_spans.iter().filter(|v| v.is_empty()).count(),
        gold_quote_missing: gold_spans.iter().filter(|v| v.is_empty()).count(),
        ..Default::default()
    };
    let mut x_matched = vec![false; extracted.len()];
    for (j, m) in match_g.iter().enumerate() {
        if let Some(i) = *m {
            s.pairs.push((i, j));
            if let Some(f) = x_matched.get_mut(i) {
                *f = true;
            }
        } else {
            s.unmatched_gold.push(j);
        }
    }
    s.unmatched_extracted = (0..extracted.len())
        .filter(|&i| !x_matched.get(i).copied().unwrap_or(false))
        .collect();
    s.matched = s.pairs.len();
    for x in extracted {
        s.per_type.entry(x.event_type).or_default().extracted += 1;
    }
    for g in gold {
        s.per_type.entry(g.event_type).or_default().gold += 1;
    }
    for &(i, j) in &s.pairs {
        let (Some(x), Some(g)) = (extracted.get(i), gold.get(j)) else {
            continue;
        };
        s.per_type.entry(g.event_type).or_default().matched += 1;
        s.date_agree += usize::from(x.date == g.date);
        s.date_agree_lenient +=
            usize::from(dates_agree_lenient(x.date.as_deref(), g.date.as_deref()));
        s.status_agree += usize::from(x.status == g.status);
    }
    s
}

/// Type and actor conditions of the matching rule (the quote test is separate).
fn actors_and_type_match(x: &EventRecord, g: &GoldEvent) -> bool {
    if x.event_type != g.event_type {
        return false;
    }
    let straight = x.source == g.source && x.target == g.target;
    let swapped = g.is_joint() && x.source == g.target && x.target == g.source;
    straight || swapped
}

/// Kuhn's augmenting path from extracted event `i`. Recursion depth is bounded
/// by the number of gold events of one document.
fn augment(
    i: usize,
    cand: &[Vec<usize>],
    seen: &mut [bool],
    match_g: &mut [Option<usize>],
) -> bool {
    let Some(options) = cand.get(i) else {
        return false;
    };
    for &j in options {
        match seen.get_mut(j) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let current = match_g.get(j).copied().flatten();
        let free = match current {
            None => true,
            Some(other) => augment(other, cand, seen, match_g),
        };
        if free {
            if let Some(slot) = match_g.get_mut(j) {
                *slot = Some(i);
            }
            return true;
        }
    }
    false
}

/// Lenient date agreement: both null, or both cut to the coarser of their two
/// precisions and then equal. A season is cut to its year (a month and a
/// season do not nest), so "2024-06" and "2024-22" agree at year level.
/// Strings that do not parse as dates fall back to exact comparison.
pub(crate) fn dates_agree_lenient(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match (a.parse::<PartialDate>(), b.parse::<PartialDate>()) {
            (Ok(da), Ok(db)) => {
                let mut p = da.precision.max(db.precision);
                if p == Precision::Season && da.precision != db.precision {
                    p = Precision::Year;
                }
                da.truncate(p) == db.truncate(p)
            }
            _ => a == b,
        },
        _ => false,
    }
}

/// Every miss and every spurious event of a scored document, with what the
/// other side says about the same sentence.
///
/// A missed gold event is shown with the extracted events whose quotes
/// overlap its quote (usually a wrong type or a wrong actor pair); a spurious
/// event with the gold events of its sentence (none when the sentence holds
/// no event at all).
pub fn doc_errors(
    doc_text: &str,
    extracted: &[EventRecord],
    gold: &[GoldEvent],
    score: &DocScore,
) -> Vec<crate::ErrorCase> {
    use crate::suite::event_line;
    let dn = normalise(doc_text);
    let gold_spans: Vec<Vec<(usize, usize)>> =
        gold.iter().map(|g| quote_spans(&dn, &g.quote)).collect();
    let x_spans: Vec<Vec<(usize, usize)>> = extracted
        .iter()
        .map(|x| quote_spans(&dn, &x.quote))
        .collect();
    let describe_x = |x: &EventRecord| {
        format!(
            "{} [{}, {}, {}]",
            event_line(x.event_type, x.source.as_deref(), x.target.as_deref()),
            x.date.as_deref().unwrap_or("no date"),
            x.status.as_str(),
            x.rule
        )
    };
    let describe_g = |g: &GoldEvent| {
        format!(
            "{} [{}, {}]",
            event_line(g.event_type, g.source.as_deref(), g.target.as_deref()),
            g.date.as_deref().unwrap_or("no date"),
            g.status.as_str()
        )
    };
    let none = Vec::new();
    let mut out = Vec::new();
    for &j in &score.unmatched_gold {
        let Some(g) = gold.get(j) else { continue };
        let gs = gold_spans.get(j).unwrap_or(&none);
        let near: Vec<String> = extracted
            .iter()
            .zip(&x_spans)
            .filter(|(_, xs)| spans_overlap(xs, gs))
            .map(|(x, _)| describe_x(x))
            .collect();
        out.push(crate::ErrorCase {
            id: format!("{} {}", score.doc, g.id),
            kind: "missed".into(),
            sentence: g.quote.clone(),
            gold: describe_g(g),
            got: if near.is_empty() {
                "- (no event in this sentence)".into()
            } else {
                near.join("; ")
            },
        });
    }
    for &i in &score.unmatched_extracted {
        let Some(x) = extracted.get(i) else { continue };
        let xs = x_spans.get(i).unwrap_or(&none);
        let near: Vec<String> = gold
            .iter()
            .zip(&gold_spans)
            .filter(|(_, gs)| spans_overlap(xs, gs))
            .map(|(g, _)| describe_g(g))
            .collect();
        out.push(crate::ErrorCase {
            id: format!("{} {}", score.doc, x.id),
            kind: "spurious".into(),
            sentence: x.quote.clone(),
            gold: if near.is_empty() {
                "- (no gold event in this sentence)".into()
            } else {
                near.join("; ")
            },
            got: describe_x(x),
        });
    }
    // Matched pairs whose date or status differ: what the date and status
    // accuracies count against.
    for &(i, j) in &score.pairs {
        let (Some(x), Some(g)) = (extracted.get(i), gold.get(j)) else {
            continue;
        };
        let kind = match (x.date == g.date, x.status == g.status) {
            (true, true) => continue,
            (false, true) => "wrong date",
            (true, false) => "wrong status",
            (false, false) => "wrong date and status",
        };
        out.push(crate::ErrorCase {
            id: format!("{} {}", score.doc, g.id),
            kind: kind.into(),
            sentence: g.quote.clone(),
            gold: describe_g(g),
            got: describe_x(x),
        });
    }
    out
}
