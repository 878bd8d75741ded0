//! Mechanism tests over the project's own sentences. Actor mentions are
//! placed by hand here so that these tests exercise the coder alone.
//!
//! A sentence whose check is only the events it codes (type, mode, source,
//! target, status) is a row of `tests/fixtures/events.tsv` instead
//! (`tests/event_table.rs`). The tests here check what a row cannot
//! express: several sentences, placed time mentions, dates, locations,
//! explanations, mentions outside the sentence, the lexicon.

use super::*;
use dyad_doc::{
    ActorMention, DateBasis, DocMeta, EventType, Paragraph, PublishedBasis, Sentence, Status,
    TimeMention,
};
use dyad_lexicon::Lexicon;

/// Builds a one-sentence doc with actor mentions for the given surface
/// forms: (text, code, sector, kind).
fn doc(text: &str, actors: &[(&str, &str, Option<&str>, ActorKind)]) -> Doc {
    let meta = DocMeta {
        published: Some("2024-10-25".parse().unwrap()),
        published_basis: PublishedBasis::Stated,
        ..Default::default()
    };
    let mut d = Doc::new("t", text, meta);
    d.paragraphs = vec![Paragraph {
        span: Span::new(0, text.len()),
        kind: BlockKind::Body,
    }];
    d.sentences = vec![Sentence {
        span: Span::new(0, text.len()),
        paragraph: 0,
    }];
    let mut used = vec![false; text.len()];
    for (surface, code, sector, kind) in actors {
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
            d.actors.push(ActorMention {
                span: Span::new(s, s + surface.len()),
                sentence: 0,
                code: if code.is_empty() {
                    None
                } else {
                    Some(code.to_string())
                },
                sector: sector.map(String::from),
                kind: *kind,
                name: surface.to_string(),
                group: vec![],
                rule: "test".into(),
            });
        }
    }
    d.actors.sort_by_key(|m| m.span.start);
    d
}

fn coder() -> Coder {
    let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
    Coder::new(&lex)
}

fn code(d: &mut Doc) -> Vec<(String, Option<String>, Option<String>, Status)> {
    coder().code(d);
    d.events
        .iter()
        .map(|e| {
            (
                e.event_type.to_string(),
                e.source.clone(),
                e.target.clone(),
                e.status,
            )
        })
        .collect()
}

use ActorKind::*;

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn coordinated_subjects_of_a_joint_action() {
    let mut d = doc(
        "China and the Philippines held talks in Manila.",
        &[
            ("China", "CHN", None, Country),
            ("Philippines", "PHL", None, Country),
            ("Manila", "PHL", None, Metonym),
        ],
    );
    let ev = code(&mut d);
    assert_eq!(
        ev,
        vec![("CONSULT".into(), s("CHN"), s("PHL"), Status::Asserted)]
    );
    assert_eq!(d.events[0].location.as_deref(), Some("Manila"));
    assert!(d.events[0].joint);
}

#[test]
fn a_claim_is_reported_and_attributed_to_its_speaker() {
    // (The modal and the plan: rows of tests/fixtures/events.tsv.)
    let mut d = doc(
        "South Korea said North Korea shipped shells to Russia.",
        &[
            ("South Korea", "KOR", None, Country),
            ("North Korea", "PRK", None, Country),
            ("Russia", "RUS", None, Country),
        ],
    );
    coder().code(&mut d);
    let aid = d
        .events
        .iter()
        .find(|e| e.event_type == EventType::Aid)
        .expect("an AID event");
    assert_eq!(
        (aid.source.as_deref(), aid.target.as_deref(), aid.status),
        (Some("PRK"), Some("RUS"), Status::Reported)
    );
    assert_eq!(aid.attributed_to.as_deref(), Some("KOR"));
}

