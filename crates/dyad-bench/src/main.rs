//! `dyad-bench`: generate a synthetic corpus, time ingest end to end and per
//! stage, measure peak memory and store query latency. See
//! `docs/benchmarks.md`.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use dyad_bench::{corpus::Corpus, ingest, mem, query};
use dyad_lexicon::Lexicon;
use dyad_pipeline::Pipeline;
use dyad_store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The same allocator as the `dyad` binary, so the benchmark measures what
/// users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dyad-bench",
    version,
    about = "Speed, memory and scale benchmarks for dyad"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write N generated articles as .txt files, 1,000 per subfolder.
    Gen {
        #[arg(long)]
        docs: usize,
        /// Output folder (created), or `-` to stream the articles to
        /// standard output separated by form feeds.
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Generate N articles in memory and ingest them into a new store the
    /// way `dyad ingest` does; report throughput, per-stage time, peak
    /// memory and database size.
    Ingest {
        #[arg(long)]
        docs: usize,
        /// Worker threads (default: the number of cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// The database to create (must not exist unless --force).
        #[arg(long)]
        db: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Replace an existing database file.
        #[arg(long)]
        force: bool,
        /// Articles in the single-threaded per-stage pass (0 to skip).
        #[arg(long, default_value_t = 1000)]
        stage_docs: usize,
        /// After the load and its recluster, ingest this many further
        /// articles into the same store and recluster again, as a later
        /// `dyad ingest` of a few new articles would (0 to skip).
        #[arg(long, default_value_t = 20)]
        add_docs: usize,
    },
    /// Time store queries; optionally fill the store first with generated
    /// documents and their planted events (no NLP) up to N events.
    Query {
        #[arg(long)]
        db: PathBuf,
        /// Bulk-fill at the store level until the store holds N events.
        #[arg(long)]
        fill_events: Option<usize>,
        #[arg(long, default_value_t = 30)]
        runs: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Print EXPLAIN QUERY PLAN for the dyad queries.
        #[arg(long)]
        explain: bool,
    },
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Gen { docs, out, seed } => gen(docs, &out, seed),
        Command::Ingest {
            docs,
            jobs,
            db,
            seed,
            force,
            stage_docs,
            add_docs,
        } => run_ingest(docs, jobs, &db, seed, force, stage_docs, add_docs),
        Command::Query {
            db,
            fill_events,
            runs,
            seed,
            explain,
        } => run_query(&db, fill_events, runs, seed, explain),
    }
}

fn corpus(seed: u64, lex: &Lexicon) -> Result<Corpus> {
    Ok(Corpus::builtin(seed, &lex.actors)?)
}

