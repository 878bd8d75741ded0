mod common;

use common::*;
use dyad_store::*;
use rusqlite::Connection;

/// A version-1 database made by hand, as an older dyad left it: base
/// tables only, no full-text index, no `month` column.
fn make_v1(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(schema::BASE_V1).unwrap();
    conn.execute_batch(
        "INSERT INTO doc (id, name, content_hash, published_basis, format, body, n_sentences, \
         n_events) VALUES (1, 'old', 'h-old', 'unknown', 'text', \
         'Old envoys signed a trade pact in Minsk.', 1, 1);
         INSERT INTO sentence (id, doc_id, idx, paragraph, start_char, end_char, body) \
         VALUES (1, 1, 0, 0, 0, 40, 'Old envoys signed a trade pact in Minsk.');
         INSERT INTO event (id, doc_id, doc_name, seq, ext_id, event_type, source, target, \
         date, date_precision, date_start, date_end, status, quantities, quote, sentence, \
         start_char, end_char, trigger_text, trigger_start, trigger_end, joint, intensity, \
         rule, why) VALUES (1, 1, 'old', 0, 'old-01', 'SUPPORT', 'BLR', 'RUS', '2019-04', \
         'month', '2019-04-01', '2019-04-30', 'asserted', '[]', \
         'Old envoys signed a trade pact in Minsk.', 0, 0, 40, 'signed', 11, 17, 0, 3.5, \
         'hand', '[]');
         PRAGMA user_version = 1;",
    )
    .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA application_id = {};",
        schema::APPLICATION_ID
    ))
    .unwrap();
}

#[test]
fn an_older_database_is_migrated() {
    let dir = temp_dir("migrate");
    let path = dir.join("old.db");
    make_v1(&path);
    // Read-only access refuses to work on the old schema, clearly.
    match Store::open_read_only(&path) {
        Err(StoreError::SchemaTooOld { found: 1, .. }) => {}
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("read-only open accepted an old schema"),
    }
    let mut store = Store::open(&path).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.schema_version, schema::LATEST);
    assert_eq!((stats.docs, stats.sentences, stats.events), (1, 1, 1));
    // The full-text index was built from the sentences already there.
    let hits = store.search("signing", 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc, "old");
    // The month column was filled for the old event.
    let t = store.timeline(&EventFilter::default()).unwrap();
    assert_eq!(t.buckets.len(), 1);
    assert_eq!(t.buckets[0].month, "2019-04");
    // The old store has no clusters yet (v6): counts are of mentions until
    // the first recluster, which clusters the old event too.
    assert!(!store.cluster_state().unwrap().current);
    assert!(!t.clustered);
    let made = store.recluster().unwrap();
    assert_eq!((made.mentions, made.clusters), (1, 1));
    let cs = store.clusters(&EventFilter::default()).unwrap();
    assert_eq!(cs[0].cluster.docs, ["old"]);
    assert_eq!(cs[0].cluster.date_start.as_deref(), Some("2019-04-01"));
    let t = store.timeline(&EventFilter::default()).unwrap();
    assert!(t.clustered);
    assert_eq!(t.buckets[0].month, "2019-04");
    assert_eq!(t.buckets[0].total, 1);
    // The migrated store takes new documents, with fresh ids.
    let doc = sample_doc("new");
    store.ingest(&doc, "h-new").unwrap();
    assert_eq!(store.stats().unwrap().events, 7);
    assert_eq!(store.search("shipped", 5).unwrap().len(), 1);
    drop(store);
    // Opening again is a no-op.
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.stats().unwrap().docs, 2);
}

#[test]
fn a_newer_database_is_refused() {
    let dir = temp_dir("newer");
    let path = dir.join("new.db");
    {
        let store = Store::open(&path).unwrap();
        drop(store);
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    for result in [Store::open(&path), Store::open_read_only(&path)] {
        match result {
            Err(e @ StoreError::SchemaTooNew { found: 99, .. }) => {
                assert!(e.to_string().contains("newer"), "{e}");
            }
            Err(e) => panic!("wrong error: {e}"),
            Ok(_) => panic!("opened a newer schema"),
        }
    }
}

#[test]
fn a_foreign_database_is_not_touched() {
    let dir = temp_dir("foreign");
    let path = dir.join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT);")
            .unwrap();
    }
    assert!(matches!(Store::open(&path), Err(StoreError::NotDyad(_))));
    let conn = Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn migrations_reach_the_latest_version_from_scratch() {
    let dir = temp_dir("fresh");
    let path = dir.join("fresh.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, schema::LATEST);
    let mode: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}