#[test]
fn dates_come_from_the_clause_and_restatements_are_dropped() {
    let text = "Germany met Poland in March 2021. Germany met Poland in March 2021.";
    let mut d = doc(
        text,
        &[
            ("Germany", "DEU", None, Country),
            ("Poland", "POL", None, Country),
        ],
    );
    d.sentences = vec![
        Sentence {
            span: Span::new(0, 33),
            paragraph: 0,
        },
        Sentence {
            span: Span::new(34, text.len()),
            paragraph: 0,
        },
    ];
    for m in d.actors.iter_mut() {
        m.sentence = usize::from(m.span.start >= 34);
    }
    for (start, sent) in [(21usize, 0usize), (55, 1)] {
        d.times.push(TimeMention {
            span: Span::new(start, start + 10),
            sentence: sent,
            value: Some("2021-03".parse().unwrap()),
            relative: false,
            since: false,
            rule: "test".into(),
        });
    }
    coder().code(&mut d);
    assert_eq!(d.events.len(), 1);
    assert_eq!(
        d.events[0].date.map(|x| x.to_string()).as_deref(),
        Some("2021-03")
    );
    assert!(d.events[0].why.iter().any(|w| w.contains("date from")));
    // A time of the event's own sentence: the date is stated.
    assert_eq!(d.events[0].date_basis, DateBasis::Stated);
}

#[test]
fn explanations_name_the_lexicon_entry() {
    let mut d = doc(
        "France criticised Mali.",
        &[
            ("France", "FRA", None, Country),
            ("Mali", "MLI", None, Country),
        ],
    );
    coder().code(&mut d);
    assert!(
        d.events[0].rule.starts_with("triggers.tsv:"),
        "{}",
        d.events[0].rule
    );
    assert!(d.events[0].why[0].contains("criticised"));
}

#[test]
fn an_object_referring_back_takes_the_parties_of_the_previous_event() {
    let text = "India and Pakistan signed a ceasefire agreement. Japan welcomed the announcement.";
    let mut d = doc(
        text,
        &[
            ("India", "IND", None, Country),
            ("Pakistan", "PAK", None, Country),
            ("Japan", "JPN", None, Country),
        ],
    );
    d.sentences = vec![
        Sentence {
            span: Span::new(0, 48),
            paragraph: 0,
        },
        Sentence {
            span: Span::new(49, text.len()),
            paragraph: 0,
        },
    ];
    for m in d.actors.iter_mut() {
        m.sentence = usize::from(m.span.start >= 49);
    }
    let ev = code(&mut d);
    assert!(
        ev.contains(&("SUPPORT".into(), s("JPN"), s("IND"), Status::Asserted)),
        "{ev:?}"
    );
    assert!(
        ev.contains(&("SUPPORT".into(), s("JPN"), s("PAK"), Status::Asserted)),
        "{ev:?}"
    );
}

#[test]
fn a_past_trigger_is_not_dated_by_the_publication_year() {
    // "urged" is past: no date, rather than the publication year.
    let mut d = doc(
        "Afterwards, Norway urged restraint on Chile.",
        &[
            ("Norway", "NOR", None, ActorKind::Country),
            ("Chile", "CHL", None, ActorKind::Country),
        ],
    );
    coder().code(&mut d);
    assert_eq!(d.events.len(), 1);
    assert_eq!(d.events[0].date, None);
    assert_eq!(d.events[0].date_basis, DateBasis::None);
    // Undated, it is still reported: the record carries the publication date.
    let rec = &d.event_records()[0];
    assert_eq!(rec.reported.as_deref(), Some("2024-10-25"));
    assert_eq!(rec.reported_precision.as_deref(), Some("day"));
    assert_eq!(rec.date_basis, Some(DateBasis::None));
    // The same verb in the present describes an ongoing activity.
    let mut d = doc(
        "Norway urges restraint on Chile.",
        &[
            ("Norway", "NOR", None, ActorKind::Country),
            ("Chile", "CHL", None, ActorKind::Country),
        ],
    );
    coder().code(&mut d);
    assert_eq!(
        d.events[0].date.map(|x| x.to_string()).as_deref(),
        Some("2024")
    );
    // Dated by the publication date, and saying so.
    assert_eq!(d.events[0].date_basis, DateBasis::Publication);
    assert_eq!(
        d.event_records()[0].date_basis,
        Some(DateBasis::Publication)
    );
}

#[test]
fn a_time_in_a_relative_clause_dates_only_that_clause() {
    let text = "Peru, which tried to mediate between them in 2019, urged Chile to talk.";
    let mut d = doc(
        text,
        &[
            ("Peru", "PER", None, ActorKind::Country),
            ("Chile", "CHL", None, ActorKind::Country),
        ],
    );
    let at = text.find("2019").unwrap();
    d.times.push(TimeMention {
        span: Span::new(at, at + 4),
        sentence: 0,
        value: Some("2019".parse().unwrap()),
        relative: false,
        since: false,
        rule: "test".into(),
    });
    coder().code(&mut d);
    let urge = d
        .events
        .iter()
        .find(|e| e.event_type == EventType::Request)
        .unwrap_or_else(|| panic!("no REQUEST in {:?}", d.events));
    assert_eq!(urge.target.as_deref(), Some("CHL"));
    assert_eq!(urge.date, None);
}

