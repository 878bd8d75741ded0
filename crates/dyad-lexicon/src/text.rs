//! Text-level knowledge: abbreviations (for sentence splitting) and page
//! furniture (lines that never reach sentences).
//!
//! - `abbreviations.tsv` — `abbreviation, kind`. `kind` is `title` (never ends
//!   a sentence: "Col.", "Gen.", "Mr."), `month` ("Nov.": ends a sentence
//!   only before a capitalised word that is not a day number) or `other`
//!   ("U.S.", "etc.": may end a sentence when the next word starts one).
//! - `furniture.tsv` — `pattern, what[, within]`. `pattern` is a regular
//!   expression (Rust `regex` syntax, matched case-insensitively against the
//!   whole trimmed line, or, when `within` gives a number N, anywhere in a
//!   line of at most N bytes); a matching line is page furniture.

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
    /// The compiled pattern: anchored to the whole line, or unanchored when
    /// `within` is set.
    pub pattern: regex::Regex,
    pub what: String,
    /// `Some(n)`: the pattern may occur anywhere in a line of at most `n`
    /// bytes ("a short line that mentions a newsletter"). Cheaper than a
    /// whole-line pattern with a bounded `.{0,n}` prefix, which makes the
    /// regex automaton large and slow.
    pub within: Option<usize>,
    pub origin: Origin,
}

impl FurnitureRule {
    /// Whether the rule matches a trimmed line.
    pub fn matches(&self, line: &str) -> bool {
        self.within.is_none_or(|n| line.len() <= n) && self.pattern.is_match(line)
    }

    /// The rule's captures on a trimmed line, if it matches.
    pub fn captures<'h>(&self, line: &'h str) -> Option<regex::Captures<'h>> {
        if self.within.is_some_and(|n| line.len() > n) {
            return None;
        }
        self.pattern.captures(line)
    }

    /// Whether a matching line is simply dropped (or starts the trailing
    /// block) rather than read for something (byline, caption, ...).
    pub fn drops_line(&self) -> bool {
        let what = self.what.trim();
        what == "trailing" || !READER_LABELS.contains(&what)
    }
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
    /// The whole-line rules that drop a line ([`FurnitureRule::drops_line`]),
    /// in one automaton: the reader tests every line of every article
    /// against them, and one pass is ~15× cheaper than one per rule.
    /// Built by [`TextLexicon::load`].
    drop_set: Option<DropSet>,
}

/// Whole-line drop rules compiled together.
#[derive(Debug, Clone)]
struct DropSet {
    set: regex::RegexSet,
    /// For each pattern of `set`, its index in `TextLexicon::furniture`.
    rules: Vec<usize>,
    /// The drop rules not in the set (`within` rules), tested one by one.
    others: Vec<usize>,
    /// `furniture.len()` when the set was built: a table changed afterwards
    /// is matched rule by rule instead.
    built_for: usize,
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
            &["pattern", "what", "within"],
        )? {
            let p = row.required(0, "pattern")?;
            let within = match row.get(2) {
                None => None,
                Some(n) => Some(
                    n.parse::<usize>()
                        .map_err(|_| row.error(format!("within '{n}' is not a number of bytes")))?,
                ),
            };
            let anchored = if within.is_some() {
                format!("(?:{p})")
            } else {
                format!("^(?:{p})$")
            };
            let pattern = regex::RegexBuilder::new(&anchored)
                .case_insensitive(true)
                .build()
                .map_err(|e| row.error(format!("bad regular expression: {e}")))?;
            let what = row.get(1).unwrap_or("furniture").to_string();
            check_label(&row, &what, &pattern)?;
            lex.furniture.push(FurnitureRule {
                pattern,
                what,
                within,
                origin: row.origin.clone(),
            });
        }
        lex.drop_set = Some(DropSet::build(&lex.furniture)?);
        Ok(lex)
    }

    /// The furniture rule a line matches, if any.
    pub fn furniture_rule(&self, line: &str) -> Option<&FurnitureRule> {
        let t = line.trim();
        self.furniture.iter().find(|r| r.matches(t))
    }

    /// The indexes (into `furniture`, ascending) of the drop rules
    /// ([`FurnitureRule::drops_line`]) that match a trimmed line.
    pub fn drop_rules_matching(&self, line: &str) -> Vec<usize> {
        let t = line.trim();
        let mut hits: Vec<usize> = match &self.drop_set {
            Some(d) if d.built_for == self.furniture.len() => {
                let mut h: Vec<usize> = d
                    .set
                    .matches(t)
                    .into_iter()
                    .filter_map(|i| d.rules.get(i).copied())
                    .collect();
                h.extend(
                    d.others
                        .iter()
                        .copied()
                        .filter(|&i| self.furniture.get(i).is_some_and(|r| r.matches(t))),
                );
                h
            }
            _ => (0..self.furniture.len())
                .filter(|&i| self.furniture[i].drops_line() && self.furniture[i].matches(t))
                .collect(),
        };
        hits.sort_unstable();
        hits
    }

    pub fn summary(&self) -> Vec<(String, usize)> {
        vec![
            ("abbreviations".into(), self.abbreviations.len()),
            ("furniture rules".into(), self.furniture.len()),
        ]
    }
}

