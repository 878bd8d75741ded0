//! EWT/PTB-style word tokenisation, so the parser sees words cut the way
//! it was trained on: punctuation split off, clitics ("n't", "'s", "'re")
//! split from their host, hyphenated compounds split ("al-Ani" -> "al",
//! "-", "Ani") except after prefixes EWT keeps ("e-mail", "pre-war"), and
//! abbreviations ("U.S.", "Col."), numbers ("1,000", "3.5"), URLs and
//! e-mail addresses kept whole.

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj",
    "gov", "sen", "rep", "pres", "st", "jr", "sr", "inc", "corp", "co", "ltd", "bros", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt",
    "ft", "rev", "hon", "dept", "univ", "approx", "est", "fig", "al", "e.g", "i.e",
];

const PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "semi", "re", "pro", "anti", "multi", "mid", "ex", "sub",
    "inter", "counter", "self", "vice", "neo", "pan", "quasi", "ultra", "bi", "tri", "x",
];

const CLITICS: &[&str] = &[
    "'s", "'re", "'ve", "'ll", "'d", "'m", "’s", "’re", "’ve", "’ll", "’d", "’m",
];

fn is_open(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '`' | '“' | '‘' | '«' | '<' | '¿' | '¡'
    )
}

fn is_close(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '"'
            | '\''
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '.'
            | '”'
            | '’'
            | '»'
            | '>'
            | '…'
            | '%'
    )
}

/// Byte spans of the words of `sentence`; every span is non-empty and on
/// character boundaries.
pub fn tokenize(sentence: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in sentence.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                chunk(sentence, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(sentence, s, sentence.len(), &mut out);
    }
    out
}

/// Splits one whitespace-delimited chunk `text[a..b]`.
fn chunk(text: &str, mut a: usize, mut b: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[a..b];
    if s.contains("://") || s.starts_with("www.") || (s.contains('@') && s.contains('.')) {
        // URL or e-mail: only strip trailing sentence punctuation.
        let trimmed = s.trim_end_matches(['.', ',', ')', ';', ':', '!', '?', '"']);
        let e = a + trimmed.len();
        if e > a {
            out.push((a, e));
        }
        for (i, c) in text[e..b].char_indices() {
            out.push((e + i, e + i + c.len_utf8()));
        }
        return;
    }
    // Leading punctuation, "$", and opening quotes.
    let mut lead = Vec::new();
    while a < b {
        let Some(c) = text[a..b].chars().next() else {
            break;
        };
        let rest = &text[a + c.len_utf8()..b];
        if (is_open(c) || c == '$' || c == '£' || c == '€' || c == '#') && !rest.is_empty() {
            lead.push((a, a + c.len_utf8()));
            a += c.len_utf8();
        } else if text[a..b].starts_with("--") || text[a..b].starts_with("...") {
            let n = if text[a..b].starts_with("--") { 2 } else { 3 };
            lead.push((a, a + n));
            a += n;
        } else {
            break;
        }
    }
    out.extend(lead);
    // Trailing punctuation, innermost last.
    let mut trail = Vec::new();
    while a < b {
        let w = &text[a..b];
        if w.ends_with("...") && w.len() > 3 {
            trail.push((b - 3, b));
            b -= 3;
            continue;
        }
        let Some(c) = w.chars().next_back() else {
            break;
        };
        if w.len() == c.len_utf8() {
            break;
        }
        if c == '.' {
            let core = &w[..w.len() - 1];
            let lower = core.to_lowercase();
            let abbrev = core.contains('.')
                || ABBREVIATIONS.contains(&lower.as_str())
                || (core.chars().count() == 1 && core.chars().all(char::is_uppercase));
            if abbrev {
                break;
            }
        }
        if is_close(c) {
            // An apostrophe closing "Iraqis'" is the possessive: split it
            // off as EWT does; any other closer likewise.
            trail.push((b - c.len_utf8(), b));
            b -= c.len_utf8();
        } else {
            break;
        }
    }
    // Clitics, compared on the original bytes (lowercasing can change a
    // word's length, and the split must fall on its character boundary).
    let w = &text[a..b];
    let ends_with = |cl: &str| {
        w.len() > cl.len()
            && w.is_char_boundary(w.len() - cl.len())
            && w[w.len() - cl.len()..].eq_ignore_ascii_case(cl)
    };
    let clitic = ["n't", "n’t"]
        .into_iter()
        .chain(CLITICS.iter().copied())
        .find(|cl| ends_with(cl))
        .map(|cl| b - cl.len());
    let core_end = clitic.unwrap_or(b);
    if core_end > a {
        split_inner(text, a, core_end, out);
    }
    if let Some(c) = clitic {
        out.push((c, b));
    }
    out.extend(trail.into_iter().rev());
}

/// Splits hyphens, slashes and dashes inside a word, keeping numbers,
/// dates and EWT's prefixed compounds whole.
fn split_inner(text: &str, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let w = &text[a..b];
    let mut start = a;
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|x| x.1);
        let pos = a + i;
        let numeric_join =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let splittable = match c {
            '-' => {
                let piece = text[start..pos].to_lowercase();
                prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)
                    && !numeric_join
                    && !PREFIXES.contains(&piece.as_str())
            }
            '/' => !numeric_join && prev.is_some() && next.is_some(),
            '—' | '–' => true,
            _ => false,
        };
        if splittable {
            if pos > start {
                out.push((start, pos));
            }
            out.push((pos, pos + c.len_utf8()));
            start = pos + c.len_utf8();
        }
        k += 1;
    }
    if b > start {
        out.push((start, b));
    }
}
