//! Aggregating document scores into a report.

use crate::{DocScore, TypeCounts};
use dyad_doc::EventType;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Sums over all documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub docs: usize,
    pub extracted: usize,
    pub gold: usize,
    pub matched: usize,
    pub date_agree: usize,
    pub date_agree_lenient: usize,
    pub status_agree: usize,
    pub extracted_quote_missing: usize,
    pub gold_quote_missing: usize,
}

/// Scores of one event type over all documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TypeScore {
    pub extracted: usize,
    pub gold: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The evaluation of a set of documents. Scores are micro-averaged: counts are
/// summed over documents before dividing, as the README's per-document
/// counts invite.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub per_doc: Vec<DocScore>,
    pub totals: Totals,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of matched pairs with equal dates; `None` without matches.
    pub date_accuracy: Option<f64>,
    pub date_accuracy_lenient: Option<f64>,
    pub status_accuracy: Option<f64>,
    pub per_type: BTreeMap<EventType, TypeScore>,
}

/// matched / total, 0 when the total is 0 (the reference's convention).
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn accuracy(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn prf(c: &TypeCounts) -> (f64, f64, f64) {
    let p = ratio(c.matched, c.extracted);
    let r = ratio(c.matched, c.gold);
    (p, r, f1(p, r))
}

impl Report {
    /// Aggregates per-document scores.
    pub fn from_docs(per_doc: Vec<DocScore>) -> Report {
        let mut t = Totals {
            docs: per_doc.len(),
            ..Default::default()
        };
        let mut types: BTreeMap<EventType, TypeCounts> = BTreeMap::new();
        for d in &per_doc {
            t.extracted += d.extracted;
            t.gold += d.gold;
            t.matched += d.matched;
            t.date_agree += d.date_agree;
            t.date_agree_lenient += d.date_agree_lenient;
            t.status_agree += d.status_agree;
            t.extracted_quote_missing += d.extracted_quote_missing;
            t.gold_quote_missing += d.gold_quote_missing;
            for (ty, c) in &d.per_type {
                let e = types.entry(*ty).or_default();
                e.extracted += c.extracted;
                e.gold += c.gold;
                e.matched += c.matched;
            }
        }
        let (precision, recall, f) = prf(&TypeCounts {
            extracted: t.extracted,
            gold: t.gold,
            matched: t.matched,
        });
        let per_type = types
            .into_iter()
            .map(|(ty, c)| {
                let (p, r, f) = prf(&c);
                (
                    ty,
                    TypeScore {
                        extracted: c.extracted,
                        gold: c.gold,
                        matched: c.matched,
                        precision: p,
                        recall: r,
                        f1: f,
                    },
                )
            })
            .collect();
        Report {
            totals: t,
            precision,
            recall,
            f1: f,
            date_accuracy: accuracy(t.date_agree, t.matched),
            date_accuracy_lenient: accuracy(t.date_agree_lenient, t.matched),
            status_accuracy: accuracy(t.status_agree, t.matched),
            per_type,
            per_doc,
        }
    }

    /// An aligned plain-text table: overall scores, date and status accuracy,
    /// then P/R/F1 per type and per document.
    pub fn to_table(&self) -> String {
        let t = &self.totals;
        let mut out = String::new();
        let acc = |a: Option<f64>| a.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
        let _ = writeln!(
            out,
            "documents {}   extracted {}   gold {}   matched {}",
            t.docs, t.extracted, t.gold, t.matched
        );
        let _ = writeln!(
            out,
            "precision {:.3}   recall {:.3}   F1 {:.3}",
            self.precision, self.recall, self.f1
        );
        let _ = writeln!(
            out,
            "date accuracy {} (lenient {})   status accuracy {}   (on {} matched pairs)",
            acc(self.date_accuracy),
            acc(self.date_accuracy_lenient),
            acc(self.status_accuracy),
            t.matched
        );
        if t.extracted_quote_missing > 0 || t.gold_quote_missing > 0 {
            let _ = writeln!(
                out,
                "quotes not found in the text: extracted {}, gold {}",
                t.extracted_quote_missing, t.gold_quote_missing
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "type", "extr", "gold", "match", "P", "R", "F1"
        );
        for (ty, s) in &self.per_type {
            let _ = writeln!(
                out,
                "{:<10} {:>6} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.3}",
                ty.as_str(),
                s.extracted,
                s.gold,
                s.matched,
                s.precision,
                s.recall,
                s.f1
            );
        }
        let _ = writeln!(out);
        let width = self
            .per_doc
            .iter()
            .map(|d| d.doc.chars().count())
            .max()
            .unwrap_or(0)
            .max(3);
        let _ = writeln!(
            out,
            "{:<width$} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "doc", "extr", "gold", "match", "P", "R", "F1", "date", "status"
        );
        for d in &self.per_doc {
            let (p, r, f) = prf(&TypeCounts {
                extracted: d.extracted,
                gold: d.gold,
                matched: d.matched,
            });
            let _ = writeln!(
                out,
                "{:<width$} {:>6} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.3} {:>6} {:>6}",
                d.doc,
                d.extracted,
                d.gold,
                d.matched,
                p,
                r,
                f,
                acc(accuracy(d.date_agree, d.matched)),
                acc(accuracy(d.status_agree, d.matched)),
            );
        }
        out
    }
}
