//! `dyad ingest` and `dyad demo`: read → code on worker threads, one writer
//! stores documents in input order (so the store is the same whatever the
//! number of workers), in batches: one transaction per [`BATCH_DOCS`]
//! documents or [`BATCH_TIME`], whichever comes first, with each document
//! still stored whole or not at all ([`Store::ingest_batch`]).

use crate::doc_name;
use anyhow::{Context, Result};
use dyad_doc::{Doc, PartialDate};
use dyad_pipeline::Pipeline;
use dyad_store::{content_hash, IngestOutcome, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Documents per write transaction. A commit per document rewrote every
/// touched page into the WAL and took most of the ingest time; beyond a
/// few hundred documents a batch gains little and holds more in memory.
pub const BATCH_DOCS: usize = 200;
/// The longest a coded document waits for its batch to commit, so a slow
/// trickle of inputs is still stored (and visible to readers) promptly.
pub const BATCH_TIME: Duration = Duration::from_millis(250);
/// Text bytes per batch, so that a run of long documents does not hold
/// hundreds of fully annotated documents in memory.
pub const BATCH_BYTES: usize = 4 << 20;

pub struct IngestOptions {
    pub published: Option<PartialDate>,
    pub jobs: Option<usize>,
    pub stdin_name: String,
    pub quiet: bool,
}

/// What an ingest run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub inserted: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub sentences: usize,
    pub events: usize,
    pub skipped: Vec<(String, String)>,
}

impl Summary {
    pub fn exit_code(&self) -> ExitCode {
        if self.skipped.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }

    fn line(&self) -> String {
        let docs = self.inserted + self.replaced + self.unchanged;
        let mut s = format!(
            "{docs} documents: {} new, {} replaced, {} unchanged; {} sentences and {} events stored",
            self.inserted, self.replaced, self.unchanged, self.sentences, self.events
        );
        if self.skipped.is_empty() {
            s.push_str("; none skipped");
        } else {
            s.push_str(&format!("; {} skipped", self.skipped.len()));
        }
        s
    }
}

/// One input to read: a file, or stdin's bytes.
enum Input {
    File(PathBuf),
    Stdin(Vec<u8>),
}

type Outcome = std::result::Result<(Doc, String), String>;

