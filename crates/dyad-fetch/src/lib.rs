//! Polite HTTP fetching of news pages and RSS/Atom/JSON feeds, for
//! `dyad fetch` and `dyad watch`.
//!
//! * one request at a time; before each, the [`Fetcher`] waits until
//!   [`FetchConfig::host_delay`] (or the site's robots.txt `Crawl-delay`,
//!   whichever is longer) has passed since the last request to that host;
//! * robots.txt is read once per host and obeyed (prefix rules, the group
//!   for `dyad` or else `*`; a missing robots.txt allows everything, an
//!   unreachable one or a 5xx disallows the host for the run, RFC 9309);
//! * conditional GET: the caller passes the [`Validators`] (ETag,
//!   Last-Modified) it kept from the last fetch and gets
//!   [`Fetched::NotModified`] on a 304;
//! * a 429, a 5xx, a timeout or a broken connection is retried with
//!   doubling back-off ([`FetchConfig::retries`]); other failures are not;
//! * each response is limited in size ([`FetchConfig::max_bytes`]) and
//!   time ([`FetchConfig::timeout`]); redirects are followed up to
//!   [`FetchConfig::max_redirects`] times; gzip is decoded.
//!
//! Every error names the URL ([`FetchError`]).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use ureq::ResponseExt;

/// Why a URL could not be fetched. Each variant names the URL.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not an http(s) URL ({reason})")]
    BadUrl { url: String, reason: String },
    #[error("{url}: disallowed by the site's robots.txt")]
    Robots { url: String },
    #[error(
        "{url}: the site's robots.txt could not be read ({reason}), so the site is not fetched"
    )]
    RobotsUnreadable { url: String, reason: String },
    #[error("{url}: HTTP status {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: timed out (the limit is {limit:?})")]
    Timeout { url: String, limit: Duration },
    #[error("{url}: too large (more than {limit} bytes, the limit)")]
    TooLarge { url: String, limit: usize },
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects { url: String, limit: u32 },
    #[error("{url}: {reason}")]
    Network { url: String, reason: String },
    #[error("{url}: not a readable feed: {reason}")]
    Feed { url: String, reason: String },
}

impl FetchError {
    /// Whether trying again later may succeed.
    fn transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status == 429 || *status >= 500,
            FetchError::Network { .. } => true,
            // A page that took too long will usually take too long again.
            _ => false,
        }
    }
}

/// How to fetch.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    /// The whole request, from connecting to the last body byte.
    pub timeout: Duration,
    /// The largest body accepted (after gzip decoding).
    pub max_bytes: usize,
    pub max_redirects: u32,
    /// The least time between two requests to one host.
    pub host_delay: Duration,
    /// Further attempts after a transient failure.
    pub retries: u32,
    /// The wait before the first retry; doubled before each next one.
    pub backoff: Duration,
    /// Read and obey robots.txt.
    pub robots: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: format!(
                "dyad/{} (+https://example.invalid/dyad)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout: Duration::from_secs(30),
            max_bytes: 5 << 20,
            max_redirects: 5,
            host_delay: Duration::from_secs(1),
            retries: 2,
            backoff: Duration::from_secs(2),
            robots: true,
        }
    }
}

/// What a conditional GET sends back: the validators of the last response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A response.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// 304: unchanged since the validators passed in.
    NotModified,
    Body(Body),
}

/// A response body and what came with it.
#[derive(Debug, Clone)]
pub struct Body {
    /// The URL after redirects.
    pub final_url: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
    pub validators: Validators,
}

