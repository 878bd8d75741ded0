//! Sentence segmentation (pipeline stage 2: segment).
//!
//! Input: a [`Doc`] whose `text` and `paragraphs` the reader filled.
//! Output: `doc.sentences`, in text order, each inside one paragraph.
//!
//! The rules, in order:
//! 1. A line break inside a paragraph always ends a sentence (plain-text
//!    articles put one block per line; headings and captions stand alone).
//! 2. `.`, `!` or `?` (with any closing quotes or brackets after it),
//!    followed by white space, may end a sentence. It does not when:
//!    - the next word starts with a lower-case letter ("e.g. the", "U.S. capital");
//!    - the word before it is an abbreviation of kind `title` ("Col. Gen. O",
//!      "No. 2270") or a single capital letter (an initial: "John F. Kennedy");
//!    - it is a `month` abbreviation followed by a number ("Nov. 12");
//!    - it is an `other` abbreviation ("U.S.") and the next word is not one
//!      that usually starts a sentence ("U.S. President" stays joined,
//!      "U.S. The" splits).
//!
//! Decimals ("1.5") never end a sentence because no space follows the point.
//!
//! Abbreviations come from the lexicon (`abbreviations.tsv`), so an analyst
//! can add "Brig." without touching code.

use dyad_doc::{BlockKind, Doc, Paragraph, Sentence, Span};
use dyad_lexicon::text::{AbbrevKind, TextLexicon};
// FxHash: the abbreviation table is asked at every full stop.
use rustc_hash::FxHashMap as HashMap;

/// Words that usually start a sentence: after an `other` abbreviation such
/// as "U.S." they mark a boundary. (A closed class of function words:
/// grammar, not domain knowledge.)
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Yet",
    "So",
    "However",
    "Meanwhile",
    "Moreover",
    "Still",
    "Since",
    "After",
    "Before",
    "When",
    "While",
    "As",
    "If",
    "For",
    "There",
    "Officials",
    "According",
];

/// A sentence splitter built once from the lexicon.
pub struct Segmenter {
    abbreviations: HashMap<String, AbbrevKind>,
}

impl Segmenter {
    pub fn new(lex: &TextLexicon) -> Self {
        let abbreviations = lex
            .abbreviations
            .iter()
            .map(|a| (a.text.clone(), a.kind))
            .collect();
        Segmenter { abbreviations }
    }

    /// Fills `doc.sentences`. A document without paragraphs is treated as one
    /// body paragraph covering the whole text.
    pub fn segment(&self, doc: &mut Doc) {
        if doc.paragraphs.is_empty() && !doc.text.trim().is_empty() {
            doc.paragraphs.push(Paragraph {
                span: Span::new(0, doc.text.len()),
                kind: BlockKind::Body,
            });
        }
        let mut sentences = Vec::new();
        for (pi, p) in doc.paragraphs.iter().enumerate() {
            let Some(ptext) = doc.text.get(p.span.start..p.span.end) else {
                continue;
            };
            for (s, e) in self.split(ptext) {
                sentences.push(Sentence {
                    span: Span::new(p.span.start + s, p.span.start + e),
                    paragraph: pi,
                });
            }
        }
        doc.sentences = sentences;
    }

