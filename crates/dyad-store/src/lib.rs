//! The embedded SQLite event store: idempotent ingest, queries, full-text search, exports.
