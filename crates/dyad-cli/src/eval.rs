//! `dyad eval`: run the pipeline on documents and score the events against
//! gold annotations (see `../shared/gold/README.md` for the matching rule).

use anyhow::{Context, Result};
use dyad_eval::{
    load_gold_dir, load_plover_gsr, score_doc, score_docs_meta, score_gsr, DocScore, Report,
};
use dyad_pipeline::Pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Minimum scores below which `dyad eval` exits 1 (a regression gate).
pub struct Gates {
    pub min_f1: Option<f64>,
    pub min_date: Option<f64>,
    pub min_status: Option<f64>,
}

/// Finds the document file for a gold name: `<name>.txt`, `.html`, ...
fn find_doc(dir: &Path, name: &str) -> Option<PathBuf> {
    ["txt", "html", "htm", "md", "text"]
        .iter()
        .map(|ext| dir.join(format!("{name}.{ext}")))
        .find(|p| p.is_file())
}

pub fn eval(
    pipeline: &Pipeline,
    gold: &Path,
    docs: &Path,
    json: bool,
    gates: Gates,
) -> Result<ExitCode> {
    let set = load_gold_dir(gold)
        .with_context(|| format!("cannot load the gold folder {}", gold.display()))?;
    let mut scores: Vec<DocScore> = Vec::new();
    let mut gold_docs = Vec::new();
    let mut got_docs = Vec::new();
    for (name, (gdoc, gevents)) in &set {
        let Some(path) = find_doc(docs, name) else {
            eprintln!(
                "warning: no document for gold '{name}' in {}",
                docs.display()
            );
            continue;
        };
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let doc = pipeline.annotate_bytes(name, Some(&path), &bytes, None)?;
        // Gold quotes are cut from the file as it is; score against it when
        // it is text, against the extracted article text for web pages.
        let text = match doc.meta.format {
            dyad_doc::SourceFormat::Text => String::from_utf8_lossy(&bytes).into_owned(),
            dyad_doc::SourceFormat::Html => doc.text.clone(),
        };
        let records = doc.event_records();
        scores.push(score_doc(&text, &records, gevents).with_doc(name.clone()));
        if let Some(g) = gdoc {
            gold_docs.push(g.clone());
        }
        got_docs.push(doc.doc_record());
    }
    let report = Report::from_docs(scores);
    let meta = score_docs_meta(&gold_docs, &got_docs);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"events": report, "documents": meta})
            )?
        );
    } else {
        println!("{}", report.to_table());
        println!("{}", meta.to_table());
    }
    let mut failed = Vec::new();
    if let Some(m) = gates.min_f1 {
        if report.f1 < m {
            failed.push(format!("event F1 {:.3} < {m}", report.f1));
        }
    }
    if let Some(m) = gates.min_date {
        if report.date_accuracy.unwrap_or(0.0) < m {
            failed.push(format!(
                "date accuracy {:.3} < {m}",
                report.date_accuracy.unwrap_or(0.0)
            ));
        }
    }
    if let Some(m) = gates.min_status {
        if report.status_accuracy.unwrap_or(0.0) < m {
            failed.push(format!(
                "status accuracy {:.3} < {m}",
                report.status_accuracy.unwrap_or(0.0)
            ));
        }
    }
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("dyad eval: below the gate: {}", failed.join("; "));
        Ok(ExitCode::from(1))
    }
}

pub fn plover_gsr(pipeline: &Pipeline, path: &Path, json: bool) -> Result<ExitCode> {
    let records =
        load_plover_gsr(path).with_context(|| format!("cannot load {}", path.display()))?;
    let anchor = "2000-01-01".parse().ok();
    let extracted: Vec<_> = records
        .iter()
        .map(|r| {
            pipeline
                .annotate_text(&r.id, &r.text, anchor)
                .event_records()
        })
        .collect();
    let score = score_gsr(&records, &extracted);
    if json {
        println!("{}", serde_json::to_string_pretty(&score)?);
    } else {
        println!("{}", score.to_table());
    }
    Ok(ExitCode::SUCCESS)
}
