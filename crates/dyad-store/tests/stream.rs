//! `ingest_stream`: workers code out of order, the committer stores and
//! reports in input order, whatever the number of workers.

mod common;

use common::*;
use dyad_doc::EventType;
use dyad_store::*;
use std::time::Duration;

const INPUTS: usize = 450;

/// Input `i`: a document, a coding failure (every 7th) or a document the
/// store refuses (every 50th: an intensity outside the CHECK). Early inputs
/// take longer to code, so workers finish out of order.
fn code(i: usize) -> (String, Coded) {
    if i < 20 {
        std::thread::sleep(Duration::from_millis(((20 - i) % 5) as u64));
    }
    let label = format!("in-{i}");
    if i % 7 == 3 {
        return (label.clone(), Err(format!("{label}: unreadable")));
    }
    let name = format!("d{}", i % 400);
    let mut doc = make_doc(
        &name,
        &["Envoys met in the port.", "Ministers signed an accord."],
        vec![
            Ev::new(0, EventType::Consult, "RUS", "PRK").trigger("met"),
            Ev::new(1, EventType::Agree, "RUS", "PRK").trigger("signed"),
        ],
    );
    if i % 50 == 49 {
        doc.events[1].intensity = 42.0;
    }
    (label, Ok((doc, format!("hash-{}", i % 400))))
}

/// What was reported for each input, in the order reported.
fn run(jobs: usize) -> (Vec<String>, Store, TempDir) {
    let dir = temp_dir(&format!("stream-{jobs}"));
    let mut store = Store::open(&dir.join("events.db")).unwrap();
    let mut seen = Vec::new();
    ingest_stream(&mut store, INPUTS, jobs, code, |label, stored| {
        let what = match stored {
            Stored::Done(o, doc) => format!("{o:?} {}", doc.name),
            Stored::NotCoded(r) => format!("not coded: {r}"),
            Stored::NotStored(_) => "not stored".to_string(),
        };
        seen.push(format!("{label} {what}"));
    });
    (seen, store, dir)
}

#[test]
fn inputs_are_reported_and_stored_in_order_whatever_the_workers() {
    let (one, store_one, _d1) = run(1);
    let (four, store_four, _d4) = run(4);
    assert_eq!(one.len(), INPUTS);
    assert_eq!(one, four);
    for (i, line) in one.iter().enumerate() {
        assert!(line.starts_with(&format!("in-{i} ")), "{line}");
        let want = if i % 7 == 3 {
            format!("not coded: in-{i}: unreadable")
        } else if i % 50 == 49 {
            "not stored".to_string()
        } else if i >= 400 && (i - 400) % 7 != 3 && (i - 400) % 50 != 49 {
            // The same name and hash as input i - 400, stored before it.
            format!("Unchanged d{}", i - 400)
        } else {
            format!("Inserted d{}", i % 400)
        };
        assert!(line.ends_with(&want), "{line}: want {want}");
    }
    assert_eq!(store_one.stats().unwrap(), store_four.stats().unwrap());
    let stored = one.iter().filter(|l| l.contains("Inserted")).count();
    assert_eq!(store_one.stats().unwrap().docs, stored);
    // Every input whose coding failed or whose document was refused is
    // absent from the store.
    assert!(store_one.doc("d49").unwrap().is_none());
    assert!(store_one.doc("d52").unwrap().is_none());
    assert!(store_one.doc("d4").unwrap().is_some());
}

#[test]
fn no_inputs_store_nothing() {
    let dir = temp_dir("stream-empty");
    let mut store = Store::open(&dir.join("events.db")).unwrap();
    let mut calls = 0;
    ingest_stream(&mut store, 0, 2, code, |_, _| calls += 1);
    assert_eq!(calls, 0);
    assert_eq!(store.stats().unwrap().docs, 0);
}