#[test]
fn the_recent_past_and_the_perfect_progressive_take_the_publication_year() {
    let pair = [
        ("Peru", "PER", None, Country),
        ("Chile", "CHL", None, Country),
    ];
    for text in [
        "Peru recently urged Chile to reopen the border.",
        "During a recent incident, Peru condemned Chile.",
        "Peru has been pressuring Chile to reopen the border.",
    ] {
        let mut d = doc(text, &pair);
        coder().code(&mut d);
        assert_eq!(
            d.events
                .first()
                .and_then(|e| e.date)
                .map(|x| x.to_string())
                .as_deref(),
            Some("2024"),
            "{text}: {:?}",
            d.events
        );
    }
    // The simple perfect stays undated.
    let mut d = doc("Peru has condemned Chile.", &pair);
    coder().code(&mut d);
    assert_eq!(d.events.first().and_then(|e| e.date), None);
}

#[test]
fn an_undated_event_that_is_only_an_object_is_not_recorded() {
    let pair = [
        ("Chile", "CHL", None, Country),
        ("Peru", "PER", None, Country),
    ];
    let mut d = doc("Chile condemned Peru's nuclear test.", &pair);
    let got = code(&mut d);
    assert!(got.iter().all(|e| e.0 != "MOBILIZE"), "{got:?}");
    assert!(got.iter().any(|e| e.0 == "ACCUSE"), "{got:?}");
    // Dated, the object is an event of its own.
    let text = "Chile condemned Peru's nuclear test of 2013.";
    let mut d = doc(text, &pair);
    let at = text.find("2013").unwrap_or(0);
    d.times.push(TimeMention {
        span: Span::new(at, at + 4),
        sentence: 0,
        value: Some("2013".parse().unwrap()),
        relative: false,
        since: false,
        rule: "test".into(),
    });
    let got = code(&mut d);
    assert!(got.iter().any(|e| e.0 == "MOBILIZE"), "{got:?}");
}

#[test]
fn a_reciprocal_verb_with_no_partner_named_is_not_given_one() {
    // (An embedded question and "they talk", a verb: rows of
    // tests/fixtures/events.tsv.)
    // A reciprocal verb with no partner named is not given one.
    let mut d = doc(
        "Chilean officials discussed the idea.",
        &[("Chilean officials", "CHL", Some("GOV"), Role)],
    );
    d.actors.push(ActorMention {
        span: Span::new(0, 0),
        sentence: 1,
        code: Some("PER".into()),
        sector: None,
        kind: Country,
        name: "Peru".into(),
        group: vec![],
        rule: "test".into(),
    });
    assert!(code(&mut d).is_empty());
}

#[test]
fn the_subject_of_a_reporting_clause_speaks_for_a_subjectless_complement() {
    // "said it would respond": no subject of its own ("it" is expletive
    // before "would"); the speaker is the clause's subject, and the
    // threatened party the document's other main party, an organisation.
    let text = "Chile condemned the new measures as unlawful and said would respond.";
    let mut d = doc(text, &[("Chile", "CHL", None, Country)]);
    d.actors.push(ActorMention {
        span: Span::new(0, 0),
        sentence: 1,
        code: Some("EUR".into()),
        sector: None,
        kind: Organisation,
        name: "EU".into(),
        group: vec![],
        rule: "test".into(),
    });
    let got = code(&mut d);
    assert!(
        got.contains(&("THREATEN".into(), s("CHL"), s("EUR"), Status::Asserted)),
        "{got:?}"
    );
}

