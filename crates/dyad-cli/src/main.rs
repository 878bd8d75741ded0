//! `dyad`: from news articles to a sourced, queryable record of events.
//!
//! Exit codes: 0 all inputs ingested or unchanged; 1 some inputs skipped;
//! 2 nothing could run (bad arguments, unusable database or lexicon).

mod annotate;
mod eval;
mod fetch;
mod ingest;
mod lake;
mod output;
mod query;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use dyad_doc::PartialDate;
use dyad_lexicon::{Lexicon, Sources};
use dyad_pipeline::Pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: the pipeline allocates many
/// small strings and vectors per sentence, and ingest runs ~10 % faster
/// with it (`dyad-bench ingest --stage-docs`, docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dyad",
    version,
    about = "Codes news articles into sourced PLOVER events and queries them."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the store lives.
#[derive(Args, Clone)]
struct DbArg {
    /// The SQLite database file.
    #[arg(long, env = "DYAD_DB", default_value = "dyad.db")]
    db: PathBuf,
}

/// Which lexicon to use.
#[derive(Args, Clone)]
struct LexiconArg {
    /// A folder whose lexicon files replace the built-in ones of the same name.
    #[arg(long, env = "DYAD_LEXICON")]
    lexicon: Option<PathBuf>,
}

impl LexiconArg {
    fn load(&self) -> Result<Lexicon> {
        let sources = match &self.lexicon {
            Some(dir) => Sources::with_dir(dir)?,
            None => Sources::builtin(),
        };
        Ok(Lexicon::load(&sources)?)
    }
}

/// How `fetch` and `watch` talk to web servers.
#[derive(Args, Clone)]
struct HttpArgs {
    /// The least time between two requests to one host (robots.txt's
    /// Crawl-delay when longer).
    #[arg(long, default_value = "1s")]
    delay: String,
    /// The longest one request may take, body included.
    #[arg(long, default_value = "30s")]
    timeout: String,
    /// Refuse pages larger than this many bytes.
    #[arg(long, default_value_t = 5 * 1024 * 1024)]
    max_bytes: usize,
    /// Follow at most this many redirects.
    #[arg(long, default_value_t = 5)]
    max_redirects: u32,
    /// Retries after a 429, a 5xx or a broken connection.
    #[arg(long, default_value_t = 2)]
    retries: u32,
    /// The wait before the first retry, doubled before each next one.
    #[arg(long, default_value = "2s")]
    backoff: String,
    /// Do not read robots.txt (only for servers you run).
    #[arg(long)]
    ignore_robots: bool,
}

impl HttpArgs {
    fn config(&self) -> Result<dyad_fetch::FetchConfig> {
        Ok(dyad_fetch::FetchConfig {
            timeout: fetch::parse_duration(&self.timeout).context("--timeout")?,
            host_delay: fetch::parse_duration(&self.delay).context("--delay")?,
            backoff: fetch::parse_duration(&self.backoff).context("--backoff")?,
            max_bytes: self.max_bytes,
            max_redirects: self.max_redirects,
            retries: self.retries,
            robots: !self.ignore_robots,
            ..Default::default()
        })
    }
}

