//! Greedy left-to-right averaged-perceptron tagger predicting a joint
//! "UPOS|XPOS" tag: XPOS carries the tense and verb form the event coder
//! needs, and predicting the pair keeps the two consistent.

use crate::conllu::Sentence;
use crate::lex::{lex_sentence, normalise, Lex, END, START};
use crate::perceptron::{argmax, feat, hash_str, Rng, Score, Trainer, Weights};
use rustc_hash::FxHashMap;

pub struct Tagger {
    /// Joint tags, "UPOS|XPOS".
    pub classes: Vec<String>,
    /// Frequent words that (nearly) always take one tag, by form; tagging
    /// them skips the model, which is both faster and no less accurate.
    pub dict: Vec<(String, u16)>,
    dict_map: FxHashMap<u64, u16>,
    /// Ambiguity classes: for words seen 3+ times, the set of tags they
    /// took at least 10% of the time. Classic taggers' best feature for
    /// the words to the right, whose tags a left-to-right tagger has not
    /// decided yet.
    pub ambig: Vec<(String, Vec<u16>)>,
    ambig_map: FxHashMap<u64, u64>,
    pub weights: Weights,
}

const NONE_TAG: u64 = 0xffff;

pub fn features(lex: &[Lex], ambs: &[u64], i: usize, prev: u64, prev2: u64, out: &mut Vec<u32>) {
    out.clear();
    let amb = |j: isize| -> u64 {
        if j < 0 {
            START
        } else {
            ambs.get(j as usize).copied().unwrap_or(END)
        }
    };
    let w = &lex[i];
    let at = |j: isize| -> Option<&Lex> {
        if j < 0 {
            None
        } else {
            lex.get(j as usize)
        }
    };
    let i = i as isize;
    let norm = |j: isize| at(j).map_or(if j < 0 { START } else { END }, |l| l.norm);
    let suf3 = |j: isize| at(j).map_or(if j < 0 { START } else { END }, |l| l.suf[2]);
    let shape = |j: isize| at(j).map_or(if j < 0 { START } else { END }, |l| l.shape);
    let f = [
        feat(0, 0, 0, 0),
        feat(1, w.norm, 0, 0),
        feat(2, w.form, 0, 0),
        feat(3, w.suf[0], 0, 0),
        feat(4, w.suf[1], 0, 0),
        feat(5, w.suf[2], 0, 0),
        feat(6, w.suf[3], 0, 0),
        feat(7, w.pre[0], 0, 0),
        feat(8, w.pre[1], 0, 0),
        feat(9, w.pre[2], 0, 0),
        feat(10, w.shape, 0, 0),
        feat(11, prev, 0, 0),
        feat(12, prev2, 0, 0),
        feat(13, prev, prev2, 0),
        feat(14, prev, w.norm, 0),
        feat(15, norm(i - 1), 0, 0),
        feat(16, suf3(i - 1), 0, 0),
        feat(17, norm(i - 2), 0, 0),
        feat(18, norm(i + 1), 0, 0),
        feat(19, suf3(i + 1), 0, 0),
        feat(20, norm(i + 2), 0, 0),
        feat(21, norm(i - 1), w.norm, 0),
        feat(22, w.norm, norm(i + 1), 0),
        feat(23, shape(i + 1), 0, 0),
        feat(24, shape(i - 1), 0, 0),
        feat(25, w.flags, 0, 0),
        feat(26, prev, w.suf[2], 0),
        feat(27, prev, norm(i + 1), 0),
        feat(28, w.shape, w.flags, 0),
        feat(29, norm(i + 1), norm(i + 2), 0),
        feat(30, prev, w.norm, norm(i + 1)),
        feat(31, norm(i - 1), norm(i + 1), 0),
        feat(32, prev, w.shape, 0),
        feat(33, w.pre[0], w.suf[2], 0),
        feat(34, at(i + 1).map_or(END, |l| l.suf[1]), 0, 0),
        feat(35, shape(i + 1), w.norm, 0),
        feat(36, prev2, w.norm, 0),
        feat(37, norm(i - 1), w.suf[2], 0),
        feat(38, w.suf[2], norm(i + 1), 0),
        feat(39, amb(i), 0, 0),
        feat(40, amb(i + 1), 0, 0),
        feat(41, amb(i + 2), 0, 0),
        feat(42, amb(i), amb(i + 1), 0),
        feat(43, prev, amb(i), amb(i + 1)),
        feat(44, w.norm, amb(i + 1), 0),
        feat(45, amb(i - 1), amb(i), 0),
    ];
    out.extend_from_slice(&f);
}

fn ambiguity(map: &FxHashMap<u64, u64>, lex: &[Lex]) -> Vec<u64> {
    lex.iter()
        .map(|l| map.get(&l.norm).copied().unwrap_or(0x0055_4e4b))
        .collect()
}

fn amb_hash(tags: &[u16]) -> u64 {
    tags.iter()
        .fold(0x414d_4200, |h, &t| crate::perceptron::mix(h ^ t as u64))
}

