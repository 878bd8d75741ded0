//! Actor knowledge: countries, aliases, metonyms, organisations, blocs,
//! people and role words. (Being filled in by the actors work.)

use crate::{LexiconError, Sources};

#[derive(Debug, Clone, Default)]
pub struct ActorLexicon {}

impl ActorLexicon {
    pub fn load(_src: &Sources) -> Result<Self, LexiconError> {
        Ok(ActorLexicon {})
    }

    pub fn summary(&self) -> Vec<(String, usize)> {
        vec![]
    }
}
