//! Per-word values computed once per sentence and shared by the tagger and
//! the parser, so neither hashes a string inside its feature loops.

use crate::perceptron::{fnv_step, hash_str, mix, FNV_OFFSET};

/// Hashes of a word's lexical views.
#[derive(Clone, Copy, Default)]
pub struct Lex {
    /// Exact form (case matters for proper nouns).
    pub form: u64,
    /// Lowercased form, with numbers folded into one value.
    pub norm: u64,
    /// Suffixes of 1 to 4 characters and prefixes of 1 to 3, lowercased.
    pub suf: [u64; 4],
    pub pre: [u64; 3],
    /// Collapsed character classes: "Xx", "d,d", "x-x".
    pub shape: u64,
    /// Small flags: capitalised, all caps, digit, hyphen, first word.
    pub flags: u64,
}

/// Stand-ins for positions outside the sentence.
pub const START: u64 = 0x5354_4152_545f_5f5f;
pub const END: u64 = 0x454e_445f_5f5f_5f5f;

/// The lowercased form with runs of digits-only tokens folded together.
pub fn normalise(form: &str) -> String {
    match number_class(form) {
        Some(n) => n.into(),
        None => form.to_lowercase(),
    }
}

/// "!YEAR" or "!NUM" for a token of digits and punctuation, else `None`.
fn number_class(form: &str) -> Option<&'static str> {
    let has_digit = form.bytes().any(|b| b.is_ascii_digit());
    if !has_digit || form.chars().any(char::is_alphabetic) {
        return None;
    }
    let digits = form.bytes().filter(u8::is_ascii_digit).count();
    Some(if digits == 4 && form.len() == 4 {
        "!YEAR"
    } else {
        "!NUM"
    })
}

pub fn lex(form: &str, first: bool) -> Lex {
    let lower = form.to_lowercase();
    let norm = number_class(form).map_or_else(|| hash_str(&lower), hash_str);
    let mut l = Lex {
        form: hash_str(form),
        norm,
        ..Lex::default()
    };
    // Suffixes and prefixes of up to 4 and 3 characters (the whole word
    // when shorter), found without collecting every boundary.
    let mut tail = lower.char_indices().rev().map(|(i, _)| i);
    let mut head = lower.char_indices().map(|(i, _)| i).skip(1);
    for k in 1..=4 {
        let start = tail.next().unwrap_or(0);
        l.suf[k - 1] = hash_str(&lower[start..]) ^ (k as u64);
    }
    for k in 1..=3 {
        let end = head.next().unwrap_or(lower.len());
        l.pre[k - 1] = hash_str(&lower[..end]) ^ ((k as u64) << 8);
    }
    // The shape string, hashed as it is built (the same FNV-1a as
    // `hash_str`), so no string is allocated.
    let mut shape = FNV_OFFSET;
    let mut last = '\0';
    for c in form.chars().take(40) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if s != last {
            let mut buf = [0u8; 4];
            for &b in s.encode_utf8(&mut buf).as_bytes() {
                shape = fnv_step(shape, b);
            }
            last = s;
        }
    }
    l.shape = mix(shape);
    let first_upper = form.chars().next().is_some_and(char::is_uppercase);
    let all_upper = form.chars().any(char::is_uppercase) && !form.chars().any(char::is_lowercase);
    l.flags = first_upper as u64
        | (all_upper as u64) << 1
        | (form.bytes().any(|b| b.is_ascii_digit()) as u64) << 2
        | (form.contains('-') as u64) << 3
        | (first as u64) << 4;
    l
}

pub fn lex_sentence(words: &[&str]) -> Vec<Lex> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| lex(w, i == 0))
        .collect()
}
