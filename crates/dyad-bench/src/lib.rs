//! Speed, memory and scale benchmarks for dyad.
//!
//! - [`corpus`]: a deterministic synthetic news corpus (templates ×
//!   the actor lexicon's countries × a seeded [`rng::SplitMix64`]).
//! - [`ingest`]: the `dyad ingest` structure (worker threads, one ordered
//!   writer) over generated articles, and a single-threaded pass that times
//!   each pipeline stage on its own.
//! - [`query`]: store query latency (median and p95), and a store-level bulk
//!   fill that skips the NLP stages to reach a million events quickly.
//! - [`mem`]: peak resident memory from `/proc/self/status`.
//!
//! The binary `dyad-bench` (see `docs/benchmarks.md`) drives them.

pub mod corpus;
pub mod ingest;
pub mod mem;
pub mod query;
pub mod rng;

pub use corpus::{Article, Corpus, CorpusError};
pub use ingest::{ingest_generated, time_stages, IngestReport, StageTimes};
pub use query::{bulk_fill, query_bench, QueryTiming};
