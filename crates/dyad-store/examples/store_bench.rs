//! Times the store at scale: ingests synthetic documents until it holds
//! `N` events (default 1,000,000), then times the queries the web UI makes.
//!
//! `cargo run -p dyad-store --example store_bench -- [N] [DB]`
//! (an existing DB of the right size is reused, so the query timings can be
//! re-run without re-ingesting).

use dyad_doc::*;
use dyad_store::*;
use std::time::Instant;

const CODES: [&str; 40] = [
    "RUS", "PRK", "USA", "CHN", "KOR", "JPN", "UKR", "IRN", "SYR", "ISR", "GBR", "FRA", "DEU",
    "IND", "PAK", "TUR", "SAU", "EGY", "BLR", "POL", "UNO", "EUR", "NATO", "VNM", "MNG", "KAZ",
    "AFG", "IRQ", "LBN", "YEM", "CUB", "VEN", "BRA", "MEX", "CAN", "AUS", "IDN", "PHL", "THA",
    "MMR",
];
const EVENTS_PER_DOC: usize = 20;

/// A small deterministic generator, so runs are comparable.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn synthetic_doc(i: usize, rng: &mut Lcg) -> Doc {
    let mut doc = Doc::new(format!("doc{i:07}"), "", DocMeta::default());
    let mut text = String::new();
    for s in 0..EVENTS_PER_DOC {
        // Skew actors so a few dyads are frequent, as in real news.
        let ka = rng.pick(CODES.len()) + 1;
        let a = CODES[rng.pick(ka)];
        let kb = rng.pick(CODES.len()) + 1;
        let b = CODES[rng.pick(kb)];
        let sentence = format!(
            "Officials from {a} met counterparts from {b} on day {s} of round {i} to discuss shipments. "
        );
        let span = Span::new(text.len(), text.len() + sentence.len() - 1);
        text.push_str(&sentence);
        doc.paragraphs.push(Paragraph {
            span,
            kind: BlockKind::Body,
        });
        doc.sentences.push(Sentence { span, paragraph: s });
        let ty = ALL_EVENT_TYPES[rng.pick(16)];
        let year = 2000 + rng.pick(25) as i32;
        let month = 1 + rng.pick(12) as u8;
        let date = match rng.pick(10) {
            0 => None,
            1 => Some(PartialDate::year(year)),
            2..=4 => Some(PartialDate::month(year, month)),
            _ => PartialDate::day(year, month, 1 + rng.pick(28) as u8),
        };
        doc.events.push(Event {
            event_type: ty,
            mode: None,
            source: Some(a.into()),
            source_sector: None,
            target: Some(b.into()),
            target_sector: None,
            date,
            date_basis: Default::default(),
            status: ALL_STATUSES[rng.pick(5)],
            attributed_to: None,
            quantities: vec![],
            location: None,
            sentence: s,
            quote_span: span,
            trigger_span: Span::new(span.start + 20, span.start + 23),
            joint: false,
            intensity: ty.default_intensity(),
            rule: "bench".into(),
            why: vec![],
        });
    }
    doc.text = text;
    doc
}

fn time<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut out = f(); // warm the page cache
    let start = Instant::now();
    for _ in 0..runs {
        out = f();
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    println!("{label:<48} {ms:>9.2} ms");
    out
}

fn main() -> Result<(), StoreError> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let path = args
        .get(2)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("dyad-bench-{n}.db")));
    let mut store = Store::open(&path)?;
    let have = store.stats()?.events;
    if have < n {
        let docs = n.div_ceil(EVENTS_PER_DOC);
        let mut rng = Lcg(42);
        let start = Instant::now();
        for i in 0..docs {
            let doc = synthetic_doc(i, &mut rng);
            store.ingest(&doc, &format!("h{i}"))?;
            if i % 5000 == 0 && i > 0 {
                println!("ingested {i} docs, {:.1} s", start.elapsed().as_secs_f64());
            }
        }
        let s = start.elapsed().as_secs_f64();
        println!(
            "ingest: {docs} docs, {} events in {s:.1} s ({:.0} docs/s)",
            docs * EVENTS_PER_DOC,
            docs as f64 / s
        );
    }
    let stats = store.stats()?;
    println!("store: {stats:?}");
    let dyad = EventFilter {
        dyad: Some(("RUS".into(), "PRK".into())),
        ..Default::default()
    };
    let rare_dyad = EventFilter {
        dyad: Some(("AUS".into(), "MMR".into())),
        ..Default::default()
    };
    let page = EventFilter {
        limit: Some(100),
        ..dyad.clone()
    };
    let n_dyad = time("count_events(dyad RUS-PRK)", 10, || {
        store.count_events(&dyad)
    })?;
    println!("  ({n_dyad} events)");
    time("events(dyad RUS-PRK, limit 100)", 10, || {
        store.events(&page)
    })?;
    let rare = time("events(dyad AUS-MMR, all)", 10, || store.events(&rare_dyad))?;
    println!("  ({} events)", rare.len());
    time("timeline(dyad RUS-PRK)", 10, || store.timeline(&dyad))?;
    time("timeline(dyad AUS-MMR)", 10, || store.timeline(&rare_dyad))?;
    let actor = EventFilter {
        actor: Some("USA".into()),
        ..Default::default()
    };
    time("count_events(actor USA)", 5, || store.count_events(&actor))?;
    time("timeline(actor USA)", 5, || store.timeline(&actor))?;
    let window = EventFilter {
        since: Some(PartialDate::month(2015, 11)),
        until: Some(PartialDate::month(2015, 11)),
        limit: Some(100),
        ..Default::default()
    };
    time("events(2015-11, limit 100)", 10, || store.events(&window))?;
    let t = time("timeline(all)", 3, || {
        store.timeline(&EventFilter::default())
    })?;
    println!("  ({} months)", t.buckets.len());
    time("network(dyad RUS-PRK)", 10, || store.network(&dyad))?;
    time("network(actor USA)", 3, || store.network(&actor))?;
    time("network(all)", 3, || store.network(&EventFilter::default()))?;
    time("search(\"shipment\", 20)", 10, || {
        store.search("shipment", 20)
    })?;
    time("search(\"round 4711\", 20)", 10, || {
        store.search("\"round 4711\"", 20)
    })?;
    time("stats()", 3, || store.stats())?;
    Ok(())
}
