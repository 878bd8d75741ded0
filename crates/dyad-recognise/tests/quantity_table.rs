//! Table-driven test of quantities: each row is a sentence written for this
//! test and every quantity it must yield, in order, as `value unit` (a range
//! as `low-high unit`, with the mention's text after `=`), or "" for none.

use dyad_doc::{Doc, DocMeta, PartialDate, PublishedBasis, Sentence, Span};
use dyad_lexicon::time::TimeLexicon;
use dyad_lexicon::Sources;
use dyad_recognise::quantity::QuantityTagger;
use dyad_recognise::time::TimeTagger;

const CASES: &[(&str, &str)] = &[
    // --- digits, thousands separators, decimals, scale words ---
    (
        "Pyongyang sent 12,000 soldiers to the front.",
        "12000 troops=12,000 soldiers",
    ),
    (
        "Some 1500 troops took part in the drills.",
        "1500 troops=Some 1500 troops",
    ),
    (
        "The ship carried 500,000 barrels of oil.",
        "500000 barrels of oil=500,000 barrels of oil",
    ),
    (
        "The cap was 500,000 barrels a year.",
        "500000 barrels of oil=500,000 barrels",
    ),
    (
        "Moscow cancelled 10 billion USD of the debt.",
        "10000000000 USD=10 billion USD",
    ),
    (
        "Investors pledged $29 million for the port.",
        "29000000 USD=$29 million",
    ),
    (
        "Investors pledged US$ 2.5 billion for the port.",
        "2500000000 USD=US$ 2.5 billion",
    ),
    (
        "The loan was worth 1.5 million dollars.",
        "1500000 USD=1.5 million dollars",
    ),
    (
        "Trade reached 1 billion USD by 2020.",
        "1000000000 USD=1 billion USD",
    ),
    ("Russia wrote off 90% of the debt.", "90 percent=90%"),
    (
        "Russia wrote off 90 percent of the debt.",
        "90 percent=90 percent",
    ),
    (
        "Russia wrote off 90 per cent of the debt.",
        "90 percent=90 per cent",
    ),
    ("Exports fell by 12.5% last year.", "12.5 percent=12.5%"),
    (
        "They shipped 2,000 containers of equipment.",
        "2000 containers=2,000 containers",
    ),
    (
        "The port handled 13,000 shipping containers since 2022.",
        "13000 containers=13,000 shipping containers",
    ),
    (
        "The North supplied 1 million 152 mm shells.",
        "1000000 152 mm artillery shells=1 million 152 mm shells",
    ),
    (
        "It also sent 200,000 122 mm artillery rounds.",
        "200000 122 mm artillery rounds=200,000 122 mm artillery rounds",
    ),
    (
        "It also sent 200,000 122-mm shells.",
        "200000 122 mm artillery rounds=200,000 122-mm shells",
    ),
    (
        "Egypt received 20 experienced pilots and 1,500 personnel.",
        "20 pilots=20 experienced pilots; 1500 personnel=1,500 personnel",
    ),
    ("The force numbered 4 brigades.", "4 brigades=4 brigades"),
    (
        "A total of 3,000,000 artillery shells changed hands.",
        "3000000 artillery shells=3,000,000 artillery shells",
    ),
    (
        "About 300 workers arrived in Vladivostok.",
        "300 workers=About 300 workers",
    ),
    (
        "More than 5,000 labourers work in Russia.",
        "5000 workers=More than 5,000 labourers",
    ),
    (
        "At least 40 missiles were fired.",
        "40 missiles=At least 40 missiles",
    ),
    ("The army fielded 70 tanks.", "70 tanks=70 tanks"),
    (
        "Nearly 2 million tourists came.",
        "2000000 tourists=Nearly 2 million tourists",
    ),
    (
        "The yard built 12 fighter jets.",
        "12 aircraft=12 fighter jets",
    ),
    // --- words ---
    (
        "Kim deployed four brigades near Kursk.",
        "4 brigades=four brigades",
    ),
    ("Two pilots defected.", "2 pilots=Two pilots"),
    (
        "Twenty-five soldiers were wounded.",
        "25 troops=Twenty-five soldiers",
    ),
    (
        "One hundred and fifty workers left.",
        "150 workers=One hundred and fifty workers",
    ),
    (
        "Three thousand troops crossed the river.",
        "3000 troops=Three thousand troops",
    ),
    (
        "Tens of thousands of troops massed at the border.",
        "10000 troops=Tens of thousands of troops",
    ),
    (
        "Hundreds of thousands of workers may be hired.",
        "100000 workers=Hundreds of thousands of workers",
    ),
    (
        "Thousands of workers were sent home.",
        "1000 workers=Thousands of workers",
    ),
    (
        "A dozen pilots trained in Russia.",
        "12 pilots=A dozen pilots",
    ),
    (
        "Half a million barrels of oil were delivered.",
        "500000 barrels of oil=Half a million barrels of oil",
    ),
    (
        "A million shells were sent by rail.",
        "1000000 artillery shells=A million shells",
    ),
    (
        "Ten billion dollars of debt was forgiven.",
        "10000000000 USD=Ten billion dollars",
    ),
    (
        "Millions of dollars were lost.",
        "1000000 USD=Millions of dollars",
    ),
    // --- ranges and bounds ---
    (
        "Between 20,000 and 50,000 workers may be invited.",
        "20000-50000 workers=Between 20,000 and 50,000 workers",
    ),
    (
        "North Korean workers, numbering between 20,000 and 50,000, may be invited.",
        "20000-50000 workers=between 20,000 and 50,000",
    ),
    (
        "It could send up to 100,000 troops.",
        "100000 troops=up to 100,000 troops",
    ),
    (
        "It could send 10,000 to 15,000 troops.",
        "10000-15000 troops=10,000 to 15,000 troops",
    ),
    (
        "It could send 10,000-15,000 troops.",
        "10000-15000 troops=10,000-15,000 troops",
    ),
    (
        "The deal is worth between 2 and 3 billion USD.",
        "2000000000-3000000000 USD=between 2 and 3 billion USD",
    ),
    (
        "It could cost $20 to $30 million.",
        "20000000-30000000 USD=$20 to $30 million",
    ),
    (
        "As many as 3,000 soldiers died.",
        "3000 troops=As many as 3,000 soldiers",
    ),
    // --- not quantities ---
    ("Russia and North Korea signed the treaty in 2015.", ""),
    ("The Security Council adopted Resolution No. 2270.", ""),
    ("They marked the 70th anniversary of the victory.", ""),
    ("The two sides met on 12 November 2015.", ""),
    ("Two countries signed the pact.", ""),
    ("Trade grew ten-fold in a decade.", ""),
    ("The sides held three rounds of talks.", ""),
    ("They met in 2014 and again in 2015.", ""),
    ("Alliance 2.0 may be near.", ""),
    ("In 2015 troops were sent to the border.", ""),
    ("The two leaders met twice.", ""),
    ("The 122 mm shells were old.", ""),
    ("Russia sold Su-35 fighters and S-400 systems.", ""),
    (
        "Analysts spoke of “up to 100,000” troops.",
        "100000 troops=up to 100,000” troops",
    ),
];

