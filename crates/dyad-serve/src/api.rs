//! The JSON API: parameter validation, handlers, errors.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dyad_doc::{EventType, PartialDate, Status};
use dyad_store::{DocFilter, EventFilter, Store, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;
/// Largest page a client may ask for.
pub const MAX_LIMIT: usize = 500;
/// Search hits considered per query: `total` of a search counts at most
/// this many (the store ranks in SQL, so pages beyond it are not useful).
pub const MAX_SEARCH_HITS: usize = 1000;
/// Longest accepted value of a free-text parameter, in characters.
const MAX_TEXT_CHARS: usize = 500;

/// The event filters every event endpoint accepts.
const FILTERS: [&str; 8] = [
    "actor", "dyad", "type", "status", "since", "until", "doc", "text",
];

type Db = Arc<PathBuf>;

/// An API failure, answered as `{"error": message}` with its status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter is missing, unknown or malformed (400).
    #[error("{0}")]
    BadRequest(String),
    /// The named thing does not exist (404).
    #[error("{0}")]
    NotFound(String),
    /// The store failed (500).
    #[error("{0}")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadQuery { .. } => ApiError::BadRequest(e.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        error_response(status, self.to_string())
    }
}

/// `{"error": msg}` with the given status.
pub(crate) fn error_response(status: StatusCode, msg: String) -> Response {
    (status, Json(serde_json::json!({ "error": msg }))).into_response()
}

/// One page of a listing.
#[derive(Debug, Serialize)]
struct Page<T> {
    total: usize,
    limit: usize,
    offset: usize,
    items: Vec<T>,
}

/// The API routes, relative to `/api`.
pub(crate) fn routes(db: Db) -> Router {
    Router::new()
        .route("/events", get(events))
        .route("/clusters", get(clusters))
        .route("/docs", get(docs))
        .route("/docs/{name}", get(doc))
        .route("/timeline", get(timeline))
        .route("/network", get(network))
        .route("/search", get(search))
        .route("/stats", get(stats))
        .route("/openapi.json", get(openapi))
        .fallback(|uri: axum::http::Uri| async move {
            ApiError::NotFound(format!("no such endpoint: /api{}", uri.path()))
        })
        .with_state(db)
}

/// The query string as validated name → value pairs.
struct Params(BTreeMap<String, String>);

impl Params {
    /// Checks the names against `allowed`; refuses repeats. Empty values
    /// count as absent (an empty form field means "no filter").
    fn new(
        q: Result<Query<Vec<(String, String)>>, QueryRejection>,
        allowed: &[&str],
    ) -> Result<Params, ApiError> {
        let Query(pairs) = q.map_err(|e| ApiError::BadRequest(format!("bad query string: {e}")))?;
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter '{}' (accepted: {})",
                    clip(&k),
                    allowed.join(", ")
                )));
            }
            if v.chars().count() > MAX_TEXT_CHARS {
                return Err(ApiError::BadRequest(format!(
                    "parameter {k}: longer than {MAX_TEXT_CHARS} characters"
                )));
            }
            let v = v.trim().to_string();
            if v.is_empty() {
                continue;
            }
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::BadRequest(format!(
                    "parameter {k}: given more than once"
                )));
            }
        }
        Ok(Params(map))
    }

    fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(String::as_str)
    }

    /// A non-negative integer parameter.
    fn usize(&self, k: &str) -> Result<Option<usize>, ApiError> {
        self.get(k)
            .map(|v| {
                v.parse::<usize>().map_err(|_| {
                    ApiError::BadRequest(format!(
                        "parameter {k}: expected a whole number, got '{v}'"
                    ))
                })
            })
            .transpose()
    }

    /// `limit` (default 100, at most 500) and `offset` (default 0).
    fn paging(&self) -> Result<(usize, usize), ApiError> {
        let limit = self.usize("limit")?.unwrap_or(DEFAULT_LIMIT);
        if limit > MAX_LIMIT {
            return Err(ApiError::BadRequest(format!(
                "parameter limit: at most {MAX_LIMIT}, got {limit}"
            )));
        }
        Ok((limit, self.usize("offset")?.unwrap_or(0)))
    }

    /// The event filter, validated as the CLI validates its flags.
    fn event_filter(&self) -> Result<EventFilter, ApiError> {
        let date = |k: &str| -> Result<Option<PartialDate>, ApiError> {
            self.get(k)
                .map(|d| {
                    d.parse::<PartialDate>()
                        .map_err(|_| ApiError::BadRequest(format!("parameter {k}: bad date '{d}'")))
                })
                .transpose()
        };
        let dyad = match self.get("dyad") {
            None => None,
            Some(d) => {
                let parts: Vec<&str> = d.split(['-', ',', ':']).map(str::trim).collect();
                match parts.as_slice() {
                    [a, b] if !a.is_empty() && !b.is_empty() => {
                        Some((a.to_uppercase(), b.to_uppercase()))
                    }
                    _ => {
                        return Err(ApiError::BadRequest(format!(
                            "parameter dyad: expected two actor codes like RUS-PRK, got '{d}'"
                        )))
                    }
                }
            }
        };
        let event_type = self
            .get("type")
            .map(|t| t.parse::<EventType>())
            .transpose()
            .map_err(|e| ApiError::BadRequest(format!("parameter type: {e}")))?;
        let status = self
            .get("status")
            .map(|s| s.parse::<Status>())
            .transpose()
            .map_err(|e| ApiError::BadRequest(format!("parameter status: {e}")))?;
        Ok(EventFilter {
            actor: self.get("actor").map(str::to_uppercase),
            dyad,
            event_type,
            status,
            since: date("since")?,
            until: date("until")?,
            doc: self.get("doc").map(String::from),
            text: self.get("text").map(String::from),
            limit: None,
            offset: 0,
        })
    }
}

