//! The synthetic corpus: news-like articles built from the sentence
//! templates in `templates.tsv`, the countries of the actor lexicon and a
//! seeded [`SplitMix64`], so that article `i` of seed `s` is the same on
//! every run and machine, and can be made alone, on any thread.

use crate::rng::SplitMix64;
use chrono::{Datelike, Duration, NaiveDate};
use dyad_doc::{EventType, PartialDate, Span, Status};
use dyad_lexicon::actors::{ActorLexicon, EntryKind};

/// The built-in templates (see the header of the file for its format).
pub const BUILTIN_TEMPLATES: &str = include_str!("../templates.tsv");

/// An error in the template file or the lexicon the corpus is built from.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("templates.tsv:{line}: {message}")]
    Template { line: usize, message: String },
    #[error("the corpus needs {need} of: {what}; found {found}")]
    TooFew {
        what: &'static str,
        need: usize,
        found: usize,
    },
}

/// One event sentence template.
#[derive(Debug, Clone)]
pub struct EventTemplate {
    pub event_type: EventType,
    pub status: Status,
    pub text: String,
    /// Line in `templates.tsv`.
    pub line: usize,
}

/// Every template, by kind.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub events: Vec<EventTemplate>,
    pub fillers: Vec<String>,
    pub titles: Vec<String>,
    pub first_names: Vec<String>,
    pub last_names: Vec<String>,
}

impl Templates {
    /// Parses a template file: tab-separated `kind status template`, one
    /// header line after the `#` comments.
    pub fn parse(text: &str) -> Result<Self, CorpusError> {
        let mut t = Templates::default();
        let mut header_seen = false;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let err = |message: String| CorpusError::Template { line, message };
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            if !header_seen {
                header_seen = true;
                if raw.starts_with("kind\t") {
                    continue;
                }
            }
            let cols: Vec<&str> = raw.split('\t').collect();
            let [kind, status, template] = cols.as_slice() else {
                return Err(err(format!("expected 3 columns, found {}", cols.len())));
            };
            let template = template.trim().to_string();
            if template.is_empty() {
                return Err(err("empty template".into()));
            }
            match *kind {
                "NONE" => t.fillers.push(template),
                "TITLE" => t.titles.push(template),
                "FIRST" => t.first_names.push(template),
                "LAST" => t.last_names.push(template),
                k => {
                    let event_type: EventType = k.parse().map_err(err)?;
                    let status: Status = status.parse().map_err(err)?;
                    t.events.push(EventTemplate {
                        event_type,
                        status,
                        text: template,
                        line,
                    });
                }
            }
        }
        for (what, n) in [
            ("event templates", t.events.len()),
            ("filler templates (NONE)", t.fillers.len()),
            ("TITLE templates", t.titles.len()),
            ("FIRST names", t.first_names.len()),
            ("LAST names", t.last_names.len()),
        ] {
            if n == 0 {
                return Err(CorpusError::TooFew {
                    what,
                    need: 1,
                    found: 0,
                });
            }
        }
        Ok(t)
    }
}

/// A state as the templates name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub demonym: String,
    pub capital: String,
}

/// The states of the actor lexicon that have a name, a demonym and a
/// capital, in lexicon order. Names with brackets or commas are left out
/// (they read badly in running text).
pub fn countries(lex: &ActorLexicon) -> Vec<Country> {
    use std::collections::BTreeMap;
    let mut by_code: BTreeMap<&str, [Option<&str>; 3]> = BTreeMap::new();
    for e in &lex.entries {
        if !e.rule.starts_with("countries.json") {
            continue;
        }
        let Some(code) = e.codes.first() else {
            continue;
        };
        let slot = match e.kind {
            EntryKind::Country => 0,
            EntryKind::Demonym => 1,
            EntryKind::Metonym => 2,
            _ => continue,
        };
        let entry = by_code.entry(code.as_str()).or_default();
        if let (None, Some(first)) = (entry[slot], e.forms.first()) {
            entry[slot] = Some(first.as_str());
        }
    }
    by_code
        .into_iter()
        .filter_map(|(code, [n, d, c])| {
            let (n, d, c) = (n?, d?, c?);
            let clean = |s: &str| !s.contains(['(', ')', ',']);
            (clean(n) && clean(c)).then(|| Country {
                code: code.to_string(),
                name: n.to_string(),
                demonym: d.to_string(),
                capital: c.to_string(),
            })
        })
        .collect()
}

