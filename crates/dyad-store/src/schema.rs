//! The database schema and its migrations.
//!
//! The schema version lives in `PRAGMA user_version`; `PRAGMA application_id`
//! marks the file as a dyad store so that an unrelated SQLite file is never
//! "migrated". Each entry of [`MIGRATIONS`] moves the schema one version up;
//! a database at version `n` gets migrations `n..` applied, all in one
//! transaction, so a crash mid-migration leaves the old version intact.
//!
//! Portability (STACK.md §3): the tables use only types and constraints that
//! PostgreSQL accepts (`TEXT`, `BIGINT`, `REAL`, `DOUBLE PRECISION`,
//! `BOOLEAN`, `CHECK`, composite keys, ISO `YYYY-MM-DD` text dates, upserts
//! with `ON CONFLICT … DO UPDATE`), ids are assigned by the application, and
//! every query binds its values as parameters. Two SQLite-specific choices:
//! ids are `INTEGER PRIMARY KEY` (SQLite's 64-bit rowid, so secondary
//! indexes carry the id and paging is index-only; the PostgreSQL dialect
//! spells it `BIGINT PRIMARY KEY`, as PostgreSQL's `INTEGER` is 32-bit), and
//! full-text search lives in its own migration ([`FTS_SQLITE`]; in
//! PostgreSQL a generated `tsvector` column with a GIN index).

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// `PRAGMA application_id` of a dyad store ("dyad" in ASCII).
pub const APPLICATION_ID: i64 = 0x6479_6164;

/// Version 1: documents, their annotation layers and events.
pub const BASE_V1: &str = r#"
CREATE TABLE doc (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    path TEXT,
    title TEXT,
    author TEXT,
    published TEXT,
    published_precision TEXT,
    published_basis TEXT NOT NULL,
    site_name TEXT,
    url TEXT,
    format TEXT NOT NULL,
    body TEXT NOT NULL,
    n_sentences BIGINT NOT NULL,
    n_events BIGINT NOT NULL
);

CREATE TABLE paragraph (
    doc_id BIGINT NOT NULL REFERENCES doc(id),
    idx BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx),
    CHECK (start_char <= end_char)
);

CREATE TABLE sentence (
    id INTEGER PRIMARY KEY,
    doc_id BIGINT NOT NULL REFERENCES doc(id),
    idx BIGINT NOT NULL,
    paragraph BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (doc_id, idx),
    CHECK (start_char <= end_char)
);

CREATE TABLE actor_mention (
    doc_id BIGINT NOT NULL REFERENCES doc(id),
    idx BIGINT NOT NULL,
    sentence BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    code TEXT,
    sector TEXT,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    member_codes TEXT NOT NULL,
    rule TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx),
    CHECK (start_char <= end_char)
);

CREATE TABLE time_mention (
    doc_id BIGINT NOT NULL REFERENCES doc(id),
    idx BIGINT NOT NULL,
    sentence BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    value TEXT,
    value_precision TEXT,
    date_start TEXT,
    date_end TEXT,
    relative BOOLEAN NOT NULL,
    open_since BOOLEAN NOT NULL,
    rule TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx),
    CHECK (start_char <= end_char)
);

CREATE TABLE quantity_mention (
    doc_id BIGINT NOT NULL REFERENCES doc(id),
    idx BIGINT NOT NULL,
    sentence BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL,
    upper_value DOUBLE PRECISION,
    upper_unit TEXT,
    rule TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx),
    CHECK (start_char <= end_char)
);

CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    doc_id BIGINT NOT NULL REFERENCES doc(id),
    doc_name TEXT NOT NULL,
    seq BIGINT NOT NULL,
    ext_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    mode TEXT,
    source TEXT,
    source_sector TEXT,
    target TEXT,
    target_sector TEXT,
    date TEXT,
    date_precision TEXT,
    date_start TEXT,
    date_end TEXT,
    status TEXT NOT NULL,
    attributed_to TEXT,
    quantities TEXT NOT NULL,
    location TEXT,
    quote TEXT NOT NULL,
    sentence BIGINT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char BIGINT NOT NULL,
    trigger_text TEXT NOT NULL,
    trigger_start BIGINT NOT NULL,
    trigger_end BIGINT NOT NULL,
    joint BOOLEAN NOT NULL,
    intensity REAL NOT NULL,
    rule TEXT NOT NULL,
    why TEXT NOT NULL,
    UNIQUE (doc_id, seq),
    CHECK (start_char <= end_char),
    CHECK (trigger_start <= trigger_end),
    CHECK (intensity >= -10 AND intensity <= 10)
);

CREATE INDEX event_dyad ON event (source, target);
CREATE INDEX event_target ON event (target);
CREATE INDEX event_type_idx ON event (event_type);
CREATE INDEX event_date ON event (date_start);
CREATE INDEX event_doc ON event (doc_name);
"#;

