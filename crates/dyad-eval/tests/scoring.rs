//! Properties of the evaluator promised by `../shared/gold/README.md`.

use dyad_doc::{EventRecord, EventType, Status};
use dyad_eval::*;
use std::path::PathBuf;

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
}

/// A gold event with the fields the matcher looks at.
#[allow(clippy::too_many_arguments)]
fn gold(
    id: &str,
    t: EventType,
    src: &str,
    tgt: &str,
    date: Option<&str>,
    status: Status,
    quote: &str,
    joint: bool,
) -> GoldEvent {
    GoldEvent {
        id: id.into(),
        event_type: t,
        mode: None,
        source: Some(src.into()),
        source_sector: None,
        target: Some(tgt.into()),
        target_sector: None,
        date: date.map(str::to_string),
        date_precision: None,
        status,
        attributed_to: None,
        quantities: vec![],
        location: None,
        quote: quote.into(),
        note: joint.then(|| "joint".to_string()),
    }
}

const TEXT: &str = "Officials in Valdoria met their Ostrian counterparts on Monday.\n\n\
The two governments signed a fisheries accord after the talks. \
Ostria later imposed tariffs on Valdorian steel, officials said.";

#[test]
fn gold_against_itself_scores_one_on_every_seed_document() {
    let dir = shared().join("gold");
    let seeds = shared().join("seeds");
    if !dir.is_dir() || !seeds.is_dir() {
        eprintln!("note: ../shared/gold or seeds absent; skipping");
        return;
    }
    let set = load_gold_dir(&dir).unwrap();
    assert_eq!(set.len(), 5);
    let mut docs = Vec::new();
    for (doc, (meta, events)) in &set {
        assert!(meta.is_some(), "{doc} has no .doc.json");
        let text = std::fs::read_to_string(seeds.join(format!("{doc}.txt"))).unwrap();
        let recs: Vec<EventRecord> = events.iter().map(|g| g.to_record(doc)).collect();
        let s = score_doc(&text, &recs, events);
        assert_eq!(s.matched, events.len(), "{doc}");
        assert_eq!(s.date_agree, s.matched, "{doc}");
        assert_eq!(s.status_agree, s.matched, "{doc}");
        assert_eq!(s.gold_quote_missing, 0, "{doc}");
        docs.push(s);
    }
    let r = Report::from_docs(docs);
    assert_eq!(r.totals.gold, 182);
    assert_eq!((r.precision, r.recall, r.f1), (1.0, 1.0, 1.0));
    assert_eq!(r.date_accuracy, Some(1.0));
    assert_eq!(r.date_accuracy_lenient, Some(1.0));
    assert_eq!(r.status_accuracy, Some(1.0));
    let table = r.to_table();
    assert!(table.contains("precision 1.000"), "{table}");
    assert!(serde_json::to_string(&r).unwrap().contains("\"AGREE\""));
}

#[test]
fn gold_fragments_and_reversed_joint_dyads_still_match() {
    let dir = shared().join("gold");
    let seeds = shared().join("seeds");
    if !dir.is_dir() || !seeds.is_dir() {
        eprintln!("note: ../shared/gold or seeds absent; skipping");
        return;
    }
    for (doc, (_, events)) in load_gold_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(seeds.join(format!("{doc}.txt"))).unwrap();
        let recs: Vec<EventRecord> = events
            .iter()
            .map(|g| {
                let mut r = g.to_record(&doc);
                // The middle third of the quote, on character boundaries.
                let chars: Vec<char> = g.quote.chars().collect();
                let n = chars.len();
                r.quote = chars[n / 3..(2 * n / 3).max(n / 3 + 1)].iter().collect();
                if g.is_joint() {
                    std::mem::swap(&mut r.source, &mut r.target);
                }
                r
            })
            .collect();
        let s = score_doc(&text, &recs, &events);
        assert_eq!(s.matched, events.len(), "{doc}: {:?}", s.unmatched_gold);
    }
}

