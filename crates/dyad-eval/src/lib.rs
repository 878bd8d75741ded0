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
//!   PLOVER gold-standard records (CAMEO manual examples).

mod error;
mod gold;
mod gsr;
mod meta;
mod normalise;
mod report;
mod score;

pub use error::EvalError;
pub use gold::{load_gold_dir, GoldDoc, GoldEvent, GoldSet};
pub use gsr::{load_plover_gsr, score_gsr, GsrRecord, GsrScore, GsrTypeCounts};
pub use meta::{score_docs_meta, MetaDocScore, MetaScore};
pub use normalise::{normalise, quote_spans, same_sentence};
pub use report::{Report, Totals, TypeScore};
pub use score::{score_doc, score_doc_with, DocScore, ScoreOptions, TypeCounts};