/// Event filters shared by `events`, `timeline`, `network` and `export`.
#[derive(Args, Clone, Default)]
struct FilterArgs {
    /// Events with this actor as source or target: a code (RUS) or a name
    /// the lexicon knows (Russia, "North Korea", Lavrov).
    #[arg(long)]
    actor: Option<String>,
    /// Events between two actors, either direction: RUS-PRK, or names
    /// ("Russia-North Korea").
    #[arg(long)]
    dyad: Option<String>,
    /// PLOVER event type (e.g. AID).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// asserted, reported, denied, planned or hypothetical.
    #[arg(long)]
    status: Option<String>,
    /// Events dated on or after this date (2022, 2022-06, 2022-06-01). By
    /// the event's own date (when it happened), never the publication date
    /// (which `timeline --by reported` and the `reported` column give).
    #[arg(long)]
    since: Option<String>,
    /// Events dated on or before this date (inclusive at its precision).
    #[arg(long)]
    until: Option<String>,
    /// Events of this document (its file name without extension).
    #[arg(long)]
    doc: Option<String>,
    /// Events whose quote contains this text.
    #[arg(long)]
    text: Option<String>,
    /// At most this many events.
    #[arg(long)]
    limit: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum TableFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExportFormat {
    Csv,
    Jsonl,
    Parquet,
    Plover,
}

/// How a Parquet lake is partitioned.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum PartitionArg {
    /// `year=YYYY/month=MM`
    Month,
    /// `year=YYYY/month=MM/day=DD`
    Day,
}

