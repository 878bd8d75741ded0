//! Finds and resolves the temporal expressions of each line of a file.
//!
//! Input: one case per line, `ANCHOR<TAB>TEXT`, where ANCHOR is a partial
//! date (`2015-02-03`, `2015-02`, `2015`) or `-` for none.
//! Output: one JSON object per input line on stdout:
//! `{"line":N,"found":[{"text":..,"start":..,"end":..,"value":..,"since":..,"rule":..}]}`
//! with byte offsets into TEXT and `value` null when unresolved.
//!
//! `find_dates FILE --bench N` instead times `TimeFinder::find` over all
//! texts joined and repeated N times, and prints
//! `{"bytes":..,"seconds":..,"mb_per_s":..,"expressions":..}`.
//!
//! Run: `cargo run --release -p dyad-time --example find_dates -- FILE`.

use dyad_doc::PartialDate;
use dyad_lexicon::time::TimeLexicon;
use dyad_lexicon::Sources;
use dyad_time::{resolve, tense_at, TimeFinder};
use std::time::Instant;

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: find_dates FILE [--bench N]")?;
    let input = std::fs::read_to_string(path)?;
    let lex = TimeLexicon::load(&Sources::builtin())?;
    let built = Instant::now();
    let finder = TimeFinder::new(&lex);
    let build_secs = built.elapsed().as_secs_f64();
    let cases: Vec<(Option<PartialDate>, &str)> = input
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (a, t) = l.split_once('\t').unwrap_or(("-", l));
            (a.parse().ok(), t)
        })
        .collect();

    if args.get(2).map(String::as_str) == Some("--bench") {
        let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
        let one: String = cases.iter().map(|(_, t)| format!("{t}\n")).collect();
        let text = one.repeat(n);
        let t0 = Instant::now();
        let found = finder.find(&text).len();
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "{{\"bytes\":{},\"seconds\":{:.4},\"mb_per_s\":{:.2},\"expressions\":{},\"build_seconds\":{:.4}}}",
            text.len(),
            secs,
            text.len() as f64 / 1e6 / secs.max(1e-9),
            found,
            build_secs
        );
        return Ok(());
    }

    for (i, (anchor, text)) in cases.iter().enumerate() {
        let mut previous = None;
        let mut items = Vec::new();
        for e in finder.find(text) {
            let tense = tense_at(text, e.start, e.end);
            let v = resolve(&e, *anchor, previous, tense);
            if v.is_some() {
                previous = v;
            }
            items.push(format!(
                "{{\"text\":{},\"start\":{},\"end\":{},\"value\":{},\"since\":{},\"rule\":{}}}",
                json_str(text.get(e.start..e.end).unwrap_or("")),
                e.start,
                e.end,
                v.map_or("null".to_string(), |d| json_str(&d.to_string())),
                e.since,
                json_str(&e.rule)
            ));
        }
        println!("{{\"line\":{},\"found\":[{}]}}", i, items.join(","));
    }
    Ok(())
}