#[test]
fn a_linked_sentence_takes_the_year_of_the_time_told_before() {
    // Two paragraphs: a dated event, then "In response, ..." in the next.
    let mut d = two_paragraphs(
        "In March 2013 Peru condemned Chile.",
        "In response, Bolivia urged Chile to talk.",
        &[
            ("Peru", "PER", None, Country),
            ("Chile", "CHL", None, Country),
            ("Bolivia", "BOL", None, Country),
        ],
    );
    d.times.push(TimeMention {
        span: Span::new(3, 13),
        sentence: 0,
        value: Some("2013-03".parse().unwrap()),
        relative: false,
        since: false,
        rule: "test".into(),
    });
    coder().code(&mut d);
    let urge = d
        .events
        .iter()
        .find(|e| e.event_type == EventType::Request)
        .unwrap_or_else(|| panic!("{:?}", d.events));
    assert_eq!(urge.date.map(|x| x.to_string()).as_deref(), Some("2013"));
}

#[test]
fn a_contrasted_clause_does_not_lend_its_time() {
    let text = "Peru joined in 2023, but Chile's bid was held up by Bolivia.";
    let mut d = doc(
        text,
        &[
            ("Peru", "PER", None, Country),
            ("Chile", "CHL", None, Country),
            ("Bolivia", "BOL", None, Country),
        ],
    );
    let at = text.find("2023").unwrap_or(0);
    d.times.push(TimeMention {
        span: Span::new(at, at + 4),
        sentence: 0,
        value: Some("2023".parse().unwrap()),
        relative: false,
        since: false,
        rule: "test".into(),
    });
    coder().code(&mut d);
    let held = d
        .events
        .iter()
        .find(|e| e.event_type == EventType::Reject)
        .unwrap_or_else(|| panic!("{:?}", d.events));
    assert_eq!(held.date, None);
}

#[test]
fn a_time_in_a_restrictive_relative_clause_after_the_trigger_is_not_the_events() {
    let text = "Peru may seek to restore sanctions on Chile that were lifted in 2015.";
    let mut d = doc(
        text,
        &[
            ("Peru", "PER", None, Country),
            ("Chile", "CHL", None, Country),
        ],
    );
    let at = text.find("2015").unwrap_or(0);
    d.times.push(TimeMention {
        span: Span::new(at, at + 4),
        sentence: 0,
        value: Some("2015".parse().unwrap()),
        relative: false,
        since: false,
        rule: "test".into(),
    });
    coder().code(&mut d);
    let e = d
        .events
        .iter()
        .find(|e| e.event_type == EventType::Sanction)
        .unwrap_or_else(|| panic!("{:?}", d.events));
    assert_eq!(e.date, None);
    assert_eq!(e.status, Status::Hypothetical);
}

#[test]
fn a_since_reference_dates_later_sentences_by_its_year() {
    let text = "Much has changed since May 4, 2022. Peru imposed sanctions on Chile.";
    let cut = text.find("Peru").unwrap_or(0);
    let mut d = doc(
        text,
        &[
            ("Peru", "PER", None, Country),
            ("Chile", "CHL", None, Country),
        ],
    );
    d.sentences = vec![
        Sentence {
            span: Span::new(0, cut - 1),
            paragraph: 0,
        },
        Sentence {
            span: Span::new(cut, text.len()),
            paragraph: 0,
        },
    ];
    for m in d.actors.iter_mut() {
        m.sentence = 1;
    }
    let at = text.find("May").unwrap_or(0);
    d.times.push(TimeMention {
        span: Span::new(at, at + 11),
        sentence: 0,
        value: Some("2022-05-04".parse().unwrap()),
        relative: false,
        since: true,
        rule: "test".into(),
    });
    coder().code(&mut d);
    assert_eq!(d.events.len(), 1, "{:?}", d.events);
    assert_eq!(
        d.events[0].date.map(|x| x.to_string()).as_deref(),
        Some("2022")
    );
    // A time carried from an earlier sentence: the context dates it.
    assert_eq!(d.events[0].date_basis, DateBasis::Context);
}

#[test]
fn a_visit_to_a_place_has_its_country_as_host_and_the_finer_date() {
    let text = "In August 2015 a Chilean delegation attended the 2015 Games in Lima.";
    let mut d = doc(
        text,
        &[
            ("Chilean delegation", "CHL", Some("GOV"), Role),
            ("Lima", "PER", None, Metonym),
        ],
    );
    for (needle, len, value) in [("August 2015", 11, "2015-08"), ("2015 Games", 4, "2015")] {
        let at = text.find(needle).unwrap_or(0);
        d.times.push(TimeMention {
            span: Span::new(at, at + len),
            sentence: 0,
            value: Some(value.parse().unwrap()),
            relative: false,
            since: false,
            rule: "test".into(),
        });
    }
    coder().code(&mut d);
    assert_eq!(d.events.len(), 1, "{:?}", d.events);
    assert_eq!(d.events[0].target.as_deref(), Some("PER"));
    assert_eq!(
        d.events[0].date.map(|x| x.to_string()).as_deref(),
        Some("2015-08")
    );
}

