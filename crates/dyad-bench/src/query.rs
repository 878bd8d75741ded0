//! Store query latency, and a store-level bulk fill.
//!
//! [`bulk_fill`] reaches a large number of events quickly by storing
//! generated articles with the events the generator planted in them,
//! skipping read/segment/recognise/code: the store sees the same shape of
//! data (documents, sentences, full-text rows, events with dates, statuses
//! and dyads) at a fraction of the cost. Reports say which way a store
//! was filled.

use crate::corpus::{Article, Corpus};
use dyad_doc::{BlockKind, Doc, DocMeta, Event, Paragraph, PublishedBasis, Sentence, Span};
use dyad_store::{content_hash, EventFilter, Store, StoreError};
use std::time::{Duration, Instant};

/// Latency of one query over repeated runs.
#[derive(Debug, Clone)]
pub struct QueryTiming {
    pub name: String,
    /// Rows (events, buckets, edges, hits) the query returned.
    pub rows: usize,
    pub runs: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

/// Runs `f` once to warm the caches, then `runs` times, and reports the
/// median and 95th percentile.
pub fn time_query(
    name: impl Into<String>,
    runs: usize,
    mut f: impl FnMut() -> Result<usize, StoreError>,
) -> Result<QueryTiming, StoreError> {
    let mut rows = f()?;
    let runs = runs.max(1);
    let mut ms = Vec::with_capacity(runs);
    for _ in 0..runs {
        let clock = Instant::now();
        rows = f()?;
        ms.push(clock.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = ((ms.len() - 1) as f64 * q).round() as usize;
        ms.get(i).copied().unwrap_or(0.0)
    };
    Ok(QueryTiming {
        name: name.into(),
        rows,
        runs,
        median_ms: at(0.5),
        p95_ms: at(0.95),
        max_ms: ms.last().copied().unwrap_or(0.0),
    })
}

/// The dyads the benchmark queries: the most frequent one and one of
/// median frequency, from the network's edges (most frequent first).
pub fn pick_dyads(store: &Store) -> Result<Vec<(String, String, usize)>, StoreError> {
    let net = store.network(&EventFilter::default())?;
    let edges: Vec<_> = net.edges.iter().filter(|e| e.source != e.target).collect();
    let mut out = Vec::new();
    if let Some(e) = edges.first() {
        out.push((e.source.clone(), e.target.clone(), e.count));
    }
    if let Some(e) = edges.get(edges.len() / 2) {
        if edges.len() > 1 {
            out.push((e.source.clone(), e.target.clone(), e.count));
        }
    }
    Ok(out)
}

/// Times the queries the CLI and web UI make: events by dyad (first page
/// of 100), the dyad's timeline, the whole network, and a full-text search.
pub fn query_bench(store: &Store, runs: usize) -> Result<Vec<QueryTiming>, StoreError> {
    let mut out = Vec::new();
    for (a, b, n) in pick_dyads(store)? {
        let dyad = EventFilter {
            dyad: Some((a.clone(), b.clone())),
            ..Default::default()
        };
        let page = EventFilter {
            limit: Some(100),
            ..dyad.clone()
        };
        out.push(time_query(
            format!("events(dyad {a}-{b} [{n}], limit 100)"),
            runs,
            || Ok(store.events(&page)?.len()),
        )?);
        out.push(time_query(
            format!("timeline(dyad {a}-{b} [{n}])"),
            runs,
            || Ok(store.timeline(&dyad)?.buckets.len()),
        )?);
    }
    out.push(time_query("network(all)", runs, || {
        Ok(store.network(&EventFilter::default())?.edges.len())
    })?);
    out.push(time_query("timeline(all)", runs, || {
        Ok(store.timeline(&EventFilter::default())?.buckets.len())
    })?);
    out.push(time_query("search(\"troops\", 20)", runs, || {
        Ok(store.search("troops", 20)?.len())
    })?);
    Ok(out)
}

/// `EXPLAIN QUERY PLAN` of `sql` (with `?` parameters bound to `params`),
/// one line per plan row.
pub fn explain(store: &Store, sql: &str, params: &[&str]) -> Result<Vec<String>, StoreError> {
    let conn = store.connection();
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .map_err(StoreError::from)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            r.get::<_, String>(3)
        })
        .map_err(StoreError::from)?;
    rows.collect::<Result<_, _>>().map_err(StoreError::from)
}

/// Result of a bulk fill.
#[derive(Debug, Clone, Default)]
pub struct BulkReport {
    pub docs: usize,
    pub events: usize,
    pub elapsed: Duration,
}

/// The document an article makes with its planted events, as if the
/// pipeline had coded exactly them (named `bulk-NNNNNNN`).
pub fn planted_doc(index: usize, article: &Article) -> Doc {
    let meta = DocMeta {
        title: article
            .paragraphs
            .first()
            .and_then(|s| article.text.get(s.start..s.end))
            .map(str::to_string),
        published: Some(article.published),
        published_basis: PublishedBasis::Stated,
        ..Default::default()
    };
    let mut doc = Doc::new(format!("bulk-{index:07}"), article.text.clone(), meta);
    doc.paragraphs = article
        .paragraphs
        .iter()
        .map(|&span| Paragraph {
            span,
            kind: BlockKind::Body,
        })
        .collect();
    for (si, s) in article.sentences.iter().enumerate() {
        doc.sentences.push(Sentence {
            span: s.span,
            paragraph: s.paragraph,
        });
        let Some(p) = &s.event else { continue };
        // The trigger is taken to be the sentence's second word: a stand-in,
        // since no coder ran.
        let text = article.text.get(s.span.start..s.span.end).unwrap_or("");
        let mut words = text.match_indices(' ');
        let trigger = match (words.next(), words.next()) {
            (Some((a, _)), Some((b, _))) => Span::new(s.span.start + a + 1, s.span.start + b),
            _ => s.span,
        };
        doc.events.push(Event {
            event_type: p.event_type,
            mode: None,
            source: Some(p.source.clone()),
            source_sector: None,
            target: Some(p.target.clone()),
            target_sector: None,
            date: p.date.or(Some(article.published)),
            date_basis: Default::default(),
            status: p.status,
            attributed_to: None,
            quantities: Vec::new(),
            location: None,
            sentence: si,
            quote_span: s.span,
            trigger_span: trigger,
            joint: false,
            intensity: p.event_type.default_intensity(),
            rule: p.rule.clone(),
            why: Vec::new(),
        });
    }
    doc
}

/// Adds `bulk-*` documents with planted events until the store holds at
/// least `target_events` events. Resumes after the bulk documents already
/// there, so a fill can be extended.
pub fn bulk_fill(
    store: &mut Store,
    corpus: &Corpus,
    target_events: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BulkReport, StoreError> {
    let start = Instant::now();
    let mut have = store.stats()?.events;
    let mut next: usize = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM doc WHERE name LIKE 'bulk-%'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(StoreError::from)?
        .try_into()
        .unwrap_or(0);
    let mut report = BulkReport::default();
    while have < target_events {
        let article = corpus.article(next);
        let doc = planted_doc(next, &article);
        store.ingest(&doc, &content_hash(article.text.as_bytes()))?;
        have += doc.events.len();
        report.docs += 1;
        report.events += doc.events.len();
        next += 1;
        progress(report.docs, have);
    }
    report.elapsed = start.elapsed();
    Ok(report)
}
