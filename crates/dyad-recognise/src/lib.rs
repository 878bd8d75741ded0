//! Recognition: actors, temporal expressions and quantities in a segmented
//! [`Doc`], and coreference among actor mentions.
//!
//! Input: a `Doc` with `text`, `meta`, `paragraphs` and `sentences`.
//! Output: the same `Doc` with `actors`, `times` and `quantities` filled,
//! each mention carrying its span, its sentence, its resolution and the
//! lexicon entry or rule behind it.

pub mod actors;
pub mod quantity;
pub mod time;

use dyad_doc::Doc;
use dyad_lexicon::Lexicon;

/// The recognisers, built once from a lexicon and reused for every document.
pub struct Recogniser {
    pub actors: actors::ActorRecogniser,
    pub time: time::TimeTagger,
    pub quantity: quantity::QuantityTagger,
}

impl Recogniser {
    pub fn new(lex: &Lexicon) -> Self {
        Recogniser {
            actors: actors::ActorRecogniser::new(&lex.actors),
            time: time::TimeTagger::new(&lex.time),
            quantity: quantity::QuantityTagger::new(&lex.time),
        }
    }

    /// Fills `doc.actors`, `doc.times` and `doc.quantities`.
    ///
    /// Time comes first: it infers a missing publication date, which the
    /// actor stage needs to date office-holders' roles ("Shoigu" in 2023 is
    /// MIL, in 2025 GOV). Quantities come after time so that years and dates
    /// are not read as numbers.
    pub fn recognise(&self, doc: &mut Doc) {
        self.time.recognise(doc);
        self.actors.recognise(doc);
        self.quantity.recognise(doc);
    }
}