/// A parameter name shortened for an error message.
fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Runs `f` on a freshly opened read-only store on a blocking thread
/// (rusqlite connections are not `Sync`; opening one is cheap).
async fn with_store<T, F>(db: Db, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        let store = Store::open_read_only(&db)?;
        f(&store)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("query task failed: {e}")))?
}

/// Names accepted by the paginated event listing.
fn with_paging(extra: &[&'static str]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = FILTERS.to_vec();
    v.extend_from_slice(extra);
    v
}

type Q = Result<Query<Vec<(String, String)>>, QueryRejection>;

async fn events(State(db): State<Db>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(q, &with_paging(&["limit", "offset"]))?;
    let (limit, offset) = p.paging()?;
    let mut f = p.event_filter()?;
    let page = with_store(db, move |s| {
        let total = s.count_events(&f)?;
        f.limit = Some(limit);
        f.offset = offset;
        Ok(Page {
            total,
            limit,
            offset,
            items: s.events(&f)?,
        })
    })
    .await?;
    Ok(Json(page).into_response())
}

/// A page of event clusters, with whether they cover the latest ingest.
#[derive(Debug, Serialize)]
struct ClusterPage {
    total: usize,
    limit: usize,
    offset: usize,
    /// False when documents changed since the store was last clustered
    /// (the clusters then miss or misplace their events).
    current: bool,
    /// Each cluster with at most `members_limit` of its mentions, documents
    /// and reports (from `members_offset`), and their full counts in
    /// `mentions_total`, `docs_total` and `sources_total`.
    items: Vec<serde_json::Value>,
}

/// Reports shown per cluster unless `members_limit` says otherwise: a
/// cluster of one much-repeated event can hold tens of thousands.
const DEFAULT_MEMBERS: usize = 50;

/// Cuts a cluster's member lists to one page.
fn page_members(
    record: &dyad_store::ClusterRecord,
    offset: usize,
    limit: usize,
) -> serde_json::Value {
    let mut v = serde_json::to_value(record).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        for key in ["mentions", "docs", "sources"] {
            if let Some(serde_json::Value::Array(items)) = obj.get_mut(key) {
                let total = items.len();
                let page: Vec<serde_json::Value> =
                    items.drain(..).skip(offset).take(limit).collect();
                *items = page;
                obj.insert(format!("{key}_total"), serde_json::json!(total));
            }
        }
    }
    v
}

