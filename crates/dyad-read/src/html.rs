//! HTML: page metadata, boilerplate removal, article extraction (readability
//! via `dom_smoothie`) and a block walk that keeps paragraphs, headings,
//! captions and block quotes apart.

use crate::assemble::{squash_ws, Block};
use crate::date::{is_dateline, parse_date_string};
use crate::rules::{ClassMark, LineClass, Rules};
use dom_query::{Document, NodeRef};
use dyad_doc::{BlockKind, PartialDate, PublishedBasis};

/// What the page states about itself.
#[derive(Debug, Default)]
pub(crate) struct HtmlMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<PartialDate>,
    pub basis: PublishedBasis,
    pub site_name: Option<String>,
    pub url: Option<String>,
}

/// Deeper trees skip readability (whose scoring recurses) and use the
/// iterative block walk over the cleaned body alone.
const MAX_READABILITY_DEPTH: usize = 256;

/// Elements that never hold article text.
const DROP_TAGS: &str = "script, style, noscript, template, svg, nav, footer, aside, iframe, \
button, select, textarea, input, label, dialog, object, embed, canvas, menu";

/// ARIA roles of page chrome.
const DROP_ROLES: &str =
    "[role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
[role=dialog], [role=alertdialog], [role=search], [hidden], [aria-hidden=true]";

fn clean(s: &str) -> Option<String> {
    let s = squash_ws(s);
    (!s.is_empty()).then_some(s)
}

fn first_attr(doc: &Document, selectors: &[&str], attr: &str) -> Option<String> {
    selectors.iter().find_map(|sel| {
        doc.select(sel)
            .nodes()
            .iter()
            .find_map(|n| n.attr(attr).and_then(|v| clean(&v)))
    })
}

/// Depth of the element tree, measured without recursion.
fn tree_depth(doc: &Document) -> usize {
    let root = doc.root();
    let mut max = 0;
    let mut stack = vec![(root, 0usize)];
    while let Some((n, d)) = stack.pop() {
        max = max.max(d);
        let mut c = n.first_child();
        while let Some(ch) = c {
            if ch.is_element() {
                stack.push((ch, d + 1));
            }
            c = ch.next_sibling();
        }
    }
    max
}

/// JSON-LD fields: (headline, author, datePublished, publisher name).
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
}

