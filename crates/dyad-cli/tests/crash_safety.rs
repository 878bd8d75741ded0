//! The store survives crashes and company: a `kill -9` in the middle of an
//! ingest leaves every document whole or absent, two ingests into one
//! database both finish, and a re-run completes what a killed one started.

mod common;

use common::{check_store_consistent, dyad, parts, write_articles, TempDir};
use dyad_lexicon::Lexicon;
use dyad_pipeline::Pipeline;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Documents stored so far, or 0 while the database is not yet readable.
fn stored_docs(db: &std::path::Path) -> usize {
    dyad_store::Store::open_read_only(db)
        .and_then(|s| s.stats())
        .map(|s| s.docs)
        .unwrap_or(0)
}

#[test]
fn kill_9_during_ingest_leaves_whole_documents_and_a_rerun_completes() {
    const N: usize = 300;
    let t = TempDir::new("kill");
    let dir = t.join("in");
    let files = write_articles(&dir, N);
    let db = t.join("x.db");
    let mut child = dyad()
        .args([
            "ingest",
            dir.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "-j",
            "2",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some documents are in, then kill without warning.
    let clock = Instant::now();
    let mut seen = 0;
    while clock.elapsed() < Duration::from_secs(60) {
        seen = stored_docs(&db);
        if seen >= 10 {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // `Child::kill` is SIGKILL on Unix: no destructor, no rollback code runs.
    let _ = child.kill();
    let status = child.wait().unwrap();
    assert!(seen >= 10, "ingest stored nothing in a minute");
    let killed = status.code().is_none();
    let stored = check_store_consistent(&db);
    eprintln!("killed={killed} after {seen}+ documents; {stored} stored whole");
    assert!(stored >= seen && stored <= N);
    // Every stored document is the whole document: the same sentences and
    // events as coding its file afresh gives.
    let pipeline = Pipeline::new(Lexicon::builtin().unwrap());
    let store = dyad_store::Store::open_read_only(&db).unwrap();
    for path in &files {
        let name = path.file_stem().unwrap().to_str().unwrap();
        let Some(doc) = store.doc(name).unwrap() else {
            continue;
        };
        let fresh = pipeline
            .annotate_bytes(name, Some(path), &std::fs::read(path).unwrap(), None)
            .unwrap();
        assert_eq!(doc.sentences.len(), fresh.sentences.len(), "{name}");
        assert_eq!(doc.events.len(), fresh.events.len(), "{name}");
        assert_eq!(doc.actors.len(), fresh.actors.len(), "{name}");
        assert_eq!(doc.record.events, fresh.events.len(), "{name}");
    }
    drop(store);
    // A re-run finishes the job: what was stored is unchanged, the rest new.
    let o = dyad()
        .args([
            "ingest",
            dir.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let (code, out, err) = parts(&o);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&format!("{stored} unchanged")), "{out}");
    assert_eq!(check_store_consistent(&db), N);
}

#[test]
fn two_ingests_into_one_database_both_finish() {
    let t = TempDir::new("two");
    // Overlapping inputs: the same 40 files in both folders, 40 more in each.
    let a = t.join("a");
    let b = t.join("b");
    let all = write_articles(&t.join("all"), 120);
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    for (i, p) in all.iter().enumerate() {
        let name = p.file_name().unwrap();
        if i < 80 {
            std::fs::copy(p, a.join(name)).unwrap();
        }
        if i >= 40 {
            std::fs::copy(p, b.join(name)).unwrap();
        }
    }
    let db = t.arg("x.db");
    let spawn = |dir: &std::path::Path| {
        dyad()
            .args(["ingest", dir.to_str().unwrap(), "--db", &db, "-j", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (ca, cb) = (spawn(&a), spawn(&b));
    let (oa, ob) = (
        ca.wait_with_output().unwrap(),
        cb.wait_with_output().unwrap(),
    );
    for o in [&oa, &ob] {
        let (code, out, err) = parts(o);
        assert_eq!(code, 0, "{out}{err}");
        assert!(!err.contains("locked"), "{err}");
    }
    assert_eq!(check_store_consistent(&t.join("x.db")), 120);
    // The overlap was stored once: a third run finds everything unchanged.
    let (code, out, _) = parts(
        &dyad()
            .args(["ingest", t.join("all").to_str().unwrap(), "--db", &db])
            .output()
            .unwrap(),
    );
    assert_eq!(code, 0);
    assert!(out.contains("120 unchanged"), "{out}");
}
