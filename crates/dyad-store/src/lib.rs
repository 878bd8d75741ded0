//! The embedded SQLite event store: idempotent ingest, queries, full-text
//! search, exports.
//!
//! A [`Store`] is one SQLite file holding annotated [`Doc`]s with every
//! layer (text, metadata, paragraphs, sentences, actor/time/quantity
//! mentions, events). Offsets in the store are **character** offsets into
//! the document's cleaned text, as in the exported records.
//!
//! # Identity and idempotence
//!
//! A document is identified by its **name** ([`Doc::name`], the file name
//! without extension). [`Store::ingest`] compares the content hash it is
//! given ([`content_hash`] of the input bytes) with the stored one: the same
//! name and hash is a no-op, a new hash replaces every row of that document,
//! a new name inserts. Each ingest is one transaction.
//!
//! # Concurrency
//!
//! The file is opened in WAL mode with a busy timeout, and writes take the
//! write lock up front (`BEGIN IMMEDIATE`), so several processes can ingest
//! into one file: they take turns instead of failing with "database is
//! locked".
//!
//! # Event clusters
//!
//! Many articles report one event. [`Store::recluster`] groups the stored
//! event mentions into clusters, one per real-world event (crate
//! `dyad-combine`), with corroboration (how many documents report it) and
//! contradiction (claims linked to their denials). Clustering is a function
//! of the whole set of mentions, so it runs after an ingest run rather than
//! per document; any ingest that changes events marks the clusters out of
//! date ([`ClusterState::current`]) until the next recluster, which
//! recomputes only the groups of events (type and pair of actors) that
//! changed. While they are current, [`Store::timeline`] and
//! [`Store::network`] count clusters (real-world events) rather than
//! mentions, leaving out clusters that are only denials.

pub mod checkpoint;
mod cluster;
mod export;
mod filter;
mod lake;
mod layers;
pub mod schema;
mod search;
pub mod stream;
mod totals;

pub use checkpoint::Checkpointer;
pub use cluster::ClusterPrefetch;
pub use export::{write_csv, write_jsonl, write_parquet, write_plover, PLOVER_CODEBOOK};
pub use filter::{DocFilter, EventFilter};
pub use lake::{
    doc_hash, event_uid, lake_doc_schema, lake_event_schema, partition, Lake, LakeDoc, LakeRun,
    Manifest, ManifestFile, ManifestRun, PartitionBy, DOCUMENTS_TABLE, DOC_HASH_DIGITS,
    EVENTS_TABLE, LAKE_FORMAT, LAKE_VERSION, META_DIR, UNKNOWN,
};
pub use search::fts_query;
pub use stream::{ingest_stream, Coded, Stored};

use dyad_doc::{
    ActorKind, BlockKind, DateBasis, Doc, DocRecord, EventRecord, EventType, PartialDate, Quantity,
    Status,
};
use filter::{iso, limit_clause};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OpenFlags, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;
use totals::{TotalTables, Totals};

/// A hash map with a cheap hash (FxHash's multiply-rotate) for the keys
/// ingest hashes per event (running-total keys, `why` reasons): SipHash
/// over them was a few percent of the store's time. The keys are actor
/// codes, months, types and the coder's reasons, not attacker-chosen.
pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// A hash set with the hasher of [`FastMap`].
pub(crate) type FastSet<K> =
    std::collections::HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// The hasher of [`FastMap`].
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// The path as SQLite must see it to take it as a file name: the bundled
/// SQLite reads any name starting with `file:` as a URI (`file:x.db?mode=
/// memory` keeps nothing), so such a relative name gets a leading `./`.
fn literal_path(path: &Path) -> PathBuf {
    if path.to_string_lossy().starts_with("file:") {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    }
}

/// Whether SQLite could not open the file or its companions (the
/// write-ahead log's shared-memory file in a directory that cannot be
/// written).
fn cannot_open(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen)
}

/// The store file as a read-only, `immutable` SQLite URI (no locks, no
/// shared-memory file); the characters a URI gives a meaning are escaped.
fn immutable_uri(path: &Path) -> Result<String, StoreError> {
    let abs = std::path::absolute(path)?;
    let Some(name) = abs.to_str() else {
        return Err(StoreError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a store in a directory that cannot be written must have a UTF-8 path",
        )));
    };
    let mut uri = String::from("file:");
    for ch in name.chars() {
        match ch {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    Ok(uri)
}

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("no database at {0} (ingest some documents first)")]
    NotFound(PathBuf),
    #[error("{0} is not a dyad database")]
    NotDyad(PathBuf),
    #[error(
        "{path} has schema version {found}, newer than this dyad supports ({supported}); \
         use a newer dyad"
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path} has schema version {found}, older than this dyad's ({supported}); open it \
         for writing once (e.g. `dyad ingest`) to migrate it"
    )]
    SchemaTooOld {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("migrating the schema from version {from} to {to} failed: {source}")]
    Migration {
        from: i64,
        to: i64,
        source: rusqlite::Error,
    },
    #[error("search query {query:?} is not valid: {reason}")]
    BadQuery { query: String, reason: String },
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("Arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("{dir}: {reason}")]
    BadLake { dir: PathBuf, reason: String },
}

/// What [`Store::ingest`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IngestOutcome {
    /// A document of that name was not stored before.
    Inserted,
    /// The same name with the same content hash: nothing was written.
    Unchanged,
    /// The same name with another hash: the old rows were replaced.
    Replaced,
}

/// The SHA-256 of the input bytes, as lowercase hex: the content hash
/// [`Store::ingest`] compares.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stored paragraph (character offsets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredParagraph {
    pub start: usize,
    pub end: usize,
    pub kind: String,
}

/// A stored sentence (character offsets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSentence {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// A stored actor mention (character offsets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredActor {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub code: Option<String>,
    pub sector: Option<String>,
    /// The [`ActorKind`] in snake case (`country`, `person`, ...).
    pub kind: String,
    pub name: String,
    /// Member codes of a group mention ("both sides").
    pub group: Vec<String>,
    pub rule: String,
}

/// A stored temporal expression (character offsets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTime {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    /// The resolved date (ISO / EDTF), if it could be placed.
    pub value: Option<String>,
    pub precision: Option<String>,
    pub relative: bool,
    pub since: bool,
    pub rule: String,
}

/// A stored quantity (character offsets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredQuantity {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub quantity: Quantity,
    pub upper: Option<Quantity>,
    pub rule: String,
}

/// A stored event: its flat record plus what the document view needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    #[serde(flatten)]
    pub record: EventRecord,
    pub sentence: usize,
    /// Character offsets of the trigger words.
    pub trigger_start: usize,
    pub trigger_end: usize,
    /// Reasons for each coding choice.
    pub why: Vec<String>,
}

/// One document with every layer, for the document view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDoc {
    pub record: DocRecord,
    pub content_hash: String,
    pub text: String,
    pub paragraphs: Vec<StoredParagraph>,
    pub sentences: Vec<StoredSentence>,
    pub actors: Vec<StoredActor>,
    pub times: Vec<StoredTime>,
    pub quantities: Vec<StoredQuantity>,
    pub events: Vec<StoredEvent>,
}

/// One full-text search hit: a sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub doc: String,
    /// Index of the sentence in its document.
    pub sentence: usize,
    pub text: String,
    /// The matching part of the sentence, matched words in `[...]`.
    pub snippet: String,
    /// Character offsets of the sentence in the document text.
    pub start: usize,
    pub end: usize,
    /// bm25 relevance (lower is better, as SQLite reports it).
    pub score: f64,
}

