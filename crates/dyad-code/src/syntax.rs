//! The dependency parse of a sentence, as the coder asks it: the subject,
//! passive agent and object of a verbal trigger.
//!
//! Only sentences with a trigger and an actor are parsed (`dyad-parse`,
//! trained on UD English-EWT): the parse decides roles where word distance
//! cannot ("European ministers called for Burma to institute reforms"),
//! and the word-distance rules stay for what the parse leaves open.

use crate::tokens::Token;
use dyad_parse::{Model, Upos};
use std::sync::OnceLock;

/// The longest sentence parsed, in words: longer "sentences" are lists or
/// run-on page text whose parse would be poor and slow.
pub(crate) const MAX_PARSED_WORDS: usize = 120;

/// The built-in model, loaded once per process on first use.
///
/// Why a process-wide cache: the model is immutable data compiled into the
/// binary (8 MB compressed, ~0.1 s to unpack), and every pipeline built in
/// one process (tests build hundreds) would otherwise unpack it again. It
/// is `None` when the model cannot be read, and the coder then works
/// without a parse, as before it had one.
pub(crate) fn builtin_model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL.get_or_init(|| Model::load_default().ok()).as_ref()
}

/// One parsed word: its byte span in the document text and its analysis.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub upos: Upos,
    /// Index of the head word in the sentence, `None` for the root.
    pub head: Option<usize>,
    pub deprel: String,
}

/// A parsed sentence.
#[derive(Debug, Clone)]
pub(crate) struct Syntax {
    pub words: Vec<Word>,
}

impl Syntax {
    /// Parses `text[start..end]`; `None` when it has no words or too many.
    pub(crate) fn parse(model: &Model, text: &str, start: usize, end: usize) -> Option<Syntax> {
        let sentence = text.get(start..end)?;
        let spans = dyad_parse::tokenize(sentence);
        if spans.is_empty() || spans.len() > MAX_PARSED_WORDS {
            return None;
        }
        let forms: Vec<&str> = spans
            .iter()
            .map(|&(a, b)| sentence.get(a..b).unwrap_or(""))
            .collect();
        let parsed = model.parse(&forms);
        let words = parsed
            .into_iter()
            .zip(&spans)
            .map(|(t, &(a, b))| Word {
                start: start + a,
                end: start + b,
                upos: t.upos,
                head: t.head.checked_sub(1),
                deprel: t.deprel,
            })
            .collect();
        Some(Syntax { words })
    }

    /// The word that begins at or covers the coder token.
    pub(crate) fn word_of(&self, tok: &Token) -> Option<usize> {
        self.words
            .iter()
            .position(|w| w.start <= tok.start && tok.start < w.end.max(w.start + 1))
    }

    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |(_, w)| w.head == Some(i))
            .map(|(k, _)| k)
    }

    fn child_with(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children(i)
            .find(|&k| rels.contains(&self.words[k].deprel.as_str()))
    }

    /// True for a verb (or an auxiliary used as a main verb) the parse can
    /// give a subject and object.
    pub(crate) fn is_verb(&self, i: usize) -> bool {
        self.words
            .get(i)
            .is_some_and(|w| matches!(w.upos, Upos::Verb))
    }

    /// The subject of verb `v` as (word, passive): its own `nsubj` or
    /// `nsubj:pass`, else, for an infinitive or a second verb of a pair
    /// ("agreed to supply", "met and signed"), the subject of the verb it
    /// depends on; a relative clause's subject is the noun it describes.
    pub(crate) fn subject(&self, v: usize) -> Option<(usize, bool)> {
        let mut cur = v;
        for _ in 0..4 {
            if let Some(s) = self.child_with(cur, &["nsubj", "nsubj:pass"]) {
                return Some((s, self.words[s].deprel == "nsubj:pass"));
            }
            let w = self.words.get(cur)?;
            match (w.deprel.as_str(), w.head) {
                ("xcomp" | "conj", Some(h)) => cur = h,
                ("acl:relcl", Some(h)) => return Some((h, false)),
                _ => return None,
            }
        }
        None
    }

    /// The `by` agent of a passive verb.
    pub(crate) fn agent(&self, v: usize) -> Option<usize> {
        self.child_with(v, &["obl:agent"])
    }

    /// The direct object of verb `v`.
    pub(crate) fn object(&self, v: usize) -> Option<usize> {
        self.child_with(v, &["obj", "iobj"])
    }

    /// The words a nominal names an actor with: itself, then its compound,
    /// adjective, possessive and flat-name modifiers ("Russian troops",
    /// "Russia's defence ministry"), nearest first.
    pub(crate) fn nominal_words(&self, n: usize) -> Vec<usize> {
        let mut out = vec![n];
        out.extend(self.children(n).filter(|&k| {
            matches!(
                self.words[k].deprel.as_str(),
                "compound" | "amod" | "nmod:poss" | "flat" | "appos"
            )
        }));
        out
    }

    /// The clausal complement of verb `v` ("meet" in "refused to meet").
    pub(crate) fn complement(&self, v: usize) -> Option<usize> {
        self.child_with(v, &["xcomp"])
    }

    /// The arguments of verb `v` that may name whom an act is aimed at:
    /// its objects and prepositional arguments, nearest first.
    pub(crate) fn arguments(&self, v: usize) -> Vec<usize> {
        self.children(v)
            .filter(|&k| matches!(self.words[k].deprel.as_str(), "obj" | "iobj" | "obl"))
            .collect()
    }

    /// True when word `i` is the clausal complement of word `g` ("meet"
    /// under "refused" in "refused to meet the king"), or one of its
    /// arguments. Deeper words (the nouns inside those arguments) are not
    /// counted: following them lost more right events than it saved.
    pub(crate) fn governed_by(&self, i: usize, g: usize) -> bool {
        let Some(c) = self.complement(g) else {
            return false;
        };
        i == c
            || self.words.get(i).is_some_and(|w| {
                w.head == Some(c) && matches!(w.deprel.as_str(), "obj" | "iobj" | "obl" | "xcomp")
            })
    }

    /// "head_word -rel-> word", for the explanation of a role.
    pub(crate) fn describe(&self, text: &str, i: usize) -> String {
        let Some(w) = self.words.get(i) else {
            return String::new();
        };
        let form = |k: usize| {
            self.words
                .get(k)
                .and_then(|x| text.get(x.start..x.end))
                .unwrap_or("")
                .to_string()
        };
        match w.head {
            Some(h) => format!("{} ({} of \"{}\")", form(i), w.deprel, form(h)),
            None => format!("{} (root)", form(i)),
        }
    }
}
