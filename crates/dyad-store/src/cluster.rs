//! Event clusters in the store: [`Store::recluster`] keeps them in step
//! with the stored events, recomputing only the groups of events that
//! changed.
//!
//! Mentions can share a cluster only within one event type and unordered
//! pair of actors (a *group*: `dyad_combine`'s two blocks of that type and
//! pair, denied and not), and a group's clusters depend only on the set of
//! its mentions. Ingest lists the groups whose events it adds or deletes
//! (`cluster_dirty`); a recluster deletes those groups' clusters and
//! clusters their events again, and leaves every other cluster as it is.
//! Claim–denial links cross groups: the linking summaries of the new
//! clusters are linked against the stored summaries of the clusters that
//! may link (`cluster_view`, a small part of the store) and share an actor
//! with them, a chunk at a time, and links between unchanged clusters
//! stay. The result equals
//! recomputing everything, which a recluster does when the list is not
//! kept (a bulk load, a store from schema v11) or covers most of the store.
//!
//! A stored cluster is its `event_cluster` row, its `cluster_member` rows
//! and its `cluster_link` rows; its reports are the members' stored events
//! ([`cluster_from_row`]).

use crate::totals::{TotalTables, Totals};
use crate::{
    event_from_row, get_json, get_usize, month_key, parse_col, schema, to_i64, ClusterStats,
    FastMap, Store, StoreError, EVENT_COLUMNS,
};
use dyad_combine::{BlockKey, Cluster, LinkView, Mention, Options, SourceRef};
use dyad_doc::{EventType, PartialDate};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeSet;

/// A group of events that may share clusters: `(event type, lesser actor,
/// greater actor)`, `''` for a missing actor (as in `cluster_dirty`).
type GroupKey = (String, String, String);

/// Counts of a recluster, signed so that an incremental one can subtract
/// the clusters it deletes from the stored counts.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    mentions: i64,
    clusters: i64,
    corroborated: i64,
    denied_only: i64,
    /// Clusters some other cluster denies (set by linking, not by `add`).
    contradicted: i64,
}

impl Counts {
    /// Counts one cluster `sign` times.
    fn add(&mut self, n_mentions: i64, corroboration: i64, denied_only: bool, sign: i64) {
        self.mentions += sign * n_mentions;
        self.clusters += sign;
        self.corroborated += sign * i64::from(corroboration >= 2);
        self.denied_only += sign * i64::from(denied_only);
    }
}

impl Store {
    /// Brings the event clusters up to date with the stored events, in one
    /// transaction (readers see the old clusters or the new ones, never a
    /// mix), and marks them current. Clustering is a deterministic function
    /// of the set of stored mentions ([`dyad_combine::cluster`] with the
    /// default options; each mention's reference date is its document's
    /// publication date), so the result does not depend on the order or
    /// batches in which documents were ingested, nor on whether this
    /// recluster recomputes everything or only what changed.
    ///
    /// Only the groups of events (type and pair of actors) that ingest
    /// changed since the last recluster are clustered again (see the module
    /// documentation), so adding a few articles to a large store costs
    /// what those articles touch. Everything is recomputed when the store
    /// does not know what changed (after a bulk load, or a store from an
    /// older schema) or when the changed groups are many; then the cluster
    /// tables are rewritten whole and their indexes built once at the end,
    /// and a second thread reads and clusters the groups while this one
    /// writes.
    ///
    /// Memory: events are read and clustered one group at a time and each
    /// cluster is written as soon as it is made. An incremental recluster
    /// holds the new clusters' [`LinkView`]s and one chunk of stored ones;
    /// a full one holds the views of every cluster that may take part in a
    /// claim–denial link (compact, but as many as such clusters). The
    /// write lock is held throughout (other writers wait, readers do not).
    pub fn recluster(&mut self) -> Result<ClusterStats, StoreError> {
        self.recluster_with(None)
    }

    /// When the next [`Store::recluster`] will be a full one (after a bulk
    /// load), starts reading and clustering the stored events now, on a
    /// thread with its own read connection, so that this overlaps what the
    /// caller does meanwhile on this handle (`Store::end_bulk_load`).
    /// Pass the result to [`Store::recluster_with`]. `None` when the next
    /// recluster is incremental or no second connection sees this store's
    /// events (`:memory:`).
    ///
    /// Why: at the end of a bulk load the index build and the recluster
    /// ran one after the other on one core while the other stood idle
    /// (1,950 real-length articles: 0.10 s and 0.19 s, the clustering
    /// itself 0.12 s of it).
    pub fn start_full_recluster(&self) -> Result<Option<ClusterPrefetch>, StoreError> {
        let (full_requested, _) = stored_counts(&self.conn)?;
        if !full_requested {
            return Ok(None);
        }
        Ok(ClusterPrefetch::start(&self.conn, &self.path))
    }

