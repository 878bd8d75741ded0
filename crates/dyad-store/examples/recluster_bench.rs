//! Times `Store::recluster` and the cluster queries on a synthetic store:
//! `cargo run --release -p dyad-store --example recluster_bench -- 100000`
//! (events; default 20000). Documents of 8 events each, random types, pairs
//! of 8 actors and dates over ten years, a quarter undated.

use dyad_doc::{
    BlockKind, Doc, DocMeta, Event, EventType, Paragraph, PartialDate, Precision, Sentence, Span,
    Status, ALL_EVENT_TYPES,
};
use dyad_store::{EventFilter, Store};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let path = std::env::temp_dir().join(format!("dyad-recluster-bench-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(&path)?;
    let actors = ["RUS", "PRK", "KOR", "USA", "CHN", "JPN", "UKR", "UNO"];
    let mut seed: u64 = 42;
    let mut rnd = |k: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % k
    };
    let sentence = "Officials of both governments said the envoys had agreed on further steps \
                    after a long round of talks in the capital.";
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).ok_or("date")?;
    let t = Instant::now();
    let docs = n.div_ceil(8);
    for d in 0..docs {
        let day = rnd(3650) as u64;
        let published = start
            .checked_add_days(chrono::Days::new(day))
            .map(PartialDate::from_naive);
        let mut doc = Doc::new(
            format!("d{d:07}"),
            "",
            DocMeta {
                published,
                ..Default::default()
            },
        );
        let mut text = String::new();
        for i in 0..8 {
            if i > 0 {
                text.push(' ');
            }
            let span = Span::new(text.len(), text.len() + sentence.len());
            text.push_str(sentence);
            doc.paragraphs.push(Paragraph {
                span,
                kind: BlockKind::Body,
            });
            doc.sentences.push(Sentence { span, paragraph: i });
            let back = rnd(60) as u64;
            let date = start
                .checked_add_days(chrono::Days::new(day.saturating_sub(back)))
                .map(PartialDate::from_naive)
                .and_then(|pd| match rnd(4) {
                    0 => None,
                    1 => Some(pd.truncate(Precision::Year)),
                    2 => Some(pd.truncate(Precision::Month)),
                    _ => Some(pd),
                });
            let ty: EventType = ALL_EVENT_TYPES[rnd(ALL_EVENT_TYPES.len())];
            doc.events.push(Event {
                event_type: ty,
                mode: None,
                source: Some(actors[rnd(3)].to_string()),
                source_sector: None,
                target: Some(actors[rnd(actors.len())].to_string()),
                target_sector: None,
                date,
                date_basis: Default::default(),
                status: match rnd(20) {
                    0 => Status::Denied,
                    1..=4 => Status::Reported,
                    _ => Status::Asserted,
                },
                attributed_to: None,
                quantities: Vec::new(),
                location: None,
                sentence: i,
                quote_span: span,
                trigger_span: Span::new(span.start + 38, span.start + 44),
                joint: rnd(3) == 0,
                intensity: ty.default_intensity(),
                rule: "bench".into(),
                why: Vec::new(),
            });
        }
        doc.text = text;
        store.ingest(&doc, &format!("h{d}"))?;
    }
    println!(
        "ingest: {} docs, {} events in {:.1?}",
        docs,
        docs * 8,
        t.elapsed()
    );
    let t = Instant::now();
    let s = store.recluster()?;
    println!("recluster: {s:?} in {:.2?}", t.elapsed());
    let t = Instant::now();
    let s = store.recluster()?;
    println!(
        "recluster again (same set): {} clusters in {:.2?}",
        s.clusters,
        t.elapsed()
    );
    let f = EventFilter::default();
    let time = |what: &str, f: &dyn Fn() -> Result<usize, dyad_store::StoreError>| {
        let t = Instant::now();
        match f() {
            Ok(k) => println!("{what}: {k} in {:.2?}", t.elapsed()),
            Err(e) => println!("{what}: {e}"),
        }
    };
    time("timeline (totals), buckets", &|| {
        Ok(store.timeline(&f)?.buckets.len())
    });
    time("network (totals), edges", &|| {
        Ok(store.network(&f)?.edges.len())
    });
    let rus = EventFilter {
        actor: Some("RUS".into()),
        event_type: Some(EventType::Consult),
        status: Some(Status::Reported),
        ..Default::default()
    };
    time("timeline RUS CONSULT reported (scan), buckets", &|| {
        Ok(store.timeline(&rus)?.buckets.len())
    });
    time("count_clusters", &|| store.count_clusters(&f));
    let page = EventFilter {
        limit: Some(100),
        offset: 50_000.min(n / 2),
        ..Default::default()
    };
    time("clusters page of 100 deep", &|| {
        Ok(store.clusters(&page)?.len())
    });
    let doc = EventFilter {
        doc: Some("d0000042".into()),
        ..Default::default()
    };
    time("clusters of one doc", &|| Ok(store.clusters(&doc)?.len()));
    drop(store);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("database: {:.1} MB", size as f64 / 1e6);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    Ok(())
}
