//! ConfliBERT's CAMEO test sets (`../shared/peer-suites/ConfliBERT/data`):
//! `cameo_class/test.tsv` (real news sentences with a five-way CAMEO class)
//! and `cameo_ner/test.txt` (the same kind of sentences with their source,
//! target and reciprocal actors tagged token by token).

use crate::suite::{
    accuracy_and_macro_f1, event_line, manual_quad, ErrorCase, Figure, SuiteReport,
};
use crate::EvalError;
use dyad_doc::{ActorMention, EventRecord};
use std::path::Path;

/// One sentence of `cameo_class`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRecord {
    /// `line N` of the file.
    pub id: String,
    pub text: String,
    /// 0 statement (CAMEO 01–02), 1 verbal cooperation (03–05), 2 material
    /// cooperation (06–08), 3 verbal conflict (09–13, 16), 4 material
    /// conflict (14–15, 17–20).
    pub label: u8,
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads `sentence<TAB>label` lines (CRLF or LF).
pub fn load_conflibert_class(path: &Path) -> Result<Vec<ClassRecord>, EvalError> {
    let text = read(path)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let invalid = |message: &str| EvalError::Invalid {
            path: path.to_path_buf(),
            line: n + 1,
            message: message.to_string(),
        };
        let (sentence, label) = line
            .rsplit_once('\t')
            .ok_or_else(|| invalid("no tab before the label"))?;
        let label: u8 = label
            .trim()
            .parse()
            .ok()
            .filter(|l| *l <= 4)
            .ok_or_else(|| invalid("the label is not a number from 0 to 4"))?;
        out.push(ClassRecord {
            id: format!("line {}", n + 1),
            text: sentence.trim().to_string(),
            label,
        });
    }
    Ok(out)
}

/// The class dyad gives a sentence: the quad class of its first event, 0 when
/// it codes none.
///
/// Why the first: the sentences carry one label, and in news the first event
/// stated is usually the one the sentence is about.
pub fn predicted_class(events: &[EventRecord]) -> u8 {
    events.first().map_or(0, |e| manual_quad(e.event_type))
}

/// Scores `cameo_class`: `extracted[i]` are the events coded from
/// `records[i].text` alone. The baseline is the majority class.
pub fn score_conflibert_class(
    records: &[ClassRecord],
    extracted: &[Vec<EventRecord>],
) -> SuiteReport {
    let gold: Vec<u8> = records.iter().map(|r| r.label).collect();
    let got: Vec<u8> = (0..records.len())
        .map(|i| predicted_class(extracted.get(i).map_or(&[], Vec::as_slice)))
        .collect();
    let majority = (0..5u8)
        .max_by_key(|c| {
            (
                gold.iter().filter(|g| *g == c).count(),
                std::cmp::Reverse(*c),
            )
        })
        .unwrap_or(0);
    let always: Vec<u8> = vec![majority; gold.len()];
    let (right, macro_f1) = accuracy_and_macro_f1(&gold, &got, 5);
    let (base_right, base_f1) = accuracy_and_macro_f1(&gold, &always, 5);
    let n = records.len();
    let mut detail = vec![format!(
        "{:<6} {:>5} {:>6} {:>7}   (rows gold class, columns dyad's class)",
        "class", "gold", "dyad", "right"
    )];
    for c in 0..5u8 {
        let g = gold.iter().filter(|x| **x == c).count();
        let x = got.iter().filter(|x| **x == c).count();
        let r = gold
            .iter()
            .zip(&got)
            .filter(|(a, b)| **a == c && **b == c)
            .count();
        let row: Vec<String> = (0..5u8)
            .map(|d| {
                gold.iter()
                    .zip(&got)
                    .filter(|(a, b)| **a == c && **b == d)
                    .count()
                    .to_string()
            })
            .collect();
        detail.push(format!(
            "{c:<6} {g:>5} {x:>6} {r:>7}   {}",
            row.iter().map(|s| format!("{s:>4}")).collect::<String>()
        ));
    }
    let errors = records
        .iter()
        .zip(&got)
        .enumerate()
        .filter(|(_, (r, x))| r.label != **x)
        .map(|(i, (r, x))| ErrorCase {
            id: r.id.clone(),
            kind: if *x == 0 {
                "missed".into()
            } else if r.label == 0 {
                "spurious".into()
            } else {
                "wrong class".into()
            },
            sentence: r.text.clone(),
            gold: format!("class {}", r.label),
            got: format!(
                "class {x}: {}",
                events_line(extracted.get(i).map_or(&[], Vec::as_slice))
            ),
        })
        .collect();
    SuiteReport {
        suite: "conflibert-class".into(),
        records: n,
        baseline: format!("always class {majority} (the majority class)"),
        figures: vec![
            Figure::ratio("accuracy", "class accuracy", right, n)
                .with_baseline(crate::suite::ratio(base_right, n)),
            Figure {
                name: "macro_f1".into(),
                label: "macro-F1 over the 5 classes".into(),
                value: macro_f1,
                baseline: Some(base_f1),
                count: right,
                of: n,
                lower_is_better: false,
            },
        ],
        detail,
        errors,
    }
}