    /// [`Store::recluster`], taking the clustering from `prefetch` (see
    /// [`Store::start_full_recluster`]) when the recluster is full and the
    /// prefetch saw the events this transaction sees; otherwise it is
    /// dropped and the clustering done here. The result is the same
    /// either way.
    pub fn recluster_with(
        &mut self,
        prefetch: Option<ClusterPrefetch>,
    ) -> Result<ClusterStats, StoreError> {
        let opts = Options::default();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (full_requested, prior) = stored_counts(&tx)?;
        let dirty = dirty_groups(&tx)?;
        // Recomputing a group costs a few indexed reads more than a full
        // pass spends on it: when the changed groups are many, rewrite all.
        let full = full_requested
            || i64::try_from(dirty.len())
                .unwrap_or(i64::MAX)
                .saturating_mul(2)
                > prior.clusters;
        let mut writer = ClusterWriter::new(&tx, full)?;
        let mut groups = 0;
        if full {
            for (name, _) in schema::CLUSTER_INDEXES {
                // Index names are constants; DDL takes no bound parameters.
                tx.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
            }
            for table in [
                "event_cluster",
                "cluster_member",
                "cluster_link",
                "cluster_view",
                "agg_cluster_month",
                "agg_cluster_edge",
                "agg_cluster_actor_month",
            ] {
                tx.execute(&format!("DELETE FROM {table}"), [])?;
            }
            // Clusters come in group order, not in the order of any index
            // key: with the usual 16 MiB page cache the transaction spilled
            // and rewrote the same b-tree pages into the WAL again and
            // again (100,000 generated articles, measured while the cluster
            // ids were primary keys: 8.6 GB written; 32 MiB: 5.9 GB and
            // 22.4 -> 20.1 s; 64 MiB: 4.1 GB but a peak of 322 MB, over the
            // 300 MB budget).
            tx.execute_batch("PRAGMA cache_size = -32768")?;
            groups = write_all_groups(&tx, &self.path, prefetch, &mut writer, &opts)?;
        } else {
            drop(prefetch);
            writer.counts = prior;
            let mut event_ids = GroupEvents::new(&tx)?;
            let mut clusterer = GroupClusterer::new(&tx, &opts)?;
            // Every old cluster goes first: a replaced document's event ids
            // (and so the ids of clusters they lead) may move to another
            // group.
            for key in &dirty {
                writer.delete_group(key)?;
            }
            for key in &dirty {
                let ids = event_ids.of(key)?;
                if !ids.is_empty() {
                    writer.write_group(&mut clusterer, &ids)?;
                    groups += 1;
                }
            }
        }
        let (counts, totals, held, deleted, views_changed) = writer.finish();
        let contradicted = if full {
            link_all(&tx, &held, &opts)?
        } else if views_changed {
            relink_changed(&tx, &held, &deleted, &opts)?
        } else {
            // Links are a function of the views alone, and no view was
            // added or removed: they are as stored.
            usize::try_from(prior.contradicted).unwrap_or(0)
        };
        drop(held);
        if full {
            for (_, sql) in schema::CLUSTER_INDEXES {
                tx.execute_batch(sql)?;
            }
            tx.execute_batch(REBUILD_CLUSTER_TOTALS)?;
        } else {
            totals.apply(&tx, TotalTables::Clusters)?;
        }
        tx.execute(
            "UPDATE cluster_state SET current = TRUE, full_recluster = FALSE, n_mentions = ?, \
             n_clusters = ?, n_corroborated = ?, n_denied_only = ?, n_contradicted = ? \
             WHERE id = 1",
            params![
                counts.mentions,
                counts.clusters,
                counts.corroborated,
                counts.denied_only,
                to_i64(contradicted)
            ],
        )?;
        tx.execute("DELETE FROM cluster_dirty", [])?;
        // Back to the cache `Store::open` sets.
        tx.execute_batch(crate::CACHE_SIZE_PRAGMA)?;
        tx.commit()?;
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        Ok(ClusterStats {
            mentions: count(counts.mentions),
            clusters: count(counts.clusters),
            corroborated: count(counts.corroborated),
            contradicted,
            denied_only: count(counts.denied_only),
            full,
            groups,
        })
    }
}

/// The cluster totals recomputed from `event_cluster` (a full recluster).
const REBUILD_CLUSTER_TOTALS: &str = "\
    INSERT INTO agg_cluster_month (month, event_type, n, sum_intensity) \
    SELECT month, event_type, COUNT(*), SUM(intensity) FROM event_cluster \
    WHERE NOT denied_only GROUP BY 1, 2;
    INSERT INTO agg_cluster_edge (source, target, n, sum_intensity) \
    SELECT COALESCE(source, ''), COALESCE(target, ''), COUNT(*), SUM(intensity) \
    FROM event_cluster WHERE NOT denied_only GROUP BY 1, 2;
    INSERT INTO agg_cluster_actor_month (code, month, event_type, n, sum_intensity) \
    SELECT code, month, event_type, COUNT(*), SUM(intensity) FROM ( \
      SELECT source AS code, month, event_type, intensity FROM event_cluster \
        WHERE NOT denied_only AND source IS NOT NULL \
      UNION ALL \
      SELECT target AS code, month, event_type, intensity FROM event_cluster \
        WHERE NOT denied_only AND target IS NOT NULL \
        AND (source IS NULL OR source <> target) \
    ) AS a GROUP BY code, month, event_type;";

