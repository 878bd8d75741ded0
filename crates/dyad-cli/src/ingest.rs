//! `dyad ingest` and `dyad demo`: read → code on worker threads, one writer
//! stores documents in input order (so the store is the same whatever the
//! number of workers), each document in its own transaction.

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
        // The writer: stores in input order.
        let mut pending: BTreeMap<usize, (String, Outcome)> = BTreeMap::new();
        let mut want = 0;
        for (i, label, outcome) in rx {
            pending.insert(i, (label, outcome));
            while let Some((label, outcome)) = pending.remove(&want) {
                want += 1;
                bar.inc(1);
                match outcome {
                    Err(reason) => {
                        bar.suspend(|| eprintln!("skipped {reason}"));
                        summary.skipped.push((label, reason));
                    }
                    Ok((doc, hash)) => match store.ingest(&doc, &hash) {
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
                    },
                }
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
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
