//! API tests: every endpoint, good and bad input, against a store filled
//! with hand-built documents (our own sentences).

use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use dyad_doc::*;
use dyad_store::Store;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;

/// Test-only markup that must never run in a page.
const XSS_TEXT: &str = "Officials posted <script>window.__pwned=1</script> on a board. \
     A second note read <img src=x onerror=\"window.__pwned=2\"> and nothing more.";

struct TempDb(PathBuf);

impl Drop for TempDb {
    fn drop(&mut self) {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", self.0.display()));
        }
    }
}

/// One sentence per paragraph; each event is (sentence, type, source,
/// target, date, status, trigger).
type Ev<'a> = (
    usize,
    EventType,
    &'a str,
    &'a str,
    Option<&'a str>,
    Status,
    &'a str,
);

fn make_doc(name: &str, title: &str, sentences: &[&str], events: &[Ev]) -> Doc {
    let mut doc = Doc::new(
        name,
        "",
        DocMeta {
            title: Some(title.into()),
            published: "2024-07-01".parse().ok(),
            published_basis: PublishedBasis::Stated,
            site_name: Some("Test Wire".into()),
            url: Some("javascript:alert(1)".into()),
            ..Default::default()
        },
    );
    let mut text = String::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        let span = Span::new(text.len(), text.len() + s.len());
        text.push_str(s);
        doc.paragraphs.push(Paragraph {
            span,
            kind: BlockKind::Body,
        });
        doc.sentences.push(Sentence { span, paragraph: i });
    }
    doc.text = text;
    for &(si, ty, src, tgt, date, status, trig) in events {
        let q = doc.sentences[si].span;
        let off = doc.slice(q).find(trig).unwrap_or(0);
        doc.events.push(Event {
            event_type: ty,
            mode: None,
            source: Some(src.into()),
            source_sector: None,
            target: Some(tgt.into()),
            target_sector: None,
            date: date.map(|d| d.parse().unwrap()),
            date_basis: Default::default(),
            status,
            attributed_to: None,
            quantities: vec![],
            location: None,
            sentence: si,
            quote_span: q,
            trigger_span: Span::new(q.start + off, q.start + off + trig.len()),
            joint: false,
            intensity: ty.default_intensity(),
            rule: "test".into(),
            why: vec![format!("trigger '{trig}'")],
        });
    }
    doc
}

fn fill_store() -> TempDb {
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "dyad-serve-test-{}-{}.db",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let tmp = TempDb(path.clone());
    let mut store = Store::open(&path).unwrap();
    let alpha = make_doc(
        "alpha",
        "Ministers meet in the capital",
        &[
            "Moscow’s envoy travelled to Pyongyang on 4 February 2024 for three days of talks.",
            "Pyongyang sent crates of rifle ammunition to Russia in May 2024, two officials claimed.",
            "Seoul denounced the deliveries as a breach of the embargo.",
            "Washington warned that new penalties could follow.",
        ],
        &[
            (0, EventType::Consult, "RUS", "PRK", Some("2024-02-04"), Status::Asserted, "travelled"),
            (1, EventType::Aid, "PRK", "RUS", Some("2024-05"), Status::Reported, "sent"),
            (2, EventType::Accuse, "KOR", "PRK", Some("2024-05-20"), Status::Asserted, "denounced"),
            (3, EventType::Threaten, "USA", "PRK", None, Status::Hypothetical, "warned"),
        ],
    );
    let beta = make_doc(
        "beta",
        "Coast guards clash near the shoal",
        &[
            "A Chinese patrol boat fired water at a Philippine supply ship on 9 March 2024.",
            "Manila summoned the Chinese ambassador the next day.",
        ],
        &[
            (
                0,
                EventType::Coerce,
                "CHN",
                "PHL",
                Some("2024-03-09"),
                Status::Asserted,
                "fired water",
            ),
            (
                1,
                EventType::Protest,
                "PHL",
                "CHN",
                Some("2024-03-10"),
                Status::Asserted,
                "summoned",
            ),
        ],
    );
    let xss = make_doc("xss-probe", "<b>Markup</b> in a title", &[XSS_TEXT], &[]);
    for d in [&alpha, &beta, &xss] {
        store.ingest(d, &format!("hash-{}", d.name)).unwrap();
    }
    tmp
}

