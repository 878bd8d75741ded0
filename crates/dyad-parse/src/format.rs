//! The model's binary layout: varints, length-prefixed strings and weight
//! tables with delta-coded sorted keys, gzipped as a whole. Written by hand
//! so the model needs no serialisation crate and stays byte-for-byte
//! reproducible.

use crate::perceptron::Weights;
use crate::ParseError;

pub const MAGIC: &[u8; 8] = b"DYADPRS1";

#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    pub fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub fn strs(&mut self, v: &[String]) {
        self.uint(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
    pub fn f32(&mut self, f: f32) {
        self.buf.extend_from_slice(&f.to_le_bytes());
    }
    /// Weights are 16-bit fixed point against the table's largest
    /// magnitude: it halves the model, and an averaged perceptron's
    /// decisions do not hinge on the fifth significant digit.
    pub fn weights(&mut self, w: &Weights) {
        let rows = w.rows();
        self.uint(w.nclass as u64);
        self.f32(w.scale);
        self.uint(rows.len() as u64);
        let mut prev = 0u32;
        for (k, row) in &rows {
            self.uint((k - prev) as u64);
            prev = *k;
            self.uint(row.len() as u64);
            let mut pc = 0u16;
            for &(c, q) in row {
                self.uint((c - pc) as u64);
                pc = c;
                self.buf.extend_from_slice(&q.to_le_bytes());
            }
        }
    }
}

pub struct Reader<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

fn bad(what: &str) -> ParseError {
    ParseError::Corrupt(what.to_string())
}

impl<'a> Reader<'a> {
    pub fn uint(&mut self) -> Result<u64, ParseError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.buf.get(self.pos).ok_or_else(|| bad("truncated"))?;
            self.pos += 1;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(bad("varint too long"))
    }
    /// A count, bounded by the bytes left so a corrupt file cannot ask for
    /// a huge allocation.
    pub fn count(&mut self) -> Result<usize, ParseError> {
        let n = self.uint()? as usize;
        if n > self.buf.len() - self.pos.min(self.buf.len()) {
            return Err(bad("count past end"));
        }
        Ok(n)
    }
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], ParseError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| bad("truncated"))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub fn str(&mut self) -> Result<String, ParseError> {
        let n = self.count()?;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| bad("bad utf-8"))
    }
    pub fn strs(&mut self) -> Result<Vec<String>, ParseError> {
        let n = self.count()?;
        (0..n).map(|_| self.str()).collect()
    }
    pub fn f32(&mut self) -> Result<f32, ParseError> {
        let b = self.bytes(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Reads a weight table in two passes over the bytes: the first
    /// checks the rows and counts their pairs, so the second can fill a
    /// table allocated once at its final size (no per-row vectors, no
    /// growing).
    pub fn weights(&mut self) -> Result<Weights, ParseError> {
        let nclass = self.uint()? as usize;
        if nclass == 0 || nclass > 256 {
            return Err(bad("class count"));
        }
        let scale = self.f32()?;
        let n = self.count()?;
        let start = self.pos;
        let mut total = 0usize;
        for _ in 0..n {
            self.uint()?;
            let len = self.count()?;
            total += len;
            for _ in 0..len {
                self.uint()?;
                self.bytes(2)?;
            }
        }
        self.pos = start;
        let mut w = Weights::with_capacity(nclass, scale, n, total);
        let mut row = Vec::with_capacity(256);
        let mut key = 0u32;
        for _ in 0..n {
            key = key.wrapping_add(self.uint()? as u32);
            let len = self.count()?;
            row.clear();
            let mut c = 0u16;
            for _ in 0..len {
                c = c.wrapping_add(self.uint()? as u16);
                let b = self.bytes(2)?;
                row.push((c, i16::from_le_bytes([b[0], b[1]])));
            }
            w.insert(key, &row);
        }
        Ok(w)
    }
}
