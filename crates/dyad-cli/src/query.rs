//! Read-only commands over the store: docs, events, timeline, network,
//! search and export.

use crate::output::{or_dash, print_table};
use crate::{ExportFormat, FilterArgs, TableFormat};
use anyhow::{bail, Context, Result};
use dyad_doc::{EventRecord, EventType, PartialDate, Status};
use dyad_store::{ClusterRecord, DocFilter, EventFilter, Store};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) fn open(db: &Path) -> Result<Store> {
    if !db.exists() {
        bail!(
            "{}: no such database (run `dyad ingest` first, or pass --db)",
            db.display()
        );
    }
    Store::open_read_only(db).with_context(|| format!("cannot open the database {}", db.display()))
}

/// An actor code as the store keeps them: `RUS`, `PRK`, `UNO`, `NATO`
/// (upper case; lower case is accepted, as `--type aid` is).
fn looks_like_code(v: &str) -> bool {
    let b = v.trim().as_bytes();
    (2..=4).contains(&b.len())
        && b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.iter().all(u8::is_ascii_alphanumeric)
        && (v.trim().to_uppercase() == v.trim() || v.trim().to_lowercase() == v.trim())
}

/// The code of an actor named `name`: a country, organisation or other
/// actor whose name or alias it is, or the state of a person's first role,
/// compared without regard to case.
pub fn actor_code(lex: &dyad_lexicon::Lexicon, name: &str) -> Option<String> {
    let want = name.trim().to_lowercase();
    let entry = lex.actors.entries.iter().find(|e| {
        e.codes.len() == 1
            && e.forms
                .iter()
                .chain([&e.name])
                .any(|f| f.to_lowercase() == want)
    });
    if let Some(e) = entry {
        return e.codes.first().cloned();
    }
    lex.actors
        .people
        .iter()
        .find(|p| {
            p.forms
                .iter()
                .chain(&p.short)
                .chain([&p.name])
                .any(|f| f.to_lowercase() == want)
        })
        .and_then(|p| p.roles.first())
        .map(|r| r.code.clone())
}

/// The lexicon's name of an actor code ("RUS" → "Russia"), if it has one.
fn actor_name(lex: &dyad_lexicon::Lexicon, code: &str) -> Option<String> {
    lex.actors
        .entries
        .iter()
        .find(|e| e.codes.len() == 1 && e.codes[0] == code)
        .map(|e| e.name.clone())
}

/// Turns command-line filters into a store filter, validating each value.
pub fn event_filter(f: &FilterArgs) -> Result<EventFilter> {
    let date = |s: &Option<String>, flag: &str| -> Result<Option<PartialDate>> {
        s.as_deref()
            .map(|d| {
                d.parse::<PartialDate>()
                    .with_context(|| format!("--{flag}: bad date '{d}'"))
            })
            .transpose()
    };
    let dyad = match &f.dyad {
        None => None,
        Some(d) => {
            let parts: Vec<&str> = d.split(['-', ',', ':']).map(str::trim).collect();
            match parts.as_slice() {
                [a, b] if !a.is_empty() && !b.is_empty() => Some((a.to_string(), b.to_string())),
                _ => bail!("--dyad: expected two actor codes like RUS-PRK, got '{d}'"),
            }
        }
    };
    // Names and aliases ("Russia", "north korea", "DPRK", "Lavrov") are
    // read through the lexicon; what it does not know and looks like a
    // code is taken as one.
    let lexicon = if f.actor.is_some() || dyad.is_some() {
        Some(dyad_lexicon::Lexicon::builtin().context("loading the lexicon to read actor names")?)
    } else {
        None
    };
    let code = |v: &str, flag: &str| -> Result<String> {
        if let Some(c) = lexicon.as_ref().and_then(|lex| actor_code(lex, v)) {
            return Ok(c);
        }
        if looks_like_code(v) {
            return Ok(v.trim().to_uppercase());
        }
        bail!("--{flag}: no actor is called '{v}' (give a name the lexicon knows, or a code like RUS; `dyad actors` lists the stored ones)")
    };
    let dyad = match dyad {
        Some((a, b)) => Some((code(&a, "dyad")?, code(&b, "dyad")?)),
        None => None,
    };
    Ok(EventFilter {
        actor: f.actor.as_deref().map(|a| code(a, "actor")).transpose()?,
        dyad,
        event_type: f
            .event_type
            .as_deref()
            .map(|t| t.parse::<EventType>().map_err(anyhow::Error::msg))
            .transpose()
            .context("--type")?,
        status: f
            .status
            .as_deref()
            .map(|s| {
                s.to_lowercase()
                    .parse::<Status>()
                    .map_err(anyhow::Error::msg)
            })
            .transpose()
            .context("--status")?,
        since: date(&f.since, "since")?,
        until: date(&f.until, "until")?,
        doc: f.doc.clone(),
        text: f.text.clone(),
        limit: f.limit,
        offset: 0,
    })
}

