//! Combines event mentions across documents into event clusters, with
//! corroboration and contradiction.
//!
//! Many articles report one event; dyad codes each report as its own
//! [`EventRecord`]. This crate groups those *mentions* into *clusters*, one
//! per real-world event, so that timelines, trends and the network can count
//! events rather than articles.
//!
//! # Rules
//!
//! - **Blocks.** Mentions are compared only within a [`BlockKey`]: same
//!   event type, same unordered pair of actors, and both `denied` or both
//!   not. Inside a block a one-way action keeps its direction; a `joint`
//!   mention matches either order.
//! - **Dates.** Two mentions whose dates do not overlap
//!   ([`PartialDate::compatible`]) never share a cluster; a cluster's date is
//!   the most precise date of its members, and every member's date overlaps
//!   it ("2024" and "2024-06" fit "2024-06-19"; "2024-01-16" and
//!   "2024-11-01" stay apart). A coarse date that fits several clusters
//!   joins none of them.
//! - **Undated mentions** join a cluster only when exactly one cluster of
//!   the block is a candidate: its date (or, for an undated cluster, its
//!   reference window) overlaps the article's publication date ±
//!   [`Options::undated_window_days`]. When several are, the one the same
//!   article already contributes to wins if there is exactly one; otherwise
//!   the mention starts its own cluster. Without a publication date every
//!   cluster of the block is a candidate.
//! - **Modes and quantities** must agree between every two members: same
//!   mode when both have one, and quantities of the same unit within
//!   [`Options::min_quantity_ratio`] of each other.
//! - **Determinism.** Clustering is a function of the *set* of mentions:
//!   mentions are put in a canonical order (precise dates first, then by
//!   date, document and id) before leader clustering, so input order and
//!   batching do not matter; [`ClusterIndex`] re-clusters only the blocks a
//!   change touches and gives the same clusters as [`cluster`] on everything.
//! - **Corroboration** is the number of distinct documents in a cluster.
//! - **Contradiction.** See [`link_contradictions`].

mod block;
mod index;
mod link;
mod mention;

pub use index::{ClusterIndex, Delta, DocChange};
pub use link::{link_contradictions, link_views, LinkView};
pub use mention::{mentions_of, BlockKey, Mention};

use dyad_doc::{EventRecord, EventType, PartialDate, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Tuning of the clustering rules. The defaults are what the store uses;
/// clusters computed with different options are not comparable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// An undated mention refers to an event within this many days of its
    /// article's publication period.
    pub undated_window_days: i64,
    /// A denial may follow the claim it denies by this many days.
    pub link_window_days: i64,
    /// Two quantities of the same unit are compatible when the smaller is at
    /// least this fraction of the larger.
    pub min_quantity_ratio: f64,
    /// A date whose first and last day are at most this many days apart
    /// counts as precise when a denial is linked to a claim by date (30:
    /// any month or day).
    pub precise_days: i64,
    /// The text the event coder puts in the `rule` of a REJECT that is a
    /// denial (the `deny` flag of `lexicon/triggers.tsv`).
    pub denial_marker: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            undated_window_days: 31,
            link_window_days: 31,
            min_quantity_ratio: 0.5,
            precise_days: 30,
            denial_marker: "(deny)".to_string(),
        }
    }
}

/// One source behind a cluster: how one document states the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The mention (event record) id.
    pub mention: String,
    pub doc: String,
    pub quote: String,
    /// Character offsets of the quote in the document.
    pub start: usize,
    pub end: usize,
    pub status: Status,
    pub attributed_to: Option<String>,
    /// The date as this document reports it.
    pub date: Option<String>,
    /// The document's publication date.
    pub published: Option<PartialDate>,
    pub source: Option<String>,
    pub target: Option<String>,
    pub joint: bool,
    pub rule: String,
    pub intensity: f32,
}

impl SourceRef {
    /// How mention `m` states its event.
    pub fn of(m: &Mention) -> Self {
        let r: &EventRecord = &m.record;
        SourceRef {
            mention: m.id.clone(),
            doc: m.doc.clone(),
            quote: r.quote.clone(),
            start: r.start,
            end: r.end,
            status: r.status,
            attributed_to: r.attributed_to.clone(),
            date: r.date.clone(),
            published: m.published,
            source: r.source.clone(),
            target: r.target.clone(),
            joint: r.joint,
            rule: r.rule.clone(),
            intensity: r.intensity,
        }
    }
}

