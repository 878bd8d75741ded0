//! Partitioned Parquet for DuckDB, Spark, Trino and BigQuery: a folder of
//! Hive-style partitions (`events/year=2024/month=06/part-….parquet`,
//! `documents/year=…/…`) and a manifest per writer.
//!
//! Layout of a lake folder `DIR`:
//!
//! ```text
//! DIR/events/year=2024/month=06/part-export.000001.00000.parquet
//! DIR/events/year=2024/month=unknown/…      dated to a year or a season
//! DIR/events/year=unknown/month=unknown/…   undated, or only to a decade
//! DIR/documents/year=2024/month=06/…        by publication date
//! DIR/_dyad/manifest-export.json            files, runs, exported documents
//! ```
//!
//! Events are partitioned by their own date (what analysts query), down to
//! the level their precision reaches; the rest is `unknown`. Documents are
//! partitioned by their publication date the same way. Engines skip
//! folders starting with `_`, so the manifests and temporary files stay
//! out of queries.
//!
//! Each writer has a tag (`export`, or the shard name of `dyad code`); its
//! files are named `part-TAG.RUN.N.parquet` and listed in its manifest
//! `_dyad/manifest-TAG.json`, so several writers (shards) can share one
//! folder. The manifest is the commit point: a run writes its files to
//! `_dyad/tmp-TAG/`, moves them into their partitions, then replaces the
//! manifest atomically; the writer's files that the manifest does not list
//! (left by an interrupted run, or replaced by a full run) are deleted.

use crate::export::{date32_of, event_columns, parquet_schema, write_batch};
use crate::StoreError;
use arrow_array::{ArrayRef, Date32Array, Int64Array, StringArray};
use arrow_schema::{DataType, Field, Schema};
use dyad_doc::{DocRecord, EventRecord, PartialDate, Precision};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The manifest's `format` value.
pub const LAKE_FORMAT: &str = "dyad-lake";
/// The manifest's `version` this dyad writes and reads. Version 2 added
/// the event columns `date_basis`, `reported`, `reported_precision` and
/// `reported_start`: files of one lake share one schema, so a version-1
/// lake is refused rather than appended to (write a new one).
pub const LAKE_VERSION: u32 = 2;
/// The folder of the event table.
pub const EVENTS_TABLE: &str = "events";
/// The folder of the document table.
pub const DOCUMENTS_TABLE: &str = "documents";
/// The folder of manifests and temporary files.
pub const META_DIR: &str = "_dyad";
/// The partition value of a level a date does not reach.
pub const UNKNOWN: &str = "unknown";

/// How finely to partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartitionBy {
    /// `year=YYYY/month=MM`
    Month,
    /// `year=YYYY/month=MM/day=DD`
    Day,
}

impl PartitionBy {
    pub fn as_str(self) -> &'static str {
        match self {
            PartitionBy::Month => "month",
            PartitionBy::Day => "day",
        }
    }
}

/// A document as the lake holds it: its record, the content hash that
/// identifies its input (see [`crate::content_hash`]) and its cleaned text.
#[derive(Debug, Clone, PartialEq)]
pub struct LakeDoc {
    pub record: DocRecord,
    pub content_hash: String,
    pub text: String,
}

/// One Parquet file of the lake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// `events` or `documents`.
    pub table: String,
    /// Relative to the lake folder, `/`-separated.
    pub path: String,
    /// The partition keys and values (`year`, `month`, `day`).
    pub partition: BTreeMap<String, String>,
    pub rows: u64,
    pub bytes: u64,
    /// The run that wrote it.
    pub run: u64,
}

/// One run of a writer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestRun {
    pub run: u64,
    /// UTC, RFC 3339.
    pub time: String,
    /// `full` (the files of earlier runs replaced) or `append`.
    pub mode: String,
    pub events: u64,
    pub documents: u64,
    pub files: u64,
}

/// A writer's manifest, `_dyad/manifest-TAG.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// The writer's tag (`export`, or a shard name).
    pub tag: String,
    pub partition_by: PartitionBy,
    /// The dyad version of the last run.
    pub dyad_version: String,
    /// Rows in the writer's files, per table.
    pub events: u64,
    pub documents: u64,
    pub runs: Vec<ManifestRun>,
    pub files: Vec<ManifestFile>,
    /// The state `--since-last` reads: every document in the writer's
    /// files, by name, with its content hash.
    pub exported: BTreeMap<String, String>,
}

/// What one run wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct LakeRun {
    pub run: u64,
    pub events: u64,
    pub documents: u64,
    pub files: u64,
    pub bytes: u64,
    /// Files of earlier runs (or interrupted ones) deleted.
    pub removed: u64,
}

