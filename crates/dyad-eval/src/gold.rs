//! Gold annotation files: `<doc>.events.jsonl` and `<doc>.doc.json`.

use crate::EvalError;
use dyad_doc::{EventRecord, EventType, PartialDate, Quantity, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One gold event: a line of `<doc>.events.jsonl` (see `../shared/gold/SCHEMA.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    /// `<doc number>-<nn>`.
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub source_sector: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub target_sector: Option<String>,
    /// ISO date at the precision the text supports, or null.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub date_precision: Option<String>,
    pub status: Status,
    #[serde(default)]
    pub attributed_to: Option<String>,
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    #[serde(default)]
    pub location: Option<String>,
    /// The sentence(s) stating the event, copied from the document text.
    pub quote: String,
    /// Free note; exactly `joint` marks a reciprocal event.
    #[serde(default)]
    pub note: Option<String>,
}

impl GoldEvent {
    /// True for a reciprocal event, whose actor pair may be given either way round.
    ///
    /// The seeds' notes of such events are exactly `joint`; gold-real's begin
    /// with the word and go on ("joint; talks since April 2021", "joint
    /// statement on ...", its README's convention 8).
    pub fn is_joint(&self) -> bool {
        self.note.as_deref().is_some_and(|n| {
            n.strip_prefix("joint")
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
        })
    }

    /// The gold event as an extracted record of document `doc`.
    ///
    /// Why: scoring gold against itself must give 1.0 everywhere, which is the
    /// README's check that an evaluator is implemented correctly.
    pub fn to_record(&self, doc: &str) -> EventRecord {
        EventRecord {
            id: self.id.clone(),
            event_type: self.event_type,
            mode: self.mode.clone(),
            source: self.source.clone(),
            source_sector: self.source_sector.clone(),
            target: self.target.clone(),
            target_sector: self.target_sector.clone(),
            date: self.date.clone(),
            date_precision: self.date_precision.clone(),
            status: self.status,
            attributed_to: self.attributed_to.clone(),
            quantities: self.quantities.clone(),
            location: self.location.clone(),
            quote: self.quote.clone(),
            doc: doc.to_string(),
            start: 0,
            end: 0,
            trigger: String::new(),
            joint: self.is_joint(),
            intensity: self.event_type.default_intensity(),
            rule: "gold".to_string(),
            date_basis: None,
            reported: None,
            reported_precision: None,
        }
    }
}

/// Document metadata: `<doc>.doc.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldDoc {
    pub doc: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    /// Publication date at its precision, or null when nothing bounds it.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub published_precision: Option<String>,
    /// `stated` or `inferred` (SCHEMA.md); `metadata` and `unknown` are
    /// accepted too, for web pages and undatable documents.
    #[serde(default)]
    pub published_basis: Option<String>,
}

/// Gold annotations by document name: the metadata (when a `.doc.json`
/// exists) and the events (empty when no `.events.jsonl` exists).
pub type GoldSet = BTreeMap<String, (Option<GoldDoc>, Vec<GoldEvent>)>;

const EVENTS_SUFFIX: &str = ".events.jsonl";
const DOC_SUFFIX: &str = ".doc.json";

/// Reads every `<doc>.events.jsonl` and `<doc>.doc.json` in `dir`.
///
/// Blank lines are skipped. Every error names the file and the line.
/// Dates must parse as partial dates so that a typo in an annotation is
/// caught when it is loaded rather than silently scored as a disagreement.
pub fn load_gold_dir(dir: &Path) -> Result<GoldSet, EvalError> {
    let io = |path: &Path, source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .map(|entry| entry.map(|e| e.path()).map_err(|e| io(dir, e)))
        .collect::<Result<_, _>>()?;
    names.sort();
    let mut set = GoldSet::new();
    for path in names {
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        if let Some(doc) = file.strip_suffix(EVENTS_SUFFIX) {
            let events = read_events(&path)?;
            set.entry(doc.to_string()).or_default().1 = events;
        } else if let Some(doc) = file.strip_suffix(DOC_SUFFIX) {
            let meta = read_doc(&path)?;
            set.entry(doc.to_string()).or_default().0 = Some(meta);
        }
    }
    Ok(set)
}

/// Reads one `.events.jsonl` file.
pub(crate) fn read_events(path: &Path) -> Result<Vec<GoldEvent>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let ev: GoldEvent = serde_json::from_str(line).map_err(|source| EvalError::Json {
            path: path.to_path_buf(),
            line: line_no,
            source,
        })?;
        let invalid = |message: String| EvalError::Invalid {
            path: path.to_path_buf(),
            line: line_no,
            message,
        };
        if ev.quote.trim().is_empty() {
            return Err(invalid(format!("event {} has an empty quote", ev.id)));
        }
        if let Some(d) = &ev.date {
            d.parse::<PartialDate>()
                .map_err(|e| invalid(format!("event {}: {e}", ev.id)))?;
        }
        out.push(ev);
    }
    Ok(out)
}

fn read_doc(path: &Path) -> Result<GoldDoc, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let doc: GoldDoc = serde_json::from_str(&text).map_err(|source| EvalError::Json {
        path: path.to_path_buf(),
        line: source.line(),
        source,
    })?;
    if let Some(d) = &doc.published {
        d.parse::<PartialDate>().map_err(|e| EvalError::Invalid {
            path: path.to_path_buf(),
            line: 1,
            message: format!("published: {e}"),
        })?;
    }
    Ok(doc)
}
