//! Partitioned Parquet: `dyad export --partition-by` (layout, manifest,
//! `--since-last`, refusals) and `dyad code` (the same events as `dyad
//! ingest` + export, on the sample corpus and ../shared/seeds).

mod common;

use common::{corpus_dir, parts, run, TempDir};
use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn ok(args: &[&str]) -> String {
    let out = run(args);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 0, "dyad {args:?} failed: {stderr}");
    stdout
}

fn fails(args: &[&str]) -> String {
    let out = run(args);
    let (code, _, stderr) = parts(&out);
    assert_ne!(code, 0, "dyad {args:?} should fail");
    stderr
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The Parquet files of one table of a lake, relative paths, sorted.
fn files(lake: &Path, table: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![lake.join(table)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                let rel = p.strip_prefix(lake).map(Path::to_path_buf).unwrap_or(p);
                out.push(rel.display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// Every row of a table, each as the partition folder and the row's text,
/// sorted.
fn rows(lake: &Path, table: &str) -> Vec<String> {
    let mut out = Vec::new();
    for f in files(lake, table) {
        let partition = Path::new(&f)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let file = std::fs::File::open(lake.join(&f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        let reader = SerializedFileReader::new(file).unwrap_or_else(|e| panic!("{f}: {e}"));
        for row in reader
            .get_row_iter(None)
            .unwrap_or_else(|e| panic!("{f}: {e}"))
        {
            let row = row.unwrap_or_else(|e| panic!("{f}: {e}"));
            out.push(format!("{partition} {row}"));
        }
    }
    out.sort();
    out
}

fn manifest(lake: &Path, tag: &str) -> Value {
    let p = lake.join("_dyad").join(format!("manifest-{tag}.json"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn seeds() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    p.is_dir().then_some(p)
}

/// The partition folder an event's date belongs in (month partitioning).
fn expected_partition(date: Option<&str>, precision: Option<&str>) -> String {
    let (year, month) = match (date, precision) {
        (Some(d), Some("day" | "month")) => (d[..4].to_string(), d[5..7].to_string()),
        (Some(d), Some("year" | "season")) => (d[..4].to_string(), "unknown".to_string()),
        _ => ("unknown".to_string(), "unknown".to_string()),
    };
    format!("events/year={year}/month={month}")
}

#[test]
fn export_writes_a_hive_layout_with_a_manifest() {
    let t = TempDir::new("lake-layout");
    let db = t.arg("s.db");
    ok(&["ingest", &s(&corpus_dir()), "--db", &db]);
    let events = jsonl(&ok(&["events", "--db", &db, "--format", "jsonl"]));
    let lake = t.join("lake");
    let out = ok(&[
        "export",
        "--format",
        "parquet",
        "--partition-by",
        "month",
        "--out",
        &s(&lake),
        "--db",
        &db,
    ]);
    assert!(out.contains(&format!("{} events", events.len())), "{out}");

    // Every event in the partition of its own date, as many as stored.
    let mut want: Vec<String> = events
        .iter()
        .map(|e| expected_partition(e["date"].as_str(), e["date_precision"].as_str()))
        .collect();
    want.sort();
    let got: Vec<String> = rows(&lake, "events")
        .iter()
        .map(|r| r.split(' ').next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(got, want);
    for f in files(&lake, "events") {
        let name = f.rsplit('/').next().unwrap_or_default();
        assert!(
            name.starts_with("part-export.000001.") && name.ends_with(".parquet"),
            "{f}"
        );
    }
    // Documents: one row each, with text and the columns an engine joins on.
    let docs = ok(&["docs", "--db", &db, "--format", "jsonl"])
        .lines()
        .count();
    let doc_rows = rows(&lake, "documents");
    assert_eq!(doc_rows.len(), docs);
    for col in ["doc_hash:", "url:", "title:", "published_date:", "text:"] {
        assert!(doc_rows[0].contains(col), "{col} missing: {}", doc_rows[0]);
    }
    let first = rows(&lake, "events");
    for col in ["event_uid:", "doc_hash:", "date_start:", "intensity:"] {
        assert!(first[0].contains(col), "{col} missing: {}", first[0]);
    }

    // The manifest lists every file with its rows and bytes.
    let m = manifest(&lake, "export");
    assert_eq!(m["format"], "dyad-lake");
    assert_eq!(m["partition_by"], "month");
    assert_eq!(m["events"].as_u64(), Some(events.len() as u64));
    assert_eq!(m["documents"].as_u64(), Some(docs as u64));
    let listed = m["files"].as_array().cloned().unwrap_or_default();
    let mut listed_paths: Vec<String> = listed
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect();
    listed_paths.sort();
    let mut on_disk = files(&lake, "events");
    on_disk.extend(files(&lake, "documents"));
    on_disk.sort();
    assert_eq!(listed_paths, on_disk);
    for f in &listed {
        let path = lake.join(f["path"].as_str().unwrap_or_default());
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert_eq!(f["bytes"].as_u64(), Some(len), "{}", path.display());
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap_or_else(|e| {
            panic!("{e}");
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            f["rows"].as_i64(),
            Some(reader.metadata().file_metadata().num_rows())
        );
    }
    // No temporary files left.
    let leftovers: Vec<_> = std::fs::read_dir(lake.join("_dyad"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("manifest-export.json")]
    );

    // Day partitioning goes one level deeper.
    let by_day = t.join("by-day");
    ok(&[
        "export",
        "--format",
        "parquet",
        "--partition-by",
        "day",
        "--out",
        &s(&by_day),
        "--db",
        &db,
    ]);
    let day_rows = rows(&by_day, "events");
    assert_eq!(day_rows.len(), events.len());
    assert!(day_rows.iter().all(|r| r.contains("/day=")));
    assert!(day_rows
        .iter()
        .any(|r| r.starts_with("events/year=2024/month=03/day=23 ")));
}

#[test]
fn since_last_appends_only_what_is_new() {
    let t = TempDir::new("lake-since");
    let first = t.join("first");
    let second = t.join("second");
    std::fs::create_dir_all(&first).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(&second).unwrap_or_else(|e| panic!("{e}"));
    let mut names: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|x| x == "txt" || x == "html"));
    names.sort();
    for (i, p) in names.iter().enumerate() {
        let dest = if i % 2 == 0 { &first } else { &second };
        let name = p.file_name().unwrap_or_default();
        std::fs::copy(p, dest.join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    let db = t.arg("s.db");
    let lake = t.join("lake");
    let export = |extra: &[&str]| {
        let mut args = vec![
            "export",
            "--format",
            "parquet",
            "--partition-by",
            "month",
            "--db",
            &db,
        ];
        let out = s(&lake);
        args.extend(["--out", out.as_str()]);
        args.extend(extra);
        ok(&args)
    };
    ok(&["ingest", &s(&first), "--db", &db]);
    // A first --since-last with no lake writes everything.
    export(&["--since-last"]);
    let run1_files = files(&lake, "events");
    let run1_rows = rows(&lake, "events");
    let stored1 = ok(&["events", "--db", &db, "--format", "jsonl"])
        .lines()
        .count();
    assert_eq!(run1_rows.len(), stored1);

    ok(&["ingest", &s(&second), "--db", &db]);
    let out = export(&["--since-last"]);
    assert!(out.contains("appended"), "{out}");
    let stored = jsonl(&ok(&["events", "--db", &db, "--format", "jsonl"]));
    let all_rows = rows(&lake, "events");
    assert_eq!(all_rows.len(), stored.len(), "no event twice, none missing");
    // The first run's files are untouched; the second added files of run 2.
    let all_files = files(&lake, "events");
    for f in &run1_files {
        assert!(all_files.contains(f), "{f} gone");
    }
    let added: Vec<&String> = all_files
        .iter()
        .filter(|f| !run1_files.contains(f))
        .collect();
    assert!(!added.is_empty());
    assert!(added.iter().all(|f| f.contains(".000002.")), "{added:?}");
    let m = manifest(&lake, "export");
    let runs = m["runs"].as_array().cloned().unwrap_or_default();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1]["mode"], "append");
    assert_eq!(
        runs[1]["events"].as_u64(),
        Some((stored.len() - stored1) as u64)
    );
    assert_eq!(m["events"].as_u64(), Some(stored.len() as u64));
    // The same rows as a full export.
    let full = t.join("full");
    ok(&[
        "export",
        "--format",
        "parquet",
        "--partition-by",
        "month",
        "--db",
        &db,
        "--out",
        &s(&full),
    ]);
    assert_eq!(rows(&full, "events"), all_rows);
    assert_eq!(rows(&full, "documents"), rows(&lake, "documents"));

    // Nothing new: nothing written.
    let out = export(&["--since-last"]);
    assert!(out.contains("0 events and 0 documents appended"), "{out}");
    assert_eq!(files(&lake, "events"), all_files);

    // A replaced document: the lake is written again in full, and holds
    // the new version only.
    let victim = std::fs::read_dir(&second)
        .ok()
        .and_then(|mut d| d.next())
        .and_then(|e| e.ok())
        .map(|e| e.path())
        .unwrap_or_else(|| panic!("no file in {}", second.display()));
    let mut text = std::fs::read_to_string(&victim).unwrap_or_default();
    text.push_str("\n\nRussia and China signed a trade agreement in Moscow on 3 March 2024.\n");
    std::fs::write(&victim, text).unwrap_or_else(|e| panic!("{e}"));
    ok(&["ingest", &s(&second), "--db", &db]);
    let out = export(&["--since-last"]);
    assert!(out.contains("in full"), "{out}");
    let stored = ok(&["events", "--db", &db, "--format", "jsonl"])
        .lines()
        .count();
    assert_eq!(rows(&lake, "events").len(), stored);
    assert!(files(&lake, "events")
        .iter()
        .all(|f| f.contains(".000004.")));

    // A different partitioning of the same lake is refused.
    let err = fails(&[
        "export",
        "--format",
        "parquet",
        "--partition-by",
        "day",
        "--db",
        &db,
        "--out",
        &s(&lake),
        "--since-last",
    ]);
    assert!(err.contains("partitioned by month"), "{err}");
}

#[test]
fn export_refuses_unsafe_targets() {
    let t = TempDir::new("lake-refuse");
    let db = t.arg("s.db");
    ok(&["ingest", &s(&corpus_dir()), "--db", &db]);
    let lake_args = |out: &str| {
        vec![
            "export".to_string(),
            "--format".into(),
            "parquet".into(),
            "--partition-by".into(),
            "month".into(),
            "--db".into(),
            db.clone(),
            "--out".into(),
            out.to_string(),
        ]
    };
    let call = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        fails(&refs)
    };
    // The store itself, and the folder holding it.
    assert!(call(lake_args(&db)).contains("database"));
    assert!(call(lake_args(&s(t.path()))).contains("database"));
    // A folder with other files.
    let other = t.join("other");
    std::fs::create_dir_all(&other).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(other.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    assert!(call(lake_args(&s(&other))).contains("no _dyad/"));
    assert!(other.join("notes.txt").exists());
    // Filters and other formats.
    let mut filtered = lake_args(&t.arg("lake"));
    filtered.extend(["--type".to_string(), "AID".into()]);
    assert!(call(filtered).contains("filters"));
    let mut csv = lake_args(&t.arg("lake"));
    csv[2] = "csv".into();
    assert!(call(csv).contains("Parquet only"));
    assert!(!t.join("lake").exists());
}

/// `dyad code` on `inputs` against `dyad ingest` + `dyad export
/// --partition-by` on the same inputs: the same rows (every column, and
/// the partition) in both tables.
fn code_equals_ingest_export(inputs: &[String], tag: &str) -> usize {
    let t = TempDir::new(tag);
    let db = t.arg("s.db");
    let mut ingest = vec!["ingest"];
    ingest.extend(inputs.iter().map(String::as_str));
    ingest.extend(["--db", &db]);
    ok(&ingest);
    let exported = t.join("exported");
    ok(&[
        "export",
        "--format",
        "parquet",
        "--partition-by",
        "month",
        "--db",
        &db,
        "--out",
        &s(&exported),
    ]);
    let coded = t.join("coded");
    let coded_s = s(&coded);
    let mut code = vec!["code"];
    code.extend(inputs.iter().map(String::as_str));
    code.extend(["--out", &coded_s, "--shard", "s1", "-j", "2"]);
    ok(&code);
    let events = rows(&exported, "events");
    assert!(!events.is_empty());
    assert_eq!(rows(&coded, "events"), events);
    assert_eq!(rows(&coded, "documents"), rows(&exported, "documents"));
    let m = manifest(&coded, "s1");
    assert_eq!(m["events"].as_u64(), Some(events.len() as u64));
    events.len()
}

#[test]
fn code_gives_the_events_of_ingest_and_export_on_the_sample_corpus() {
    let n = code_equals_ingest_export(&[s(&corpus_dir())], "lake-code-corpus");
    assert!(n > 50, "{n}");
}

#[test]
fn code_gives_the_events_of_ingest_and_export_on_the_seeds() {
    let Some(seeds) = seeds() else {
        eprintln!("../shared/seeds not found: skipped");
        return;
    };
    code_equals_ingest_export(&[s(&seeds), s(&corpus_dir())], "lake-code-seeds");
}

#[test]
fn shards_share_a_folder_and_rerun_replaces_their_own_files() {
    let t = TempDir::new("lake-shards");
    let mut names: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|x| x == "txt" || x == "html"));
    names.sort();
    let (a, b) = names.split_at(names.len() / 2);
    let lake = t.join("lake");
    let code = |shard: &str, files: &[PathBuf]| {
        let mut args = vec!["code".to_string()];
        args.extend(files.iter().map(|p| s(p)));
        args.extend([
            "--out".into(),
            s(&lake),
            "--shard".into(),
            shard.to_string(),
        ]);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(&refs)
    };
    code("a", a);
    code("b", b);
    let union = rows(&lake, "events");
    let whole = t.join("whole");
    let mut args = vec!["code".to_string()];
    args.extend(names.iter().map(|p| s(p)));
    args.extend(["--out".into(), s(&whole)]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&refs);
    assert_eq!(union, rows(&whole, "events"));
    // Shard a again: its files replaced, b's kept, nothing twice.
    code("a", a);
    assert_eq!(rows(&lake, "events"), union);
    let a_files = files(&lake, "events")
        .into_iter()
        .filter(|f| f.contains("part-a."))
        .collect::<Vec<_>>();
    assert!(
        a_files.iter().all(|f| f.contains(".000002.")),
        "{a_files:?}"
    );
    assert!(files(&lake, "events").iter().any(|f| f.contains("part-b.")));
    // A bad shard name.
    let err = fails(&["code", &s(&a[0]), "--out", &s(&lake), "--shard", "../x"]);
    assert!(err.contains("writer tag"), "{err}");
}

#[test]
fn an_interrupted_run_is_cleaned_up_by_the_next() {
    let t = TempDir::new("lake-orphans");
    let db = t.arg("s.db");
    ok(&["ingest", &s(&corpus_dir()), "--db", &db]);
    let lake = t.join("lake");
    let export = || {
        ok(&[
            "export",
            "--format",
            "parquet",
            "--partition-by",
            "month",
            "--db",
            &db,
            "--out",
            &s(&lake),
            "--since-last",
        ])
    };
    export();
    let before = rows(&lake, "events");
    // What a run killed before its commit leaves: a file moved into a
    // partition that no manifest lists, and its temporary folder. Another
    // writer's file is not this writer's business.
    let part = lake.join("events/year=2024/month=06");
    let some_file = lake.join(&files(&lake, "events")[0]);
    std::fs::copy(&some_file, part.join("part-export.000009.00000.parquet"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(lake.join("_dyad/tmp-export")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(lake.join("_dyad/tmp-export/3.parquet"), "half")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(&some_file, part.join("part-other.000001.00000.parquet"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = export();
    assert!(out.contains("1 files of earlier runs removed"), "{out}");
    assert!(!part.join("part-export.000009.00000.parquet").exists());
    assert!(!lake.join("_dyad/tmp-export").exists());
    assert!(part.join("part-other.000001.00000.parquet").exists());
    std::fs::remove_file(part.join("part-other.000001.00000.parquet"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows(&lake, "events"), before);
}
