//! HTML reading: charset declarations, article extraction and metadata,
//! forced by an `.html` path hint, on arbitrary bytes.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let lex = &common::lexicon().text;
    let opts = dyad_read::ReadOptions::default();
    let hint = Some(Path::new("fuzz.html"));
    if let Ok(doc) = dyad_read::read_document("fuzz", hint, data, lex, &opts) {
        assert!(!doc.text.trim().is_empty(), "a read document has text");
        common::check_doc(&doc);
    }
});