    /// Splits a block of text into sentence byte ranges (trimmed, non-empty).
    pub fn split(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            self.split_line(text, line_start, line_start + line.len(), &mut out);
            line_start += line.len();
        }
        out
    }

    fn split_line(&self, text: &str, from: usize, to: usize, out: &mut Vec<(usize, usize)>) {
        let bytes = text.as_bytes();
        let mut start = from;
        let mut i = from;
        while i < to {
            let b = bytes[i];
            if b == b'.' || b == b'!' || b == b'?' {
                // Swallow repeated punctuation and closing quotes/brackets.
                let mut j = i + 1;
                while j < to {
                    let rest = &text[j..to];
                    let c = rest.chars().next().unwrap_or(' ');
                    if matches!(
                        c,
                        '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’' | '»'
                    ) {
                        j += c.len_utf8();
                    } else {
                        break;
                    }
                }
                let ws_end = skip_spaces(text, j, to);
                if ws_end > j && ws_end < to && self.is_boundary(text, start, i, ws_end) {
                    push_trimmed(text, start, j, out);
                    start = ws_end;
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        push_trimmed(text, start, to, out);
    }

    /// Decides whether the period at `dot` ends a sentence, given that the
    /// next word starts at `next`.
    fn is_boundary(&self, text: &str, sent_start: usize, dot: usize, next: usize) -> bool {
        let next_char = text[next..].chars().next().unwrap_or(' ');
        let next_word: &str = {
            let rest = &text[next..];
            let end = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            &rest[..end]
        };
        if next_char.is_lowercase() {
            return false;
        }
        if text.as_bytes()[dot] != b'.' {
            return true;
        }
        // The word that ends with this period.
        let word_start = text[sent_start..dot]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
            .map(|(k, c)| sent_start + k + c.len_utf8())
            .unwrap_or(sent_start);
        let word = &text[word_start..=dot];
        let is_initial = {
            let mut cs = word.chars();
            matches!((cs.next(), cs.next(), cs.next()), (Some(c), Some('.'), None) if c.is_uppercase())
        };
        if is_initial {
            return false;
        }
        match self.abbreviations.get(word) {
            Some(AbbrevKind::Title) => false,
            Some(AbbrevKind::Month) => !next_char.is_ascii_digit(),
            Some(AbbrevKind::Other) => SENTENCE_STARTERS.contains(&next_word),
            None => {
                // Dotted acronyms not in the lexicon ("D.P.R.K.") behave like `other`.
                let dotted =
                    word.len() >= 4 && word.matches('.').count() >= 2 && !word.contains("..");
                !dotted || SENTENCE_STARTERS.contains(&next_word)
            }
        }
    }
}

fn skip_spaces(text: &str, from: usize, to: usize) -> usize {
    let mut k = from;
    for c in text[from..to].chars() {
        if c.is_whitespace() && c != '\n' {
            k += c.len_utf8();
        } else {
            break;
        }
    }
    k
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push((s + lead, e - trail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_lexicon::Lexicon;

    fn split(text: &str) -> Vec<String> {
        let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
        let seg = Segmenter::new(&lex.text);
        seg.split(text)
            .into_iter()
            .map(|(s, e)| text[s..e].to_string())
            .collect()
    }

    #[test]
    fn titles_and_months_do_not_end_sentences() {
        let s = split(
            "Col. Gen. Ivan Petrov arrived in the capital on Nov. 12, 2015. The U.S. objected.",
        );
        assert_eq!(
            s,
            vec![
                "Col. Gen. Ivan Petrov arrived in the capital on Nov. 12, 2015.",
                "The U.S. objected."
            ]
        );
    }

    #[test]
    fn numbers_initials_and_decimals_survive() {
        let s = split("Mr. Smith met Gen. Kim on Jan. 5 in the U.S. capital. Resolution No. 2270 was cited. Growth was 1.5 percent. Talks ended.");
        assert_eq!(s.len(), 4, "{s:?}");
        let s = split("Lt. Gen. John F. Doe, a U.N. envoy, arrived at 7 p.m. on Sept. 3. He left.");
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[1], "He left.");
    }

    #[test]
    fn abbreviation_before_sentence_starter_splits() {
        let s = split("The deal was signed in the U.S. The talks in Moscow ended.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn quotes_and_question_marks() {
        let s = split("\"We will not back down,\" he said. \"Why now?\" she asked. It rained!");
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn line_breaks_end_sentences() {
        let s = split("A heading\nThe body starts here. And goes on.");
        assert_eq!(
            s,
            vec!["A heading", "The body starts here.", "And goes on."]
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "",
            ".",
            "...",
            "?!",
            "a.b.c",
            "ü. Ä. ö",
            "\n\n",
            "Gen.",
            "“Quote.” Next",
            "x. \u{a0} Y",
        ] {
            let _ = split(t);
        }
    }

    #[test]
    fn fills_doc_sentences_within_paragraphs() {
        let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
        let text = "First one. Second one.\n\nThird.";
        let mut doc = Doc::new("t", text, Default::default());
        doc.paragraphs = vec![
            Paragraph {
                span: Span::new(0, 22),
                kind: BlockKind::Body,
            },
            Paragraph {
                span: Span::new(24, 30),
                kind: BlockKind::Body,
            },
        ];
        Segmenter::new(&lex.text).segment(&mut doc);
        let got: Vec<_> = doc
            .sentences
            .iter()
            .map(|s| (doc.slice(s.span), s.paragraph))
            .collect();
        assert_eq!(
            got,
            vec![("First one.", 0), ("Second one.", 0), ("Third.", 1)]
        );
    }
}
