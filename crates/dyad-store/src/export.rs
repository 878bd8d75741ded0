//! Event exports: JSON Lines, CSV, Parquet and PLOVER JSON Lines.

use crate::StoreError;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use dyad_doc::{DocRecord, EventRecord, PartialDate, Precision, Quantity, Status};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// The codebook named in PLOVER records' `cite_info`.
pub const PLOVER_CODEBOOK: &str = "plover-2.0-dyad";

/// One event record per line, in the shape of [`EventRecord`].
pub fn write_jsonl(events: &[EventRecord], mut w: impl Write) -> Result<(), StoreError> {
    for e in events {
        serde_json::to_writer(&mut w, e)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

/// The CSV columns, in order (the [`EventRecord`] fields).
const CSV_HEADER: [&str; 24] = [
    "id",
    "type",
    "mode",
    "source",
    "source_sector",
    "target",
    "target_sector",
    "date",
    "date_precision",
    "status",
    "attributed_to",
    "quantities",
    "location",
    "quote",
    "doc",
    "start",
    "end",
    "trigger",
    "joint",
    "intensity",
    "rule",
    "date_basis",
    "reported",
    "reported_precision",
];

/// One row per event with a header line. `quantities` is a JSON array
/// (`[{"value":12000,"unit":"troops"}]`) so it round-trips; absent values
/// are empty cells.
pub fn write_csv(events: &[EventRecord], w: impl Write) -> Result<(), StoreError> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(CSV_HEADER)?;
    for e in events {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        out.write_record([
            e.id.clone(),
            e.event_type.as_str().to_string(),
            opt(&e.mode),
            opt(&e.source),
            opt(&e.source_sector),
            opt(&e.target),
            opt(&e.target_sector),
            opt(&e.date),
            opt(&e.date_precision),
            e.status.as_str().to_string(),
            opt(&e.attributed_to),
            serde_json::to_string(&e.quantities)?,
            opt(&e.location),
            e.quote.clone(),
            e.doc.clone(),
            e.start.to_string(),
            e.end.to_string(),
            e.trigger.clone(),
            e.joint.to_string(),
            e.intensity.to_string(),
            e.rule.clone(),
            e.date_basis
                .map(|b| b.as_str().to_string())
                .unwrap_or_default(),
            opt(&e.reported),
            opt(&e.reported_precision),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Days since 1970-01-01 (Arrow's `Date32`).
fn date32(d: chrono::NaiveDate) -> Option<i32> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from(d.signed_duration_since(epoch).num_days()).ok()
}

fn parse_date(e: &EventRecord) -> Option<PartialDate> {
    e.date.as_deref().and_then(|s| s.parse().ok())
}

/// The Arrow schema of the Parquet export.
pub fn parquet_schema() -> Schema {
    let s = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    Schema::new(vec![
        s("id", false),
        s("type", false),
        Field::new("quad_class", DataType::Int64, false),
        s("mode", true),
        s("source", true),
        s("source_sector", true),
        s("target", true),
        s("target_sector", true),
        s("date", true),
        s("date_precision", true),
        Field::new("date_start", DataType::Date32, true),
        Field::new("date_end", DataType::Date32, true),
        s("status", false),
        s("attributed_to", true),
        s("quantities", false),
        s("location", true),
        s("quote", false),
        s("doc", false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        s("trigger", false),
        Field::new("joint", DataType::Boolean, false),
        Field::new("intensity", DataType::Float32, false),
        s("rule", false),
        s("date_basis", true),
        s("reported", true),
        s("reported_precision", true),
        Field::new("reported_start", DataType::Date32, true),
    ])
}

/// Writes the events as one Parquet file (ZSTD) with typed columns: text
/// as Utf8, offsets as Int64, intensity as Float32, `joint` as Boolean,
/// the date as ISO text plus `date_start`/`date_end` (Date32, first and
/// last day of the period), quantities as a JSON text column.
pub fn write_parquet(events: &[EventRecord], path: &Path) -> Result<(), StoreError> {
    write_batch(
        path,
        Arc::new(parquet_schema()),
        event_columns(events)?,
        false,
    )
}

/// The columns of [`parquet_schema`] for these events.
pub(crate) fn event_columns(events: &[EventRecord]) -> Result<Vec<ArrayRef>, StoreError> {
    let text = |f: &dyn Fn(&EventRecord) -> String| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(events.iter().map(f)))
    };
    let opt = |f: &dyn Fn(&EventRecord) -> Option<String>| -> ArrayRef {
        Arc::new(events.iter().map(f).collect::<StringArray>())
    };
    let dates: Vec<Option<PartialDate>> = events.iter().map(parse_date).collect();
    let quantities = events
        .iter()
        .map(|e| serde_json::to_string(&e.quantities))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(vec![
        text(&|e| e.id.clone()),
        text(&|e| e.event_type.as_str().to_string()),
        Arc::new(Int64Array::from_iter_values(
            events.iter().map(|e| i64::from(e.event_type.quad_class())),
        )),
        opt(&|e| e.mode.clone()),
        opt(&|e| e.source.clone()),
        opt(&|e| e.source_sector.clone()),
        opt(&|e| e.target.clone()),
        opt(&|e| e.target_sector.clone()),
        opt(&|e| e.date.clone()),
        opt(&|e| e.date_precision.clone()),
        Arc::new(
            dates
                .iter()
                .map(|d| d.and_then(|d| date32(d.first_day())))
                .collect::<Date32Array>(),
        ),
        Arc::new(
            dates
                .iter()
                .map(|d| d.and_then(|d| date32(d.last_day())))
                .collect::<Date32Array>(),
        ),
        text(&|e| e.status.as_str().to_string()),
        opt(&|e| e.attributed_to.clone()),
        Arc::new(StringArray::from_iter_values(quantities)),
        opt(&|e| e.location.clone()),
        text(&|e| e.quote.clone()),
        text(&|e| e.doc.clone()),
        Arc::new(Int64Array::from_iter_values(
            events
                .iter()
                .map(|e| i64::try_from(e.start).unwrap_or(i64::MAX)),
        )),
        Arc::new(Int64Array::from_iter_values(
            events
                .iter()
                .map(|e| i64::try_from(e.end).unwrap_or(i64::MAX)),
        )),
        text(&|e| e.trigger.clone()),
        Arc::new(
            events
                .iter()
                .map(|e| Some(e.joint))
                .collect::<BooleanArray>(),
        ),
        Arc::new(Float32Array::from_iter_values(
            events.iter().map(|e| e.intensity),
        )),
        text(&|e| e.rule.clone()),
        opt(&|e| e.date_basis.map(|b| b.as_str().to_string())),
        opt(&|e| e.reported.clone()),
        opt(&|e| e.reported_precision.clone()),
        Arc::new(
            events
                .iter()
                .map(|e| {
                    e.reported
                        .as_deref()
                        .and_then(|s| s.parse::<PartialDate>().ok())
                        .and_then(|d| date32(d.first_day()))
                })
                .collect::<Date32Array>(),
        ),
    ])
}

/// Writes one record batch as a Parquet file (ZSTD) at `path`. A
/// `compact` file (one of many small partition files) leaves out the
/// serialised Arrow schema and the page indexes, which are most of a small
/// file's footer (a one-row file: 8.4 KB, 1.8 KB of it data); the Parquet
/// types and the column-chunk statistics engines prune with stay.
pub(crate) fn write_batch(
    path: &Path,
    schema: Arc<Schema>,
    columns: Vec<ArrayRef>,
    compact: bool,
) -> Result<(), StoreError> {
    use parquet::arrow::arrow_writer::ArrowWriterOptions;
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::{EnabledStatistics, WriterProperties};

    let batch = RecordBatch::try_new(schema.clone(), columns)?;
    let mut props =
        WriterProperties::builder().set_compression(Compression::ZSTD(ZstdLevel::default()));
    if compact {
        props = props.set_statistics_enabled(EnabledStatistics::Chunk);
    }
    let options = ArrowWriterOptions::new()
        .with_properties(props.build())
        .with_skip_arrow_metadata(compact);
    let file = std::fs::File::create(path)?;
    let mut writer = ArrowWriter::try_new_with_options(file, schema, options)?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
}

/// Days since 1970-01-01 of a date, for Arrow's `Date32`.
pub(crate) fn date32_of(d: &PartialDate) -> Option<i32> {
    date32(d.first_day())
}

/// Our sector code as PLOVER names it: intelligence is `SPY` in PLOVER
/// (our `INT`), police `COP` (our `POL`); GOV, MIL, BUS, CVL, MED and the
/// others are the same.
pub fn plover_sector(sector: &str) -> &str {
    match sector {
        "INT" => "SPY",
        "POL" => "COP",
        other => other,
    }
}

/// A PLOVER entity object. We have no surface text in the flat record, so
/// the code stands in for it.
fn plover_entity(code: &str, sector: Option<&str>) -> Value {
    json!({
        "actorText": code,
        "entity_text": code,
        "code": code,
        "sector": sector.map(plover_sector),
    })
}

/// PLOVER's auxiliary mode (§2.3) for a status, put in `context`.
fn auxiliary_mode(s: Status) -> Option<&'static str> {
    match s {
        Status::Planned => Some("future"),
        Status::Hypothetical => Some("hypothetical"),
        Status::Denied => Some("negation"),
        Status::Asserted | Status::Reported => None,
    }
}

fn quantity_text(q: &[Quantity]) -> Option<String> {
    (!q.is_empty()).then(|| {
        q.iter()
            .map(|q| format!("{} {}", q.value, q.unit))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// One PLOVER record (JSON object) per event, one per line (PLOVER
/// recommends JSON Lines).
///
/// Fields: `id`; `date` (ISO, the first day of a partial date) with
/// `date_precision` and, for periods longer than a day, `enddate` (last
/// day); `actor` and `recipient` as lists of entity objects
/// (`actorText`/`entity_text`, `code`, `sector` with INT→SPY) — a joint
/// (reciprocal) event lists both parties in `actor` and none in
/// `recipient`, as PLOVER asks; `event` and `mode` as lists; `context` (the
/// auxiliary modes future / hypothetical / negation from the status);
/// `event_text` (a list holding the quote); `text_info` {doc, start, end}
/// (character offsets); `cite_info` {title, published, url, publication,
/// doc, codebook}; `quad_code`; `event_scale` (the intensity); `event_loc`
/// when a location is known; `comment` with status, attribution, quantities
/// and the rule. Events without a date of their own have `date: null`.
pub fn write_plover(
    events: &[EventRecord],
    docs: &[DocRecord],
    mut w: impl Write,
) -> Result<(), StoreError> {
    let by_name: HashMap<&str, &DocRecord> = docs.iter().map(|d| (d.doc.as_str(), d)).collect();
    for e in events {
        let date = parse_date(e);
        let mut rec = serde_json::Map::new();
        rec.insert("id".into(), json!(e.id));
        rec.insert(
            "date".into(),
            json!(date.map(|d| d.first_day().format("%Y-%m-%d").to_string())),
        );
        rec.insert("date_precision".into(), json!(e.date_precision));
        rec.insert("date_basis".into(), json!(e.date_basis));
        rec.insert("reported".into(), json!(e.reported));
        if let Some(d) = date.filter(|d| d.precision != Precision::Day) {
            rec.insert(
                "enddate".into(),
                json!(d.last_day().format("%Y-%m-%d").to_string()),
            );
        }
        let source = e
            .source
            .as_deref()
            .map(|c| plover_entity(c, e.source_sector.as_deref()));
        let target = e
            .target
            .as_deref()
            .map(|c| plover_entity(c, e.target_sector.as_deref()));
        let (actor, recipient): (Vec<Value>, Vec<Value>) = if e.joint {
            (source.into_iter().chain(target).collect(), Vec::new())
        } else {
            (source.into_iter().collect(), target.into_iter().collect())
        };
        rec.insert("actor".into(), Value::Array(actor));
        rec.insert("recipient".into(), Value::Array(recipient));
        // PLOVER folds a promised act into AGREE or THREATEN; the mode of
        // the act then names nothing of the folded type.
        let plover_type = e.event_type.plover_view(e.status);
        let mode: Vec<&String> = if plover_type == e.event_type {
            e.mode.iter().collect()
        } else {
            Vec::new()
        };
        rec.insert("event".into(), json!([plover_type.as_str()]));
        rec.insert("mode".into(), json!(mode));
        rec.insert(
            "context".into(),
            json!(auxiliary_mode(e.status).into_iter().collect::<Vec<_>>()),
        );
        rec.insert("event_text".into(), json!([e.quote]));
        rec.insert(
            "text_info".into(),
            json!({"doc": e.doc, "start": e.start, "end": e.end}),
        );
        let d = by_name.get(e.doc.as_str());
        rec.insert(
            "cite_info".into(),
            json!({
                "title": d.and_then(|d| d.title.clone()),
                "published": d.and_then(|d| d.published.clone()),
                "url": d.and_then(|d| d.url.clone()),
                "publication": d.and_then(|d| d.site_name.clone()),
                "doc": e.doc,
                "codebook": PLOVER_CODEBOOK,
            }),
        );
        rec.insert("quad_code".into(), json!(plover_type.quad_class()));
        rec.insert("event_scale".into(), json!(e.intensity));
        if let Some(loc) = &e.location {
            rec.insert("event_loc".into(), json!({"extracted_place": loc}));
        }
        rec.insert(
            "comment".into(),
            json!({
                "status": e.status.as_str(),
                "attributed_to": e.attributed_to,
                "quantities": quantity_text(&e.quantities),
                "trigger": e.trigger,
                "rule": e.rule,
            }),
        );
        rec.insert("coder".into(), json!("dyad"));
        serde_json::to_writer(&mut w, &Value::Object(rec))?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sectors_map_to_plover() {
        assert_eq!(plover_sector("INT"), "SPY");
        assert_eq!(plover_sector("POL"), "COP");
        for s in ["GOV", "MIL", "BUS", "CVL", "MED"] {
            assert_eq!(plover_sector(s), s);
        }
    }

    #[test]
    fn date32_counts_from_the_epoch() {
        let d = chrono::NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
        assert_eq!(date32(d), Some(1));
    }
}
