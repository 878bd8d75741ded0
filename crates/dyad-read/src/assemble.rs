//! Turns a list of cleaned blocks into `Doc` text and paragraph spans, and
//! drops pull quotes (blocks repeating earlier article text verbatim).

use dyad_doc::{BlockKind, Paragraph, Span};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

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

/// One hash per word (FNV-1a over the lower-cased characters), words being
/// runs of letters and digits: case and punctuation do not count.
fn word_hashes(s: &str) -> Vec<u64> {
    const SEED: u64 = 0xcbf2_9ce4_8422_2325;
    let step = |h: u64, c: char| (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3);
    // One pass, no per-word allocation; ASCII letters are lower-cased
    // directly (`char::to_lowercase` gives the same for them).
    let mut out = Vec::with_capacity(s.len() / 5);
    let mut h = SEED;
    let mut in_word = false;
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                h = step(h, c.to_ascii_lowercase());
                in_word = true;
                continue;
            }
        } else if c.is_alphanumeric() {
            h = c.to_lowercase().fold(h, step);
            in_word = true;
            continue;
        }
        if in_word {
            out.push(h);
            h = SEED;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

/// One well-mixed hash per run of [`SHINGLE`] words (the word hashes
/// combined in order, then put through the SplitMix64 finaliser).
fn shingle_hashes(words: &[u64]) -> Vec<u64> {
    words
        .windows(SHINGLE)
        .map(|w| {
            let mut h = w
                .iter()
                .fold(0_u64, |h, &x| h.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ x);
            h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            h ^ (h >> 31)
        })
        .collect()
}

/// A hasher for keys that are hashes already: passes the `u64` through
/// (SipHash over shingle hashes cost more than the shingles themselves).
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Removes blocks that repeat earlier text verbatim (pull quotes), ignoring
/// case and punctuation. Short blocks are never treated as repeats.
pub(crate) fn drop_repeats(blocks: Vec<Block>) -> Vec<Block> {
    let mut seen: HashSet<u64, BuildHasherDefault<PassThrough>> = HashSet::default();
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let sh = shingle_hashes(&word_hashes(&b.text));
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

    /// The one-pass hashing gives what hashing each lower-cased word did.
    #[test]
    fn word_hashes_match_the_word_by_word_definition() {
        let reference = |s: &str| -> Vec<u64> {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    w.chars()
                        .flat_map(char::to_lowercase)
                        .fold(0xcbf2_9ce4_8422_2325_u64, |h, c| {
                            (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3)
                        })
                })
                .collect()
        };
        for s in [
            "",
            "  -- ",
            "The envoy said, on Monday: 4,500 troops!",
            "ÉTAT-MAJOR Straße İstanbul ΣΊΣΥΦΟΣ naïve 北京 x",
            "tail-word",
        ] {
            assert_eq!(word_hashes(s), reference(s), "{s:?}");
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

    #[test]
    fn repeats_ignore_case_and_punctuation_but_not_word_order() {
        let first = "The envoy said the two sides would meet again in the spring to sign the deal.";
        let same =
            "THE ENVOY SAID -- the two sides would meet again, in the spring; to sign the deal!";
        let swapped =
            "The envoy said the two sides would meet again in the spring to the sign deal.";
        assert_eq!(drop_repeats(vec![body(first), body(same)]).len(), 1);
        assert_eq!(drop_repeats(vec![body(first), body(swapped)]).len(), 2);
    }
}
