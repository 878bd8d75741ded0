//! Temporal expressions: find them in text, resolve them against an anchor.
