//! Incremental reclustering: a store that reclusters after every small
//! change holds exactly the clusters, links, members and totals of a store
//! that computes everything once from the final documents.

mod common;

use common::*;
use dyad_doc::{Doc, EventType, Status};
use dyad_store::*;

/// A small deterministic generator (64-bit LCG): the test needs varied
/// documents, not good randomness.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const ACTORS: [Option<&str>; 5] = [Some("RUS"), Some("PRK"), Some("USA"), Some("KOR"), None];
const TYPES: [EventType; 5] = [
    EventType::Consult,
    EventType::Aid,
    EventType::Reject,
    EventType::Accuse,
    EventType::Cooperate,
];
const DATES: [Option<&str>; 7] = [
    None,
    Some("2024"),
    Some("2024-06"),
    Some("2024-06-15"),
    Some("2024-07-02"),
    Some("2024-06-20"),
    Some("2025-01"),
];
const PUBLISHED: [Option<&str>; 4] = [
    Some("2024-07-01"),
    Some("2024-06-18"),
    Some("2025-01-20"),
    None,
];

/// A document of four sentences, each with one event drawn from a small
/// space (so that documents share groups and clusters), including
/// reported claims, denied mentions and denials.
fn random_doc(rng: &mut Lcg, name: &str) -> Doc {
    let sentences = [
        "Officials met their counterparts in the capital.",
        "A shipment was said to have crossed the border.",
        "The ministry rejected the reports as false.",
        "Both sides held joint exercises near the coast.",
    ];
    let mut events = Vec::new();
    for i in 0..sentences.len() {
        let (a, b) = (rng.pick(&ACTORS), rng.pick(&ACTORS));
        let mut ev = Ev::new(i, rng.pick(&TYPES), "RUS", "PRK");
        ev.source = a;
        ev.target = b;
        ev.date = rng.pick(&DATES);
        ev.status = rng.pick(&[
            Status::Asserted,
            Status::Asserted,
            Status::Reported,
            Status::Denied,
        ]);
        ev.joint = rng.next().is_multiple_of(5);
        ev.intensity = (rng.next() % 21) as f32 / 2.0 - 5.0;
        events.push(ev);
    }
    let mut doc = make_doc(name, &sentences, events);
    doc.meta.published = rng.pick(&PUBLISHED).and_then(|p| p.parse().ok());
    for e in &mut doc.events {
        if e.status == Status::Reported {
            e.attributed_to = Some("KOR".into());
        }
        // Some REJECTs are denials (the coder's marker), of either actor.
        if e.event_type == EventType::Reject && e.status == Status::Asserted {
            e.rule = "deny_claim (deny)".into();
        }
    }
    doc
}

