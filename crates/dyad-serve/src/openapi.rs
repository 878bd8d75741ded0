//! The OpenAPI 3 description of the API, served at `/api/openapi.json`.

use serde_json::{json, Value};

/// The OpenAPI 3.0 document describing every endpoint of the API.
pub fn spec() -> Value {
    let filters = json!([
        {"$ref": "#/components/parameters/actor"},
        {"$ref": "#/components/parameters/dyad"},
        {"$ref": "#/components/parameters/type"},
        {"$ref": "#/components/parameters/status"},
        {"$ref": "#/components/parameters/since"},
        {"$ref": "#/components/parameters/until"},
        {"$ref": "#/components/parameters/doc"},
        {"$ref": "#/components/parameters/text"}
    ]);
    let paging = [
        json!({"$ref": "#/components/parameters/limit"}),
        json!({"$ref": "#/components/parameters/offset"}),
    ];
    let mut timeline_params = filters.as_array().cloned().unwrap_or_default();
    timeline_params.push(json!({"name": "by", "in": "query", "required": false,
        "description": "Which date places an event in a month: `event` (default, when it \
            happened: its own date) or `reported` (when it was reported: its document's \
            publication date; counts mentions)",
        "schema": {"type": "string", "enum": ["event", "reported"]}}));
    let mut filters_paged = filters.as_array().cloned().unwrap_or_default();
    filters_paged.extend(paging.iter().cloned());
    let mut cluster_params = filters_paged.clone();
    cluster_params.push(json!({"name": "members_limit", "in": "query",
        "schema": {"type": "integer", "maximum": 500},
        "description": "Mentions, documents and reports shown per cluster (default 50); \
            `mentions_total`, `docs_total` and `sources_total` give the full counts"}));
    cluster_params.push(json!({"name": "members_offset", "in": "query",
        "schema": {"type": "integer"},
        "description": "The first member shown of each cluster (default 0)"}));
    let bad = json!({"$ref": "#/components/responses/BadRequest"});
    let ok = |schema: Value, what: &str| json!({"description": what, "content": {"application/json": {"schema": schema}}});
    let page_of = |item: &str| {
        json!({"allOf": [
            {"$ref": "#/components/schemas/Page"},
            {"type": "object", "properties": {
                "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}}
            }}
        ]})
    };
    let date_param = |name: &str, what: &str| {
        json!({"name": name, "in": "query", "required": false, "description": what,
               "schema": {"type": "string", "example": "2024-06"}})
    };
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "dyad API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only access to a dyad store: PLOVER events coded from news \
                articles, each with its quote and character offsets into the document. \
                Only GET (and HEAD) are accepted."
        },
        "paths": {
            "/api/events": {"get": {
                "summary": "Events matching the filters, in ingest order",
                "parameters": filters_paged,
                "responses": {"200": ok(page_of("Event"), "A page of events"), "400": bad}
            }},
            "/api/clusters": {"get": {
                "summary": "Event clusters: one real-world event with every document reporting it, \
                    ordered by date (undated last). Actor, dyad, type and dates apply to the \
                    cluster; status, doc and text select clusters with at least one such report",
                "parameters": cluster_params,
                "responses": {"200": ok(json!({"allOf": [
                    {"$ref": "#/components/schemas/Page"},
                    {"type": "object", "properties": {
                        "current": {"type": "boolean", "description":
                            "False when documents changed since the store was last clustered"},
                        "items": {"type": "array",
                                  "items": {"$ref": "#/components/schemas/Cluster"}}
                    }}
                ]}), "A page of clusters"), "400": bad}
            }},
            "/api/docs": {"get": {
                "summary": "Document metadata, ordered by name",
                "parameters": [{"$ref": "#/components/parameters/doc"}, paging[0], paging[1]],
                "responses": {"200": ok(page_of("Doc"), "A page of documents"), "400": bad}
            }},
            "/api/docs/{name}": {"get": {
                "summary": "One document: text, annotation layers and events (character offsets)",
                "parameters": [{"name": "name", "in": "path", "required": true,
                                "schema": {"type": "string"}}],
                "responses": {
                    "200": ok(json!({"$ref": "#/components/schemas/StoredDoc"}), "The document"),
                    "404": {"$ref": "#/components/responses/NotFound"}
                }
            }},
            "/api/timeline": {"get": {
                "summary": "Events per month and type, with the mean intensity per month; events are \
                    clusters (each real-world event once, denials not counted) when the store is \
                    clustered, mentions otherwise (see `clustered`); `by=reported` places every mention \
                    in the month of its document's publication date instead",
                "parameters": timeline_params,
                "responses": {"200": ok(json!({"$ref": "#/components/schemas/Timeline"}),
                                        "The timeline"), "400": bad}
            }},
            "/api/network": {"get": {
                "summary": "Actors and directed source→target edges with counts and mean intensity; \
                    counts are of clusters when the store is clustered (see `clustered`)",
                "parameters": filters,
                "responses": {"200": ok(json!({"$ref": "#/components/schemas/Network"}),
                                        "The network"), "400": bad}
            }},
            "/api/search": {"get": {
                "summary": "Full-text search over sentences (stemmed), best first",
                "parameters": [
                    {"name": "q", "in": "query", "required": true, "schema": {"type": "string"},
                     "description": "Words to find; punctuation is ignored"},
                    paging[0], paging[1]
                ],
                "responses": {"200": ok(page_of("SearchHit"),
                                        "A page of hits; total counts at most 1000"),
                              "400": bad}
            }},
            "/api/stats": {"get": {
                "summary": "Totals of the store",
                "responses": {"200": ok(json!({"$ref": "#/components/schemas/Stats"}), "Totals")}
            }},
            "/api/openapi.json": {"get": {
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3 document"}}
            }}
        },
        "components": {
            "parameters": {
                "actor": {"name": "actor", "in": "query", "required": false,
                          "description": "Actor code as source or target (e.g. RUS)",
                          "schema": {"type": "string"}},
                "dyad": {"name": "dyad", "in": "query", "required": false,
                         "description": "Two actor codes, either direction (e.g. RUS-PRK)",
                         "schema": {"type": "string", "example": "RUS-PRK"}},
                "type": {"name": "type", "in": "query", "required": false,
                         "description": "PLOVER event type",
                         "schema": {"$ref": "#/components/schemas/EventType"}},
                "status": {"name": "status", "in": "query", "required": false,
                           "schema": {"$ref": "#/components/schemas/Status"}},
                "since": date_param("since",
                    "Events whose first day is on or after this date (YYYY, YYYY-MM, YYYY-MM-DD)"),
                "until": date_param("until",
                    "Events whose first day is on or before the last day of this date"),
                "doc": {"name": "doc", "in": "query", "required": false,
                        "description": "Document name (exact)", "schema": {"type": "string"}},
                "text": {"name": "text", "in": "query", "required": false,
                         "description": "Case-insensitive substring of the quote",
                         "schema": {"type": "string"}},
                "limit": {"name": "limit", "in": "query", "required": false,
                          "schema": {"type": "integer", "minimum": 0, "maximum": 500,
                                     "default": 100}},
                "offset": {"name": "offset", "in": "query", "required": false,
                           "schema": {"type": "integer", "minimum": 0, "default": 0}}
            },
            "responses": {
                "BadRequest": {"description": "A parameter is unknown or malformed",
                               "content": {"application/json": {"schema":
                                   {"$ref": "#/components/schemas/Error"}}}},
                "NotFound": {"description": "No such document",
                             "content": {"application/json": {"schema":
                                 {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
                "Error": {"type": "object", "required": ["error"],
                          "properties": {"error": {"type": "string"}}},
                "Page": {"type": "object", "required": ["total", "limit", "offset", "items"],
                         "properties": {"total": {"type": "integer"}, "limit": {"type": "integer"},
                                        "offset": {"type": "integer"},
                                        "items": {"type": "array", "items": {}}}},
                "EventType": {"type": "string", "enum": dyad_doc::ALL_EVENT_TYPES
                    .iter().map(|t| t.as_str()).collect::<Vec<_>>()},
                "Status": {"type": "string", "enum": dyad_doc::ALL_STATUSES
                    .iter().map(|s| s.as_str()).collect::<Vec<_>>()},
                "Quantity": {"type": "object", "properties": {
                    "value": {"type": "number"}, "unit": {"type": "string"}}},
                "Event": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "type": {"$ref": "#/components/schemas/EventType"},
                    "mode": {"type": "string", "nullable": true},
                    "source": {"type": "string", "nullable": true},
                    "source_sector": {"type": "string", "nullable": true},
                    "target": {"type": "string", "nullable": true},
                    "target_sector": {"type": "string", "nullable": true},
                    "date": {"type": "string", "nullable": true},
                    "date_precision": {"type": "string", "nullable": true},
                    "status": {"$ref": "#/components/schemas/Status"},
                    "attributed_to": {"type": "string", "nullable": true},
                    "quantities": {"type": "array",
                                   "items": {"$ref": "#/components/schemas/Quantity"}},
                    "location": {"type": "string", "nullable": true},
                    "quote": {"type": "string"},
                    "doc": {"type": "string"},
                    "start": {"type": "integer", "description": "Character offset of the quote"},
                    "end": {"type": "integer"},
                    "trigger": {"type": "string"},
                    "joint": {"type": "boolean"},
                    "intensity": {"type": "number", "description": "-10 conflict … +10 cooperation"},
                    "rule": {"type": "string"},
                    "date_basis": {"type": "string", "nullable": true,
                        "enum": ["stated", "context", "publication", "none"],
                        "description": "What `date` rests on: a time of the event's own \
                            sentence, a time carried from the paragraph or a linked sentence, \
                            the publication date, or nothing (undated); null when not stored"},
                    "reported": {"type": "string", "nullable": true,
                        "description": "The document's publication date"},
                    "reported_precision": {"type": "string", "nullable": true}
                }},
                "ClusterSource": {"type": "object",
                    "description": "One document's report of a clustered event", "properties": {
                    "mention": {"type": "string", "description": "The event (mention) id"},
                    "doc": {"type": "string"},
                    "quote": {"type": "string"},
                    "start": {"type": "integer", "description": "Character offset of the quote"},
                    "end": {"type": "integer"},
                    "status": {"$ref": "#/components/schemas/Status"},
                    "attributed_to": {"type": "string", "nullable": true},
                    "date": {"type": "string", "nullable": true,
                             "description": "The date as this document reports it"},
                    "published": {"type": "string", "nullable": true},
                    "source": {"type": "string", "nullable": true},
                    "target": {"type": "string", "nullable": true},
                    "joint": {"type": "boolean"},
                    "rule": {"type": "string"},
                    "intensity": {"type": "number"}
                }},
                "Cluster": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "type": {"$ref": "#/components/schemas/EventType"},
                    "source": {"type": "string", "nullable": true},
                    "target": {"type": "string", "nullable": true},
                    "joint": {"type": "boolean"},
                    "date": {"type": "string", "nullable": true,
                             "description": "The most precise date every report agrees with"},
                    "intensity": {"type": "number", "description": "Mean over the reports"},
                    "date_start": {"type": "string", "nullable": true},
                    "date_end": {"type": "string", "nullable": true},
                    "mentions": {"type": "array", "items": {"type": "string"}},
                    "docs": {"type": "array", "items": {"type": "string"}},
                    "corroboration": {"type": "integer",
                                      "description": "Number of documents reporting the event"},
                    "statuses": {"type": "object", "additionalProperties": {"type": "integer"},
                                 "description": "Reports per status"},
                    "sources": {"type": "array",
                                "items": {"$ref": "#/components/schemas/ClusterSource"}},
                    "ambiguous_with": {"type": "array", "items": {"type": "string"}},
                    "contradicted_by": {"type": "array", "items": {"type": "string"},
                                        "description": "Clusters that deny this one"},
                    "denies": {"type": "array", "items": {"type": "string"},
                               "description": "Clusters this one denies"},
                    "denied_only": {"type": "boolean",
                                    "description": "Every report is a denial (not counted)"}
                }},
                "Doc": {"type": "object", "properties": {
                    "doc": {"type": "string"}, "title": {"type": "string", "nullable": true},
                    "author": {"type": "string", "nullable": true},
                    "published": {"type": "string", "nullable": true},
                    "published_precision": {"type": "string", "nullable": true},
                    "published_basis": {"type": "string"},
                    "site_name": {"type": "string", "nullable": true},
                    "url": {"type": "string", "nullable": true},
                    "format": {"type": "string"}, "path": {"type": "string", "nullable": true},
                    "sentences": {"type": "integer"}, "events": {"type": "integer"}
                }},
                "Span": {"type": "object", "description": "Character offsets into the text",
                         "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}}},
                "StoredDoc": {"type": "object", "properties": {
                    "record": {"$ref": "#/components/schemas/Doc"},
                    "content_hash": {"type": "string"},
                    "text": {"type": "string"},
                    "paragraphs": {"type": "array", "items": {"$ref": "#/components/schemas/Span"}},
                    "sentences": {"type": "array", "items": {"$ref": "#/components/schemas/Span"}},
                    "actors": {"type": "array", "items": {"$ref": "#/components/schemas/Span"}},
                    "times": {"type": "array", "items": {"$ref": "#/components/schemas/Span"}},
                    "quantities": {"type": "array", "items": {"$ref": "#/components/schemas/Span"}},
                    "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}
                }},
                "Timeline": {"type": "object", "properties": {
                    "buckets": {"type": "array", "items": {"type": "object", "properties": {
                        "month": {"type": "string", "example": "2024-06"},
                        "total": {"type": "integer"},
                        "by_type": {"type": "object",
                                    "additionalProperties": {"type": "integer"}},
                        "mean_intensity": {"type": "number"}}}},
                    "undated": {"type": "integer"},
                    "imprecise": {"type": "integer"},
                    "clustered": {"type": "boolean", "description":
                        "True when counts are of event clusters (each real-world event once), \
                         false when of mentions (store not clustered since its last change)"},
                    "by": {"type": "string", "enum": ["event", "reported"], "description":
                        "The date that places events in months: the event's own (`event`) or \
                         its document's publication date (`reported`)"}
                }},
                "Network": {"type": "object", "properties": {
                    "nodes": {"type": "array", "items": {"type": "object", "properties": {
                        "code": {"type": "string"}, "events": {"type": "integer"}}}},
                    "edges": {"type": "array", "items": {"type": "object", "properties": {
                        "source": {"type": "string"}, "target": {"type": "string"},
                        "count": {"type": "integer"}, "mean_intensity": {"type": "number"}}}},
                    "clustered": {"type": "boolean",
                                  "description": "True when counts are of event clusters"}
                }},
                "SearchHit": {"type": "object", "properties": {
                    "doc": {"type": "string"}, "sentence": {"type": "integer"},
                    "text": {"type": "string"},
                    "snippet": {"type": "string", "description": "Matched words in [brackets]"},
                    "start": {"type": "integer"}, "end": {"type": "integer"},
                    "score": {"type": "number"}
                }},
                "Stats": {"type": "object", "properties": {
                    "docs": {"type": "integer"}, "sentences": {"type": "integer"},
                    "events": {"type": "integer"}, "schema_version": {"type": "integer"}
                }}
            }
        }
    })
}
