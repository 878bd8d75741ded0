//! Ingest benchmarks over generated articles.
//!
//! [`ingest_generated`] runs what `dyad ingest` runs
//! ([`dyad_store::ingest_stream`]: coding on worker threads, one committer
//! storing in input order, in batches), with generated articles as inputs.
//!
//! [`time_stages`] runs the stages one after another on one thread and
//! times each on its own.

use crate::corpus::Corpus;
use dyad_code::Coder;
use dyad_lexicon::Lexicon;
use dyad_pipeline::Pipeline;
use dyad_read::ReadOptions;
use dyad_recognise::Recogniser;
use dyad_segment::Segmenter;
use dyad_store::stream::{BATCH_BYTES, BATCH_DOCS};
use dyad_store::{
    content_hash, ingest_stream, ClusterPrefetch, IngestOutcome, Store, StoreError, Stored,
};
use std::ops::Range;
use std::time::{Duration, Instant};

/// What an end-to-end ingest run did and how long it took.
#[derive(Debug, Clone, Default)]
pub struct IngestReport {
    pub jobs: usize,
    pub docs: usize,
    /// Bytes of article text generated and read.
    pub bytes: u64,
    pub sentences: usize,
    pub events: usize,
    pub inserted: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Documents that could not be read or stored: (name, reason).
    pub failed: Vec<(String, String)>,
    pub elapsed: Duration,
    /// CPU time of the whole process during the run (all threads).
    pub cpu: Duration,
    /// For a bulk load, the wall time of `Store::end_bulk_load` (part of
    /// `elapsed`).
    pub bulk_finish: Option<Duration>,
}

impl IngestReport {
    /// Megabytes of article text per CPU-second: throughput per core,
    /// independent of how busy the machine was.
    pub fn mb_per_cpu_s(&self) -> f64 {
        let s = self.cpu.as_secs_f64();
        if s > 0.0 {
            self.bytes as f64 / 1e6 / s
        } else {
            0.0
        }
    }
    fn per_second(&self, x: f64) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            x / s
        } else {
            0.0
        }
    }
    /// Megabytes (10^6 bytes) of article text per second.
    pub fn mb_per_s(&self) -> f64 {
        self.per_second(self.bytes as f64 / 1e6)
    }
    pub fn docs_per_s(&self) -> f64 {
        self.per_second(self.docs as f64)
    }
    pub fn sentences_per_s(&self) -> f64 {
        self.per_second(self.sentences as f64)
    }
}

/// Generates articles `range` of `corpus`, annotates them with `pipeline` on
/// `jobs` worker threads and stores them in `store` in index order.
/// `progress` is called (on the committer thread) after each stored
/// document with the number stored so far. As `dyad ingest`, a bulk load
/// starts its full recluster's reading and clustering before building the
/// indexes: the second value is that, for [`Store::recluster_with`].
pub fn ingest_generated(
    pipeline: &Pipeline,
    corpus: &Corpus,
    range: Range<usize>,
    jobs: usize,
    store: &mut Store,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<(IngestReport, Option<ClusterPrefetch>), StoreError> {
    let start = Instant::now();
    let cpu_start = crate::mem::process_cpu_time();
    let total = range.len();
    let jobs = jobs.clamp(1, 64).min(total.max(1));
    let mut report = IngestReport {
        jobs,
        ..Default::default()
    };
    // As `dyad ingest`: a load larger than the store builds the event
    // indexes once at its end (inside the timed run).
    let bulk = store.bulk_load_pays(total)?;
    if bulk {
        store.begin_bulk_load()?;
    }
    // As `dyad ingest`: the log is checkpointed in the background throughout.
    let checkpointer = store.checkpoint_in_background()?;
    let code = |k: usize| {
        let article = corpus.article(range.start + k);
        let bytes = article.text.as_bytes();
        let hash = content_hash(bytes);
        let coded = pipeline
            .annotate_bytes(&article.name, None, bytes, None)
            .map(|doc| (doc, hash))
            .map_err(|e| e.to_string());
        ((article.name, bytes.len()), coded)
    };
    ingest_stream(store, total, jobs, code, |(name, len), stored| {
        report.docs += 1;
        match stored {
            Stored::Done(outcome, doc) => {
                report.bytes += len as u64;
                match outcome {
                    IngestOutcome::Unchanged => report.unchanged += 1,
                    IngestOutcome::Replaced => report.replaced += 1,
                    _ => report.inserted += 1,
                }
                report.sentences += doc.sentences.len();
                report.events += doc.events.len();
            }
            Stored::NotCoded(reason) => report.failed.push((name, reason)),
            Stored::NotStored(reason) => {
                report.bytes += len as u64;
                report.failed.push((name, reason));
            }
        }
        progress(report.docs);
    });
    let prefetch = if bulk {
        store.start_full_recluster()?
    } else {
        None
    };
    if bulk {
        let finish = Instant::now();
        store.end_bulk_load()?;
        report.bulk_finish = Some(finish.elapsed());
    }
    drop(checkpointer);
    report.elapsed = start.elapsed();
    report.cpu = crate::mem::process_cpu_time().saturating_sub(cpu_start);
    Ok((report, prefetch))
}

/// Wall-clock and CPU time of one stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTime {
    pub wall: Duration,
    /// CPU time of the thread: what the stage costs on an idle core.
    pub cpu: Duration,
}

