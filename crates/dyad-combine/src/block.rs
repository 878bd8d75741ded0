//! Leader clustering inside one block (same type, same pair of actors).
//!
//! The result is a function of the *set* of mentions: they are first put in
//! a canonical order, then each joins at most one existing cluster. The order
//! puts the most precise dates first, so clusters are seeded by the best
//! dated reports and vaguer ones are then attached only where that is
//! unambiguous.
//!
//! Invariants:
//! - every member's date overlaps every other member's date (we keep the
//!   intersection of the members' day intervals; by the Helly property of
//!   intervals, overlapping it is the same as overlapping each member), so
//!   two mentions with incompatible dates never share a cluster;
//! - every pair of members is compatible in direction, mode and quantities
//!   (complete link), so a joint mention cannot bridge RUS→PRK and PRK→RUS;
//! - a mention that fits several clusters equally well joins none: it starts
//!   its own cluster and records the others in `ambiguous_with`.

use crate::mention::{intersect_opt, overlaps, overlaps_opt, span_of, window_of, Interval};
use crate::{Cluster, Mention, Options, SourceRef};
use dyad_doc::{PartialDate, Precision};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// A mention with its date already parsed.
struct Item<'a> {
    m: &'a Mention,
    date: Option<PartialDate>,
    /// The days the event date covers.
    span: Option<Interval>,
    /// The reference window of an undated mention: publication ± window.
    window: Option<Interval>,
    /// The largest quantity of each unit ([`largest_by_unit`]).
    quantities: BTreeMap<&'a str, f64>,
}

/// A cluster while it is being built.
struct Work<'a> {
    /// Items, the first being the leader (which names the cluster).
    members: Vec<usize>,
    /// Intersection of the members' date spans (`None` when none is dated).
    span: Option<Interval>,
    /// Intersection of the undated members' windows, for undated clusters.
    window: Option<Interval>,
    ambiguous_with: BTreeSet<String>,
    /// What a newcomer must agree with, summarised over the members.
    agreement: Agreement<'a>,
}

/// The members of a cluster as far as compatibility looks at them (one-way
/// direction, mode, quantities of a unit within a ratio), so
/// that checking a newcomer against every member (complete link) costs the
/// same for a cluster of 200 reports as for one of two.
#[derive(Default)]
struct Agreement<'a> {
    /// Distinct (source, target) of the members that are not joint.
    directions: Vec<(Option<&'a str>, Option<&'a str>)>,
    /// Distinct modes of the members that have one.
    modes: Vec<&'a str>,
    /// Per unit, the least and greatest positive largest-quantity of the
    /// members: the ratio to a newcomer's quantity is smallest at one of
    /// the two (it grows up to the newcomer's value and shrinks after).
    quantities: BTreeMap<&'a str, (f64, f64)>,
    /// The members' documents.
    docs: BTreeSet<&'a str>,
}

impl<'a> Agreement<'a> {
    fn of(item: &Item<'a>) -> Self {
        let mut a = Agreement::default();
        a.add(item);
        a
    }

    fn add(&mut self, item: &Item<'a>) {
        let r = &item.m.record;
        if !r.joint {
            let dir = (r.source.as_deref(), r.target.as_deref());
            if !self.directions.contains(&dir) {
                self.directions.push(dir);
            }
        }
        if let Some(mode) = r.mode.as_deref() {
            if !self.modes.contains(&mode) {
                self.modes.push(mode);
            }
        }
        for (&unit, &y) in &item.quantities {
            if y > 0.0 {
                let e = self.quantities.entry(unit).or_insert((y, y));
                e.0 = e.0.min(y);
                e.1 = e.1.max(y);
            }
        }
        self.docs.insert(item.m.doc.as_str());
    }

    /// True when `item` is compatible with every member: a one-way action
    /// keeps the members' direction, a mode matches theirs, and each
    /// quantity is within `min_ratio` of theirs in the same unit.
    fn admits(&self, item: &Item, min_ratio: f64) -> bool {
        let r = &item.m.record;
        if !r.joint
            && self
                .directions
                .iter()
                .any(|d| *d != (r.source.as_deref(), r.target.as_deref()))
        {
            return false;
        }
        if let Some(mode) = r.mode.as_deref() {
            if self.modes.iter().any(|m| *m != mode) {
                return false;
            }
        }
        item.quantities
            .iter()
            .all(|(unit, &x)| match self.quantities.get(unit) {
                Some(&(lo, hi)) if x > 0.0 => {
                    [lo, hi].iter().all(|&y| x.min(y) / x.max(y) >= min_ratio)
                }
                _ => true,
            })
    }
}

/// The canonical processing order: dated before undated; dated by precision
/// (finest first), then by start and end day; undated by publication; ties
/// by document and mention id.
fn canonical(a: &Item, b: &Item) -> Ordering {
    let key = |i: &Item| {
        (
            i.date.is_none(),
            i.date.map(|d| d.precision).unwrap_or(Precision::Decade),
            i.span.or(i.window).map(|s| (s.0, s.1)),
        )
    };
    key(a)
        .cmp(&key(b))
        .then_with(|| a.m.doc.cmp(&b.m.doc))
        .then_with(|| a.m.id.cmp(&b.m.id))
}

