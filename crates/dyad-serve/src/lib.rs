//! The web page and JSON API of `dyad serve`.
//!
//! One process serves both, offline: the page (HTML, CSS, JavaScript and
//! the charts, all hand-written and embedded in the binary with
//! `rust-embed`) and a read-only JSON API over a dyad store.
//!
//! # API
//!
//! Every endpoint answers `GET` (and `HEAD`); any other method is `405`.
//! Event endpoints take the CLI's filters (`actor`, `dyad=RUS-PRK`, `type`,
//! `status`, `since`, `until`, `doc`, `text`); listings also take `limit`
//! (default 100, at most 500) and `offset`, and answer
//! `{"total", "limit", "offset", "items"}`. A bad or unknown parameter is
//! `400 {"error": "…"}`, an unknown document `404`. The full description is
//! served at `/api/openapi.json` (see [`openapi::spec`]).
//!
//! # Safety
//!
//! Article text is untrusted. The server only ever sends it inside JSON;
//! the page builds its DOM with `textContent`, and every response carries
//! a Content-Security-Policy that forbids inline scripts as a second line
//! of defence. Queries go through `dyad-store`, which binds every value.
//! Requests are bounded (no body, a short query string), and the default
//! address is loopback.
#![recursion_limit = "256"]

mod api;
pub mod limits;
pub mod openapi;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rust_embed::Embed;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use api::ApiError;

/// Longest query string accepted, in bytes: filters are short, so anything
/// longer is a mistake or an attack.
pub const MAX_QUERY_BYTES: usize = 4096;

/// Largest request body accepted. The API is read-only and takes no body.
pub const MAX_BODY_BYTES: u64 = 0;

/// The security headers of every response. `script-src 'self'` forbids
/// inline scripts and event-handler attributes, so even a rendering bug
/// could not run a `<script>` found in an article.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// Where to listen and which store to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// Address to bind; loopback by default (`127.0.0.1:8080`).
    pub addr: SocketAddr,
    /// The SQLite store to read.
    pub db: PathBuf,
    /// Host names to answer besides IP addresses and `localhost`.
    pub allowed_hosts: Vec<String>,
    /// Connections served at once; more wait in the accept queue.
    pub max_connections: usize,
    /// A connection without traffic for this long is closed.
    pub idle_timeout: std::time::Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: PathBuf::from("dyad.db"),
            allowed_hosts: Vec::new(),
            max_connections: limits::MAX_CONNECTIONS,
            idle_timeout: limits::IDLE_TIMEOUT,
        }
    }
}

/// What can stop the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store cannot be opened for reading.
    #[error("cannot open the database {path}: {source}")]
    Store {
        path: PathBuf,
        source: dyad_store::StoreError,
    },
    /// The address cannot be bound (in use, not allowed).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// The embedded page: `assets/` of this crate, compiled into the binary.
#[derive(Embed)]
#[folder = "assets/"]
struct Assets;

/// The whole application: page, assets and API over the store at `db`.
/// The store is opened read-only, once per request, on a blocking thread.
pub fn router(db: PathBuf) -> Router {
    router_with_hosts(db, &[])
}

/// [`router`], also answering requests whose `Host` is one of
/// `allowed_hosts` (names given with `--allow-host`).
pub fn router_with_hosts(db: PathBuf, allowed_hosts: &[String]) -> Router {
    let state = Arc::new(db);
    let hosts: Arc<Vec<String>> = Arc::new(
        allowed_hosts
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect(),
    );
    Router::new()
        .route("/", get(index))
        .route("/assets/{*path}", get(asset))
        .nest("/api", api::routes(state))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(guard))
        .layer(axum::middleware::from_fn_with_state(hosts, check_host))
}

/// The host name of a `Host` header value, without its port
/// (`localhost:8080` → `localhost`, `[::1]:8080` → `::1`).
fn host_name(value: &str) -> &str {
    let v = value.trim();
    if let Some(rest) = v.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match v.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => v,
    }
}

