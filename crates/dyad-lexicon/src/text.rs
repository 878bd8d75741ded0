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
//! - `topics.tsv` — `phrase, topic, note`: words that mark a sport or
//!   entertainment page, whose country names stand for teams and players.

use crate::table::{self, Origin};
use crate::{LexiconError, Sources};
use std::sync::OnceLock;

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
    /// The pattern as it is compiled (case-insensitively): anchored to the
    /// whole line, or unanchored when `within` is set.
    source: String,
    /// The compiled pattern, made on first use: the whole-line drop rules
    /// are matched through one set and seldom alone (`dyad explain` asks
    /// which rule dropped a line), and the others compile on a worker
    /// thread, not before any work can start. Compiling all of them in
    /// [`TextLexicon::load`] was half of dyad's start-up. `None` if it does
    /// not compile, which [`TextLexicon::compile_all`] (`dyad lexicon
    /// check`) reports.
    compiled: OnceLock<Option<regex::Regex>>,
    pub what: String,
    /// `Some(n)`: the pattern may occur anywhere in a line of at most `n`
    /// bytes ("a short line that mentions a newsletter"). Cheaper than a
    /// whole-line pattern with a bounded `.{0,n}` prefix, which makes the
    /// regex automaton large and slow.
    pub within: Option<usize>,
    pub origin: Origin,
}

impl FurnitureRule {
    /// The pattern as compiled (see `source`).
    pub fn pattern(&self) -> &str {
        &self.source
    }

    fn regex(&self) -> Option<&regex::Regex> {
        self.compiled
            .get_or_init(|| compile(&self.source).ok())
            .as_ref()
    }

    /// Whether the rule matches a trimmed line.
    pub fn matches(&self, line: &str) -> bool {
        self.within.is_none_or(|n| line.len() <= n)
            && self.regex().is_some_and(|r| r.is_match(line))
    }

    /// The rule's captures on a trimmed line, if it matches.
    pub fn captures<'h>(&self, line: &'h str) -> Option<regex::Captures<'h>> {
        if self.within.is_some_and(|n| line.len() > n) {
            return None;
        }
        self.regex()?.captures(line)
    }

    /// Whether a matching line is simply dropped (or starts the trailing
    /// block) rather than read for something (byline, caption, ...).
    pub fn drops_line(&self) -> bool {
        is_drop_label(&self.what)
    }
}

/// Whether a rule with this label drops the line (see
/// [`FurnitureRule::drops_line`]).
fn is_drop_label(what: &str) -> bool {
    let what = what.trim();
    what == "trailing" || !READER_LABELS.contains(&what)
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
    "date prefix",
];

/// A furniture pattern compiled as the reader matches it.
fn compile(source: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(source)
        .case_insensitive(true)
        .build()
}

