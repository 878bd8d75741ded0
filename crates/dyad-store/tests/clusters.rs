//! Cross-document event clusters in the store: recluster, listings,
//! filters, and timelines/networks that count clusters.

mod common;

use common::*;
use dyad_doc::{Doc, EventType, Status};
use dyad_store::*;

/// Three reports of one meeting (two dated to the day, one to the month),
/// a second meeting ten months later, and a claim with its denial.
fn docs() -> Vec<Doc> {
    let a = make_doc(
        "wire-a",
        &[
            "Envoys of Moscow and Pyongyang held talks on 5 March 2024.",
            "Pyongyang sent shells to Moscow in June 2024, Seoul said.",
        ],
        vec![
            Ev::new(0, EventType::Consult, "RUS", "PRK")
                .date("2024-03-05")
                .trigger("held talks"),
            Ev::new(1, EventType::Aid, "PRK", "RUS")
                .date("2024-06")
                .trigger("sent")
                .status(Status::Reported),
        ],
    );
    let b = make_doc(
        "wire-b",
        &["The Russian envoy met North Korean officials in March 2024."],
        vec![Ev::new(0, EventType::Consult, "RUS", "PRK")
            .date("2024-03")
            .trigger("met")],
    );
    let c = make_doc(
        "wire-c",
        &[
            "Russia's envoy conferred with Pyongyang's on 5 March 2024.",
            "Officials in Pyongyang said they never sent shells to Moscow in June 2024.",
            "The two sides met again on 1 January 2025.",
        ],
        vec![
            Ev::new(0, EventType::Consult, "RUS", "PRK")
                .date("2024-03-05")
                .trigger("conferred"),
            Ev::new(1, EventType::Aid, "PRK", "RUS")
                .date("2024-06")
                .trigger("sent")
                .status(Status::Denied),
            Ev::new(2, EventType::Consult, "RUS", "PRK")
                .date("2025-01-01")
                .trigger("met"),
        ],
    );
    vec![a, b, c]
}

fn store_with(tag: &str, batches: &[&[&Doc]]) -> (Store, TempDir) {
    let dir = temp_dir(tag);
    let mut store = Store::open(&dir.join("c.db")).unwrap();
    for batch in batches {
        for d in *batch {
            store.ingest(d, &format!("h-{}", d.name)).unwrap();
        }
        store.recluster().unwrap();
    }
    (store, dir)
}

fn all(store: &Store) -> Vec<ClusterRecord> {
    store.clusters(&EventFilter::default()).unwrap()
}

