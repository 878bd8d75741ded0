mod common;

use arrow_array::{Array, BooleanArray, Date32Array, Float32Array, Int64Array, StringArray};
use arrow_schema::DataType;
use common::*;
use dyad_doc::EventRecord;
use dyad_store::*;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn stored_events() -> (Vec<EventRecord>, Vec<dyad_doc::DocRecord>) {
    let dir = temp_dir("export");
    let mut store = Store::open(&dir.join("e.db")).unwrap();
    // The store's file goes with `dir` at the end of this function; the
    // records are plain values.
    store.ingest(&sample_doc("alpha"), "h").unwrap();
    (
        store.events(&EventFilter::default()).unwrap(),
        store.docs(&DocFilter::default()).unwrap(),
    )
}

#[test]
fn parquet_reads_back_with_typed_columns() {
    let (events, _) = stored_events();
    let dir = temp_dir("parquet");
    let path = dir.join("events.parquet");
    write_parquet(&events, &path).unwrap();

    let file = std::fs::File::open(&path).unwrap();
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let schema = builder.schema().clone();
    let ty = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
    assert_eq!(ty("id"), DataType::Utf8);
    assert_eq!(ty("start"), DataType::Int64);
    assert_eq!(ty("quad_class"), DataType::Int64);
    assert_eq!(ty("intensity"), DataType::Float32);
    assert_eq!(ty("joint"), DataType::Boolean);
    assert_eq!(ty("date"), DataType::Utf8);
    assert_eq!(ty("date_start"), DataType::Date32);
    assert_eq!(ty("date_end"), DataType::Date32);
    assert_eq!(ty("quantities"), DataType::Utf8);

    let batches: Vec<_> = builder.build().unwrap().collect::<Result<_, _>>().unwrap();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, 6);
    let b = &batches[0];
    let col = |name: &str| b.column(schema.index_of(name).unwrap()).clone();
    let ids = col("id");
    let ids = ids.as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(ids.value(0), "alpha-01");
    // 2024-06-30 is day 19904 since 1970-01-01.
    let starts = col("date_start");
    let starts = starts.as_any().downcast_ref::<Date32Array>().unwrap();
    assert_eq!(starts.value(1), 19904);
    assert!(starts.is_null(2), "undated event");
    // Year 2023: first and last day.
    let ends = col("date_end");
    let ends = ends.as_any().downcast_ref::<Date32Array>().unwrap();
    assert_eq!(ends.value(4) - starts.value(4), 364);
    let joint = col("joint");
    let joint = joint.as_any().downcast_ref::<BooleanArray>().unwrap();
    assert!(joint.value(4) && !joint.value(0));
    let intensity = col("intensity");
    let intensity = intensity.as_any().downcast_ref::<Float32Array>().unwrap();
    assert_eq!(intensity.value(1), events[1].intensity);
    let end = col("end");
    let end = end.as_any().downcast_ref::<Int64Array>().unwrap();
    assert_eq!(end.value(5), events[5].end as i64);
    let q = col("quantities");
    let q = q.as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(
        q.value(1),
        r#"[{"value":1000000,"unit":"artillery shells"}]"#
    );

    // An empty export is a valid file too.
    let empty = dir.join("empty.parquet");
    write_parquet(&[], &empty).unwrap();
    let file = std::fs::File::open(&empty).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(reader.map(|b| b.unwrap().num_rows()).sum::<usize>(), 0);
}

#[test]
fn jsonl_round_trips() {
    let (events, _) = stored_events();
    let mut out = Vec::new();
    write_jsonl(&events, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let back: Vec<EventRecord> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, events);
}

#[test]
fn csv_has_a_header_and_json_quantities() {
    let (events, _) = stored_events();
    let mut out = Vec::new();
    write_csv(&events, &mut out).unwrap();
    let mut r = csv::Reader::from_reader(out.as_slice());
    let header = r.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    let qi = header.iter().position(|h| h == "quantities").unwrap();
    let quote = header.iter().position(|h| h == "quote").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 6);
    let q: Vec<dyad_doc::Quantity> = serde_json::from_str(&rows[1][qi]).unwrap();
    assert_eq!(q[0].unit, "artillery shells");
    // Quotes with commas and curly quotes survive.
    assert_eq!(&rows[5][quote], SENTENCES[5]);
}

#[test]
fn plover_records_follow_the_schema() {
    let (events, docs) = stored_events();
    let mut out = Vec::new();
    write_plover(&events, &docs, &mut out).unwrap();
    let recs: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 6);
    let consult = &recs[0];
    assert_eq!(consult["id"], "alpha-01");
    assert_eq!(consult["date"], "2024-03-05");
    assert_eq!(consult["date_precision"], "day");
    assert!(consult.get("enddate").is_none());
    assert_eq!(consult["event"], serde_json::json!(["CONSULT"]));
    assert_eq!(consult["actor"][0]["code"], "RUS");
    assert_eq!(consult["actor"][0]["actorText"], "RUS");
    assert_eq!(consult["actor"][0]["sector"], "MIL");
    assert_eq!(consult["recipient"][0]["code"], "PRK");
    assert_eq!(consult["quad_code"], 1);
    assert_eq!(consult["event_text"][0], SENTENCES[0]);
    assert_eq!(consult["text_info"]["doc"], "alpha");
    assert_eq!(consult["cite_info"]["title"], "Report alpha");
    assert_eq!(consult["cite_info"]["published"], "2024-07-01");
    assert_eq!(consult["context"], serde_json::json!([]));
    // INT → SPY.
    let support = &recs[5];
    assert_eq!(support["actor"][0]["sector"], "SPY");
    // Summer 2024: first day, with the end of the period.
    assert_eq!(support["date"], "2024-06-01");
    assert_eq!(support["enddate"], "2024-08-31");
    // A joint event lists both parties as actors, no recipient.
    let joint = &recs[4];
    assert_eq!(joint["actor"].as_array().unwrap().len(), 2);
    assert_eq!(joint["recipient"], serde_json::json!([]));
    assert_eq!(joint["date"], "2023-01-01");
    // A planned event carries PLOVER's `future` auxiliary mode.
    assert_eq!(recs[3]["context"], serde_json::json!(["future"]));
    assert!(recs[2]["date"].is_null());
    assert_eq!(recs[2]["quad_code"], 3);
    let scale = recs[2]["event_scale"].as_f64().unwrap();
    assert!(scale < 0.0);
}

