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
    // One pass over the bytes, no per-word allocation; ASCII bytes are
    // looked up in `ASCII_WORD` (`char::to_lowercase` gives the same for
    // them), only other characters are decoded.
    let mut out = Vec::with_capacity(s.len() / 5);
    let mut h = SEED;
    let mut in_word = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            i += 1;
            let lower = ASCII_WORD[usize::from(b)];
            if lower != 0 {
                h = step(h, char::from(lower));
                in_word = true;
                continue;
            }
        } else {
            // `i` is at the start of a character: it only moves by whole
            // ASCII bytes or whole characters.
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            if c.is_alphanumeric() {
                h = c.to_lowercase().fold(h, step);
                in_word = true;
                continue;
            }
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

/// For each ASCII byte: its lower case when it is a letter or digit, else 0.
const ASCII_WORD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

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
    // About one shingle per word (five bytes): sized once, the set seldom
    // grows.
    let words: usize = blocks.iter().map(|b| b.text.len() / 5).sum();
    let mut seen: HashSet<u64, BuildHasherDefault<PassThrough>> =
        HashSet::with_capacity_and_hasher(words, BuildHasherDefault::default());
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
    // Most lines need nothing done: a byte scan finds out, and copying them
    // is cheaper than splitting them into words and joining them again.
    if is_squashed(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The UTF-8 lead bytes of every non-ASCII white-space character (U+0085,
/// U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000);
/// the test `non_ascii_white_space_lead_bytes` checks the list.
const NON_ASCII_WS_LEAD: [u8; 4] = [0xC2, 0xE1, 0xE2, 0xE3];

/// True when `s` is what [`squash_ws`] would make of it: no white space at
/// either end, and inside only single ASCII spaces.
fn is_squashed(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        if b < 0x80 {
            // `char::is_whitespace` also counts the vertical tab.
            if b.is_ascii_whitespace() || b == 0x0B {
                return false;
            }
        } else if NON_ASCII_WS_LEAD.contains(&b)
            && s.get(i..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_whitespace)
        {
            return false;
        }
    }
    true
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

    /// Every non-ASCII white-space character starts with one of the lead
    /// bytes `is_squashed` looks at.
    #[test]
    fn non_ascii_white_space_lead_bytes() {
        for c in ('\u{80}'..=char::MAX).filter(|c| c.is_whitespace()) {
            let mut buf = [0; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(NON_ASCII_WS_LEAD.contains(&lead), "{c:?}");
        }
    }

    /// The fast path of `squash_ws` gives what splitting and joining does.
    #[test]
    fn squash_ws_matches_split_and_join() {
        let reference = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in [
            "",
            " ",
            "one",
            "one two",
            "one  two",
            " one two",
            "one two ",
            "one\ttwo",
            "one\u{0B}two",
            "one\u{A0}two",
            "one\u{2009}two “quoted” é",
            "one\u{3000}",
            "\u{85}one",
            "naïve café 北京",
        ] {
            assert_eq!(squash_ws(s), reference(s), "{s:?}");
            assert_eq!(is_squashed(s), squash_ws(s) == s, "{s:?}");
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
