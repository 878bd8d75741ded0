//! End-to-end tests of `read_document`: own fixtures, bad inputs, and the
//! shared seeds and HTML fixtures when they are present.

use dyad_doc::{BlockKind, PartialDate, PublishedBasis, SourceFormat};
use dyad_lexicon::text::TextLexicon;
use dyad_lexicon::Sources;
use dyad_read::{collect_inputs, read_document, ReadError, ReadOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/html");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn lex() -> TextLexicon {
    TextLexicon::load(&Sources::builtin()).unwrap_or_else(|e| panic!("{e}"))
}

fn read(name: &str, path: Option<&Path>, bytes: &[u8]) -> Result<dyad_doc::Doc, ReadError> {
    read_document(name, path, bytes, &lex(), &ReadOptions::default())
}

/// Bag-of-whitespace-tokens F1.
fn token_f1(pred: &str, gold: &str) -> f64 {
    fn count(s: &str) -> HashMap<&str, usize> {
        let mut m: HashMap<&str, usize> = HashMap::new();
        for t in s.split_whitespace() {
            *m.entry(t).or_default() += 1;
        }
        m
    }
    let (p, g) = (count(pred), count(gold));
    let tp: usize = p
        .iter()
        .map(|(t, n)| (*n).min(*g.get(t).unwrap_or(&0)))
        .sum();
    if tp == 0 {
        return 0.0;
    }
    let prec = tp as f64 / pred.split_whitespace().count() as f64;
    let rec = tp as f64 / gold.split_whitespace().count() as f64;
    2.0 * prec * rec / (prec + rec)
}

fn fixture(name: &str) -> (PathBuf, Vec<u8>) {
    let p = Path::new(FIXTURES).join(name);
    let b = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    (p, b)
}

#[test]
fn own_html_fixture_is_clean_and_has_metadata() {
    let (p, b) = fixture("harbour_talks.html");
    let doc = read("harbour_talks", Some(&p), &b).unwrap_or_else(|e| panic!("{e}"));
    let gold =
        std::fs::read_to_string(p.with_file_name("harbour_talks.clean.txt")).unwrap_or_default();
    let f1 = token_f1(&doc.text, &gold);
    assert!(f1 >= 0.98, "F1 {f1:.3}\n---\n{}", doc.text);
    for junk in [
        "cookies",
        "Sign up",
        "READ MORE",
        "Related",
        "Great reporting",
        "©",
        "(Photo",
    ] {
        assert!(!doc.text.contains(junk), "{junk} in\n{}", doc.text);
    }
    let m = &doc.meta;
    assert_eq!(m.title.as_deref(), Some("Harbour talks end without a deal"));
    assert_eq!(m.author.as_deref(), Some("Mara Feldt"));
    // article:published_time wins over JSON-LD and the byline.
    assert_eq!(m.published, PartialDate::day(2021, 6, 14));
    assert_eq!(m.published_basis, PublishedBasis::Metadata);
    assert_eq!(m.site_name.as_deref(), Some("The Coastal Ledger"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://ledger.example/world/harbour-talks")
    );
    assert_eq!(m.format, SourceFormat::Html);
    let kinds: Vec<(BlockKind, &str)> = doc
        .paragraphs
        .iter()
        .map(|p| (p.kind, doc.slice(p.span)))
        .collect();
    assert!(
        kinds.contains(&(
            BlockKind::Caption,
            "Col. Gen. Arvo Lind speaks to reporters outside the customs house in Vessby"
        )),
        "{kinds:?}"
    );
    assert!(kinds
        .iter()
        .any(|(k, t)| *k == BlockKind::Heading && *t == "A second round in July"));
    assert!(kinds
        .iter()
        .any(|(k, t)| *k == BlockKind::Quote && t.starts_with("We are closer")));
    // Abbreviations survive untouched.
    assert!(doc.text.contains("Col. Gen. Arvo Lind, who led"));
    // Spans index the text and paragraphs are separated by a blank line.
    for w in doc.paragraphs.windows(2) {
        assert_eq!(&doc.text[w[0].span.end..w[1].span.start], "\n\n");
    }
}

#[test]
fn copyright_footer_is_no_date_and_declared_charset_decodes() {
    let (p, b) = fixture("no_date_footer.html");
    let doc = read("no_date_footer", Some(&p), &b).unwrap_or_else(|e| panic!("{e}"));
    let gold =
        std::fs::read_to_string(p.with_file_name("no_date_footer.clean.txt")).unwrap_or_default();
    assert!(token_f1(&doc.text, &gold) >= 0.98, "{}", doc.text);
    assert_eq!(doc.meta.published, None);
    assert_eq!(doc.meta.published_basis, PublishedBasis::Unknown);
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Café owners protest new levy")
    );

    // The same page with a raw windows-1252 byte for "é".
    let raw = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Owners of forty caf\xe9s in the old town closed their doors for an hour on Thursday in protest.</p></body></html>";
    let doc = read("w", None, raw).unwrap_or_else(|e| panic!("{e}"));
    assert!(doc.text.contains("cafés"), "{}", doc.text);
}