/// Whether a full recluster is asked for, and the counts of the stored
/// clusters.
fn stored_counts(conn: &Connection) -> Result<(bool, Counts), StoreError> {
    let row = conn
        .query_row(
            "SELECT full_recluster, n_mentions, n_clusters, n_corroborated, n_denied_only, \
             n_contradicted FROM cluster_state WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, bool>(0)?,
                    Counts {
                        mentions: r.get(1)?,
                        clusters: r.get(2)?,
                        corroborated: r.get(3)?,
                        denied_only: r.get(4)?,
                        contradicted: r.get(5)?,
                    },
                ))
            },
        )
        .optional()?;
    // No state row: nothing is known, recompute everything.
    Ok(row.unwrap_or((true, Counts::default())))
}

/// The groups ingest changed since the last recluster, sorted.
fn dirty_groups(conn: &Connection) -> Result<Vec<GroupKey>, StoreError> {
    let mut stmt = conn.prepare("SELECT event_type, lo, hi FROM cluster_dirty ORDER BY 1, 2, 3")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ids of all stored events, one list per group (sorted by group, then
/// id). Codes are interned so that sorting compares integers.
fn pair_groups(conn: &Connection) -> Result<Vec<Vec<i64>>, StoreError> {
    let mut codes: FastMap<String, u32> = FastMap::default();
    let mut intern = |c: Option<String>| -> u32 {
        match c {
            None => 0,
            Some(c) => {
                let next = u32::try_from(codes.len() + 1).unwrap_or(u32::MAX);
                *codes.entry(c).or_insert(next)
            }
        }
    };
    let mut keyed: Vec<(u32, u32, u32, i64)> = Vec::new();
    let mut stmt = conn.prepare("SELECT event_type, source, target, id FROM event")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let t = intern(r.get(0)?);
        let (a, b) = (intern(r.get(1)?), intern(r.get(2)?));
        keyed.push((t, a.min(b), a.max(b), r.get(3)?));
    }
    keyed.sort_unstable();
    let mut groups: Vec<Vec<i64>> = Vec::new();
    let mut last: Option<(u32, u32, u32)> = None;
    for &(t, lo, hi, id) in &keyed {
        let key = (t, lo, hi);
        if last != Some(key) {
            groups.push(Vec::new());
            last = Some(key);
        }
        if let Some(g) = groups.last_mut() {
            g.push(id);
        }
    }
    Ok(groups)
}

/// Finds the stored events of one group (through the `(source, target, …)`
/// event index, once per direction).
struct GroupEvents<'c> {
    stmt: rusqlite::Statement<'c>,
}

impl<'c> GroupEvents<'c> {
    fn new(conn: &'c Connection) -> Result<Self, StoreError> {
        Ok(GroupEvents {
            stmt: conn.prepare(
                "SELECT id FROM event WHERE source IS ?1 AND target IS ?2 AND event_type = ?3",
            )?,
        })
    }

