mod common;

use common::*;
use dyad_doc::{EventType, Status};
use dyad_store::*;

fn open_with_sample(tag: &str) -> (Store, TempDir) {
    let dir = temp_dir(tag);
    let path = dir.join("events.db");
    let mut store = Store::open(&path).unwrap();
    let doc = sample_doc("alpha");
    assert_eq!(
        store
            .ingest(&doc, &content_hash(doc.text.as_bytes()))
            .unwrap(),
        IngestOutcome::Inserted
    );
    (store, dir)
}

fn count(store: &Store, f: EventFilter) -> usize {
    let n = store.count_events(&f).unwrap();
    assert_eq!(
        store.events(&f).unwrap().len(),
        n,
        "count vs list for {f:?}"
    );
    n
}

#[test]
fn ingest_is_idempotent_and_replaces_changed_docs() {
    let (mut store, _dir) = open_with_sample("idem");
    let before = store.stats().unwrap();
    assert_eq!((before.docs, before.sentences, before.events), (1, 6, 6));

    let doc = sample_doc("alpha");
    let hash = content_hash(doc.text.as_bytes());
    assert_eq!(store.ingest(&doc, &hash).unwrap(), IngestOutcome::Unchanged);
    assert_eq!(store.stats().unwrap(), before);

    // A new version of the document with only its first event.
    let mut changed = make_doc(
        "alpha",
        &["Kim Jong Un received the Russian delegation in his capital."],
        vec![Ev::new(0, EventType::Consult, "RUS", "PRK").trigger("received")],
    );
    changed.path = Some("alpha.txt".into());
    let outcome = store
        .ingest(&changed, &content_hash(changed.text.as_bytes()))
        .unwrap();
    assert_eq!(outcome, IngestOutcome::Replaced);
    let after = store.stats().unwrap();
    assert_eq!((after.docs, after.sentences, after.events), (1, 1, 1));
    let events = store.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].trigger, "received");
    assert!(
        store.search("shipped", 10).unwrap().is_empty(),
        "old sentences left in FTS"
    );
    assert_eq!(store.search("delegation", 10).unwrap().len(), 1);

    // A second document is a separate identity.
    let other = sample_doc("beta");
    assert_eq!(
        store.ingest(&other, &content_hash(b"beta")).unwrap(),
        IngestOutcome::Inserted
    );
    assert_eq!(store.stats().unwrap().events, 7);
    let docs = store.docs(&DocFilter::default()).unwrap();
    assert_eq!(
        docs.iter().map(|d| d.doc.as_str()).collect::<Vec<_>>(),
        ["alpha", "beta"]
    );
    assert_eq!(docs[1].events, 6);
    let one = store
        .docs(&DocFilter {
            doc: Some("beta".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].title.as_deref(), Some("Report beta"));
}

