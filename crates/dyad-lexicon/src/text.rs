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

/// Labels of `furniture.tsv` that the reader interprets; any other label
/// means "drop the line".
pub const READER_LABELS: &[&str] = &[
    "trailing",
    "caption credit",
    "byline",
    "dateline",
    "html class",
    "html class weak",
    "date stamp",
];

/// Catches a misspelt reader label and a label whose pattern lacks the named
/// group the reader takes from it.
fn check_label(row: &table::Row, what: &str, pattern: &regex::Regex) -> Result<(), LexiconError> {
    let norm = what.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    if !READER_LABELS.contains(&what.trim()) && READER_LABELS.contains(&norm.as_str()) {
        return Err(row.error(format!("label '{what}': write it as '{norm}'")));
    }
    let has = |g: &str| pattern.capture_names().flatten().any(|n| n == g);
    match what.trim() {
        "caption credit" if !has("keep") => {
            Err(row.error("label 'caption credit' needs a (?P<keep>...) group"))
        }
        "dateline" if !has("date") => {
            Err(row.error("label 'dateline' needs a (?P<date>...) group"))
        }
        "byline" if !has("author") && !has("date") => {
            Err(row.error("label 'byline' needs (?P<author>...) or (?P<date>...)"))
        }
        _ => Ok(()),
    }
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
            check_label(&row, &what, &pattern)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(furniture: &str) -> Result<TextLexicon, LexiconError> {
        let mut src = Sources::builtin();
        src.set("furniture.tsv", furniture);
        TextLexicon::load(&src)
    }

    #[test]
    fn furniture_labels_are_checked_with_file_and_line() {
        assert!(load("pattern\twhat\nskip to .*\tskip link\n").is_ok());
        let e = load("pattern\twhat\nfoo\tcaption-credit\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "furniture.tsv:2: label 'caption-credit': write it as 'caption credit'"
        );
        let e = load("pattern\twhat\nby (.*)\tbyline\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("furniture.tsv:2: label 'byline' needs"),
            "{e}"
        );
        let e = load("pattern\twhat\n(unclosed\tx\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("furniture.tsv:2: bad regular expression"),
            "{e}"
        );
    }
}
