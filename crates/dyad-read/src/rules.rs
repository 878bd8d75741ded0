//! The furniture table (`lexicon/furniture.tsv`) sorted by what each rule asks for.

use dyad_doc::PartialDate;
use dyad_lexicon::text::{FurnitureRule, TextLexicon};

/// What a matched line means for the reader.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LineClass {
    /// Ordinary text.
    Text,
    /// Furniture: drop the line.
    Drop,
    /// Start of the trailing block: drop it and the rest.
    Trailing,
    /// A caption with a credit: keep this part, as a caption.
    Caption(String),
    /// An author line (author and perhaps a date).
    Byline {
        author: Option<String>,
        date: Option<String>,
    },
    /// A publication-date line.
    Dateline(String),
}

/// What a class or id token says about its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ClassMark {
    None,
    /// Furniture only when the element holds little text of its own.
    Weak,
    /// Furniture.
    Strong,
}

/// A rule's captures on a line. Nearly all lines match no rule: the plain
/// test answers that without setting up a capture search, which would cost
/// more even on a line that does not match.
fn captures<'h>(rule: &FurnitureRule, line: &'h str) -> Option<regex::Captures<'h>> {
    if rule.matches(line) {
        rule.captures(line)
    } else {
        None
    }
}

/// The furniture rules grouped by label. Labels are documented in the header
/// of `lexicon/furniture.tsv`.
pub(crate) struct Rules<'a> {
    lex: &'a TextLexicon,
    caption: Vec<&'a FurnitureRule>,
    byline: Vec<&'a FurnitureRule>,
    dateline: Vec<&'a FurnitureRule>,
    html_class: Vec<&'a FurnitureRule>,
    html_class_weak: Vec<&'a FurnitureRule>,
    date_stamp: Vec<&'a FurnitureRule>,
    date_prefix: Vec<&'a FurnitureRule>,
}

impl<'a> Rules<'a> {
    pub(crate) fn new(lex: &'a TextLexicon) -> Self {
        let mut r = Rules {
            lex,
            caption: vec![],
            byline: vec![],
            dateline: vec![],
            html_class: vec![],
            html_class_weak: vec![],
            date_stamp: vec![],
            date_prefix: vec![],
        };
        for rule in &lex.furniture {
            match rule.what.trim() {
                "caption credit" => r.caption.push(rule),
                "byline" => r.byline.push(rule),
                "dateline" => r.dateline.push(rule),
                "html class" => r.html_class.push(rule),
                "html class weak" => r.html_class_weak.push(rule),
                "date stamp" => r.date_stamp.push(rule),
                "date prefix" => r.date_prefix.push(rule),
                _ => {}
            }
        }
        r
    }

    /// Classifies one trimmed line (or HTML block text).
    pub(crate) fn classify(&self, line: &str) -> LineClass {
        let t = line.trim();
        if t.is_empty() {
            return LineClass::Drop;
        }
        // Long lines are article text: furniture lines are short, and skipping
        // the table for long paragraphs keeps reading fast.
        if t.len() <= 400 {
            let hits = self.lex.drop_rules_matching(t);
            let trailing = |&i: &usize| {
                self.lex
                    .furniture
                    .get(i)
                    .is_some_and(|r| r.what.trim() == "trailing")
            };
            if hits.iter().any(trailing) {
                return LineClass::Trailing;
            }
            if !hits.is_empty() {
                return LineClass::Drop;
            }
        }
        if t.len() <= 200 {
            for r in &self.byline {
                if let Some(c) = captures(r, t) {
                    let g = |n: &str| {
                        c.name(n)
                            .map(|m| m.as_str().trim().to_string())
                            .filter(|s| !s.is_empty())
                    };
                    return LineClass::Byline {
                        author: g("author"),
                        date: g("date"),
                    };
                }
            }
            for r in &self.dateline {
                if let Some(c) = captures(r, t) {
                    if let Some(d) = c.name("date") {
                        if crate::date::parse_date_string(d.as_str()).is_some() {
                            return LineClass::Dateline(d.as_str().to_string());
                        }
                    }
                }
            }
        }
        // A photo caption with its credit is a short block; article
        // paragraphs are not tested (capturing on them was the reader's
        // main cost on real articles).
        let caption_rules = if t.len() <= 400 {
            &self.caption[..]
        } else {
            &[]
        };
        for r in caption_rules {
            if let Some(c) = captures(r, t) {
                if let Some(k) = c.name("keep") {
                    let k = k.as_str().trim();
                    if !k.is_empty() {
                        return LineClass::Caption(k.to_string());
                    }
                }
            }
        }
        LineClass::Text
    }

    /// The publication date a plain text's first line starts with, and the
    /// rest of that line (see the `date prefix` label).
    pub(crate) fn date_prefix(&self, first_line: &str) -> Option<(PartialDate, String)> {
        let t = first_line.trim();
        self.date_prefix.iter().find_map(|r| {
            let c = captures(r, t)?;
            let date = crate::date::parse_date_string(c.name("date")?.as_str())?;
            let keep = c.name("keep").map_or("", |k| k.as_str().trim());
            Some((date, keep.to_string()))
        })
    }

    /// True when an HTML block is only a date or time stamp. Plain text
    /// does not ask: its header reader takes such lines as the dateline.
    pub(crate) fn is_date_stamp(&self, block: &str) -> bool {
        let t = block.trim();
        t.len() <= 120 && self.date_stamp.iter().any(|r| r.matches(t))
    }

    /// How strongly an HTML class or id token marks furniture.
    pub(crate) fn class_strength(&self, token: &str) -> ClassMark {
        if self.html_class.iter().any(|r| r.matches(token)) {
            ClassMark::Strong
        } else if self.html_class_weak.iter().any(|r| r.matches(token)) {
            ClassMark::Weak
        } else {
            ClassMark::None
        }
    }
}