/// Answers `421` to a request whose `Host` is a name this server was not
/// told to answer to. A web page on another site can make a browser send
/// requests here by pointing its own domain at 127.0.0.1 (DNS rebinding);
/// those requests carry that domain as their `Host`. An IP address (what
/// the server was bound to, or any other: rebinding needs a name),
/// `localhost`, and names given with `--allow-host` are served; a request
/// without a `Host` (HTTP/1.0) is too.
async fn check_host(
    axum::extract::State(allowed): axum::extract::State<Arc<Vec<String>>>,
    req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{fffd}").to_string());
    let Some(host) = host else {
        return next.run(req).await;
    };
    let name = host_name(&host).to_ascii_lowercase();
    let ok = name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::IpAddr>().is_ok()
        || allowed.contains(&name);
    if ok {
        return next.run(req).await;
    }
    api::error_response(
        StatusCode::MISDIRECTED_REQUEST,
        format!("host {name:?} is not served here (start dyad serve with --allow-host {name} to allow it)"),
    )
}

/// Binds `opts.addr`, prints the URL, and serves until Ctrl-C. The store is
/// checked first, so a wrong `--db` fails before anything listens.
pub async fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let db = opts.db.clone();
    let check = tokio::task::spawn_blocking(move || {
        dyad_store::Store::open_read_only(&db).and_then(|s| s.stats())
    })
    .await
    .map_err(|e| ServeError::Io(std::io::Error::other(e.to_string())))?;
    let stats = check.map_err(|source| ServeError::Store {
        path: opts.db.clone(),
        source,
    })?;
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: opts.addr,
            source,
        })?;
    let local = listener.local_addr()?;
    if !local.ip().is_loopback() {
        eprintln!(
            "warning: listening on {local}, which is reachable from other machines; \
             the API has no authentication"
        );
    }
    println!(
        "dyad serve: http://{local}/ ({} documents, {} events from {}); Ctrl-C stops",
        stats.docs,
        stats.events,
        opts.db.display()
    );
    let listener = limits::LimitedListener::new(listener, opts.max_connections, opts.idle_timeout);
    axum::serve(listener, router_with_hosts(opts.db, &opts.allowed_hosts))
        .with_graceful_shutdown(async {
            // If the signal handler cannot be installed, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    Ok(())
}

/// Rejects what a read-only API never needs (other methods, bodies, long
/// query strings) and adds the security headers to every response.
async fn guard(req: Request, next: Next) -> Response {
    let mut resp = if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = api::error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "method {} not allowed: this server is read-only",
                req.method()
            ),
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        r
    } else if req.uri().query().map_or(0, str::len) > MAX_QUERY_BYTES {
        api::error_response(
            StatusCode::URI_TOO_LONG,
            format!("query string longer than {MAX_QUERY_BYTES} bytes"),
        )
    } else if has_body(&req) {
        api::error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request bodies are not accepted".to_string(),
        )
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// True when the request announces a body (a length above the limit or a
/// chunked transfer).
fn has_body(req: &Request) -> bool {
    let h = req.headers();
    let len = h
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0);
    len > MAX_BODY_BYTES || h.contains_key(header::TRANSFER_ENCODING)
}

async fn index() -> Response {
    embedded("index.html")
}

async fn asset(axum::extract::Path(path): axum::extract::Path<String>) -> Response {
    embedded(&path)
}

/// An embedded file with its MIME type, or a 404.
fn embedded(path: &str) -> Response {
    match Assets::get(path) {
        Some(file) => {
            let mime = file.metadata.mimetype().to_string();
            let mut resp = Response::new(Body::from(file.data.into_owned()));
            if let Ok(v) = HeaderValue::from_str(&mime) {
                resp.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            // The binary is the version: revalidate instead of caching stale pages.
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            resp
        }
        None => not_found_msg(format!("no such file: {path}")),
    }
}

async fn not_found(uri: axum::http::Uri) -> Response {
    not_found_msg(format!("no such path: {}", uri.path()))
}

fn not_found_msg(msg: String) -> Response {
    api::error_response(StatusCode::NOT_FOUND, msg).into_response()
}

/// The names of the embedded asset files (for tests and diagnostics).
pub fn asset_names() -> Vec<String> {
    Assets::iter().map(|s| s.into_owned()).collect()
}
