//! Finding temporal expressions in running text.
//!
//! The finder runs a fixed set of patterns (the *forms* dates take in
//! English: mechanism, so they live here) plus one pattern built from the
//! era names of `eras.tsv` (knowledge, so it lives in the lexicon). Every
//! candidate keeps the name of the rule that found it. Overlapping candidates
//! are settled leftmost-longest: "Tuesday, October 1, 2014" is one
//! expression, not a weekday and a date.

use crate::{Count, Rel, TimeExpr, TimeKind, Unit, YearRef};
use dyad_doc::PartialDate;
use dyad_lexicon::time::TimeLexicon;
use regex::{Captures, Regex, RegexSet};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Month names and abbreviations, capitalised as English writes them (a
/// lower-case "may" or "march" is a verb).
const MONTH: &str = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))";
const WEEKDAY: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const DAY: &str = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?";
/// Small counts written as words, for "two weeks ago".
const COUNT: &str = r"(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|a\s+couple\s+of|a\s+couple|few|some|many|\d{1,3})";

/// What a pattern means; each variant knows how to read its captures.
#[derive(Debug, Clone, Copy)]
enum Form {
    Iso,
    MonthDayYear,
    DayMonthYear,
    MonthYear,
    MonthDay,
    DayMonth,
    BareMonth,
    MonthThisYear,
    SeasonYear,
    SeasonRel,
    PartOfYear,
    Decade,
    DecadeShort,
    Year,
    AnchorOffset,
    DayWord,
    AgoLater,
    Recent,
    PreviousOffset,
    Weekday,
}

struct Pattern {
    form: Form,
    /// The pattern as written in [`build_patterns`].
    source: String,
    /// What the gate looks for: the pattern without its optional lead and
    /// tail. Wherever the pattern matches, this matches too (inside that
    /// match: the lead ends in a non-word character and the core starts
    /// with a word one, so `\b` holds where the core starts), and the
    /// gate's automaton is smaller without them.
    gate: String,
    /// Compiled on first use: a text needs it only when the gate says the
    /// pattern occurs, and most corpora use a few of the forms (compiling
    /// a pattern costs as much as scanning a hundred articles with it).
    re: OnceLock<Regex>,
}

impl Pattern {
    fn regex(&self) -> &Regex {
        self.re.get_or_init(|| re(&self.source))
    }
}

/// An era of `eras.tsv`, as the finder needs it.
#[derive(Debug, Clone)]
struct EraEntry {
    start: i32,
    end: i32,
    ongoing: bool,
    /// An earlier era of the same name (first and last year).
    earlier: Option<(i32, i32)>,
    rule: String,
}

/// Finds temporal expressions. Build it once with [`TimeFinder::new`] and
/// call [`TimeFinder::find`] on every text.
pub struct TimeFinder {
    patterns: Vec<Pattern>,
    /// All `patterns` in one automaton: one pass over a text tells which
    /// patterns occur in it at all, so most of them never scan it (a
    /// sentence has one or two time expressions, there are 20 forms).
    gate: Option<RegexSet>,
    /// All era names as one case-insensitive alternation (longest first).
    eras: Option<Regex>,
    /// Normalised era name (lower case, single spaces, no leading "the") →
    /// entry.
    era_by_name: HashMap<String, EraEntry>,
    /// "the 70th anniversary of " — dated by the era or date that follows.
    /// Compiled on first use, like the patterns: few texts have the word.
    anniversary: OnceLock<Regex>,
    /// First words of the quantity units ("troops"): a four-digit number
    /// followed by one counts things and is no year ("2000 troops").
    unit_words: HashSet<String>,
}

