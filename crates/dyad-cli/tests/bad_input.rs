//! Bad input through the real `dyad` binary: every file gets a verdict
//! (ingested, unchanged, or skipped with a reason that names it), the exit
//! code says which, nothing panics, and oversized or pathological inputs
//! are refused or handled in bounded time and memory.

mod common;

use common::{dyad, parts, run, TempDir};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Fails the test when the process panicked or died on a signal.
fn assert_no_panic(code: i32, stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "dyad panicked: {stderr}"
    );
    assert!(
        (0..=2).contains(&code),
        "dyad died (exit {code}), stderr: {stderr}"
    );
}

/// One sentence pair of our own that the coder turns into events.
const BODY: &str = "Russia and North Korea signed a defence treaty in Pyongyang on June 19, \
    2024, officials said. China accused the Philippines of entering its waters.";

#[test]
fn every_input_gets_a_verdict_that_names_it() {
    let t = TempDir::new("verdict");
    let d = t.join("in");
    std::fs::create_dir_all(&d).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).unwrap();
    // Good inputs, in several encodings.
    w("plain.txt", BODY.as_bytes());
    w(
        "bom8.txt",
        &[b"\xEF\xBB\xBF".as_slice(), BODY.as_bytes()].concat(),
    );
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in format!("{BODY} The caf\u{e9} stayed open.").encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    w("utf16le.txt", &le);
    w("utf16be.txt", &be);
    // A windows-1252 page that declares its charset (é = 0xE9, — = 0x97).
    let mut page = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xE9 talks</title>\
        </head><body><article><p>The caf\xE9 diplomacy \x97 "
        .to_vec();
    page.extend_from_slice(BODY.as_bytes());
    page.extend_from_slice(b"</p></article></body></html>");
    w("latin.html", &page);
    // Plain Latin-1 text without a declaration: the windows-1252 fallback.
    w(
        "latin1.txt",
        &[b"Le caf\xE9 ferm\xE9. ".as_slice(), BODY.as_bytes()].concat(),
    );
    // Bad inputs, one per reason.
    w("empty.txt", b"");
    w("blank.txt", b"  \n\n\t \n");
    w("nul.txt", b"Russia\0and\0North Korea\0");
    w(
        "controls.txt",
        &[0x01u8, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07].repeat(50),
    );
    let not_text: Vec<u8> = (0..4000u32)
        .map(|i| 0x80 + (i.wrapping_mul(2_654_435_761) >> 25) as u8 % 0x7F)
        .collect();
    w("not-text.txt", &not_text);
    w(
        "furniture.html",
        b"<html><body><nav><a href=/>Home</a></nav><footer></footer></body></html>",
    );
    let db = t.arg("x.db");
    let o = run(&["ingest", d.to_str().unwrap(), "--db", &db, "-j", "2"]);
    let (code, out, err) = parts(&o);
    assert_no_panic(code, &err);
    assert_eq!(code, 1, "some inputs were skipped: exit 1\n{out}\n{err}");
    for (file, why) in [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("nul.txt", "binary"),
        ("controls.txt", "binary"),
        ("not-text.txt", "not text"),
        ("furniture.html", "no article text"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no verdict names {file}: {err}"));
        assert!(line.starts_with("skipped"), "{line}");
        assert!(line.contains(why), "{file}: expected '{why}' in {line}");
    }
    assert!(out.contains("6 new") && out.contains("6 skipped"), "{out}");
    // The decoded documents read right.
    let store = dyad_store::Store::open_read_only(&t.join("x.db")).unwrap();
    for name in ["plain", "bom8", "utf16le", "utf16be", "latin", "latin1"] {
        let doc = store.doc(name).unwrap().unwrap_or_else(|| panic!("{name}"));
        assert!(doc.text.contains("defence treaty"), "{name}: {}", doc.text);
        assert!(!doc.text.contains('\u{FEFF}'), "{name}: BOM kept");
        assert!(!doc.text.contains('\u{FFFD}'), "{name}: mis-decoded");
        assert!(!doc.events.is_empty(), "{name}: no events");
    }
    for name in ["utf16le", "utf16be"] {
        let doc = store.doc(name).unwrap().unwrap();
        assert!(doc.text.contains("caf\u{e9}"), "{name}: {}", doc.text);
    }
    let html = store.doc("latin").unwrap().unwrap();
    assert_eq!(html.record.doc, "latin");
    // Re-ingesting the same folder: the good ones are unchanged, the bad
    // ones skipped again.
    let (code, out, err) = parts(&run(&["ingest", d.to_str().unwrap(), "--db", &db]));
    assert_no_panic(code, &err);
    assert_eq!(code, 1);
    assert!(out.contains("0 new") && out.contains("unchanged"), "{out}");
}

