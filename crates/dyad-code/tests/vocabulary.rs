//! Vocabulary tests: the trigger families of `lexicon/triggers.tsv` for
//! protest, retreat, concession, coercion and the other types, over our own
//! sentences. Actor mentions are placed by hand (with the sector a role word
//! gives them), so these tests exercise the built-in triggers and the coder
//! alone, not the recogniser.

use dyad_code::Coder;
use dyad_doc::{
    ActorKind, ActorMention, BlockKind, Doc, DocMeta, Paragraph, PublishedBasis, Sentence, Span,
};
use dyad_lexicon::Lexicon;

/// One actor to place: its surface form, code and sector.
type Actor<'a> = (&'a str, &'a str, Option<&'a str>);

/// Builds a one-sentence doc with a mention at every occurrence of each
/// surface form (the first form listed claims its text first).
fn doc(text: &str, actors: &[Actor]) -> Doc {
    let meta = DocMeta {
        published: "2024-10-25".parse().ok(),
        published_basis: PublishedBasis::Stated,
        ..Default::default()
    };
    let mut d = Doc::new("vocabulary", text, meta);
    d.paragraphs = vec![Paragraph {
        span: Span::new(0, text.len()),
        kind: BlockKind::Body,
    }];
    d.sentences = vec![Sentence {
        span: Span::new(0, text.len()),
        paragraph: 0,
    }];
    let mut used = vec![false; text.len()];
    for (surface, code, sector) in actors {
        let mut from = 0;
        while let Some(k) = text[from..].find(surface) {
            let s = from + k;
            from = s + surface.len();
            if used[s] {
                continue;
            }
            used[s..s + surface.len()]
                .iter_mut()
                .for_each(|u| *u = true);
            let kind = if sector.is_some() {
                ActorKind::Role
            } else {
                ActorKind::Country
            };
            d.actors.push(ActorMention {
                span: Span::new(s, s + surface.len()),
                sentence: 0,
                code: Some(code.to_string()),
                sector: sector.map(String::from),
                kind,
                name: surface.to_string(),
                group: vec![],
                rule: "test".into(),
            });
        }
    }
    d.actors.sort_by_key(|m| m.span.start);
    d
}

/// (type, source, target) of every event coded from the sentence.
fn events(text: &str, actors: &[Actor]) -> Vec<(String, Option<String>, Option<String>)> {
    let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut d = doc(text, actors);
    Coder::new(&lex).code(&mut d);
    d.events
        .iter()
        .map(|e| (e.event_type.to_string(), e.source.clone(), e.target.clone()))
        .collect()
}

/// Asserts that the sentence codes an event of `ty` from `source` to `target`.
fn has(text: &str, actors: &[Actor], ty: &str, source: &str, target: Option<&str>) {
    let ev = events(text, actors);
    let want = (
        ty.to_string(),
        Some(source.to_string()),
        target.map(String::from),
    );
    assert!(ev.contains(&want), "{text}\nwanted {want:?}\ngot {ev:?}");
}

/// Asserts that the sentence codes no event of `ty`.
fn lacks(text: &str, actors: &[Actor], ty: &str) {
    let ev = events(text, actors);
    assert!(
        ev.iter().all(|e| e.0 != ty),
        "{text}\nno {ty} wanted\ngot {ev:?}"
    );
}

#[test]
fn street_protests_need_no_target() {
    let cases: &[(&str, Actor)] = &[
        (
            "Kenyan students demonstrated outside the parliament on Monday.",
            ("Kenyan students", "KEN", Some("EDU")),
        ),
        (
            "Venezuelan opposition supporters staged a rally in the capital.",
            ("Venezuelan opposition supporters", "VEN", Some("OPP")),
        ),
        (
            "Bolivian farmers blocked the main highway to demand lower fuel prices.",
            ("Bolivian farmers", "BOL", Some("CVL")),
        ),
        (
            "Nepalese youths rioted after the vote.",
            ("Nepalese youths", "NPL", Some("CVL")),
        ),
        (
            "Chilean protesters took to the streets again.",
            ("Chilean protesters", "CHL", Some("CVL")),
        ),
        (
            "Jailed Peruvian activists began a hunger strike.",
            ("Peruvian activists", "PER", Some("CVL")),
        ),
        (
            "Chilean miners went on strike over pay.",
            ("Chilean", "CHL", None),
        ),
        (
            "The Nigerian labour unions organised a general strike.",
            ("Nigerian labour unions", "NGA", Some("LAB")),
        ),
        (
            "Argentine teachers stopped work for a day.",
            ("Argentine teachers", "ARG", Some("EDU")),
        ),
    ];
    for (text, actor) in cases {
        has(text, &[*actor], "PROTEST", actor.1, None);
    }
}

#[test]
fn protest_words_with_other_meanings_are_not_protests() {
    // Showing a capability, an air strike, a call to end a strike.
    lacks(
        "The launch was a demonstration of North Korea's growing military capability.",
        &[("North Korea", "PRK", None)],
        "PROTEST",
    );
    lacks(
        "North Korea demonstrated its ability to strike the mainland.",
        &[("North Korea", "PRK", None)],
        "PROTEST",
    );
    let jets = [
        ("Indian jets", "IND", Some("MIL")),
        ("Pakistan", "PAK", None),
    ];
    has(
        "Indian jets launched an air strike on Pakistan.",
        &jets,
        "ASSAULT",
        "IND",
        Some("PAK"),
    );
    lacks(
        "Indian jets launched an air strike on Pakistan.",
        &jets,
        "PROTEST",
    );
    let union = [("Kenyan teachers' union", "KEN", Some("LAB"))];
    let text = "The Kenyan teachers' union called off its strike.";
    has(text, &union, "CONCEDE", "KEN", None);
    lacks(text, &union, "PROTEST");
    // A diplomatic protest is an accusation (PLOVER ACCUSE), not a protest.
    has(
        "Peru lodged a formal protest with Chile.",
        &[("Peru", "PER", None), ("Chile", "CHL", None)],
        "ACCUSE",
        "PER",
        Some("CHL"),
    );
}

