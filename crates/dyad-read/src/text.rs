//! Plain-text cleaning: page-furniture lines, the header block (title,
//! byline, dateline), photo credits and the trailing block of a page dump.

use crate::assemble::{squash_ws, Block};
use crate::date::{is_dateline, parse_date_string};
use crate::rules::{LineClass, Rules};
use dyad_doc::{BlockKind, PartialDate};

/// What the header of a plain text states about the article.
#[derive(Debug, Default)]
pub(crate) struct TextMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<PartialDate>,
}

/// A title or subheading is short.
const MAX_TITLE_WORDS: usize = 20;
const MAX_HEADING_WORDS: usize = 10;
/// A paragraph that ends like a sentence and has this many words is article
/// body: the header zone ends there.
const MIN_BODY_WORDS: usize = 12;

struct Line {
    text: String,
    block: usize,
    class: LineClass,
    /// Words of `text`, counted once: the header rules ask several times.
    words: usize,
}

fn ends_like_sentence(s: &str) -> bool {
    s.trim_end().chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ':' | ';' | '…'
        )
    })
}

/// The number of words of a line [`squash_ws`] made: its words are
/// separated by single spaces, so counting spaces counts them.
fn words(squashed: &str) -> usize {
    if squashed.is_empty() {
        0
    } else {
        squashed.bytes().filter(|&b| b == b' ').count() + 1
    }
}