impl DropSet {
    fn build(furniture: &[FurnitureRule]) -> Result<Self, LexiconError> {
        let (mut rules, mut others) = (vec![], vec![]);
        for (i, r) in furniture.iter().enumerate() {
            match (r.drops_line(), r.within) {
                (true, None) => rules.push(i),
                (true, Some(_)) => others.push(i),
                _ => {}
            }
        }
        let set = regex::RegexSetBuilder::new(
            rules
                .iter()
                .filter_map(|&i| furniture.get(i))
                .map(|r| r.pattern.as_str()),
        )
        .case_insensitive(true)
        .build()
        .map_err(|e| LexiconError::File {
            file: "furniture.tsv".to_string(),
            message: format!("the drop rules do not combine into one automaton: {e}"),
        })?;
        Ok(DropSet {
            set,
            rules,
            others,
            built_for: furniture.len(),
        })
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
        assert!(load("pattern\twhat\twithin\nskip to .*\tskip link\n").is_ok());
        let e = load("pattern\twhat\twithin\nfoo\tcaption-credit\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "furniture.tsv:2: label 'caption-credit': write it as 'caption credit'"
        );
        let e = load("pattern\twhat\twithin\nby (.*)\tbyline\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("furniture.tsv:2: label 'byline' needs"),
            "{e}"
        );
        let e = load("pattern\twhat\twithin\n(unclosed\tx\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("furniture.tsv:2: bad regular expression"),
            "{e}"
        );
        let e = load("pattern\twhat\twithin\nfoo\tpromo\tshort\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("furniture.tsv:2: within 'short'"), "{e}");
    }

    #[test]
    fn within_rules_match_anywhere_in_short_lines_only() {
        let lex = load("pattern\twhat\twithin\nnewsletter\tpromo\t40\nshare\tshare\t-\n").unwrap();
        assert_eq!(lex.drop_rules_matching("Get our newsletter today"), vec![0]);
        let long = format!("{} newsletter", "word ".repeat(10));
        assert!(lex.drop_rules_matching(&long).is_empty());
        // A whole-line rule still needs the whole line.
        assert_eq!(lex.drop_rules_matching("  Share "), vec![1]);
        assert!(lex.drop_rules_matching("Share this").is_empty());
    }

    #[test]
    fn the_one_pass_set_agrees_with_rule_by_rule_matching_on_the_builtin_table() {
        let lex = TextLexicon::load(&Sources::builtin()).unwrap();
        let mut slow = lex.clone();
        slow.drop_set = None;
        for line in [
            "Skip to content",
            "Share on Facebook",
            "Related articles",
            "Sign up for our daily newsletter",
            "Photo: Getty Images",
            "Reporting by Jane Roe; editing by John Doe",
            "12 comments",
            "Russia and North Korea signed a treaty on Wednesday.",
            "",
        ] {
            assert_eq!(
                lex.drop_rules_matching(line),
                slow.drop_rules_matching(line),
                "{line}"
            );
        }
        assert!(!lex.drop_rules_matching("Skip to content").is_empty());
        assert!(lex
            .drop_rules_matching("Russia and North Korea signed a treaty on Wednesday.")
            .is_empty());
    }
}
