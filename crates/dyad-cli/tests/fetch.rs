//! `dyad fetch` and `dyad watch` against a local HTTP server started by
//! each test (127.0.0.1 only), serving the feeds and pages of
//! tests/fixtures/fetch: a normal feed, one that changes, a broken one,
//! 404 and 500, a slow server, redirects, gzip, and one page at two URLs.

mod common;

use common::{dyad, parts, TempDir};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fetch")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
}

/// The fixture server: routes on the path; `version` picks the feed.
struct Server {
    base: String,
    version: Arc<AtomicUsize>,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let version = Arc::new(AtomicUsize::new(1));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (b, v, l) = (base.clone(), version.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (b, v, l) = (b.clone(), v.clone(), l.clone());
                std::thread::spawn(move || serve(stream, &b, &v, &l));
            }
        });
        Server { base, version, log }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests(&self, path: &str) -> Vec<Seen> {
        self.log
            .lock()
            .map(|l| l.iter().filter(|s| s.path == path).cloned().collect())
            .unwrap_or_default()
    }
}

fn serve(stream: TcpStream, base: &str, version: &AtomicUsize, log: &Mutex<Vec<Seen>>) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    if let Ok(mut l) = log.lock() {
        l.push(Seen {
            path: path.clone(),
            headers: headers.clone(),
        });
    }
    let with_base = |name: &str| {
        String::from_utf8_lossy(&fixture(name))
            .replace("{BASE}", base)
            .into_bytes()
    };
    let html = "text/html; charset=utf-8";
    let rss = "application/rss+xml";
    let (status, mut extra, ctype, body): (u16, Vec<(String, String)>, &str, Vec<u8>) =
        match path.as_str() {
            "/robots.txt" => (
                200,
                vec![],
                "text/plain",
                b"User-agent: *\nDisallow: /private/\n".to_vec(),
            ),
            "/feed.xml" => {
                let v = version.load(Ordering::SeqCst);
                let etag = format!("\"v{v}\"");
                if headers.get("if-none-match") == Some(&etag) {
                    (304, vec![("ETag".into(), etag)], rss, vec![])
                } else {
                    let name = if v == 1 { "feed-v1.xml" } else { "feed-v2.xml" };
                    (200, vec![("ETag".into(), etag)], rss, with_base(name))
                }
            }
            // No validators: a re-fetch is stopped by the content hash.
            "/plain-feed.xml" => (200, vec![], rss, with_base("feed-v1.xml")),
            "/atom.xml" => (200, vec![], "application/atom+xml", with_base("atom.xml")),
            "/feed.json" => (200, vec![], "application/feed+json", with_base("feed.json")),
            "/broken.xml" => (200, vec![], rss, with_base("broken.xml")),
            "/articles/a1.html" | "/mirror/a1.html" => (200, vec![], html, fixture("a1.html")),
            "/articles/a2.html" => (200, vec![], html, fixture("a2.html")),
            "/articles/a3.html" => (200, vec![], html, fixture("a3.html")),
            "/articles/nodate.html" => (200, vec![], html, fixture("nodate.html")),
            "/gzip/g1.html" => {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                let _ = gz.write_all(&fixture("g1.html"));
                let body = gz.finish().unwrap_or_default();
                (
                    200,
                    vec![("Content-Encoding".into(), "gzip".into())],
                    html,
                    body,
                )
            }
            "/moved" => (
                301,
                vec![("Location".into(), "/articles/a2.html".into())],
                html,
                vec![],
            ),
            "/loop" => (302, vec![("Location".into(), "/loop".into())], html, vec![]),
            "/error" => (500, vec![], html, b"oops".to_vec()),
            "/big" => (200, vec![], html, vec![b'x'; 200_000]),
            "/slow" => {
                std::thread::sleep(Duration::from_secs(3));
                (200, vec![], html, fixture("a3.html"))
            }
            _ => (404, vec![], html, b"not found".to_vec()),
        };
    extra.push(("Content-Type".into(), ctype.into()));
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in extra {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
    // Let the client read before the socket closes.
    let mut rest = Vec::new();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let _ = reader.read_to_end(&mut rest);
}

/// `dyad fetch` with test-speed politeness.
fn fetch(db: &str, urls: &[String], extra: &[&str]) -> (i32, String, String) {
    let mut c = dyad();
    c.args(["fetch", "--db", db, "--delay", "0ms", "--backoff", "10ms"])
        .args(extra)
        .args(urls);
    parts(&c.output().expect("dyad runs"))
}