/// True when two mentions of the same block may report the same event: the
/// rule [`Agreement::admits`] applies to a newcomer and all members at once
/// (kept as its reference in the tests).
#[cfg(test)]
fn pair_compatible(a: &Mention, b: &Mention, opts: &Options) -> bool {
    let (ra, rb) = (&a.record, &b.record);
    // A one-way action keeps its direction; a joint one matches either order.
    if !ra.joint && !rb.joint && (ra.source != rb.source || ra.target != rb.target) {
        return false;
    }
    if let (Some(p), Some(q)) = (&ra.mode, &rb.mode) {
        if p != q {
            return false;
        }
    }
    quantities_compatible(ra, rb, opts.min_quantity_ratio)
}

/// Quantities in the same unit must be within `min_ratio` of each other
/// (reports of one deployment say 10,000 or 12,000, not 1,500 and 12,000).
#[cfg(test)]
fn quantities_compatible(
    a: &dyad_doc::EventRecord,
    b: &dyad_doc::EventRecord,
    min_ratio: f64,
) -> bool {
    let (qa, qb) = (largest_by_unit(a), largest_by_unit(b));
    qa.iter().all(|(unit, &x)| match qb.get(unit) {
        Some(&y) if x > 0.0 && y > 0.0 => x.min(y) / x.max(y) >= min_ratio,
        _ => true,
    })
}

/// The largest finite quantity of each unit an event carries.
fn largest_by_unit(r: &dyad_doc::EventRecord) -> BTreeMap<&str, f64> {
    let mut by_unit: BTreeMap<&str, f64> = BTreeMap::new();
    for q in &r.quantities {
        if q.value.is_finite() {
            let v = by_unit.entry(q.unit.as_str()).or_insert(q.value.abs());
            *v = v.max(q.value.abs());
        }
    }
    by_unit
}

/// Clusters the mentions of one block (callers group by [`crate::BlockKey`]).
pub(crate) fn cluster_block(mentions: &[&Mention], opts: &Options) -> Vec<Cluster> {
    let mut items: Vec<Item> = mentions
        .iter()
        .map(|m| {
            let date = m.date();
            Item {
                m,
                date,
                span: date.as_ref().map(span_of),
                window: match date {
                    Some(_) => None,
                    None => m.published.map(|p| window_of(&p, opts.undated_window_days)),
                },
                quantities: largest_by_unit(&m.record),
            }
        })
        .collect();
    items.sort_by(canonical);

    let mut works: Vec<Work> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let fits = |w: &Work| w.agreement.admits(item, opts.min_quantity_ratio);
        let chosen = match item.span {
            Some(span) => {
                let cands: Vec<usize> = (0..works.len())
                    .filter(|&k| {
                        works[k].span.is_some_and(|s| overlaps(s, span)) && fits(&works[k])
                    })
                    .collect();
                let exact: Vec<usize> = cands
                    .iter()
                    .copied()
                    .filter(|&k| works[k].span == Some(span))
                    .collect();
                pick(cands, exact)
            }
            None => {
                let cands: Vec<usize> = (0..works.len())
                    .filter(|&k| {
                        overlaps_opt(works[k].span.or(works[k].window), item.window)
                            && fits(&works[k])
                    })
                    .collect();
                // A cluster the same article already contributes to is the
                // natural referent of its undated mention ("the treaty").
                let same_doc: Vec<usize> = cands
                    .iter()
                    .copied()
                    .filter(|&k| works[k].agreement.docs.contains(item.m.doc.as_str()))
                    .collect();
                pick(cands, same_doc)
            }
        };
        match chosen {
            Ok(k) => {
                let w = &mut works[k];
                w.members.push(i);
                w.agreement.add(item);
                if item.span.is_some() {
                    w.span = intersect_opt(w.span, item.span);
                } else if w.span.is_none() {
                    w.window = intersect_opt(w.window, item.window);
                }
            }
            Err(cands) => {
                let ambiguous_with = cands
                    .iter()
                    .filter_map(|&k| works[k].members.first())
                    .map(|&j| cluster_id(items[j].m))
                    .collect();
                works.push(Work {
                    members: vec![i],
                    span: item.span,
                    window: item.window,
                    ambiguous_with,
                    agreement: Agreement::of(item),
                });
            }
        }
    }
    works.iter().map(|w| build(w, &items)).collect()
}

/// One candidate: join it. Several: join the single preferred one if there
/// is exactly one, else none (the candidates are returned as ambiguous).
fn pick(cands: Vec<usize>, preferred: Vec<usize>) -> Result<usize, Vec<usize>> {
    match (cands.as_slice(), preferred.as_slice()) {
        ([k], _) => Ok(*k),
        (_, [k]) => Ok(*k),
        _ => Err(cands),
    }
}

