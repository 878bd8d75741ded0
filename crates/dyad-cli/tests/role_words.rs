//! Role words of `lexicon/roles.tsv` for non-state and domestic actors, seen
//! through `dyad explain --json` (the recogniser joins a demonym and a role
//! word into one mention with the role's sector). Our own sentences.

mod common;

use common::{parts, run};

/// (surface, code, sector) of every actor mention `dyad explain` finds, and
/// (type, source, source sector) of every event.
type Found = (Vec<(String, String, String)>, Vec<(String, String, String)>);

fn explain(sentence: &str) -> Found {
    let o = run(&["explain", sentence, "--json"]);
    let (code, out, err) = parts(&o);
    assert_eq!(code, 0, "{err}");
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    let mut actors = Vec::new();
    let mut events = Vec::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        match v["layer"].as_str() {
            Some("actor") => actors.push((
                text(&v["span"]["text"]),
                text(&v["code"]),
                text(&v["sector"]),
            )),
            Some("event") => events.push((
                text(&v["type"]),
                text(&v["source"]),
                text(&v["source_sector"]),
            )),
            _ => {}
        }
    }
    (actors, events)
}

fn actor(surface: &str, code: &str, sector: &str) -> (String, String, String) {
    (surface.into(), code.into(), sector.into())
}

#[test]
fn non_state_actors_take_their_sector() {
    let cases = [
        (
            "Ugandan rebels crossed the river.",
            "Ugandan rebels",
            "UGA",
            "REB",
        ),
        (
            "Kenyan students gathered at noon.",
            "Kenyan students",
            "KEN",
            "EDU",
        ),
        (
            "Egyptian police closed the square.",
            "Egyptian police",
            "EGY",
            "POL",
        ),
        (
            "The Zambian opposition met at noon.",
            "Zambian opposition",
            "ZMB",
            "OPP",
        ),
        (
            "Nigerian trade unions met at noon.",
            "Nigerian trade unions",
            "NGA",
            "LAB",
        ),
        (
            "Chilean protesters gathered at noon.",
            "Chilean protesters",
            "CHL",
            "CVL",
        ),
        (
            "The Latvian constitutional court sat at noon.",
            "Latvian constitutional court",
            "LVA",
            "JUD",
        ),
        (
            "Algerian security forces closed the road.",
            "Algerian security forces",
            "DZA",
            "MIL",
        ),
    ];
    for (sentence, surface, code, sector) in cases {
        let (actors, _) = explain(sentence);
        assert!(
            actors.contains(&actor(surface, code, sector)),
            "{sentence}: {actors:?}"
        );
    }
}

#[test]
fn names_that_contain_a_role_word_keep_their_own_code() {
    let (actors, _) = explain("The Soviet Union and the European Union met in Geneva.");
    assert!(
        actors.iter().any(|a| a.1 == "SUN" && a.2 == "-"),
        "{actors:?}"
    );
    assert!(actors.iter().all(|a| a.2 != "LAB"), "{actors:?}");
}

#[test]
fn a_protest_by_a_non_state_actor_is_coded() {
    let (_, events) = explain("Bolivian farmers blocked the main highway for a week.");
    assert!(
        events.contains(&("PROTEST".into(), "BOL".into(), "CVL".into())),
        "{events:?}"
    );
    let (_, events) = explain("Colombian guerrillas declared a unilateral ceasefire.");
    assert!(
        events.contains(&("RETREAT".into(), "COL".into(), "REB".into())),
        "{events:?}"
    );
}
