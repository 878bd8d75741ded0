//! The CAMEO→PLOVER crosswalk and the PETRARCH-2 validation records
//! (`UniversalPetrarch/.../PETR2_GSR_validation.xml`).

use crate::conflibert::events_line;
use crate::suite::{ratio, ErrorCase, Figure, SuiteReport};
use crate::EvalError;
use dyad_doc::{EventRecord, EventType, PartialDate};
use std::collections::BTreeMap;
use std::path::Path;

/// PLOVER's `CAMEO2PLOVER-2021.txt`: CAMEO code → PLOVER type and mode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Crosswalk {
    map: BTreeMap<String, (EventType, Option<String>)>,
}

impl Crosswalk {
    /// Reads `CODE: TYPE, mode, context # description` lines; comments and
    /// codes without a type are skipped.
    pub fn load(path: &Path) -> Result<Crosswalk, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Crosswalk::parse(&text))
    }

    /// Parses the file's text (see [`Crosswalk::load`]).
    pub fn parse(text: &str) -> Crosswalk {
        let mut map = BTreeMap::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let mut parts = rest.split(',').map(str::trim);
            let Some(Ok(t)) = parts.next().map(str::parse::<EventType>) else {
                continue;
            };
            let mode = parts.next().filter(|m| !m.is_empty()).map(str::to_string);
            map.insert(code.to_string(), (t, mode));
        }
        Crosswalk { map }
    }

    /// The PLOVER type of a CAMEO code: the code itself, else its nearest
    /// listed parent (`0873` → `087`); `None` for codes PLOVER drops (01, 02).
    pub fn plover(&self, cameo: &str) -> Option<EventType> {
        let mut code = cameo.trim();
        while code.len() >= 2 {
            if let Some((t, _)) = self.map.get(code) {
                return Some(*t);
            }
            code = code.get(..code.len() - 1)?;
        }
        None
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// One expected coding of a validation record.
#[derive(Debug, Clone, PartialEq)]
pub struct Petr2Coding {
    pub cameo: String,
    /// `None` when the crosswalk drops the code.
    pub plover: Option<EventType>,
    /// Country part (first three letters) of the PETRARCH actor codes.
    pub source: Option<String>,
    pub target: Option<String>,
}

/// One `<Sentence>` of the validation file.
#[derive(Debug, Clone, PartialEq)]
pub struct Petr2Record {
    pub id: String,
    /// The record's date, when it is a valid `YYYYMMDD`.
    pub date: Option<PartialDate>,
    pub text: String,
    /// Expected codings; empty for a `noevents` record.
    pub codings: Vec<Petr2Coding>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag.get(start..)?.find('"')?;
    tag.get(start..start + len)
}

/// Reads the validation file. It is not well-formed XML (comment banners,
/// `<Sentence .../>` opening tags), so it is read by its fixed layout:
/// a `<Sentence` tag, `<EventCoding .../>` lines, and a `<Text>` element.
pub fn load_petr2(path: &Path, crosswalk: &Crosswalk) -> Result<Vec<Petr2Record>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for chunk in text.split("<Sentence ").skip(1) {
        let head = chunk.split('>').next().unwrap_or("");
        let id = attr(head, "id").unwrap_or("").to_string();
        let date = attr(head, "date").and_then(|d| {
            (d.len() == 8)
                .then(|| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]))
                .and_then(|d| d.parse::<PartialDate>().ok())
        });
        let Some(body) = chunk
            .split_once("<Text>")
            .and_then(|(_, rest)| rest.split_once("</Text>"))
            .map(|(t, _)| t)
        else {
            return Err(EvalError::Invalid {
                path: path.to_path_buf(),
                line: 0,
                message: format!("record {id}: no <Text>"),
            });
        };
        let sentence = body.split_whitespace().collect::<Vec<_>>().join(" ");
        let before_text = chunk.split("<Text>").next().unwrap_or("");
        let codings = before_text
            .split("<EventCoding")
            .skip(1)
            .filter_map(|c| {
                let tag = c.split('>').next().unwrap_or("");
                let cameo = attr(tag, "eventcode")?.to_string();
                let country = |name| attr(tag, name).and_then(|c| c.get(..3)).map(str::to_string);
                Some(Petr2Coding {
                    plover: crosswalk.plover(&cameo),
                    cameo,
                    source: country("sourcecode"),
                    target: country("targetcode"),
                })
            })
            .collect();
        out.push(Petr2Record {
            id,
            date,
            text: sentence,
            codings,
        });
    }
    Ok(out)
}

