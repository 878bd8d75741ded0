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

/// The sample document with every optional field of the layers set, and
/// quantity values whose shortest decimal form has 17 digits.
fn rich_doc(name: &str) -> dyad_doc::Doc {
    let mut d = sample_doc(name);
    d.actors[0].group = vec!["RUS".into(), "PRK".into()];
    d.actors[0].sector = Some("GOV".into());
    d.times[0].since = true;
    d.times[0].relative = true;
    d.quantities[0].quantity.value = 0.1 + 0.2;
    d.quantities[0].upper = Some(dyad_doc::Quantity {
        value: 1.2e6 * 3.3,
        unit: "artillery shells".into(),
    });
    d
}

/// A version-8 store (mentions as rows) migrates to the compact layers of
/// version 9 with nothing lost: the document view reads back exactly what
/// a fresh store gives, and the views keep the old tables' rows.
#[test]
fn mention_rows_of_version_8_become_layers() {
    let dir = temp_dir("v8layers");
    let fresh_path = dir.join("fresh.db");
    let old_path = dir.join("v8.db");
    let mut fresh = Store::open(&fresh_path).unwrap();
    for name in ["alpha", "beta"] {
        fresh.ingest(&rich_doc(name), name).unwrap();
    }
    // Events stored before v14 have no date basis.
    let expected: Vec<_> = ["alpha", "beta"]
        .iter()
        .map(|n| {
            let mut d = fresh.doc(n).unwrap().unwrap();
            for e in &mut d.events {
                e.record.date_basis = None;
            }
            d
        })
        .collect();
    assert_eq!(expected[0].quantities[0].quantity.value, 0.1 + 0.2);
    assert_eq!(expected[0].actors[0].group, ["RUS", "PRK"]);
    drop(fresh);
    {
        // The v8 schema, filled from the fresh store's views as dyad ≤ v8
        // stored rows.
        let conn = Connection::open(&old_path).unwrap();
        for sql in &schema::MIGRATIONS[..8] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(&format!(
            "PRAGMA user_version = 8; PRAGMA application_id = {};",
            schema::APPLICATION_ID
        ))
        .unwrap();
        conn.execute("ATTACH ?1 AS f", [fresh_path.to_str().unwrap()])
            .unwrap();
        conn.execute_batch(
            "INSERT INTO doc SELECT id, name, content_hash, path, title, author, published, \
               published_precision, published_basis, site_name, url, format, body, \
               n_sentences, n_events FROM f.doc;
             INSERT INTO sentence SELECT * FROM f.sentence;
             INSERT INTO paragraph SELECT * FROM f.paragraph ORDER BY doc_id, idx DESC;
             INSERT INTO actor_mention SELECT * FROM f.actor_mention ORDER BY doc_id, idx DESC;
             INSERT INTO time_mention (doc_id, idx, sentence, start_char, end_char, value, \
               value_precision, relative, open_since, rule) \
               SELECT * FROM f.time_mention ORDER BY doc_id, idx DESC;
             INSERT INTO quantity_mention SELECT * FROM f.quantity_mention ORDER BY doc_id, idx DESC;
             INSERT INTO event (id, doc_id, doc_name, seq, ext_id, event_type, mode, source, \
               source_sector, target, target_sector, date, date_precision, date_start, \
               date_end, status, attributed_to, quantities, location, quote, sentence, \
               start_char, end_char, trigger_text, trigger_start, trigger_end, joint, \
               intensity, rule, month, why) \
               SELECT e.id, e.doc_id, e.doc_name, e.seq, e.ext_id, e.event_type, e.mode, \
               e.source, e.source_sector, e.target, e.target_sector, e.date, \
               e.date_precision, e.date_start, e.date_end, e.status, e.attributed_to, \
               e.quantities, e.location, e.quote, e.sentence, e.start_char, e.end_char, \
               e.trigger_text, e.trigger_start, e.trigger_end, e.joint, e.intensity, e.rule, \
               e.month, (SELECT json_group_array(json_extract(d.layers, '$.s[' || r.value || ']')) \
               FROM json_each(d.layers, '$.w[' || e.seq || ']') r) \
               FROM f.event e JOIN f.doc d ON d.id = e.doc_id ORDER BY e.id DESC;
             DETACH f;",
        )
        .unwrap();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM actor_mention", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 4);
    }
    let store = Store::open(&old_path).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, schema::LATEST);
    for want in &expected {
        let got = store.doc(&want.record.doc).unwrap().unwrap();
        assert_eq!(&got, want);
    }
    // The views give the rows back in the old columns.
    let (code, members, value): (String, String, f64) = store
        .connection()
        .query_row(
            "SELECT a.code, a.member_codes, q.value FROM actor_mention a \
             JOIN quantity_mention q ON q.doc_id = a.doc_id AND q.idx = 0 \
             JOIN doc d ON d.id = a.doc_id WHERE d.name = 'alpha' AND a.idx = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (code.as_str(), members.as_str(), value),
        ("RUS", r#"["RUS","PRK"]"#, 0.1 + 0.2)
    );
}

