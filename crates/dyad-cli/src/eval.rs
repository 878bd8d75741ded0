//! `dyad eval`: run the pipeline on documents and score the events against
//! gold annotations (see `../shared/gold/README.md` for the matching rule).

use anyhow::{Context, Result};
use dyad_doc::{Doc, EventRecord};
use dyad_eval::{
    doc_errors, gsr_report, load_conflibert_class, load_conflibert_roles, load_gold_dir,
    load_petr2, load_plover_gsr, score_conflibert_class, score_conflibert_roles, score_doc,
    score_docs_meta, score_petr2, Crosswalk, DocScore, ErrorCase, Report, RoleView, SuiteReport,
};
use dyad_pipeline::Pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Minimum scores below which `dyad eval` exits 1 (a regression gate).
pub struct Gates {
    pub min_f1: Option<f64>,
    pub min_date: Option<f64>,
    pub min_status: Option<f64>,
    /// `--min NAME=VALUE` bounds on the report's named figures.
    pub bounds: Vec<Bound>,
}

/// How the report is printed.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    /// List every miss and every wrong or spurious event.
    pub errors: bool,
}

/// A `--min NAME=VALUE` bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub name: String,
    pub value: f64,
}

/// Parses `--min NAME=VALUE` arguments.
pub fn parse_bounds(args: &[String]) -> Result<Vec<Bound>> {
    args.iter()
        .map(|a| {
            let (name, value) = a
                .split_once('=')
                .with_context(|| format!("--min {a}: expected NAME=VALUE"))?;
            let value: f64 = value
                .trim()
                .parse()
                .with_context(|| format!("--min {a}: '{value}' is not a number"))?;
            Ok(Bound {
                name: name.trim().to_string(),
                value,
            })
        })
        .collect()
}

/// The peer suites `--suite` knows, each read from its fixed place under
/// `--peer-suites`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Suite {
    /// PLOVER's gold-standard records (CAMEO manual examples, 322 sentences).
    PloverGsr,
    /// ConfliBERT `cameo_class/test.tsv`: 451 news sentences, 5 classes.
    ConflibertClass,
    /// ConfliBERT `cameo_ner/test.txt`: source and target tagged per token.
    ConflibertRoles,
    /// PETRARCH-2 validation records, CAMEO mapped to PLOVER.
    Petr2,
}

impl Suite {
    /// The suite's file, relative to the peer-suites folder.
    fn path(self) -> &'static str {
        match self {
            Suite::PloverGsr => "PLOVER/gold_standard_records/PLOVER_GSR_CAMEO.txt",
            Suite::ConflibertClass => "ConfliBERT/data/cameo_class/test.tsv",
            Suite::ConflibertRoles => "ConfliBERT/data/cameo_ner/test.txt",
            Suite::Petr2 => {
                "UniversalPetrarch/UniversalPetrarch/data/text/PETR2_GSR_validation.xml"
            }
        }
    }
}

