//! Scores extracted events against gold annotations.
//!
//! The scoring follows `../shared/gold/README.md` ("How to evaluate an
//! extractor against this set") exactly, including its Python reference
//! implementation:
//!
//! * [`score_doc`] matches one document's extracted events to its gold events
//!   (same type, same actor pair — swapped allowed for gold `joint` events —
//!   and quotes overlapping in the normalised document text), one-to-one,
//!   with Kuhn's maximum bipartite matching whose ties prefer pairs that also
//!   agree on date and status;
//! * [`Report`] aggregates documents into precision, recall, F1, date and
//!   status accuracy, overall and per type, printable as a text table or JSON;
//! * [`score_docs_meta`] scores document metadata (the publication date);
//! * [`load_plover_gsr`] and [`score_gsr`] score single sentences of the
//!   PLOVER gold-standard records (CAMEO manual examples);
//! * the peer suites (`--suite` of `dyad eval`, protocol in
//!   `docs/accuracy.md`) each give a [`SuiteReport`]: figures next to a
//!   simple baseline, and the records dyad got wrong.

mod conflibert;
mod error;
mod gold;
mod gsr;
mod meta;
mod normalise;
mod petr2;
mod report;
mod score;
mod suite;

pub use conflibert::{
    load_conflibert_class, load_conflibert_roles, predicted_class, score_conflibert_class,
    score_conflibert_roles, ClassRecord, RoleTag, RoleView, TaggedSentence,
};
pub use error::EvalError;
pub use gold::{load_gold_dir, GoldDoc, GoldEvent, GoldSet};
pub use gsr::{gsr_report, load_plover_gsr, score_gsr, GsrRecord, GsrScore, GsrTypeCounts};
pub use meta::{score_docs_meta, MetaDocScore, MetaScore};
pub use normalise::{normalise, quote_spans, same_sentence};
pub use petr2::{load_petr2, score_petr2, Crosswalk, Petr2Coding, Petr2Record};
pub use report::{Report, Totals, TypeScore};
pub use score::{doc_errors, score_doc, score_doc_with, DocScore, ScoreOptions, TypeCounts};
pub use suite::{manual_quad, ErrorCase, Figure, SuiteReport};
