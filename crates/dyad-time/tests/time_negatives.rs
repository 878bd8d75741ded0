//! What must not be taken for a date, and inputs that must not panic.

use dyad_lexicon::time::TimeLexicon;
use dyad_lexicon::Sources;
use dyad_time::{resolve, tense_at, tense_of, Tense, TimeFinder};

fn finder() -> TimeFinder {
    let lex = TimeLexicon::load(&Sources::builtin()).expect("built-in lexicon loads");
    TimeFinder::new(&lex)
}

#[test]
fn numbers_that_are_not_years() {
    let f = finder();
    for s in [
        "The council adopted resolution No. 2270 without a vote.",
        "They shipped 2000 containers of shells.",
        "The bill came to $2015 in total.",
        "Output grew by 1,2015 units.",
        "Alliance 2.0 may be near.",
        "It may march on, and may well succeed.",
        "They fired 122 mm shells across the river.",
        "Some 1500 troops took part.",
        "Up to 90% of the debt is gone.",
    ] {
        let found: Vec<&str> = f.find(s).iter().map(|e| &s[e.start..e.end]).collect();
        assert!(found.is_empty(), "{s:?} gave {found:?}");
    }
}

#[test]
fn arbitrary_text_never_panics_and_spans_are_char_boundaries() {
    let f = finder();
    let samples = [
        "Москва, 12 ноября 2015 — ‘since’ “May 9” 2015…",
        "since",
        "the 70th anniversary of ",
        "Ω since 2014 ✓ early 2020’s summer 2023 in the spring last Friday",
        "9999-99-99 and 0000-00-00, Feb 30, 2015, 31 April 2014",
        "",
        "the 1990s’ 2000s",
    ];
    for s in samples {
        for e in f.find(s) {
            assert!(s.is_char_boundary(e.start) && s.is_char_boundary(e.end));
            let t = tense_at(s, e.start, e.end);
            let _ = resolve(&e, "2015-02-03".parse().ok(), None, t);
        }
    }
    let odd: String = (0u32..2000).filter_map(char::from_u32).collect();
    for e in f.find(&odd) {
        assert!(odd.is_char_boundary(e.start) && odd.is_char_boundary(e.end));
    }
}

#[test]
fn impossible_dates_are_not_dates() {
    let f = finder();
    let s = "It was signed on Feb 30, 2015.";
    let found: Vec<String> = f
        .find(s)
        .iter()
        .map(|e| format!("{}={}", &s[e.start..e.end], e.rule))
        .collect();
    assert!(found.iter().all(|x| !x.contains("day")), "{found:?}");
}

#[test]
fn sentence_tense() {
    assert_eq!(tense_of("Russia will send troops."), Tense::Future);
    assert_eq!(tense_of("Russia plans to send troops."), Tense::Future);
    assert_eq!(tense_of("Russia is to send troops."), Tense::Future);
    assert_eq!(tense_of("Russia sent troops."), Tense::Past);
    assert_eq!(tense_of("Russia deployed troops."), Tense::Past);
    assert_eq!(tense_of("Russia has deployed troops."), Tense::Past);
    assert_eq!(tense_of("Russia is a neighbour."), Tense::Present);
    assert_eq!(tense_of("The United Nations is watching."), Tense::Present);
}
