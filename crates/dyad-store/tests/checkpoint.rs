//! `Store::checkpoint_in_background`: passive checkpoints on a second
//! connection while the writer ingests and reclusters.

mod common;

use common::*;
use dyad_store::*;

#[test]
fn a_store_written_while_checkpointing_is_whole_and_the_same() {
    let dir = temp_dir("checkpoint");
    let write = |path: &std::path::Path, background: bool| {
        let mut store = Store::open(path).unwrap();
        let checkpointer = background.then(|| store.checkpoint_in_background().unwrap());
        if background {
            assert!(
                matches!(checkpointer, Some(Some(_))),
                "a file store gets a checkpointer"
            );
        }
        for round in 0..20 {
            let docs: Vec<_> = (0..10)
                .map(|i| sample_doc(&format!("d{}", (round * 7 + i) % 60)))
                .collect();
            let batch: Vec<(&dyad_doc::Doc, &str)> =
                docs.iter().map(|d| (d, d.name.as_str())).collect();
            store.ingest_batch(&batch).unwrap();
            store.recluster().unwrap();
        }
        drop(checkpointer);
        store
    };
    let with = write(&dir.join("with.db"), true);
    let without = write(&dir.join("without.db"), false);
    let ok: String = with
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(with.stats().unwrap(), without.stats().unwrap());
    let all = EventFilter::default();
    assert_eq!(
        with.timeline(&all).unwrap(),
        without.timeline(&all).unwrap()
    );
    assert_eq!(with.network(&all).unwrap(), without.network(&all).unwrap());
}

#[test]
fn an_in_memory_store_has_no_background_checkpoints() {
    let store = Store::open(std::path::Path::new(":memory:")).unwrap();
    assert!(store.checkpoint_in_background().unwrap().is_none());
}
