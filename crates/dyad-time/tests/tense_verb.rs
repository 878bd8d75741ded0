//! `tense_of_verb`: the verb's own form counts.

use dyad_time::{tense_of_verb, Tense};

fn at(sentence: &str, word: &str) -> Tense {
    let s = sentence.find(word).unwrap_or_else(|| panic!("{word}"));
    tense_of_verb(sentence, s, s + word.len())
}

#[test]
fn the_verb_itself_gives_the_tense() {
    assert_eq!(at("Then Peru urged calm.", "urged"), Tense::Past);
    assert_eq!(at("Peru urges calm.", "urges"), Tense::Present);
    assert_eq!(at("Peru is urging calm.", "urging"), Tense::Present);
    assert_eq!(at("Peru will urge calm.", "urge"), Tense::Future);
    assert_eq!(at("Peru sent envoys.", "sent"), Tense::Past);
}
