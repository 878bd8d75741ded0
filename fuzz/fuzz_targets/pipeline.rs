//! The whole pipeline (read → segment → recognise → code) on arbitrary
//! bytes, as text and as HTML; every annotation stays inside the text.
#![no_main]

#[path = "common.rs"]
mod common;

use dyad_pipeline::Pipeline;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(common::lexicon().clone()))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format so the fuzzer explores both.
    let (hint, body) = match data.split_first() {
        Some((b, rest)) if b & 1 == 1 => (Some(Path::new("fuzz.html")), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    if let Ok(doc) = pipeline().annotate_bytes("fuzz", hint, body, None) {
        common::check_doc(&doc);
    }
});