/// Events of one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineBucket {
    /// `YYYY-MM`.
    pub month: String,
    pub total: usize,
    /// Event count per type (PLOVER names), only types that occur.
    pub by_type: BTreeMap<String, usize>,
    /// Mean intensity (−10 conflict … +10 cooperation) of the month's events.
    pub mean_intensity: f64,
}

/// Events per month. Only events dated to the day or month are placed in a
/// month; the others are counted apart, so that a year-only date does not
/// pile up in January.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Timeline {
    pub buckets: Vec<TimelineBucket>,
    /// Events of the filter with no date.
    pub undated: usize,
    /// Events dated only to a season, year or decade.
    pub imprecise: usize,
    /// True when the counts are of event clusters (real-world events, each
    /// counted once however many documents report it); false when they are
    /// of mentions (the store has not been clustered since its last change).
    #[serde(default)]
    pub clustered: bool,
    /// Which date places an event in a month: its own (`event`, the
    /// default) or its document's publication date (`reported`).
    #[serde(default)]
    pub by: TimeAxis,
}

/// The time axis of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeAxis {
    /// When it happened: the event's own date.
    #[default]
    Event,
    /// When it was reported: the publication date of its document.
    Reported,
}

/// An actor in the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkNode {
    pub code: String,
    /// Events with this actor as source or target.
    pub events: usize,
}

/// Events from one actor to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkEdge {
    pub source: String,
    pub target: String,
    pub count: usize,
    pub mean_intensity: f64,
}

/// Who acts on whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Network {
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
    /// True when the counts are of event clusters, as in [`Timeline`].
    #[serde(default)]
    pub clustered: bool,
}

/// One stored event cluster: a real-world event and every report of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterRecord {
    /// The cluster as `dyad-combine` made it: type, actors, date,
    /// corroboration, statuses, sources (document, quote, status,
    /// attribution, date as reported), contradiction links.
    #[serde(flatten)]
    pub cluster: dyad_combine::Cluster,
    /// True when every report is a denial of the event (a non-event that
    /// timelines and the network do not count).
    pub denied_only: bool,
}

/// What [`Store::recluster`] made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClusterStats {
    /// Event mentions clustered (every stored event).
    pub mentions: usize,
    pub clusters: usize,
    /// Clusters reported by two or more documents.
    pub corroborated: usize,
    /// Clusters some other cluster denies.
    pub contradicted: usize,
    /// Clusters that are only denials.
    pub denied_only: usize,
    /// True when every cluster was recomputed, false when only the groups
    /// of events changed since the last recluster were.
    pub full: bool,
    /// Groups of events (type and pair of actors) clustered by this run.
    pub groups: usize,
}

/// Whether the stored clusters cover the stored events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ClusterState {
    /// True when no event changed since the last [`Store::recluster`].
    pub current: bool,
    /// Mentions and clusters at the last recluster.
    pub mentions: usize,
    pub clusters: usize,
}

/// Deferred of the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub docs: usize,
    pub sentences: usize,
    pub events: usize,
    pub schema_version: i64,
}

/// The event columns, in the order [`event_from_row`] reads them. The
/// reported date is the document's publication date, joined from `doc`;
/// the date basis is stored since schema v14 (NULL for older events).
const EVENT_COLUMNS: &str = "ext_id, event_type, mode, source, source_sector, target, \
    target_sector, date, date_precision, status, attributed_to, quantities, location, quote, \
    doc_name, start_char, end_char, trigger_text, joint, intensity, rule, sentence, \
    trigger_start, trigger_end, date_basis, \
    (SELECT rd.published FROM doc AS rd WHERE rd.id = event.doc_id), \
    (SELECT rd.published_precision FROM doc AS rd WHERE rd.id = event.doc_id)";

/// The month bucket of a date, as `event.month` stores it (schema v3):
/// `YYYY-MM` for day and month precision, `~` for anything coarser, `""`
/// when undated.
fn month_key(date: Option<dyad_doc::PartialDate>) -> String {
    match date {
        Some(d)
            if matches!(
                d.precision,
                dyad_doc::Precision::Day | dyad_doc::Precision::Month
            ) =>
        {
            iso(d.first_day()).chars().take(7).collect()
        }
        Some(_) => "~".to_string(),
        None => String::new(),
    }
}

/// The fewest incoming documents that [`Store::bulk_load_pays`] treats as
/// a bulk load: below it the index build would cost more than it saves.
pub const BULK_LOAD_MIN_DOCS: usize = 1000;

/// How large the write-ahead log grows before a commit copies it back
/// into the database file (see [`Store::open`]).
const WAL_CHECKPOINT_BYTES: i64 = 80 << 20;

/// The page cache of a store handle: 16 MiB (see [`Store::open`]).
const CACHE_SIZE_PRAGMA: &str = "PRAGMA cache_size = -16384";

/// An embedded store in one SQLite file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The token of the bulk load this handle runs, if any (see
    /// [`Store::begin_bulk_load`]).
    bulk_token: Option<String>,
}

impl Store {
    /// Opens the store at `path`, creating it when absent, and migrates an
    /// older schema to the current one. Refuses a file of a newer schema or
    /// one that is not a dyad store.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // A `file:` name is a file name, not a URI (`literal_path`).
        let literal = literal_path(path);
        let mut conn = Connection::open_with_flags(
            &literal,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A new store gets 16 KiB pages (SQLite's default is 4 KiB; an
        // existing store keeps its own: the pragma does nothing there).
        // Fewer, larger pages mean fewer system calls per byte written to
        // the log and copied back by checkpoints, and a document's
        // annotation layers (~6.5 KB for a news article) fit in its page
        // instead of an overflow chain. 1,950 real-length articles, 2
        // cores, interleaved runs: 1.18 -> 1.11 s (64 KiB: 1.07 s but
        // 1.8x the bytes written and slower small updates); 100,000
        // generated ones: ingest 22.0 -> 20.2 s, a later 20-article
        // recluster 1.5 -> 1.7 s, 29 % more bytes written, query latency
        // unchanged (docs/benchmarks.md, sixth pass).
        conn.execute_batch("PRAGMA page_size = 16384")?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // NORMAL is durable enough in WAL mode (a power cut may lose the last
        // commit, never corrupt) and much faster for many small ingests.
        // A larger page cache (16 MiB rather than 2) keeps the hot index and
        // FTS pages of a batch in memory. Temporary files stay files: the
        // sorts that build indexes at the end of a bulk load or a full
        // recluster would otherwise hold every key in memory (100,000
        // generated articles: peak 264–287 → 251 MB, same time; small
        // temporary b-trees stay in the page cache). Checkpointing once the
        // log holds ~80 MB instead of SQLite's 1,000 pages copied the hot
        // index pages back into the database file far less often: ingest
        // wrote 25 % fewer bytes and spent ~10 % less CPU in the store
        // (`dyad-bench ingest`, docs/benchmarks.md). With `dyad ingest`'s
        // background checkpointer (`checkpoint.rs`) the log seldom gets
        // there. A threshold of 256 MB did not help that, and made the full
        // recluster of 100,000 generated articles 14 % slower: its long
        // transaction read pages through a longer log (seventh pass).
        let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let checkpoint_pages = WAL_CHECKPOINT_BYTES / page_size.max(512);
        conn.execute_batch(&format!(
            "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {checkpoint_pages}; \
             PRAGMA temp_store = FILE;"
        ))?;
        conn.execute_batch(CACHE_SIZE_PRAGMA)?;
        // Ingest reuses about 25 statements per document; the default cache
        // of 16 would evict some of them on every document.
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrate(&mut conn, path)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            bulk_token: None,
        };
        store.finish_bulk_load(None)?;
        Ok(store)
    }

