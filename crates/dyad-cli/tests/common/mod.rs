//! Helpers shared by the CLI integration tests: the real `dyad` binary, a
//! temporary folder that cleans up after itself, and generated articles
//! written for these tests (our own sentences).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The `dyad` binary under test, with no `DYAD_*` settings inherited.
pub fn dyad() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dyad"));
    c.env_remove("DYAD_DB").env_remove("DYAD_LEXICON");
    c
}

/// Runs `dyad ARGS` and returns its output.
pub fn run(args: &[&str]) -> Output {
    dyad().args(args).output().expect("the dyad binary runs")
}

/// The exit code, stdout and stderr of a finished command.
pub fn parts(o: &Output) -> (i32, String, String) {
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A fresh folder under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "dyad-cli-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The path as a `&str` argument.
    pub fn arg(&self, name: &str) -> String {
        self.join(name).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PAIRS: &[(&str, &str, &str)] = &[
    ("Russia", "North Korea", "Pyongyang"),
    ("China", "the Philippines", "Manila"),
    ("India", "Pakistan", "Islamabad"),
    ("Egypt", "Ethiopia", "Addis Ababa"),
    ("Turkey", "Sweden", "Stockholm"),
    ("the United States", "China", "Beijing"),
    ("Iran", "Iraq", "Baghdad"),
    ("Japan", "South Korea", "Seoul"),
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A short generated news article (title, byline, dateline, paragraphs),
/// different for every `i`, with several codable events.
pub fn article(i: usize) -> String {
    let (a, b, city) = PAIRS[i % PAIRS.len()];
    let month = MONTHS[(i / PAIRS.len()) % 12];
    let day = 1 + i % 27;
    let year = 2015 + (i % 10);
    let cap = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    format!(
        "Report {i}: {A} and {b} hold talks in {city}\n\
         By Test Desk\n\
         Published on {month} {day}, {year}\n\n\
         {A} sent its foreign minister to {city} on {month} {day}, {year}, where he met officials \
         of {b} for two days of talks about trade and security.\n\n\
         The two governments signed an agreement on grain deliveries worth about {n} million \
         dollars, according to a statement issued after the meeting.\n\n\
         {B} accused {a} of violating its airspace in {month} {prev}, and {a} denied the \
         accusation.\n\n\
         Officials said {a} would send {m} tonnes of fuel to {b} before the end of the year.\n",
        A = cap(a),
        B = cap(b),
        n = 10 + i,
        m = 100 * (1 + i % 9),
        prev = year - 1,
    )
}

/// Writes `n` generated articles as `DIR/gen-NNNN.txt`; returns their paths.
pub fn write_articles(dir: &Path, n: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("folder");
    (0..n)
        .map(|i| {
            let p = dir.join(format!("gen-{i:04}.txt"));
            std::fs::write(&p, article(i)).expect("write article");
            p
        })
        .collect()
}

/// The sample corpus of the repository.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/corpus"
    ))
}

/// Runs `PRAGMA integrity_check` and the store's own row-count invariants:
/// every document has exactly the sentences and events it records, and no
/// sentence, mention or event belongs to a missing document. Returns the
/// number of documents.
pub fn check_store_consistent(db: &Path) -> usize {
    let store = dyad_store::Store::open_read_only(db).expect("the store opens");
    let conn = store.connection();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check runs");
    assert_eq!(ok, "ok", "integrity_check of {}", db.display());
    let bad_counts: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM doc d WHERE \
               d.n_sentences != (SELECT COUNT(*) FROM sentence s WHERE s.doc_id = d.id) \
               OR d.n_events != (SELECT COUNT(*) FROM event e WHERE e.doc_id = d.id)",
            [],
            |r| r.get(0),
        )
        .expect("count check runs");
    assert_eq!(
        bad_counts, 0,
        "documents whose sentence/event rows are partial"
    );
    for table in [
        "sentence",
        "paragraph",
        "actor_mention",
        "time_mention",
        "quantity_mention",
        "event",
    ] {
        let orphans: i64 = conn
            .query_row(
                &format!(
                    "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS \
                     (SELECT 1 FROM doc d WHERE d.id = t.doc_id)"
                ),
                [],
                |r| r.get(0),
            )
            .expect("orphan check runs");
        assert_eq!(orphans, 0, "orphan rows in {table}");
    }
    let docs: i64 = conn
        .query_row("SELECT COUNT(*) FROM doc", [], |r| r.get(0))
        .expect("doc count");
    docs as usize
}