/// Every event of a sentence in one line.
pub(crate) fn events_line(events: &[EventRecord]) -> String {
    if events.is_empty() {
        return "-".into();
    }
    events
        .iter()
        .map(|e| event_line(e.event_type, e.source.as_deref(), e.target.as_deref()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The role a token is tagged with in `cameo_ner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleTag {
    Outside,
    Source,
    Target,
    /// Both parties of a reciprocal event (a meeting, talks).
    Reciprocal,
}

/// One sentence of `cameo_ner`.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedSentence {
    pub id: String,
    pub tokens: Vec<String>,
    pub tags: Vec<RoleTag>,
}

impl TaggedSentence {
    /// The sentence as text, tokens joined by single spaces, and each
    /// token's byte span in it.
    ///
    /// Why spaces everywhere: the file keeps no spacing, and a fixed rule
    /// keeps the protocol reproducible; dyad's reader copes with a space
    /// before punctuation.
    pub fn text(&self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(self.tokens.len());
        for t in &self.tokens {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(t);
            spans.push((start, text.len()));
        }
        (text, spans)
    }
}

/// Reads CoNLL-style `token tag` lines, sentences separated by blank lines.
pub fn load_conflibert_roles(path: &Path) -> Result<Vec<TaggedSentence>, EvalError> {
    let text = read(path)?;
    let mut out = Vec::new();
    let mut cur = TaggedSentence {
        id: String::new(),
        tokens: Vec::new(),
        tags: Vec::new(),
    };
    let mut start_line = 1;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                cur.id = format!("line {start_line}");
                out.push(std::mem::replace(
                    &mut cur,
                    TaggedSentence {
                        id: String::new(),
                        tokens: Vec::new(),
                        tags: Vec::new(),
                    },
                ));
            }
            start_line = n + 2;
            continue;
        }
        let (token, tag) = line.rsplit_once(' ').ok_or_else(|| EvalError::Invalid {
            path: path.to_path_buf(),
            line: n + 1,
            message: "expected 'token tag'".into(),
        })?;
        let role = match tag.trim().split_once('-').map(|(_, r)| r) {
            Some("S") => RoleTag::Source,
            Some("T") => RoleTag::Target,
            Some("R") => RoleTag::Reciprocal,
            _ => RoleTag::Outside,
        };
        cur.tokens.push(token.to_string());
        cur.tags.push(role);
    }
    if !cur.tokens.is_empty() {
        cur.id = format!("line {start_line}");
        out.push(cur);
    }
    Ok(out)
}

/// What dyad found in one tagged sentence: its events and actor mentions
/// (byte spans into [`TaggedSentence::text`]).
#[derive(Debug, Clone, Default)]
pub struct RoleView {
    pub events: Vec<EventRecord>,
    pub actors: Vec<ActorMention>,
}

/// The codes of the actors dyad recognised on tokens tagged with one of `roles`.
fn tagged_codes(
    s: &TaggedSentence,
    spans: &[(usize, usize)],
    actors: &[ActorMention],
    roles: &[RoleTag],
) -> Vec<String> {
    let mut codes = Vec::new();
    for a in actors {
        let Some(code) = a.code.as_ref() else {
            continue;
        };
        let on_role = spans
            .iter()
            .zip(&s.tags)
            .any(|(&(ts, te), tag)| roles.contains(tag) && ts < a.span.end && a.span.start < te);
        if on_role && !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    codes
}

/// Scores `cameo_ner` role choices.
///
/// Protocol (fixed in `docs/accuracy.md`): each sentence is its own
/// document; the sentences where dyad codes at least one event are scored;
/// the first event's source is right when it is the code of an actor dyad
/// recognised on a token tagged source, its target likewise on a token
/// tagged target (a reciprocal `R` party counts as neither, so a sentence
/// with only reciprocal parties is right only with no source and no
/// target, as the first-actor baseline is scored too). The baseline on the same
/// sentences takes the first recognised actor as the source and the next
/// actor with another code as the target.
pub fn score_conflibert_roles(sentences: &[TaggedSentence], views: &[RoleView]) -> SuiteReport {
    let src_roles = [RoleTag::Source];
    let tgt_roles = [RoleTag::Target];
    let (mut scored, mut src_ok, mut tgt_ok, mut base_src, mut base_tgt) = (0, 0, 0, 0, 0);
    let mut with_tags = 0;
    let mut errors = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        if s.tags.iter().any(|t| *t != RoleTag::Outside) {
            with_tags += 1;
        }
        let Some(view) = views.get(i) else { continue };
        let Some(first) = view.events.first() else {
            continue;
        };
        scored += 1;
        let (text, spans) = s.text();
        let sources = tagged_codes(s, &spans, &view.actors, &src_roles);
        let targets = tagged_codes(s, &spans, &view.actors, &tgt_roles);
        let in_list = |c: &Option<String>, l: &[String]| c.as_ref().is_some_and(|c| l.contains(c));
        let s_ok = in_list(&first.source, &sources);
        let t_ok = in_list(&first.target, &targets);
        src_ok += usize::from(s_ok);
        tgt_ok += usize::from(t_ok);
        let mut coded = view.actors.iter().filter(|a| a.code.is_some());
        let first_actor = coded.next().and_then(|a| a.code.clone());
        let next_actor = coded
            .find(|a| a.code != first_actor)
            .and_then(|a| a.code.clone());
        base_src += usize::from(in_list(&first_actor, &sources));
        base_tgt += usize::from(in_list(&next_actor, &targets));
        if !s_ok || !t_ok {
            let kind = match (s_ok, t_ok) {
                (false, false) => "wrong source and target",
                (false, true) => "wrong source",
                _ => "wrong target",
            };
            errors.push(ErrorCase {
                id: s.id.clone(),
                kind: kind.into(),
                sentence: text,
                gold: format!(
                    "source {} / target {}",
                    list_or_dash(&sources),
                    list_or_dash(&targets)
                ),
                got: events_line(&view.events),
            });
        }
    }
    SuiteReport {
        suite: "conflibert-roles".into(),
        records: scored,
        baseline:
            "the first recognised actor is the source, the next actor with another code the target"
                .into(),
        figures: vec![
            Figure::ratio(
                "source",
                "first event's source on a tagged source",
                src_ok,
                scored,
            )
            .with_baseline(crate::suite::ratio(base_src, scored)),
            Figure::ratio(
                "target",
                "first event's target on a tagged target",
                tgt_ok,
                scored,
            )
            .with_baseline(crate::suite::ratio(base_tgt, scored)),
            Figure::ratio(
                "coded",
                "sentences with an event (of those with tagged actors)",
                scored,
                with_tags,
            ),
        ],
        detail: Vec::new(),
        errors,
    }
}

fn list_or_dash(l: &[String]) -> String {
    if l.is_empty() {
        "-".into()
    } else {
        l.join(",")
    }
}