    /// Whether storing `incoming` more documents is cheaper as a bulk load
    /// ([`Store::begin_bulk_load`]): when they are at least
    /// [`BULK_LOAD_MIN_DOCS`] and outnumber the documents stored. Then
    /// building the event indexes once, by sorting, costs less than keeping
    /// them up to date row by row; re-ingesting a stored corpus (mostly
    /// unchanged documents) or adding a few documents to a large store is
    /// not a bulk load.
    pub fn bulk_load_pays(&self, incoming: usize) -> Result<bool, StoreError> {
        if incoming < BULK_LOAD_MIN_DOCS {
            return Ok(false);
        }
        let stored: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM doc", [], |r| r.get(0))?;
        Ok(i64::try_from(incoming).unwrap_or(i64::MAX) > stored)
    }

    /// Starts a bulk load: drops the secondary event indexes
    /// ([`schema::EVENT_INDEXES`]), and until [`Store::end_bulk_load`] the
    /// batches of this handle leave the running totals alone; the end
    /// rebuilds both. Meanwhile queries stay correct but slower, while the
    /// totals (timeline, network) show the store as it was before the
    /// load. The full-text index is kept up to date batch by batch, as
    /// outside a bulk load.
    ///
    /// Why: every batch of events lands on leaf pages all over each index
    /// (keys are actor pairs and months, not insertion order), so each
    /// commit rewrote most of the five indexes into the WAL: for 20,000
    /// generated articles, half of the 1.76 GB the store wrote, and 40 %
    /// more time than without them; building them afterwards took 0.8 s for
    /// 190,000 events. Upserting the running totals and indexing sentences
    /// per batch were 21 % and 24 % of the store's instructions
    /// (`docs/benchmarks.md`). Sentences went back to being indexed per
    /// batch once the commits ran on their own thread
    /// ([`crate::stream`]): the index then grows while the workers code,
    /// instead of in a rebuild at the end that nothing overlaps (1,950
    /// real-length articles on 2 cores: 1.18 -> 1.12 s for the whole
    /// ingest; 20,000 generated ones, whose short sentences make indexing
    /// a larger share: 3 % slower).
    ///
    /// The load is marked in the store (table `bulk_load`, with a token of
    /// this handle). Whoever opens the store for writing while the mark is
    /// there (after a crash, or a second writer) rebuilds the indexes, the
    /// full-text index (a load cut off by an older dyad, which left it
    /// alone, may have left it behind) and the totals and removes the mark; this handle
    /// sees at its next batch that its mark is gone and goes on as an
    /// ordinary load.
    pub fn begin_bulk_load(&mut self) -> Result<(), StoreError> {
        let token = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO bulk_load (id, token) VALUES (1, ?) \
             ON CONFLICT (id) DO UPDATE SET token = excluded.token",
            [&token],
        )?;
        // The batches do not list the groups they change: the next
        // recluster recomputes everything.
        tx.execute("UPDATE cluster_state SET full_recluster = TRUE", [])?;
        for (name, _) in schema::EVENT_INDEXES {
            // Index names are constants; DDL takes no bound parameters.
            tx.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
        }
        tx.commit()?;
        self.bulk_token = Some(token);
        Ok(())
    }

    /// Ends a bulk load: rebuilds the event indexes and the running
    /// totals, a transaction per step. Nothing to do when this handle runs
    /// no bulk load, or another writer has rebuilt them already.
    pub fn end_bulk_load(&mut self) -> Result<(), StoreError> {
        match self.bulk_token.take() {
            Some(token) => self.finish_bulk_load(Some(&token)),
            None => Ok(()),
        }
    }

    /// Builds any missing event index, then, when a bulk load's mark is in
    /// place (`token`: only when the mark is that one; `None`: any mark, as
    /// on open), rebuilds the running totals (and, on open, the full-text
    /// index) and removes the mark.
    fn finish_bulk_load(&mut self, token: Option<&str>) -> Result<(), StoreError> {
        let marked = |conn: &Connection| -> Result<bool, StoreError> {
            Ok(bulk_mark(conn)?.is_some_and(|m| token.is_none_or(|t| t == m)))
        };
        // One transaction per step rather than one for all: a transaction
        // that builds five indexes and the full-text index holds every new
        // page in the WAL until its commit (100,000 generated articles:
        // the end of the load took 17.8 s in one transaction). Each step
        // can be redone, and the mark goes last, so a crash in between
        // leaves a marked store that the next open completes.
        for sql in missing_indexes(&self.conn)? {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another writer may have built it since the check above.
            tx.execute_batch(&sql.replacen("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))?;
            tx.commit()?;
        }
        let steps: &[(&str, bool)] = if token.is_some() {
            &[(schema::REBUILD_TOTALS, true)]
        } else {
            &[(schema::REBUILD_FTS, false), (schema::REBUILD_TOTALS, true)]
        };
        for &(step, last) in steps {
            if !marked(&self.conn)? {
                break;
            }
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Read again under the write lock: another writer may have
            // finished the load meanwhile.
            if marked(&tx)? {
                tx.execute_batch(step)?;
                if last {
                    tx.execute("DELETE FROM bulk_load", [])?;
                }
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// Whether this handle's bulk load still holds (inside a write
    /// transaction): `false`, and the handle back to ordinary loading,
    /// when another writer has finished it (see [`Store::begin_bulk_load`]).
    fn bulk_holds(conn: &Connection, token: &mut Option<String>) -> Result<bool, StoreError> {
        let Some(mine) = token.as_deref() else {
            return Ok(false);
        };
        if bulk_mark(conn)?.as_deref() == Some(mine) {
            Ok(true)
        } else {
            *token = None;
            Ok(false)
        }
    }

    /// Opens an existing store for reading only (serve, query, export).
    /// Fails clearly when the file does not exist or its schema differs
    /// from this build's.
    ///
    /// A store whose directory cannot be written (a read-only mount, a
    /// folder of another user) cannot get the shared-memory file SQLite's
    /// write-ahead log needs even to read; it is then opened `immutable`:
    /// read as the file stands, without locks. (What a write-ahead log
    /// beside it holds that was never checkpointed is then not seen; dyad
    /// checkpoints at the end of every ingest.)
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        let opened = Connection::open_with_flags(
            literal_path(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|conn| {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            Ok(conn)
        })
        .map_err(StoreError::from)
        .and_then(|conn| schema::check(&conn, path).map(|v| (conn, v)));
        let (conn, v) = match opened {
            Err(StoreError::Sqlite(e)) if cannot_open(&e) => {
                let conn = Connection::open_with_flags(
                    immutable_uri(path)?,
                    OpenFlags::SQLITE_OPEN_READ_ONLY
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | OpenFlags::SQLITE_OPEN_URI,
                )?;
                let v = schema::check(&conn, path)?;
                (conn, v)
            }
            other => other?,
        };
        if v < schema::MIN_READABLE {
            return Err(StoreError::SchemaTooOld {
                path: path.to_path_buf(),
                found: v,
                supported: schema::LATEST,
            });
        }
        if v < schema::DATE_BASIS_VERSION {
            // A store from before v14 has no `date_basis` column and cannot
            // be migrated without write access: a temporary view of the
            // same name (the temp schema is searched first) reads its
            // events with the basis absent.
            conn.execute_batch(schema::DATE_BASIS_READ_VIEW)?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            bulk_token: None,
        })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for ad-hoc read queries (benchmarks,
    /// diagnostics). Writes should go through [`Store::ingest`].
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Stores `doc` with every layer, in one transaction: the document is
    /// stored whole or not at all. Its identity is its name; `content_hash`
    /// (see [`content_hash`]) decides whether a stored document of the same
    /// name is kept ([`IngestOutcome::Unchanged`]) or replaced.
    ///
    /// Each call is a commit; to store many documents, [`Store::ingest_batch`]
    /// is several times faster.
    pub fn ingest(&mut self, doc: &Doc, content_hash: &str) -> Result<IngestOutcome, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let bulk = Store::bulk_holds(&tx, &mut self.bulk_token)?;
        let mut deferred = Deferred::new(bulk);
        let outcome = ingest_one(&tx, doc, content_hash, &BTreeSet::new(), &mut deferred)?;
        if outcome == IngestOutcome::Unchanged {
            // Nothing was written; dropping the transaction ends it.
            return Ok(outcome);
        }
        deferred.apply(&tx)?;
        mark_clusters_stale(&tx)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Stores many documents in one transaction, each exactly as
    /// [`Store::ingest`] would, in order (a name that occurs twice is
    /// inserted, then compared with its first occurrence).
    ///
    /// Each document is still stored whole or not at all: a document that
    /// fails is rolled back alone and its error is returned in its slot of
    /// the result (same order as `docs`) while the others are kept. The
    /// batch is one commit, so a crash leaves the store with whole batches
    /// only. The outer error is for failures of the transaction itself (the
    /// write lock could not be taken, the commit failed): then nothing of
    /// the batch is stored.
    ///
    /// Why: a commit per document rewrites every page it touched into the
    /// WAL (indexes, FTS, running totals), which dominated ingest time; a
    /// batch writes each touched page once.
    ///
    /// How: the batch is first written without savepoints (a SAVEPOINT and
    /// RELEASE per document were ~10 % of the store's time). If a document
    /// fails, that whole transaction is rolled back and the batch is written
    /// again with a SAVEPOINT per document, which rolls back the failing
    /// ones alone. Failures are rare (a document that breaks a constraint,
    /// a full disk), so the second pass almost never runs.
    pub fn ingest_batch(
        &mut self,
        docs: &[(&Doc, &str)],
    ) -> Result<Vec<Result<IngestOutcome, StoreError>>, StoreError> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(out) = self.ingest_batch_optimistic(docs)? {
            return Ok(out);
        }
        self.ingest_batch_savepoints(docs)
    }

    /// [`Store::ingest_batch`] without savepoints: `None` (and nothing
    /// written) when some document fails.
    fn ingest_batch_optimistic(
        &mut self,
        docs: &[(&Doc, &str)],
    ) -> Result<Option<Vec<Result<IngestOutcome, StoreError>>>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let bulk = Store::bulk_holds(&tx, &mut self.bulk_token)?;
        let mut out = Vec::with_capacity(docs.len());
        let mut changed = false;
        let mut deferred = Deferred::new(bulk);
        for &(doc, hash) in docs {
            let mut doc_deferred = Deferred::new(bulk);
            match ingest_one(&tx, doc, hash, &deferred.fts_docs, &mut doc_deferred) {
                Ok(outcome) => {
                    deferred.merge(doc_deferred);
                    changed |= outcome != IngestOutcome::Unchanged;
                    out.push(Ok(outcome));
                }
                // Undo the whole pass (its error is reported by the pass
                // with savepoints); a failing rollback is the transaction's
                // own failure.
                Err(_) => {
                    tx.rollback()?;
                    return Ok(None);
                }
            }
        }
        if changed {
            deferred.apply(&tx)?;
            mark_clusters_stale(&tx)?;
        }
        tx.commit()?;
        Ok(Some(out))
    }

    /// [`Store::ingest_batch`] with a SAVEPOINT per document, so that a
    /// document that fails is rolled back alone.
    fn ingest_batch_savepoints(
        &mut self,
        docs: &[(&Doc, &str)],
    ) -> Result<Vec<Result<IngestOutcome, StoreError>>, StoreError> {
        let mut tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut out = Vec::with_capacity(docs.len());
        let mut changed = false;
        // The running totals and full-text rows of the whole batch, written
        // once at its end: many documents add to the same months and actor
        // pairs, and FTS5 writes a segment per statement.
        let bulk = Store::bulk_holds(&tx, &mut self.bulk_token)?;
        let mut deferred = Deferred::new(bulk);
        for &(doc, hash) in docs {
            let sp = tx.savepoint()?;
            let mut doc_deferred = Deferred::new(bulk);
            match ingest_one(&sp, doc, hash, &deferred.fts_docs, &mut doc_deferred) {
                Ok(outcome) => {
                    sp.commit()?;
                    // Only a document that is kept counts.
                    deferred.merge(doc_deferred);
                    changed |= outcome != IngestOutcome::Unchanged;
                    out.push(Ok(outcome));
                }
                Err(e) => {
                    // Rolls back to the savepoint and releases it: only this
                    // document's rows are undone.
                    sp.finish()?;
                    out.push(Err(e));
                }
            }
        }
        if changed {
            deferred.apply(&tx)?;
            mark_clusters_stale(&tx)?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// Document metadata records, ordered by name.
    pub fn docs(&self, f: &DocFilter) -> Result<Vec<DocRecord>, StoreError> {
        let mut params: Vec<Value> = Vec::new();
        let mut sql = String::from(
            "SELECT name, title, author, published, published_precision, published_basis, \
             site_name, url, format, path, n_sentences, n_events FROM doc",
        );
        if let Some(d) = &f.doc {
            sql.push_str(" WHERE name = ?");
            params.push(Value::Text(d.clone()));
        }
        sql.push_str(" ORDER BY name ");
        sql.push_str(&limit_clause(f.limit, f.offset, &mut params));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), doc_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every document's name and content hash, by name.
    pub fn doc_hashes(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT name, content_hash FROM doc")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Documents as the Parquet lake holds them (record, content hash,
    /// cleaned text), ordered by name: all of them, or those named in `only`.
    pub fn lake_docs(&self, only: Option<&BTreeSet<String>>) -> Result<Vec<LakeDoc>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT name, title, author, published, published_precision, published_basis, \
             site_name, url, format, path, n_sentences, n_events, content_hash, body \
             FROM doc ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(LakeDoc {
                record: doc_from_row(r)?,
                content_hash: r.get(12)?,
                text: r.get(13)?,
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let d = row?;
            if only.is_none_or(|o| o.contains(&d.record.doc)) {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// One document with text, metadata, every annotation layer and its
    /// events, or `None` when no document has that name.
    pub fn doc(&self, name: &str) -> Result<Option<StoredDoc>, StoreError> {
        let head = self
            .conn
            .query_row(
                "SELECT id, content_hash, body, layers FROM doc WHERE name = ?",
                [name],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, hash, text, layers)) = head else {
            return Ok(None);
        };
        let layers::Layers {
            paragraphs,
            actors,
            times,
            quantities,
            why,
        } = layers::decode(&layers)?;
        let record = self
            .docs(&DocFilter {
                doc: Some(name.to_string()),
                ..Default::default()
            })?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Corrupt(format!("document {name} vanished")))?;
        let sentences = self.collect(
            "SELECT paragraph, start_char, end_char FROM sentence WHERE doc_id = ? ORDER BY idx",
            id,
            |r| {
                Ok(StoredSentence {
                    paragraph: get_usize(r, 0)?,
                    start: get_usize(r, 1)?,
                    end: get_usize(r, 2)?,
                })
            },
        )?;
        let events = self.collect(
            &format!("SELECT {EVENT_COLUMNS} FROM event WHERE doc_id = ? ORDER BY seq"),
            id,
            |r| {
                Ok(StoredEvent {
                    record: event_from_row(r)?,
                    sentence: get_usize(r, 21)?,
                    trigger_start: get_usize(r, 22)?,
                    trigger_end: get_usize(r, 23)?,
                    why: Vec::new(),
                })
            },
        )?;
        let mut why = why.into_iter();
        let events = events
            .into_iter()
            .map(|e| StoredEvent {
                why: why.next().unwrap_or_default(),
                ..e
            })
            .collect();
        Ok(Some(StoredDoc {
            record,
            content_hash: hash,
            text,
            paragraphs,
            sentences,
            actors,
            times,
            quantities,
            events,
        }))
    }

    fn collect<T>(
        &self,
        sql: &str,
        id: i64,
        f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([id], f)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Events matching the filter, in ingest order (text order within a
    /// document), paged by `limit` and `offset`.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<EventRecord>, StoreError> {
        let (wh, mut params) = f.where_clause();
        let lim = limit_clause(f.limit, f.offset, &mut params);
        // Page over ids first (index-only for the usual filters), then read
        // the wide rows of that page only.
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM event WHERE id IN \
             (SELECT id FROM event {wh} ORDER BY id {lim}) ORDER BY id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), event_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The events of the named documents, in ingest order (as
    /// [`Store::events`] lists them).
    pub fn events_of_docs(&self, names: &BTreeSet<String>) -> Result<Vec<EventRecord>, StoreError> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let list = serde_json::to_string(names)?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM event \
             WHERE doc_id IN (SELECT id FROM doc \
             WHERE name IN (SELECT value FROM json_each(?1))) ORDER BY id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([list], event_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The number of events matching the filter (`limit`/`offset` ignored).
    pub fn count_events(&self, f: &EventFilter) -> Result<usize, StoreError> {
        let (wh, params) = f.where_clause();
        let n: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM event {wh}"),
            params_from_iter(params),
            |r| r.get(0),
        )?;
        Ok(to_usize(n))
    }

    /// Full-text search over sentences (Porter-stemmed, so "objecting"
    /// finds "objected"). The query is rebuilt safely by [`fts_query`];
    /// input with no searchable word gives no hits. Best hits first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        // Rank first, then build snippets and join sentences for the
        // `limit` best only: a common word matches tens of thousands of
        // sentences, and `snippet()` and the joins for all of them cost
        // 3× the ranking. CROSS JOIN keeps `top` the outer loop, so FTS5
        // seeks each hit by rowid instead of re-running the whole match.
        let sql = "WITH top AS (SELECT rowid AS id, bm25(sentence_fts) AS score \
                   FROM sentence_fts WHERE sentence_fts MATCH ?1 ORDER BY score LIMIT ?2) \
                   SELECT d.name, s.idx, s.body, \
                   snippet(sentence_fts, 0, '[', ']', '…', 24), s.start_char, s.end_char, \
                   top.score \
                   FROM top CROSS JOIN sentence_fts CROSS JOIN sentence s CROSS JOIN doc d \
                   WHERE sentence_fts MATCH ?1 AND sentence_fts.rowid = top.id \
                   AND s.id = top.id AND d.id = s.doc_id \
                   ORDER BY top.score, top.id";
        // Only FTS5's own complaint about the query is the query's fault;
        // anything else (a damaged file, invalid UTF-8 in a page) is the
        // database's, and says so.
        let bad = |e: rusqlite::Error| {
            let msg = e.to_string();
            if msg.contains("fts5") && msg.contains("syntax") {
                StoreError::BadQuery {
                    query: query.to_string(),
                    reason: msg,
                }
            } else {
                StoreError::Corrupt(format!(
                    "{} while searching ({msg}); check it with `sqlite3 {} 'PRAGMA integrity_check'`",
                    self.path.display(),
                    self.path.display()
                ))
            }
        };
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt
            .query_map(params![q, i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok(SearchHit {
                    doc: r.get(0)?,
                    sentence: get_usize(r, 1)?,
                    text: r.get(2)?,
                    snippet: r.get(3)?,
                    start: get_usize(r, 4)?,
                    end: get_usize(r, 5)?,
                    score: r.get(6)?,
                })
            })
            .map_err(bad)?;
        rows.collect::<Result<_, _>>().map_err(bad)
    }

    /// Events per month and type, with the mean intensity per month, for
    /// the events matching the filter (`limit`/`offset` ignored). The
    /// unfiltered and type-only timelines come from the running totals;
    /// others aggregate in SQL, index-only for actor and dyad filters.
    ///
    /// While the clusters are current ([`Store::cluster_state`]) an event is
    /// a cluster (counted once however many documents report it, at the
    /// cluster's date and mean intensity; clusters that are only denials
    /// are not counted) and the filter selects clusters as
    /// [`Store::clusters`] does; otherwise every mention counts.
    pub fn timeline(&self, f: &EventFilter) -> Result<Timeline, StoreError> {
        let clustered = self.cluster_state()?.current;
        self.timeline_of(f, clustered)
    }

    /// The timeline of mentions (every event of every document, as
    /// exported), whether or not the store is clustered.
    pub fn mention_timeline(&self, f: &EventFilter) -> Result<Timeline, StoreError> {
        self.timeline_of(f, false)
    }

    /// The timeline of reports: every stored event (mention) in the month
    /// of its document's publication date, so that every event of a dated
    /// document is placed, whether or not the event itself is dated.
    /// Documents dated only to a year count as imprecise, undated ones as
    /// undated.
    pub fn reported_timeline(&self, f: &EventFilter) -> Result<Timeline, StoreError> {
        let (wh, params) = f.where_clause();
        let sql = format!(
            "SELECT (SELECT CASE WHEN rd.published IS NULL THEN '' \
             WHEN rd.published_precision IN ('day', 'month') THEN substr(rd.published, 1, 7) \
             ELSE '~' END FROM doc AS rd WHERE rd.id = event.doc_id) AS reported_month, \
             event_type, COUNT(*), SUM(intensity) FROM event {wh} \
             GROUP BY reported_month, event_type"
        );
        let mut t = self.timeline_rows(&sql, params, false)?;
        t.by = TimeAxis::Reported;
        Ok(t)
    }

    fn timeline_of(&self, f: &EventFilter, clustered: bool) -> Result<Timeline, StoreError> {
        // Filters on type and/or one actor are answered from the running
        // totals.
        let totals_only = EventFilter {
            actor: f.actor.clone(),
            event_type: f.event_type,
            limit: f.limit,
            offset: f.offset,
            ..Default::default()
        };
        let (sql, params) = if *f == totals_only {
            let mut params = Vec::new();
            let mut conds = Vec::new();
            let table = match (&f.actor, clustered) {
                (Some(a), _) => {
                    conds.push("code = ?");
                    params.push(Value::Text(a.clone()));
                    if clustered {
                        "agg_cluster_actor_month"
                    } else {
                        "agg_actor_month"
                    }
                }
                (None, true) => "agg_cluster_month",
                (None, false) => "agg_month",
            };
            if let Some(t) = f.event_type {
                conds.push("event_type = ?");
                params.push(Value::Text(t.as_str().into()));
            }
            let wh = if conds.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", conds.join(" AND "))
            };
            (
                format!("SELECT month, event_type, n, sum_intensity FROM {table} {wh}"),
                params,
            )
        } else {
            let (table, (wh, params)) = if clustered {
                ("event_cluster", f.cluster_where_clause(true))
            } else {
                ("event", f.where_clause())
            };
            (
                format!(
                    "SELECT month, event_type, COUNT(*), SUM(intensity) FROM {table} {wh} \
                     GROUP BY month, event_type"
                ),
                params,
            )
        };
        self.timeline_rows(&sql, params, clustered)
    }

    /// Runs a timeline query giving (month key, type, count, intensity sum)
    /// rows and gathers them into months.
    fn timeline_rows(
        &self,
        sql: &str,
        params: Vec<Value>,
        clustered: bool,
    ) -> Result<Timeline, StoreError> {
        let mut stmt = self.conn.prepare(&format!("{sql} ORDER BY 1, 2"))?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, f64>(3)?,
            ))
        })?;
        let mut t = Timeline {
            clustered,
            ..Default::default()
        };
        let mut sums: Vec<f64> = Vec::new();
        for row in rows {
            let (month, ty, n, sum) = row?;
            let n = to_usize(n);
            if n == 0 {
                continue;
            }
            match month.as_str() {
                "" => t.undated += n,
                "~" => t.imprecise += n,
                _ => {
                    if t.buckets.last().map(|b| &b.month) != Some(&month) {
                        t.buckets.push(TimelineBucket {
                            month,
                            total: 0,
                            by_type: BTreeMap::new(),
                            mean_intensity: 0.0,
                        });
                        sums.push(0.0);
                    }
                    if let (Some(b), Some(s)) = (t.buckets.last_mut(), sums.last_mut()) {
                        b.total += n;
                        b.by_type.insert(ty, n);
                        *s += sum;
                    }
                }
            }
        }
        for (b, s) in t.buckets.iter_mut().zip(sums) {
            if b.total > 0 {
                b.mean_intensity = s / b.total as f64;
            }
        }
        Ok(t)
    }

    /// The actor network of the events matching the filter: nodes with
    /// their event counts (an event counts once per actor), directed edges
    /// source → target with counts and mean intensity; `limit`/`offset`
    /// ignored. Filters on actor or dyad alone are answered from the running
    /// totals; others aggregate the matching events in SQL. Counts clusters
    /// while they are current, as [`Store::timeline`] does.
    pub fn network(&self, f: &EventFilter) -> Result<Network, StoreError> {
        let clustered = self.cluster_state()?.current;
        let pairs_only = EventFilter {
            actor: f.actor.clone(),
            dyad: f.dyad.clone(),
            limit: f.limit,
            offset: f.offset,
            ..Default::default()
        };
        let (sql, params) = if *f == pairs_only {
            // The same conditions hold on agg_edge's columns.
            let (wh, params) = pairs_only.where_clause();
            let table = if clustered {
                "agg_cluster_edge"
            } else {
                "agg_edge"
            };
            (
                format!("SELECT source, target, n, sum_intensity FROM {table} {wh}"),
                params,
            )
        } else {
            let (table, (wh, params)) = if clustered {
                ("event_cluster", f.cluster_where_clause(true))
            } else {
                ("event", f.where_clause())
            };
            (
                format!(
                    "SELECT COALESCE(source, ''), COALESCE(target, ''), COUNT(*), \
                     SUM(intensity) FROM {table} {wh} GROUP BY 1, 2"
                ),
                params,
            )
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, f64>(3)?,
            ))
        })?;
        let mut nodes: BTreeMap<String, usize> = BTreeMap::new();
        let mut edges = Vec::new();
        for row in rows {
            let (source, target, n, sum) = row?;
            let n = to_usize(n);
            if n == 0 {
                continue;
            }
            if !source.is_empty() {
                *nodes.entry(source.clone()).or_default() += n;
            }
            if !target.is_empty() && target != source {
                *nodes.entry(target.clone()).or_default() += n;
            }
            if !source.is_empty() && !target.is_empty() {
                edges.push(NetworkEdge {
                    source,
                    target,
                    count: n,
                    mean_intensity: sum / n as f64,
                });
            }
        }
        edges.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        });
        let mut nodes: Vec<NetworkNode> = nodes
            .into_iter()
            .map(|(code, events)| NetworkNode { code, events })
            .collect();
        nodes.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.code.cmp(&b.code)));
        Ok(Network {
            nodes,
            edges,
            clustered,
        })
    }

    /// Deferred: documents, sentences, events.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        // COUNT(*) reads the smallest index; summing the per-document counts
        // would read the documents' texts.
        let count = |table: &str| -> Result<i64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
        };
        let (docs, sentences, events) = (count("doc")?, count("sentence")?, count("event")?);
        Ok(Stats {
            docs: to_usize(docs),
            sentences: to_usize(sentences),
            events: to_usize(events),
            schema_version: schema::version(&self.conn)?,
        })
    }

    /// Whether the stored clusters cover the stored events, and their size
    /// at the last recluster.
    pub fn cluster_state(&self) -> Result<ClusterState, StoreError> {
        let state = self
            .conn
            .query_row(
                "SELECT current, n_mentions, n_clusters FROM cluster_state WHERE id = 1",
                [],
                |r| {
                    Ok(ClusterState {
                        current: r.get(0)?,
                        mentions: get_usize(r, 1)?,
                        clusters: get_usize(r, 2)?,
                    })
                },
            )
            .optional()?;
        Ok(state.unwrap_or_default())
    }

    /// Event clusters matching the filter, in `dyad-combine`'s order (by
    /// first day, undated last, then type and id), paged by `limit` and
    /// `offset`. Actor, dyad, type and dates apply to the cluster; status,
    /// document and text select clusters with at least one such report.
    /// Clusters that are only denials are listed (they carry the `denies`
    /// links). The clusters are those of the last [`Store::recluster`].
    pub fn clusters(&self, f: &EventFilter) -> Result<Vec<ClusterRecord>, StoreError> {
        let (wh, mut params) = f.cluster_where_clause(false);
        let lim = limit_clause(f.limit, f.offset, &mut params);
        let sql = format!(
            "SELECT {} FROM event_cluster {wh} ORDER BY sort_key {lim}",
            cluster::CLUSTER_COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let (cluster, denied_only) = cluster::cluster_from_row(&self.conn, r)?;
            out.push(ClusterRecord {
                denied_only,
                cluster,
            });
        }
        Ok(out)
    }

    /// The number of clusters matching the filter (`limit`/`offset`
    /// ignored), as [`Store::clusters`] selects them.
    pub fn count_clusters(&self, f: &EventFilter) -> Result<usize, StoreError> {
        let (wh, params) = f.cluster_where_clause(false);
        let n: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM event_cluster {wh}"),
            params_from_iter(params),
            |r| r.get(0),
        )?;
        Ok(to_usize(n))
    }
}

