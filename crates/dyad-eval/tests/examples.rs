//! The project's own gold (`examples/gold`) is consistent with its corpus.

use dyad_doc::EventRecord;
use dyad_eval::{load_gold_dir, score_doc, Report};
use std::path::PathBuf;

fn examples() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"))
}

/// The article's raw text: UTF-8, or windows-1252 for the one page declared so.
/// Only the bytes that page uses need mapping; the rest is read as Latin-1.
fn read_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x92 => '\u{2019}',
                0x91 => '\u{2018}',
                0x93 => '\u{201c}',
                0x94 => '\u{201d}',
                _ => char::from(b),
            })
            .collect(),
    }
}

#[test]
fn example_gold_quotes_occur_and_self_score_is_perfect() {
    let gold_dir = examples().join("gold");
    let set = load_gold_dir(&gold_dir).unwrap();
    assert!(set.len() >= 5, "at least five held-out documents");
    let mut scores = Vec::new();
    for (doc, (meta, events)) in &set {
        let meta = meta.as_ref().expect("every gold doc has a .doc.json");
        assert_eq!(&meta.doc, doc);
        let corpus = examples().join("corpus");
        let path = ["txt", "html"]
            .iter()
            .map(|ext| corpus.join(format!("{doc}.{ext}")))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no article for {doc}"));
        let text = read_text(&std::fs::read(&path).unwrap());
        let recs: Vec<EventRecord> = events.iter().map(|g| g.to_record(doc)).collect();
        let s = score_doc(&text, &recs, events);
        assert_eq!(
            s.gold_quote_missing, 0,
            "{doc}: a quote is not in the article"
        );
        assert_eq!(s.matched, events.len(), "{doc}");
        for (i, e) in events.iter().enumerate() {
            assert_eq!(e.id, format!("{doc}-{:02}", i + 1));
        }
        scores.push(s);
    }
    let r = Report::from_docs(scores);
    assert_eq!((r.precision, r.recall), (1.0, 1.0));
    assert_eq!(r.status_accuracy, Some(1.0));
}