#[test]
fn retreats_are_concessions_with_material_effect() {
    let cases: &[(&str, Actor)] = &[
        (
            "Colombian guerrillas declared a unilateral ceasefire.",
            ("Colombian guerrillas", "COL", Some("REB")),
        ),
        (
            "Sri Lankan rebels laid down their arms.",
            ("Sri Lankan rebels", "LKA", Some("REB")),
        ),
        (
            "Ugandan rebels surrendered to the army.",
            ("Ugandan rebels", "UGA", Some("REB")),
        ),
        (
            "The Peruvian prime minister resigned on Friday.",
            ("Peruvian prime minister", "PER", Some("GOV")),
        ),
        (
            "Burmese authorities released 200 political prisoners.",
            ("Burmese authorities", "MMR", Some("GOV")),
        ),
        (
            "The Israeli army lifted the blockade of the border town.",
            ("Israeli army", "ISR", Some("MIL")),
        ),
        (
            "The Guatemalan army demobilised two brigades.",
            ("Guatemalan army", "GTM", Some("MIL")),
        ),
    ];
    for (text, actor) in cases {
        has(text, &[*actor], "RETREAT", actor.1, None);
    }
}

#[test]
fn concessions_and_coercion_at_home() {
    let thailand = [("Thailand", "THA", None)];
    has(
        "Thailand lifted the curfew in the south.",
        &thailand,
        "CONCEDE",
        "THA",
        None,
    );
    has(
        "Thailand imposed a curfew in three provinces.",
        &thailand,
        "COERCE",
        "THA",
        None,
    );
    has(
        "Thailand declared martial law after the clashes.",
        &thailand,
        "COERCE",
        "THA",
        None,
    );
    has(
        "The Egyptian government bowed to the demands of the strikers.",
        &[("Egyptian government", "EGY", Some("GOV"))],
        "CONCEDE",
        "EGY",
        None,
    );
    has(
        "Zimbabwean police arrested dozens of opposition activists.",
        &[("Zimbabwean police", "ZWE", Some("POL"))],
        "COERCE",
        "ZWE",
        None,
    );
    has(
        "Kenyan police fired tear gas at the crowd.",
        &[("Kenyan police", "KEN", Some("POL"))],
        "ASSAULT",
        "KEN",
        None,
    );
}

#[test]
fn threats_of_domestic_action_are_threats() {
    let union = [("Nigerian teachers' union", "NGA", Some("LAB"))];
    let text = "The Nigerian teachers' union threatened to call a general strike.";
    has(text, &union, "THREATEN", "NGA", None);
    lacks(text, &union, "PROTEST");
}

#[test]
fn reduced_relations_investigations_and_requests() {
    has(
        "Japan halted economic aid to Myanmar.",
        &[("Japan", "JPN", None), ("Myanmar", "MMR", None)],
        "SANCTION",
        "JPN",
        Some("MMR"),
    );
    has(
        "Greece recalled its ambassador from Turkey.",
        &[("Greece", "GRC", None), ("Turkey", "TUR", None)],
        "SANCTION",
        "GRC",
        Some("TUR"),
    );
    has(
        "Chile opened an investigation into the killings.",
        &[("Chile", "CHL", None)],
        "ACCUSE",
        "CHL",
        None,
    );
    has(
        "Ecuador complained to the United Nations about Colombian air raids.",
        &[
            ("Ecuador", "ECU", None),
            ("United Nations", "UNO", None),
            ("Colombian", "COL", None),
        ],
        "ACCUSE",
        "ECU",
        Some("COL"),
    );
    has(
        "Mali insisted that France withdraw its troops.",
        &[("Mali", "MLI", None), ("France", "FRA", None)],
        "REQUEST",
        "MLI",
        Some("FRA"),
    );
}

#[test]
fn armed_attacks_and_their_nouns() {
    has(
        "Somali militants assassinated a Kenyan diplomat.",
        &[
            ("Somali militants", "SOM", Some("REB")),
            ("Kenyan diplomat", "KEN", Some("GOV")),
        ],
        "ASSAULT",
        "SOM",
        Some("KEN"),
    );
    has(
        "Malian rebels took two aid workers hostage.",
        &[("Malian rebels", "MLI", Some("REB"))],
        "ASSAULT",
        "MLI",
        None,
    );
    has(
        "Chad extradited the suspect to Niger.",
        &[("Chad", "TCD", None), ("Niger", "NER", None)],
        "COOPERATE",
        "TCD",
        Some("NER"),
    );
}

#[test]
fn refusals_and_upgraded_ties() {
    has(
        "The Kenyan finance minister declined to resign.",
        &[("Kenyan finance minister", "KEN", Some("GOV"))],
        "REJECT",
        "KEN",
        None,
    );
    lacks(
        "The Kenyan finance minister declined to resign.",
        &[("Kenyan finance minister", "KEN", Some("GOV"))],
        "RETREAT",
    );
    has(
        "Kenya ruled out a meeting with Uganda.",
        &[("Kenya", "KEN", None), ("Uganda", "UGA", None)],
        "REJECT",
        "KEN",
        Some("UGA"),
    );
    has(
        "Ghana and Togo upgraded their diplomatic ties.",
        &[("Ghana", "GHA", None), ("Togo", "TGO", None)],
        "COOPERATE",
        "GHA",
        Some("TGO"),
    );
}
