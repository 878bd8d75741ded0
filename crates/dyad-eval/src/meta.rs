//! Document-level metadata: the publication date.

use crate::score::dates_agree_lenient;
use crate::GoldDoc;
use dyad_doc::DocRecord;
use serde::Serialize;
use std::fmt::Write as _;

/// Publication-date agreement of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetaDocScore {
    pub doc: String,
    pub gold_published: Option<String>,
    pub gold_basis: Option<String>,
    /// `None` when the extractor produced no record for the document.
    pub got_published: Option<String>,
    pub got_basis: Option<String>,
    pub found: bool,
    /// Equal as strings (null equals null).
    pub exact: bool,
    /// Equal after cutting both to the coarser precision.
    pub lenient: bool,
    /// Same basis, counting `metadata` as `stated` (both are explicit dates).
    pub basis_agree: bool,
}

/// Publication-date agreement over a set of documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MetaScore {
    /// Gold documents scored.
    pub docs: usize,
    /// Gold documents with an extracted record of the same name.
    pub found: usize,
    pub published_exact: usize,
    pub published_lenient: usize,
    pub basis_agree: usize,
    /// `published_exact / docs` (documents without a record count as wrong).
    pub published_accuracy: f64,
    pub published_accuracy_lenient: f64,
    pub per_doc: Vec<MetaDocScore>,
}

/// Why: an HTML page's `article:published_time` and a text dateline are both
/// explicit statements of the date; the gold schema only knows `stated`.
fn basis_class(b: &str) -> &str {
    match b {
        "metadata" | "override" => "stated",
        other => other,
    }
}

/// Compares each gold document's publication date with the extracted
/// [`DocRecord`] of the same `doc` name.
pub fn score_docs_meta(gold: &[GoldDoc], got: &[DocRecord]) -> MetaScore {
    let mut s = MetaScore {
        docs: gold.len(),
        ..Default::default()
    };
    for g in gold {
        let rec = got.iter().find(|r| r.doc == g.doc);
        let got_published = rec.and_then(|r| r.published.clone());
        let got_basis = rec.map(|r| r.published_basis.clone());
        let found = rec.is_some();
        let exact = found && got_published == g.published;
        let lenient =
            found && dates_agree_lenient(got_published.as_deref(), g.published.as_deref());
        let gold_basis = g.published_basis.as_deref().unwrap_or("unknown");
        let basis_agree = got_basis
            .as_deref()
            .is_some_and(|b| basis_class(b) == basis_class(gold_basis));
        s.found += usize::from(found);
        s.published_exact += usize::from(exact);
        s.published_lenient += usize::from(lenient);
        s.basis_agree += usize::from(basis_agree);
        s.per_doc.push(MetaDocScore {
            doc: g.doc.clone(),
            gold_published: g.published.clone(),
            gold_basis: g.published_basis.clone(),
            got_published,
            got_basis,
            found,
            exact,
            lenient,
            basis_agree,
        });
    }
    let ratio = |n: usize| {
        if s.docs == 0 {
            0.0
        } else {
            n as f64 / s.docs as f64
        }
    };
    s.published_accuracy = ratio(s.published_exact);
    s.published_accuracy_lenient = ratio(s.published_lenient);
    s
}

impl MetaScore {
    /// An aligned plain-text table of the publication-date agreement.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "published date: {}/{} exact ({:.3}), {}/{} lenient ({:.3}), basis agrees {}/{}",
            self.published_exact,
            self.docs,
            self.published_accuracy,
            self.published_lenient,
            self.docs,
            self.published_accuracy_lenient,
            self.basis_agree,
            self.docs
        );
        let width = self
            .per_doc
            .iter()
            .map(|d| d.doc.chars().count())
            .max()
            .unwrap_or(0)
            .max(3);
        let _ = writeln!(
            out,
            "{:<width$} {:<12} {:<9} {:<12} {:<9} {:<5}",
            "doc", "gold", "basis", "got", "basis", "ok"
        );
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        for d in &self.per_doc {
            let ok = if d.exact {
                "yes"
            } else if d.lenient {
                "~"
            } else {
                "no"
            };
            let _ = writeln!(
                out,
                "{:<width$} {:<12} {:<9} {:<12} {:<9} {:<5}",
                d.doc,
                show(&d.gold_published),
                show(&d.gold_basis),
                if d.found {
                    show(&d.got_published)
                } else {
                    "(missing)".into()
                },
                show(&d.got_basis),
                ok
            );
        }
        out
    }
}
