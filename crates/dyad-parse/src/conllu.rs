//! CoNLL-U reading: only what training and evaluation need.

/// One word line of a CoNLL-U sentence (multiword-token ranges and empty
/// nodes are dropped when reading, so `head` indexes these words directly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Surface form.
    pub form: String,
    /// Gold lemma.
    pub lemma: String,
    /// Universal part of speech.
    pub upos: String,
    /// Penn Treebank tag (EWT's XPOS).
    pub xpos: String,
    /// Head, 1-based; 0 is the root.
    pub head: usize,
    /// Dependency relation, with its subtype (`nsubj:pass`).
    pub deprel: String,
}

/// A sentence of a treebank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The `# sent_id` comment, if any: evaluation reports cite it.
    pub id: String,
    /// The word lines, in order.
    pub words: Vec<Word>,
}

/// Reads CoNLL-U text into sentences.
///
/// Multiword-token lines (`1-2`) and empty nodes (`8.1`) are skipped: the
/// basic tree is over the word lines only. Malformed lines are skipped too
/// rather than failing, because evaluation should still say something
/// about a treebank with a stray bad line; a head outside the sentence is
/// read as 0.
pub fn read_conllu(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(finish(std::mem::take(&mut cur)));
            } else {
                cur.id.clear();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if let Some(id) = c.trim().strip_prefix("sent_id") {
                cur.id = id.trim_start_matches([' ', '=']).trim().to_string();
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 8 || !f[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let head = f[6].parse().unwrap_or(0);
        cur.words.push(Word {
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            head,
            deprel: f[7].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(finish(cur));
    }
    out
}

fn finish(mut s: Sentence) -> Sentence {
    let n = s.words.len();
    for w in &mut s.words {
        if w.head > n {
            w.head = 0;
        }
    }
    s
}

/// Reads a `.conllu` or `.conllu.gz` file.
pub fn read_conllu_file(path: &std::path::Path) -> std::io::Result<Vec<Sentence>> {
    use std::io::Read;
    let bytes = std::fs::read(path)?;
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_string(&mut s)?;
        s
    } else {
        String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?
    };
    Ok(read_conllu(&text))
}
