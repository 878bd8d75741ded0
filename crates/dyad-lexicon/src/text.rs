//! Text-level knowledge: abbreviations (for sentence splitting) and page
//! furniture (lines that never reach sentences).
//!
//! - `abbreviations.tsv` — `abbreviation, kind`. `kind` is `title` (never ends
//!   a sentence: "Col.", "Gen.", "Mr."), `month` ("Nov.": ends a sentence
//!   only before a capitalised word that is not a day number) or `other`
//!   ("U.S.", "etc.": may end a sentence when the next word starts one).
//! - `furniture.tsv` — `pattern, what`. `pattern` is a regular expression
//!   (Rust `regex` syntax, matched case-insensitively against the whole
//!   trimmed line); a matching line is page furniture.

use crate::table::{self, Origin};
use crate::{LexiconError, Sources};

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    Title,
    Month,
    Other,
}

#[derive(Debug, Clone)]
pub struct Abbreviation {
    /// The abbreviation with its final period ("Gen.").
    pub text: String,
    pub kind: AbbrevKind,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct FurnitureRule {
    pub pattern: regex::Regex,
    pub what: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct TextLexicon {
    pub abbreviations: Vec<Abbreviation>,
    pub furniture: Vec<FurnitureRule>,
}

impl TextLexicon {
    pub fn load(src: &Sources) -> Result<Self, LexiconError> {
        let mut lex = TextLexicon::default();
        for row in table::parse(
            "abbreviations.tsv",
            src.get("abbreviations.tsv"),
            &["abbreviation", "kind"],
        )? {
            let text = row.required(0, "abbreviation")?.to_string();
            if !text.ends_with('.') {
                return Err(row.error(format!("abbreviation '{text}' must end with '.'")));
            }
            let kind = match row.required(1, "kind")? {
                "title" => AbbrevKind::Title,
                "month" => AbbrevKind::Month,
                "other" => AbbrevKind::Other,
                k => return Err(row.error(format!("kind '{k}' is not one of title, month, other"))),
            };
            lex.abbreviations.push(Abbreviation {
                text,
                kind,
                origin: row.origin.clone(),
            });
        }
        for row in table::parse(
            "furniture.tsv",
            src.get("furniture.tsv"),
            &["pattern", "what"],
        )? {
            let p = row.required(0, "pattern")?;
            let pattern = regex::RegexBuilder::new(&format!("^(?:{p})$"))
                .case_insensitive(true)
                .build()
                .map_err(|e| row.error(format!("bad regular expression: {e}")))?;
            let what = row.get(1).unwrap_or("furniture").to_string();
            lex.furniture.push(FurnitureRule {
                pattern,
                what,
                origin: row.origin.clone(),
            });
        }
        Ok(lex)
    }

    /// The furniture rule a line matches, if any.
    pub fn furniture_rule(&self, line: &str) -> Option<&FurnitureRule> {
        let t = line.trim();
        self.furniture.iter().find(|r| r.pattern.is_match(t))
    }

    pub fn summary(&self) -> Vec<(String, usize)> {
        vec![
            ("abbreviations".into(), self.abbreviations.len()),
            ("furniture rules".into(), self.furniture.len()),
        ]
    }
}
