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

/// The three tables are keyed by two strings joined with [`SEP`], so a
/// lookup builds one key in a reused buffer instead of allocating a pair
/// of strings per probe.
#[derive(Default)]
pub struct Lemmatiser {
    /// "exact form SEP XPOS" -> lemma.
    exact: FxHashMap<String, String>,
    /// "lowercased form SEP XPOS" -> lemma.
    lower: FxHashMap<String, String>,
    /// "XPOS SEP lowercased suffix" -> rule.
    rules: FxHashMap<String, Rule>,
}

/// Joins the two parts of a key (the ASCII unit separator).
const SEP: char = '\u{1f}';

fn key_into(buf: &mut String, a: &str, b: &str) {
    buf.clear();
    buf.push_str(a);
    buf.push(SEP);
    buf.push_str(b);
}

fn key(a: &str, b: &str) -> String {
    let mut k = String::with_capacity(a.len() + b.len() + 1);
    key_into(&mut k, a, b);
    k
}

/// Rows of a table as ((first, second), value), sorted: the order the
/// model file lists them in. `last` splits at the last separator (for a
/// form, which might contain one) rather than the first.
fn sorted<V>(m: &FxHashMap<String, V>, last: bool) -> Vec<((&str, &str), &V)> {
    let mut v: Vec<_> = m
        .iter()
        .map(|(k, v)| {
            let parts = if last {
                k.rsplit_once(SEP)
            } else {
                k.split_once(SEP)
            };
            (parts.unwrap_or((k.as_str(), "")), v)
        })
        .collect();
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    v
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
    pub fn insert_rule(&mut self, xpos: &str, suffix: &str, r: Rule) {
        self.rules.insert(key(xpos, suffix), r);
    }
    pub fn insert_lower(&mut self, form: &str, xpos: &str, lemma: String) {
        self.lower.insert(key(form, xpos), lemma);
    }
    pub fn insert_exact(&mut self, form: &str, xpos: &str, lemma: String) {
        self.exact.insert(key(form, xpos), lemma);
    }
    /// ((XPOS, suffix), rule), sorted.
    pub fn rules(&self) -> Vec<((&str, &str), &Rule)> {
        sorted(&self.rules, false)
    }
    /// ((lowercased form, XPOS), lemma), sorted.
    pub fn lower(&self) -> Vec<((&str, &str), &String)> {
        sorted(&self.lower, true)
    }
    /// ((form, XPOS), lemma), sorted.
    pub fn exact(&self) -> Vec<((&str, &str), &String)> {
        sorted(&self.exact, true)
    }

    fn by_rule(&self, form: &str, xpos: &str, buf: &mut String) -> String {
        let lower = form.to_lowercase();
        let b = if is_proper(xpos) { form } else { &lower };
        let nchars = lower.chars().count();
        // Char boundaries from the end: the k-character suffix starts at
        // the k-th of them.
        let mut starts = lower.char_indices().rev().map(|(i, _)| i);
        let mut sufs = [0usize; MAX_SUFFIX];
        let kmax = MAX_SUFFIX.min(nchars.saturating_sub(1));
        for s in sufs.iter_mut().take(kmax) {
            *s = starts.next().unwrap_or(0);
        }
        for k in (1..=kmax).rev() {
            key_into(buf, xpos, &lower[sufs[k - 1]..]);
            if let Some(r) = self.rules.get(buf.as_str()) {
                if r.strip < b.chars().count() {
                    return apply(b, r);
                }
            }
        }
        b.to_string()
    }

    fn without_exact(&self, form: &str, xpos: &str, buf: &mut String) -> String {
        let lower = form.to_lowercase();
        key_into(buf, &lower, xpos);
        match self.lower.get(buf.as_str()) {
            Some(l) => l.clone(),
            None => self.by_rule(form, xpos, buf),
        }
    }

    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        let mut buf = String::with_capacity(form.len() + 8);
        key_into(&mut buf, form, xpos);
        match self.exact.get(buf.as_str()) {
            Some(l) => l.clone(),
            None => self.without_exact(form, xpos, &mut buf),
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
        for ((x, suf), r) in majority(rc, 2) {
            if r.strip > 0 || !r.add.is_empty() {
                lem.insert_rule(&x, &suf, r);
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
        let mut buf = String::new();
        for ((f, x), l) in majority(lc, 1) {
            if lem.by_rule(&f, &x, &mut buf) != l {
                lem.insert_lower(&f, &x, l);
            }
        }
        for ((f, x), l) in majority(ec, 1) {
            if lem.without_exact(&f, &x, &mut buf) != l {
                lem.insert_exact(&f, &x, l);
            }
        }
        lem
    }
}
