//! Shared helpers for the actor tests (included with `mod`).
#![allow(dead_code)]

use dyad_doc::{ActorMention, Doc, DocMeta, PartialDate, Sentence, Span};
use dyad_lexicon::{actors::ActorLexicon, Sources};
use dyad_recognise::actors::ActorRecogniser;
use std::sync::OnceLock;

pub fn recogniser() -> &'static ActorRecogniser {
    static R: OnceLock<ActorRecogniser> = OnceLock::new();
    R.get_or_init(|| {
        let lex = ActorLexicon::load(&Sources::builtin()).unwrap_or_else(|e| panic!("{e}"));
        ActorRecogniser::new(&lex)
    })
}

/// A trivial splitter: ends at . ! ? before whitespace, and at newlines.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len() {
        let end = (matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace()))
            || b[i] == b'\n';
        if end {
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

pub fn run(text: &str, published: Option<&str>) -> Doc {
    let meta = DocMeta {
        published: published.map(|p| p.parse::<PartialDate>().unwrap_or_else(|_| panic!("{p}"))),
        ..Default::default()
    };
    let mut doc = Doc::new("t", text, meta);
    doc.sentences = sentences(&doc.text);
    recogniser().recognise(&mut doc);
    doc
}

/// The mention whose text is exactly `surface` (the first one).
pub fn find<'a>(doc: &'a Doc, surface: &str) -> &'a ActorMention {
    doc.actors
        .iter()
        .find(|m| doc.slice(m.span) == surface)
        .unwrap_or_else(|| {
            let all: Vec<String> = doc
                .actors
                .iter()
                .map(|m| format!("{:?}={:?}/{:?}", doc.slice(m.span), m.code, m.sector))
                .collect();
            panic!("no mention '{surface}' in {all:?}")
        })
}

/// The first mention whose text contains `needle`.
pub fn containing<'a>(doc: &'a Doc, needle: &str) -> Option<&'a ActorMention> {
    doc.actors
        .iter()
        .find(|m| doc.slice(m.span).contains(needle))
}

pub fn code_sector(m: &ActorMention) -> (Option<&str>, Option<&str>) {
    (m.code.as_deref(), m.sector.as_deref())
}
