//! `dyad ingest` and `dyad demo`: read → code on worker threads, one
//! committer stores documents in input order (so the store is the same
//! whatever the number of workers), in batches, with each document still
//! stored whole or not at all ([`dyad_store::ingest_stream`]).

use crate::doc_name;
use anyhow::{Context, Result};
use dyad_doc::PartialDate;
use dyad_pipeline::Pipeline;
use dyad_store::{content_hash, Coded, IngestOutcome, Store, Stored};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// Files in the folders left out by their extension (images, Markdown).
    pub other_kinds: usize,
    /// The names of the documents stored new or replaced, in input order.
    pub stored_names: Vec<String>,
}

impl Summary {
    /// Counts one input, in input order, and reports it when skipped.
    fn count(&mut self, label: String, stored: Stored<'_>, bar: &ProgressBar) {
        bar.inc(1);
        match stored {
            Stored::Done(IngestOutcome::Unchanged, _) => self.unchanged += 1,
            Stored::Done(outcome, doc) => {
                if outcome == IngestOutcome::Replaced {
                    self.replaced += 1;
                } else {
                    self.inserted += 1;
                }
                self.sentences += doc.sentences.len();
                self.events += doc.events.len();
            }
            Stored::NotCoded(reason) => {
                bar.suspend(|| eprintln!("skipped {reason}"));
                self.skipped.push((label, reason));
            }
            Stored::NotStored(e) => {
                let reason = format!("{label}: not stored: {e}");
                bar.suspend(|| eprintln!("skipped {reason}"));
                self.skipped.push((label, reason));
            }
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        if self.skipped.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }

    pub(crate) fn line(&self) -> String {
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
        if self.other_kinds > 0 {
            s.push_str(&format!(
                "; {} files of other kinds (not .txt or .html) passed over",
                self.other_kinds
            ));
        }
        s
    }
}

/// One input to read: a file, or stdin's bytes.
pub(crate) enum Input {
    /// A file and the document name it is stored under.
    File(PathBuf, String),
    Stdin(Vec<u8>),
    /// A fetched page: its bytes, stored under `name` with its `url`.
    Fetched {
        name: String,
        url: String,
        bytes: Vec<u8>,
        /// The date its feed entry gives, used when the page states none.
        feed_published: Option<PartialDate>,
    },
}

/// The document names of the files found under the given paths.
///
/// A file named on the command line is its file name without the extension
/// (as always). A file found in a folder is its path below that folder,
/// without the extension (`a/report`, `b/report`), so that files of the
/// same name in different folders stay different documents. Where two
/// inputs of one run would still share a name (`a/report.txt` and
/// `a/report.html`), both keep their extension.
pub(crate) fn named_inputs(
    paths: &[PathBuf],
) -> Result<(Vec<(PathBuf, String)>, dyad_pipeline::Walk)> {
    let mut out: Vec<(PathBuf, String, String)> = Vec::new();
    let mut passed_over = dyad_pipeline::Walk::default();
    for root in paths {
        let walk = dyad_pipeline::walk_inputs(std::slice::from_ref(root))?;
        passed_over.skipped.extend(walk.skipped);
        passed_over.other_kinds.extend(walk.other_kinds);
        let is_dir = root.is_dir();
        for f in walk.files {
            let rel = if is_dir {
                f.strip_prefix(root).ok()
            } else {
                None
            };
            let (name, full) = match rel {
                Some(rel) => {
                    let full: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    let full = full.join("/");
                    let stem = match rel.extension() {
                        Some(ext) => full
                            .strip_suffix(&format!(".{}", ext.to_string_lossy()))
                            .unwrap_or(&full)
                            .to_string(),
                        None => full.clone(),
                    };
                    (stem, full)
                }
                None => {
                    let full = f
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| doc_name(&f));
                    (doc_name(&f), full)
                }
            };
            out.push((f, name, full));
        }
    }
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, name, _) in &out {
        *count.entry(name.as_str()).or_default() += 1;
    }
    let clashing: std::collections::HashSet<String> = count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name.to_string())
        .collect();
    let named = out
        .into_iter()
        .map(|(f, name, full)| {
            if clashing.contains(&name) {
                (f, full)
            } else {
                (f, name)
            }
        })
        .collect();
    Ok((named, passed_over))
}

