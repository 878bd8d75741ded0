//! Trains the dyad-parse model:
//! `dyad-train --train FILE --dev FILE --out MODEL [--epochs N] [--tagger-epochs N]
//! [--folds K] [--prune N] [--tagger-prune N] [--seed S] [--parser-seed S]`
//! (`--seed` seeds the taggers, `--parser-seed` the parser; `--epochs` sets the
//! parser's epochs; the defaults, in `train::Options`, made the bundled
//! model). Deterministic for a given seed: the same command and treebank
//! rebuild the model byte for byte. See `crates/dyad-parse/model/README.md`.

use dyad_parse::{evaluate_sentences, read_conllu_file, train, Model};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad-train: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut train_path, mut dev_path, mut out) = (None, None, None);
    let mut o = train::Options::default();
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--train" => train_path = Some(PathBuf::from(val()?)),
            "--dev" => dev_path = Some(PathBuf::from(val()?)),
            "--out" => out = Some(PathBuf::from(val()?)),
            "--epochs" => o.parser_epochs = val()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--tagger-epochs" => {
                o.tagger_epochs = val()?
                    .parse()
                    .map_err(|e| format!("--tagger-epochs: {e}"))?
            }
            "--folds" => o.folds = val()?.parse().map_err(|e| format!("--folds: {e}"))?,
            "--prune" => o.prune = val()?.parse().map_err(|e| format!("--prune: {e}"))?,
            "--tagger-prune" => {
                o.tagger_prune = val()?.parse().map_err(|e| format!("--tagger-prune: {e}"))?
            }
            "--seed" => o.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--parser-seed" => {
                o.parser_seed = val()?.parse().map_err(|e| format!("--parser-seed: {e}"))?
            }
            "-h" | "--help" => {
                println!("usage: dyad-train --train FILE --dev FILE --out MODEL [--epochs N] [--tagger-epochs N] [--folds K] [--prune N] [--tagger-prune N] [--seed S] [--parser-seed S]");
                return Ok(());
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let train_path = train_path.ok_or("--train is required")?;
    let out = out.ok_or("--out is required")?;
    let read = |p: &PathBuf| read_conllu_file(p).map_err(|e| format!("{}: {e}", p.display()));
    let train_sents = read(&train_path)?;
    let dev_sents = match &dev_path {
        Some(p) => read(p)?,
        None => Vec::new(),
    };
    let t0 = std::time::Instant::now();
    let model = train::train(&train_sents, &dev_sents, &o);
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "trained in {:.1} s; wrote {} ({} bytes)",
        t0.elapsed().as_secs_f64(),
        out.display(),
        bytes.len()
    );
    // Score the model as written, quantised weights and all.
    let loaded = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    if !dev_sents.is_empty() {
        let s = evaluate_sentences(&loaded, &dev_sents);
        eprintln!(
            "dev: UPOS {:.2} XPOS {:.2} lemma {:.2} UAS {:.2} LAS {:.2} ({} tokens)",
            s.upos, s.xpos, s.lemma, s.uas, s.las, s.tokens
        );
    }
    Ok(())
}