/// Measures `f` into `t`.
fn timed<T>(t: &mut StageTime, f: impl FnOnce() -> T) -> T {
    let (wall, cpu) = (Instant::now(), crate::mem::thread_cpu_time());
    let out = f();
    t.wall += wall.elapsed();
    t.cpu += crate::mem::thread_cpu_time().saturating_sub(cpu);
    out
}

/// Time spent in each stage over a single-threaded pass.
#[derive(Debug, Clone)]
pub struct StageTimes {
    pub docs: usize,
    pub bytes: u64,
    pub sentences: usize,
    pub events: usize,
    /// Making the synthetic articles (not part of dyad; shown so it can be
    /// subtracted from end-to-end figures).
    pub generate: StageTime,
    pub read: StageTime,
    pub segment: StageTime,
    pub recognise: StageTime,
    /// `recognise` split by recogniser, in the order it runs them: time
    /// expressions (`dyad-time`), actors, quantities.
    pub recognise_parts: [(&'static str, StageTime); 3],
    pub code: StageTime,
    /// `Store::ingest_batch` (batches as in `dyad ingest`), when a store
    /// was given.
    pub store: StageTime,
    /// Events whose type, source and target match what the generator
    /// planted in the sentence (a sanity check, not an evaluation).
    pub planted: usize,
    pub planted_found: usize,
}

impl Default for StageTimes {
    fn default() -> Self {
        StageTimes {
            docs: 0,
            bytes: 0,
            sentences: 0,
            events: 0,
            generate: StageTime::default(),
            read: StageTime::default(),
            segment: StageTime::default(),
            recognise: StageTime::default(),
            recognise_parts: [
                ("time", StageTime::default()),
                ("actors", StageTime::default()),
                ("quantity", StageTime::default()),
            ],
            code: StageTime::default(),
            store: StageTime::default(),
            planted: 0,
            planted_found: 0,
        }
    }
}

impl StageTimes {
    /// `(stage, time)` in pipeline order, generation first.
    pub fn stages(&self) -> [(&'static str, StageTime); 6] {
        [
            ("generate", self.generate),
            ("read", self.read),
            ("segment", self.segment),
            ("recognise", self.recognise),
            ("code", self.code),
            ("store", self.store),
        ]
    }

    /// Total time of dyad's own stages (generation excluded).
    pub fn dyad_total(&self) -> StageTime {
        let all = [
            self.read,
            self.segment,
            self.recognise,
            self.code,
            self.store,
        ];
        StageTime {
            wall: all.iter().map(|t| t.wall).sum(),
            cpu: all.iter().map(|t| t.cpu).sum(),
        }
    }
}

/// Runs read → segment → recognise → code (→ store) on articles `range`,
/// one stage at a time per document, timing each. The stages are built the
/// way [`Pipeline::new`] builds them.
pub fn time_stages(
    lexicon: &Lexicon,
    corpus: &Corpus,
    range: Range<usize>,
    mut store: Option<&mut Store>,
) -> Result<StageTimes, StoreError> {
    let segmenter = Segmenter::new(&lexicon.text);
    let recogniser = Recogniser::new(lexicon);
    let coder = Coder::new(lexicon);
    let opts = ReadOptions::default();
    let mut t = StageTimes::default();
    // Stored in batches as `ingest_generated` does, so the store's share is
    // that of a real run.
    let mut batch: Vec<(dyad_doc::Doc, String)> = Vec::new();
    let mut batch_bytes = 0;
    // A bulk load when `dyad ingest` would make one; the index build at
    // its end counts as store time.
    let bulk = match store.as_deref_mut() {
        Some(store) => {
            let bulk = store.bulk_load_pays(range.len())?;
            if bulk {
                timed(&mut t.store, || store.begin_bulk_load())?;
            }
            bulk
        }
        None => false,
    };
    for i in range {
        let article = timed(&mut t.generate, || corpus.article(i));
        let bytes = article.text.as_bytes();
        t.bytes += bytes.len() as u64;
        t.docs += 1;

        let read = timed(&mut t.read, || {
            dyad_read::read_document(&article.name, None, bytes, &lexicon.text, &opts)
        });
        let Ok(mut doc) = read else { continue };
        timed(&mut t.segment, || segmenter.segment(&mut doc));
        // What `Recogniser::recognise` does, one recogniser at a time.
        let [time, actors, quantity] = &mut t.recognise_parts;
        timed(&mut time.1, || recogniser.time.recognise(&mut doc));
        timed(&mut actors.1, || recogniser.actors.recognise(&mut doc));
        timed(&mut quantity.1, || recogniser.quantity.recognise(&mut doc));
        timed(&mut t.code, || coder.code(&mut doc));
        t.sentences += doc.sentences.len();
        t.events += doc.events.len();
        count_planted(&article, &doc, &mut t);

        if store.is_some() {
            let hash = content_hash(bytes);
            batch_bytes += doc.text.len();
            batch.push((doc, hash));
            if batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
                if let Some(store) = store.as_deref_mut() {
                    store_batch(&mut t.store, store, &mut batch)?;
                }
                batch_bytes = 0;
            }
        }
    }
    if let Some(store) = store {
        store_batch(&mut t.store, store, &mut batch)?;
        if bulk {
            timed(&mut t.store, || store.end_bulk_load())?;
        }
    }
    for (_, part) in t.recognise_parts {
        t.recognise.wall += part.wall;
        t.recognise.cpu += part.cpu;
    }
    Ok(t)
}

/// Stores `batch` in one transaction, timed into `t`, and empties it.
fn store_batch(
    t: &mut StageTime,
    store: &mut Store,
    batch: &mut Vec<(dyad_doc::Doc, String)>,
) -> Result<(), StoreError> {
    let docs: Vec<(&dyad_doc::Doc, &str)> = batch.iter().map(|(d, h)| (d, h.as_str())).collect();
    timed(t, || store.ingest_batch(&docs))?;
    batch.clear();
    Ok(())
}

/// Counts planted events the coder found in the same sentence (matched by
/// the planted sentence's text, since the reader may shift offsets).
fn count_planted(article: &crate::Article, doc: &dyad_doc::Doc, t: &mut StageTimes) {
    for s in &article.sentences {
        let Some(p) = &s.event else { continue };
        t.planted += 1;
        let want = article.text.get(s.span.start..s.span.end).unwrap_or("");
        let found = doc.events.iter().any(|e| {
            e.event_type == p.event_type
                && e.source.as_deref() == Some(p.source.as_str())
                && e.target.as_deref() == Some(p.target.as_str())
                && doc.slice(e.quote_span).contains(want)
        });
        if found {
            t.planted_found += 1;
        }
    }
}