pub fn docs(db: &Path, format: TableFormat, doc: Option<String>) -> Result<()> {
    let store = open(db)?;
    let mut docs = store.docs(&DocFilter {
        doc: None,
        limit: None,
        offset: 0,
    })?;
    // --doc: the document of that name, else the one whose name starts so.
    if let Some(want) = doc {
        let exact: Vec<_> = docs.iter().filter(|d| d.doc == want).cloned().collect();
        docs = if exact.is_empty() {
            docs.into_iter()
                .filter(|d| d.doc.starts_with(&want))
                .collect()
        } else {
            exact
        };
        match docs.len() {
            0 => bail!("--doc {want}: no stored document has that name or starts so (`dyad docs` lists them)"),
            1 => {}
            n => {
                let names: Vec<&str> = docs.iter().take(5).map(|d| d.doc.as_str()).collect();
                bail!(
                    "--doc {want}: {n} documents start so ({}{}); give more of the name",
                    names.join(", "),
                    if n > 5 { ", ..." } else { "" }
                )
            }
        }
    }
    match format {
        TableFormat::Jsonl => {
            let mut out = std::io::stdout().lock();
            for d in &docs {
                writeln!(out, "{}", serde_json::to_string(d)?)?;
            }
        }
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record([
                "doc",
                "title",
                "author",
                "published",
                "published_basis",
                "sentences",
                "events",
                "url",
            ])?;
            for d in &docs {
                w.write_record([
                    d.doc.clone(),
                    or_dash(&d.title),
                    or_dash(&d.author),
                    or_dash(&d.published),
                    d.published_basis.clone(),
                    d.sentences.to_string(),
                    d.events.to_string(),
                    or_dash(&d.url),
                ])?;
            }
            w.flush()?;
        }
        TableFormat::Table => {
            let rows: Vec<Vec<String>> = docs
                .iter()
                .map(|d| {
                    vec![
                        d.doc.clone(),
                        or_dash(&d.published),
                        d.published_basis.clone(),
                        or_dash(&d.author),
                        d.sentences.to_string(),
                        d.events.to_string(),
                        or_dash(&d.title),
                        or_dash(&d.url),
                    ]
                })
                .collect();
            print_table(
                &[
                    "doc",
                    "published",
                    "basis",
                    "author",
                    "sentences",
                    "events",
                    "title",
                    "url",
                ],
                &rows,
                60,
            );
        }
    }
    Ok(())
}