/// Version 2 (SQLite dialect): full-text search over sentences, kept in
/// sync by triggers, and filled from the sentences already stored.
pub const FTS_SQLITE: &str = r#"
CREATE VIRTUAL TABLE sentence_fts USING fts5(
    body, content='sentence', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER sentence_fts_ai AFTER INSERT ON sentence BEGIN
    INSERT INTO sentence_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER sentence_fts_ad AFTER DELETE ON sentence BEGIN
    INSERT INTO sentence_fts (sentence_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER sentence_fts_au AFTER UPDATE ON sentence BEGIN
    INSERT INTO sentence_fts (sentence_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO sentence_fts (rowid, body) VALUES (new.id, new.body);
END;
INSERT INTO sentence_fts (sentence_fts) VALUES ('rebuild');
"#;

/// Version 3: the month an event falls in, for the timeline: `YYYY-MM`
/// for events dated to the day or month, `'~'` for coarser dates, `''` for
/// undated events (not `NULL`, so it can be grouped and indexed plainly).
/// Covering indexes let a dyad's or an actor's events, timeline and network
/// be read from the index alone; they supersede the v1 pair indexes.
pub const TIMELINE_V3: &str = r#"
ALTER TABLE event ADD COLUMN month TEXT NOT NULL DEFAULT '';
UPDATE event SET month = CASE
    WHEN date_start IS NULL THEN ''
    WHEN date_precision IN ('day', 'month') THEN substr(date_start, 1, 7)
    ELSE '~' END;
CREATE INDEX event_pair_month ON event (source, target, month, event_type, intensity);
CREATE INDEX event_target_month ON event (target, source, month, event_type, intensity);
CREATE INDEX event_month ON event (month, event_type, intensity);
DROP INDEX event_dyad;
DROP INDEX event_target;
"#;

/// Version 4: running totals that make the unfiltered timeline and the
/// actor/dyad network independent of the number of events. Maintained by
/// `Store::ingest` in the same transaction as the events. Missing values
/// are `''` rather than `NULL` so that the primary keys (and upserts on
/// them) treat them as equal; `agg_month.month` is `event.month`.
pub const AGGREGATES_V4: &str = r#"
CREATE TABLE agg_month (
    month TEXT NOT NULL,
    event_type TEXT NOT NULL,
    n BIGINT NOT NULL,
    sum_intensity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (month, event_type)
);
CREATE TABLE agg_edge (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    n BIGINT NOT NULL,
    sum_intensity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (source, target)
);
CREATE INDEX agg_edge_target ON agg_edge (target);
INSERT INTO agg_month (month, event_type, n, sum_intensity)
    SELECT month, event_type, COUNT(*), SUM(intensity) FROM event GROUP BY 1, 2;
INSERT INTO agg_edge (source, target, n, sum_intensity)
    SELECT COALESCE(source, ''), COALESCE(target, ''), COUNT(*), SUM(intensity)
    FROM event GROUP BY 1, 2;
"#;

/// Version 5: running totals per actor, month and type, so an actor's
/// timeline does not scan the actor's events. An event counts once for its
/// source and once for its target (once only when they are the same).
pub const ACTOR_TOTALS_V5: &str = r#"
CREATE TABLE agg_actor_month (
    code TEXT NOT NULL,
    month TEXT NOT NULL,
    event_type TEXT NOT NULL,
    n BIGINT NOT NULL,
    sum_intensity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (code, month, event_type)
);
INSERT INTO agg_actor_month (code, month, event_type, n, sum_intensity)
    SELECT code, month, event_type, COUNT(*), SUM(intensity) FROM (
        SELECT source AS code, month, event_type, intensity FROM event
            WHERE source IS NOT NULL
        UNION ALL
        SELECT target AS code, month, event_type, intensity FROM event
            WHERE target IS NOT NULL AND (source IS NULL OR source <> target)
    ) AS a GROUP BY code, month, event_type;
"#;

/// Version 6: cross-document event clusters (crate `dyad-combine`), one row
/// per real-world event, written whole by `Store::recluster`. `body` is the
/// JSON of the whole cluster (every source with its quote); the other
/// columns are what filters, orders and aggregates need. `seq` is the
/// cluster's position in `dyad_combine`'s canonical order (by first day,
/// undated last), so listings page over an index. `month` follows
/// `event.month`. `cluster_state` says whether the clusters cover the
/// events as they are now: any ingest that changes an event clears
/// `current`, and timelines and the network count clusters only while it is
/// set (mentions otherwise). The `agg_cluster_*` tables are the running
/// totals of v4/v5 over clusters that are not only denials, rebuilt by
/// every recluster.
pub const CLUSTERS_V6: &str = r#"
CREATE TABLE event_cluster (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    block TEXT NOT NULL,
    event_type TEXT NOT NULL,
    source TEXT,
    target TEXT,
    joint BOOLEAN NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_start TEXT,
    date_end TEXT,
    month TEXT NOT NULL,
    intensity REAL NOT NULL,
    corroboration BIGINT NOT NULL,
    n_mentions BIGINT NOT NULL,
    denied_only BOOLEAN NOT NULL,
    statuses TEXT NOT NULL,
    ambiguous_with TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX event_cluster_block ON event_cluster (block);
CREATE INDEX event_cluster_date ON event_cluster (date_start);
CREATE INDEX event_cluster_pair ON event_cluster (source, target, month, event_type, intensity);
CREATE INDEX event_cluster_target ON event_cluster (target, source, month, event_type, intensity);
CREATE INDEX event_cluster_month ON event_cluster (month, event_type, intensity);
CREATE TABLE cluster_member (
    cluster_id TEXT NOT NULL,
    event_ext_id TEXT NOT NULL,
    doc_name TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (cluster_id, event_ext_id)
);
CREATE INDEX cluster_member_event ON cluster_member (event_ext_id);
CREATE INDEX cluster_member_doc ON cluster_member (doc_name, cluster_id);
CREATE TABLE cluster_link (
    claim_id TEXT NOT NULL,
    denial_id TEXT NOT NULL,
    PRIMARY KEY (claim_id, denial_id)
);
CREATE INDEX cluster_link_denial ON cluster_link (denial_id);
CREATE TABLE cluster_state (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    current BOOLEAN NOT NULL,
    n_mentions BIGINT NOT NULL,
    n_clusters BIGINT NOT NULL
);
INSERT INTO cluster_state (id, current, n_mentions, n_clusters) VALUES (1, FALSE, 0, 0);
CREATE TABLE agg_cluster_month (
    month TEXT NOT NULL,
    event_type TEXT NOT NULL,
    n BIGINT NOT NULL,
    sum_intensity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (month, event_type)
);
CREATE TABLE agg_cluster_edge (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    n BIGINT NOT NULL,
    sum_intensity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (source, target)
);
CREATE INDEX agg_cluster_edge_target ON agg_cluster_edge (target);
CREATE TABLE agg_cluster_actor_month (
    code TEXT NOT NULL,
    month TEXT NOT NULL,
    event_type TEXT NOT NULL,
    n BIGINT NOT NULL,
    sum_intensity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (code, month, event_type)
);
"#;

/// Version 7: sentences enter the full-text index by one `INSERT INTO
/// sentence_fts … SELECT` of `Store::ingest` (per document in v7, per write
/// transaction since v8), not by a trigger per row.
/// Why: FTS5 flushes its in-memory pending terms to a new on-disk segment
/// at every statement savepoint, so the per-row trigger wrote one segment
/// per sentence and spent most of ingest merging them. The delete and
/// update triggers stay: deletes are one statement per document already.
pub const FTS_PER_DOC_V7: &str = r#"
DROP TRIGGER sentence_fts_ai;
"#;

/// Version 8: sentences also leave the full-text index by `Store::ingest`
/// (an FTS5 `'delete'` of a replaced document's sentences) rather than by
/// trigger, and enter it once per write transaction rather than once per
/// document, for the reason of v7: a sentence stored and replaced within
/// one batch was never indexed, so it must not be deleted from the index.
pub const FTS_PER_BATCH_V8: &str = r#"
DROP TRIGGER sentence_fts_ad;
"#;

/// Version 9: a document's paragraphs, actor, time and quantity mentions
/// and its events' `why` are one compact JSON value, `doc.layers` (format in
/// `layers.rs`), instead of one row per mention: they are only read per
/// document, and ~40 rows with a primary-key entry each were a quarter of
/// the store's ingest time. `event.why` (≈ 360 bytes per event) leaves the
/// event row, which every event query reads. The old tables become views of
/// the same names and columns (less `time_mention.date_start`/`date_end`,
/// which nothing read) for ad-hoc SQL. The migration moves the stored rows
/// into `layers` in their `idx` / `seq` order.
///
/// `json_each` and `->>` are SQLite's; in PostgreSQL `layers` would be
/// `jsonb` and the views use `jsonb_array_elements … WITH ORDINALITY`.
pub const LAYERS_V9: &str = r#"
ALTER TABLE doc ADD COLUMN layers TEXT NOT NULL DEFAULT '{}';
UPDATE doc SET layers = json_object(
    'p', json((SELECT json_group_array(json_array(start_char, end_char, kind)) FROM
        (SELECT * FROM paragraph WHERE doc_id = doc.id ORDER BY idx))),
    'a', json((SELECT json_group_array(json_array(sentence, start_char, end_char, code,
        sector, kind, name, json(member_codes), rule)) FROM
        (SELECT * FROM actor_mention WHERE doc_id = doc.id ORDER BY idx))),
    't', json((SELECT json_group_array(json_array(sentence, start_char, end_char, value,
        value_precision, relative, open_since, rule)) FROM
        (SELECT * FROM time_mention WHERE doc_id = doc.id ORDER BY idx))),
    'q', json((SELECT json_group_array(json_array(sentence, start_char, end_char,
        printf('%!.17g', value), unit,
        CASE WHEN upper_value IS NULL THEN NULL ELSE printf('%!.17g', upper_value) END,
        upper_unit, rule)) FROM
        (SELECT * FROM quantity_mention WHERE doc_id = doc.id ORDER BY idx))),
    'w', json((SELECT json_group_array(json(why)) FROM
        (SELECT why FROM event WHERE doc_id = doc.id ORDER BY seq))));
DROP TABLE paragraph;
DROP TABLE actor_mention;
DROP TABLE time_mention;
DROP TABLE quantity_mention;
ALTER TABLE event DROP COLUMN why;
CREATE VIEW paragraph (doc_id, idx, start_char, end_char, kind) AS
    SELECT d.id, j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2
    FROM doc d, json_each(d.layers, '$.p') j;
CREATE VIEW actor_mention (doc_id, idx, sentence, start_char, end_char, code, sector, kind,
    name, member_codes, rule) AS
    SELECT d.id, j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3,
        j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value -> 7, j.value ->> 8
    FROM doc d, json_each(d.layers, '$.a') j;
CREATE VIEW time_mention (doc_id, idx, sentence, start_char, end_char, value,
    value_precision, relative, open_since, rule) AS
    SELECT d.id, j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3,
        j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7
    FROM doc d, json_each(d.layers, '$.t') j;
CREATE VIEW quantity_mention (doc_id, idx, sentence, start_char, end_char, value, unit,
    upper_value, upper_unit, rule) AS
    SELECT d.id, j.key, j.value ->> 0, j.value ->> 1, j.value ->> 2,
        CAST(j.value ->> 3 AS DOUBLE PRECISION), j.value ->> 4,
        CAST(j.value ->> 5 AS DOUBLE PRECISION), j.value ->> 6, j.value ->> 7
    FROM doc d, json_each(d.layers, '$.q') j;
"#;

/// Version 10: no index on `event.doc_name`. A document's events are found
/// through `doc.name` and the `UNIQUE (doc_id, seq)` key, so the index only
/// cost a b-tree insert per event at ingest.
pub const NO_EVENT_DOC_INDEX_V10: &str = r#"
DROP INDEX event_doc;
"#;

/// Version 11: the mark of a bulk load in progress (`Store::begin_bulk_load`):
/// one row while a load runs whose full-text index and running totals are
/// rebuilt at its end rather than kept up to date per batch. `token` tells
/// the loading process whether its mark is still the one in place.
pub const BULK_LOAD_V11: &str = r#"
CREATE TABLE bulk_load (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL
);
"#;

/// Version 12: incremental reclustering (`Store::recluster`).
///
/// - `event_cluster.sort_key` replaces `seq`: a text key in
///   `dyad_combine`'s canonical order (undated last, first day, type, id),
///   computed from the cluster alone, so a recluster that rewrites some
///   clusters need not renumber all the others. Rows copied from v11 keep
///   their order (`seq` zero-padded) until the next recluster, which is a
///   full one (`full_recluster`) and rewrites them.
/// - `event_cluster.body`, a JSON copy of the whole cluster with every
///   report, is gone: a cluster is put together from its columns, its
///   `cluster_member` rows with their stored events, and `cluster_link`
///   (the copy stored every quote twice; clusters were half of a store's
///   bytes).
/// - `cluster_view` holds the linking summary (`dyad_combine::LinkView`,
///   JSON) of every cluster that may take part in a claim–denial link, so
///   new clusters can be linked against those not recomputed; `actors`
///   (`|PRK|RUS|`, empty for none) lets relinking skip summaries that share
///   no actor with the new ones without parsing them.
/// - `cluster_dirty` lists the groups (event type and unordered pair of
///   actors, `''` for none) whose events changed since the last recluster;
///   ingest adds to it, recluster empties it. `full_recluster` says the
///   list is not enough (a bulk load does not keep it; a store migrated from
///   v11 has no views): the next recluster recomputes everything.
/// - `cluster_state` keeps the counts a recluster reports, so an
///   incremental one can update them instead of counting every cluster.
/// - The keys of `event_cluster`, `cluster_member` and `cluster_view` are
///   unique indexes, not primary keys, so that a full recluster can drop
///   them with the other cluster indexes ([`CLUSTER_INDEXES`]): it writes
///   clusters in group order, and keeping b-trees keyed by cluster id up to
///   date row by row rewrote the same pages again and again.
pub const INCREMENTAL_CLUSTERS_V12: &str = r#"
CREATE TABLE event_cluster_v12 (
    id TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    block TEXT NOT NULL,
    event_type TEXT NOT NULL,
    source TEXT,
    target TEXT,
    joint BOOLEAN NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_start TEXT,
    date_end TEXT,
    month TEXT NOT NULL,
    intensity REAL NOT NULL,
    corroboration BIGINT NOT NULL,
    n_mentions BIGINT NOT NULL,
    denied_only BOOLEAN NOT NULL,
    statuses TEXT NOT NULL,
    ambiguous_with TEXT NOT NULL
);
INSERT INTO event_cluster_v12 (id, sort_key, block, event_type, source, target, joint,
    date, date_precision, date_start, date_end, month, intensity, corroboration,
    n_mentions, denied_only, statuses, ambiguous_with)
    SELECT id, printf('%020d', seq), block, event_type, source, target, joint,
        date, date_precision, date_start, date_end, month, intensity, corroboration,
        n_mentions, denied_only, statuses, ambiguous_with
    FROM event_cluster;
DROP TABLE event_cluster;
ALTER TABLE event_cluster_v12 RENAME TO event_cluster;
CREATE UNIQUE INDEX event_cluster_id ON event_cluster (id);
CREATE UNIQUE INDEX event_cluster_order ON event_cluster (sort_key);
CREATE INDEX event_cluster_block ON event_cluster (block);
CREATE INDEX event_cluster_date ON event_cluster (date_start);
CREATE INDEX event_cluster_pair ON event_cluster (source, target, month, event_type, intensity);
CREATE INDEX event_cluster_target ON event_cluster (target, source, month, event_type, intensity);
CREATE INDEX event_cluster_month ON event_cluster (month, event_type, intensity);
CREATE TABLE cluster_member_v12 (
    cluster_id TEXT NOT NULL,
    event_ext_id TEXT NOT NULL,
    doc_name TEXT NOT NULL,
    status TEXT NOT NULL
);
INSERT INTO cluster_member_v12 (cluster_id, event_ext_id, doc_name, status)
    SELECT cluster_id, event_ext_id, doc_name, status FROM cluster_member;
DROP TABLE cluster_member;
ALTER TABLE cluster_member_v12 RENAME TO cluster_member;
CREATE UNIQUE INDEX cluster_member_key ON cluster_member (cluster_id, event_ext_id);
CREATE INDEX cluster_member_event ON cluster_member (event_ext_id);
CREATE INDEX cluster_member_doc ON cluster_member (doc_name, cluster_id);
CREATE TABLE cluster_view (
    cluster_id TEXT NOT NULL,
    actors TEXT NOT NULL,
    view TEXT NOT NULL
);
CREATE UNIQUE INDEX cluster_view_id ON cluster_view (cluster_id);
CREATE TABLE cluster_dirty (
    event_type TEXT NOT NULL,
    lo TEXT NOT NULL,
    hi TEXT NOT NULL,
    PRIMARY KEY (event_type, lo, hi)
) WITHOUT ROWID;
ALTER TABLE cluster_state ADD COLUMN full_recluster BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE cluster_state ADD COLUMN n_corroborated BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cluster_state ADD COLUMN n_denied_only BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cluster_state ADD COLUMN n_contradicted BIGINT NOT NULL DEFAULT 0;
"#;

/// Rebuilds the full-text index from the `sentence` table, which a bulk
/// load leaves out of date.
pub const REBUILD_FTS: &str = "INSERT INTO sentence_fts (sentence_fts) VALUES ('rebuild');";

/// Rebuilds the running totals of v4/v5 from `event`, which a bulk load
/// leaves out of date, as the v4/v5 migrations computed them.
pub const REBUILD_TOTALS: &str = r#"
DELETE FROM agg_month;
DELETE FROM agg_edge;
DELETE FROM agg_actor_month;
INSERT INTO agg_month (month, event_type, n, sum_intensity)
    SELECT month, event_type, COUNT(*), SUM(intensity) FROM event GROUP BY 1, 2;
INSERT INTO agg_edge (source, target, n, sum_intensity)
    SELECT COALESCE(source, ''), COALESCE(target, ''), COUNT(*), SUM(intensity)
    FROM event GROUP BY 1, 2;
INSERT INTO agg_actor_month (code, month, event_type, n, sum_intensity)
    SELECT code, month, event_type, COUNT(*), SUM(intensity) FROM (
        SELECT source AS code, month, event_type, intensity FROM event
            WHERE source IS NOT NULL
        UNION ALL
        SELECT target AS code, month, event_type, intensity FROM event
            WHERE target IS NOT NULL AND (source IS NULL OR source <> target)
    ) AS a GROUP BY code, month, event_type;
"#;

/// The secondary indexes of `event` in the latest schema, by name, with
/// the statement that builds each. They are derived data: a bulk load
/// (`Store::begin_bulk_load`) drops them and builds them once at its end,
/// and `Store::open` builds any that are missing (a bulk load that was cut
/// off). The `UNIQUE (doc_id, seq)` constraint's index is not among them:
/// ingest needs it. A test checks this list against a fresh store.
pub const EVENT_INDEXES: [(&str, &str); 5] = [
    (
        "event_type_idx",
        "CREATE INDEX event_type_idx ON event (event_type)",
    ),
    (
        "event_date",
        "CREATE INDEX event_date ON event (date_start)",
    ),
    (
        "event_pair_month",
        "CREATE INDEX event_pair_month ON event (source, target, month, event_type, intensity)",
    ),
    (
        "event_target_month",
        "CREATE INDEX event_target_month ON event (target, source, month, event_type, intensity)",
    ),
    (
        "event_month",
        "CREATE INDEX event_month ON event (month, event_type, intensity)",
    ),
];

/// The secondary indexes of the cluster tables (v6, v12), by name, with the
/// statement that builds each. A full `Store::recluster` rewrites those
/// tables whole in one transaction: it drops these first and builds them
/// once after writing (inside the same transaction, so readers never see
/// the tables without them). A test checks this list against a fresh store.
pub const CLUSTER_INDEXES: [(&str, &str); 13] = [
    (
        "event_cluster_id",
        "CREATE UNIQUE INDEX event_cluster_id ON event_cluster (id)",
    ),
    (
        "cluster_member_key",
        "CREATE UNIQUE INDEX cluster_member_key ON cluster_member (cluster_id, event_ext_id)",
    ),
    (
        "cluster_view_id",
        "CREATE UNIQUE INDEX cluster_view_id ON cluster_view (cluster_id)",
    ),
    (
        "event_cluster_order",
        "CREATE UNIQUE INDEX event_cluster_order ON event_cluster (sort_key)",
    ),
    (
        "event_cluster_block",
        "CREATE INDEX event_cluster_block ON event_cluster (block)",
    ),
    (
        "event_cluster_date",
        "CREATE INDEX event_cluster_date ON event_cluster (date_start)",
    ),
    (
        "event_cluster_pair",
        "CREATE INDEX event_cluster_pair ON event_cluster \
         (source, target, month, event_type, intensity)",
    ),
    (
        "event_cluster_target",
        "CREATE INDEX event_cluster_target ON event_cluster \
         (target, source, month, event_type, intensity)",
    ),
    (
        "event_cluster_month",
        "CREATE INDEX event_cluster_month ON event_cluster (month, event_type, intensity)",
    ),
    (
        "cluster_member_event",
        "CREATE INDEX cluster_member_event ON cluster_member (event_ext_id)",
    ),
    (
        "cluster_member_doc",
        "CREATE INDEX cluster_member_doc ON cluster_member (doc_name, cluster_id)",
    ),
    (
        "cluster_link_denial",
        "CREATE INDEX cluster_link_denial ON cluster_link (denial_id)",
    ),
    (
        "agg_cluster_edge_target",
        "CREATE INDEX agg_cluster_edge_target ON agg_cluster_edge (target)",
    ),
];

/// Version 13: documents are found by content as well as by name. A file's
/// document name is its path below the ingested folder (it was its file
/// name, so `a/report.txt` and `b/report.txt` replaced each other); content
/// already stored under another name (a store written before, or the same
/// article at two paths) is not stored twice.
pub const DOC_CONTENT_V13: &str = r#"
CREATE INDEX doc_content_hash ON doc (content_hash);
"#;

/// Version 14: each event keeps what its date rests on (`stated`,
/// `context`, `publication`, `none`); events stored before read it as NULL.
pub const DATE_BASIS_V14: &str = r#"
ALTER TABLE event ADD COLUMN date_basis TEXT;
"#;

/// The version that added `event.date_basis`.
pub const DATE_BASIS_VERSION: i64 = 14;

/// How a read-only open reads a store older than [`DATE_BASIS_VERSION`]:
/// a temporary view named `event` over the stored table, with the basis
/// absent.
pub const DATE_BASIS_READ_VIEW: &str =
    "CREATE TEMP VIEW event AS SELECT *, NULL AS date_basis FROM main.event;";

/// The migrations, in order: entry `i` takes the schema from version `i` to
/// version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    BASE_V1,
    FTS_SQLITE,
    TIMELINE_V3,
    AGGREGATES_V4,
    ACTOR_TOTALS_V5,
    CLUSTERS_V6,
    FTS_PER_DOC_V7,
    FTS_PER_BATCH_V8,
    LAYERS_V9,
    NO_EVENT_DOC_INDEX_V10,
    BULK_LOAD_V11,
    INCREMENTAL_CLUSTERS_V12,
    DOC_CONTENT_V13,
    DATE_BASIS_V14,
];

/// The schema version this build writes and reads.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The oldest version a read-only open accepts: v13 added only an index
/// that ingest uses, so a v12 store reads the same and need not be
/// migrated (which needs write access) before `dyad serve` or a query;
/// v14's `event.date_basis` is read through a temporary view
/// ([`DATE_BASIS_READ_VIEW`]).
pub const MIN_READABLE: i64 = 12;

/// Reads `PRAGMA user_version`.
pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn application_id(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA application_id", [], |r| r.get(0))?)
}

fn table_count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?)
}

/// Checks that the file is a dyad store (or empty) at a version this build
/// understands, without changing it.
pub fn check(conn: &Connection, path: &std::path::Path) -> Result<i64, StoreError> {
    let v = version(conn)?;
    let app = application_id(conn)?;
    if app != 0 && app != APPLICATION_ID {
        return Err(StoreError::NotDyad(path.to_path_buf()));
    }
    // user_version 0 with tables but no application id: some other
    // program's database; never touch it.
    if v == 0 && app == 0 && table_count(conn)? > 0 {
        return Err(StoreError::NotDyad(path.to_path_buf()));
    }
    if v > LATEST {
        return Err(StoreError::SchemaTooNew {
            path: path.to_path_buf(),
            found: v,
            supported: LATEST,
        });
    }
    Ok(v)
}

/// Brings the schema up to [`LATEST`]. Runs under an IMMEDIATE transaction
/// so two processes opening a fresh file at once do not both migrate: the
/// second waits (busy timeout), then re-reads the version and finds nothing
/// to do.
pub fn migrate(conn: &mut Connection, path: &std::path::Path) -> Result<(), StoreError> {
    if check(conn, path)? == LATEST {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from = check(&tx, path)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.execute_batch(sql).map_err(|e| StoreError::Migration {
            from: i as i64,
            to: i as i64 + 1,
            source: e,
        })?;
    }
    // PRAGMAs take no bound parameters; both values are constants.
    tx.execute_batch(&format!(
        "PRAGMA user_version = {LATEST}; PRAGMA application_id = {APPLICATION_ID};"
    ))?;
    tx.commit()?;
    Ok(())
}
