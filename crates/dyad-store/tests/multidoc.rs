//! The project's multi-document fixtures (`tests/fixtures/multidoc`, see
//! its README) through the real pipeline into the store, then reclustered.
//! Only what the event coder produces today is asserted (the group-a treaty
//! is coded in one article only; see dyad-combine's ignored test).

use dyad_doc::{EventType, Status};
use dyad_lexicon::Lexicon;
use dyad_pipeline::Pipeline;
use dyad_store::*;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/multidoc")
}

/// A store holding every `.txt` of `groups`, reclustered.
fn store_of(groups: &[&str], tag: &str) -> (Store, PathBuf) {
    let pipeline = Pipeline::new(Lexicon::builtin().unwrap_or_else(|e| panic!("{e}")));
    let dir =
        std::env::temp_dir().join(format!("dyad-store-multidoc-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir.join("m.db")).unwrap();
    for g in groups {
        let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join(g))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            let doc = pipeline
                .annotate_bytes(&name, Some(&f), &bytes, None)
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            store.ingest(&doc, &content_hash(&bytes)).unwrap();
        }
    }
    store.recluster().unwrap();
    (store, dir)
}

fn is_pair(c: &ClusterRecord, a: &str, b: &str) -> bool {
    let (s, t) = (c.cluster.source.as_deref(), c.cluster.target.as_deref());
    (s, t) == (Some(a), Some(b)) || (s, t) == (Some(b), Some(a))
}

#[test]
fn group_b_meetings_stay_two_clusters() {
    let (store, dir) = store_of(&["group-b"], "b");
    let meetings: Vec<ClusterRecord> = store
        .clusters(&EventFilter {
            event_type: Some(EventType::Consult),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|c| is_pair(c, "RUS", "PRK"))
        .collect();
    let dates: Vec<String> = meetings
        .iter()
        .filter_map(|c| c.cluster.date.map(|d| d.to_string()))
        .collect();
    assert_eq!(dates, ["2024-01-16", "2024-11-01"]);
    assert_eq!(meetings[0].cluster.docs, ["b1-lavrov-choe-january"]);
    assert_eq!(meetings[1].cluster.docs, ["b2-lavrov-choe-november"]);
    // The timeline counts each meeting once, in its own month.
    let t = store
        .timeline(&EventFilter {
            event_type: Some(EventType::Consult),
            dyad: Some(("RUS".into(), "PRK".into())),
            ..Default::default()
        })
        .unwrap();
    assert!(t.clustered);
    let months: Vec<&str> = t.buckets.iter().map(|b| b.month.as_str()).collect();
    assert!(
        months.contains(&"2024-01") && months.contains(&"2024-11"),
        "{months:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn group_a_troop_claim_is_linked_to_its_denial() {
    let (store, dir) = store_of(&["group-a", "group-b"], "a");
    let all = store.clusters(&EventFilter::default()).unwrap();
    let claim = all
        .iter()
        .find(|c| {
            c.cluster.event_type == EventType::Aid
                && c.cluster.source.as_deref() == Some("PRK")
                && c.cluster.target.as_deref() == Some("RUS")
                && c.cluster.statuses.contains_key(&Status::Reported)
        })
        .unwrap_or_else(|| panic!("no AID PRK→RUS claim"));
    assert_eq!(claim.cluster.docs, ["a4-nis-troops-claim"]);
    assert!(!claim.cluster.contradicted_by.is_empty());
    for id in &claim.cluster.contradicted_by {
        let d = all.iter().find(|c| &c.cluster.id == id).unwrap();
        assert_eq!(d.cluster.docs, ["a5-troops-denial"]);
        assert!(d.cluster.denies.contains(&claim.cluster.id));
    }
    // The denial article's clusters are found by document, and the link
    // table holds the same pairs as the bodies.
    let from_denial = store
        .clusters(&EventFilter {
            doc: Some("a5-troops-denial".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(from_denial
        .iter()
        .any(|c| c.cluster.denies.contains(&claim.cluster.id)));
    let links: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM cluster_link WHERE claim_id = ?",
            [&claim.cluster.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(links as usize, claim.cluster.contradicted_by.len());
    let _ = std::fs::remove_dir_all(dir);
}

/// The store clusters one event type and actor pair at a time and links
/// claims to denials from compact views; the result must be exactly what
/// clustering every mention at once in memory gives, links included.
#[test]
fn stored_clusters_equal_clustering_every_mention_at_once() {
    let pipeline = Pipeline::new(Lexicon::builtin().unwrap_or_else(|e| panic!("{e}")));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [
        fixtures().join("group-a"),
        fixtures().join("group-b"),
        root.join("examples/corpus"),
    ] {
        files.extend(
            std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "html")),
        );
    }
    files.sort();
    let dir = std::env::temp_dir().join(format!("dyad-store-multidoc-all-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir.join("m.db")).unwrap();
    let mut mentions = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = pipeline
            .annotate_bytes(&name, Some(f), &bytes, None)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        mentions.extend(dyad_combine::mentions_of(&doc));
        store.ingest(&doc, &content_hash(&bytes)).unwrap();
    }
    let stats = store.recluster().unwrap();
    let expected = dyad_combine::cluster(&mentions);
    let got: Vec<dyad_combine::Cluster> = store
        .clusters(&EventFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| c.cluster)
        .collect();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e, "cluster {}", e.id);
    }
    // The corpus exercises what the streaming path must get right.
    assert!(expected.iter().any(|c| !c.contradicted_by.is_empty()));
    assert!(expected.iter().any(|c| c.corroboration >= 2));
    assert_eq!(stats.mentions, mentions.len());
    assert_eq!(
        stats.contradicted,
        expected
            .iter()
            .filter(|c| !c.contradicted_by.is_empty())
            .count()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
