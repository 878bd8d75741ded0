//! Property-style tests: clustering depends only on the set of mentions,
//! and incremental updates equal clustering everything at once.

mod common;

use common::{Lcg, M};
use dyad_combine::{cluster, ClusterIndex, DocChange, Mention, Options};
use dyad_doc::Status;
use std::collections::BTreeMap;

const TYPES: [&str; 4] = ["AGREE", "CONSULT", "AID", "REJECT"];
const ACTORS: [&str; 4] = ["RUS", "PRK", "KOR", ""];
const DATES: [&str; 12] = [
    "2024",
    "2024-06",
    "2024-06-19",
    "2024-06-20",
    "2024-01",
    "2024-01-16",
    "2024-11-01",
    "2024-11",
    "2024-22",
    "2023",
    "202X",
    "",
];
const PUBLISHED: [&str; 5] = ["2024-06-21", "2024-06-27", "2024-01-17", "2024-11-02", ""];

/// A random corpus: `docs` documents of up to 6 mentions each, drawn from
/// small vocabularies so that collisions (and thus clusters) are frequent.
fn corpus(rng: &mut Lcg, docs: usize) -> Vec<Mention> {
    let mut out = Vec::new();
    for d in 0..docs {
        let doc = format!("doc{d:03}");
        let published = PUBLISHED[rng.below(PUBLISHED.len())];
        for n in 1..=(1 + rng.below(6)) {
            let ty = TYPES[rng.below(TYPES.len())];
            let mut b = M::new(
                &doc,
                n,
                ty,
                ACTORS[rng.below(3)],
                ACTORS[rng.below(ACTORS.len())],
            )
            .sentence(rng.below(3));
            let date = DATES[rng.below(DATES.len())];
            if !date.is_empty() {
                b = b.date(date);
            }
            if !published.is_empty() {
                b = b.published(published);
            }
            if rng.below(3) == 0 {
                b = b.joint();
            }
            b = match rng.below(6) {
                0 => b.status(Status::Denied),
                1 => b.status(Status::Reported).attributed("KOR"),
                _ => b,
            };
            if ty == "REJECT" && rng.below(2) == 0 {
                b = b.rule("triggers.tsv:187 `deny+` (deny)");
            }
            if rng.below(4) == 0 {
                b = b.quantity([1500.0, 10000.0, 12000.0][rng.below(3)], "troops");
            }
            if rng.below(5) == 0 {
                b = b.mode(["military", "visit"][rng.below(2)]);
            }
            out.push(b.build());
        }
    }
    out
}

fn by_doc(ms: &[Mention]) -> BTreeMap<String, Vec<Mention>> {
    let mut map: BTreeMap<String, Vec<Mention>> = BTreeMap::new();
    for m in ms {
        map.entry(m.doc.clone()).or_default().push(m.clone());
    }
    map
}

#[test]
fn input_order_does_not_matter() {
    let (mut merged, mut linked, mut ambiguous) = (0, 0, 0);
    for seed in 1..=20u64 {
        let mut rng = Lcg(seed);
        let ms = corpus(&mut rng, 25);
        let reference = cluster(&ms);
        assert!(
            reference.len() < ms.len(),
            "seed {seed}: some merging happens"
        );
        merged += reference.iter().filter(|c| c.mentions.len() > 1).count();
        linked += reference
            .iter()
            .filter(|c| !c.contradicted_by.is_empty())
            .count();
        ambiguous += reference
            .iter()
            .filter(|c| !c.ambiguous_with.is_empty())
            .count();
        for _ in 0..5 {
            let mut shuffled = ms.clone();
            rng.shuffle(&mut shuffled);
            assert_eq!(cluster(&shuffled), reference, "seed {seed}");
        }
    }
    // The corpora exercise every rule, not just singletons.
    println!("merged {merged}, linked {linked}, ambiguous {ambiguous}");
    assert!(merged > 20 && linked > 5 && ambiguous > 5);
}

#[test]
fn incremental_batches_equal_clustering_everything() {
    for seed in 1..=20u64 {
        let mut rng = Lcg(seed * 7919);
        let ms = corpus(&mut rng, 30);
        let reference = cluster(&ms);
        let docs: Vec<(String, Vec<Mention>)> = by_doc(&ms).into_iter().collect();

        let mut order: Vec<usize> = (0..docs.len()).collect();
        rng.shuffle(&mut order);
        let mut index = ClusterIndex::new(Options::default());
        let mut i = 0;
        while i < order.len() {
            let batch = 1 + rng.below(5);
            let changes = order[i..(i + batch).min(order.len())]
                .iter()
                .map(|&k| DocChange::Upsert {
                    doc: docs[k].0.clone(),
                    mentions: docs[k].1.clone(),
                })
                .collect();
            index.apply(changes);
            i += batch;
        }
        assert_eq!(index.clusters(), reference.as_slice(), "seed {seed}");

        // Re-ingesting a document unchanged changes nothing.
        let (name, mentions) = &docs[rng.below(docs.len())];
        assert!(index.upsert(name, mentions.clone()).is_empty());

        // Replacing a document with other content, then restoring it, and
        // removing and re-adding another, land back on the same clusters.
        let other = corpus(&mut Lcg(seed + 1000), 1)
            .into_iter()
            .map(|mut m| {
                m.doc = name.clone();
                m.record.doc = name.clone();
                m
            })
            .collect();
        index.upsert(name, other);
        index.upsert(name, mentions.clone());
        let (gone, back) = &docs[rng.below(docs.len())];
        let delta = index.remove(gone);
        assert!(!delta.removed.is_empty() || !delta.upserted.is_empty());
        index.upsert(gone, back.clone());
        assert_eq!(index.clusters(), reference.as_slice(), "seed {seed}");
    }
}

#[test]
fn delta_reports_what_changed() {
    let mut index = ClusterIndex::new(Options::default());
    let a1 = M::new("a1", 1, "AGREE", "RUS", "PRK")
        .joint()
        .date("2024-06-19")
        .build();
    let a2 = M::new("a2", 1, "AGREE", "PRK", "RUS")
        .joint()
        .date("2024-06")
        .build();
    let d = index.upsert("a1", vec![a1]);
    assert_eq!(d.upserted.len(), 1);
    let d = index.upsert("a2", vec![a2]);
    assert!(d.removed.is_empty());
    assert_eq!(d.upserted.len(), 1);
    assert_eq!(d.upserted[0].corroboration, 2);
    let d = index.remove("a1");
    assert_eq!(d.removed, vec!["c-a1-01"]);
    assert_eq!(d.upserted.len(), 1);
    assert_eq!(d.upserted[0].id, "c-a2-01");
}
