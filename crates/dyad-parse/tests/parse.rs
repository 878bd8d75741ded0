//! Tokeniser cases, the relations the event coder relies on, a floor on
//! EWT dev accuracy, and inputs that must not panic.

use dyad_parse::{evaluate_sentences, read_conllu, read_conllu_file, tokenize, Model, Token, Upos};
use std::sync::OnceLock;

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| Model::load_default().expect("bundled model loads"))
}

fn words(s: &str) -> Vec<&str> {
    tokenize(s).into_iter().map(|(a, b)| &s[a..b]).collect()
}

fn parse(s: &str) -> Vec<Token> {
    let toks = model().parse(&words(s));
    for (i, t) in toks.iter().enumerate() {
        eprintln!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            i + 1,
            t.form,
            t.lemma,
            t.upos,
            t.xpos,
            t.head,
            t.deprel
        );
    }
    toks
}

/// 1-based index of the word `form`.
fn at(toks: &[Token], form: &str) -> usize {
    toks.iter()
        .position(|t| t.form == form)
        .unwrap_or_else(|| panic!("no word {form}"))
        + 1
}

fn rel<'a>(toks: &'a [Token], dep: &str) -> (usize, &'a str) {
    let t = &toks[at(toks, dep) - 1];
    (t.head, t.deprel.as_str())
}

#[test]
fn tokenizer_cases() {
    assert_eq!(
        words("Turkey hasn't refused."),
        ["Turkey", "has", "n't", "refused", "."]
    );
    assert_eq!(
        words("They're in the U.S. now"),
        ["They", "'re", "in", "the", "U.S.", "now"]
    );
    assert_eq!(
        words("Col. Smith's men (about 1,000) fired 3.5 rounds."),
        ["Col.", "Smith", "'s", "men", "(", "about", "1,000", ")", "fired", "3.5", "rounds", "."]
    );
    assert_eq!(
        words("He said: \"No.\""),
        ["He", "said", ":", "\"", "No", ".", "\""]
    );
    assert_eq!(
        words("al-Ani sent an e-mail"),
        ["al", "-", "Ani", "sent", "an", "e-mail"]
    );
    assert_eq!(
        words("I can't go; we won't."),
        ["I", "ca", "n't", "go", ";", "we", "wo", "n't", "."]
    );
    assert_eq!(
        words("Costs rose 5% to $300."),
        ["Costs", "rose", "5", "%", "to", "$", "300", "."]
    );
    assert_eq!(
        words("see http://example.com/a-b."),
        ["see", "http://example.com/a-b", "."]
    );
    assert!(tokenize("").is_empty());
    assert!(tokenize("   \n\t ").is_empty());
}

#[test]
fn spans_are_valid_on_odd_text() {
    for s in [
        "«¿Qué?» — dijo…",
        "🙂🙂 ---- ''' ... ,,,",
        "a\u{0301}b-c/d 'n't' n't",
        "'",
        "-",
        "$",
        "U.S..",
        "İİİn't",
        "ǅ's İ'S n't 's",
    ] {
        for (a, b) in tokenize(s) {
            assert!(
                a < b && s.is_char_boundary(a) && s.is_char_boundary(b),
                "{s:?} {a} {b}"
            );
        }
    }
}

#[test]
fn refused_to_commit() {
    let t = parse("Turkey has refused to commit to any direct assistance.");
    let refused = at(&t, "refused");
    assert_eq!(rel(&t, "refused"), (0, "root"));
    assert_eq!(rel(&t, "Turkey"), (refused, "nsubj"));
    assert_eq!(rel(&t, "commit"), (refused, "xcomp"));
    assert_eq!(t[refused - 1].lemma, "refuse");
    assert_eq!(t[refused - 1].xpos, "VBN");
}

#[test]
fn passive_agent() {
    let t = parse("The talks were hosted by China.");
    let hosted = at(&t, "hosted");
    let (h, r) = rel(&t, "China");
    assert_eq!(h, hosted);
    assert!(r == "obl:agent" || r == "obl", "{r}");
    assert_eq!(rel(&t, "by"), (at(&t, "China"), "case"));
    assert_eq!(rel(&t, "talks"), (hosted, "nsubj:pass"));
    assert!(
        t[hosted - 1].feats.contains("Voice=Pass"),
        "{}",
        t[hosted - 1].feats
    );
}

