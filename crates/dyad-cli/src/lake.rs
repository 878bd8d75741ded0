//! Partitioned Parquet: `dyad export --partition-by` (from the store,
//! `--since-last` appending only what is new) and `dyad code` (straight
//! from the inputs to the same layout, no store, one shard of an archive).
//! The layout and the manifest are `dyad_store::Lake`'s.

use crate::ingest::{named_inputs, process, read_limited, Input};
use anyhow::{Context, Result};
use dyad_doc::{EventRecord, PartialDate};
use dyad_pipeline::Pipeline;
use dyad_store::{EventFilter, Lake, LakeDoc, LakeRun, PartitionBy};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The writer tag of `dyad export`.
pub const EXPORT_TAG: &str = "export";

/// `dyad export --format parquet --partition-by … --out DIR [--since-last]`.
pub fn export(db: &Path, out: &Path, by: PartitionBy, since_last: bool) -> Result<()> {
    if out.as_os_str() == "-" {
        anyhow::bail!("--out -: a partitioned export is a folder; name one");
    }
    refuse_store_inside(db, out)?;
    let started = Instant::now();
    let store = crate::query::open(db)?;
    let mut lake = Lake::open(out, EXPORT_TAG, by)?;
    // Every read below sees one snapshot of the store, so an ingest
    // running meanwhile cannot give events whose document is missing.
    store
        .connection()
        .execute_batch("BEGIN")
        .context("reading the store")?;
    let stored = store.doc_hashes().context("reading the stored documents")?;
    let exported = lake.exported();
    let append = since_last && lake.manifest().is_some();
    // Documents replaced (same name, other content) or gone since the
    // last run: their old rows are in files already written, so the lake
    // is rewritten in full rather than holding both versions.
    let changed = exported
        .iter()
        .filter(|(name, hash)| stored.get(*name) != Some(*hash))
        .count();
    let (docs, events, append) = if append && changed == 0 {
        let new: BTreeSet<String> = stored
            .keys()
            .filter(|name| !exported.contains_key(*name))
            .cloned()
            .collect();
        let docs = store.lake_docs(Some(&new))?;
        let events = store.events_of_docs(&new)?;
        (docs, events, true)
    } else {
        if append {
            println!(
                "{changed} documents were replaced or removed in the store since the last run: \
                 writing the lake in full"
            );
        }
        let docs = store.lake_docs(None)?;
        let events = store.events(&EventFilter::default())?;
        (docs, events, false)
    };
    store
        .connection()
        .execute_batch("COMMIT")
        .context("reading the store")?;
    let run = lake
        .write(&docs, &events, append)
        .with_context(|| format!("cannot write the lake {}", out.display()))?;
    report(&run, append, out, started);
    Ok(())
}

fn report(run: &LakeRun, append: bool, out: &Path, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} events and {} documents {} {} in {} files ({} bytes, run {}, {:.2} s){}",
        run.events,
        run.documents,
        if append { "appended to" } else { "written to" },
        out.display(),
        run.files,
        run.bytes,
        run.run,
        secs,
        if run.removed > 0 {
            format!("; {} files of earlier runs removed", run.removed)
        } else {
            String::new()
        }
    );
}

/// Refuses a lake folder that is the store, one of its files, or holds it.
fn refuse_store_inside(db: &Path, out: &Path) -> Result<()> {
    crate::query::refuse_store_path(db, out)?;
    if let (Ok(db_c), Ok(out_c)) = (std::fs::canonicalize(db), std::fs::canonicalize(out)) {
        if db_c.starts_with(&out_c) {
            anyhow::bail!(
                "--out {}: the database {} is inside that folder; choose another folder",
                out.display(),
                db.display()
            );
        }
    }
    Ok(())
}

/// Options of `dyad code`.
pub struct CodeOptions {
    pub published: Option<PartialDate>,
    pub jobs: Option<usize>,
    pub stdin_name: String,
    pub partition_by: PartitionBy,
    pub shard: String,
}

/// One coded input as the lake takes it.
type Flat = std::result::Result<(LakeDoc, Vec<EventRecord>), String>;

/// `dyad code INPUTS… --out DIR`: read and code the inputs on worker
/// threads and write their events and documents to the lake at `out`
/// (replacing this shard's earlier files), without a store.
pub fn code(
    make: impl FnOnce() -> Pipeline + Send,
    paths: &[PathBuf],
    out: &Path,
    opts: &CodeOptions,
) -> Result<ExitCode> {
    let started = Instant::now();
    if out.as_os_str() == "-" {
        anyhow::bail!("--out -: dyad code writes a folder; name one");
    }
    // Opened first: a bad folder is reported before any coding.
    let mut lake = Lake::open(out, &opts.shard, opts.partition_by)?;
    let pipeline = make();
    let mut inputs = Vec::new();
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let buf = read_limited(std::io::stdin(), pipeline.read_options.max_bytes)
            .context("cannot read standard input")?;
        inputs.push(Input::Stdin(buf));
    }
    let file_paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    for p in &file_paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    let (named, passed_over) = named_inputs(&file_paths)?;
    inputs.extend(named.into_iter().map(|(p, name)| Input::File(p, name)));
    let mut skipped: Vec<String> = Vec::new();
    for (path, why) in &passed_over.skipped {
        eprintln!("skipped {}: {why}", path.display());
        skipped.push(path.display().to_string());
    }

    let jobs = opts
        .jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .clamp(1, 64)
        .min(inputs.len().max(1));
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<(String, Flat)>>> =
        Mutex::new((0..inputs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let (label, coded) = process(&pipeline, input, &opts.stdin_name, opts.published);
                let flat = coded.map(|(doc, hash)| {
                    (
                        LakeDoc {
                            record: doc.doc_record(),
                            content_hash: hash,
                            text: doc.text.clone(),
                        },
                        doc.event_records(),
                    )
                });
                if let Ok(mut slots) = slots.lock() {
                    if let Some(slot) = slots.get_mut(i) {
                        *slot = Some((label, flat));
                    }
                }
            });
        }
    });
    let slots = slots
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a coding thread failed"))?;
    // As in the store, a name is one document: a later input of the same
    // name replaces an earlier one.
    let mut by_name: BTreeMap<String, (LakeDoc, Vec<EventRecord>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (label, flat) in slots.into_iter().flatten() {
        match flat {
            Ok((doc, events)) => {
                let name = doc.record.doc.clone();
                if by_name.insert(name.clone(), (doc, events)).is_none() {
                    order.push(name);
                }
            }
            Err(why) => {
                eprintln!("skipped {why}");
                skipped.push(label);
            }
        }
    }
    let mut docs = Vec::with_capacity(order.len());
    let mut events = Vec::new();
    for name in order {
        if let Some((doc, evs)) = by_name.remove(&name) {
            docs.push(doc);
            events.extend(evs);
        }
    }
    let run = lake
        .write(&docs, &events, false)
        .with_context(|| format!("cannot write the lake {}", out.display()))?;
    report(&run, false, out, started);
    if skipped.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{} inputs skipped", skipped.len());
        Ok(ExitCode::from(1))
    }
}