/// The names of the named groups of a parsed pattern, in `out`.
fn capture_names(hir: &regex_syntax::hir::Hir, out: &mut Vec<String>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(c) => {
            out.extend(c.name.as_deref().map(str::to_string));
            capture_names(&c.sub, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                capture_names(sub, out);
            }
        }
        HirKind::Repetition(r) => capture_names(&r.sub, out),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

/// Catches a misspelt reader label and a label whose pattern lacks the named
/// group the reader takes from it (`groups`: the pattern's group names).
fn check_label(row: &table::Row<'_>, what: &str, groups: &[String]) -> Result<(), LexiconError> {
    let norm = what.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    if !READER_LABELS.contains(&what.trim()) && READER_LABELS.contains(&norm.as_str()) {
        return Err(row.error(format!("label '{what}': write it as '{norm}'")));
    }
    let has = |g: &str| groups.iter().any(|n| n == g);
    match what.trim() {
        "caption credit" if !has("keep") => {
            Err(row.error("label 'caption credit' needs a (?P<keep>...) group"))
        }
        "dateline" if !has("date") => {
            Err(row.error("label 'dateline' needs a (?P<date>...) group"))
        }
        "date prefix" if !has("date") || !has("keep") => {
            Err(row.error("label 'date prefix' needs (?P<date>...) and (?P<keep>...) groups"))
        }
        "byline" if !has("author") && !has("date") => {
            Err(row.error("label 'byline' needs (?P<author>...) or (?P<date>...)"))
        }
        _ => Ok(()),
    }
}

/// The topics `topics.tsv` may name.
pub const TOPICS: &[&str] = &["sport", "entertainment"];

/// A word or phrase that marks a page as off-topic (`topics.tsv`).
#[derive(Debug, Clone, PartialEq)]
pub struct TopicCue {
    /// Lower-cased.
    pub phrase: String,
    /// One of [`TOPICS`].
    pub topic: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct TextLexicon {
    pub abbreviations: Vec<Abbreviation>,
    pub furniture: Vec<FurnitureRule>,
    /// Off-topic cues (`topics.tsv`): words of sport or entertainment pages.
    pub topics: Vec<TopicCue>,
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
            let what = row.get(1).unwrap_or("furniture").to_string();
            let bad = |e: &dyn std::fmt::Display| row.error(format!("bad regular expression: {e}"));
            // Only parsed here, so that an error names its row; compiled
            // on first use (see `FurnitureRule::compiled`).
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(&anchored)
                .map_err(|e| bad(&e))?;
            let mut groups = Vec::new();
            capture_names(&hir, &mut groups);
            check_label(&row, &what, &groups)?;
            lex.furniture.push(FurnitureRule {
                source: anchored,
                compiled: OnceLock::new(),
                what,
                within,
                origin: row.origin.clone(),
            });
        }
        lex.drop_set = Some(DropSet::build(&lex.furniture)?);
        for row in table::parse(
            "topics.tsv",
            src.get("topics.tsv"),
            &["phrase", "topic", "note"],
        )? {
            let phrase = row.required(0, "phrase")?.trim().to_lowercase();
            let topic = row.required(1, "topic")?.trim().to_string();
            if !TOPICS.contains(&topic.as_str()) {
                return Err(row.error(format!(
                    "topic '{topic}' is not one of {}",
                    TOPICS.join(", ")
                )));
            }
            lex.topics.push(TopicCue {
                phrase,
                topic,
                origin: row.origin.clone(),
            });
        }
        Ok(lex)
    }

    /// Compiles every furniture pattern now (they compile on first use);
    /// the first that does not compile (its syntax was checked at load,
    /// but a pattern can still exceed the size limit) is an error naming
    /// its row.
    pub fn compile_all(&self) -> Result<(), LexiconError> {
        for rule in &self.furniture {
            if let Err(e) = compile(&rule.source) {
                return Err(LexiconError::Entry {
                    file: rule.origin.file.clone(),
                    line: rule.origin.line,
                    message: format!("bad regular expression: {e}"),
                });
            }
        }
        Ok(())
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
            ("off-topic cues".into(), self.topics.len()),
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
                .map(FurnitureRule::pattern),
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
    fn topics_load_lower_cased_and_unknown_topics_are_named() {
        let mut src = Sources::builtin();
        src.set(
            "topics.tsv",
            "phrase\ttopic\tnote\nWorld Cup\tsport\t-\nharvest\tfarming\t-\n",
        );
        let e = TextLexicon::load(&src).unwrap_err().to_string();
        assert!(e.starts_with("topics.tsv:3:"), "{e}");
        assert!(e.contains("farming"), "{e}");
        src.set("topics.tsv", "phrase\ttopic\tnote\nWorld Cup\tsport\t-\n");
        let lex = TextLexicon::load(&src).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lex.topics.len(), 1);
        assert_eq!(lex.topics[0].phrase, "world cup");
    }

    /// The error a furniture table must give, as text.
    fn load_error(furniture: &str) -> String {
        load(furniture).unwrap_err().to_string()
    }

    /// Asserts that `e` reports a bad pattern on the table's first row.
    fn assert_bad_pattern(e: &str) {
        assert!(
            e.starts_with("furniture.tsv:2: bad regular expression"),
            "{e}"
        );
    }

    #[test]
    fn furniture_labels_are_checked_with_file_and_line() {
        assert!(load("pattern\twhat\twithin\nskip to .*\tskip link\n").is_ok());
        let e = load_error("pattern\twhat\twithin\nfoo\tcaption-credit\n");
        assert_eq!(
            e,
            "furniture.tsv:2: label 'caption-credit': write it as 'caption credit'"
        );
        let e = load_error("pattern\twhat\twithin\nby (.*)\tbyline\n");
        assert!(
            e.starts_with("furniture.tsv:2: label 'byline' needs"),
            "{e}"
        );
        let e = load_error("pattern\twhat\twithin\n(unclosed\tx\n");
        assert_bad_pattern(&e);
        let e = load_error("pattern\twhat\twithin\nfoo\tpromo\tshort\n");
        assert!(e.starts_with("furniture.tsv:2: within 'short'"), "{e}");
    }

    /// Drop rules compile on first use, reader rules at load: both match
    /// and both report a bad pattern with its row.
    #[test]
    fn drop_rules_compiled_on_first_use_match_like_the_others() {
        let lex =
            load("pattern\twhat\twithin\nshare (this|on) .*\tshare\nby (?P<author>.*)\tbyline\n")
                .expect("valid table");
        assert_eq!(lex.furniture[0].pattern(), "^(?:share (this|on) .*)$");
        assert!(lex.furniture.iter().all(|r| r.compiled.get().is_none()));
        assert_eq!(lex.drop_rules_matching("Share on Facebook"), vec![0]);
        let rule = lex
            .furniture_rule("SHARE THIS story")
            .expect("the share rule");
        assert_eq!(rule.what, "share");
        assert!(lex.furniture_rule("Shares fell").is_none());
        let author = lex.furniture[1]
            .captures("By Jane Roe")
            .and_then(|c| c.name("author").map(|m| m.as_str().to_string()));
        assert_eq!(author.as_deref(), Some("Jane Roe"));
        assert!(lex.compile_all().is_ok());
        // Parses, but is far too large to compile: only a check finds it.
        let huge =
            load("pattern\twhat\twithin\n(?:\\w{100}){100}\thtml class\n").expect("it parses");
        let e = huge.compile_all().unwrap_err().to_string();
        assert_bad_pattern(&e);
        assert!(!huge.furniture[0].matches("anything"));
        let e = load_error("pattern\twhat\twithin\nby (?P<author>.*\tbyline\n");
        assert_bad_pattern(&e);
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