/// GETs `target` from a `dyad serve` of the store, started and stopped here.
fn served(db: &str, target: &str) -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut child = dyad()
        .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("dyad serve starts");
    let clock = Instant::now();
    let mut body = String::new();
    while clock.elapsed() < Duration::from_secs(30) {
        if let Ok(mut c) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = write!(
                c,
                "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            );
            let _ = c.read_to_string(&mut body);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    body
}

fn docs_jsonl(db: &str) -> Vec<serde_json::Value> {
    let o = dyad()
        .args(["docs", "--db", db, "--format", "jsonl"])
        .output()
        .expect("dyad runs");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[test]
fn a_feed_stores_its_articles_with_their_urls_and_a_second_run_nothing() {
    let s = Server::start();
    let t = TempDir::new("fetch-feed");
    let db = t.arg("f.db");
    let (code, out, err) = fetch(&db, &[s.url("/feed.xml")], &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("2 documents: 2 new"), "{out}");
    let docs = docs_jsonl(&db);
    assert_eq!(docs.len(), 2, "{docs:?}");
    let urls: Vec<&str> = docs.iter().filter_map(|d| d["url"].as_str()).collect();
    assert!(
        urls.contains(&s.url("/articles/a1.html").as_str()),
        "{urls:?}"
    );
    // The feed's relative link is resolved against the feed.
    assert!(
        urls.contains(&s.url("/articles/a2.html").as_str()),
        "{urls:?}"
    );
    // The table and the exports show it too.
    let table = dyad().args(["docs", "--db", &db]).output().expect("runs");
    assert!(String::from_utf8_lossy(&table.stdout).contains("/articles/a1.html"));
    let export = dyad()
        .args(["export", "--db", &db, "--format", "plover", "--out", "-"])
        .output()
        .expect("runs");
    let export = String::from_utf8_lossy(&export.stdout);
    assert!(
        export.contains(&s.url("/articles/a1.html")),
        "export lacks the URL: {export}"
    );
    // The web page's document API gives it (the page links "original").
    let api = served(&db, "/api/docs");
    assert!(api.contains(&s.url("/articles/a1.html")), "{api}");
    // Second run: the feed answers 304 to the ETag; nothing new.
    let (code, out, err) = fetch(&db, &[s.url("/feed.xml")], &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("0 new"), "{out}");
    assert!(out.contains("1 not modified"), "{out}");
    let feed = s.requests("/feed.xml");
    assert_eq!(
        feed.last()
            .and_then(|r| r.headers.get("if-none-match"))
            .map(String::as_str),
        Some("\"v1\""),
        "conditional GET"
    );
    assert_eq!(s.requests("/articles/a1.html").len(), 1, "fetched once");
    assert_eq!(docs_jsonl(&db).len(), 2);
    // A polite agent: robots.txt read, our own user agent.
    assert!(!s.requests("/robots.txt").is_empty());
    assert!(feed[0]
        .headers
        .get("user-agent")
        .is_some_and(|u| u.starts_with("dyad/")));
}

#[test]
fn a_feed_without_validators_refetched_and_a_page_at_two_urls_store_nothing_new() {
    let s = Server::start();
    let t = TempDir::new("fetch-dedup");
    let db = t.arg("f.db");
    let (code, out, err) = fetch(&db, &[s.url("/plain-feed.xml")], &[]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("2 new"), "{out}");
    // Again: the entries are known, nothing is fetched or stored.
    let (code, out, _) = fetch(&db, &[s.url("/plain-feed.xml")], &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0 new") && out.contains("2 feed entries seen before"),
        "{out}"
    );
    // The same page under another URL, and a page asked for again.
    let (code, out, err) = fetch(
        &db,
        &[s.url("/mirror/a1.html"), s.url("/articles/a2.html")],
        &[],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("0 new, 0 replaced, 2 unchanged"), "{out}");
    assert_eq!(docs_jsonl(&db).len(), 2);
}

#[test]
fn atom_json_feeds_redirects_and_gzip_are_read() {
    let s = Server::start();
    let t = TempDir::new("fetch-kinds");
    let db = t.arg("f.db");
    let (code, out, err) = fetch(
        &db,
        &[s.url("/atom.xml"), s.url("/feed.json"), s.url("/moved")],
        &[],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("4 new"), "{out}");
    let docs = docs_jsonl(&db);
    let url_of = |name_end: &str| {
        docs.iter()
            .find(|d| d["doc"].as_str().is_some_and(|n| n.ends_with(name_end)))
            .and_then(|d| d["url"].as_str().map(str::to_string))
    };
    // gzip decoded: the Atom entry's page was read and coded.
    assert_eq!(url_of("/gzip/g1.html"), Some(s.url("/gzip/g1.html")));
    // The redirect's target is the document's URL.
    assert_eq!(
        url_of("/articles/a2.html"),
        Some(s.url("/articles/a2.html"))
    );
    assert_eq!(
        url_of("/articles/a1.html"),
        Some(s.url("/articles/a1.html"))
    );
}

#[test]
fn failures_name_the_url_and_never_stop_the_others() {
    let s = Server::start();
    let t = TempDir::new("fetch-fail");
    let db = t.arg("f.db");
    let started = Instant::now();
    let (code, out, err) = fetch(
        &db,
        &[
            s.url("/broken.xml"),
            s.url("/missing"),
            s.url("/error"),
            s.url("/slow"),
            s.url("/loop"),
            s.url("/big"),
            s.url("/private/x.html"),
            "ftp://example.invalid/x".to_string(),
            s.url("/articles/a1.html"),
        ],
        &[
            "--timeout",
            "300ms",
            "--retries",
            "1",
            "--max-bytes",
            "100000",
        ],
    );
    assert_eq!(code, 1, "{out}\n{err}");
    for (path, why) in [
        ("/broken.xml", "not a readable feed"),
        ("/missing", "HTTP status 404"),
        ("/error", "HTTP status 500"),
        ("/slow", "timed out"),
        ("/loop", "more than 5 redirects"),
        ("/big", "too large (more than 100000 bytes, the limit)"),
        ("/private/x.html", "disallowed by the site's robots.txt"),
    ] {
        let line = format!("failed {}: {why}", s.url(path));
        assert!(err.contains(&line), "missing «{line}» in:\n{err}");
    }
    assert!(
        err.contains("ftp://example.invalid/x: not an http(s) URL"),
        "{err}"
    );
    // The good page after them all was stored.
    assert!(out.contains("1 new"), "{out}");
    // A 500 is retried, a 404 is not.
    assert_eq!(s.requests("/error").len(), 2);
    assert_eq!(s.requests("/missing").len(), 1);
    assert!(s.requests("/private/x.html").is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the slow page held the run: {:?}",
        started.elapsed()
    );
    // Nothing fetched at all: exit 2.
    let (code, _, err) = fetch(&t.arg("g.db"), &[s.url("/missing")], &[]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn watch_prints_the_new_events_when_the_feed_changes() {
    let s = Server::start();
    let t = TempDir::new("watch");
    let db = t.arg("w.db");
    let feeds = t.join("feeds.txt");
    std::fs::write(
        &feeds,
        format!(
            "# fixture feeds\n{}\n{}\n",
            s.url("/feed.xml"),
            s.url("/missing")
        ),
    )
    .expect("write feeds");
    let watch = |dyads: &[&str]| {
        let mut c = dyad();
        c.args(["watch", "--db", &db, "--delay", "0ms", "--backoff", "10ms"])
            .args(["--every", "10ms", "--rounds", "1", "--feeds"])
            .arg(&feeds);
        for d in dyads {
            c.args(["--dyad", d]);
        }
        parts(&c.output().expect("dyad runs"))
    };
    let (code, out, err) = watch(&["RUS-PRK"]);
    assert_eq!(code, 0, "{out}\n{err}");
    // The first round stores a1 and a2: one RUS-PRK event; CHN-PHL not asked for.
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("AGREE\tRUS\tPRK") && out.contains("/articles/a1.html"),
        "{out}"
    );
    // The failing URL is named on stderr and the watch went on.
    assert!(
        err.contains(&format!("failed {}: HTTP status 404", s.url("/missing"))),
        "{err}"
    );
    // Nothing changed: nothing printed.
    let (_, out, _) = watch(&["RUS-PRK"]);
    assert!(out.is_empty(), "{out}");
    // The feed changes: only the new article's event is printed.
    s.version.store(2, Ordering::SeqCst);
    let (code, out, err) = watch(&["Russia-North Korea", "CHN-PHL"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("AID\tRUS\tPRK") && out.contains("/articles/a3.html"),
        "{out}"
    );
}