/// Text hard-wrapped at a fixed width (e-mail, Gutenberg) has many lines of
/// similar length inside blocks; page dumps have one paragraph per line.
fn is_hard_wrapped(raw: &str) -> bool {
    let lens: Vec<usize> = raw
        .lines()
        .map(|l| l.trim_end().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lens.len() < 8 {
        return false;
    }
    let max = lens.iter().copied().max().unwrap_or(0);
    let mid = lens.iter().filter(|&&n| (50..=100).contains(&n)).count();
    max <= 100 && mid * 2 > lens.len()
}

/// Splits text into candidate paragraphs, each remembering its block (run
/// of lines between blank lines).
fn split_lines(raw: &str, rules: &Rules<'_>) -> Vec<Line> {
    let wrapped = is_hard_wrapped(raw);
    let mut out = Vec::new();
    let mut block = 0usize;
    let mut pending: Vec<&str> = Vec::new();
    let flush = |pending: &mut Vec<&str>, block: usize, out: &mut Vec<Line>| {
        if pending.is_empty() {
            return;
        }
        // One line (every line of a page dump) needs no joining.
        let text = match pending.as_slice() {
            [one] => squash_ws(one),
            _ => squash_ws(&pending.join(" ")),
        };
        pending.clear();
        let class = rules.classify(&text);
        let words = words(&text);
        out.push(Line {
            text,
            block,
            class,
            words,
        });
    };
    for l in raw.lines() {
        let t = l.trim();
        if t.is_empty() {
            flush(&mut pending, block, &mut out);
            block += 1;
            continue;
        }
        if !wrapped {
            pending.push(t);
            flush(&mut pending, block, &mut out);
            continue;
        }
        // In wrapped text a furniture line stays on its own.
        if !matches!(rules.classify(t), LineClass::Text) {
            flush(&mut pending, block, &mut out);
            pending.push(t);
            flush(&mut pending, block, &mut out);
            continue;
        }
        pending.push(t);
    }
    flush(&mut pending, block, &mut out);
    out
}

/// The name part of a "Name Surname, City" byline when it looks like a name:
/// two to four capitalised words.
fn name_like(s: &str) -> Option<String> {
    let name = s.split(',').next().unwrap_or("").trim();
    let ws: Vec<&str> = name.split_whitespace().collect();
    let ok = (2..=4).contains(&ws.len())
        && ws
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    ok.then(|| name.to_string())
}

/// Cleans a plain-text article. Returns its blocks and header metadata.
pub(crate) fn clean_text(raw: &str, rules: &Rules<'_>) -> (Vec<Block>, TextMeta) {
    let mut meta = TextMeta::default();
    // A saved page may start with the capture tool's date field: read it,
    // keep the rest of the line.
    let first = raw.lines().position(|l| !l.trim().is_empty());
    let rewritten = first.and_then(|i| {
        let line = raw.lines().nth(i)?;
        let (date, keep) = rules.date_prefix(line)?;
        meta.published = Some(date);
        let mut out: Vec<&str> = raw.lines().collect();
        if let Some(slot) = out.get_mut(i) {
            *slot = "";
        }
        let rest = out.join("\n");
        Some(if keep.is_empty() {
            rest
        } else {
            format!("{keep}\n{rest}")
        })
    });
    let raw = rewritten.as_deref().unwrap_or(raw);
    let lines = split_lines(raw, rules);

    // The header zone: everything before the first body-like paragraph.
    let body_start = lines
        .iter()
        .position(|l| {
            matches!(l.class, LineClass::Text)
                && l.words >= MIN_BODY_WORDS
                && ends_like_sentence(&l.text)
        })
        .unwrap_or(lines.len());

    // Blocks of the header zone that carry a byline or dateline: their other
    // short lines are header labels (section names, the author's place).
    let mut header_blocks = Vec::new();
    for l in lines.iter().take(body_start) {
        let dated = match &l.class {
            LineClass::Byline { .. } | LineClass::Dateline(_) => true,
            LineClass::Text => is_dateline(&l.text).is_some() && l.words <= 8,
            _ => false,
        };
        if dated {
            header_blocks.push(l.block);
        }
    }

    let mut blocks = Vec::new();
    let mut body_seen = false;
    for (i, l) in lines.iter().enumerate() {
        let in_header = i < body_start;
        match &l.class {
            LineClass::Drop => {}
            LineClass::Trailing => {
                if body_seen {
                    break;
                }
            }
            LineClass::Byline { author, date } => {
                if meta.author.is_none() {
                    meta.author.clone_from(author);
                }
                if meta.published.is_none() {
                    meta.published = date.as_deref().and_then(parse_date_string);
                }
            }
            LineClass::Dateline(d) => {
                if meta.published.is_none() {
                    meta.published = parse_date_string(d);
                }
            }
            LineClass::Caption(keep) => {
                blocks.push(Block {
                    text: keep.clone(),
                    kind: BlockKind::Caption,
                    ..Default::default()
                });
            }
            LineClass::Text => {
                let n = l.words;
                if in_header && header_blocks.contains(&l.block) && n <= 8 {
                    if let Some(d) = is_dateline(&l.text) {
                        if meta.published.is_none() {
                            meta.published = Some(d);
                        }
                    } else if meta.author.is_none() {
                        meta.author = name_like(&l.text);
                    }
                    continue;
                }
                // A headline may ask or exclaim, but does not end with a full stop.
                let short = n <= MAX_TITLE_WORDS && !l.text.ends_with('.');
                if in_header && short && meta.title.is_none() {
                    meta.title = Some(l.text.clone());
                    continue;
                }
                if meta.title.as_deref() == Some(l.text.as_str()) {
                    // The headline repeated inside the body.
                    continue;
                }
                let kind = if !in_header
                    && n <= MAX_HEADING_WORDS
                    && !ends_like_sentence(&l.text)
                    && l.text
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                {
                    BlockKind::Heading
                } else {
                    BlockKind::Body
                };
                if !in_header {
                    body_seen = true;
                }
                blocks.push(Block {
                    text: l.text.clone(),
                    kind,
                    ..Default::default()
                });
            }
        }
    }
    // A text that is only a headline-like line ("Bosnia and Slovenia agreed
    // to a ceasefire": short, no final stop) is a sentence to code, not a
    // title with nothing under it.
    if blocks.is_empty() {
        if let Some(title) = &meta.title {
            blocks.push(Block {
                text: title.clone(),
                kind: BlockKind::Body,
                ..Default::default()
            });
        }
    }
    (blocks, meta)
}
