//! `pronoun-person` coreference ("he", "she").

mod actors_common;
use actors_common::*;

#[test]
fn he_refers_to_the_one_person_of_the_previous_sentence() {
    let d = run(
        "The Peruvian foreign minister criticised the exercises. He then called for talks.",
        None,
    );
    assert_eq!(code_sector(find(&d, "He")), (Some("PER"), Some("GOV")));
}

#[test]
fn he_follows_a_chain_of_pronouns_and_skips_plural_roles() {
    let d = run(
        "After drills by Chilean armed forces, the Peruvian foreign minister protested. He warned of risks. He then left.",
        None,
    );
    let hes: Vec<_> = d
        .actors
        .iter()
        .filter(|m| d.slice(m.span) == "He")
        .map(|m| m.code.as_deref())
        .collect();
    assert_eq!(hes, vec![Some("PER"), Some("PER")], "{:?}", d.actors);
}

#[test]
fn two_people_or_an_unknown_name_leave_he_unresolved() {
    let d = run(
        "The Peruvian foreign minister met the Chilean defence minister. He said the talks went well.",
        None,
    );
    assert!(
        d.actors.iter().all(|m| d.slice(m.span) != "He"),
        "{:?}",
        d.actors
    );
    // A name the lexicon does not know opens the sentence: "he" is that
    // person, not the one before.
    let d = run(
        "The Peruvian foreign minister spoke. Juan Ortega, head of the Chilean senate, said he was pleased.",
        None,
    );
    assert!(
        d.actors.iter().all(|m| d.slice(m.span) != "he"),
        "{:?}",
        d.actors
    );
}

#[test]
fn he_is_the_subject_when_the_others_stand_in_prepositional_phrases() {
    // "to Vladimir Putin and ...": the people after "to" and "and" are no
    // subject, so "He" is the one who conveyed greetings.
    let d = run(
        "The Peruvian foreign minister conveyed greetings to Vladimir Putin and Sergei Lavrov. He also praised Russia.",
        Some("2023-05-01"),
    );
    assert_eq!(code_sector(find(&d, "He")), (Some("PER"), Some("GOV")));
}

#[test]
fn a_title_with_the_names_the_person_last_named_with_it() {
    let d = run(
        "Vladimir Putin met Prime Minister Shehbaz Sharif in Moscow. Later the prime minister flew home.",
        Some("2024-05-01"),
    );
    assert_eq!(
        code_sector(find(&d, "the prime minister")),
        (Some("PAK"), Some("GOV"))
    );
    // No one was named with the title: it names no one.
    let d = run(
        "Vladimir Putin met Shehbaz Sharif in Moscow. Later the foreign minister flew home.",
        Some("2024-05-01"),
    );
    assert!(
        d.actors
            .iter()
            .all(|m| d.slice(m.span) != "the foreign minister"),
        "{:?}",
        d.actors
    );
}