/// One real-world event and every report of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// `c-<leader mention id>`: the leader is the first member in canonical
    /// order (the most precisely and earliest dated). The id changes only
    /// when a better-dated or earlier report joins.
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// Source and target as the leader states them.
    pub source: Option<String>,
    pub target: Option<String>,
    /// True when any member is a reciprocal action.
    pub joint: bool,
    /// The most precise date all members agree on.
    pub date: Option<PartialDate>,
    /// Mean intensity of the members (-10 conflict .. +10 cooperation), for
    /// trends that count events rather than reports.
    pub intensity: f32,
    /// First and last day (`YYYY-MM-DD`) every member's date covers.
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    /// Member mention ids, ordered by document and id.
    pub mentions: Vec<String>,
    /// Distinct documents, sorted.
    pub docs: Vec<String>,
    /// The number of independent documents reporting the event.
    pub corroboration: usize,
    /// How many members have each status.
    pub statuses: BTreeMap<Status, usize>,
    /// Every report, in the order of `mentions`.
    pub sources: Vec<SourceRef>,
    /// Clusters the leader could equally have joined (a coarse or missing
    /// date that fitted several): a hint that this may duplicate one of them.
    pub ambiguous_with: Vec<String>,
    /// Ids of clusters that deny this one (denials and denied mentions).
    pub contradicted_by: Vec<String>,
    /// Ids of clusters this one denies.
    pub denies: Vec<String>,
}

impl Cluster {
    /// The block the cluster belongs to (its members' common block).
    pub fn block_key(&self) -> BlockKey {
        BlockKey::new(
            self.event_type,
            self.source.as_deref(),
            self.target.as_deref(),
            self.is_denied_only(),
        )
    }

    /// True when every report of the event is a denial of it: a non-event
    /// that timelines and the network should not count.
    pub fn is_denied_only(&self) -> bool {
        self.sources.iter().all(|s| s.status == Status::Denied)
    }
}

/// Clusters mentions with the default [`Options`].
pub fn cluster(mentions: &[Mention]) -> Vec<Cluster> {
    cluster_with(mentions, &Options::default())
}

/// Clusters mentions and links claims to their denials.
pub fn cluster_with(mentions: &[Mention], opts: &Options) -> Vec<Cluster> {
    let mut clusters = cluster_unlinked(mentions, opts);
    link_contradictions(&mut clusters, opts);
    clusters
}

/// Clusters mentions without linking contradictions (`contradicted_by` and
/// `denies` are empty). Blocks are independent: the store can call this on
/// the mentions of the blocks a new document touches only.
///
/// Mentions are identified by `(doc, id)`; if the input repeats one, the
/// copy that sorts first by quote offsets and quote is kept.
pub fn cluster_unlinked(mentions: &[Mention], opts: &Options) -> Vec<Cluster> {
    let mut unique: BTreeMap<(&str, &str), &Mention> = BTreeMap::new();
    for m in mentions {
        let slot = unique.entry((m.doc.as_str(), m.id.as_str())).or_insert(m);
        let key = |x: &Mention| (x.record.start, x.record.end, x.record.quote.clone());
        if key(m) < key(slot) {
            *slot = m;
        }
    }
    let mut blocks: BTreeMap<BlockKey, Vec<&Mention>> = BTreeMap::new();
    for m in unique.into_values() {
        blocks.entry(m.block_key()).or_default().push(m);
    }
    let mut out: Vec<Cluster> = blocks
        .values()
        .flat_map(|ms| block::cluster_block(ms, opts))
        .collect();
    sort_clusters(&mut out);
    out
}

/// The output order: by first day (undated last), type, then id.
pub(crate) fn sort_clusters(clusters: &mut [Cluster]) {
    clusters.sort_by(|a, b| {
        (a.date_start.is_none(), &a.date_start, a.event_type, &a.id).cmp(&(
            b.date_start.is_none(),
            &b.date_start,
            b.event_type,
            &b.id,
        ))
    });
}
