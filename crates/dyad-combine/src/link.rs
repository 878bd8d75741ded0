//! Claims and their denials.
//!
//! A claim (say AID PRK→RUS, `reported`, attributed to KOR) is linked to:
//!
//! 1. **denied mentions** of the same event: a cluster whose members all
//!    have status `denied`, of the same type and pair of actors (direction
//!    kept unless joint), whose dates overlap the claim's period extended by
//!    [`Options::link_window_days`] (denials come after claims);
//! 2. **denials**: a REJECT cluster with a denial member (its rule carries
//!    [`Options::denial_marker`]) whose denier is one of the claim's actors,
//!    when either the denial's sentence also holds a denied mention linked
//!    to the claim by rule 1, or the claim has a `reported` member (an
//!    allegation someone could deny) and both are dated and the denial falls
//!    within the claim's period extended by the link window, and they are
//!    tied by more than the date (a shared article, the denial answering
//!    one of the claim's actors or accusers, or both dates precise to a
//!    month: a year-long "2024" alone would tie a denial to every claim of
//!    its year).
//!
//! 3. **undated denials in the claim's own article**: a REJECT denial
//!    statement with no date of its own ("both have refuted these claims"),
//!    whose denier is one of the actors of a `reported` claim and which
//!    follows the claim in the same article. The article ties them; there is
//!    no date to. The rule looks at the statement, not its cluster: it holds
//!    when other articles date the same denial.
//!
//! Links are written both ways: the claim's `contradicted_by` and the
//! denial's `denies`. They are recomputed from scratch from the clusters,
//! so they too depend only on the set of mentions.

use crate::mention::{intersect_opt, overlaps_opt, span_of, window_of, Interval};
use crate::{BlockKey, Cluster, Options, SourceRef};
use dyad_doc::{EventType, PartialDate, Status};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What linking needs to know about one cluster, without its reports'
/// quotes: a store can keep these for every cluster that may take part in a
/// link ([`LinkView::may_link`]) while writing the clusters themselves as
/// it makes them. Sets are sorted, deduplicated vectors (most hold one or
/// two short codes). Serializable, so that a store can keep the views of
/// clusters it does not recompute and link new clusters against them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkView {
    /// The cluster's id.
    pub id: String,
    key: BlockKey,
    /// The dated members' common span, else the undated members' common
    /// publication window, else unbounded.
    reference: Option<Interval>,
    /// True when some member has a date of its own.
    dated: bool,
    denied_only: bool,
    /// Sources of the members that are denials.
    deniers: Vec<String>,
    actors: Vec<String>,
    reported: bool,
    /// Who the reported members attribute the claim to (the accusers).
    accusers: Vec<String>,
    /// Targets of the denial members (whom the denial answers).
    denied_targets: Vec<String>,
    docs: Vec<String>,
    /// (doc, start, end) of every member's sentence.
    sentences: Vec<(String, usize, usize)>,
    /// (source, target, joint) of every member, for direction compatibility.
    directions: Vec<(Option<String>, Option<String>, bool)>,
    /// (doc, sentence start) of every denial member with no date of its own:
    /// rule 3 ties such a statement to the claims before it in its article,
    /// whatever dates other members later bring to its cluster.
    undated_denials: Vec<(String, usize)>,
}

/// A sorted, deduplicated vector of the strings.
fn set<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = items.map(str::to_string).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Whether a sorted set holds `x`.
fn has(set: &[String], x: &str) -> bool {
    set.binary_search_by(|s| s.as_str().cmp(x)).is_ok()
}

/// Whether two sorted sets share no element.
fn disjoint(a: &[String], b: &[String]) -> bool {
    !a.iter().any(|x| has(b, x))
}

