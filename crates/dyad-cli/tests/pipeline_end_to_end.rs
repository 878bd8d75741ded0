//! The pipeline end to end through the real `dyad` binary: ingest, idempotent
//! re-ingest, events as JSON Lines with the gold schema's fields, search,
//! export to Parquet read back, eval. Uses the project's own sample corpus;
//! the seed checks read ../shared and are skipped when it is absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run dyad: {e}"))
}

fn ok(args: &[&str]) -> String {
    let out = dyad(args);
    assert!(
        out.status.success(),
        "dyad {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn temp_db(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir.join("t.db")
}

fn corpus() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/corpus")
        .display()
        .to_string()
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.join("seeds").is_dir().then_some(p)
}

const GOLD_FIELDS: &[&str] = &[
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
    "rule",
];

#[test]
fn ingest_is_idempotent_and_events_carry_the_schema() {
    let db = temp_db("corpus");
    let db = db.to_str().unwrap_or_default();
    let first = ok(&["ingest", &corpus(), "--db", db]);
    assert!(first.contains("12 new"), "{first}");
    let again = ok(&["ingest", &corpus(), "--db", db]);
    assert!(again.contains("0 new, 0 replaced, 12 unchanged"), "{again}");
    assert!(again.contains("unchanged"), "{again}");

    let jsonl = ok(&["events", "--db", db, "--format", "jsonl"]);
    let mut n = 0;
    for line in jsonl.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        for f in GOLD_FIELDS {
            assert!(v.get(f).is_some(), "field {f} missing in {line}");
        }
        n += 1;
    }
    assert!(n > 20, "only {n} events from the sample corpus");

    // Filters narrow the table.
    let aid = ok(&["events", "--db", db, "--format", "jsonl", "--type", "AID"]);
    assert!(aid.lines().count() < n);
    assert!(aid.lines().all(|l| l.contains("\"type\":\"AID\"")));
    let bad = dyad(&["events", "--db", db, "--since", "2022-13"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--since"));

    let docs = ok(&["docs", "--db", db, "--format", "jsonl"]);
    assert_eq!(docs.lines().count(), 12);
    for line in docs.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        for f in [
            "doc",
            "title",
            "author",
            "published",
            "published_precision",
            "published_basis",
        ] {
            assert!(v.get(f).is_some(), "doc field {f} missing in {line}");
        }
    }
}

#[test]
fn parquet_export_reads_back_with_its_types() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let db = temp_db("parquet");
    let out = db.with_file_name("events.parquet");
    let db = db.to_str().unwrap_or_default();
    ok(&["ingest", &corpus(), "--db", db]);
    let events = ok(&["events", "--db", db, "--format", "jsonl"])
        .lines()
        .count();
    ok(&[
        "export",
        "--db",
        db,
        "--format",
        "parquet",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    let file = std::fs::File::open(&out).unwrap_or_else(|e| panic!("{e}"));
    let reader = SerializedFileReader::new(file).unwrap_or_else(|e| panic!("{e}"));
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows() as usize, events);
    let schema = meta.file_metadata().schema_descr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    for f in [
        "type",
        "source",
        "target",
        "date",
        "status",
        "quote",
        "intensity",
        "date_start",
    ] {
        assert!(names.contains(&f), "column {f} missing: {names:?}");
    }
    for fmt in ["csv", "jsonl", "plover"] {
        let p = out.with_extension(fmt);
        ok(&[
            "export",
            "--db",
            db,
            "--format",
            fmt,
            "--out",
            p.to_str().unwrap_or_default(),
        ]);
        assert!(
            std::fs::metadata(&p).map(|m| m.len() > 0).unwrap_or(false),
            "{fmt} export is empty"
        );
    }
}

#[test]
fn seeds_ingest_search_and_eval() {
    let Some(shared) = shared() else {
        eprintln!("../shared not found: skipped");
        return;
    };
    let seeds = shared.join("seeds").display().to_string();
    let db = temp_db("seeds");
    let db = db.to_str().unwrap_or_default();
    assert!(ok(&["ingest", &seeds, "--db", db]).contains("5 documents: 5 new"));
    let again = ok(&["ingest", &seeds, "--db", db]);
    assert!(
        again.contains("5 unchanged") && again.contains("nothing new"),
        "{again}"
    );
    let hits = ok(&["search", "Rason", "--db", db, "--format", "jsonl"]);
    assert!(
        hits.lines().any(|l| l.contains("000_fe2b5d57ab090def")),
        "{hits}"
    );
    let docs = ok(&["docs", "--db", db]);
    for (doc, date) in [
        ("000_", "2015-02-03"),
        ("001_", "2016-03-02"),
        ("003_", "2024-10-25"),
        ("002_", "2022"),
        ("004_", "2015"),
    ] {
        let line = docs
            .lines()
            .find(|l| l.starts_with(doc))
            .unwrap_or_else(|| panic!("{doc} missing"));
        assert!(line.contains(date), "{line}");
    }
    let eval = ok(&[
        "eval",
        "--gold",
        &shared.join("gold").display().to_string(),
        "--docs",
        &seeds,
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&eval).unwrap_or_else(|e| panic!("{e}"));
    assert!(v["events"]["f1"].as_f64().unwrap_or(0.0) > 0.0);
}

#[test]
fn explain_names_the_lexicon_entry() {
    let out = ok(&[
        "explain",
        "Japan signed a treaty with Vietnam last year.",
        "--published",
        "2024-05-01",
    ]);
    assert!(out.contains("AGREE JPN → VNM"), "{out}");
    assert!(out.contains("triggers.tsv:"), "{out}");
    assert!(out.contains("2023"), "{out}");
}