/// Reads at most `limit + 1` bytes: enough to tell a too-large input from
/// one that fits without reading an endless stream (`/dev/zero`, a pipe)
/// into memory.
pub(crate) fn read_limited(r: impl Read, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(limit as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Ingests the inputs into the store at `db` with the pipeline `make`
/// builds from the (loaded) lexicon.
pub fn ingest(
    make: impl FnOnce() -> Pipeline + Send,
    db: &Path,
    paths: &[PathBuf],
    opts: &IngestOptions,
) -> Result<Summary> {
    // Building the pipeline (compiling its automata) and opening the store
    // (a new one: creating its schema) take turns on the critical path
    // before any document is read: run them at once.
    // An in-memory database would take the documents and keep nothing.
    if db.as_os_str() == ":memory:" || db.as_os_str().is_empty() {
        anyhow::bail!(
            "--db {:?}: not a database file; give the path of a file to store into",
            db.display().to_string()
        );
    }
    let (pipeline, store) = std::thread::scope(|s| {
        let building = s.spawn(make);
        let store = Store::open(db);
        let pipeline = building
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (pipeline, store)
    });
    let pipeline = &pipeline;
    let mut store = store.with_context(|| format!("cannot open the database {}", db.display()))?;
    let mut inputs = Vec::new();
    let file_paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let buf = read_limited(std::io::stdin(), pipeline.read_options.max_bytes)
            .context("cannot read standard input")?;
        inputs.push(Input::Stdin(buf));
    }
    for p in &file_paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    let (named, passed_over) = named_inputs(&file_paths)?;
    inputs.extend(named.into_iter().map(|(p, name)| Input::File(p, name)));
    ingest_inputs(pipeline, &mut store, inputs, passed_over, opts)
}

/// Stores what was read or fetched: the part of `ingest` after the inputs
/// are known (`dyad fetch` and `dyad watch` come in here with pages).
pub(crate) fn ingest_inputs(
    pipeline: &Pipeline,
    store: &mut Store,
    inputs: Vec<Input>,
    passed_over: dyad_pipeline::Walk,
    opts: &IngestOptions,
) -> Result<Summary> {
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
    // The log's copy into the database file overlaps the whole run
    // (dyad_store::checkpoint); without it, ingest is as safe, only slower.
    let checkpointer = store.checkpoint_in_background().unwrap_or(None);
    let mut summary = Summary::default();
    for (path, why) in passed_over.skipped {
        let reason = format!("{}: {why}", path.display());
        if !opts.quiet {
            eprintln!("skipped {reason}");
        }
        summary.skipped.push((path.display().to_string(), reason));
    }
    summary.other_kinds = passed_over.other_kinds.len();
    let stdin_name = opts.stdin_name.as_str();
    let published = opts.published;
    dyad_store::ingest_stream(
        store,
        inputs.len(),
        jobs,
        |i| process(pipeline, &inputs[i], stdin_name, published),
        |label, stored| {
            if let Stored::Done(outcome, doc) = &stored {
                if *outcome != IngestOutcome::Unchanged {
                    summary.stored_names.push(doc.name.clone());
                }
            }
            summary.count(label, stored, &bar)
        },
    );
    bar.finish_and_clear();
    // A bulk load asks for a full recluster: its reading and clustering
    // start now, on their own thread, and overlap the index build. If it
    // cannot start, the recluster below does the same work itself (and
    // reports any error that persists).
    let prefetch = if bulk {
        store.start_full_recluster().unwrap_or(None)
    } else {
        None
    };
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
        Some(
            store
                .recluster_with(prefetch)
                .context("clustering the stored events")?,
        )
    };
    drop(checkpointer);
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
pub(crate) fn process(
    pipeline: &Pipeline,
    input: &Input,
    stdin_name: &str,
    published: Option<PartialDate>,
) -> (String, Coded) {
    let max = pipeline.read_options.max_bytes;
    let (name, path, bytes) = match input {
        // Read up to one byte past the limit (`read_limited`).
        Input::Stdin(b) if b.len() > max => {
            let why = format!("{stdin_name}: too large (more than {max} bytes, the limit)");
            return (stdin_name.to_string(), Err(why));
        }
        Input::Stdin(b) => (
            stdin_name.to_string(),
            None,
            std::borrow::Cow::Borrowed(b.as_slice()),
        ),
        Input::Fetched {
            name,
            url,
            bytes,
            feed_published,
        } => {
            if bytes.len() > max {
                let why = format!("{url}: too large (more than {max} bytes, the limit)");
                return (url.clone(), Err(why));
            }
            let mut hashed = bytes.clone();
            if let Some(p) = published {
                hashed.extend_from_slice(format!("\0published={p}").as_bytes());
            }
            let hash = content_hash(&hashed);
            let read = dyad_read::read_document(
                name,
                None,
                bytes,
                &pipeline.lexicon().text,
                &pipeline.read_options,
            );
            return match read {
                Ok(mut doc) => {
                    // The URL it was fetched from (after redirects); a
                    // canonical URL the page states is no more reliable.
                    doc.meta.url = Some(url.clone());
                    match (published, feed_published) {
                        (Some(p), _) => {
                            doc.meta.published = Some(p);
                            doc.meta.published_basis = dyad_doc::PublishedBasis::Override;
                        }
                        (None, Some(p)) if doc.meta.published.is_none() => {
                            doc.meta.published = Some(*p);
                            doc.meta.published_basis = dyad_doc::PublishedBasis::Metadata;
                        }
                        _ => {}
                    }
                    pipeline.annotate_doc(&mut doc);
                    (url.clone(), Ok((doc, hash)))
                }
                Err(e) => (url.clone(), Err(format!("{url}: {e}"))),
            };
        }
        Input::File(p, doc) => {
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
            match std::fs::File::open(p).and_then(|f| read_limited(f, max)) {
                Ok(b) if b.len() > max => {
                    let why = format!("{label}: too large (more than {max} bytes, the limit)");
                    return (label, Err(why));
                }
                Ok(b) => (doc.clone(), Some(p.as_path()), std::borrow::Cow::Owned(b)),
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

/// The project's sample corpus (`examples/corpus`), built into the binary.
#[derive(rust_embed::Embed)]
#[folder = "../../examples/corpus/"]
struct SampleCorpus;

/// `dyad demo`: ingest the sample corpus (the built-in one, or `corpus`),
/// then print its timeline.
pub fn demo(db: &Path, corpus: Option<&Path>) -> Result<ExitCode> {
    // The built-in corpus is written to a temporary folder and read from
    // there like any folder: the same names and verdicts as `dyad ingest`.
    let mut unpacked: Option<TempFolder> = None;
    let (folder, shown) = match corpus {
        Some(c) => {
            if !c.is_dir() {
                anyhow::bail!("{}: no such corpus folder", c.display());
            }
            (c.to_path_buf(), c.display().to_string())
        }
        None => {
            let tmp = TempFolder::new("dyad-demo-corpus")?;
            // The folder's README describes the corpus; it is no article.
            for name in SampleCorpus::iter().filter(|n| !n.ends_with(".md")) {
                if let Some(file) = SampleCorpus::get(&name) {
                    let path = tmp.0.join(name.as_ref());
                    std::fs::write(&path, file.data.as_ref())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
            let folder = tmp.0.clone();
            unpacked = Some(tmp);
            (folder, "the built-in sample corpus".to_string())
        }
    };
    let lexicon = dyad_lexicon::Lexicon::builtin()?;
    println!("Ingesting {shown} into {} ...", db.display());
    let opts = IngestOptions {
        published: None,
        jobs: None,
        stdin_name: "stdin".into(),
        quiet: false,
    };
    let summary = ingest(|| Pipeline::new(lexicon), db, &[folder], &opts)?;
    drop(unpacked);
    println!();
    crate::query::print_demo_timeline(db)?;
    Ok(summary.exit_code())
}

/// A temporary folder removed when dropped.
struct TempFolder(PathBuf);

impl TempFolder {
    fn new(tag: &str) -> Result<TempFolder> {
        let dir = std::env::temp_dir().join(format!("{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(TempFolder(dir))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
