//! Sentence segmentation on arbitrary text: ranges are ordered, in bounds,
//! on char boundaries and non-empty.
#![no_main]

#[path = "common.rs"]
mod common;

use dyad_segment::Segmenter;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn segmenter() -> &'static Segmenter {
    static SEG: OnceLock<Segmenter> = OnceLock::new();
    SEG.get_or_init(|| Segmenter::new(&common::lexicon().text))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut last = 0;
    for (s, e) in segmenter().split(text) {
        assert!(s < e, "empty or reversed sentence {s}..{e}");
        assert!(s >= last, "sentences overlap or go backwards");
        assert!(e <= text.len(), "sentence past the end");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "not on char boundaries"
        );
        last = e;
    }
});
