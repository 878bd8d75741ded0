//! The store must not depend on the number of ingest workers: the same
//! generated documents ingested with one and with two workers give the
//! same events, byte for byte (as JSON).

use dyad_bench::{corpus::Corpus, ingest::ingest_generated};
use dyad_lexicon::Lexicon;
use dyad_pipeline::Pipeline;
use dyad_store::{EventFilter, Store};
use std::path::PathBuf;

const DOCS: usize = 200;

/// A fresh temporary folder for this test run.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dyad-bench-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn events_json(pipeline: &Pipeline, corpus: &Corpus, jobs: usize, dir: &std::path::Path) -> String {
    let db = dir.join(format!("jobs{jobs}.db"));
    let mut store = Store::open(&db).unwrap_or_else(|e| panic!("{e}"));
    let (report, _prefetch) =
        ingest_generated(pipeline, corpus, 0..DOCS, jobs, &mut store, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.inserted, DOCS);
    assert!(
        report.events > 0,
        "the generated corpus should yield events"
    );
    let events = store
        .events(&EventFilter::default())
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_string_pretty(&events).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn ingest_is_identical_with_one_and_two_workers() {
    let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
    let corpus = Corpus::builtin(42, &lex.actors).unwrap_or_else(|e| panic!("{e}"));
    let pipeline = Pipeline::new(lex);
    let dir = temp_dir("determinism");
    let one = events_json(&pipeline, &corpus, 1, &dir);
    let two = events_json(&pipeline, &corpus, 2, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(one == two, "events differ between --jobs 1 and --jobs 2");
}

#[test]
fn stage_pass_matches_the_pipeline() {
    // The per-stage pass chains the stages as Pipeline does, so it codes
    // the same number of events.
    let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
    let corpus = Corpus::builtin(7, &lex.actors).unwrap_or_else(|e| panic!("{e}"));
    let t = dyad_bench::time_stages(&lex, &corpus, 0..20, None).unwrap_or_else(|e| panic!("{e}"));
    let pipeline = Pipeline::new(lex);
    let mut events = 0;
    for i in 0..20 {
        let a = corpus.article(i);
        let doc = pipeline
            .annotate_bytes(&a.name, None, a.text.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        events += doc.events.len();
    }
    assert_eq!(t.events, events);
    assert_eq!(t.docs, 20);
}
