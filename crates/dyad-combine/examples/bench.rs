//! Times clustering on a synthetic corpus: `cargo run --release -p
//! dyad-combine --example bench -- 100000` (mentions; default 20000).

use dyad_combine::{cluster, ClusterIndex, Mention, Options};
use dyad_doc::{EventRecord, EventType, PartialDate, Status, ALL_EVENT_TYPES};
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let actors = ["RUS", "PRK", "KOR", "USA", "CHN", "JPN", "UKR", "UNO"];
    let mut seed: u64 = 42;
    let mut rnd = |k: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % k
    };
    let mut ms = Vec::with_capacity(n);
    for i in 0..n {
        let doc = format!("d{:06}", i / 8);
        let day = rnd(3650) as i64;
        let date = chrono::NaiveDate::from_ymd_opt(2015, 1, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(day as u64)));
        let Some(date) = date else { continue };
        let pd = PartialDate::from_naive(date);
        let date = match rnd(4) {
            0 => None,
            1 => Some(pd.truncate(dyad_doc::Precision::Year)),
            2 => Some(pd.truncate(dyad_doc::Precision::Month)),
            _ => Some(pd),
        };
        let ty: EventType = ALL_EVENT_TYPES[rnd(16)];
        let rec = EventRecord {
            id: format!("{doc}-{:02}", i % 8 + 1),
            event_type: ty,
            mode: None,
            source: Some(actors[rnd(3)].to_string()),
            source_sector: None,
            target: Some(actors[rnd(actors.len())].to_string()),
            target_sector: None,
            date: date.map(|d| d.to_string()),
            date_precision: date.map(|d| d.precision.as_str().to_string()),
            status: match rnd(20) {
                0 => Status::Denied,
                1..=4 => Status::Reported,
                _ => Status::Asserted,
            },
            attributed_to: None,
            quantities: vec![],
            location: None,
            quote: String::new(),
            doc: doc.clone(),
            start: i,
            end: i + 1,
            trigger: String::new(),
            joint: rnd(3) == 0,
            intensity: 0.0,
            rule: if ty == EventType::Reject && rnd(10) == 0 {
                "(deny)".into()
            } else {
                String::new()
            },
            date_basis: None,
            reported: None,
            reported_precision: None,
        };
        ms.push(Mention::new(rec, Some(pd)));
    }
    let t = Instant::now();
    let cs = cluster(&ms);
    let all = t.elapsed();
    let links: usize = cs.iter().map(|c| c.contradicted_by.len()).sum();
    println!(
        "{} mentions -> {} clusters, {} links: cluster() {:.3}s",
        ms.len(),
        cs.len(),
        links,
        all.as_secs_f64()
    );
    let t = Instant::now();
    let mut unlinked = dyad_combine::cluster_unlinked(&ms, &Options::default());
    let split = t.elapsed();
    let t = Instant::now();
    dyad_combine::link_contradictions(&mut unlinked, &Options::default());
    println!(
        "of which: clustering {:.3}s, linking {:.3}s",
        split.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
    let mut index = ClusterIndex::new(Options::default());
    let (head, tail) = ms.split_at(ms.len().saturating_sub(8));
    let t = Instant::now();
    let mut by_doc: std::collections::BTreeMap<String, Vec<Mention>> = Default::default();
    for m in head {
        by_doc.entry(m.doc.clone()).or_default().push(m.clone());
    }
    index.apply(
        by_doc
            .into_iter()
            .map(|(doc, mentions)| dyad_combine::DocChange::Upsert { doc, mentions })
            .collect(),
    );
    let build = t.elapsed();
    let t = Instant::now();
    let doc = tail.first().map(|m| m.doc.clone()).unwrap_or_default();
    let delta = index.upsert(&doc, tail.to_vec());
    println!(
        "index: build {:.3}s, one more document {:.3}s ({} clusters upserted)",
        build.as_secs_f64(),
        t.elapsed().as_secs_f64(),
        delta.upserted.len()
    );
}
