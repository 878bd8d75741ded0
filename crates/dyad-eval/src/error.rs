//! Errors of the evaluation crate.

use std::path::PathBuf;

/// Everything that can go wrong reading gold files or peer suites.
///
/// Every variant names the file, and the line where one is known, so that a
/// broken annotation can be found and fixed by hand.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line (or the whole file, for `.doc.json`) is not valid JSON for its schema.
    #[error("{path}:{line}: {source}")]
    Json {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    /// The JSON is well formed but its content is not acceptable.
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}
