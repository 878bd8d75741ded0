//! Shared setup and invariants for the fuzz targets.

use dyad_doc::{Doc, Span};
use dyad_lexicon::Lexicon;
use std::sync::OnceLock;

/// The built-in lexicon, loaded once per fuzzing process.
#[allow(dead_code)]
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::builtin().expect("the built-in lexicon loads"))
}

/// A span is a valid, char-aligned range of `text`.
fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(
        span.end <= text.len(),
        "{what}: span {span:?} past the text ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
}

/// Every annotation of a read or annotated document points inside its text,
/// on char boundaries, and sentence/paragraph indexes are in range.
#[allow(dead_code)]
pub fn check_doc(doc: &Doc) {
    let t = doc.text.as_str();
    for p in &doc.paragraphs {
        check_span(t, p.span, "paragraph");
    }
    for s in &doc.sentences {
        check_span(t, s.span, "sentence");
        assert!(
            s.paragraph < doc.paragraphs.len().max(1),
            "sentence paragraph index"
        );
    }
    let ns = doc.sentences.len();
    for a in &doc.actors {
        check_span(t, a.span, "actor");
        assert!(a.sentence < ns, "actor sentence index");
    }
    for m in &doc.times {
        check_span(t, m.span, "time");
        assert!(m.sentence < ns, "time sentence index");
    }
    for q in &doc.quantities {
        check_span(t, q.span, "quantity");
        assert!(q.sentence < ns, "quantity sentence index");
    }
    for e in &doc.events {
        check_span(t, e.quote_span, "event quote");
        check_span(t, e.trigger_span, "event trigger");
        assert!(e.sentence < ns, "event sentence index");
    }
}
