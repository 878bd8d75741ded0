//! Lemmatiser: exceptions learnt from the treebank, then suffix rules also
//! learnt from it (longest matching suffix for the word's XPOS), then the
//! form itself. Tables keep only what the rules would get wrong, which
//! keeps them small.

use rustc_hash::FxHashMap;

/// A rule: strip `strip` characters, append `add`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rule {
    pub strip: usize,
    pub add: String,
}

#[derive(Default)]
pub struct Lemmatiser {
    /// (exact form, XPOS) -> lemma.
    pub exact: FxHashMap<(String, String), String>,
    /// (lowercased form, XPOS) -> lemma.
    pub lower: FxHashMap<(String, String), String>,
    /// (XPOS, lowercased suffix) -> rule.
    pub rules: FxHashMap<(String, String), Rule>,
}

const MAX_SUFFIX: usize = 5;

fn is_proper(xpos: &str) -> bool {
    xpos.starts_with("NNP")
}

/// The form the rules work on: proper nouns keep their case.
fn base(form: &str, xpos: &str) -> String {
    if is_proper(xpos) {
        form.to_string()
    } else {
        form.to_lowercase()
    }
}

fn rule_of(base: &str, lemma: &str) -> Rule {
    let common = base
        .chars()
        .zip(lemma.chars())
        .take_while(|(a, b)| a == b)
        .count();
    Rule {
        strip: base.chars().count() - common,
        add: lemma.chars().skip(common).collect(),
    }
}

fn apply(base: &str, r: &Rule) -> String {
    let n = base.chars().count();
    let mut s: String = base.chars().take(n.saturating_sub(r.strip)).collect();
    s.push_str(&r.add);
    s
}

impl Lemmatiser {
    fn by_rule(&self, form: &str, xpos: &str) -> String {
        let b = base(form, xpos);
        let lower = b.to_lowercase();
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        for k in (1..=MAX_SUFFIX.min(chars.len().saturating_sub(1))).rev() {
            let suf = &lower[chars[chars.len() - k].0..];
            if let Some(r) = self.rules.get(&(xpos.to_string(), suf.to_string())) {
                if r.strip < b.chars().count() {
                    return apply(&b, r);
                }
            }
        }
        b
    }

    fn without_exact(&self, form: &str, xpos: &str) -> String {
        match self.lower.get(&(form.to_lowercase(), xpos.to_string())) {
            Some(l) => l.clone(),
            None => self.by_rule(form, xpos),
        }
    }

    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        match self.exact.get(&(form.to_string(), xpos.to_string())) {
            Some(l) => l.clone(),
            None => self.without_exact(form, xpos),
        }
    }

    /// Learns from (form, XPOS, lemma) triples.
    pub fn train<'a>(
        items: impl Iterator<Item = (&'a str, &'a str, &'a str)> + Clone,
    ) -> Lemmatiser {
        fn majority<K: Ord + Clone, V: Ord + Clone>(
            m: FxHashMap<K, FxHashMap<V, u32>>,
            min: u32,
        ) -> Vec<(K, V)> {
            let mut v: Vec<(K, V)> = m
                .into_iter()
                .filter_map(|(k, c)| {
                    let total: u32 = c.values().sum();
                    let best = c
                        .into_iter()
                        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
                    (total >= min).then_some((k, best.0))
                })
                .collect();
            v.sort();
            v
        }
        let mut lem = Lemmatiser::default();
        // Suffix rules, from each word's type once so frequent irregulars
        // do not dominate.
        let mut types: FxHashMap<(String, String, String), ()> = FxHashMap::default();
        for (f, x, l) in items.clone() {
            types.insert((base(f, x), x.to_string(), l.to_string()), ());
        }
        let mut rc: FxHashMap<(String, String), FxHashMap<Rule, u32>> = FxHashMap::default();
        for (b, x, l) in types.keys() {
            let lemma = if is_proper(x) {
                l.clone()
            } else {
                l.to_lowercase()
            };
            let r = rule_of(b, &lemma);
            let lower = b.to_lowercase();
            let chars: Vec<(usize, char)> = lower.char_indices().collect();
            for k in 1..=MAX_SUFFIX.min(chars.len().saturating_sub(1)) {
                let suf = &lower[chars[chars.len() - k].0..];
                *rc.entry((x.clone(), suf.to_string()))
                    .or_default()
                    .entry(r.clone())
                    .or_default() += 1;
            }
        }
        for (k, r) in majority(rc, 2) {
            if r.strip > 0 || !r.add.is_empty() {
                lem.rules.insert(k, r);
            }
        }
        let mut lc: FxHashMap<(String, String), FxHashMap<String, u32>> = FxHashMap::default();
        let mut ec: FxHashMap<(String, String), FxHashMap<String, u32>> = FxHashMap::default();
        for (f, x, l) in items {
            *lc.entry((f.to_lowercase(), x.to_string()))
                .or_default()
                .entry(l.to_string())
                .or_default() += 1;
            *ec.entry((f.to_string(), x.to_string()))
                .or_default()
                .entry(l.to_string())
                .or_default() += 1;
        }
        for ((f, x), l) in majority(lc, 1) {
            if lem.by_rule(&f, &x) != l {
                lem.lower.insert((f, x), l);
            }
        }
        for ((f, x), l) in majority(ec, 1) {
            if lem.without_exact(&f, &x) != l {
                lem.exact.insert((f, x), l);
            }
        }
        lem
    }
}
