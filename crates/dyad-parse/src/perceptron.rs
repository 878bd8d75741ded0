//! Averaged perceptron over hashed features, and the compact table the
//! trained weights are frozen into.
//!
//! Features are 32-bit hashes: over the few million features a model sees,
//! collisions are a few thousand and cost nothing measurable, and a 32-bit
//! key halves the table against 64-bit ones.

use rustc_hash::FxHashMap;

/// FNV-1a over bytes: deterministic across runs and platforms, which the
/// byte-for-byte reproducible model needs (std's hasher is seeded).
pub fn hash_str(s: &str) -> u64 {
    mix(s.as_bytes().iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b)))
}

pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte of FNV-1a.
#[inline]
pub fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
}

/// SplitMix64's finaliser: spreads the bits of a combined value.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The key of a feature made of a template number and up to three values.
#[inline]
pub fn feat(template: u32, a: u64, b: u64, c: u64) -> u32 {
    let h = mix(mix(mix(a ^ ((template as u64) << 48)).wrapping_add(b)).wrapping_add(c));
    let k = (h >> 32) as u32;
    // 0 marks an empty slot in the frozen table.
    if k == 0 {
        1
    } else {
        k
    }
}

#[derive(Clone, Copy)]
struct Param {
    class: u16,
    w: f32,
    total: f64,
    stamp: u32,
}

/// Training-time weights: per feature, the classes it has been updated for,
/// with the running totals averaging needs.
pub struct Trainer {
    nclass: usize,
    map: FxHashMap<u32, (u32, Vec<Param>)>,
    instances: u32,
}

impl Trainer {
    pub fn new(nclass: usize) -> Trainer {
        Trainer {
            nclass,
            map: FxHashMap::default(),
            instances: 0,
        }
    }

    pub fn score(&self, feats: &[u32], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.nclass, 0.0);
        for f in feats {
            if let Some((_, ps)) = self.map.get(f) {
                for p in ps {
                    scores[p.class as usize] += p.w;
                }
            }
        }
    }

    /// Counts one prediction; averaging weighs each weight by how many
    /// predictions it stood for.
    pub fn tick(&mut self) {
        self.instances += 1;
    }

    pub fn update(&mut self, truth: usize, guess: usize, feats: &[u32]) {
        if truth == guess {
            return;
        }
        let now = self.instances;
        for &f in feats {
            let (updates, ps) = self.map.entry(f).or_default();
            *updates += 1;
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                match ps.iter_mut().find(|p| p.class as usize == class) {
                    Some(p) => {
                        p.total += (now - p.stamp) as f64 * p.w as f64;
                        p.stamp = now;
                        p.w += delta;
                    }
                    None => ps.push(Param {
                        class: class as u16,
                        w: delta,
                        total: 0.0,
                        stamp: now,
                    }),
                }
            }
        }
    }

    /// The averaged weights, dropping those too small to change a decision
    /// and features updated fewer than `min_updates` times: most features
    /// are seen in one mistake only, and dropping them halves the table
    /// (and its cache misses) at no cost in accuracy.
    pub fn average(&self, min_abs: f32, min_updates: u32) -> Weights {
        let now = self.instances.max(1) as f64;
        let mut keys: Vec<u32> = self.map.keys().copied().collect();
        keys.sort_unstable();
        let mut rows = Vec::new();
        for k in keys {
            let (updates, ps) = &self.map[&k];
            if *updates < min_updates {
                continue;
            }
            let mut row: Vec<(u16, f32)> = ps
                .iter()
                .map(|p| {
                    let total = p.total + (self.instances - p.stamp) as f64 * p.w as f64;
                    (p.class, (total / now) as f32)
                })
                .filter(|&(_, w)| w.abs() >= min_abs)
                .collect();
            if row.is_empty() {
                continue;
            }
            row.sort_unstable_by_key(|r| r.0);
            rows.push((k, row));
        }
        Weights::from_rows(self.nclass, rows)
    }
}

