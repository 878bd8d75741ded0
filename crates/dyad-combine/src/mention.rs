//! Event mentions, the blocks they are compared in, and the day intervals
//! their dates cover.

use chrono::Datelike;
use dyad_doc::{Doc, EventRecord, EventType, PartialDate, Status};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One event as one document states it: the unit that clustering groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The event record's id (`<doc>-<nn>`).
    pub id: String,
    /// The document's name.
    pub doc: String,
    /// The document's publication date: the reference for undated mentions.
    pub published: Option<PartialDate>,
    /// The event as coded.
    pub record: EventRecord,
}

impl Mention {
    /// A mention of `record`, in a document published on `published`.
    pub fn new(record: EventRecord, published: Option<PartialDate>) -> Self {
        Mention {
            id: record.id.clone(),
            doc: record.doc.clone(),
            published,
            record,
        }
    }

    /// The event's date, when it has one that parses. A malformed date
    /// string counts as no date (the mention then follows the undated rule).
    pub fn date(&self) -> Option<PartialDate> {
        self.record.date.as_deref()?.parse().ok()
    }

    /// True when the text mentions the event only through a denial.
    pub fn is_denied(&self) -> bool {
        self.record.status == Status::Denied
    }

    /// True when the mention is itself a denial: a REJECT whose rule carries
    /// the coder's denial marker.
    pub fn is_denial(&self, marker: &str) -> bool {
        self.record.event_type == EventType::Reject && self.record.rule.contains(marker)
    }

    /// The block this mention is compared in.
    pub fn block_key(&self) -> BlockKey {
        BlockKey::new(
            self.record.event_type,
            self.record.source.as_deref(),
            self.record.target.as_deref(),
            self.is_denied(),
        )
    }
}

/// All mentions of a document's events, with its publication date.
pub fn mentions_of(doc: &Doc) -> Vec<Mention> {
    doc.event_records()
        .into_iter()
        .map(|r| Mention::new(r, doc.meta.published))
        .collect()
}

/// Mentions can only share a cluster when they share a block: the same
/// event type and the same unordered pair of actors, and both denied or both
/// not. Blocks are clustered independently, so a change to one document only
/// re-clusters the blocks its old and new mentions fall in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BlockKey {
    pub event_type: EventType,
    /// The smaller of source and target (`None` sorts first).
    pub lo: Option<String>,
    /// The larger of source and target.
    pub hi: Option<String>,
    /// Mentions with status `denied` are kept apart from the claims they deny
    /// (they are linked, not merged), so a denial never corroborates.
    pub denied: bool,
}

impl BlockKey {
    /// The block of an event of `event_type` between `a` and `b`, in either order.
    pub fn new(event_type: EventType, a: Option<&str>, b: Option<&str>, denied: bool) -> Self {
        let (a, b) = (a.map(str::to_string), b.map(str::to_string));
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        BlockKey {
            event_type,
            lo,
            hi,
            denied,
        }
    }
}

impl fmt::Display for BlockKey {
    /// `AGREE|PRK|RUS`, `AID|PRK|RUS|denied`; `-` for a missing actor. A
    /// stable text key for a database column.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}|{}|{}",
            self.event_type,
            self.lo.as_deref().unwrap_or("-"),
            self.hi.as_deref().unwrap_or("-")
        )?;
        if self.denied {
            f.write_str("|denied")?;
        }
        Ok(())
    }
}

/// A closed range of days, as day numbers from the common era.
pub(crate) type Interval = (i64, i64);

/// The days a partial date covers.
pub(crate) fn span_of(d: &PartialDate) -> Interval {
    (
        i64::from(d.first_day().num_days_from_ce()),
        i64::from(d.last_day().num_days_from_ce()),
    )
}

/// The days a partial date covers, widened by `days` on both sides.
pub(crate) fn window_of(d: &PartialDate, days: i64) -> Interval {
    let (a, b) = span_of(d);
    (a.saturating_sub(days), b.saturating_add(days))
}

pub(crate) fn overlaps(a: Interval, b: Interval) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Overlap where `None` is an unbounded interval.
pub(crate) fn overlaps_opt(a: Option<Interval>, b: Option<Interval>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => overlaps(a, b),
        _ => true,
    }
}

/// Intersection where `None` is an unbounded interval. Callers check
/// overlap first; a disjoint pair yields an empty (start > end) interval.
pub(crate) fn intersect_opt(a: Option<Interval>, b: Option<Interval>) -> Option<Interval> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a.0.max(b.0), a.1.min(b.1))),
        (Some(a), None) | (None, Some(a)) => Some(a),
        (None, None) => None,
    }
}

/// Formats a day number as `YYYY-MM-DD`.
pub(crate) fn day_string(day: i64) -> String {
    i32::try_from(day)
        .ok()
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
