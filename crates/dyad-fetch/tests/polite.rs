//! The politeness of [`dyad_fetch::Fetcher`] against a local server
//! (127.0.0.1 only) started by each test: the delay between two requests to
//! one host, robots.txt's Crawl-delay, retries with back-off, and
//! conditional GET with Last-Modified.

use dyad_fetch::{FetchConfig, FetchError, Fetched, Fetcher, Validators};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The request log: each path with the time it came in.
type Log = Arc<Mutex<Vec<(String, Instant)>>>;

type Handler = dyn Fn(&str, &[String], usize) -> (u16, Vec<String>, String) + Send + Sync;

/// Serves `handler(path, header lines, nth request to that path)`; returns
/// the base URL and the (path, time) log.
fn server(handler: Arc<Handler>) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let counts = Arc::new(Mutex::new(std::collections::HashMap::<String, usize>::new()));
    let l = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (h, l, counts) = (handler.clone(), l.clone(), counts.clone());
            std::thread::spawn(move || {
                let Ok(clone) = stream.try_clone() else {
                    return;
                };
                let mut reader = BufReader::new(clone);
                let mut first = String::new();
                let _ = reader.read_line(&mut first);
                let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
                let mut headers = Vec::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                        break;
                    }
                    headers.push(line.trim().to_ascii_lowercase());
                }
                if let Ok(mut l) = l.lock() {
                    l.push((path.clone(), Instant::now()));
                }
                let n = counts
                    .lock()
                    .map(|mut c| {
                        let e = c.entry(path.clone()).or_default();
                        *e += 1;
                        *e
                    })
                    .unwrap_or(1);
                let (status, extra, body) = h(&path, &headers, n);
                let mut out = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\nContent-Type: text/html\r\n",
                    body.len()
                );
                for e in extra {
                    out.push_str(&e);
                    out.push_str("\r\n");
                }
                out.push_str("\r\n");
                out.push_str(&body);
                let mut stream = stream;
                let _ = stream.write_all(out.as_bytes());
            });
        }
    });
    (base, log)
}

fn fast(delay_ms: u64) -> FetchConfig {
    FetchConfig {
        host_delay: Duration::from_millis(delay_ms),
        backoff: Duration::from_millis(20),
        timeout: Duration::from_secs(5),
        ..Default::default()
    }
}

fn times(log: &Mutex<Vec<(String, Instant)>>, prefix: &str) -> Vec<Instant> {
    log.lock()
        .map(|l| {
            l.iter()
                .filter(|(p, _)| p.starts_with(prefix))
                .map(|(_, t)| *t)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn requests_to_one_host_keep_the_delay_apart() {
    let (base, log) = server(Arc::new(|path, _, _| match path {
        "/robots.txt" => (404, vec![], String::new()),
        _ => (200, vec![], "<html><p>page</p></html>".into()),
    }));
    let mut f = Fetcher::new(fast(200));
    for p in ["/a", "/b", "/c"] {
        assert!(matches!(
            f.get(&format!("{base}{p}"), None),
            Ok(Fetched::Body(_))
        ));
    }
    let t = times(&log, "/");
    assert_eq!(t.len(), 4, "robots.txt and three pages");
    for w in t.windows(2) {
        assert!(
            w[1].duration_since(w[0]) >= Duration::from_millis(190),
            "{:?}",
            w[1].duration_since(w[0])
        );
    }
}

#[test]
fn crawl_delay_is_obeyed() {
    let (base, log) = server(Arc::new(|path, _, _| match path {
        "/robots.txt" => (200, vec![], "User-agent: *\nCrawl-delay: 0.3\n".into()),
        _ => (200, vec![], "page".into()),
    }));
    let mut f = Fetcher::new(fast(0));
    for p in ["/a", "/b"] {
        assert!(f.get(&format!("{base}{p}"), None).is_ok());
    }
    let t = times(&log, "/");
    assert!(t[2].duration_since(t[1]) >= Duration::from_millis(290));
}

#[test]
fn transient_failures_are_retried_with_back_off_and_others_not() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let (base, log) = server(Arc::new(move |path, _, n| match path {
        "/robots.txt" => (404, vec![], String::new()),
        // Fails twice, then answers.
        "/flaky" => {
            c.fetch_add(1, Ordering::SeqCst);
            if n <= 2 {
                (503, vec![], "busy".into())
            } else {
                (200, vec![], "page".into())
            }
        }
        "/gone" => (410, vec![], "gone".into()),
        _ => (429, vec![], "slow down".into()),
    }));
    let mut f = Fetcher::new(fast(0));
    assert!(matches!(
        f.get(&format!("{base}/flaky"), None),
        Ok(Fetched::Body(_))
    ));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let t = times(&log, "/flaky");
    // Back-off: 20 ms, then 40 ms.
    assert!(t[1].duration_since(t[0]) >= Duration::from_millis(18));
    assert!(t[2].duration_since(t[1]) >= Duration::from_millis(38));
    assert!(matches!(
        f.get(&format!("{base}/gone"), None),
        Err(FetchError::Status { status: 410, .. })
    ));
    assert_eq!(times(&log, "/gone").len(), 1);
    // Retries run out: the last status, naming the URL.
    let e = f.get(&format!("{base}/busy"), None).err();
    assert_eq!(
        e.map(|e| e.to_string()),
        Some(format!("{base}/busy: HTTP status 429"))
    );
    assert_eq!(times(&log, "/busy").len(), 3);
}

#[test]
fn conditional_get_with_last_modified() {
    let lm = "Wed, 26 Jun 2024 08:00:00 GMT";
    let (base, _) = server(Arc::new(move |path, headers, _| match path {
        "/robots.txt" => (404, vec![], String::new()),
        _ if headers
            .iter()
            .any(|h| h == &format!("if-modified-since: {}", lm.to_ascii_lowercase())) =>
        {
            (304, vec![], String::new())
        }
        _ => (200, vec![format!("Last-Modified: {lm}")], "page".into()),
    }));
    let mut f = Fetcher::new(fast(0));
    let url = format!("{base}/p");
    let Ok(Fetched::Body(b)) = f.get(&url, None) else {
        panic!("no body");
    };
    assert_eq!(b.validators.last_modified.as_deref(), Some(lm));
    assert!(matches!(
        f.get(&url, Some(&b.validators)),
        Ok(Fetched::NotModified)
    ));
    assert!(matches!(
        f.get(&url, Some(&Validators::default())),
        Ok(Fetched::Body(_))
    ));
}

#[test]
fn an_unreadable_robots_txt_keeps_the_fetcher_off_the_site() {
    let (base, log) = server(Arc::new(|path, _, _| match path {
        "/robots.txt" => (500, vec![], "oops".into()),
        _ => (200, vec![], "page".into()),
    }));
    let mut f = Fetcher::new(fast(0));
    let e = f
        .get(&format!("{base}/a"), None)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        e,
        Some(format!(
            "{base}/a: the site's robots.txt could not be read (HTTP status 500), so the site is not fetched"
        ))
    );
    assert!(times(&log, "/a").is_empty());
}
