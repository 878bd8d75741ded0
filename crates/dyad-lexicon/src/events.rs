//! Event knowledge: triggers and status cues. (Being filled in by the
//! event-coding work.)

use crate::{LexiconError, Sources};

#[derive(Debug, Clone, Default)]
pub struct EventLexicon {}

impl EventLexicon {
    pub fn load(_src: &Sources) -> Result<Self, LexiconError> {
        Ok(EventLexicon {})
    }

    pub fn summary(&self) -> Vec<(String, usize)> {
        vec![]
    }
}