#[test]
fn page_without_article_text_is_an_error() {
    let (p, b) = fixture("nav_only.html");
    match read("nav_only", Some(&p), &b) {
        Err(e @ ReadError::NoArticleText { .. }) => {
            assert!(e.to_string().contains("nav_only.html"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_inputs_give_typed_errors() {
    let p = Path::new("in/bad.txt");
    let err = |bytes: &[u8]| read("bad", Some(p), bytes).map(|_| ()).unwrap_err();
    assert!(matches!(
        err(b"\x00\x01\x02\x03binary\x00"),
        ReadError::Binary { .. }
    ));
    assert!(matches!(err(b""), ReadError::Empty { .. }));
    assert!(matches!(err(b"  \n\t \r\n"), ReadError::Empty { .. }));
    assert!(matches!(
        err(&[0xFFu8, 0xC3, 0x28, 0xA0, 0xE9, 0xF1, 0x9A, 0xD4][..]),
        ReadError::NotText { .. }
    ));
    let e = err(b"\x00");
    assert!(e.to_string().contains("in/bad.txt"), "{e}");
    let small = ReadOptions { max_bytes: 10 };
    match read_document("big", Some(p), b"0123456789AB", &lex(), &small) {
        Err(ReadError::TooLarge {
            size: 12,
            limit: 10,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn encodings_and_newlines() {
    let text = "Officials in Norland said on Tuesday that the border crossing would reopen.\r\n\r\nTraders welcomed the news.";
    // UTF-16 LE and BE with BOM.
    let mut le = vec![0xFFu8, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut be = vec![0xFEu8, 0xFF];
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    let mut bom8 = vec![0xEFu8, 0xBB, 0xBF];
    bom8.extend(text.as_bytes());
    for bytes in [le, be, bom8] {
        let doc = read("t", None, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(!doc.text.contains('\r') && !doc.text.starts_with('\u{feff}'));
        assert!(
            doc.text.contains("Traders welcomed the news."),
            "{}",
            doc.text
        );
        assert_eq!(doc.paragraphs.len(), 2);
    }
    // windows-1252 plain text.
    let doc = read(
        "w",
        None,
        b"The caf\xe9 on the corner reopened on Monday after the floods, its owner said.",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(doc.text.contains("café"));
}

#[test]
fn deeply_nested_malformed_html_does_not_panic() {
    // Run on a thread with a small stack: recursion would overflow it.
    let h = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let mut s = String::from("<!DOCTYPE html><html><body>");
            for _ in 0..10_000 {
                s.push_str("<div><span>");
            }
            s.push_str("<p>The committee met on Friday and agreed to publish its findings next month after a long review of the evidence.</p>");
            s.push_str("</b></i><td><tr></table>");
            read("deep", None, s.as_bytes()).map(|d| d.text)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let r = h
        .join()
        .unwrap_or_else(|_| panic!("reader panicked on deep HTML"));
    match r {
        Ok(t) => assert!(t.contains("committee met on Friday"), "{t}"),
        Err(e) => panic!("{e}"),
    }
    // Garbage that merely looks like HTML.
    let _ = read(
        "g",
        Some(Path::new("g.html")),
        b"<html><<<>>><p>unclosed <b><i>text & more</p></div></div>",
    );
}

#[test]
fn one_line_without_a_final_stop_is_a_sentence() {
    // A single headline-like line used to be taken as a title over an
    // empty article and refused as "empty (no text)".
    for bytes in [
        &b"Bosnia and Slovenia agreed to a ceasefire"[..],
        &b"Bosnia and Slovenia agreed to a ceasefire\n"[..],
    ] {
        let doc = read("one", Some(Path::new("one.txt")), bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.text.trim(), "Bosnia and Slovenia agreed to a ceasefire");
        assert_eq!(doc.paragraphs.len(), 1);
    }
}

#[test]
fn plain_text_header_and_furniture() {
    let text = "1. Skip to content\n  2. Skip to main menu\n\nBorder crossing reopens\n\nAnna Berg, Vessby\nMarch 4, 2019\n\n\
Officials in Norland said on Tuesday that the main border crossing with Estmark would reopen next week after a month of repairs.\n\n\
Col. Gen. Arvo Lind inspects the new gate at the crossing (Photo: Ledger/J. Berg)\nImage: Ledger/J. Berg\n\n\
Traders on both sides welcomed the news, saying the closure had cost them a large share of their spring business.\n\n\
Share post:\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nGreat article, thanks!";
    let doc = read("t", None, text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let want = "Officials in Norland said on Tuesday that the main border crossing with Estmark would reopen next week after a month of repairs.\n\n\
Col. Gen. Arvo Lind inspects the new gate at the crossing\n\n\
Traders on both sides welcomed the news, saying the closure had cost them a large share of their spring business.";
    assert_eq!(doc.text, want);
    assert_eq!(doc.meta.title.as_deref(), Some("Border crossing reopens"));
    assert_eq!(doc.meta.author.as_deref(), Some("Anna Berg"));
    assert_eq!(doc.meta.published, PartialDate::day(2019, 3, 4));
    assert_eq!(doc.meta.published_basis, PublishedBasis::Stated);
    assert_eq!(doc.paragraphs[1].kind, BlockKind::Caption);
}

#[test]
fn collects_inputs_sorted_skipping_hidden_and_other_extensions() {
    let dir = std::env::temp_dir().join(format!("dyad-read-collect-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for f in [
        "b.txt",
        "a.html",
        ".hidden.txt",
        "img.png",
        "sub/c.md",
        "sub/NOEXT",
        ".git/x.txt",
    ] {
        let p = dir.join(f);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&p, "x").unwrap_or_else(|e| panic!("{e}"));
    }
    let got = collect_inputs(std::slice::from_ref(&dir)).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = got
        .iter()
        .map(|p| {
            p.strip_prefix(&dir)
                .map(|r| r.display().to_string())
                .unwrap_or_default()
        })
        .collect();
    // Markdown is a folder's README, not an article: left out of walks.
    assert_eq!(names, ["a.html", "b.txt", "sub/NOEXT"]);
    assert!(matches!(
        collect_inputs(&[dir.join("missing")]),
        Err(ReadError::Io { .. })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

fn shared_docs() -> Option<Vec<String>> {
    let dir = Path::new(SHARED).join("html-fixtures");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("note: {} absent, skipping", dir.display());
        return None;
    };
    let mut v: Vec<String> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".html"))
                .map(String::from)
        })
        .collect();
    v.sort();
    Some(v)
}

#[test]
fn shared_seeds_and_html_fixtures_reach_target_f1() {
    let Some(docs) = shared_docs() else { return };
    let shared = Path::new(SHARED);
    for d in docs {
        let gold =
            std::fs::read_to_string(shared.join("html-fixtures").join(format!("{d}.clean.txt")))
                .unwrap_or_default();
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(shared.join("html-fixtures").join(format!("{d}.meta.json")))
                .unwrap_or_default(),
        )
        .unwrap_or_default();
        for src in [
            shared.join("seeds").join(format!("{d}.txt")),
            shared.join("html-fixtures").join(format!("{d}.html")),
        ] {
            let Ok(bytes) = std::fs::read(&src) else {
                continue;
            };
            let doc = read(&d, Some(&src), &bytes).unwrap_or_else(|e| panic!("{e}"));
            let f1 = token_f1(&doc.text, &gold);
            assert!(f1 >= 0.98, "{}: F1 {f1:.4}", src.display());
            assert_eq!(
                doc.meta.title.as_deref(),
                meta["title"].as_str(),
                "{}",
                src.display()
            );
            assert_eq!(
                doc.meta.author.as_deref(),
                meta["author"].as_str(),
                "{}",
                src.display()
            );
            let published = doc.meta.published.map(|p| p.to_string());
            assert_eq!(
                published.as_deref(),
                meta["published"].as_str(),
                "{}",
                src.display()
            );
        }
    }
}

/// A page whose article body carries a link list under its own heading, a
/// paragraph that is one teaser link, and a cited web address.
const LINK_LISTS_PAGE: &str = r#"<!doctype html><html><head><title>Ferry link</title></head><body>
<article><h1>Island ferry link to resume in spring</h1>
<p>The two governments agreed on Tuesday to restore the island ferry link, which has been suspended for three winters, according to a joint statement read out in the port city.</p>
<p>Transport officials said the first sailings would carry freight only, with passenger services to follow once new terminals have passed their safety inspections later in the year.</p>
<p><a href="/a">Harbour strike ends after nine days of talks with the port authority</a></p>
<h3>Most read this week</h3>
<ul><li><a href="/b">Storm closes the coastal road for a second day</a></li>
<li><a href="/c">New bridge opens to traffic ahead of schedule</a></li>
<li><a href="/d">Fishing quotas cut again as stocks fall</a></li></ul>
<p>Both ministers said the agreement would be reviewed after its first full year, and that fares would be set by an independent board rather than by either government.</p>
<p><a href="https://ferries.example/statement">https://ferries.example/statement</a></p>
</article></body></html>"#;

#[test]
fn link_lists_and_their_headings_are_dropped_cited_addresses_kept() {
    let doc = read("ferry", None, LINK_LISTS_PAGE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    for junk in [
        "Most read",
        "Storm closes",
        "Fishing quotas",
        "Harbour strike",
    ] {
        assert!(!doc.text.contains(junk), "{junk} in\n{}", doc.text);
    }
    for kept in [
        "restore the island ferry link",
        "passed their safety inspections",
        "independent board",
        "https://ferries.example/statement",
    ] {
        assert!(doc.text.contains(kept), "{kept} missing from\n{}", doc.text);
    }
}

/// A "Related" box in the middle of an article, a bare date stamp, a
/// hover card inside a paragraph, and a comment prompt at the end.
const BOXES_PAGE: &str = r#"<!doctype html><html><head><title>Grain corridor</title></head><body>
<article><h1>Grain corridor talks move to a second round</h1>
<div>March 3, 2021 9:40 am</div>
<div>| Updated: 10:05, Wed, Mar 3</div>
<p>Negotiators from both coastal states met for six hours on Monday, agreeing on a second round of talks about the grain corridor through the strait.</p>
<p>The envoy of <span class="person"><a href="/p/1">Lena Ost</a><span class="tooltip-card"><a href="/s/1">Envoy profile and every story about her</a> <a href="/s/2">Earlier talks collapse over inspections</a></span></span> said the inspection regime was the main open question for the next meeting.</p>
<h3>Related</h3>
<p>Shipping insurers have asked for written guarantees before any vessel enters the corridor, a demand both delegations said they would study.</p>
<p>The next round is expected in the capital of the northern state within a month, and observers from three neighbouring countries have been invited to attend.</p>
<p>Port authorities on both sides said they had already begun clearing the berths that the corridor would use, in the hope of a quick agreement.</p>
<p>Leave a Reply</p>
<p>I think this will fail again, like every other time they tried to talk.</p>
</article></body></html>"#;

#[test]
fn inner_boxes_date_stamps_hover_cards_and_comment_prompts() {
    let doc = read("grain", None, BOXES_PAGE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    for junk in [
        "9:40",
        "10:05",
        "Related",
        "Envoy profile",
        "Earlier talks",
        "Leave a Reply",
        "fail again",
    ] {
        assert!(!doc.text.contains(junk), "{junk} in\n{}", doc.text);
    }
    for kept in [
        "The envoy of Lena Ost said the inspection regime",
        "written guarantees",
        "clearing the berths",
    ] {
        assert!(doc.text.contains(kept), "{kept} missing from\n{}", doc.text);
    }
    assert_eq!(doc.meta.published, PartialDate::day(2021, 3, 3));
}