/// A lake folder opened for one writer.
#[derive(Debug)]
pub struct Lake {
    dir: PathBuf,
    tag: String,
    partition_by: PartitionBy,
    manifest: Option<Manifest>,
}

fn bad(dir: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::BadLake {
        dir: dir.to_path_buf(),
        reason: reason.into(),
    }
}

/// A writer tag: letters, digits, `_` and `-`, at most 64.
pub fn valid_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 64
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Lake {
    /// Opens (or prepares) the lake at `dir` for the writer `tag`. A folder
    /// that exists must be empty or a lake (hold `_dyad/`); a writer's
    /// existing manifest must have the same partitioning.
    pub fn open(dir: &Path, tag: &str, partition_by: PartitionBy) -> Result<Lake, StoreError> {
        if !valid_tag(tag) {
            return Err(bad(
                dir,
                format!("writer tag {tag:?}: use letters, digits, '_' and '-' (at most 64)"),
            ));
        }
        let mut lake = Lake {
            dir: dir.to_path_buf(),
            tag: tag.to_string(),
            partition_by,
            manifest: None,
        };
        if dir.exists() {
            if !dir.is_dir() {
                return Err(bad(dir, "exists and is not a folder"));
            }
            if !dir.join(META_DIR).is_dir() && std::fs::read_dir(dir)?.next().is_some() {
                return Err(bad(
                    dir,
                    "is a folder with other files and no _dyad/ manifest folder; \
                     name an empty or new folder, or an earlier lake",
                ));
            }
            let path = lake.manifest_path();
            if path.exists() {
                let m: Manifest = serde_json::from_slice(&std::fs::read(&path)?)
                    .map_err(|e| bad(dir, format!("{}: {e}", path.display())))?;
                if m.format != LAKE_FORMAT || m.version != LAKE_VERSION {
                    return Err(bad(
                        dir,
                        format!(
                            "{}: format {} version {}, this dyad writes {LAKE_FORMAT} version {LAKE_VERSION}",
                            path.display(),
                            m.format,
                            m.version
                        ),
                    ));
                }
                if m.partition_by != partition_by {
                    return Err(bad(
                        dir,
                        format!(
                            "is partitioned by {}, not {}; use --partition-by {} or another folder",
                            m.partition_by.as_str(),
                            partition_by.as_str(),
                            m.partition_by.as_str()
                        ),
                    ));
                }
                lake.manifest = Some(m);
            }
        }
        Ok(lake)
    }

    /// `_dyad/manifest-TAG.json`.
    pub fn manifest_path(&self) -> PathBuf {
        self.dir
            .join(META_DIR)
            .join(format!("manifest-{}.json", self.tag))
    }

    /// The writer's manifest, if it has run before.
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    /// The documents already in the writer's files, with their content hashes.
    pub fn exported(&self) -> BTreeMap<String, String> {
        self.manifest
            .as_ref()
            .map(|m| m.exported.clone())
            .unwrap_or_default()
    }

    /// Writes `docs` and `events` (every event's document among `docs`) as
    /// one run: appended to the writer's earlier files, or (`append`
    /// false) replacing them. Readers of the manifest see the old run or
    /// the new one, never part of one.
    pub fn write(
        &mut self,
        docs: &[LakeDoc],
        events: &[EventRecord],
        append: bool,
    ) -> Result<LakeRun, StoreError> {
        let meta = self.dir.join(META_DIR);
        std::fs::create_dir_all(&meta)?;
        let tmp = meta.join(format!("tmp-{}", self.tag));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        // Files of this writer that its manifest does not list: an
        // interrupted run's.
        let listed: BTreeSet<String> = self
            .manifest
            .iter()
            .flat_map(|m| m.files.iter().map(|f| f.path.clone()))
            .collect();
        let mut removed = 0;
        for orphan in self.own_files()? {
            if !listed.contains(&orphan) {
                remove_file_and_empty_parents(&self.dir, &orphan)?;
                removed += 1;
            }
        }

        let run = self
            .manifest
            .as_ref()
            .and_then(|m| m.runs.last().map(|r| r.run))
            .unwrap_or(0)
            + 1;
        let hashes: HashMap<&str, &str> = docs
            .iter()
            .map(|d| (d.record.doc.as_str(), d.content_hash.as_str()))
            .collect();

        // Write every file to the temporary folder first.
        let mut written: Vec<(PathBuf, ManifestFile)> = Vec::new();
        let mut groups: BTreeMap<Vec<(&'static str, String)>, Vec<&EventRecord>> = BTreeMap::new();
        for e in events {
            let date = e.date.as_deref().and_then(|s| s.parse().ok());
            groups
                .entry(partition(date, self.partition_by))
                .or_default()
                .push(e);
        }
        for (key, group) in &groups {
            let tmp_file = tmp.join(format!("{}.parquet", written.len()));
            write_events(&tmp_file, group, &hashes)?;
            written.push((
                tmp_file,
                self.entry(EVENTS_TABLE, key, run, written.len(), group.len()),
            ));
        }
        let mut doc_groups: BTreeMap<Vec<(&'static str, String)>, Vec<&LakeDoc>> = BTreeMap::new();
        for d in docs {
            let date = d.record.published.as_deref().and_then(|s| s.parse().ok());
            doc_groups
                .entry(partition(date, self.partition_by))
                .or_default()
                .push(d);
        }
        for (key, group) in &doc_groups {
            let tmp_file = tmp.join(format!("{}.parquet", written.len()));
            write_docs(&tmp_file, group)?;
            written.push((
                tmp_file,
                self.entry(DOCUMENTS_TABLE, key, run, written.len(), group.len()),
            ));
        }
        // On disk before the renames make them visible. One fsync waits
        // for the disk, so they run on several threads at once (650 files
        // one after another took 1.6 of 2.3 s of an export).
        sync_all(written.iter().map(|(p, _)| p.as_path()).collect())?;
        let mut bytes = 0;
        for (tmp_file, entry) in &mut written {
            entry.bytes = std::fs::metadata(&*tmp_file)?.len();
            bytes += entry.bytes;
        }
        // Into their partitions; readers of the folder (not the manifest)
        // may see them from here on.
        for (tmp_file, entry) in &written {
            let dest = self.dir.join(&entry.path);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(tmp_file, &dest)?;
        }

        // The commit: the new manifest.
        let old_files: Vec<ManifestFile> = self
            .manifest
            .as_ref()
            .map(|m| m.files.clone())
            .unwrap_or_default();
        let mut manifest = match (&self.manifest, append) {
            (Some(m), true) => m.clone(),
            _ => Manifest {
                format: LAKE_FORMAT.into(),
                version: LAKE_VERSION,
                tag: self.tag.clone(),
                partition_by: self.partition_by,
                dyad_version: String::new(),
                events: 0,
                documents: 0,
                runs: self
                    .manifest
                    .as_ref()
                    .map(|m| m.runs.clone())
                    .unwrap_or_default(),
                files: Vec::new(),
                exported: BTreeMap::new(),
            },
        };
        manifest.dyad_version = env!("CARGO_PKG_VERSION").into();
        manifest
            .files
            .extend(written.iter().map(|(_, entry)| entry.clone()));
        manifest.events = table_rows(&manifest.files, EVENTS_TABLE);
        manifest.documents = table_rows(&manifest.files, DOCUMENTS_TABLE);
        for d in docs {
            manifest
                .exported
                .insert(d.record.doc.clone(), d.content_hash.clone());
        }
        let this = LakeRun {
            run,
            events: events.len() as u64,
            documents: docs.len() as u64,
            files: written.len() as u64,
            bytes,
            removed,
        };
        manifest.runs.push(ManifestRun {
            run,
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            mode: if append { "append" } else { "full" }.into(),
            events: this.events,
            documents: this.documents,
            files: this.files,
        });
        let manifest_tmp = meta.join(format!(".manifest-{}.json.tmp", self.tag));
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&manifest_tmp)?;
            serde_json::to_writer_pretty(&mut f, &manifest)?;
            f.write_all(b"\n")?;
            f.sync_all()?;
        }
        std::fs::rename(&manifest_tmp, self.manifest_path())?;

        // After the commit: the replaced runs' files go.
        let kept: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
        let mut this = this;
        for f in &old_files {
            if !kept.contains(f.path.as_str()) {
                remove_file_and_empty_parents(&self.dir, &f.path)?;
                this.removed += 1;
            }
        }
        std::fs::remove_dir_all(&tmp)?;
        self.manifest = Some(manifest);
        Ok(this)
    }

    /// A manifest entry for a new file.
    fn entry(
        &self,
        table: &str,
        key: &[(&'static str, String)],
        run: u64,
        n: usize,
        rows: usize,
    ) -> ManifestFile {
        let mut path = table.to_string();
        for (k, v) in key {
            path.push_str(&format!("/{k}={v}"));
        }
        path.push_str(&format!("/part-{}.{run:06}.{n:05}.parquet", self.tag));
        ManifestFile {
            table: table.into(),
            path,
            partition: key
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            rows: rows as u64,
            bytes: 0,
            run,
        }
    }

    /// This writer's Parquet files in the table folders (relative paths).
    fn own_files(&self) -> Result<Vec<String>, StoreError> {
        let prefix = format!("part-{}.", self.tag);
        let mut out = Vec::new();
        for table in [EVENTS_TABLE, DOCUMENTS_TABLE] {
            let mut stack = vec![PathBuf::from(table)];
            while let Some(rel) = stack.pop() {
                let abs = self.dir.join(&rel);
                if !abs.is_dir() {
                    continue;
                }
                for entry in std::fs::read_dir(&abs)? {
                    let entry = entry?;
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let child = rel.join(&name);
                    if entry.file_type()?.is_dir() {
                        stack.push(child);
                    } else if name.starts_with(&prefix) && name.ends_with(".parquet") {
                        let parts: Vec<String> = child
                            .components()
                            .map(|c| c.as_os_str().to_string_lossy().into_owned())
                            .collect();
                        out.push(parts.join("/"));
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }
}

/// Flushes the files to disk, on up to 16 threads.
fn sync_all(paths: Vec<&Path>) -> Result<(), StoreError> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = paths.len().clamp(1, 16);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> std::io::Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(p) = paths.get(i) else {
                            return Ok(());
                        };
                        std::fs::File::open(p)?.sync_all()?;
                    }
                })
            })
            .collect();
        for w in workers {
            match w.join() {
                Ok(r) => r?,
                Err(_) => {
                    return Err(StoreError::Io(std::io::Error::other(
                        "a thread flushing files failed",
                    )))
                }
            }
        }
        Ok(())
    })
}