/// One request at a time, politely (see the crate docs).
pub struct Fetcher {
    agent: ureq::Agent,
    config: FetchConfig,
    last_request: HashMap<String, Instant>,
    robots: HashMap<String, Robots>,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(config.timeout))
            .max_redirects(config.max_redirects)
            .user_agent(config.user_agent.as_str())
            .build()
            .new_agent();
        Fetcher {
            agent,
            config,
            last_request: HashMap::new(),
            robots: HashMap::new(),
        }
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GETs `url`, sending `prior` for a conditional GET, after checking
    /// robots.txt and waiting for the host's turn; retries transient
    /// failures.
    pub fn get(&mut self, url: &str, prior: Option<&Validators>) -> Result<Fetched, FetchError> {
        let parsed = parse_url(url)?;
        let host = host_key(&parsed);
        if self.config.robots {
            let robots = self.robots_for(&host);
            let path = match parsed.query() {
                Some(q) => format!("{}?{q}", parsed.path()),
                None => parsed.path().to_string(),
            };
            if let Some(reason) = robots.unreadable {
                return Err(FetchError::RobotsUnreadable {
                    url: url.to_string(),
                    reason,
                });
            }
            if !robots.allows(&path) {
                return Err(FetchError::Robots {
                    url: url.to_string(),
                });
            }
        }
        let mut wait = self.config.backoff;
        let mut attempt = 0;
        loop {
            match self.get_once(url, &host, prior) {
                Err(e) if e.transient() && attempt < self.config.retries => {
                    attempt += 1;
                    std::thread::sleep(wait);
                    wait = wait.saturating_mul(2);
                }
                other => return other,
            }
        }
    }

    /// The host's robots.txt rules, read on first use.
    fn robots_for(&mut self, host: &str) -> Robots {
        if let Some(r) = self.robots.get(host) {
            return r.clone();
        }
        let robots_url = format!("{}/robots.txt", host);
        let rules = match self.get_once(&robots_url, host, None) {
            Ok(Fetched::Body(b)) => Robots::parse(&String::from_utf8_lossy(&b.bytes), "dyad"),
            Ok(Fetched::NotModified) => Robots::allow_all(),
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => {
                Robots::allow_all()
            }
            // Unreachable or failing: RFC 9309 says assume complete
            // disallow. The page request would most likely fail anyway.
            Err(e) => Robots {
                unreadable: Some(match e {
                    FetchError::Status { status, .. } => format!("HTTP status {status}"),
                    FetchError::Timeout { .. } => "timed out".to_string(),
                    other => other.to_string(),
                }),
                ..Robots::disallow_all()
            },
        };
        self.robots.insert(host.to_string(), rules.clone());
        rules
    }

    fn wait_turn(&mut self, host: &str) {
        let delay = self
            .robots
            .get(host)
            .and_then(|r| r.crawl_delay)
            .map_or(self.config.host_delay, |d| d.max(self.config.host_delay));
        if let Some(last) = self.last_request.get(host) {
            let since = last.elapsed();
            if since < delay {
                std::thread::sleep(delay - since);
            }
        }
    }

    fn get_once(
        &mut self,
        url: &str,
        host: &str,
        prior: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        self.wait_turn(host);
        let mut req = self.agent.get(url);
        if let Some(v) = prior {
            if let Some(etag) = &v.etag {
                req = req.header("If-None-Match", etag.as_str());
            }
            if let Some(lm) = &v.last_modified {
                req = req.header("If-Modified-Since", lm.as_str());
            }
        }
        let result = req.call();
        self.last_request.insert(host.to_string(), Instant::now());
        let mut resp = result.map_err(|e| self.error(url, e))?;
        let status = resp.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status {
                url: url.to_string(),
                status,
            });
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let content_type = header("content-type");
        let final_url = resp.get_uri().to_string();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(self.config.max_bytes as u64)
            .read_to_vec()
            .map_err(|e| self.error(url, e))?;
        self.last_request.insert(host.to_string(), Instant::now());
        Ok(Fetched::Body(Body {
            final_url,
            content_type,
            bytes,
            validators,
        }))
    }

    fn error(&self, url: &str, e: ureq::Error) -> FetchError {
        let url = url.to_string();
        match e {
            ureq::Error::Timeout(_) => FetchError::Timeout {
                url,
                limit: self.config.timeout,
            },
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                url,
                limit: self.config.max_bytes,
            },
            ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
                url,
                limit: self.config.max_redirects,
            },
            ureq::Error::StatusCode(status) => FetchError::Status { url, status },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                FetchError::Timeout {
                    url,
                    limit: self.config.timeout,
                }
            }
            other => FetchError::Network {
                url,
                reason: other.to_string(),
            },
        }
    }
}

fn parse_url(url: &str) -> Result<url::Url, FetchError> {
    let parsed = url::Url::parse(url).map_err(|e| FetchError::BadUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(FetchError::BadUrl {
            url: url.to_string(),
            reason: format!("scheme {}", parsed.scheme()),
        });
    }
    Ok(parsed)
}

/// `scheme://host[:port]`: the unit of politeness.
fn host_key(u: &url::Url) -> String {
    let mut s = format!("{}://{}", u.scheme(), u.host_str().unwrap_or(""));
    if let Some(p) = u.port() {
        s.push_str(&format!(":{p}"));
    }
    s
}

/// The robots.txt rules that apply to us.
#[derive(Debug, Clone, Default)]
pub struct Robots {
    /// (allow, path prefix); the longest matching prefix wins, allow on a tie.
    rules: Vec<(bool, String)>,
    pub crawl_delay: Option<Duration>,
    /// Why robots.txt could not be read: then nothing is fetched.
    pub unreadable: Option<String>,
}

