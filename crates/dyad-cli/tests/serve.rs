//! `dyad serve` as a real process on loopback: read-only, bounded, every
//! parameter validated, hostile filter values treated as data.

mod common;

use common::{dyad, parts, run, write_articles, TempDir};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The server child, killed when the test ends however it ends.
struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn start(db: &str) -> Server {
    let port = free_port();
    let child = dyad()
        .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child, port);
    let clock = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            server.0.try_wait().unwrap().is_none(),
            "dyad serve exited early"
        );
        assert!(
            clock.elapsed() < Duration::from_secs(30),
            "server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// One HTTP/1.1 request; returns the status code and the body.
fn request(port: u16, method: &str, target: &str, extra: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // The server may refuse an oversized request and close the connection
    // before the client has written it all: a broken pipe is its answer,
    // and the status then reads as 0.
    let _ = write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{extra}\r\n"
    );
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let resp = String::from_utf8_lossy(&buf).into_owned();
    let status = resp
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = resp
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn get(port: u16, target: &str) -> (u16, String) {
    request(port, "GET", target, "")
}

#[test]
fn the_real_server_is_read_only_bounded_and_validating() {
    let t = TempDir::new("serve");
    write_articles(&t.join("in"), 30);
    let db = t.arg("x.db");
    let (code, _, err) = parts(&run(&["ingest", &t.arg("in"), "--db", &db]));
    assert_eq!(code, 0, "{err}");
    let srv = start(&db);
    let p = srv.1;

    let (st, body) = get(p, "/api/stats");
    assert_eq!(st, 200, "{body}");
    let (st, body) = get(p, "/api/events?dyad=RUS-PRK&limit=5");
    assert_eq!(st, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(body.trim()).unwrap_or_default();
    assert!(
        v["items"].as_array().is_some_and(|a| a.len() <= 5),
        "{body}"
    );

    // Bad parameters: 400 with a message naming the parameter.
    for (q, want) in [
        ("/api/events?since=2022-13", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?type=NOSUCHTYPE", "type"),
        ("/api/events?status=rumoured", "status"),
        ("/api/events?limit=100000", "limit"),
        ("/api/events?limit=-1", "limit"),
        ("/api/events?offset=lots", "offset"),
        ("/api/events?dyad=RUS", "dyad"),
        ("/api/events?sort=id", "sort"),
        ("/api/timeline?since=2024-02-30", "since"),
        ("/api/search?q=", "q"),
    ] {
        let (st, body) = get(p, q);
        assert_eq!(st, 400, "{q}: {body}");
        assert!(body.contains("error") && body.contains(want), "{q}: {body}");
    }
    // Hostile values are data, not SQL: no rows, no error, store intact.
    for q in [
        "/api/events?text=%27%20OR%201%3D1%20--",
        "/api/events?doc=x%27%20OR%20%271%27%3D%271",
        "/api/events?actor=RUS%27%3B%20DROP%20TABLE%20event%3B--",
        "/api/search?q=%22unbalanced%20AND%20OR%20(",
    ] {
        let (st, body) = get(p, q);
        assert!(st == 200 || st == 400, "{q}: {st} {body}");
        if st == 200 {
            assert!(body.contains("\"total\":0"), "{q}: {body}");
        }
    }
    // Read-only: other methods are 405; bodies and long queries refused.
    for m in ["POST", "PUT", "DELETE", "PATCH"] {
        let (st, body) = request(p, m, "/api/events", "Content-Length: 0\r\n");
        assert_eq!(st, 405, "{m}: {body}");
    }
    let (st, _) = request(p, "GET", "/api/stats", "Content-Length: 5\r\n\r\nhello");
    assert_eq!(st, 413);
    let (st, _) = get(p, &format!("/api/events?text={}", "a".repeat(10_000)));
    assert_eq!(st, 414);
    // A request head far beyond any sane size is refused, not buffered.
    let (st, _) = request(
        p,
        "GET",
        "/api/stats",
        &format!("X-Big: {}\r\n", "b".repeat(1 << 20)),
    );
    assert_ne!(st, 200);
    // Still serving, and the store is untouched.
    let (st, _) = get(p, "/api/stats");
    assert_eq!(st, 200);
    drop(srv);
    assert_eq!(common::check_store_consistent(&t.join("x.db")), 30);
}

#[test]
fn serve_defaults_to_loopback_and_refuses_a_bad_database() {
    let (_, help, _) = parts(&run(&["serve", "--help"]));
    assert!(help.contains("127.0.0.1:8080"), "{help}");
    let (code, _, err) = parts(&run(&[
        "serve",
        "--db",
        "/nonexistent/dir/x.db",
        "--addr",
        "127.0.0.1:0",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/dir/x.db"), "{err}");
}