fn table_rows(files: &[ManifestFile], table: &str) -> u64 {
    files
        .iter()
        .filter(|f| f.table == table)
        .map(|f| f.rows)
        .sum()
}

/// Deletes a file of the lake and the partition folders it leaves empty.
fn remove_file_and_empty_parents(dir: &Path, rel: &str) -> Result<(), StoreError> {
    let path = dir.join(rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let mut parent = path.parent();
    while let Some(p) = parent {
        if p == dir || !p.starts_with(dir) {
            break;
        }
        // Fails (and stops) at the first folder that is not empty.
        if std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(())
}

/// The partition of a date: `year`, `month` (and `day`) as far as its
/// precision reaches, [`UNKNOWN`] below that. A season or a year has a
/// year and no month; a decade, or no date, has no year.
pub fn partition(date: Option<PartialDate>, by: PartitionBy) -> Vec<(&'static str, String)> {
    let unknown = || UNKNOWN.to_string();
    let (year, month, day) = match date {
        None => (unknown(), unknown(), unknown()),
        Some(d) => {
            let year = match d.precision {
                Precision::Decade => unknown(),
                _ => format!("{:04}", d.year),
            };
            let month = match d.precision {
                Precision::Day | Precision::Month => format!("{:02}", d.month),
                _ => unknown(),
            };
            let day = match d.precision {
                Precision::Day => format!("{:02}", d.day),
                _ => unknown(),
            };
            (year, month, day)
        }
    };
    let mut key = vec![("year", year), ("month", month)];
    if by == PartitionBy::Day {
        key.push(("day", day));
    }
    key
}

/// Hex digits of the content hash in `doc_hash` (96 bits: no collision to
/// expect among billions of documents, at a third of the full hash's
/// size in every event row).
pub const DOC_HASH_DIGITS: usize = 24;

/// The lake's document id: the first [`DOC_HASH_DIGITS`] hex digits of
/// its content hash.
pub fn doc_hash(content_hash: &str) -> String {
    content_hash.chars().take(DOC_HASH_DIGITS).collect()
}

/// The lake's event id: the document's [`doc_hash`] and the event's
/// number in it (`<doc_hash>-<nn>`), the same for the same input whether
/// coded by `dyad code` or stored and exported.
pub fn event_uid(content_hash: &str, id: &str) -> String {
    let nn = id.rsplit('-').next().unwrap_or(id);
    format!("{}-{nn}", doc_hash(content_hash))
}

/// The Arrow schema of the lake's event table: `event_uid` and
/// `doc_hash`, then the columns of [`parquet_schema`].
pub fn lake_event_schema() -> Schema {
    let mut fields = vec![
        Arc::new(Field::new("event_uid", DataType::Utf8, false)),
        Arc::new(Field::new("doc_hash", DataType::Utf8, false)),
    ];
    fields.extend(parquet_schema().fields().iter().cloned());
    Schema::new(fields)
}

/// The Arrow schema of the lake's document table.
pub fn lake_doc_schema() -> Schema {
    let s = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    Schema::new(vec![
        s("doc_hash", false),
        s("content_hash", false),
        s("doc", false),
        s("title", true),
        s("author", true),
        s("published", true),
        s("published_precision", true),
        Field::new("published_date", DataType::Date32, true),
        s("published_basis", false),
        s("site_name", true),
        s("url", true),
        s("format", false),
        s("path", true),
        Field::new("sentences", DataType::Int64, false),
        Field::new("events", DataType::Int64, false),
        s("text", false),
    ])
}

fn write_events(
    path: &Path,
    events: &[&EventRecord],
    hashes: &HashMap<&str, &str>,
) -> Result<(), StoreError> {
    let owned: Vec<EventRecord> = events.iter().map(|e| (*e).clone()).collect();
    let mut uids = Vec::with_capacity(owned.len());
    let mut doc_hashes = Vec::with_capacity(owned.len());
    for e in &owned {
        let Some(hash) = hashes.get(e.doc.as_str()) else {
            return Err(StoreError::Corrupt(format!(
                "event {} names document {}, which is not exported with it",
                e.id, e.doc
            )));
        };
        uids.push(event_uid(hash, &e.id));
        doc_hashes.push(doc_hash(hash));
    }
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(uids)),
        Arc::new(StringArray::from_iter_values(doc_hashes)),
    ];
    columns.extend(event_columns(&owned)?);
    write_batch(path, Arc::new(lake_event_schema()), columns, true)
}

