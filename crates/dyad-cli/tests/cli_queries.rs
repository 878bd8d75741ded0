//! Listing commands through the real binary on the sample corpus: every
//! one honours --format and --limit, actors are found by name as well as
//! by code, and case does not matter for codes, types and statuses.

mod common;

use common::{corpus_dir, parts, run, TempDir};

fn store(tag: &str) -> (TempDir, String) {
    let t = TempDir::new(tag);
    let db = t.arg("q.db");
    let corpus = corpus_dir();
    let (code, _, err) = parts(&run(&[
        "ingest",
        corpus.to_str().unwrap_or(""),
        "--db",
        &db,
    ]));
    assert_eq!(code, 0, "{err}");
    (t, db)
}

fn ok(args: &[&str]) -> String {
    let (code, out, err) = parts(&run(args));
    assert_eq!(code, 0, "dyad {args:?}: {err}");
    out
}

#[test]
fn listings_honour_format_and_limit() {
    let (_t, db) = store("formats");
    let net = ok(&["network", "--db", &db, "--limit", "2", "--format", "csv"]);
    let lines: Vec<&str> = net.lines().collect();
    assert_eq!(lines.len(), 3, "{net}");
    assert_eq!(lines[0], "source,target,events,tone");
    let timeline = ok(&["timeline", "--db", &db, "--format", "csv"]);
    assert!(
        timeline.starts_with("month,events,mean_intensity,by_type\n"),
        "{timeline}"
    );
    let search = ok(&[
        "search", "Korea", "--db", &db, "--format", "csv", "--limit", "3",
    ]);
    assert_eq!(search.lines().count(), 4, "{search}");
    assert!(search.starts_with("doc,sentence,text\n"));
    let actors = ok(&["actors", "--db", &db, "--limit", "3", "--format", "jsonl"]);
    assert_eq!(actors.lines().count(), 3, "{actors}");
    let first: serde_json::Value =
        serde_json::from_str(actors.lines().next().unwrap_or("")).unwrap_or_default();
    assert_eq!(first["code"], "RUS");
    assert_eq!(first["name"], "Russia");
}

#[test]
fn actors_are_found_by_name_and_case_does_not_matter() {
    let (_t, db) = store("names");
    let by_code = ok(&["events", "--db", &db, "--actor", "PRK", "--format", "jsonl"]);
    assert!(by_code.lines().count() > 3);
    for name in ["North Korea", "north korea", "prk", "DPRK"] {
        let by_name = ok(&["events", "--db", &db, "--actor", name, "--format", "jsonl"]);
        assert_eq!(by_name, by_code, "--actor {name}");
    }
    let dyad_codes = ok(&[
        "events", "--db", &db, "--dyad", "RUS-PRK", "--format", "jsonl",
    ]);
    let dyad_names = ok(&[
        "events",
        "--db",
        &db,
        "--dyad",
        "Russia-North Korea",
        "--format",
        "jsonl",
    ]);
    assert_eq!(dyad_codes, dyad_names);
    assert!(!dyad_codes.is_empty());
    let (code, _, err) = parts(&run(&["events", "--db", &db, "--actor", "Narnia"]));
    assert_eq!(code, 2);
    assert!(err.contains("no actor is called 'Narnia'"), "{err}");
    let upper = ok(&[
        "events", "--db", &db, "--status", "Reported", "--type", "aid",
    ]);
    let lower = ok(&[
        "events", "--db", &db, "--status", "reported", "--type", "AID",
    ]);
    assert_eq!(upper, lower);
}

#[test]
fn demo_runs_outside_the_repository() {
    let t = TempDir::new("demo-anywhere");
    let (code, out, err) = parts(
        &common::dyad()
            .current_dir(t.path())
            .args(["demo"])
            .output()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("12 documents: 12 new"), "{out}");
    assert!(out.contains("Timeline of dated events"), "{out}");
    assert!(t.join("dyad.db").is_file());
}

