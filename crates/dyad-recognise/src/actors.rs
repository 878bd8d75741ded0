//! Actor recognition (placeholder until the actors work lands).
use dyad_doc::Doc;
use dyad_lexicon::actors::ActorLexicon;

pub struct ActorRecogniser {}

impl ActorRecogniser {
    pub fn new(_lex: &ActorLexicon) -> Self {
        ActorRecogniser {}
    }
    pub fn recognise(&self, _doc: &mut Doc) {}
}