#[test]
fn latin1_html_and_text_decode_to_the_right_characters() {
    let t = TempDir::new("latin");
    let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; \
        charset=ISO-8859-1\"><title>x</title></head><body><article><p>Le minist\xE8re a \
        annonc\xE9 que la Russie et la Cor\xE9e du Nord ont sign\xE9 un trait\xE9. Officials \
        in Pyongyang confirmed the signing of the treaty with Russia on Thursday.</p>\
        </article></body></html>";
    std::fs::write(t.join("fr.html"), page).unwrap();
    let db = t.arg("x.db");
    let (code, out, err) = parts(&run(&["ingest", &t.arg("fr.html"), "--db", &db]));
    assert_no_panic(code, &err);
    assert_eq!(code, 0, "{out}{err}");
    let store = dyad_store::Store::open_read_only(&t.join("x.db")).unwrap();
    let doc = store.doc("fr").unwrap().unwrap();
    assert!(
        doc.text.contains("minist\u{e8}re a annonc\u{e9}"),
        "{}",
        doc.text
    );
}

#[test]
fn exit_codes_0_1_2() {
    let t = TempDir::new("exit");
    let good = t.join("good.txt");
    std::fs::write(&good, BODY).unwrap();
    let db = t.arg("x.db");
    let good = good.to_str().unwrap();
    let (code, _, err) = parts(&run(&["ingest", good, "--db", &db]));
    assert_eq!(code, 0, "{err}");
    // Unchanged is success too.
    let (code, out, err) = parts(&run(&["ingest", good, "--db", &db]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("unchanged"), "{out}");
    // Nothing could run: 2, with a message.
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["ingest".into(), good.into(), "--db".into(), t.arg("")],
            "database",
        ),
        (
            vec![
                "ingest".into(),
                good.into(),
                "--db".into(),
                "/nonexistent/dir/x.db".into(),
            ],
            "database",
        ),
        (
            vec![
                "ingest".into(),
                t.arg("missing.txt"),
                "--db".into(),
                db.clone(),
            ],
            "missing.txt",
        ),
        (
            vec![
                "ingest".into(),
                good.into(),
                "--db".into(),
                db.clone(),
                "--published".into(),
                "2024-02-30".into(),
            ],
            "--published",
        ),
        (
            vec![
                "events".into(),
                "--db".into(),
                db.clone(),
                "--since".into(),
                "2022-13".into(),
            ],
            "--since",
        ),
        (
            vec![
                "events".into(),
                "--db".into(),
                db.clone(),
                "--type".into(),
                "NOSUCHTYPE".into(),
            ],
            "type",
        ),
        (
            vec![
                "timeline".into(),
                "--db".into(),
                db.clone(),
                "--until".into(),
                "yesterday".into(),
            ],
            "--until",
        ),
        (
            vec!["events".into(), "--db".into(), t.arg("nothing-here.db")],
            "nothing-here.db",
        ),
        (
            vec!["ingest".into(), "--no-such-flag".into()],
            "no-such-flag",
        ),
        (
            vec![
                "ingest".into(),
                good.into(),
                "--db".into(),
                db.clone(),
                "--max-bytes".into(),
                "lots".into(),
            ],
            "max-bytes",
        ),
    ];
    for (args, want) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = parts(&run(&args));
        assert_no_panic(code, &err);
        assert_eq!(code, 2, "{args:?} should exit 2\n{out}\n{err}");
        assert!(
            err.to_lowercase().contains(&want.to_lowercase()),
            "{args:?}: the message should mention '{want}': {err}"
        );
    }
    // A file that is not a dyad database is refused, not overwritten.
    let other = t.join("other.db");
    std::fs::write(&other, b"not a database at all, just text").unwrap();
    let (code, _, err) = parts(&run(&["ingest", good, "--db", other.to_str().unwrap()]));
    assert_no_panic(code, &err);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read(&other).unwrap(),
        b"not a database at all, just text"
    );
}

