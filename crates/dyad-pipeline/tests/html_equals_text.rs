//! A web page and the plain text of the same article yield the same events
//! (issue: "dyad ingest of those pages yields the same events as ingesting
//! the matching seed text"). Reads ../shared; skipped when it is absent.

use dyad_lexicon::Lexicon;
use dyad_pipeline::Pipeline;
use std::collections::BTreeSet;
use std::path::Path;

fn shared() -> Option<&'static Path> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    p.join("html-fixtures").is_dir().then_some(p)
}

fn events(pipeline: &Pipeline, path: &Path) -> BTreeSet<String> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc");
    let doc = pipeline
        .annotate_bytes(name, Some(path), &bytes, None)
        .unwrap_or_else(|e| panic!("{e}"));
    doc.event_records()
        .into_iter()
        .map(|e| {
            format!(
                "{} {:?} {:?} {} {:?} {}",
                e.event_type, e.source, e.target, e.status, e.date, e.quote
            )
        })
        .collect()
}

#[test]
fn html_pages_yield_the_events_of_their_text() {
    let Some(shared) = shared() else {
        eprintln!("../shared not found: skipped");
        return;
    };
    let pipeline = Pipeline::new(Lexicon::builtin().unwrap_or_else(|e| panic!("{e}")));
    let mut pages = 0;
    for entry in std::fs::read_dir(shared.join("html-fixtures")).unwrap_or_else(|e| panic!("{e}")) {
        let html = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if html.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let stem = html
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = shared.join("seeds").join(format!("{stem}.txt"));
        let (from_html, from_text) = (events(&pipeline, &html), events(&pipeline, &text));
        assert!(!from_text.is_empty(), "{stem}: no events from the text");
        let only_html: Vec<_> = from_html.difference(&from_text).collect();
        let only_text: Vec<_> = from_text.difference(&from_html).collect();
        assert!(
            only_html.is_empty() && only_text.is_empty(),
            "{stem}: only in HTML {only_html:#?}\nonly in text {only_text:#?}"
        );
        pages += 1;
    }
    assert_eq!(pages, 5);
}
