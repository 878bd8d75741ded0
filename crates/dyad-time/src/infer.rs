//! Inferring a publication date that no byline states.
//!
//! The rule: a text is published no earlier than the latest event it
//! reports as having happened. So take every expression the text states
//! outright (absolute dates and single-year named events, not relative
//! ones, which would need the very anchor we are looking for), keep those in
//! past- or present-tense clauses (a future "by 2030" bounds nothing), drop
//! decades (too coarse to bound anything), and take the latest. The result
//! is that date's **year**: a news text usually reports events of its own
//! year, but the month of the latest stated date is rarely the month of
//! publication (a text written in September may cite February as its latest
//! full date), so month precision is not claimed.

use crate::Tense;
use dyad_doc::{PartialDate, Precision};

/// A dated expression as inference sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dated {
    pub value: PartialDate,
    pub tense: Tense,
    /// True when the value came from resolving a relative expression.
    pub relative: bool,
}

/// The publication date the dated expressions bound, at year precision, or
/// `None` when the text states no usable date (see the module docs).
pub fn infer_published(items: &[Dated]) -> Option<PartialDate> {
    items
        .iter()
        .filter(|d| !d.relative && d.tense != Tense::Future)
        .filter(|d| d.value.precision != Precision::Decade)
        .map(|d| d.value.year)
        .max()
        .map(PartialDate::year)
}