#[test]
fn stdin_input_gets_a_verdict() {
    let t = TempDir::new("stdin");
    let db = t.arg("x.db");
    let feed = |bytes: &[u8], name: &str| {
        let mut child = dyad()
            .args(["ingest", "-", "--db", &db, "--stdin-name", name])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        parts(&child.wait_with_output().unwrap())
    };
    let (code, _, err) = feed(BODY.as_bytes(), "piped");
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = feed(b"", "nothing");
    assert_no_panic(code, &err);
    assert_eq!(code, 1);
    assert!(err.contains("nothing") && err.contains("empty"), "{err}");
}

#[test]
fn a_200_mb_file_is_refused_from_its_size_without_reading_it() {
    let t = TempDir::new("huge");
    let big = t.join("huge.txt");
    // Sparse: no disk blocks are written.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    std::fs::write(t.join("small.txt"), BODY).unwrap();
    let db = t.arg("x.db");
    let clock = Instant::now();
    let (code, out, err) = parts(&run(&["ingest", t.path().to_str().unwrap(), "--db", &db]));
    let took = clock.elapsed();
    assert_no_panic(code, &err);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("huge.txt") && err.contains("too large") && err.contains("20971520"),
        "{err}"
    );
    assert!(
        out.contains("1 new"),
        "the small file is still ingested: {out}"
    );
    assert!(
        took < Duration::from_secs(20),
        "refusing took {took:?}: the file was read"
    );
    // A configured limit applies to every input, stdin included.
    let (code, _, err) = parts(&run(&[
        "ingest",
        &t.arg("small.txt"),
        "--db",
        &t.arg("y.db"),
        "--max-bytes",
        "20",
    ]));
    assert_eq!(code, 1);
    assert!(
        err.contains("small.txt") && err.contains("limit is 20"),
        "{err}"
    );
    let mut child = dyad()
        .args(["ingest", "-", "--db", &t.arg("y.db"), "--max-bytes", "20"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(BODY.as_bytes())
        .unwrap();
    let (code, _, err) = parts(&child.wait_with_output().unwrap());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("too large"), "{err}");
}

/// Peak resident memory of a finished child, from `/usr/bin/time`-free
/// means: we run the binary through `sh -c 'ulimit -v'` so that runaway
/// allocation fails instead of swamping the machine.
fn ingest_with_memory_cap(t: &TempDir, file: &str, cap_mb: u64) -> (i32, String, String) {
    let cmd = format!(
        "ulimit -v {}; exec \"$0\" ingest \"$1\" --db \"$2\" -j 1",
        cap_mb * 1024
    );
    let o = std::process::Command::new("sh")
        .args([
            "-c",
            &cmd,
            env!("CARGO_BIN_EXE_dyad"),
            &t.arg(file),
            &t.arg("x.db"),
        ])
        .env_remove("DYAD_DB")
        .env_remove("DYAD_LEXICON")
        .output()
        .unwrap();
    parts(&o)
}