/// Adds (`sign` 1) or removes (`sign` -1) the events of one document to
/// or from the running totals of schema v4.
/// The statements that delete a stored document, children first.
const DELETE_DOC: [&str; 3] = [
    "DELETE FROM event WHERE doc_id = ?",
    "DELETE FROM sentence WHERE doc_id = ?",
    "DELETE FROM doc WHERE id = ?",
];

/// Stores one document inside the caller's transaction (or savepoint):
/// unchanged when the name and hash are stored already, else replaces or
/// inserts every row, and adds the change of the running totals and the
/// document to index to `deferred` (the caller writes them, see
/// [`Deferred::apply`]). `fts_pending`: documents stored earlier in the same
/// batch, whose sentences are not in the full-text index yet. Does not touch
/// the cluster state; the caller marks it once per commit.
fn ingest_one(
    conn: &Connection,
    doc: &Doc,
    hash: &str,
    fts_pending: &BTreeSet<i64>,
    deferred: &mut Deferred,
) -> Result<IngestOutcome, StoreError> {
    let existing: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, content_hash FROM doc WHERE name = ?")?
        .query_row(params![doc.name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    // The same content stored under another name (a store written when
    // names were bare file names, or one article at two paths) is that
    // document: nothing is stored twice.
    if existing.is_none()
        && conn
            .prepare_cached("SELECT 1 FROM doc WHERE content_hash = ? LIMIT 1")?
            .exists(params![hash])?
    {
        return Ok(IngestOutcome::Unchanged);
    }
    let (doc_id, outcome) = match existing {
        Some((_, ref h)) if h == hash => return Ok(IngestOutcome::Unchanged),
        Some((id, _)) => {
            deferred.subtract_stored(conn, id)?;
            // Its sentences are in the full-text index unless they were
            // stored earlier in this batch (then they are not indexed yet).
            if !fts_pending.contains(&id) {
                conn.prepare_cached(
                    "INSERT INTO sentence_fts (sentence_fts, rowid, body) \
                     SELECT 'delete', id, body FROM sentence WHERE doc_id = ?",
                )?
                .execute([id])?;
            }
            for sql in DELETE_DOC {
                conn.prepare_cached(sql)?.execute([id])?;
            }
            (id, IngestOutcome::Replaced)
        }
        None => (next_id(conn, IdTable::Doc)?, IngestOutcome::Inserted),
    };
    insert_doc(conn, doc, doc_id, hash, deferred)?;
    Ok(outcome)
}

/// The events changed: the clusters no longer cover them.
fn mark_clusters_stale(conn: &Connection) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE cluster_state SET current = FALSE")?
        .execute([])?;
    Ok(())
}

/// Work deferred to the end of a write transaction: the documents whose
/// sentences go into the full-text index (schema v8), the change of the
/// running totals (schema v4/v5), and the groups of events (type and pair
/// of actors) that the next recluster must recompute (schema v12).
#[derive(Debug, Default)]
struct Deferred {
    totals: Totals,
    /// `(event type, lesser actor, greater actor)`, `''` for none: the
    /// groups whose events this write adds or deletes.
    dirty: FastSet<(String, String, String)>,
    /// Ids of documents stored whose sentences are not indexed yet.
    fts_docs: BTreeSet<i64>,
    /// In a bulk load: the totals are not kept up to date (its end rebuilds
    /// them), and the groups are not listed (the load asks for a full
    /// recluster), so nothing is counted; sentences are still indexed.
    bulk: bool,
}

impl Deferred {
    fn new(bulk: bool) -> Deferred {
        Deferred {
            bulk,
            ..Deferred::default()
        }
    }

    /// Counts one event `sign` times (+1 stored, −1 deleted).
    fn add(
        &mut self,
        month: &str,
        event_type: &str,
        source: Option<&str>,
        target: Option<&str>,
        intensity: f64,
        sign: i64,
    ) {
        if self.bulk {
            return;
        }
        self.totals
            .add(month, event_type, source, target, intensity, sign);
        let (a, b) = (source.unwrap_or(""), target.unwrap_or(""));
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        self.dirty
            .insert((event_type.to_string(), lo.to_string(), hi.to_string()));
    }

    /// Subtracts the stored events of document `doc_id` (before they are
    /// deleted).
    fn subtract_stored(&mut self, conn: &Connection, doc_id: i64) -> Result<(), StoreError> {
        if self.bulk {
            return Ok(());
        }
        let mut stmt = conn.prepare_cached(
            "SELECT month, event_type, source, target, intensity FROM event WHERE doc_id = ?",
        )?;
        let mut rows = stmt.query([doc_id])?;
        while let Some(r) = rows.next()? {
            let month: String = r.get(0)?;
            let event_type: String = r.get(1)?;
            let source: Option<String> = r.get(2)?;
            let target: Option<String> = r.get(3)?;
            let intensity: f64 = r.get(4)?;
            self.add(
                &month,
                &event_type,
                source.as_deref(),
                target.as_deref(),
                intensity,
                -1,
            );
        }
        Ok(())
    }

    /// Adds `other` (the changes of one more document) to these.
    fn merge(&mut self, other: Deferred) {
        self.totals.merge(other.totals);
        self.dirty.extend(other.dirty);
        self.fts_docs.extend(other.fts_docs);
    }

    /// Indexes the stored documents' sentences, in one statement (FTS5
    /// writes a new segment at every statement, so one per document would
    /// leave many small segments to merge); then adds the change to the
    /// total tables and lists the changed groups for the next recluster
    /// (both not in a bulk load).
    fn apply(&self, conn: &Connection) -> Result<(), StoreError> {
        if !self.fts_docs.is_empty() {
            let ids = serde_json::to_string(&self.fts_docs)?;
            conn.prepare_cached(
                "INSERT INTO sentence_fts (rowid, body) SELECT id, body FROM sentence \
                 WHERE doc_id IN (SELECT value FROM json_each(?)) ORDER BY id",
            )?
            .execute([ids])?;
        }
        if self.bulk {
            return Ok(());
        }
        self.totals.apply(conn, TotalTables::Events)?;
        let mut stmt = conn.prepare_cached(
            "INSERT INTO cluster_dirty (event_type, lo, hi) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )?;
        for (ty, lo, hi) in &self.dirty {
            stmt.execute(params![ty, lo, hi])?;
        }
        Ok(())
    }
}

/// The token of the bulk load marked in the store, if any.
fn bulk_mark(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT token FROM bulk_load WHERE id = 1", [], |r| r.get(0))
        .optional()?)
}

/// The statements that build the event indexes that are missing.
fn missing_indexes(conn: &Connection) -> Result<Vec<&'static str>, StoreError> {
    let present: BTreeSet<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event'")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(schema::EVENT_INDEXES
        .iter()
        .filter(|(name, _)| !present.contains(*name))
        .map(|(_, sql)| *sql)
        .collect())
}

