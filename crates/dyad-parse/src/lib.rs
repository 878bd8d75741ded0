//! English part-of-speech tagging, lemmatisation and dependency parsing for
//! the event coder: who did what to whom needs subjects, objects, passive
//! agents and clausal complements, which a pattern matcher over raw words
//! cannot see reliably.
//!
//! The model is small and greedy on purpose (an averaged perceptron tagger
//! and an arc-eager transition parser, after Honnibal's "Parsing English in
//! 500 lines of Python" and Goldberg & Nivre's dynamic oracle): it parses
//! well over a hundred thousand words a second on one core, so it can run
//! on every sentence of a news stream. It is trained on UD English-EWT;
//! see `model/README.md` for the licence of the bundled model and its
//! scores.
//!
//! ```
//! use dyad_parse::{tokenize, Model};
//!
//! let model = Model::load_default()?;
//! let text = "The talks were hosted by China.";
//! let words: Vec<&str> = tokenize(text).into_iter().map(|(a, b)| &text[a..b]).collect();
//! let tokens = model.parse(&words);
//! let china = &tokens[5];
//! assert_eq!((china.head, china.deprel.as_str()), (4, "obl:agent")); // under "hosted"
//! assert_eq!(tokens[3].lemma, "host");
//! # Ok::<(), dyad_parse::ParseError>(())
//! ```

mod conllu;
mod format;
mod lemma;
mod lex;
mod parser;
mod perceptron;
mod tagger;
mod tokenize;
pub mod train;

pub use conllu::{read_conllu, read_conllu_file, Sentence, Word};
pub use tokenize::tokenize;

use lemma::{Lemmatiser, Rule};
use parser::Parser;
use tagger::Tagger;

/// Errors loading a model.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not a gzipped model of this version.
    #[error("not a dyad-parse model (bad magic or version)")]
    BadMagic,
    /// The model is truncated or inconsistent.
    #[error("corrupt model: {0}")]
    Corrupt(String),
    /// Decompression failed.
    #[error("cannot decompress model: {0}")]
    Io(#[from] std::io::Error),
}

/// Universal part-of-speech tags. An enum rather than a string so the
/// event coder's matches are checked by the compiler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    const ALL: [(Upos, &'static str); 17] = [
        (Upos::Adj, "ADJ"),
        (Upos::Adp, "ADP"),
        (Upos::Adv, "ADV"),
        (Upos::Aux, "AUX"),
        (Upos::Cconj, "CCONJ"),
        (Upos::Det, "DET"),
        (Upos::Intj, "INTJ"),
        (Upos::Noun, "NOUN"),
        (Upos::Num, "NUM"),
        (Upos::Part, "PART"),
        (Upos::Pron, "PRON"),
        (Upos::Propn, "PROPN"),
        (Upos::Punct, "PUNCT"),
        (Upos::Sconj, "SCONJ"),
        (Upos::Sym, "SYM"),
        (Upos::Verb, "VERB"),
        (Upos::X, "X"),
    ];

    /// The CoNLL-U spelling ("NOUN").
    pub fn as_str(self) -> &'static str {
        Upos::ALL[self as usize].1
    }

    /// Parses the CoNLL-U spelling; anything unknown is `X`.
    pub fn parse(s: &str) -> Upos {
        Upos::ALL
            .iter()
            .find(|(_, n)| *n == s)
            .map_or(Upos::X, |(u, _)| *u)
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as given.
    pub form: String,
    /// Dictionary form ("refused" -> "refuse"); proper nouns keep case.
    pub lemma: String,
    /// Universal part of speech.
    pub upos: Upos,
    /// Penn Treebank tag: VBD/VBN/VBG/VBZ/VBP/VB/MD carry tense and verb
    /// form, which UPOS does not.
    pub xpos: String,
    /// UD morphological features derived from XPOS and the tree
    /// (`Tense=Past|VerbForm=Part|Voice=Pass`), or "_" for none.
    pub feats: String,
    /// Head, 1-based as in CoNLL-U; 0 is the root.
    pub head: usize,
    /// UD relation with its subtype ("nsubj:pass", "obl:agent").
    pub deprel: String,
}

/// A loaded tagger, lemmatiser and parser.
pub struct Model {
    tagger: Tagger,
    upos: Vec<Upos>,
    xpos: Vec<String>,
    parser: Parser,
    lemmas: Lemmatiser,
}

/// The bundled model, trained on UD English-EWT (CC BY-SA 4.0).
static DEFAULT_MODEL: &[u8] = include_bytes!("../model/en_ewt.model.gz");

impl Model {
    /// Loads the model compiled into the crate, so callers need no files.
    pub fn load_default() -> Result<Model, ParseError> {
        let model = Model::from_bytes(DEFAULT_MODEL);
        release_pages(DEFAULT_MODEL);
        model
    }