/// The crosswalk's place under the peer-suites folder.
const CROSSWALK: &str = "PLOVER/CAMEO2PLOVER-2021.txt";

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
    out: Output,
    gates: Gates,
) -> Result<ExitCode> {
    let set = load_gold_dir(gold)
        .with_context(|| format!("cannot load the gold folder {}", gold.display()))?;
    let mut scores: Vec<DocScore> = Vec::new();
    let mut gold_docs = Vec::new();
    let mut got_docs = Vec::new();
    let mut errors: Vec<ErrorCase> = Vec::new();
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
        let score = score_doc(&text, &records, gevents).with_doc(name.clone());
        if out.errors {
            errors.extend(doc_errors(&text, &records, gevents, &score));
        }
        scores.push(score);
        if let Some(g) = gdoc {
            gold_docs.push(g.clone());
        }
        got_docs.push(doc.doc_record());
    }
    let report = Report::from_docs(scores);
    let meta = score_docs_meta(&gold_docs, &got_docs);
    if out.json {
        let mut value = serde_json::json!({"events": report, "documents": meta});
        if out.errors {
            value["errors"] = serde_json::to_value(&errors)?;
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!("{}", report.to_table());
        println!("{}", meta.to_table());
        if out.errors {
            println!("errors ({}):", errors.len());
            print!("{}", errors_table(&errors));
        }
    }
    let mut failed = Vec::new();
    let figures = [
        ("precision", report.precision),
        ("recall", report.recall),
        ("f1", report.f1),
        ("date", report.date_accuracy.unwrap_or(0.0)),
        ("status", report.status_accuracy.unwrap_or(0.0)),
    ];
    for b in &gates.bounds {
        let Some((_, v)) = figures.iter().find(|(n, _)| *n == b.name) else {
            anyhow::bail!(
                "--min {}: no such figure (gold sets have precision, recall, f1, date, status)",
                b.name
            );
        };
        if *v < b.value {
            failed.push(format!("{} {v:.3} < {}", b.name, b.value));
        }
    }
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

/// The error list of a gold set, in the suites' format.
fn errors_table(errors: &[ErrorCase]) -> String {
    SuiteReport {
        suite: String::new(),
        records: 0,
        baseline: String::new(),
        figures: Vec::new(),
        detail: Vec::new(),
        errors: errors.to_vec(),
    }
    .errors_table()
}

fn events_of(docs: &[Doc]) -> Vec<Vec<EventRecord>> {
    docs.iter().map(Doc::event_records).collect()
}

/// The events as PLOVER types them (`EventType::plover_view`), for the
/// suites scored on PLOVER types (the GSR) or on quad classes (ConfliBERT:
/// CAMEO's own intents, 03 "express intent to cooperate" and 13 "threaten",
/// are verbal acts too). PETRARCH-2's records code the verb whatever its
/// tense ("will supply arms" is 072), so that suite reads dyad's own types.
fn plover_events_of(docs: &[Doc]) -> Vec<Vec<EventRecord>> {
    let mut all = events_of(docs);
    for e in all.iter_mut().flatten() {
        e.event_type = e.event_type.plover_view(e.status);
    }
    all
}

/// `dyad eval --suite NAME`: the suite read from its place under `peer_suites`.
pub fn suite(
    pipeline: &Pipeline,
    suite: Suite,
    peer_suites: &Path,
    out: Output,
    bounds: &[Bound],
) -> Result<ExitCode> {
    let path = peer_suites.join(suite.path());
    if !path.is_file() {
        anyhow::bail!(
            "{}: the suite's file is not there (is --peer-suites {} right?)",
            path.display(),
            peer_suites.display()
        );
    }
    let report = match suite {
        Suite::Petr2 => {
            let cw_path = peer_suites.join(CROSSWALK);
            let crosswalk = Crosswalk::load(&cw_path)
                .with_context(|| format!("cannot load the crosswalk {}", cw_path.display()))?;
            let records = load_petr2(&path, &crosswalk)
                .with_context(|| format!("cannot load {}", path.display()))?;
            let docs: Vec<Doc> = records
                .iter()
                .map(|r| pipeline.annotate_text(&r.id, &r.text, r.date))
                .collect();
            score_petr2(&records, &events_of(&docs))
        }
        other => return suite_file(pipeline, other, &path, out, bounds),
    };
    finish(&report, out, bounds)
}

/// Scores a suite read from `path` (the GSR may be given as a file).
pub fn suite_file(
    pipeline: &Pipeline,
    suite: Suite,
    path: &Path,
    out: Output,
    bounds: &[Bound],
) -> Result<ExitCode> {
    let load = || format!("cannot load {}", path.display());
    let report = match suite {
        Suite::PloverGsr => {
            let records = load_plover_gsr(path).with_context(load)?;
            // The records carry the placeholder date 2000-01-01.
            let anchor = "2000-01-01".parse().ok();
            let docs: Vec<Doc> = records
                .iter()
                .map(|r| pipeline.annotate_text(&r.id, &r.text, anchor))
                .collect();
            let actors: Vec<Vec<String>> = docs
                .iter()
                .map(|d| d.actors.iter().flat_map(actor_codes).collect())
                .collect();
            let orgs: Vec<Vec<String>> = docs
                .iter()
                .map(|d| {
                    d.actors
                        .iter()
                        .filter(|a| a.kind == dyad_doc::ActorKind::Organisation)
                        .flat_map(actor_codes)
                        .collect()
                })
                .collect();
            gsr_report(&records, &plover_events_of(&docs), &actors, &orgs)
        }
        Suite::ConflibertClass => {
            let records = load_conflibert_class(path).with_context(load)?;
            let docs: Vec<Doc> = records
                .iter()
                .map(|r| pipeline.annotate_text(&r.id, &r.text, None))
                .collect();
            score_conflibert_class(&records, &plover_events_of(&docs))
        }
        Suite::ConflibertRoles => {
            let sentences = load_conflibert_roles(path).with_context(load)?;
            let views: Vec<RoleView> = sentences
                .iter()
                .map(|s| {
                    let (text, _) = s.text();
                    let doc = pipeline.annotate_text(&s.id, &text, None);
                    RoleView {
                        events: doc.event_records(),
                        actors: doc.actors,
                    }
                })
                .collect();
            score_conflibert_roles(&sentences, &views)
        }
        Suite::Petr2 => anyhow::bail!("the petr2 suite needs its crosswalk: use --suite petr2"),
    };
    finish(&report, out, bounds)
}

/// Every code a mention stands for (a group stands for several).
fn actor_codes(a: &dyad_doc::ActorMention) -> Vec<String> {
    if a.group.is_empty() {
        a.code.iter().cloned().collect()
    } else {
        a.group.clone()
    }
}

/// Prints a suite's report and checks its `--min` bounds.
fn finish(report: &SuiteReport, out: Output, bounds: &[Bound]) -> Result<ExitCode> {
    if out.json {
        let mut value = serde_json::to_value(report)?;
        if !out.errors {
            if let Some(obj) = value.as_object_mut() {
                obj.remove("errors");
            }
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print!("{}", report.to_table());
        if out.errors {
            println!();
            println!("errors ({}):", report.errors.len());
            print!("{}", report.errors_table());
        }
    }
    let mut failed = Vec::new();
    for b in bounds {
        let Some(f) = report.figure(&b.name) else {
            let names: Vec<&str> = report.figures.iter().map(|f| f.name.as_str()).collect();
            anyhow::bail!(
                "--min {}: the suite {} has no such figure (it has {})",
                b.name,
                report.suite,
                names.join(", ")
            );
        };
        let below = if f.lower_is_better {
            f.value > b.value
        } else {
            f.value < b.value
        };
        if below {
            let rel = if f.lower_is_better { ">" } else { "<" };
            failed.push(format!("{} {:.3} {rel} {}", f.name, f.value, b.value));
        }
    }
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "dyad eval: {} beyond its bound: {}",
            report.suite,
            failed.join("; ")
        );
        Ok(ExitCode::from(1))
    }
}

