//! Running totals: counts and intensity sums per month and type, per actor
//! pair, and per actor, month and type (schema v4/v5 for events, v6 for
//! clusters), kept up to date by adding the change of each write.

use crate::{FastMap, StoreError};
use rusqlite::{params, Connection};

/// Which family of total tables a change goes to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TotalTables {
    /// `agg_month`, `agg_edge`, `agg_actor_month`: over event mentions.
    Events,
    /// `agg_cluster_*`: over clusters that are not only denials.
    Clusters,
}

impl TotalTables {
    /// The table names: per month and type, per pair, per actor and month.
    fn names(self) -> [&'static str; 3] {
        match self {
            TotalTables::Events => ["agg_month", "agg_edge", "agg_actor_month"],
            TotalTables::Clusters => [
                "agg_cluster_month",
                "agg_cluster_edge",
                "agg_cluster_actor_month",
            ],
        }
    }
}

/// A change of the running totals, keyed as their tables are: `(n, sum of
/// intensity)` per month and type, per (source, target) with `''` for a
/// missing actor, and per actor, month and type (an event counts once for
/// its source and once for its target, once only when they are the same).
#[derive(Debug, Default)]
pub(crate) struct Totals {
    month: FastMap<(String, String), (i64, f64)>,
    edge: FastMap<(String, String), (i64, f64)>,
    actor_month: FastMap<(String, String, String), (i64, f64)>,
    /// True when some count went down, so rows may have reached zero.
    removed: bool,
}

impl Totals {
    /// Counts one event or cluster `sign` times (+1 stored, −1 deleted).
    pub(crate) fn add(
        &mut self,
        month: &str,
        event_type: &str,
        source: Option<&str>,
        target: Option<&str>,
        intensity: f64,
        sign: i64,
    ) {
        let bump = |e: &mut (i64, f64)| {
            e.0 += sign;
            e.1 += sign as f64 * intensity;
        };
        bump(
            self.month
                .entry((month.to_string(), event_type.to_string()))
                .or_default(),
        );
        bump(
            self.edge
                .entry((
                    source.unwrap_or("").to_string(),
                    target.unwrap_or("").to_string(),
                ))
                .or_default(),
        );
        let mut actor = |code: &str| {
            bump(
                self.actor_month
                    .entry((code.to_string(), month.to_string(), event_type.to_string()))
                    .or_default(),
            )
        };
        if let Some(s) = source {
            actor(s);
        }
        if let Some(t) = target {
            if source != Some(t) {
                actor(t);
            }
        }
        if sign < 0 {
            self.removed = true;
        }
    }

    /// Adds `other` to these.
    pub(crate) fn merge(&mut self, other: Totals) {
        fn into<K: std::hash::Hash + Eq>(
            to: &mut FastMap<K, (i64, f64)>,
            from: FastMap<K, (i64, f64)>,
        ) {
            for (k, (n, sum)) in from {
                let e = to.entry(k).or_default();
                e.0 += n;
                e.1 += sum;
            }
        }
        into(&mut self.month, other.month);
        into(&mut self.edge, other.edge);
        into(&mut self.actor_month, other.actor_month);
        self.removed |= other.removed;
    }

    /// Adds the change to the tables and drops rows left at zero. A key
    /// whose count did not change may still have a changed sum (a replaced
    /// event of another intensity): only keys with neither are skipped.
    pub(crate) fn apply(&self, conn: &Connection, tables: TotalTables) -> Result<(), StoreError> {
        let [month_table, edge_table, actor_table] = tables.names();
        // Table names are constants; the statements are cached per text.
        let mut stmt = conn.prepare_cached(&format!(
            "INSERT INTO {month_table} (month, event_type, n, sum_intensity) VALUES (?, ?, ?, ?) \
             ON CONFLICT (month, event_type) DO UPDATE SET n = {month_table}.n + excluded.n, \
             sum_intensity = {month_table}.sum_intensity + excluded.sum_intensity"
        ))?;
        for ((month, ty), (n, sum)) in &self.month {
            if *n != 0 || *sum != 0.0 {
                stmt.execute(params![month, ty, n, sum])?;
            }
        }
        let mut stmt = conn.prepare_cached(&format!(
            "INSERT INTO {edge_table} (source, target, n, sum_intensity) VALUES (?, ?, ?, ?) \
             ON CONFLICT (source, target) DO UPDATE SET n = {edge_table}.n + excluded.n, \
             sum_intensity = {edge_table}.sum_intensity + excluded.sum_intensity"
        ))?;
        for ((source, target), (n, sum)) in &self.edge {
            if *n != 0 || *sum != 0.0 {
                stmt.execute(params![source, target, n, sum])?;
            }
        }
        let mut stmt = conn.prepare_cached(&format!(
            "INSERT INTO {actor_table} (code, month, event_type, n, sum_intensity) \
             VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (code, month, event_type) DO UPDATE SET \
             n = {actor_table}.n + excluded.n, \
             sum_intensity = {actor_table}.sum_intensity + excluded.sum_intensity"
        ))?;
        for ((code, month, ty), (n, sum)) in &self.actor_month {
            if *n != 0 || *sum != 0.0 {
                stmt.execute(params![code, month, ty, n, sum])?;
            }
        }
        if self.removed {
            for table in [month_table, edge_table, actor_table] {
                conn.prepare_cached(&format!("DELETE FROM {table} WHERE n <= 0"))?
                    .execute([])?;
            }
        }
        Ok(())
    }
}
