//! Hand-built mentions for the rule tests.
#![allow(dead_code)]

use dyad_combine::Mention;
use dyad_doc::{EventRecord, EventType, PartialDate, Quantity, Status};

/// A mention builder: `M::new("a1", 1, "AGREE", "RUS", "PRK").date("2024-06-19").joint().build()`.
pub struct M {
    rec: EventRecord,
    published: Option<PartialDate>,
}

impl M {
    pub fn new(doc: &str, n: usize, ty: &str, source: &str, target: &str) -> Self {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        M {
            rec: EventRecord {
                id: format!("{doc}-{n:02}"),
                event_type: ty.parse::<EventType>().unwrap(),
                mode: None,
                source: opt(source),
                source_sector: None,
                target: opt(target),
                target_sector: None,
                date: None,
                date_precision: None,
                status: Status::Asserted,
                attributed_to: None,
                quantities: vec![],
                location: None,
                quote: format!("sentence {n} of {doc}"),
                doc: doc.to_string(),
                start: n * 100,
                end: n * 100 + 50,
                trigger: "x".into(),
                joint: false,
                intensity: 0.0,
                rule: "test".into(),
                date_basis: None,
                reported: None,
                reported_precision: None,
            },
            published: None,
        }
    }
    pub fn date(mut self, d: &str) -> Self {
        let p: PartialDate = d.parse().unwrap();
        self.rec.date = Some(p.to_string());
        self.rec.date_precision = Some(p.precision.as_str().into());
        self
    }
    pub fn raw_date(mut self, d: &str) -> Self {
        self.rec.date = Some(d.to_string());
        self
    }
    pub fn published(mut self, d: &str) -> Self {
        self.published = Some(d.parse().unwrap());
        self
    }
    pub fn joint(mut self) -> Self {
        self.rec.joint = true;
        self
    }
    pub fn status(mut self, s: Status) -> Self {
        self.rec.status = s;
        self
    }
    pub fn attributed(mut self, a: &str) -> Self {
        self.rec.attributed_to = Some(a.into());
        self
    }
    pub fn mode(mut self, m: &str) -> Self {
        self.rec.mode = Some(m.into());
        self
    }
    pub fn quantity(mut self, value: f64, unit: &str) -> Self {
        self.rec.quantities.push(Quantity {
            value,
            unit: unit.into(),
        });
        self
    }
    pub fn rule(mut self, r: &str) -> Self {
        self.rec.rule = r.into();
        self
    }
    /// Puts the mention in sentence `s` of its document (same quote offsets).
    pub fn sentence(mut self, s: usize) -> Self {
        self.rec.start = s * 1000;
        self.rec.end = s * 1000 + 80;
        self.rec.quote = format!("sentence {s}");
        self
    }
    pub fn build(self) -> Mention {
        Mention::new(self.rec, self.published)
    }
}

/// A small deterministic pseudo-random generator (no dependency needed).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}