fn app(db: &TempDb) -> Router {
    dyad_serve::router(db.0.clone())
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
) -> (StatusCode, String, Vec<(String, String)>) {
    let resp = app
        .clone()
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = to_bytes(resp.into_body(), 10 << 20).await.unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap(), headers)
}

async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (st, body, headers) = call(app, Method::GET, uri).await;
    let ct = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    assert!(
        ct.starts_with("application/json"),
        "{uri}: content-type {ct}"
    );
    (
        st,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}")),
    )
}

async fn bad(app: &Router, uri: &str) -> String {
    let (st, v) = get_json(app, uri).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{uri}: {v}");
    v["error"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn events_are_paginated_and_filtered() {
    let db = fill_store();
    let app = app(&db);
    let (st, v) = get_json(&app, "/api/events").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["total"], 6);
    assert_eq!(v["limit"], 100);
    assert_eq!(v["offset"], 0);
    assert_eq!(v["items"].as_array().unwrap().len(), 6);
    let first = &v["items"][0];
    assert_eq!(first["id"], "alpha-01");
    assert_eq!(first["doc"], "alpha");
    assert!(first["quote"]
        .as_str()
        .unwrap()
        .starts_with("Moscow’s envoy"));

    let (_, v) = get_json(&app, "/api/events?limit=2&offset=1").await;
    assert_eq!(v["total"], 6);
    assert_eq!(v["limit"], 2);
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["alpha-02", "alpha-03"]);

    let count = |v: &Value| v["total"].as_u64().unwrap();
    for (q, n) in [
        ("actor=prk", 4),
        ("dyad=RUS-PRK", 2),
        ("dyad=prk:rus", 2),
        ("type=AID", 1),
        ("type=coerce", 1),
        ("status=reported", 1),
        ("since=2024-03", 4),
        ("until=2024-03", 3),
        ("since=2024-03&until=2024-03", 2),
        ("doc=beta", 2),
        ("text=WATER", 1),
        ("text=100%25", 0),
        ("actor=PRK&status=asserted", 2),
        ("actor=", 6),
    ] {
        let (st, v) = get_json(&app, &format!("/api/events?{q}")).await;
        assert_eq!(st, StatusCode::OK, "{q}");
        assert_eq!(count(&v), n, "{q}");
    }
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_message() {
    let db = fill_store();
    let app = app(&db);
    assert_eq!(
        bad(&app, "/api/events?since=2022-13").await,
        "parameter since: bad date '2022-13'"
    );
    assert!(bad(&app, "/api/events?until=soon")
        .await
        .contains("parameter until"));
    assert!(bad(&app, "/api/events?type=HUG")
        .await
        .starts_with("parameter type: unknown event type"));
    assert!(bad(&app, "/api/events?status=rumoured")
        .await
        .starts_with("parameter status"));
    assert!(bad(&app, "/api/events?dyad=RUS")
        .await
        .starts_with("parameter dyad"));
    assert!(bad(&app, "/api/events?limit=501")
        .await
        .contains("at most 500"));
    assert!(bad(&app, "/api/events?limit=-1")
        .await
        .starts_with("parameter limit"));
    assert!(bad(&app, "/api/events?offset=x")
        .await
        .starts_with("parameter offset"));
    assert!(bad(&app, "/api/events?actor=RUS&actor=PRK")
        .await
        .contains("more than once"));
    assert!(bad(&app, "/api/events?colour=red")
        .await
        .contains("unknown parameter 'colour'"));
    assert!(bad(&app, "/api/timeline?limit=5")
        .await
        .contains("unknown parameter"));
    assert!(bad(&app, "/api/network?since=20x4")
        .await
        .starts_with("parameter since"));
    assert!(bad(&app, "/api/docs?type=AID")
        .await
        .contains("unknown parameter"));
    assert!(bad(&app, "/api/search").await.starts_with("parameter q"));
    assert!(bad(&app, "/api/stats?x=1")
        .await
        .contains("unknown parameter"));
    let long = "a".repeat(600);
    assert!(bad(&app, &format!("/api/events?text={long}"))
        .await
        .contains("longer than"));
    // Percent-encoding that is not UTF-8 is decoded lossily, not an error.
    let (st, _) = get_json(&app, "/api/events?text=%FF").await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn docs_listing_and_single_doc() {
    let db = fill_store();
    let app = app(&db);
    let (st, v) = get_json(&app, "/api/docs").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["total"], 3);
    let names: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["doc"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "beta", "xss-probe"]);
    assert_eq!(v["items"][0]["events"], 4);

    let (_, v) = get_json(&app, "/api/docs?limit=1&offset=1").await;
    assert_eq!(v["total"], 3);
    assert_eq!(v["items"][0]["doc"], "beta");
    let (_, v) = get_json(&app, "/api/docs?doc=beta").await;
    assert_eq!(v["total"], 1);

    let (st, v) = get_json(&app, "/api/docs/alpha").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["record"]["title"], "Ministers meet in the capital");
    assert_eq!(v["events"].as_array().unwrap().len(), 4);
    assert_eq!(v["paragraphs"].as_array().unwrap().len(), 4);
    // Character offsets: the quote is the text between them, counted in
    // code points (the first sentence has a curly apostrophe).
    let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    for e in v["events"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let quote: String = text[s..t].iter().collect();
        assert_eq!(quote, e["quote"].as_str().unwrap());
        let (ts, te) = (
            e["trigger_start"].as_u64().unwrap() as usize,
            e["trigger_end"].as_u64().unwrap() as usize,
        );
        let trig: String = text[ts..te].iter().collect();
        assert_eq!(trig, e["trigger"].as_str().unwrap());
    }

    let (st, v) = get_json(&app, "/api/docs/nope").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(v["error"], "no document 'nope'");
    let (st, _) = get_json(&app, "/api/docs/%3Cscript%3E").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn timeline_network_search_stats() {
    let db = fill_store();
    let app = app(&db);
    let (st, v) = get_json(&app, "/api/timeline").await;
    assert_eq!(st, StatusCode::OK);
    let months: Vec<&str> = v["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2024-02", "2024-03", "2024-05"]);
    assert_eq!(v["buckets"][1]["total"], 2);
    assert_eq!(v["buckets"][1]["by_type"]["COERCE"], 1);
    assert_eq!(v["undated"], 1);
    let (_, v) = get_json(&app, "/api/timeline?dyad=RUS-PRK").await;
    assert_eq!(v["buckets"].as_array().unwrap().len(), 2);

    let (st, v) = get_json(&app, "/api/network").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["nodes"][0]["code"], "PRK");
    assert_eq!(v["nodes"][0]["events"], 4);
    assert_eq!(v["edges"].as_array().unwrap().len(), 6);
    let (_, v) = get_json(&app, "/api/network?doc=beta").await;
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2);

    let (st, v) = get_json(&app, "/api/search?q=ambassadors").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["doc"], "beta");
    assert_eq!(v["items"][0]["sentence"], 1);
    let (_, v) = get_json(&app, "/api/search?q=the&limit=1&offset=1").await;
    assert_eq!(v["total"], 2);
    assert_eq!(v["items"].as_array().unwrap().len(), 1);
    // FTS syntax in the query is not an error (the store rebuilds it).
    let (st, _) = get_json(&app, "/api/search?q=%22NEAR(%20OR%20*").await;
    assert_eq!(st, StatusCode::OK);

    let (st, v) = get_json(&app, "/api/stats").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["docs"], 3);
    assert_eq!(v["events"], 6);
}