#[test]
fn very_long_lines_and_sentences_in_bounded_memory() {
    let t = TempDir::new("long");
    // A 5 MB single line: one clause repeated with commas, no full stop.
    let clause = "the committee discussed the budget and the schedule for the coming weeks, ";
    let line: String = clause.repeat(5_000_000 / clause.len() + 1);
    std::fs::write(t.join("line5mb.txt"), &line).unwrap();
    // A 1 MB sentence with no punctuation at all.
    let words = "alpha beta gamma delta epsilon ";
    std::fs::write(
        t.join("sentence1mb.txt"),
        words.repeat(1_000_000 / words.len() + 1),
    )
    .unwrap();
    for file in ["line5mb.txt", "sentence1mb.txt"] {
        let clock = Instant::now();
        // 2 GiB of address space: several times what the text needs.
        let (code, out, err) = ingest_with_memory_cap(&t, file, 2048);
        assert_no_panic(code, &err);
        assert_eq!(code, 0, "{file}: {out}{err}");
        eprintln!("{file}: {:?}", clock.elapsed());
    }
    let n = common::check_store_consistent(&t.join("x.db"));
    assert_eq!(n, 2);
}

/// A 5 MB single line of ordinary prose (many sentences, many actors).
/// Slow before the coder's per-document work was made linear: it was
/// quadratic in the number of actor mentions (~100 s in release).
#[test]
#[ignore = "slow in debug builds; run with --release --ignored"]
fn a_5_mb_line_of_prose() {
    let t = TempDir::new("prose");
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 5_000_000 {
        text.push_str(&common::article(i).replace('\n', " "));
        i += 1;
    }
    std::fs::write(t.join("prose.txt"), &text).unwrap();
    let clock = Instant::now();
    let (code, out, err) = ingest_with_memory_cap(&t, "prose.txt", 2048);
    assert_no_panic(code, &err);
    assert_eq!(code, 0, "{out}{err}");
    eprintln!("5 MB line of prose: {:?}", clock.elapsed());
}

