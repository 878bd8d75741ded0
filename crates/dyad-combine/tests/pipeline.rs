//! The real pipeline on the multi-document fixtures
//! (`tests/fixtures/multidoc`, see its README) and on the seed articles.

use dyad_combine::{cluster, mentions_of, Cluster, Mention};
use dyad_doc::{EventType, Status};
use dyad_lexicon::Lexicon;
use dyad_pipeline::Pipeline;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"))))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/multidoc")
}

/// Every event of the text files in `dir`, as mentions.
fn mentions_in(dir: &Path) -> Vec<Mention> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let name = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = pipeline()
            .annotate_bytes(&name, Some(&f), &bytes, None)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        out.extend(mentions_of(&doc));
    }
    out
}

fn show(cs: &[Cluster]) {
    for c in cs {
        println!(
            "{} {} {:?}->{:?} joint={} date={:?} docs={:?} statuses={:?} contradicted_by={:?} denies={:?} ambiguous={:?}",
            c.id,
            c.event_type,
            c.source,
            c.target,
            c.joint,
            c.date.map(|d| d.to_string()),
            c.docs,
            c.statuses,
            c.contradicted_by,
            c.denies,
            c.ambiguous_with
        );
    }
}

fn is_pair(c: &Cluster, a: &str, b: &str) -> bool {
    let (s, t) = (c.source.as_deref(), c.target.as_deref());
    (s, t) == (Some(a), Some(b)) || (s, t) == (Some(b), Some(a))
}

#[test]
fn group_a_treaty_is_one_cluster_of_three_documents() {
    let cs = cluster(&mentions_in(&fixtures().join("group-a")));
    show(&cs);
    let treaty: Vec<&Cluster> = cs
        .iter()
        .filter(|c| c.event_type == EventType::Agree && is_pair(c, "RUS", "PRK"))
        .collect();
    assert_eq!(treaty.len(), 1, "one treaty cluster");
    let t = treaty[0];
    assert_eq!(t.corroboration, 3);
    assert_eq!(
        t.docs,
        vec![
            "a1-treaty-signed-june19",
            "a2-treaty-last-week",
            "a3-treaty-alliance-wording"
        ]
    );
    assert_eq!(t.date.map(|d| d.to_string()).as_deref(), Some("2024-06-19"));
}

#[test]
fn group_a_troop_claim_is_linked_to_its_denial() {
    let cs = cluster(&mentions_in(&fixtures().join("group-a")));
    show(&cs);
    let claim = cs
        .iter()
        .find(|c| {
            c.event_type == EventType::Aid
                && c.source.as_deref() == Some("PRK")
                && c.target.as_deref() == Some("RUS")
                && c.statuses.contains_key(&Status::Reported)
        })
        .unwrap_or_else(|| panic!("no AID PRK→RUS claim"));
    assert_eq!(claim.docs, vec!["a4-nis-troops-claim"]);
    assert!(
        !claim.contradicted_by.is_empty(),
        "the claim is contradicted"
    );
    let by_id = |id: &str| cs.iter().find(|c| c.id == id);
    let deniers: Vec<&Cluster> = claim
        .contradicted_by
        .iter()
        .filter_map(|id| by_id(id))
        .collect();
    assert!(
        deniers
            .iter()
            .any(|d| d.event_type == EventType::Reject && d.docs == vec!["a5-troops-denial"]),
        "a REJECT from the denial article denies it"
    );
    for d in &deniers {
        assert!(d.denies.contains(&claim.id), "links go both ways");
        assert_eq!(d.docs, vec!["a5-troops-denial"]);
    }
}

#[test]
fn group_b_meetings_stay_two_clusters() {
    let cs = cluster(&mentions_in(&fixtures().join("group-b")));
    show(&cs);
    let meetings: Vec<&Cluster> = cs
        .iter()
        .filter(|c| c.event_type == EventType::Consult && is_pair(c, "RUS", "PRK"))
        .collect();
    assert_eq!(meetings.len(), 2);
    let dates: Vec<String> = meetings
        .iter()
        .filter_map(|c| c.date.map(|d| d.to_string()))
        .collect();
    assert_eq!(dates, vec!["2024-01-16", "2024-11-01"]);
}

#[test]
fn both_groups_together_keep_their_shape() {
    let mut ms = mentions_in(&fixtures().join("group-a"));
    ms.extend(mentions_in(&fixtures().join("group-b")));
    let cs = cluster(&ms);
    let consult = cs
        .iter()
        .filter(|c| c.event_type == EventType::Consult && is_pair(c, "RUS", "PRK"))
        .count();
    assert!(
        consult >= 2,
        "the two meetings stay apart among other events"
    );
    assert!(cs.iter().any(|c| !c.contradicted_by.is_empty()));
}

#[test]
#[ignore = "diagnostic: prints every mention of the fixtures"]
fn dump_fixture_mentions() {
    for g in ["group-a", "group-b"] {
        for m in mentions_in(&fixtures().join(g)) {
            let r = &m.record;
            println!(
                "{} {} {:?}->{:?} joint={} date={:?} status={} attr={:?} rule={} | {}",
                m.id,
                r.event_type,
                r.source,
                r.target,
                r.joint,
                r.date,
                r.status,
                r.attributed_to,
                r.rule,
                r.trigger
            );
        }
    }
}

