//! Filters for event and document queries, turned into SQL with bound
//! parameters only (user text never becomes SQL).

use dyad_doc::{EventType, PartialDate, Status};
use rusqlite::types::Value;

/// Which events a query covers. Every field narrows the set; the default
/// selects all events.
///
/// Dates: an event is placed at the **first day** of its period (an event
/// dated `2024` counts as 2024-01-01, as in the PLOVER export). `since`
/// keeps events whose first day is on or after the first day of `since`;
/// `until` keeps events whose first day is on or before the **last** day of
/// `until` (so `until 2024-06` includes 2024-06-30). Undated events are
/// excluded as soon as either bound is set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// An actor code as source or as target.
    pub actor: Option<String>,
    /// A pair of actor codes, in either direction.
    pub dyad: Option<(String, String)>,
    pub event_type: Option<EventType>,
    pub status: Option<Status>,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    /// A document name (exact).
    pub doc: Option<String>,
    /// A case-insensitive substring of the quote.
    pub text: Option<String>,
    /// At most this many rows (for listings; ignored by counts and aggregates).
    pub limit: Option<usize>,
    /// Skip this many rows first (for listings).
    pub offset: usize,
}

impl EventFilter {
    /// True when the filter selects every event (limit/offset aside).
    pub fn is_unrestricted(&self) -> bool {
        self.actor.is_none()
            && self.dyad.is_none()
            && self.event_type.is_none()
            && self.status.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.doc.is_none()
            && self.text.is_none()
    }

    /// The `WHERE` clause (starting with `WHERE`, or empty) and its
    /// parameters. Columns are those of the `event` table, unqualified.
    pub(crate) fn where_clause(&self) -> (String, Vec<Value>) {
        let (conds, params) = self.conditions(false);
        (join_where(&conds), params)
    }

    /// The `WHERE` clause over the `event_cluster` table (which must not be
    /// aliased). Actor, dyad, type and dates apply to the cluster itself;
    /// status, document and text select clusters with at least one member
    /// of that status, from that document, or whose quote contains the
    /// text. `counted_only` leaves out clusters that are only denials (for
    /// timelines and the network, which count events that happened or were
    /// claimed).
    pub(crate) fn cluster_where_clause(&self, counted_only: bool) -> (String, Vec<Value>) {
        let (mut conds, params) = self.conditions(true);
        if counted_only {
            conds.push("NOT denied_only");
        }
        (join_where(&conds), params)
    }

    fn conditions(&self, cluster: bool) -> (Vec<&'static str>, Vec<Value>) {
        let mut conds: Vec<&'static str> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if let Some(a) = &self.actor {
            conds.push("(source = ? OR target = ?)");
            params.push(Value::Text(a.clone()));
            params.push(Value::Text(a.clone()));
        }
        if let Some((a, b)) = &self.dyad {
            conds.push("((source = ? AND target = ?) OR (source = ? AND target = ?))");
            params.extend([a, b, b, a].map(|s| Value::Text(s.clone())));
        }
        if let Some(t) = self.event_type {
            conds.push("event_type = ?");
            params.push(Value::Text(t.as_str().into()));
        }
        if let Some(s) = self.status {
            conds.push(if cluster {
                "EXISTS (SELECT 1 FROM cluster_member m WHERE m.cluster_id = event_cluster.id \
                 AND m.status = ?)"
            } else {
                "status = ?"
            });
            params.push(Value::Text(s.as_str().into()));
        }
        if let Some(d) = self.since {
            conds.push("date_start >= ?");
            params.push(Value::Text(iso(d.first_day())));
        }
        if let Some(d) = self.until {
            conds.push("date_start <= ?");
            params.push(Value::Text(iso(d.last_day())));
        }
        if let Some(d) = &self.doc {
            conds.push(if cluster {
                "id IN (SELECT cluster_id FROM cluster_member WHERE doc_name = ?)"
            } else {
                // Through the `(doc_id, seq)` key: there is no index on
                // `doc_name` (schema v10).
                "doc_id = (SELECT id FROM doc WHERE name = ?)"
            });
            params.push(Value::Text(d.clone()));
        }
        if let Some(t) = &self.text {
            conds.push(if cluster {
                "EXISTS (SELECT 1 FROM cluster_member m JOIN doc d ON d.name = m.doc_name \
                 JOIN event e ON e.doc_id = d.id AND e.ext_id = m.event_ext_id \
                 WHERE m.cluster_id = event_cluster.id AND LOWER(e.quote) LIKE ? ESCAPE '\\')"
            } else {
                "LOWER(quote) LIKE ? ESCAPE '\\'"
            });
            params.push(Value::Text(format!("%{}%", escape_like(&t.to_lowercase()))));
        }
        (conds, params)
    }
}

fn join_where(conds: &[&str]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    }
}

/// Which documents a listing covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocFilter {
    /// A document name (exact).
    pub doc: Option<String>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// `YYYY-MM-DD`, the text form dates take in the database.
pub(crate) fn iso(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    // chrono's formatter interprets the pattern on every call: a tenth of
    // the store's per-event work. Years of four digits are written
    // directly; others keep chrono's signed form ("+10000").
    let y = d.year();
    if (0..=9999).contains(&y) {
        format!("{y:04}-{:02}-{:02}", d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

/// Escapes `%`, `_` and the escape character itself for `LIKE … ESCAPE '\'`.
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `LIMIT ? OFFSET ?` with its parameters (SQLite needs a LIMIT to accept
/// an OFFSET; -1 means no limit).
pub(crate) fn limit_clause(limit: Option<usize>, offset: usize, params: &mut Vec<Value>) -> String {
    params.push(Value::Integer(
        limit
            .map(|l| i64::try_from(l).unwrap_or(i64::MAX))
            .unwrap_or(-1),
    ));
    params.push(Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
    "LIMIT ? OFFSET ?".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like("50%_a\\"), "50\\%\\_a\\\\");
    }

    #[test]
    fn empty_filter_has_no_where() {
        let (sql, p) = EventFilter::default().where_clause();
        assert!(sql.is_empty() && p.is_empty());
    }

    #[test]
    fn iso_matches_chronos_own_format() {
        for (y, m, d) in [
            (2024, 3, 5),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
        }
        assert_eq!(
            iso(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap_or_default()),
            "2024-03-05"
        );
    }
}