/// An article wrapped in `depth` nested divs.
fn nested(depth: usize, inner: &str) -> String {
    format!(
        "<html><body>{}<article>{inner}</article>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

/// 50,000 nested divs: no crash and no stack overflow, but slow (the HTML5
/// tree builder walks the open-element stack per tag: ~7 s in release,
/// ~2 min in debug). TODO(dyad-read): refuse or flatten pages nested
/// deeper than a few thousand elements before parsing.
#[test]
#[ignore = "slow (quadratic HTML5 scope checks); run with --release --ignored"]
fn fifty_thousand_nested_divs() {
    let t = TempDir::new("deep");
    std::fs::write(
        t.join("deep.html"),
        nested(50_000, &format!("<p>{BODY}</p>")),
    )
    .unwrap();
    let clock = Instant::now();
    let (code, out, err) = parts(&run(&[
        "ingest",
        &t.arg("deep.html"),
        "--db",
        &t.arg("x.db"),
    ]));
    assert_no_panic(code, &err);
    assert_eq!(code, 0, "{out}{err}");
    eprintln!("50,000 nested divs: {:?}", clock.elapsed());
}

#[test]
fn deeply_nested_and_malformed_html_does_not_crash() {
    let t = TempDir::new("html");
    let d = t.join("in");
    std::fs::create_dir_all(&d).unwrap();
    let para = format!("<p>{BODY}</p>");
    // 5,000 nested divs around the article (html5ever's scope checks are
    // quadratic in depth: see `fifty_thousand_nested_divs`).
    let deep = nested(5_000, &para);
    std::fs::write(d.join("deep.html"), deep).unwrap();
    // Unclosed everything.
    let unclosed = format!(
        "<html><body>{}<article>{para}",
        "<div><span><b><i><table><tr><td>".repeat(2_000)
    );
    std::fs::write(d.join("unclosed.html"), unclosed).unwrap();
    // Stray and broken markup, comments and scripts that never end.
    let broken = format!(
        "<<html <body>> <p>{BODY}</p> </div></div></span> <a href='x <p>text</p>\
         <!-- never closed {para} <script>var x = '</p>';"
    );
    std::fs::write(d.join("broken.html"), broken).unwrap();
    std::fs::write(
        d.join("attrs.html"),
        format!(
            "<html><body><article {}>{para}</article></body></html>",
            "data-x=\"y\" ".repeat(100_000)
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("entities.html"),
        format!(
            "<html><body><article><p>{}{BODY}&#xFFFFFFFF;&#0;&bogus;&#x110000;</p>\
             </article></body></html>",
            "&amp;&#233;&#x1F600;&nbsp;".repeat(10_000)
        ),
    )
    .unwrap();
    let db = t.arg("x.db");
    let clock = Instant::now();
    let (code, out, err) = parts(&run(&["ingest", d.to_str().unwrap(), "--db", &db]));
    assert_no_panic(code, &err);
    assert!(code <= 1, "{out}{err}");
    // Every file got a verdict.
    let verdicts = err.lines().filter(|l| l.starts_with("skipped")).count();
    let stored = common::check_store_consistent(&t.join("x.db"));
    assert_eq!(stored + verdicts, 5, "{out}{err}");
    assert!(
        clock.elapsed() < Duration::from_secs(120),
        "{:?}",
        clock.elapsed()
    );
}

#[test]
fn endless_streams_are_cut_at_the_limit() {
    let t = TempDir::new("endless");
    let db = t.arg("x.db");
    // A character device whose size says 0 and which never ends.
    let started = Instant::now();
    let (code, _, err) = parts(&run(&[
        "ingest",
        "--max-bytes",
        "1000",
        "/dev/zero",
        "--db",
        &db,
    ]));
    assert_no_panic(code, &err);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("/dev/zero: too large (more than 1000 bytes"),
        "{err}"
    );
    // Standard input fed more than the limit: refused, not read to the end.
    let mut child = dyad()
        .args(["ingest", "--max-bytes", "1000", "-", "--db", &db])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The writer stops when dyad closes its end after the limit.
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; 64 * 1024];
        for _ in 0..1024 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let (code, _, err) = parts(&child.wait_with_output().unwrap());
    let _ = writer.join();
    assert_no_panic(code, &err);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("stdin: too large (more than 1000 bytes"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[cfg(unix)]
#[test]
fn folder_walks_survive_link_cycles_and_special_files() {
    let t = TempDir::new("walk");
    let d = t.join("in");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::create_dir_all(d.join("loop")).unwrap();
    std::fs::write(d.join("a.txt"), BODY).unwrap();
    std::fs::write(
        d.join("sub/b.txt"),
        "China met Laos on Monday for talks on trade.",
    )
    .unwrap();
    std::fs::write(d.join("picture.jpg"), b"\xFF\xD8").unwrap();
    // A link back up to the root, and one to the file's own folder.
    std::os::unix::fs::symlink("..", d.join("loop/up")).unwrap();
    std::os::unix::fs::symlink(".", d.join("sub/self")).unwrap();
    // A FIFO no one writes to: reading it would wait for ever.
    let fifo = d.join("sub/pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let db = t.arg("x.db");
    let started = Instant::now();
    let o = run(&["ingest", d.to_str().unwrap(), "--db", &db]);
    let (code, out, err) = parts(&o);
    assert_no_panic(code, &err);
    assert!(started.elapsed() < Duration::from_secs(60), "the walk hung");
    assert!(out.contains("2 documents: 2 new"), "{out}\n{err}");
    assert!(out.contains("1 files of other kinds"), "{out}");
    assert!(err.contains("a folder already read"), "{err}");
    if made.is_ok_and(|s| s.success()) {
        assert!(err.contains("pipe.txt: not a regular file"), "{err}");
    }
    assert_eq!(code, 1, "passed-over entries are verdicts: exit 1");
}
