//! Actor recognition over the five seed articles in ../shared (read at run
//! time; skipped when absent).

mod actors_common;
use actors_common::*;
use dyad_doc::{ActorKind, Doc};

fn seeds() -> Option<Vec<(String, Doc)>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let Ok(rd) = std::fs::read_dir(dir) else {
        eprintln!("note: {dir} not found, seed tests skipped");
        return None;
    };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        if p.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let name = p.file_name().map(|n| n.to_string_lossy().to_string());
            out.push((name.unwrap_or_default(), run(&text, None)));
        }
    }
    Some(out)
}

/// Every mention (over all seeds) whose text contains `needle`.
fn all_containing(docs: &[(String, Doc)], needle: &str) -> Vec<(String, dyad_doc::ActorMention)> {
    let mut v = Vec::new();
    for (n, d) in docs {
        for m in &d.actors {
            if d.slice(m.span).contains(needle) {
                v.push((format!("{n}: {}", d.slice(m.span)), m.clone()));
            }
        }
    }
    v
}

fn assert_all(docs: &[(String, Doc)], needle: &str, code: Option<&str>, sector: Option<&str>) {
    let found = all_containing(docs, needle);
    assert!(!found.is_empty(), "no mention containing '{needle}'");
    for (where_, m) in found {
        assert_eq!(code_sector(&m), (code, sector), "{where_} ({})", m.rule);
    }
}

#[test]
fn seed_states_and_metonyms() {
    let Some(docs) = seeds() else { return };
    for n in ["Pyongyang", "DPRK"] {
        assert!(!all_containing(&docs, n).is_empty(), "{n}");
        for (w, m) in all_containing(&docs, n) {
            assert_eq!(m.code.as_deref(), Some("PRK"), "{w}");
        }
    }
    for n in ["Kremlin", "Moscow"] {
        assert!(!all_containing(&docs, n).is_empty(), "{n}");
        for (w, m) in all_containing(&docs, n) {
            assert_eq!(m.code.as_deref(), Some("RUS"), "{w}");
        }
    }
}

#[test]
fn seed_people() {
    let Some(docs) = seeds() else { return };
    assert_all(&docs, "Sergei Lavrov", Some("RUS"), Some("GOV"));
    assert_all(&docs, "Maria Zakharova", Some("RUS"), Some("GOV"));
    assert_all(&docs, "Valery Gerasimov", Some("RUS"), Some("MIL"));
    assert_all(&docs, "Ri Su Yong", Some("PRK"), Some("GOV"));
    assert_all(&docs, "Choe Son Hui", Some("PRK"), Some("GOV"));
    assert_all(&docs, "Sin Hong Chol", Some("PRK"), Some("GOV"));
    for spelling in ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un"] {
        assert_all(&docs, spelling, Some("PRK"), Some("GOV"));
    }
}

#[test]
fn seed_role_phrases() {
    let Some(docs) = seeds() else { return };
    assert_all(&docs, "Joint Chief of Staff", Some("KOR"), Some("MIL"));
    assert_all(
        &docs,
        "South Korean intelligence agencies",
        Some("KOR"),
        Some("INT"),
    );
}

#[test]
fn seed_analyst_is_no_state() {
    let Some(docs) = seeds() else { return };
    let found = all_containing(&docs, "Pinkston");
    assert!(!found.is_empty());
    for (w, m) in found {
        assert_eq!(m.kind, ActorKind::Analyst, "{w}");
        assert_eq!(m.code, None, "{w}");
    }
}

#[test]
fn seed_mentions_are_sorted_and_on_boundaries() {
    let Some(docs) = seeds() else { return };
    for (n, d) in &docs {
        assert!(
            d.actors
                .windows(2)
                .all(|w| w[0].span.start <= w[1].span.start),
            "{n}"
        );
        for m in &d.actors {
            assert!(d.text.get(m.span.start..m.span.end).is_some(), "{n}");
            assert!(m.sentence < d.sentences.len().max(1), "{n}");
        }
    }
}
