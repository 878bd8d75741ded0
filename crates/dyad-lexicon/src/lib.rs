//! dyad's knowledge, as data an analyst can edit.
//!
//! The lexicon is a folder of plain files (see `lexicon/README.md` in the
//! repository for the format of each). dyad ships a built-in copy compiled
//! into the binary; `--lexicon DIR` replaces any file of it by the file of
//! the same name in `DIR`. [`Lexicon::load`] validates everything and names
//! the file and line of the first problem; `dyad lexicon check` calls it.
//!
//! Each module owns its files:
//! - [`actors`]: countries, aliases, capitals and metonyms, organisations,
//!   blocs, people and role words.
//! - [`events`]: event triggers and the cue words for status (reporting,
//!   denial, speculation, plans, negation).
//! - [`text`]: abbreviations for sentence splitting and page-furniture lines.
//! - [`time`]: era words, quantity units and tense words.

pub mod actors;
pub mod events;
pub mod table;
pub mod text;
pub mod time;

pub use table::Origin;

use std::collections::BTreeMap;
use std::path::Path;

/// An error in a lexicon file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {message}")]
    Entry {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

/// The built-in lexicon files, compiled into the binary.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "countries.json",
        include_str!("../../../lexicon/countries.json"),
    ),
    ("actors.tsv", include_str!("../../../lexicon/actors.tsv")),
    ("people.tsv", include_str!("../../../lexicon/people.tsv")),
    (
        "actors-phoenix.tsv",
        include_str!("../../../lexicon/actors-phoenix.tsv"),
    ),
    (
        "people-phoenix.tsv",
        include_str!("../../../lexicon/people-phoenix.tsv"),
    ),
    ("roles.tsv", include_str!("../../../lexicon/roles.tsv")),
    (
        "triggers.tsv",
        include_str!("../../../lexicon/triggers.tsv"),
    ),
    (
        "triggers-cameo.tsv",
        include_str!("../../../lexicon/triggers-cameo.tsv"),
    ),
    ("cues.tsv", include_str!("../../../lexicon/cues.tsv")),
    ("verbs.tsv", include_str!("../../../lexicon/verbs.tsv")),
    (
        "abbreviations.tsv",
        include_str!("../../../lexicon/abbreviations.tsv"),
    ),
    (
        "furniture.tsv",
        include_str!("../../../lexicon/furniture.tsv"),
    ),
    ("eras.tsv", include_str!("../../../lexicon/eras.tsv")),
    ("units.tsv", include_str!("../../../lexicon/units.tsv")),
    ("tense.tsv", include_str!("../../../lexicon/tense.tsv")),
    ("topics.tsv", include_str!("../../../lexicon/topics.tsv")),
];

/// The raw text of every lexicon file, by file name.
#[derive(Debug, Clone)]
pub struct Sources {
    files: BTreeMap<String, String>,
}