/// The seed articles (`../shared/seeds`), or `None` (with a note) when absent.
fn seed_mentions() -> Option<Vec<Mention>> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds"
    ));
    if !dir.is_dir() {
        eprintln!("note: {} is absent; seed checks skipped", dir.display());
        return None;
    }
    Some(mentions_in(dir))
}

#[test]
#[ignore = "diagnostic: prints the seed clusters between Russia and North Korea"]
fn dump_seed_clusters() {
    let Some(ms) = seed_mentions() else { return };
    let cs = cluster(&ms);
    let rp: Vec<Cluster> = cs
        .into_iter()
        .filter(|c| {
            is_pair(c, "RUS", "PRK")
                || c.event_type == EventType::Reject
                || !c.contradicted_by.is_empty()
        })
        .collect();
    show(&rp);
    for c in &rp {
        if matches!(
            c.event_type,
            EventType::Cooperate | EventType::Aid | EventType::Reject
        ) {
            for s in &c.sources {
                println!(
                    "   {} {} {:?} {:?}->{:?} {} | {}",
                    c.id, s.mention, s.date, s.source, s.target, s.status, s.quote
                );
            }
        }
    }
}

/// The gold event `id` (`003-04`) of `../shared/gold`: its document prefix,
/// type and quote.
fn gold(id: &str) -> Option<(String, EventType, String)> {
    let num = id.split('-').next()?;
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold"));
    let file = std::fs::read_dir(dir).ok()?.find_map(|e| {
        let p = e.ok()?.path();
        let name = p.file_name()?.to_str()?.to_string();
        (name.starts_with(&format!("{num}_")) && name.ends_with(".events.jsonl")).then_some(p)
    })?;
    let text = std::fs::read_to_string(file).ok()?;
    text.lines().find_map(|l| {
        let v: serde_json::Value = serde_json::from_str(l).ok()?;
        (v["id"] == id).then(|| {
            (
                format!("{num}_"),
                v["type"]
                    .as_str()
                    .unwrap_or("")
                    .parse()
                    .unwrap_or(EventType::Consult),
                v["quote"].as_str().unwrap_or("").to_string(),
            )
        })
    })
}

/// The cluster holding the pipeline's mention of gold event `id`: same
/// document and type, and one quote contains the other.
fn cluster_of_gold<'a>(cs: &'a [Cluster], id: &str) -> Option<&'a Cluster> {
    let (prefix, ty, quote) = gold(id)?;
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let quote = norm(&quote);
    let found = cs.iter().find(|c| {
        c.event_type == ty
            && c.sources.iter().any(|s| {
                let q = norm(&s.quote);
                s.doc.starts_with(&prefix) && (q.contains(&quote) || quote.contains(&q))
            })
    });
    if found.is_none() {
        println!("gold {id} ({ty}): the pipeline has no matching mention");
    }
    found
}

fn seed_clusters() -> Option<Vec<Cluster>> {
    if gold("000-01").is_none() {
        eprintln!("note: ../shared/gold is absent; seed checks skipped");
        return None;
    }
    Some(cluster(&seed_mentions()?))
}

#[test]
fn seeds_year_of_friendship_is_one_cluster_with_two_sources() {
    let Some(cs) = seed_clusters() else { return };
    // Gold 001-02 and 004-07: the 2015 "year of friendship".
    let a = cluster_of_gold(&cs, "001-02").map(|c| c.id.clone());
    let b = cluster_of_gold(&cs, "004-07").map(|c| c.id.clone());
    assert!(a.is_some() && a == b, "{a:?} vs {b:?}");
    let c = cluster_of_gold(&cs, "001-02").unwrap_or_else(|| unreachable!());
    assert!(c.corroboration >= 2);
}

#[test]
fn seeds_2015_joint_exercise_plan_is_one_cluster() {
    let Some(cs) = seed_clusters() else { return };
    // Gold 000-01 and 001-07: the planned 2015 joint military exercises.
    let a = cluster_of_gold(&cs, "000-01").map(|c| c.id.clone());
    let b = cluster_of_gold(&cs, "001-07").map(|c| c.id.clone());
    assert!(a.is_some() && a == b, "{a:?} vs {b:?}");
}

#[test]
fn seeds_2024_troop_deployment_is_linked_to_its_denials() {
    let Some(cs) = seed_clusters() else { return };
    // The claim: North Korean troops sent to Russia, as reported in seed 003
    // (the gold quotes Zelenskyy, 003-04; the pipeline codes the South
    // Korean intelligence claim a few sentences later: the same event).
    let claim = cs
        .iter()
        .find(|c| {
            c.event_type == dyad_doc::EventType::Aid
                && c.source.as_deref() == Some("PRK")
                && c.target.as_deref() == Some("RUS")
                && c.sources
                    .iter()
                    .any(|s| s.doc.starts_with("003") && s.status == dyad_doc::Status::Reported)
        })
        .unwrap_or_else(|| {
            panic!("no reported claim of North Korean troops sent to Russia in 003")
        });
    for d in ["003-05", "003-06"] {
        let denial = cluster_of_gold(&cs, d).unwrap_or_else(|| panic!("no denial {d}"));
        assert!(
            claim.contradicted_by.contains(&denial.id),
            "{d} denies {}",
            claim.id
        );
    }
}