#[test]
fn dated_acts_told_with_other_words_are_not_restatements() {
    let text = "In 2015 Chile visited Peru. In 2015 Chilean officials attended talks in Lima.";
    let cut = text.find("In 2015 Chilean").unwrap_or(0);
    let mut d = doc(
        text,
        &[
            ("Chile", "CHL", None, Country),
            ("Peru", "PER", None, Country),
            ("Chilean officials", "CHL", Some("GOV"), Role),
            ("Lima", "PER", None, Metonym),
        ],
    );
    d.sentences = vec![
        Sentence {
            span: Span::new(0, cut - 1),
            paragraph: 0,
        },
        Sentence {
            span: Span::new(cut, text.len()),
            paragraph: 0,
        },
    ];
    for m in d.actors.iter_mut() {
        m.sentence = usize::from(m.span.start >= cut);
    }
    for (at, sent) in [(3usize, 0usize), (cut + 3, 1)] {
        d.times.push(TimeMention {
            span: Span::new(at, at + 4),
            sentence: sent,
            value: Some("2015".parse().unwrap()),
            relative: false,
            since: false,
            rule: "test".into(),
        });
    }
    coder().code(&mut d);
    let consults = d
        .events
        .iter()
        .filter(|e| e.event_type == EventType::Consult)
        .count();
    assert!(consults >= 2, "{:?}", d.events);
}

#[test]
fn coordinated_dates_give_one_event_each_and_a_long_period_dates_nothing() {
    let text = "Peru met Chilean leaders in 2001 and 2002.";
    let mut d = doc(
        text,
        &[
            ("Peru", "PER", None, Country),
            ("Chilean leaders", "CHL", Some("GOV"), Role),
        ],
    );
    for y in ["2001", "2002"] {
        let at = text.find(y).unwrap_or(0);
        d.times.push(TimeMention {
            span: Span::new(at, at + 4),
            sentence: 0,
            value: Some(y.parse().unwrap()),
            relative: false,
            since: false,
            rule: "test".into(),
        });
    }
    coder().code(&mut d);
    let mut dates: Vec<String> = d
        .events
        .iter()
        .filter_map(|e| e.date.map(|x| x.to_string()))
        .collect();
    dates.sort();
    assert_eq!(dates, vec!["2001", "2002"], "{:?}", d.events);

    let text = "During the Cold War, Cuba sent troops to Angola.";
    let mut d = doc(
        text,
        &[
            ("Cuba", "CUB", None, Country),
            ("Angola", "AGO", None, Country),
        ],
    );
    d.times.push(TimeMention {
        span: Span::new(7, 20),
        sentence: 0,
        value: None,
        relative: false,
        since: false,
        rule: "eras.tsv".into(),
    });
    coder().code(&mut d);
    assert_eq!(d.events.len(), 1);
    assert_eq!(d.events[0].date, None);
}

#[test]
fn would_after_an_agreement_is_a_plan() {
    let pair = [
        ("Peru", "PER", None, Country),
        ("Chile", "CHL", None, Country),
    ];
    let mut d = doc("Peru agreed that it would invest in Chile.", &pair);
    let got = code(&mut d);
    assert!(
        got.contains(&("COOPERATE".into(), s("PER"), s("CHL"), Status::Planned)),
        "{got:?}"
    );
    let mut d = doc("Peru would invest in Chile.", &pair);
    let got = code(&mut d);
    assert!(
        got.contains(&("COOPERATE".into(), s("PER"), s("CHL"), Status::Hypothetical)),
        "{got:?}"
    );
}

/// Two sentences in one paragraph, actors placed by surface form.
fn two_sentences(
    first: &str,
    second: &str,
    actors: &[(&str, &str, Option<&str>, ActorKind)],
) -> Doc {
    let text = format!("{first} {second}");
    let cut = first.len() + 1;
    let mut d = doc(&text, actors);
    d.sentences = vec![
        Sentence {
            span: Span::new(0, first.len()),
            paragraph: 0,
        },
        Sentence {
            span: Span::new(cut, text.len()),
            paragraph: 0,
        },
    ];
    for m in d.actors.iter_mut() {
        m.sentence = usize::from(m.span.start >= cut);
    }
    d
}

