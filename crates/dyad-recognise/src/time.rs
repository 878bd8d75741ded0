//! Time recognition in a Doc (placeholder until the time work lands).
use dyad_doc::Doc;
use dyad_lexicon::time::TimeLexicon;

pub struct TimeTagger {}

impl TimeTagger {
    pub fn new(_lex: &TimeLexicon) -> Self {
        TimeTagger {}
    }
    pub fn recognise(&self, _doc: &mut Doc) {}
}