    /// Loads a gzipped model written by `dyad-train`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ParseError> {
        use std::io::Read;
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut raw)?;
        let mut r = format::Reader { buf: &raw, pos: 0 };
        if r.bytes(8).map_err(|_| ParseError::BadMagic)? != format::MAGIC {
            return Err(ParseError::BadMagic);
        }
        let classes = r.strs()?;
        let n = r.count()?;
        let mut dict = Vec::with_capacity(n);
        for _ in 0..n {
            let w = r.str()?;
            let t = r.uint()? as usize;
            if t >= classes.len() {
                return Err(ParseError::Corrupt("tag id".into()));
            }
            dict.push((w, t as u16));
        }
        let n = r.count()?;
        let mut ambig = Vec::with_capacity(n);
        for _ in 0..n {
            let w = r.str()?;
            let k = r.count()?;
            let tags = (0..k)
                .map(|_| r.uint().map(|t| t as u16))
                .collect::<Result<Vec<u16>, _>>()?;
            ambig.push((w, tags));
        }
        let tw = r.weights()?;
        if tw.nclass != classes.len() {
            return Err(ParseError::Corrupt("tagger classes".into()));
        }
        let labels = r.strs()?;
        let root = r.uint()? as usize;
        let fallback = r.uint()? as usize;
        let pw = r.weights()?;
        if root >= labels.len() || fallback >= labels.len() || pw.nclass != 2 + 2 * labels.len() {
            return Err(ParseError::Corrupt("parser labels".into()));
        }
        let mut lemmas = Lemmatiser::default();
        for _ in 0..r.count()? {
            let (x, s, strip, add) = (r.str()?, r.str()?, r.uint()? as usize, r.str()?);
            lemmas.insert_rule(&x, &s, Rule { strip, add });
        }
        for exact in [false, true] {
            for _ in 0..r.count()? {
                let (f, x, l) = (r.str()?, r.str()?, r.str()?);
                if exact {
                    lemmas.insert_exact(&f, &x, l);
                } else {
                    lemmas.insert_lower(&f, &x, l);
                }
            }
        }
        let upos = classes
            .iter()
            .map(|c| Upos::parse(c.split('|').next().unwrap_or("")))
            .collect();
        let xpos = classes
            .iter()
            .map(|c| c.split('|').nth(1).unwrap_or("_").to_string())
            .collect();
        Ok(Model {
            tagger: Tagger::new(classes, dict, ambig, tw),
            upos,
            xpos,
            parser: Parser {
                labels,
                root,
                fallback,
                weights: pw,
            },
            lemmas,
        })
    }

    /// Bytes the tagger's and the parser's weight tables hold: most of
    /// what a loaded model keeps in memory.
    pub fn weight_bytes(&self) -> usize {
        self.tagger.weights.heap_bytes() + self.parser.weights.heap_bytes()
    }

    /// The gzipped model, as `from_bytes` reads it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = format::Writer::default();
        w.buf.extend_from_slice(format::MAGIC);
        w.strs(&self.tagger.classes);
        w.uint(self.tagger.dict.len() as u64);
        for (word, t) in &self.tagger.dict {
            w.str(word);
            w.uint(*t as u64);
        }
        w.uint(self.tagger.ambig.len() as u64);
        for (word, tags) in &self.tagger.ambig {
            w.str(word);
            w.uint(tags.len() as u64);
            for t in tags {
                w.uint(*t as u64);
            }
        }
        w.weights(&self.tagger.weights);
        w.strs(&self.parser.labels);
        w.uint(self.parser.root as u64);
        w.uint(self.parser.fallback as u64);
        w.weights(&self.parser.weights);
        let rules = self.lemmas.rules();
        w.uint(rules.len() as u64);
        for ((x, s), r) in rules {
            w.str(x);
            w.str(s);
            w.uint(r.strip as u64);
            w.str(&r.add);
        }
        for table in [self.lemmas.lower(), self.lemmas.exact()] {
            w.uint(table.len() as u64);
            for ((f, x), l) in table {
                w.str(f);
                w.str(x);
                w.str(l);
            }
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &w.buf).expect("writing to a Vec cannot fail");
        gz.finish().expect("writing to a Vec cannot fail")
    }

    /// Tags, lemmatises and parses one sentence of words (use
    /// [`tokenize`] to get them from text). Never panics; an empty
    /// sentence gives an empty result.
    pub fn parse(&self, words: &[&str]) -> Vec<Token> {
        if words.is_empty() {
            return Vec::new();
        }
        let lex = lex::lex_sentence(words);
        let (mut feats, mut scores) = (Vec::with_capacity(96), Vec::with_capacity(128));
        let tags = self.tagger.tag(&lex, &mut feats, &mut scores);
        let (heads, labels) = self.parser.parse(&lex, &tags, &mut feats, &mut scores);
        let mut out: Vec<Token> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let t = tags[i] as usize;
                let xpos = &self.xpos[t];
                Token {
                    form: w.to_string(),
                    lemma: self.lemmas.lemma(w, xpos),
                    upos: self.upos[t],
                    xpos: xpos.clone(),
                    feats: String::new(),
                    head: heads[i],
                    deprel: self
                        .parser
                        .labels
                        .get(labels[i])
                        .cloned()
                        .unwrap_or_else(|| "dep".into()),
                }
            })
            .collect();
        for i in 0..out.len() {
            out[i].feats = derive_feats(&out, i);
        }
        out
    }
}

