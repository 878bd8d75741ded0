//! `dyad annotate` (every layer of one document) and `dyad explain` (why
//! each event of a sentence was coded as it was).

use crate::{doc_name, AnnotateFormat};
use anyhow::{Context, Result};
use dyad_doc::{Doc, PartialDate, Span};
use dyad_pipeline::Pipeline;
use serde_json::json;
use std::io::Write;
use std::path::Path;

/// A mention's text and character offsets.
fn at(doc: &Doc, span: Span) -> serde_json::Value {
    json!({"text": doc.slice(span), "start": doc.char_offset(span.start), "end": doc.char_offset(span.end)})
}

/// Every layer as JSON Lines: one `doc` record, then sentences, actor,
/// time and quantity mentions, then events. Each line has a `layer` field.
pub fn layers_jsonl(doc: &Doc) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut d = serde_json::to_value(doc.doc_record()).unwrap_or_default();
    d["layer"] = json!("doc");
    d["text"] = json!(doc.text);
    if let Some(why) = &doc.off_topic {
        d["off_topic"] = json!(why);
    }
    out.push(d);
    for (i, s) in doc.sentences.iter().enumerate() {
        let kind = doc.sentence_kind(i);
        out.push(json!({"layer": "sentence", "index": i, "paragraph": s.paragraph, "block": kind, "span": at(doc, s.span)}));
    }
    for m in &doc.actors {
        out.push(json!({"layer": "actor", "sentence": m.sentence, "span": at(doc, m.span), "code": m.code,
            "sector": m.sector, "kind": m.kind, "name": m.name, "group": m.group, "rule": m.rule}));
    }
    for t in &doc.times {
        out.push(json!({"layer": "time", "sentence": t.sentence, "span": at(doc, t.span),
            "value": t.value.map(|v| v.to_string()), "precision": t.value.map(|v| v.precision.as_str()),
            "relative": t.relative, "since": t.since, "rule": t.rule}));
    }
    for q in &doc.quantities {
        out.push(
            json!({"layer": "quantity", "sentence": q.sentence, "span": at(doc, q.span),
            "quantity": q.quantity, "upper": q.upper, "rule": q.rule}),
        );
    }
    for (r, e) in doc.event_records().into_iter().zip(&doc.events) {
        let mut v = serde_json::to_value(&r).unwrap_or_default();
        v["layer"] = json!("event");
        v["sentence"] = json!(e.sentence);
        v["why"] = json!(e.why);
        out.push(v);
    }
    out
}

pub fn annotate(
    pipeline: &Pipeline,
    file: &Path,
    format: AnnotateFormat,
    published: Option<PartialDate>,
) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let doc = pipeline.annotate_bytes(&doc_name(file), Some(file), &bytes, published)?;
    let mut out = std::io::stdout().lock();
    match format {
        AnnotateFormat::Jsonl => {
            for v in layers_jsonl(&doc) {
                writeln!(out, "{v}")?;
            }
        }
        AnnotateFormat::Text => {
            let r = doc.doc_record();
            writeln!(out, "# {}", r.title.as_deref().unwrap_or(&r.doc))?;
            writeln!(
                out,
                "author: {}  published: {} ({})",
                r.author.as_deref().unwrap_or("-"),
                r.published.as_deref().unwrap_or("-"),
                r.published_basis
            )?;
            for (i, s) in doc.sentences.iter().enumerate() {
                writeln!(out, "\n[{i}] {}", doc.slice(s.span))?;
                for m in doc.actors.iter().filter(|m| m.sentence == i) {
                    writeln!(
                        out,
                        "    actor    {:<28} {} {} ({:?}, {})",
                        doc.slice(m.span),
                        m.code.as_deref().unwrap_or("-"),
                        m.sector.as_deref().unwrap_or(""),
                        m.kind,
                        m.rule
                    )?;
                }
                for t in doc.times.iter().filter(|t| t.sentence == i) {
                    let v = t.value.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
                    writeln!(
                        out,
                        "    time     {:<28} {v} ({})",
                        doc.slice(t.span),
                        t.rule
                    )?;
                }
                for q in doc.quantities.iter().filter(|q| q.sentence == i) {
                    writeln!(
                        out,
                        "    quantity {:<28} {} {}",
                        doc.slice(q.span),
                        q.quantity.value,
                        q.quantity.unit
                    )?;
                }
                for e in doc.events.iter().filter(|e| e.sentence == i) {
                    writeln!(
                        out,
                        "    EVENT    {} {} → {} {} {}",
                        e.event_type,
                        e.source.as_deref().unwrap_or("-"),
                        e.target.as_deref().unwrap_or("-"),
                        e.status,
                        e.date.map(|d| d.to_string()).unwrap_or_default()
                    )?;
                }
            }
        }
    }
    Ok(())
}

pub fn explain(
    pipeline: &Pipeline,
    sentence: &str,
    published: Option<PartialDate>,
    as_json: bool,
) -> Result<()> {
    let doc = pipeline.annotate_text("explain", sentence, published);
    let mut out = std::io::stdout().lock();
    if as_json {
        for v in layers_jsonl(&doc) {
            writeln!(out, "{v}")?;
        }
        return Ok(());
    }
    writeln!(out, "sentence: {sentence}")?;
    match doc.meta.published {
        Some(p) => writeln!(out, "anchor date: {p} (relative dates resolve against it)")?,
        None => writeln!(
            out,
            "anchor date: none (pass --published DATE to resolve relative dates)"
        )?,
    }
    writeln!(out, "\nactors:")?;
    if doc.actors.is_empty() {
        writeln!(out, "  none recognised")?;
    }
    for m in &doc.actors {
        writeln!(
            out,
            "  {:<30} → {} {} ({:?}; {})",
            doc.slice(m.span),
            if m.group.is_empty() {
                m.code.clone().unwrap_or_else(|| "no code".into())
            } else {
                m.group.join("+")
            },
            m.sector.as_deref().unwrap_or(""),
            m.kind,
            m.rule
        )?;
    }
    writeln!(out, "times:")?;
    for t in &doc.times {
        let v = t
            .value
            .map(|v| v.to_string())
            .unwrap_or_else(|| "no date".into());
        writeln!(out, "  {:<30} → {v} ({})", doc.slice(t.span), t.rule)?;
    }
    writeln!(out, "quantities:")?;
    for q in &doc.quantities {
        writeln!(
            out,
            "  {:<30} → {} {} ({})",
            doc.slice(q.span),
            q.quantity.value,
            q.quantity.unit,
            q.rule
        )?;
    }
    writeln!(out, "\nevents: {}", doc.events.len())?;
    for (i, e) in doc.events.iter().enumerate() {
        writeln!(
            out,
            "\n{}. {} {} → {}  status {}{}  date {}  mode {}",
            i + 1,
            e.event_type,
            e.source.as_deref().unwrap_or("-"),
            e.target.as_deref().unwrap_or("-"),
            e.status,
            e.attributed_to
                .as_ref()
                .map(|a| format!(" (by {a})"))
                .unwrap_or_default(),
            e.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            e.mode.as_deref().unwrap_or("-")
        )?;
        writeln!(out, "   rule: {}", e.rule)?;
        for w in &e.why {
            writeln!(out, "   - {w}")?;
        }
    }
    if doc.events.is_empty() {
        writeln!(
            out,
            "no trigger of triggers.tsv produced an event with a codable actor in this sentence"
        )?;
    }
    Ok(())
}
