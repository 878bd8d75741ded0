//! Word tokens of one sentence, with byte offsets into the document text.

/// One token: a word (letters, digits, inner hyphens) or a punctuation mark.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lower-cased text, with typographic apostrophes made plain.
    pub lower: String,
    pub is_word: bool,
}

/// Splits `text[from..to]` into tokens. The possessive `'s` and the negation
/// `n't` become tokens of their own so patterns can name them.
///
/// Walks the text by byte offset, decoding the few characters it looks
/// ahead at, rather than first collecting every character into a vector
/// (which cost more than the tokenising itself).
pub fn tokenize(text: &str, from: usize, to: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let Some(s) = text.get(from..to) else {
        return out;
    };
    // About one token per five bytes of English text.
    out.reserve(s.len() / 5);
    // The character starting at byte offset `o` (always a char boundary);
    // ASCII, nearly every character, needs no decoding.
    let bytes = s.as_bytes();
    let at = |o: usize| match bytes.get(o) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(o..).and_then(|r| r.chars().next()),
        None => None,
    };
    let mut i = 0;
    while let Some(c) = at(i) {
        let off = i;
        let next = i + c.len_utf8();
        if c.is_whitespace() {
            i = next;
            continue;
        }
        if c.is_alphanumeric() {
            // `j`: the byte offset after the word so far; `prev`: its last character.
            let mut j = next;
            let mut prev = c;
            while let Some(cj) = at(j) {
                // Most characters of a word are letters: decide those before
                // looking around for joining hyphens and decimal points.
                if cj.is_alphanumeric() {
                    prev = cj;
                    j += cj.len_utf8();
                    continue;
                }
                let after = at(j + cj.len_utf8());
                let next_alnum = after.is_some_and(char::is_alphanumeric);
                // A hyphen joins a word ("Kim Jong-un", "anti-ballistic") but
                // not two names ("Soviet-DPRK alliance", "Russia-North Korea
                // ties"): those are two actors.
                let joins_names =
                    cj == '-' && c.is_uppercase() && after.is_some_and(char::is_uppercase);
                if (cj == '-' && !joins_names || cj == '.' && prev.is_ascii_digit()) && next_alnum {
                    prev = cj;
                    j += cj.len_utf8();
                } else {
                    break;
                }
            }
            let word = &s[off..j];
            // ASCII words (nearly all) lower-case without the Unicode tables.
            let lower = if word.is_ascii() {
                word.to_ascii_lowercase()
            } else {
                word.to_lowercase()
            };
            // "didn't" -> "did" + "n't"
            let apos = at(j).filter(|&x| x == '\'' || x == '’');
            let t_at = apos.map(|a| j + a.len_utf8());
            if lower.ends_with('n') && t_at.and_then(at) == Some('t') && word.len() > 1 {
                let n_off = off + word.len() - 1;
                // After the "t" (one byte).
                let t_end = t_at.map_or(s.len(), |t| t + 1);
                // Drop the final "n" (one byte) in place.
                let mut lower = lower;
                lower.pop();
                out.push(Token {
                    start: from + off,
                    end: from + n_off,
                    lower,
                    is_word: true,
                });
                out.push(Token {
                    start: from + n_off,
                    end: from + t_end,
                    lower: "n't".into(),
                    is_word: true,
                });
                i = t_end;
                continue;
            }
            out.push(Token {
                start: from + off,
                end: from + j,
                lower,
                is_word: true,
            });
            i = j;
            continue;
        }
        if (c == '\'' || c == '’')
            && at(next).is_some_and(|x| x == 's' || x == 'S')
            && !at(next + 1).is_some_and(char::is_alphanumeric)
        {
            // After the "s" (one byte).
            let end_off = next + 1;
            out.push(Token {
                start: from + off,
                end: from + end_off,
                lower: "'s".into(),
                is_word: true,
            });
            i = end_off;
            continue;
        }
        let lower = match c {
            '’' | '‘' => "'".to_string(),
            '“' | '”' => "\"".to_string(),
            _ => c.to_string(),
        };
        out.push(Token {
            start: from + off,
            end: from + next,
            lower,
            is_word: false,
        });
        i = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-vector tokeniser the byte-offset one replaced: the
    /// two must agree.
    /// Splits `text[from..to]` into tokens. The possessive `'s` and the negation
    /// `n't` become tokens of their own so patterns can name them.
    fn tokenize_reference(text: &str, from: usize, to: usize) -> Vec<Token> {
        let mut out = Vec::new();
        let Some(s) = text.get(from..to) else {
            return out;
        };
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        // About one token per five bytes of English text.
        out.reserve(s.len() / 5);
        let mut i = 0;
        while i < chars.len() {
            let (off, c) = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if c.is_alphanumeric() {
                let mut j = i + 1;
                while j < chars.len() {
                    let cj = chars[j].1;
                    // Most characters of a word are letters: decide those before
                    // looking around for joining hyphens and decimal points.
                    if cj.is_alphanumeric() {
                        j += 1;
                        continue;
                    }
                    let next_alnum = chars
                        .get(j + 1)
                        .map(|x| x.1.is_alphanumeric())
                        .unwrap_or(false);
                    // A hyphen joins a word ("Kim Jong-un", "anti-ballistic") but
                    // not two names ("Soviet-DPRK alliance", "Russia-North Korea
                    // ties"): those are two actors.
                    let joins_names = cj == '-'
                        && chars[i].1.is_uppercase()
                        && chars.get(j + 1).is_some_and(|x| x.1.is_uppercase());
                    if (cj == '-' && !joins_names || cj == '.' && chars[j - 1].1.is_ascii_digit())
                        && next_alnum
                    {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let end_off = chars.get(j).map(|x| x.0).unwrap_or(s.len());
                let word = &s[off..end_off];
                // ASCII words (nearly all) lower-case without the Unicode tables.
                let lower = if word.is_ascii() {
                    word.to_ascii_lowercase()
                } else {
                    word.to_lowercase()
                };
                // "didn't" -> "did" + "n't"
                let apos_next = chars
                    .get(j)
                    .map(|x| x.1 == '\'' || x.1 == '’')
                    .unwrap_or(false);
                if lower.ends_with('n')
                    && apos_next
                    && chars.get(j + 1).map(|x| x.1 == 't').unwrap_or(false)
                    && word.len() > 1
                {
                    let n_off = off + word.len() - 1;
                    // Drop the final "n" (one byte) in place.
                    let mut lower = lower;
                    lower.pop();
                    out.push(Token {
                        start: from + off,
                        end: from + n_off,
                        lower,
                        is_word: true,
                    });
                    let t_end = chars.get(j + 2).map(|x| x.0).unwrap_or(s.len());
                    out.push(Token {
                        start: from + n_off,
                        end: from + t_end,
                        lower: "n't".into(),
                        is_word: true,
                    });
                    i = j + 2;
                    continue;
                }
                out.push(Token {
                    start: from + off,
                    end: from + end_off,
                    lower,
                    is_word: true,
                });
                i = j;
                continue;
            }
            if (c == '\'' || c == '’')
                && chars
                    .get(i + 1)
                    .map(|x| x.1 == 's' || x.1 == 'S')
                    .unwrap_or(false)
                && !chars
                    .get(i + 2)
                    .map(|x| x.1.is_alphanumeric())
                    .unwrap_or(false)
            {
                let end_off = chars.get(i + 2).map(|x| x.0).unwrap_or(s.len());
                out.push(Token {
                    start: from + off,
                    end: from + end_off,
                    lower: "'s".into(),
                    is_word: true,
                });
                i += 2;
                continue;
            }
            let end_off = chars.get(i + 1).map(|x| x.0).unwrap_or(s.len());
            let lower = match c {
                '’' | '‘' => "'".to_string(),
                '“' | '”' => "\"".to_string(),
                _ => c.to_string(),
            };
            out.push(Token {
                start: from + off,
                end: from + end_off,
                lower,
                is_word: false,
            });
            i += 1;
        }
        out
    }

    #[test]
    fn agrees_with_the_reference_tokeniser() {
        let texts = [
            "Russia’s troops didn't leave Kim Jong-un's 1.5 km zone.",
            "the Soviet-DPRK alliance and Russia-North Korea ties",
            "xx «Üb’s» yy DIDN'T Don’t don't n't 'n' 's 'S' ’s x's",
            "İstanbul ΣΊΣΥΦΟΣ naïve 北京 Straße-Ärger ÉTAT-MAJOR 3.14.15 a.b 1.x",
            "end with n",
            "won'",
            "can’",
            "it'",
            "ends in hyphen- and dot. 2. -3 a--b A-B a-B A-b 'ss '",
            "“quoted” ‘single’ — dash … tab\tnew\nline\u{A0}nbsp",
            "",
            " ",
        ];
        for t in texts {
            for (from, to) in [(0, t.len()), (1.min(t.len()), t.len())] {
                let a: Vec<_> = tokenize(t, from, to)
                    .into_iter()
                    .map(|k| (k.start, k.end, k.lower, k.is_word))
                    .collect();
                let b: Vec<_> = tokenize_reference(t, from, to)
                    .into_iter()
                    .map(|k| (k.start, k.end, k.lower, k.is_word))
                    .collect();
                assert_eq!(a, b, "{t:?} {from}..{to}");
            }
        }
    }

    #[test]
    fn splits_possessives_negations_and_keeps_hyphens() {
        let t = "Russia’s troops didn't leave Kim Jong-un's 1.5 km zone.";
        let toks: Vec<String> = tokenize(t, 0, t.len())
            .into_iter()
            .map(|t| t.lower)
            .collect();
        assert_eq!(
            toks,
            vec![
                "russia", "'s", "troops", "did", "n't", "leave", "kim", "jong-un", "'s", "1.5",
                "km", "zone", "."
            ]
        );
        let t = "the Soviet-DPRK alliance";
        let toks: Vec<String> = tokenize(t, 0, t.len())
            .into_iter()
            .map(|t| t.lower)
            .collect();
        assert_eq!(toks, vec!["the", "soviet", "-", "dprk", "alliance"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let t = "xx «Üb’s» yy";
        for tok in tokenize(t, 3, t.len()) {
            assert!(t.get(tok.start..tok.end).is_some());
        }
    }
}
