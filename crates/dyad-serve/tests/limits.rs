//! Connection limits of `dyad serve` over real TCP on loopback: an idle
//! connection is closed, and connections beyond the cap wait until a slot
//! frees instead of using up the server's file descriptors.

use dyad_serve::limits::LimitedListener;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

/// Serves the page on a loopback port with the given limits.
async fn start(max: usize, idle: Duration) -> std::net::SocketAddr {
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let listener = LimitedListener::new(tcp, max, idle);
    let app = dyad_serve::router(PathBuf::from("/nonexistent/dyad.db"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// Reads until the server closes the connection (or resets it).
async fn read_to_close(c: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match c.read(&mut buf).await {
            Ok(0) | Err(_) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_connection_is_closed() {
    let addr = start(8, Duration::from_millis(300)).await;
    let mut idle = TcpStream::connect(addr).await.unwrap();
    // Half a request line, then nothing.
    idle.write_all(b"GET / HT").await.unwrap();
    let closed = timeout(Duration::from_secs(10), read_to_close(&mut idle)).await;
    assert!(closed.is_ok(), "the idle connection was not closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let addr = start(2, Duration::from_millis(500)).await;
    // Two idle connections take both slots.
    let mut a = TcpStream::connect(addr).await.unwrap();
    let mut b = TcpStream::connect(addr).await.unwrap();
    a.write_all(b"G").await.unwrap();
    b.write_all(b"G").await.unwrap();
    // A third, complete request is queued, then answered once the idle
    // ones have been closed.
    let mut c = TcpStream::connect(addr).await.unwrap();
    c.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    // Not while both slots are taken (the idle ones last 500 ms).
    let mut first = [0u8; 1];
    assert!(
        timeout(Duration::from_millis(150), c.read(&mut first))
            .await
            .is_err(),
        "answered beyond the cap"
    );
    let answer = timeout(Duration::from_secs(20), read_to_close(&mut c))
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // The idle ones were closed to make room.
    let a_closed = timeout(Duration::from_secs(5), read_to_close(&mut a)).await;
    let b_closed = timeout(Duration::from_secs(5), read_to_close(&mut b)).await;
    assert!(a_closed.is_ok() && b_closed.is_ok());
}