impl Robots {
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![(false, "/".into())],
            ..Robots::default()
        }
    }

    /// Parses robots.txt, keeping the group for `agent` (a product token,
    /// matched case-insensitively) or else the `*` group. Rules are path
    /// prefixes; a `*` in a rule matches anything and a final `$` anchors it.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        // The agents of each group and its rules.
        let mut groups: Vec<(Vec<String>, Robots)> = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push((Vec::new(), Robots::default()));
                    }
                    in_agents = true;
                    if let Some(g) = groups.last_mut() {
                        g.0.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(g) = groups.last_mut() {
                        // An empty Disallow allows everything: no rule.
                        if !value.is_empty() {
                            g.1.rules.push((key == "allow", value.to_string()));
                        }
                    }
                }
                "crawl-delay" => {
                    in_agents = false;
                    if let (Some(g), Ok(secs)) = (groups.last_mut(), value.parse::<f64>()) {
                        if secs.is_finite() && secs >= 0.0 {
                            g.1.crawl_delay = Some(Duration::from_secs_f64(secs.min(60.0)));
                        }
                    }
                }
                _ => {}
            }
        }
        let pick = groups
            .iter()
            .find(|g| {
                g.0.iter()
                    .any(|a| a != "*" && agent.starts_with(a.as_str()))
            })
            .or_else(|| groups.iter().find(|g| g.0.iter().any(|a| a == "*")));
        pick.map_or_else(Robots::allow_all, |(_, r)| r.clone())
    }

    /// Whether the path (with its query) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, rule) in &self.rules {
            if rule_matches(rule, path) {
                let len = rule.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

fn rule_matches(rule: &str, path: &str) -> bool {
    let (rule, anchored) = match rule.strip_suffix('$') {
        Some(r) => (r, true),
        None => (rule, false),
    };
    glob(rule.as_bytes(), path.as_bytes(), anchored)
}

/// Whether `pat` (with `*` wildcards) matches a prefix of `text` (all of
/// it when `anchored`).
fn glob(pat: &[u8], text: &[u8], anchored: bool) -> bool {
    match pat.split_first() {
        None => !anchored || text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|i| glob(rest, &text[i..], anchored)),
        Some((c, rest)) => text.first() == Some(c) && glob(rest, &text[1..], anchored),
    }
}

/// One entry of a feed: the article's URL and what the feed says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    pub url: String,
    pub title: Option<String>,
    /// The entry's publication (or update) date, RFC 3339.
    pub published: Option<String>,
}

/// Whether a response is a feed rather than a page: by its content type,
/// else by its first bytes.
pub fn looks_like_feed(content_type: Option<&str>, bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(512)).unwrap_or(bytes))
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.contains("<html") || head.starts_with("<!doctype html") {
        return false;
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("rss") || ct.contains("atom") || ct.contains("feed+json") || ct.contains("xml") {
        return true;
    }
    head.starts_with("<?xml")
        || head.starts_with("<rss")
        || head.starts_with("<feed")
        || head.starts_with("<rdf")
        || (head.starts_with('{') && head.contains("jsonfeed"))
}

/// The entries of an RSS, Atom or JSON feed, their links made absolute
/// against `feed_url`. Entries without a link are left out.
pub fn parse_feed(feed_url: &str, bytes: &[u8]) -> Result<Vec<FeedItem>, FetchError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| FetchError::Feed {
        url: feed_url.to_string(),
        reason: e.to_string(),
    })?;
    let base = url::Url::parse(feed_url).ok();
    let mut items = Vec::new();
    for entry in feed.entries {
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.trim().to_string());
        let Some(link) = link.filter(|l| !l.is_empty()) else {
            continue;
        };
        let absolute = match &base {
            Some(b) => b.join(&link).map(|u| u.to_string()).unwrap_or(link),
            None => link,
        };
        items.push(FeedItem {
            url: absolute,
            title: entry.title.map(|t| t.content),
            published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
        });
    }
    Ok(items)
}

/// A document name for a URL: host and path without the scheme, the
/// trailing slash and the fragment (`example.com/2024/06/story`).
pub fn name_for_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            let mut s = u.host_str().unwrap_or("").to_string();
            if let Some(p) = u.port() {
                s.push_str(&format!(":{p}"));
            }
            s.push_str(u.path().trim_end_matches('/'));
            if let Some(q) = u.query() {
                s.push('?');
                s.push_str(q);
            }
            s
        }
        Err(_) => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_groups_and_longest_match() {
        let r = Robots::parse(
            "User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\nAllow: /private/ok\nCrawl-delay: 2\n",
            "dyad",
        );
        assert!(r.allows("/news/a"));
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/ok.html"));
        assert_eq!(r.crawl_delay, Some(Duration::from_secs(2)));
        let own = Robots::parse(
            "User-agent: dyad\nDisallow: /feeds\nUser-agent: *\nDisallow: /\n",
            "dyad",
        );
        assert!(own.allows("/news"));
        assert!(!own.allows("/feeds/rss.xml"));
        let wild = Robots::parse("User-agent: *\nDisallow: /*.pdf$\n", "dyad");
        assert!(!wild.allows("/a/b.pdf"));
        assert!(wild.allows("/a/b.pdf.html"));
        assert!(Robots::parse("", "dyad").allows("/x"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "dyad").allows("/x"));
    }

    #[test]
    fn names_from_urls() {
        assert_eq!(
            name_for_url("https://example.com/2024/06/story/#top"),
            "example.com/2024/06/story"
        );
        assert_eq!(
            name_for_url("http://127.0.0.1:8081/a?id=3"),
            "127.0.0.1:8081/a?id=3"
        );
    }

    #[test]
    fn feeds_are_told_from_pages() {
        assert!(looks_like_feed(Some("application/rss+xml"), b"<rss>"));
        assert!(looks_like_feed(None, b"<?xml version='1.0'?><feed>"));
        assert!(!looks_like_feed(
            Some("text/html"),
            b"<!DOCTYPE html><html>"
        ));
        assert!(!looks_like_feed(
            Some("application/xhtml+xml"),
            b"<?xml version='1.0'?><html>"
        ));
    }
}
