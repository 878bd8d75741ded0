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
//!    within the claim's period extended by the link window.
//!
//! Links are written both ways: the claim's `contradicted_by` and the
//! denial's `denies`. They are recomputed from scratch from the clusters,
//! so they too depend only on the set of mentions.

use crate::block::pair_compatible_refs;
use crate::mention::{intersect_opt, overlaps_opt, span_of, window_of, Interval};
use crate::{BlockKey, Cluster, Options, SourceRef};
use dyad_doc::{EventType, PartialDate, Status};
use std::collections::BTreeSet;

/// What linking needs to know about one cluster.
struct Info<'a> {
    key: BlockKey,
    /// The dated members' common span, else the undated members' common
    /// publication window, else unbounded.
    reference: Option<Interval>,
    /// True when some member has a date of its own.
    dated: bool,
    denied_only: bool,
    /// Sources of the members that are denials.
    deniers: BTreeSet<&'a str>,
    actors: BTreeSet<&'a str>,
    reported: bool,
    /// (doc, start, end) of every member's sentence.
    sentences: BTreeSet<(&'a str, usize, usize)>,
}

fn info<'a>(c: &'a Cluster, opts: &Options) -> Info<'a> {
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
    Info {
        key: BlockKey::new(
            c.event_type,
            c.source.as_deref(),
            c.target.as_deref(),
            c.is_denied_only(),
        ),
        reference,
        dated: !dates.is_empty(),
        denied_only: c.is_denied_only(),
        deniers: c
            .sources
            .iter()
            .filter(|s| is_denial(s))
            .filter_map(|s| s.source.as_deref())
            .collect(),
        actors: c
            .sources
            .iter()
            .flat_map(|s| [s.source.as_deref(), s.target.as_deref()])
            .flatten()
            .collect(),
        reported: c.sources.iter().any(|s| s.status == Status::Reported),
        sentences: c
            .sources
            .iter()
            .map(|s| (s.doc.as_str(), s.start, s.end))
            .collect(),
    }
}

/// Links every claim to the clusters that deny it (see the module rules).
/// Clears and recomputes `contradicted_by` and `denies` on all clusters.
pub fn link_contradictions(clusters: &mut [Cluster], opts: &Options) {
    let mut links: BTreeSet<(usize, usize)> = BTreeSet::new();
    {
        let infos: Vec<Info> = clusters.iter().map(|c| info(c, opts)).collect();
        for (ci, (c, ic)) in clusters.iter().zip(&infos).enumerate() {
            if ic.denied_only || !ic.deniers.is_empty() {
                continue;
            }
            let claim_ref = ic
                .reference
                .map(|(a, b)| (a, b.saturating_add(opts.link_window_days)));
            let mut denied_sentences: BTreeSet<(&str, usize, usize)> = BTreeSet::new();
            for (xi, (x, ix)) in clusters.iter().zip(&infos).enumerate() {
                let same_event = ix.denied_only
                    && ix.key.event_type == ic.key.event_type
                    && ix.key.lo == ic.key.lo
                    && ix.key.hi == ic.key.hi;
                if same_event
                    && overlaps_opt(claim_ref, ix.reference)
                    && c.sources
                        .iter()
                        .any(|a| x.sources.iter().any(|b| pair_compatible_refs(a, b)))
                {
                    links.insert((ci, xi));
                    denied_sentences.extend(ix.sentences.iter().copied());
                }
            }
            for (di, id) in infos.iter().enumerate() {
                if id.deniers.is_empty() || id.deniers.is_disjoint(&ic.actors) || di == ci {
                    continue;
                }
                let same_sentence = !id.sentences.is_disjoint(&denied_sentences);
                let by_date =
                    ic.reported && ic.dated && id.dated && overlaps_opt(claim_ref, id.reference);
                if same_sentence || by_date {
                    links.insert((ci, di));
                }
            }
        }
    }
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
