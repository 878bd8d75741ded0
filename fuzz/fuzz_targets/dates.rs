//! The date recogniser: finding temporal expressions in arbitrary text and
//! resolving each against an anchor, the previous date and the clause tense.
#![no_main]

#[path = "common.rs"]
mod common;

use dyad_doc::PartialDate;
use dyad_time::TimeFinder;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn finder() -> &'static TimeFinder {
    static F: OnceLock<TimeFinder> = OnceLock::new();
    F.get_or_init(|| TimeFinder::new(&common::lexicon().time))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let anchor: Option<PartialDate> = "2024-03-15".parse().ok();
    let mut previous = None;
    for expr in finder().find(text) {
        assert!(expr.start < expr.end && expr.end <= text.len(), "bad span");
        assert!(
            text.is_char_boundary(expr.start) && text.is_char_boundary(expr.end),
            "span not on char boundaries"
        );
        let tense = dyad_time::tense_at(text, expr.start, expr.end);
        let resolved = dyad_time::resolve(&expr, anchor, previous, tense);
        // Resolved dates print and parse back (they are stored as text).
        if let Some(d) = resolved {
            let s = d.to_string();
            assert!(s.parse::<PartialDate>().is_ok(), "{s} does not parse back");
            previous = Some(d);
        }
        let _ = dyad_time::resolve(&expr, None, None, tense);
    }
});
