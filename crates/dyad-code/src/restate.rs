//! Restatements: whether an event coded in a later sentence tells an act
//! already coded in the document again (the document loop in
//! [`crate::Coder::code`] drops it, or lets it date the first telling).
//! Why: an article names its main act many times; the first statement is
//! the quote, and later ones only add a finer date.

use dyad_doc::{Event, Precision};

/// How many sentences back a later telling may restate an event (a month
/// told to the day, a date inherited, an undated first statement dated).
pub(crate) const RESTATEMENT_WINDOW: usize = 10;

/// Whether `ev` restates `first` (same type, parties and status) with one
/// of the two dated to a month and the other to a day of that month.
pub(crate) fn same_act_finer_day(first: &Event, ev: &Event) -> bool {
    let (Some(a), Some(b)) = (first.date, ev.date) else {
        return false;
    };
    let month_and_day = matches!(
        (a.precision, b.precision),
        (Precision::Month, Precision::Day) | (Precision::Day, Precision::Month)
    );
    month_and_day
        && a.year == b.year
        && a.month == b.month
        && first.event_type == ev.event_type
        && first.status == ev.status
        && same_parties(first, ev)
}

/// The same source and target; a reciprocal telling ("A meets B") matches a
/// one-way one ("A arrived in B") in either direction.
pub(crate) fn same_parties(a: &Event, b: &Event) -> bool {
    (a.source == b.source && a.target == b.target)
        || ((a.joint || b.joint) && a.source == b.target && a.target == b.source)
}