/// The tables whose ids the application assigns.
#[derive(Clone, Copy)]
enum IdTable {
    Doc,
    Sentence,
    Event,
}

/// The next free app-assigned id of `table` (called inside the write
/// transaction, so no other writer can take the same id).
fn next_id(conn: &Connection, table: IdTable) -> Result<i64, StoreError> {
    // Constant SQL: the statement cache is looked up without building a
    // string three times per document.
    let sql = match table {
        IdTable::Doc => "SELECT COALESCE(MAX(id), 0) + 1 FROM doc",
        IdTable::Sentence => "SELECT COALESCE(MAX(id), 0) + 1 FROM sentence",
        IdTable::Event => "SELECT COALESCE(MAX(id), 0) + 1 FROM event",
    };
    Ok(conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?)
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn get_usize(r: &Row<'_>, i: usize) -> rusqlite::Result<usize> {
    Ok(to_usize(r.get::<_, i64>(i)?))
}

/// Reads a JSON text column into `T`, reporting bad JSON as a conversion
/// error of that column rather than panicking.
fn get_json<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn parse_col<T: std::str::FromStr<Err = String>>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    s.parse::<T>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

fn doc_from_row(r: &Row<'_>) -> rusqlite::Result<DocRecord> {
    Ok(DocRecord {
        doc: r.get(0)?,
        title: r.get(1)?,
        author: r.get(2)?,
        published: r.get(3)?,
        published_precision: r.get(4)?,
        published_basis: r.get(5)?,
        site_name: r.get(6)?,
        url: r.get(7)?,
        format: r.get(8)?,
        path: r.get(9)?,
        sentences: get_usize(r, 10)?,
        events: get_usize(r, 11)?,
    })
}

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<EventRecord> {
    Ok(EventRecord {
        id: r.get(0)?,
        event_type: parse_col::<EventType>(r, 1)?,
        mode: r.get(2)?,
        source: r.get(3)?,
        source_sector: r.get(4)?,
        target: r.get(5)?,
        target_sector: r.get(6)?,
        date: r.get(7)?,
        date_precision: r.get(8)?,
        status: parse_col::<Status>(r, 9)?,
        attributed_to: r.get(10)?,
        quantities: get_json(r, 11)?,
        location: r.get(12)?,
        quote: r.get(13)?,
        doc: r.get(14)?,
        start: get_usize(r, 15)?,
        end: get_usize(r, 16)?,
        trigger: r.get(17)?,
        joint: r.get(18)?,
        intensity: r.get::<_, f64>(19)? as f32,
        rule: r.get(20)?,
        date_basis: r
            .get::<_, Option<String>>(24)?
            .map(|b| {
                b.parse::<DateBasis>().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        24,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })
            })
            .transpose()?,
        reported: r.get(25)?,
        reported_precision: r.get(26)?,
    })
}