/// Frozen weights: an open-addressing table from feature key to a run of
/// (class, weight) pairs. Sparse rows because most features only ever
/// mattered for a few of the parser's ~100 transitions. Weights are 16-bit
/// fixed point and each pair packs into three bytes, and a slot is 8 bytes:
/// scoring is bound by cache misses, so bytes touched are what count (and
/// the bytes held are most of a loaded model's memory).
pub struct Weights {
    pub nclass: usize,
    /// Largest weight magnitude; an i16 unit is `scale / 32767`.
    pub scale: f32,
    /// Key in the low 32 bits; in the high 32, the start of the row in
    /// `entries` (low 24 bits) and its length (high 8). One word, so a
    /// lookup costs one cache miss.
    slots: Vec<u64>,
    /// Three bytes a pair: the class, then the i16 weight little-endian.
    entries: Vec<u8>,
    /// Occupied slots.
    nrows: usize,
}

impl Weights {
    /// Builds the table from rows of float weights, quantising them.
    pub fn from_rows(nclass: usize, rows: Vec<(u32, Vec<(u16, f32)>)>) -> Weights {
        let max = rows
            .iter()
            .flat_map(|r| r.1.iter())
            .fold(0f32, |m, &(_, x)| m.max(x.abs()))
            .max(1e-9);
        let q = rows
            .into_iter()
            .map(|(k, row)| {
                (
                    k,
                    row.into_iter()
                        .map(|(c, w)| (c, (w / max * 32767.0).round() as i16))
                        .collect(),
                )
            })
            .collect();
        Weights::from_quantised(nclass, max, q)
    }

    /// Builds the table from quantised rows. Rows past what the packed
    /// layout holds (16M pairs) are dropped; at most 256 classes.
    pub fn from_quantised(nclass: usize, scale: f32, rows: Vec<(u32, Vec<(u16, i16)>)>) -> Weights {
        let total = rows.iter().map(|r| r.1.len()).sum();
        let mut w = Weights::with_capacity(nclass, scale, rows.len(), total);
        for (key, row) in rows {
            w.insert(key, &row);
        }
        w
    }

    /// An empty table sized for `rows` rows of `entries` pairs in all, so
    /// that loading fills it in place: no vector grows (and briefly holds
    /// twice its size) and no row needs an allocation of its own.
    pub fn with_capacity(nclass: usize, scale: f32, rows: usize, entries: usize) -> Weights {
        let cap = (rows * 4 / 3 + 1).next_power_of_two().max(16);
        Weights {
            nclass: nclass.min(256),
            scale,
            slots: vec![0u64; cap],
            entries: Vec::with_capacity(3 * entries.min(1 << 24)),
            nrows: 0,
        }
    }

    /// Adds one feature's row. Zero weights and classes out of range are
    /// skipped; so is a row that would not fit (more than 255 pairs, past
    /// 16M pairs in all, or a table more than 3/4 full), a zero key and a
    /// key already present (a corrupt file: the first one wins).
    pub fn insert(&mut self, key: u32, row: &[(u16, i16)]) {
        let nclass = self.nclass;
        let keep = |&&(c, w): &&(u16, i16)| (c as usize) < nclass && w != 0;
        let len = row.iter().filter(keep).count();
        let mask = self.slots.len() - 1;
        if key == 0
            || len == 0
            || len > 255
            || self.entries.len() / 3 + len >= 1 << 24
            || self.nrows * 4 >= self.slots.len() * 3
        {
            return;
        }
        let mut i = key as usize & mask;
        while self.slots[i] as u32 != 0 && self.slots[i] as u32 != key {
            i = (i + 1) & mask;
        }
        if self.slots[i] as u32 == key {
            return;
        }
        let span = (self.entries.len() / 3) as u64 | (len as u64) << 24;
        self.slots[i] = key as u64 | span << 32;
        self.nrows += 1;
        for &(c, w) in row.iter().filter(keep) {
            let [w0, w1] = w.to_le_bytes();
            self.entries.extend_from_slice(&[c as u8, w0, w1]);
        }
    }