/// Ingests the inputs into the store at `db`.
pub fn ingest(
    pipeline: &Pipeline,
    db: &Path,
    paths: &[PathBuf],
    opts: &IngestOptions,
) -> Result<Summary> {
    let mut store =
        Store::open(db).with_context(|| format!("cannot open the database {}", db.display()))?;
    let mut inputs = Vec::new();
    let file_paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        inputs.push(Input::Stdin(buf));
    }
    for p in &file_paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    inputs.extend(
        dyad_pipeline::collect_inputs(&file_paths)?
            .into_iter()
            .map(Input::File),
    );

    let bar = if std::io::stderr().is_terminal() && !opts.quiet && inputs.len() > 1 {
        let b = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed} {msg}")
        {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };

    let jobs = opts
        .jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .clamp(1, 64)
        .min(inputs.len().max(1));
    // A load larger than the store builds the event indexes once at its
    // end rather than row by row (`Store::begin_bulk_load`).
    let bulk = store
        .bulk_load_pays(inputs.len())
        .context("counting the stored documents")?;
    if bulk {
        store
            .begin_bulk_load()
            .context("preparing the store for a bulk load")?;
    }
    let next = AtomicUsize::new(0);
    let mut summary = Summary::default();
    let stdin_name = opts.stdin_name.as_str();
    let published = opts.published;
    std::thread::scope(|scope| -> Result<()> {
        // Bounded so that fast readers cannot run far ahead of the writer.
        let (tx, rx) = mpsc::sync_channel::<(usize, String, Outcome)>(jobs * 2);
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, inputs) = (&next, &inputs);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(input) = inputs.get(i) else { break };
                let (label, result) = process(pipeline, input, stdin_name, published);
                if tx.send((i, label, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // The writer: stores in input order, in batches.
        let mut pending: BTreeMap<usize, (String, Outcome)> = BTreeMap::new();
        let mut want = 0;
        let mut batch = Batch::default();
        loop {
            let timeout = batch
                .started
                .map_or(BATCH_TIME, |t| BATCH_TIME.saturating_sub(t.elapsed()));
            match rx.recv_timeout(timeout) {
                Ok((i, label, outcome)) => {
                    pending.insert(i, (label, outcome));
                    while let Some((label, outcome)) = pending.remove(&want) {
                        want += 1;
                        batch.push(label, outcome);
                        if batch.full() {
                            batch.flush(&mut store, &mut summary, &bar);
                        }
                    }
                    if batch.due() {
                        batch.flush(&mut store, &mut summary, &bar);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    batch.flush(&mut store, &mut summary, &bar);
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        batch.flush(&mut store, &mut summary, &bar);
        Ok(())
    })?;
    bar.finish_and_clear();
    if bulk {
        store
            .end_bulk_load()
            .context("building the event indexes")?;
    }
    // Clustering is a function of every stored mention: recompute it once
    // per run, when something changed (or the clusters are missing).
    let recluster = if store.cluster_state()?.current {
        None
    } else {
        Some(store.recluster().context("clustering the stored events")?)
    };
    if !opts.quiet {
        println!("{}", summary.line());
        if let Some(c) = recluster {
            println!(
                "{} event clusters from {} mentions ({} corroborated by 2+ documents, {} contradicted)",
                c.clusters, c.mentions, c.corroborated, c.contradicted
            );
        }
        if summary.unchanged > 0
            && summary.inserted + summary.replaced == 0
            && summary.skipped.is_empty()
        {
            println!("nothing new: every document is unchanged since it was stored");
        }
    }
    Ok(summary)
}

/// Coded documents (and read failures, to report in input order) waiting
/// for the next commit.
#[derive(Default)]
struct Batch {
    items: Vec<(String, Outcome)>,
    docs: usize,
    bytes: usize,
    started: Option<Instant>,
}

impl Batch {
    fn push(&mut self, label: String, outcome: Outcome) {
        if let Ok((doc, _)) = &outcome {
            self.docs += 1;
            self.bytes += doc.text.len();
        }
        self.started.get_or_insert_with(Instant::now);
        self.items.push((label, outcome));
    }

    fn full(&self) -> bool {
        self.docs >= BATCH_DOCS || self.bytes >= BATCH_BYTES
    }

    fn due(&self) -> bool {
        self.started.is_some_and(|t| t.elapsed() >= BATCH_TIME)
    }

    /// Stores the batch in one transaction and counts and reports every
    /// item in input order, exactly as storing them one by one would.
    fn flush(&mut self, store: &mut Store, summary: &mut Summary, bar: &ProgressBar) {
        let items = std::mem::take(&mut self.items);
        *self = Batch::default();
        if items.is_empty() {
            return;
        }
        let docs: Vec<(&Doc, &str)> = items
            .iter()
            .filter_map(|(_, o)| o.as_ref().ok().map(|(d, h)| (d, h.as_str())))
            .collect();
        // On a failure of the transaction itself nothing of the batch is
        // stored: every document of it is reported with that reason.
        let stored = store.ingest_batch(&docs).map_err(|e| e.to_string());
        let mut results = stored.as_ref().ok().map(|v| v.iter());
        for (label, outcome) in items {
            bar.inc(1);
            let doc = match outcome {
                Err(reason) => {
                    bar.suspend(|| eprintln!("skipped {reason}"));
                    summary.skipped.push((label, reason));
                    continue;
                }
                Ok((doc, _)) => doc,
            };
            let result = match (&stored, results.as_mut().and_then(|r| r.next())) {
                (Ok(_), Some(Ok(o))) => Ok(*o),
                (Ok(_), Some(Err(e))) => Err(e.to_string()),
                (Err(e), _) => Err(e.clone()),
                (Ok(_), None) => Err("the store returned no outcome".to_string()),
            };
            match result {
                Ok(IngestOutcome::Unchanged) => summary.unchanged += 1,
                Ok(o) => {
                    if o == IngestOutcome::Replaced {
                        summary.replaced += 1;
                    } else {
                        summary.inserted += 1;
                    }
                    summary.sentences += doc.sentences.len();
                    summary.events += doc.events.len();
                }
                Err(e) => {
                    let reason = format!("{label}: not stored: {e}");
                    bar.suspend(|| eprintln!("skipped {reason}"));
                    summary.skipped.push((label, reason));
                }
            }
        }
    }
}

/// Reads and codes one input on a worker thread.
fn process(
    pipeline: &Pipeline,
    input: &Input,
    stdin_name: &str,
    published: Option<PartialDate>,
) -> (String, Outcome) {
    let (name, path, bytes) = match input {
        Input::Stdin(b) => (
            stdin_name.to_string(),
            None,
            std::borrow::Cow::Borrowed(b.as_slice()),
        ),
        Input::File(p) => {
            let label = p.display().to_string();
            match std::fs::metadata(p) {
                Ok(m) if m.len() as usize > pipeline.read_options.max_bytes => {
                    let why = format!(
                        "{label}: too large ({} bytes, the limit is {})",
                        m.len(),
                        pipeline.read_options.max_bytes
                    );
                    return (label, Err(why));
                }
                Err(e) => return (label.clone(), Err(format!("{label}: {e}"))),
                _ => {}
            }
            match std::fs::read(p) {
                Ok(b) => (doc_name(p), Some(p.as_path()), std::borrow::Cow::Owned(b)),
                Err(e) => return (label.clone(), Err(format!("{label}: {e}"))),
            }
        }
    };
    let label = path
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| name.clone());
    // The hash covers the bytes and the publication override, so re-ingest
    // with another --published recodes the document.
    let mut hashed = bytes.to_vec();
    if let Some(p) = published {
        hashed.extend_from_slice(format!("\0published={p}").as_bytes());
    }
    let hash = content_hash(&hashed);
    match pipeline.annotate_bytes(&name, path, &bytes, published) {
        Ok(doc) => (label, Ok((doc, hash))),
        Err(e) => (label, Err(e.to_string())),
    }
}

/// `dyad demo`: ingest the sample corpus, then print its timeline.
pub fn demo(db: &Path, corpus: &Path) -> Result<ExitCode> {
    if !corpus.is_dir() {
        anyhow::bail!(
            "{}: the sample corpus folder is missing (run from the repository root)",
            corpus.display()
        );
    }
    let pipeline = Pipeline::new(dyad_lexicon::Lexicon::builtin()?);
    println!(
        "Ingesting the sample corpus {} into {} ...",
        corpus.display(),
        db.display()
    );
    let opts = IngestOptions {
        published: None,
        jobs: None,
        stdin_name: "stdin".into(),
        quiet: false,
    };
    let summary = ingest(&pipeline, db, &[corpus.to_path_buf()], &opts)?;
    println!();
    crate::query::print_demo_timeline(db)?;
    Ok(summary.exit_code())
}