/// Two sentences, each its own paragraph.
fn two_paragraphs(
    first: &str,
    second: &str,
    actors: &[(&str, &str, Option<&str>, ActorKind)],
) -> Doc {
    let mut d = two_sentences(first, second, actors);
    let cut = first.len() + 1;
    d.paragraphs = vec![
        Paragraph {
            span: Span::new(0, first.len()),
            kind: BlockKind::Body,
        },
        Paragraph {
            span: Span::new(cut, d.text.len()),
            kind: BlockKind::Body,
        },
    ];
    if let Some(s) = d.sentences.get_mut(1) {
        s.paragraph = 1;
    }
    d
}

#[test]
fn a_later_telling_dated_to_the_day_refines_the_first() {
    let mut d = two_sentences(
        "In May the Chilean defence minister arrived in Lima on a visit.",
        "The Chilean defence minister meets Peruvian generals in Lima on May 4, 2023.",
        &[
            ("Chilean defence minister", "CHL", Some("MIL"), Role),
            ("Peruvian generals", "PER", Some("MIL"), Role),
            ("Lima", "PER", None, Metonym),
        ],
    );
    let first = d.text.find("May").unwrap_or(0);
    let second = d.text.find("May 4, 2023").unwrap_or(0);
    d.times.push(TimeMention {
        span: Span::new(first, first + 3),
        sentence: 0,
        value: Some("2023-05".parse().unwrap()),
        relative: true,
        since: false,
        rule: "test".into(),
    });
    d.times.push(TimeMention {
        span: Span::new(second, second + 11),
        sentence: 1,
        value: Some("2023-05-04".parse().unwrap()),
        relative: false,
        since: false,
        rule: "test".into(),
    });
    coder().code(&mut d);
    let consults: Vec<&Event> = d
        .events
        .iter()
        .filter(|e| e.event_type == EventType::Consult)
        .collect();
    assert_eq!(consults.len(), 1, "{:?}", d.events);
    assert_eq!(
        consults[0].date.map(|x| x.to_string()).as_deref(),
        Some("2023-05-04")
    );
    assert_eq!(consults[0].sentence, 0, "the first statement is the quote");
}

#[test]
fn following_the_event_told_before_takes_only_its_year() {
    let mut d = two_sentences(
        "In June 2023 Chile signed a treaty with Peru.",
        "Following the treaty, Chilean officials visited Peru.",
        &[
            ("Chile", "CHL", None, Country),
            ("Peru", "PER", None, Country),
            ("Chilean officials", "CHL", Some("GOV"), Role),
        ],
    );
    d.times.push(TimeMention {
        span: Span::new(3, 12),
        sentence: 0,
        value: Some("2023-06".parse().unwrap()),
        relative: false,
        since: false,
        rule: "test".into(),
    });
    coder().code(&mut d);
    let visit = d
        .events
        .iter()
        .find(|e| e.event_type == EventType::Consult)
        .map(|e| e.date.map(|x| x.to_string()));
    assert_eq!(visit, Some(Some("2023".to_string())), "{:?}", d.events);
}

#[test]
fn a_past_act_told_by_a_present_report_and_a_plan_announced_recently_take_the_publication_year() {
    // The publication date of `doc` is 2024-10-25.
    let mut d = doc(
        "The Bolivian ministry claims that Chile approached Peru for loans.",
        &[
            ("Bolivian ministry", "BOL", Some("GOV"), Role),
            ("Chile", "CHL", None, Country),
            ("Peru", "PER", None, Country),
        ],
    );
    coder().code(&mut d);
    let ev = d.events.iter().find(|e| e.event_type == EventType::Request);
    assert_eq!(
        ev.and_then(|e| e.date).map(|x| x.to_string()).as_deref(),
        Some("2024"),
        "{:?}",
        d.events
    );
    let mut d = doc(
        "A Chilean official recently suggested that Chile is ready to resume exports to Peru.",
        &[
            ("Chilean official", "CHL", Some("GOV"), Role),
            ("Chile", "CHL", None, Country),
            ("Peru", "PER", None, Country),
        ],
    );
    coder().code(&mut d);
    let ev = d.events.iter().find(|e| e.status == Status::Planned);
    assert_eq!(
        ev.and_then(|e| e.date).map(|x| x.to_string()).as_deref(),
        Some("2024"),
        "{:?}",
        d.events
    );
}

