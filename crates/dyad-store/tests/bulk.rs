//! Bulk loads: the event indexes are dropped for the load and built once at
//! its end; what a reader sees does not depend on it.

mod common;

use common::*;
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
fn the_listed_indexes_are_those_of_a_fresh_store() {
    let dir = temp_dir("bulk-list");
    let path = dir.join("fresh.db");
    drop(Store::open(&path).unwrap());
    assert_eq!(event_indexes(&path), listed());
}

#[test]
fn a_bulk_load_stores_what_an_ordinary_one_stores() {
    let dir = temp_dir("bulk-same");
    let (plain_path, bulk_path) = (dir.join("plain.db"), dir.join("bulk.db"));
    let mut plain = Store::open(&plain_path).unwrap();
    let mut bulk = Store::open(&bulk_path).unwrap();
    let docs: Vec<_> = ["a", "b", "c"].iter().map(|n| sample_doc(n)).collect();
    let batch: Vec<(&dyad_doc::Doc, &str)> = docs.iter().map(|d| (d, d.name.as_str())).collect();

    plain.ingest_batch(&batch).unwrap();
    bulk.begin_bulk_load().unwrap();
    assert!(event_indexes(&bulk_path).is_empty());
    bulk.ingest_batch(&batch[..2]).unwrap();
    // Queries are answered during the load, without the indexes.
    let pair = EventFilter {
        dyad: Some(("RUS".into(), "PRK".into())),
        ..Default::default()
    };
    assert!(!bulk.events(&pair).unwrap().is_empty());
    bulk.ingest_batch(&batch[2..]).unwrap();
    assert_eq!(bulk.end_bulk_load().unwrap(), listed().len());
    assert_eq!(event_indexes(&bulk_path), listed());
    assert_eq!(bulk.end_bulk_load().unwrap(), 0);

    let all = EventFilter::default();
    assert_eq!(plain.stats().unwrap(), bulk.stats().unwrap());
    assert_eq!(plain.events(&all).unwrap(), bulk.events(&all).unwrap());
    assert_eq!(plain.events(&pair).unwrap(), bulk.events(&pair).unwrap());
    assert_eq!(plain.timeline(&all).unwrap(), bulk.timeline(&all).unwrap());
    assert_eq!(plain.network(&all).unwrap(), bulk.network(&all).unwrap());
}

#[test]
fn an_interrupted_bulk_load_gets_its_indexes_back_on_open() {
    let dir = temp_dir("bulk-cut");
    let path = dir.join("cut.db");
    let mut store = Store::open(&path).unwrap();
    store.begin_bulk_load().unwrap();
    let doc = sample_doc("a");
    store.ingest(&doc, "h-a").unwrap();
    // Dropped without end_bulk_load, as after a crash.
    drop(store);
    assert!(event_indexes(&path).is_empty());
    let store = Store::open(&path).unwrap();
    assert_eq!(event_indexes(&path), listed());
    assert_eq!(store.stats().unwrap().events, doc.events.len());
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
