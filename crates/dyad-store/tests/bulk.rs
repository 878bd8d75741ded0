//! Bulk loads: the event indexes are dropped for the load and built once at
//! its end; what a reader sees does not depend on it.

mod common;

use common::*;
use dyad_doc::EventType;
use dyad_store::*;
use std::collections::BTreeSet;

/// The names of the indexes on `event` that SQLite has, less the ones it
/// makes itself for constraints.
fn event_indexes(path: &std::path::Path) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event' \
             AND name NOT LIKE 'sqlite_autoindex%'",
        )
        .unwrap();
    let names = stmt.query_map([], |r| r.get(0)).unwrap();
    names.collect::<Result<_, _>>().unwrap()
}

fn listed() -> BTreeSet<String> {
    schema::EVENT_INDEXES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect()
}

#[test]
fn the_listed_cluster_indexes_are_those_of_a_fresh_store() {
    let dir = temp_dir("bulk-cluster-list");
    let path = dir.join("fresh.db");
    let mut store = Store::open(&path).unwrap();
    store.ingest(&sample_doc("a"), "h-a").unwrap();
    store.recluster().unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN \
             ('event_cluster', 'cluster_member', 'cluster_link', 'cluster_view', 'agg_cluster_month', \
             'agg_cluster_edge', 'agg_cluster_actor_month') \
             AND name NOT LIKE 'sqlite_autoindex%'",
        )
        .unwrap();
    let names: BTreeSet<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let listed: BTreeSet<String> = schema::CLUSTER_INDEXES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(names, listed);
}

#[test]
fn the_listed_indexes_are_those_of_a_fresh_store() {
    let dir = temp_dir("bulk-list");
    let path = dir.join("fresh.db");
    drop(Store::open(&path).unwrap());
    assert_eq!(event_indexes(&path), listed());
}

/// The documents of the loads below: three, then "b" changed.
fn docs() -> Vec<dyad_doc::Doc> {
    let mut docs: Vec<_> = ["a", "b", "c"].iter().map(|n| sample_doc(n)).collect();
    docs.push(make_doc(
        "b",
        &["Envoys of Pyongyang met once more in the northern port."],
        vec![Ev::new(0, EventType::Consult, "RUS", "PRK").trigger("met")],
    ));
    docs
}

/// Stores `docs` one batch each, with the content hash "h-" + index.
fn load(store: &mut Store, docs: &[dyad_doc::Doc], from: usize) {
    for (i, d) in docs.iter().enumerate().skip(from) {
        let hash = format!("h-{i}");
        let out = store.ingest_batch(&[(d, hash.as_str())]).unwrap();
        assert!(out.iter().all(|o| o.is_ok()), "{out:?}");
    }
}

/// Everything the totals, the full-text index and the indexes serve.
fn assert_same(a: &Store, b: &Store) {
    let all = EventFilter::default();
    let pair = EventFilter {
        dyad: Some(("RUS".into(), "PRK".into())),
        ..Default::default()
    };
    assert_eq!(a.stats().unwrap(), b.stats().unwrap());
    assert_eq!(a.events(&all).unwrap(), b.events(&all).unwrap());
    assert_eq!(a.events(&pair).unwrap(), b.events(&pair).unwrap());
    assert_eq!(a.timeline(&all).unwrap(), b.timeline(&all).unwrap());
    assert_eq!(a.network(&all).unwrap(), b.network(&all).unwrap());
    for word in ["Pyongyang", "drills", "envoys", "sanctions"] {
        assert_eq!(
            a.search(word, 50).unwrap(),
            b.search(word, 50).unwrap(),
            "{word}"
        );
    }
}

/// A store loaded the ordinary way.
fn plain(dir: &TempDir) -> Store {
    let mut store = Store::open(&dir.join("plain.db")).unwrap();
    load(&mut store, &docs(), 0);
    store
}

