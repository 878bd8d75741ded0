//! Text normalisation and the same-sentence test of the gold README.

/// Normalises text as the gold README's reference `norm` does: U+00A0 becomes
/// a space, curly single quotes become `'`, curly double quotes become `"`,
/// runs of whitespace collapse to one space, and the ends are stripped.
///
/// Why: extracted quotes come from a cleaned text whose quote characters and
/// spacing may differ from the text the annotator copied from.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = match c {
            '\u{00a0}' => ' ',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        };
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Every occurrence (byte ranges, overlapping occurrences included) of the
/// normalised `quote` in the already normalised document text.
///
/// An empty quote occurs nowhere. Byte offsets are used instead of Python's
/// character offsets; the overlap test gives the same answer with either
/// because the mapping between them is monotonic.
pub fn quote_spans(doc_norm: &str, quote: &str) -> Vec<(usize, usize)> {
    let q = normalise(quote);
    let mut out = Vec::new();
    if q.is_empty() {
        return out;
    }
    let mut from = 0;
    while let Some(rel) = doc_norm.get(from..).and_then(|rest| rest.find(&q)) {
        let start = from + rel;
        out.push((start, start + q.len()));
        // Step one character forward, as Python's `find(q, i + 1)` does.
        let step = doc_norm
            .get(start..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
        from = start + step;
    }
    out
}

/// True when some occurrence of `q1` overlaps some occurrence of `q2` in the
/// normalised document by at least one character.
pub fn same_sentence(doc_norm: &str, q1: &str, q2: &str) -> bool {
    let a = quote_spans(doc_norm, q1);
    let b = quote_spans(doc_norm, q2);
    spans_overlap(&a, &b)
}

/// True when two sets of occurrences share at least one position.
pub(crate) fn spans_overlap(a: &[(usize, usize)], b: &[(usize, usize)]) -> bool {
    a.iter()
        .any(|&(s1, e1)| b.iter().any(|&(s2, e2)| s1 < e2 && s2 < e1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_quotes_spaces_and_ends() {
        assert_eq!(
            normalise("  Kim\u{00a0}said \u{201c}no\u{201d}\n\n it\u{2019}s  "),
            "Kim said \"no\" it's"
        );
        assert_eq!(normalise(""), "");
        assert_eq!(normalise(" \t\n"), "");
    }

    #[test]
    fn finds_overlapping_occurrences() {
        assert_eq!(quote_spans("aaa", "aa"), vec![(0, 2), (1, 3)]);
        assert!(quote_spans("abc", "").is_empty());
        assert!(quote_spans("abc", "  ").is_empty());
    }

    #[test]
    fn multibyte_text_does_not_panic() {
        let doc = normalise("Zelenskyy’s aide — ééé said ééé.");
        assert_eq!(quote_spans(&doc, "é").len(), 6);
        assert!(same_sentence(&doc, "Zelenskyy's aide", "aide — é"));
    }
}
