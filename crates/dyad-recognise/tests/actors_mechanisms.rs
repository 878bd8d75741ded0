//! Each mechanism of the actor recogniser on sentences written for the test.

mod actors_common;
use actors_common::*;
use dyad_doc::ActorKind;

#[test]
fn aliases_and_demonyms() {
    let d = run(
        "The U.S. and the DPRK traded barbs. Burma stayed silent while Americans watched.",
        None,
    );
    assert_eq!(find(&d, "U.S.").code.as_deref(), Some("USA"));
    assert_eq!(find(&d, "DPRK").code.as_deref(), Some("PRK"));
    assert_eq!(find(&d, "Burma").code.as_deref(), Some("MMR"));
    assert_eq!(find(&d, "Americans").kind, ActorKind::Demonym);
    let d = run("Soviet advisers left when the USSR collapsed.", None);
    assert_eq!(find(&d, "USSR").code.as_deref(), Some("SUN"));
    let d = run(
        "Officials in the Donetsk People's Republic and the LNR agreed.",
        None,
    );
    assert_eq!(
        find(&d, "Donetsk People's Republic").code.as_deref(),
        Some("UKR")
    );
    assert_eq!(find(&d, "LNR").code.as_deref(), Some("UKR"));
}

#[test]
fn no_matches_inside_words_or_common_nouns() {
    let d = run(
        "We ate turkey in china bowls; the Russianness of it all. The Korean War ended.",
        None,
    );
    assert!(d.actors.is_empty(), "{:?}", d.actors);
}

#[test]
fn metonyms_and_organisations() {
    let d = run("The Kremlin rebuffed Kiev, and Washington asked the UN Security Council to meet; NATO and the EU agreed.", None);
    assert_eq!(find(&d, "Kremlin").code.as_deref(), Some("RUS"));
    assert_eq!(find(&d, "Kiev").code.as_deref(), Some("UKR"));
    assert_eq!(find(&d, "Washington").code.as_deref(), Some("USA"));
    assert_eq!(find(&d, "UN Security Council").code.as_deref(), Some("UNO"));
    assert_eq!(find(&d, "NATO").code.as_deref(), Some("NATO"));
    assert_eq!(find(&d, "EU").code.as_deref(), Some("EUR"));
    let d = run(
        "Sanctions by the West hurt; Western diplomats shrugged.",
        None,
    );
    assert_eq!(find(&d, "the West").code.as_deref(), Some("WST"));
}

#[test]
fn role_phrases_make_one_mention() {
    let d = run("North Korean troops crossed while the Russian government and Chinese firms watched Japan's defence ministry.", None);
    assert_eq!(
        code_sector(find(&d, "North Korean troops")),
        (Some("PRK"), Some("MIL"))
    );
    assert_eq!(
        code_sector(find(&d, "Russian government")),
        (Some("RUS"), Some("GOV"))
    );
    assert_eq!(
        code_sector(find(&d, "Chinese firms")),
        (Some("CHN"), Some("BUS"))
    );
    assert_eq!(
        code_sector(find(&d, "Japan's defence ministry")),
        (Some("JPN"), Some("MIL"))
    );
    assert_eq!(d.actors.len(), 4, "{:?}", d.actors);
}

#[test]
fn role_dates_choose_the_sector() {
    let text = "Sergei Shoigu flew to Pyongyang. Later Shoigu spoke again.";
    let d = run(text, Some("2023-07-26"));
    assert_eq!(
        code_sector(find(&d, "Sergei Shoigu")),
        (Some("RUS"), Some("MIL"))
    );
    assert_eq!(code_sector(find(&d, "Shoigu")), (Some("RUS"), Some("MIL")));
    let d = run(text, Some("2025-03-01"));
    assert_eq!(
        code_sector(find(&d, "Sergei Shoigu")),
        (Some("RUS"), Some("GOV"))
    );
}

#[test]
fn title_and_apposition() {
    let d = run(
        "Iranian Foreign Minister Abbas Araghchi met Defence Minister Andrei Belousov.",
        Some("2025-01-10"),
    );
    assert_eq!(
        code_sector(find(&d, "Iranian Foreign Minister Abbas Araghchi")),
        (Some("IRN"), Some("GOV"))
    );
    assert_eq!(
        code_sector(find(&d, "Defence Minister Andrei Belousov")),
        (Some("RUS"), Some("MIL"))
    );

    // Unknown names take the state and the role of their phrase.
    let d = run(
        "Vietnamese Deputy Foreign Minister Tran Van Minh arrived.",
        None,
    );
    let m = find(&d, "Vietnamese Deputy Foreign Minister Tran Van Minh");
    assert_eq!(
        (code_sector(m), m.kind),
        ((Some("VNM"), Some("GOV")), ActorKind::Person)
    );
    let d = run(
        "Talks opened in Hanoi, where Mongolia's ambassador to Vietnam, Bat Erdene Dorj, spoke.",
        None,
    );
    assert_eq!(
        code_sector(find(&d, "Bat Erdene Dorj")),
        (Some("MNG"), Some("GOV"))
    );
    let d = run("Pak Tae Gun, the North Korean envoy, left early.", None);
    assert_eq!(
        code_sector(find(&d, "Pak Tae Gun, the North Korean envoy")),
        (Some("PRK"), Some("GOV"))
    );
    // A bare title takes the last state named.
    let d = run("A Cuban delegation came. Col. Gen. Ruiz said little.", None);
    assert_eq!(
        code_sector(find(&d, "Col. Gen. Ruiz")),
        (Some("CUB"), Some("MIL"))
    );
    // Later, the surname alone.
    let d = run("Mongolian envoy Bat Dorj arrived. Dorj said little.", None);
    assert_eq!(code_sector(find(&d, "Dorj")), (Some("MNG"), Some("GOV")));
}