#[test]
fn a_bulk_load_stores_what_an_ordinary_one_stores() {
    let dir = temp_dir("bulk-same");
    let bulk_path = dir.join("bulk.db");
    let mut bulk = Store::open(&bulk_path).unwrap();
    let docs = docs();
    bulk.begin_bulk_load().unwrap();
    assert!(event_indexes(&bulk_path).is_empty());
    load(&mut bulk, &docs[..2], 0);
    // Queries are answered during the load, without the indexes; search
    // follows each batch, the totals show the store as it was before it.
    let pair = EventFilter {
        dyad: Some(("RUS".into(), "PRK".into())),
        ..Default::default()
    };
    assert!(!bulk.events(&pair).unwrap().is_empty());
    assert!(!bulk.search("Pyongyang", 10).unwrap().is_empty());
    let t = bulk.timeline(&EventFilter::default()).unwrap();
    let counted: usize = t.buckets.iter().map(|b| b.total).sum::<usize>() + t.undated + t.imprecise;
    assert_eq!(counted, 0);
    // The rest, with "b" replaced inside the load.
    load(&mut bulk, &docs, 2);
    bulk.end_bulk_load().unwrap();
    assert_eq!(event_indexes(&bulk_path), listed());
    assert!(!bulk.search("Pyongyang", 10).unwrap().is_empty());
    assert_same(&plain(&dir), &bulk);
    // Ending twice, or without a load, changes nothing.
    bulk.end_bulk_load().unwrap();
    assert_same(&plain(&temp_dir("bulk-same-2")), &bulk);
}

#[test]
fn an_interrupted_bulk_load_is_completed_on_open() {
    let dir = temp_dir("bulk-cut");
    let path = dir.join("cut.db");
    let mut store = Store::open(&path).unwrap();
    store.begin_bulk_load().unwrap();
    load(&mut store, &docs(), 0);
    // Dropped without end_bulk_load, as after a crash.
    drop(store);
    assert!(event_indexes(&path).is_empty());
    let store = Store::open(&path).unwrap();
    assert_eq!(event_indexes(&path), listed());
    assert_same(&plain(&dir), &store);
}

#[test]
fn a_second_writer_completes_a_running_bulk_load() {
    let dir = temp_dir("bulk-two");
    let path = dir.join("two.db");
    let docs = docs();
    let mut first = Store::open(&path).unwrap();
    first.begin_bulk_load().unwrap();
    load(&mut first, &docs[..2], 0);
    // A second writer opens the store mid-load: it rebuilds what the load
    // left out of date, and the first goes on as an ordinary load.
    let second = Store::open(&path).unwrap();
    assert_eq!(event_indexes(&path), listed());
    assert!(!second.search("Pyongyang", 10).unwrap().is_empty());
    load(&mut first, &docs, 2);
    first.end_bulk_load().unwrap();
    assert_same(&plain(&dir), &first);
    assert_same(&first, &second);
}

#[test]
fn only_a_load_larger_than_the_store_is_bulk() {
    let dir = temp_dir("bulk-pays");
    let mut store = Store::open(&dir.join("pays.db")).unwrap();
    assert!(!store.bulk_load_pays(BULK_LOAD_MIN_DOCS - 1).unwrap());
    assert!(store.bulk_load_pays(BULK_LOAD_MIN_DOCS).unwrap());
    let docs: Vec<_> = (0..BULK_LOAD_MIN_DOCS)
        .map(|i| make_doc(&format!("d{i}"), &["Envoys met."], Vec::new()))
        .collect();
    let batch: Vec<(&dyad_doc::Doc, &str)> = docs.iter().map(|d| (d, d.name.as_str())).collect();
    store.ingest_batch(&batch).unwrap();
    // As many as are stored (a re-ingest of the same corpus) is no bulk
    // load; one more is.
    assert!(!store.bulk_load_pays(BULK_LOAD_MIN_DOCS).unwrap());
    assert!(store.bulk_load_pays(BULK_LOAD_MIN_DOCS + 1).unwrap());
}