/// Rows of a query, as text, sorted (for comparing tables).
fn rows(store: &Store, sql: &str) -> Vec<String> {
    let conn = store.connection();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let mut out: Vec<String> = stmt
        .query_map([], |r| {
            let mut cols = Vec::new();
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                cols.push(format!("{v:?}"));
            }
            Ok(cols.join("|"))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    out.sort();
    out
}

/// A total table's rows: key columns, count, and the intensity sum
/// (compared with a tolerance: an incremental store adds and subtracts
/// sums in another order than a full rebuild).
fn totals(store: &Store, table: &str, keys: &str) -> Vec<(String, i64, f64)> {
    let sql = format!("SELECT {keys}, n, sum_intensity FROM {table} ORDER BY {keys}");
    let conn = store.connection();
    let mut stmt = conn.prepare(&sql).unwrap();
    let k = keys.split(',').count();
    stmt.query_map([], |r| {
        let mut key = Vec::new();
        for i in 0..k {
            key.push(r.get::<_, String>(i)?);
        }
        Ok((key.join("|"), r.get(k)?, r.get(k + 1)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Every stored cluster, as `dyad_combine` describes one.
fn stored_clusters(store: &Store) -> Vec<dyad_combine::Cluster> {
    store
        .clusters(&EventFilter::default())
        .unwrap()
        .into_iter()
        .map(|r| r.cluster)
        .collect()
}

fn assert_same_clusters(got: &Store, want: &Store, round: usize) {
    let all = EventFilter::default();
    assert_eq!(
        got.clusters(&all).unwrap(),
        want.clusters(&all).unwrap(),
        "round {round}: clusters"
    );
    for sql in [
        "SELECT claim_id, denial_id FROM cluster_link",
        "SELECT cluster_id, event_ext_id, doc_name, status FROM cluster_member",
        "SELECT cluster_id, view FROM cluster_view",
        "SELECT id, sort_key, block, month, intensity, corroboration, n_mentions, denied_only \
         FROM event_cluster",
    ] {
        assert_eq!(rows(got, sql), rows(want, sql), "round {round}: {sql}");
    }
    for (table, keys) in [
        ("agg_cluster_month", "month, event_type"),
        ("agg_cluster_edge", "source, target"),
        ("agg_cluster_actor_month", "code, month, event_type"),
    ] {
        let (g, w) = (totals(got, table, keys), totals(want, table, keys));
        assert_eq!(g.len(), w.len(), "round {round}: {table} {g:?} {w:?}");
        for (a, b) in g.iter().zip(&w) {
            assert_eq!((&a.0, a.1), (&b.0, b.1), "round {round}: {table}");
            assert!(
                (a.2 - b.2).abs() < 1e-9,
                "round {round}: {table} {a:?} {b:?}"
            );
        }
    }
    assert_eq!(
        got.cluster_state().unwrap(),
        want.cluster_state().unwrap(),
        "round {round}: state"
    );
}

/// A store of `n` random documents (`d0`, `d1`, …), clustered once (a full
/// recluster), with the documents and the generator to make more.
fn reclustered_store(tag: &str, seed: u64, n: usize) -> (Store, TempDir, Vec<Doc>, Lcg) {
    let mut rng = Lcg(seed);
    let dir = temp_dir(tag);
    let mut store = Store::open(&dir.join("s.db")).unwrap();
    let docs: Vec<Doc> = (0..n)
        .map(|i| random_doc(&mut rng, &format!("d{i}")))
        .collect();
    let batch: Vec<(&Doc, &str)> = docs.iter().map(|d| (d, d.name.as_str())).collect();
    store.ingest_batch(&batch).unwrap();
    assert!(
        store.recluster().unwrap().full,
        "a new store computes everything"
    );
    (store, dir, docs, rng)
}

#[test]
fn incremental_recluster_equals_a_full_one() {
    let mut rng = Lcg(7);
    let dir = temp_dir("incremental");
    let mut store = Store::open(&dir.join("inc.db")).unwrap();
    // The current version of every document, by name.
    let mut current: std::collections::BTreeMap<String, Doc> = Default::default();
    for i in 0..30 {
        let name = format!("doc-{i:02}");
        current.insert(name.clone(), random_doc(&mut rng, &name));
    }
    // A content hash stands for the content: one per document and version.
    let hashes: Vec<String> = current.values().map(|d| format!("{}:v0", d.name)).collect();
    let first: Vec<(&Doc, &str)> = current
        .values()
        .zip(&hashes)
        .map(|(d, h)| (d, h.as_str()))
        .collect();
    store.ingest_batch(&first).unwrap();
    assert!(
        store.recluster().unwrap().full,
        "a new store computes everything"
    );
    let mut incremental_rounds = 0;
    for round in 1..=25_usize {
        // Replace one document, add one, or both.
        let mut changed: Vec<(Doc, String)> = Vec::new();
        if !round.is_multiple_of(3) {
            let name = format!("doc-{:02}", rng.next() % 30);
            changed.push((random_doc(&mut rng, &name), format!("{name}:v{round}")));
        }
        if !round.is_multiple_of(2) {
            let name = format!("new-{round:02}");
            changed.push((random_doc(&mut rng, &name), format!("{name}:v0")));
        }
        let batch: Vec<(&Doc, &str)> = changed.iter().map(|(d, h)| (d, h.as_str())).collect();
        store.ingest_batch(&batch).unwrap();
        for (d, _) in &changed {
            current.insert(d.name.clone(), d.clone());
        }
        let stats = store.recluster().unwrap();
        if !stats.full {
            incremental_rounds += 1;
            assert!(stats.groups <= 16, "round {round}: {} groups", stats.groups);
        }
        let reference_dir = temp_dir(&format!("reference-{round}"));
        let mut reference = Store::open(&reference_dir.join("ref.db")).unwrap();
        let docs: Vec<(&Doc, &str)> = current.values().map(|d| (d, d.name.as_str())).collect();
        reference.ingest_batch(&docs).unwrap();
        let want = reference.recluster().unwrap();
        assert!(want.full);
        assert_eq!(
            (
                stats.mentions,
                stats.clusters,
                stats.corroborated,
                stats.contradicted,
                stats.denied_only
            ),
            (
                want.mentions,
                want.clusters,
                want.corroborated,
                want.contradicted,
                want.denied_only
            ),
            "round {round}: stats"
        );
        assert_same_clusters(&store, &reference, round);
        // And the listing is dyad-combine's clustering of every mention.
        let mentions: Vec<dyad_combine::Mention> = current
            .values()
            .flat_map(dyad_combine::mentions_of)
            .collect();
        let direct = dyad_combine::cluster(&mentions);
        assert_eq!(
            stored_clusters(&store),
            direct,
            "round {round}: against dyad-combine"
        );
    }
    assert!(
        incremental_rounds >= 20,
        "only {incremental_rounds} of 25 rounds were incremental"
    );
    // The random documents did produce links for the test to follow.
    assert!(!rows(&store, "SELECT claim_id FROM cluster_link").is_empty());
}

#[test]
fn a_bulk_load_asks_for_a_full_recluster() {
    let (mut store, _dir, docs, mut rng) = reclustered_store("bulk-full", 11, 5);
    let more: Vec<Doc> = (5..8)
        .map(|i| random_doc(&mut rng, &format!("d{i}")))
        .collect();
    store.begin_bulk_load().unwrap();
    let batch: Vec<(&Doc, &str)> = more.iter().map(|d| (d, d.name.as_str())).collect();
    store.ingest_batch(&batch).unwrap();
    store.end_bulk_load().unwrap();
    let stats = store.recluster().unwrap();
    assert!(stats.full, "the bulk load listed no groups");
    let all: Vec<dyad_combine::Mention> = docs
        .iter()
        .chain(&more)
        .flat_map(dyad_combine::mentions_of)
        .collect();
    assert_eq!(stored_clusters(&store), dyad_combine::cluster(&all));
}

#[test]
fn a_replaced_event_of_another_intensity_changes_the_sums() {
    // Same month, type and actors, so the counts do not change: only the
    // sums do (a change with a zero count was once skipped).
    let doc = |intensity: f32| {
        make_doc(
            "wire",
            &["Moscow sent aid to Pyongyang in June 2024."],
            vec![Ev::new(0, EventType::Aid, "RUS", "PRK")
                .date("2024-06-10")
                .trigger("sent")
                .intensity(intensity)],
        )
    };
    let dir = temp_dir("resum");
    let mut store = Store::open(&dir.join("r.db")).unwrap();
    store.ingest(&doc(3.0), "first").unwrap();
    store.recluster().unwrap();
    store.ingest(&doc(6.5), "second").unwrap();
    store.recluster().unwrap();
    let fresh_dir = temp_dir("resum-fresh");
    let mut fresh = Store::open(&fresh_dir.join("f.db")).unwrap();
    fresh.ingest(&doc(6.5), "second").unwrap();
    fresh.recluster().unwrap();
    for (table, keys) in [
        ("agg_month", "month, event_type"),
        ("agg_edge", "source, target"),
        ("agg_cluster_month", "month, event_type"),
        ("agg_cluster_edge", "source, target"),
    ] {
        let got = totals(&store, table, keys);
        assert_eq!(got, totals(&fresh, table, keys), "{table}");
        assert_eq!(got.first().map(|r| r.2), Some(6.5), "{table}");
    }
}

#[test]
fn news_without_claims_or_denials_keeps_the_links() {
    let (mut store, _dir, docs, _) = reclustered_store("keep-links", 3, 12);
    let before = store.recluster().unwrap();
    assert!(!before.full);
    assert!(before.contradicted > 0);
    // Asserted events of a new pair: nothing that may link.
    let plain = make_doc(
        "plain",
        &["Tokyo and Seoul held talks on 2 May 2024."],
        vec![Ev::new(0, EventType::Consult, "JPN", "KOR")
            .date("2024-05-02")
            .trigger("held talks")],
    );
    store.ingest(&plain, "p").unwrap();
    let after = store.recluster().unwrap();
    assert!(!after.full);
    assert_eq!(after.contradicted, before.contradicted);
    assert_eq!(after.clusters, before.clusters + 1);
    let reference_dir = temp_dir("keep-links-ref");
    let mut reference = Store::open(&reference_dir.join("r.db")).unwrap();
    let mut all: Vec<(&Doc, &str)> = docs.iter().map(|d| (d, d.name.as_str())).collect();
    all.push((&plain, "p"));
    reference.ingest_batch(&all).unwrap();
    let want = reference.recluster().unwrap();
    assert_eq!(after.contradicted, want.contradicted);
    assert_same_clusters(&store, &reference, 0);
}

#[test]
fn an_in_memory_store_clusters_on_one_thread() {
    // A second connection to ":memory:" would be another, empty database:
    // the full recluster must notice and read through its own connection.
    let mut store = Store::open(std::path::Path::new(":memory:")).unwrap();
    let mut rng = Lcg(5);
    let docs: Vec<Doc> = (0..6)
        .map(|i| random_doc(&mut rng, &format!("m{i}")))
        .collect();
    let batch: Vec<(&Doc, &str)> = docs.iter().map(|d| (d, d.name.as_str())).collect();
    store.ingest_batch(&batch).unwrap();
    let made = store.recluster().unwrap();
    assert!(made.full && made.clusters > 0);
    let all: Vec<dyad_combine::Mention> = docs.iter().flat_map(dyad_combine::mentions_of).collect();
    assert_eq!(stored_clusters(&store), dyad_combine::cluster(&all));
}

/// Stores random documents `names` (`d{i}`) in one batch; returns them.
fn add_random(store: &mut Store, rng: &mut Lcg, names: std::ops::Range<usize>) -> Vec<Doc> {
    let docs: Vec<Doc> = names.map(|i| random_doc(rng, &format!("d{i}"))).collect();
    let batch: Vec<(&Doc, &str)> = docs.iter().map(|d| (d, d.name.as_str())).collect();
    store.ingest_batch(&batch).unwrap();
    docs
}

/// The clusters `dyad_combine` makes of all these documents' mentions.
fn combined(docs: &[&[Doc]]) -> Vec<dyad_combine::Cluster> {
    let all: Vec<dyad_combine::Mention> = docs
        .iter()
        .flat_map(|d| d.iter())
        .flat_map(dyad_combine::mentions_of)
        .collect();
    dyad_combine::cluster(&all)
}

#[test]
fn a_recluster_started_before_the_bulk_load_ends_is_the_same() {
    let (mut store, _dir, docs, mut rng) = reclustered_store("prefetch", 13, 4);
    store.begin_bulk_load().unwrap();
    let more = add_random(&mut store, &mut rng, 4..40);
    // Started while the indexes are still missing; they are built while it
    // reads and clusters.
    let prefetch = store.start_full_recluster().unwrap();
    assert!(prefetch.is_some(), "a bulk load asks for a full recluster");
    store.end_bulk_load().unwrap();
    let stats = store.recluster_with(prefetch).unwrap();
    assert!(stats.full);
    assert_eq!(stored_clusters(&store), combined(&[&docs, &more]));
    // Nothing to start when the next recluster is incremental.
    assert!(store.start_full_recluster().unwrap().is_none());
}

#[test]
fn a_prefetch_that_saw_other_events_is_not_used() {
    let (mut store, _dir, docs, mut rng) = reclustered_store("prefetch-stale", 17, 4);
    store.begin_bulk_load().unwrap();
    let first = add_random(&mut store, &mut rng, 4..10);
    let prefetch = store.start_full_recluster().unwrap();
    // More events arrive after it took its snapshot.
    let later = add_random(&mut store, &mut rng, 10..16);
    store.end_bulk_load().unwrap();
    store.recluster_with(prefetch).unwrap();
    assert_eq!(stored_clusters(&store), combined(&[&docs, &first, &later]));
}

#[test]
fn a_dropped_prefetch_stops_its_thread() {
    let (mut store, _dir, _docs, mut rng) = reclustered_store("prefetch-drop", 19, 4);
    store.begin_bulk_load().unwrap();
    add_random(&mut store, &mut rng, 4..30);
    let prefetch = store.start_full_recluster().unwrap();
    // Returns once the thread has stopped (a hang here is the failure).
    drop(prefetch);
    store.end_bulk_load().unwrap();
    assert!(store.recluster().unwrap().full);
}