#[test]
fn fragment_matches_and_neighbouring_sentence_does_not() {
    let g = vec![gold(
        "t-01",
        EventType::Agree,
        "VAL",
        "OST",
        None,
        Status::Asserted,
        "The two governments signed a fisheries accord after the talks.",
        true,
    )];
    let mut x = g[0].to_record("t");
    x.quote = "signed a fisheries accord".into();
    assert_eq!(score_doc(TEXT, &[x.clone()], &g).matched, 1);
    // Reversed dyad of a joint event.
    let mut rev = x.clone();
    std::mem::swap(&mut rev.source, &mut rev.target);
    assert_eq!(score_doc(TEXT, &[rev.clone()], &g).matched, 1);
    // ... but not of a directional one.
    let mut directional = g.clone();
    directional[0].note = None;
    assert_eq!(score_doc(TEXT, &[rev], &directional).matched, 0);
    // The neighbouring sentences.
    for q in [
        "Officials in Valdoria met their Ostrian counterparts on Monday.",
        "Ostria later imposed tariffs on Valdorian steel, officials said.",
    ] {
        let mut n = x.clone();
        n.quote = q.into();
        let s = score_doc(TEXT, &[n], &g);
        assert_eq!(s.matched, 0, "{q}");
        assert_eq!(s.unmatched_extracted, vec![0]);
        assert_eq!(s.unmatched_gold, vec![0]);
    }
    // A quote that is not in the text matches nothing and is counted.
    let mut missing = x.clone();
    missing.quote = "signed a trade accord".into();
    let s = score_doc(TEXT, &[missing], &g);
    assert_eq!((s.matched, s.extracted_quote_missing), (0, 1));
    // Curly quotes and odd spacing are normalised away.
    let text = "Ostria\u{2019}s  minister\u{00a0}said it \u{201c}signed\u{201d} the accord.";
    let mut gq = g.clone();
    gq[0].quote = text.into();
    let mut y = x.clone();
    y.quote = "Ostria's minister said it \"signed\"".into();
    assert_eq!(score_doc(text, &[y], &gq).matched, 1);
}

#[test]
fn type_and_actor_must_agree() {
    let q = "Ostria later imposed tariffs on Valdorian steel, officials said.";
    let g = vec![gold(
        "t-01",
        EventType::Sanction,
        "OST",
        "VAL",
        Some("2024"),
        Status::Reported,
        q,
        false,
    )];
    let ok = g[0].to_record("t");
    let mut wrong_type = ok.clone();
    wrong_type.event_type = EventType::Coerce;
    let mut wrong_actor = ok.clone();
    wrong_actor.target = None;
    let s = score_doc(TEXT, &[wrong_type, wrong_actor, ok], &g);
    assert_eq!(s.pairs, vec![(2, 0)]);
    assert_eq!(s.per_type[&EventType::Sanction].extracted, 2);
    assert_eq!(s.per_type[&EventType::Coerce].extracted, 1);
    assert_eq!(s.per_type[&EventType::Sanction].matched, 1);
}

#[test]
fn one_to_one_matching_prefers_date_and_status_agreement() {
    let q = "Officials in Valdoria met their Ostrian counterparts on Monday.";
    // Two gold meetings stated by the same sentence, differing in date only.
    let g = vec![
        gold(
            "t-01",
            EventType::Consult,
            "VAL",
            "OST",
            Some("2024-03-04"),
            Status::Asserted,
            q,
            true,
        ),
        gold(
            "t-02",
            EventType::Consult,
            "VAL",
            "OST",
            Some("2024-03"),
            Status::Asserted,
            q,
            true,
        ),
    ];
    // One extraction that agrees with the second gold event's date.
    let mut x = g[1].to_record("t");
    x.quote = "met their Ostrian counterparts".into();
    let s = score_doc(TEXT, &[x.clone()], &g);
    assert_eq!(s.pairs, vec![(0, 1)]);
    assert_eq!((s.date_agree, s.status_agree), (1, 1));

    // Two extractions, both able to match both gold events: the matching is
    // one to one, and the agreeing assignment is chosen.
    let mut a = x.clone();
    a.date = Some("2024-03".into());
    let mut b = x.clone();
    b.date = Some("2024-03-04".into());
    let s = score_doc(TEXT, &[a, b], &g);
    assert_eq!(s.matched, 2);
    assert_eq!(s.pairs, vec![(1, 0), (0, 1)]);
    assert_eq!(s.date_agree, 2);

    // Three extractions for two gold events: one stays unmatched.
    let s = score_doc(TEXT, &[x.clone(), x.clone(), x], &g);
    assert_eq!((s.matched, s.unmatched_extracted.len()), (2, 1));

    // Status breaks ties as well.
    let g2 = vec![
        gold(
            "t-01",
            EventType::Consult,
            "VAL",
            "OST",
            None,
            Status::Planned,
            q,
            true,
        ),
        gold(
            "t-02",
            EventType::Consult,
            "VAL",
            "OST",
            None,
            Status::Asserted,
            q,
            true,
        ),
    ];
    let mut y = g2[1].to_record("t");
    y.status = Status::Asserted;
    let s = score_doc(TEXT, &[y], &g2);
    assert_eq!(s.pairs, vec![(0, 1)]);
}

