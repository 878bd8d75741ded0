//! Turns a list of cleaned blocks into `Doc` text and paragraph spans, and
//! drops pull quotes (blocks repeating earlier article text verbatim).

use dyad_doc::{BlockKind, Paragraph, Span};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// One block of article text before assembly.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub text: String,
    pub kind: BlockKind,
    /// Share (0..=1) of the block's letters and digits that sat inside links
    /// in the page; 0 for plain text.
    pub links: f32,
}

/// Word shingle size for pull-quote detection: a block all of whose 8-word
/// runs already occurred earlier repeats earlier text.
const SHINGLE: usize = 8;

fn norm_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn shingle_hashes(words: &[String]) -> Vec<u64> {
    words
        .windows(SHINGLE)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Removes blocks that repeat earlier text verbatim (pull quotes), ignoring
/// case and punctuation. Short blocks are never treated as repeats.
pub(crate) fn drop_repeats(blocks: Vec<Block>) -> Vec<Block> {
    let mut seen: HashSet<u64> = HashSet::new();
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let words = norm_words(&b.text);
        let sh = shingle_hashes(&words);
        let repeat = !sh.is_empty() && sh.iter().all(|h| seen.contains(h));
        if repeat && b.kind != BlockKind::Heading {
            continue;
        }
        seen.extend(sh);
        out.push(b);
    }
    out
}

/// Collapses runs of whitespace inside a block to single spaces.
pub(crate) fn squash_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Joins blocks with blank lines; returns the text and one span per block.
pub(crate) fn join(blocks: &[Block]) -> (String, Vec<Paragraph>) {
    let mut text = String::new();
    let mut paras = Vec::with_capacity(blocks.len());
    for b in blocks {
        if b.text.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&b.text);
        paras.push(Paragraph {
            span: Span::new(start, text.len()),
            kind: b.kind,
        });
    }
    (text, paras)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(s: &str) -> Block {
        Block {
            text: s.into(),
            kind: BlockKind::Body,
            links: 0.0,
        }
    }

    #[test]
    fn pull_quote_repeating_earlier_text_goes() {
        let blocks = vec![
            body("Officials said on Monday that the two armies would hold their first joint exercise near the border next spring, a first."),
            body("The two armies would hold their first joint exercise near the border next spring."),
            body("A short line."),
            body("A short line."),
        ];
        let out = drop_repeats(blocks);
        assert_eq!(out.len(), 3);
    }
}