#[test]
fn recluster_groups_reports_and_links_denials() {
    let ds = docs();
    let (store, _dir) = store_with("basic", &[&[&ds[0], &ds[1], &ds[2]]]);
    let cs = all(&store);
    // Meeting (3 reports), second meeting, claim, denied mention.
    assert_eq!(cs.len(), 4, "{cs:#?}");
    let meeting = &cs[0].cluster;
    assert_eq!(meeting.event_type, EventType::Consult);
    assert_eq!(meeting.corroboration, 3);
    assert_eq!(meeting.docs, ["wire-a", "wire-b", "wire-c"]);
    assert_eq!(
        meeting.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(meeting.statuses.get(&Status::Asserted), Some(&3));
    assert_eq!(meeting.sources.len(), 3);
    assert!(meeting
        .sources
        .iter()
        .any(|s| s.quote.contains("conferred")));
    let claim = cs
        .iter()
        .find(|c| c.cluster.event_type == EventType::Aid && !c.denied_only)
        .unwrap();
    let denial = cs.iter().find(|c| c.denied_only).unwrap();
    assert_eq!(
        claim.cluster.contradicted_by,
        vec![denial.cluster.id.clone()]
    );
    assert_eq!(denial.cluster.denies, vec![claim.cluster.id.clone()]);
    // The link table agrees with the bodies.
    let (claim_id, denial_id): (String, String) = store
        .connection()
        .query_row("SELECT claim_id, denial_id FROM cluster_link", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (claim_id, denial_id),
        (claim.cluster.id.clone(), denial.cluster.id.clone())
    );
    let st = store.cluster_state().unwrap();
    assert!(st.current);
    assert_eq!((st.mentions, st.clusters), (6, 4));
    // The JSON of a record is the cluster's fields plus denied_only.
    let v = serde_json::to_value(&cs[0]).unwrap();
    assert_eq!(v["type"], "CONSULT");
    assert_eq!(v["corroboration"], 3);
    assert_eq!(v["denied_only"], false);
    let back: ClusterRecord = serde_json::from_value(v).unwrap();
    assert_eq!(back, cs[0]);
}

#[test]
fn recluster_reports_what_it_made() {
    let ds = docs();
    let dir = temp_dir("stats");
    let mut store = Store::open(&dir.join("c.db")).unwrap();
    assert!(!store.cluster_state().unwrap().current);
    for d in &ds {
        store.ingest(d, &d.name).unwrap();
    }
    let s = store.recluster().unwrap();
    assert_eq!(
        s,
        ClusterStats {
            mentions: 6,
            clusters: 4,
            corroborated: 1,
            contradicted: 1,
            denied_only: 1,
            // A new store has no clusters to keep: everything is computed.
            full: true,
            // The meetings (RUS–PRK CONSULT), and the claim with its
            // denied mention (PRK–RUS AID): one group each.
            groups: 2,
        }
    );
}

#[test]
fn clusters_do_not_depend_on_ingest_order_or_batches() {
    let ds = docs();
    let (one, _d1) = store_with("once", &[&[&ds[0], &ds[1], &ds[2]]]);
    let (two, _d2) = store_with("batches", &[&[&ds[0], &ds[1]], &[&ds[2]]]);
    let (rev, _d3) = store_with("reverse", &[&[&ds[2], &ds[1], &ds[0]]]);
    // Re-ingesting unchanged documents and reclustering changes nothing.
    let (again, _d4) = store_with(
        "again",
        &[&[&ds[0], &ds[1], &ds[2]], &[&ds[0], &ds[1], &ds[2]]],
    );
    let reference = all(&one);
    assert_eq!(all(&two), reference);
    assert_eq!(all(&rev), reference);
    assert_eq!(all(&again), reference);
    let f = EventFilter::default();
    for s in [&two, &rev, &again] {
        assert_eq!(s.timeline(&f).unwrap(), one.timeline(&f).unwrap());
        assert_eq!(s.network(&f).unwrap(), one.network(&f).unwrap());
    }
}

#[test]
fn timeline_and_network_count_clusters_while_current() {
    let ds = docs();
    let dir = temp_dir("counts");
    let mut store = Store::open(&dir.join("c.db")).unwrap();
    for d in &ds {
        store.ingest(d, &d.name).unwrap();
    }
    let f = EventFilter::default();
    // Not clustered yet: mentions.
    let t = store.timeline(&f).unwrap();
    assert!(!t.clustered);
    let march = |t: &Timeline| {
        t.buckets
            .iter()
            .find(|b| b.month == "2024-03")
            .map(|b| b.total)
    };
    assert_eq!(march(&t), Some(3));
    let n = store.network(&f).unwrap();
    assert!(!n.clustered);
    let edge = |n: &Network, s: &str, t: &str| {
        n.edges
            .iter()
            .find(|e| e.source == s && e.target == t)
            .map(|e| e.count)
    };
    assert_eq!(edge(&n, "RUS", "PRK"), Some(4));
    assert_eq!(edge(&n, "PRK", "RUS"), Some(2));

    store.recluster().unwrap();
    let t = store.timeline(&f).unwrap();
    assert!(t.clustered);
    // One meeting in March, the claim in June (its denial is not counted),
    // the second meeting in January 2025.
    assert_eq!(march(&t), Some(1));
    let months: Vec<(&str, usize)> = t
        .buckets
        .iter()
        .map(|b| (b.month.as_str(), b.total))
        .collect();
    assert_eq!(months, [("2024-03", 1), ("2024-06", 1), ("2025-01", 1)]);
    assert_eq!((t.undated, t.imprecise), (0, 0));
    let consult = f64::from(EventType::Consult.default_intensity());
    assert!((t.buckets[0].mean_intensity - consult).abs() < 1e-5);
    let n = store.network(&f).unwrap();
    assert!(n.clustered);
    assert_eq!(edge(&n, "RUS", "PRK"), Some(2));
    assert_eq!(edge(&n, "PRK", "RUS"), Some(1));
    let node = |c: &str| n.nodes.iter().find(|x| x.code == c).map(|x| x.events);
    assert_eq!(node("RUS"), Some(3));

    // A new document makes the clusters stale: back to mentions until the
    // next recluster.
    let d = make_doc(
        "wire-d",
        &["Moscow and Pyongyang talked again on 5 March 2024."],
        vec![Ev::new(0, EventType::Consult, "RUS", "PRK")
            .date("2024-03-05")
            .trigger("talked")],
    );
    store.ingest(&d, "h-d").unwrap();
    assert!(!store.cluster_state().unwrap().current);
    assert_eq!(march(&store.timeline(&f).unwrap()), Some(4));
    store.recluster().unwrap();
    let t = store.timeline(&f).unwrap();
    assert_eq!(march(&t), Some(1));
    assert_eq!(all(&store)[0].cluster.corroboration, 4);
}

#[test]
fn cluster_totals_agree_with_the_clusters() {
    let ds = docs();
    let mut extra = make_doc(
        "wire-e",
        &[
            "Russia moved reserve units to its western border in 2024.",
            "Washington condemned the arms transfers.",
        ],
        vec![
            Ev::new(0, EventType::Mobilize, "RUS", "RUS")
                .trigger("moved")
                .date("2024-04-02"),
            Ev::new(1, EventType::Accuse, "USA", "PRK").trigger("condemned"),
        ],
    );
    extra.meta.published = None;
    let (store, _dir) = store_with("totals", &[&[&ds[0], &ds[1], &ds[2], &extra]]);
    // `text: ""` matches every quote but forces the scan of the clusters.
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
            actor: Some("RUS".into()),
            ..Default::default()
        },
        EventFilter {
            actor: Some("USA".into()),
            ..Default::default()
        },
        EventFilter {
            actor: Some("PRK".into()),
            event_type: Some(EventType::Aid),
            ..Default::default()
        },
        EventFilter {
            dyad: Some(("PRK".into(), "RUS".into())),
            ..Default::default()
        },
    ];
    for f in filters {
        let t = store.timeline(&f).unwrap();
        assert!(t.clustered);
        assert_eq!(
            t,
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
    assert_eq!(t.undated, 1, "the accusation");
    let rus = store
        .timeline(&EventFilter {
            actor: Some("RUS".into()),
            ..Default::default()
        })
        .unwrap();
    let april = rus.buckets.iter().find(|b| b.month == "2024-04").unwrap();
    assert_eq!(april.total, 1, "an own-actor event counts once");
}

#[test]
fn cluster_filters_and_paging() {
    let ds = docs();
    let (store, _dir) = store_with("filters", &[&[&ds[0], &ds[1], &ds[2]]]);
    let n = |f: EventFilter| {
        let c = store.count_clusters(&f).unwrap();
        assert_eq!(store.clusters(&f).unwrap().len(), c, "count vs list {f:?}");
        c
    };
    assert_eq!(n(EventFilter::default()), 4);
    // A document selects the clusters it reports.
    assert_eq!(
        n(EventFilter {
            doc: Some("wire-b".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        n(EventFilter {
            doc: Some("wire-c".into()),
            ..Default::default()
        }),
        3
    );
    // A status selects clusters with such a report.
    assert_eq!(
        n(EventFilter {
            status: Some(Status::Denied),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        n(EventFilter {
            text: Some("CONFERRED".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        n(EventFilter {
            event_type: Some(EventType::Aid),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        n(EventFilter {
            since: "2025".parse().ok(),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        n(EventFilter {
            dyad: Some(("PRK".into(), "RUS".into())),
            until: "2024-06".parse().ok(),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        n(EventFilter {
            actor: Some("USA".into()),
            ..Default::default()
        }),
        0
    );
    // Paging follows the canonical order: by first day.
    let every = all(&store);
    let dates: Vec<Option<String>> = every.iter().map(|c| c.cluster.date_start.clone()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let page = store
        .clusters(&EventFilter {
            limit: Some(2),
            offset: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page, every[1..3].to_vec());
}

#[test]
fn an_empty_store_reclusters_to_nothing() {
    let dir = temp_dir("empty");
    let mut store = Store::open(&dir.join("c.db")).unwrap();
    assert_eq!(
        store.recluster().unwrap(),
        ClusterStats {
            full: true,
            ..ClusterStats::default()
        }
    );
    assert!(store.cluster_state().unwrap().current);
    let t = store.timeline(&EventFilter::default()).unwrap();
    assert!(t.clustered && t.buckets.is_empty());
    assert!(all(&store).is_empty());
}
