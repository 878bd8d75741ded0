//! `Store::ingest_batch`: one transaction, a savepoint per document.

mod common;

use common::*;
use dyad_doc::EventType;
use dyad_store::*;

/// Everything a reader can see of a document, for comparing two stores.
fn view(store: &Store, name: &str) -> Option<StoredDoc> {
    store.doc(name).unwrap()
}

#[test]
fn a_batch_stores_what_single_ingests_store() {
    let dir = temp_dir("batch-same");
    let mut single = Store::open(&dir.join("single.db")).unwrap();
    let mut batched = Store::open(&dir.join("batched.db")).unwrap();
    let docs: Vec<_> = ["a", "b", "c"].iter().map(|n| sample_doc(n)).collect();
    let hashes: Vec<String> = docs.iter().map(|d| format!("h-{}", d.name)).collect();
    for (d, h) in docs.iter().zip(&hashes) {
        assert_eq!(single.ingest(d, h).unwrap(), IngestOutcome::Inserted);
    }
    let batch: Vec<(&dyad_doc::Doc, &str)> = docs
        .iter()
        .zip(&hashes)
        .map(|(d, h)| (d, h.as_str()))
        .collect();
    let out = batched.ingest_batch(&batch).unwrap();
    assert!(out.iter().all(|o| matches!(o, Ok(IngestOutcome::Inserted))));
    assert_eq!(single.stats().unwrap(), batched.stats().unwrap());
    for n in ["a", "b", "c"] {
        assert_eq!(view(&single, n), view(&batched, n));
    }
    assert_eq!(
        single.timeline(&EventFilter::default()).unwrap(),
        batched.timeline(&EventFilter::default()).unwrap()
    );
    assert_eq!(
        single.network(&EventFilter::default()).unwrap(),
        batched.network(&EventFilter::default()).unwrap()
    );

    // Re-ingest of the same batch stores nothing; the clusters made in
    // between stay current.
    batched.recluster().unwrap();
    let again = batched.ingest_batch(&batch).unwrap();
    assert!(again
        .iter()
        .all(|o| matches!(o, Ok(IngestOutcome::Unchanged))));
    assert!(batched.cluster_state().unwrap().current);

    // A changed document in a batch replaces, and marks the clusters stale.
    let changed = make_doc(
        "b",
        &["Envoys met once more in the northern port."],
        vec![Ev::new(0, EventType::Consult, "RUS", "PRK").trigger("met")],
    );
    let out = batched
        .ingest_batch(&[(&docs[0], "h-a"), (&changed, "h-b2")])
        .unwrap();
    assert!(matches!(out[0], Ok(IngestOutcome::Unchanged)));
    assert!(matches!(out[1], Ok(IngestOutcome::Replaced)));
    assert!(!batched.cluster_state().unwrap().current);
    assert_eq!(batched.doc("b").unwrap().unwrap().events.len(), 1);
    assert!(batched.ingest_batch(&[]).unwrap().is_empty());
}

#[test]
fn a_failing_document_is_rolled_back_alone() {
    let dir = temp_dir("batch-fail");
    let mut store = Store::open(&dir.join("events.db")).unwrap();
    let first = sample_doc("first");
    // The second event breaks the intensity CHECK after the document, its
    // sentences and one event were written.
    let bad = make_doc(
        "broken",
        &["Delegates gathered by the river.", "A bad record follows."],
        vec![
            Ev::new(0, EventType::Consult, "RUS", "PRK").trigger("gathered"),
            Ev::new(1, EventType::Assault, "RUS", "UKR").intensity(42.0),
        ],
    );
    let last = sample_doc("last");
    // A name twice in one batch: the second sees the first.
    let out = store
        .ingest_batch(&[(&first, "h1"), (&bad, "hb"), (&last, "h3"), (&first, "h1")])
        .unwrap();
    assert!(matches!(out[0], Ok(IngestOutcome::Inserted)));
    assert!(out[1].is_err());
    assert!(matches!(out[2], Ok(IngestOutcome::Inserted)));
    assert!(matches!(out[3], Ok(IngestOutcome::Unchanged)));
    assert!(store.doc("broken").unwrap().is_none());
    assert!(store.search("river", 5).unwrap().is_empty());
    let s = store.stats().unwrap();
    assert_eq!((s.docs, s.sentences, s.events), (2, 12, 12));

    // A failing replacement keeps the old version whole, and the totals
    // follow the stored events only.
    let mut bad_first = sample_doc("first");
    bad_first.events[1].intensity = -99.0;
    let out = store.ingest_batch(&[(&bad_first, "h1-new")]).unwrap();
    assert!(out[0].is_err());
    assert_eq!(store.stats().unwrap(), s);
    assert_eq!(store.doc("first").unwrap().unwrap().content_hash, "h1");
    let t = store.timeline(&EventFilter::default()).unwrap();
    let counted: usize = t.buckets.iter().map(|b| b.total).sum::<usize>() + t.undated + t.imprecise;
    assert_eq!(counted, 12);
    fts_ok(&store);
    assert_eq!(store.search("shipped", 5).unwrap().len(), 2);
}

