//! One test per clustering rule, on hand-built mentions.

mod common;

use common::M;
use dyad_combine::{cluster, Cluster};
use dyad_doc::Status;

/// The cluster holding mention `id`.
fn of<'a>(cs: &'a [Cluster], id: &str) -> &'a Cluster {
    cs.iter()
        .find(|c| c.mentions.iter().any(|m| m == id))
        .unwrap_or_else(|| panic!("no cluster holds {id}"))
}

fn together(cs: &[Cluster], a: &str, b: &str) -> bool {
    of(cs, a).id == of(cs, b).id
}

#[test]
fn joint_action_matches_either_order() {
    let cs = cluster(&[
        M::new("a1", 1, "AGREE", "RUS", "PRK")
            .joint()
            .date("2024-06-19")
            .build(),
        M::new("a3", 1, "AGREE", "PRK", "RUS")
            .joint()
            .date("2024-06-19")
            .build(),
    ]);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].corroboration, 2);
    assert_eq!(cs[0].docs, vec!["a1", "a3"]);
    assert!(cs[0].joint);
}

#[test]
fn one_way_actions_keep_their_direction() {
    let cs = cluster(&[
        M::new("d1", 1, "AID", "RUS", "PRK").date("2024-06").build(),
        M::new("d2", 1, "AID", "PRK", "RUS").date("2024-06").build(),
    ]);
    assert_eq!(cs.len(), 2);
}

#[test]
fn a_joint_mention_cannot_bridge_opposite_directions() {
    let cs = cluster(&[
        M::new("d1", 1, "COOPERATE", "RUS", "PRK")
            .date("2024-06-19")
            .build(),
        M::new("d2", 1, "COOPERATE", "PRK", "RUS")
            .date("2024-06-19")
            .build(),
        M::new("d3", 1, "COOPERATE", "RUS", "PRK")
            .joint()
            .date("2024-06-19")
            .build(),
    ]);
    assert!(!together(&cs, "d1-01", "d2-01"));
    // The joint report fits both one-way clusters equally: it joins neither.
    assert_eq!(cs.len(), 3);
    assert_eq!(of(&cs, "d3-01").ambiguous_with, vec!["c-d1-01", "c-d2-01"]);
}

#[test]
fn different_type_or_dyad_never_merges() {
    let cs = cluster(&[
        M::new("d1", 1, "AGREE", "RUS", "PRK")
            .date("2024-06-19")
            .build(),
        M::new("d2", 1, "CONSULT", "RUS", "PRK")
            .date("2024-06-19")
            .build(),
        M::new("d3", 1, "AGREE", "RUS", "CHN")
            .date("2024-06-19")
            .build(),
        M::new("d4", 1, "AGREE", "RUS", "")
            .date("2024-06-19")
            .build(),
    ]);
    assert_eq!(cs.len(), 4);
}