fn gen(docs: usize, out: &Path, seed: u64) -> Result<()> {
    let lex = Lexicon::builtin()?;
    let corpus = corpus(seed, &lex)?;
    let clock = Instant::now();
    let mut bytes = 0u64;
    if out.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::new(stdout.lock());
        for i in 0..docs {
            let a = corpus.article(i);
            bytes += a.text.len() as u64;
            w.write_all(a.text.as_bytes())?;
            w.write_all(b"\x0c\n")?;
        }
        w.flush()?;
        eprintln!("{docs} articles, {bytes} bytes");
        return Ok(());
    }
    for i in 0..docs {
        let a = corpus.article(i);
        let dir = out.join(format!("{:05}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let path = dir.join(format!("{}.txt", a.name));
        std::fs::write(&path, &a.text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        bytes += a.text.len() as u64;
    }
    println!(
        "wrote {docs} articles ({:.1} MB) to {} in {:.1} s (seed {seed})",
        bytes as f64 / 1e6,
        out.display(),
        clock.elapsed().as_secs_f64()
    );
    Ok(())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn mb(b: Option<u64>) -> String {
    b.map(|b| format!("{:.1} MB", b as f64 / 1_048_576.0))
        .unwrap_or_else(|| "n/a".into())
}

/// Bytes on disk of a SQLite database with its WAL and shared-memory files.
fn db_size(db: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            std::fs::metadata(PathBuf::from(p)).ok().map(|m| m.len())
        })
        .sum()
}

fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Reclusters the store: what it made, wall time and process CPU time.
fn timed_recluster(
    store: &mut Store,
    prefetch: Option<dyad_store::ClusterPrefetch>,
) -> Result<(
    dyad_store::ClusterStats,
    std::time::Duration,
    std::time::Duration,
)> {
    let (clock, cpu) = (Instant::now(), mem::process_cpu_time());
    // As `dyad ingest`: the log is checkpointed in the background, and
    // what is left of it when the process ends (closing the store) is
    // copied then; a later run starts with an empty log.
    let checkpointer = store.checkpoint_in_background()?;
    let stats = store.recluster_with(prefetch)?;
    drop(checkpointer);
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok((
        stats,
        clock.elapsed(),
        mem::process_cpu_time().saturating_sub(cpu),
    ))
}

fn run_ingest(
    docs: usize,
    jobs: Option<usize>,
    db: &Path,
    seed: u64,
    force: bool,
    stage_docs: usize,
    add_docs: usize,
) -> Result<()> {
    if db.exists() {
        if !force {
            bail!("{} exists (use --force to replace it)", db.display());
        }
        remove_db(db);
    }
    let jobs = jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    println!("load average before: {}", loadavg());
    let clock = Instant::now();
    let lex = Lexicon::builtin()?;
    let corpus = corpus(seed, &lex)?;
    let pipeline = Pipeline::new(lex.clone());
    println!(
        "setup (lexicon + pipeline): {:.2} s, RSS {}",
        clock.elapsed().as_secs_f64(),
        mb(mem::current_rss())
    );
    let mut store = Store::open(db)?;
    let written_before = mem::bytes_written();
    let step = (docs / 10).max(1000);
    let (r, prefetch) =
        ingest::ingest_generated(&pipeline, &corpus, 0..docs, jobs, &mut store, &mut |n| {
            if n % step == 0 && n < docs {
                eprintln!("  {n} documents stored, RSS {}", mb(mem::current_rss()));
            }
        })?;
    // `dyad ingest` clusters the stored events at the end of every run.
    let (clusters, cluster_wall, cluster_cpu) = timed_recluster(&mut store, prefetch)?;
    let peak_after_ingest = mem::peak_rss();
    let added = if add_docs > 0 {
        let (more, prefetch) = ingest::ingest_generated(
            &pipeline,
            &corpus,
            docs..docs + add_docs,
            jobs,
            &mut store,
            &mut |_| {},
        )?;
        Some((more, timed_recluster(&mut store, prefetch)?))
    } else {
        None
    };
    let _ = store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    let size = db_size(db);
    drop(store);
    let written = mem::bytes_written()
        .zip(written_before)
        .map(|(a, b)| a.saturating_sub(b));
    println!(
        "ingest: {} docs ({:.1} MB of text), {} sentences, {} events, {} failed, jobs {}",
        r.docs,
        r.bytes as f64 / 1e6,
        r.sentences,
        r.events,
        r.failed.len(),
        r.jobs
    );
    for (name, why) in r.failed.iter().take(5) {
        println!("  failed {name}: {why}");
    }
    println!(
        "  {:.2} s end to end (generation included): {:.2} MB/s, {:.0} docs/s, {:.0} sentences/s; {:.2} MB/s per worker",
        r.elapsed.as_secs_f64(),
        r.mb_per_s(),
        r.docs_per_s(),
        r.sentences_per_s(),
        r.mb_per_s() / r.jobs as f64
    );
    println!(
        "  CPU {:.2} s (all threads) = {:.2} MB per CPU-second",
        r.cpu.as_secs_f64(),
        r.mb_per_cpu_s()
    );
    if let Some(t) = r.bulk_finish {
        println!(
            "  bulk load: indexes and running totals built at the end in {:.2} s (included above)",
            t.as_secs_f64()
        );
    }
    let with_clusters = (r.cpu + cluster_cpu).as_secs_f64();
    println!(
        "  recluster ({}): {} clusters from {} mentions in {:.2} s wall, {:.2} CPU-s; with it, {:.2} MB per CPU-second",
        if clusters.full { "full" } else { "incremental" },
        clusters.clusters,
        clusters.mentions,
        cluster_wall.as_secs_f64(),
        cluster_cpu.as_secs_f64(),
        if with_clusters > 0.0 {
            r.bytes as f64 / 1e6 / with_clusters
        } else {
            0.0
        }
    );
    if let Some((more, (c, wall, cpu))) = &added {
        println!(
            "  then {} more docs: ingest {:.3} s wall, {:.3} CPU-s; recluster ({}, {} groups): {:.3} s wall, {:.3} CPU-s",
            more.docs,
            more.elapsed.as_secs_f64(),
            more.cpu.as_secs_f64(),
            if c.full { "full" } else { "incremental" },
            c.groups,
            wall.as_secs_f64(),
            cpu.as_secs_f64()
        );
    }
    println!(
        "  database: {} for {} docs = {:.2} MB per 1,000 documents",
        mb(Some(size)),
        r.docs,
        size as f64 / 1e6 / (r.docs.max(1) as f64 / 1000.0)
    );
    println!(
        "  bytes written by the process during ingest (WAL + checkpoints): {}",
        mb(written)
    );
    println!(
        "  peak memory (VmHWM) after ingest: {}",
        mb(peak_after_ingest)
    );
    if stage_docs > 0 {
        let n = stage_docs.min(docs.max(1));
        let stage_db = db.with_extension("stages.db");
        remove_db(&stage_db);
        let mut sstore = Store::open(&stage_db)?;
        let t = ingest::time_stages(&lex, &corpus, 0..n, Some(&mut sstore))?;
        drop(sstore);
        remove_db(&stage_db);
        let total = t.dyad_total().cpu.as_secs_f64();
        println!(
            "per stage, single thread, {} docs ({:.2} MB), {} sentences, {} events:",
            t.docs,
            t.bytes as f64 / 1e6,
            t.sentences,
            t.events
        );
        println!(
            "  {:<10} {:>9} {:>9} {:>11} {:>11} {:>10}",
            "stage", "wall ms", "CPU ms", "CPU µs/doc", "MB/CPU-s", "share"
        );
        let parts = t.recognise_parts.map(|(name, d)| (name, d, true));
        let rows = t.stages().into_iter().flat_map(|(name, d)| {
            let sub: &[(&str, ingest::StageTime, bool)] =
                if name == "recognise" { &parts } else { &[] };
            std::iter::once((name, d, false)).chain(sub.iter().copied())
        });
        for (name, d, sub) in rows {
            let s = d.cpu.as_secs_f64();
            let share = if name == "generate" || total == 0.0 {
                "(not dyad)".to_string()
            } else {
                format!("{:.1}%", 100.0 * s / total)
            };
            // Parts of a stage are indented under it.
            let name = if sub {
                format!("  {name}")
            } else {
                name.to_string()
            };
            println!(
                "  {name:<10} {:>9.1} {:>9.1} {:>11.1} {:>11.2} {share:>10}",
                d.wall.as_secs_f64() * 1000.0,
                s * 1000.0,
                s * 1e6 / t.docs.max(1) as f64,
                if s > 0.0 {
                    t.bytes as f64 / 1e6 / s
                } else {
                    0.0
                }
            );
        }
        println!(
            "  dyad total {:.1} CPU-ms = {:.2} MB per CPU-second on one core (read → store)",
            total * 1000.0,
            if total > 0.0 {
                t.bytes as f64 / 1e6 / total
            } else {
                0.0
            }
        );
        println!(
            "  planted events found (type, source, target in their sentence): {}/{} ({:.0}%)",
            t.planted_found,
            t.planted,
            100.0 * t.planted_found as f64 / t.planted.max(1) as f64
        );
    }
    println!("peak memory (VmHWM) at end: {}", mb(mem::peak_rss()));
    println!("load average after: {}", loadavg());
    Ok(())
}

fn run_query(
    db: &Path,
    fill_events: Option<usize>,
    runs: usize,
    seed: u64,
    explain: bool,
) -> Result<()> {
    println!("load average before: {}", loadavg());
    if let Some(target) = fill_events {
        let lex = Lexicon::builtin()?;
        let corpus = corpus(seed, &lex)?;
        let mut store = Store::open(db)?;
        let r = query::bulk_fill(&mut store, &corpus, target, &mut |d, have| {
            if d % 10_000 == 0 {
                eprintln!("  bulk: {d} documents, {have} events");
            }
        })?;
        if r.docs > 0 {
            println!(
                "bulk fill (store level, planted events, NLP skipped): +{} docs, +{} events in {:.1} s ({:.0} docs/s)",
                r.docs,
                r.events,
                r.elapsed.as_secs_f64(),
                r.docs as f64 / r.elapsed.as_secs_f64().max(1e-9)
            );
        }
        let _ = store
            .connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    }
    let store = Store::open_read_only(db)?;
    let stats = store.stats()?;
    println!(
        "store {}: {} docs, {} sentences, {} events, {}",
        db.display(),
        stats.docs,
        stats.sentences,
        stats.events,
        mb(Some(db_size(db)))
    );
    let bulk: i64 = store.connection().query_row(
        "SELECT COUNT(*) FROM doc WHERE name LIKE 'bulk-%'",
        [],
        |r| r.get(0),
    )?;
    println!(
        "  of which {bulk} documents were bulk-filled (planted events) and {} went through the pipeline",
        stats.docs as i64 - bulk
    );
    println!(
        "{:<44} {:>7} {:>10} {:>10} {:>10}",
        "query", "rows", "median ms", "p95 ms", "max ms"
    );
    for t in query::query_bench(&store, runs)? {
        println!(
            "{:<44} {:>7} {:>10.2} {:>10.2} {:>10.2}",
            t.name, t.rows, t.median_ms, t.p95_ms, t.max_ms
        );
    }
    if explain {
        if let Some((a, b, _)) = query::pick_dyads(&store)?.into_iter().next() {
            // These mirror the SQL dyad-store builds for a dyad filter
            // (filter.rs, lib.rs); keep them in step when it changes.
            let dyad = "((source = ? AND target = ?) OR (source = ? AND target = ?))";
            let p = [a.as_str(), b.as_str(), b.as_str(), a.as_str()];
            for (label, sql) in [
                (
                    "events by dyad",
                    format!("SELECT * FROM event WHERE {dyad} ORDER BY id LIMIT 100"),
                ),
                (
                    "timeline by dyad",
                    format!(
                        "SELECT month, event_type, COUNT(*), SUM(intensity) FROM event \
                         WHERE {dyad} AND month IS NOT NULL GROUP BY month, event_type \
                         ORDER BY month, event_type"
                    ),
                ),
            ] {
                println!("EXPLAIN QUERY PLAN ({label}):");
                for line in query::explain(&store, &sql, &p)? {
                    println!("  {line}");
                }
            }
        }
    }
    println!("peak memory (VmHWM): {}", mb(mem::peak_rss()));
    println!("load average after: {}", loadavg());
    Ok(())
}
