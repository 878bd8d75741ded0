//! `dyad eval --suite`, `--errors` and `--min` through the real binary, on
//! the peer suites and gold-real in ../shared (skipped when it is absent),
//! and on small suites written here.

mod common;

use common::run as dyad;
use std::path::{Path, PathBuf};
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn peer_suites() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peer-suites");
    p.join("ConfliBERT").is_dir().then_some(p)
}

/// A peer-suites folder with a tiny ConfliBERT class file of our own.
fn tiny_suites(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-suites-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let class = dir.join("ConfliBERT/data/cameo_class");
    std::fs::create_dir_all(&class).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        class.join("test.tsv"),
        "Japan signed a treaty with Vietnam on Monday.\t1\r\n\
         The weather was mild in Oslo on Monday.\t0\r\n\
         Russia condemned Ukraine for the attack on Tuesday.\t3\r\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn a_suite_prints_figures_next_to_its_baseline_and_gates_them() {
    let dir = tiny_suites("gate");
    let dir_s = dir.display().to_string();
    let args = [
        "eval",
        "--suite",
        "conflibert-class",
        "--peer-suites",
        &dir_s,
    ];
    let out = dyad(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("class accuracy (accuracy)"), "{text}");
    assert!(text.contains("baseline"), "{text}");

    let json = stdout(&dyad(&[&args[..], &["--json"]].concat()));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let acc = v["figures"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == "accuracy"))
        .and_then(|f| f["value"].as_f64())
        .unwrap_or(-1.0);
    assert!((0.0..=1.0).contains(&acc), "{json}");

    // A bound above the figure fails with exit 1 and names the figure; one
    // at or below it passes.
    let above = format!("accuracy={}", acc + 0.01);
    let fail = dyad(&[&args[..], &["--min", &above]].concat());
    assert_eq!(fail.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&fail.stderr).contains("accuracy"));
    let at = format!("accuracy={acc}");
    assert!(dyad(&[&args[..], &["--min", &at]].concat())
        .status
        .success());

    // An unknown figure is an error, not a silent pass.
    let bad = dyad(&[&args[..], &["--min", "nonsense=0.1"]].concat());
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no such figure"));

    // --errors lists the sentences dyad got wrong, with gold and dyad's answer.
    let errors = stdout(&dyad(&[&args[..], &["--errors"]].concat()));
    if acc < 1.0 {
        assert!(errors.contains("gold: class"), "{errors}");
        assert!(errors.contains("dyad: class"), "{errors}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_suite_file_is_named() {
    let out = dyad(&[
        "eval",
        "--suite",
        "petr2",
        "--peer-suites",
        "/nonexistent/suites",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PETR2_GSR_validation.xml"), "{err}");
}

#[test]
fn every_peer_suite_runs_on_shared() {
    let Some(suites) = peer_suites() else {
        eprintln!("../shared/peer-suites not found: skipped");
        return;
    };
    let suites = suites.display().to_string();
    for (suite, records) in [
        ("plover-gsr", 322),
        ("conflibert-class", 451),
        ("petr2", 72),
    ] {
        let out = dyad(&["eval", "--suite", suite, "--peer-suites", &suites, "--json"]);
        assert!(
            out.status.success(),
            "{suite}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value =
            serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{suite}: {e}"));
        assert_eq!(v["records"], records, "{suite}");
        assert!(v["figures"][0]["baseline"].as_f64().is_some(), "{suite}");
    }
    // The roles suite scores only the sentences dyad codes an event in.
    let out = dyad(&[
        "eval",
        "--suite",
        "conflibert-roles",
        "--peer-suites",
        &suites,
        "--json",
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}"));
    let scored = v["records"].as_u64().unwrap_or(0);
    assert!(scored > 100 && scored <= 451, "{scored}");
}

#[test]
fn gold_real_errors_list_misses_and_spurious_events() {
    let Some(suites) = peer_suites() else {
        eprintln!("../shared not found: skipped");
        return;
    };
    let real = suites.join("../gold-real");
    let out = dyad(&[
        "eval",
        "--gold",
        &real.join("gold").display().to_string(),
        "--docs",
        &real.join("docs").display().to_string(),
        "--errors",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.contains("[missed]"), "{text}");
    assert!(text.contains("    gold: "), "{text}");
    // The negative control codes no event: none of its lines are spurious.
    assert!(
        !text.contains("[spurious] h11_reuters_cricket_negative"),
        "{text}"
    );
}
