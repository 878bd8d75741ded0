//! Quantity recognition (placeholder until the quantities work lands).
use dyad_doc::Doc;
use dyad_lexicon::time::TimeLexicon;

pub struct QuantityTagger {}

impl QuantityTagger {
    pub fn new(_lex: &TimeLexicon) -> Self {
        QuantityTagger {}
    }
    pub fn recognise(&self, _doc: &mut Doc) {}
}