fn write_docs(path: &Path, docs: &[&LakeDoc]) -> Result<(), StoreError> {
    let text = |f: &dyn Fn(&LakeDoc) -> String| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(docs.iter().map(|d| f(d))))
    };
    let opt = |f: &dyn Fn(&DocRecord) -> Option<String>| -> ArrayRef {
        Arc::new(docs.iter().map(|d| f(&d.record)).collect::<StringArray>())
    };
    let count = |f: &dyn Fn(&DocRecord) -> usize| -> ArrayRef {
        Arc::new(Int64Array::from_iter_values(
            docs.iter()
                .map(|d| i64::try_from(f(&d.record)).unwrap_or(i64::MAX)),
        ))
    };
    let columns: Vec<ArrayRef> = vec![
        text(&|d| doc_hash(&d.content_hash)),
        text(&|d| d.content_hash.clone()),
        text(&|d| d.record.doc.clone()),
        opt(&|r| r.title.clone()),
        opt(&|r| r.author.clone()),
        opt(&|r| r.published.clone()),
        opt(&|r| r.published_precision.clone()),
        Arc::new(
            docs.iter()
                .map(|d| {
                    d.record
                        .published
                        .as_deref()
                        .and_then(|s| s.parse::<PartialDate>().ok())
                        .and_then(|p| date32_of(&p))
                })
                .collect::<Date32Array>(),
        ),
        text(&|d| d.record.published_basis.clone()),
        opt(&|r| r.site_name.clone()),
        opt(&|r| r.url.clone()),
        text(&|d| d.record.format.clone()),
        opt(&|r| r.path.clone()),
        count(&|r| r.sentences),
        count(&|r| r.events),
        text(&|d| d.text.clone()),
    ];
    write_batch(path, Arc::new(lake_doc_schema()), columns, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<PartialDate> {
        s.parse().ok()
    }

    #[test]
    fn partitions_go_as_far_as_the_precision() {
        let p = |s: &str| {
            partition(date(s), PartitionBy::Day)
                .into_iter()
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
                .join("/")
        };
        assert_eq!(p("2024-06-19"), "2024/06/19");
        assert_eq!(p("2024-06"), "2024/06/unknown");
        assert_eq!(p("2024"), "2024/unknown/unknown");
        assert_eq!(p(""), "unknown/unknown/unknown");
        assert_eq!(partition(date("2024-06-19"), PartitionBy::Month).len(), 2);
    }

    #[test]
    fn event_uids_take_the_hash_and_the_number() {
        assert_eq!(
            event_uid("0123456789abcdef0123456789", "a-b-07"),
            "0123456789abcdef01234567-07"
        );
    }

    #[test]
    fn tags_are_plain() {
        assert!(valid_tag("shard-03_b"));
        for t in ["", "a.b", "a/b", "..", &"x".repeat(65)] {
            assert!(!valid_tag(t), "{t}");
        }
    }
}