    /// Bytes of heap the table holds.
    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 8 + self.entries.capacity()
    }

    /// Adds the weights of `feats` into `scores`, in i16 units.
    #[inline]
    pub fn score(&self, feats: &[u32], scores: &mut Vec<f32>) {
        // Integer sums in a fixed 256-slot array: no float conversion and
        // no bounds check in the innermost loop (classes are below 256).
        let mut acc = [0i32; 256];
        let mask = self.slots.len() - 1;
        // Three passes, so that the cache misses of different features
        // overlap instead of queueing: first load every feature's home slot
        // (no branches, so the CPU issues them all at once), then resolve
        // keys and load each row's first pair, then add the rows up.
        let mut home = [0u64; 128];
        let mut found = [(0u32, 0u32); 128];
        for chunk in feats.chunks(128) {
            for (h, &f) in home.iter_mut().zip(chunk) {
                *h = self.slots[f as usize & mask];
            }
            let mut nfound = 0;
            for (&h, &f) in home.iter().zip(chunk) {
                let mut s = h;
                let mut i = f as usize & mask;
                while s as u32 != f && s as u32 != 0 {
                    i = (i + 1) & mask;
                    s = self.slots[i];
                }
                if s as u32 == f {
                    let sp = (s >> 32) as u32;
                    let a = 3 * (sp & 0xff_ffff) as usize;
                    // The row's first pair, loaded here so that its cache
                    // miss overlaps the other features' lookups.
                    let first = match self.entries.get(a..a + 3) {
                        Some(e) => e[0] as u32 | (i16::from_le_bytes([e[1], e[2]]) as u32) << 16,
                        None => 0,
                    };
                    found[nfound] = (sp, first);
                    nfound += 1;
                }
            }
            for &(sp, first) in &found[..nfound] {
                let (a, n) = ((sp & 0xff_ffff) as usize, (sp >> 24) as usize);
                acc[(first & 0xff) as usize] += (first >> 16) as u16 as i16 as i32;
                let row = self.entries.get(3 * (a + 1)..3 * (a + n)).unwrap_or(&[]);
                for e in row.chunks_exact(3) {
                    acc[e[0] as usize] += i16::from_le_bytes([e[1], e[2]]) as i32;
                }
            }
        }
        scores.clear();
        scores.extend(acc[..self.nclass].iter().map(|&x| x as f32));
    }

    /// Quantised rows sorted by key, for writing.
    pub fn rows(&self) -> Vec<(u32, Vec<(u16, i16)>)> {
        let mut rows: Vec<_> = (0..self.slots.len())
            .filter(|&i| self.slots[i] as u32 != 0)
            .map(|i| {
                let sp = (self.slots[i] >> 32) as u32;
                let (a, n) = ((sp & 0xff_ffff) as usize, (sp >> 24) as usize);
                let row = self
                    .entries
                    .get(3 * a..3 * (a + n))
                    .unwrap_or(&[])
                    .chunks_exact(3)
                    .map(|e| (e[0] as u16, i16::from_le_bytes([e[1], e[2]])))
                    .collect();
                (self.slots[i] as u32, row)
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }
}

/// SplitMix64: a tiny seeded generator for shuffling and exploration, so
/// training is reproducible without a `rand` dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Anything that scores classes for a feature set: the trainer while
/// training (dev scores per epoch), the frozen table afterwards.
pub trait Score {
    fn score_into(&self, feats: &[u32], scores: &mut Vec<f32>);
}

impl Score for Trainer {
    fn score_into(&self, feats: &[u32], scores: &mut Vec<f32>) {
        self.score(feats, scores)
    }
}

impl Score for Weights {
    fn score_into(&self, feats: &[u32], scores: &mut Vec<f32>) {
        self.score(feats, scores)
    }
}

/// The best class among those `ok` allows (ties go to the lower index, so
/// decisions are deterministic); `None` if none is allowed.
pub fn argmax(scores: &[f32], ok: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &s) in scores.iter().enumerate() {
        if ok(i) && best.is_none_or(|b| s > scores[b]) {
            best = Some(i);
        }
    }
    best
}