fn time(d: &mut Doc, surface: &str, sentence: usize, value: &str) {
    let at = d.text.find(surface).unwrap_or(0);
    d.times.push(TimeMention {
        span: Span::new(at, at + surface.len()),
        sentence,
        value: Some(value.parse().unwrap()),
        relative: false,
        since: false,
        rule: "test".into(),
    });
    d.times.sort_by_key(|t| t.span.start);
}

#[test]
fn coordinated_decades_are_a_range_that_dates_nothing() {
    let mut d = doc(
        "Chile acquired missile technology from Peru in the 1980s and 1990s.",
        &[
            ("Chile", "CHL", None, Country),
            ("Peru", "PER", None, Country),
        ],
    );
    time(&mut d, "1980s", 0, "198X");
    time(&mut d, "1990s", 0, "199X");
    coder().code(&mut d);
    assert_eq!(d.events.len(), 1, "{:?}", d.events);
    assert_eq!(d.events[0].date, None, "{:?}", d.events);
}

#[test]
fn a_bare_gerund_and_an_authors_possibility_are_not_dated_by_tense_or_reference() {
    // "concern" is present, but "deepening ties" names an activity.
    let mut d = doc(
        "Two trends concern Peru: NATO deepening ties with Chile.",
        &[
            ("Peru", "PER", None, Country),
            ("NATO", "NATO", None, Organisation),
            ("Chile", "CHL", None, Country),
        ],
    );
    coder().code(&mut d);
    assert!(d.events.iter().all(|e| e.date.is_none()), "{:?}", d.events);
    // The author's "could" takes no date from the sentence before.
    let mut d = two_sentences(
        "In 2019 Chile signed a trade treaty with Peru.",
        "In return, Chile could export copper to Peru.",
        &[
            ("Chile", "CHL", None, Country),
            ("Peru", "PER", None, Country),
        ],
    );
    time(&mut d, "2019", 0, "2019");
    coder().code(&mut d);
    let hypo: Vec<&Event> = d
        .events
        .iter()
        .filter(|e| e.status == Status::Hypothetical)
        .collect();
    assert!(!hypo.is_empty(), "{:?}", d.events);
    assert!(hypo.iter().all(|e| e.date.is_none()), "{hypo:?}");
}

#[test]
fn a_sentence_that_only_inherits_its_date_restates_the_act_before_it() {
    let mut d = two_sentences(
        "In May 2014 Peru condemned Chile.",
        "Peru also warned Chile of the risks.",
        &[
            ("Peru", "PER", None, Country),
            ("Chile", "CHL", None, Country),
        ],
    );
    time(&mut d, "May 2014", 0, "2014-05");
    coder().code(&mut d);
    let accuse: Vec<&Event> = d
        .events
        .iter()
        .filter(|e| e.event_type == EventType::Accuse)
        .collect();
    assert_eq!(accuse.len(), 1, "{:?}", d.events);
}

#[test]
fn a_pluperfect_or_past_progressive_takes_only_the_year_of_the_reference() {
    let mut d = two_sentences(
        "In May 2014 Peru signed a treaty with Chile.",
        "Peru was negotiating similar drills with Bolivia.",
        &[
            ("Peru", "PER", None, Country),
            ("Chile", "CHL", None, Country),
            ("Bolivia", "BOL", None, Country),
        ],
    );
    time(&mut d, "May 2014", 0, "2014-05");
    coder().code(&mut d);
    let talks = d
        .events
        .iter()
        .find(|e| e.target.as_deref() == Some("BOL"))
        .map(|e| e.date.map(|x| x.to_string()));
    assert_eq!(talks, Some(Some("2014".to_string())), "{:?}", d.events);
}

#[test]
fn the_next_sentence_naming_the_act_by_its_word_dates_the_first_statement() {
    let mut d = two_sentences(
        "Peru has long been wary of joint exercises between Chile and Argentina.",
        "In March 2013 the exercises between Chile and Argentina resumed.",
        &[
            ("Peru", "PER", None, Country),
            ("Chile", "CHL", None, Country),
            ("Argentina", "ARG", None, Country),
        ],
    );
    time(&mut d, "March 2013", 1, "2013-03");
    coder().code(&mut d);
    let drills: Vec<&Event> = d
        .events
        .iter()
        .filter(|e| e.event_type == EventType::Cooperate)
        .collect();
    assert_eq!(drills.len(), 1, "{:?}", d.events);
    assert_eq!(drills[0].sentence, 0);
    assert_eq!(
        drills[0].date.map(|x| x.to_string()).as_deref(),
        Some("2013-03")
    );
}

