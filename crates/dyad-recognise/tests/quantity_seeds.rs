//! Quantities on the seed articles (read from ../shared at run time,
//! skipped when absent): the gold standard's quantities must be found.

use dyad_doc::{Doc, DocMeta, Sentence, Span};
use dyad_lexicon::time::TimeLexicon;
use dyad_lexicon::Sources;
use dyad_recognise::quantity::QuantityTagger;
use dyad_recognise::time::TimeTagger;

fn seed(prefix: &str) -> Option<String> {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds"
    ));
    let entry = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    std::fs::read_to_string(entry.path()).ok()
}

/// One sentence per line (enough for quantities, which never cross one).
fn doc(text: &str) -> Doc {
    let mut d = Doc::new("seed", text, DocMeta::default());
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        d.sentences.push(Sentence {
            span: Span::new(pos, pos + line.len()),
            paragraph: 0,
        });
        pos += line.len();
    }
    d
}

#[test]
fn gold_quantities_are_found_in_seeds() {
    let lex = TimeLexicon::load(&Sources::builtin()).expect("lexicon");
    let (time, qty) = (TimeTagger::new(&lex), QuantityTagger::new(&lex));
    let expected: &[(&str, &[(f64, &str)])] = &[
        ("000_", &[(1e10, "USD"), (1e9, "USD"), (2.5e10, "USD")]),
        ("002_", &[(20000.0, "workers"), (100000.0, "troops")]),
        (
            "003_",
            &[
                (12000.0, "troops"),
                (4.0, "brigades"),
                (2000.0, "containers"),
                (13000.0, "containers"),
                (20.0, "pilots"),
                (1500.0, "personnel"),
                (500000.0, "barrels of oil"),
            ],
        ),
        ("004_", &[(90.0, "percent")]),
    ];
    for (prefix, want) in expected {
        let Some(text) = seed(prefix) else {
            eprintln!("note: ../shared/seeds absent, skipping");
            return;
        };
        let mut d = doc(&text);
        time.recognise(&mut d);
        qty.recognise(&mut d);
        let got: Vec<(f64, String)> = d
            .quantities
            .iter()
            .map(|q| (q.quantity.value, q.quantity.unit.clone()))
            .collect();
        eprintln!(
            "{prefix}: {}",
            d.quantities
                .iter()
                .map(|q| format!(
                    "{} [{} {}]",
                    d.slice(q.span),
                    q.quantity.value,
                    q.quantity.unit
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for (v, u) in *want {
            assert!(
                got.iter().any(|(gv, gu)| gv == v && gu == u),
                "{prefix}: {v} {u} not in {got:?}"
            );
        }
    }
}
