//! `dyad fetch` and `dyad watch`: pages and feeds fetched over HTTP
//! ([`dyad_fetch`]) and stored through the same path as `dyad ingest`
//! ([`crate::ingest::ingest_inputs`]: the same pipeline, batches and
//! content-hash dedup).
//!
//! What is remembered between runs lives in a JSON file beside the store,
//! `DB.fetch.json` ([`FetchState`]): the ETag/Last-Modified of every feed
//! and page (for conditional GETs) and the article URLs already stored from
//! feeds (not fetched again).

use crate::ingest::{ingest_inputs, IngestOptions, Input, Summary};
use anyhow::{Context, Result};
use dyad_doc::PartialDate;
use dyad_fetch::{looks_like_feed, name_for_url, parse_feed, Fetched, Fetcher, Validators};
use dyad_pipeline::Pipeline;
use dyad_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// What `dyad fetch` keeps between runs (`DB.fetch.json`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FetchState {
    /// Validators of the last response per URL (feeds and pages asked for).
    #[serde(default)]
    pub validators: BTreeMap<String, Validators>,
    /// Article URLs from feeds that are stored (or were found unchanged).
    #[serde(default)]
    pub seen: BTreeSet<String>,
}

/// The state file of a store.
pub fn state_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".fetch.json");
    PathBuf::from(s)
}

