//! Training, as `dyad-train` runs it. Deterministic for a given seed:
//! shuffles use a seeded SplitMix64 and every table is sorted before it is
//! written, so the same command rebuilds the committed model byte for byte.

use crate::conllu::Sentence;
use crate::lemma::Lemmatiser;
use crate::lex::lex_sentence;
use crate::parser::{self, Parser, TrainSentence};
use crate::tagger::{self, joint, Tagger};
use crate::{Model, Upos};
use rustc_hash::FxHashMap;

/// Training settings; the defaults made the committed model.
#[derive(Debug, Clone)]
pub struct Options {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds for jackknifing the parser's training tags: the parser learns
    /// from tags as wrong as they will be on new text.
    pub folds: usize,
    /// Seeds the taggers' shuffles (the jackknife folds' and the final
    /// tagger's).
    pub seed: u64,
    /// Seeds the parser's shuffles and exploration.
    pub parser_seed: u64,
    /// Parser features updated fewer times than this are dropped.
    pub prune: u32,
    /// Tagger features updated fewer times than this are dropped.
    pub tagger_prune: u32,
    /// Progress and per-epoch dev scores on stderr.
    pub log: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tagger_epochs: 8,
            parser_epochs: 15,
            folds: 5,
            seed: 1,
            parser_seed: 1,
            prune: 4,
            tagger_prune: 2,
            log: true,
        }
    }
}

fn tag_ids(t: &Tagger, s: &Sentence) -> Vec<u16> {
    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    let lex = lex_sentence(&forms);
    t.tag(&lex, &mut Vec::new(), &mut Vec::new())
}

/// Trains a model from gold sentences; `dev` is only used for logging.
pub fn train(train: &[Sentence], dev: &[Sentence], o: &Options) -> Model {
    let mut classes: Vec<String> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| joint(&w.upos, &w.xpos)))
        .collect();
    classes.sort();
    classes.dedup();
    let mut labels: Vec<String> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
        .collect();
    labels.push("root".into());
    labels.push("dep".into());
    labels.sort();
    labels.dedup();
    let li: FxHashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let root = li["root"];
    // Words the transitions leave headless are mostly run-on clauses.
    let fallback = li.get("parataxis").copied().unwrap_or(li["dep"]);

    // Jackknifed tags for the parser's training data.
    let mut pred: Vec<Vec<u16>> = vec![Vec::new(); train.len()];
    let folds = o.folds.max(1);
    if folds > 1 {
        for f in 0..folds {
            let rest: Vec<Sentence> = train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != f)
                .map(|(_, s)| s.clone())
                .collect();
            let t = tagger::train(
                &rest,
                &classes,
                o.tagger_epochs,
                o.seed + f as u64 + 1,
                o.tagger_prune,
                false,
            );
            for (i, s) in train.iter().enumerate().filter(|(i, _)| i % folds == f) {
                pred[i] = tag_ids(&t, s);
            }
            if o.log {
                eprintln!("jackknife fold {} of {folds} tagged", f + 1);
            }
        }
    }
    let tagger = tagger::train(
        train,
        &classes,
        o.tagger_epochs,
        o.seed,
        o.tagger_prune,
        o.log,
    );
    if folds <= 1 {
        for (i, s) in train.iter().enumerate() {
            pred[i] = tag_ids(&tagger, s);
        }
    }
    let to_data = |s: &Sentence, tags: Vec<u16>| {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        TrainSentence {
            lex: lex_sentence(&forms),
            tags,
            heads: s.words.iter().map(|w| w.head).collect(),
            labels: s
                .words
                .iter()
                .map(|w| li.get(w.deprel.as_str()).copied().unwrap_or(fallback))
                .collect(),
        }
    };
    let data: Vec<TrainSentence> = train.iter().zip(pred).map(|(s, t)| to_data(s, t)).collect();
    let dev_data: Vec<TrainSentence> = if o.log {
        dev.iter()
            .map(|s| to_data(s, tag_ids(&tagger, s)))
            .collect()
    } else {
        Vec::new()
    };
    let parser: Parser = parser::train(
        &data,
        &dev_data,
        &labels,
        root,
        fallback,
        o.parser_epochs,
        o.parser_seed,
        o.prune,
        o.log,
    );
    let lemmas = Lemmatiser::train(train.iter().flat_map(|s| {
        s.words
            .iter()
            .map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str()))
    }));
    let upos = tagger
        .classes
        .iter()
        .map(|c| Upos::parse(c.split('|').next().unwrap_or("")))
        .collect();
    let xpos = tagger
        .classes
        .iter()
        .map(|c| c.split('|').nth(1).unwrap_or("_").to_string())
        .collect();
    Model {
        tagger,
        upos,
        xpos,
        parser,
        lemmas,
    }
}