impl Sources {
    /// The built-in files.
    pub fn builtin() -> Self {
        Sources {
            files: BUILTIN_FILES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    }

    /// The built-in files, with every known file found in `dir` replacing its
    /// built-in namesake.
    pub fn with_dir(dir: &Path) -> Result<Self, LexiconError> {
        let mut s = Self::builtin();
        if !dir.is_dir() {
            return Err(LexiconError::File {
                file: dir.display().to_string(),
                message: "not a folder".into(),
            });
        }
        for (name, _) in BUILTIN_FILES {
            let p = dir.join(name);
            if p.exists() {
                let text = std::fs::read_to_string(&p).map_err(|e| LexiconError::File {
                    file: p.display().to_string(),
                    message: e.to_string(),
                })?;
                s.files.insert(name.to_string(), text);
            }
        }
        Ok(s)
    }

    /// Replaces one file's text (for tests and tools that build a lexicon
    /// in memory).
    pub fn set(&mut self, name: &str, text: &str) {
        self.files.insert(name.to_string(), text.to_string());
    }

    /// One file's text ("" when missing).
    pub fn get(&self, name: &str) -> &str {
        self.files.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Every lexicon table, loaded and validated.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub actors: actors::ActorLexicon,
    pub events: events::EventLexicon,
    pub text: text::TextLexicon,
    pub time: time::TimeLexicon,
}

impl Lexicon {
    /// Loads and validates every table.
    pub fn load(sources: &Sources) -> Result<Self, LexiconError> {
        // The text tables build the furniture automaton, the longest part
        // of loading: on a thread of their own while the others load.
        let (actors, events, text, time) = std::thread::scope(|s| {
            let text = s.spawn(|| text::TextLexicon::load(sources));
            let actors = actors::ActorLexicon::load(sources);
            let events = events::EventLexicon::load(sources);
            let time = time::TimeLexicon::load(sources);
            let text = text.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (actors, events, text, time)
        });
        // Errors in the same order as when the tables loaded one by one.
        Ok(Lexicon {
            actors: actors?,
            events: events?,
            text: text?,
            time: time?,
        })
    }

    /// The built-in lexicon.
    pub fn builtin() -> Result<Self, LexiconError> {
        Self::load(&Sources::builtin())
    }

    /// A one-line count of entries per table, for `dyad lexicon check`.
    pub fn summary(&self) -> Vec<(String, usize)> {
        let mut v = self.actors.summary();
        v.extend(self.events.summary());
        v.extend(self.text.summary());
        v.extend(self.time.summary());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_is_valid() {
        let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            lex.summary().iter().all(|(_, n)| *n > 0),
            "{:?}",
            lex.summary()
        );
    }

    #[test]
    fn a_bad_tense_word_names_its_file_and_line() {
        let head = "word\tkind\tnote\n";
        for (body, want) in [
            ("said\tpasst\t-\n", "tense.tsv:2: kind 'passt'"),
            (
                "said\tpast\t-\nsaid\tpast\t-\n",
                "tense.tsv:3: 'said' is listed twice",
            ),
            (
                "Said\tpast\t-\n",
                "tense.tsv:2: 'Said' must be one lower-case word",
            ),
        ] {
            let mut src = Sources::builtin();
            src.set("tense.tsv", &format!("{head}{body}"));
            let err = Lexicon::load(&src).map(|_| ()).unwrap_err().to_string();
            assert!(err.starts_with(want), "{err}");
        }
    }

    #[test]
    fn generated_triggers_load_after_the_hand_written_ones() {
        let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
        let g = &lex.events.generated;
        assert!(g.kept > 1000, "{g:?}");
        let first_generated = lex.events.triggers.len() - g.kept;
        assert!(lex.events.triggers[..first_generated]
            .iter()
            .all(|t| t.origin.file == "triggers.tsv"));
        assert!(lex.events.triggers[first_generated..]
            .iter()
            .all(|t| t.origin.file == events::GENERATED_TRIGGERS));
    }

    #[test]
    fn a_hand_entry_wins_over_a_generated_one() {
        let head = "pattern\ttype\tmode\ttarget\tflags\tnote\n";
        let mut src = Sources::builtin();
        src.set(
            "triggers.tsv",
            &format!("{head}rebuke+\tACCUSE\t-\tobj\t-\thand\n"),
        );
        src.set(
            events::GENERATED_TRIGGERS,
            &format!(
                "{head}rebuke+\tASSAULT\t-\tobj\t-\tgen\n\
                 rebuke+ * envoy~\tSANCTION\t-\tobj\t-\tgen\n\
                 shell+\tASSAULT\t-\tobj\t-\tgen\n"
            ),
        );
        let lex = Lexicon::load(&src).unwrap_or_else(|e| panic!("{e}"));
        let types: Vec<_> = lex
            .events
            .triggers
            .iter()
            .map(|t| (t.text.as_str(), t.event_type.to_string()))
            .collect();
        assert_eq!(
            types,
            vec![
                ("rebuke+", "ACCUSE".to_string()),
                ("shell+", "ASSAULT".to_string())
            ]
        );
        let g = &lex.events.generated;
        assert_eq!((g.read, g.kept, g.covered), (3, 1, 2));
        assert_eq!(g.conflicts.len(), 1, "{:?}", g.conflicts);
        // An empty generated file disables it.
        src.set(events::GENERATED_TRIGGERS, "");
        let lex = Lexicon::load(&src).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lex.events.triggers.len(), 1);
    }
}
