//! Plain-text reading: decoding (BOMs, windows-1252 fallback, binary
//! detection) and text cleaning, on arbitrary bytes.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lex = &common::lexicon().text;
    let opts = dyad_read::ReadOptions::default();
    if let Ok(doc) = dyad_read::read_document("fuzz", None, data, lex, &opts) {
        assert!(!doc.text.trim().is_empty(), "a read document has text");
        common::check_doc(&doc);
    }
});