#[test]
fn plover_records_fold_a_promised_act_into_agree() {
    let (mut events, docs) = stored_events();
    // "North Korea shipped artillery shells": AID, made a promise.
    assert_eq!(events[1].event_type, dyad_doc::EventType::Aid);
    events[1].status = dyad_doc::Status::Planned;
    events[1].mode = Some("military".into());
    let mut out = Vec::new();
    write_plover(&events, &docs, &mut out).unwrap();
    let recs: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs[1]["event"], serde_json::json!(["AGREE"]));
    assert_eq!(recs[1]["mode"], serde_json::json!([]));
    assert_eq!(recs[1]["quad_code"], 1);
    assert_eq!(recs[1]["context"], serde_json::json!(["future"]));
}

#[test]
fn every_export_carries_the_reported_date_and_the_date_basis() {
    let (events, _) = stored_events();
    // The document's publication date, on every event, dated or not.
    assert!(events
        .iter()
        .all(|e| e.reported.as_deref() == Some("2024-07-01")
            && e.reported_precision.as_deref() == Some("day")));

    let mut out = Vec::new();
    write_csv(&events, &mut out).unwrap();
    let mut r = csv::Reader::from_reader(out.as_slice());
    let header = r.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (rep, prec, basis) = (at("reported"), at("reported_precision"), at("date_basis"));
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert!(rows
        .iter()
        .all(|row| &row[rep] == "2024-07-01" && &row[prec] == "day"));
    // The basis is stored with each event (the test events are undated:
    // `none`).
    assert!(rows.iter().all(|row| &row[basis] == "none"));

    let dir = temp_dir("parquet-reported");
    let path = dir.join("events.parquet");
    write_parquet(&events, &path).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let schema = builder.schema().clone();
    let ty = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
    assert_eq!(ty("reported"), DataType::Utf8);
    assert_eq!(ty("reported_precision"), DataType::Utf8);
    assert_eq!(ty("reported_start"), DataType::Date32);
    assert_eq!(ty("date_basis"), DataType::Utf8);
    let batches: Vec<_> = builder.build().unwrap().collect::<Result<_, _>>().unwrap();
    let b = &batches[0];
    let starts = b.column(schema.index_of("reported_start").unwrap()).clone();
    let starts = starts.as_any().downcast_ref::<Date32Array>().unwrap();
    // 2024-07-01 is day 19905 since 1970-01-01.
    assert!((0..starts.len()).all(|i| starts.value(i) == 19905));

    // Records coded without a store carry the basis the coder chose.
    let doc = sample_doc("beta");
    let recs = doc.event_records();
    assert!(recs.iter().all(|e| e.date_basis.is_some()));
    let mut out = Vec::new();
    write_jsonl(&recs, &mut out).unwrap();
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8(out).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(line["reported"], "2024-07-01");
    assert!(line["date_basis"].is_string());
}

#[test]
fn a_timeline_by_reported_date_places_every_event_of_a_dated_document() {
    let dir = temp_dir("timeline-reported");
    let mut store = Store::open(&dir.join("t.db")).unwrap();
    store.ingest(&sample_doc("alpha"), "h").unwrap();
    let mut undated = sample_doc("gamma");
    undated.meta.published = None;
    store.ingest(&undated, "h2").unwrap();
    let f = EventFilter::default();
    // By event date: two events in months, the rest undated or imprecise.
    let by_event = store.mention_timeline(&f).unwrap();
    assert_eq!(by_event.by, TimeAxis::Event);
    let placed: usize = by_event.buckets.iter().map(|b| b.total).sum();
    assert_eq!(placed, 4);
    // By publication date: all six events of the dated document in July
    // 2024, the undated document's six undated.
    let by_reported = store.reported_timeline(&f).unwrap();
    assert_eq!(by_reported.by, TimeAxis::Reported);
    assert_eq!(by_reported.buckets.len(), 1);
    assert_eq!(by_reported.buckets[0].month, "2024-07");
    assert_eq!(by_reported.buckets[0].total, 6);
    assert_eq!(by_reported.undated, 6);
    assert_eq!(by_reported.imprecise, 0);
    // Filters apply as for the event timeline (here: one type).
    let consult = EventFilter {
        event_type: Some(dyad_doc::EventType::Consult),
        ..Default::default()
    };
    let t = store.reported_timeline(&consult).unwrap();
    assert_eq!(t.buckets[0].total, 1);
    assert_eq!(t.undated, 1);
}
