//! `pair` coreference ("both sides") next to a state in its own sentence.

mod actors_common;
use actors_common::*;

#[test]
fn a_single_state_acting_on_both_sides_is_not_one_of_them() {
    let d = run(
        "Peru and Chile clashed at sea. Bolivia urged restraint on both sides.",
        None,
    );
    assert_eq!(find(&d, "both sides").group, vec!["PER", "CHL"]);
}

#[test]
fn two_states_before_it_in_its_sentence_are_its_antecedents() {
    let d = run(
        "Bolivia and Brazil talked. Peru stayed away. Bolivia and Brazil met, and the two governments agreed.",
        None,
    );
    assert_eq!(find(&d, "the two governments").group, vec!["BOL", "BRA"]);
}

#[test]
fn it_refers_to_the_only_state_of_the_previous_sentence() {
    let d = run(
        "This is not the first time that Cuba has sent troops abroad. In the 1970s it sent them to Angola.",
        None,
    );
    assert_eq!(find(&d, "it").code.as_deref(), Some("CUB"));
    // Two states there: no antecedent.
    let d = run(
        "This is not the first time that Cuba and Peru have quarrelled. In the 1970s it sent troops.",
        None,
    );
    assert!(d.actors.iter().all(|m| d.slice(m.span) != "it"));
}

#[test]
fn its_refers_to_the_only_state_before_it_in_its_sentence() {
    let d = run(
        "The UN imposed restrictions on Cuba over its missile test.",
        None,
    );
    assert_eq!(find(&d, "its").code.as_deref(), Some("CUB"));
    // Two states before it: no antecedent.
    let d = run("Peru criticised Chile over its policy.", None);
    assert!(d.actors.iter().all(|m| d.slice(m.span) != "its"));
}