#[test]
fn incompatible_dates_stay_apart() {
    // Two meetings of the same pair in one year, day and month precision.
    let cs = cluster(&[
        M::new("b1", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-01-16")
            .build(),
        M::new("b2", 1, "CONSULT", "PRK", "RUS")
            .joint()
            .date("2024-11-01")
            .build(),
        M::new("b3", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-01")
            .build(),
        M::new("b4", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-11")
            .build(),
    ]);
    assert_eq!(cs.len(), 2);
    assert!(together(&cs, "b1-01", "b3-01"));
    assert!(together(&cs, "b2-01", "b4-01"));
    assert!(!together(&cs, "b1-01", "b2-01"));
}

#[test]
fn year_precision_is_compatible_with_a_day() {
    let cs = cluster(&[
        M::new("y1", 1, "AGREE", "RUS", "PRK")
            .joint()
            .date("2024")
            .build(),
        M::new("y2", 1, "AGREE", "RUS", "PRK")
            .joint()
            .date("2024-06-19")
            .build(),
        M::new("y3", 1, "AGREE", "RUS", "PRK")
            .joint()
            .date("2024-06")
            .build(),
    ]);
    assert_eq!(cs.len(), 1);
    let c = &cs[0];
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2024-06-19"));
    assert_eq!(c.id, "c-y2-01", "the most precise report leads");
    assert_eq!(c.date_start.as_deref(), Some("2024-06-19"));
    assert_eq!(c.date_end.as_deref(), Some("2024-06-19"));
    // Every source keeps its date as reported.
    let dates: Vec<_> = c.sources.iter().map(|s| s.date.clone()).collect();
    assert_eq!(
        dates,
        vec![
            Some("2024".to_string()),
            Some("2024-06-19".to_string()),
            Some("2024-06".to_string())
        ]
    );
}

#[test]
fn a_coarse_date_fitting_several_clusters_joins_none() {
    let cs = cluster(&[
        M::new("b1", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-01-16")
            .build(),
        M::new("b2", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-11-01")
            .build(),
        M::new("y1", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024")
            .build(),
        M::new("y2", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024")
            .build(),
    ]);
    assert_eq!(cs.len(), 3);
    let y = of(&cs, "y1-01");
    assert!(
        together(&cs, "y1-01", "y2-01"),
        "same vague date: one cluster"
    );
    assert_eq!(y.ambiguous_with, vec!["c-b1-01", "c-b2-01"]);
}

#[test]
fn undated_mention_joins_the_only_cluster_in_its_window() {
    let cs = cluster(&[
        M::new("a1", 1, "AGREE", "RUS", "PRK")
            .joint()
            .date("2024-06-19")
            .published("2024-06-19")
            .build(),
        M::new("a9", 1, "AGREE", "RUS", "PRK")
            .joint()
            .published("2024-06-27")
            .build(),
    ]);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].corroboration, 2);
}

#[test]
fn undated_mention_outside_the_window_stays_apart() {
    let cs = cluster(&[
        M::new("a1", 1, "AGREE", "RUS", "PRK")
            .joint()
            .date("2024-06-19")
            .build(),
        M::new("z1", 1, "AGREE", "RUS", "PRK")
            .joint()
            .published("2024-12-01")
            .build(),
    ]);
    assert_eq!(cs.len(), 2);
}

#[test]
fn undated_mention_with_two_candidates_joins_none() {
    let cs = cluster(&[
        M::new("a1", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-06-19")
            .build(),
        M::new("a2", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-07-02")
            .build(),
        M::new("u1", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .published("2024-07-05")
            .build(),
    ]);
    assert_eq!(cs.len(), 3);
    assert_eq!(of(&cs, "u1-01").ambiguous_with.len(), 2);
}

#[test]
fn undated_mention_prefers_the_cluster_its_own_article_dated() {
    let cs = cluster(&[
        M::new("a1", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-06-19")
            .build(),
        M::new("a2", 1, "CONSULT", "RUS", "PRK")
            .joint()
            .date("2024-07-02")
            .published("2024-07-05")
            .build(),
        M::new("a2", 2, "CONSULT", "RUS", "PRK")
            .joint()
            .published("2024-07-05")
            .build(),
    ]);
    assert_eq!(cs.len(), 2);
    assert!(together(&cs, "a2-01", "a2-02"));
}

#[test]
fn undated_mention_without_publication_date_joins_only_a_sole_cluster() {
    let one = cluster(&[
        M::new("a1", 1, "AGREE", "RUS", "PRK")
            .date("2024-06-19")
            .build(),
        M::new("u1", 1, "AGREE", "RUS", "PRK").build(),
    ]);
    assert_eq!(one.len(), 1);
    let two = cluster(&[
        M::new("a1", 1, "AGREE", "RUS", "PRK")
            .date("2024-06-19")
            .build(),
        M::new("a2", 1, "AGREE", "RUS", "PRK")
            .date("2023-09-13")
            .build(),
        M::new("u1", 1, "AGREE", "RUS", "PRK").build(),
    ]);
    assert_eq!(two.len(), 3);
}

#[test]
fn undated_mentions_in_one_window_form_one_cluster() {
    let cs = cluster(&[
        M::new("u1", 1, "SUPPORT", "PRK", "RUS")
            .published("2024-03-01")
            .build(),
        M::new("u2", 1, "SUPPORT", "PRK", "RUS")
            .published("2024-03-10")
            .build(),
        M::new("u3", 1, "SUPPORT", "PRK", "RUS")
            .published("2024-09-10")
            .build(),
    ]);
    assert_eq!(cs.len(), 2);
    assert!(together(&cs, "u1-01", "u2-01"));
}

#[test]
fn modes_and_quantities_must_agree() {
    let cs = cluster(&[
        M::new("q1", 1, "AID", "PRK", "RUS")
            .date("2024-10")
            .mode("military")
            .quantity(12000.0, "troops")
            .build(),
        M::new("q2", 1, "AID", "PRK", "RUS")
            .date("2024-10")
            .quantity(10000.0, "troops")
            .build(),
        M::new("q3", 1, "AID", "PRK", "RUS")
            .date("2024-10")
            .quantity(1500.0, "troops")
            .build(),
        M::new("q4", 1, "AID", "PRK", "RUS")
            .date("2024-10")
            .mode("humanitarian")
            .build(),
    ]);
    assert!(together(&cs, "q1-01", "q2-01"));
    assert!(!together(&cs, "q1-01", "q3-01"));
    assert!(!together(&cs, "q1-01", "q4-01"));
}

#[test]
fn claim_is_linked_to_its_denials_not_merged() {
    let cs = cluster(&[
        // The intelligence claim.
        M::new("a4", 1, "AID", "PRK", "RUS")
            .date("2024-10-18")
            .status(Status::Reported)
            .attributed("KOR")
            .mode("military")
            .quantity(12000.0, "troops")
            .build(),
        // The Kremlin's denial, and the denied event in the same sentence.
        M::new("a5", 1, "REJECT", "RUS", "KOR")
            .date("2024-10-18")
            .rule("triggers.tsv:187 `deny+` (deny)")
            .sentence(1)
            .build(),
        M::new("a5", 2, "AID", "PRK", "RUS")
            .date("2024-10-18")
            .status(Status::Denied)
            .mode("military")
            .sentence(1)
            .build(),
        // Pyongyang's denial three days later, without a denied mention.
        M::new("a5", 3, "REJECT", "PRK", "")
            .date("2024-10-21")
            .rule("triggers.tsv:187 `deny+` (deny)")
            .sentence(2)
            .build(),
        // A third party's denial of something else: not linked.
        M::new("x1", 1, "REJECT", "USA", "CHN")
            .date("2024-10-19")
            .rule("triggers.tsv:187 `deny+` (deny)")
            .build(),
    ]);
    let claim = of(&cs, "a4-01");
    assert_eq!(claim.mentions, vec!["a4-01"], "denials do not corroborate");
    assert_eq!(claim.corroboration, 1);
    assert_eq!(
        claim.contradicted_by,
        vec!["c-a5-01", "c-a5-02", "c-a5-03"],
        "both deniers and the denied mention"
    );
    for d in ["a5-01", "a5-02", "a5-03"] {
        assert_eq!(of(&cs, d).denies, vec!["c-a4-01"]);
    }
    assert!(of(&cs, "a5-02").is_denied_only());
    assert!(of(&cs, "x1-01").denies.is_empty());
}

#[test]
fn denial_far_from_an_unattributed_claim_is_not_linked() {
    let cs = cluster(&[
        // Asserted (not reported) and no denied mention in the denial's sentence.
        M::new("c1", 1, "AID", "PRK", "RUS")
            .date("2023-09-13")
            .build(),
        M::new("d1", 1, "REJECT", "RUS", "USA")
            .date("2023-09-20")
            .rule("x (deny)")
            .build(),
        // Reported, but the denial comes months later.
        M::new("c2", 1, "SANCTION", "RUS", "USA")
            .date("2022-01")
            .status(Status::Reported)
            .build(),
    ]);
    assert!(of(&cs, "c1-01").contradicted_by.is_empty());
    assert!(of(&cs, "c2-01").contradicted_by.is_empty());
}

#[test]
fn odd_input_does_not_panic() {
    let cs = cluster(&[
        M::new("", 0, "AID", "", "").raw_date("not a date").build(),
        M::new("é", 1, "AID", "", "")
            .raw_date("2024-02-30")
            .quantity(f64::NAN, "troops")
            .build(),
        M::new("é", 1, "AID", "", "")
            .quantity(0.0, "troops")
            .build(),
        M::new("w", 1, "AID", "", "").date("199X").build(),
    ]);
    let total: usize = cs.iter().map(|c| c.mentions.len()).sum();
    assert_eq!(total, 3, "the repeated (doc, id) is counted once");
}

#[test]
fn a_shared_year_alone_does_not_tie_a_denial_to_a_claim() {
    let claim = |doc: &str| {
        M::new(doc, 1, "AID", "PRK", "RUS")
            .date("2024")
            .status(Status::Reported)
            .attributed("UKR")
            .build()
    };
    let denial = |doc: &str, target: &str| {
        M::new(doc, 2, "REJECT", "RUS", target)
            .date("2024")
            .rule("x (deny)")
            .build()
    };
    // Another article, no target: only the year ties them.
    let cs = cluster(&[claim("c1"), denial("d1", "")]);
    assert!(of(&cs, "c1-01").contradicted_by.is_empty());
    // The same article reports both: linked.
    let cs = cluster(&[claim("c1"), denial("c1", "")]);
    assert_eq!(of(&cs, "c1-01").contradicted_by, vec!["c-c1-02"]);
    // The denial answers the accuser: linked.
    let cs = cluster(&[claim("c1"), denial("d1", "UKR")]);
    assert_eq!(of(&cs, "c1-01").contradicted_by, vec!["c-d1-02"]);
}

#[test]
fn clusters_round_trip_through_json() {
    let cs = cluster(&[
        M::new("a1", 1, "AGREE", "RUS", "PRK")
            .joint()
            .date("2024-06-19")
            .published("2024-06-19")
            .build(),
        M::new("a2", 1, "AGREE", "PRK", "RUS")
            .joint()
            .status(Status::Reported)
            .published("2024-06-27")
            .build(),
    ]);
    let json = serde_json::to_string(&cs).unwrap();
    assert!(
        json.contains(r#""statuses":{"asserted":1,"reported":1}"#),
        "{json}"
    );
    let back: Vec<Cluster> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, cs);
}

#[test]
fn cluster_block_and_intensity() {
    let cs = cluster(&[M::new("a5", 2, "AID", "PRK", "RUS")
        .date("2024-10-18")
        .status(Status::Denied)
        .build()]);
    assert_eq!(cs[0].block_key().to_string(), "AID|PRK|RUS|denied");
    assert_eq!(cs[0].intensity, 0.0);
}

#[test]
fn an_undated_denial_later_in_the_claims_article_is_linked() {
    let cs = cluster(&[
        // "Intelligence agencies said North Korea had sent troops."
        M::new("art", 1, "AID", "PRK", "RUS")
            .date("2024")
            .status(Status::Reported)
            .attributed("KOR")
            .sentence(3)
            .build(),
        // "Both Russia and North Korea have refuted these claims." (no date)
        M::new("art", 2, "REJECT", "RUS", "")
            .rule("triggers.tsv:187 `refute+` (deny)")
            .sentence(5)
            .build(),
        // The same undated denial in another article is not tied by anything.
        M::new("other", 1, "REJECT", "PRK", "")
            .rule("triggers.tsv:187 `refute+` (deny)")
            .sentence(1)
            .build(),
        // A denial before the claim in the article does not deny it.
        M::new("art", 3, "REJECT", "PRK", "")
            .rule("triggers.tsv:187 `deny+` (deny)")
            .sentence(1)
            .build(),
    ]);
    let claim = of(&cs, "art-01");
    assert_eq!(
        claim.contradicted_by,
        vec!["c-art-02"],
        "{:?}",
        claim.contradicted_by
    );
    assert!(of(&cs, "other-01").denies.is_empty());
}

#[test]
fn an_undated_denial_stays_linked_when_another_article_dates_it() {
    let cs = cluster(&[
        // "Officials in Seoul said Moldova had sent drones to Georgia." (no
        // date: only the article ties the denial to it)
        M::new("art", 1, "AID", "MDA", "GEO")
            .status(Status::Reported)
            .attributed("KOR")
            .sentence(3)
            .build(),
        // "Moldova has rejected the claim." (no date)
        M::new("art", 2, "REJECT", "MDA", "")
            .rule("triggers.tsv:187 `reject+` (deny)")
            .sentence(5)
            .build(),
        // A later article dates the same denial.
        M::new("later", 1, "REJECT", "MDA", "")
            .rule("triggers.tsv:187 `reject+` (deny)")
            .date("2024-03-02")
            .sentence(1)
            .build(),
    ]);
    assert!(
        together(&cs, "art-02", "later-01"),
        "the two denials are one cluster"
    );
    let claim = of(&cs, "art-01");
    let denial = of(&cs, "art-02");
    assert!(
        claim.contradicted_by.contains(&denial.id),
        "claim {:?} denial cluster {:?}",
        claim.contradicted_by,
        denial
    );
}
