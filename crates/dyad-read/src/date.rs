//! Publication dates as bylines and page metadata write them.

use dyad_doc::PartialDate;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// English month names and their usual abbreviations, by month number.
/// The calendar is fixed, so it lives here rather than in the lexicon.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

fn month_number(word: &str) -> Option<u8> {
    let w = word.to_ascii_lowercase();
    MONTHS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

struct Patterns {
    iso: Regex,
    slash_ymd: Regex,
    month_day_year: Regex,
    day_month_year: Regex,
    month_year: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // The patterns are fixed literals; a failure here is a programming error
        // caught by the unit tests, never by user input.
        let re = |s: &str| Regex::new(s).unwrap_or_else(|e| panic!("bad date pattern {s}: {e}"));
        Patterns {
            iso: re(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"),
            slash_ymd: re(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b"),
            month_day_year: re(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"),
            day_month_year: re(
                r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b",
            ),
            month_year: re(r"(?i)\b([a-z]{3,9})\.?,?\s+(\d{4})\b"),
        }
    })
}

fn num<T: std::str::FromStr>(caps: &regex::Captures<'_>, i: usize) -> Option<T> {
    caps.get(i)?.as_str().parse().ok()
}

/// Finds the first date in `s` and the byte range it covers.
pub(crate) fn find_date(s: &str) -> Option<(PartialDate, Range<usize>)> {
    let p = patterns();
    if let Some(c) = p.iso.captures(s) {
        if let Some(d) = PartialDate::day(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?) {
            return Some((d, c.get(0)?.range()));
        }
    }
    if let Some(c) = p.slash_ymd.captures(s) {
        if let Some(d) = PartialDate::day(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?) {
            return Some((d, c.get(0)?.range()));
        }
    }
    for c in p.month_day_year.captures_iter(s) {
        if let Some(m) = c.get(1).and_then(|m| month_number(m.as_str())) {
            if let Some(d) = PartialDate::day(num(&c, 3)?, m, num(&c, 2)?) {
                return Some((d, c.get(0)?.range()));
            }
        }
    }
    for c in p.day_month_year.captures_iter(s) {
        if let Some(m) = c.get(2).and_then(|m| month_number(m.as_str())) {
            if let Some(d) = PartialDate::day(num(&c, 3)?, m, num(&c, 1)?) {
                return Some((d, c.get(0)?.range()));
            }
        }
    }
    for c in p.month_year.captures_iter(s) {
        if let Some(m) = c.get(1).and_then(|m| month_number(m.as_str())) {
            let y: i32 = num(&c, 2)?;
            if (1..=9999).contains(&y) {
                return Some((PartialDate::month(y, m), c.get(0)?.range()));
            }
        }
    }
    None
}

/// Parses a date string as found in bylines and page metadata into a
/// [`PartialDate`]: "February 3, 2015", "March 02, 2016", "Published on Oct
/// 25, 2024", "3 February 2015", "2015-02-03", "2015-02-03T08:00:00Z" and
/// "Feb. 3, 2015" give day precision; "February 2015" gives month precision.
/// Words around the date ("Published on", "Updated:") are ignored. Returns
/// `None` when no date is found or it is impossible (February 30).
/// A date that is no plausible publication date (`0001-01-01` placeholders,
/// [`PartialDate::is_plausible_publication`]) is none.
pub fn parse_date_string(s: &str) -> Option<PartialDate> {
    find_date(s)
        .map(|(d, _)| d)
        .filter(PartialDate::is_plausible_publication)
}

/// Words a dateline may have: the date's own (four at most) and three more.
const MAX_DATELINE_WORDS: usize = 7;

/// True when `line` is essentially just a date: what is left once the date
/// is removed is at most a few words ("Published on", "Updated").
pub(crate) fn is_dateline(line: &str) -> Option<PartialDate> {
    // A date takes at most four words ("25th of October 2024") and three
    // more may stand around it: a longer line is text, and skipping the
    // date search for it keeps reading paragraphs cheap.
    if line.split_whitespace().nth(MAX_DATELINE_WORDS).is_some() {
        return None;
    }
    // Every date pattern needs a four-digit year (`\d{4}`, and `\d` is a
    // subset of `char::is_numeric`): a line without four digits in a row
    // has no date, and the patterns need not look.
    if !has_four_digit_run(line) {
        return None;
    }
    let (d, r) = find_date(line)?;
    if !d.is_plausible_publication() {
        return None;
    }
    let rest_words = line.get(..r.start).unwrap_or("").split_whitespace().count()
        + line.get(r.end..).unwrap_or("").split_whitespace().count();
    (rest_words <= 3).then_some(d)
}

/// True when four numeric characters stand in a row.
fn has_four_digit_run(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        run = if c.is_numeric() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_digit_runs() {
        assert!(has_four_digit_run("Oct 25, 2024"));
        assert!(has_four_digit_run("٢٠٢٤"));
        assert!(!has_four_digit_run("Oct 25, 202"));
        assert!(!has_four_digit_run("12 34 56"));
    }

    #[test]
    fn placeholder_and_ancient_dates_are_no_publication_dates() {
        assert_eq!(parse_date_string("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_date_string("March 3, 1694"), None);
        assert_eq!(is_dateline("Updated 0001-01-01"), None);
        assert_eq!(
            parse_date_string("2019-11-18T10:00:00Z"),
            PartialDate::day(2019, 11, 18)
        );
    }

    #[test]
    fn date_table() {
        let day = |y, m, d| PartialDate::day(y, m, d);
        let cases: &[(&str, Option<PartialDate>)] = &[
            ("February 3, 2015", day(2015, 2, 3)),
            ("March 02, 2016", day(2016, 3, 2)),
            ("Published on Oct 25, 2024", day(2024, 10, 25)),
            ("3 February 2015", day(2015, 2, 3)),
            ("2015-02-03", day(2015, 2, 3)),
            ("2015-02-03T08:00:00Z", day(2015, 2, 3)),
            ("2024-10-25T08:00:00+00:00", day(2024, 10, 25)),
            ("Feb. 3, 2015", day(2015, 2, 3)),
            ("Sept. 12, 2015", day(2015, 9, 12)),
            ("12th of November 2015", day(2015, 11, 12)),
            ("By | March 02, 2016 | No Comments", day(2016, 3, 2)),
            ("February 2015", Some(PartialDate::month(2015, 2))),
            ("February 30, 2015", None),
            ("no date here", None),
            ("", None),
            ("2015", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date_string(s), *want, "{s}");
        }
    }

    #[test]
    fn datelines() {
        assert!(is_dateline("Published on Oct 25, 2024").is_some());
        assert!(is_dateline("February 3, 2015").is_some());
        assert!(
            is_dateline("Kim took over from his father in December 2011 and is blamed").is_none()
        );
    }
}
