//! Greedy arc-eager dependency parser with labelled transitions, an
//! averaged perceptron over Zhang & Nivre (2011)-style rich features, and
//! Goldberg & Nivre (2012)'s dynamic oracle for training.
//!
//! The root is token 0 at the bottom of the stack. Only one word may attach
//! to it (EWT trees have one root); words left without a head at the end
//! attach to the nearest headed word below them on the stack.

use crate::lex::Lex;
use crate::perceptron::{argmax, feat, Rng, Score, Trainer, Weights};

const NONE: usize = usize::MAX;

const SHIFT: usize = 0;
const REDUCE: usize = 1;

/// The parser's frozen model: labels plus weights over the 2 + 2L
/// transitions (SHIFT, REDUCE, LEFT-l, RIGHT-l).
pub struct Parser {
    pub labels: Vec<String>,
    pub root: usize,
    pub fallback: usize,
    pub weights: Weights,
}

/// Parser state; arrays are indexed by token (0 = root).
pub struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    pub heads: Vec<usize>,
    pub labels: Vec<usize>,
    lc: Vec<[usize; 2]>,
    rc: Vec<[usize; 2]>,
    lval: Vec<u8>,
    rval: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    on_stack: Vec<bool>,
    root_taken: bool,
}

impl State {
    pub fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n,
            stack: vec![0],
            b: 1,
            heads: vec![NONE; m],
            labels: vec![NONE; m],
            lc: vec![[NONE; 2]; m],
            rc: vec![[NONE; 2]; m],
            lval: vec![0; m],
            rval: vec![0; m],
            lset: vec![0; m],
            rset: vec![0; m],
            on_stack: {
                let mut v = vec![false; m];
                v[0] = true;
                v
            },
            root_taken: false,
        }
    }

    pub fn done(&self) -> bool {
        self.b > self.n
    }

    fn s0(&self) -> usize {
        *self.stack.last().unwrap_or(&NONE)
    }

    fn add_arc(&mut self, h: usize, d: usize, l: usize) {
        self.heads[d] = h;
        self.labels[d] = l;
        let bit = 1u64 << (l % 64);
        if d < h {
            let lc = &mut self.lc[h];
            if lc[0] == NONE || d < lc[0] {
                lc[1] = lc[0];
                lc[0] = d;
            } else if lc[1] == NONE || d < lc[1] {
                lc[1] = d;
            }
            self.lval[h] = self.lval[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            let rc = &mut self.rc[h];
            if rc[0] == NONE || d > rc[0] {
                rc[1] = rc[0];
                rc[0] = d;
            } else if rc[1] == NONE || d > rc[1] {
                rc[1] = d;
            }
            self.rval[h] = self.rval[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }

    fn push(&mut self, i: usize) {
        self.stack.push(i);
        self.on_stack[i] = true;
    }

    fn pop(&mut self) {
        if let Some(i) = self.stack.pop() {
            self.on_stack[i] = false;
        }
    }

    /// Which of SHIFT, REDUCE, LEFT-*, RIGHT-* (any label but root) and
    /// RIGHT-root are allowed: `valid` for all transitions at once.
    fn moves(&self) -> [bool; 5] {
        let s = self.s0();
        let has_b = self.b <= self.n;
        let arc = has_b && s != NONE;
        [
            has_b,
            s != NONE && s != 0 && self.heads[s] != NONE,
            arc && s != 0 && self.heads[s] == NONE,
            arc && s != 0,
            arc && s == 0 && !self.root_taken,
        ]
    }

    pub fn valid(&self, t: usize, nlab: usize, root: usize) -> bool {
        let s = self.s0();
        let has_b = self.b <= self.n;
        match t {
            SHIFT => has_b,
            REDUCE => s != NONE && s != 0 && self.heads[s] != NONE,
            _ => {
                let (left, l) = if t < 2 + nlab {
                    (true, t - 2)
                } else {
                    (false, t - 2 - nlab)
                };
                if !has_b || s == NONE {
                    return false;
                }
                if left {
                    s != 0 && self.heads[s] == NONE && l != root
                } else if s == 0 {
                    l == root && !self.root_taken
                } else {
                    l != root
                }
            }
        }
    }

    pub fn apply(&mut self, t: usize, nlab: usize) {
        let s = self.s0();
        match t {
            SHIFT => {
                self.push(self.b);
                self.b += 1;
            }
            REDUCE => self.pop(),
            _ if t < 2 + nlab => {
                self.add_arc(self.b, s, t - 2);
                self.pop();
            }
            _ => {
                if s == 0 {
                    self.root_taken = true;
                }
                self.add_arc(s, self.b, t - 2 - nlab);
                self.push(self.b);
                self.b += 1;
            }
        }
    }

    /// With several words on the root (a safety net: the transitions allow
    /// one, but `finish` may add another), keeps the one with most
    /// dependents and hangs the others on it as parataxis.
    pub fn single_root(&mut self, root: usize, parataxis: usize) {
        let roots: Vec<usize> = (1..=self.n).filter(|&d| self.heads[d] == 0).collect();
        if roots.len() < 2 {
            return;
        }
        let deps = |r: usize| (1..=self.n).filter(|&d| self.heads[d] == r).count();
        let keep = roots
            .iter()
            .copied()
            .max_by_key(|&r| (deps(r), std::cmp::Reverse(r)))
            .unwrap_or(roots[0]);
        for r in roots {
            if r != keep {
                self.heads[r] = keep;
                self.labels[r] = parataxis;
            }
        }
        self.labels[keep] = root;
    }

    /// Attaches what the transitions left headless: the first such word to
    /// the root if it is free, the rest to the nearest word below on the
    /// stack (usually the clause they continue).
    pub fn finish(&mut self, root: usize, fallback: usize) {
        for k in 1..self.stack.len() {
            let d = self.stack[k];
            if self.heads[d] != NONE {
                continue;
            }
            if !self.root_taken {
                self.root_taken = true;
                self.heads[d] = 0;
                self.labels[d] = root;
            } else {
                let h = self.stack[..k]
                    .iter()
                    .rev()
                    .copied()
                    .find(|&h| h != 0 && self.heads[h] != NONE);
                match h {
                    Some(h) => {
                        self.heads[d] = h;
                        self.labels[d] = fallback;
                    }
                    None => {
                        self.heads[d] = 0;
                        self.labels[d] = root;
                    }
                }
            }
        }
        // Words never pushed cannot exist (the buffer is empty), but keep
        // the output a tree whatever happened.
        for d in 1..=self.n {
            if self.heads[d] == NONE {
                self.heads[d] = 0;
                self.labels[d] = root;
            }
        }
    }

    /// Zhang & Nivre's features over the stack top (S0), the buffer front
    /// (N0..N2), their heads, children, valencies and label sets.
    pub fn features(&self, lex: &[Lex], tags: &[u16], out: &mut Vec<u32>) {
        out.clear();
        const NO: u64 = 0x4e4f_4e45;
        const ROOT: u64 = 0x524f_4f54;
        let w = |i: usize| -> u64 {
            if i == NONE {
                NO
            } else if i == 0 {
                ROOT
            } else {
                lex[i - 1].norm
            }
        };
        let p = |i: usize| -> u64 {
            if i == NONE {
                1 << 20
            } else if i == 0 {
                2 << 20
            } else {
                tags[i - 1] as u64
            }
        };
        let l = |i: usize| -> u64 {
            if i == NONE || self.labels[i] == NONE {
                1 << 20
            } else {
                self.labels[i] as u64
            }
        };
        let get = |i: usize, f: &dyn Fn(usize) -> usize| if i == NONE { NONE } else { f(i) };
        let n = self.n;
        let s0 = self.s0();
        let s1 = if self.stack.len() >= 2 {
            self.stack[self.stack.len() - 2]
        } else {
            NONE
        };
        let at = |k: usize| if self.b + k <= n { self.b + k } else { NONE };
        let (n0, n1, n2) = (at(0), at(1), at(2));
        let s0h = get(s0, &|i| self.heads[i]);
        let s0h2 = get(s0h, &|i| self.heads[i]);
        let s0l = get(s0, &|i| self.lc[i][0]);
        let s0l2 = get(s0, &|i| self.lc[i][1]);
        let s0r = get(s0, &|i| self.rc[i][0]);
        let s0r2 = get(s0, &|i| self.rc[i][1]);
        let n0l = get(n0, &|i| self.lc[i][0]);
        let n0l2 = get(n0, &|i| self.lc[i][1]);
        let dist = if s0 != NONE && n0 != NONE {
            let d = n0 - s0;
            (if d > 10 {
                10
            } else if d > 5 {
                6
            } else {
                d
            }) as u64
        } else {
            0
        };
        let vl = |i: usize| if i == NONE { 99 } else { self.lval[i] as u64 };
        let vr = |i: usize| if i == NONE { 99 } else { self.rval[i] as u64 };
        let sl = |i: usize| if i == NONE { 1 << 63 } else { self.lset[i] };
        let sr = |i: usize| if i == NONE { 1 << 63 } else { self.rset[i] };
        let wp = |i: usize| w(i) ^ p(i).wrapping_mul(0x9e37_79b9);
        let s0w = w(s0);
        let s0p = p(s0);
        let n0w = w(n0);
        let n0p = p(n0);
        let hashead = (s0 != NONE && s0 != 0 && self.heads[s0] != NONE) as u64;
        let f = [
            feat(0, 0, 0, 0),
            feat(1, s0w, 0, 0),
            feat(2, s0p, 0, 0),
            feat(3, wp(s0), 0, 0),
            feat(4, n0w, 0, 0),
            feat(5, n0p, 0, 0),
            feat(6, wp(n0), 0, 0),
            feat(7, w(n1), 0, 0),
            feat(8, p(n1), 0, 0),
            feat(9, wp(n1), 0, 0),
            feat(10, w(n2), 0, 0),
            feat(11, p(n2), 0, 0),
            feat(12, wp(n2), 0, 0),
            feat(13, wp(s0), wp(n0), 0),
            feat(14, wp(s0), n0w, 0),
            feat(15, s0w, wp(n0), 0),
            feat(16, wp(s0), n0p, 0),
            feat(17, s0p, wp(n0), 0),
            feat(18, s0w, n0w, 0),
            feat(19, s0p, n0p, 0),
            feat(20, n0p, p(n1), 0),
            feat(21, n0p, p(n1), p(n2)),
            feat(22, s0p, n0p, p(n1)),
            feat(23, p(s0h), s0p, n0p),
            feat(24, s0p, p(s0l), n0p),
            feat(25, s0p, p(s0r), n0p),
            feat(26, s0p, n0p, p(n0l)),
            feat(27, s0w, dist, 0),
            feat(28, s0p, dist, 0),
            feat(29, n0w, dist, 0),
            feat(30, n0p, dist, 0),
            feat(31, s0w, n0w, dist),
            feat(32, s0p, n0p, dist),
            feat(33, s0w, vr(s0), 0),
            feat(34, s0p, vr(s0), 0),
            feat(35, s0w, vl(s0), 0),
            feat(36, s0p, vl(s0), 0),
            feat(37, n0w, vl(n0), 0),
            feat(38, n0p, vl(n0), 0),
            feat(39, w(s0h), 0, 0),
            feat(40, p(s0h), 0, 0),
            feat(41, l(s0), 0, 0),
            feat(42, w(s0l), 0, 0),
            feat(43, p(s0l), 0, 0),
            feat(44, l(s0l), 0, 0),
            feat(45, w(s0r), 0, 0),
            feat(46, p(s0r), 0, 0),
            feat(47, l(s0r), 0, 0),
            feat(48, w(n0l), 0, 0),
            feat(49, p(n0l), 0, 0),
            feat(50, l(n0l), 0, 0),
            feat(51, w(s0h2), 0, 0),
            feat(52, p(s0h2), 0, 0),
            feat(53, l(s0h), 0, 0),
            feat(54, w(s0l2), 0, 0),
            feat(55, p(s0l2), 0, 0),
            feat(56, l(s0l2), 0, 0),
            feat(57, w(s0r2), 0, 0),
            feat(58, p(s0r2), 0, 0),
            feat(59, l(s0r2), 0, 0),
            feat(60, w(n0l2), 0, 0),
            feat(61, p(n0l2), 0, 0),
            feat(62, l(n0l2), 0, 0),
            feat(63, s0p, p(s0l), p(s0l2)),
            feat(64, s0p, p(s0r), p(s0r2)),
            feat(65, s0p, p(s0h), p(s0h2)),
            feat(66, n0p, p(n0l), p(n0l2)),
            feat(67, s0w, sr(s0), 0),
            feat(68, s0p, sr(s0), 0),
            feat(69, s0w, sl(s0), 0),
            feat(70, s0p, sl(s0), 0),
            feat(71, n0w, sl(n0), 0),
            feat(72, n0p, sl(n0), 0),
            feat(73, w(s1), 0, 0),
            feat(74, p(s1), 0, 0),
            feat(75, p(s1), s0p, n0p),
            feat(76, hashead, s0p, n0p),
            feat(77, hashead, wp(s0), 0),
            feat(78, s0p, l(s0), n0p),
            feat(79, if n0 != NONE { lex[n0 - 1].suf[2] } else { NO }, n0p, 0),
            feat(80, p(if n0 == NONE { NONE } else { n0 - 1 }), n0p, 0),
        ];
        out.extend_from_slice(&f);
    }
}

impl Parser {
    /// Heads (1-based, 0 = root) and label ids for words 1..=n.
    pub fn parse(
        &self,
        lex: &[Lex],
        tags: &[u16],
        feats: &mut Vec<u32>,
        scores: &mut Vec<f32>,
    ) -> (Vec<usize>, Vec<usize>) {
        parse_with(
            &self.weights,
            self.labels.len(),
            self.root,
            self.fallback,
            lex,
            tags,
            feats,
            scores,
        )
    }
}

#[allow(clippy::too_many_arguments)]
pub fn parse_with(
    s: &impl Score,
    nlab: usize,
    root: usize,
    fallback: usize,
    lex: &[Lex],
    tags: &[u16],
    feats: &mut Vec<u32>,
    scores: &mut Vec<f32>,
) -> (Vec<usize>, Vec<usize>) {
    let n = lex.len();
    let mut st = State::new(n);
    while !st.done() {
        st.features(lex, tags, feats);
        s.score_into(feats, scores);
        let m = st.moves();
        let ok = |t: usize| match t {
            SHIFT => m[0],
            REDUCE => m[1],
            _ if t < 2 + nlab => m[2] && t - 2 != root,
            _ if t - 2 - nlab == root => m[4],
            _ => m[3],
        };
        debug_assert!((0..2 + 2 * nlab).all(|t| ok(t) == st.valid(t, nlab, root)));
        match argmax(scores, ok) {
            Some(t) => st.apply(t, nlab),
            None => break,
        }
    }
    st.finish(root, fallback);
    st.single_root(root, fallback);
    (st.heads[1..].to_vec(), st.labels[1..].to_vec())
}

/// Gold-standard training tree: heads (1-based) and label ids, words 1..=n.
pub struct Gold<'a> {
    pub heads: &'a [usize],
    pub labels: &'a [usize],
}

impl State {
    /// Dynamic-oracle cost of each transition: the gold arcs it makes
    /// unreachable. `usize::MAX` marks an invalid transition.
    fn costs(&self, g: &Gold, nlab: usize, root: usize, out: &mut Vec<usize>) {
        out.clear();
        out.resize(2 + 2 * nlab, usize::MAX);
        let gh = |i: usize| if i == 0 { NONE } else { g.heads[i - 1] };
        let gl = |i: usize| g.labels[i - 1];
        let s = self.s0();
        let b = self.b;
        let n = self.n;
        let in_buf = |k: usize| k != NONE && k >= b && k <= n && k != 0;
        if self.valid(SHIFT, nlab, root) {
            let mut c = 0;
            for &k in &self.stack {
                if gh(b) == k {
                    c += 1;
                }
                if k != 0 && gh(k) == b && self.heads[k] == NONE {
                    c += 1;
                }
            }
            out[SHIFT] = c;
        }
        if self.valid(REDUCE, nlab, root) {
            out[REDUCE] = (b..=n).filter(|&k| gh(k) == s).count();
        }
        if s != NONE && b <= n {
            if s != 0 && self.heads[s] == NONE {
                let mut c = (b..=n).filter(|&k| gh(k) == s).count();
                if in_buf(gh(s)) && gh(s) != b {
                    c += 1;
                }
                for l in 0..nlab {
                    let t = 2 + l;
                    if self.valid(t, nlab, root) {
                        out[t] = c + (gh(s) == b && l != gl(s)) as usize;
                    }
                }
            }
            let mut c = 0;
            let h = gh(b);
            if h != s && (in_buf(h) || (h != NONE && self.on_stack[h])) {
                c += 1;
            }
            for &k in &self.stack {
                if k != 0 && gh(k) == b && self.heads[k] == NONE {
                    c += 1;
                }
            }
            for l in 0..nlab {
                let t = 2 + nlab + l;
                if self.valid(t, nlab, root) {
                    out[t] = c + (h == s && l != gl(b)) as usize;
                }
            }
        }
    }
}

pub struct TrainSentence {
    pub lex: Vec<Lex>,
    pub tags: Vec<u16>,
    pub heads: Vec<usize>,
    pub labels: Vec<usize>,
}

/// Trains with the dynamic oracle: from the second epoch on, the parser
/// follows its own (possibly wrong) transition 90% of the time, so it
/// learns to recover from its mistakes. `dev` is scored after each epoch.
#[allow(clippy::too_many_arguments)]
pub fn train(
    data: &[TrainSentence],
    dev: &[TrainSentence],
    labels: &[String],
    root: usize,
    fallback: usize,
    epochs: usize,
    seed: u64,
    min_updates: u32,
    log: bool,
) -> Parser {
    let nlab = labels.len();
    let mut model = Trainer::new(2 + 2 * nlab);
    let mut rng = Rng::new(seed ^ 0x7061_7273);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let (mut feats, mut scores, mut costs) = (Vec::new(), Vec::new(), Vec::new());
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let d = &data[k];
            let g = Gold {
                heads: &d.heads,
                labels: &d.labels,
            };
            let mut st = State::new(d.lex.len());
            while !st.done() {
                st.features(&d.lex, &d.tags, &mut feats);
                model.score(&feats, &mut scores);
                st.costs(&g, nlab, root, &mut costs);
                let Some(guess) = argmax(&scores, |t| costs[t] != usize::MAX) else {
                    break;
                };
                let min = costs.iter().copied().min().unwrap_or(0);
                let best = argmax(&scores, |t| costs[t] == min).unwrap_or(guess);
                model.tick();
                if costs[guess] > min {
                    model.update(best, guess, &feats);
                }
                let next = if costs[guess] == min || (epoch > 0 && rng.below(10) != 0) {
                    guess
                } else {
                    best
                };
                st.apply(next, nlab);
            }
        }
        if log {
            let (mut uas, mut las, mut total) = (0, 0, 0);
            let (mut f2, mut s2) = (Vec::new(), Vec::new());
            for d in dev {
                let (h, l) = parse_with(
                    &model, nlab, root, fallback, &d.lex, &d.tags, &mut f2, &mut s2,
                );
                for i in 0..h.len() {
                    total += 1;
                    if h[i] == d.heads[i] {
                        uas += 1;
                        las += (l[i] == d.labels[i]) as usize;
                    }
                }
            }
            eprintln!(
                "parser epoch {epoch}: dev UAS {:.2} LAS {:.2} (unaveraged)",
                100.0 * uas as f64 / total.max(1) as f64,
                100.0 * las as f64 / total.max(1) as f64
            );
        }
    }
    Parser {
        labels: labels.to_vec(),
        root,
        fallback,
        weights: model.average(1e-3, min_updates),
    }
}