fn block_kind(k: BlockKind) -> &'static str {
    match k {
        BlockKind::Body => "body",
        BlockKind::Heading => "heading",
        BlockKind::Caption => "caption",
        BlockKind::Quote => "quote",
    }
}

fn actor_kind(k: ActorKind) -> &'static str {
    match k {
        ActorKind::Country => "country",
        ActorKind::Demonym => "demonym",
        ActorKind::Metonym => "metonym",
        ActorKind::Organisation => "organisation",
        ActorKind::Person => "person",
        ActorKind::Role => "role",
        ActorKind::Bloc => "bloc",
        ActorKind::Coreference => "coreference",
        ActorKind::Analyst => "analyst",
    }
}

/// Byte → character offsets of one text, precomputed once so that a
/// document with many annotations is not rescanned per span. Agrees with
/// [`Doc::char_offset`]: an offset inside a character counts from that
/// character's start, one past the end clamps to the text length.
struct CharOffsets {
    /// `chars[b]` = characters before the character boundary at or below `b`.
    chars: Vec<usize>,
    /// For ASCII text, its length (`chars` is then empty: offsets agree).
    ascii_len: Option<usize>,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        // Plain ASCII (most articles): a byte offset is a character offset,
        // so no table is needed.
        if text.is_ascii() {
            return CharOffsets {
                chars: Vec::new(),
                ascii_len: Some(text.len()),
            };
        }
        let mut chars = Vec::with_capacity(text.len() + 1);
        // Every byte of the k-th character maps to k (characters before it).
        for (k, c) in text.chars().enumerate() {
            for _ in 0..c.len_utf8() {
                chars.push(k);
            }
        }
        chars.push(text.chars().count());
        CharOffsets {
            chars,
            ascii_len: None,
        }
    }

    fn get(&self, byte: usize) -> usize {
        if let Some(len) = self.ascii_len {
            return byte.min(len);
        }
        let last = self.chars.len().saturating_sub(1);
        self.chars.get(byte.min(last)).copied().unwrap_or(0)
    }
}

