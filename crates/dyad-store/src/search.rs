//! Turning what a user types into a safe FTS5 query.
//!
//! FTS5 has its own query language, and raw user input (`"unbalanced`,
//! `AND OR`, `*`, `col:x`) is often not valid in it. Rather than pass input
//! through and hope, [`fts_query`] rebuilds the query from pieces that are
//! always valid: every word becomes a quoted string (so punctuation and
//! column filters lose their meaning), `"…"` phrases stay phrases (an
//! unclosed quote runs to the end), a trailing `*` keeps prefix search, and
//! `OR` / `NOT` in capitals stay operators when they stand between two
//! terms. Terms next to each other mean AND, as in FTS5.

/// One piece of the parsed input.
#[derive(Debug, PartialEq)]
enum Piece {
    /// A quoted FTS5 string, optionally a prefix query.
    Term(String),
    /// `OR` or `NOT` (`AND` is implicit and simply dropped).
    Op(&'static str),
}

/// The FTS5 query for `input`, or `None` when it contains no searchable
/// word (then the search has no hits).
pub fn fts_query(input: &str) -> Option<String> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut phrase = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                phrase.push(c);
            }
            let prefix = chars.peek() == Some(&'*');
            if prefix {
                chars.next();
            }
            push_term(&mut pieces, &phrase, prefix);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            match word.as_str() {
                "OR" => pieces.push(Piece::Op("OR")),
                "NOT" => pieces.push(Piece::Op("NOT")),
                "AND" => {}
                _ => {
                    let prefix = word.ends_with('*');
                    push_term(&mut pieces, word.trim_end_matches('*'), prefix);
                }
            }
        }
    }
    // Keep an operator only between two terms.
    let mut out: Vec<String> = Vec::new();
    let mut pending: Option<&'static str> = None;
    for p in pieces {
        match p {
            Piece::Op(op) => {
                if !out.is_empty() {
                    pending = Some(op);
                }
            }
            Piece::Term(t) => {
                // A term already ANDed in adds nothing ("a a a …" is "a");
                // FTS5's cost grows with each repetition.
                if pending.is_none() && out.contains(&t) {
                    continue;
                }
                if let Some(op) = pending.take() {
                    out.push(op.to_string());
                }
                out.push(t);
            }
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// Adds `text` as a quoted term when it holds a letter or digit (a term of
/// punctuation only has no tokens and would match nothing).
fn push_term(pieces: &mut Vec<Piece>, text: &str, prefix: bool) {
    let clean: String = text.chars().filter(|&c| c != '"').collect();
    if !clean.chars().any(char::is_alphanumeric) {
        return;
    }
    let star = if prefix { "*" } else { "" };
    pieces.push(Piece::Term(format!("\"{}\"{star}", clean.trim())));
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn words_are_quoted() {
        assert_eq!(
            fts_query("troops moved").as_deref(),
            Some("\"troops\" \"moved\"")
        );
        assert_eq!(fts_query("col:x").as_deref(), Some("\"col:x\""));
    }

    #[test]
    fn phrases_prefixes_and_operators_survive() {
        assert_eq!(
            fts_query("\"joint drill\" OR shell*").as_deref(),
            Some("\"joint drill\" OR \"shell\"*")
        );
    }

    #[test]
    fn malformed_input_is_repaired_or_empty() {
        assert_eq!(fts_query("\"unbalanced").as_deref(), Some("\"unbalanced\""));
        assert_eq!(fts_query("AND OR"), None);
        assert_eq!(fts_query("*"), None);
        assert_eq!(fts_query(""), None);
        assert_eq!(fts_query("OR a NOT"), Some("\"a\"".into()));
    }

    #[test]
    fn repeated_terms_count_once() {
        let many = "korea ".repeat(50_000);
        assert_eq!(fts_query(&many).as_deref(), Some("\"korea\""));
        assert_eq!(
            fts_query("a b a OR a").as_deref(),
            Some("\"a\" \"b\" OR \"a\"")
        );
    }
}