impl LinkView {
    /// The view of one cluster.
    pub fn of(c: &Cluster, opts: &Options) -> Self {
        let dates: Vec<PartialDate> = c
            .sources
            .iter()
            .filter_map(|s| s.date.as_deref()?.parse().ok())
            .collect();
        let reference = if dates.is_empty() {
            c.sources
                .iter()
                .filter_map(|s| s.published.map(|p| window_of(&p, opts.undated_window_days)))
                .fold(None, |acc, w| intersect_opt(acc, Some(w)))
        } else {
            dates
                .iter()
                .map(span_of)
                .fold(None, |acc, s| intersect_opt(acc, Some(s)))
        };
        let is_denial = |s: &SourceRef| {
            c.event_type == EventType::Reject && s.rule.contains(opts.denial_marker.as_str())
        };
        let mut sentences: Vec<(String, usize, usize)> = c
            .sources
            .iter()
            .map(|s| (s.doc.clone(), s.start, s.end))
            .collect();
        sentences.sort_unstable();
        sentences.dedup();
        LinkView {
            id: c.id.clone(),
            key: c.block_key(),
            reference,
            dated: !dates.is_empty(),
            denied_only: c.is_denied_only(),
            deniers: set(c
                .sources
                .iter()
                .filter(|s| is_denial(s))
                .filter_map(|s| s.source.as_deref())),
            actors: set(c
                .sources
                .iter()
                .flat_map(|s| [s.source.as_deref(), s.target.as_deref()])
                .flatten()),
            reported: c.sources.iter().any(|s| s.status == Status::Reported),
            accusers: set(c.sources.iter().filter_map(|s| s.attributed_to.as_deref())),
            denied_targets: set(c
                .sources
                .iter()
                .filter(|s| is_denial(s))
                .filter_map(|s| s.target.as_deref())),
            docs: set(c.sources.iter().map(|s| s.doc.as_str())),
            sentences,
            directions: c
                .sources
                .iter()
                .map(|s| (s.source.clone(), s.target.clone(), s.joint))
                .collect(),
            undated_denials: {
                let mut v: Vec<(String, usize)> = c
                    .sources
                    .iter()
                    .filter(|s| is_denial(s) && s.date.is_none())
                    .map(|s| (s.doc.clone(), s.start))
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            },
        }
    }

    /// Whether the cluster can be linked at all, as a denial (its members
    /// are denied mentions or denials) or as a claim that only a denial's
    /// own sentence or date can reach (a `reported` member). A claim can
    /// otherwise be linked only to a denied-only cluster of its own type and
    /// pair ([`link_views`] rule 1): the caller keeps the views of every
    /// cluster of a pair that has one.
    pub fn may_link(&self) -> bool {
        self.denied_only || !self.deniers.is_empty() || self.reported
    }

    /// The actor codes of the members (sources and targets), sorted. Two
    /// clusters can be linked only when they share one, or when neither
    /// has any (rule 1 between two clusters of an actorless pair).
    pub fn actors(&self) -> &[String] {
        &self.actors
    }

    /// True when every member of the cluster is a denied mention.
    pub fn is_denied_only(&self) -> bool {
        self.denied_only
    }

    /// Whether some member of each is compatible in direction: a one-way
    /// action keeps its direction, a joint one matches either order.
    fn direction_compatible(&self, other: &LinkView) -> bool {
        self.directions.iter().any(|a| {
            other
                .directions
                .iter()
                .any(|b| a.2 || b.2 || (a.0 == b.0 && a.1 == b.1))
        })
    }
}

/// Whether a denial dated near a claim is tied to it by more than the
/// date: one article reports both, or the denial answers one of the claim's
/// actors or accusers, or both dates are precise to a month or better (a
/// year-long "2024" alone would tie a denial to every claim of its year).
fn tied(claim: &LinkView, denial: &LinkView, opts: &Options) -> bool {
    let precise = |i: &LinkView| i.reference.is_some_and(|(a, b)| b - a <= opts.precise_days);
    !disjoint(&claim.docs, &denial.docs)
        || denial
            .denied_targets
            .iter()
            .any(|t| has(&claim.actors, t) || has(&claim.accusers, t))
        || (precise(claim) && precise(denial))
}

/// Links every claim to the clusters that deny it (see the module rules).
/// Clears and recomputes `contradicted_by` and `denies` on all clusters.
pub fn link_contradictions(clusters: &mut [Cluster], opts: &Options) {
    let views: Vec<LinkView> = clusters.iter().map(|c| LinkView::of(c, opts)).collect();
    let links = link_views(&views, opts);
    for c in clusters.iter_mut() {
        c.contradicted_by.clear();
        c.denies.clear();
    }
    for &(claim, denial) in &links {
        let (Some(claim_id), Some(denial_id)) = (
            clusters.get(claim).map(|c| c.id.clone()),
            clusters.get(denial).map(|c| c.id.clone()),
        ) else {
            continue;
        };
        if let Some(c) = clusters.get_mut(claim) {
            c.contradicted_by.push(denial_id);
        }
        if let Some(d) = clusters.get_mut(denial) {
            d.denies.push(claim_id);
        }
    }
    for c in clusters.iter_mut() {
        c.contradicted_by.sort();
        c.contradicted_by.dedup();
        c.denies.sort();
        c.denies.dedup();
    }
}