impl FetchState {
    pub fn load(path: &Path) -> Result<FetchState> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("{}: not a dyad fetch state file", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FetchState::default()),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Writes the file aside and moves it into place.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        std::fs::write(&tmp, serde_json::to_vec_pretty(self)?)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// What one fetch run did.
#[derive(Debug, Default)]
pub struct FetchRun {
    pub summary: Summary,
    /// Every URL that failed, with the reason (the message names the URL).
    pub failures: Vec<String>,
    /// Feeds and pages answered 304 Not Modified.
    pub not_modified: usize,
    /// Feed entries passed over because they were stored before.
    pub already_seen: usize,
    /// Articles fetched.
    pub fetched: usize,
    /// The URL of each document stored new or replaced, by name.
    pub urls: BTreeMap<String, String>,
}

impl FetchRun {
    pub fn line(&self) -> String {
        format!(
            "fetched {} pages ({} not modified, {} feed entries seen before, {} failed)",
            self.fetched,
            self.not_modified,
            self.already_seen,
            self.failures.len()
        )
    }
}

/// A page waiting to be stored, and what to remember once it is.
struct Pending {
    /// The URL it was asked for (a feed's link, or the command line's).
    asked: String,
    final_url: String,
    validators: Validators,
    /// From a feed: mark `asked` seen once stored.
    from_feed: bool,
}

/// Fetches the URLs (pages or feeds) once and stores new articles.
pub fn fetch_once(
    pipeline: &Pipeline,
    store: &mut Store,
    fetcher: &mut Fetcher,
    state: &mut FetchState,
    urls: &[String],
    quiet: bool,
) -> Result<FetchRun> {
    let mut run = FetchRun::default();
    let mut pending: Vec<Pending> = Vec::new();
    let mut inputs: Vec<Input> = Vec::new();
    // Feeds whose validators are kept only if every entry was fetched.
    let mut feeds: Vec<(String, Validators, usize)> = Vec::new();
    let mut this_run: HashSet<String> = HashSet::new();
    let fail = |run: &mut FetchRun, msg: String| {
        if !quiet {
            eprintln!("failed {msg}");
        }
        run.failures.push(msg);
    };
    let add_page = |inputs: &mut Vec<Input>,
                    pending: &mut Vec<Pending>,
                    asked: &str,
                    body: dyad_fetch::Body,
                    from_feed: bool,
                    feed_published: Option<PartialDate>| {
        inputs.push(Input::Fetched {
            name: name_for_url(&body.final_url),
            url: body.final_url.clone(),
            bytes: body.bytes,
            feed_published,
        });
        pending.push(Pending {
            asked: asked.to_string(),
            final_url: body.final_url,
            validators: body.validators,
            from_feed,
        });
    };
    for url in urls {
        if !this_run.insert(url.clone()) {
            continue;
        }
        let prior = state.validators.get(url).cloned();
        let body = match fetcher.get(url, prior.as_ref()) {
            Err(e) => {
                fail(&mut run, e.to_string());
                continue;
            }
            Ok(Fetched::NotModified) => {
                run.not_modified += 1;
                continue;
            }
            Ok(Fetched::Body(b)) => b,
        };
        if !looks_like_feed(body.content_type.as_deref(), &body.bytes) {
            run.fetched += 1;
            add_page(&mut inputs, &mut pending, url, body, false, None);
            continue;
        }
        let items = match parse_feed(url, &body.bytes) {
            Ok(items) => items,
            Err(e) => {
                fail(&mut run, e.to_string());
                continue;
            }
        };
        let failed_before = run.failures.len();
        for item in items {
            if state.seen.contains(&item.url) {
                run.already_seen += 1;
                continue;
            }
            if !this_run.insert(item.url.clone()) {
                continue;
            }
            match fetcher.get(&item.url, None) {
                Err(e) => fail(&mut run, format!("{e} (an entry of {url})")),
                Ok(Fetched::NotModified) => run.not_modified += 1,
                Ok(Fetched::Body(page)) => {
                    run.fetched += 1;
                    // The entry's date, for a page that states none.
                    let date = item
                        .published
                        .as_deref()
                        .and_then(|d| d.get(..10))
                        .and_then(|d| d.parse::<PartialDate>().ok());
                    add_page(&mut inputs, &mut pending, &item.url, page, true, date);
                }
            }
        }
        feeds.push((
            url.clone(),
            body.validators,
            run.failures.len() - failed_before,
        ));
    }

    let opts = IngestOptions {
        published: None,
        jobs: None,
        stdin_name: "stdin".into(),
        quiet,
    };
    run.summary = ingest_inputs(
        pipeline,
        store,
        inputs,
        dyad_pipeline::Walk::default(),
        &opts,
    )?;
    // What was not stored is fetched again next time: no validators, not seen.
    let skipped: HashSet<&str> = run
        .summary
        .skipped
        .iter()
        .map(|(label, _)| label.as_str())
        .collect();
    let mut entries_failed = 0;
    for p in &pending {
        if skipped.contains(p.final_url.as_str()) {
            entries_failed += usize::from(p.from_feed);
            continue;
        }
        run.urls
            .insert(name_for_url(&p.final_url), p.final_url.clone());
        if p.from_feed {
            state.seen.insert(p.asked.clone());
            state.seen.insert(p.final_url.clone());
        } else if !p.validators.is_empty() {
            state
                .validators
                .insert(p.asked.clone(), p.validators.clone());
        }
    }
    for (url, validators, failed) in feeds {
        if failed == 0 && entries_failed == 0 && !validators.is_empty() {
            state.validators.insert(url, validators);
        } else {
            state.validators.remove(&url);
        }
    }
    let stored: HashSet<&String> = run.summary.stored_names.iter().collect();
    run.urls.retain(|name, _| stored.contains(name));
    run.failures
        .extend(run.summary.skipped.iter().map(|(_, reason)| reason.clone()));
    if !quiet {
        println!("{}", run.line());
    }
    Ok(run)
}

/// Parses `15m`, `90s`, `500ms`, `1h`, `2d` (a bare number is seconds).
pub fn parse_duration(s: &str) -> Result<Duration> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .with_context(|| format!("'{s}': expected a duration like 15m, 30s or 500ms"))?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "" | "s" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        other => anyhow::bail!("'{s}': unknown unit '{other}' (use ms, s, m, h or d)"),
    };
    if !secs.is_finite() || secs < 0.0 {
        anyhow::bail!("'{s}': not a duration");
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Reads a feeds file: one URL a line; blank lines and `#` comments skipped.
pub fn read_feeds_file(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the feeds file {}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect())
}

fn open_store(db: &Path) -> Result<Store> {
    if db.as_os_str() == ":memory:" || db.as_os_str().is_empty() {
        anyhow::bail!(
            "--db {:?}: not a database file; give the path of a file to store into",
            db.display().to_string()
        );
    }
    Store::open(db).with_context(|| format!("cannot open the database {}", db.display()))
}