#[test]
fn coordination_and_object() {
    let t = parse("Russia and Belarus condemned the strike.");
    let condemned = at(&t, "condemned");
    assert_eq!(rel(&t, "Belarus"), (at(&t, "Russia"), "conj"));
    assert_eq!(rel(&t, "Russia"), (condemned, "nsubj"));
    assert_eq!(rel(&t, "strike"), (condemned, "obj"));
    assert_eq!(t[at(&t, "Russia") - 1].upos, Upos::Propn);
}

#[test]
fn negation_is_advmod() {
    let t = parse("Iran did not sign the agreement.");
    assert_eq!(rel(&t, "not"), (at(&t, "sign"), "advmod"));
    assert_eq!(rel(&t, "agreement"), (at(&t, "sign"), "obj"));
}

#[test]
fn odd_inputs_do_not_panic() {
    let m = model();
    assert!(m.parse(&[]).is_empty());
    let long: Vec<&str> = ["the", "army", "of", "Iraq", ",", "and"]
        .iter()
        .cycle()
        .take(3000)
        .copied()
        .collect();
    let toks = m.parse(&long);
    assert_eq!(toks.len(), 3000);
    assert_eq!(toks.iter().filter(|t| t.head == 0).count(), 1);
    for s in [
        vec![""],
        vec!["", " ", "\u{0}"],
        vec!["🙂"; 50],
        vec!["ÀÉÎ", "ß", "İ", "\u{202e}x"],
        vec!["."; 200],
    ] {
        let toks = m.parse(&s);
        assert_eq!(toks.len(), s.len());
        for t in &toks {
            assert!(t.head <= s.len());
        }
    }
    assert!(Model::from_bytes(b"not a model").is_err());
    assert!(Model::from_bytes(&[]).is_err());
}

#[test]
fn read_conllu_skips_ranges_and_empty_nodes() {
    let text = "# sent_id = x\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n3.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t3:conj\t_\n\n";
    let s = read_conllu(text);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].id, "x");
    assert_eq!(s[0].words.len(), 3);
    assert_eq!(s[0].words[1].form, "n't");
    assert_eq!(s[0].words[2].head, 0);
}

#[test]
fn dev_accuracy_floor() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/treebanks/UD_English-EWT/en_ewt-ud-dev.conllu.gz"
    );
    let Ok(mut sents) = read_conllu_file(path.as_ref()) else {
        println!("skipped: {path} not found");
        return;
    };
    sents.truncate(200);
    let s = evaluate_sentences(model(), &sents);
    println!("{s:?}");
    assert!(s.tokens > 2000);
    assert!(s.upos > 92.0, "{s:?}");
    assert!(s.uas > 80.0, "{s:?}");
    assert!(s.las > 76.0, "{s:?}");
    assert!(s.lemma > 94.0, "{s:?}");
}

#[test]
fn random_text_does_not_panic() {
    // Pseudo-random strings over characters that stress the tokeniser:
    // quotes, apostrophes, dots, hyphens, digits, multi-byte letters.
    let pool: Vec<char> = "aZ9 .,'’\"-—–/$%()n'tİǅßé🙂\u{301}\t:;!?…@"
        .chars()
        .collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..300 {
        let len = (next() % 40) as usize;
        let s: String = (0..len)
            .map(|_| pool[(next() % pool.len() as u64) as usize])
            .collect();
        let spans = tokenize(&s);
        for &(a, b) in &spans {
            assert!(
                a < b && s.is_char_boundary(a) && s.is_char_boundary(b),
                "{s:?}"
            );
        }
        let w: Vec<&str> = spans.iter().map(|&(a, b)| &s[a..b]).collect();
        let toks = model().parse(&w);
        assert_eq!(toks.len(), w.len());
        if !toks.is_empty() {
            assert_eq!(toks.iter().filter(|t| t.head == 0).count(), 1, "{s:?}");
        }
    }
}

#[test]
fn model_is_shareable_across_threads() {
    fn check<T: Send + Sync>() {}
    check::<Model>();
}