/// Tells the kernel that the pages of `bytes`, a read-only static in the
/// executable, are not needed for now: the compiled-in model is read once,
/// and its 8 to 9 MB would otherwise stay resident for the life of the
/// process. Reading the bytes again (a second `load_default`) faults them
/// back in from the executable file, unchanged. Best effort: a failure
/// only leaves the pages resident.
#[cfg(target_os = "linux")]
fn release_pages(bytes: &'static [u8]) {
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let page = if page > 0 { page as usize } else { 4096 };
    let start = bytes.as_ptr() as usize;
    let first = start.div_ceil(page) * page;
    let last = (start + bytes.len()) / page * page;
    if last > first {
        // SAFETY: [first, last) lies inside `bytes`, a static that is
        // never written (it lives in the read-only, file-backed part of the
        // executable), so dropping its pages loses nothing: later reads see
        // the same bytes, reloaded from the file.
        unsafe {
            libc::madvise(
                first as *mut libc::c_void,
                last - first,
                libc::MADV_DONTNEED,
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn release_pages(_bytes: &'static [u8]) {}

/// UD features from the Penn tag, plus Voice=Pass for a participle with a
/// passive auxiliary, subject or agent.
fn derive_feats(toks: &[Token], i: usize) -> String {
    let t = &toks[i];
    let f = match t.xpos.as_str() {
        "VBD" => "Mood=Ind|Tense=Past|VerbForm=Fin",
        "VBP" | "VBZ" => "Mood=Ind|Tense=Pres|VerbForm=Fin",
        "VB" => "VerbForm=Inf",
        "MD" => "VerbForm=Fin",
        "VBG" => {
            if matches!(
                t.deprel.split(':').next(),
                Some("nsubj" | "obj" | "obl" | "nmod" | "csubj")
            ) {
                "VerbForm=Ger"
            } else {
                "Tense=Pres|VerbForm=Part"
            }
        }
        "VBN" => {
            let passive = toks.iter().any(|d| {
                d.head == i + 1
                    && matches!(
                        d.deprel.as_str(),
                        "aux:pass" | "nsubj:pass" | "csubj:pass" | "obl:agent"
                    )
            });
            if passive {
                "Tense=Past|VerbForm=Part|Voice=Pass"
            } else {
                "Tense=Past|VerbForm=Part"
            }
        }
        "NNS" | "NNPS" => "Number=Plur",
        "NN" | "NNP" => "Number=Sing",
        _ => "_",
    };
    f.to_string()
}

/// Accuracy of a model on gold-tokenised sentences, in per cent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub sentences: usize,
    pub tokens: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    /// Unlabelled attachment: right head, punctuation included (as the
    /// CoNLL 2018 shared task counts).
    pub uas: f64,
    /// Labelled attachment with the full relation, subtype included.
    pub las: f64,
}

/// Tags and parses each sentence of CoNLL-U text from its gold words and
/// scores the result against the gold analyses.
pub fn evaluate(model: &Model, conllu: &str) -> Scores {
    evaluate_sentences(model, &read_conllu(conllu))
}

/// [`evaluate`] over sentences already read.
pub fn evaluate_sentences(model: &Model, sents: &[Sentence]) -> Scores {
    let (mut n, mut upos, mut xpos, mut lemma, mut uas, mut las) = (0usize, 0, 0, 0, 0, 0);
    for s in sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let toks = model.parse(&words);
        for (t, g) in toks.iter().zip(&s.words) {
            n += 1;
            upos += (t.upos.as_str() == g.upos) as usize;
            xpos += (t.xpos == g.xpos) as usize;
            lemma += (t.lemma == g.lemma) as usize;
            if t.head == g.head {
                uas += 1;
                las += (t.deprel == g.deprel) as usize;
            }
        }
    }
    let pc = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    Scores {
        sentences: sents.len(),
        tokens: n,
        upos: pc(upos),
        xpos: pc(xpos),
        lemma: pc(lemma),
        uas: pc(uas),
        las: pc(las),
    }
}