/// The id of a cluster led by `m`.
pub(crate) fn cluster_id(m: &Mention) -> String {
    format!("c-{}", m.id)
}

fn build(w: &Work, items: &[Item]) -> Cluster {
    // `members` is never empty: a Work is created with its leader.
    let leader = w.members.first().map(|&j| &items[j]);
    let mut members: Vec<&Item> = w.members.iter().map(|&j| &items[j]).collect();
    members.sort_by(|a, b| a.m.doc.cmp(&b.m.doc).then_with(|| a.m.id.cmp(&b.m.id)));
    let docs: BTreeSet<&str> = members.iter().map(|i| i.m.doc.as_str()).collect();
    let mut statuses = BTreeMap::new();
    for i in &members {
        *statuses.entry(i.m.record.status).or_insert(0) += 1;
    }
    let rec = leader.map(|l| &l.m.record);
    Cluster {
        id: leader.map(|l| cluster_id(l.m)).unwrap_or_default(),
        event_type: rec
            .map(|r| r.event_type)
            .unwrap_or(dyad_doc::EventType::Consult),
        source: rec.and_then(|r| r.source.clone()),
        target: rec.and_then(|r| r.target.clone()),
        joint: members.iter().any(|i| i.m.record.joint),
        date: leader.and_then(|l| l.date),
        intensity: mean_intensity(&members),
        date_start: w.span.map(|s| crate::mention::day_string(s.0)),
        date_end: w.span.map(|s| crate::mention::day_string(s.1)),
        mentions: members.iter().map(|i| i.m.id.clone()).collect(),
        docs: docs.iter().map(|d| d.to_string()).collect(),
        corroboration: docs.len(),
        statuses,
        sources: members.iter().map(|i| SourceRef::of(i.m)).collect(),
        ambiguous_with: w.ambiguous_with.iter().cloned().collect(),
        contradicted_by: Vec::new(),
        denies: Vec::new(),
    }
}

/// The mean intensity of the members (0 for none).
fn mean_intensity(members: &[&Item]) -> f32 {
    let finite: Vec<f32> = members
        .iter()
        .map(|i| i.m.record.intensity)
        .filter(|x| x.is_finite())
        .collect();
    if finite.is_empty() {
        0.0
    } else {
        finite.iter().sum::<f32>() / finite.len() as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::{EventRecord, EventType, Quantity, Status};

    fn mention(n: u64) -> Mention {
        // Digits of `n` pick each field, so nearby numbers differ a little.
        let pick = |d: u64, k: u64| (n / 7u64.pow(d as u32)) % k;
        let actors = [Some("RUS"), Some("PRK"), None];
        let record = EventRecord {
            id: format!("d-{n}"),
            event_type: EventType::Aid,
            mode: [None, Some("arms"), Some("food")][pick(0, 3) as usize].map(String::from),
            source: actors[pick(1, 3) as usize].map(String::from),
            source_sector: None,
            target: actors[pick(2, 3) as usize].map(String::from),
            target_sector: None,
            date: None,
            date_precision: None,
            status: Status::Asserted,
            attributed_to: None,
            quantities: (0..pick(3, 3))
                .map(|i| Quantity {
                    value: [0.0, 900.0, 1_000.0, 1_500.0, 2_100.0, 4_000.0, -3_000.0]
                        [pick(4 + i, 7) as usize],
                    unit: ["troops", "shells"][pick(6 + i, 2) as usize].to_string(),
                })
                .collect(),
            location: None,
            quote: String::new(),
            doc: format!("doc-{}", n % 5),
            start: 0,
            end: 0,
            trigger: String::new(),
            joint: pick(5, 4) == 0,
            intensity: 0.0,
            rule: String::new(),
            date_basis: None,
            reported: None,
            reported_precision: None,
        };
        Mention::new(record, None)
    }

    fn item(m: &Mention) -> Item<'_> {
        Item {
            m,
            date: None,
            span: None,
            window: None,
            quantities: largest_by_unit(&m.record),
        }
    }

    #[test]
    fn agreement_admits_exactly_what_every_member_would() {
        let opts = Options::default();
        let mentions: Vec<Mention> = (0..400u64).map(|n| mention(n * 7919 % 100_003)).collect();
        let (mut admitted, mut refused) = (0, 0);
        for start in 0..40 {
            // A cluster grown greedily from `start`, as leader clustering does.
            let members: Vec<&Mention> = mentions[start..].iter().step_by(3).take(12).collect();
            let mut agreement = Agreement::of(&item(members[0]));
            let mut kept = vec![members[0]];
            for m in &members[1..] {
                let by_pairs = kept.iter().all(|k| pair_compatible(m, k, &opts));
                assert_eq!(
                    agreement.admits(&item(m), opts.min_quantity_ratio),
                    by_pairs
                );
                if by_pairs {
                    agreement.add(&item(m));
                    kept.push(m);
                    admitted += 1;
                } else {
                    refused += 1;
                }
            }
        }
        // Both outcomes occur, so the comparison means something.
        assert!(admitted > 20 && refused > 20, "{admitted} / {refused}");
    }
}