/// Scores the validation records.
///
/// Protocol (fixed in `docs/accuracy.md`): every expected coding whose CAMEO
/// code has a PLOVER type is one item; it is right when dyad coded an event
/// of that type in the sentence, and fully right when one such event also has
/// the coding's source and target countries. The baseline always says
/// CONSULT, the most frequent type. Records without an expected event count
/// how often dyad codes one anyway.
pub fn score_petr2(records: &[Petr2Record], extracted: &[Vec<EventRecord>]) -> SuiteReport {
    let (mut items, mut right, mut full, mut consult) = (0, 0, 0, 0);
    let (mut empty, mut empty_coded) = (0, 0);
    let mut errors = Vec::new();
    for (i, rec) in records.iter().enumerate() {
        let got: &[EventRecord] = extracted.get(i).map_or(&[], Vec::as_slice);
        let typed: Vec<&Petr2Coding> = rec.codings.iter().filter(|c| c.plover.is_some()).collect();
        if rec.codings.is_empty() {
            empty += 1;
            if !got.is_empty() {
                empty_coded += 1;
                errors.push(ErrorCase {
                    id: rec.id.clone(),
                    kind: "spurious".into(),
                    sentence: rec.text.clone(),
                    gold: "no event".into(),
                    got: events_line(got),
                });
            }
        }
        for c in typed {
            let Some(t) = c.plover else { continue };
            items += 1;
            consult += usize::from(t == EventType::Consult);
            let same: Vec<&EventRecord> = got.iter().filter(|x| x.event_type == t).collect();
            let ok = !same.is_empty();
            let full_ok = same
                .iter()
                .any(|x| x.source == c.source && x.target == c.target);
            right += usize::from(ok);
            full += usize::from(full_ok);
            if !full_ok {
                errors.push(ErrorCase {
                    id: rec.id.clone(),
                    kind: if got.is_empty() {
                        "missed".into()
                    } else if ok {
                        "wrong actors".into()
                    } else {
                        "wrong type".into()
                    },
                    sentence: rec.text.clone(),
                    gold: format!(
                        "{} {}→{} (CAMEO {})",
                        t.as_str(),
                        c.source.as_deref().unwrap_or("-"),
                        c.target.as_deref().unwrap_or("-"),
                        c.cameo
                    ),
                    got: events_line(got),
                });
            }
        }
    }
    SuiteReport {
        suite: "petr2".into(),
        records: items,
        baseline: "always CONSULT (the most frequent type)".into(),
        figures: vec![
            Figure::ratio("type", "codings whose type dyad codes", right, items)
                .with_baseline(ratio(consult, items)),
            Figure::ratio("full", "type, source and target country right", full, items),
            Figure::ratio(
                "no_event_coded",
                "records without an event that dyad codes anyway",
                empty_coded,
                empty,
            )
            .lower_is_better(),
        ],
        detail: Vec::new(),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosswalk_falls_back_to_the_parent_code() {
        let cw = Crosswalk::parse(
            "# header\n04: CONSULT\n042: CONSULT, visit,   # Make a visit\n\
             110: ACCUSE, disapprove, # Disapprove\n~~~~~\n",
        );
        assert_eq!(cw.plover("042"), Some(EventType::Consult));
        assert_eq!(cw.plover("0421"), Some(EventType::Consult));
        assert_eq!(cw.plover("1101"), Some(EventType::Accuse));
        assert_eq!(cw.plover("010"), None);
    }
}
