//! The whole per-document pipeline: read → segment → recognise → code.
//!
//! [`Pipeline`] is built once from a [`Lexicon`] (building the automata and
//! indexes is the expensive part) and then turns inputs into annotated
//! [`Doc`]s. It holds no mutable state, so one pipeline can serve many
//! threads; documents are independent of each other.

use dyad_code::Coder;
use dyad_doc::{Doc, PartialDate, PublishedBasis};
use dyad_lexicon::Lexicon;
use dyad_read::{ReadError, ReadOptions};
use dyad_recognise::Recogniser;
use dyad_segment::Segmenter;
use std::path::Path;

pub use dyad_read::{collect_inputs, parse_date_string, walk_inputs, Walk};

/// Everything that turns bytes into an annotated document.
pub struct Pipeline {
    lexicon: Lexicon,
    segmenter: Segmenter,
    recogniser: Recogniser,
    coder: Coder,
    /// Reading limits (maximum input size).
    pub read_options: ReadOptions,
}

impl Pipeline {
    /// Builds every stage from the lexicon.
    pub fn new(lexicon: Lexicon) -> Self {
        Pipeline {
            segmenter: Segmenter::new(&lexicon.text),
            recogniser: Recogniser::new(&lexicon),
            coder: Coder::new(&lexicon),
            lexicon,
            read_options: ReadOptions::default(),
        }
    }

    /// The lexicon the pipeline was built from.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Reads and annotates one input. `published` overrides any date the
    /// document states (`--published`).
    pub fn annotate_bytes(
        &self,
        name: &str,
        path: Option<&Path>,
        bytes: &[u8],
        published: Option<PartialDate>,
    ) -> Result<Doc, ReadError> {
        let mut doc =
            dyad_read::read_document(name, path, bytes, &self.lexicon.text, &self.read_options)?;
        doc.path = path.map(|p| p.display().to_string());
        if let Some(p) = published {
            doc.meta.published = Some(p);
            doc.meta.published_basis = PublishedBasis::Override;
        }
        self.annotate_doc(&mut doc);
        Ok(doc)
    }

    /// Runs segment → recognise → code on a document the reader produced.
    pub fn annotate_doc(&self, doc: &mut Doc) {
        self.segmenter.segment(doc);
        self.recogniser.recognise(doc);
        self.coder.code(doc);
    }

    /// Annotates a bare piece of text (no cleaning, no metadata search):
    /// what `dyad explain "SENTENCE"` runs.
    pub fn annotate_text(&self, name: &str, text: &str, published: Option<PartialDate>) -> Doc {
        let mut doc = Doc::new(name, text, Default::default());
        if let Some(p) = published {
            doc.meta.published = Some(p);
            doc.meta.published_basis = PublishedBasis::Override;
        }
        self.annotate_doc(&mut doc);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline::new(Lexicon::builtin().unwrap_or_else(|e| panic!("{e}")))
    }

    #[test]
    fn text_in_events_out_with_quotes_at_their_offsets() {
        let text = "Example Times\n\nBy A. Writer\nMarch 4, 2024\n\nGermany signed a treaty with France on Monday. Officials in Paris welcomed it.\n";
        let doc = pipeline()
            .annotate_bytes("sample", None, text.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!doc.sentences.is_empty());
        for r in doc.event_records() {
            let chars: Vec<char> = doc.text.chars().collect();
            let quote: String = chars[r.start..r.end].iter().collect();
            assert_eq!(quote, r.quote);
        }
    }

    #[test]
    fn published_override_wins() {
        let p: PartialDate = "2020-01-02".parse().unwrap_or_else(|e| panic!("{e}"));
        let doc = pipeline().annotate_text("x", "Japan met Korea last year.", Some(p));
        assert_eq!(doc.meta.published, Some(p));
        assert_eq!(doc.meta.published_basis, PublishedBasis::Override);
    }
}