/// What the generator planted in a sentence: the event the coder should
/// find (used to build events directly when benchmarking the store alone).
#[derive(Debug, Clone, PartialEq)]
pub struct PlantedEvent {
    pub event_type: EventType,
    pub status: Status,
    pub source: String,
    pub target: String,
    pub date: Option<PartialDate>,
    /// `templates.tsv:LINE`.
    pub rule: String,
}

/// One body sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantedSentence {
    /// Byte span in [`Article::text`].
    pub span: Span,
    /// Index into [`Article::paragraphs`].
    pub paragraph: usize,
    pub event: Option<PlantedEvent>,
}

/// One generated article: plain text with a title line, a byline and a
/// dateline, then paragraphs separated by blank lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// `synth-0000042`.
    pub name: String,
    pub text: String,
    pub published: PartialDate,
    /// Byte spans of every block, the three header lines included.
    pub paragraphs: Vec<Span>,
    /// Body sentences, in text order.
    pub sentences: Vec<PlantedSentence>,
}

/// A reproducible corpus: article `i` depends only on the seed, `i`, the
/// templates and the lexicon's countries.
#[derive(Debug, Clone)]
pub struct Corpus {
    seed: u64,
    /// Shuffled once by the seed; the skewed pick favours the first ones.
    countries: Vec<Country>,
    templates: Templates,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Corpus {
    /// A corpus over `countries` (at least three) with `templates`.
    pub fn new(
        seed: u64,
        mut countries: Vec<Country>,
        templates: Templates,
    ) -> Result<Self, CorpusError> {
        if countries.len() < 3 {
            return Err(CorpusError::TooFew {
                what: "countries with a name, demonym and capital",
                need: 3,
                found: countries.len(),
            });
        }
        // Fisher–Yates, so which states are frequent depends on the seed
        // rather than on alphabetical order.
        let mut rng = SplitMix64::new(seed ^ 0x5EED);
        for i in (1..countries.len()).rev() {
            let j = rng.below(i + 1);
            countries.swap(i, j);
        }
        Ok(Corpus {
            seed,
            countries,
            templates,
        })
    }

    /// The corpus over the built-in templates and the given actor lexicon.
    pub fn builtin(seed: u64, lex: &ActorLexicon) -> Result<Self, CorpusError> {
        Corpus::new(seed, countries(lex), Templates::parse(BUILTIN_TEMPLATES)?)
    }

    /// The countries, most frequent first.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Article number `index`.
    pub fn article(&self, index: usize) -> Article {
        let mut rng = SplitMix64::for_item(self.seed, index as u64);
        let published = NaiveDate::from_ymd_opt(
            2000 + rng.below(25) as i32,
            1 + rng.below(12) as u32,
            1 + rng.below(28) as u32,
        )
        .unwrap_or(NaiveDate::MIN);
        let n = self.countries.len();
        let a = rng.skewed(n);
        let mut b = rng.skewed(n);
        if b == a {
            b = (a + 1 + rng.below(n - 1)) % n;
        }
        let mut w = Writer::default();
        let t = &self.templates;
        let title = t.titles.get(rng.below(t.titles.len())).map_or("", |s| s);
        let (ca, cb) = (&self.countries[a], &self.countries[b]);
        let title = self.fill(title, ca, cb, ca, published, &mut rng).0;
        w.block(&title);
        let first = rng.pick(&t.first_names).map_or("", |s| s);
        let last = rng.pick(&t.last_names).map_or("", |s| s);
        let byline = match rng.below(3) {
            0 => format!("By {first} {last}, {}", ca.capital),
            1 => format!("{first} {last}, {}", cb.capital),
            _ => format!("By {first} {last}"),
        };
        w.block(&byline);
        let m = published.month0() as usize;
        let dateline = if rng.chance(0.5) {
            format!("{} {}, {}", MONTHS[m], published.day(), published.year())
        } else {
            format!("{} {} {}", published.day(), MONTHS[m], published.year())
        };
        w.block(&dateline);
        let sentences = rng.range(8, 20);
        let mut in_paragraph = 0;
        let mut paragraph_len = rng.range(1, 3);
        for _ in 0..sentences {
            // Most sentences are about the article's main dyad, in either
            // direction; some bring in other states.
            let (src, tgt) = match rng.below(10) {
                0..=5 => (a, b),
                6 | 7 => (b, a),
                _ => {
                    let x = rng.skewed(n);
                    let y = if x == a { b } else { a };
                    (x, y)
                }
            };
            let other = rng.below(n);
            let (cs, ct, co) = (
                &self.countries[src],
                &self.countries[tgt],
                &self.countries[other],
            );
            let (text, event) = if rng.chance(0.75) {
                let tpl = &t.events[rng.below(t.events.len())];
                let (text, date) = self.fill(&tpl.text, cs, ct, co, published, &mut rng);
                let ev = PlantedEvent {
                    event_type: tpl.event_type,
                    status: tpl.status,
                    source: cs.code.clone(),
                    target: ct.code.clone(),
                    date,
                    rule: format!("templates.tsv:{}", tpl.line),
                };
                (text, Some(ev))
            } else {
                let tpl = rng.pick(&t.fillers).map_or("", |s| s);
                (self.fill(tpl, cs, ct, co, published, &mut rng).0, None)
            };
            if in_paragraph == paragraph_len {
                w.end_paragraph();
                in_paragraph = 0;
                paragraph_len = rng.range(1, 3);
            }
            let span = w.sentence(&text);
            in_paragraph += 1;
            w.sentences.push(PlantedSentence {
                span,
                paragraph: w.paragraphs.len(),
                event,
            });
        }
        w.end_paragraph();
        w.text.push('\n');
        Article {
            name: format!("synth-{index:07}"),
            text: w.text,
            published: PartialDate::from_naive(published),
            paragraphs: w.paragraphs,
            sentences: w.sentences,
        }
    }

    /// Fills a template's placeholders; returns the text and the date the
    /// `{when}` placeholder stands for.
    fn fill(
        &self,
        template: &str,
        a: &Country,
        b: &Country,
        c: &Country,
        published: NaiveDate,
        rng: &mut SplitMix64,
    ) -> (String, Option<PartialDate>) {
        let mut out = String::with_capacity(template.len() + 32);
        let mut date = None;
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let key = &after[..close];
            match key {
                "A" => out.push_str(&a.name),
                "B" => out.push_str(&b.name),
                "C" => out.push_str(&c.name),
                "Ad" => out.push_str(&a.demonym),
                "Bd" => out.push_str(&b.demonym),
                "Cd" => out.push_str(&c.demonym),
                "Ac" => out.push_str(&a.capital),
                "Bc" => out.push_str(&b.capital),
                "Cc" => out.push_str(&c.capital),
                "n" => out.push_str(&count(rng)),
                "m" => out.push_str(&money(rng)),
                "when" => {
                    let (phrase, d) = when(published, rng);
                    out.push_str(&phrase);
                    date = d;
                }
                _ => {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        (out, date)
    }
}

/// Builds the text and records block and sentence spans.
#[derive(Default)]
struct Writer {
    text: String,
    paragraphs: Vec<Span>,
    sentences: Vec<PlantedSentence>,
    /// Start of the open paragraph, if one is open.
    open: Option<usize>,
}

impl Writer {
    /// A one-line block (title, byline, dateline).
    fn block(&mut self, line: &str) {
        let start = self.text.len();
        self.text.push_str(line);
        self.paragraphs.push(Span::new(start, self.text.len()));
        self.text.push('\n');
    }

    fn sentence(&mut self, s: &str) -> Span {
        match self.open {
            None => {
                self.text.push('\n');
                self.open = Some(self.text.len());
            }
            Some(_) => self.text.push(' '),
        }
        let start = self.text.len();
        self.text.push_str(s);
        Span::new(start, self.text.len())
    }

    fn end_paragraph(&mut self) {
        if let Some(start) = self.open.take() {
            self.paragraphs.push(Span::new(start, self.text.len()));
            self.text.push('\n');
        }
    }
}

/// A count as newspapers write it: "70", "4,500", "12,000".
fn count(rng: &mut SplitMix64) -> String {
    let n = rng.range(2, 90) * 10usize.pow(rng.range(1, 3) as u32);
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// An amount of money: "$3 billion", "$450 million".
fn money(rng: &mut SplitMix64) -> String {
    if rng.chance(0.5) {
        format!("${} billion", rng.range(1, 20))
    } else {
        format!("${} million", rng.range(1, 9) * 50)
    }
}

/// A time expression relative to the publication date, with its leading
/// space, and the date it denotes.
fn when(published: NaiveDate, rng: &mut SplitMix64) -> (String, Option<PartialDate>) {
    let last_month = || {
        let first = published.with_day(1).unwrap_or(published);
        let d = first - Duration::days(1);
        PartialDate::month(d.year(), d.month() as u8)
    };
    match rng.below(6) {
        0 => (String::new(), None),
        1 => {
            let back = rng.range(1, 6) as i64;
            let d = published - Duration::days(back);
            let name = WEEKDAYS[d.weekday().num_days_from_monday() as usize];
            (format!(" on {name}"), Some(PartialDate::from_naive(d)))
        }
        2 => (" last month".into(), Some(last_month())),
        3 => {
            let y = published.year() - rng.range(1, 10) as i32;
            (format!(" in {y}"), Some(PartialDate::year(y)))
        }
        4 if published.month() > 1 => {
            let m = rng.range(1, published.month() as usize - 1);
            let day = rng.range(1, 28);
            let name = MONTHS[m - 1];
            let d = PartialDate::day(published.year(), m as u8, day as u8);
            (format!(" on {name} {day}"), d)
        }
        _ => {
            let y = published.year() - 1;
            let m = rng.range(1, 12);
            let name = MONTHS[m - 1];
            (
                format!(" in {name} {y}"),
                Some(PartialDate::month(y, m as u8)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(seed: u64) -> Corpus {
        let lex = dyad_lexicon::Lexicon::builtin().unwrap_or_else(|e| panic!("{e}"));
        Corpus::builtin(seed, &lex.actors).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn articles_are_reproducible_and_spans_hold() {
        let (c1, c2) = (corpus(7), corpus(7));
        for i in [0, 1, 99, 12345] {
            let a = c1.article(i);
            assert_eq!(a, c2.article(i));
            assert!((8..=20).contains(&a.sentences.len()));
            for s in &a.sentences {
                let t = a.text.get(s.span.start..s.span.end).unwrap_or("");
                assert!(t.ends_with('.'), "{t:?}");
                assert!(!t.contains('{'), "unfilled placeholder in {t:?}");
                assert!(s.paragraph < a.paragraphs.len());
            }
        }
        assert_ne!(corpus(8).article(0).text, c1.article(0).text);
    }

    #[test]
    fn templates_cover_every_plover_type_and_status() {
        let t = Templates::parse(BUILTIN_TEMPLATES).unwrap_or_else(|e| panic!("{e}"));
        for ty in dyad_doc::ALL_EVENT_TYPES {
            assert!(t.events.iter().any(|e| e.event_type == ty), "{ty}");
        }
        for st in dyad_doc::ALL_STATUSES {
            assert!(t.events.iter().any(|e| e.status == st), "{st}");
        }
    }

    #[test]
    fn bad_template_rows_name_their_line() {
        let e = Templates::parse("# c\nkind\tstatus\ttemplate\nFIGHT\tasserted\tx\n");
        assert!(matches!(e, Err(CorpusError::Template { line: 3, .. })));
    }

    #[test]
    fn counts_have_thousands_separators() {
        let mut r = SplitMix64::new(3);
        for _ in 0..50 {
            let c = count(&mut r);
            let plain: String = c.chars().filter(|x| *x != ',').collect();
            assert!(plain.parse::<u64>().is_ok(), "{c}");
            if plain.len() > 3 {
                assert!(c.contains(','), "{c}");
            }
        }
    }
}
