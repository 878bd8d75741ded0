//! The one table format every lexicon file uses.
//!
//! A lexicon table is UTF-8 text with tab-separated columns:
//!
//! ```text
//! # comments start with '#', blank lines are ignored
//! code \t sector \t names          <- the header: column names, once, first
//! RUS \t - \t Russia|Russian Federation
//! ```
//!
//! A `-` or an empty cell means "none". A cell may hold several values
//! separated by `|`. Every row remembers its [`Origin`] (file and line) so
//! that errors, `dyad explain` and `dyad lexicon check` can point at it.

use crate::LexiconError;
use std::fmt;

/// Where a lexicon entry was written: file name and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One data row of a table; its cells borrow the table's text.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub origin: Origin,
    cells: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// The cell of column `i`, trimmed; `None` for `-`, empty or missing.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        self.cells
            .get(i)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && *s != "-")
    }

    /// The cell of column `i`, or an error naming the file, line and column.
    pub fn required(&self, i: usize, column: &str) -> Result<&'a str, LexiconError> {
        self.get(i)
            .ok_or_else(|| self.error(format!("column '{column}' must not be empty")))
    }

    /// The `|`-separated values of column `i` (empty when the cell is empty).
    pub fn list(&self, i: usize) -> Vec<&'a str> {
        self.get(i)
            .map(|c| {
                c.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An error about this row.
    pub fn error(&self, message: impl Into<String>) -> LexiconError {
        LexiconError::Entry {
            file: self.origin.file.clone(),
            line: self.origin.line,
            message: message.into(),
        }
    }
}

/// Parses a table, checking that its header is exactly `columns`.
pub fn parse<'a>(
    file: &str,
    text: &'a str,
    columns: &[&str],
) -> Result<Vec<Row<'a>>, LexiconError> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = raw.split('\t').collect();
        if !header_seen {
            let got: Vec<&str> = cells.iter().map(|s| s.trim()).collect();
            if got != columns {
                return Err(LexiconError::Entry {
                    file: file.to_string(),
                    line,
                    message: format!(
                        "header must be '{}' (tab-separated), found '{}'",
                        columns.join("\\t"),
                        got.join("\\t")
                    ),
                });
            }
            header_seen = true;
            continue;
        }
        if cells.len() > columns.len() {
            return Err(LexiconError::Entry {
                file: file.to_string(),
                line,
                message: format!(
                    "{} columns, the header has {} (a stray tab?)",
                    cells.len(),
                    columns.len()
                ),
            });
        }
        rows.push(Row {
            origin: Origin {
                file: file.to_string(),
                line,
            },
            cells,
        });
    }
    if !header_seen {
        return Err(LexiconError::Entry {
            file: file.to_string(),
            line: 1,
            message: "no header line".into(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_origins() {
        let t = "# c\ncode\tnames\nRUS\tRussia|Russian Federation\n\nPRK\t-\n";
        let rows = parse("a.tsv", t, &["code", "names"]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].list(1), vec!["Russia", "Russian Federation"]);
        assert_eq!(rows[1].get(1), None);
        assert_eq!(rows[1].origin.to_string(), "a.tsv:5");
    }

    #[test]
    fn names_file_and_line_on_bad_rows() {
        let err = parse("a.tsv", "code\tnames\nRUS\tx\ty\n", &["code", "names"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.tsv:2: 3 columns, the header has 2 (a stray tab?)"
        );
        let err = parse("b.tsv", "code\n", &["code", "names"]).unwrap_err();
        assert!(err.to_string().starts_with("b.tsv:1: header must be"));
    }
}
