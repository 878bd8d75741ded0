//! Tokens per CPU-second of tagging + parsing on EWT test, plus its scores:
//! `cargo run --release -p dyad-parse --example parse_speed [CONLLU] [MODEL]`.
//! CPU time, not wall time, so a busy machine does not skew the figure.

use dyad_parse::{evaluate_sentences, read_conllu_file, Model};
use std::time::Instant;

fn cpu_seconds() -> f64 {
    // /proc/self/stat fields 14 and 15: user and system time in clock ticks
    // (100 per second on Linux). Falls back to wall time elsewhere.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<&str> = after.split_whitespace().collect();
    match (
        f.get(11).and_then(|x| x.parse::<f64>().ok()),
        f.get(12).and_then(|x| x.parse::<f64>().ok()),
    ) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/treebanks/UD_English-EWT/en_ewt-ud-test.conllu.gz"
        )
        .into()
    });
    let t = Instant::now();
    let model = match args.next() {
        Some(m) => Model::from_bytes(&std::fs::read(m).expect("read model")),
        None => Model::load_default(),
    }
    .expect("load model");
    println!("model loaded in {:.3} s", t.elapsed().as_secs_f64());
    let sents = match read_conllu_file(path.as_ref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let ntok: usize = words.iter().map(Vec::len).sum();
    let rounds = 5;
    let (c0, w0) = (cpu_seconds(), Instant::now());
    let mut heads = 0usize;
    for _ in 0..rounds {
        for w in &words {
            heads += model.parse(w).iter().map(|t| t.head).sum::<usize>();
        }
    }
    let (cpu, wall) = (cpu_seconds() - c0, w0.elapsed().as_secs_f64());
    println!(
        "{} tokens x {rounds}: {:.0} tokens per CPU-second ({:.0} per wall second; checksum {heads})",
        ntok,
        (ntok * rounds) as f64 / cpu,
        (ntok * rounds) as f64 / wall
    );
    let s = evaluate_sentences(&model, &sents);
    println!(
        "UPOS {:.2} XPOS {:.2} lemma {:.2} UAS {:.2} LAS {:.2} ({} sentences, {} tokens)",
        s.upos, s.xpos, s.lemma, s.uas, s.las, s.sentences, s.tokens
    );
}