pub fn print_events(events: &[EventRecord], format: TableFormat) -> Result<()> {
    match format {
        TableFormat::Jsonl => dyad_store::write_jsonl(events, std::io::stdout().lock())?,
        TableFormat::Csv => dyad_store::write_csv(events, std::io::stdout().lock())?,
        TableFormat::Table => {
            let rows: Vec<Vec<String>> = events
                .iter()
                .map(|e| {
                    vec![
                        or_dash(&e.date),
                        e.event_type.to_string(),
                        format!(
                            "{}{} → {}{}",
                            or_dash(&e.source),
                            e.source_sector
                                .as_ref()
                                .map(|s| format!("/{s}"))
                                .unwrap_or_default(),
                            or_dash(&e.target),
                            e.target_sector
                                .as_ref()
                                .map(|s| format!("/{s}"))
                                .unwrap_or_default()
                        ),
                        match &e.attributed_to {
                            Some(a) => format!("{} ({a})", e.status),
                            None => e.status.to_string(),
                        },
                        e.doc.clone(),
                        e.quote.clone(),
                    ]
                })
                .collect();
            print_table(
                &["date", "type", "source → target", "status", "doc", "quote"],
                &rows,
                90,
            );
        }
    }
    Ok(())
}

pub fn events(db: &Path, f: &FilterArgs, format: TableFormat) -> Result<()> {
    let store = open(db)?;
    let events = store.events(&event_filter(f)?)?;
    print_events(&events, format)
}

/// `dyad events --clusters`: event clusters (one real-world event and every
/// document reporting it), with corroboration and contradiction links.
pub fn clusters(db: &Path, f: &FilterArgs, format: TableFormat) -> Result<()> {
    let store = open(db)?;
    let state = store.cluster_state()?;
    if !state.current {
        eprintln!(
            "note: the clusters do not cover the latest ingest (run `dyad ingest` again to \
             recluster)"
        );
    }
    let clusters = store.clusters(&event_filter(f)?)?;
    let statuses = |c: &ClusterRecord| -> String {
        c.cluster
            .statuses
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let actors = |c: &ClusterRecord| -> String {
        format!(
            "{} {} {}",
            or_dash(&c.cluster.source),
            if c.cluster.joint { "↔" } else { "→" },
            or_dash(&c.cluster.target)
        )
    };
    let first_quote = |c: &ClusterRecord| -> String {
        c.cluster
            .sources
            .first()
            .map(|s| s.quote.clone())
            .unwrap_or_default()
    };
    match format {
        TableFormat::Jsonl => {
            let mut out = std::io::stdout().lock();
            for c in &clusters {
                writeln!(out, "{}", serde_json::to_string(c)?)?;
            }
        }
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record([
                "id",
                "date",
                "type",
                "source",
                "target",
                "joint",
                "intensity",
                "corroboration",
                "mentions",
                "statuses",
                "docs",
                "contradicted_by",
                "denies",
                "denied_only",
                "quote",
            ])?;
            for c in &clusters {
                let k = &c.cluster;
                w.write_record([
                    k.id.clone(),
                    k.date.map(|d| d.to_string()).unwrap_or_default(),
                    k.event_type.to_string(),
                    k.source.clone().unwrap_or_default(),
                    k.target.clone().unwrap_or_default(),
                    k.joint.to_string(),
                    format!("{:.2}", k.intensity),
                    k.corroboration.to_string(),
                    k.mentions.len().to_string(),
                    statuses(c),
                    k.docs.join(" "),
                    k.contradicted_by.join(" "),
                    k.denies.join(" "),
                    c.denied_only.to_string(),
                    first_quote(c),
                ])?;
            }
            w.flush()?;
        }
        TableFormat::Table => {
            let rows: Vec<Vec<String>> = clusters
                .iter()
                .map(|c| {
                    let k = &c.cluster;
                    let links = if !k.contradicted_by.is_empty() {
                        format!("contradicted by {}", k.contradicted_by.join(", "))
                    } else if !k.denies.is_empty() {
                        format!("denies {}", k.denies.join(", "))
                    } else {
                        "-".to_string()
                    };
                    vec![
                        k.id.clone(),
                        k.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                        k.event_type.to_string(),
                        actors(c),
                        format!(
                            "{} doc{}",
                            k.corroboration,
                            if k.corroboration == 1 { "" } else { "s" }
                        ),
                        statuses(c),
                        links,
                        first_quote(c),
                    ]
                })
                .collect();
            print_table(
                &[
                    "cluster",
                    "date",
                    "type",
                    "source → target",
                    "reported by",
                    "statuses",
                    "contradiction",
                    "first quote",
                ],
                &rows,
                80,
            );
            println!(
                "({} clusters from {} mentions at the last clustering)",
                state.clusters, state.mentions
            );
        }
    }
    Ok(())
}

