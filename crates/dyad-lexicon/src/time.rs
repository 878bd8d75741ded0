//! Time and quantity knowledge: named eras, quantity units and tense words.
//!
//! - `eras.tsv` — `names, start, end, note`. A named period ("the Cold War",
//!   "the Crimea crisis"). When `start` and `end` are the same year the
//!   name dates an event to that year; a span of several years dates
//!   nothing (the event gets no date rather than a wrong one). `end` may be
//!   `-` for an era not over yet: it dates only texts of its first year. A
//!   name may stand in several rows (events of one name at different
//!   times): a text means the latest that began by its own date.
//! - `units.tsv` — `unit, forms, note`. What a number counts: `unit` is the
//!   normalised name written into events ("troops", "USD"), `forms` the
//!   words that follow a number in text ("soldiers|troops|servicemen").
//! - `tense.tsv` — `word, kind, note`. The word lists of the tense rules
//!   (`dyad-time`): irregular past forms (`past`), words in -ed that are no
//!   past verbs (`not-past`), reporting verbs (`report`) and words after
//!   which "to" marks a plan (`plan`). A word may have several kinds.

use crate::table::{self, Origin};
use crate::{LexiconError, Sources};

#[derive(Debug, Clone)]
pub struct Era {
    pub names: Vec<String>,
    pub start: i32,
    /// The last year; `start` for an ongoing era.
    pub end: i32,
    /// `end` was written `-`: the era has not ended.
    pub ongoing: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub unit: String,
    pub forms: Vec<String>,
    pub origin: Origin,
}

/// Which list of the tense rules a word of `tense.tsv` is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TenseKind {
    /// An irregular past form ("said", "met"): a past cue.
    Past,
    /// A word in -ed that is usually an adjective or a noun ("united"):
    /// no past cue.
    NotPast,
    /// A reporting verb ("said", "announces"): dates the report.
    Report,
    /// "to" after it marks a plan ("plans to"): a future cue.
    Plan,
}

impl TenseKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "past" => TenseKind::Past,
            "not-past" => TenseKind::NotPast,
            "report" => TenseKind::Report,
            "plan" => TenseKind::Plan,
            _ => return None,
        })
    }
}

/// One row of `tense.tsv`.
#[derive(Debug, Clone)]
pub struct TenseWord {
    /// Lower case, one word, straight apostrophe.
    pub word: String,
    pub kind: TenseKind,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct TimeLexicon {
    pub eras: Vec<Era>,
    pub units: Vec<Unit>,
    pub tense: Vec<TenseWord>,
}

impl TimeLexicon {
    pub fn load(src: &Sources) -> Result<Self, LexiconError> {
        let mut lex = TimeLexicon::default();
        for row in table::parse(
            "eras.tsv",
            src.get("eras.tsv"),
            &["names", "start", "end", "note"],
        )? {
            let names: Vec<String> = row.list(0).into_iter().map(String::from).collect();
            if names.is_empty() {
                return Err(row.error("column 'names' must not be empty"));
            }
            let year = |i: usize, col: &str| -> Result<i32, LexiconError> {
                row.required(i, col)?
                    .parse::<i32>()
                    .map_err(|_| row.error(format!("'{col}' must be a year")))
            };
            let start = year(1, "start")?;
            let ongoing = row.get(2).is_none();
            let end = if ongoing { start } else { year(2, "end")? };
            if end < start {
                return Err(row.error("'end' is before 'start'"));
            }
            lex.eras.push(Era {
                names,
                start,
                end,
                ongoing,
                origin: row.origin.clone(),
            });
        }
        for row in table::parse(
            "units.tsv",
            src.get("units.tsv"),
            &["unit", "forms", "note"],
        )? {
            let unit = row.required(0, "unit")?.to_string();
            let forms: Vec<String> = row.list(1).into_iter().map(String::from).collect();
            if forms.is_empty() {
                return Err(row.error("column 'forms' must not be empty"));
            }
            lex.units.push(Unit {
                unit,
                forms,
                origin: row.origin.clone(),
            });
        }
        let mut seen = std::collections::HashSet::new();
        for row in table::parse("tense.tsv", src.get("tense.tsv"), &["word", "kind", "note"])? {
            let word = row.required(0, "word")?;
            if word.split_whitespace().count() != 1
                || word != word.to_lowercase()
                || word.contains('\u{2019}')
            {
                return Err(row.error(format!(
                    "'{word}' must be one lower-case word with a straight apostrophe"
                )));
            }
            let kind_text = row.required(1, "kind")?;
            let kind = TenseKind::parse(kind_text).ok_or_else(|| {
                row.error(format!(
                    "kind '{kind_text}' is not one of past, not-past, report, plan"
                ))
            })?;
            if !seen.insert((word.to_string(), kind)) {
                return Err(row.error(format!("'{word}' is listed twice as {kind_text}")));
            }
            lex.tense.push(TenseWord {
                word: word.to_string(),
                kind,
                origin: row.origin.clone(),
            });
        }
        Ok(lex)
    }

    pub fn summary(&self) -> Vec<(String, usize)> {
        vec![
            ("eras".into(), self.eras.len()),
            ("quantity units".into(), self.units.len()),
            ("tense words".into(), self.tense.len()),
        ]
    }
}