async fn clusters(State(db): State<Db>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(
        q,
        &with_paging(&["limit", "offset", "members_limit", "members_offset"]),
    )?;
    let (limit, offset) = p.paging()?;
    let members_limit = p.usize("members_limit")?.unwrap_or(DEFAULT_MEMBERS);
    if members_limit > MAX_LIMIT {
        return Err(ApiError::BadRequest(format!(
            "parameter members_limit: at most {MAX_LIMIT}, got {members_limit}"
        )));
    }
    let members_offset = p.usize("members_offset")?.unwrap_or(0);
    let mut f = p.event_filter()?;
    let page = with_store(db, move |s| {
        let total = s.count_clusters(&f)?;
        f.limit = Some(limit);
        f.offset = offset;
        Ok(ClusterPage {
            total,
            limit,
            offset,
            current: s.cluster_state()?.current,
            items: s
                .clusters(&f)?
                .iter()
                .map(|c| page_members(c, members_offset, members_limit))
                .collect(),
        })
    })
    .await?;
    Ok(Json(page).into_response())
}

async fn docs(State(db): State<Db>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(q, &["doc", "limit", "offset"])?;
    let (limit, offset) = p.paging()?;
    let name = p.get("doc").map(String::from);
    let page = with_store(db, move |s| {
        let total = match &name {
            Some(_) => s
                .docs(&DocFilter {
                    doc: name.clone(),
                    limit: None,
                    offset: 0,
                })?
                .len(),
            None => s.stats()?.docs,
        };
        let items = s.docs(&DocFilter {
            doc: name,
            limit: Some(limit),
            offset,
        })?;
        Ok(Page {
            total,
            limit,
            offset,
            items,
        })
    })
    .await?;
    Ok(Json(page).into_response())
}

async fn doc(
    State(db): State<Db>,
    name: Result<Path<String>, PathRejection>,
    q: Q,
) -> Result<Response, ApiError> {
    Params::new(q, &[])?;
    let Path(name) = name.map_err(|e| ApiError::BadRequest(format!("bad document name: {e}")))?;
    let doc = with_store(db, move |s| {
        s.doc(&name)?
            .ok_or_else(|| ApiError::NotFound(format!("no document '{}'", clip(&name))))
    })
    .await?;
    Ok(Json(doc).into_response())
}

async fn timeline(State(db): State<Db>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(q, &with_paging(&["by"]))?;
    // `by=event` (the default): months of the events' own dates;
    // `by=reported`: months of their documents' publication dates.
    let reported = match p.get("by") {
        None | Some("event") => false,
        Some("reported") => true,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "parameter by: '{}' is neither 'event' nor 'reported'",
                clip(other)
            )))
        }
    };
    let f = p.event_filter()?;
    let t = with_store(db, move |s| {
        Ok(if reported {
            s.reported_timeline(&f)?
        } else {
            s.timeline(&f)?
        })
    })
    .await?;
    Ok(Json(t).into_response())
}

async fn network(State(db): State<Db>, q: Q) -> Result<Response, ApiError> {
    let f = Params::new(q, &FILTERS)?.event_filter()?;
    let n = with_store(db, move |s| Ok(s.network(&f)?)).await?;
    Ok(Json(n).into_response())
}

async fn search(State(db): State<Db>, q: Q) -> Result<Response, ApiError> {
    let p = Params::new(q, &["q", "limit", "offset"])?;
    let (limit, offset) = p.paging()?;
    let query = p
        .get("q")
        .ok_or_else(|| ApiError::BadRequest("parameter q: a search text is required".into()))?
        .to_string();
    let page = with_store(db, move |s| {
        let hits = s.search(&query, MAX_SEARCH_HITS)?;
        let total = hits.len();
        let items = hits.into_iter().skip(offset).take(limit).collect();
        Ok(Page {
            total,
            limit,
            offset,
            items,
        })
    })
    .await?;
    Ok(Json(page).into_response())
}

async fn stats(State(db): State<Db>, q: Q) -> Result<Response, ApiError> {
    Params::new(q, &[])?;
    let s = with_store(db, |s| Ok(s.stats()?)).await?;
    Ok(Json(s).into_response())
}

async fn openapi(q: Q) -> Result<Response, ApiError> {
    Params::new(q, &[])?;
    Ok(Json(crate::openapi::spec()).into_response())
}
