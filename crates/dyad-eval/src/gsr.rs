//! The PLOVER gold-standard records (CAMEO 1.1b3 manual examples recoded to
//! PLOVER v0.5b1): single sentences with one gold event each.

use crate::EvalError;
use dyad_doc::{EventRecord, EventType};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One record of `PLOVER_GSR_CAMEO.txt`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GsrRecord {
    pub id: String,
    pub text: String,
    /// The event type in current PLOVER names.
    pub event: EventType,
    /// The file's own name when it was an old one (DEMAND, DISAPPROVE,
    /// INVESTIGATE, FIGHT); `None` when it is a current name.
    pub original_event: Option<String>,
    pub mode: Option<String>,
    /// Source actor codes (ISO alpha-3, `IGO`, ...).
    pub sources: Vec<String>,
    /// Target actor codes; empty for compound reciprocal records.
    pub targets: Vec<String>,
    /// The markup marks the actors `SRC/TAR`: a reciprocal event, whose
    /// source codes are also its targets.
    pub reciprocal: bool,
}

/// Old PLOVER (v0.5) category names and their current equivalents, as
/// `../shared/peer-suites/README.md` lists them. Kept here, not in the
/// lexicon, because it describes the format of this one file.
const OLD_NAMES: [(&str, EventType); 4] = [
    ("DEMAND", EventType::Request),
    ("DISAPPROVE", EventType::Accuse),
    ("INVESTIGATE", EventType::Accuse),
    ("FIGHT", EventType::Assault),
];

/// Reads the GSR file: a JSON array whose `DOCUMENT` records are skipped.
///
/// Source and target lists are read leniently (the file has an empty string,
/// a missing key and one stray value where a list is expected): anything that
/// is not a list of objects with a `code` gives no actors.
pub fn load_plover_gsr(path: &Path) -> Result<Vec<GsrRecord>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let all: Vec<Value> = serde_json::from_str(&text).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        line: source.line(),
        source,
    })?;
    let mut out = Vec::new();
    for (n, rec) in all.iter().enumerate() {
        let invalid = |message: String| EvalError::Invalid {
            path: path.to_path_buf(),
            line: 0,
            message: format!("record {n}: {message}"),
        };
        let event = rec.get("event").and_then(Value::as_str).unwrap_or("");
        if event == "DOCUMENT" {
            continue;
        }
        let id = rec
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let (event_type, original_event) = match event.parse::<EventType>() {
            Ok(t) => (t, None),
            Err(_) => match OLD_NAMES.iter().find(|(old, _)| *old == event) {
                Some((old, t)) => (*t, Some(old.to_string())),
                None => return Err(invalid(format!("{id}: unknown event '{event}'"))),
            },
        };
        let text = rec
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(format!("{id}: no text")))?
            .to_string();
        let markup = match rec.get("textInfo") {
            Some(Value::Object(m)) => m.get("markup").and_then(Value::as_str).unwrap_or(""),
            Some(Value::String(s)) => s.as_str(),
            _ => "",
        };
        out.push(GsrRecord {
            id,
            text,
            event: event_type,
            original_event,
            mode: rec
                .get("mode")
                .and_then(Value::as_str)
                .filter(|m| !m.is_empty())
                .map(str::to_string),
            sources: codes(rec.get("source")),
            targets: codes(rec.get("target")),
            reciprocal: markup.contains("SRC/TAR"),
        });
    }
    Ok(out)
}

fn codes(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|a| a.get("code").and_then(Value::as_str))
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Counts of one gold type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GsrTypeCounts {
    pub records: usize,
    pub coded: usize,
    pub type_correct: usize,
}

/// How an extractor fares on the GSR sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GsrScore {
    pub records: usize,
    /// Records with at least one extracted event.
    pub coded: usize,
    /// Records where some extracted event has the gold type.
    pub type_correct: usize,
    /// Among type-correct records: some such event's source is a gold source.
    pub actor_agree: usize,
    /// Among type-correct records: some such event's target is a gold target
    /// (for reciprocal records, any of the gold actors).
    pub recipient_agree: usize,
    /// Among type-correct records: one event gets type, source and target right.
    pub full_agree: usize,
    /// Extracted events in total, and those whose type is not the gold type
    /// (a sentence may state more than the one coded event, so these are
    /// not all errors).
    pub extracted_events: usize,
    pub off_type_events: usize,
    pub per_type: BTreeMap<EventType, GsrTypeCounts>,
    /// Most frequent wrong types: (gold, extracted) -> records.
    pub confusions: Vec<(EventType, EventType, usize)>,
}

