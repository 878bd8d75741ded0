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