#[test]
fn a_condition_on_a_present_activity_keeps_the_publication_year() {
    let mut d = doc(
        "If Chile is sending arms to Peru, why can't Bolivia?",
        &[
            ("Chile", "CHL", None, Country),
            ("Peru", "PER", None, Country),
            ("Bolivia", "BOL", None, Country),
        ],
    );
    coder().code(&mut d);
    let aid = d.events.iter().find(|e| e.event_type == EventType::Aid);
    assert_eq!(
        aid.and_then(|e| e.date).map(|x| x.to_string()).as_deref(),
        Some("2024"),
        "{:?}",
        d.events
    );
}

#[test]
fn a_pluperfect_paragraph_opening_takes_the_year_told_before() {
    let mut d = two_paragraphs(
        "In March 2013 Peru condemned Chile.",
        "Tensions had also grown over Chilean threats against Peru.",
        &[
            ("Peru", "PER", None, Country),
            ("Chile", "CHL", None, Country),
            ("Chilean", "CHL", None, Demonym),
        ],
    );
    time(&mut d, "March 2013", 0, "2013-03");
    coder().code(&mut d);
    let threat = d
        .events
        .iter()
        .find(|e| e.event_type == EventType::Threaten)
        .map(|e| e.date.map(|x| x.to_string()));
    assert_eq!(threat, Some(Some("2013".to_string())), "{:?}", d.events);
}

#[test]
fn a_denial_is_known_by_its_flag_as_it_was_by_its_rule_text() {
    // The coder once told a denial by "deny" in its event's rule line (the
    // `(deny)` flag or the verb in the pattern; a means event's line has
    // no flags); the typed tests must pick the same entries of the
    // built-in lexicon.
    let c = coder();
    for (t, rule) in c.lex.triggers.iter().zip(&c.trigger_rule) {
        assert_eq!(
            t.event_type == EventType::Reject && rule.contains("deny"),
            t.states_denial(),
            "{rule}"
        );
        // The shorter rule line of a means event: the verb alone.
        let means_rule = format!("{} `{}`", t.origin, t.text);
        if t.event_type == EventType::Reject {
            assert_eq!(
                means_rule.contains("deny"),
                t.verb_lemma.as_deref() == Some("deny"),
                "{means_rule}"
            );
        }
    }
}

#[test]
fn a_second_denial_is_not_marked_denied() {
    let mut d = doc(
        "Iran denied the report and Syria denied talks with Israel.",
        &[
            ("Iran", "IRN", None, Country),
            ("Syria", "SYR", None, Country),
            ("Israel", "ISR", None, Country),
        ],
    );
    coder().code(&mut d);
    assert!(
        d.events
            .iter()
            .all(|e| e.event_type != EventType::Reject || e.status != Status::Denied),
        "{:?}",
        d.events
            .iter()
            .map(|e| (e.event_type, e.status, e.rule.as_str()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_since_time_that_measures_a_superlative_dates_nothing() {
    // "the largest exercises since 1981": 1981 is the comparison, the
    // sending is dated by the report.
    let text = "Peru will send troops to Chile's largest exercises since 1981, officials said on 21 August 2018.";
    let mut d = doc(
        text,
        &[
            ("Peru", "PER", None, ActorKind::Country),
            ("Chile", "CHL", None, ActorKind::Country),
        ],
    );
    for (surface, value, since) in [
        ("1981", "1981", true),
        ("21 August 2018", "2018-08-21", false),
    ] {
        let at = text.find(surface).unwrap();
        d.times.push(TimeMention {
            span: Span::new(at, at + surface.len()),
            sentence: 0,
            value: Some(value.parse().unwrap()),
            relative: false,
            since,
            rule: "test".into(),
        });
    }
    coder().code(&mut d);
    assert!(!d.events.is_empty(), "no event in {:?}", d.events);
    for e in &d.events {
        assert_ne!(e.date, Some("1981".parse().unwrap()), "{e:?}");
    }
}