fn json_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => clean(s),
        serde_json::Value::Object(o) => o.get("name").and_then(json_name),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(json_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn json_ld(doc: &Document) -> JsonLd {
    let mut out = JsonLd::default();
    for script in doc.select("script[type=\"application/ld+json\"]").nodes() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(script.text().trim()) else {
            continue;
        };
        // Walk objects, arrays and @graph without recursion.
        let mut stack = vec![&v];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(a) => stack.extend(a.iter().rev()),
                serde_json::Value::Object(o) => {
                    if out.published.is_none() {
                        out.published = o
                            .get("datePublished")
                            .and_then(|d| d.as_str())
                            .and_then(clean);
                    }
                    if out.headline.is_none() {
                        out.headline = o.get("headline").and_then(|d| d.as_str()).and_then(clean);
                    }
                    if out.author.is_none() {
                        out.author = o.get("author").and_then(json_name);
                    }
                    if out.publisher.is_none() {
                        out.publisher = o.get("publisher").and_then(json_name);
                    }
                    if let Some(g) = o.get("@graph") {
                        stack.push(g);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// True when the node sits in page chrome (footer, aside, comments...).
fn in_chrome(n: &NodeRef<'_>, rules: &Rules<'_>) -> bool {
    n.ancestors_it(None).any(|a| {
        let name = a.node_name().map(|t| t.to_string()).unwrap_or_default();
        matches!(name.as_str(), "footer" | "aside" | "nav" | "form")
            || has_furniture_token(&a, rules)
    })
}

fn has_furniture_token(n: &NodeRef<'_>, rules: &Rules<'_>) -> bool {
    class_mark(n, rules) == ClassMark::Strong
}

/// The strongest furniture mark among an element's class and id tokens.
fn class_mark(n: &NodeRef<'_>, rules: &Rules<'_>) -> ClassMark {
    let class = n.class().map(|c| c.to_string()).unwrap_or_default();
    let id = n.id_attr().map(|c| c.to_string()).unwrap_or_default();
    class
        .split_whitespace()
        .chain(id.split_whitespace())
        .map(|t| rules.class_strength(t))
        .max()
        .unwrap_or(ClassMark::None)
}

/// Characters of text outside links, and inside links, under `n`.
fn text_and_link_len(n: &NodeRef<'_>) -> (usize, usize) {
    let total = n.text().len();
    let links: usize = n
        .descendants_it()
        .filter(|d| d.node_name().is_some_and(|t| t.eq_ignore_ascii_case("a")))
        .map(|a| a.text().len())
        .sum();
    (total.saturating_sub(links), links)
}

/// Weakly marked elements are chrome only when they hold little prose.
const WEAK_MAX_PROSE: usize = 200;

/// Strips " | Site" style suffixes from a `<title>`.
fn strip_title_suffix(t: &str, site: Option<&str>) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some(pos) = t.rfind(sep) {
            let (head, tail) = (
                t.get(..pos).unwrap_or(t),
                t.get(pos + sep.len()..).unwrap_or(""),
            );
            if site.is_some_and(|s| s.eq_ignore_ascii_case(tail.trim()))
                || tail.split_whitespace().count() <= 4
            {
                return head.trim().to_string();
            }
        }
    }
    t.trim().to_string()
}

fn metadata(doc: &Document, rules: &Rules<'_>) -> HtmlMeta {
    let ld = json_ld(doc);
    let mut m = HtmlMeta {
        site_name: first_attr(
            doc,
            &[
                "meta[property=\"og:site_name\"]",
                "meta[name=\"og:site_name\"]",
            ],
            "content",
        )
        .or(ld.publisher.clone()),
        url: first_attr(doc, &["link[rel=\"canonical\"]"], "href")
            .or_else(|| first_attr(doc, &["meta[property=\"og:url\"]"], "content")),
        ..Default::default()
    };
    m.title = first_attr(
        doc,
        &["meta[property=\"og:title\"]", "meta[name=\"og:title\"]"],
        "content",
    )
    .or_else(|| {
        doc.select("h1")
            .nodes()
            .iter()
            .find_map(|n| clean(&n.text()))
    })
    .or_else(|| {
        doc.select("title")
            .nodes()
            .first()
            .and_then(|n| clean(&n.text()))
            .map(|t| strip_title_suffix(&t, m.site_name.as_deref()))
    })
    .or(ld.headline.clone());

    // Author: meta > JSON-LD > byline element.
    let byline_nodes: Vec<NodeRef<'_>> = doc
        .select("[rel=author], [itemprop=author], .byline, .author, .author-name, .author-line, .post-author")
        .nodes()
        .iter()
        .filter(|n| !in_chrome(n, rules) || has_furniture_token(n, rules))
        .cloned()
        .collect();
    m.author = first_attr(
        doc,
        &["meta[name=\"author\"]", "meta[property=\"article:author\"]"],
        "content",
    )
    .filter(|a| !a.starts_with("http"))
    .or(ld.author.clone())
    .or_else(|| {
        byline_nodes.iter().find_map(|n| {
            let t = squash_ws(&n.text());
            match rules.classify(&t) {
                LineClass::Byline { author, .. } => author,
                _ => None,
            }
        })
    });

    // Published: article:published_time > JSON-LD > <time datetime> of the
    // article header > other date metas > byline text. Never a footer.
    let metas = first_attr(
        doc,
        &[
            "meta[property=\"article:published_time\"]",
            "meta[name=\"article:published_time\"]",
        ],
        "content",
    );
    let other_metas = first_attr(
        doc,
        &[
            "meta[itemprop=\"datePublished\"]",
            "meta[name=\"pubdate\"]",
            "meta[name=\"publishdate\"]",
            "meta[name=\"date\"]",
            "meta[name=\"dc.date\"]",
            "meta[name=\"DC.date.issued\"]",
        ],
        "content",
    );
    let time = || {
        doc.select(
            "article time[datetime], header time[datetime], main time[datetime], time[datetime]",
        )
        .nodes()
        .iter()
        .filter(|n| !in_chrome(n, rules) || n.ancestors_it(None).any(|a| a.has_class("byline")))
        .find_map(|n| n.attr("datetime").and_then(|d| parse_date_string(&d)))
    };
    let from_meta = metas
        .as_deref()
        .and_then(parse_date_string)
        .or_else(|| ld.published.as_deref().and_then(parse_date_string))
        .or_else(time)
        .or_else(|| other_metas.as_deref().and_then(parse_date_string));
    if let Some(d) = from_meta {
        m.published = Some(d);
        m.basis = PublishedBasis::Metadata;
    } else if let Some(d) = byline_nodes
        .iter()
        .find_map(|n| parse_date_string(&n.text()))
    {
        m.published = Some(d);
        m.basis = PublishedBasis::Stated;
    }
    m
}

/// Removes page chrome before extraction.
fn remove_chrome(doc: &Document, rules: &Rules<'_>) {
    doc.select(DROP_TAGS).remove();
    doc.select(DROP_ROLES).remove();
    // Site headers (logo, menu) carry no headline; article headers keep theirs.
    let headers = doc.select("header");
    for h in headers.nodes() {
        let titled = h.descendants_it().any(|d| {
            d.node_name()
                .is_some_and(|t| t.eq_ignore_ascii_case("h1") || t.eq_ignore_ascii_case("h2"))
        });
        if !titled {
            h.remove_from_parent();
        }
    }
    let body_len = doc.select("body").text().len().max(1);
    // Some sites wrap the whole page in a <form>: only small forms go.
    for f in doc.select("form").nodes() {
        if f.text().len() * 2 < body_len {
            f.remove_from_parent();
        }
    }
    let mut doomed = Vec::new();
    for n in doc.select("[class], [id]").nodes() {
        let name = n.node_name().map(|t| t.to_string()).unwrap_or_default();
        if matches!(name.as_str(), "html" | "body" | "main" | "article") {
            continue;
        }
        let doom = match class_mark(n, rules) {
            ClassMark::None => false,
            ClassMark::Strong => n.text().len() * 2 < body_len,
            ClassMark::Weak => {
                let (prose, links) = text_and_link_len(n);
                prose < WEAK_MAX_PROSE || links > prose
            }
        };
        if doom {
            doomed.push(*n);
        }
    }
    for n in doomed {
        n.remove_from_parent();
    }
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figcaption",
    "figure",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "dl",
    "br",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "body",
    "caption",
];

fn kind_of(tag: &str) -> Option<BlockKind> {
    match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
        "figcaption" | "caption" => Some(BlockKind::Caption),
        "blockquote" => Some(BlockKind::Quote),
        _ => None,
    }
}

/// Letters and digits in `s`: the measure of text used for link density.
fn alnum_len(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Walks the tree under `root` in document order without recursion and cuts
/// its text into blocks at block-element boundaries, noting for each block
/// how much of its text sat inside links.
fn walk_blocks(root: &NodeRef<'_>) -> Vec<Block> {
    struct Frame<'a> {
        node: NodeRef<'a>,
        leaving: bool,
    }
    /// Text gathered for the block being built.
    #[derive(Default)]
    struct Buf {
        text: String,
        kind: BlockKind,
        alnum: usize,
        link_alnum: usize,
    }
    let mut blocks = Vec::new();
    let mut buf = Buf::default();
    let mut kinds: Vec<BlockKind> = Vec::new();
    let mut link_depth = 0usize;
    let flush = |buf: &mut Buf, blocks: &mut Vec<Block>| {
        let t = squash_ws(&buf.text);
        if !t.is_empty() {
            let links = if buf.alnum == 0 {
                0.0
            } else {
                buf.link_alnum as f32 / buf.alnum as f32
            };
            blocks.push(Block {
                text: t,
                kind: buf.kind,
                links,
            });
        }
        buf.text.clear();
        buf.alnum = 0;
        buf.link_alnum = 0;
    };
    let mut stack = vec![Frame {
        node: *root,
        leaving: false,
    }];
    while let Some(f) = stack.pop() {
        let n = f.node;
        if n.is_text() {
            let t = n.text();
            if buf.text.trim().is_empty() && !t.trim().is_empty() {
                buf.kind = kinds.last().copied().unwrap_or_default();
            }
            let a = alnum_len(&t);
            buf.alnum += a;
            if link_depth > 0 {
                buf.link_alnum += a;
            }
            buf.text.push_str(&t);
            continue;
        }
        if !n.is_element() && !n.is_document() && !n.is_fragment() {
            continue;
        }
        let tag = n
            .node_name()
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        let is_block = BLOCK_TAGS.contains(&tag.as_str());
        let is_link = tag == "a";
        if f.leaving {
            if is_block {
                flush(&mut buf, &mut blocks);
            }
            if kind_of(&tag).is_some() {
                kinds.pop();
            }
            if is_link {
                link_depth = link_depth.saturating_sub(1);
            }
            continue;
        }
        if is_block {
            flush(&mut buf, &mut blocks);
        }
        if is_link {
            link_depth += 1;
        }
        if let Some(k) = kind_of(&tag) {
            // A heading inside a quote is still a quote.
            let k = match kinds.last() {
                Some(BlockKind::Quote) => BlockKind::Quote,
                _ => k,
            };
            kinds.push(k);
        }
        stack.push(Frame {
            node: n,
            leaving: true,
        });
        let children: Vec<NodeRef<'_>> = n.children_it(true).collect();
        stack.extend(children.into_iter().map(|c| Frame {
            node: c,
            leaving: false,
        }));
    }
    flush(&mut buf, &mut blocks);
    blocks
}

/// A block with at least this share of its text inside links is a link
/// list or teaser (related stories, tags, "more from"), not article text.
const LINK_DENSE: f32 = 0.7;

/// Longest block (in words) that can be a bare date stamp.
const MAX_DATELINE_WORDS: usize = 10;

/// True when a block spells out a web address: a source the article cites,
/// kept even though it is all link.
fn cites_address(t: &str) -> bool {
    t.contains("://") || t.starts_with("www.") || t.contains(" www.")
}

/// Applies link density and the furniture table to extracted blocks.
fn filter_blocks(raw: Vec<Block>, rules: &Rules<'_>, meta: &mut HtmlMeta) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Index in `out` of a heading just kept: it goes again if link lists
    // follow it directly, since it only titled them ("Most read", "Don't miss").
    let mut last_heading: Option<usize> = None;
    // Text (letters and digits) from each block to the end of the page: a
    // trailing marker ends the article only when less text follows it than
    // was read before it; otherwise it titles a box inside the article.
    let mut rest: Vec<usize> = raw.iter().map(|b| alnum_len(&b.text)).collect();
    for i in (0..rest.len().saturating_sub(1)).rev() {
        let after = rest.get(i + 1).copied().unwrap_or(0);
        if let Some(r) = rest.get_mut(i) {
            *r += after;
        }
    }
    let mut read = 0usize;
    for (i, b) in raw.into_iter().enumerate() {
        let after = rest.get(i + 1).copied().unwrap_or(0);
        read += alnum_len(&b.text);
        if meta.title.as_deref() == Some(b.text.as_str()) {
            continue;
        }
        if b.links >= LINK_DENSE && !cites_address(&b.text) {
            if let Some(i) = last_heading.take() {
                if i < out.len() {
                    out.remove(i);
                }
            }
            continue;
        }
        last_heading = (b.kind == BlockKind::Heading).then_some(out.len());
        // A block that is only a date (and a few words such as "Updated" or
        // a time) is the page's date stamp, not article text.
        if b.kind != BlockKind::Quote && b.text.split_whitespace().count() <= MAX_DATELINE_WORDS {
            if let Some(d) = is_dateline(&b.text) {
                if meta.published.is_none() {
                    meta.published = Some(d);
                    meta.basis = PublishedBasis::Stated;
                }
                continue;
            }
        }
        if rules.is_date_stamp(&b.text) {
            continue;
        }
        match rules.classify(&b.text) {
            LineClass::Text => out.push(b),
            LineClass::Drop => {}
            LineClass::Trailing => {
                if out.iter().any(|b| b.kind == BlockKind::Body) && after < read {
                    break;
                }
            }
            LineClass::Caption(keep) => out.push(Block {
                text: keep,
                kind: if b.kind == BlockKind::Quote {
                    BlockKind::Quote
                } else {
                    BlockKind::Caption
                },
                links: b.links,
            }),
            LineClass::Byline { author, date } => {
                if meta.author.is_none() {
                    meta.author = author;
                }
                if meta.published.is_none() {
                    if let Some(d) = date.as_deref().and_then(parse_date_string) {
                        meta.published = Some(d);
                        meta.basis = PublishedBasis::Stated;
                    }
                }
            }
            LineClass::Dateline(d) => {
                if meta.published.is_none() {
                    if let Some(d) = parse_date_string(&d) {
                        meta.published = Some(d);
                        meta.basis = PublishedBasis::Stated;
                    }
                }
            }
        }
    }
    out
}

/// Extracts the article blocks and metadata of a page.
pub(crate) fn extract(html: &str, rules: &Rules<'_>) -> (Vec<Block>, HtmlMeta) {
    let doc = Document::from(html);
    let mut meta = metadata(&doc, rules);
    remove_chrome(&doc, rules);
    let deep = tree_depth(&doc) > MAX_READABILITY_DEPTH;
    let mut blocks = Vec::new();
    if !deep {
        // Readability drops the article's own header, and with it the
        // standfirst: remember the header's paragraphs to put them back.
        let standfirst: Vec<String> = doc
            .select("article header p, article > p:first-child")
            .nodes()
            .iter()
            .map(|n| squash_ws(&n.text()))
            .filter(|t| t.split_whitespace().count() >= 8)
            .collect();
        let cfg = dom_smoothie::Config {
            max_elements_to_parse: 0,
            ..Default::default()
        };
        if let Ok(mut r) = dom_smoothie::Readability::with_document(doc, None, Some(cfg)) {
            if let Ok(article) = r.parse() {
                let content = Document::from(article.content.as_ref());
                blocks = walk_blocks(&content.root());
            }
        }
        if !blocks.is_empty() {
            let missing: Vec<Block> = standfirst
                .into_iter()
                .filter(|t| !blocks.iter().any(|b| b.text.contains(t.as_str())))
                .map(|text| Block {
                    text,
                    kind: BlockKind::Body,
                    links: 0.0,
                })
                .collect();
            blocks.splice(0..0, missing);
        }
        if blocks.is_empty() {
            // Readability found nothing: walk the cleaned page instead.
            let again = Document::from(html);
            remove_chrome(&again, rules);
            blocks = walk_body(&again);
        }
    } else {
        blocks = walk_body(&doc);
    }
    let blocks = filter_blocks(blocks, rules, &mut meta);
    (blocks, meta)
}

fn walk_body(doc: &Document) -> Vec<Block> {
    let body = doc.select("article");
    let body = if body.is_empty() {
        doc.select("body")
    } else {
        body
    };
    match body.nodes().first() {
        Some(n) => walk_blocks(n),
        None => walk_blocks(&doc.root()),
    }
}
