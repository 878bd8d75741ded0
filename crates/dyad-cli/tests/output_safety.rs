//! Output through the real binary: an export never overwrites the store,
//! `--out -` is standard output, and a reader that closes the pipe early
//! (`dyad network | head -1`) ends dyad quietly with success.

mod common;

use common::{dyad, parts, run, TempDir};
use std::io::Read;
use std::process::Stdio;

const BODY: &str = "Russia and North Korea signed a defence treaty in Pyongyang on June 19, \
    2024, officials said. China accused the Philippines of entering its waters.";

/// A store with a few events, in its own folder.
fn store(tag: &str) -> (TempDir, String) {
    let t = TempDir::new(tag);
    let src = t.join("a.txt");
    std::fs::write(&src, BODY).unwrap_or_else(|e| panic!("{e}"));
    let db = t.arg("x.db");
    let (code, _, err) = parts(&run(&["ingest", src.to_str().unwrap_or(""), "--db", &db]));
    assert_eq!(code, 0, "{err}");
    (t, db)
}

#[test]
fn export_refuses_the_database_itself_however_spelt() {
    let (t, db) = store("export-self");
    let before = std::fs::read(&db).unwrap_or_default();
    let dot = t.join(".").join("x.db");
    let wal = format!("{db}-wal");
    let link = t.join("link.db");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&db, &link).unwrap_or_else(|e| panic!("{e}"));
    for (format, out) in [
        ("csv", db.clone()),
        ("parquet", db.clone()),
        ("jsonl", dot.display().to_string()),
        ("csv", wal),
        ("csv", link.display().to_string()),
    ] {
        let (code, _, err) = parts(&run(&[
            "export", "--db", &db, "--format", format, "--out", &out,
        ]));
        assert_eq!(code, 2, "{format} to {out}: {err}");
        assert!(err.contains("the database"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap_or_default(), before);
    let (code, out, _) = parts(&run(&["docs", "--db", &db]));
    assert_eq!(code, 0);
    assert!(out.contains("a "), "{out}");
}

#[test]
fn export_to_dash_writes_standard_output() {
    let (t, db) = store("export-dash");
    let (code, out, err) = parts(&run(&[
        "export", "--db", &db, "--format", "jsonl", "--out", "-",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().count() >= 2, "{out}");
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        assert!(v["type"].is_string());
    }
    assert!(!t.join("-").exists(), "a file named '-' was written");
    let (code, _, err) = parts(&run(&[
        "export", "--db", &db, "--format", "parquet", "--out", "-",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("name a file"), "{err}");
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let (_t, db) = store("pipe");
    for args in [
        vec!["network", "--db", &db],
        vec!["events", "--db", &db, "--format", "csv"],
        vec!["export", "--db", &db, "--format", "jsonl", "--out", "-"],
    ] {
        let mut child = dyad()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        // Close our end before dyad writes: its first write meets a closed pipe.
        drop(child.stdout.take());
        let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn files_of_one_name_in_different_folders_stay_different_documents() {
    let t = TempDir::new("same-stem");
    let c = t.join("c");
    for d in ["a", "b", "x", "y"] {
        std::fs::create_dir_all(c.join(d)).unwrap_or_else(|e| panic!("{e}"));
    }
    let w =
        |rel: &str, text: &str| std::fs::write(c.join(rel), text).unwrap_or_else(|e| panic!("{e}"));
    w(
        "a/report.txt",
        "Japan signed a treaty with Vietnam on Monday.",
    );
    w(
        "b/report.txt",
        "Russia accused Ukraine of shelling a village on Monday.",
    );
    w(
        "a/report.html",
        "<html><body><article><p>China met Laos on Monday in Vientiane for talks on trade.</p></article></body></html>",
    );
    w("x/index.html", "<html><body><article><p>Germany met France in Paris on Monday for talks.</p></article></body></html>");
    w("y/index.html", "<html><body><article><p>Chile met Peru in Lima on Monday for talks on the border.</p></article></body></html>");
    let db = t.arg("s.db");
    let (code, out, err) = parts(&run(&["ingest", c.to_str().unwrap_or(""), "--db", &db]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("5 documents: 5 new, 0 replaced"), "{out}");
    let (_, docs, _) = parts(&run(&["docs", "--db", &db, "--format", "jsonl"]));
    let mut names: Vec<String> = docs
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["doc"].as_str().map(str::to_string))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "a/report.html",
            "a/report.txt",
            "b/report",
            "x/index",
            "y/index"
        ]
    );
    // The same article again under another name is not stored twice.
    std::fs::copy(c.join("b/report.txt"), t.join("copy.txt")).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = parts(&run(&[
        "ingest",
        t.join("copy.txt").to_str().unwrap_or(""),
        "--db",
        &db,
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 new, 0 replaced, 1 unchanged"), "{out}");
}

#[test]
fn memory_and_uri_databases_are_refused_or_taken_literally() {
    let t = TempDir::new("db-names");
    let src = t.join("a.txt");
    std::fs::write(&src, BODY).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = parts(&run(&[
        "ingest",
        src.to_str().unwrap_or(""),
        "--db",
        ":memory:",
    ]));
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("not a database file"), "{err}");
    // `file:` is a file name, not a URI: the store is where it says.
    let (code, _, err) = parts(
        &dyad()
            .current_dir(t.path())
            .args(["ingest", "a.txt", "--db", "file:u.db"])
            .output()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(code, 0, "{err}");
    assert!(t.join("file:u.db").is_file());
    assert!(!t.join("u.db").exists());
}

#[test]
fn search_caps_and_limits_are_said() {
    let (_t, db) = store("search-caps");
    let (code, _, err) = parts(&run(&["search", "Korea", "--db", &db, "--limit", "0"]));
    assert_eq!(code, 2);
    assert!(err.contains("--limit 0"), "{err}");
    let long = "korea ".repeat(2_000);
    let (code, _, err) = parts(&run(&["search", &long, "--db", &db]));
    assert_eq!(code, 2);
    assert!(err.contains("at most 500"), "{err}");
    // Repeated terms within the cap count once.
    let (code, out, err) = parts(&run(&["search", &"Korea ".repeat(80), "--db", &db]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Korea"), "{out}");
}

#[test]
fn tables_escape_control_characters_and_errors_say_each_cause_once() {
    let t = TempDir::new("escapes");
    let src = t.join("esc\u{1b}[31m.txt");
    std::fs::write(&src, BODY).unwrap_or_else(|e| panic!("{e}"));
    let db = t.arg("x.db");
    let (code, _, err) = parts(&run(&["ingest", src.to_str().unwrap_or(""), "--db", &db]));
    assert_eq!(code, 0, "{err}");
    let (_, docs, _) = parts(&run(&["docs", "--db", &db]));
    assert!(!docs.contains('\u{1b}'), "{docs:?}");
    assert!(docs.contains("\\u{1b}"), "{docs}");
    // A file that is not a database: the cause is said once.
    let (code, _, err) = parts(&run(&["docs", "--db", src.to_str().unwrap_or("")]));
    assert_eq!(code, 2);
    assert_eq!(err.matches("file is not a database").count(), 1, "{err}");
    let (_, _, err) = parts(&run(&[
        "eval",
        "--gold",
        "/nonexistent/gold",
        "--docs",
        "/nonexistent",
    ]));
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}
