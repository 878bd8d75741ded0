//! Inferring a publication date that no byline states.
//!
//! The rule: a text is published no earlier than the latest event it
//! reports as having happened. So take every expression the text states
//! outright (absolute dates and single-year named events, not relative
//! ones, which would need the very anchor we are looking for), keep those in
//! past- or present-tense clauses (a future "by 2030" bounds nothing), drop
//! decades (too coarse to bound anything), and take the latest.
//!
//! Precision: the result is that date's **year**, unless the text dates at
//! least two events of that year to a month or a day. A single dated event
//! may be old background ("since February 24, 2022" in a text written that
//! September), but a text that follows the year month by month ("in January
//! ... on March 7") is usually written in the month of the last of them, so
//! the result is then that latest **month**.

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

/// How many distinct month- or day-precision dates of the latest year a text
/// must state before month precision is claimed (see the module docs).
const MONTHS_FOR_MONTH_PRECISION: usize = 2;

/// The publication date the dated expressions bound, at year or month
/// precision, or `None` when the text states no usable date (see the module
/// docs).
pub fn infer_published(items: &[Dated]) -> Option<PartialDate> {
    let usable: Vec<&Dated> = items
        .iter()
        .filter(|d| !d.relative && d.tense != Tense::Future)
        .filter(|d| d.value.precision != Precision::Decade)
        .collect();
    let year = usable.iter().map(|d| d.value.year).max()?;
    let mut months: Vec<PartialDate> = usable
        .iter()
        .filter(|d| d.value.year == year)
        .filter(|d| matches!(d.value.precision, Precision::Month | Precision::Day))
        .map(|d| d.value)
        .collect();
    months.sort_by_key(|d| (d.month, d.day));
    months.dedup();
    if months.len() >= MONTHS_FOR_MONTH_PRECISION {
        if let Some(latest) = months.last() {
            return Some(latest.truncate(Precision::Month));
        }
    }
    Some(PartialDate::year(year))
}