#[test]
fn lenient_dates_cut_to_the_coarser_precision() {
    let q = "Officials in Valdoria met their Ostrian counterparts on Monday.";
    let g = vec![gold(
        "t-01",
        EventType::Consult,
        "VAL",
        "OST",
        Some("2024-03-04"),
        Status::Asserted,
        q,
        true,
    )];
    let mut x = g[0].to_record("t");
    x.date = Some("2024-03".into());
    let r = Report::from_docs(vec![score_doc(TEXT, &[x.clone()], &g)]);
    assert_eq!(r.date_accuracy, Some(0.0));
    assert_eq!(r.date_accuracy_lenient, Some(1.0));
    x.date = Some("2024-04".into());
    let r = Report::from_docs(vec![score_doc(TEXT, &[x.clone()], &g)]);
    assert_eq!(r.date_accuracy_lenient, Some(0.0));
    x.date = None;
    let r = Report::from_docs(vec![score_doc(TEXT, &[x], &g)]);
    assert_eq!(r.date_accuracy_lenient, Some(0.0));
}

#[test]
fn short_quotes_can_be_ignored() {
    let q = "Officials in Valdoria met their Ostrian counterparts on Monday.";
    let g = vec![gold(
        "t-01",
        EventType::Consult,
        "VAL",
        "OST",
        None,
        Status::Asserted,
        q,
        true,
    )];
    let mut x = g[0].to_record("t");
    x.quote = "Monday".into();
    assert_eq!(score_doc(TEXT, &[x.clone()], &g).matched, 1);
    let opts = ScoreOptions {
        min_quote_chars: 20,
    };
    assert_eq!(score_doc_with(TEXT, &[x], &g, &opts).matched, 0);
}

#[test]
fn empty_inputs_give_zero_scores_not_nan() {
    let r = Report::from_docs(vec![score_doc("", &[], &[]).with_doc("empty")]);
    assert_eq!((r.precision, r.recall, r.f1), (0.0, 0.0, 0.0));
    assert_eq!(r.date_accuracy, None);
    assert!(r.to_table().contains("empty"));
}

