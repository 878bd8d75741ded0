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

impl GsrRecord {
    /// The codes that may be this record's target: its targets, or for a
    /// reciprocal record marked with no separate targets, its sources.
    fn target_codes(&self) -> &[String] {
        if self.reciprocal && self.targets.is_empty() {
            &self.sources
        } else {
            &self.targets
        }
    }

    /// Whether `x`'s source and target are right for this record.
    ///
    /// `orgs` are the codes dyad gave international organisations in the
    /// sentence: the GSR codes every organisation `IGO`, so any of them
    /// matches a gold `IGO`. A record with no gold target (an undirected
    /// act) wants no target.
    pub fn roles_right(&self, x: &EventRecord, orgs: &[String]) -> (bool, bool) {
        let matches = |code: &Option<String>, list: &[String]| {
            code.as_ref().is_some_and(|c| {
                list.iter()
                    .any(|l| l == c || (l == "IGO" && orgs.contains(c)))
            })
        };
        let targets = self.target_codes();
        let source = matches(&x.source, &self.sources);
        let target = matches(&x.target, targets) || (targets.is_empty() && x.target.is_none());
        (source, target)
    }
}

/// Codes of the file that are misspelt ISO codes, and their right spelling.
const CODE_FIXES: [(&str, &str); 1] = [("JAP", "JPN")];

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
            .map(|c| {
                CODE_FIXES
                    .iter()
                    .find(|(bad, _)| *bad == c)
                    .map_or(c, |(_, good)| good)
                    .to_string()
            })
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
/// `records[i].text` and `orgs[i]` the organisation codes dyad recognised in
/// it (see [`GsrRecord::roles_right`]). Missing entries count as none.
pub fn score_gsr(
    records: &[GsrRecord],
    extracted: &[Vec<EventRecord>],
    orgs: &[Vec<String>],
) -> GsrScore {
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
        let rec_orgs: &[String] = orgs.get(i).map_or(&[], Vec::as_slice);
        let roles: Vec<(bool, bool)> = right.iter().map(|x| rec.roles_right(x, rec_orgs)).collect();
        s.actor_agree += usize::from(roles.iter().any(|r| r.0));
        s.recipient_agree += usize::from(roles.iter().any(|r| r.1));
        s.full_agree += usize::from(roles.iter().any(|r| r.0 && r.1));
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

/// The GSR as a suite report: [`score_gsr`]'s figures next to the baseline
/// (always the most frequent gold type), and every record not fully right.
///
/// `actor_codes[i]` are the codes of the actors dyad recognised in
/// `records[i].text`: a record none of whose gold sources is among them is
/// counted as "source not recognised", the dictionary's fault rather than
/// the coder's.
pub fn gsr_report(
    records: &[GsrRecord],
    extracted: &[Vec<EventRecord>],
    actor_codes: &[Vec<String>],
    orgs: &[Vec<String>],
) -> crate::SuiteReport {
    use crate::suite::{event_line, ratio, ErrorCase, Figure};
    let s = score_gsr(records, extracted, orgs);
    let n = records.len();
    let (majority, majority_n) = s
        .per_type
        .iter()
        .map(|(t, c)| (*t, c.records))
        .max_by_key(|(t, c)| (*c, std::cmp::Reverse(*t)))
        .unwrap_or((EventType::Agree, 0));
    let mut unrecognised = 0;
    let mut no_trigger = 0;
    let mut errors = Vec::new();
    for (i, rec) in records.iter().enumerate() {
        let got: &[EventRecord] = extracted.get(i).map_or(&[], Vec::as_slice);
        let codes: &[String] = actor_codes.get(i).map_or(&[], Vec::as_slice);
        let rec_orgs: &[String] = orgs.get(i).map_or(&[], Vec::as_slice);
        let source_found = rec
            .sources
            .iter()
            .any(|c| codes.contains(c) || (c == "IGO" && !rec_orgs.is_empty()));
        if !source_found {
            unrecognised += 1;
        }
        if got.is_empty() && source_found {
            no_trigger += 1;
        }
        let same: Vec<&EventRecord> = got.iter().filter(|x| x.event_type == rec.event).collect();
        let full = same
            .iter()
            .any(|x| rec.roles_right(x, rec_orgs) == (true, true));
        let targets = rec.target_codes();
        if full {
            continue;
        }
        let kind = if got.is_empty() && !source_found {
            "missed, source not recognised"
        } else if got.is_empty() {
            "missed"
        } else if same.is_empty() {
            "wrong type"
        } else {
            "wrong actors"
        };
        errors.push(ErrorCase {
            id: rec.id.clone(),
            kind: kind.into(),
            sentence: rec.text.clone(),
            gold: event_line(
                rec.event,
                Some(&rec.sources.join(","))
                    .filter(|s| !s.is_empty())
                    .map(String::as_str),
                Some(&targets.join(","))
                    .filter(|s| !s.is_empty())
                    .map(String::as_str),
            ),
            got: if got.is_empty() {
                format!(
                    "- (actors recognised: {})",
                    if codes.is_empty() {
                        "-".to_string()
                    } else {
                        codes.join(",")
                    }
                )
            } else {
                got.iter()
                    .map(|e| event_line(e.event_type, e.source.as_deref(), e.target.as_deref()))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        });
    }
    let mut detail = vec![format!(
        "{:<10} {:>7} {:>6} {:>7} {:>7}",
        "type", "records", "coded", "correct", "recall"
    )];
    for (ty, c) in &s.per_type {
        detail.push(format!(
            "{:<10} {:>7} {:>6} {:>7} {:>7.3}",
            ty.as_str(),
            c.records,
            c.coded,
            c.type_correct,
            ratio(c.type_correct, c.records)
        ));
    }
    crate::SuiteReport {
        suite: "plover-gsr".into(),
        records: n,
        baseline: format!("always {} (the most frequent gold type)", majority.as_str()),
        figures: vec![
            Figure::ratio(
                "type",
                "records where dyad codes the gold type",
                s.type_correct,
                n,
            )
            .with_baseline(ratio(majority_n, n)),
            Figure::ratio(
                "no_event",
                "records where dyad codes no event",
                n - s.coded,
                n,
            )
            .lower_is_better(),
            Figure::ratio("full", "type, source and target right", s.full_agree, n),
            Figure::ratio(
                "roles_given_type",
                "among right-type records: source and target right",
                s.full_agree,
                s.type_correct,
            ),
            Figure::ratio(
                "source_given_type",
                "among right-type records: source right",
                s.actor_agree,
                s.type_correct,
            ),
            Figure::ratio(
                "target_given_type",
                "among right-type records: target right",
                s.recipient_agree,
                s.type_correct,
            ),
            Figure::ratio(
                "source_unrecognised",
                "records whose gold source dyad does not recognise",
                unrecognised,
                n,
            )
            .lower_is_better(),
            Figure::ratio(
                "no_trigger",
                "records with no event although the source was recognised",
                no_trigger,
                n,
            )
            .lower_is_better(),
        ],
        detail,
        errors,
    }
}