#[test]
fn clusters_of_version_11_survive_and_the_next_recluster_is_full() {
    let dir = temp_dir("v11clusters");
    let fresh_path = dir.join("fresh.db");
    let old_path = dir.join("v11.db");
    let mut fresh = Store::open(&fresh_path).unwrap();
    for name in ["alpha", "beta"] {
        fresh.ingest(&sample_doc(name), name).unwrap();
    }
    fresh.recluster().unwrap();
    let expected = fresh.clusters(&EventFilter::default()).unwrap();
    assert!(expected.len() > 3);
    drop(fresh);
    {
        // The v11 schema, with the fresh store's rows; clusters carry the
        // rank `seq` that v11 ordered them by.
        let conn = Connection::open(&old_path).unwrap();
        for sql in &schema::MIGRATIONS[..11] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(&format!(
            "PRAGMA user_version = 11; PRAGMA application_id = {};",
            schema::APPLICATION_ID
        ))
        .unwrap();
        conn.execute("ATTACH ?1 AS f", [fresh_path.to_str().unwrap()])
            .unwrap();
        conn.execute_batch(
            "ALTER TABLE f.event DROP COLUMN date_basis;
             INSERT INTO doc SELECT * FROM f.doc;
             INSERT INTO sentence SELECT * FROM f.sentence;
             INSERT INTO event SELECT * FROM f.event;
             INSERT INTO event_cluster (id, seq, block, event_type, source, target, joint, \
               date, date_precision, date_start, date_end, month, intensity, corroboration, \
               n_mentions, denied_only, statuses, ambiguous_with, body) \
               SELECT id, ROW_NUMBER() OVER (ORDER BY sort_key) - 1, block, event_type, \
               source, target, joint, date, date_precision, date_start, date_end, month, \
               intensity, corroboration, n_mentions, denied_only, statuses, ambiguous_with, \
               'a JSON copy of the cluster (v11), dropped by v12' FROM f.event_cluster;
             INSERT INTO cluster_member SELECT * FROM f.cluster_member;
             INSERT INTO cluster_link SELECT * FROM f.cluster_link;
             INSERT INTO agg_cluster_month SELECT * FROM f.agg_cluster_month;
             UPDATE cluster_state SET current = TRUE, n_mentions = 12, n_clusters = \
               (SELECT COUNT(*) FROM f.event_cluster);
             DETACH f;",
        )
        .unwrap();
    }
    let mut store = Store::open(&old_path).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, schema::LATEST);
    // Listed in the same order as before the migration, and still current.
    assert_eq!(store.clusters(&EventFilter::default()).unwrap(), expected);
    assert!(store.cluster_state().unwrap().current);
    // v11 kept no linking summaries: the next recluster recomputes all.
    let made = store.recluster().unwrap();
    assert!(made.full);
    assert_eq!(store.clusters(&EventFilter::default()).unwrap(), expected);
    // From now on only what changes is recomputed.
    let other = make_doc(
        "gamma",
        &["Seoul and Tokyo held talks on 2 May 2024."],
        vec![Ev::new(0, dyad_doc::EventType::Consult, "KOR", "JPN")
            .date("2024-05-02")
            .trigger("held talks")],
    );
    store.ingest(&other, "gamma").unwrap();
    let made = store.recluster().unwrap();
    assert!(!made.full);
    assert_eq!((made.groups, made.clusters), (1, expected.len() + 1));
}

#[test]
fn a_store_of_version_13_reads_read_only_and_migrates_to_the_date_basis() {
    let dir = temp_dir("migrate-v14");
    let path = dir.join("v13.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.ingest(&sample_doc("alpha"), "h").unwrap();
    }
    // Make it a version-13 store, as an older dyad left it.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("ALTER TABLE event DROP COLUMN date_basis; PRAGMA user_version = 13;")
            .unwrap();
    }
    // Read-only: no migration, every event read with the basis absent and
    // the reported date joined from its document.
    {
        let store = Store::open_read_only(&path).unwrap();
        let evs = store.events(&EventFilter::default()).unwrap();
        assert_eq!(evs.len(), 6);
        assert!(evs.iter().all(|e| e.date_basis.is_none()));
        assert!(evs
            .iter()
            .all(|e| e.reported.as_deref() == Some("2024-07-01")));
        let t = store.reported_timeline(&EventFilter::default()).unwrap();
        assert_eq!(t.buckets[0].total, 6);
    }
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 13, "a read-only open changed nothing");
    drop(conn);
    // A writer migrates it: old events keep a NULL basis, new ones get theirs.
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.stats().unwrap().schema_version, schema::LATEST);
    store.ingest(&sample_doc("beta"), "h2").unwrap();
    let evs = store.events(&EventFilter::default()).unwrap();
    assert_eq!(evs.len(), 12);
    let (old, new): (Vec<_>, Vec<_>) = evs.iter().partition(|e| e.doc == "alpha");
    assert!(old.iter().all(|e| e.date_basis.is_none()));
    assert!(new
        .iter()
        .all(|e| e.date_basis == Some(dyad_doc::DateBasis::None)));
}