/// `(date_start, date_end)` of a date as ISO text.
fn date_bounds(d: Option<PartialDate>) -> (Option<String>, Option<String>) {
    match d {
        Some(d) => (Some(iso(d.first_day())), Some(iso(d.last_day()))),
        None => (None, None),
    }
}

/// Inserts every row of `doc` under `doc_id` (inside the caller's
/// transaction).
fn insert_doc(
    conn: &Connection,
    doc: &Doc,
    doc_id: i64,
    hash: &str,
    deferred: &mut Deferred,
) -> Result<(), StoreError> {
    let rec = doc.doc_record();
    let offsets = CharOffsets::new(&doc.text);
    let ch = |b: usize| to_i64(offsets.get(b));
    let mut layers = layers::LayersOut {
        p: doc
            .paragraphs
            .iter()
            .map(|p| (ch(p.span.start), ch(p.span.end), block_kind(p.kind)))
            .collect(),
        a: doc
            .actors
            .iter()
            .map(|a| {
                (
                    to_i64(a.sentence),
                    ch(a.span.start),
                    ch(a.span.end),
                    a.code.as_deref(),
                    a.sector.as_deref(),
                    actor_kind(a.kind),
                    a.name.as_str(),
                    a.group.as_slice(),
                    a.rule.as_str(),
                )
            })
            .collect(),
        t: doc
            .times
            .iter()
            .map(|t| {
                (
                    to_i64(t.sentence),
                    ch(t.span.start),
                    ch(t.span.end),
                    t.value.map(|d| d.to_string()),
                    t.value.map(|d| d.precision.as_str()),
                    u8::from(t.relative),
                    u8::from(t.since),
                    t.rule.as_str(),
                )
            })
            .collect(),
        q: doc
            .quantities
            .iter()
            .map(|q| {
                (
                    to_i64(q.sentence),
                    ch(q.span.start),
                    ch(q.span.end),
                    layers::float_text(q.quantity.value),
                    q.quantity.unit.as_str(),
                    q.upper.as_ref().map(|u| layers::float_text(u.value)),
                    q.upper.as_ref().map(|u| u.unit.as_str()),
                    q.rule.as_str(),
                )
            })
            .collect(),
        s: Vec::new(),
        w: Vec::new(),
    };
    layers.set_why(doc.events.iter().map(|e| e.why.as_slice()));
    conn.prepare_cached(
        "INSERT INTO doc (id, name, content_hash, path, title, author, published, \
         published_precision, published_basis, site_name, url, format, body, n_sentences, \
         n_events, layers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        doc_id,
        rec.doc,
        hash,
        rec.path,
        rec.title,
        rec.author,
        rec.published,
        rec.published_precision,
        rec.published_basis,
        rec.site_name,
        rec.url,
        rec.format,
        doc.text,
        to_i64(rec.sentences),
        to_i64(rec.events),
        serde_json::to_string(&layers)?,
    ])?;
    let first_sentence = next_id(conn, IdTable::Sentence)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sentence (id, doc_id, idx, paragraph, start_char, end_char, body) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )?;
    for (i, s) in doc.sentences.iter().enumerate() {
        stmt.execute(params![
            first_sentence + to_i64(i),
            doc_id,
            to_i64(i),
            to_i64(s.paragraph),
            ch(s.span.start),
            ch(s.span.end),
            doc.slice(s.span),
        ])?;
    }
    // Indexed for full-text search at the end of the batch (schema v8).
    deferred.fts_docs.insert(doc_id);
    let first_event = next_id(conn, IdTable::Event)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO event (id, doc_id, doc_name, seq, ext_id, event_type, mode, source, \
         source_sector, target, target_sector, date, date_precision, date_start, date_end, \
         month, status, attributed_to, quantities, location, quote, sentence, start_char, \
         end_char, trigger_text, trigger_start, trigger_end, joint, intensity, rule, \
         date_basis) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \
         ?, ?, ?, ?, ?)",
    )?;
    // Bound straight from the events (the same values as
    // `Doc::event_records`, without copying every string of every event, and
    // with the offset table rather than a count from the start of the text).
    for (i, e) in doc.events.iter().enumerate() {
        let (ds, de) = date_bounds(e.date);
        let month = month_key(e.date);
        // NaN would be stored as NULL and break the NOT NULL constraint with
        // a confusing message; store 0 (neutral) instead.
        let intensity = if e.intensity.is_finite() {
            f64::from(e.intensity)
        } else {
            0.0
        };
        deferred.add(
            &month,
            e.event_type.as_str(),
            e.source.as_deref(),
            e.target.as_deref(),
            intensity,
            1,
        );
        stmt.execute(params![
            first_event + to_i64(i),
            doc_id,
            doc.name,
            to_i64(i),
            format!("{}-{:02}", doc.name, i + 1),
            e.event_type.as_str(),
            e.mode,
            e.source,
            e.source_sector,
            e.target,
            e.target_sector,
            e.date.map(|d| d.to_string()),
            e.date.map(|d| d.precision.as_str()),
            ds,
            de,
            month,
            e.status.as_str(),
            e.attributed_to,
            serde_json::to_string(&e.quantities)?,
            e.location,
            doc.slice(e.quote_span),
            to_i64(e.sentence),
            ch(e.quote_span.start),
            ch(e.quote_span.end),
            doc.slice(e.trigger_span),
            ch(e.trigger_span.start),
            ch(e.trigger_span.end),
            e.joint,
            intensity,
            e.rule,
            e.date_basis.as_str(),
        ])?;
    }
    Ok(())
}
