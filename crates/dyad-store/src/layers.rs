//! A document's annotation layers as one compact value (schema v9).
//!
//! Paragraphs, actor, time and quantity mentions and each event's `why` are
//! only ever read per document (by [`crate::Store::doc`]), so they are
//! stored in one JSON value in `doc.layers` rather than as one row (and one
//! primary-key entry) per mention: ingest writes one value instead of ~40
//! rows per article. Each item is a JSON array, not an object, to keep the
//! value small; the positions are those of the views `paragraph`,
//! `actor_mention`, `time_mention` and `quantity_mention` of
//! [`crate::schema::LAYERS_V9`], which expose the same columns as the
//! tables of earlier versions for ad-hoc SQL. Offsets are character offsets,
//! booleans are 0/1 (as SQLite stored them). A quantity's value is a
//! string (Rust's shortest round-trip form, or `%!.17g` from the
//! migration), because `serde_json`'s default float parser may be one unit
//! in the last place off, and the value must come back bit for bit as the
//! REAL column of earlier versions did.
//!
//! ```json
//! {"p": [[start, end, kind], …],
//!  "a": [[sentence, start, end, code, sector, kind, name, [member codes], rule], …],
//!  "t": [[sentence, start, end, value, precision, relative, since, rule], …],
//!  "q": [[sentence, start, end, value, unit, upper value, upper unit, rule], …],
//!  "s": [reason, …],
//!  "w": [[index into "s", …] per event, in event order]}
//! ```
//!
//! `why` is most of the value (~6 reasons of ~60 bytes per event) and its
//! reasons repeat within a document ("target from slot `obj`", the status
//! and source explanations), so each distinct reason is written once, in
//! `s`, and the events list indexes. (Values written before the table was
//! introduced have the reasons themselves in `w`; both read back.)

use serde::{Deserialize, Serialize};

use crate::{StoredActor, StoredParagraph, StoredQuantity, StoredTime};
use dyad_doc::Quantity;

/// The layers of one document as they are encoded (borrowing the document).
#[derive(Serialize)]
pub(crate) struct LayersOut<'a> {
    pub p: Vec<(i64, i64, &'a str)>,
    #[allow(clippy::type_complexity)]
    pub a: Vec<(
        i64,
        i64,
        i64,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
        &'a str,
        &'a [String],
        &'a str,
    )>,
    #[allow(clippy::type_complexity)]
    pub t: Vec<(
        i64,
        i64,
        i64,
        Option<String>,
        Option<&'a str>,
        u8,
        u8,
        &'a str,
    )>,
    #[allow(clippy::type_complexity)]
    pub q: Vec<(
        i64,
        i64,
        i64,
        String,
        &'a str,
        Option<String>,
        Option<&'a str>,
        &'a str,
    )>,
    pub s: Vec<&'a str>,
    pub w: Vec<Vec<u32>>,
}

impl<'a> LayersOut<'a> {
    /// Sets `s` and `w` from each event's reasons, in event order.
    pub fn set_why<I: IntoIterator<Item = &'a [String]>>(&mut self, events: I) {
        let mut seen: crate::FastMap<&'a str, u32> = Default::default();
        for why in events {
            let mut ids = Vec::with_capacity(why.len());
            for reason in why {
                let next = u32::try_from(self.s.len()).unwrap_or(u32::MAX);
                let id = *seen.entry(reason.as_str()).or_insert_with(|| {
                    self.s.push(reason.as_str());
                    next
                });
                ids.push(id);
            }
            self.w.push(ids);
        }
    }
}

/// One reason of `w`: an index into `s`, or the text itself (values
/// written before `s` existed).
#[derive(Deserialize)]
#[serde(untagged)]
enum Reason {
    Index(usize),
    Text(String),
}

/// The layers of one document as they are read back.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct LayersIn {
    p: Vec<(i64, i64, String)>,
    #[allow(clippy::type_complexity)]
    a: Vec<(
        i64,
        i64,
        i64,
        Option<String>,
        Option<String>,
        String,
        String,
        Vec<String>,
        String,
    )>,
    #[allow(clippy::type_complexity)]
    t: Vec<(
        i64,
        i64,
        i64,
        Option<String>,
        Option<String>,
        i64,
        i64,
        String,
    )>,
    #[allow(clippy::type_complexity)]
    q: Vec<(
        i64,
        i64,
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
    )>,
    s: Vec<String>,
    w: Vec<Vec<Reason>>,
}

fn us(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// A float as the layers store it: its shortest form that parses back to
/// the same bits.
pub(crate) fn float_text(v: f64) -> String {
    format!("{v:?}")
}

/// The layers of one document, decoded; a value that is not a number is a
/// corrupt store.
pub(crate) fn decode(json: &str) -> Result<Layers, crate::StoreError> {
    let l: LayersIn = serde_json::from_str(json)?;
    Layers::try_from(l)
}

fn float(s: &str) -> Result<f64, crate::StoreError> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| crate::StoreError::Corrupt(format!("quantity value {s:?} is not a number")))
}

/// The decoded layers, in the store's public types.
pub(crate) struct Layers {
    pub paragraphs: Vec<StoredParagraph>,
    pub actors: Vec<StoredActor>,
    pub times: Vec<StoredTime>,
    pub quantities: Vec<StoredQuantity>,
    /// Each event's reasons, by event `seq`.
    pub why: Vec<Vec<String>>,
}

impl TryFrom<LayersIn> for Layers {
    type Error = crate::StoreError;
    fn try_from(l: LayersIn) -> Result<Self, Self::Error> {
        Ok(Layers {
            paragraphs: l
                .p
                .into_iter()
                .map(|(start, end, kind)| StoredParagraph {
                    start: us(start),
                    end: us(end),
                    kind,
                })
                .collect(),
            actors: l
                .a
                .into_iter()
                .map(
                    |(sentence, start, end, code, sector, kind, name, group, rule)| StoredActor {
                        sentence: us(sentence),
                        start: us(start),
                        end: us(end),
                        code,
                        sector,
                        kind,
                        name,
                        group,
                        rule,
                    },
                )
                .collect(),
            times: l
                .t
                .into_iter()
                .map(
                    |(sentence, start, end, value, precision, relative, since, rule)| StoredTime {
                        sentence: us(sentence),
                        start: us(start),
                        end: us(end),
                        value,
                        precision,
                        relative: relative != 0,
                        since: since != 0,
                        rule,
                    },
                )
                .collect(),
            quantities: l
                .q
                .into_iter()
                .map(
                    |(sentence, start, end, value, unit, upper_value, upper_unit, rule)| {
                        Ok(StoredQuantity {
                            sentence: us(sentence),
                            start: us(start),
                            end: us(end),
                            quantity: Quantity {
                                value: float(&value)?,
                                unit,
                            },
                            upper: match (upper_value, upper_unit) {
                                (Some(value), Some(unit)) => Some(Quantity {
                                    value: float(&value)?,
                                    unit,
                                }),
                                _ => None,
                            },
                            rule,
                        })
                    },
                )
                .collect::<Result<_, crate::StoreError>>()?,
            why: l
                .w
                .into_iter()
                .map(|reasons| {
                    reasons
                        .into_iter()
                        .map(|r| match r {
                            Reason::Text(t) => Ok(t),
                            Reason::Index(i) => l.s.get(i).cloned().ok_or_else(|| {
                                crate::StoreError::Corrupt(format!(
                                    "reason {i} of a document's layers is missing"
                                ))
                            }),
                        })
                        .collect()
                })
                .collect::<Result<_, crate::StoreError>>()?,
        })
    }
}