#[test]
fn loader_errors_name_file_and_line() {
    let dir = std::env::temp_dir().join(format!("dyad-eval-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = r#"{"id": "x-01", "type": "AGREE", "source": "VAL", "target": "OST", "date": "2024", "status": "asserted", "quote": "A sentence."}"#;
    std::fs::write(
        dir.join("x.events.jsonl"),
        format!("{good}\n\n{{\"id\": \"x-02\", \"type\": \"HUG\"}}\n"),
    )
    .unwrap();
    let err = load_gold_dir(&dir).unwrap_err().to_string();
    assert!(err.contains("x.events.jsonl:3"), "{err}");
    std::fs::write(
        dir.join("x.events.jsonl"),
        format!("{}\n", good.replace("2024", "2024-13")),
    )
    .unwrap();
    let err = load_gold_dir(&dir).unwrap_err().to_string();
    assert!(
        err.contains("x.events.jsonl:1") && err.contains("2024-13"),
        "{err}"
    );
    std::fs::write(dir.join("x.events.jsonl"), format!("{good}\n")).unwrap();
    std::fs::write(
        dir.join("x.doc.json"),
        r#"{"doc": "x", "published": "2024-06-19", "published_basis": "stated"}"#,
    )
    .unwrap();
    let set = load_gold_dir(&dir).unwrap();
    let (meta, events) = &set["x"];
    assert_eq!(events.len(), 1);
    assert_eq!(
        meta.as_ref().unwrap().published.as_deref(),
        Some("2024-06-19")
    );
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(load_gold_dir(&dir).is_err());
}

#[test]
fn publication_dates_are_scored() {
    let gd = |doc: &str, p: Option<&str>, basis: &str| GoldDoc {
        doc: doc.into(),
        title: None,
        author: None,
        published: p.map(str::to_string),
        published_precision: None,
        published_basis: Some(basis.into()),
    };
    let rec = |doc: &str, p: Option<&str>, basis: &str| DocRecord {
        doc: doc.into(),
        title: None,
        author: None,
        published: p.map(str::to_string),
        published_precision: None,
        published_basis: basis.into(),
        site_name: None,
        url: None,
        format: "text".into(),
        path: None,
        sentences: 0,
        events: 0,
    };
    let gold = vec![
        gd("a", Some("2024-06-19"), "stated"),
        gd("b", Some("2022-09"), "inferred"),
        gd("c", None, "unknown"),
        gd("d", Some("2020"), "stated"),
    ];
    let got = vec![
        rec("a", Some("2024-06-19"), "metadata"),
        rec("b", Some("2022-09-30"), "inferred"),
        rec("c", None, "unknown"),
    ];
    let m = score_docs_meta(&gold, &got);
    assert_eq!(
        (m.docs, m.found, m.published_exact, m.published_lenient),
        (4, 3, 2, 3)
    );
    assert_eq!(m.basis_agree, 3);
    assert!(m.to_table().contains("(missing)"));
}

use dyad_doc::DocRecord;

#[test]
fn plover_gsr_loads_all_records_and_maps_old_names() {
    let path = shared().join("peer-suites/PLOVER/gold_standard_records/PLOVER_GSR_CAMEO.txt");
    if !path.is_file() {
        eprintln!("note: {} absent; skipping", path.display());
        return;
    }
    let recs = load_plover_gsr(&path).unwrap();
    assert_eq!(recs.len(), 322);
    let count = |t: EventType| recs.iter().filter(|r| r.event == t).count();
    assert_eq!(count(EventType::Request), 34); // DEMAND
    assert_eq!(count(EventType::Accuse), 16 + 9); // DISAPPROVE + INVESTIGATE
    assert_eq!(count(EventType::Assault), 17 + 15); // FIGHT + ASSAULT
    assert_eq!(count(EventType::Agree), 40);
    assert!(recs
        .iter()
        .any(|r| r.original_event.as_deref() == Some("FIGHT")));
    assert!(recs.iter().all(|r| !r.text.is_empty()));
    let first = recs
        .iter()
        .find(|r| r.id == "PLOVER-GSR01-AGREE-0001")
        .unwrap();
    assert_eq!(first.sources, vec!["HUN", "ROU"]);
    assert!(first.reciprocal && first.targets.is_empty());

    // A perfect extractor: the gold type, first source and first target.
    let perfect: Vec<Vec<EventRecord>> = recs
        .iter()
        .map(|r| {
            let mut g = gold("g", r.event, "", "", None, Status::Asserted, &r.text, false);
            g.source = r.sources.first().cloned();
            g.target = r.targets.first().or(r.sources.get(1)).cloned();
            vec![g.to_record("gsr")]
        })
        .collect();
    let s = score_gsr(&recs, &perfect, &[]);
    assert_eq!((s.records, s.coded, s.type_correct), (322, 322, 322));
    assert!(s.actor_agree >= 320, "{}", s.to_table());
    // Nothing extracted.
    let s = score_gsr(&recs, &[], &[]);
    assert_eq!((s.coded, s.type_correct), (0, 0));
    assert!(s.to_table().contains("PLOVER GSR: 322 records"));
}
