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