/// The links among clusters given by their views (see the module rules):
/// `(claim, denial)` index pairs into `views`, sorted. Views of clusters
/// that cannot link may be left out ([`LinkView::may_link`]) without
/// changing the links among the others.
pub fn link_views(views: &[LinkView], opts: &Options) -> BTreeSet<(usize, usize)> {
    let mut links: BTreeSet<(usize, usize)> = BTreeSet::new();
    // Indexes keep linking near-linear: denied mentions by event and
    // pair, denials by denier.
    type Pair<'k> = (EventType, Option<&'k str>, Option<&'k str>);
    let mut denied_by_pair: BTreeMap<Pair, Vec<usize>> = BTreeMap::new();
    // Dated denials by denier, sorted by the first day of their period,
    // with the longest period of each list: a claim scans only those
    // that can overlap it. Denials by sentence for the same-sentence rule.
    type Starts = (Vec<(i64, usize)>, i64);
    let mut by_actor: BTreeMap<&str, Starts> = BTreeMap::new();
    let mut by_sentence: BTreeMap<(&str, usize, usize), Vec<usize>> = BTreeMap::new();
    // Undated denials by article, with where their sentence starts.
    let mut undated_by_doc: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, inf) in views.iter().enumerate() {
        if inf.denied_only {
            denied_by_pair
                .entry((
                    inf.key.event_type,
                    inf.key.lo.as_deref(),
                    inf.key.hi.as_deref(),
                ))
                .or_default()
                .push(i);
        }
        if inf.deniers.is_empty() {
            continue;
        }
        for (doc, start, end) in &inf.sentences {
            by_sentence
                .entry((doc.as_str(), *start, *end))
                .or_default()
                .push(i);
        }
        for (doc, start) in &inf.undated_denials {
            undated_by_doc
                .entry(doc.as_str())
                .or_default()
                .push((*start, i));
        }
        if let (true, Some((start, end))) = (inf.dated, inf.reference) {
            for a in &inf.deniers {
                let (list, longest) = by_actor.entry(a.as_str()).or_default();
                list.push((start, i));
                *longest = (*longest).max(end - start);
            }
        }
    }
    for (list, _) in by_actor.values_mut() {
        list.sort_unstable();
    }
    for (ci, ic) in views.iter().enumerate() {
        if ic.denied_only || !ic.deniers.is_empty() {
            continue;
        }
        let claim_ref = ic
            .reference
            .map(|(a, b)| (a, b.saturating_add(opts.link_window_days)));
        let mut denied_sentences: BTreeSet<(&str, usize, usize)> = BTreeSet::new();
        let pair = (
            ic.key.event_type,
            ic.key.lo.as_deref(),
            ic.key.hi.as_deref(),
        );
        for &xi in denied_by_pair.get(&pair).into_iter().flatten() {
            let Some(ix) = views.get(xi) else {
                continue;
            };
            if overlaps_opt(claim_ref, ix.reference) && ic.direction_compatible(ix) {
                links.insert((ci, xi));
                denied_sentences.extend(ix.sentences.iter().map(|(d, s, e)| (d.as_str(), *s, *e)));
            }
        }
        let answers = |di: &usize| {
            *di != ci
                && views
                    .get(*di)
                    .is_some_and(|id| !disjoint(&id.deniers, &ic.actors))
        };
        for sentence in &denied_sentences {
            for &di in by_sentence.get(sentence).into_iter().flatten() {
                if answers(&di) {
                    links.insert((ci, di));
                }
            }
        }
        if ic.reported {
            // Rule 3: an undated denial later in the same article (the
            // denial statement itself is undated; its cluster may have
            // gained dated members from other articles).
            for (doc, cstart, _) in &ic.sentences {
                for &(start, di) in undated_by_doc.get(doc.as_str()).into_iter().flatten() {
                    if start > *cstart && answers(&di) {
                        links.insert((ci, di));
                    }
                }
            }
        }
        let Some((from, to)) = claim_ref.filter(|_| ic.reported && ic.dated) else {
            continue;
        };
        for actor in &ic.actors {
            let Some((list, longest)) = by_actor.get(actor.as_str()) else {
                continue;
            };
            let lo = list.partition_point(|&(start, _)| start < from.saturating_sub(*longest));
            let hi = list.partition_point(|&(start, _)| start <= to);
            for &(_, di) in list.get(lo..hi).into_iter().flatten() {
                let Some(id) = views.get(di) else { continue };
                if di != ci && overlaps_opt(claim_ref, id.reference) && tied(ic, id, opts) {
                    links.insert((ci, di));
                }
            }
        }
    }
    links
}