/// Scores extractions, `extracted[i]` being the events coded from
/// `records[i].text`. Missing entries count as no events.
pub fn score_gsr(records: &[GsrRecord], extracted: &[Vec<EventRecord>]) -> GsrScore {
    let mut s = GsrScore {
        records: records.len(),
        ..Default::default()
    };
    let mut confusions: BTreeMap<(EventType, EventType), usize> = BTreeMap::new();
    for (i, rec) in records.iter().enumerate() {
        let got: &[EventRecord] = extracted.get(i).map_or(&[], Vec::as_slice);
        let tc = s.per_type.entry(rec.event).or_default();
        tc.records += 1;
        s.extracted_events += got.len();
        s.off_type_events += got.iter().filter(|x| x.event_type != rec.event).count();
        if got.is_empty() {
            continue;
        }
        s.coded += 1;
        tc.coded += 1;
        let right: Vec<&EventRecord> = got.iter().filter(|x| x.event_type == rec.event).collect();
        if right.is_empty() {
            if let Some(x) = got.first() {
                *confusions.entry((rec.event, x.event_type)).or_default() += 1;
            }
            continue;
        }
        s.type_correct += 1;
        tc.type_correct += 1;
        let in_list = |code: &Option<String>, list: &[String]| {
            code.as_ref().is_some_and(|c| list.iter().any(|l| l == c))
        };
        let targets: &[String] = if rec.reciprocal && rec.targets.is_empty() {
            &rec.sources
        } else {
            &rec.targets
        };
        let src_ok = |x: &EventRecord| in_list(&x.source, &rec.sources);
        let tar_ok = |x: &EventRecord| in_list(&x.target, targets);
        s.actor_agree += usize::from(right.iter().any(|x| src_ok(x)));
        s.recipient_agree += usize::from(right.iter().any(|x| tar_ok(x)));
        s.full_agree += usize::from(right.iter().any(|x| src_ok(x) && tar_ok(x)));
    }
    let mut conf: Vec<(EventType, EventType, usize)> = confusions
        .into_iter()
        .map(|((g, x), n)| (g, x, n))
        .collect();
    conf.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    s.confusions = conf;
    s
}

impl GsrScore {
    /// An aligned plain-text table: coverage, type accuracy, actor agreement
    /// and per-type counts.
    pub fn to_table(&self) -> String {
        let pct = |n: usize, d: usize| {
            if d == 0 {
                "-".to_string()
            } else {
                format!("{:.3}", n as f64 / d as f64)
            }
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "PLOVER GSR: {} records, coded {} ({}), type correct {} ({})",
            self.records,
            self.coded,
            pct(self.coded, self.records),
            self.type_correct,
            pct(self.type_correct, self.records)
        );
        let _ = writeln!(
            out,
            "among type-correct: source {} ({}), target {} ({}), both {} ({})",
            self.actor_agree,
            pct(self.actor_agree, self.type_correct),
            self.recipient_agree,
            pct(self.recipient_agree, self.type_correct),
            self.full_agree,
            pct(self.full_agree, self.type_correct)
        );
        let _ = writeln!(
            out,
            "extracted events {}, of another type than the gold {}",
            self.extracted_events, self.off_type_events
        );
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<10} {:>7} {:>6} {:>7} {:>7}",
            "type", "records", "coded", "correct", "recall"
        );
        for (ty, c) in &self.per_type {
            let _ = writeln!(
                out,
                "{:<10} {:>7} {:>6} {:>7} {:>7}",
                ty.as_str(),
                c.records,
                c.coded,
                c.type_correct,
                pct(c.type_correct, c.records)
            );
        }
        if !self.confusions.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{:<10} {:<10} {:>5}", "gold", "extracted", "n");
            for (g, x, n) in self.confusions.iter().take(10) {
                let _ = writeln!(out, "{:<10} {:<10} {:>5}", g.as_str(), x.as_str(), n);
            }
        }
        out
    }
}