/// The time axis of `dyad timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// When it happened: the event's own date.
    Event,
    /// When it was reported: the document's publication date.
    Reported,
}

pub fn timeline(
    db: &Path,
    f: &FilterArgs,
    format: TableFormat,
    mentions: bool,
    by: By,
) -> Result<()> {
    let store = open(db)?;
    let t = if by == By::Reported {
        store.reported_timeline(&event_filter(f)?)?
    } else if mentions {
        store.mention_timeline(&event_filter(f)?)?
    } else {
        store.timeline(&event_filter(f)?)?
    };
    match format {
        TableFormat::Jsonl => println!("{}", serde_json::to_string(&t)?),
        TableFormat::Csv => {
            let rows: Vec<Vec<String>> = t
                .buckets
                .iter()
                .map(|b| {
                    vec![
                        b.month.clone(),
                        b.total.to_string(),
                        format!("{:.2}", b.mean_intensity),
                        type_counts(b).join("; "),
                    ]
                })
                .collect();
            write_csv_rows(&["month", "events", "mean_intensity", "by_type"], &rows)?;
        }
        TableFormat::Table => {
            let rows: Vec<Vec<String>> = t
                .buckets
                .iter()
                .map(|b| {
                    vec![
                        b.month.clone(),
                        b.total.to_string(),
                        format!("{:+.1}", b.mean_intensity),
                        bar(b.mean_intensity),
                        type_counts(b).join(", "),
                    ]
                })
                .collect();
            print_table(
                &["month", "events", "tone", "cooperation–conflict", "by type"],
                &rows,
                80,
            );
            if by == By::Reported {
                println!(
                    "(by publication date: every event of every document in the month its \
                     document was published)"
                );
                println!(
                    "({} events of documents dated only to a year or coarser, {} of undated \
                     documents, are not placed in months)",
                    t.imprecise, t.undated
                );
                return Ok(());
            }
            println!("(by event date: when it happened)");
            if mentions {
                println!("(events are mentions: every event of every document, as exported)");
            } else if t.clustered {
                println!("(events are clusters: each real-world event once, however many documents report it)");
            } else {
                println!(
                    "(events are mentions: the store has not been clustered since its last change)"
                );
            }
            println!(
                "({} events dated only to a year or coarser, {} undated, are not placed in months)",
                t.imprecise, t.undated
            );
        }
    }
    Ok(())
}

/// "AID 3", "CONSULT 2": a month's events by type.
fn type_counts(b: &dyad_store::TimelineBucket) -> Vec<String> {
    b.by_type.iter().map(|(k, v)| format!("{k} {v}")).collect()
}

/// A small text bar for the tone: left is conflict, right cooperation.
fn bar(tone: f64) -> String {
    let n = (tone.abs().min(10.0) as usize).max(if tone != 0.0 { 1 } else { 0 });
    if tone < 0.0 {
        format!("{:>10}|{:10}", "▇".repeat(n), "")
    } else {
        format!("{:>10}|{:10}", "", "▇".repeat(n))
    }
}

