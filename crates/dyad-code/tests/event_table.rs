//! Table-driven test of the coder: each row of `fixtures/events.tsv` is a
//! sentence written for this test, its publication date, the actor
//! mentions placed in it by hand and every event it must code, in order
//! (see the file's header for the columns). Placing the actors by hand
//! keeps the recogniser out: a row tests the coder alone.
//!
//! A failing row is printed with the events it got, written as the
//! `events` column would be.

use dyad_code::Coder;
use dyad_doc::{
    ActorKind, ActorMention, BlockKind, Doc, DocMeta, Paragraph, PublishedBasis, Sentence, Span,
};
use dyad_lexicon::Lexicon;

const TABLE: &str = include_str!("fixtures/events.tsv");

/// One actor to place: surface form, code (`None` for an uncoded mention,
/// an analyst), sector and kind.
struct Actor {
    surface: String,
    code: Option<String>,
    sector: Option<String>,
    kind: ActorKind,
}

/// Parses the `actors` column: `surface=CODE[/SECTOR][:kind]`, `;`-separated.
fn actors(cell: &str) -> Result<Vec<Actor>, String> {
    if cell == "-" {
        return Ok(Vec::new());
    }
    cell.split(';')
        .map(str::trim)
        .map(|a| {
            let (surface, rest) = a
                .rsplit_once('=')
                .ok_or_else(|| format!("actor '{a}' has no '='"))?;
            let (rest, kind) = match rest.split_once(':') {
                Some((r, k)) => (r, k),
                None => (rest, "country"),
            };
            let (code, sector) = match rest.split_once('/') {
                Some((c, s)) => (c, Some(s.to_string())),
                None => (rest, None),
            };
            let kind = match kind {
                "country" => ActorKind::Country,
                "demonym" => ActorKind::Demonym,
                "metonym" => ActorKind::Metonym,
                "organisation" => ActorKind::Organisation,
                "person" => ActorKind::Person,
                "role" => ActorKind::Role,
                "bloc" => ActorKind::Bloc,
                "coreference" => ActorKind::Coreference,
                "analyst" => ActorKind::Analyst,
                other => return Err(format!("unknown actor kind '{other}' in '{a}'")),
            };
            Ok(Actor {
                surface: surface.to_string(),
                code: (!code.is_empty()).then(|| code.to_string()),
                sector,
                kind,
            })
        })
        .collect()
}

/// A one-sentence, one-paragraph document with a mention at every
/// occurrence of each surface form (the first form listed claims its text
/// first), as the coder's unit tests build them.
fn doc(published: &str, text: &str, actors: &[Actor]) -> Doc {
    let meta = DocMeta {
        published: published.parse().ok(),
        published_basis: PublishedBasis::Stated,
        ..Default::default()
    };
    let mut d = Doc::new("table", text, meta);
    d.paragraphs = vec![Paragraph {
        span: Span::new(0, text.len()),
        kind: BlockKind::Body,
    }];
    d.sentences = vec![Sentence {
        span: Span::new(0, text.len()),
        paragraph: 0,
    }];
    let mut used = vec![false; text.len()];
    for a in actors {
        let mut from = 0;
        while let Some(k) = text[from..].find(a.surface.as_str()) {
            let s = from + k;
            from = s + a.surface.len();
            if used[s] {
                continue;
            }
            used[s..s + a.surface.len()]
                .iter_mut()
                .for_each(|u| *u = true);
            d.actors.push(ActorMention {
                span: Span::new(s, s + a.surface.len()),
                sentence: 0,
                code: a.code.clone(),
                sector: a.sector.clone(),
                kind: a.kind,
                name: a.surface.clone(),
                group: vec![],
                rule: "test".into(),
            });
        }
    }
    d.actors.sort_by_key(|m| m.span.start);
    d
}

/// The coded events as the `events` column writes them: `TYPE[/mode]
/// SOURCE>TARGET status`, `; `-separated, `-` for a missing party or for
/// no event at all.
fn show(d: &Doc) -> String {
    if d.events.is_empty() {
        return "-".into();
    }
    d.events
        .iter()
        .map(|e| {
            format!(
                "{}{} {}>{} {}",
                e.event_type,
                e.mode
                    .as_deref()
                    .map(|m| format!("/{m}"))
                    .unwrap_or_default(),
                e.source.as_deref().unwrap_or("-"),
                e.target.as_deref().unwrap_or("-"),
                e.status.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn table_of_sentences_and_events() {
    let lex = Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
    let coder = Coder::new(&lex);
    let mut rows = 0;
    let mut failures = Vec::new();
    let mut lines = TABLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let header = lines.next().map(|(_, l)| l);
    assert_eq!(
        header,
        Some("published\tsentence\tactors\tevents\tnote"),
        "the table's header"
    );
    for (i, line) in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        let [published, sentence, actor_cell, want, _note] = cols[..] else {
            panic!("events.tsv:{}: {} columns, want 5", i + 1, cols.len());
        };
        let placed = actors(actor_cell).unwrap_or_else(|e| panic!("events.tsv:{}: {e}", i + 1));
        let mut d = doc(published, sentence, &placed);
        coder.code(&mut d);
        let got = show(&d);
        rows += 1;
        if got != want {
            failures.push(format!(
                "events.tsv:{}: {sentence:?}\n   want {want}\n    got {got}",
                i + 1
            ));
        }
    }
    assert!(rows >= 50, "only {rows} rows");
    assert!(
        failures.is_empty(),
        "{} of {rows} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