impl PartitionArg {
    fn get(self) -> dyad_store::PartitionBy {
        match self {
            PartitionArg::Month => dyad_store::PartitionBy::Month,
            PartitionArg::Day => dyad_store::PartitionBy::Day,
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum AnnotateFormat {
    Jsonl,
    Text,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest the sample corpus into the store and print a timeline of its events.
    Demo {
        #[command(flatten)]
        db: DbArg,
        /// A corpus folder to use instead of the sample corpus built into dyad.
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
    /// Read, code and store articles (files, folders recursively, `-` for stdin).
    Ingest {
        /// Files and folders to read (folders recursively; `-` reads
        /// standard input).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        lexicon: LexiconArg,
        /// Publication date for every input (2024, 2024-06, 2024-06-19),
        /// overriding what they state.
        #[arg(long)]
        published: Option<String>,
        /// Refuse inputs larger than this many bytes.
        #[arg(long, default_value_t = 20 * 1024 * 1024)]
        max_bytes: usize,
        /// Worker threads for reading and coding (one writer stores).
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Name used for the document read from stdin.
        #[arg(long, default_value = "stdin")]
        stdin_name: String,
    },
    /// Fetch pages and RSS/Atom/JSON feeds once and store their new articles.
    #[command(
        after_help = "Each URL is a page or a feed (told by its content type and first \
bytes); a feed's entries are fetched as pages. Documents are named by their URL without the \
scheme (example.com/2024/06/story) and store the URL they were fetched from. Politely: \
robots.txt obeyed, one request at a time with --delay between two to one host, conditional \
GET (ETag/Last-Modified, kept with the feed entries already stored in DB.fetch.json beside \
the store), retries with back-off, --timeout and --max-bytes per page, at most \
--max-redirects redirects. Failures name the URL and never stop the other URLs. Exit codes: \
0 everything fetched and stored or unchanged, 1 some URLs failed, 2 nothing could run."
    )]
    Fetch {
        /// Page and feed URLs (http or https).
        #[arg(required = true)]
        urls: Vec<String>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        lexicon: LexiconArg,
        #[command(flatten)]
        http: HttpArgs,
    },
    /// Fetch the feeds of a file again and again; print the new events.
    #[command(
        after_help = "Every --every, reads FILE (one feed or page URL a line, # comments) \
and fetches it as `dyad fetch` does, then prints one line per new event (tab-separated: date, \
type, source, target, status, URL, quote) between the --dyad pairs given (every new event \
without --dyad). Failures go to standard error and the watch goes on."
    )]
    Watch {
        /// The file of feed URLs, one a line.
        #[arg(long)]
        feeds: PathBuf,
        /// The time between two rounds: 15m, 1h, 90s.
        #[arg(long, default_value = "15m")]
        every: String,
        /// Print new events between these actors (RUS-PRK, "Russia-North Korea"); repeatable.
        #[arg(long)]
        dyad: Vec<String>,
        /// Stop after this many rounds (default: never).
        #[arg(long)]
        rounds: Option<usize>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        lexicon: LexiconArg,
        #[command(flatten)]
        http: HttpArgs,
    },
    /// List stored documents.
    Docs {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, value_enum, default_value = "table")]
        format: TableFormat,
        /// One document: its name, or the start of its name when only one
        /// document's name starts so.
        #[arg(long)]
        doc: Option<String>,
    },
    /// List stored events, filtered.
    Events {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: TableFormat,
        /// List event clusters (one real-world event with every document
        /// reporting it, its corroboration and contradictions) instead of
        /// mentions.
        #[arg(long)]
        clusters: bool,
    },
    /// Events per month and the cooperation–conflict trend.
    Timeline {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: TableFormat,
        /// Count mentions (every event of every document, as exported)
        /// rather than event clusters.
        #[arg(long)]
        mentions: bool,
        /// Which date places an event in a month: `event`, when it
        /// happened (its own date; undated and year-only events are left
        /// out of the months), or `reported`, when it was reported (its
        /// document's publication date, so every event of a dated document
        /// is placed; counts mentions). The filters (--since, --until)
        /// always select by the event's own date.
        #[arg(long, value_enum, default_value = "event")]
        by: query::By,
    },
    /// The actor network: who acts on whom, how often, in what tone.
    Network {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: TableFormat,
    },
    /// The actors in the store: code, name and how many events involve each.
    Actors {
        #[command(flatten)]
        db: DbArg,
        /// At most this many actors (the busiest first).
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long, value_enum, default_value = "table")]
        format: TableFormat,
    },
    /// Full-text search over stored sentences.
    Search {
        query: String,
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value = "table")]
        format: TableFormat,
    },
    /// Write the event table to a file, or (Parquet with --partition-by)
    /// events and documents to a partitioned folder for DuckDB, Spark or Trino.
    #[command(
        after_help = "Partitioned Parquet (docs/scale.md): `dyad export --format parquet \
--partition-by month --out lake/` writes lake/events/year=2024/month=06/part-….parquet \
(partitioned by the event's date; year or month `unknown` where the date does not reach \
it), lake/documents/… (by publication date, with the text) and the manifest \
lake/_dyad/manifest-export.json. A later run with --since-last appends only the \
documents stored since, and their events."
    )]
    Export {
        /// The file format: jsonl, csv, parquet or plover (PLOVER's JSON records).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file to write (`-` for standard output); never the database
        /// itself. With --partition-by, the lake folder (new, empty or an
        /// earlier lake).
        #[arg(long)]
        out: PathBuf,
        /// Write a Hive-partitioned folder of Parquet files (events by
        /// their date, documents by publication date) with a manifest.
        #[arg(long, value_enum)]
        partition_by: Option<PartitionArg>,
        /// With --partition-by: append only the documents (and their
        /// events) stored since the last run, as the manifest records it.
        /// A store whose documents were replaced since is written in full.
        #[arg(long, requires = "partition_by")]
        since_last: bool,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Read and code articles straight to partitioned Parquet, without a
    /// store: one shard of an archive per run (or machine); engines read
    /// the union of the shards.
    #[command(after_help = "Writes the layout of `dyad export --partition-by` \
(DIR/events/year=…/month=…/part-SHARD.….parquet, DIR/documents/…, \
DIR/_dyad/manifest-SHARD.json) with the same events, ids and columns as `dyad ingest` \
followed by that export. Shards with different --shard names may share one folder \
(`ls -d archive/* | xargs -P 4 -I{} dyad code {} --out lake --shard $(basename {})`); \
a shard run again replaces its own files. Event clusters (corroboration across \
documents) are not computed: they need the whole archive.")]
    Code {
        /// Files and folders to read (folders recursively; `-` reads
        /// standard input).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The lake folder (new, empty, or an earlier lake).
        #[arg(long)]
        out: PathBuf,
        /// The partitioning: month or day.
        #[arg(long, value_enum, default_value = "month")]
        partition_by: PartitionArg,
        /// This shard's name (letters, digits, '_', '-'): its files are
        /// part-SHARD.…parquet and its manifest _dyad/manifest-SHARD.json.
        #[arg(long, default_value = "code")]
        shard: String,
        #[command(flatten)]
        lexicon: LexiconArg,
        /// Publication date for every input, overriding what they state.
        #[arg(long)]
        published: Option<String>,
        /// Refuse inputs larger than this many bytes.
        #[arg(long, default_value_t = 20 * 1024 * 1024)]
        max_bytes: usize,
        /// Worker threads for reading and coding.
        #[arg(long, short = 'j')]
        jobs: Option<usize>,
        /// Name used for the document read from stdin.
        #[arg(long, default_value = "stdin")]
        stdin_name: String,
    },
    /// Run the whole pipeline on one file without storing; print every layer.
    Annotate {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: AnnotateFormat,
        #[arg(long)]
        published: Option<String>,
        #[command(flatten)]
        lexicon: LexiconArg,
    },
    /// Show which rule or lexicon entry produced each event of a sentence, and why.
    Explain {
        sentence: String,
        #[arg(long)]
        published: Option<String>,
        #[command(flatten)]
        lexicon: LexiconArg,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Score the pipeline's events against gold annotations.
    Eval {
        /// Folder of `<doc>.events.jsonl` and `<doc>.doc.json`.
        #[arg(long, required_unless_present_any = ["plover_gsr", "suite", "treebank"])]
        gold: Option<PathBuf>,
        /// Folder of the documents the gold annotates.
        #[arg(long, required_unless_present_any = ["plover_gsr", "suite", "treebank"])]
        docs: Option<PathBuf>,
        /// Score PLOVER's gold-standard records file instead (same as
        /// `--suite plover-gsr` with this file).
        #[arg(long)]
        plover_gsr: Option<PathBuf>,
        /// Score a peer suite read from `--peer-suites` (protocol in docs/accuracy.md).
        #[arg(long, value_enum)]
        suite: Option<eval::Suite>,
        /// Folder of the peer suites.
        #[arg(long, default_value = "../shared/peer-suites")]
        peer_suites: PathBuf,
        /// Score the tagger and parser on a CoNLL-U treebank (`.conllu` or
        /// `.conllu.gz`, gold tokens): UPOS, XPOS and lemma accuracy, UAS, LAS.
        #[arg(long)]
        treebank: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also list every miss and every spurious or wrong event, with its
        /// sentence, what the gold says and what dyad said.
        #[arg(long)]
        errors: bool,
        /// Fail (exit 1) when event F1 falls below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Fail when date accuracy on matched events falls below this.
        #[arg(long)]
        min_date: Option<f64>,
        /// Fail when status accuracy on matched events falls below this.
        #[arg(long)]
        min_status: Option<f64>,
        /// Fail when a figure of the report passes this bound: `NAME=VALUE`,
        /// a minimum (a maximum for figures where lower is better, such as
        /// `no_event`). Repeatable. Names are those the report prints in brackets.
        #[arg(long = "min", value_name = "NAME=VALUE")]
        bounds: Vec<String>,
        #[command(flatten)]
        lexicon: LexiconArg,
    },
    /// Serve the web page and the JSON API over the store (read-only).
    Serve {
        /// Address to listen on; loopback by default.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// A host name the server answers to besides IP addresses and
        /// `localhost` (requests naming other hosts get 421, which stops
        /// DNS-rebinding pages). Repeatable.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Lexicon tools.
    Lexicon {
        #[command(subcommand)]
        command: LexiconCommand,
    },
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Validate the lexicon files; name the file and line of any problem.
    Check {
        #[command(flatten)]
        lexicon: LexiconArg,
    },
}

fn main() -> ExitCode {
    output::exit_quietly_on_closed_pipe();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if output::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad: error: {}", output::error_chain(&e));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Demo { db, corpus } => ingest::demo(&db.db, corpus.as_deref()),
        Command::Ingest {
            paths,
            db,
            lexicon,
            published,
            max_bytes,
            jobs,
            stdin_name,
        } => {
            let published = parse_date_opt(published.as_deref(), "--published")?;
            let lexicon = lexicon.load()?;
            let make = pipeline_maker(lexicon, max_bytes);
            let opts = ingest::IngestOptions {
                published,
                jobs,
                stdin_name,
                quiet: false,
            };
            ingest::ingest(make, &db.db, &paths, &opts).map(|s| s.exit_code())
        }
        Command::Fetch {
            urls,
            db,
            lexicon,
            http,
        } => fetch::fetch_command(&db.db, lexicon.load()?, &urls, http.config()?),
        Command::Watch {
            feeds,
            every,
            dyad,
            rounds,
            db,
            lexicon,
            http,
        } => {
            let every = fetch::parse_duration(&every).context("--every")?;
            let mut pairs = Vec::new();
            for d in dyad {
                let f = query::event_filter(&FilterArgs {
                    dyad: Some(d.clone()),
                    ..Default::default()
                })?;
                if let Some(pair) = f.dyad {
                    pairs.push(pair);
                }
            }
            let opts = fetch::WatchOptions {
                feeds,
                every,
                pairs,
                rounds,
            };
            fetch::watch_command(&db.db, lexicon.load()?, &opts, http.config()?)
        }
        Command::Docs { db, format, doc } => {
            query::docs(&db.db, format, doc).map(|_| ExitCode::SUCCESS)
        }
        Command::Events {
            db,
            filter,
            format,
            clusters,
        } => if clusters {
            query::clusters(&db.db, &filter, format)
        } else {
            query::events(&db.db, &filter, format)
        }
        .map(|_| ExitCode::SUCCESS),
        Command::Timeline {
            db,
            filter,
            format,
            mentions,
            by,
        } => query::timeline(&db.db, &filter, format, mentions, by).map(|_| ExitCode::SUCCESS),
        Command::Network { db, filter, format } => {
            query::network(&db.db, &filter, format).map(|_| ExitCode::SUCCESS)
        }
        Command::Actors { db, limit, format } => {
            query::actors(&db.db, limit, format).map(|_| ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            db,
            limit,
            format,
        } => query::search(&db.db, &query, limit, format).map(|_| ExitCode::SUCCESS),
        Command::Export {
            format,
            out,
            partition_by,
            since_last,
            db,
            filter,
        } => match partition_by {
            Some(by) => {
                if format != ExportFormat::Parquet {
                    anyhow::bail!("--partition-by writes Parquet only: use --format parquet");
                }
                if event_filter_given(&filter) {
                    anyhow::bail!(
                        "--partition-by exports every event (a lake is filtered by the engine \
                         that reads it); leave out the event filters"
                    );
                }
                lake::export(&db.db, &out, by.get(), since_last).map(|_| ExitCode::SUCCESS)
            }
            None => query::export(&db.db, format, &out, &filter).map(|_| ExitCode::SUCCESS),
        },
        Command::Code {
            paths,
            out,
            partition_by,
            shard,
            lexicon,
            published,
            max_bytes,
            jobs,
            stdin_name,
        } => {
            let published = parse_date_opt(published.as_deref(), "--published")?;
            let lexicon = lexicon.load()?;
            let make = pipeline_maker(lexicon, max_bytes);
            let opts = lake::CodeOptions {
                published,
                jobs,
                stdin_name,
                partition_by: partition_by.get(),
                shard,
            };
            lake::code(make, &paths, &out, &opts)
        }
        Command::Annotate {
            file,
            format,
            published,
            lexicon,
        } => {
            let published = parse_date_opt(published.as_deref(), "--published")?;
            annotate::annotate(&Pipeline::new(lexicon.load()?), &file, format, published)
                .map(|_| ExitCode::SUCCESS)
        }
        Command::Explain {
            sentence,
            published,
            lexicon,
            json,
        } => {
            let published = parse_date_opt(published.as_deref(), "--published")?;
            annotate::explain(&Pipeline::new(lexicon.load()?), &sentence, published, json)
                .map(|_| ExitCode::SUCCESS)
        }
        Command::Eval {
            gold,
            docs,
            plover_gsr,
            suite,
            peer_suites,
            treebank,
            json,
            errors,
            min_f1,
            min_date,
            min_status,
            bounds,
            lexicon,
        } => {
            let bounds = eval::parse_bounds(&bounds)?;
            let out = eval::Output { json, errors };
            if let Some(path) = treebank {
                return eval::treebank(&path, out, &bounds);
            }
            let pipeline = Pipeline::new(lexicon.load()?);
            if let Some(gsr) = plover_gsr {
                return eval::suite_file(&pipeline, eval::Suite::PloverGsr, &gsr, out, &bounds);
            }
            if let Some(suite) = suite {
                return eval::suite(&pipeline, suite, &peer_suites, out, &bounds);
            }
            let (Some(gold), Some(docs)) = (gold, docs) else {
                anyhow::bail!("--gold and --docs are both required");
            };
            eval::eval(
                &pipeline,
                &gold,
                &docs,
                out,
                eval::Gates {
                    min_f1,
                    min_date,
                    min_status,
                    bounds,
                },
            )
        }
        Command::Serve {
            addr,
            db,
            allow_host,
        } => {
            if !db.db.exists() {
                anyhow::bail!(
                    "{}: no such database (run `dyad ingest` first, or pass --db)",
                    db.db.display()
                );
            }
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("cannot start the server runtime")?;
            runtime.block_on(dyad_serve::serve(dyad_serve::ServeOptions {
                addr,
                db: db.db,
                allowed_hosts: allow_host,
                ..Default::default()
            }))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Lexicon {
            command: LexiconCommand::Check { lexicon },
        } => {
            let lex = lexicon.load().context("the lexicon is not valid")?;
            // Patterns compile on first use; a check compiles them all.
            lex.text.compile_all().context("the lexicon is not valid")?;
            for (what, n) in lex.summary() {
                println!("{n:>7}  {what}");
            }
            let g = &lex.events.generated;
            println!(
                "generated triggers: {} read, {} kept, {} left out because a hand entry covers their pattern or one of their words",
                g.read, g.kept, g.covered
            );
            println!(
                "{:>7}  generated triggers conflict with hand entries (same pattern, other type; the hand entry wins)",
                g.conflicts.len()
            );
            for c in g.conflicts.iter().take(5) {
                println!("         {c}");
            }
            println!("lexicon ok");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Whether any event filter was given.
fn event_filter_given(f: &FilterArgs) -> bool {
    let FilterArgs {
        actor,
        dyad,
        event_type,
        status,
        since,
        until,
        doc,
        text,
        limit,
    } = f;
    [actor, dyad, event_type, status, since, until, doc, text]
        .iter()
        .any(|o| o.is_some())
        || limit.is_some()
}

/// Builds the pipeline (on the worker that codes) from the loaded lexicon,
/// reading no input larger than `max_bytes`.
fn pipeline_maker(lexicon: Lexicon, max_bytes: usize) -> impl FnOnce() -> Pipeline + Send {
    move || {
        let mut pipeline = Pipeline::new(lexicon);
        pipeline.read_options.max_bytes = max_bytes;
        pipeline
    }
}

/// Parses an optional date argument, naming the flag in the error.
fn parse_date_opt(s: Option<&str>, flag: &str) -> Result<Option<PartialDate>> {
    s.map(|s| {
        s.parse::<PartialDate>()
            .with_context(|| format!("{flag}: bad date"))
    })
    .transpose()
}

/// The document name for a path: its file name without the extension.
fn doc_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