#[tokio::test]
async fn openapi_describes_every_endpoint() {
    let db = fill_store();
    let app = app(&db);
    let (st, v) = get_json(&app, "/api/openapi.json").await;
    assert_eq!(st, StatusCode::OK);
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/events",
        "/api/clusters",
        "/api/docs",
        "/api/docs/{name}",
        "/api/timeline",
        "/api/network",
        "/api/search",
        "/api/stats",
        "/api/openapi.json",
    ] {
        assert!(v["paths"][p]["get"].is_object(), "{p} missing");
    }
    // Every $ref points at something that exists.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "$ref" {
                        out.push(x.as_str().unwrap().to_string());
                    }
                    refs(x, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&v, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let ptr = r.trim_start_matches('#');
        assert!(v.pointer(ptr).is_some(), "dangling {r}");
    }
}

#[tokio::test]
async fn read_only_and_bounded() {
    let db = fill_store();
    let app = app(&db);
    for m in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        for uri in ["/api/events", "/", "/api/docs/alpha"] {
            let (st, body, headers) = call(&app, m.clone(), uri).await;
            assert_eq!(st, StatusCode::METHOD_NOT_ALLOWED, "{m} {uri}");
            assert!(body.contains("read-only"));
            assert!(headers
                .iter()
                .any(|(k, v)| k == "allow" && v.contains("GET")));
        }
    }
    let (st, body, _) = call(&app, Method::HEAD, "/api/stats").await;
    assert_eq!(st, StatusCode::OK);
    assert!(body.is_empty());
    // A long query string.
    let long = format!("/api/events?text={}", "a".repeat(5000));
    let (st, _, _) = call(&app, Method::GET, &long).await;
    assert_eq!(st, StatusCode::URI_TOO_LONG);
    // A GET with a body.
    let resp = app
        .clone()
        .oneshot(
            Request::builder()
                .uri("/api/stats")
                .header(header::CONTENT_LENGTH, "5")
                .body(Body::from("hello"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Unknown paths are JSON 404s.
    let (st, v) = get_json(&app, "/api/nothing").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert!(v["error"].as_str().unwrap().contains("/api/nothing"));
    let (st, _) = get_json(&app, "/secret.txt").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = get_json(&app, "/assets/../Cargo.toml").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn page_and_assets_are_embedded_with_security_headers() {
    let db = fill_store();
    let app = app(&db);
    let (st, html, headers) = call(&app, Method::GET, "/").await;
    assert_eq!(st, StatusCode::OK);
    let hv = |k: &str| {
        headers
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert!(hv("content-type").starts_with("text/html"));
    let csp = hv("content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(hv("x-content-type-options"), "nosniff");
    assert!(html.contains("/assets/app.js") && html.contains("/assets/style.css"));
    // Offline: no resource from another host.
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    let names = dyad_serve::asset_names();
    for want in ["index.html", "app.js", "style.css"] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} not embedded: {names:?}"
        );
    }
    let (st, js, headers) = call(&app, Method::GET, "/assets/app.js").await;
    assert_eq!(st, StatusCode::OK);
    assert!(headers
        .iter()
        .any(|(k, v)| k == "content-type" && v.contains("javascript")));
    // The page builds its DOM from text, never from HTML strings.
    assert!(
        !js.contains("innerHTML")
            && !js.contains("outerHTML")
            && !js.contains("insertAdjacentHTML")
    );
    assert!(!js.contains("document.write") && !js.contains("eval("));
    let (st, _, _) = call(&app, Method::GET, "/assets/style.css").await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn article_markup_only_ever_travels_as_json_data() {
    let db = fill_store();
    let app = app(&db);
    // The served HTML and scripts never contain the stored data.
    for uri in ["/", "/assets/app.js", "/assets/style.css"] {
        let (_, body, _) = call(&app, Method::GET, uri).await;
        assert!(!body.contains("__pwned"), "{uri} contains article data");
        assert!(
            !body.contains("Officials posted"),
            "{uri} contains article data"
        );
    }
    // The API returns it as a JSON string, served as JSON (never as HTML).
    let (st, body, headers) = call(&app, Method::GET, "/api/docs/xss-probe").await;
    assert_eq!(st, StatusCode::OK);
    assert!(headers
        .iter()
        .any(|(k, v)| k == "content-type" && v.starts_with("application/json")));
    assert!(headers
        .iter()
        .any(|(k, v)| k == "x-content-type-options" && v == "nosniff"));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["text"], XSS_TEXT);
    let (_, v) = get_json(&app, "/api/search?q=officials%20posted").await;
    assert_eq!(v["items"][0]["doc"], "xss-probe");
}

#[tokio::test]
async fn missing_database_is_a_500_with_a_message() {
    let app = dyad_serve::router(PathBuf::from("/nonexistent/dyad.db"));
    let (st, v) = get_json(&app, "/api/stats").await;
    assert_eq!(st, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(v["error"].as_str().unwrap().contains("no database"));
}

#[tokio::test]
async fn serve_refuses_a_missing_database() {
    let opts = dyad_serve::ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        db: PathBuf::from("/nonexistent/dyad.db"),
        ..Default::default()
    };
    let err = dyad_serve::serve(opts).await.unwrap_err();
    assert!(matches!(err, dyad_serve::ServeError::Store { .. }), "{err}");
}

#[tokio::test]
async fn clusters_are_paginated_filtered_and_counted_by_timelines() {
    let db = fill_store();
    // A second report of alpha's meeting and a denial of its shipment.
    let gamma = make_doc(
        "gamma",
        "Envoy's visit confirmed",
        &[
            "A Russian delegation held talks in Pyongyang on 4 February 2024.",
            "North Korea said it had not sent any rifle ammunition to Russia in May 2024.",
        ],
        &[
            (
                0,
                EventType::Consult,
                "RUS",
                "PRK",
                Some("2024-02-04"),
                Status::Asserted,
                "held talks",
            ),
            (
                1,
                EventType::Aid,
                "PRK",
                "RUS",
                Some("2024-05"),
                Status::Denied,
                "sent",
            ),
        ],
    );
    {
        let mut store = Store::open(&db.0).unwrap();
        store.ingest(&gamma, "hash-gamma").unwrap();
        // Before clustering: the timeline counts mentions and says so.
        let app = app(&db);
        let (_, v) = get_json(&app, "/api/timeline").await;
        assert_eq!(v["clustered"], false);
        assert_eq!(v["buckets"][0]["total"], 2, "two reports of one meeting");
        let (_, v) = get_json(&app, "/api/clusters").await;
        assert_eq!(v["current"], false);
        assert_eq!(v["total"], 0);
        let made = store.recluster().unwrap();
        assert_eq!((made.mentions, made.clusters), (8, 7));
    }
    let app = app(&db);
    let (st, v) = get_json(&app, "/api/clusters").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["current"], true);
    assert_eq!(v["total"], 7);
    assert_eq!(v["limit"], 100);
    let first = &v["items"][0];
    assert_eq!(first["type"], "CONSULT");
    assert_eq!(first["date"], "2024-02-04");
    assert_eq!(first["corroboration"], 2);
    assert_eq!(first["docs"], serde_json::json!(["alpha", "gamma"]));
    assert_eq!(first["statuses"]["asserted"], 2);
    assert_eq!(first["sources"].as_array().unwrap().len(), 2);
    assert_eq!(first["sources_total"], 2);
    // Member lists are paged: one report at a time, with the full count.
    let (_, one) = get_json(
        &app,
        "/api/clusters?limit=1&members_limit=1&members_offset=1",
    )
    .await;
    let only = &one["items"][0];
    assert_eq!(only["sources"].as_array().unwrap().len(), 1);
    assert_eq!(only["mentions"].as_array().unwrap().len(), 1);
    assert_eq!(only["docs"], serde_json::json!(["gamma"]));
    assert_eq!(
        (only["sources_total"].clone(), only["docs_total"].clone()),
        (2.into(), 2.into())
    );
    let (st, _) = get_json(&app, "/api/clusters?members_limit=501").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(first["sources"][1]["quote"]
        .as_str()
        .unwrap()
        .starts_with("A Russian delegation"));
    let items = v["items"].as_array().unwrap();
    let claim = items
        .iter()
        .find(|c| c["type"] == "AID" && c["denied_only"] == false)
        .unwrap();
    let denial = items.iter().find(|c| c["denied_only"] == true).unwrap();
    assert_eq!(claim["contradicted_by"], serde_json::json!([denial["id"]]));
    assert_eq!(denial["denies"], serde_json::json!([claim["id"]]));

    let (_, v) = get_json(&app, "/api/clusters?limit=2&offset=1").await;
    assert_eq!(v["total"], 7);
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    assert_eq!(v["items"][0]["id"], items[1]["id"]);
    let count = |v: &Value| v["total"].as_u64().unwrap();
    for (q, n) in [
        ("dyad=RUS-PRK", 3),
        ("type=aid", 2),
        ("status=denied", 1),
        ("doc=gamma", 2),
        ("doc=alpha", 4),
        ("text=delegation", 1),
        ("since=2024-03", 5),
        ("actor=USA", 1),
    ] {
        let (st, v) = get_json(&app, &format!("/api/clusters?{q}")).await;
        assert_eq!(st, StatusCode::OK, "{q}");
        assert_eq!(count(&v), n, "{q}");
    }
    assert!(bad(&app, "/api/clusters?limit=501").await.contains("limit"));
    assert!(bad(&app, "/api/clusters?q=x")
        .await
        .contains("unknown parameter"));

    // Timelines and the network now count each event once, and not the
    // denial.
    let (_, v) = get_json(&app, "/api/timeline").await;
    assert_eq!(v["clustered"], true);
    assert_eq!(v["buckets"][0]["month"], "2024-02");
    assert_eq!(v["buckets"][0]["total"], 1);
    let may = v["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["month"] == "2024-05")
        .unwrap();
    assert_eq!(may["by_type"]["AID"], 1);
    let (_, v) = get_json(&app, "/api/network?dyad=RUS-PRK").await;
    assert_eq!(v["clustered"], true);
    let edges = v["edges"].as_array().unwrap();
    let edge = |s: &str, t: &str| {
        edges
            .iter()
            .find(|e| e["source"] == s && e["target"] == t)
            .map(|e| e["count"].clone())
    };
    assert_eq!(edge("RUS", "PRK"), Some(serde_json::json!(1)));
    assert_eq!(edge("PRK", "RUS"), Some(serde_json::json!(1)));
}

/// A GET with the given `Host` header.
async fn status_with_host(app: &Router, host: &str) -> StatusCode {
    app.clone()
        .oneshot(
            Request::builder()
                .uri("/api/stats")
                .header(header::HOST, host)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn only_addresses_localhost_and_allowed_names_are_served() {
    let db = fill_store();
    let app = app(&db);
    for host in [
        "127.0.0.1:8080",
        "localhost:8080",
        "[::1]:8080",
        "192.168.1.5",
        "LOCALHOST",
    ] {
        assert_eq!(status_with_host(&app, host).await, StatusCode::OK, "{host}");
    }
    // A DNS-rebinding page's own name.
    for host in [
        "evil.example",
        "evil.example:8080",
        "127.0.0.1.evil.example",
    ] {
        assert_eq!(
            status_with_host(&app, host).await,
            StatusCode::MISDIRECTED_REQUEST,
            "{host}"
        );
    }
    let allowed = dyad_serve::router_with_hosts(db.0.clone(), &["Dyad.Lab".to_string()]);
    assert_eq!(
        status_with_host(&allowed, "dyad.lab:8080").await,
        StatusCode::OK
    );
    assert_eq!(
        status_with_host(&allowed, "evil.example").await,
        StatusCode::MISDIRECTED_REQUEST
    );
}