/// `dyad fetch URL…`.
pub fn fetch_command(
    db: &Path,
    lexicon: dyad_lexicon::Lexicon,
    urls: &[String],
    config: dyad_fetch::FetchConfig,
) -> Result<ExitCode> {
    let mut store = open_store(db)?;
    let pipeline = Pipeline::new(lexicon);
    let state_file = state_path(db);
    let mut state = FetchState::load(&state_file)?;
    let mut fetcher = Fetcher::new(config);
    let run = fetch_once(&pipeline, &mut store, &mut fetcher, &mut state, urls, false)?;
    state.save(&state_file)?;
    let stored_or_unchanged =
        run.summary.inserted + run.summary.replaced + run.summary.unchanged + run.not_modified;
    Ok(if run.failures.is_empty() {
        ExitCode::SUCCESS
    } else if stored_or_unchanged + run.already_seen == 0 && run.failures.len() >= urls.len() {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    })
}

/// What `dyad watch` repeats.
pub struct WatchOptions {
    pub feeds: PathBuf,
    pub every: Duration,
    /// Actor code pairs; events between either way round are printed.
    pub pairs: Vec<(String, String)>,
    pub rounds: Option<usize>,
}

/// `dyad watch --feeds FILE`.
pub fn watch_command(
    db: &Path,
    lexicon: dyad_lexicon::Lexicon,
    opts: &WatchOptions,
    config: dyad_fetch::FetchConfig,
) -> Result<ExitCode> {
    // The file is read now, so a bad path fails at once, and again each round.
    read_feeds_file(&opts.feeds)?;
    let mut store = open_store(db)?;
    let pipeline = Pipeline::new(lexicon);
    let state_file = state_path(db);
    let mut state = FetchState::load(&state_file)?;
    let mut fetcher = Fetcher::new(config);
    let mut round = 0;
    loop {
        round += 1;
        let started = std::time::Instant::now();
        match read_feeds_file(&opts.feeds) {
            Err(e) => eprintln!("dyad watch: {e:#}"),
            Ok(urls) => {
                // A round that cannot store (the store busy or its disk
                // full) is reported and the watch goes on.
                let run = match fetch_once(
                    &pipeline,
                    &mut store,
                    &mut fetcher,
                    &mut state,
                    &urls,
                    true,
                ) {
                    Ok(run) => run,
                    Err(e) => {
                        eprintln!("dyad watch: round {round}: {e:#}");
                        FetchRun::default()
                    }
                };
                for f in &run.failures {
                    eprintln!("failed {f}");
                }
                if let Err(e) = state.save(&state_file) {
                    eprintln!("dyad watch: {e:#}");
                }
                if let Err(e) = print_new_events(&store, &run, &opts.pairs) {
                    if crate::output::is_closed_pipe(&e) {
                        return Ok(ExitCode::SUCCESS);
                    }
                    eprintln!("dyad watch: {e:#}");
                }
                eprintln!(
                    "round {round}: {}; {} new documents",
                    run.line(),
                    run.urls.len()
                );
            }
        }
        if opts.rounds.is_some_and(|n| round >= n) {
            return Ok(ExitCode::SUCCESS);
        }
        std::thread::sleep(opts.every.saturating_sub(started.elapsed()));
    }
}

/// One tab-separated line per event of the documents the run stored,
/// between the pairs (all when there are none).
fn print_new_events(store: &Store, run: &FetchRun, pairs: &[(String, String)]) -> Result<()> {
    use std::io::Write;
    let names: BTreeSet<String> = run.urls.keys().cloned().collect();
    let events = store
        .events_of_docs(&names)
        .context("reading the new events")?;
    let mut out = std::io::stdout().lock();
    for e in events {
        let (s, t) = (
            e.source.as_deref().unwrap_or(""),
            e.target.as_deref().unwrap_or(""),
        );
        let wanted = pairs.is_empty()
            || pairs
                .iter()
                .any(|(a, b)| (s == a && t == b) || (s == b && t == a));
        if !wanted {
            continue;
        }
        let url = run.urls.get(&e.doc).map_or(e.doc.as_str(), String::as_str);
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            e.date.as_deref().unwrap_or("-"),
            e.event_type,
            if s.is_empty() { "-" } else { s },
            if t.is_empty() { "-" } else { t },
            e.status,
            url,
            e.quote.replace(['\t', '\n'], " ")
        )?;
    }
    out.flush()?;
    Ok(())
}