#[test]
fn every_event_filter_works() {
    let (mut store, _dir) = open_with_sample("filters");
    let other = make_doc(
        "gamma",
        &["China urged restraint on the peninsula."],
        vec![Ev::new(0, EventType::Request, "CHN", "PRK")
            .trigger("urged")
            .date("2024-06")],
    );
    store.ingest(&other, "h-gamma").unwrap();
    let all = count(&store, EventFilter::default());
    assert_eq!(all, 7);

    let f = |build: fn(&mut EventFilter)| {
        let mut f = EventFilter::default();
        build(&mut f);
        f
    };
    assert_eq!(count(&store, f(|f| f.actor = Some("USA".into()))), 2);
    assert_eq!(count(&store, f(|f| f.actor = Some("PRK".into()))), 7);
    assert_eq!(count(&store, f(|f| f.actor = Some("CHN".into()))), 1);
    // Dyads in both directions: RUS→PRK 3 (consult, cooperate, support), PRK→RUS 1.
    assert_eq!(
        count(&store, f(|f| f.dyad = Some(("RUS".into(), "PRK".into())))),
        4
    );
    assert_eq!(
        count(&store, f(|f| f.dyad = Some(("PRK".into(), "RUS".into())))),
        4
    );
    assert_eq!(
        count(&store, f(|f| f.dyad = Some(("USA".into(), "RUS".into())))),
        0
    );
    assert_eq!(count(&store, f(|f| f.event_type = Some(EventType::Aid))), 1);
    assert_eq!(count(&store, f(|f| f.status = Some(Status::Reported))), 1);
    assert_eq!(count(&store, f(|f| f.status = Some(Status::Planned))), 1);
    // Dates: events sit at the first day of their period.
    let since = |s: &str| EventFilter {
        since: Some(s.parse().unwrap()),
        ..Default::default()
    };
    let until = |s: &str| EventFilter {
        until: Some(s.parse().unwrap()),
        ..Default::default()
    };
    // 2024-03-05, 2024-06-30, 2024-06 (gamma), summer 2024 (starts 2024-06-01).
    assert_eq!(count(&store, since("2024")), 4);
    assert_eq!(count(&store, since("2024-03-06")), 3);
    assert_eq!(count(&store, since("2024-07")), 0);
    assert_eq!(count(&store, until("2023")), 1);
    // until 2024-06 includes 2024-06-30.
    assert_eq!(count(&store, until("2024-06")), 5);
    assert_eq!(count(&store, until("2024-06-29")), 4);
    assert_eq!(count(&store, until("2024-05")), 2);
    let window = EventFilter {
        since: Some("2024-06".parse().unwrap()),
        until: Some("2024-06".parse().unwrap()),
        ..Default::default()
    };
    assert_eq!(count(&store, window), 3);
    assert_eq!(count(&store, f(|f| f.doc = Some("gamma".into()))), 1);
    assert_eq!(count(&store, f(|f| f.doc = Some("nope".into()))), 0);
    assert_eq!(count(&store, f(|f| f.text = Some("NAVIES".into()))), 1);
    assert_eq!(count(&store, f(|f| f.text = Some("%".into()))), 0);
    assert_eq!(
        count(
            &store,
            f(|f| f.text = Some("'; DROP TABLE event; --".into()))
        ),
        0
    );
    // Combined filters narrow.
    let combined = EventFilter {
        actor: Some("USA".into()),
        event_type: Some(EventType::Accuse),
        ..Default::default()
    };
    assert_eq!(count(&store, combined), 1);
    // Paging.
    let page = store
        .events(&EventFilter {
            limit: Some(2),
            offset: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        page.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["alpha-02", "alpha-03"]
    );
    assert_eq!(
        store.stats().unwrap().events,
        7,
        "injection attempt had no effect"
    );
}

#[test]
fn events_round_trip_their_records() {
    let (store, _dir) = open_with_sample("records");
    let doc = sample_doc("alpha");
    let stored = store.events(&EventFilter::default()).unwrap();
    assert_eq!(stored, doc.event_records());
}

#[test]
fn search_stems_and_marks_snippets() {
    let (store, _dir) = open_with_sample("search");
    let hits = store.search("shipping", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h.doc, "alpha");
    assert_eq!(h.sentence, 1);
    assert!(h.snippet.contains("[shipped]"), "{}", h.snippet);
    let doc = sample_doc("alpha");
    let chars: Vec<char> = doc.text.chars().collect();
    assert_eq!(chars[h.start..h.end].iter().collect::<String>(), h.text);
    // Character offsets past non-ASCII text.
    let hits = store.search("\"strategic partnership\"", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        chars[hits[0].start..hits[0].end].iter().collect::<String>(),
        SENTENCES[5]
    );
    // Prefix and OR.
    assert_eq!(store.search("sanct*", 10).unwrap().len(), 1);
    assert_eq!(store.search("drills OR condemned", 10).unwrap().len(), 2);
    assert_eq!(store.search("drills condemned", 10).unwrap().len(), 0);
}

#[test]
fn malformed_search_never_panics() {
    let (store, _dir) = open_with_sample("badsearch");
    for q in [
        "\"unbalanced",
        "AND OR",
        "*",
        "NEAR(",
        "col:x",
        ")(",
        "\"",
        "a\"b\"c",
        "NOT",
        "^shipped",
        "body:shipped",
        "-",
        "",
        "   ",
        "ünïcödé*",
        "OR OR OR shipped",
    ] {
        match store.search(q, 5) {
            Ok(_) => {}
            Err(StoreError::BadQuery { .. }) => {}
            Err(e) => panic!("{q:?}: unexpected error {e}"),
        }
    }
    assert!(store.search("AND OR", 5).unwrap().is_empty());
    assert!(store.search("*", 5).unwrap().is_empty());
    assert_eq!(store.search("\"unbalanced shipped", 5).unwrap().len(), 0);
    assert_eq!(store.search("OR OR OR shipped", 5).unwrap().len(), 1);
}

#[test]
fn timeline_buckets_months_and_counts_the_rest() {
    let (store, _dir) = open_with_sample("timeline");
    let t = store.timeline(&EventFilter::default()).unwrap();
    let months: Vec<&str> = t.buckets.iter().map(|b| b.month.as_str()).collect();
    assert_eq!(months, ["2024-03", "2024-06"]);
    assert_eq!(t.buckets[0].by_type.get("CONSULT"), Some(&1));
    assert_eq!(t.buckets[1].by_type.get("AID"), Some(&1));
    assert_eq!(t.buckets[1].total, 1);
    let aid = f64::from(EventType::Aid.default_intensity());
    assert!((t.buckets[1].mean_intensity - aid).abs() < 1e-6);
    assert_eq!(t.undated, 2, "accuse + threaten");
    assert_eq!(t.imprecise, 2, "year 2023 + summer 2024");
    // Filtered.
    let t = store
        .timeline(&EventFilter {
            actor: Some("USA".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(t.buckets.is_empty());
    assert_eq!(t.undated, 2);
}

#[test]
fn network_counts_nodes_and_edges() {
    let (store, _dir) = open_with_sample("network");
    let n = store.network(&EventFilter::default()).unwrap();
    let edge = |s: &str, t: &str| {
        n.edges
            .iter()
            .find(|e| e.source == s && e.target == t)
            .cloned()
    };
    let rp = edge("RUS", "PRK").unwrap();
    assert_eq!(rp.count, 3);
    let expected = (EventType::Consult.default_intensity()
        + EventType::Cooperate.default_intensity()
        + EventType::Support.default_intensity()) as f64
        / 3.0;
    assert!((rp.mean_intensity - expected).abs() < 1e-5);
    assert_eq!(edge("USA", "PRK").unwrap().count, 2);
    assert_eq!(edge("PRK", "RUS").unwrap().count, 1);
    assert_eq!(n.edges.len(), 3);
    let node = |c: &str| n.nodes.iter().find(|x| x.code == c).map(|x| x.events);
    assert_eq!(node("PRK"), Some(6));
    assert_eq!(node("RUS"), Some(4));
    assert_eq!(node("USA"), Some(2));
    let only_usa = store
        .network(&EventFilter {
            actor: Some("USA".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(only_usa.edges.len(), 1);
    assert_eq!(only_usa.nodes.len(), 2);
}

#[test]
fn document_view_has_every_layer_in_char_offsets() {
    let (store, _dir) = open_with_sample("docview");
    assert!(store.doc("missing").unwrap().is_none());
    let d = store.doc("alpha").unwrap().unwrap();
    let src = sample_doc("alpha");
    assert_eq!(d.text, src.text);
    assert_eq!(d.record, src.doc_record());
    let chars: Vec<char> = d.text.chars().collect();
    let cut = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    assert_eq!(d.paragraphs.len(), 6);
    assert_eq!(d.sentences.len(), 6);
    assert_eq!(cut(d.sentences[5].start, d.sentences[5].end), SENTENCES[5]);
    assert_eq!(d.actors.len(), 2);
    assert_eq!(cut(d.actors[1].start, d.actors[1].end), "Pyongyang");
    assert_eq!(d.actors[1].kind, "metonym");
    assert_eq!(d.times[0].value.as_deref(), Some("2024-03-05"));
    assert_eq!(cut(d.times[0].start, d.times[0].end), "5 March 2024");
    assert_eq!(
        cut(d.quantities[0].start, d.quantities[0].end),
        "artillery shells"
    );
    assert_eq!(d.quantities[0].quantity.value, 1e6);
    assert_eq!(d.events.len(), 6);
    let praise = &d.events[5];
    assert_eq!(cut(praise.trigger_start, praise.trigger_end), "praised");
    assert_eq!(praise.why, vec!["trigger 'praised'".to_string()]);
    assert_eq!(cut(praise.record.start, praise.record.end), SENTENCES[5]);
}

#[test]
fn a_failing_ingest_leaves_no_rows() {
    let (mut store, _dir) = open_with_sample("atomic");
    let before = store.stats().unwrap();
    // The third event breaks the intensity CHECK after the document,
    // its sentences and two events were written.
    let bad = make_doc(
        "broken",
        &["Envoys met in Vladivostok.", "A bad record follows here."],
        vec![
            Ev::new(0, EventType::Consult, "RUS", "PRK").trigger("met"),
            Ev::new(0, EventType::Consult, "PRK", "RUS").trigger("met"),
            Ev::new(1, EventType::Assault, "RUS", "UKR").intensity(42.0),
        ],
    );
    assert!(store.ingest(&bad, "h-broken").is_err());
    assert_eq!(store.stats().unwrap(), before);
    assert!(store.doc("broken").unwrap().is_none());
    assert!(store.search("Vladivostok", 5).unwrap().is_empty());

    // A failing replacement keeps the old version whole.
    let mut bad_alpha = sample_doc("alpha");
    bad_alpha.events[2].intensity = -99.0;
    assert!(store.ingest(&bad_alpha, "another-hash").is_err());
    assert_eq!(store.stats().unwrap(), before);
    assert_eq!(store.search("shipped", 5).unwrap().len(), 1);
    // And the store still works afterwards.
    let ok = make_doc("fine", &["Envoys met again."], vec![]);
    assert_eq!(store.ingest(&ok, "h").unwrap(), IngestOutcome::Inserted);
}

#[test]
fn two_connections_ingest_concurrently() {
    let dir = temp_dir("concurrent");
    let path = dir.join("events.db");
    // Both threads also race to create and migrate the file.
    let handles: Vec<_> = (0..2)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for i in 0..15 {
                    let doc = sample_doc(&format!("t{t}-{i}"));
                    let out = store.ingest(&doc, &format!("h{t}{i}")).unwrap();
                    assert_eq!(out, IngestOutcome::Inserted);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let store = Store::open_read_only(&path).unwrap();
    let s = store.stats().unwrap();
    assert_eq!((s.docs, s.sentences, s.events), (30, 180, 180));
    assert_eq!(store.search("shipped", 100).unwrap().len(), 30);
}

#[test]
fn read_only_open_reports_missing_files() {
    let dir = temp_dir("ro");
    let missing = dir.join("none.db");
    match Store::open_read_only(&missing) {
        Err(StoreError::NotFound(p)) => assert_eq!(p, missing),
        Err(e) => panic!("wrong error {e}"),
        Ok(_) => panic!("opened a missing file"),
    }
    assert!(!missing.exists(), "read-only open must not create the file");
}

#[test]
fn running_totals_agree_with_the_events() {
    let (mut store, _dir) = open_with_sample("totals");
    store.ingest(&sample_doc("beta"), "h-beta").unwrap();
    // Replace one document and fail another ingest: totals must follow.
    let changed = make_doc(
        "alpha",
        &["Russian and North Korean envoys met in Vladivostok in May 2024."],
        vec![Ev::new(0, EventType::Consult, "RUS", "PRK")
            .trigger("met")
            .date("2024-05")],
    );
    store.ingest(&changed, "h-alpha-2").unwrap();
    // An event whose source and target are the same counts once per actor.
    let own = make_doc(
        "own",
        &["Russia moved reserve units to its western border in 2024."],
        vec![Ev::new(0, EventType::Mobilize, "RUS", "RUS")
            .trigger("moved")
            .date("2024-04-02")],
    );
    store.ingest(&own, "h-own").unwrap();
    let bad = make_doc(
        "broken",
        &["A bad record."],
        vec![Ev::new(0, EventType::Assault, "RUS", "UKR").intensity(f32::MAX)],
    );
    assert!(store.ingest(&bad, "h-bad").is_err());
    // `text: ""` matches every quote but forces the scan of the events.
    let scan = |f: EventFilter| EventFilter {
        text: Some(String::new()),
        ..f
    };
    let filters = [
        EventFilter::default(),
        EventFilter {
            event_type: Some(EventType::Consult),
            ..Default::default()
        },
        EventFilter {
            actor: Some("USA".into()),
            ..Default::default()
        },
        EventFilter {
            actor: Some("UKR".into()),
            ..Default::default()
        },
        EventFilter {
            actor: Some("RUS".into()),
            ..Default::default()
        },
        EventFilter {
            actor: Some("PRK".into()),
            event_type: Some(EventType::Cooperate),
            ..Default::default()
        },
        EventFilter {
            dyad: Some(("PRK".into(), "RUS".into())),
            ..Default::default()
        },
    ];
    for f in filters {
        assert_eq!(
            store.timeline(&f).unwrap(),
            store.timeline(&scan(f.clone())).unwrap(),
            "timeline {f:?}"
        );
        assert_eq!(
            store.network(&f).unwrap(),
            store.network(&scan(f.clone())).unwrap(),
            "network {f:?}"
        );
    }
    let t = store.timeline(&EventFilter::default()).unwrap();
    assert_eq!(
        t.buckets
            .iter()
            .map(|b| b.month.as_str())
            .collect::<Vec<_>>(),
        ["2024-03", "2024-04", "2024-05", "2024-06"]
    );
    assert_eq!(
        t.buckets.iter().map(|b| b.total).sum::<usize>() + t.undated + t.imprecise,
        8
    );
    let rus = store
        .timeline(&EventFilter {
            actor: Some("RUS".into()),
            ..Default::default()
        })
        .unwrap();
    let april = rus.buckets.iter().find(|b| b.month == "2024-04").unwrap();
    assert_eq!(april.total, 1);
    assert!(store
        .network(&EventFilter::default())
        .unwrap()
        .nodes
        .iter()
        .all(|n| n.code != "UKR"));
}

#[test]
fn a_damaged_store_is_not_blamed_on_the_search_text() {
    let dir = temp_dir("damaged-search");
    let path = dir.join("d.db");
    let mut store = Store::open(&path).unwrap();
    let doc = sample_doc("alpha");
    store
        .ingest(&doc, &content_hash(doc.text.as_bytes()))
        .unwrap();
    // Bytes that are not UTF-8 where a document's name belongs.
    store
        .connection()
        .execute("UPDATE doc SET name = CAST(X'C328A0' AS TEXT)", [])
        .unwrap();
    match store.search("shipped", 10) {
        Err(StoreError::Corrupt(msg)) => {
            assert!(msg.contains("d.db"), "{msg}");
            assert!(msg.contains("integrity_check"), "{msg}");
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[test]
fn a_store_whose_shared_memory_file_cannot_be_made_is_read_immutable() {
    // As in a directory the user cannot write: the write-ahead log's
    // shared-memory file cannot be created (here a folder stands in its
    // place, which fails even for root).
    let (store, dir) = open_with_sample("immutable");
    let before = store.stats().unwrap();
    drop(store);
    let path = dir.join("events.db");
    let shm = dir.join("events.db-shm");
    let _ = std::fs::remove_file(&shm);
    std::fs::create_dir(&shm).unwrap();
    let plain =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0)));
    assert!(plain.is_err(), "the plain read should fail: {plain:?}");
    let store = Store::open_read_only(&path).unwrap();
    assert_eq!(store.stats().unwrap(), before);
}