pub fn network(db: &Path, f: &FilterArgs, format: TableFormat) -> Result<()> {
    let store = open(db)?;
    let mut n = store.network(&event_filter(f)?)?;
    // The busiest pairs first; --limit keeps that many.
    n.edges.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.source.cmp(&b.source))
            .then(a.target.cmp(&b.target))
    });
    if let Some(limit) = f.limit {
        n.edges.truncate(limit);
    }
    let header = ["source", "target", "events", "tone"];
    let rows: Vec<Vec<String>> = n
        .edges
        .iter()
        .map(|e| {
            vec![
                e.source.clone(),
                e.target.clone(),
                e.count.to_string(),
                format!("{:+.1}", e.mean_intensity),
            ]
        })
        .collect();
    match format {
        TableFormat::Jsonl => {
            for e in &n.edges {
                println!("{}", serde_json::to_string(e)?);
            }
        }
        TableFormat::Csv => write_csv_rows(&header, &rows)?,
        TableFormat::Table => print_table(&header, &rows, 40),
    }
    Ok(())
}

/// `dyad actors`: every actor in the store with its name and event count,
/// busiest first.
pub fn actors(db: &Path, limit: Option<usize>, format: TableFormat) -> Result<()> {
    let store = open(db)?;
    let mut nodes = store.network(&EventFilter::default())?.nodes;
    nodes.sort_by(|a, b| b.events.cmp(&a.events).then(a.code.cmp(&b.code)));
    if let Some(l) = limit {
        nodes.truncate(l);
    }
    let lex = dyad_lexicon::Lexicon::builtin().context("loading the lexicon for actor names")?;
    let rows: Vec<Vec<String>> = nodes
        .iter()
        .map(|n| {
            vec![
                n.code.clone(),
                actor_name(&lex, &n.code).unwrap_or_else(|| "-".into()),
                n.events.to_string(),
            ]
        })
        .collect();
    let header = ["code", "name", "events"];
    match format {
        TableFormat::Jsonl => {
            for r in &rows {
                println!(
                    "{}",
                    serde_json::json!({"code": r[0], "name": (r[1] != "-").then_some(&r[1]), "events": nodes.iter().find(|n| n.code == r[0]).map_or(0, |n| n.events)})
                );
            }
        }
        TableFormat::Csv => write_csv_rows(&header, &rows)?,
        TableFormat::Table => print_table(&header, &rows, 60),
    }
    Ok(())
}

/// Writes a header and rows as CSV on standard output.
fn write_csv_rows(header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.flush()?;
    Ok(())
}

/// The longest search text accepted, as the server's API accepts
/// (`dyad_serve`): longer queries only cost time.
const MAX_SEARCH_CHARS: usize = 500;

pub fn search(db: &Path, query: &str, limit: usize, format: TableFormat) -> Result<()> {
    if limit == 0 {
        bail!("--limit 0: nothing would be shown; give 1 or more");
    }
    let chars = query.chars().count();
    if chars > MAX_SEARCH_CHARS {
        bail!(
            "the search text is {chars} characters long; at most {MAX_SEARCH_CHARS} are accepted"
        );
    }
    let store = open(db)?;
    let hits = store.search(query, limit)?;
    match format {
        TableFormat::Jsonl => {
            for h in &hits {
                println!("{}", serde_json::to_string(h)?);
            }
        }
        TableFormat::Csv => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| vec![h.doc.clone(), h.sentence.to_string(), h.text.clone()])
                .collect();
            write_csv_rows(&["doc", "sentence", "text"], &rows)?;
        }
        TableFormat::Table => {
            if hits.is_empty() {
                println!("no sentence matches '{query}'");
            }
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| vec![h.doc.clone(), h.sentence.to_string(), h.snippet.clone()])
                .collect();
            print_table(&["doc", "sentence", "match"], &rows, 120);
        }
    }
    Ok(())
}