impl TimeFinder {
    /// Compiles every pattern; era names come from `eras.tsv`, unit words
    /// (to tell "2000 troops" from a year) from `units.tsv`.
    pub fn new(lex: &dyad_lexicon::time::TimeLexicon) -> Self {
        let patterns = build_patterns();
        // A set that does not build (it always does for the built-in
        // patterns) only costs speed: every pattern then scans every text.
        // The same ASCII form `re` compiles first (the gate's patterns are
        // parts of the patterns).
        let gate = RegexSet::new(patterns.iter().map(|p| ascii(&p.gate))).ok();
        let (eras, era_by_name) = build_eras(lex);
        let unit_words = lex
            .units
            .iter()
            .flat_map(|u| u.forms.iter())
            .filter_map(|f| f.split_whitespace().next())
            .filter(|w| w.chars().all(char::is_alphabetic))
            .map(str::to_lowercase)
            .collect();
        TimeFinder {
            patterns,
            gate,
            eras,
            era_by_name,
            anniversary: OnceLock::new(),
            unit_words,
        }
    }

    /// Every temporal expression of `text`, sorted by start, not overlapping.
    pub fn find(&self, text: &str) -> Vec<TimeExpr> {
        let mut cands: Vec<TimeExpr> = Vec::new();
        for (at, para) in paragraphs(text) {
            self.find_forms(at, para, &mut cands);
        }
        if let Some(eras) = &self.eras {
            for m in eras.find_iter(text) {
                let key = normalise_name(m.as_str());
                if let Some(era) = self.era_by_name.get(&key) {
                    // A named event of one year stays a span of one year:
                    // resolving it checks that the text could know it.
                    let kind = TimeKind::Span {
                        start: era.start,
                        end: era.end,
                        ongoing: era.ongoing,
                        earlier: era.earlier,
                    };
                    cands.push(expr(m.start(), m.end(), kind, era.rule.clone()));
                }
            }
        }
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        self.add_anniversaries(text, &mut cands);
        let mut out: Vec<TimeExpr> = Vec::with_capacity(cands.len());
        for mut c in cands {
            if out.last().is_some_and(|l| c.start < l.end) {
                continue;
            }
            c.since = preceded_by_since(text, c.start);
            out.push(c);
        }
        out
    }

    /// The candidates of the built-in forms in one paragraph `para`, which
    /// starts at byte `at` of the text (their offsets are the text's). The
    /// gate runs per paragraph: a form then scans only the paragraphs it
    /// occurs in, not the whole text (in a news article nearly every form
    /// occurs somewhere, and each then scanned all of it).
    fn find_forms(&self, at: usize, para: &str, cands: &mut Vec<TimeExpr>) {
        let present = self.gate.as_ref().map(|g| g.matches(para));
        for (i, p) in self.patterns.iter().enumerate() {
            if present.as_ref().is_some_and(|m| !m.matched(i)) {
                continue;
            }
            for caps in p.regex().captures_iter(para) {
                if let Some(mut e) = self.build(p.form, &caps, para) {
                    e.start += at;
                    e.end += at;
                    cands.push(e);
                }
            }
        }
    }