/// One sentence per line.
fn doc(text: &str) -> Doc {
    let meta = DocMeta {
        published: PartialDate::day(2024, 10, 25),
        published_basis: PublishedBasis::Override,
        ..Default::default()
    };
    let mut d = Doc::new("t", text, meta);
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        d.sentences.push(Sentence {
            span: Span::new(pos, pos + line.trim_end().len()),
            paragraph: 0,
        });
        pos += line.len();
    }
    d
}

fn show(d: &Doc) -> String {
    d.quantities
        .iter()
        .map(|q| {
            let v = match &q.upper {
                Some(u) => format!("{}-{}", q.quantity.value, u.value),
                None => format!("{}", q.quantity.value),
            };
            format!("{v} {}={}", q.quantity.unit, d.slice(q.span))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn table_of_quantities() {
    let lex = TimeLexicon::load(&Sources::builtin()).expect("lexicon");
    let (time, qty) = (TimeTagger::new(&lex), QuantityTagger::new(&lex));
    let mut failures = Vec::new();
    for (sentence, want) in CASES {
        let mut d = doc(sentence);
        time.recognise(&mut d);
        qty.recognise(&mut d);
        let got = show(&d);
        if got != *want {
            failures.push(format!("{sentence:?}\n   want {want:?}\n    got {got:?}"));
        }
    }
    assert!(CASES.len() >= 50, "only {} cases", CASES.len());
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn whole_document_sorted_with_sentences_and_rules() {
    let lex = TimeLexicon::load(&Sources::builtin()).expect("lexicon");
    let (time, qty) = (TimeTagger::new(&lex), QuantityTagger::new(&lex));
    let mut d = doc("In 2015 Russia cancelled 10 billion USD of debt.\nSome ✓ 12,000 soldiers and four brigades went.\n");
    time.recognise(&mut d);
    qty.recognise(&mut d);
    assert_eq!(d.quantities.len(), 3);
    assert!(d
        .quantities
        .windows(2)
        .all(|w| w[0].span.start <= w[1].span.start));
    assert_eq!(
        d.quantities.iter().map(|q| q.sentence).collect::<Vec<_>>(),
        vec![0, 1, 1]
    );
    assert!(d
        .quantities
        .iter()
        .all(|q| q.rule.starts_with("units.tsv:")));
}

#[test]
fn odd_input_never_panics() {
    let lex = TimeLexicon::load(&Sources::builtin()).expect("lexicon");
    let qty = QuantityTagger::new(&lex);
    for s in [
        "$",
        "%",
        "1,",
        "1,000,",
        "between 5 and",
        "half a",
        "a",
        "tens of",
        "€€5 €",
        "12 ✓ troops",
        "5 million—",
        "9999999999999999999999999 troops",
        "twenty-",
        "½ troops 1.2.3 troops",
        "Москва 5 солдат",
    ] {
        let mut d = doc(s);
        qty.recognise(&mut d);
        for q in &d.quantities {
            assert!(s.is_char_boundary(q.span.start) && s.is_char_boundary(q.span.end));
        }
    }
}
