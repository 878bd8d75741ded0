//! Memory and time of loading the bundled model:
//! `cargo run --release -p dyad-parse --example model_memory [MODEL]`.
//! Prints resident memory (VmRSS) before and after loading, the peak
//! (VmHWM) and the load time. Linux only (reads /proc/self/status).

use dyad_parse::Model;
use std::time::Instant;

fn status(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let bytes = std::env::args()
        .nth(1)
        .map(|p| std::fs::read(p).expect("read model"));
    let before = status("VmRSS:");
    let t = Instant::now();
    let model = match &bytes {
        Some(b) => Model::from_bytes(b),
        None => Model::load_default(),
    }
    .expect("load model");
    let secs = t.elapsed().as_secs_f64();
    let after = status("VmRSS:");
    let peak = status("VmHWM:");
    let (anon, file) = (status("RssAnon:"), status("RssFile:"));
    let toks = model.parse(&["The", "talks", "were", "hosted", "by", "China", "."]);
    println!(
        "loaded in {secs:.3} s; resident {:.1} MB -> {:.1} MB (model {:.1} MB), peak {:.1} MB; now {:.1} MB heap and {:.1} MB file-backed (the bundled bytes); weight tables {:.1} MB; {} tokens parsed",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        (after as f64 - before as f64) / 1024.0,
        peak as f64 / 1024.0,
        anon as f64 / 1024.0,
        file as f64 / 1024.0,
        model.weight_bytes() as f64 / 1048576.0,
        toks.len()
    );
}