#[test]
fn the_readme_explain_example_finds_its_event() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .unwrap_or_default();
    let line = readme
        .lines()
        .find(|l| l.starts_with("dyad explain \""))
        .unwrap_or_else(|| panic!("no explain example in the README"));
    let sentence = line.split('"').nth(1).unwrap_or_else(|| panic!("{line}"));
    let out = ok(&["explain", sentence, "--published", "2024-05-01"]);
    assert!(out.contains("events: 1"), "{out}");
    assert!(out.contains("REJECT RUS"), "{out}");
}

#[test]
fn docs_takes_a_unique_start_of_a_name() {
    let (_t, db) = store("doc-prefix");
    let one = ok(&[
        "docs",
        "--db",
        &db,
        "--doc",
        "rus-prk-t",
        "--format",
        "jsonl",
    ]);
    assert_eq!(one.lines().count(), 1, "{one}");
    assert!(one.contains("\"rus-prk-treaty-2024\""), "{one}");
    let (code, _, err) = parts(&run(&["docs", "--db", &db, "--doc", "rus-"]));
    assert_eq!(code, 2);
    assert!(err.contains("documents start so"), "{err}");
}

#[test]
fn explain_names_the_parse_behind_a_role() {
    // "the US media reports" is the object of "denied": the parse gives the
    // target the word-distance rules did not find.
    let out = ok(&[
        "explain",
        "Iranian Foreign Ministry spokesman Nasser Kanaani denied the US media reports.",
    ]);
    assert!(out.contains("REJECT IRN → USA"), "{out}");
    assert!(
        out.contains("target from the parse: reports (obj of \"denied\")"),
        "{out}"
    );
    // A coordinated subject: both parties act, the first named by the parse.
    let out = ok(&[
        "explain",
        "Bahrain and Morocco also recognised Israel in 2020.",
    ]);
    assert!(
        out.contains("SUPPORT BHR → ISR") && out.contains("SUPPORT MAR → ISR"),
        "{out}"
    );
    assert!(out.contains("(nsubj of \"recognised\")"), "{out}");
}

#[test]
fn eval_scores_the_parser_on_a_treebank() {
    let t = TempDir::new("treebank");
    let file = t.join("tiny.conllu");
    std::fs::write(
        &file,
        "# text = Russia condemned the strike.\n\
         1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
         2\tcondemned\tcondemn\tVERB\tVBD\t_\t0\troot\t_\t_\n\
         3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n\
         4\tstrike\tstrike\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No\n\
         5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = ok(&["eval", "--treebank", file.to_str().unwrap_or(""), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["records"], 5);
    let uas = v["figures"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == "uas"))
        .and_then(|f| f["value"].as_f64())
        .unwrap_or(-1.0);
    assert!(uas >= 0.8, "{out}");
    let (code, _, err) = parts(&run(&[
        "eval",
        "--treebank",
        file.to_str().unwrap_or(""),
        "--min",
        "uas=1.01",
    ]));
    assert_eq!(code, 1, "{err}");
}

#[test]
fn a_gap_in_a_trigger_spans_an_amount_of_money() {
    let out = ok(&[
        "explain",
        "China has rolled over a $2 billion loan to Pakistan for another year.",
    ]);
    assert!(out.contains("AID CHN → PAK"), "{out}");
}

#[test]
fn a_refusal_is_aimed_at_the_act_it_refuses_and_that_act_is_not_coded() {
    let out = ok(&[
        "explain",
        "Turkey has refused to bow to U.S. pressure, insisting on its sovereignty.",
    ]);
    assert!(out.contains("REJECT TUR → USA"), "{out}");
    assert!(out.contains("of the act refused"), "{out}");
    assert!(
        !out.contains("CONCEDE"),
        "the refused concession is no event: {out}"
    );
    let out = ok(&[
        "explain",
        "Israeli President Moshe Katsav has refused to meet Jordan's visiting King Abdullah II.",
    ]);
    assert!(out.contains("REJECT ISR → JOR"), "{out}");
    assert!(
        !out.contains("CONSULT"),
        "the refused meeting is no event: {out}"
    );
}