#[test]
fn analysts_are_not_states() {
    let d = run("\"It will last,\" said Anna Berg, a China expert with Chatham House in London. Berg added more.", None);
    let m = find(&d, "Anna Berg, a China expert with Chatham House");
    assert_eq!((m.kind, m.code.as_deref()), (ActorKind::Analyst, None));
    assert!(containing(&d, "China").is_some_and(|m| m.kind == ActorKind::Analyst));
    assert_eq!(find(&d, "Berg").kind, ActorKind::Analyst);
    assert_eq!(find(&d, "London").code.as_deref(), Some("GBR"));
}

#[test]
fn coreference_contextual_and_ambiguous() {
    let d = run(
        "The North fired first. North Korea then paused, and the North waited.",
        None,
    );
    assert_eq!(
        d.actors
            .iter()
            .filter(|m| d.slice(m.span) == "The North")
            .count(),
        0
    );
    let north = d.actors.iter().find(|m| d.slice(m.span) == "the North");
    assert_eq!(
        north.map(|m| (m.code.as_deref(), m.kind)),
        Some((Some("PRK"), ActorKind::Coreference))
    );
    assert!(north.is_some_and(|m| m.rule.starts_with("coref:the-north")));

    let d = run(
        "Seoul and South Korea's allies met. South Korea spoke. Korea will decide.",
        None,
    );
    assert_eq!(find(&d, "Korea").code.as_deref(), Some("KOR"));
    let d = run("Korea will decide.", None);
    assert!(d.actors.is_empty());
}

#[test]
fn coreference_pairs_and_groups() {
    let d = run(
        "Moscow and Pyongyang signed a pact. Both sides praised it. The two Koreas were silent.",
        None,
    );
    let both = find(&d, "Both sides");
    assert_eq!(both.group, vec!["RUS".to_string(), "PRK".to_string()]);
    assert_eq!(both.code.as_deref(), Some("RUS"));
    assert_eq!(find(&d, "The two Koreas").group, vec!["PRK", "KOR"]);
    assert_eq!(find(&d, "Moscow").code.as_deref(), Some("RUS"));
}

#[test]
fn coreference_regime_and_pronouns() {
    let d = run(
        "China criticised the regime in Tehran. Iran said its navy would stay.",
        None,
    );
    assert_eq!(find(&d, "the regime").code.as_deref(), Some("IRN"));
    let d = run(
        "Cuba rejected the offer. It said the talks were over. Its envoy left.",
        None,
    );
    assert_eq!(find(&d, "It").code.as_deref(), Some("CUB"));
    // Expletive "it", and an unclear antecedent, resolve to nothing.
    let d = run(
        "Cuba and Chile disagreed. It is possible that its envoy left.",
        None,
    );
    assert!(
        containing(&d, "It").is_none() && containing(&d, "its").is_none(),
        "{:?}",
        d.actors
    );
    let d = run("Peru and Chile agreed. They signed a deal.", None);
    assert_eq!(find(&d, "They").group, vec!["PER", "CHL"]);
}

#[test]
fn odd_input_does_not_panic() {
    for t in [
        "",
        "’s",
        "Kim",
        "Col. Gen.",
        "Foreign Minister",
        "é, the Russian president",
        "\u{a0}DPRK’s\u{a0}",
        "Analyst X",
        ", a analyst",
    ] {
        let _ = run(t, None);
    }
}

#[test]
fn generated_names_and_longer_names_first() {
    let d = run("Bosnia and Slovenia agreed to a ceasefire.", None);
    assert_eq!(find(&d, "Bosnia").code.as_deref(), Some("BIH"));
    let d = run("The Kurdistan Workers' Party attacked a post.", None);
    assert!(d.actors.iter().all(|m| m.code.as_deref() != Some("PRK")));
    assert_eq!(
        find(&d, "Kurdistan Workers' Party").code.as_deref(),
        Some("TUR")
    );
    let d = run(
        "The New Jersey Devils beat New Mexico. He flew to Atlanta, Georgia.",
        None,
    );
    let codes: Vec<_> = d.actors.iter().filter_map(|m| m.code.as_deref()).collect();
    for c in ["JEY", "MEX", "GEO"] {
        assert!(!codes.contains(&c), "{c} in {codes:?}");
    }
    // A generated office-holder by full name, and after a title by surname.
    let d = run("Yoweri Museveni met the envoy.", Some("2020-01-01"));
    assert_eq!(
        code_sector(find(&d, "Yoweri Museveni")),
        (Some("UGA"), Some("GOV"))
    );
    let d = run("President Museveni met the envoy.", Some("2020-01-01"));
    assert_eq!(
        containing(&d, "Museveni").and_then(|m| m.code.as_deref()),
        Some("UGA")
    );
}