fn tag_with(
    s: &impl Score,
    dict: &FxHashMap<u64, u16>,
    ambig: &FxHashMap<u64, u64>,
    lex: &[Lex],
    feats: &mut Vec<u32>,
    scores: &mut Vec<f32>,
) -> Vec<u16> {
    let ambs = ambiguity(ambig, lex);
    let mut tags: Vec<u16> = Vec::with_capacity(lex.len());
    for i in 0..lex.len() {
        let t = match dict.get(&lex[i].form) {
            Some(&t) => t,
            None => {
                let prev = if i > 0 { tags[i - 1] as u64 } else { NONE_TAG };
                let prev2 = if i > 1 { tags[i - 2] as u64 } else { NONE_TAG };
                features(lex, &ambs, i, prev, prev2, feats);
                s.score_into(feats, scores);
                argmax(scores, |_| true).unwrap_or(0) as u16
            }
        };
        tags.push(t);
    }
    tags
}

impl Tagger {
    pub fn new(
        classes: Vec<String>,
        dict: Vec<(String, u16)>,
        ambig: Vec<(String, Vec<u16>)>,
        weights: Weights,
    ) -> Tagger {
        let dict_map = dict.iter().map(|(w, t)| (hash_str(w), *t)).collect();
        let ambig_map = ambig
            .iter()
            .map(|(w, t)| (hash_str(w), amb_hash(t)))
            .collect();
        Tagger {
            classes,
            dict,
            dict_map,
            ambig,
            ambig_map,
            weights,
        }
    }

    /// Joint tag ids for a sentence's words.
    pub fn tag(&self, lex: &[Lex], feats: &mut Vec<u32>, scores: &mut Vec<f32>) -> Vec<u16> {
        tag_with(
            &self.weights,
            &self.dict_map,
            &self.ambig_map,
            lex,
            feats,
            scores,
        )
    }
}

/// The joint tag of a gold word.
pub fn joint(upos: &str, xpos: &str) -> String {
    format!("{upos}|{xpos}")
}

/// Trains a tagger; `classes` fixes the tag ids so jackknifed taggers and
/// the final one agree.
pub fn train(
    sents: &[Sentence],
    classes: &[String],
    epochs: usize,
    seed: u64,
    min_updates: u32,
    log: bool,
) -> Tagger {
    let index: FxHashMap<&str, u16> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i as u16))
        .collect();
    // Tag dictionary: words seen 20+ times with one tag 97%+ of the time.
    let mut counts: FxHashMap<&str, FxHashMap<u16, u32>> = FxHashMap::default();
    for s in sents {
        for w in &s.words {
            let t = index[joint(&w.upos, &w.xpos).as_str()];
            *counts.entry(&w.form).or_default().entry(t).or_default() += 1;
        }
    }
    let mut dict: Vec<(String, u16)> = counts
        .iter()
        .filter_map(|(w, c)| {
            let n: u32 = c.values().sum();
            let (&t, &m) = c
                .iter()
                .max_by_key(|(t, m)| (**m, std::cmp::Reverse(**t)))?;
            (n >= 20 && m as f64 / n as f64 >= 0.97).then(|| (w.to_string(), t))
        })
        .collect();
    dict.sort();
    let dict_map: FxHashMap<u64, u16> = dict.iter().map(|(w, t)| (hash_str(w), *t)).collect();
    let mut by_norm: FxHashMap<String, FxHashMap<u16, u32>> = FxHashMap::default();
    for s in sents {
        for w in &s.words {
            let t = index[joint(&w.upos, &w.xpos).as_str()];
            *by_norm
                .entry(normalise(&w.form))
                .or_default()
                .entry(t)
                .or_default() += 1;
        }
    }
    let mut ambig: Vec<(String, Vec<u16>)> = by_norm
        .into_iter()
        .filter_map(|(w, c)| {
            let n: u32 = c.values().sum();
            let mut tags: Vec<u16> = c
                .iter()
                .filter(|(_, &m)| m * 10 >= n)
                .map(|(&t, _)| t)
                .collect();
            tags.sort_unstable();
            (n >= 3).then_some((w, tags))
        })
        .collect();
    ambig.sort();
    let ambig_map: FxHashMap<u64, u64> = ambig
        .iter()
        .map(|(w, t)| (hash_str(w), amb_hash(t)))
        .collect();

    let data: Vec<(Vec<Lex>, Vec<u16>)> = sents
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let gold = s
                .words
                .iter()
                .map(|w| index[joint(&w.upos, &w.xpos).as_str()])
                .collect();
            (lex_sentence(&forms), gold)
        })
        .collect();
    let mut model = Trainer::new(classes.len());
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let (mut feats, mut scores) = (Vec::new(), Vec::new());
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &k in &order {
            let (lex, gold) = &data[k];
            let ambs = ambiguity(&ambig_map, lex);
            let mut tags: Vec<u16> = Vec::with_capacity(lex.len());
            for i in 0..lex.len() {
                let guess = if let Some(&t) = dict_map.get(&lex[i].form) {
                    t
                } else {
                    let prev = if i > 0 { tags[i - 1] as u64 } else { NONE_TAG };
                    let prev2 = if i > 1 { tags[i - 2] as u64 } else { NONE_TAG };
                    features(lex, &ambs, i, prev, prev2, &mut feats);
                    model.score(&feats, &mut scores);
                    let g = argmax(&scores, |_| true).unwrap_or(0);
                    model.tick();
                    model.update(gold[i] as usize, g, &feats);
                    g as u16
                };
                right += (guess == gold[i]) as usize;
                total += 1;
                tags.push(guess);
            }
        }
        if log {
            eprintln!(
                "tagger epoch {epoch}: train acc {:.2}",
                100.0 * right as f64 / total.max(1) as f64
            );
        }
    }
    Tagger::new(
        classes.to_vec(),
        dict,
        ambig,
        model.average(1e-3, min_updates),
    )
}
