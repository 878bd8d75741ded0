//! Property: every stored quote is exactly the cleaned text at its stored
//! character offsets, and every mention lies inside its sentence, for the
//! sample corpus and for generated documents with awkward characters
//! (accents, emoji, CJK, combining marks, CRLF) that make byte and
//! character offsets differ.

mod common;

use common::{corpus_dir, parts, run, write_articles, TempDir};

/// The characters `start..end` of `text`.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

#[test]
fn stored_quotes_equal_the_text_at_their_offsets() {
    let t = TempDir::new("offsets");
    let gen = t.join("gen");
    let files = write_articles(&gen, 40);
    // Make byte and char offsets diverge in different ways per file.
    let noise = [
        "Caf\u{e9} d\u{e9}j\u{e0} vu \u{2014} ",
        "\u{1F30D}\u{1F91D} ",
        "\u{5317}\u{4EAC}\u{FF1A} ",
        "e\u{301}te\u{301} ",
        "\u{200B}\u{FEFF}",
    ];
    for (i, p) in files.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let n = noise[i % noise.len()];
        let mut out = text.replace("\n\n", &format!("\n\n{n}"));
        if i % 3 == 0 {
            out = out.replace('\n', "\r\n");
        }
        std::fs::write(p, out).unwrap();
    }
    let db = t.arg("x.db");
    let corpus = corpus_dir();
    let mut args = vec!["ingest", gen.to_str().unwrap(), "--db", &db];
    if corpus.is_dir() {
        args.insert(1, corpus.to_str().unwrap());
    }
    let (code, out, err) = parts(&run(&args));
    assert_eq!(code, 0, "{out}{err}");
    let store = dyad_store::Store::open_read_only(&t.join("x.db")).unwrap();
    let docs = store.docs(&dyad_store::DocFilter::default()).unwrap();
    assert!(docs.len() >= 40, "{}", docs.len());
    let (mut events, mut mentions) = (0, 0);
    for rec in docs {
        let doc = store.doc(&rec.doc).unwrap().unwrap();
        let text = &doc.text;
        let n = text.chars().count();
        let sent = |i: usize| {
            doc.sentences
                .get(i)
                .unwrap_or_else(|| panic!("{}: no sentence {i}", rec.doc))
        };
        for s in &doc.sentences {
            assert!(s.start <= s.end && s.end <= n, "{}: sentence", rec.doc);
        }
        for e in &doc.events {
            let r = &e.record;
            assert!(r.start <= r.end && r.end <= n, "{}: {r:?}", rec.doc);
            assert_eq!(chars(text, r.start, r.end), r.quote, "{}: quote", rec.doc);
            assert_eq!(
                chars(text, e.trigger_start, e.trigger_end),
                r.trigger,
                "{}: trigger",
                rec.doc
            );
            let s = sent(e.sentence);
            assert!(
                s.start <= r.start && r.end <= s.end,
                "{}: quote outside its sentence",
                rec.doc
            );
            events += 1;
        }
        let spans = doc
            .actors
            .iter()
            .map(|a| (a.sentence, a.start, a.end))
            .chain(doc.times.iter().map(|m| (m.sentence, m.start, m.end)))
            .chain(doc.quantities.iter().map(|q| (q.sentence, q.start, q.end)));
        for (si, start, end) in spans {
            let s = sent(si);
            assert!(
                start < end && s.start <= start && end <= s.end,
                "{}: mention {start}..{end} outside sentence {si}",
                rec.doc
            );
            let m = chars(text, start, end);
            assert_eq!(m.trim(), m, "{}: mention {m:?} not trimmed", rec.doc);
            mentions += 1;
        }
    }
    eprintln!("checked {events} events and {mentions} mentions");
    assert!(events > 100 && mentions > 300, "{events} {mentions}");
}