    /// The ids of the group's events, sorted.
    fn of(&mut self, (ty, lo, hi): &GroupKey) -> Result<Vec<i64>, StoreError> {
        let (lo, hi) = (actor(lo), actor(hi));
        let mut ids: Vec<i64> = Vec::new();
        for (source, target) in [(&lo, &hi), (&hi, &lo)] {
            let rows = self
                .stmt
                .query_map(params![source, target, ty], |r| r.get(0))?;
            for id in rows {
                ids.push(id?);
            }
            if lo == hi {
                break;
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}

/// The key that orders clusters as `dyad_combine` returns them: undated
/// last, then by first day, type and id. `\u{1}` separates the parts: it
/// sorts before every character of a date or an id, so comparing keys byte
/// by byte (SQLite's `BINARY`) compares the parts in turn.
fn sort_key(c: &Cluster) -> String {
    let (undated, day) = match &c.date_start {
        Some(d) => ('0', d.as_str()),
        None => ('1', ""),
    };
    let rank = type_rank(c.event_type);
    format!("{undated}{day}\u{1}{rank:02}\u{1}{}", c.id)
}

/// The position of a type in [`dyad_doc::ALL_EVENT_TYPES`], PLOVER's
/// order, which is the order `EventType` sorts in.
fn type_rank(t: EventType) -> usize {
    dyad_doc::ALL_EVENT_TYPES
        .iter()
        .position(|x| *x == t)
        .unwrap_or(dyad_doc::ALL_EVENT_TYPES.len())
}

/// The publication date of document `doc`, through `stmt` (`SELECT
/// published FROM doc WHERE name = ?`). An unreadable stored date counts as
/// none (its mentions are then compared without a publication window).
fn read_published(
    stmt: &mut rusqlite::Statement<'_>,
    doc: &str,
) -> Result<Option<PartialDate>, StoreError> {
    let p: Option<String> = stmt.query_row([doc], |r| r.get(0)).optional()?.flatten();
    Ok(p.and_then(|p| p.parse().ok()))
}

/// A group's clusters, each with its linking summary when it may link.
type GroupClusters = Vec<(Cluster, Option<LinkView>)>;

/// Reads the events of a group and clusters them, writing nothing: in a
/// full recluster a second thread does this, on a connection of its own,
/// while the first writes.
struct GroupClusterer<'c> {
    opts: &'c Options,
    event: rusqlite::Statement<'c>,
    published_of: rusqlite::Statement<'c>,
    /// Publication dates of the documents seen so far.
    published: FastMap<String, Option<PartialDate>>,
}

impl<'c> GroupClusterer<'c> {
    fn new(conn: &'c Connection, opts: &'c Options) -> Result<Self, StoreError> {
        Ok(GroupClusterer {
            opts,
            event: conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM event WHERE id = ?"))?,
            published_of: conn.prepare("SELECT published FROM doc WHERE name = ?")?,
            published: FastMap::default(),
        })
    }

    /// The publication date of document `doc`, read once per document.
    fn published(&mut self, doc: &str) -> Result<Option<PartialDate>, StoreError> {
        if let Some(p) = self.published.get(doc) {
            return Ok(*p);
        }
        let p = read_published(&mut self.published_of, doc)?;
        self.published.insert(doc.to_string(), p);
        Ok(p)
    }

    /// Clusters the events `ids` (all of one group).
    fn cluster(&mut self, ids: &[i64]) -> Result<GroupClusters, StoreError> {
        let mut mentions = Vec::with_capacity(ids.len());
        for &id in ids {
            let rec = self.event.query_row([id], event_from_row)?;
            let p = self.published(&rec.doc)?;
            mentions.push(Mention::new(rec, p));
        }
        let clusters = dyad_combine::cluster_unlinked(&mentions, self.opts);
        drop(mentions);
        let views: Vec<LinkView> = clusters
            .iter()
            .map(|c| LinkView::of(c, self.opts))
            .collect();
        // A claim that is neither reported nor a denial can only be linked
        // to a denied-only cluster of its own group (and then to denials in
        // that cluster's sentences): keep its view when linking this group
        // alone already links it.
        let local_claims: BTreeSet<usize> = if views.iter().any(LinkView::is_denied_only) {
            dyad_combine::link_views(&views, self.opts)
                .into_iter()
                .map(|(claim, _)| claim)
                .collect()
        } else {
            BTreeSet::new()
        };
        Ok(clusters
            .into_iter()
            .zip(views)
            .enumerate()
            .map(|(i, (c, v))| {
                let keep = v.may_link() || local_claims.contains(&i);
                (c, keep.then_some(v))
            })
            .collect())
    }
}

/// A view's actors as stored in `cluster_view.actors`: `|PRK|RUS|`, empty
/// for none, `*` (always considered) when a code itself holds a `|`.
fn actor_list(actors: &[String]) -> String {
    if actors.iter().any(|a| a.contains('|')) {
        "*".to_string()
    } else if actors.is_empty() {
        String::new()
    } else {
        format!("|{}|", actors.join("|"))
    }
}

/// Clusters and writes every group of the store: the groups are read and
/// clustered on a second thread with its own read connection to `path`
/// (the events are committed; the transaction only rewrites the cluster
/// tables), so clustering overlaps writing; `prefetch`, when given and
/// when it saw the same events, is that thread already started. Falls back
/// to one thread when a second connection cannot be opened or does not see
/// the same events. Groups are written in the same order either way.
/// Returns the number of groups.
fn write_all_groups(
    conn: &Connection,
    path: &std::path::Path,
    prefetch: Option<ClusterPrefetch>,
    writer: &mut ClusterWriter<'_>,
    opts: &Options,
) -> Result<usize, StoreError> {
    let mut groups = 0;
    let mine = event_summary(conn)?;
    let mut prefetch = match prefetch.map(|mut p| p.seen().map(|seen| (seen, p))) {
        Some(Ok((seen, p))) if seen == Some(mine) => Some(p),
        // Stale (the events changed since it started) or failed before it
        // read anything: dropped, and a new one started on the events this
        // transaction sees.
        _ => ClusterPrefetch::start(conn, path),
    };
    if let Some(p) = &mut prefetch {
        if p.seen()? != Some(mine) {
            prefetch = None;
        }
    }
    let Some(mut prefetch) = prefetch else {
        let mut clusterer = GroupClusterer::new(conn, opts)?;
        for ids in pair_groups(conn)? {
            writer.write_group(&mut clusterer, &ids)?;
            groups += 1;
        }
        return Ok(groups);
    };
    while let Some((mentions, made)) = prefetch.next_group()? {
        for (c, view) in made {
            writer.write(c, view)?;
        }
        prefetch.budget.release(mentions);
        groups += 1;
    }
    Ok(groups)
}

/// Count and greatest id of the stored events, as `conn` sees them: what
/// tells whether two connections (or two moments) see the same events.
fn event_summary(conn: &Connection) -> Result<(i64, i64), StoreError> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM event",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Mentions read and clustered ahead of the writer, at most (a larger
/// group still goes alone): bounds memory whatever the store's size, while
/// letting the reader run well ahead when it starts before the writer
/// (`Store::start_full_recluster`).
const PREFETCH_MENTIONS: usize = 32_768;

/// What the prefetch thread sends: first the events it sees, then each
/// group's clusters in order with the group's number of mentions.
enum Feed {
    Seen((i64, i64)),
    Group(usize, GroupClusters),
}

/// A full recluster's reading and clustering, running on its own thread and
/// read connection (one read transaction, so one snapshot of the events)
/// ahead of the writer. Dropping it stops the thread.
pub struct ClusterPrefetch {
    receive: Option<std::sync::mpsc::Receiver<Result<Feed, StoreError>>>,
    budget: std::sync::Arc<Budget>,
    seen: Option<Option<(i64, i64)>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ClusterPrefetch {
    /// Starts the thread on a new read connection to `path`; `None` when
    /// it cannot be opened or, as far as can be told before the thread
    /// runs, does not see `conn`'s events (an in-memory store).
    fn start(conn: &Connection, path: &std::path::Path) -> Option<ClusterPrefetch> {
        let reader = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|c| c.busy_timeout(crate::BUSY_TIMEOUT).map(|()| c))
        .ok()?;
        if event_summary(conn).ok()? != event_summary(&reader).ok()? {
            return None;
        }
        let budget = std::sync::Arc::new(Budget::new(PREFETCH_MENTIONS));
        let (send, receive) = std::sync::mpsc::channel();
        let thread_budget = std::sync::Arc::clone(&budget);
        let thread = std::thread::Builder::new()
            .name("dyad-cluster".into())
            .spawn(move || {
                let run = || -> Result<(), StoreError> {
                    let opts = Options::default();
                    // One snapshot for everything read below.
                    let snapshot = reader.unchecked_transaction()?;
                    if send
                        .send(Ok(Feed::Seen(event_summary(&snapshot)?)))
                        .is_err()
                    {
                        return Ok(());
                    }
                    let mut clusterer = GroupClusterer::new(&snapshot, &opts)?;
                    for ids in pair_groups(&snapshot)? {
                        if !thread_budget.acquire(ids.len()) {
                            break;
                        }
                        let made = clusterer.cluster(&ids)?;
                        if send.send(Ok(Feed::Group(ids.len(), made))).is_err() {
                            break;
                        }
                    }
                    Ok(())
                };
                if let Err(e) = run() {
                    let _ = send.send(Err(e));
                }
            })
            .ok()?;
        Some(ClusterPrefetch {
            receive: Some(receive),
            budget,
            seen: None,
            thread: Some(thread),
        })
    }

    fn receive(&mut self) -> Result<Option<Feed>, StoreError> {
        match self.receive.as_ref().map(|r| r.recv()) {
            Some(Ok(Ok(feed))) => Ok(Some(feed)),
            Some(Ok(Err(e))) => Err(e),
            // The thread ended: everything was sent.
            Some(Err(_)) | None => Ok(None),
        }
    }

    /// The events the thread sees (waiting for it to say); `None` when it
    /// failed before saying.
    fn seen(&mut self) -> Result<Option<(i64, i64)>, StoreError> {
        if self.seen.is_none() {
            let seen = match self.receive()? {
                Some(Feed::Seen(s)) => Some(s),
                _ => None,
            };
            self.seen = Some(seen);
        }
        Ok(self.seen.flatten())
    }

    /// The next group's clusters and its number of mentions, in group
    /// order; `None` after the last.
    fn next_group(&mut self) -> Result<Option<(usize, GroupClusters)>, StoreError> {
        match self.receive()? {
            Some(Feed::Group(n, made)) => Ok(Some((n, made))),
            Some(Feed::Seen(_)) => Err(StoreError::Corrupt(
                "the clustering thread reported its snapshot twice".into(),
            )),
            None => Ok(None),
        }
    }
}

impl Drop for ClusterPrefetch {
    fn drop(&mut self) {
        self.budget.close();
        drop(self.receive.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Mentions in flight between the prefetch thread and the writer.
struct Budget {
    state: std::sync::Mutex<(usize, bool)>,
    freed: std::sync::Condvar,
    cap: usize,
}

impl Budget {
    fn new(cap: usize) -> Self {
        Budget {
            state: std::sync::Mutex::new((0, false)),
            freed: std::sync::Condvar::new(),
            cap,
        }
    }

    /// Waits until `n` more mentions fit (or nothing is in flight); false
    /// when the budget was closed.
    fn acquire(&self, n: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !state.1 && state.0 > 0 && state.0 + n > self.cap {
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        if state.1 {
            return false;
        }
        state.0 += n;
        true
    }

    fn release(&self, n: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 = state.0.saturating_sub(n);
        self.freed.notify_all();
    }

    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.1 = true;
        self.freed.notify_all();
    }
}

/// Writes clusters (their row, members and linking summary), deletes
/// groups' old clusters, and keeps the counts, the change of the totals and
/// what linking needs.
struct ClusterWriter<'c> {
    conn: &'c Connection,
    cluster: rusqlite::Statement<'c>,
    member: rusqlite::Statement<'c>,
    view: rusqlite::Statement<'c>,
    /// True when everything is rewritten: the totals are then rebuilt by
    /// SQL at the end rather than changed cluster by cluster.
    full: bool,
    counts: Counts,
    totals: Totals,
    /// The views of the clusters written that may link.
    held: Vec<LinkView>,
    /// Ids of the clusters deleted (an incremental recluster).
    deleted: BTreeSet<String>,
    /// True when a view was written or deleted (links may have changed).
    views_changed: bool,
}

impl<'c> ClusterWriter<'c> {
    fn new(conn: &'c Connection, full: bool) -> Result<Self, StoreError> {
        Ok(ClusterWriter {
            conn,
            cluster: conn.prepare(
                "INSERT INTO event_cluster (id, sort_key, block, event_type, source, target, \
                 joint, date, date_precision, date_start, date_end, month, intensity, \
                 corroboration, n_mentions, denied_only, statuses, ambiguous_with) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )?,
            member: conn.prepare(
                "INSERT INTO cluster_member (cluster_id, event_ext_id, doc_name, status) \
                 VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            )?,
            view: conn
                .prepare("INSERT INTO cluster_view (cluster_id, actors, view) VALUES (?, ?, ?)")?,
            full,
            counts: Counts::default(),
            totals: Totals::default(),
            held: Vec::new(),
            deleted: BTreeSet::new(),
            views_changed: false,
        })
    }

    /// What was counted and kept: the counts, the change of the totals,
    /// the views written, the ids deleted, and whether any linking summary
    /// was written or deleted. Releases the statements.
    fn finish(self) -> (Counts, Totals, Vec<LinkView>, BTreeSet<String>, bool) {
        (
            self.counts,
            self.totals,
            self.held,
            self.deleted,
            self.views_changed,
        )
    }

    /// Clusters the events `ids` (all of one group) and writes the
    /// clusters.
    fn write_group(
        &mut self,
        clusterer: &mut GroupClusterer<'_>,
        ids: &[i64],
    ) -> Result<(), StoreError> {
        for (c, view) in clusterer.cluster(ids)? {
            self.write(c, view)?;
        }
        Ok(())
    }

    /// Writes one cluster (without links), with its view when it may link.
    /// The cluster is stored as its columns, a `cluster_member` row per
    /// member and its links in `cluster_link`; [`cluster_from_row`] puts it
    /// together again from those and the members' stored events (a JSON
    /// copy of each cluster with every report would store every quote
    /// twice: the clusters were half of a store's bytes).
    fn write(&mut self, c: Cluster, view: Option<LinkView>) -> Result<(), StoreError> {
        let denied_only = c.is_denied_only();
        let block = c.block_key().to_string();
        let corroboration = to_i64(c.corroboration);
        let n_mentions = to_i64(c.mentions.len());
        self.counts.add(n_mentions, corroboration, denied_only, 1);
        let month = month_key(c.date);
        let intensity = if c.intensity.is_finite() {
            f64::from(c.intensity).clamp(-10.0, 10.0)
        } else {
            0.0
        };
        let event_type = c.event_type.as_str();
        if !self.full && !denied_only {
            self.totals.add(
                &month,
                event_type,
                c.source.as_deref(),
                c.target.as_deref(),
                intensity,
                1,
            );
        }
        for src in &c.sources {
            self.member
                .execute(params![c.id, src.mention, src.doc, src.status.as_str()])?;
        }
        self.cluster.execute(params![
            c.id,
            sort_key(&c),
            block,
            event_type,
            c.source,
            c.target,
            c.joint,
            c.date.map(|d| d.to_string()),
            c.date.map(|d| d.precision.as_str()),
            c.date_start,
            c.date_end,
            month,
            intensity,
            corroboration,
            n_mentions,
            denied_only,
            serde_json::to_string(&c.statuses)?,
            serde_json::to_string(&c.ambiguous_with)?,
        ])?;
        if let Some(v) = view {
            self.views_changed = true;
            self.view.execute(params![
                c.id,
                actor_list(v.actors()),
                serde_json::to_string(&v)?
            ])?;
            self.held.push(v);
        }
        Ok(())
    }

    /// Deletes the stored clusters of one group (both of its blocks), with
    /// their members and views, and subtracts them from the counts and
    /// totals. Their links are settled by [`relink_changed`].
    fn delete_group(&mut self, (ty, lo, hi): &GroupKey) -> Result<(), StoreError> {
        let Ok(event_type) = ty.parse::<EventType>() else {
            // Not a type this build knows: no cluster can be of it.
            return Ok(());
        };
        let mut doomed: Vec<String> = Vec::new();
        for denied in [false, true] {
            let block = BlockKey::new(event_type, actor(lo), actor(hi), denied).to_string();
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, month, event_type, source, target, intensity, denied_only, \
                 corroboration, n_mentions FROM event_cluster WHERE block = ?",
            )?;
            let mut rows = stmt.query([block])?;
            while let Some(r) = rows.next()? {
                let denied_only: bool = r.get(6)?;
                let corroboration: i64 = r.get(7)?;
                let n_mentions: i64 = r.get(8)?;
                self.counts.add(n_mentions, corroboration, denied_only, -1);
                if !denied_only {
                    let month: String = r.get(1)?;
                    let ty: String = r.get(2)?;
                    let source: Option<String> = r.get(3)?;
                    let target: Option<String> = r.get(4)?;
                    let intensity: f64 = r.get(5)?;
                    self.totals.add(
                        &month,
                        &ty,
                        source.as_deref(),
                        target.as_deref(),
                        intensity,
                        -1,
                    );
                }
                doomed.push(r.get(0)?);
            }
        }
        for id in doomed {
            for sql in [
                "DELETE FROM cluster_member WHERE cluster_id = ?",
                "DELETE FROM event_cluster WHERE id = ?",
            ] {
                self.conn.prepare_cached(sql)?.execute([&id])?;
            }
            let views = self
                .conn
                .prepare_cached("DELETE FROM cluster_view WHERE cluster_id = ?")?
                .execute([&id])?;
            self.views_changed |= views > 0;
            self.deleted.insert(id);
        }
        Ok(())
    }
}

/// The columns of `event_cluster` that [`cluster_from_row`] reads, in its
/// order.
pub(crate) const CLUSTER_COLUMNS: &str = "id, event_type, source, target, joint, date, \
    date_start, date_end, intensity, corroboration, statuses, ambiguous_with, denied_only";

/// A stored cluster, put together from its row ([`CLUSTER_COLUMNS`]), its
/// members with their stored events (the sources, in the order of
/// `mentions`: by document, then id) and its links. While the clusters are
/// not current, a member's event may have been replaced or deleted since:
/// its source shows the event as stored now, or is left out when it is
/// gone. Returns the cluster and whether it is only denials.
pub(crate) fn cluster_from_row(
    conn: &Connection,
    r: &rusqlite::Row<'_>,
) -> Result<(Cluster, bool), StoreError> {
    let id: String = r.get(0)?;
    let mut members = conn.prepare_cached(
        "SELECT doc_name, event_ext_id FROM cluster_member WHERE cluster_id = ? \
         ORDER BY doc_name, event_ext_id",
    )?;
    let members: Vec<(String, String)> = members
        .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    // A mention id is `<doc>-<n>` for the document's event `seq` n − 1
    // (see `ingest_one`): look it up by that key, and search the document's
    // events for the id only when the number does not lead to it.
    let mut by_seq = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM event \
         WHERE doc_id = (SELECT id FROM doc WHERE name = ?1) AND seq = ?2 AND ext_id = ?3"
    ))?;
    let mut by_id = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM event \
         WHERE doc_id = (SELECT id FROM doc WHERE name = ?1) AND ext_id = ?2"
    ))?;
    let mut published_of = conn.prepare_cached("SELECT published FROM doc WHERE name = ?")?;
    let mut sources = Vec::with_capacity(members.len());
    for (doc, mention) in &members {
        let seq = mention
            .strip_prefix(doc.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| n - 1);
        let found = match seq {
            Some(seq) => by_seq
                .query_row(params![doc, seq, mention], event_from_row)
                .optional()?,
            None => None,
        };
        let found = match found {
            Some(rec) => Some(rec),
            None => by_id
                .query_row(params![doc, mention], event_from_row)
                .optional()?,
        };
        let Some(rec) = found else {
            continue;
        };
        let published = read_published(&mut published_of, doc)?;
        sources.push(SourceRef::of(&Mention::new(rec, published)));
    }
    let linked = |sql: &str| -> Result<Vec<String>, StoreError> {
        let mut stmt = conn.prepare_cached(sql)?;
        let ids = stmt.query_map([&id], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    };
    let contradicted_by =
        linked("SELECT denial_id FROM cluster_link WHERE claim_id = ? ORDER BY denial_id")?;
    let denies = linked("SELECT claim_id FROM cluster_link WHERE denial_id = ? ORDER BY claim_id")?;
    let docs: BTreeSet<&str> = members.iter().map(|(doc, _)| doc.as_str()).collect();
    let date: Option<String> = r.get(5)?;
    let intensity: f64 = r.get(8)?;
    let cluster = Cluster {
        event_type: parse_col(r, 1)?,
        source: r.get(2)?,
        target: r.get(3)?,
        joint: r.get(4)?,
        date: date.and_then(|d| d.parse().ok()),
        // Written from the f32 mean (within −10..10), so this is exact.
        intensity: intensity as f32,
        date_start: r.get(6)?,
        date_end: r.get(7)?,
        mentions: members.iter().map(|(_, m)| m.clone()).collect(),
        docs: docs.iter().map(|d| (*d).to_string()).collect(),
        corroboration: get_usize(r, 9)?,
        statuses: get_json(r, 10)?,
        sources,
        ambiguous_with: get_json(r, 11)?,
        contradicted_by,
        denies,
        id,
    };
    Ok((cluster, r.get(12)?))
}

/// A group key's actor code: `''` is none.
fn actor(code: &str) -> Option<&str> {
    (!code.is_empty()).then_some(code)
}

/// Stores one claim–denial link.
const INSERT_LINK: &str =
    "INSERT INTO cluster_link (claim_id, denial_id) VALUES (?, ?) ON CONFLICT DO NOTHING";

/// Links claims to their denials over `views` (every cluster of the store
/// that may link; the link table is empty), stores the links and returns
/// the number of contradicted clusters.
fn link_all(conn: &Connection, views: &[LinkView], opts: &Options) -> Result<usize, StoreError> {
    let mut insert = conn.prepare(INSERT_LINK)?;
    let mut claims: BTreeSet<&str> = BTreeSet::new();
    for (claim, denial) in dyad_combine::link_views(views, opts) {
        let (Some(c), Some(d)) = (views.get(claim), views.get(denial)) else {
            continue;
        };
        insert.execute(params![c.id, d.id])?;
        claims.insert(&c.id);
    }
    Ok(claims.len())
}

/// How many stored views an incremental relink holds at once besides the
/// new ones. The links do not depend on it; debug builds (the tests) use a
/// small chunk so that relinking over many chunks is what they check.
const VIEW_CHUNK: usize = if cfg!(debug_assertions) { 7 } else { 4096 };

/// Relinks after an incremental recluster: `written` are the views of the
/// clusters just written, `deleted` the ids of the clusters deleted. Links
/// between two clusters neither written nor deleted stay as stored: a link
/// depends on its claim's and its denial's views, and on the denied
/// mentions of the claim's own group (recomputed with the claim, so among
/// `written` when it changed). So the links of the written and deleted
/// clusters are dropped, and the written views are linked against each
/// other and against the stored views a chunk at a time (memory holds the
/// new views and one chunk, not every view of the store). Returns the
/// number of contradicted clusters.
fn relink_changed(
    conn: &Connection,
    written: &[LinkView],
    deleted: &BTreeSet<String>,
    opts: &Options,
) -> Result<usize, StoreError> {
    let new_ids: BTreeSet<&str> = written.iter().map(|v| v.id.as_str()).collect();
    for id in deleted
        .iter()
        .map(String::as_str)
        .chain(new_ids.iter().copied())
    {
        for sql in [
            "DELETE FROM cluster_link WHERE claim_id = ?",
            "DELETE FROM cluster_link WHERE denial_id = ?",
        ] {
            conn.prepare_cached(sql)?.execute([id])?;
        }
    }
    if !written.is_empty() {
        let mut insert = conn.prepare(INSERT_LINK)?;
        let mut views: Vec<LinkView> = written.to_vec();
        let mut link = |views: &mut Vec<LinkView>| -> Result<(), StoreError> {
            // Only links with a new view: the others are stored already
            // (or, within a chunk of stored views, unchanged).
            for (claim, denial) in dyad_combine::link_views(views, opts) {
                if claim >= written.len() && denial >= written.len() {
                    continue;
                }
                let (Some(c), Some(d)) = (views.get(claim), views.get(denial)) else {
                    continue;
                };
                insert.execute(params![c.id, d.id])?;
            }
            views.truncate(written.len());
            Ok(())
        };
        // A link joins two clusters that share an actor (or two without
        // any): stored views that share none with the new ones are skipped
        // unparsed.
        let actors: BTreeSet<&str> = written
            .iter()
            .flat_map(|v| v.actors().iter().map(String::as_str))
            .collect();
        let any_actorless = written.iter().any(|v| v.actors().is_empty());
        let may_pair = |list: &str| {
            list == "*"
                || (list.is_empty() && any_actorless)
                || list
                    .split('|')
                    .any(|code| !code.is_empty() && actors.contains(code))
        };
        let mut stored = conn.prepare("SELECT cluster_id, actors, view FROM cluster_view")?;
        let mut rows = stored.query([])?;
        let mut chunk = 0;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let list: String = r.get(1)?;
            if new_ids.contains(id.as_str()) || !may_pair(&list) {
                continue;
            }
            views.push(get_json(r, 2)?);
            chunk += 1;
            if chunk == VIEW_CHUNK {
                link(&mut views)?;
                chunk = 0;
            }
        }
        // The new views among themselves, with the last chunk.
        link(&mut views)?;
    }
    let n: i64 = conn.query_row(
        "SELECT COUNT(DISTINCT claim_id) FROM cluster_link",
        [],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::Budget;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn the_budget_holds_the_reader_back_until_the_writer_frees_room() {
        let budget = Arc::new(Budget::new(10));
        assert!(budget.acquire(6));
        // A group larger than the whole budget still goes when nothing is
        // in flight; here 6 are, so 5 more must wait.
        let (done_tx, done) = std::sync::mpsc::channel();
        let waiter = {
            let budget = Arc::clone(&budget);
            std::thread::spawn(move || {
                let got = budget.acquire(5);
                let _ = done_tx.send(got);
            })
        };
        assert!(done.recv_timeout(Duration::from_millis(100)).is_err());
        budget.release(6);
        assert_eq!(done.recv_timeout(Duration::from_secs(10)), Ok(true));
        let _ = waiter.join();
        // Closing wakes a waiter with `false`.
        assert!(budget.acquire(5));
        let (done_tx, done) = std::sync::mpsc::channel();
        let waiter = {
            let budget = Arc::clone(&budget);
            std::thread::spawn(move || {
                let _ = done_tx.send(budget.acquire(8));
            })
        };
        budget.close();
        assert_eq!(done.recv_timeout(Duration::from_secs(10)), Ok(false));
        let _ = waiter.join();
        // An oversized group alone is let through.
        let alone = Budget::new(10);
        assert!(alone.acquire(50));
    }
}