/// `dyad eval --treebank FILE`: the built-in tagger and parser on a CoNLL-U
/// treebank with its own (gold) tokens.
pub fn treebank(path: &Path, out: Output, bounds: &[Bound]) -> Result<ExitCode> {
    let sentences = dyad_parse::read_conllu_file(path)
        .with_context(|| format!("cannot read the treebank {}", path.display()))?;
    if sentences.is_empty() {
        anyhow::bail!("{}: no sentences (is it CoNLL-U?)", path.display());
    }
    let model =
        dyad_parse::Model::load_default().context("cannot load the built-in parser model")?;
    let s = dyad_parse::evaluate_sentences(&model, &sentences);
    let n = s.tokens;
    // The scores are percentages; the report gives counts and fractions.
    let count = |pct: f64| (pct / 100.0 * n as f64).round() as usize;
    let report = SuiteReport {
        suite: format!("treebank {}", path.display()),
        records: n,
        baseline: "none (gold tokens, predicted tags; punctuation counted)".into(),
        figures: vec![
            dyad_eval::Figure::ratio("upos", "universal part of speech", count(s.upos), n),
            dyad_eval::Figure::ratio("xpos", "Penn tag", count(s.xpos), n),
            dyad_eval::Figure::ratio("lemma", "lemma", count(s.lemma), n),
            dyad_eval::Figure::ratio("uas", "unlabelled attachment", count(s.uas), n),
            dyad_eval::Figure::ratio("las", "labelled attachment", count(s.las), n),
        ],
        detail: vec![format!("{} sentences, {n} tokens", s.sentences)],
        errors: Vec::new(),
    };
    finish(&report, out, bounds)
}
