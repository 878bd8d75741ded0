//! Prints the actor mentions of a text file as JSON lines.
//!
//! `cargo run --release -p dyad-recognise --example actors -- FILE [YYYY-MM-DD]`
//!
//! Sentences are split naively (at `.`, `!`, `?` followed by whitespace,
//! and at blank lines); the real pipeline uses dyad-segment.

use dyad_doc::{Doc, DocMeta, Sentence, Span};
use dyad_lexicon::{actors::ActorLexicon, Sources};
use dyad_recognise::actors::ActorRecogniser;

fn naive_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len() {
        let end_here = (matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace()))
            || b[i] == b'\n';
        if end_here {
            if text.get(start..=i).is_some_and(|s| !s.trim().is_empty()) {
                out.push(Sentence {
                    span: Span::new(start, i + 1),
                    paragraph: 0,
                });
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(Sentence {
            span: Span::new(start, text.len()),
            paragraph: 0,
        });
    }
    out
}

/// A JSON string literal (the crate has no JSON dependency).
fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: actors FILE [YYYY-MM-DD]")?;
    let text = std::fs::read_to_string(path)?;
    let meta = DocMeta {
        published: match args.get(2) {
            Some(d) => Some(
                d.parse::<dyad_doc::PartialDate>()
                    .map_err(|e| format!("{e:?}"))?,
            ),
            None => None,
        },
        ..Default::default()
    };
    let lex = ActorLexicon::load(&Sources::builtin())?;
    let rec = ActorRecogniser::new(&lex);
    let mut doc = Doc::new("doc", text, meta);
    doc.sentences = naive_sentences(&doc.text);
    let t = std::time::Instant::now();
    rec.recognise(&mut doc);
    let dt = t.elapsed();
    for m in &doc.actors {
        let opt = |o: &Option<String>| o.as_deref().map_or("null".to_string(), json_str);
        println!(
            "{{\"start\":{},\"end\":{},\"sentence\":{},\"text\":{},\"code\":{},\"sector\":{},\"kind\":\"{:?}\",\"name\":{},\"group\":[{}],\"rule\":{}}}",
            doc.char_offset(m.span.start),
            doc.char_offset(m.span.end),
            m.sentence,
            json_str(doc.slice(m.span)),
            opt(&m.code),
            opt(&m.sector),
            m.kind,
            json_str(&m.name),
            m.group.iter().map(|g| json_str(g)).collect::<Vec<_>>().join(","),
            json_str(&m.rule),
        );
    }
    if std::env::var_os("DYAD_BENCH").is_some() {
        let reps = 200;
        let t = std::time::Instant::now();
        for _ in 0..reps {
            let mut d = doc.clone();
            rec.recognise(&mut d);
        }
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "{} bytes x {reps}: {:.1} MB/s (first run {:?})",
            doc.text.len(),
            (doc.text.len() * reps) as f64 / secs / 1e6,
            dt
        );
    }
    Ok(())
}