/// FTS5's own consistency check of the full-text index against the
/// sentences it indexes.
fn fts_ok(store: &Store) {
    store
        .connection()
        .execute_batch(
            "INSERT INTO sentence_fts (sentence_fts, rank) VALUES ('integrity-check', 1)",
        )
        .unwrap();
}

#[test]
fn the_full_text_index_follows_replacements_within_and_across_batches() {
    let dir = temp_dir("batch-fts");
    let mut store = Store::open(&dir.join("events.db")).unwrap();
    let v1 = make_doc("d", &["Negotiators drafted a maritime accord."], vec![]);
    let v2 = make_doc("d", &["Diplomats abandoned the pipeline talks."], vec![]);
    let v3 = make_doc("d", &["Ministers signed a fisheries treaty."], vec![]);
    let other = make_doc("o", &["Observers praised the maritime accord."], vec![]);
    // Stored and replaced in the same batch: v1 never reaches the index.
    let out = store
        .ingest_batch(&[(&v1, "1"), (&other, "o"), (&v2, "2")])
        .unwrap();
    assert!(matches!(out[2], Ok(IngestOutcome::Replaced)));
    fts_ok(&store);
    assert!(store.search("drafted", 5).unwrap().is_empty());
    assert_eq!(store.search("pipeline", 5).unwrap().len(), 1);
    assert_eq!(store.search("accord", 5).unwrap().len(), 1);
    // Replaced in a later batch and by a single ingest.
    store.ingest_batch(&[(&v3, "3")]).unwrap();
    fts_ok(&store);
    assert!(store.search("pipeline", 5).unwrap().is_empty());
    assert_eq!(store.search("fisheries", 5).unwrap()[0].doc, "d");
    store.ingest(&v1, "1").unwrap();
    fts_ok(&store);
    assert!(store.search("fisheries", 5).unwrap().is_empty());
    assert_eq!(store.search("drafted", 5).unwrap().len(), 1);
}

/// Search ranks every match, then returns the `limit` best with their
/// snippet, document and offsets (the ranking runs before the joins).
#[test]
fn search_returns_the_best_ranked_hits_up_to_the_limit() {
    let dir = temp_dir("search-rank");
    let mut store = Store::open(&dir.join("s.db")).unwrap();
    let docs = [
        make_doc(
            "many",
            &["Convoys and convoys and convoys crossed the river at dawn."],
            vec![],
        ),
        make_doc(
            "one",
            &["A single convoy was seen near a long and winding mountain road far away."],
            vec![],
        ),
        make_doc("none", &["Talks resumed in the capital."], vec![]),
    ];
    for (i, d) in docs.iter().enumerate() {
        store.ingest(d, &format!("h{i}")).unwrap();
    }
    let all = store.search("convoy", 10).unwrap();
    assert_eq!(all.len(), 2);
    // bm25: more occurrences in a shorter sentence rank first (lower score).
    assert_eq!(all[0].doc, "many");
    assert!(all[0].score <= all[1].score);
    assert!(all[0].snippet.contains("[Convoys]"), "{}", all[0].snippet);
    assert_eq!(all[1].text, docs[1].text.trim());
    let best = store.search("convoy", 1).unwrap();
    assert_eq!(best.len(), 1);
    assert_eq!(best[0].doc, "many");
    assert!(store.search("helicopter", 10).unwrap().is_empty());
}