    /// "the 70th anniversary of the end of WW2": a dated thing N years on.
    /// The candidate that starts right after "anniversary of" must be a
    /// single-year era or an absolute date.
    fn add_anniversaries(&self, text: &str, cands: &mut Vec<TimeExpr>) {
        // Every match contains the word: no need to scan (or compile) for
        // texts without it.
        if !text.contains(ANNIVERSARY_WORD) {
            return;
        }
        let anniversary = self.anniversary.get_or_init(|| re(ANNIVERSARY));
        let mut extra = Vec::new();
        for caps in anniversary.captures_iter(text) {
            let (Some(whole), Some(n)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let Ok(years) = n.as_str().parse::<i32>() else {
                continue;
            };
            // `cands` is sorted by start: look only at those starting at
            // the end of "anniversary of " or one "the " later.
            let from = cands.partition_point(|c| c.start < whole.end());
            let base = cands.iter().skip(from).take(8).find(|c| {
                (c.start == whole.end()
                    || text
                        .get(whole.end()..c.start)
                        .is_some_and(|g| g.eq_ignore_ascii_case("the ")))
                    && (matches!(c.kind, TimeKind::Absolute(_))
                        || matches!(c.kind, TimeKind::Span { start, end, ongoing: false, .. } if start == end))
            });
            if let Some(b) = base {
                let base_date = match b.kind {
                    TimeKind::Absolute(d) => Some(d),
                    TimeKind::Span {
                        start,
                        end,
                        ongoing: false,
                        ..
                    } if start == end => Some(PartialDate::year(start)),
                    _ => None,
                };
                if let Some(d) = base_date {
                    let date = PartialDate::year(d.year + years);
                    extra.push(expr(
                        whole.start(),
                        b.end,
                        TimeKind::Absolute(date),
                        format!("abs:anniversary+{}", b.rule),
                    ));
                }
            }
        }
        if !extra.is_empty() {
            cands.extend(extra);
            cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        }
    }

    fn build(&self, form: Form, c: &Captures, text: &str) -> Option<TimeExpr> {
        let whole = c.get(0)?;
        let (s, e) = (whole.start(), whole.end());
        let num = |name: &str| -> Option<i64> { c.name(name)?.as_str().parse().ok() };
        let month = || month_number(c.name("m")?.as_str());
        let abs = |d: PartialDate, rule: &str| Some(expr(s, e, TimeKind::Absolute(d), rule.into()));
        let rel =
            |start: usize, r: Rel, rule: String| Some(expr(start, e, TimeKind::Relative(r), rule));
        match form {
            Form::Iso => {
                let d = PartialDate::day(num("y")? as i32, num("mo")? as u8, num("d")? as u8)?;
                abs(d, "abs:iso")
            }
            Form::MonthDayYear | Form::DayMonthYear => {
                let d =
                    PartialDate::day(num("y")? as i32, month()?, u8::try_from(num("d")?).ok()?)?;
                let rule = if matches!(form, Form::MonthDayYear) {
                    "abs:month-day-year"
                } else {
                    "abs:day-month-year"
                };
                abs(d, rule)
            }
            Form::MonthYear => abs(
                PartialDate::month(num("y")? as i32, month()?),
                "abs:month-year",
            ),
            Form::MonthDay | Form::DayMonth => {
                let (m, d) = (month()?, u8::try_from(num("d")?).ok()?);
                // Feb 29 exists in leap years: check against one.
                PartialDate::day(2000, m, d)?;
                let rule = if matches!(form, Form::MonthDay) {
                    "rel:month-day"
                } else {
                    "rel:day-month"
                };
                rel(
                    s,
                    Rel::MonthDay {
                        month: m,
                        day: d,
                        year: YearRef::ByTense,
                    },
                    rule.into(),
                )
            }
            Form::BareMonth | Form::MonthThisYear => {
                let m = month()?;
                let pre = c.name("pre").map(|p| p.as_str().to_lowercase());
                let yr = c.name("yr").map(|p| p.as_str().to_lowercase());
                let (year, name) = match (yr.as_deref(), pre.as_deref()) {
                    (Some("this"), _) => (YearRef::Offset(0), "rel:month-this-year"),
                    (Some("last"), _) => (YearRef::Offset(-1), "rel:month-last-year"),
                    (Some("next"), _) => (YearRef::Offset(1), "rel:month-next-year"),
                    (_, Some("last")) => (YearRef::Last, "rel:last-month-name"),
                    (_, Some("next")) => (YearRef::Next, "rel:next-month-name"),
                    (_, Some("this")) => (YearRef::Offset(0), "rel:this-month-name"),
                    _ => (YearRef::ByTense, "rel:month"),
                };
                // The modifier words belong to the expression; a
                // preposition ("in", "since") does not.
                let start = match (pre.as_deref(), c.name("pre")) {
                    (Some("last" | "next" | "this" | "early" | "late" | "mid"), Some(p)) => {
                        p.start()
                    }
                    _ => c.name("m")?.start(),
                };
                rel(start, Rel::Month { month: m, year }, name.into())
            }
            Form::SeasonYear => {
                let season = season_code(c.name("s")?.as_str())?;
                abs(
                    PartialDate::season(num("y")? as i32, season),
                    "abs:season-year",
                )
            }
            Form::SeasonRel => {
                let season = season_code(c.name("s")?.as_str())?;
                let md = c.name("mod")?;
                let modw = md.as_str().to_lowercase();
                let (year, start) = match modw.as_str() {
                    "last" => (YearRef::Last, md.start()),
                    "next" => (YearRef::Next, md.start()),
                    "this" => (YearRef::Offset(0), md.start()),
                    "early" | "late" => (YearRef::ByTense, md.start()),
                    _ => (YearRef::ByTense, c.name("s")?.start()),
                };
                let name = format!(
                    "rel:{}-season",
                    modw.split_whitespace().next().unwrap_or("in")
                );
                rel(start, Rel::Season { season, year }, name)
            }
            Form::PartOfYear => abs(PartialDate::year(num("y")? as i32), "abs:part-of-year"),
            Form::Decade => abs(PartialDate::decade(num("y")? as i32), "abs:decade"),
            Form::DecadeShort => abs(
                PartialDate::decade(1900 + num("d")? as i32),
                "abs:decade-short",
            ),
            Form::Year => {
                let y = c.name("y")?;
                if !self.plausible_year(text, y.start(), y.end()) {
                    return None;
                }
                abs(PartialDate::year(y.as_str().parse().ok()?), "abs:year")
            }
            Form::AnchorOffset => {
                let w = c.name("w")?.as_str().to_lowercase();
                let unit = unit_of(c.name("u")?.as_str())?;
                let start = c
                    .name("mod")
                    .map(|m| m.start())
                    .unwrap_or_else(|| c.name("w").map_or(s, |w| w.start()));
                let rule = format!("rel:{}-{}", w, unit_name(unit));
                // "over the last year" is a stretch, not the calendar year.
                // It covers the twelve months (or weeks, days) up to the
                // anchor, so it resolves like "recent months".
                if (w == "last" || w == "past") && c.name("mod").is_none() {
                    if let Some(before) = start.checked_sub(4).and_then(|b| text.get(b..start)) {
                        if before.eq_ignore_ascii_case("the ") {
                            let stretch = if unit == Unit::Year {
                                Unit::Month
                            } else {
                                unit
                            };
                            return rel(
                                start - 4,
                                Rel::Recent { unit: stretch },
                                format!("rel:the-{w}-{}", unit_name(unit)),
                            );
                        }
                    }
                }
                let offset = match w.as_str() {
                    "last" | "past" => -1,
                    "next" => 1,
                    _ => 0,
                };
                rel(start, Rel::AnchorOffset { unit, offset }, rule)
            }
            Form::DayWord => {
                let w = whole.as_str().to_lowercase();
                let offset = match w.as_str() {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                };
                rel(
                    s,
                    Rel::AnchorOffset {
                        unit: Unit::Day,
                        offset,
                    },
                    format!("rel:{w}"),
                )
            }
            Form::AgoLater => {
                let count = count_of(c.name("n")?.as_str())?;
                let unit = unit_of(c.name("u")?.as_str())?;
                let dir = c.name("dir")?.as_str().to_lowercase();
                let r = match dir.as_str() {
                    "ago" => Rel::Ago { unit, count },
                    "later" => Rel::FromPrevious {
                        unit,
                        count,
                        sign: 1,
                    },
                    _ => Rel::FromPrevious {
                        unit,
                        count,
                        sign: -1,
                    },
                };
                rel(s, r, format!("rel:{}-{}", unit_name(unit), dir))
            }
            Form::Recent => {
                let unit = unit_of(c.name("u")?.as_str())?;
                let start = c.name("e").map_or(s, |m| m.start());
                rel(
                    start,
                    Rel::Recent { unit },
                    format!("rel:recent-{}s", unit_name(unit)),
                )
            }
            Form::PreviousOffset => {
                let w = c.name("w")?.as_str().to_lowercase();
                let unit = unit_of(c.name("u")?.as_str())?;
                let offset = if w.contains("previous") || w.contains("preceding") {
                    -1
                } else if w.contains("same") || w == "that" {
                    0
                } else {
                    1
                };
                let word = w.split_whitespace().last().unwrap_or("that").to_string();
                rel(
                    s,
                    Rel::PreviousOffset { unit, offset },
                    format!("prev:{word}-{}", unit_name(unit)),
                )
            }
            Form::Weekday => {
                let wd = weekday_number(c.name("wd")?.as_str())?;
                let md = c.name("mod");
                let modw = md.map(|m| m.as_str().to_lowercase()).unwrap_or_default();
                let (year, start) = match modw.as_str() {
                    "last" | "on last" => (YearRef::Last, md.map_or(s, |m| m.start())),
                    "next" | "on next" => (YearRef::Next, md.map_or(s, |m| m.start())),
                    _ => (YearRef::ByTense, c.name("wd")?.start()),
                };
                rel(
                    start,
                    Rel::Weekday { weekday: wd, year },
                    "rel:weekday".into(),
                )
            }
        }
    }

    /// A bare four-digit number is a year unless its surroundings say it is
    /// something else: a part of a bigger number ("1,2015"), money ("$2000"),
    /// a resolution number ("No. 2270"), a percentage or a count of units
    /// ("2000 troops").
    fn plausible_year(&self, text: &str, start: usize, end: usize) -> bool {
        let before = text.get(..start).unwrap_or("");
        let after = text.get(end..).unwrap_or("");
        let mut prev = before.chars().rev();
        match prev.next() {
            Some('$' | '€' | '£' | '#') => return false,
            Some(',' | '.') if prev.next().is_some_and(|c| c.is_ascii_digit()) => return false,
            _ => {}
        }
        let prev_word = before
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if matches!(
            prev_word.as_str(),
            "no."
                | "no"
                | "nos."
                | "number"
                | "resolution"
                | "res."
                | "article"
                | "paragraph"
                | "flight"
        ) {
            return false;
        }
        // "in 2015 troops were sent": after a preposition it is the year.
        let after_preposition = matches!(
            prev_word.as_str(),
            "in" | "since" | "by" | "until" | "of" | "from" | "during" | "before" | "after"
        );
        let mut next = after.chars();
        match next.next() {
            Some('%') => return false,
            Some(',' | '.') if next.next().is_some_and(|c| c.is_ascii_digit()) => return false,
            _ => {}
        }
        let next_word: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        after_preposition || !self.unit_words.contains(&next_word)
    }
}

fn expr(start: usize, end: usize, kind: TimeKind, rule: String) -> TimeExpr {
    TimeExpr {
        start,
        end,
        kind,
        since: false,
        rule,
    }
}

/// Compiles a built-in pattern. The patterns are constants of this file and
/// tested; an invalid one is a programming error caught by every test run.
///
/// Patterns are compiled with Unicode-aware `\b` and `\s` off where they
/// can be (the text's words are English: ASCII classes suffice), which lets
/// the regex engine stay in its fast DFA.
fn re(p: &str) -> Regex {
    if let Ok(r) = Regex::new(&ascii(p)) {
        return r;
    }
    match Regex::new(p) {
        Ok(r) => r,
        Err(e) => panic!("built-in time pattern does not compile: {e}"),
    }
}

/// `p` with Unicode-aware classes off (see [`re`]).
fn ascii(p: &str) -> String {
    format!("(?-u:{p})")
}

/// "the 70th anniversary of ".
const ANNIVERSARY: &str = r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+anniversary\s+of\s+";
/// A literal (case and all) every match of [`ANNIVERSARY`] contains.
const ANNIVERSARY_WORD: &str = "anniversary";

/// The patterns. Each is `\b`, an optional lead, a core and an optional
/// tail; the gate looks for `\b` and the core alone (see [`Pattern`]).
fn build_patterns() -> Vec<Pattern> {
    let m = format!("(?P<m>{MONTH})");
    let weekday = format!(r"(?:{WEEKDAY},?\s+)?");
    let weekday_the = format!(r"{weekday}(?:the\s+)?");
    // (form, lead, core, tail): a lead or tail is empty or one or more
    // groups each followed by `?`, a lead ends in white space or a hyphen
    // and a core starts with a letter or digit.
    let list: Vec<(Form, &str, String, &str)> = vec![
        (Form::Iso, "", r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b".into(), ""),
        (
            Form::MonthDayYear,
            &weekday,
            format!(r"{m}\s+{DAY},?\s+(?P<y>\d{{4}})\b"),
            "",
        ),
        (
            Form::DayMonthYear,
            &weekday_the,
            format!(r"{DAY}\s+(?:of\s+)?{m},?\s+(?P<y>\d{{4}})\b"),
            "",
        ),
        (
            Form::MonthYear,
            r"(?:(?i:early|mid|late)[-\s]+)?",
            format!(r"{m},?\s+(?:of\s+)?(?P<y>\d{{4}})\b"),
            "",
        ),
        (Form::MonthDay, &weekday, format!(r"{m}\s+{DAY}\b"), ""),
        (
            Form::DayMonth,
            &weekday_the,
            format!(r"{DAY}\s+(?:of\s+)?{m}"),
            "",
        ),
        (
            Form::BareMonth,
            "",
            format!(
                r"(?P<pre>(?i:in|by|since|until|till|from|during|through|before|after|around|on|of|early|late|mid|last|next|this|(?:the\s+)?(?:beginning|start|end|middle)\s+of))[-\s]+{m}"
            ),
            r"(?:\s+(?:(?i:of)\s+)?(?P<yr>(?i:this|last|next))\s+year\b)?",
        ),
        (
            Form::MonthThisYear,
            "",
            format!(r"{m}\s+(?:(?i:of)\s+)?(?P<yr>(?i:this|last|next))\s+year\b"),
            "",
        ),
        (
            Form::SeasonYear,
            r"(?:(?i:early|late|mid)[-\s]+)?(?:(?i:the)\s+)?",
            r"(?P<s>(?i:spring|summer|autumn|fall|winter))\s+(?:of\s+)?(?P<y>\d{4})\b".into(),
            "",
        ),
        (
            Form::SeasonRel,
            "",
            r"(?P<mod>(?i:last|this|next|early|late|in\s+the|in|during\s+the|during|by\s+the|by))\s+(?P<s>(?i:spring|summer|autumn|winter)|(?-i:fall))\b".into(),
            "",
        ),
        (
            Form::PartOfYear,
            "",
            r"(?:(?i:early|mid|late)|(?i:(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half|turn)\s+of))[-\s]+(?P<y>\d{4})\b".into(),
            "",
        ),
        (
            Form::Decade,
            r"(?:(?i:the)\s+)?(?:(?i:early|mid|late)[-\s]+)?",
            r"(?P<y>1[5-9]\d0|20\d0)(?:'|’)?s\b".into(),
            "",
        ),
        (Form::DecadeShort, "", r"(?i:the)\s+(?:'|’)?(?P<d>[2-9]0)s\b".into(), ""),
        (Form::Year, "", r"(?P<y>1[6-9]\d\d|20\d\d)\b".into(), ""),
        (
            Form::AnchorOffset,
            r"(?:(?P<mod>(?i:earlier|later|early|late))\s+)?",
            r"(?P<w>(?i:last|this|next|past))\s+(?P<u>(?i:year|month|week))\b".into(),
            "",
        ),
        (Form::DayWord, "", r"(?i:yesterday|today|tomorrow)\b".into(), ""),
        (
            Form::AgoLater,
            "",
            format!(r"(?P<n>{COUNT})\s+(?P<u>(?i:days?|weeks?|months?|years?|decades?))\s+(?P<dir>(?i:ago|earlier|later))\b"),
            "",
        ),
        (
            Form::Recent,
            r"(?:(?i:in|over|during|for|throughout)\s+)?",
            r"(?P<e>(?:(?i:the)\s+)?(?i:recent|past|last|previous)\s+(?:(?i:few|several|couple\s+of|two|three|four|five|six|many)\s+)?(?P<u>(?i:days|weeks|months|years|decades)))\b".into(),
            "",
        ),
        (
            Form::PreviousOffset,
            "",
            r"(?P<w>(?i:the\s+following|the\s+next|the\s+same|the\s+previous|the\s+preceding|the\s+subsequent|that))\s+(?P<u>(?i:day|week|month|year))\b".into(),
            "",
        ),
        (
            Form::Weekday,
            r"(?:(?P<mod>(?i:on\s+last|on\s+next|last|next|this|on))\s+)?",
            format!(r"(?P<wd>{WEEKDAY})\b"),
            "",
        ),
    ];
    list.into_iter()
        .map(|(form, lead, core, tail)| Pattern {
            form,
            source: format!(r"\b{lead}{core}{tail}"),
            gate: format!(r"\b{core}"),
            re: OnceLock::new(),
        })
        .collect()
}

fn build_eras(lex: &TimeLexicon) -> (Option<Regex>, HashMap<String, EraEntry>) {
    let mut by_name = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    for era in &lex.eras {
        for name in &era.names {
            let key = normalise_name(name);
            if key.is_empty() {
                continue;
            }
            let entry = EraEntry {
                start: era.start,
                end: era.end,
                ongoing: era.ongoing,
                earlier: None,
                rule: era.origin.to_string(),
            };
            // A name two rows share ("the Ukraine crisis" of 2014 and the
            // war from 2022): the later is the main meaning, the earlier
            // the one texts written before it mean.
            match by_name.get_mut(&key) {
                None => {
                    by_name.insert(key.clone(), entry);
                }
                Some(old) if entry.start > old.start => {
                    let earlier = Some((old.start, old.end));
                    *old = EraEntry { earlier, ..entry };
                }
                Some(old) => {
                    if old.earlier.is_none_or(|(s, _)| entry.start > s) {
                        old.earlier = Some((entry.start, entry.end));
                    }
                }
            }
            names.push(key);
        }
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    if names.is_empty() {
        return (None, by_name);
    }
    let alts: Vec<String> = names
        .iter()
        .map(|n| {
            n.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    // ASCII word boundaries keep the search in the fast DFA on text with
    // curly quotes (see `re`).
    let pattern = format!(r"(?-u:(?i)\b(?:the\s+)?(?:{})\b)", alts.join("|"));
    // An era name that breaks the pattern (it cannot: every name is
    // escaped) would only disable era matching, never panic.
    (Regex::new(&pattern).ok(), by_name)
}

/// The paragraphs of `text` with their byte offsets: the runs of text
/// between blank lines. No date spans a paragraph break, so finding dates
/// paragraph by paragraph finds the same ones as in the whole text (short of
/// a "March" that ends one paragraph and a "2014" that begins the next).
fn paragraphs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while from < text.len() {
            let rest = text.get(from..)?;
            let (len, skip) = match rest.find("\n\n") {
                Some(i) => (i, 2),
                None => (rest.len(), 0),
            };
            let at = from;
            from += len + skip;
            if len > 0 {
                return Some((at, rest.get(..len)?));
            }
        }
        None
    })
}

/// Lower case, single spaces, without a leading "the".
fn normalise_name(s: &str) -> String {
    let lower = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    lower
        .strip_prefix("the ")
        .map(str::to_string)
        .unwrap_or(lower)
}

fn preceded_by_since(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("").trim_end();
    let tail: String = before
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.to_lowercase();
    tail.ends_with("since")
        && tail
            .strip_suffix("since")
            .is_none_or(|p| p.is_empty() || !p.chars().last().is_some_and(char::is_alphanumeric))
}

/// 1..=12 from a month name or abbreviation ("Sept." → 9).
pub(crate) fn month_number(s: &str) -> Option<u8> {
    let key: String = s.chars().take(3).collect::<String>().to_lowercase();
    let n = match key.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

/// 1 = Monday .. 7 = Sunday.
fn weekday_number(s: &str) -> Option<u8> {
    let key: String = s.chars().take(3).collect::<String>().to_lowercase();
    let n = match key.as_str() {
        "mon" => 1,
        "tue" => 2,
        "wed" => 3,
        "thu" => 4,
        "fri" => 5,
        "sat" => 6,
        "sun" => 7,
        _ => return None,
    };
    Some(n)
}

/// EDTF season codes: 21 spring, 22 summer, 23 autumn, 24 winter.
fn season_code(s: &str) -> Option<u8> {
    match s.to_lowercase().as_str() {
        "spring" => Some(21),
        "summer" => Some(22),
        "autumn" | "fall" => Some(23),
        "winter" => Some(24),
        _ => None,
    }
}

fn unit_of(s: &str) -> Option<Unit> {
    let l = s.to_lowercase();
    let l = l.trim_end_matches('s');
    match l {
        "day" => Some(Unit::Day),
        "week" => Some(Unit::Week),
        "month" => Some(Unit::Month),
        "year" => Some(Unit::Year),
        "decade" => Some(Unit::Decade),
        _ => None,
    }
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Year => "year",
        Unit::Decade => "decade",
    }
}

fn count_of(s: &str) -> Option<Count> {
    let l = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let n = match l.as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "several" | "a few" | "a couple of" | "a couple" | "few" | "some" | "many" => {
            return Some(Count::Vague)
        }
        digits => digits.parse().ok()?,
    };
    Some(Count::Exact(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns compile on first use: check them all here, with the gate.
    #[test]
    fn every_pattern_compiles_as_the_gate_does() {
        let patterns = build_patterns();
        assert!(RegexSet::new(patterns.iter().map(|p| ascii(&p.gate))).is_ok());
        for p in &patterns {
            assert_eq!(p.regex().as_str(), ascii(&p.source));
        }
        assert_eq!(re(ANNIVERSARY).as_str(), ascii(ANNIVERSARY));
    }

    /// Wherever a pattern matches (its optional lead and tail included),
    /// its gate pattern matches.
    #[test]
    fn gate_matches_wherever_its_pattern_does() {
        let texts = [
            "on Tuesday, October 1, 2014 and Tuesday, the 1st of October, 2014",
            "Wednesday, 3 March 2015; early-March, 2016; late June of 2017",
            "Monday, Sept. 4 and Friday, the 5th of May; since the end of May this year",
            "in the late summer of 2015, in the late 1990s and the mid-1980's",
            "later this week, earlier last month, over the past few years",
            "throughout the recent months; on last Monday; next Friday; 2015-03-04",
            "three weeks ago, the following day, the 90s, yesterday, in 1999",
            "by the end of 2014, during the spring, in fall 2019",
        ];
        for p in build_patterns() {
            let (full, gate) = (re(&p.source), re(&p.gate));
            for t in texts {
                assert!(!full.is_match(t) || gate.is_match(t), "{:?} {t:?}", p.form);
            }
        }
    }

    /// The quick test for "anniversary" must not skip a match.
    #[test]
    fn anniversary_word_is_in_every_match() {
        assert!(ANNIVERSARY.contains(&format!(r"\s+{ANNIVERSARY_WORD}\s+")));
        assert!(!ANNIVERSARY.contains("(?i"));
    }

    #[test]
    fn paragraphs_are_the_runs_between_blank_lines_with_their_offsets() {
        let text = "\n\nOne line\nand its next.\n\n\n\nTwo\n\n";
        let got: Vec<(usize, &str)> = paragraphs(text).collect();
        assert_eq!(got, vec![(2, "One line\nand its next."), (28, "Two")]);
        for (at, p) in got {
            assert_eq!(&text[at..at + p.len()], p);
        }
        assert_eq!(paragraphs("").count(), 0);
    }

    /// Finding paragraph by paragraph reports offsets into the whole text.
    #[test]
    fn dates_in_later_paragraphs_carry_offsets_into_the_text() {
        let lex = TimeLexicon::load(&dyad_lexicon::Sources::builtin()).expect("built-in lexicon");
        let finder = TimeFinder::new(&lex);
        let text =
            "Talks began on March 3, 2015.\n\nThey ended in May 2016, after the Korean War talks.";
        let found: Vec<&str> = finder
            .find(text)
            .iter()
            .map(|e| &text[e.start..e.end])
            .collect();
        assert_eq!(found, vec!["March 3, 2015", "May 2016", "the Korean War"]);
    }
}