pub fn export(db: &Path, format: ExportFormat, out: &Path, f: &FilterArgs) -> Result<()> {
    let to_stdout = out.as_os_str() == "-";
    if !to_stdout {
        refuse_store_path(db, out)?;
    }
    let store = open(db)?;
    let events = store.events(&event_filter(f)?)?;
    if to_stdout {
        let stdout = std::io::stdout().lock();
        let w = std::io::BufWriter::new(stdout);
        let written = match format {
            ExportFormat::Jsonl => dyad_store::write_jsonl(&events, w),
            ExportFormat::Csv => dyad_store::write_csv(&events, w),
            ExportFormat::Plover => {
                let docs = store.docs(&DocFilter::default())?;
                dyad_store::write_plover(&events, &docs, w)
            }
            ExportFormat::Parquet => {
                anyhow::bail!("--out -: Parquet is a binary file format; name a file to write")
            }
        };
        return crate::output::quiet_on_closed_pipe(written.map_err(anyhow::Error::from));
    }
    // Written beside the target and renamed into place, so an export that
    // fails halfway leaves any earlier file of that name whole.
    let tmp = temp_beside(out);
    let result = (|| -> Result<()> {
        let file = || {
            std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))
        };
        match format {
            ExportFormat::Jsonl => {
                dyad_store::write_jsonl(&events, std::io::BufWriter::new(file()?))?
            }
            ExportFormat::Csv => dyad_store::write_csv(&events, std::io::BufWriter::new(file()?))?,
            ExportFormat::Parquet => dyad_store::write_parquet(&events, &tmp)
                .with_context(|| format!("cannot write {}", out.display()))?,
            ExportFormat::Plover => {
                let docs = store.docs(&DocFilter::default())?;
                dyad_store::write_plover(&events, &docs, std::io::BufWriter::new(file()?))?
            }
        }
        std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    println!("{} events written to {}", events.len(), out.display());
    Ok(())
}

/// A temporary file name in the folder of `out`.
fn temp_beside(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    out.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Refuses an output path that is the store itself or one of its
/// write-ahead files, however it is spelt (relative, `./`, a symbolic link):
/// writing there would destroy the database.
pub(crate) fn refuse_store_path(db: &Path, out: &Path) -> Result<()> {
    // The canonical form of a path that may not exist yet: its folder's
    // canonical form and its own name (a link is followed when it exists).
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = std::fs::canonicalize(p) {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    let (Some(out_c), Some(db_c)) = (canonical(out), canonical(db)) else {
        return Ok(());
    };
    let db_name = db_c.as_os_str().to_string_lossy().into_owned();
    let store_files = [
        db_c.clone(),
        PathBuf::from(format!("{db_name}-wal")),
        PathBuf::from(format!("{db_name}-shm")),
        PathBuf::from(format!("{db_name}-journal")),
    ];
    if store_files.contains(&out_c) {
        anyhow::bail!(
            "--out {}: that is the database (or one of its files) itself; choose another file",
            out.display()
        );
    }
    Ok(())
}

/// The demo's view: every dated event in time order, and the yearly
/// cooperation–conflict trend.
pub fn print_demo_timeline(db: &Path) -> Result<()> {
    let store = open(db)?;
    let mut events = store.events(&EventFilter::default())?;
    let undated = events.iter().filter(|e| e.date.is_none()).count();
    events.retain(|e| e.date.is_some());
    events.sort_by(|a, b| a.date.cmp(&b.date).then(a.doc.cmp(&b.doc)));
    println!(
        "Timeline of dated events ({} dated, {undated} undated):",
        events.len()
    );
    println!();
    print_events(&events, TableFormat::Table)?;
    let mut years: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for e in &events {
        if let Some(d) = &e.date {
            let y = years.entry(d.chars().take(4).collect()).or_default();
            y.0 += 1;
            y.1 += e.intensity as f64;
        }
    }
    println!();
    println!(
        "Cooperation–conflict trend by year (mean intensity, −10 conflict … +10 cooperation):"
    );
    let rows: Vec<Vec<String>> = years
        .iter()
        .map(|(y, (n, sum))| {
            let tone = sum / *n as f64;
            vec![y.clone(), n.to_string(), format!("{tone:+.1}"), bar(tone)]
        })
        .collect();
    print_table(
        &["year", "events", "tone", "conflict | cooperation"],
        &rows,
        40,
    );
    Ok(())
}
